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

// populateSGs puts n VPCs, each with a security group, a network interface
// using it and two rules (one referencing the previous VPC's group).
func populateSGs(b *testing.B, s *Store, n int) {
	b.Helper()
	const chunk = 1000
	for i := 0; i < n; i += chunk {
		if _, err := s.Update(context.Background(), func(tx *Tx) error {
			for j := i; j < i+chunk && j < n; j++ {
				vpcID, sg := fmt.Sprintf("vpc-%017d", j), fmt.Sprintf("sg-%017d", j)
				meta := func(id string) model.Meta {
					return model.Meta{ID: id, Account: testScope.Account, Region: testScope.Region}
				}
				tx.VPCs.Put(vpc(vpcID, nil))
				tx.SecurityGroups.Put(&model.SecurityGroup{Meta: meta(sg), VpcID: vpcID, Name: "g"})
				tx.NetworkInterfaces.Put(&model.NetworkInterface{Meta: meta(fmt.Sprintf("eni-%017d", j)), SecurityGroupIDs: []string{sg}})
				tx.SecurityGroupRules.Put(&model.SecurityGroupRule{Meta: meta(fmt.Sprintf("sgr-%017da", j)), GroupID: sg})
				tx.SecurityGroupRules.Put(&model.SecurityGroupRule{Meta: meta(fmt.Sprintf("sgr-%017db", j)), GroupID: sg, RefGroupID: fmt.Sprintf("sg-%017d", max(j-1, 0))})
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSecurityGroupReferences measures DeleteSecurityGroup's
// dependency check (is the group used by an interface or referenced by
// another group's rule?) over 10,000 VPCs and groups: the full scans it
// used to make against the reverse indexes.
func BenchmarkSecurityGroupReferences(b *testing.B) {
	s := openStore(b, Options{})
	populateSGs(b, s, 10000)
	w := s.Snapshot()
	unused := fmt.Sprintf("sg-%017d", 9999) // no interface-free group: check the last one's rules
	scan := func(g string) bool {
		used := false
		w.NetworkInterfaces.All(func(n *model.NetworkInterface) bool {
			for _, id := range n.SecurityGroupIDs {
				used = used || id == g
			}
			return !used
		})
		w.SecurityGroupRules.All(func(r *model.SecurityGroupRule) bool {
			used = used || (r.RefGroupID == g && r.GroupID != g)
			return !used
		})
		return used
	}
	index := func(g string) bool {
		used := false
		w.NetworkInterfaces.ByIndex(NetworkInterfacesBySecurityGroup, g, func(*model.NetworkInterface) bool { used = true; return false })
		w.SecurityGroupRules.ByIndex(SecurityGroupRulesByReferencedGroup, g, func(r *model.SecurityGroupRule) bool {
			used = used || r.GroupID != g
			return !used
		})
		return used
	}
	if scan(unused) != index(unused) || scan("sg-none") || index("sg-none") {
		b.Fatal("scan and index disagree")
	}
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			scan("sg-none")
		}
	})
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			index("sg-none")
		}
	})
}
