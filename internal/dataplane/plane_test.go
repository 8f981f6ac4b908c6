package dataplane

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
)

const webTopo = `
vpc vpc-a 10.0.0.0/16
subnet subnet-pub vpc-a 10.0.1.0/24
igw igw-a vpc-a
route rtb-a-main 0.0.0.0/0 igw-a
sg sg-web vpc-a
ingress sg-web tcp 443 0.0.0.0/0
eni eni-web subnet-pub 10.0.1.10 pub=54.10.0.10 sg=sg-web instance=i-web
eni eni-priv subnet-pub 10.0.1.11 sg=sg-web
`

// TestCachePerRevision: Cache compiles once per revision and shares it.
func TestCachePerRevision(t *testing.T) {
	w := newTopo(t).parse(webTopo).world()
	var c Cache
	var wg sync.WaitGroup
	planes := make([]*Plane, 8)
	for i := range planes {
		wg.Add(1)
		go func() { defer wg.Done(); planes[i] = c.Get(w) }()
	}
	wg.Wait()
	for _, p := range planes[1:] {
		if p != planes[0] {
			t.Fatal("Cache compiled the same revision twice")
		}
	}
	if planes[0].Revision != w.Revision {
		t.Fatalf("plane revision %d, world %d", planes[0].Revision, w.Revision)
	}
}

// TestConcurrentTraces: a Plane is safe for concurrent use (run with -race).
func TestConcurrentTraces(t *testing.T) {
	p := newTopo(t).parse(webTopo).plane()
	want := p.Trace(Query{Source: "i-web", Destination: "8.8.8.8", Protocol: "tcp", DestinationPort: 443}).String()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tr Trace
			for k := 0; k < 100; k++ {
				q := Query{Source: "i-web", Destination: "8.8.8.8", Protocol: "tcp", DestinationPort: 443}
				p.TraceInto(&q, &tr)
				if got := tr.String(); got != want {
					t.Errorf("concurrent trace differs:\n%s", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestQueryErrors: errors name what is wrong.
func TestQueryErrors(t *testing.T) {
	p := newTopo(t).parse(webTopo + "vpc vpc-b 10.0.0.0/16\nsubnet subnet-b vpc-b 10.0.1.0/24\neni eni-b subnet-b 10.0.1.10\n").plane()
	for _, c := range []struct {
		q    Query
		want error
		text string
	}{
		{Query{Source: "eni-nope", Destination: "8.8.8.8", Protocol: "tcp", DestinationPort: 1}, ErrUnknownID, "eni-nope"},
		{Query{Source: "10.0.1.10", Destination: "8.8.8.8", Protocol: "tcp", DestinationPort: 1}, ErrAmbiguous, "2 VPCs"},
		{Query{Source: "i-web", Destination: "8.8.8.8", Protocol: "tcp"}, ErrBadQuery, "destination port"},
		{Query{Source: "i-web", Destination: "8.8.8.8", Protocol: "bogus", DestinationPort: 1}, ErrBadQuery, "protocol"},
		{Query{Source: "i-web", Destination: "nonsense", Protocol: "tcp", DestinationPort: 1}, ErrBadQuery, "nonsense"},
	} {
		tr := p.Trace(c.q)
		if !errors.Is(tr.Err, c.want) || !strings.Contains(tr.Err.Error(), c.text) {
			t.Errorf("%+v: err = %v, want %v mentioning %q", c.q, tr.Err, c.want, c.text)
		}
		if tr.Reachable || len(tr.Explanations) == 0 || tr.Explanations[0].Code != NoSourceOrDestination {
			t.Errorf("%+v: want NO_SOURCE_OR_DESTINATION", c.q)
		}
	}
	// The VPC hint resolves the ambiguity.
	tr := p.Trace(Query{Source: "10.0.1.10", VPC: "vpc-a", Destination: "8.8.8.8", Protocol: "tcp", DestinationPort: 443})
	if !tr.Reachable {
		t.Errorf("with VPC hint: %s", tr)
	}
}

// TestAnalysisResult: the Reachability Analyzer rendering (RA-guide, CLI
// output: numeric header protocol, ARNs, explanations of a blocked path).
func TestAnalysisResult(t *testing.T) {
	p := newTopo(t).parse(webTopo).plane()
	r := p.Trace(Query{Source: "i-web", Destination: "8.8.8.8", Protocol: "tcp", DestinationPort: 443}).AnalysisResult()
	if !r.NetworkPathFound || len(r.ForwardPathComponents) == 0 || len(r.ReturnPathComponents) == 0 {
		t.Fatalf("result %+v", r)
	}
	first := r.ForwardPathComponents[0]
	if first.Component.Arn != "arn:aws:ec2:us-east-1:123456789012:instance/i-web" {
		t.Errorf("first component ARN %q", first.Component.Arn)
	}
	if first.InboundHeader == nil || first.InboundHeader.Protocol != "6" {
		t.Errorf("first inbound header %+v", first.InboundHeader)
	}
	if r.ForwardPathComponents[1].InboundHeader != nil {
		t.Errorf("inbound header set after the first component")
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}

	blocked := p.Trace(Query{Source: "eni-priv", Destination: "8.8.8.8", Protocol: "tcp", DestinationPort: 443}).AnalysisResult()
	if blocked.NetworkPathFound || len(blocked.Explanations) != 1 {
		t.Fatalf("blocked result %+v", blocked)
	}
	x := blocked.Explanations[0]
	if x.ExplanationCode != "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS" || x.InternetGateway == nil || x.InternetGateway.ID != "igw-a" ||
		x.Direction != "egress" || x.Address != "10.0.1.11" {
		t.Errorf("explanation %+v", x)
	}
	// The trace itself is JSON for `vpcsim trace --output json`.
	if _, err := json.Marshal(p.Trace(Query{Source: "i-web", Destination: "8.8.8.8", Protocol: "tcp", DestinationPort: 443})); err != nil {
		t.Fatal(err)
	}
}

// TestTraceIntoNoAlloc: no allocation on the hot path with a reused Trace.
func TestTraceIntoNoAlloc(t *testing.T) {
	p := newTopo(t).parse(webTopo).plane()
	q := Query{Source: "i-web", Destination: "8.8.8.8", Protocol: "tcp", DestinationPort: 443}
	var tr Trace
	if n := testing.AllocsPerRun(100, func() { p.TraceInto(&q, &tr) }); n != 0 {
		t.Errorf("TraceInto allocates %v times per trace", n)
	}
}
