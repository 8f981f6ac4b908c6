package dataplane

import (
	"strings"
	"testing"
)

// gwlbTopo is the gwlb-route.md design (internet gateway ingress routing,
// application subnet, endpoint subnet) with two appliances in zone a and
// extra statements appended.
func gwlbTopo(extra string) string {
	return `
vpc vpc-sec 10.100.0.0/16
subnet subnet-gwlb vpc-sec 10.100.0.0/24
subnet subnet-appl vpc-sec 10.100.1.0/24
subnet subnet-appl-b vpc-sec 10.100.2.0/24 az=b
sg sg-appl vpc-sec
ingress sg-appl tcp 80 10.100.0.0/24
eni eni-appl-1 subnet-appl 10.100.1.10 sg=sg-appl instance=i-appl-1
eni eni-appl-2 subnet-appl 10.100.1.20 sg=sg-appl instance=i-appl-2
gwsvc-placeholder
vpc vpc-app 10.0.0.0/16
subnet subnet-gwlbe vpc-app 10.0.0.0/28
subnet subnet-app vpc-app 10.0.1.0/24
igw igw-app vpc-app
rtb rtb-edge vpc-app
route rtb-edge 10.0.1.0/24 vpce-insp
assoc rtb-edge igw-app
rtb rtb-app vpc-app
route rtb-app 0.0.0.0/0 vpce-insp
assoc rtb-app subnet-app
rtb rtb-gwlbe vpc-app
route rtb-gwlbe 0.0.0.0/0 igw-app
assoc rtb-gwlbe subnet-gwlbe
sg sg-web vpc-app
ingress sg-web tcp 443 0.0.0.0/0
ingress sg-web udp 5000-6000 0.0.0.0/0
eni eni-web subnet-app 10.0.1.10 pub=54.20.0.10 sg=sg-web instance=i-web
` + extra
}

// gwlbDefault declares the load balancer, its group with both appliances,
// the service and the endpoint.
const gwlbDefault = `
gwlb insp subnet-gwlb:10.100.0.5
gwtg insp-tg vpc-sec
target insp-tg i-appl-1
target insp-tg i-appl-2
gwlistener insp insp-tg
gwsvc vpce-svc-insp insp
gwlbe vpce-insp vpc-app subnet-gwlbe:10.0.0.5 vpce-svc-insp
`

func gwlbPlaneOf(t *testing.T, extra string) *Plane {
	t.Helper()
	src := strings.Replace(gwlbTopo(extra), "gwsvc-placeholder\n", "", 1)
	return newTopo(t).parse(src).plane()
}

// appliances returns the appliance instance each direction of tr crossed.
func appliances(tr *Trace) (fwd, ret string) {
	pick := func(hops []Hop) string {
		for i := range hops {
			if hops[i].Reason == ReasonGWLBAppliance {
				return hops[i].Component.ID
			}
		}
		return ""
	}
	return pick(tr.Forward), pick(tr.Return)
}

// TestGWLBStickinessSymmetric pins GWLB-UG target-groups.md "Flow
// stickiness": with the default 5-tuple, flows that differ only by source
// port spread over both appliances, and each flow's response reaches the
// appliance its request crossed; with the 2-tuple (source_ip_dest_ip)
// every flow between the same two addresses reaches one appliance.
func TestGWLBStickinessSymmetric(t *testing.T) {
	for _, tc := range []struct {
		name     string
		extra    string
		wantBoth bool
	}{
		{"5-tuple", gwlbDefault, true},
		{"2-tuple", strings.Replace(gwlbDefault, "gwtg insp-tg vpc-sec", "gwtg insp-tg vpc-sec stickiness=2", 1), false},
		{"3-tuple", strings.Replace(gwlbDefault, "gwtg insp-tg vpc-sec", "gwtg insp-tg vpc-sec stickiness=3", 1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := gwlbPlaneOf(t, tc.extra)
			seen := map[string]int{}
			var tr Trace
			for port := uint16(40000); port < 40064; port++ {
				for _, q := range []Query{
					{Source: "igw-app", Destination: "i-web", Protocol: "tcp", DestinationPort: 443, SourcePort: port},
					{Source: "i-web", Destination: "203.0.113.50", Protocol: "tcp", DestinationPort: 443, SourcePort: port},
				} {
					p.TraceInto(&q, &tr)
					if !tr.Reachable {
						t.Fatalf("%+v: not reachable:\n%s", q, tr.String())
					}
					f, r := appliances(&tr)
					if f == "" || f != r {
						t.Fatalf("%+v: forward through %q, return through %q", q, f, r)
					}
					seen[f]++
				}
			}
			if both := len(seen) == 2; both != tc.wantBoth {
				t.Errorf("appliances used: %v (want both: %v)", seen, tc.wantBoth)
			}
		})
	}
}

// TestGWLBTargetHealth pins GWLB-UG target-groups.md ("routes requests to
// the registered targets that are healthy") and health-checks.md: a
// stopped appliance, or one whose security group refuses the health
// check, is not chosen; with no healthy appliance the flow drops, and an
// appliance in another zone serves only with cross-zone load balancing.
func TestGWLBTargetHealth(t *testing.T) {
	q := Query{Source: "i-web", Destination: "203.0.113.50", Protocol: "tcp", DestinationPort: 443}
	for _, tc := range []struct {
		name, extra string
		want        string // appliance, or the explanation code
	}{
		{"one stopped", strings.Replace(gwlbDefault, "target insp-tg i-appl-1\n", "target insp-tg i-appl-1\ntarget insp-tg i-appl-3\n", 1) +
			"eni eni-appl-3 subnet-appl 10.100.1.30 sg=sg-appl instance=i-appl-3 state=stopped\n", ""},
		{"health check refused", `
sg sg-nohc vpc-sec
eni eni-appl-4 subnet-appl 10.100.1.40 sg=sg-nohc instance=i-appl-4
gwlb insp subnet-gwlb:10.100.0.5
gwtg insp-tg vpc-sec
target insp-tg i-appl-4
gwlistener insp insp-tg
gwsvc vpce-svc-insp insp
gwlbe vpce-insp vpc-app subnet-gwlbe:10.0.0.5 vpce-svc-insp
`, string(Elbv2NoTargetsInAZ)},
		{"health check on another port", strings.Replace(gwlbDefault, "gwtg insp-tg vpc-sec", "gwtg insp-tg vpc-sec hcport=8080", 1), string(Elbv2NoTargetsInAZ)},
		{"health checks off", strings.Replace(gwlbDefault, "gwtg insp-tg vpc-sec", "gwtg insp-tg vpc-sec hc=off", 1), string(Elbv2NoTargetsInAZ)},
		{"only in another zone", `
eni eni-appl-b subnet-appl-b 10.100.2.10 sg=sg-appl instance=i-appl-b
gwlb insp subnet-gwlb:10.100.0.5
gwtg insp-tg vpc-sec
target insp-tg i-appl-b
gwlistener insp insp-tg
gwsvc vpce-svc-insp insp
gwlbe vpce-insp vpc-app subnet-gwlbe:10.0.0.5 vpce-svc-insp
`, string(Elbv2NoTargetsInAZ)},
		{"another zone with cross-zone", `
eni eni-appl-b subnet-appl-b 10.100.2.10 sg=sg-appl instance=i-appl-b
gwlb insp subnet-gwlb:10.100.0.5 crosszone
gwtg insp-tg vpc-sec
target insp-tg i-appl-b
gwlistener insp insp-tg
gwsvc vpce-svc-insp insp
gwlbe vpce-insp vpc-app subnet-gwlbe:10.0.0.5 vpce-svc-insp
`, "i-appl-b"},
		{"no targets", `
gwlb insp subnet-gwlb:10.100.0.5
gwtg insp-tg vpc-sec
gwlistener insp insp-tg
gwsvc vpce-svc-insp insp
gwlbe vpce-insp vpc-app subnet-gwlbe:10.0.0.5 vpce-svc-insp
`, string(Elbv2ListenerHasNoTG)},
		{"no listener", `
gwlb insp subnet-gwlb:10.100.0.5
gwsvc vpce-svc-insp insp
gwlbe vpce-insp vpc-app subnet-gwlbe:10.0.0.5 vpce-svc-insp
`, string(Elbv2ListenersMismatch)},
		{"service not in the endpoint's zone", `
subnet subnet-gwlb-b vpc-sec 10.100.3.0/24 az=b
gwlb insp subnet-gwlb-b:10.100.3.5
gwtg insp-tg vpc-sec
gwlistener insp insp-tg
gwsvc vpce-svc-insp insp
gwlbe vpce-insp vpc-app subnet-gwlbe:10.0.0.5 vpce-svc-insp
`, string(VpceServiceNotInstalledInAZ)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := gwlbPlaneOf(t, tc.extra)
			tr := p.Trace(q)
			switch {
			case tc.want == "":
				f, r := appliances(tr)
				if !tr.Reachable || f == "i-appl-3" || f != r {
					t.Fatalf("reachable %v through %q/%q:\n%s", tr.Reachable, f, r, tr.String())
				}
			case strings.HasPrefix(tc.want, "i-"):
				if f, _ := appliances(tr); !tr.Reachable || f != tc.want {
					t.Fatalf("want through %s:\n%s", tc.want, tr.String())
				}
			default:
				b := tr.Blocked()
				if b == nil || string(b.Code) != tc.want {
					t.Fatalf("want %s:\n%s", tc.want, tr.String())
				}
			}
		})
	}
}

// TestGWLBAnalysisResult pins what the Network Insights API shows (RA
// guide: "A path through a GWLB endpoint does not include the GWLB or its
// targets"; additional detail PATH_THROUGH_GWLB_NOT_CHECKED): the endpoint
// with the additional detail, and none of vpcsim's hops beyond it, except
// the component where vpcsim dropped the packet.
func TestGWLBAnalysisResult(t *testing.T) {
	p := gwlbPlaneOf(t, gwlbDefault)
	tr := p.Trace(Query{Source: "igw-app", Destination: "i-web", Protocol: "tcp", DestinationPort: 443})
	if !tr.Reachable {
		t.Fatalf("not reachable:\n%s", tr.String())
	}
	r := tr.AnalysisResult()
	details := 0
	for _, c := range append(r.ForwardPathComponents, r.ReturnPathComponents...) {
		if c.Component != nil && (strings.Contains(c.Component.Arn, ":loadbalancer/") || strings.Contains(c.Component.Arn, ":targetgroup/") ||
			strings.HasPrefix(c.Component.ID, "i-appl") || strings.HasPrefix(c.Component.ID, "vpce-svc-")) {
			t.Errorf("component %s is beyond the endpoint", c.Component.ID)
		}
		for _, d := range c.AdditionalDetails {
			if d.AdditionalDetailType == string(PathThroughGwlbNotChecked) && c.Component.ID == "vpce-insp" {
				details++
			}
		}
	}
	if details != 2 {
		t.Errorf("%d PATH_THROUGH_GWLB_NOT_CHECKED details on vpce-insp, want 2 (forward and return)", details)
	}

	// A drop beyond the endpoint keeps its component.
	p = gwlbPlaneOf(t, strings.Replace(gwlbDefault, "gwtg insp-tg vpc-sec", "gwtg insp-tg vpc-sec hc=off", 1))
	tr = p.Trace(Query{Source: "i-web", Destination: "203.0.113.50", Protocol: "tcp", DestinationPort: 443})
	r = tr.AnalysisResult()
	last := r.ForwardPathComponents[len(r.ForwardPathComponents)-1]
	if r.NetworkPathFound || !strings.Contains(last.Component.Arn, ":targetgroup/insp-tg/") {
		t.Errorf("last forward component %+v, want the target group", last.Component)
	}
}

// TestGWLBTraceAllocs: a trace through a Gateway Load Balancer endpoint
// does not allocate with a reused Trace (its hop slice outgrows the
// inline buffer once, then is kept).
func TestGWLBTraceAllocs(t *testing.T) {
	p := gwlbPlaneOf(t, gwlbDefault)
	q := Query{Source: "igw-app", Destination: "i-web", Protocol: "tcp", DestinationPort: 443}
	var tr Trace
	p.TraceInto(&q, &tr)
	if !tr.Reachable {
		t.Fatalf("not reachable:\n%s", tr.String())
	}
	if n := testing.AllocsPerRun(50, func() { p.TraceInto(&q, &tr) }); n != 0 {
		t.Errorf("%v allocs per trace, want 0", n)
	}
}
