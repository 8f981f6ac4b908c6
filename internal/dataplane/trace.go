package dataplane

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
)

// maxHops bounds a walk; a routing loop between middleboxes ends here.
const maxHops = 64

// Addresses of the Amazon-provided DNS server besides VPC base + 2.
var (
	amazonDNS4 = netip.MustParseAddr("169.254.169.253")
	amazonDNS6 = netip.MustParseAddr("fd00:ec2::253")
)

// Errors a query can fail with (Trace.Err wraps one of them).
var (
	ErrUnknownID  = errors.New("unknown resource id")
	ErrAmbiguous  = errors.New("ambiguous address")
	ErrBadQuery   = errors.New("invalid query")
	ErrUnassigned = errors.New("component has no usable address")
)

// Trace is the answer to a Query: the forward hops from source to
// destination, the return hops of the response, and why a path is blocked.
// The zero Trace is ready for Plane.TraceInto, which reuses its storage.
type Trace struct {
	Query     Query  `json:"query"`
	Revision  uint64 `json:"revision"`
	Reachable bool   `json:"reachable"`
	// ForwardOK and ReturnOK tell which half of the path succeeded.
	ForwardOK    bool          `json:"forwardReachable"`
	ReturnOK     bool          `json:"returnReachable"`
	Forward      []Hop         `json:"forward"`
	Return       []Hop         `json:"return"`
	Explanations []Explanation `json:"explanations,omitempty"`
	// Err is set when the query itself is wrong (unknown id, ambiguous
	// address); the trace then has no hops.
	Err error `json:"-"`

	fwdBuf [16]Hop
	retBuf [16]Hop
	w      walker // reused walk state: keeps TraceInto allocation-free
}

// Blocked returns the explanation of the first drop, or nil.
func (t *Trace) Blocked() *Explanation {
	if len(t.Explanations) == 0 {
		return nil
	}
	return &t.Explanations[0]
}

type endKind uint8

const (
	endNone endKind = iota
	endENI
	endInternet
	endDNS
	endOnPrem  // an on-premises network behind a customer gateway (vpn.go)
	endService // an AWS service behind a gateway endpoint (endpoint.go)
)

type endpoint struct {
	kind endKind // endENI (ENI, instance, NAT gateway's ENI), endInternet
	eni  int32
	nat  int32 // NAT gateway, when the endpoint is one
	igw  int32 // internet gateway named by the query, or -1
	addr netip.Addr
	any  bool // destination given as a bare address: any delivery counts
	port PortRange
	vpn  int32 // endOnPrem: a VPN connection whose on-premises network holds addr
}

type snatRec struct {
	kind     nodeKind
	idx      int32
	orig     netip.Addr
	origPort PortRange
	xlated   netip.Addr
	nat64    bool // IPv6 -> IPv4 at a NAT gateway (nat64.go)
}

// walker carries one trace: the current header, hop list and the state the
// forward path leaves for the return path (connection tracking at security
// groups, NAT translations, the gateway used to reach the internet).
type walker struct {
	p    *Plane
	t    *Trace
	hops *[]Hop
	h    Header
	ret  bool

	tracked  [16]int32
	ntracked int
	snat     [4]snatRec
	nsnat    int
	exitGW   nodeRef

	src     endpoint
	end     endKind
	endENI  int32
	dropped bool
	// mbox: the packet crossed a middlebox in this direction, which does
	// not preserve security group information (SG_REFERENCES_NOT_PRESERVED).
	mbox bool
	// refsLost: the packet crossed an edge that drops security group
	// information (an inter-Region peering connection, a transit gateway
	// without referencing support); one of the refs* constants.
	refsLost uint8
	// vpc is the VPC whose route table decided last.
	vpc int32
	// tgwVPC is the VPC a transit gateway delivered the packet into (a
	// NAT gateway there serves it: centralized egress), or -1.
	tgwVPC  int32
	tgwRecs [4]tgwRec
	ntgw    int
	// hy is the VPN state of the walk (vpn.go).
	hy hybridWalk
	// sv is the endpoint and load balancer state of the walk; via is 1 +
	// the first endpoint or load balancer interface the packet entered
	// (the destination when the query names the service).
	sv  svcWalk
	via int32
}

// Why security group references no longer match (walker.refsLost).
const (
	refsKept uint8 = iota
	refsInterRegion
	refsTGW
	refsPrivateLink
)

// loseRefs records that security group references no longer match.
func (w *walker) loseRefs(why uint8) {
	if w.refsLost == refsKept {
		w.refsLost = why
	}
}

// forwarders dispatch a packet to the node a route points at. Adding a
// node kind (peering, transit gateway, VPN, endpoints) means adding one
// entry here.
var forwarders [kindCount]func(w *walker, idx, fromSubnet int32, r *Route)

func init() {
	forwarders[kindLocal] = func(w *walker, idx, from int32, _ *Route) { w.deliverLocal(idx, from) }
	forwarders[kindENI] = func(w *walker, idx, from int32, _ *Route) { w.toAppliance(idx, from) }
	forwarders[kindIGW] = func(w *walker, idx, from int32, _ *Route) { w.igwOut(idx, from) }
	forwarders[kindEIGW] = func(w *walker, idx, _ int32, _ *Route) { w.eigwOut(idx) }
	forwarders[kindNAT] = func(w *walker, idx, from int32, _ *Route) { w.natOut(idx, from) }
	forwarders[kindPeering] = func(w *walker, idx, _ int32, _ *Route) { w.pcxOut(idx) }
	forwarders[kindTGW] = func(w *walker, idx, from int32, _ *Route) { w.tgwFromVPC(idx, from) }
	forwarders[kindVGW] = func(w *walker, idx, from int32, _ *Route) { w.vgwOut(idx, from) }
	forwarders[kindVPCE] = func(w *walker, idx, _ int32, _ *Route) { w.gatewayEndpoint(idx) }
	forwarders[kindUnmodeled] = func(w *walker, _, from int32, r *Route) {
		hop := w.hop(Ref{Type: TypeNone, ID: r.TargetID})
		hop.Component = targetRef(r)
		w.drop(hop, NoPossibleDestination, ReasonNotModelled, DirNone)
	}
}

func targetRef(r *Route) Ref {
	t := TypeNone
	switch {
	case strings.HasPrefix(r.TargetID, "vgw-"):
		t = TypeVpnGateway
	case strings.HasPrefix(r.TargetID, "vpce-"):
		t = TypeVpcEndpoint
	}
	return Ref{Type: t, ID: r.TargetID}
}

// Trace answers q. It never returns nil; a malformed query yields a Trace
// with Err set.
func (p *Plane) Trace(q Query) *Trace {
	t := new(Trace)
	p.TraceInto(&q, t)
	return t
}

// TraceInto answers q into t, reusing t's storage: with a reused Trace, a
// trace whose path is reachable does not allocate.
func (p *Plane) TraceInto(q *Query, t *Trace) {
	t.Query = *q
	t.Revision = p.Revision
	t.Reachable, t.ForwardOK, t.ReturnOK = false, false, false
	// Hop slices that outgrew the inline buffers (long paths through
	// transit gateways) are kept for the next trace.
	if cap(t.Forward) <= len(t.fwdBuf) {
		t.Forward = t.fwdBuf[:0]
	} else {
		t.Forward = t.Forward[:0]
	}
	if cap(t.Return) <= len(t.retBuf) {
		t.Return = t.retBuf[:0]
	} else {
		t.Return = t.Return[:0]
	}
	t.Explanations = t.Explanations[:0]
	t.Err = nil

	t.w = walker{p: p, t: t, hops: &t.Forward, vpc: -1, tgwVPC: -1}
	w := &t.w
	src, dst, h, err := p.resolve(q)
	if err != nil {
		t.Err = err
		t.Explanations = append(t.Explanations, Explanation{Code: NoSourceOrDestination, Detail: err.Error()})
		return
	}
	w.h, w.src = h, src

	// Forward path.
	switch src.kind {
	case endENI:
		w.startENI(src)
	case endInternet:
		w.startInternet(src, dst)
	case endOnPrem:
		w.startOnPrem(src)
	}
	t.ForwardOK = !w.dropped && w.reached(dst)
	if !t.ForwardOK {
		if !w.dropped {
			w.wrongEnd()
		}
		return
	}

	// Return path: the response, routed on its own. Security groups and
	// the gateways that tracked the forward flow admit it; network ACLs
	// are stateless and evaluate it again.
	w.ret, w.hops = true, &t.Return
	w.h = w.h.reply()
	fend, fei := w.end, w.endENI
	w.end, w.dropped, w.mbox, w.refsLost, w.tgwVPC, w.vpc = endNone, false, false, refsKept, -1, -1
	switch fend {
	case endENI:
		a, b := p.endpointRef(fei)
		hop := w.hop(a)
		hop.AttachedTo = b
		hop.VPC = p.vpcRef(p.enis[fei].vpc)
		hop.Verdict, hop.Reason = Pass, ReasonSource
		hop.Out = w.h
		if !w.serviceReturnStart(fei) {
			w.egressENI(fei)
		}
	case endService:
		w.gatewayEndpointReply()
	case endInternet:
		hop := w.hop(internetRef)
		hop.Verdict, hop.Reason, hop.Out = Pass, ReasonSource, w.h
		w.internet()
	case endDNS:
		hop := w.hop(Ref{Type: TypeAmazonDNS, ID: "AmazonProvidedDNS"})
		hop.Verdict, hop.Reason, hop.Out = Pass, ReasonDNS, w.h
		w.deliverDirect(src.eni)
	case endOnPrem:
		w.onPremReply()
	}
	srcEnd := src
	srcEnd.any = false
	t.ReturnOK = !w.dropped && w.reached(srcEnd)
	if !t.ReturnOK && !w.dropped {
		w.wrongEnd()
	}
	t.Reachable = t.ForwardOK && t.ReturnOK
}

func (w *walker) reached(ep endpoint) bool {
	switch w.end {
	case endNone:
		return false
	case endDNS:
		return ep.any || ep.kind == endDNS
	case endInternet:
		if ep.kind != endInternet && !ep.any {
			return false
		}
		return ep.igw < 0 || (w.exitGW.kind == kindIGW && w.exitGW.idx == ep.igw)
	case endENI:
		return ep.any || (ep.kind == endENI && (ep.eni == w.endENI || w.via != 0 && ep.eni == w.via-1))
	case endService:
		return ep.any
	case endOnPrem:
		return ep.any || ep.kind == endOnPrem
	}
	return false
}

func (w *walker) wrongEnd() {
	var c Ref
	if n := len(*w.hops); n > 0 {
		c = (*w.hops)[n-1].Component
	}
	w.t.Explanations = append(w.t.Explanations, Explanation{Code: NoPath, Component: c, Return: w.ret, Detail: ReasonWrongEndpoint.String()})
}

// hop appends a hop for component c with the current header as In and Out.
func (w *walker) hop(c Ref) *Hop {
	*w.hops = append(*w.hops, Hop{Component: c, In: w.h, Out: w.h})
	return &(*w.hops)[len(*w.hops)-1]
}

// drop ends the walk at hop with an explanation.
func (w *walker) drop(hop *Hop, code Code, reason Reason, dir Direction) *Explanation {
	hop.Verdict, hop.Reason, hop.Code, hop.Direction = Drop, reason, code, dir
	hop.Out = Header{}
	w.dropped = true
	w.t.Explanations = append(w.t.Explanations, Explanation{
		Code: code, Direction: dir, Component: hop.Component, AttachedTo: hop.AttachedTo, VPC: hop.VPC,
		Route: hop.Route, ACLRule: hop.ACLRule, Protocol: w.h.Proto, Return: w.ret, Detail: reason.String(),
	})
	return &w.t.Explanations[len(w.t.Explanations)-1]
}

func (w *walker) track(ei int32) {
	if w.ret || w.isTracked(ei) || w.ntracked == len(w.tracked) {
		return
	}
	w.tracked[w.ntracked] = ei
	w.ntracked++
}

func (w *walker) isTracked(ei int32) bool {
	for i := 0; i < w.ntracked; i++ {
		if w.tracked[i] == ei {
			return true
		}
	}
	return false
}

func (w *walker) addSNAT(r snatRec) {
	if w.nsnat < len(w.snat) {
		w.snat[w.nsnat] = r
		w.nsnat++
	}
}

func (w *walker) findSNAT(k nodeKind, idx int32, dst netip.Addr) *snatRec {
	for i := 0; i < w.nsnat; i++ {
		if r := &w.snat[i]; r.kind == k && r.idx == idx && r.xlated == dst {
			return r
		}
	}
	return nil
}

// ownsAddr reports whether addr is one of ENI ei's private addresses.
func (p *Plane) ownsAddr(ei int32, a netip.Addr) bool {
	e := p.enis[ei].m
	if a.Is4() {
		for i := range e.PrivateIPs {
			if e.PrivateIPs[i].Address == a {
				return true
			}
		}
		if n := p.enis[ei].nat; n >= 0 && p.nats[n].m.PrivateIP == a {
			return true
		}
		return false
	}
	for _, x := range e.Ipv6Addresses {
		if x == a {
			return true
		}
	}
	return false
}

// --- sources ---

func (w *walker) startENI(src endpoint) {
	p := w.p
	if src.nat >= 0 {
		n := &p.nats[src.nat]
		hop := w.hop(p.natRef(src.nat))
		hop.VPC = p.vpcRef(n.vpc)
		if src.eni >= 0 {
			hop.AttachedTo = p.eniRef(src.eni)
		}
		if !n.ok {
			w.drop(hop, BadState, ReasonNATState, DirNone)
			return
		}
		hop.Verdict, hop.Reason = Pass, ReasonSource
		w.route(n.subnet)
		return
	}
	a, b := p.endpointRef(src.eni)
	hop := w.hop(a)
	hop.AttachedTo = b
	hop.VPC = p.vpcRef(p.enis[src.eni].vpc)
	if !p.enis[src.eni].running {
		w.drop(hop, BadState, ReasonInstanceState, DirNone)
		return
	}
	if w.endpointSourceBlocked(src.eni, hop) || w.ipv6OnlyNoIPv4(src.eni, hop) {
		return
	}
	hop.Verdict, hop.Reason = Pass, ReasonSource
	w.egressENI(src.eni)
}

func (w *walker) startInternet(src, dst endpoint) {
	p := w.p
	hop := w.hop(internetRef)
	hop.Verdict, hop.Reason = Pass, ReasonSource
	gi := src.igw
	if gi < 0 {
		vi := int32(-1)
		switch {
		case dst.kind == endENI && dst.eni >= 0:
			vi = p.enis[dst.eni].vpc
		case dst.nat >= 0:
			vi = p.nats[dst.nat].vpc
		}
		if vi < 0 {
			w.internet()
			return
		}
		w.enterVPC(vi)
		return
	}
	if p.igws[gi].vpc < 0 {
		h := w.hop(p.igwRef(gi))
		w.drop(h, BadStateAttachment, ReasonIGWDetached, Ingress)
		return
	}
	w.igwIn(gi)
}

// --- interfaces ---

func (w *walker) isDNS(vi int32, a netip.Addr) bool {
	return a == amazonDNS4 || a == amazonDNS6 || (vi >= 0 && a == w.p.vpcs[vi].dns)
}

// egressENI: the packet leaves interface ei.
func (w *walker) egressENI(ei int32) {
	p := w.p
	e := &p.enis[ei]
	if e.m.SourceDestCheck && !p.ownsAddr(ei, w.h.Src) {
		hop := w.hop(p.eniRef(ei))
		hop.VPC = p.vpcRef(e.vpc)
		x := w.drop(hop, EniSourceDestCheckRestriction, ReasonSourceDestCheck, Egress)
		x.Address, x.PacketField = w.h.Src, "source-address"
		return
	}
	// Security groups cannot block DNS to the Amazon resolver
	// (VPC-UG security-group-rules.md).
	if e.sgLen > 0 && !w.isDNS(e.vpc, w.h.Dst) {
		if !w.sgHop(ei, Egress, w.h.Dst) {
			return
		}
	}
	w.route(e.subnet)
}

// sgHop evaluates the security groups of ei in one direction.
func (w *walker) sgHop(ei int32, dir Direction, peer netip.Addr) bool {
	p := w.p
	e := &p.enis[ei]
	sgs := p.eniSGs(e)
	if w.ret && w.isTracked(ei) {
		hop := w.hop(p.sgRef(sgs[0]))
		hop.AttachedTo, hop.VPC, hop.Direction = p.eniRef(ei), p.vpcRef(e.vpc), dir
		hop.Verdict, hop.Reason = Pass, ReasonSGTracked
		return true
	}
	// Past a middlebox, rules that reference a security group cannot match
	// the packet (VPC-UG security-group-rules.md "Limitation",
	// route-table-options.md "Security groups").
	noRefs := (w.mbox || w.refsLost != refsKept) && dir == Ingress
	r, gi, port := p.evalSG(ei, dir == Egress, &w.h, peer, noRefs)
	if r != nil {
		hop := w.hop(p.sgRef(gi))
		hop.AttachedTo, hop.VPC, hop.Direction = p.eniRef(ei), p.vpcRef(e.vpc), dir
		hop.Verdict, hop.Reason, hop.SGRule = Pass, ReasonSGRuleAllows, r
		w.track(ei)
		return true
	}
	hop := w.hop(p.sgRef(sgs[0]))
	hop.AttachedTo, hop.VPC, hop.Port = p.eniRef(ei), p.vpcRef(e.vpc), port
	code, reason := EniSGRulesMismatch, ReasonSGNoRule
	switch {
	case !p.sgHasRules(ei, dir == Egress):
		code = SGHasNoRules
	case noRefs:
		if x, _, _ := p.evalSG(ei, dir == Egress, &w.h, peer, false); x != nil {
			// Only a rule referencing a security group would admit it.
			code, reason = SGReferencesNotPreserved, ReasonSGRefNotPreserved
			switch {
			case w.mbox:
			case w.refsLost == refsTGW:
				code, reason = SGReferencingSupport, ReasonSGRefTGW
			case w.refsLost == refsInterRegion:
				reason = ReasonSGRefInterRegion
			case w.refsLost == refsPrivateLink:
				reason = ReasonSGRefPrivateLink
			}
			hop.SGRule = x
		}
	}
	x := w.drop(hop, code, reason, dir)
	x.SecurityGroups = make([]Ref, len(sgs))
	for i, gi := range sgs {
		x.SecurityGroups[i] = p.sgRef(gi)
	}
	x.AttachedTo = p.eniRef(ei)
	x.Port = port
	x.Address = peer
	if w.h.HasPorts() {
		x.PacketField = "destination-port"
	}
	return false
}

// aclHop evaluates network ACL ai of subnet si in one direction.
func (w *walker) aclHop(si int32, dir Direction) bool {
	p := w.p
	ai := p.subnets[si].acl
	if ai < 0 {
		return true
	}
	r, ok, port := p.evalACL(ai, dir == Egress, &w.h)
	hop := w.hop(p.aclRef(ai))
	hop.AttachedTo, hop.VPC, hop.Direction, hop.ACLRule = p.subnetRef(si), p.vpcRef(p.subnets[si].vpc), dir, r
	if ok {
		hop.Verdict, hop.Reason = Pass, ReasonACLRuleAllows
		return true
	}
	hop.Port = port
	x := w.drop(hop, SubnetACLRestriction, ReasonACLRuleDenies, dir)
	x.Subnet = p.subnetRef(si)
	x.Port = port
	if w.h.HasPorts() {
		x.PacketField = "destination-port"
	}
	return false
}

// route: the packet is handed to the VPC router from subnet si.
func (w *walker) route(si int32) {
	p := w.p
	if len(*w.hops) > maxHops {
		hop := w.hop(p.subnetRef(si))
		w.drop(hop, NoPath, ReasonLoop, DirNone)
		return
	}
	s := &p.subnets[si]
	dst := w.h.Dst
	if w.isDNS(s.vpc, dst) {
		w.dns(s.vpc)
		return
	}
	// Traffic inside one subnet bypasses route tables and network ACLs
	// (VPC-UG vpc-network-acls.md, route-table-options.md).
	if s.cidr4.Contains(dst) || s.cidr6.Contains(dst) {
		hop := w.hop(p.subnetRef(si))
		hop.VPC = p.vpcRef(s.vpc)
		hop.Verdict, hop.Reason = Forward, ReasonSameSubnet
		w.deliverLocal(s.vpc, si)
		return
	}
	if !w.aclHop(si, Egress) {
		return
	}
	if s.rtb < 0 {
		hop := w.hop(p.subnetRef(si))
		w.drop(hop, NoRouteToDestination, ReasonNoRoute, DirNone)
		return
	}
	w.routeTable(s.rtb, si, ReasonRouteMatch)
}

func (w *walker) routeTable(ri, fromSubnet int32, reason Reason) {
	p := w.p
	r := p.lookupRoute(ri, w.h.Dst)
	w.vpc = p.rtbs[ri].vpc
	hop := w.hop(p.rtbRef(ri))
	hop.VPC = p.vpcRef(w.vpc)
	if fromSubnet >= 0 {
		hop.AttachedTo = p.subnetRef(fromSubnet)
	}
	hop.Route = r
	if r == nil {
		x := w.drop(hop, NoRouteToDestination, ReasonNoRoute, DirNone)
		x.Address = w.h.Dst
		return
	}
	if r.State == RouteBlackhole {
		x := w.drop(hop, BadStateRoute, ReasonRouteBlackhole, DirNone)
		x.Address = w.h.Dst
		return
	}
	hop.Verdict, hop.Reason = Forward, reason
	forwarders[r.next.kind](w, r.next.idx, fromSubnet, r)
}

// deliverLocal delivers inside VPC vi to the holder of the destination.
func (w *walker) deliverLocal(vi, fromSubnet int32) {
	p := w.p
	hd, ok := p.lookupAddr(vi, w.h.Dst)
	if !ok {
		c := p.vpcRef(vi)
		reason := ReasonNoInterface
		if si, ok := p.vpcs[vi].subnets.Lookup(w.h.Dst); ok {
			c = p.subnetRef(si)
			if reservedIn(&p.subnets[si], w.h.Dst) {
				reason = ReasonReservedAddress
			}
		} else if !inAny(p.vpcs[vi].cidrs, w.h.Dst) {
			hop := w.hop(c)
			x := w.drop(hop, VpcLocalRouteCidrRestriction, ReasonNoInterface, DirNone)
			x.Address = w.h.Dst
			return
		}
		hop := w.hop(c)
		hop.VPC = p.vpcRef(vi)
		x := w.drop(hop, NoPossibleDestination, reason, DirNone)
		x.Address = w.h.Dst
		return
	}
	dsi := int32(-1)
	if hd.eni >= 0 {
		dsi = p.enis[hd.eni].subnet
	} else {
		dsi = p.nats[hd.nat].subnet
	}
	if dsi != fromSubnet && !w.aclHop(dsi, Ingress) {
		return
	}
	if hd.nat >= 0 {
		w.natArrive(hd.nat)
		return
	}
	w.ingressENI(hd.eni)
}

func inAny(ps []netip.Prefix, a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// reservedIn reports the addresses AWS reserves in a subnet (VPC-UG
// subnet-sizing.md): the network address, base+1 (VPC router), base+2
// (DNS), base+3, and the last address.
func reservedIn(s *subnetNode, a netip.Addr) bool {
	c := s.cidr4
	if a.Is6() {
		c = s.cidr6
	}
	if !c.IsValid() {
		return false
	}
	base := c.Addr()
	for i := 0; i < 4; i++ {
		if a == base {
			return true
		}
		base = base.Next()
	}
	return a == lastAddr(c)
}

func lastAddr(c netip.Prefix) netip.Addr {
	b := c.Addr().AsSlice()
	bits := c.Bits()
	for i := range b {
		for j := 0; j < 8; j++ {
			if i*8+j >= bits {
				b[i] |= 0x80 >> j
			}
		}
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// toAppliance: a route points at interface ei (a middlebox, NAT instance
// or firewall appliance).
func (w *walker) toAppliance(ei, fromSubnet int32) {
	dsi := w.p.enis[ei].subnet
	if dsi != fromSubnet && !w.aclHop(dsi, Ingress) {
		return
	}
	w.ingressENI(ei)
}

// ingressENI: the packet arrives at interface ei.
func (w *walker) ingressENI(ei int32) {
	p := w.p
	e := &p.enis[ei]
	if !e.running {
		hop := w.hop(p.eniRef(ei))
		w.drop(hop, BadState, ReasonInstanceState, Ingress)
		return
	}
	if e.sgLen > 0 && !w.sgHop(ei, Ingress, w.h.Src) {
		return
	}
	if p.ownsAddr(ei, w.h.Dst) {
		if e.owner != 0 && w.serviceArrive(ei) {
			return
		}
		if w.ret {
			if r := w.findSNAT(kindENI, ei, w.h.Dst); r != nil {
				hop := w.hop(p.eniRef(ei))
				hop.VPC = p.vpcRef(e.vpc)
				w.h.Dst, w.h.DstPort = r.orig, r.origPort
				hop.Out = w.h
				hop.Verdict, hop.Reason = Translate, ReasonNATInstanceReturn
				w.egressENI(ei)
				return
			}
		}
		w.deliverDirect(ei)
		return
	}
	hop := w.hop(p.eniRef(ei))
	hop.VPC = p.vpcRef(e.vpc)
	if e.m.SourceDestCheck {
		x := w.drop(hop, EniSourceDestCheckRestriction, ReasonSourceDestCheck, Ingress)
		x.Address, x.PacketField = w.h.Dst, "destination-address"
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonApplianceForward
	w.mbox = true
	// A NAT instance: forwarding IPv4 towards an internet gateway a source
	// that has no public address of its own, the instance translates the
	// source to its primary private address (iptables MASQUERADE; the EC2
	// model has no NAT flag, so this is the documented heuristic).
	if !w.ret && w.h.Dst.Is4() {
		if rt := p.subnets[e.subnet].rtb; rt >= 0 {
			if r := p.lookupRoute(rt, w.h.Dst); r != nil && r.next.kind == kindIGW {
				if hd, ok := p.lookupAddr(e.vpc, w.h.Src); !ok || hd.pub == 0 {
					own := e.m.PrimaryIP()
					w.addSNAT(snatRec{kind: kindENI, idx: ei, orig: w.h.Src, origPort: w.h.SrcPort, xlated: own})
					w.h.Src = own
					hop.Out = w.h
					hop.Verdict, hop.Reason = Translate, ReasonNATInstance
				}
			}
		}
	}
	w.egressENI(ei)
}

// deliverDirect records arrival at the endpoint interface ei.
func (w *walker) deliverDirect(ei int32) {
	p := w.p
	a, b := p.endpointRef(ei)
	hop := w.hop(a)
	hop.AttachedTo = b
	hop.VPC = p.vpcRef(p.enis[ei].vpc)
	hop.Verdict, hop.Reason = Deliver, ReasonDelivered
	w.end, w.endENI = endENI, ei
}

// dns: the Amazon-provided DNS server of VPC vi (VPC-UG vpc-dns.md).
func (w *walker) dns(vi int32) {
	p := w.p
	hop := w.hop(Ref{Type: TypeAmazonDNS, ID: "AmazonProvidedDNS", meta: &p.vpcs[vi].m.Meta})
	hop.VPC = p.vpcRef(vi)
	if !p.vpcs[vi].m.EnableDnsSupport {
		x := w.drop(hop, NoPossibleDestination, ReasonDNSDisabled, DirNone)
		x.Address = w.h.Dst
		return
	}
	if (w.h.Proto != ProtoTCP && w.h.Proto != ProtoUDP) || !w.h.DstPort.Single() || w.h.DstPort.From != 53 {
		x := w.drop(hop, ProtocolRestriction, ReasonDNSPort, DirNone)
		x.Port = w.h.DstPort.From
		return
	}
	hop.Verdict, hop.Reason = Deliver, ReasonDNS
	w.end = endDNS
}

// --- internet gateways ---

// igwOut: subnet fromSubnet's route table sends the packet to internet
// gateway gi.
func (w *walker) igwOut(gi, fromSubnet int32) {
	p := w.p
	g := &p.igws[gi]
	hop := w.hop(p.igwRef(gi))
	hop.VPC = p.vpcRef(g.vpc)
	hop.Direction = Egress
	if er := w.redirected(gi, fromSubnet); er != nil {
		x := w.drop(hop, IngressRtbTrafficRedirection, ReasonEdgeAsymmetric, Egress)
		x.Gateway, x.RouteTable, x.Route = p.igwRef(gi), p.rtbRef(g.edgeRtb), er
		x.Subnet, x.SubnetRouteTable = p.subnetRef(fromSubnet), p.rtbRef(p.subnets[fromSubnet].rtb)
		x.Address, x.PacketField = w.h.Src, "source-address"
		return
	}
	if !w.ret && fromSubnet >= 0 && p.subnets[fromSubnet].bpa.on {
		hd, found := p.lookupAddr(g.vpc, w.h.Src)
		if w.bpaBlocked(hop, fromSubnet, Egress, found && hd.nat >= 0) {
			return
		}
	}
	if w.h.Dst.Is6() {
		if !inAny(p.vpcs[g.vpc].cidrs, w.h.Src) {
			x := w.drop(hop, GatewayRejectsSpoofedTraffic, ReasonSpoofed, Egress)
			x.Address = w.h.Src
			return
		}
		hop.Verdict, hop.Reason = Forward, ReasonIGWOut6
	} else {
		if isRFC1918(w.h.Dst) {
			x := w.drop(hop, IgwDestinationAddressNotInRFC1918Egress, ReasonIGWPrivateDest, Egress)
			x.Address, x.PacketField = w.h.Dst, "destination-address"
			return
		}
		if rfc6598.Contains(w.h.Dst) {
			x := w.drop(hop, IgwDestinationAddressNotInRFC6598Egress, ReasonIGWPrivateDest, Egress)
			x.Address, x.PacketField = w.h.Dst, "destination-address"
			return
		}
		hd, found := p.lookupAddr(g.vpc, w.h.Src)
		pub, ok := hd.publicIP()
		if !found || !ok {
			x := w.drop(hop, IgwPublicIPAssociationForEgress, ReasonIGWNoPublicIP, Egress)
			x.Address, x.PacketField = w.h.Src, "source-address"
			if found && hd.eni >= 0 {
				x.AttachedTo = p.eniRef(hd.eni)
			}
			return
		}
		w.h.Src = pub
		hop.Out = w.h
		hop.Verdict, hop.Reason = Translate, ReasonIGWOut
	}
	w.exitGW = nodeRef{kindIGW, gi}
	w.internet()
}

func (w *walker) eigwOut(gi int32) {
	p := w.p
	g := &p.eigws[gi]
	hop := w.hop(p.eigwRef(gi))
	hop.VPC = p.vpcRef(g.vpc)
	hop.Direction = Egress
	if !w.h.Dst.Is6() {
		w.drop(hop, NoPossibleDestination, ReasonEIGWIPv4, Egress)
		return
	}
	if !inAny(p.vpcs[g.vpc].cidrs, w.h.Src) {
		x := w.drop(hop, GatewayRejectsSpoofedTraffic, ReasonSpoofed, Egress)
		x.Address = w.h.Src
		return
	}
	if w.bpaBlocked(hop, p.subnetOf(g.vpc, w.h.Src), Egress, true) {
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonEIGWOut
	w.exitGW = nodeRef{kindEIGW, gi}
	w.internet()
}

// redirected returns the route of internet gateway gi's gateway route
// table that sends traffic for the packet's source to a middlebox, when
// the packet leaves from the source's own subnet straight to the gateway:
// the response would come back through the middlebox, and AWS does not
// support such asymmetric routing (VPC-UG VPC_Route_Tables.md "Gateway
// route tables": "the return traffic from the destination subnet must be
// routed through the same appliance"; RA code INGRESS_RTB_TRAFFIC_REDIRECTION).
// Traffic the middlebox itself forwards comes from another subnet and is
// not affected; nor is a middlebox in the source's own subnet.
func (w *walker) redirected(gi, fromSubnet int32) *Route {
	p := w.p
	ri := p.igws[gi].edgeRtb
	if ri < 0 || fromSubnet < 0 {
		return nil
	}
	s := &p.subnets[fromSubnet]
	if !s.cidr4.Contains(w.h.Src) && !s.cidr6.Contains(w.h.Src) {
		return nil
	}
	r := p.lookupRoute(ri, w.h.Src)
	if r == nil || r.Target == model.TargetLocal {
		return nil
	}
	if r.next.kind == kindENI && r.next.idx >= 0 && p.enis[r.next.idx].subnet == fromSubnet {
		return nil
	}
	return r
}

// hasPublicAddr reports whether interface ei can receive internet traffic
// of the packet's family through a gateway route table: a public IPv4
// address (auto-assigned or Elastic IP) for IPv4, an IPv6 address for IPv6.
func (p *Plane) hasPublicAddr(ei int32, v6 bool) bool {
	e := p.enis[ei].m
	if v6 {
		return len(e.Ipv6Addresses) > 0
	}
	for i := range e.PrivateIPs {
		if e.PrivateIPs[i].PublicIP.IsValid() {
			return true
		}
	}
	return false
}

// internet: the packet is outside every VPC. If it is addressed to a
// public address (or VPC IPv6 address) of the plane it comes back in
// through that VPC's gateway; otherwise it is delivered to the internet.
func (w *walker) internet() {
	p := w.p
	vi := int32(-1)
	if w.h.Dst.Is4() {
		if pe, ok := p.lookupPublic(w.h.Dst); ok {
			vi = pe.vpc
		}
	} else if v, ok := p.v6owner.Lookup(w.h.Dst); ok {
		vi = v
	}
	if vi < 0 {
		if n := len(*w.hops); n > 0 && (*w.hops)[n-1].Component.Type == TypeInternet {
			(*w.hops)[n-1].Verdict, (*w.hops)[n-1].Reason = Deliver, ReasonInternet
		} else {
			hop := w.hop(internetRef)
			hop.Verdict, hop.Reason = Deliver, ReasonInternet
		}
		w.end = endInternet
		return
	}
	if n := len(*w.hops); n == 0 || (*w.hops)[n-1].Component.Type != TypeInternet {
		hop := w.hop(internetRef)
		hop.Verdict, hop.Reason = Forward, ReasonInternet
	}
	w.enterVPC(vi)
}

// enterVPC: a packet from the internet reaches VPC vi's edge.
func (w *walker) enterVPC(vi int32) {
	p := w.p
	v := &p.vpcs[vi]
	// A response returns through the gateway that carried the request.
	if w.ret && w.exitGW.kind == kindEIGW && p.eigws[w.exitGW.idx].vpc == vi {
		gi := w.exitGW.idx
		hop := w.hop(p.eigwRef(gi))
		hop.VPC, hop.Direction = p.vpcRef(vi), Ingress
		hop.Verdict, hop.Reason = Forward, ReasonEIGWIn
		w.deliverLocal(vi, -1)
		return
	}
	if v.igw >= 0 {
		w.igwIn(v.igw)
		return
	}
	if v.eigw >= 0 && w.h.Dst.Is6() {
		hop := w.hop(p.eigwRef(v.eigw))
		hop.VPC = p.vpcRef(vi)
		w.drop(hop, NoPath, ReasonEIGWUnsolicited, Ingress)
		return
	}
	hop := w.hop(p.vpcRef(vi))
	w.drop(hop, NoPath, ReasonNoGateway, Ingress)
}

func (w *walker) igwIn(gi int32) {
	p := w.p
	g := &p.igws[gi]
	vi := g.vpc
	hop := w.hop(p.igwRef(gi))
	hop.VPC, hop.Direction = p.vpcRef(vi), Ingress
	if w.h.Dst.Is4() {
		if isRFC1918(w.h.Src) {
			x := w.drop(hop, IgwSourceAddressNotInRFC1918Ingress, ReasonIGWPrivateSource, Ingress)
			x.Address, x.PacketField = w.h.Src, "source-address"
			return
		}
		if rfc6598.Contains(w.h.Src) {
			x := w.drop(hop, IgwSourceAddressNotInRFC6598Ingress, ReasonIGWPrivateSource, Ingress)
			x.Address, x.PacketField = w.h.Src, "source-address"
			return
		}
		pe, ok := p.lookupPublic(w.h.Dst)
		if !ok || pe.vpc != vi {
			x := w.drop(hop, IgwPrivateIPAssociationForIngress, ReasonIGWNotInVPC, Ingress)
			x.Address, x.PacketField = w.h.Dst, "destination-address"
			return
		}
		w.h.Dst = addrOf4(pe.private)
		hop.Out = w.h
		hop.Verdict, hop.Reason = Translate, ReasonIGWIn
	} else {
		if !inAny(p.vpcs[vi].cidrs, w.h.Dst) {
			x := w.drop(hop, IgwDestinationAddressInVpcCidrs, ReasonIGWNotInVPC, Ingress)
			x.Address, x.PacketField = w.h.Dst, "destination-address"
			return
		}
		hop.Verdict, hop.Reason = Forward, ReasonIGWIn6
	}
	if w.bpaBlocked(hop, p.subnetOf(vi, w.h.Dst), Ingress, false) {
		return
	}
	// Ingress routing: a gateway route table (edge association) decides
	// where traffic from the gateway goes (VPC-UG route-table-options.md).
	if g.edgeRtb >= 0 {
		// The middlebox a gateway route table sends internet traffic to
		// must have a public IP address (VPC-UG VPC_Route_Tables.md
		// "Gateway route tables"; RA code INGRESS_RTB_NO_PUBLIC_IP).
		if r := p.lookupRoute(g.edgeRtb, w.h.Dst); r != nil && r.State == RouteActive && r.next.kind == kindENI && !p.hasPublicAddr(r.next.idx, w.h.Dst.Is6()) {
			hop := w.hop(p.rtbRef(g.edgeRtb))
			hop.VPC, hop.Route = p.vpcRef(vi), r
			x := w.drop(hop, IngressRtbNoPublicIP, ReasonEdgeNoPublicIP, Ingress)
			x.AttachedTo, x.Gateway, x.RouteTable = p.eniRef(r.next.idx), p.igwRef(gi), p.rtbRef(g.edgeRtb)
			return
		}
		w.routeTable(g.edgeRtb, -1, ReasonEdgeRoute)
		return
	}
	w.deliverLocal(vi, -1)
}

var rfc6598 = netip.MustParsePrefix("100.64.0.0/10")

var rfc1918 = [3]netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

func isRFC1918(a netip.Addr) bool {
	return rfc1918[0].Contains(a) || rfc1918[1].Contains(a) || rfc1918[2].Contains(a)
}

// --- NAT gateways (VPC-UG vpc-nat-gateway.md) ---

// natOut: a route sends the packet to NAT gateway ni for source NAT.
func (w *walker) natOut(ni, fromSubnet int32) {
	p := w.p
	n := &p.nats[ni]
	if n.subnet != fromSubnet && !w.aclHop(n.subnet, Ingress) {
		return
	}
	hop := w.hop(p.natRef(ni))
	hop.VPC = p.vpcRef(n.vpc)
	if n.eni >= 0 {
		hop.AttachedTo = p.eniRef(n.eni)
	}
	switch {
	case !n.ok:
		w.drop(hop, BadState, ReasonNATState, DirNone)
		return
	case w.h.Dst.Is6() && !isNAT64(w.h.Dst):
		w.drop(hop, ProtocolRestriction, ReasonNATIPv6, DirNone)
		return
	case w.h.Proto != ProtoTCP && w.h.Proto != ProtoUDP && w.h.Proto != ProtoICMP && (w.h.Proto != ProtoICMPv6 || !isNAT64(w.h.Dst)):
		w.drop(hop, ProtocolRestriction, ReasonNATProtocol, DirNone)
		return
	case !inAny(p.vpcs[n.vpc].cidrs, w.h.Src) && w.tgwVPC != n.vpc:
		// Traffic from a peered VPC, a VPN or Direct Connect cannot use
		// the NAT gateway; traffic a transit gateway delivered into the
		// VPC can (transit-gateway-nat-igw.md, centralized egress).
		w.drop(hop, NgwRequiresSourceInVpc, ReasonNATNotFromVPC, DirNone)
		return
	case w.h.Dst.Is6():
		w.nat64Out(ni, hop)
		return
	}
	w.addSNAT(snatRec{kind: kindNAT, idx: ni, orig: w.h.Src, origPort: w.h.SrcPort, xlated: n.m.PrivateIP})
	w.h.Src = n.m.PrivateIP
	if w.h.HasPorts() {
		w.h.SrcPort = EphemeralNAT // REMAP_EPHEMERAL_PORT
	}
	hop.Out = w.h
	hop.Verdict, hop.Reason = Translate, ReasonNATOut
	w.route(n.subnet)
}

// natArrive: a packet addressed to NAT gateway ni's own address.
func (w *walker) natArrive(ni int32) {
	p := w.p
	n := &p.nats[ni]
	hop := w.hop(p.natRef(ni))
	hop.VPC = p.vpcRef(n.vpc)
	if n.eni >= 0 {
		hop.AttachedTo = p.eniRef(n.eni)
	}
	if w.ret && w.src.nat == ni && w.h.Dst == n.m.PrivateIP {
		// The response to the NAT gateway's own traffic.
		hop.Verdict, hop.Reason = Deliver, ReasonDelivered
		w.end, w.endENI = endENI, n.eni
		return
	}
	if w.ret {
		if r := w.findSNAT(kindNAT, ni, w.h.Dst); r != nil {
			w.h.Dst, w.h.DstPort = r.orig, r.origPort
			hop.Verdict, hop.Reason = Translate, ReasonNATIn
			w.nat64Return(r, hop)
			hop.Out = w.h
			w.route(n.subnet)
			return
		}
	}
	w.drop(hop, NoPossibleDestination, ReasonNATUnsolicited, Ingress)
}

// --- endpoint resolution ---

func (p *Plane) resolve(q *Query) (src, dst endpoint, h Header, err error) {
	proto := protoNumber(q.Protocol)
	if proto < 0 {
		return src, dst, h, fmt.Errorf("%w: protocol %q (want tcp, udp, icmp, icmpv6 or a number 0-255)", ErrBadQuery, q.Protocol)
	}
	h.Proto = uint8(proto)
	v6 := q.IPv6 || q.SourceIP.Is6() || q.DestinationIP.Is6()
	// A destination given only as an address (Reachability Analyzer's
	// FilterAtSource.DestinationAddress without a Destination) is that
	// address.
	dstID := q.Destination
	if dstID == "" && q.DestinationIP.IsValid() {
		dstID = q.DestinationIP.String()
	}
	// An address is looked up where the packet is, as the VPC router
	// does: the destination in the source's VPC, and a source address
	// held in several VPCs in the destination's VPC. Overlapping VPCs make
	// an address ambiguous only when neither side says which VPC.
	src, err = p.endpoint(q.Source, q.SourceIP, q.VPC, -1, "source")
	srcAmbiguous := err != nil && errors.Is(err, ErrAmbiguous)
	if err != nil && !srcAmbiguous {
		return
	}
	ctx := int32(-1)
	if !srcAmbiguous {
		ctx = p.endpointVPC(src)
	}
	if dst, err = p.endpoint(dstID, q.DestinationIP, q.VPC, ctx, "destination"); err != nil {
		return
	}
	if srcAmbiguous {
		if src, err = p.endpoint(q.Source, q.SourceIP, q.VPC, p.endpointVPC(dst), "source"); err != nil {
			return
		}
	}
	if a, ok := parseIP(q.Source); ok {
		v6 = v6 || a.Is6()
	}
	if a, ok := parseIP(dstID); ok {
		v6 = v6 || a.Is6()
		dst.any = true
	}
	if src.kind == endInternet && dst.kind == endInternet {
		return src, dst, h, fmt.Errorf("%w: source and destination are both on the internet", ErrBadQuery)
	}
	// Source address.
	switch {
	case src.addr.IsValid():
		h.Src = src.addr
	case src.kind == endInternet:
		h.Src = DefaultInternetIPv4
		if v6 {
			h.Src = DefaultInternetIPv6
		}
	default:
		if h.Src, err = p.endpointAddr(src, v6, false); err != nil {
			if !p.ipv6OnlySource(src, v6) {
				return
			}
			h.Src, err = netip.IPv4Unspecified(), nil // dropped at the source (nat64.go)
		}
	}
	// Destination address.
	switch {
	case dst.addr.IsValid():
		h.Dst = dst.addr
	case dst.kind == endInternet:
		h.Dst = DefaultInternetIPv4
		if v6 {
			h.Dst = DefaultInternetIPv6
		}
	default:
		if h.Dst, err = p.endpointAddr(dst, v6, src.kind == endInternet); err != nil {
			return
		}
	}
	if h.Src.Is4() != h.Dst.Is4() {
		return src, dst, h, fmt.Errorf("%w: source %s and destination %s are of different IP versions", ErrBadQuery, h.Src, h.Dst)
	}
	if h.Proto == ProtoICMP && h.Dst.Is6() {
		h.Proto = ProtoICMPv6
	}
	switch h.Proto {
	case ProtoTCP, ProtoUDP:
		if q.DestinationPort == 0 {
			return src, dst, h, fmt.Errorf("%w: %s needs a destination port", ErrBadQuery, protoName(h.Proto))
		}
		h.DstPort = PortRange{q.DestinationPort, q.DestinationPort}
		switch {
		case q.SourcePort != 0:
			h.SrcPort = PortRange{q.SourcePort, q.SourcePort}
		case src.nat >= 0:
			h.SrcPort = EphemeralNAT
		default:
			h.SrcPort = EphemeralLinux
		}
	case ProtoICMP, ProtoICMPv6:
		h.IcmpType = 8
		if h.Proto == ProtoICMPv6 {
			h.IcmpType = 128
		}
		if q.IcmpType != nil {
			h.IcmpType = *q.IcmpType
		}
		if q.IcmpCode != nil {
			h.IcmpCode = *q.IcmpCode
		}
	}
	return src, dst, h, nil
}

func protoNumber(s string) int {
	switch strings.ToLower(s) {
	case "tcp":
		return ProtoTCP
	case "udp":
		return ProtoUDP
	case "icmp":
		return ProtoICMP
	case "icmpv6":
		return ProtoICMPv6
	case "-1", "all", "":
		return -1
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
		if n > 255 {
			return -1
		}
	}
	return n
}

// endpointVPC returns the VPC an endpoint is in (the VPC its packets are
// routed in), or -1 for the internet or an address not in the plane.
func (p *Plane) endpointVPC(ep endpoint) int32 {
	switch {
	case ep.eni >= 0:
		return p.enis[ep.eni].vpc
	case ep.nat >= 0:
		return p.nats[ep.nat].vpc
	case ep.igw >= 0:
		return p.igws[ep.igw].vpc
	}
	return -1
}

// endpoint resolves one side of a query. vpcHint (the query's VPC) or else
// ctx (the VPC of the other side, or -1) says in which VPC an address held
// in several VPCs is meant.
func (p *Plane) endpoint(id string, pin netip.Addr, vpcHint string, ctx int32, side string) (endpoint, error) {
	ep := endpoint{eni: -1, nat: -1, igw: -1, vpn: -1, addr: pin}
	switch {
	case id == "":
		return ep, fmt.Errorf("%w: no %s", ErrBadQuery, side)
	case strings.HasPrefix(id, "eni-"):
		ei, ok := p.eniByID[id]
		if !ok {
			return ep, fmt.Errorf("%w: %s network interface %s", ErrUnknownID, side, id)
		}
		ep.kind, ep.eni, ep.nat = endENI, ei, p.enis[ei].nat
	case strings.HasPrefix(id, "i-"):
		ii, ok := p.instByID[id]
		if !ok {
			return ep, fmt.Errorf("%w: %s instance %s", ErrUnknownID, side, id)
		}
		in := &p.insts[ii]
		if in.eni < 0 {
			return ep, fmt.Errorf("%w: %s instance %s has no network interface", ErrUnassigned, side, id)
		}
		ep.kind, ep.eni = endENI, in.eni
	case strings.HasPrefix(id, "nat-"):
		ni, ok := p.natByID[id]
		if !ok {
			return ep, fmt.Errorf("%w: %s NAT gateway %s", ErrUnknownID, side, id)
		}
		if n := &p.nats[ni]; !n.ok && !n.m.PrivateIP.IsValid() {
			return ep, fmt.Errorf("%w: %s NAT gateway %s is %s", ErrUnassigned, side, id, n.m.State)
		}
		ep.kind, ep.nat, ep.eni = endENI, ni, p.nats[ni].eni
		if ep.eni < 0 && side == "destination" {
			ep.any = true
		}
		if !ep.addr.IsValid() && side == "source" {
			ep.addr = p.nats[ni].m.PrivateIP
		}
	case strings.HasPrefix(id, "igw-"):
		gi, ok := p.igwByID[id]
		if !ok {
			return ep, fmt.Errorf("%w: %s internet gateway %s", ErrUnknownID, side, id)
		}
		ep.kind, ep.igw = endInternet, gi
	case strings.HasPrefix(id, "cgw-"):
		return p.cgwEndpoint(ep, id, side)
	case strings.HasPrefix(id, "dxvif-"):
		return p.vifEndpoint(ep, id, side)
	case strings.HasPrefix(id, "vpce-"):
		return p.vpceEndpoint(ep, id, side)
	case strings.HasPrefix(id, "arn:aws:elasticloadbalancing:"):
		return p.lbEndpoint(ep, id, side)
	default:
		a, ok := parseIP(id)
		if !ok {
			return ep, fmt.Errorf("%w: %s %q is neither a supported resource id (eni-, i-, igw-, nat-, cgw-, vpce-, a load balancer ARN) nor an IP address", ErrBadQuery, side, id)
		}
		a = a.Unmap()
		ep.addr = a
		hd, vi, n := p.findAddr(a, vpcHint)
		if n > 1 && ctx >= 0 {
			if h, ok := p.lookupAddr(ctx, a); ok {
				hd, vi, n = h, ctx, 1
			} else if side == "destination" {
				// Not in the packet's VPC: where it goes is for the
				// source VPC's routes to decide; any delivery counts.
				ep.kind = endENI
				return ep, nil
			}
		}
		switch {
		case n > 1:
			return ep, fmt.Errorf("%w: %s %s is a private address in %d VPCs; name the VPC", ErrAmbiguous, side, a, n)
		case n == 1:
			ep.kind, ep.eni, ep.nat = endENI, hd.eni, hd.nat
			_ = vi
		default:
			if pe, ok := p.lookupPublic(a); ok && side == "destination" {
				// A public address of an interface: reached through
				// the internet and its VPC's gateway.
				if hd, ok := p.lookupAddr(pe.vpc, addrOf4(pe.private)); ok {
					ep.kind, ep.eni, ep.nat = endENI, hd.eni, hd.nat
					return ep, nil
				}
			}
			if p.onPremEndpoint(&ep, a) {
				// An address of an on-premises network behind a
				// customer gateway (vpn.go) or a Direct Connect
				// virtual interface (dx.go).
				return ep, nil
			}
			ep.kind = endInternet
			if side == "source" && !a.IsGlobalUnicast() {
				return ep, fmt.Errorf("%w: source %s belongs to no interface", ErrUnassigned, a)
			}
		}
	}
	return ep, nil
}

// parseIP parses s as an address without allocating an error for ids.
func parseIP(s string) (netip.Addr, bool) {
	if s == "" || !(s[0] >= '0' && s[0] <= '9' || strings.IndexByte(s, ':') >= 0) || strings.HasPrefix(s, "arn:") {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	return a, err == nil
}

// findAddr finds the holder of a private address across VPCs: the
// holder, its VPC and the number of VPCs holding the address.
func (p *Plane) findAddr(a netip.Addr, vpcHint string) (holder, int32, int) {
	if vpcHint != "" {
		vi, ok := p.vpcByID[vpcHint]
		if !ok {
			return holder{}, -1, 0
		}
		hd, ok := p.lookupAddr(vi, a)
		if !ok {
			return holder{}, -1, 0
		}
		return hd, vi, 1
	}
	hd, ok := p.addrs[keyOf(a)]
	switch {
	case !ok:
		return holder{}, -1, 0
	case hd.next >= 0:
		n := 1
		for i := hd.next; i >= 0; i = p.addrMore[i].next {
			n++
		}
		return holder{}, -1, n
	}
	return hd, hd.vpc, 1
}

// endpointAddr picks the packet address of an interface endpoint: its
// primary private IPv4 (or first IPv6), or its public IPv4 when the packet
// comes from the internet.
func (p *Plane) endpointAddr(ep endpoint, v6, public bool) (netip.Addr, error) {
	if ep.eni < 0 {
		if ep.nat >= 0 {
			n := p.nats[ep.nat].m
			if public && n.PublicIP.IsValid() && !v6 {
				return n.PublicIP, nil
			}
			return n.PrivateIP, nil
		}
		return netip.Addr{}, fmt.Errorf("%w: endpoint has no address", ErrUnassigned)
	}
	e := p.enis[ep.eni].m
	if v6 {
		if len(e.Ipv6Addresses) == 0 {
			return netip.Addr{}, fmt.Errorf("%w: %s has no IPv6 address", ErrUnassigned, e.ID)
		}
		return e.Ipv6Addresses[0], nil
	}
	if ep.nat >= 0 {
		n := p.nats[ep.nat].m
		if public && n.PublicIP.IsValid() {
			return n.PublicIP, nil
		}
		return n.PrivateIP, nil
	}
	if public {
		for _, pi := range e.PrivateIPs {
			if pi.Primary && pi.PublicIP.IsValid() {
				return pi.PublicIP, nil
			}
		}
		for _, pi := range e.PrivateIPs {
			if pi.PublicIP.IsValid() {
				return pi.PublicIP, nil
			}
		}
	}
	a := e.PrimaryIP()
	if !a.IsValid() {
		return a, fmt.Errorf("%w: %s has no IPv4 address", ErrUnassigned, e.ID)
	}
	return a, nil
}
