package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// populate puts n VPCs with one subnet each into s.
func populate(b *testing.B, s *Store, n int) {
	b.Helper()
	const chunk = 1000
	for i := 0; i < n; i += chunk {
		if _, err := s.Update(context.Background(), func(tx *Tx) error {
			for j := i; j < i+chunk && j < n; j++ {
				id := fmt.Sprintf("vpc-%017d", j)
				tx.VPCs.Put(vpc(id, map[string]string{"Name": id}))
				tx.Subnets.Put(subnet(fmt.Sprintf("subnet-%017d", j), id, "10.0.0.0/24"))
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdate measures one small transaction (put a VPC and a subnet)
// over a world of 10,000 VPCs, in memory and with a data directory (one
// fsync per group commit), sequentially and from parallel writers.
func BenchmarkUpdate(b *testing.B) {
	for _, mode := range []string{"ephemeral", "durable"} {
		for _, par := range []bool{false, true} {
			name := mode + "/serial"
			if par {
				name = mode + "/parallel"
			}
			b.Run(name, func(b *testing.B) {
				opts := Options{}
				if mode == "durable" {
					opts.Dir = b.TempDir()
				}
				s := openStore(b, opts)
				populate(b, s, 10000)
				fn := func(tx *Tx) error {
					id := tx.NewID("vpc")
					tx.VPCs.Put(vpc(id, nil))
					tx.Subnets.Put(subnet(tx.NewID("subnet"), id, "10.0.0.0/24"))
					return nil
				}
				b.ReportAllocs()
				b.ResetTimer()
				if !par {
					for b.Loop() {
						if _, err := s.Update(context.Background(), fn); err != nil {
							b.Fatal(err)
						}
					}
					return
				}
				b.SetParallelism(8) // 8 × GOMAXPROCS writers share fsyncs
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := s.Update(context.Background(), fn); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	}
}

// BenchmarkSnapshotRead measures the read paths handlers use against a
// world of 10,000 VPCs: Snapshot+Get, a parent-index lookup, and a full scan.
func BenchmarkSnapshotRead(b *testing.B) {
	s := openStore(b, Options{})
	populate(b, s, 10000)
	id := fmt.Sprintf("vpc-%017d", 5000)
	b.Run("get", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := s.Snapshot().VPCs.Get(id); !ok {
				b.Fatal("missing")
			}
		}
	})
	b.Run("children", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if n := len(s.Snapshot().Subnets.Children(id)); n != 1 {
				b.Fatal(n)
			}
		}
	})
	b.Run("scan-10k", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			s.Snapshot().VPCs.All(func(v *model.VPC) bool { n++; return true })
			if n != 10000 {
				b.Fatal(n)
			}
		}
	})
	b.Run("get-parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, ok := s.Snapshot().VPCs.Get(id); !ok {
					b.Error("missing")
					return
				}
			}
		})
	})
}

// BenchmarkOpen measures loading a data directory of 100,000 objects.
func BenchmarkOpen(b *testing.B) {
	dir := b.TempDir()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	populate(b, s, 50000) // 50,000 VPCs + 50,000 subnets
	s.Close()
	b.ReportAllocs()
	for b.Loop() {
		r, err := Open(Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if r.Snapshot().VPCs.Len() != 50000 {
			b.Fatal("short load")
		}
		r.Close()
	}
}
