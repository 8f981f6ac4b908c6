package flowlog

import (
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
)

// obs is one crossing of a network interface by one direction of a flow:
// where AWS writes a record.
type obs struct {
	eni    int32 // index into the engine's covered interfaces
	dir    Direction
	action Action
	hdr    dataplane.Header // the packet as it crosses the interface
	path   int32            // traffic-path (egress), or NoValue
	reply  bool
	// bpa: VPC Block Public Access refused the packet (reject-reason BPA).
	bpa bool
}

// walkState turns the hops of one direction of a trace into observations.
type walkState struct {
	e   *engine
	out []obs

	egress    int32 // interface whose egress is being decided, or -1
	egressHdr dataplane.Header
	egressSet bool

	lastRoute *dataplane.Route
	aclDrop   *dataplane.Hop // an inbound network ACL refused the packet
	ingressed []int32        // interfaces already recorded ingressing (few)
	reply     bool
	notLogged bool
	tgw       tgwWalk // transit gateway flow logs (tgwlog.go)
	// lbNode is the covered interface of the load balancer node the
	// packet last reached, or -1.
	lbNode int32
}

// eniOf returns the covered interface a hop names, or -1.
func (e *engine) eniOf(r dataplane.Ref) int32 {
	if r.Type == dataplane.TypeNetworkInterface {
		if i, ok := e.eniIdx[r.ID]; ok {
			return i
		}
	}
	return -1
}

// hopENI is the interface of a hop on an instance, interface, security
// group or NAT gateway.
func hopENI(h *dataplane.Hop) dataplane.Ref {
	if h.Component.Type == dataplane.TypeNetworkInterface {
		return h.Component
	}
	if h.AttachedTo.Type == dataplane.TypeNetworkInterface {
		return h.AttachedTo
	}
	return dataplane.Ref{}
}

func (s *walkState) closeEgress(a Action, path int32) {
	s.closeEgressWhy(a, path, false)
}

// closeEgressWhy closes the open egress; bpa marks a REJECT by VPC Block
// Public Access.
func (s *walkState) closeEgressWhy(a Action, path int32, bpa bool) {
	if !s.egressSet {
		return
	}
	if s.egress >= 0 {
		s.out = append(s.out, obs{eni: s.egress, dir: Egress, action: a, hdr: s.egressHdr, path: path, reply: s.reply, bpa: bpa})
	}
	s.egressSet = false
}

// bpaDrop reports whether hop h is an internet gateway or egress-only
// internet gateway where VPC Block Public Access dropped the packet in
// direction dir.
func bpaDrop(h *dataplane.Hop, dir dataplane.Direction) bool {
	return h.Verdict == dataplane.Drop && h.Code == dataplane.VpcBlockPublicAccessEnabled && h.Direction == dir &&
		(h.Component.Type == dataplane.TypeInternetGateway || h.Component.Type == dataplane.TypeEgressOnlyInternetGateway)
}

func (s *walkState) openEgress(eni int32, h dataplane.Header) {
	s.egress, s.egressHdr, s.egressSet = eni, h, true
}

func (s *walkState) ingress(eni int32, a Action, h dataplane.Header) {
	s.ingressWhy(eni, a, h, false)
}

// ingressWhy records an ingress; bpa marks a REJECT by VPC Block Public
// Access.
func (s *walkState) ingressWhy(eni int32, a Action, h dataplane.Header, bpa bool) {
	if eni < 0 || slices.Contains(s.ingressed, eni) {
		return
	}
	s.ingressed = append(s.ingressed, eni)
	s.out = append(s.out, obs{eni: eni, dir: Ingress, action: a, hdr: h, path: NoValue, reply: s.reply, bpa: bpa})
}

// walk reads one direction's hops.
func (s *walkState) walk(hops []dataplane.Hop) {
	if len(hops) == 0 {
		return
	}
	cur := hops[0].In
	for i := range hops {
		h := &hops[i]
		switch h.Component.Type {
		case dataplane.TypeAmazonDNS, dataplane.TypeVPCRouter:
			// Traffic to the Amazon DNS server and the VPC router is not
			// logged (VPC-UG flow-logs.md "Flow log limitations").
			s.notLogged = true
			return
		case dataplane.TypeInstance, dataplane.TypeNetworkInterface, dataplane.TypeNatGateway:
			eniRef := hopENI(h)
			eni := s.e.eniOf(eniRef)
			switch {
			case h.Reason == dataplane.ReasonSource:
				s.openEgress(eni, cur)
				if h.Out.Dst.IsValid() {
					s.egressHdr = h.Out
				}
			case h.Component.Type == dataplane.TypeNatGateway:
				if h.Verdict == dataplane.Drop {
					break
				}
				// The NAT gateway's interface receives the packet as sent
				// and sends it translated (flow-logs-records-examples.md
				// "NAT gateway").
				s.ingress(eni, ActionAccept, cur)
				if h.Out.Dst.IsValid() {
					s.openEgress(eni, h.Out)
				} else {
					s.openEgress(eni, cur)
				}
			case h.Verdict == dataplane.Deliver:
				s.ingress(eni, ActionAccept, cur)
			case h.Reason == dataplane.ReasonSourceDestCheck && h.Verdict != dataplane.Drop:
				// A middlebox forwards: it received the packet (its
				// security group hop recorded that) and sends it on.
				s.ingress(eni, ActionAccept, cur)
				s.openEgress(eni, cur)
			}
		case dataplane.TypeSecurityGroup:
			eni := s.e.eniOf(hopENI(h))
			if h.Direction == dataplane.Egress {
				if !s.egressSet {
					s.openEgress(eni, cur)
				}
				if h.Verdict == dataplane.Drop {
					s.closeEgress(ActionReject, NoValue)
				}
			} else {
				s.aclDrop = nil
				if h.Verdict == dataplane.Drop {
					s.ingress(eni, ActionReject, cur)
				} else {
					s.ingress(eni, ActionAccept, cur)
				}
			}
		case dataplane.TypeNetworkACL:
			if h.Direction == dataplane.Egress {
				if h.Verdict == dataplane.Drop {
					s.closeEgress(ActionReject, NoValue)
				}
			} else if h.Verdict == dataplane.Drop {
				s.aclDrop = h
			}
		case dataplane.TypeLoadBalancer, dataplane.TypeTargetGroup:
			if h.Reason.BeyondAnalyzer() {
				// A Gateway Load Balancer behind an endpoint: vpcsim
				// records nothing at its node or at the appliance (the
				// GENEVE leg is not modelled packet by packet, and AWS
				// does not document what those interfaces' flow logs show).
				break
			}
			s.loadBalancer(hops, i, cur)
		case dataplane.TypeTransitGatewayAttachment:
			s.tgwAttachment(h, cur)
			s.tgwObserve(h, cur)
		case dataplane.TypeTransitGateway, dataplane.TypeTransitGatewayRouteTable:
			s.closeEgress(ActionAccept, NoValue)
			s.tgwDrop(h)
		case dataplane.TypeRouteTable:
			s.lastRoute = h.Route
			if i+1 < len(hops) && bpaDrop(&hops[i+1], dataplane.Egress) {
				// VPC Block Public Access refuses the packet at the
				// gateway the route leads to: the sending interface records
				// a REJECT whose reject-reason is BPA (VPC-UG flow-logs.md
				// "reject-reason"; security-vpc-bpa.html). The route was
				// chosen, so traffic-path keeps its value (unverified).
				s.closeEgressWhy(ActionReject, s.e.trafficPath(s.egress, h.Route), true)
				break
			}
			s.closeEgress(ActionAccept, s.e.trafficPath(s.egress, h.Route))
		case dataplane.TypeInternetGateway:
			s.closeEgress(ActionAccept, NoValue)
			if bpaDrop(h, dataplane.Ingress) {
				// Internet traffic refused by VPC Block Public Access on its
				// way in: the interface it was addressed to records a REJECT
				// with reject-reason BPA, addressed to its private address
				// as the gateway would have translated it.
				if eni, hdr := s.e.bpaTarget(h, cur); eni >= 0 {
					s.ingressWhy(eni, ActionReject, hdr, true)
				}
			}
		case dataplane.TypeSubnet:
			if h.Reason == dataplane.ReasonSameSubnet && s.egressSet && s.egress >= 0 {
				// Delivered inside the subnet, without a route table:
				// still "another resource in the same VPC" (traffic-path 1).
				s.closeEgress(ActionAccept, PathSameVPC)
			} else {
				s.closeEgress(ActionAccept, NoValue)
			}
		default:
			s.closeEgress(ActionAccept, NoValue)
		}
		if h.Verdict != dataplane.Drop && h.Out.Dst.IsValid() {
			cur = h.Out
		}
	}
	s.closeEgress(ActionAccept, NoValue)
	if s.aclDrop != nil {
		// An inbound network ACL refused the packet: the interface it was
		// going to records a REJECT.
		if eni := s.e.aclTarget(s.aclDrop, s.lastRoute, cur); eni >= 0 {
			s.ingress(eni, ActionReject, cur)
		}
	}
}

// loadBalancer records a load balancer node's interface (the hop's
// AttachedTo, one per load balancer subnet): the node receives the packet
// (ingress) and sends it on translated (egress: to the target after the
// target group hop, or back to the client after the node's translate
// hop). NLB-UG load-balancer-monitoring.md: flow logs capture "the
// traffic going to and from your Network Load Balancer" on those
// interfaces. Traffic between an endpoint network interface and a Network
// Load Balancer network interface is not logged (VPC-UG flow-logs.md,
// "Flow log limitations"): the node's side of PrivateLink traffic records
// nothing. An Application Load Balancer's security group hops already
// record its interface; the ingressed list keeps one ingress per
// interface and an egress opened there is kept.
func (s *walkState) loadBalancer(hops []dataplane.Hop, i int, cur dataplane.Header) {
	h := &hops[i]
	if h.Verdict == dataplane.Drop {
		return
	}
	node := s.lbNode
	if h.Component.Type == dataplane.TypeLoadBalancer {
		node = s.e.eniOf(h.AttachedTo)
		s.lbNode = node
		if i == 0 || hops[i-1].Component.Type != dataplane.TypeVpcEndpointService {
			s.ingress(node, ActionAccept, cur)
		}
	}
	if h.Verdict != dataplane.Translate || node < 0 {
		return
	}
	if i+1 < len(hops) && hops[i+1].Component.Type == dataplane.TypeVpcEndpointService {
		return
	}
	s.closeEgress(ActionAccept, NoValue)
	s.openEgress(node, h.Out)
}

// aclTarget finds the covered interface a packet refused by an inbound
// network ACL was going to: the route's target, else the interface that
// holds the destination address in the subnet's VPC.
func (e *engine) aclTarget(h *dataplane.Hop, r *dataplane.Route, cur dataplane.Header) int32 {
	if r != nil {
		switch r.Target {
		case model.TargetNAT:
			if g, ok := e.w.NatGateways.Get(r.TargetID); ok {
				return e.eniIdxOf(g.NetworkInterfaceID)
			}
		case model.TargetENI:
			return e.eniIdxOf(r.TargetID)
		case model.TargetTGW:
			// The attachment subnet's inbound rules refused the packet on
			// its way to the transit gateway's interface in that subnet.
			return e.tgwENIIn(h.AttachedTo.ID, r.TargetID)
		case model.TargetInstance:
			id := r.InstanceID
			if id == "" {
				id = r.TargetID
			}
			if in, ok := e.w.Instances.Get(id); ok {
				return e.eniIdxOf(in.PrimaryENI)
			}
		}
	}
	vpc := ""
	if s, ok := e.w.Subnets.Get(h.AttachedTo.ID); ok {
		vpc = s.VpcID
	}
	if i, ok := e.byAddr[vpcAddr{vpc, cur.Dst}]; ok {
		return i
	}
	return -1
}

// bpaTarget finds the covered interface an internet packet refused by
// VPC Block Public Access at gateway hop h was addressed to (by its
// public IPv4 address, or its IPv6 address in the gateway's VPC), and the
// packet as that interface would have received it.
func (e *engine) bpaTarget(h *dataplane.Hop, cur dataplane.Header) (int32, dataplane.Header) {
	if cur.Dst.Is4() {
		if x, ok := e.byPublic[cur.Dst]; ok {
			cur.Dst = x.private
			return x.eni, cur
		}
		return -1, cur
	}
	if i, ok := e.byAddr[vpcAddr{h.VPC.ID, cur.Dst}]; ok {
		return i, cur
	}
	return -1, cur
}

func (e *engine) eniIdxOf(id string) int32 {
	if i, ok := e.eniIdx[id]; ok {
		return i
	}
	return -1
}

// trafficPath is the traffic-path value of an egress record leaving by
// route r (VPC-UG flow-logs.md "traffic-path").
func (e *engine) trafficPath(eni int32, r *dataplane.Route) int32 {
	if r == nil || eni < 0 {
		return NoValue
	}
	switch r.Target {
	case model.TargetLocal, model.TargetNAT, model.TargetENI, model.TargetInstance, model.TargetTGW:
		// A transit gateway is reached through its attachment's network
		// interface in the VPC: "through another resource in the same VPC,
		// including resources that create a network interface in the VPC".
		return PathSameVPC
	case model.TargetIGW, model.TargetEIGW:
		if e.enis[eni].nitro {
			return PathInternetGWNitro
		}
		return PathIGWOrGatewayVPCE
	case model.TargetVPCEndpoint:
		if v, ok := e.w.VpcEndpoints.Get(r.TargetID); ok && v.Type == model.EndpointTypeGatewayLoadBalancer {
			// A Gateway Load Balancer endpoint is a resource with a
			// network interface in the VPC.
			return PathSameVPC
		}
		if e.enis[eni].nitro {
			return PathGatewayVPCENitro
		}
		return PathIGWOrGatewayVPCE
	case model.TargetVGW:
		return PathVGW
	case model.TargetPeering:
		return PathIntraRegionPeer
	}
	return NoValue
}

// ownAddr is the address a record shows for the interface's own side:
// its IPv6 address when the packet uses one of them, else its primary
// private IPv4 address (VPC-UG flow-logs.md "Flow log limitations").
func (in *eniInfo) ownAddr(a netip.Addr) netip.Addr {
	if a.Is6() {
		for _, x := range in.v6 {
			if x == a {
				return a
			}
		}
	}
	if in.primary4.IsValid() {
		return in.primary4
	}
	return a
}
