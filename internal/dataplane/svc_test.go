package dataplane

import (
	"os"
	"strings"
	"testing"
)

// svcGolden returns the compiled plane and query of a golden scenario.
func svcGolden(t testing.TB, name string) (*Plane, Query) {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name + ".txtar")
	if err != nil {
		t.Fatal(err)
	}
	a := parseTxtar(string(data))
	src, _ := a.get("topology")
	qs, _ := a.get("query")
	q, err := parseQuery(strings.TrimSpace(qs))
	if err != nil {
		t.Fatal(err)
	}
	return newTopo(t).parse(src).plane(), q
}

var svcPaths = []string{
	"vpce-gateway-s3", "vpce-interface-over-peering", "nlb-instance-target-preserves-client",
	"nlb-ip-target-node-address", "alb-new-connection", "nlb-internet-facing", "privatelink-cross-account-overlapping",
}

// TestServiceTracesDoNotAllocate holds traces through gateway endpoints,
// interface endpoints, load balancers and PrivateLink to the plane's rule:
// a reachable trace into a reused Trace does not allocate.
func TestServiceTracesDoNotAllocate(t *testing.T) {
	for _, name := range svcPaths {
		p, q := svcGolden(t, name)
		tr := new(Trace)
		p.TraceInto(&q, tr)
		if !tr.Reachable {
			t.Fatalf("%s: not reachable:\n%s", name, tr)
		}
		if n := testing.AllocsPerRun(20, func() { p.TraceInto(&q, tr) }); n != 0 {
			t.Errorf("%s: %v allocations per trace, want 0", name, n)
		}
	}
}

// TestServiceRefs pins the ARNs and short names of the load balancer
// components and the component types Reachability Analyzer reports.
func TestServiceRefs(t *testing.T) {
	p, q := svcGolden(t, "privatelink-cross-account-overlapping")
	tr := p.Trace(q)
	seen := map[ComponentType]Ref{}
	for _, h := range tr.Forward {
		seen[h.Component.Type] = h.Component
	}
	for _, typ := range []ComponentType{TypeVpcEndpoint, TypeVpcEndpointService, TypeLoadBalancer, TypeListener, TypeTargetGroup} {
		if seen[typ].IsZero() {
			t.Errorf("no %s hop", typ)
		}
	}
	lb := seen[TypeLoadBalancer]
	if lb.ARN() != lb.ID || !strings.HasPrefix(lb.ID, "arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/net/api/") || lb.String() != "loadbalancer/net/api/50dc6c495c0c9188" {
		t.Errorf("load balancer ref: id %s arn %s string %s", lb.ID, lb.ARN(), lb)
	}
	if e := seen[TypeVpcEndpoint]; e.ARN() != "arn:aws:ec2:us-east-1:123456789012:vpc-endpoint/vpce-api" {
		t.Errorf("endpoint ARN %s", e.ARN())
	}
	if s := seen[TypeVpcEndpointService]; s.Account() != "210987654321" {
		t.Errorf("endpoint service account %s", s.Account())
	}
	r := tr.AnalysisResult()
	if !r.NetworkPathFound {
		t.Error("analysis: path not found")
	}
}

// TestServiceEndpointErrors: vpce- and load balancer ARN endpoints.
func TestServiceEndpointErrors(t *testing.T) {
	p, _ := svcGolden(t, "vpce-gateway-s3")
	for _, q := range []Query{
		{Source: "i-app", Destination: "vpce-s3", Protocol: "tcp", DestinationPort: 443},
		{Source: "i-app", Destination: "vpce-nope", Protocol: "tcp", DestinationPort: 443},
		{Source: "i-app", Destination: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/x/1", Protocol: "tcp", DestinationPort: 80},
	} {
		if tr := p.Trace(q); tr.Err == nil {
			t.Errorf("%s: no error", q.Destination)
		}
	}
}

// BenchmarkTracePrivateLink traces consumer -> interface endpoint ->
// endpoint service -> Network Load Balancer -> target and back.
func BenchmarkTracePrivateLink(b *testing.B) {
	p, q := svcGolden(b, "privatelink-cross-account-overlapping")
	tr := new(Trace)
	b.ReportAllocs()
	for b.Loop() {
		p.TraceInto(&q, tr)
	}
	b.ReportMetric(float64(len(tr.Forward)+len(tr.Return)), "hops/trace")
}
