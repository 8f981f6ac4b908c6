package dataplane

import (
	"fmt"
	"net/netip"
)

// onPremEndpoint resolves address a as an on-premises trace endpoint: an
// address of a VPN connection's on-premises network (ep.vpn names the
// connection) or of a prefix advertised over a Direct Connect virtual
// interface (ep.vpn -1 when no VPN network holds it).
func (p *Plane) onPremEndpoint(ep *endpoint, a netip.Addr) bool {
	if ci, ok := p.onPremConn(a); ok {
		ep.kind, ep.vpn = endOnPrem, ci
		return true
	}
	if p.dxHolds(a) {
		ep.kind, ep.vpn = endOnPrem, -1
		return true
	}
	return false
}

// vifEndpoint resolves a virtual interface id as a trace endpoint: the
// on-premises network behind it (the pinned address, else the first
// address after the network address of its first advertised prefix).
func (p *Plane) vifEndpoint(ep endpoint, id, side string) (endpoint, error) {
	vi, ok := p.dx.vifByID[id]
	if !ok {
		return ep, fmt.Errorf("%w: %s virtual interface %s (not a private or transit virtual interface of this world)", ErrUnknownID, side, id)
	}
	if !ep.addr.IsValid() {
		ps := p.dx.vifs[vi].prefixes
		if len(ps) == 0 {
			return ep, fmt.Errorf("%w: %s virtual interface %s advertises no prefix (declare them with vpcsim:bgp tags)", ErrUnassigned, side, id)
		}
		ep.addr = ps[0].Addr().Next()
	}
	ep.kind, ep.vpn = endOnPrem, -1
	if ci, ok := p.onPremConn(ep.addr); ok {
		ep.vpn = ci
	}
	return ep, nil
}

// onPremSendDX: the on-premises router sends the packet (w.h) over Direct
// Connect when an interface that is up advertises the source and received
// a route for the destination. Otherwise, when the VPN connection vpn
// (>= 0) holds the source, it leaves the packet to the VPN (false: the
// VPN as backup); else it sends over the interface advertising the source,
// where the packet is dropped (down, or no route received).
func (w *walker) onPremSendDX(vpn int32) bool {
	p := w.p
	if len(p.dx.vifs) == 0 {
		return false
	}
	vi, found := p.onPremVIF(w.h.Src, w.h.Dst)
	if vi < 0 || (!found && vpn >= 0) {
		return false
	}
	hop := w.hop(p.dxOnPremRef(vi, w.h.Src))
	hop.Verdict, hop.Reason = Pass, ReasonOnPremSource
	w.vifIn(vi)
	return true
}

// onPremReplyDX starts the return path at the on-premises network the
// forward path reached: over Direct Connect when onPremSendDX chooses it,
// else over the VPN connection holding the address (false; w.hy.endVPN
// then names it).
func (w *walker) onPremReplyDX() bool {
	if w.hy.endVPN > 0 {
		return w.onPremSendDX(w.hy.endVPN - 1)
	}
	// The forward path reached on-premises over Direct Connect.
	ci, ok := w.p.onPremConn(w.h.Src)
	if !ok {
		ci = -1
	}
	if w.onPremSendDX(ci) {
		return true
	}
	w.hy.endVPN = ci + 1
	return false
}

// vifIn: the packet crosses interface vi from on-premises to AWS, then
// its Direct Connect gateway (if any) to the virtual private gateway or
// transit gateway attachment whose routes hold the destination.
func (w *walker) vifIn(vi int32) {
	p := w.p
	v := &p.dx.vifs[vi]
	hop := w.hop(p.vifRef(vi))
	hop.Direction = Ingress
	if !v.up {
		w.drop(hop, BadState, ReasonDXVifDown, Ingress)
		return
	}
	if w.siteLinkIn(vi, hop) { // to another location (sitelink.go)
		return
	}
	t, ok := p.dxReceived(vi, w.h.Dst)
	if !ok {
		x := w.drop(hop, NoRouteToDestination, ReasonDXNoRoute, Ingress)
		x.Address = w.h.Dst
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonDXVifIn
	if v.gw >= 0 {
		gh := w.hop(p.dxgwRef(v.gw))
		gh.Direction = Ingress
		gh.Verdict, gh.Reason = Forward, ReasonDXGatewayIn
	}
	switch {
	case t.vgw >= 0:
		w.vgwIn(t.vgw, -1)
	case t.att >= 0:
		w.tgwFromHybrid(t.att, ReasonTGWAttachState)
	}
}

// tgwToDX: the transit gateway sends the packet out through Direct Connect
// gateway attachment ai.
func (w *walker) tgwToDX(ai int32) {
	p := w.p
	a := &p.tgwAtts[ai]
	hop := w.hop(p.tgwAttRef(ai))
	hop.Direction = Egress
	if !a.ok {
		x := w.drop(hop, BadStateAttachment, ReasonTGWAttachState, Egress)
		x.TGWAttachment = hop.Component
		return
	}
	gi, ok := p.dx.attGW[ai]
	if !ok {
		x := w.drop(hop, NoRouteToDestination, ReasonDXGatewayNoVif, Egress)
		x.Address = w.h.Dst
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonTGWAttachOut
	w.loseRefs(refsTGW)
	w.dxOut(gi, -1)
}

// vgwToDX sends the packet a virtual private gateway routed to next hop
// nextHop over Direct Connect when nextHop is a virtual interface.
func (w *walker) vgwToDX(nextHop string) bool {
	vi, ok := w.p.dx.vifByID[nextHop]
	if !ok {
		return false
	}
	w.dxOut(w.p.dx.vifs[vi].gw, vi)
	return true
}

// dxOut: the packet crosses Direct Connect gateway gi (if >= 0) and
// interface vi (or, when vi < 0, the gateway's interface that is up with
// the longest advertised prefix holding the destination) to on-premises.
func (w *walker) dxOut(gi, vi int32) {
	p := w.p
	if gi >= 0 {
		gh := w.hop(p.dxgwRef(gi))
		gh.Direction = Egress
		if vi < 0 {
			vi = p.dxgwVIF(gi, w.h.Dst)
		}
		if vi < 0 {
			x := w.drop(gh, NoRouteToDestination, ReasonDXGatewayNoVif, Egress)
			x.Address = w.h.Dst
			return
		}
		gh.Verdict, gh.Reason = Forward, ReasonDXGatewayOut
	}
	v := &p.dx.vifs[vi]
	hop := w.hop(p.vifRef(vi))
	hop.Direction = Egress
	if !v.up {
		w.drop(hop, BadState, ReasonDXVifDown, Egress)
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonDXVifOut
	oh := w.hop(p.dxOnPremRef(vi, w.h.Dst))
	if !inAny(v.prefixes, w.h.Dst) {
		x := w.drop(oh, NoPossibleDestination, ReasonOnPremUnknown, DirNone)
		x.Address = w.h.Dst
		return
	}
	oh.Verdict, oh.Reason = Deliver, ReasonOnPremDelivered
	w.end = endOnPrem
}

// dxgwVIF returns the interface of Direct Connect gateway gi that is up
// and advertises the longest prefix holding a, or -1.
func (p *Plane) dxgwVIF(gi int32, a netip.Addr) int32 {
	best, bits := int32(-1), -1
	for i := range p.dx.vifs {
		v := &p.dx.vifs[i]
		if v.gw != gi || !v.up {
			continue
		}
		for _, pf := range v.prefixes {
			if pf.Bits() > bits && pf.Contains(a) {
				best, bits = int32(i), pf.Bits()
			}
		}
	}
	return best
}
