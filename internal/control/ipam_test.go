package control

import (
	"context"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// TestFirstFree pins the allocation arithmetic [EC2 API
// AllocateIpamPoolCidr: "The returned CIDR will not overlap with any other
// allocations from the same pool"]: the lowest block aligned on its own
// size, skipping blocked prefixes larger and smaller than the request.
func TestFirstFree(t *testing.T) {
	mp := netip.MustParsePrefix
	for _, tc := range []struct {
		within  string
		bits    int
		blocked []string
		want    string // "" = exhausted
	}{
		{"10.0.0.0/8", 16, nil, "10.0.0.0/16"},
		{"10.0.0.0/8", 16, []string{"10.0.0.0/16"}, "10.1.0.0/16"},
		{"10.0.0.0/8", 16, []string{"10.0.5.0/24"}, "10.1.0.0/16"},    // a smaller block spoils its /16
		{"10.0.0.0/8", 24, []string{"10.0.0.0/23"}, "10.0.2.0/24"},    // a larger block is skipped whole
		{"10.0.0.0/16", 24, []string{"10.0.0.0/17"}, "10.0.128.0/24"}, // aligned after the block
		{"10.0.0.0/24", 25, []string{"10.0.0.0/25", "10.0.0.128/25"}, ""},
		{"10.0.0.0/24", 23, nil, ""}, // larger than the range
		{"2600:1f00::/52", 56, []string{"2600:1f00::/56"}, "2600:1f00:0:100::/56"},
		{"2600:1f00::/56", 56, []string{"2600:1f00::/56"}, ""},
	} {
		var bl []netip.Prefix
		for _, b := range tc.blocked {
			bl = append(bl, mp(b))
		}
		got, ok := firstFree(mp(tc.within), tc.bits, bl)
		if tc.want == "" {
			if ok {
				t.Errorf("firstFree(%s,/%d,%v) = %s, want exhausted", tc.within, tc.bits, tc.blocked, got)
			}
			continue
		}
		if !ok || got != mp(tc.want) {
			t.Errorf("firstFree(%s,/%d,%v) = %s %v, want %s", tc.within, tc.bits, tc.blocked, got, ok, tc.want)
		}
	}
}

// ipamFixture creates an IPAM (home us-east-1, operating us-west-2 too)
// and returns it.
func ipamFixture(t *testing.T, s *Service) *model.Ipam {
	t.Helper()
	ipam, err := s.CreateIpam(context.Background(), testScope, CreateIpamInput{OperatingRegions: []string{testScope.Region, "us-west-2"}})
	if err != nil {
		t.Fatal(err)
	}
	return ipam
}

// TestIpamDefaults pins "How IPAM works": an IPAM comes with a public and a
// private default scope and a default resource discovery; its home Region
// is an operating Region; one IPAM per Region; default scopes cannot be
// deleted.
func TestIpamDefaults(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	ipam := ipamFixture(t, s)
	if ipam.OperatingRegions[0] != testScope.Region || len(ipam.OperatingRegions) != 2 || ipam.Tier != "free" {
		t.Fatalf("ipam %+v", ipam)
	}
	if ipam.PublicScopeID == "" || ipam.PrivateScopeID == "" || ipam.DiscoveryID == "" || ipam.DiscoveryAssociationID == "" {
		t.Fatalf("defaults missing: %+v", ipam)
	}
	if got := IpamARN("us-east-1", "123456789012", "ipam", ipam.ID); got != "arn:aws:ec2::123456789012:ipam/"+ipam.ID {
		t.Fatalf("arn %s", got)
	}
	_, err := s.CreateIpam(ctx, testScope, CreateIpamInput{})
	wantCode(t, err, "ResourceLimitExceeded")
	_, err = s.DeleteIpamScope(ctx, testScope, ipam.PrivateScopeID)
	wantCode(t, err, "InvalidIpamScope.DefaultScope")
	_, err = s.ModifyIpam(ctx, testScope, ModifyIpamInput{ID: ipam.ID, DropRegions: []string{testScope.Region}})
	wantCode(t, err, "InvalidParameterValue")
	if _, err := s.DeleteIpam(ctx, testScope, ipam.ID, false); err != nil {
		t.Fatal(err)
	}
	if n := IpamScopeCount(s.View(ctx), ipam.ID); n != 0 {
		t.Fatalf("%d scopes left", n)
	}
}

// TestIpamPoolAllocations pins the pool rules: locale among the operating
// Regions, nested pools provisioned from the source's free space (recorded
// there as ipam-pool allocations), netmask rules, exhaustion ("The
// allocation size is too big for the pool."), release and reuse, and
// deprovisioning refused while allocations remain.
func TestIpamPoolAllocations(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	ipam := ipamFixture(t, s)
	_, err := s.CreateIpamPool(ctx, testScope, CreateIpamPoolInput{ScopeID: ipam.PrivateScopeID, AddressFamily: "ipv4", Locale: "eu-west-1"})
	wantCode(t, err, "InvalidParameterValue")
	top, err := s.CreateIpamPool(ctx, testScope, CreateIpamPoolInput{ScopeID: ipam.PrivateScopeID, AddressFamily: "ipv4"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ProvisionIpamPoolCidr(ctx, testScope, top.ID, "10.0.0.0/8", 0); err != nil {
		t.Fatal(err)
	}
	_, err = s.ProvisionIpamPoolCidr(ctx, testScope, top.ID, "10.1.0.0/16", 0)
	wantCode(t, err, "InvalidParameterValue") // overlaps 10.0.0.0/8
	_, err = s.ProvisionIpamPoolCidr(ctx, testScope, top.ID, "", 16)
	wantCode(t, err, "InvalidParameterCombination") // netmask only for nested pools
	reg, err := s.CreateIpamPool(ctx, testScope, CreateIpamPoolInput{ScopeID: ipam.PrivateScopeID, AddressFamily: "ipv4", SourcePoolID: top.ID,
		Locale: testScope.Region, MinNetmask: i32p(20), MaxNetmask: i32p(24), DefaultNetmask: i32p(24)})
	if err != nil {
		t.Fatal(err)
	}
	if reg.Depth != 2 {
		t.Fatalf("depth %d", reg.Depth)
	}
	pc, err := s.ProvisionIpamPoolCidr(ctx, testScope, reg.ID, "", 22)
	if err != nil {
		t.Fatal(err)
	}
	if pc.Prefix != netip.MustParsePrefix("10.0.0.0/22") {
		t.Fatalf("child provisioned %s", pc.Prefix)
	}
	parentAllocs, _ := s.IpamPoolAllocations(ctx, testScope, top.ID, "")
	if len(parentAllocs) != 1 || parentAllocs[0].ResourceType != "ipam-pool" || parentAllocs[0].ResourceID != reg.ID {
		t.Fatalf("parent allocations %+v", parentAllocs)
	}
	// Netmask rules.
	_, err = s.AllocateIpamPoolCidr(ctx, testScope, AllocateInput{PoolID: reg.ID, Req: AllocRequest{NetmaskLength: 26}})
	wantCode(t, err, "InvalidParameterValue")
	// Default netmask /24, alignment, disallowed CIDRs, preview.
	pv, err := s.AllocateIpamPoolCidr(ctx, testScope, AllocateInput{PoolID: reg.ID, Preview: true, Req: AllocRequest{Disallowed: []string{"10.0.0.0/24"}}})
	if err != nil || pv.Prefix != netip.MustParsePrefix("10.0.1.0/24") || pv.ID != "" {
		t.Fatalf("preview %+v %v", pv, err)
	}
	var got []model.IpamAllocation
	for range 4 {
		a, err := s.AllocateIpamPoolCidr(ctx, testScope, AllocateInput{PoolID: reg.ID})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, *a)
	}
	if got[3].Prefix != netip.MustParsePrefix("10.0.3.0/24") {
		t.Fatalf("fourth allocation %s", got[3].Prefix)
	}
	_, err = s.AllocateIpamPoolCidr(ctx, testScope, AllocateInput{PoolID: reg.ID})
	wantCode(t, err, "InvalidParameterValue")
	// Release and reuse.
	if err := s.ReleaseIpamPoolAllocation(ctx, testScope, reg.ID, got[1].ID, "10.0.1.0/24"); err != nil {
		t.Fatal(err)
	}
	again, err := s.AllocateIpamPoolCidr(ctx, testScope, AllocateInput{PoolID: reg.ID})
	if err != nil || again.Prefix != got[1].Prefix {
		t.Fatalf("reuse %+v %v", again, err)
	}
	// An ipam-pool allocation is not released by ReleaseIpamPoolAllocation.
	err = s.ReleaseIpamPoolAllocation(ctx, testScope, top.ID, parentAllocs[0].ID, "10.0.0.0/22")
	wantCode(t, err, "InvalidIpamPoolAllocation.NotCustom")
	// Deprovision refused while allocations remain.
	_, err = s.DeprovisionIpamPoolCidr(ctx, testScope, reg.ID, "10.0.0.0/22")
	wantCode(t, err, "InvalidIpamPoolCidrState")
	_, err = s.DeleteIpamPool(ctx, testScope, top.ID, false)
	wantCode(t, err, "InvalidIpamPoolState")
	for _, a := range append(got[:1], append([]model.IpamAllocation{*again}, got[2:]...)...) {
		if err := s.ReleaseIpamPoolAllocation(ctx, testScope, reg.ID, a.ID, a.Prefix.String()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.DeprovisionIpamPoolCidr(ctx, testScope, reg.ID, "10.0.0.0/22"); err != nil {
		t.Fatal(err)
	}
	if as, _ := s.IpamPoolAllocations(ctx, testScope, top.ID, ""); len(as) != 0 {
		t.Fatalf("deprovisioned child CIDR still allocated in the source: %+v", as)
	}
	// Cascade deletes the tree.
	if _, err := s.DeleteIpamPool(ctx, testScope, top.ID, true); err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.IpamPools(ctx, testScope, nil); len(ps) != 0 {
		t.Fatalf("pools left: %d", len(ps))
	}
}

// TestVpcFromIpamPool pins CreateVpc with Ipv4IpamPoolId and
// Ipv4NetmaskLength: the pool's locale must be the VPC's Region, the VPC
// gets the next free block, the pool records a vpc allocation that goes
// with the VPC; and an IPv6 block from an Amazon-provided pool.
func TestVpcFromIpamPool(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	ipam := ipamFixture(t, s)
	west, err := s.CreateIpamPool(ctx, testScope, CreateIpamPoolInput{ScopeID: ipam.PrivateScopeID, AddressFamily: "ipv4", Locale: "us-west-2"})
	if err != nil {
		t.Fatal(err)
	}
	pool, err := s.CreateIpamPool(ctx, testScope, CreateIpamPoolInput{ScopeID: ipam.PrivateScopeID, AddressFamily: "ipv4", Locale: testScope.Region,
		ResourceTags: map[string]string{"env": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{west.ID, pool.ID} {
		if _, err := s.ProvisionIpamPoolCidr(ctx, testScope, p, "10.0.0.0/16", 0); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.CreateVpc(ctx, testScope, CreateVpcInput{Ipam: IpamVpcRequest{Ipv4PoolID: west.ID, Ipv4Netmask: 24}})
	wantCode(t, err, "InvalidParameterValue") // wrong locale
	_, err = s.CreateVpc(ctx, testScope, CreateVpcInput{Ipam: IpamVpcRequest{Ipv4PoolID: pool.ID, Ipv4Netmask: 24}})
	wantCode(t, err, "InvalidParameterValue") // required tag missing
	tags := map[string]string{"env": "test"}
	_, err = s.CreateVpc(ctx, testScope, CreateVpcInput{Tags: tags, Ipam: IpamVpcRequest{Ipv4PoolID: pool.ID}})
	wantCode(t, err, "InvalidParameterCombination") // no netmask, no default
	v1, err := s.CreateVpc(ctx, testScope, CreateVpcInput{Tags: tags, Ipam: IpamVpcRequest{Ipv4PoolID: pool.ID, Ipv4Netmask: 24}})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := s.CreateVpc(ctx, testScope, CreateVpcInput{Tags: tags, Ipam: IpamVpcRequest{Ipv4PoolID: pool.ID, Ipv4Netmask: 24}})
	if err != nil {
		t.Fatal(err)
	}
	if v1.PrimaryCidr().String() != "10.0.0.0/24" || v2.PrimaryCidr().String() != "10.0.1.0/24" {
		t.Fatalf("vpc cidrs %s %s", v1.PrimaryCidr(), v2.PrimaryCidr())
	}
	as, _ := s.IpamPoolAllocations(ctx, testScope, pool.ID, "")
	if len(as) != 2 || as[0].ResourceType != "vpc" || as[0].ResourceID != v1.ID {
		t.Fatalf("allocations %+v", as)
	}
	rc, err := s.IpamResourceCidrs(ctx, testScope, ipam.PrivateScopeID)
	if err != nil {
		t.Fatal(err)
	}
	managed := 0
	for _, r := range rc {
		if r.Management == "managed" {
			managed++
		}
	}
	if managed != 2 {
		t.Fatalf("resource cidrs %+v", rc)
	}
	if err := s.DeleteVpc(ctx, testScope, v1.ID); err != nil {
		t.Fatal(err)
	}
	as, _ = s.IpamPoolAllocations(ctx, testScope, pool.ID, "")
	if len(as) != 1 || as[0].ResourceID != v2.ID {
		t.Fatalf("after delete %+v", as)
	}
	// IPv6 from Amazon through a public-scope pool and a regional child.
	top6, err := s.CreateIpamPool(ctx, testScope, CreateIpamPoolInput{ScopeID: ipam.PublicScopeID, AddressFamily: "ipv6", AwsService: "ec2", PublicIPSource: "amazon"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ProvisionIpamPoolCidr(ctx, testScope, top6.ID, "", 56)
	wantCode(t, err, "InvalidParameterValue")
	if _, err := s.ProvisionIpamPoolCidr(ctx, testScope, top6.ID, "", 52); err != nil {
		t.Fatal(err)
	}
	reg6, err := s.CreateIpamPool(ctx, testScope, CreateIpamPoolInput{ScopeID: ipam.PublicScopeID, AddressFamily: "ipv6", SourcePoolID: top6.ID, Locale: testScope.Region, AwsService: "ec2"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ProvisionIpamPoolCidr(ctx, testScope, reg6.ID, "", 52); err != nil {
		t.Fatal(err)
	}
	v6, _, err := s.AssociateVpcCidrBlock(ctx, testScope, AssociateVpcCidrInput{VpcID: v2.ID, Ipam: IpamVpcRequest{Ipv6PoolID: reg6.ID, Ipv6Netmask: 56}})
	if err != nil {
		t.Fatal(err)
	}
	b := v6.Ipv6CidrBlocks[0]
	if b.Prefix.Bits() != 56 || b.Pool != IpamManagedIpv6Pool {
		t.Fatalf("ipv6 block %+v", b)
	}
	if _, err := s.DisassociateVpcCidrBlock(ctx, testScope, b.AssociationID); err != nil {
		t.Fatal(err)
	}
	if as, _ := s.IpamPoolAllocations(ctx, testScope, reg6.ID, ""); len(as) != 0 {
		t.Fatalf("ipv6 allocation kept after disassociation: %+v", as)
	}
}
