package dataplane

import "strings"

func init() {
	forwarders[kindGWLBE] = func(w *walker, idx, from int32, r *Route) {
		if from < 0 && w.p.vgwEdgeTable(r.Table) {
			// VPC-UG VPC_Route_Tables.md "Gateway route tables": "You
			// cannot route traffic from a virtual private gateway to a
			// Gateway Load Balancer endpoint ... traffic that's destined
			// for the endpoint is dropped."
			hop := w.hop(w.p.vpceRef(idx))
			hop.VPC = w.p.vpcRef(w.p.sv.vpces[idx].vpc)
			w.drop(hop, NoPossibleDestination, ReasonGWLBEFromVGW, DirNone)
			return
		}
		w.gwlbEndpoint(idx, from)
	}
}

// vgwEdgeTable reports whether route table id is a virtual private
// gateway's gateway route table.
func (p *Plane) vgwEdgeTable(id string) bool {
	ri, ok := p.rtbByID[id]
	if !ok {
		return false
	}
	for i := range p.hy.vgws {
		if p.hy.vgws[i].edgeRtb == ri {
			return true
		}
	}
	return false
}

// gwlbEndpoint: a route of the VPC whose route table decided last (w.vpc)
// sends the packet to Gateway Load Balancer endpoint vi (gwlb.go).
func (w *walker) gwlbEndpoint(vi, fromSubnet int32) {
	p := w.p
	n := &p.sv.vpces[vi]
	if len(n.enis) == 0 {
		hop := w.hop(p.vpceRef(vi))
		hop.VPC = p.vpcRef(n.vpc)
		w.drop(hop, NoPossibleDestination, ReasonGWLBENoInterface, DirNone)
		return
	}
	ei := n.enis[0]
	si := p.enis[ei].subnet
	if n.vpc == w.vpc && si != fromSubnet && !w.aclHop(si, Ingress) {
		return
	}
	hop := w.hop(p.vpceRef(vi))
	hop.AttachedTo, hop.VPC = p.eniRef(ei), p.vpcRef(n.vpc)
	switch {
	case n.vpc != w.vpc:
		x := w.drop(hop, NoPossibleDestination, ReasonGWLBEOtherVPC, DirNone)
		x.VPC = p.vpcRef(w.vpc)
		return
	case !n.ok:
		w.drop(hop, BadState, ReasonVPCEState, DirNone)
		return
	case w.h.Dst.Is6() && !gwlbEndpointIPv6(n.m):
		w.drop(hop, ProtocolRestriction, ReasonGWLBEIPv4, DirNone)
		return
	case n.svc < 0:
		w.drop(hop, NoPossibleDestination, ReasonGWLBENoService, DirNone)
		return
	}
	hop.Verdict, hop.Reason, hop.Code = Forward, ReasonGWLBEIn, PathThroughGwlbNotChecked

	// The endpoint service: its Gateway Load Balancer node in the
	// endpoint's Availability Zone.
	g := &p.sv.gw
	svc := &p.sv.svcs[n.svc]
	sh := w.hop(p.epsRef(n.svc))
	sh.AttachedTo = p.vpceRef(vi)
	if !svc.ok {
		w.drop(sh, BadState, ReasonGWLBServiceState, DirNone)
		return
	}
	az := p.subnets[si].m.AvailabilityZone
	li, node := int32(-1), int32(-1)
	if int(n.svc) < len(g.svcLBs) {
		for _, l := range g.svcLBs[n.svc] {
			for _, ne := range g.lbs[l].nodes {
				if strings.EqualFold(p.subnets[p.enis[ne].subnet].m.AvailabilityZone, az) {
					li, node = l, ne
					break
				}
			}
			if li >= 0 {
				break
			}
		}
	}
	if li < 0 {
		x := w.drop(sh, VpceServiceNotInstalledInAZ, ReasonGWLBNotInAZ, DirNone)
		x.AttachedTo = p.eniRef(ei)
		return
	}
	sh.Verdict, sh.Reason = Forward, ReasonGWLBService
	lb := &g.lbs[li]

	// The load balancer node and its listener.
	lh := w.hop(p.gwlbRef(li))
	lh.AttachedTo, lh.VPC = p.eniRef(node), p.vpcRef(lb.vpc)
	switch {
	case !lb.ok:
		x := w.drop(lh, BadState, ReasonGWLBState, DirNone)
		x.AttachedTo = p.eniRef(node)
		return
	case !lb.lsn:
		w.drop(lh, Elbv2ListenersMismatch, ReasonGWLBNoListener, DirNone)
		return
	case lb.tg < 0:
		w.drop(lh, Elbv2ListenerRequiresTGAccept, ReasonGWLBNoTargetGroup, DirNone)
		return
	}
	lh.Verdict, lh.Reason = Forward, ReasonGWLBNode

	// The target group: one healthy appliance by the flow hash.
	tg := &p.sv.tgs[lb.tg]
	th := w.hop(p.tgRef(lb.tg))
	th.VPC = p.vpcRef(lb.vpc)
	if len(tg.targets) == 0 {
		w.drop(th, Elbv2ListenerHasNoTG, ReasonGWLBNoTargets, DirNone)
		return
	}
	cross := lb.cross
	if tg.cross != 0 {
		cross = tg.cross > 0
	}
	nodeAZ := p.subnets[p.enis[node].subnet].m.AvailabilityZone
	inAZ, healthy := 0, 0
	for k := range tg.targets {
		if t := &tg.targets[k]; cross || t.az == "all" || strings.EqualFold(t.az, nodeAZ) {
			inAZ++
			if p.healthOf(tg, k) {
				healthy++
			}
		}
	}
	switch {
	case inAZ == 0:
		x := w.drop(th, Elbv2NoTargetsInAZ, ReasonGWLBNoTargetInAZ, DirNone)
		x.AttachedTo = p.eniRef(node)
		return
	case healthy == 0:
		x := w.drop(th, Elbv2NoTargetsInAZ, ReasonGWLBNoHealthy, DirNone)
		x.AttachedTo = p.eniRef(node)
		return
	}
	pick := int(flowHash(&w.h, stickinessTuple(tg.m)) % uint64(healthy))
	var t *tgTarget
	for k := range tg.targets {
		c := &tg.targets[k]
		if (cross || c.az == "all" || strings.EqualFold(c.az, nodeAZ)) && p.healthOf(tg, k) {
			if pick == 0 {
				t = c
				break
			}
			pick--
		}
	}
	th.Verdict, th.Reason = Forward, ReasonGWLBTarget

	// The appliance: a bump in the wire.
	a, b := p.endpointRef(t.eni)
	ah := w.hop(a)
	ah.AttachedTo, ah.VPC = b, p.vpcRef(p.enis[t.eni].vpc)
	ah.Verdict, ah.Reason = Forward, ReasonGWLBAppliance

	// Back through the node to the same endpoint, which hands the packet
	// to its subnet's route table. Past an appliance, security group
	// references no longer match (VPC-UG route-table-options.md "Security
	// groups").
	bh := w.hop(p.gwlbRef(li))
	bh.AttachedTo, bh.VPC = p.eniRef(node), p.vpcRef(lb.vpc)
	bh.Verdict, bh.Reason = Forward, ReasonGWLBBack
	eh := w.hop(p.vpceRef(vi))
	eh.AttachedTo, eh.VPC = p.eniRef(ei), p.vpcRef(n.vpc)
	eh.Verdict, eh.Reason = Forward, ReasonGWLBEOut
	w.mbox = true
	w.route(si)
}
