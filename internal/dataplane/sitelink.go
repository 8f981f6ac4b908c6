package dataplane

import (
	"net/netip"

	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
)

// SiteLink in the plane (Direct Connect User Guide
// WorkingWithVirtualInterfaces.md "SiteLink"; the guide's announcement,
// AboutThisGuide.md "Support for SiteLink").
//
// SiteLink connects two Direct Connect locations over the AWS network
// without entering a Region: on-premises site A -> its virtual interface
// -> the Direct Connect gateway -> another virtual interface of the SAME
// gateway -> site B. vpcsim models it as route re-advertisement by the
// gateway:
//
//   - Which interfaces: the guide's table supports transit interfaces and
//     private interfaces attached to a Direct Connect gateway (whether or
//     not the gateway is associated with a virtual private gateway); a
//     private interface attached straight to a virtual private gateway and
//     a public interface are not supported (the control plane refuses
//     SiteLink on them; here they have no gateway, so nothing to share).
//   - Both ends: the gateway passes the prefixes one interface's BGP
//     session advertises to another interface only when SiteLink is
//     enabled on both and both are up (available, a BGP session up). When
//     one side has it disabled, or is down, its prefixes are not
//     re-advertised: the on-premises router of the other site has no route
//     and the packet stops at the sending interface
//     (NO_ROUTE_TO_DESTINATION).
//   - Route choice: the on-premises router picks the longest prefix among
//     what it received over its interface, SiteLink routes and the routes
//     of the gateway's associations alike (allowed prefixes, VPC CIDR
//     blocks). On a tie the association's route wins, so a destination in
//     an associated VPC stays on the VPC path (vpcsim's rule: AWS does not
//     document a tie between a Region route and a SiteLink route). Between
//     SiteLink interfaces advertising the same prefix the first interface
//     in id order wins: AS path and MED between locations, and the
//     shortest-path choice inside the AWS network, are not modelled.
//   - SiteLink does not change what the gateway sends towards a virtual
//     private gateway or a transit gateway (dx.go): the guide's remark on
//     AS path length from a Region applies to locations, which vpcsim does
//     not model.
//
// The hops are the existing components: the sending interface (ingress),
// the Direct Connect gateway (SiteLink), the receiving interface (egress)
// and the on-premises prefix. Lookups scan the gateway's interfaces and
// allocate nothing.

// siteLinkOn reports whether interface vi takes part in SiteLink: a
// private or transit interface on a Direct Connect gateway, with SiteLink
// enabled, up.
func (p *Plane) siteLinkOn(vi int32) bool {
	v := &p.dx.vifs[vi]
	return v.m.SiteLink && v.up && v.gw >= 0 && (v.m.Type == dx.VifPrivate || v.m.Type == dx.VifTransit)
}

// siteLinkRoute returns the interface the on-premises router behind vi
// reaches a through SiteLink: among the other SiteLink interfaces of vi's
// gateway, the one advertising the longest prefix holding a, and that
// prefix's length; -1 when vi is not on SiteLink or no such interface
// exists.
func (p *Plane) siteLinkRoute(vi int32, a netip.Addr) (to int32, bits int) {
	to, bits = -1, -1
	if !p.siteLinkOn(vi) {
		return to, bits
	}
	gw := p.dx.vifs[vi].gw
	for j := range p.dx.vifs {
		u := &p.dx.vifs[j]
		if int32(j) == vi || u.gw != gw || !p.siteLinkOn(int32(j)) {
			continue
		}
		for _, pf := range u.prefixes {
			if pf.Bits() > bits && pf.Contains(a) {
				to, bits = int32(j), pf.Bits()
			}
		}
	}
	return to, bits
}

// dxReceivedBits is the prefix length of the association route the
// on-premises router behind vi received for a (dxReceived), -1 without
// one.
func (p *Plane) dxReceivedBits(vi int32, a netip.Addr) int {
	v := &p.dx.vifs[vi]
	switch {
	case v.vgw >= 0:
		g := &p.hy.vgws[v.vgw]
		if g.vpc < 0 {
			return -1
		}
		bits := -1
		for _, c := range p.vpcs[g.vpc].cidrs {
			if c.Bits() > bits && c.Contains(a) {
				bits = c.Bits()
			}
		}
		return bits
	case v.gw >= 0:
		if pf, _, ok := p.dx.gws[v.gw].recv.LookupPrefixLPM(netip.PrefixFrom(a, a.BitLen())); ok {
			return pf.Bits()
		}
	}
	return -1
}

// siteLinkReaches reports whether the on-premises router behind vi
// received a SiteLink route for a that it prefers to the associations'
// routes.
func (p *Plane) siteLinkReaches(vi int32, a netip.Addr) bool {
	to, bits := p.siteLinkRoute(vi, a)
	return to >= 0 && bits > p.dxReceivedBits(vi, a)
}

// siteLinkIn handles a packet that crossed interface vi (up; hop is its
// ingress hop) when SiteLink decides: it forwards it through the gateway
// to the SiteLink interface with the longest prefix for the destination,
// or, when no route of the interface holds the destination but another
// interface of the gateway advertises it, drops it for want of SiteLink
// on both ends. It returns false when the associations' routes decide.
func (w *walker) siteLinkIn(vi int32, hop *Hop) bool {
	p := w.p
	v := &p.dx.vifs[vi]
	if v.gw < 0 {
		return false
	}
	dst := w.h.Dst
	to, bits := p.siteLinkRoute(vi, dst)
	own := p.dxReceivedBits(vi, dst)
	if to >= 0 && bits > own {
		hop.Verdict, hop.Reason = Forward, ReasonDXVifIn
		gh := w.hop(p.dxgwRef(v.gw))
		gh.Verdict, gh.Reason = Forward, ReasonDXSiteLink
		w.dxOut(-1, to)
		return true
	}
	if own >= 0 || !p.gwAdvertises(v.gw, vi, dst) {
		return false
	}
	x := w.drop(hop, NoRouteToDestination, ReasonDXSiteLinkNoRoute, Ingress)
	x.Address = dst
	return true
}

// gwAdvertises reports whether an interface of gateway gi other than vi
// advertises a prefix holding a, whatever its SiteLink setting or state.
func (p *Plane) gwAdvertises(gi, vi int32, a netip.Addr) bool {
	for j := range p.dx.vifs {
		u := &p.dx.vifs[j]
		if int32(j) != vi && u.gw == gi && inAny(u.prefixes, a) {
			return true
		}
	}
	return false
}
