package dataplane

import (
	"net/netip"
	"os"
	"strings"
	"testing"
)

// goldenPlane compiles the topology of golden scenario name.
func goldenPlane(t testing.TB, name string) *Plane {
	t.Helper()
	src, err := os.ReadFile("testdata/" + name + ".txtar")
	if err != nil {
		t.Fatal(err)
	}
	topo, ok := parseTxtar(string(src)).get("topology")
	if !ok {
		t.Fatalf("%s: no topology", name)
	}
	return newTopo(t).parse(topo).plane()
}

// TestSiteLinkTraceAllocs: a SiteLink trace (DX-UG
// WorkingWithVirtualInterfaces.md "SiteLink") into a reused Trace
// allocates nothing, like the other traces of the plane.
func TestSiteLinkTraceAllocs(t *testing.T) {
	p := goldenPlane(t, "sitelink-site-to-site")
	q := Query{Source: "172.16.5.5", Destination: "172.20.7.7", Protocol: "tcp", DestinationPort: 22}
	var tr Trace
	p.TraceInto(&q, &tr)
	if !tr.Reachable {
		t.Fatal(tr.String())
	}
	if n := testing.AllocsPerRun(100, func() { p.TraceInto(&q, &tr) }); n != 0 {
		t.Errorf("SiteLink trace: %v allocs, want 0", n)
	}
}

// TestTunnelECMPSpread: on a transit gateway with VPN ECMP support, flows
// of one dynamic connection use both tunnels (TGW tgw-transit-gateways.md
// "VPN ECMP support"), and each flow's response comes back in the tunnel
// its request left by; a static connection uses one tunnel for all flows
// ("VPN connections that use static routing do not support ECMP").
func TestTunnelECMPSpread(t *testing.T) {
	for _, tc := range []struct {
		golden string
		want   int // distinct tunnels over the flows
	}{
		{"vpn-tunnel-ecmp-flow-1", 2},
		{"vpn-tunnel-static-one-tunnel", 1},
		{"vpn-tunnel-ecmp-disabled", 1},
		{"vpn-tunnel-ecmp-one-down", 1},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			p := goldenPlane(t, tc.golden)
			seen := map[string]int{}
			for i := 1; i <= 64; i++ {
				dst := netip.AddrFrom4([4]byte{172, 16, byte(i), byte(3 * i)})
				tr := p.Trace(Query{Source: "i-app", Destination: dst.String(), Protocol: "tcp", DestinationPort: 443})
				if !tr.Reachable {
					t.Fatalf("%s: %s", dst, tr.String())
				}
				fwd, ret := vpnTunnel(tr.Forward), vpnTunnel(tr.Return)
				if fwd == "" || fwd != ret {
					t.Fatalf("%s: forward tunnel %q, return tunnel %q", dst, fwd, ret)
				}
				seen[fwd]++
			}
			if len(seen) != tc.want {
				t.Errorf("tunnels used: %v, want %d distinct", seen, tc.want)
			}
			if tc.want == 2 {
				for k, n := range seen {
					if n < 16 {
						t.Errorf("tunnel %s carries %d of 64 flows: not spread", k, n)
					}
				}
			}
		})
	}
}

// vpnTunnel returns the tunnel named by the vpn-connection hop of hops.
func vpnTunnel(hops []Hop) string {
	for i := range hops {
		if hops[i].Component.Type == TypeVpnConnection && strings.HasPrefix(hops[i].AttachedTo.ID, "tunnel-") {
			return hops[i].AttachedTo.ID
		}
	}
	return ""
}

// BenchmarkTraceSiteLink traces one on-premises site to another over
// SiteLink and back (a reused Trace).
func BenchmarkTraceSiteLink(b *testing.B) {
	p := goldenPlane(b, "sitelink-site-to-site")
	q := Query{Source: "172.16.5.5", Destination: "172.20.7.7", Protocol: "tcp", DestinationPort: 22}
	var tr Trace
	for b.Loop() {
		p.TraceInto(&q, &tr)
		if !tr.Reachable {
			b.Fatal(tr.String())
		}
	}
}
