package dataplane

import (
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
)

// AWS PrivateLink in the plane (AWS PrivateLink Guide 2021
// endpoint-service-overview.md, endpoint-service.md; Network Load Balancers
// User Guide load-balancer-target-groups.md "Client IP preservation",
// "Proxy protocol"): a consumer reaches an interface endpoint of an endpoint
// service; once the provider accepted the connection (the endpoint is
// available) the endpoint hands the packet to a node of the service's
// Network Load Balancer in the endpoint's Availability Zone
// (VPCE_SERVICE_NOT_INSTALLED_IN_AZ when the service has none there),
// across VPCs and accounts, whatever their CIDR blocks (they may overlap:
// the two sides never route to each other). The targets see the load
// balancer's private address as the source ("the source IP of the AWS
// PrivateLink traffic is always the private IP address of the Network Load
// Balancer"), so client IP preservation has no effect. The response comes
// back the same way.

type epsNode struct {
	m    *model.VpcEndpointService
	nlbs []int32 // the service's Network Load Balancers in the plane
	ok   bool    // available
}

func (p *Plane) epsRef(i int32) Ref {
	return Ref{Type: TypeVpcEndpointService, ID: p.sv.svcs[i].m.ID, meta: &p.sv.svcs[i].m.Meta}
}

// privateLink: interface endpoint vi (interface ei) sends the packet to its
// endpoint service.
func (w *walker) privateLink(vi, ei int32) {
	p := w.p
	n := &p.sv.vpces[vi]
	si := n.svc
	svc := &p.sv.svcs[si]
	hop := w.hop(p.epsRef(si))
	hop.AttachedTo = p.vpceRef(vi)
	if !svc.ok {
		w.drop(hop, BadState, ReasonPLServiceState, DirNone)
		return
	}
	az := p.subnets[p.enis[ei].subnet].m.AvailabilityZone
	li, node := int32(-1), int32(-1)
	for _, l := range svc.nlbs {
		for _, ne := range p.sv.lbs[l].nodes {
			if strings.EqualFold(p.subnets[p.enis[ne].subnet].m.AvailabilityZone, az) {
				li, node = l, ne
				break
			}
		}
		if li >= 0 {
			break
		}
	}
	if li < 0 {
		x := w.drop(hop, VpceServiceNotInstalledInAZ, ReasonPLNotInAZ, DirNone)
		x.AttachedTo = p.eniRef(ei)
		return
	}
	leg := svcLeg{vpce: vi, lb: -1, eni: ei, tg: -1, target: -1, client: w.h.Src, clientPort: w.h.SrcPort, front: w.h.Dst, frontPort: w.h.DstPort}
	if !w.pushLeg(leg) {
		w.drop(hop, NoPath, ReasonLoop, DirNone)
		return
	}
	a := p.enis[node].m.PrimaryIP()
	w.h.Src, w.h.SrcPort, w.h.Dst = a, EphemeralNAT, a
	hop.Out = w.h
	hop.Verdict, hop.Reason, hop.VPC = Translate, ReasonPLService, p.vpcRef(p.sv.lbs[li].vpc)
	w.tgwVPC, w.mbox = -1, false
	if !w.privateLinkInbound(li, node, leg.client) {
		return
	}
	w.lbArrive(li, node, true)
}

// privateLinkInbound applies the inbound rules of Network Load Balancer
// li's security groups, at node interface node, to PrivateLink traffic
// from client, unless the load balancer has none or turned their
// evaluation for PrivateLink traffic off
// (EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic, "on" by default;
// NLB-UG load-balancer-security-groups.md). The rules see the consumer's
// address, which is the client of the connection (not the endpoint's
// interface); rules that reference a security group cannot match it, since
// it is in another VPC.
func (w *walker) privateLinkInbound(li, node int32, client netip.Addr) bool {
	p := w.p
	if p.sv.lbs[li].m.PrivateLinkInboundOff || p.enis[node].sgLen == 0 {
		return true
	}
	saved := w.refsLost
	w.refsLost = refsPrivateLink
	ok := w.sgHop(node, Ingress, client)
	w.refsLost = saved
	return ok
}

// privateLinkReturn: the response of a PrivateLink flow left the load
// balancer; the endpoint service hands it back to the endpoint, which
// sends it to the consumer.
func (w *walker) privateLinkReturn() {
	p := w.p
	n := w.sv.nlegs
	if n == 0 || w.sv.legs[n-1].vpce < 0 {
		hop := w.hop(Ref{})
		w.drop(hop, NoPath, ReasonWrongEndpoint, DirNone)
		return
	}
	l := w.sv.legs[n-1]
	w.sv.nlegs--
	vi := l.vpce
	sh := w.hop(p.epsRef(p.sv.vpces[vi].svc))
	sh.AttachedTo = p.vpceRef(vi)
	sh.Verdict, sh.Reason = Forward, ReasonPLReturn
	eh := w.hop(p.vpceRef(vi))
	eh.AttachedTo, eh.VPC = p.eniRef(l.eni), p.vpcRef(p.sv.vpces[vi].vpc)
	w.h.Src, w.h.SrcPort = l.front, l.frontPort
	w.h.Dst, w.h.DstPort = l.client, l.clientPort
	eh.Out = w.h
	eh.Verdict, eh.Reason = Translate, ReasonPLEndpointReturn
	if p.enis[l.eni].sgLen > 0 && !w.sgHop(l.eni, Egress, w.h.Dst) {
		return
	}
	w.route(p.enis[l.eni].subnet)
}
