package flowlog

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/dataplane/gen"
	"github.com/vpcsim/vpcsim/internal/model"
)

// BenchmarkAppendText measures formatting alone (default and a v5 custom
// format): records per second per core.
func BenchmarkAppendText(b *testing.B) {
	r := Record{AccountID: "123456789012", InterfaceID: "eni-1235b8ca123456789", SrcAddr: netip.MustParseAddr("10.0.1.5"),
		DstAddr: netip.MustParseAddr("203.0.113.5"), SrcPort: 43418, DstPort: 443, Protocol: 6, Packets: 70, Bytes: 100701,
		Start: 1566848875, End: 1566848933, Action: ActionAccept, VpcID: "vpc-abcdefab012345678", SubnetID: "subnet-aaaaaaaa012345678",
		InstanceID: "i-01234567890123456", TCPFlags: 19, Type: TypeIPv4, FlowDirection: Egress, TrafficPath: 8, EncryptionStatus: NoValue}
	for _, f := range []struct {
		name string
		f    Format
	}{{"default", DefaultFormat}, {"v5", MustParseFormat("${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} ${flow-direction} ${traffic-path}")}} {
		b.Run(f.name, func(b *testing.B) {
			buf := make([]byte, 0, 512)
			b.ReportAllocs()
			for b.Loop() {
				buf = f.f.AppendText(buf[:0], &r)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

type countSink struct {
	n, bytes int64
	buf      []byte
}

func (s *countSink) Deliver(_ context.Context, bs []Batch) error {
	for _, b := range bs {
		for i := range b.Records {
			s.buf = b.Subscription.Format.AppendText(s.buf[:0], &b.Records[i])
			s.bytes += int64(len(s.buf))
			s.n++
		}
	}
	return nil
}

// estate builds a generated topology (internal/dataplane/gen) of about
// enis interfaces and a traffic of n flows over one simulated hour: web
// instances to the internet (IGW), app instances to the internet (NAT
// gateway) and app to db (security group reference), each flow logged by
// its VPC's flow log.
func estate(b testing.TB, enis, flows int) (*gen.Topology, *Traffic, []Subscription) {
	topo, err := gen.Build(gen.ForENIs(enis))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { topo.Store.Close() })
	tr := &Traffic{Start: 1700000000, End: 1700003600, Flows: make([]Flow, 0, flows)}
	for i := 0; i < flows; i++ {
		f := Flow{Protocol: "tcp", Port: 443, At: float64(i) * 3600 / float64(flows), Duration: 5, Packets: 10, Bytes: 4000}
		switch i % 3 {
		case 0:
			f.Source, f.Destination = topo.Web[i%len(topo.Web)], "198.51.100.7"
		case 1:
			f.Source, f.Destination = topo.App[i%len(topo.App)], "198.51.100.8"
		default:
			f.Source, f.Destination, f.Port = topo.App[i%len(topo.App)], topo.DB[(i/3)%len(topo.DB)], 5432
		}
		tr.Flows = append(tr.Flows, f)
	}
	var subs []Subscription
	topo.World.VPCs.All(func(v *model.VPC) bool {
		subs = append(subs, Subscription{FlowLogID: "fl-" + v.ID[4:], ResourceType: ResourceVPC, ResourceID: v.ID,
			MaxAggregationInterval: 600, Created: time.Unix(1700000000, 0)})
		return true
	})
	return topo, tr, subs
}

// BenchmarkGenerate measures the whole engine (trace both directions,
// aggregate, format as text) on a 1,000-interface estate: records per
// second per core.
func BenchmarkGenerate(b *testing.B) {
	topo, tr, subs := estate(b, 1000, 20000)
	plane := dataplane.Compile(topo.World)
	b.ReportAllocs()
	var recs int64
	cpu0 := cpuTime()
	for b.Loop() {
		sink := &countSink{}
		st, err := Run(context.Background(), topo.World, subs, tr, sink, Options{Plane: plane})
		if err != nil {
			b.Fatal(err)
		}
		recs += st.Records + st.NoData
	}
	b.ReportMetric(float64(recs)/b.Elapsed().Seconds(), "records/s")
	if cpu := (cpuTime() - cpu0).Seconds(); cpu > 0 {
		b.ReportMetric(float64(recs)/cpu, "records/cpu-s")
		b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	}
}

// BenchmarkEstateHour is issue 10's target: a 10,000-interface estate with
// one million flows in one simulated hour processed in at most 10 s.
func BenchmarkEstateHour(b *testing.B) {
	if testing.Short() {
		b.Skip("slow: 10,000 interfaces, 1,000,000 flows")
	}
	topo, tr, subs := estate(b, 10000, 1_000_000)
	cpu0 := cpuTime()
	var recs int64
	for b.Loop() {
		sink := &countSink{}
		st, err := Run(context.Background(), topo.World, subs, tr, sink, Options{})
		if err != nil {
			b.Fatal(err)
		}
		recs = st.Records + st.NoData
	}
	b.ReportMetric(float64(recs), "records/op")
	if cpu := (cpuTime() - cpu0).Seconds(); cpu > 0 {
		b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	}
}
