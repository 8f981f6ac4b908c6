package model

import (
	"fmt"
	"net/netip"
	"reflect"
	"testing"
)

// TestSelectRoutes pins the virtual private gateway's order of preference
// (Site-to-Site VPN User Guide VPNRoutingTypes.md "Route tables and VPN
// route priority"): Direct Connect BGP, then VPN static, then VPN BGP;
// between BGP routes the shortest AS path, then the lowest MED.
func TestSelectRoutes(t *testing.T) {
	p := netip.MustParsePrefix("10.1.0.0/16")
	dx := RouteCandidate{Prefix: p, Kind: SourceDirectConnect, ASPath: []int64{65000, 1, 2, 3}, NextHop: "dxvif-1"}
	static := RouteCandidate{Prefix: p, Kind: SourceVPNStatic, NextHop: "vpn-static"}
	short := RouteCandidate{Prefix: p, Kind: SourceVPNBGP, ASPath: []int64{65001}, MED: 100, NextHop: "vpn-short"}
	long := RouteCandidate{Prefix: p, Kind: SourceVPNBGP, ASPath: []int64{65002, 65002}, MED: 0, NextHop: "vpn-long"}
	lowMED := RouteCandidate{Prefix: p, Kind: SourceVPNBGP, ASPath: []int64{65003}, MED: 10, NextHop: "vpn-lowmed"}
	tie := RouteCandidate{Prefix: p, Kind: SourceVPNBGP, ASPath: []int64{65004}, MED: 10, NextHop: "vpn-tie"}
	tests := []struct {
		name  string
		cands []RouteCandidate
		best  string
		equal []string
	}{
		{"direct connect beats everything, even with a longer AS path", []RouteCandidate{short, static, dx}, "dxvif-1", nil},
		{"static beats BGP", []RouteCandidate{long, short, static}, "vpn-static", nil},
		{"shortest AS path before MED", []RouteCandidate{long, short}, "vpn-short", nil},
		{"lowest MED on equal AS path length", []RouteCandidate{short, lowMED}, "vpn-lowmed", nil},
		{"equal cost: stable choice, the other is an ECMP peer", []RouteCandidate{tie, lowMED}, "vpn-lowmed", []string{"vpn-tie"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SelectRoutes(append([]RouteCandidate(nil), tc.cands...))
			if len(got) != 1 {
				t.Fatalf("%d routes, want 1", len(got))
			}
			if got[0].Best.NextHop != tc.best || !reflect.DeepEqual(got[0].Equal, tc.equal) {
				t.Fatalf("best %s equal %v, want %s %v", got[0].Best.NextHop, got[0].Equal, tc.best, tc.equal)
			}
			if got[0].Backups != len(tc.cands)-1-len(tc.equal) {
				t.Fatalf("backups %d", got[0].Backups)
			}
		})
	}
}

func TestVGWCandidatesAndPropagation(t *testing.T) {
	pf := netip.MustParsePrefix
	cgws := map[string]*CustomerGateway{
		"cgw-a": {Meta: Meta{ID: "cgw-a", Tags: map[string]string{BGPTagKey: "10.1.0.0/16 med=50; 10.9.0.0/16"}}, BgpAsn: 65001, State: "available"},
		"cgw-b": {Meta: Meta{ID: "cgw-b", Tags: map[string]string{BGPTagKey: "10.1.0.0/16 med=10; 10.2.0.0/16"}}, BgpAsn: 65002, State: "available"},
		"cgw-s": {Meta: Meta{ID: "cgw-s", Tags: map[string]string{BGPTagKey: "10.7.0.0/16"}}, BgpAsn: 65003, State: "available"},
	}
	get := func(id string) (*CustomerGateway, bool) { g, ok := cgws[id]; return g, ok }
	conns := []*VpnConnection{
		{Meta: Meta{ID: "vpn-a"}, State: "available", VpnGatewayID: "vgw-1", CustomerGatewayID: "cgw-a", Tunnels: []VpnTunnel{{}, {}}},
		{Meta: Meta{ID: "vpn-b"}, State: "available", VpnGatewayID: "vgw-1", CustomerGatewayID: "cgw-b", Tunnels: []VpnTunnel{{}, {}}},
		// A static connection: its customer gateway's BGP tag is not used.
		{Meta: Meta{ID: "vpn-s"}, State: "available", VpnGatewayID: "vgw-1", CustomerGatewayID: "cgw-s", StaticRoutesOnly: true,
			Tunnels: []VpnTunnel{{}, {}}, Routes: []VpnStaticRoute{{Destination: pf("10.9.0.0/16"), State: "available"}}},
		{Meta: Meta{ID: "vpn-other"}, State: "available", VpnGatewayID: "vgw-2", CustomerGatewayID: "cgw-a"},
	}
	sel := SelectRoutes(VGWCandidates("vgw-1", conns, get, nil))
	got := map[string]string{}
	for _, s := range sel {
		got[s.Prefix.String()] = s.Best.NextHop
	}
	want := map[string]string{"10.1.0.0/16": "vpn-b", "10.2.0.0/16": "vpn-b", "10.9.0.0/16": "vpn-s"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("selected %v, want %v", got, want)
	}
	// vpn-b's tunnels go down: vpn-a takes over 10.1.0.0/16.
	conns[1].Tunnels[0].AdminDown, conns[1].Tunnels[1].AdminDown = true, true
	sel = SelectRoutes(VGWCandidates("vgw-1", conns, get, nil))
	if len(sel) != 2 || sel[0].Best.NextHop != "vpn-a" {
		t.Fatalf("after failover: %+v", sel)
	}
	// CloudHub: 10.9 from vpn-s (static, no ASN) goes to cgw-a; a route is
	// not sent back to its own connection nor to a peer with the same ASN.
	r := RouteCandidate{NextHop: "vpn-b", PeerASN: 65002, ASPath: []int64{65002}}
	if !CloudHubReadvertises(&r, "vpn-a", 65001) || CloudHubReadvertises(&r, "vpn-b", 65002) || CloudHubReadvertises(&r, "vpn-c", 65002) {
		t.Fatal("CloudHub re-advertisement rules")
	}

	// Route propagation into a VPC table, and what forwarding uses.
	rt := &RouteTable{VpcID: "vpc-1", PropagatingVgws: []string{"vgw-1", "vgw-gone"},
		Routes: []Route{{Destination: pf("10.0.0.0/16"), Target: TargetLocal, TargetID: "local", Origin: OriginCreateRouteTable}}}
	prop := VGWPropagatedRoutes(rt, func(id string) bool { return id == "vgw-1" }, func(string) []SelectedRoute { return sel })
	if len(prop) != 2 || prop[0].TargetID != "vgw-1" || prop[0].Origin != OriginEnableVgwRoutePro {
		t.Fatalf("propagated %+v", prop)
	}
	all := RouteTableRoutes(rt, prop)
	if len(all) != 3 || RoutePriority(&all[0]) != RoutePrioLocal || RoutePriority(&all[1]) != RoutePrioPropagated {
		t.Fatalf("table routes %+v", all)
	}
	local := []netip.Prefix{pf("10.0.0.0/16")}
	if !LocalShadows(local, pf("10.0.5.0/24")) || LocalShadows(local, pf("10.1.0.0/16")) || LocalShadows(local, pf("10.0.0.0/8")) {
		t.Fatal("LocalShadows")
	}
}

func TestTGWPropagatedOrder(t *testing.T) {
	d := netip.MustParsePrefix("10.1.0.0/16")
	props := []TGWPropagatedRoute{
		{Destination: d, AttachmentID: "a-vpn", ResourceType: TGWAttachVPN},
		{Destination: d, AttachmentID: "a-dx", ResourceType: TGWAttachDXGW},
	}
	att := func(string) (*TransitGatewayAttachment, bool) { return nil, false }
	got := TGWRoutes(nil, props, nil, att)
	if len(got) != 1 || got[0].AttachmentID != "a-dx" {
		t.Fatalf("Direct Connect gateway propagated must beat VPN propagated: %+v", got)
	}
	props = append(props, TGWPropagatedRoute{Destination: d, AttachmentID: "a-vpc", ResourceType: TGWAttachVPC})
	if got := TGWRoutes(nil, props, nil, att); got[0].AttachmentID != "a-vpc" {
		t.Fatalf("VPC propagated first: %+v", got)
	}
}

// BenchmarkSelectRoutes: 10,000 BGP prefixes over 100 VPN connections,
// each prefix advertised by two connections with different attributes.
func BenchmarkSelectRoutes(b *testing.B) {
	cands := benchCandidates()
	buf := make([]RouteCandidate, len(cands))
	for b.Loop() {
		copy(buf, cands)
		if got := SelectRoutes(buf); len(got) != 10000 {
			b.Fatal(len(got))
		}
	}
}

func benchCandidates() []RouteCandidate {
	cands := make([]RouteCandidate, 0, 20000)
	for i := 0; i < 10000; i++ {
		pfx := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)
		for k := 0; k < 2; k++ {
			conn := (i + k*37) % 100
			cands = append(cands, RouteCandidate{Prefix: pfx, Kind: SourceVPNBGP, ASPath: make([]int64, 1+k), MED: int64(i % 7),
				NextHop: fmt.Sprintf("vpn-%03d", conn), PeerASN: int64(65000 + conn)})
		}
	}
	return cands
}
