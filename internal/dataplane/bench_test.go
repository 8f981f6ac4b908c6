package dataplane_test

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/dataplane/gen"
)

var sizes = []int{1_000, 10_000, 100_000}

var (
	topoMu sync.Mutex
	topos  = map[int]*gen.Topology{}
)

func topology(b *testing.B, n int) *gen.Topology {
	topoMu.Lock()
	defer topoMu.Unlock()
	if t, ok := topos[n]; ok {
		return t
	}
	t, err := gen.Build(gen.ForENIs(n))
	if err != nil {
		b.Fatal(err)
	}
	topos[n] = t
	return t
}

// BenchmarkCompile compiles a whole world; it reports the plane's retained
// heap per interface (B/ENI) besides the allocation totals.
func BenchmarkCompile(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("enis=%d", n), func(b *testing.B) {
			t := topology(b, n)
			b.ReportAllocs()
			var p *dataplane.Plane
			for b.Loop() {
				p = dataplane.Compile(t.World)
			}
			b.StopTimer()
			var m0, m1 runtime.MemStats
			p = nil
			runtime.GC()
			runtime.ReadMemStats(&m0)
			p = dataplane.Compile(t.World)
			runtime.GC()
			runtime.ReadMemStats(&m1)
			runtime.KeepAlive(p)
			b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc)/float64(t.ENIs), "B/ENI")
		})
	}
}

func queries(t *gen.Topology) []dataplane.Query {
	var qs []dataplane.Query
	for i := 0; i < 64; i++ {
		w := t.Web[(i*7919)%len(t.Web)]
		ai := (i * 104729) % len(t.App)
		a := t.App[ai]
		d := t.DB[ai] // same VPC: App and DB are listed VPC by VPC, as many per VPC
		switch i % 4 {
		case 0: // web -> internet through the IGW
			qs = append(qs, dataplane.Query{Source: w, Destination: "8.8.8.8", Protocol: "tcp", DestinationPort: 443})
		case 1: // app -> internet through a NAT gateway
			qs = append(qs, dataplane.Query{Source: a, Destination: "8.8.8.8", Protocol: "tcp", DestinationPort: 443})
		case 2: // internet -> web through the IGW
			qs = append(qs, dataplane.Query{Source: t.IGWs[0], Destination: t.Web[0], Protocol: "tcp", DestinationPort: 443})
		case 3: // app -> db by group reference, across subnets
			qs = append(qs, dataplane.Query{Source: a, Destination: d, Protocol: "tcp", DestinationPort: 5432})
		}
	}
	return qs
}

// BenchmarkTrace traces forward and return paths on a compiled plane with
// a reused Trace (TraceInto); it reports the median latency of single
// traces (p50-ns) besides the mean.
func BenchmarkTrace(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("enis=%d", n), func(b *testing.B) {
			t := topology(b, n)
			p := dataplane.Compile(t.World)
			qs := queries(t)
			var tr dataplane.Trace
			for i := range qs {
				p.TraceInto(&qs[i], &tr)
				if !tr.Reachable {
					b.Fatalf("query %+v not reachable:\n%s", qs[i], tr.String())
				}
			}
			runtime.GC()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				p.TraceInto(&qs[i%len(qs)], &tr)
				i++
			}
			b.StopTimer()
			lat := make([]time.Duration, 20000)
			for k := range lat {
				s := time.Now()
				p.TraceInto(&qs[k%len(qs)], &tr)
				lat[k] = time.Since(s)
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
			b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
		})
	}
}

// BenchmarkTraceNew is Plane.Trace, which allocates one Trace per call.
func BenchmarkTraceNew(b *testing.B) {
	t := topology(b, 10_000)
	p := dataplane.Compile(t.World)
	qs := queries(t)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = p.Trace(qs[i%len(qs)])
		i++
	}
}
