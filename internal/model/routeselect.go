package model

import (
	"net/netip"
	"slices"
	"strings"
)

// Route selection for hybrid networks, in one place: the control plane
// (DescribeRouteTables' propagated routes) and the data plane (where a
// packet goes) both call these functions.
//
// A virtual private gateway chooses, for each prefix (longest prefix match
// applies between prefixes), from most to least preferred (Site-to-Site
// VPN User Guide, VPNRoutingTypes.md "Route tables and VPN route
// priority"): BGP routes from an AWS Direct Connect connection, static
// routes of a Site-to-Site VPN connection, BGP routes of a Site-to-Site
// VPN connection; between BGP routes of VPN connections the shortest AS
// path, then the lowest multi-exit discriminator (MED). One tunnel across
// all the gateway's connections carries the traffic: no ECMP on a virtual
// private gateway.

// RouteSourceKind is where a virtual private gateway learned a route; the
// lower, the more preferred.
type RouteSourceKind uint8

// Route sources, in the virtual private gateway's order of preference.
const (
	SourceDirectConnect RouteSourceKind = iota + 1 // BGP over a Direct Connect private virtual interface
	SourceVPNStatic                                // a static route of a static-routes-only VPN connection
	SourceVPNBGP                                   // BGP over a VPN connection
)

func (k RouteSourceKind) String() string {
	switch k {
	case SourceDirectConnect:
		return "direct-connect-bgp"
	case SourceVPNStatic:
		return "vpn-static"
	case SourceVPNBGP:
		return "vpn-bgp"
	}
	return "unknown"
}

// RouteCandidate is one route offered to a gateway: a prefix, how it was
// learned, its BGP attributes and the next hop (a VPN connection id, or a
// Direct Connect virtual interface id). Direct Connect plugs in by
// building candidates of kind SourceDirectConnect.
type RouteCandidate struct {
	Prefix netip.Prefix
	Kind   RouteSourceKind
	// ASPath is the path as AWS receives it: the peer's ASN first, then
	// the ASNs it advertised (prepends included). Empty for static routes.
	ASPath []int64
	MED    int64
	// NextHop is the VPN connection (vpn-) or virtual interface (dxvif-)
	// the route leads to.
	NextHop string
	// PeerASN is the BGP ASN of the customer gateway (or Direct Connect
	// peer) the route came from; 0 for static routes.
	PeerASN int64
}

// CompareCandidates orders two candidates for the same prefix: negative
// when a is preferred. Source kind first, then (BGP) the shorter AS path,
// then the lower MED; the next hop id breaks the remaining ties so that the
// choice is stable (AWS picks one tunnel; which one is not documented).
func CompareCandidates(a, b *RouteCandidate) int {
	if a.Kind != b.Kind {
		return int(a.Kind) - int(b.Kind)
	}
	if a.Kind != SourceVPNStatic {
		if la, lb := len(a.ASPath), len(b.ASPath); la != lb {
			return la - lb
		}
		if a.MED != b.MED {
			if a.MED < b.MED {
				return -1
			}
			return 1
		}
	}
	return strings.Compare(a.NextHop, b.NextHop)
}

// equalCost reports whether two candidates tie on every attribute route
// selection reads (ECMP peers).
func equalCost(a, b *RouteCandidate) bool {
	return a.Kind == b.Kind && len(a.ASPath) == len(b.ASPath) && a.MED == b.MED
}

// SelectedRoute is the route a gateway keeps for one prefix: the best
// candidate, the equal-cost alternatives (used for ECMP where the gateway
// supports it: a transit gateway with VPN ECMP support) and the rest, in
// order of preference (the backups that take over when the best is
// withdrawn).
type SelectedRoute struct {
	Prefix netip.Prefix
	Best   RouteCandidate
	// Equal are the next hops that tie with Best.
	Equal []string
	// Backups counts the less preferred candidates.
	Backups int
}

// SelectRoutes keeps one route per prefix from cands by CompareCandidates,
// ordered by prefix (address, then length). It does not modify cands.
func SelectRoutes(cands []RouteCandidate) []SelectedRoute {
	// Sort small keys, not the candidates themselves (large structs), and
	// compare whole candidates only between equal prefixes; the input is
	// left as it is.
	keys := make([]candidateKey, len(cands))
	for i := range cands {
		keys[i] = candidateKey{prefix: cands[i].Prefix, i: int32(i)}
	}
	slices.SortFunc(keys, func(a, b candidateKey) int {
		if c := comparePrefix(a.prefix, b.prefix); c != 0 {
			return c
		}
		if c := CompareCandidates(&cands[a.i], &cands[b.i]); c != 0 {
			return c
		}
		return int(a.i - b.i)
	})
	out := make([]SelectedRoute, 0, len(cands))
	for i := 0; i < len(keys); {
		best := &cands[keys[i].i]
		s := SelectedRoute{Prefix: best.Prefix, Best: *best}
		j := i + 1
		for ; j < len(keys) && keys[j].prefix == keys[i].prefix; j++ {
			if c := &cands[keys[j].i]; equalCost(best, c) && c.NextHop != best.NextHop {
				s.Equal = append(s.Equal, c.NextHop)
			} else {
				s.Backups++
			}
		}
		out = append(out, s)
		i = j
	}
	return out
}

// candidateKey is a candidate's prefix and index, SelectRoutes' sort key.
type candidateKey struct {
	prefix netip.Prefix
	i      int32
}

func comparePrefix(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return a.Bits() - b.Bits()
}

// VPNCandidates returns the routes one VPN connection offers its gateway:
// none when the connection is not active or both its tunnels are down;
// its static routes when it is static-routes-only; else its customer
// gateway's BGP advertisements (ParseBGPTags), with the customer
// gateway's ASN first on the AS path.
func VPNCandidates(c *VpnConnection, cgw *CustomerGateway) []RouteCandidate {
	if !VPNUp(c) {
		return nil
	}
	if c.StaticRoutesOnly {
		out := make([]RouteCandidate, 0, len(c.Routes))
		for _, r := range c.Routes {
			if r.State == VPNStateDeleting || r.State == VPNStateDeleted || !r.Destination.IsValid() {
				continue
			}
			out = append(out, RouteCandidate{Prefix: r.Destination.Masked(), Kind: SourceVPNStatic, NextHop: c.ID})
		}
		return out
	}
	if cgw == nil || (cgw.State != "" && cgw.State != VPNStateAvailable && cgw.State != VPNStatePending) {
		return nil
	}
	ads, err := CachedBGPTags(cgw.Tags)
	if err != nil {
		return nil
	}
	out := make([]RouteCandidate, 0, len(ads))
	n := 0
	for _, a := range ads {
		n += len(a.ASPath) + 1
	}
	paths := make([]int64, 0, n) // one allocation for every AS path
	for _, a := range ads {
		start := len(paths)
		paths = append(paths, cgw.BgpAsn)
		paths = append(paths, a.ASPath...)
		path := paths[start:len(paths):len(paths)]
		out = append(out, RouteCandidate{Prefix: a.Prefix, Kind: SourceVPNBGP, ASPath: path, MED: a.MED, NextHop: c.ID, PeerASN: cgw.BgpAsn})
	}
	return out
}

// VGWCandidates gathers the candidates of virtual private gateway vgwID:
// the routes of every VPN connection on it (VPNCandidates) and the Direct
// Connect routes given in dx.
func VGWCandidates(vgwID string, conns []*VpnConnection, cgw func(id string) (*CustomerGateway, bool), dx []RouteCandidate) []RouteCandidate {
	var per [][]RouteCandidate
	n := len(dx)
	for _, c := range conns {
		if c.VpnGatewayID != vgwID {
			continue
		}
		g, _ := cgw(c.CustomerGatewayID)
		if cs := VPNCandidates(c, g); len(cs) > 0 {
			per = append(per, cs)
			n += len(cs)
		}
	}
	out := make([]RouteCandidate, 0, n) // sized once: candidates are large
	out = append(out, dx...)
	for _, cs := range per {
		out = append(out, cs...)
	}
	return out
}

// CloudHubReadvertises reports whether a virtual private gateway
// re-advertises route r to the customer gateway with ASN toASN behind
// connection toConn (AWS VPN CloudHub, VPN_CloudHub.md: routes received
// from one BGP peer are re-advertised to each other peer; each customer
// gateway needs a unique ASN, because a BGP speaker rejects a path that
// holds its own ASN). Routes of the connection itself are not sent back.
func CloudHubReadvertises(r *RouteCandidate, toConn string, toASN int64) bool {
	if r.NextHop == toConn {
		return false
	}
	if toASN != 0 {
		if r.PeerASN == toASN || slices.Contains(r.ASPath, toASN) {
			return false
		}
	}
	return true
}

// VGWPropagatedRoutes returns the routes that route propagation puts in a
// VPC route table: for each virtual private gateway in
// rt.PropagatingVgws that is attached to the table's VPC (attached), one
// route per prefix the gateway selected, with origin
// EnableVgwRoutePropagation and the gateway as target
// (VPC_Route_Tables.md "Route propagation"). They are computed, never
// stored.
func VGWPropagatedRoutes(rt *RouteTable, attached func(vgwID string) bool, selected func(vgwID string) []SelectedRoute) []Route {
	var out []Route
	for _, g := range rt.PropagatingVgws {
		if !attached(g) {
			continue
		}
		sel := selected(g)
		out = slices.Grow(out, len(sel))
		for _, s := range sel {
			out = append(out, Route{Destination: s.Prefix, Target: TargetVGW, TargetID: g, Origin: OriginEnableVgwRoutePro})
		}
	}
	return out
}

// RouteTableRoutes returns a VPC route table's routes as EC2 lists them:
// the stored routes, then the propagated ones not already stored.
func RouteTableRoutes(rt *RouteTable, propagated []Route) []Route {
	if len(propagated) == 0 {
		return rt.Routes
	}
	out := make([]Route, 0, len(rt.Routes)+len(propagated))
	out = append(out, rt.Routes...)
	type key struct {
		d netip.Prefix
		t string
	}
	have := map[key]bool{}
	for _, r := range rt.Routes {
		if r.Origin == OriginEnableVgwRoutePro {
			have[key{r.Destination, r.TargetID}] = true
		}
	}
	for _, r := range propagated {
		if !have[key{r.Destination, r.TargetID}] {
			out = append(out, r)
		}
	}
	return out
}

// Route priorities in a VPC route table for one destination prefix (VPC
// User Guide route-table-options.md "Route priority"; VPN guide
// VPNRoutingTypes.md): the local route, then static routes, then
// prefix-list routes, then propagated routes.
const (
	RoutePrioLocal uint8 = iota
	RoutePrioStatic
	RoutePrioPrefixList
	RoutePrioPropagated
)

// RoutePriority returns a VPC route's priority among routes to the same
// prefix (lower wins).
func RoutePriority(r *Route) uint8 {
	switch {
	case r.Target == TargetLocal:
		return RoutePrioLocal
	case r.Origin == OriginEnableVgwRoutePro:
		return RoutePrioPropagated
	case r.DestinationPrefixListID != "":
		return RoutePrioPrefixList
	}
	return RoutePrioStatic
}

// LocalShadows reports whether a propagated route to p is overridden by
// a local route: "If propagated routes from a Site-to-Site VPN connection
// or AWS Direct Connect connection overlap with the local route for your
// VPC, the local route is most preferred even if the propagated routes are
// more specific" (VPNRoutingTypes.md). local holds the destinations of
// the table's local routes.
func LocalShadows(local []netip.Prefix, p netip.Prefix) bool {
	for _, l := range local {
		if l.Overlaps(p) && l.Bits() <= p.Bits() {
			return true
		}
	}
	return false
}
