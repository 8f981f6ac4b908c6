package dataplane

import (
	"fmt"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VPC endpoints in the plane (AWS PrivateLink Guide 2021, vpce-gateway.md,
// vpce-interface.md, vpc-endpoints-s3.md, vpc-endpoints-ddb.md;
// aws-semantics.md §4.8).
//
// A gateway endpoint (S3, DynamoDB) is the target of the prefix-list route
// AWS adds to each of its route tables (kindVPCE). Traffic that the route
// table of a subnet of the endpoint's VPC sends there reaches the service
// when it comes from inside the VPC: "Endpoint connections cannot be
// extended out of a VPC" (vpce-gateway.md "Gateway endpoint limitations"),
// so traffic a transit gateway, a VPN or a middlebox brings in with a
// source outside the VPC's CIDR blocks cannot use it (a peered VPC's
// traffic to the service's addresses is already refused by the peering
// connection, PCX_REQUIRES_ADDRESS_IN_VPC_CIDR). It carries TCP and ICMP
// echo only (VPCE_GATEWAY_PROTOCOL_RESTRICTION) and IPv4 only. The
// response comes back from the endpoint into the VPC.
//
// An interface endpoint is one requester-managed network interface per
// subnet; its security groups and its subnet's network ACL apply like any
// interface's, so it is reachable over peering, a transit gateway or a VPN.
// Arriving there, the packet reaches the AWS service (an endpoint without
// an endpoint service), or goes on to the endpoint service's Network Load
// Balancer (privatelink.go) once the connection is accepted (state
// available). It carries TCP only (vpce-interface.md "Interface endpoint
// properties and limitations"), and it never initiates connections
// (VPCE_INTRA_VPC_TRAFFIC).

// svcPlane holds the compiled endpoints, endpoint services and load
// balancers.
type svcPlane struct {
	vpces    []vpceNode
	vpceByID map[string]int32
	svcs     []epsNode
	svcByID  map[string]int32
	lbs      []lbNode
	lbByARN  map[string]int32
	tgs      []tgNode
	tgByARN  map[string]int32
	// owners: eniNode.owner-1 indexes this: the endpoint or load balancer
	// an interface belongs to.
	owners []eniOwner
	// gw holds the Gateway Load Balancers (gwlb.go).
	gw gwlbPlane
}

// eniOwner is the service an interface belongs to: an interface endpoint
// (vpce >= 0) or a load balancer node (lb >= 0).
type eniOwner struct {
	vpce, lb int32
}

type vpceNode struct {
	m    *model.VpcEndpoint
	vpc  int32
	svc  int32 // the PrivateLink endpoint service, or -1 (an AWS service)
	ok   bool  // available
	enis []int32
}

// compileServices compiles endpoints, endpoint services and load
// balancers; interfaces are compiled, route tables are not yet.
func (p *Plane) compileServices(w *store.World) {
	s := &p.sv
	p.compileLoadBalancers(w)
	ends := store.VpcEndpointKind.In(w)
	svcs := store.VpcEndpointServiceKind.In(w)
	s.svcByID = make(map[string]int32, svcs.Len())
	s.svcs = make([]epsNode, 0, svcs.Len())
	svcs.All(func(m *model.VpcEndpointService) bool {
		n := epsNode{m: m, ok: m.State == "" || strings.EqualFold(m.State, "available")}
		for _, arn := range m.NetworkLoadBalancerArns {
			if li, ok := s.lbByARN[arn]; ok {
				n.nlbs = append(n.nlbs, li)
			}
		}
		s.svcByID[m.ID] = int32(len(s.svcs))
		s.svcs = append(s.svcs, n)
		return true
	})
	s.vpceByID = make(map[string]int32, ends.Len())
	s.vpces = make([]vpceNode, 0, ends.Len())
	ends.All(func(m *model.VpcEndpoint) bool {
		n := vpceNode{m: m, vpc: p.vpcIndex(m.VpcID), svc: -1, ok: m.State == model.EndpointAvailable || m.State == ""}
		if si, ok := s.svcByID[m.ServiceID]; ok && m.ServiceID != "" {
			n.svc = si
		}
		vi := int32(len(s.vpces))
		if m.Type == model.EndpointTypeInterface {
			for _, id := range m.NetworkInterfaceIDs {
				if ei, ok := p.eniByID[id]; ok {
					n.enis = append(n.enis, ei)
					s.owners = append(s.owners, eniOwner{vpce: vi, lb: -1})
					p.enis[ei].owner = int32(len(s.owners))
				}
			}
		}
		if m.Type == model.EndpointTypeGatewayLoadBalancer {
			// Its interface is where the routes send traffic (gwlb.go);
			// it has no owner: nothing is addressed to it.
			for _, id := range m.NetworkInterfaceIDs {
				if ei, ok := p.eniByID[id]; ok {
					n.enis = append(n.enis, ei)
				}
			}
		}
		s.vpceByID[m.ID] = vi
		s.vpces = append(s.vpces, n)
		return true
	})
	p.compileGWLB(w)
}

// vpceTarget resolves a route to a VPC endpoint from VPC vi: active when
// the endpoint exists and is available (control.EndpointRouteActive). A
// gateway endpoint and a Gateway Load Balancer endpoint (gwlb.go; one in
// another VPC drops when traced) are nodes of the plane.
func (p *Plane) vpceTarget(vi int32, id string) (nodeRef, RouteState) {
	i, ok := p.sv.vpceByID[id]
	if !ok || !p.sv.vpces[i].ok {
		return nodeRef{kindVPCE, -1}, RouteBlackhole
	}
	if p.sv.vpces[i].m.Type == model.EndpointTypeGatewayLoadBalancer {
		return nodeRef{kindGWLBE, i}, RouteActive
	}
	if n := &p.sv.vpces[i]; n.m.Type != model.EndpointTypeGateway || n.vpc != vi {
		return nodeRef{kindUnmodeled, -1}, RouteActive
	}
	return nodeRef{kindVPCE, i}, RouteActive
}

func (p *Plane) vpceRef(i int32) Ref {
	return Ref{Type: TypeVpcEndpoint, ID: p.sv.vpces[i].m.ID, meta: &p.sv.vpces[i].m.Meta}
}

// owner returns the service interface ei belongs to, if any.
func (p *Plane) owner(ei int32) (eniOwner, bool) {
	if ei < 0 || p.enis[ei].owner == 0 {
		return eniOwner{-1, -1}, false
	}
	return p.sv.owners[p.enis[ei].owner-1], true
}

// gatewayEndpoint: a route table sends the packet to gateway endpoint gi.
func (w *walker) gatewayEndpoint(gi int32) {
	p := w.p
	n := &p.sv.vpces[gi]
	hop := w.hop(p.vpceRef(gi))
	hop.VPC = p.vpcRef(n.vpc)
	switch {
	case !inAny(p.vpcs[n.vpc].cidrs, w.h.Src):
		x := w.drop(hop, NoPath, ReasonVPCEGatewayOutside, DirNone)
		x.Address, x.PacketField = w.h.Src, "source-address"
		return
	case w.h.Proto != ProtoTCP && !(w.h.Proto == ProtoICMP && w.h.IcmpType == 8):
		w.drop(hop, VpceGatewayProtocolRestriction, ReasonVPCEGatewayProtocol, DirNone)
		return
	}
	hop.Verdict, hop.Reason = Deliver, ReasonVPCEGateway
	w.end = endService
	w.sv.gw = gi
}

// gatewayEndpointReply: the service answers through gateway endpoint
// w.sv.gw, into its VPC.
func (w *walker) gatewayEndpointReply() {
	p := w.p
	gi := w.sv.gw
	hop := w.hop(p.vpceRef(gi))
	hop.VPC = p.vpcRef(p.sv.vpces[gi].vpc)
	hop.Verdict, hop.Reason, hop.Out = Forward, ReasonVPCEGatewayReply, w.h
	w.deliverLocal(p.sv.vpces[gi].vpc, -1)
}

// interfaceEndpoint: a packet for its own address reached interface ei of
// interface endpoint vi (its security groups admitted it).
func (w *walker) interfaceEndpoint(vi, ei int32) {
	p := w.p
	n := &p.sv.vpces[vi]
	hop := w.hop(p.vpceRef(vi))
	hop.AttachedTo, hop.VPC = p.eniRef(ei), p.vpcRef(n.vpc)
	switch {
	case !n.ok:
		x := w.drop(hop, BadState, ReasonVPCEState, DirNone)
		x.AttachedTo = p.eniRef(ei)
		return
	case w.h.Proto != ProtoTCP:
		w.drop(hop, ProtocolRestriction, ReasonVPCEInterfaceTCP, DirNone)
		return
	}
	if n.svc < 0 {
		hop.Verdict, hop.Reason = Deliver, ReasonVPCEInterface
		w.end, w.endENI = endENI, ei
		w.via = p.enis[ei].owner
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonVPCEPrivateLink
	w.privateLink(vi, ei)
}

// endpointSourceBlocked reports (and records) that interface ei, an
// interface endpoint's, cannot initiate a connection (aws-semantics.md
// §4.8: the endpoint only answers traffic initiated towards it).
func (w *walker) endpointSourceBlocked(ei int32, hop *Hop) bool {
	o, ok := w.p.owner(ei)
	if !ok || o.vpce < 0 {
		return false
	}
	code := NoPath
	if inAny(w.p.vpcs[w.p.enis[ei].vpc].cidrs, w.h.Dst) {
		code = VpceIntraVpcTraffic
	}
	hop.Component, hop.AttachedTo = w.p.vpceRef(o.vpce), w.p.eniRef(ei)
	w.drop(hop, code, ReasonVPCEInitiates, DirNone)
	return true
}

// vpceEndpoint resolves a vpce- id as a trace endpoint: an interface
// endpoint's first interface (a gateway endpoint has no address of its
// own: it is reached by an address of its service's prefix list).
func (p *Plane) vpceEndpoint(ep endpoint, id, side string) (endpoint, error) {
	i, ok := p.sv.vpceByID[id]
	if !ok {
		return ep, fmt.Errorf("%w: %s VPC endpoint %s", ErrUnknownID, side, id)
	}
	n := &p.sv.vpces[i]
	if len(n.enis) == 0 {
		return ep, fmt.Errorf("%w: %s %s is a gateway endpoint, which has no address: name an address of its service's prefix list", ErrUnassigned, side, id)
	}
	ep.kind, ep.eni = endENI, n.enis[0]
	return ep, nil
}
