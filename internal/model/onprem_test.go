package model

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

// TestParseBGPTags pins the tag syntax of docs/onprem.md.
func TestParseBGPTags(t *testing.T) {
	p := netip.MustParsePrefix
	tests := []struct {
		name string
		tags map[string]string
		want []BGPAdvertisement
		err  string
	}{
		{"none", map[string]string{"Name": "x"}, nil, ""},
		{"one", map[string]string{BGPTagKey: "10.1.0.0/16"}, []BGPAdvertisement{{Prefix: p("10.1.0.0/16")}}, ""},
		{"attrs", map[string]string{BGPTagKey: "10.1.0.0/16 as-path=65010,65010 med=50; 192.168.0.0/24"},
			[]BGPAdvertisement{{Prefix: p("10.1.0.0/16"), ASPath: []int64{65010, 65010}, MED: 50}, {Prefix: p("192.168.0.0/24")}}, ""},
		{"continued in index order", map[string]string{BGPTagKey + ":10": "10.10.0.0/16", BGPTagKey: "10.1.0.0/16;", BGPTagKey + ":2": "10.2.0.0/16"},
			[]BGPAdvertisement{{Prefix: p("10.1.0.0/16")}, {Prefix: p("10.2.0.0/16")}, {Prefix: p("10.10.0.0/16")}}, ""},
		{"direct connect separators", map[string]string{BGPTagKey: "10.1.0.0/16 as-path=65010:65010 med=50 + 192.168.0.0/24"},
			[]BGPAdvertisement{{Prefix: p("10.1.0.0/16"), ASPath: []int64{65010, 65010}, MED: 50}, {Prefix: p("192.168.0.0/24")}}, ""},
		{"ipv6", map[string]string{BGPTagKey: "2001:db8::/32 med=1"}, []BGPAdvertisement{{Prefix: p("2001:db8::/32"), MED: 1}}, ""},
		{"bad prefix", map[string]string{BGPTagKey: "10.1.0.0/16; 10.300.0.0/16"}, nil, `tag "vpcsim:bgp": entry 2: "10.300.0.0/16" is not a CIDR prefix`},
		{"host bits", map[string]string{BGPTagKey: "10.1.2.3/16"}, nil, `entry 1: 10.1.2.3/16 has host bits set (did you mean 10.1.0.0/16?)`},
		{"bad asn", map[string]string{BGPTagKey: "10.1.0.0/16 as-path=65010,x"}, nil, `as-path: "x" is not an ASN`},
		{"asn zero", map[string]string{BGPTagKey: "10.1.0.0/16 as-path=0"}, nil, `as-path: "0" is not an ASN`},
		{"bad med", map[string]string{BGPTagKey: "10.1.0.0/16 med=-1"}, nil, `med: "-1" is not a number`},
		{"unknown attr", map[string]string{BGPTagKey: "10.1.0.0/16 weight=5"}, nil, `unknown attribute "weight"`},
		{"twice", map[string]string{BGPTagKey: "10.1.0.0/16 med=1 med=2"}, nil, `attribute med given twice`},
		{"no value", map[string]string{BGPTagKey: "10.1.0.0/16 med"}, nil, `attribute "med": want as-path=ASN[,ASN...] or med=N`},
		{"bad key", map[string]string{BGPTagKey + ":1": "10.1.0.0/16"}, nil, `tag "vpcsim:bgp:1": the key must be vpcsim:bgp or vpcsim:bgp:N with N from 2 to 50`},
		{"bad key 02", map[string]string{BGPTagKey + ":02": "10.1.0.0/16"}, nil, `the key must be`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseBGPTags(tc.tags)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			if len(got) > 0 {
				again, err := ParseBGPValue(FormatBGPValue(got))
				if err != nil || !reflect.DeepEqual(again, got) {
					t.Fatalf("round trip: %v %+v", err, again)
				}
			}
		})
	}
}

func TestOnPremPrefixesAndTunnels(t *testing.T) {
	p := netip.MustParsePrefix
	cgw := &CustomerGateway{Meta: Meta{ID: "cgw-1", Tags: map[string]string{BGPTagKey: "10.1.0.0/16; 10.1.0.0/16"}}, BgpAsn: 65001, State: "available"}
	dyn := &VpnConnection{Meta: Meta{ID: "vpn-1"}, State: "available", CustomerGatewayID: "cgw-1", TransitGatewayID: "tgw-1",
		Tunnels: []VpnTunnel{{}, {}}}
	st := &VpnConnection{Meta: Meta{ID: "vpn-2"}, State: "available", StaticRoutesOnly: true, Tunnels: []VpnTunnel{{}, {}},
		Routes: []VpnStaticRoute{{Destination: p("172.16.0.0/16"), State: "available"}, {Destination: p("172.17.0.0/16"), State: "deleted"}}}
	if got := OnPremPrefixes(st, cgw); !reflect.DeepEqual(got, []netip.Prefix{p("172.16.0.0/16")}) {
		t.Errorf("static: %v", got)
	}
	extra := TGWHybridPrefixes(func(string) (*VpnConnection, bool) { return dyn, true }, func(string) (*CustomerGateway, bool) { return cgw, true })
	att := &TransitGatewayAttachment{ResourceType: TGWAttachVPN, ResourceID: "vpn-1"}
	if got := extra(att); !reflect.DeepEqual(got, []netip.Prefix{p("10.1.0.0/16")}) {
		t.Errorf("tgw extra: %v", got)
	}
	dyn.Tunnels[0].AdminDown = true
	if !VPNUp(dyn) || !reflect.DeepEqual(TunnelsUp(dyn), []int{1}) {
		t.Errorf("one tunnel down: up=%v %v", VPNUp(dyn), TunnelsUp(dyn))
	}
	dyn.Tunnels[1].AdminDown = true
	if VPNUp(dyn) || extra(att) != nil {
		t.Errorf("both tunnels down: still up")
	}
}
