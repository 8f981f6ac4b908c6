// Package sgtest builds the EC2 world the subnet group control tests run
// on: one account-region with its default VPC and default subnets, and a
// second VPC with a dual-stack subnet in each of three zones.
package sgtest

import (
	"context"
	"fmt"
	"net/netip"
	"sort"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Fixture is one test's world.
type Fixture struct {
	Store *store.Store
	EC2   *control.Service
	Scope model.Scope
	// Default lists the default subnets ordered by zone; Dual the second
	// VPC's dual-stack subnets (zones a, b, c).
	Default, Dual []*model.Subnet
	OtherVPC      string
}

// New returns a fresh in-memory world (or one in dir when dir is not "").
func New(t testing.TB, dir string) *Fixture {
	t.Helper()
	st, err := store.Open(store.Options{Dir: dir, Seed: 1})
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	f := &Fixture{Store: st, EC2: control.New(st, control.Options{}), Scope: model.Scope{Account: "123456789012", Region: "us-east-1"}}
	ctx := context.Background()
	if err := f.EC2.EnsureScope(ctx, f.Scope); err != nil {
		t.Fatalf("EnsureScope: %v", err)
	}
	st.Snapshot().Subnets.All(func(s *model.Subnet) bool {
		if s.DefaultForAz && s.InScope(f.Scope) {
			f.Default = append(f.Default, s)
		}
		return true
	})
	sort.Slice(f.Default, func(i, j int) bool { return f.Default[i].AvailabilityZone < f.Default[j].AvailabilityZone })
	v, err := f.EC2.CreateVpc(ctx, f.Scope, control.CreateVpcInput{CidrBlock: "10.1.0.0/16", AmazonProvidedIpv6CidrBlock: true})
	if err != nil {
		t.Fatalf("CreateVpc: %v", err)
	}
	f.OtherVPC = v.ID
	v6 := f.Store.Snapshot().VPCs
	vpc, _ := v6.Get(v.ID)
	var block string
	for _, a := range vpc.Ipv6CidrBlocks {
		block = a.Prefix.String()
	}
	for i, z := range []string{"us-east-1a", "us-east-1b", "us-east-1c"} {
		in := control.CreateSubnetInput{VpcID: v.ID, CidrBlock: fmt.Sprintf("10.1.%d.0/24", i), AvailabilityZone: z}
		if block != "" {
			in.Ipv6CidrBlock = subnet64(block, i)
		}
		s, err := f.EC2.CreateSubnet(ctx, f.Scope, in)
		if err != nil {
			t.Fatalf("CreateSubnet: %v", err)
		}
		f.Dual = append(f.Dual, s)
	}
	return f
}

// IDs returns the ids of subnets.
func IDs(subnets ...*model.Subnet) []string {
	out := make([]string, len(subnets))
	for i, s := range subnets {
		out[i] = s.ID
	}
	return out
}

// subnet64 returns the n-th /64 of a /56.
func subnet64(block string, n int) string {
	p := netip.MustParsePrefix(block)
	a := p.Addr().As16()
	a[7] = byte(n)
	return netip.PrefixFrom(netip.AddrFrom16(a), 64).String()
}
