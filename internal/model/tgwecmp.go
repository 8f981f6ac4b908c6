package model

import (
	"net/netip"
	"slices"
)

// Site-to-Site VPN routes on a transit gateway, and ECMP between them.
//
// Several VPN attachments may propagate the same prefix into one transit
// gateway route table. They all rank as "Site-to-Site VPN propagated
// routes" (Transit Gateway Guide, how-transit-gateways-work.md "Route
// evaluation order"); between them the BGP attributes decide as on a
// virtual private gateway (CompareCandidates: a static-routes-only
// connection's routes, then the shortest AS path, then the lowest MED).
//
// With the gateway's VPN ECMP support enabled, "if connections advertise
// the same CIDRs, the traffic is distributed equally between them", and
// "the advertised BGP ASN, the BGP attributes such as the AS-path ... must
// be the same" (tgw-transit-gateways.md, "VPN ECMP support"): routes of
// dynamic (BGP) connections with the same AS path (the customer gateway's
// ASN first) and the same MED are all installed. "VPN connections that use
// static routing do not support ECMP" (same page; vpn-limits.md): a
// static-routes-only connection's route is never part of an ECMP set.
// With ECMP disabled, or when nothing ties, one route is kept: the most
// preferred, the earliest propagation on a tie (AWS picks one; which one is
// not documented).

// TGWNextHop is one attachment of an equal-cost transit gateway route.
type TGWNextHop struct {
	AttachmentID string
	ResourceType string
	ResourceID   string
}

// TGWVPNCandidate returns the route candidate behind a VPN attachment's
// propagated route (its connection's best offer for the route's prefix,
// VPNCandidates), or false. Results are computed once per attachment.
func TGWVPNCandidate(vpn func(id string) (*VpnConnection, bool), cgw func(id string) (*CustomerGateway, bool),
	attachment func(id string) (*TransitGatewayAttachment, bool)) func(r *TGWPropagatedRoute) (RouteCandidate, bool) {
	memo := map[string][]RouteCandidate{}
	return func(r *TGWPropagatedRoute) (RouteCandidate, bool) {
		cs, ok := memo[r.AttachmentID]
		if !ok {
			if a, ok := attachment(r.AttachmentID); ok && a.ResourceType == TGWAttachVPN {
				if c, ok := vpn(a.ResourceID); ok {
					g, _ := cgw(c.CustomerGatewayID)
					cs = VPNCandidates(c, g)
				}
			}
			memo[r.AttachmentID] = cs
		}
		var best RouteCandidate
		found := false
		for i := range cs {
			if cs[i].Prefix == r.Destination && (!found || CompareCandidates(&cs[i], &best) < 0) {
				best, found = cs[i], true
			}
		}
		return best, found
	}
}

// TGWSelectVPN keeps, for each destination that several VPN attachments
// propagate, the preferred one, and records in its ECMP field the other
// attachments that tie with it when ecmp is set (the gateway's
// VpnEcmpSupport is enable); the other VPN routes to that destination are
// dropped. Routes of other types, and VPN routes whose destination only
// one attachment propagates, are kept as they are, in order. cand gives a
// VPN route's BGP attributes (TGWVPNCandidate); a route without one ranks
// last. props is not modified.
func TGWSelectVPN(props []TGWPropagatedRoute, cand func(r *TGWPropagatedRoute) (RouteCandidate, bool), ecmp bool) []TGWPropagatedRoute {
	var count map[netip.Prefix]int
	multi := false
	for i := range props {
		if props[i].ResourceType != TGWAttachVPN {
			continue
		}
		if count == nil {
			count = map[netip.Prefix]int{}
		}
		count[props[i].Destination]++
		if count[props[i].Destination] > 1 {
			multi = true
		}
	}
	if !multi {
		return props
	}
	type entry struct {
		idx  int
		c    RouteCandidate
		have bool
	}
	groups := map[netip.Prefix][]entry{}
	for i := range props {
		r := &props[i]
		if r.ResourceType != TGWAttachVPN || count[r.Destination] < 2 {
			continue
		}
		c, ok := cand(r)
		groups[r.Destination] = append(groups[r.Destination], entry{i, c, ok})
	}
	// The winner of each group, with its equal-cost peers.
	winner := make(map[int][]TGWNextHop, len(groups))
	for _, g := range groups {
		b := 0
		for k := 1; k < len(g); k++ {
			if betterVPN(&g[k].c, g[k].have, &g[b].c, g[b].have) {
				b = k
			}
		}
		var peers []TGWNextHop
		if ecmp && g[b].have && g[b].c.Kind == SourceVPNBGP {
			for k := range g {
				if k == b || !g[k].have || !ecmpPeer(&g[b].c, &g[k].c) {
					continue
				}
				r := &props[g[k].idx]
				if r.AttachmentID == props[g[b].idx].AttachmentID {
					continue
				}
				peers = append(peers, TGWNextHop{AttachmentID: r.AttachmentID, ResourceType: r.ResourceType, ResourceID: r.ResourceID})
			}
			slices.SortFunc(peers, func(x, y TGWNextHop) int {
				if x.AttachmentID < y.AttachmentID {
					return -1
				}
				if x.AttachmentID > y.AttachmentID {
					return 1
				}
				return 0
			})
			peers = slices.CompactFunc(peers, func(x, y TGWNextHop) bool { return x.AttachmentID == y.AttachmentID })
		}
		winner[g[b].idx] = peers
	}
	out := make([]TGWPropagatedRoute, 0, len(props))
	for i := range props {
		r := props[i]
		if r.ResourceType == TGWAttachVPN && count[r.Destination] > 1 {
			peers, ok := winner[i]
			if !ok {
				continue
			}
			r.ECMP = peers
		}
		out = append(out, r)
	}
	return out
}

// betterVPN reports whether candidate a (known when ha) is preferred to b
// by the BGP attributes alone (CompareCandidates without its next hop
// tie-break); a tie keeps b, the earlier propagation.
func betterVPN(a *RouteCandidate, ha bool, b *RouteCandidate, hb bool) bool {
	if !ha || !hb {
		return ha && !hb
	}
	if a.Kind != b.Kind {
		return a.Kind < b.Kind
	}
	if a.Kind == SourceVPNStatic {
		return false
	}
	if la, lb := len(a.ASPath), len(b.ASPath); la != lb {
		return la < lb
	}
	return a.MED < b.MED
}

// ecmpPeer reports whether two BGP VPN routes are equal-cost on a
// transit gateway with VPN ECMP support: the same AS path (the peer's ASN
// first, so the same ASN) and the same MED.
func ecmpPeer(a, b *RouteCandidate) bool {
	return a.Kind == SourceVPNBGP && b.Kind == SourceVPNBGP && slices.Equal(a.ASPath, b.ASPath) && a.MED == b.MED
}
