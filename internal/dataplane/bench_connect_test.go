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

// Benchmarks of the edges between VPCs (issue 7): 1,000 VPCs on one
// transit gateway whose route table holds 100,000 routes, and a full mesh
// of 100 peered VPCs.

var (
	connMu    sync.Mutex
	connTopos = map[string]*gen.Topology{}
)

func hubTopology(tb testing.TB, vpcs, routes int) *gen.Topology {
	connMu.Lock()
	defer connMu.Unlock()
	k := fmt.Sprintf("hub/%d/%d", vpcs, routes)
	if t, ok := connTopos[k]; ok {
		return t
	}
	t, err := gen.Hub(gen.HubConfig{VPCs: vpcs, ENIsPerSubnet: 2, Routes: routes})
	if err != nil {
		tb.Fatal(err)
	}
	connTopos[k] = t
	return t
}

func meshTopology(tb testing.TB, vpcs int) *gen.Topology {
	connMu.Lock()
	defer connMu.Unlock()
	k := fmt.Sprintf("mesh/%d", vpcs)
	if t, ok := connTopos[k]; ok {
		return t
	}
	t, err := gen.Mesh(vpcs, 16)
	if err != nil {
		tb.Fatal(err)
	}
	connTopos[k] = t
	return t
}

// crossVPCQueries: app in one VPC to db in another, TCP 5432.
func crossVPCQueries(t *gen.Topology) []dataplane.Query {
	n := len(t.VPCs)
	qs := make([]dataplane.Query, 0, 64)
	for i := 0; i < 64; i++ {
		a := (i * 7919) % n
		b := (a + 1 + (i*104729)%(n-1)) % n
		k := i % t.AppsPerVPC
		qs = append(qs, dataplane.Query{Source: t.App[a*t.AppsPerVPC+k], Destination: t.DB[b*t.AppsPerVPC+(k+1)%t.AppsPerVPC],
			Protocol: "tcp", DestinationPort: 5432})
	}
	return qs
}

func benchCompile(b *testing.B, t *gen.Topology) {
	b.ReportAllocs()
	for b.Loop() {
		_ = dataplane.Compile(t.World)
	}
}

func benchTrace(b *testing.B, t *gen.Topology) {
	p := dataplane.Compile(t.World)
	qs := crossVPCQueries(t)
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
	hops := 0
	for k := range lat {
		s := time.Now()
		p.TraceInto(&qs[k%len(qs)], &tr)
		lat[k] = time.Since(s)
		hops += len(tr.Forward) + len(tr.Return)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
	b.ReportMetric(float64(hops)/float64(len(lat)), "hops/trace")
}

// BenchmarkCompileHub compiles 1,000 VPCs on one transit gateway with
// 100,000 routes in its route table.
func BenchmarkCompileHub(b *testing.B) { benchCompile(b, hubTopology(b, 1000, 100_000)) }

// BenchmarkTraceHub traces app -> db across the transit gateway (forward
// and return) on the same topology.
func BenchmarkTraceHub(b *testing.B) { benchTrace(b, hubTopology(b, 1000, 100_000)) }

// BenchmarkCompileMesh compiles a full mesh of 100 peered VPCs (4,950
// peering connections, 9,600 instances).
func BenchmarkCompileMesh(b *testing.B) { benchCompile(b, meshTopology(b, 100)) }

// BenchmarkTraceMesh traces app -> db across a peering connection.
func BenchmarkTraceMesh(b *testing.B) { benchTrace(b, meshTopology(b, 100)) }

// TestConnectedTracesDoNotAllocate: on small hub and mesh topologies every
// cross-VPC query is reachable and TraceInto with a reused Trace allocates
// nothing, though a path through a transit gateway outgrows the inline hop
// buffers.
func TestConnectedTracesDoNotAllocate(t *testing.T) {
	for name, topo := range map[string]*gen.Topology{"hub": hubTopology(t, 20, 2000), "mesh": meshTopology(t, 8)} {
		p := dataplane.Compile(topo.World)
		qs := crossVPCQueries(topo)
		var tr dataplane.Trace
		for i := range qs {
			p.TraceInto(&qs[i], &tr)
			if !tr.Reachable {
				t.Fatalf("%s: query %+v not reachable:\n%s", name, qs[i], tr.String())
			}
		}
		i := 0
		if a := testing.AllocsPerRun(200, func() {
			p.TraceInto(&qs[i%len(qs)], &tr)
			i++
		}); a != 0 {
			t.Errorf("%s: %v allocations per trace, want 0", name, a)
		}
	}
}
