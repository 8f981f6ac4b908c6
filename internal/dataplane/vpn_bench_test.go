package dataplane

import (
	"os"
	"testing"
)

// BenchmarkTraceVPN traces an instance to an on-premises host through a
// virtual private gateway and a VPN connection, and back (a reused Trace).
func BenchmarkTraceVPN(b *testing.B) {
	src, err := os.ReadFile("testdata/vpn-bgp-vpc-to-onprem.txtar")
	if err != nil {
		b.Fatal(err)
	}
	topo := string(src)
	topo = topo[indexOf(topo, "-- topology --")+len("-- topology --") : indexOf(topo, "-- query --")]
	p := newTopo(b).parse(topo).plane()
	q := Query{Source: "i-app", Destination: "172.16.5.5", Protocol: "tcp", DestinationPort: 443}
	var t Trace
	for b.Loop() {
		p.TraceInto(&q, &t)
		if !t.Reachable {
			b.Fatal(t.String())
		}
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
