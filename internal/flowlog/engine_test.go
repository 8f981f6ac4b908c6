package flowlog

import (
	"context"
	"net/netip"
	"strings"
	"testing"
)

// TestLanesFollowFlowLogOrder: flow logs given out of id order, covering
// different interfaces, each get exactly their own interfaces' records
// (lanes are sorted by flow log id and every interface's lane references
// follow the sort).
func TestLanesFollowFlowLogOrder(t *testing.T) {
	b := newTopo(t)
	b.parse(`
account 123456789012
vpc vpc-1 10.0.0.0/16
subnet subnet-1 vpc-1 10.0.1.0/24
sg sg-open vpc-1
ingress sg-open tcp 80 10.0.0.0/16
eni eni-1 subnet-1 10.0.1.5 type=m5.large
eni eni-2 subnet-1 10.0.1.6 sg=sg-open type=m5.large
`)
	subs := []Subscription{
		{FlowLogID: "fl-b", ResourceType: ResourceSubnet, ResourceID: "subnet-1", MaxAggregationInterval: 60},
		{FlowLogID: "fl-a", ResourceType: ResourceNetworkInterface, ResourceID: "eni-2", MaxAggregationInterval: 60,
			Format: MustParseFormat("${interface-id} ${flow-direction}")},
	}
	tr, err := ParseTraffic(strings.NewReader(`{"start": 1700000040, "end": 1700000100, "flows": [
 {"source": "eni-1", "destination": "10.0.1.6", "protocol": "tcp", "port": 80, "packets": 2, "bytes": 100}]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	sink := SinkFunc(func(_ context.Context, bs []Batch) error {
		for _, bt := range bs {
			if bt.Subscription.FlowLogID != bt.FlowLogID {
				t.Errorf("batch of %s carries subscription %s", bt.FlowLogID, bt.Subscription.FlowLogID)
			}
			for i := range bt.Records {
				if bt.Records[i].InterfaceID != bt.InterfaceID {
					t.Errorf("batch of %s holds a record of %s", bt.InterfaceID, bt.Records[i].InterfaceID)
				}
				got[bt.FlowLogID] = append(got[bt.FlowLogID], bt.Subscription.Format.Text(&bt.Records[i]))
			}
		}
		return nil
	})
	if _, err := Run(context.Background(), b.world(), subs, tr, sink, Options{}); err != nil {
		t.Fatal(err)
	}
	if a := strings.Join(got["fl-a"], "|"); a != "eni-2 ingress|eni-2 egress" {
		t.Errorf("fl-a: %q", a)
	}
	if n := len(got["fl-b"]); n != 4 {
		t.Errorf("fl-b: %d records, want 4: %q", n, got["fl-b"])
	}
}

// TestRunReusesStorage: a run that delivers many windows allocates little
// per record once its windows have grown (pointer-free aggregation,
// pooled windows, one reused record buffer).
func TestRunReusesStorage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 300-interface estate")
	}
	topo, tr, subs := estate(t, 300, 3000)
	var recs int64
	allocs := testing.AllocsPerRun(2, func() {
		st, err := Run(context.Background(), topo.World, subs, tr, &countSink{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		recs = st.Records + st.NoData
	})
	if per := allocs / float64(recs); per > 0.1 {
		t.Errorf("%.0f allocations for %d records (%.2f per record)", allocs, recs, per)
	}
}

// TestBackgroundValidation: a traffic file's background section is
// bounded and checked like its flows.
func TestBackgroundValidation(t *testing.T) {
	for _, c := range []struct{ bg, want string }{
		{`{"scanners": {"probesPerHour": -1}}`, "probesPerHour"},
		{`{"scanners": {"probesPerHour": 1e9}}`, "probesPerHour"},
		{`{"scanners": {"ports": [0]}}`, "ports"},
		{`{"chatter": {"maxPeers": 1000}}`, "maxPeers"},
		{`{"chatter": {"packets": 10, "bytes": 5}}`, "bytes at least packets"},
		{`{"chatter": {"connectionsPerHour": -3}}`, "connectionsPerHour"},
		{`{"noise": {}}`, `unknown field "noise"`},
	} {
		_, err := ParseTraffic(strings.NewReader(`{"start": 1700000000, "duration": 60, "flows": [], "background": ` + c.bg + `}`))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.bg, err, c.want)
		}
	}
}

// TestNotLogged: the addresses whose traffic flow logs do not capture
// (VPC-UG flow-logs.md "Flow log limitations": instance metadata, Time
// Sync, Amazon DNS, over IPv4 and IPv6), and neighbours that are logged.
func TestNotLogged(t *testing.T) {
	for a, want := range map[string]bool{
		"169.254.169.254": true, "169.254.169.123": true, "169.254.169.253": true,
		"fd00:ec2::254": true, "fd00:ec2::123": true, "fd00:ec2::253": true,
		"169.254.169.252": false, "169.254.170.254": false, "10.0.0.2": false,
		"fd00:ec2::fe": false, "fd00:ec2::1:254": false, "fd00:ec3::254": false, "::ffff:169.254.169.254": false,
	} {
		if got := notLogged(netip.MustParseAddr(a)); got != want {
			t.Errorf("notLogged(%s) = %v, want %v", a, got, want)
		}
	}
}
