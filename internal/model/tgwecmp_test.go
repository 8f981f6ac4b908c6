package model

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// TestTGWSelectVPN pins VPN routes on a transit gateway [TGW
// tgw-transit-gateways.md "VPN ECMP support"; how-transit-gateways-work.md
// "Route evaluation order"]: equal BGP routes form one ECMP route when
// enabled, one route is kept when disabled, a shorter AS path wins, a
// static VPN route is never ECMP, other attachment types are untouched.
func TestTGWSelectVPN(t *testing.T) {
	p := netip.MustParsePrefix("172.16.0.0/16")
	vpn := func(id string) TGWPropagatedRoute {
		return TGWPropagatedRoute{Destination: p, AttachmentID: id, ResourceType: TGWAttachVPN, ResourceID: "vpn-" + id}
	}
	bgp := func(path ...int64) RouteCandidate { return RouteCandidate{Prefix: p, Kind: SourceVPNBGP, ASPath: path} }
	cases := []struct {
		name  string
		cands map[string]RouteCandidate
		ecmp  bool
		want  string
		peers int
	}{
		{"ecmp-equal", map[string]RouteCandidate{"a": bgp(65001, 65010), "b": bgp(65001, 65010)}, true, "a", 1},
		{"ecmp-disabled", map[string]RouteCandidate{"a": bgp(65001, 65010), "b": bgp(65001, 65010)}, false, "a", 0},
		{"different-asn", map[string]RouteCandidate{"a": bgp(65001, 65010), "b": bgp(65002, 65010)}, true, "a", 0},
		{"shorter-path", map[string]RouteCandidate{"a": bgp(65001, 65001, 65010), "b": bgp(65001, 65010)}, true, "b", 0},
		{"lower-med", map[string]RouteCandidate{"a": {Prefix: p, Kind: SourceVPNBGP, ASPath: []int64{65001}, MED: 20}, "b": {Prefix: p, Kind: SourceVPNBGP, ASPath: []int64{65001}, MED: 10}}, true, "b", 0},
		{"static-no-ecmp", map[string]RouteCandidate{"a": {Prefix: p, Kind: SourceVPNStatic}, "b": {Prefix: p, Kind: SourceVPNStatic}}, true, "a", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			props := []TGWPropagatedRoute{{Destination: netip.MustParsePrefix("10.0.0.0/16"), AttachmentID: "v", ResourceType: TGWAttachVPC}, vpn("a"), vpn("b")}
			got := TGWSelectVPN(props, func(r *TGWPropagatedRoute) (RouteCandidate, bool) {
				c, ok := tc.cands[r.AttachmentID]
				return c, ok
			}, tc.ecmp)
			if len(got) != 2 || got[0].AttachmentID != "v" || got[1].AttachmentID != tc.want || len(got[1].ECMP) != tc.peers {
				t.Fatalf("got %+v", got)
			}
		})
	}
}

// TestSelectRoutesOrder: SelectRoutes orders prefixes as comparePrefix
// does (IPv4 before IPv6, address, then length) and picks the preferred
// candidate of each, whatever the input order.
func TestSelectRoutesOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var cands []RouteCandidate
	for i := range 500 {
		var p netip.Prefix
		if r.IntN(3) == 0 {
			p = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0xd, 0xb8, byte(r.IntN(4))}), 32+8*r.IntN(3)).Masked()
		} else {
			p = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(4)), 0}), 8+8*r.IntN(3)).Masked()
		}
		cands = append(cands, RouteCandidate{Prefix: p, Kind: RouteSourceKind(1 + r.IntN(3)), ASPath: make([]int64, r.IntN(3)), NextHop: string(rune('a' + i%26))})
	}
	sel := SelectRoutes(cands)
	for i := 1; i < len(sel); i++ {
		if comparePrefix(sel[i-1].Prefix, sel[i].Prefix) >= 0 {
			t.Fatalf("out of order at %d: %s then %s", i, sel[i-1].Prefix, sel[i].Prefix)
		}
	}
	for _, s := range sel {
		for i := range cands {
			if cands[i].Prefix == s.Prefix && CompareCandidates(&cands[i], &s.Best) < 0 {
				t.Fatalf("%s: %+v preferred to the selected %+v", s.Prefix, cands[i], s.Best)
			}
		}
	}
}
