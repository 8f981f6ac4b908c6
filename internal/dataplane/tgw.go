package dataplane

import (
	"net/netip"

	"github.com/gaissmai/bart"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Transit gateways as routers (Transit Gateway Guide
// how-transit-gateways-work.md, tgw-route-tables.md, tgw-nacls.md,
// tgw-vpc-attachments.md, tgw-peering.md). A VPC route to a transit
// gateway enters it through the VPC attachment's network interface in the
// source subnet's Availability Zone (TGW_ROUTE_AZ_RESTRICTION when the
// attachment has no subnet there); the route table associated with the
// ingress attachment routes the packet (longest prefix, then static before
// prefix-list before propagated routes for one prefix; blackhole routes
// drop); the egress attachment's interface in the ingress Availability Zone
// takes it out (another zone's when the attachment has none there; with
// appliance mode, one zone chosen by a symmetric hash of the flow, so both
// directions cross the same appliance); the attachment subnet's route table
// and network ACL apply inside the destination VPC. A peering attachment
// hands the packet to the peer transit gateway, which routes it by its own
// association of the attachment.

// TGW route priorities for one prefix (tgw-route-tables.md "Route
// evaluation order"): static, prefix list, then propagated routes by
// attachment type from tgwPrioVPC on (model.TGWPropagatedRank: VPC,
// Direct Connect gateway, Connect, VPN).
const (
	tgwPrioStatic uint8 = iota
	tgwPrioPrefixList
	tgwPrioVPC
)

// TGWRoute is one compiled route of a transit gateway route table: a
// static route to an attachment, a blackhole route, or a route propagated
// by an attachment.
type TGWRoute struct {
	Table        string       `json:"transitGatewayRouteTableId"`
	Destination  netip.Prefix `json:"destinationCidr,omitzero"`
	PrefixListID string       `json:"prefixListId,omitempty"`
	AttachmentID string       `json:"attachmentId,omitempty"`
	ResourceType string       `json:"resourceType,omitempty"`
	ResourceID   string       `json:"resourceId,omitempty"`
	// Type is static or propagated (EC2 TransitGatewayRouteType).
	Type string `json:"type"`
	// Blackhole is set for a blackhole route; State is blackhole too when
	// the route's attachment is gone or not available.
	Blackhole bool       `json:"blackhole,omitempty"`
	State     RouteState `json:"state"`
	// ECMP lists the attachments of an equal-cost VPN route, the route's
	// own first (vpn_ecmp.go).
	ECMP []string `json:"ecmpAttachmentIds,omitempty"`

	att  int32
	prio uint8
	ecmp []int32 // the other equal-cost attachments
}

func (r *TGWRoute) String() string {
	dst := r.PrefixListID
	if dst == "" {
		dst = r.Destination.String()
	}
	s := dst + " -> "
	if r.Blackhole {
		return s + "blackhole"
	}
	s += r.AttachmentID
	for _, e := range r.ECMP[min(1, len(r.ECMP)):] {
		s += ", " + e // equal-cost VPN attachments (vpn_ecmp.go)
	}
	if r.Type == "propagated" {
		s += " (propagated)"
	}
	if r.State == RouteBlackhole {
		s += " (blackhole)"
	}
	return s
}

type tgwNode struct {
	m     *model.TransitGateway
	ok    bool // available
	sgRef bool // SecurityGroupReferencingSupport
}

// attENI is a VPC attachment's interface in one subnet (one per zone).
type attENI struct {
	subnet int32
	eni    int32 // -1 when the interface object is not in the world
	id     string
	az     string
}

type tgwAttNode struct {
	m       *model.TransitGatewayAttachment
	tgw     int32 // the (requester) transit gateway
	peerTGW int32 // peering attachments: the accepter transit gateway
	vpc     int32 // VPC attachments
	ok      bool  // available
	rtb     int32 // route table associated on tgw, or -1
	peerRtb int32 // peering attachments: route table associated on peerTGW, or -1
	enis    []attENI
	// VPC attachment options.
	appliance, ipv6, sgRef bool
}

type tgwRtbNode struct {
	m      *model.TransitGatewayRouteTable
	tgw    int32
	routes []TGWRoute
	lpm    *bart.Table[int32]
}

func enabled(s string) bool { return s == "enable" }

func tgwAvailable(s string) bool { return s == model.TGWAvailable || s == "" }

func (p *Plane) compileTGW(w *store.World) {
	p.tgws = make([]tgwNode, 0, w.TransitGateways.Len())
	p.tgwByID = make(map[string]int32, w.TransitGateways.Len())
	w.TransitGateways.All(func(g *model.TransitGateway) bool {
		p.tgwByID[g.ID] = int32(len(p.tgws))
		p.tgws = append(p.tgws, tgwNode{m: g, ok: g.State == model.TGWAvailable, sgRef: enabled(g.Options.SecurityGroupReferencingSupport)})
		return true
	})
	p.tgwRtbs = make([]tgwRtbNode, 0, w.TGWRouteTables.Len())
	p.tgwRtbByID = make(map[string]int32, w.TGWRouteTables.Len())
	w.TGWRouteTables.All(func(rt *model.TransitGatewayRouteTable) bool {
		ti, ok := p.tgwByID[rt.TransitGatewayID]
		if !ok {
			return true
		}
		p.tgwRtbByID[rt.ID] = int32(len(p.tgwRtbs))
		p.tgwRtbs = append(p.tgwRtbs, tgwRtbNode{m: rt, tgw: ti})
		return true
	})
	assoc := func(a *model.TGWAssociation, ti int32) int32 {
		if a == nil || a.State == "disassociating" {
			return -1
		}
		if ri, ok := p.tgwRtbByID[a.RouteTableID]; ok && p.tgwRtbs[ri].tgw == ti {
			return ri
		}
		return -1
	}
	p.tgwAtts = make([]tgwAttNode, 0, w.TGWAttachments.Len())
	p.tgwAttByID = make(map[string]int32, w.TGWAttachments.Len())
	p.vpcAtt = make(map[[2]int32]int32, w.TGWAttachments.Len())
	w.TGWAttachments.All(func(a *model.TransitGatewayAttachment) bool {
		ti, ok := p.tgwByID[a.TransitGatewayID]
		if !ok {
			return true
		}
		n := tgwAttNode{m: a, tgw: ti, peerTGW: -1, vpc: -1, ok: a.State == model.TGWAvailable, peerRtb: -1}
		n.rtb = assoc(a.Association, ti)
		ai := int32(len(p.tgwAtts))
		switch a.ResourceType {
		case model.TGWAttachVPC:
			n.vpc = p.vpcIndex(a.VpcID)
			if o := a.VPC; o != nil {
				n.appliance, n.ipv6, n.sgRef = enabled(o.ApplianceModeSupport), enabled(o.Ipv6Support), enabled(o.SecurityGroupReferencingSupport)
			}
			n.enis = make([]attENI, 0, len(a.SubnetIDs))
			for _, sid := range a.SubnetIDs {
				si, ok := p.subnetByID[sid]
				if !ok || p.subnets[si].vpc != n.vpc {
					continue
				}
				e := attENI{subnet: si, eni: -1, az: p.subnets[si].m.AvailabilityZone}
				if a.VPC != nil {
					e.id = a.VPC.ENIs[sid]
				}
				if ei, ok := p.eniByID[e.id]; ok {
					e.eni = ei
				}
				n.enis = append(n.enis, e)
			}
			if n.vpc >= 0 && n.ok {
				k := [2]int32{ti, n.vpc}
				if _, dup := p.vpcAtt[k]; !dup {
					p.vpcAtt[k] = ai
				}
			}
		case model.TGWAttachPeering:
			if a.Peer != nil {
				if pi, ok := p.tgwByID[a.Peer.TransitGatewayID]; ok {
					n.peerTGW = pi
					n.peerRtb = assoc(a.PeerAssociation, pi)
				}
			}
		}
		p.tgwAttByID[a.ID] = ai
		p.tgwAtts = append(p.tgwAtts, n)
		return true
	})
	p.compileTGWRoutes(w)
}

// compileTGWRoutes compiles the static, blackhole and propagated routes
// of every transit gateway route table into one slab, with one slab of
// LPM tables: a single pass over the static routes, bucketed by table.
func (p *Plane) compileTGWRoutes(w *store.World) {
	nt := len(p.tgwRtbs)
	if nt == 0 {
		return
	}
	statics := make([]*model.TransitGatewayRoute, 0, w.TGWRoutes.Len())
	count := make([]int32, nt+1)
	w.TGWRoutes.All(func(r *model.TransitGatewayRoute) bool {
		ri, ok := p.tgwRtbByID[r.RouteTableID]
		if !ok {
			return true
		}
		statics = append(statics, r)
		count[ri+1]++
		return true
	})
	// Propagated routes, per table.
	attGet := func(id string) (*model.TransitGatewayAttachment, bool) {
		if ai, ok := p.tgwAttByID[id]; ok {
			return p.tgwAtts[ai].m, true
		}
		return nil, false
	}
	vpcGet := func(id string) (*model.VPC, bool) {
		if vi, ok := p.vpcByID[id]; ok {
			return p.vpcs[vi].m, true
		}
		return nil, false
	}
	props := make([][]model.TGWPropagatedRoute, nt)
	extra := tgwExtraPropagation(w)
	for ri := range p.tgwRtbs {
		if len(p.tgwRtbs[ri].m.Propagations) > 0 {
			props[ri] = p.tgwSelectVPN(w, ri, model.PropagatedRoutes(p.tgwRtbs[ri].m, attGet, vpcGet, extra), attGet)
			count[ri+1] += int32(len(props[ri]))
		}
	}
	for i := 1; i <= nt; i++ {
		count[i] += count[i-1]
	}
	p.tgwRouteSlab = make([]TGWRoute, count[nt])
	next := make([]int32, nt)
	copy(next, count[:nt])
	for _, r := range statics {
		ri := p.tgwRtbByID[r.RouteTableID]
		c := TGWRoute{Table: r.RouteTableID, Destination: r.Destination.Masked(), PrefixListID: r.PrefixListID,
			AttachmentID: r.AttachmentID, Type: "static", Blackhole: r.Blackhole, att: -1, prio: tgwPrioStatic}
		if !r.Destination.IsValid() {
			c.Destination = netip.Prefix{}
		}
		if r.PrefixListID != "" {
			c.prio = tgwPrioPrefixList
		}
		if ai, ok := p.tgwAttByID[r.AttachmentID]; ok && !r.Blackhole {
			c.att = ai
			a := p.tgwAtts[ai].m
			c.ResourceType, c.ResourceID = a.ResourceType, a.ResourceID
		}
		if c.Blackhole || c.att < 0 || !p.tgwAtts[c.att].ok {
			c.State = RouteBlackhole
		}
		p.tgwRouteSlab[next[ri]] = c
		next[ri]++
	}
	for ri, ps := range props {
		for pi := range ps {
			pr := &ps[pi]
			c := TGWRoute{Table: p.tgwRtbs[ri].m.ID, Destination: pr.Destination.Masked(), AttachmentID: pr.AttachmentID,
				ResourceType: pr.ResourceType, ResourceID: pr.ResourceID, Type: "propagated", att: -1,
				prio: tgwPrioVPC + model.TGWPropagatedRank(pr.ResourceType)}
			if ai, ok := p.tgwAttByID[pr.AttachmentID]; ok {
				c.att = ai
				p.setECMP(&c, pr)
			} else {
				c.State = RouteBlackhole
			}
			p.tgwRouteSlab[next[ri]] = c
			next[ri]++
		}
	}
	lpms := make([]bart.Table[int32], nt)
	for ri := range p.tgwRtbs {
		t := &p.tgwRtbs[ri]
		t.routes = p.tgwRouteSlab[count[ri]:count[ri+1]:count[ri+1]]
		t.lpm = &lpms[ri]
		for i := range t.routes {
			r := &t.routes[i]
			if r.PrefixListID != "" {
				if pi, ok := p.plByID[r.PrefixListID]; ok {
					for _, pfx := range p.pls[pi].prefixes {
						insertTGWRoute(t, pfx, int32(i))
					}
				}
				continue
			}
			if r.Destination.IsValid() {
				insertTGWRoute(t, r.Destination, int32(i))
			}
		}
	}
}

// insertTGWRoute keeps, for each prefix, the route of best priority (the
// first listed on a tie).
func insertTGWRoute(t *tgwRtbNode, pfx netip.Prefix, i int32) {
	if old, ok := t.lpm.Get(pfx); ok && t.routes[old].prio <= t.routes[i].prio {
		return
	}
	t.lpm.Insert(pfx, i)
}

// lookupTGWRoute returns the route of transit gateway route table ri for
// dst, or nil.
func (p *Plane) lookupTGWRoute(ri int32, dst netip.Addr) *TGWRoute {
	t := &p.tgwRtbs[ri]
	i, ok := t.lpm.Lookup(dst)
	if !ok {
		return nil
	}
	return &t.routes[i]
}

// tgwTarget resolves a VPC route to transit gateway id from VPC vi to the
// VPC's attachment. The route is active when the gateway is available and
// has an available attachment for the VPC (control.TGWAttachedTo).
func (p *Plane) tgwTarget(vi int32, id string) (nodeRef, RouteState) {
	ti, ok := p.tgwByID[id]
	if !ok || !p.tgws[ti].ok {
		return nodeRef{kindTGW, -1}, RouteBlackhole
	}
	ai, ok := p.vpcAtt[[2]int32{ti, vi}]
	if !ok {
		return nodeRef{kindTGW, -1}, RouteBlackhole
	}
	return nodeRef{kindTGW, ai}, RouteActive
}

func (p *Plane) tgwRef(i int32) Ref {
	return Ref{Type: TypeTransitGateway, ID: p.tgws[i].m.ID, meta: &p.tgws[i].m.Meta}
}
func (p *Plane) tgwAttRef(i int32) Ref {
	return Ref{Type: TypeTransitGatewayAttachment, ID: p.tgwAtts[i].m.ID, meta: &p.tgwAtts[i].m.Meta}
}
func (p *Plane) tgwRtbRef(i int32) Ref {
	return Ref{Type: TypeTransitGatewayRouteTable, ID: p.tgwRtbs[i].m.ID, meta: &p.tgwRtbs[i].m.Meta}
}

// attENIRef names a VPC attachment's interface (the attachment's scope
// when the interface object is not in the world).
func (p *Plane) attENIRef(ai int32, e *attENI) Ref {
	if e.eni >= 0 {
		return p.eniRef(e.eni)
	}
	if e.id == "" {
		return p.subnetRef(e.subnet)
	}
	return Ref{Type: TypeNetworkInterface, ID: e.id, meta: &p.tgwAtts[ai].m.Meta}
}

// inAZ returns the index of the attachment's interface in zone az, or -1.
func (a *tgwAttNode) inAZ(az string) int {
	for i := range a.enis {
		if a.enis[i].az == az {
			return i
		}
	}
	return -1
}

// --- walking ---

// tgwRec remembers, for the return path, which interface of a VPC
// attachment the forward path left the transit gateway through, and
// whether the forward path came back into the gateway from that
// attachment (the VPC is a transit, inspection VPC).
type tgwRec struct {
	att, k  int32
	transit bool
}

func (w *walker) tgwRecord(ai int32) *tgwRec {
	for i := 0; i < w.ntgw; i++ {
		if w.tgwRecs[i].att == ai {
			return &w.tgwRecs[i]
		}
	}
	return nil
}

// tgwFromVPC: VPC route sends the packet to the transit gateway, through
// the VPC's attachment ai.
func (w *walker) tgwFromVPC(ai, fromSubnet int32) {
	p := w.p
	a := &p.tgwAtts[ai]
	k := 0
	if fromSubnet >= 0 {
		k = a.inAZ(p.subnets[fromSubnet].m.AvailabilityZone)
	}
	if k < 0 || len(a.enis) == 0 {
		hop := w.hop(p.tgwRef(a.tgw))
		hop.VPC = p.vpcRef(a.vpc)
		reason := ReasonTGWNoSubnetInAZ
		if len(a.enis) == 0 {
			reason = ReasonTGWAttachNoENI
		}
		x := w.drop(hop, TgwRouteAZRestriction, reason, DirNone)
		x.TransitGateway, x.TGWAttachment = hop.Component, p.tgwAttRef(ai)
		if fromSubnet >= 0 {
			x.Subnet = p.subnetRef(fromSubnet)
		}
		return
	}
	e := &a.enis[k]
	// The attachment subnet's inbound rules evaluate traffic from the
	// instances to the transit gateway (tgw-nacls.md), also when the
	// instance is in that subnet.
	if !w.aclHop(e.subnet, Ingress) {
		return
	}
	hop := w.hop(p.tgwAttRef(ai))
	hop.AttachedTo, hop.VPC, hop.Direction = p.attENIRef(ai, e), p.vpcRef(a.vpc), Ingress
	if w.h.Dst.Is6() && !a.ipv6 {
		x := w.drop(hop, ProtocolRestriction, ReasonTGWNoIPv6, Ingress)
		x.TGWAttachment = hop.Component
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonTGWAttachIn
	if !w.ret {
		if r := w.tgwRecord(ai); r != nil {
			r.transit = true
		}
	}
	w.tgwRoute(a.tgw, a.rtb, ai, e.az)
}

// tgwRoute: transit gateway ti routes the packet that entered through
// attachment inAtt by route table ri (the attachment's association on ti).
func (w *walker) tgwRoute(ti, ri, inAtt int32, az string) {
	p := w.p
	hop := w.hop(p.tgwRef(ti))
	if len(*w.hops) > maxHops {
		w.drop(hop, NoPath, ReasonLoop, DirNone)
		return
	}
	if !p.tgws[ti].ok {
		x := w.drop(hop, BadState, ReasonTGWState, DirNone)
		x.TransitGateway = hop.Component
		return
	}
	if ri < 0 {
		x := w.drop(hop, TgwAttachMissingTgwRtbAssociation, ReasonTGWNoAssociation, DirNone)
		x.TransitGateway, x.TGWAttachment = hop.Component, p.tgwAttRef(inAtt)
		return
	}
	hop.Verdict, hop.Reason = Pass, ReasonTGWPass
	r := p.lookupTGWRoute(ri, w.h.Dst)
	rh := w.hop(p.tgwRtbRef(ri))
	rh.AttachedTo, rh.TGWRoute = p.tgwRef(ti), r
	switch {
	case r == nil:
		x := w.drop(rh, TgwRtbCannotRoute, ReasonTGWNoRoute, DirNone)
		x.TransitGateway, x.TGWRouteTable, x.Address = p.tgwRef(ti), rh.Component, w.h.Dst
		return
	case r.Blackhole || r.State == RouteBlackhole:
		reason := ReasonTGWBlackhole
		if !r.Blackhole {
			reason = ReasonTGWRouteState
		}
		x := w.drop(rh, TgwRtbBadStateRoute, reason, DirNone)
		x.TransitGateway, x.TGWRouteTable, x.TGWRoute, x.Address = p.tgwRef(ti), rh.Component, r, w.h.Dst
		return
	}
	rh.Verdict, rh.Reason = Forward, ReasonTGWRouted
	ai := w.routeAttachment(r)
	out := &p.tgwAtts[ai]
	switch out.m.ResourceType {
	case model.TGWAttachVPC:
		w.tgwToVPC(ai, inAtt, az)
	case model.TGWAttachPeering:
		w.tgwPeer(ai, ti)
	case model.TGWAttachVPN:
		w.tgwToVPN(ai)
	case model.TGWAttachDXGW:
		w.tgwToDX(ai)
	default:
		hop := w.hop(p.tgwAttRef(ai))
		w.drop(hop, NoPossibleDestination, ReasonNotModelled, DirNone)
	}
}

// flowHash is a hash of the flow that is the same in both directions
// (appliance mode: "the transit gateway uses a flow hash algorithm to
// select a single network interface in the appliance VPC for the life of
// the flow", transit-gateway-appliance-scenario.md).
func (w *walker) flowHash() uint64 {
	a, b := keyOf(w.h.Src), keyOf(w.h.Dst)
	if b.hi < a.hi || b.hi == a.hi && b.lo < a.lo {
		a, b = b, a
	}
	h := uint64(14695981039346656037)
	for _, x := range [5]uint64{a.hi, a.lo, b.hi, b.lo, uint64(w.h.Proto)} {
		h ^= x
		h *= 1099511628211
		h ^= h >> 29
	}
	return h
}

// tgwToVPC: the transit gateway sends the packet out through VPC
// attachment ai; it entered through inAtt in zone az.
func (w *walker) tgwToVPC(ai, inAtt int32, az string) {
	p := w.p
	a := &p.tgwAtts[ai]
	if len(a.enis) == 0 {
		hop := w.hop(p.tgwAttRef(ai))
		hop.VPC = p.vpcRef(a.vpc)
		x := w.drop(hop, TgwRouteAZRestriction, ReasonTGWAttachNoENI, Egress)
		x.TGWAttachment = hop.Component
		return
	}
	// AZ affinity: the interface in the ingress zone, else another zone's;
	// with appliance mode, one zone per flow (tgw-vpc-attachments.md,
	// how-transit-gateways-work.md "Availability Zones").
	k := -1
	if a.appliance {
		k = int(w.flowHash() % uint64(len(a.enis)))
	} else if az != "" {
		k = a.inAZ(az)
	}
	if k < 0 {
		k = 0
	}
	e := &a.enis[k]
	hop := w.hop(p.tgwAttRef(ai))
	hop.AttachedTo, hop.VPC, hop.Direction = p.attENIRef(ai, e), p.vpcRef(a.vpc), Egress
	if w.h.Dst.Is6() && !a.ipv6 {
		x := w.drop(hop, ProtocolRestriction, ReasonTGWNoIPv6, Egress)
		x.TGWAttachment = hop.Component
		return
	}
	if w.ret {
		if r := w.tgwRecord(ai); r != nil && r.transit && r.k != int32(k) {
			x := w.drop(hop, TgwAttachVpcAZRestriction, ReasonTGWAsymmetric, Egress)
			x.TGWAttachment, x.AttachedTo = hop.Component, hop.AttachedTo
			return
		}
	} else if w.tgwRecord(ai) == nil && w.ntgw < len(w.tgwRecs) {
		w.tgwRecs[w.ntgw] = tgwRec{att: ai, k: int32(k)}
		w.ntgw++
	}
	hop.Verdict, hop.Reason = Forward, ReasonTGWAttachOut
	// Security group references cross a transit gateway only with
	// referencing support on the gateway and on both VPC attachments
	// (tgw-vpc-attachments.md "Security group referencing").
	in := &p.tgwAtts[inAtt]
	if in.m.ResourceType != model.TGWAttachVPC || !in.sgRef || !a.sgRef || !p.tgws[a.tgw].sgRef || in.tgw != a.tgw {
		w.loseRefs(refsTGW)
	}
	w.tgwVPC = a.vpc
	// Inside the VPC the packet leaves the attachment subnet: its route
	// table and its network ACL's outbound rules apply (tgw-nacls.md).
	w.route(e.subnet)
}

// tgwPeer: transit gateway from sends the packet over peering attachment
// ai to the transit gateway at the other end.
func (w *walker) tgwPeer(ai, from int32) {
	p := w.p
	a := &p.tgwAtts[ai]
	hop := w.hop(p.tgwAttRef(ai))
	hop.AttachedTo = p.tgwRef(from)
	to, rtb := a.peerTGW, a.peerRtb
	if from == a.peerTGW {
		to, rtb = a.tgw, a.rtb
	}
	if !a.ok || to < 0 {
		x := w.drop(hop, BadStateAttachment, ReasonTGWAttachState, DirNone)
		x.TGWAttachment = hop.Component
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonTGWPeering
	// Security group references do not cross a peering attachment.
	w.loseRefs(refsTGW)
	w.tgwRoute(to, rtb, ai, "")
}
