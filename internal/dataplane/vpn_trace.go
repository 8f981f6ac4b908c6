package dataplane

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
)

// hybridWalk is the VPN state of one walk. Indexes are stored plus one so
// that the zero value means none.
type hybridWalk struct {
	// endVPN is the connection whose on-premises network received the
	// packet (w.end == endOnPrem).
	endVPN int32
	// inVGW is the virtual private gateway the forward path entered the
	// VPC through: its responses may leave through it.
	inVGW int32
}

// cgwEndpoint resolves a customer gateway id as a trace endpoint: the
// on-premises network behind it (the pinned address, else the first
// address after the network address of its first prefix).
func (p *Plane) cgwEndpoint(ep endpoint, id, side string) (endpoint, error) {
	conns := p.hy.cgwConns[id]
	if len(conns) == 0 {
		return ep, fmt.Errorf("%w: %s customer gateway %s (it has no active VPN connection)", ErrUnknownID, side, id)
	}
	ep.kind, ep.vpn = endOnPrem, conns[0]
	for _, ci := range conns {
		if p.hy.vpns[ci].up {
			ep.vpn = ci
			break
		}
	}
	if !ep.addr.IsValid() {
		for _, ci := range conns {
			if ps := p.hy.vpns[ci].prefixes; len(ps) > 0 {
				ep.addr = ps[0].Addr().Next()
				break
			}
		}
		if !ep.addr.IsValid() {
			return ep, fmt.Errorf("%w: %s customer gateway %s advertises no prefix and its connections have no static route", ErrUnassigned, side, id)
		}
	}
	return ep, nil
}

// pickConn chooses the connection a customer gateway sends a packet for
// dst into: among the connections of the gateway behind connection ci,
// the first that is up and whose AWS side knows dst (the VPC of its
// virtual private gateway or a route of that gateway; any transit gateway
// attachment), else the first that is up, else ci.
func (p *Plane) pickConn(ci int32, dst netip.Addr) int32 {
	conns := p.hy.cgwConns[p.hy.vpns[ci].m.CustomerGatewayID]
	first := int32(-1)
	for _, c := range conns {
		v := &p.hy.vpns[c]
		if !v.up {
			continue
		}
		if first < 0 {
			first = c
		}
		switch {
		case v.vgw >= 0:
			g := &p.hy.vgws[v.vgw]
			if g.vpc >= 0 && inAny(p.vpcs[g.vpc].cidrs, dst) {
				return c
			}
			if _, ok := g.lpm.Lookup(dst); ok {
				return c
			}
		case v.att >= 0:
			return c
		}
	}
	if first >= 0 {
		return first
	}
	return ci
}

// startOnPrem: the packet leaves a host of an on-premises network.
func (w *walker) startOnPrem(src endpoint) {
	p := w.p
	if w.onPremSendDX(src.vpn) {
		return
	}
	ci := p.pickConn(src.vpn, w.h.Dst)
	hop := w.hop(p.onPremRef(ci, w.h.Src))
	hop.Verdict, hop.Reason = Pass, ReasonOnPremSource
	w.cgwSend(ci)
}

// onPremReply starts the return path at the on-premises network the
// forward path reached.
func (w *walker) onPremReply() {
	p := w.p
	if w.onPremReplyDX() {
		return
	}
	ci := w.hy.endVPN - 1
	hop := w.hop(p.onPremRef(ci, w.h.Src))
	hop.Verdict, hop.Reason, hop.Out = Pass, ReasonOnPremSource, w.h
	w.cgwSend(p.pickConn(ci, w.h.Dst))
}

// cgwSend: the customer gateway device sends the packet into connection ci.
func (w *walker) cgwSend(ci int32) {
	p := w.p
	hop := w.hop(p.cgwRef(ci))
	hop.Verdict, hop.Reason = Forward, ReasonCGWOut
	w.vpnIn(ci)
}

// vpnDown drops the packet at hop because both tunnels of connection ci
// are down: BAD_STATE_VPN on a virtual private gateway, TGW_BAD_STATE_VPN
// on a transit gateway.
func (w *walker) vpnDown(hop *Hop, ci int32, dir Direction) {
	code := BadStateVPN
	if w.p.hy.vpns[ci].att >= 0 {
		code = TgwBadStateVPN
	}
	why := ReasonVPNTunnelsDown
	if w.p.hy.vpns[ci].transportDown {
		why = ReasonVPNTransportDown
	}
	x := w.drop(hop, code, why, dir)
	x.Component = w.p.vpnRef(ci)
}

// vpnIn: the packet crosses connection ci from the customer gateway to AWS.
func (w *walker) vpnIn(ci int32) {
	p := w.p
	v := &p.hy.vpns[ci]
	hop := w.hop(p.vpnRef(ci))
	hop.Direction = Ingress
	t, why, ok := w.tunnel(ci)
	if !ok {
		w.vpnDown(hop, ci, Ingress)
		return
	}
	hop.AttachedTo = t
	hop.Verdict, hop.Reason = Forward, why
	switch {
	case v.vgw >= 0:
		w.vgwIn(v.vgw, ci)
	case v.att >= 0:
		w.tgwFromHybrid(v.att, ReasonVPNAttachState)
	default:
		h := w.hop(Ref{Type: TypeVpnGateway, ID: v.m.VpnGatewayID})
		w.drop(h, BadStateAttachment, ReasonVGWDetached, Ingress)
	}
}

// vpnOut: the packet crosses connection ci from AWS to the customer
// gateway and the on-premises network behind it.
func (w *walker) vpnOut(ci int32) {
	p := w.p
	v := &p.hy.vpns[ci]
	hop := w.hop(p.vpnRef(ci))
	hop.Direction = Egress
	t, why, ok := w.tunnel(ci)
	if !ok {
		w.vpnDown(hop, ci, Egress)
		return
	}
	hop.AttachedTo = t
	hop.Verdict, hop.Reason = Forward, why
	ch := w.hop(p.cgwRef(ci))
	if !inAny(v.prefixes, w.h.Dst) {
		x := w.drop(ch, NoPossibleDestination, ReasonOnPremUnknown, DirNone)
		x.Address = w.h.Dst
		return
	}
	ch.Verdict, ch.Reason = Forward, ReasonCGWIn
	oh := w.hop(p.onPremRef(ci, w.h.Dst))
	oh.Verdict, oh.Reason = Deliver, ReasonOnPremDelivered
	w.end, w.hy.endVPN = endOnPrem, ci+1
}

// vgwIn: virtual private gateway gi receives the packet from connection ci.
func (w *walker) vgwIn(gi, ci int32) {
	p := w.p
	g := &p.hy.vgws[gi]
	hop := w.hop(p.vgwRef(gi))
	hop.Direction = Ingress
	if g.vpc >= 0 {
		hop.VPC = p.vpcRef(g.vpc)
	}
	if w.h.Dst.Is6() {
		w.drop(hop, ProtocolRestriction, ReasonVGWNoIPv6, Ingress)
		return
	}
	enter := func() {
		if !w.ret {
			w.hy.inVGW = gi + 1
		}
		hop.Verdict, hop.Reason = Forward, ReasonVGWIn
		if ci < 0 {
			hop.Reason = ReasonVGWInDX
		}
		if g.edgeRtb >= 0 {
			w.routeTable(g.edgeRtb, -1, ReasonEdgeRoute)
			return
		}
		w.deliverLocal(g.vpc, -1)
	}
	if g.vpc >= 0 && inAny(p.vpcs[g.vpc].cidrs, w.h.Dst) {
		enter()
		return
	}
	// VPN CloudHub: a route learned from another site.
	if i, ok := g.lpm.Lookup(w.h.Dst); ok {
		s := &g.sel[i]
		if to, ok := p.hy.vpnByID[s.Best.NextHop]; ok && ci >= 0 && to != ci {
			hop.Route = &g.routes[i]
			var asn int64
			if c := p.hy.vpns[ci].cgw; c != nil && !p.hy.vpns[ci].m.StaticRoutesOnly {
				asn = c.BgpAsn
			}
			if !model.CloudHubReadvertises(&s.Best, p.hy.vpns[ci].m.ID, asn) {
				x := w.drop(hop, NoRouteToDestination, ReasonCloudHubASN, Ingress)
				x.Address = w.h.Dst
				return
			}
			hop.Verdict, hop.Reason = Forward, ReasonCloudHub
			w.vpnOut(to)
			return
		}
	}
	// A gateway route table decides what it has a route for.
	if g.edgeRtb >= 0 && g.vpc >= 0 {
		if r := p.lookupRoute(g.edgeRtb, w.h.Dst); r != nil {
			enter()
			return
		}
	}
	if g.vpc < 0 {
		w.drop(hop, BadStateAttachment, ReasonVGWDetached, Ingress)
		return
	}
	x := w.drop(hop, VgwPrivateIPAssociationForIngress, ReasonVGWNotInVPC, Ingress)
	x.Address, x.PacketField = w.h.Dst, "destination-address"
}

// vgwOut: a route of the VPC sends the packet to virtual private gateway gi.
func (w *walker) vgwOut(gi, _ int32) {
	p := w.p
	g := &p.hy.vgws[gi]
	hop := w.hop(p.vgwRef(gi))
	hop.VPC, hop.Direction = p.vpcRef(g.vpc), Egress
	if w.h.Dst.Is6() {
		w.drop(hop, ProtocolRestriction, ReasonVGWNoIPv6, Egress)
		return
	}
	if !inAny(p.vpcs[g.vpc].cidrs, w.h.Src) && !(w.ret && w.hy.inVGW == gi+1) {
		x := w.drop(hop, VgwPrivateIPAssociationForEgress, ReasonVGWSpoofed, Egress)
		x.Address, x.PacketField = w.h.Src, "source-address"
		return
	}
	i, ok := g.lpm.Lookup(w.h.Dst)
	if !ok {
		if ci, ok := g.down.Lookup(w.h.Dst); ok {
			w.vpnDown(hop, ci, Egress)
			return
		}
		x := w.drop(hop, NoRouteToDestination, ReasonVGWNoRoute, Egress)
		x.Address = w.h.Dst
		return
	}
	hop.Route = &g.routes[i]
	hop.Verdict, hop.Reason = Forward, ReasonVGWRouted
	if w.vgwToDX(g.sel[i].Best.NextHop) {
		return
	}
	w.vpnOut(p.hy.vpnByID[g.sel[i].Best.NextHop])
}

// tgwFromHybrid: the packet enters transit gateway attachment ai from its
// VPN connection or Direct Connect gateway; the attachment's associated
// route table routes it. badState explains the drop when the attachment
// is not available.
func (w *walker) tgwFromHybrid(ai int32, badState Reason) {
	p := w.p
	a := &p.tgwAtts[ai]
	hop := w.hop(p.tgwAttRef(ai))
	hop.Direction = Ingress
	if !a.ok {
		x := w.drop(hop, BadStateAttachment, badState, Ingress)
		x.TGWAttachment = hop.Component
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonTGWAttachIn
	w.tgwRoute(a.tgw, a.rtb, ai, "")
}

// tgwToVPN: the transit gateway sends the packet out through VPN
// attachment ai.
func (w *walker) tgwToVPN(ai int32) {
	p := w.p
	a := &p.tgwAtts[ai]
	hop := w.hop(p.tgwAttRef(ai))
	hop.Direction = Egress
	ci, ok := p.hy.vpnByAtt[ai]
	if !a.ok || !ok {
		x := w.drop(hop, BadStateAttachment, ReasonVPNAttachState, Egress)
		x.TGWAttachment = hop.Component
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonTGWAttachOut
	w.loseRefs(refsTGW)
	w.vpnOut(ci)
}
