package control

import (
	"context"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

var testScope = model.Scope{Account: "123456789012", Region: "us-east-1"}

func newTestService(t *testing.T) *Service {
	t.Helper()
	st, err := store.Open(store.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := New(st, Options{})
	if err := s.EnsureScope(context.Background(), testScope); err != nil {
		t.Fatal(err)
	}
	return s
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	e, ok := awserr.As(err)
	if !ok || e.Code != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
	if e.Status < 400 || e.Status >= 500 {
		t.Fatalf("status %d for %s", e.Status, code)
	}
}

// TestDefaultVpc pins VPC-UG default-vpc.md "Default VPC components": a
// 172.31.0.0/16 VPC, a /20 default subnet per AZ, an attached IGW, a main
// route table routing 0.0.0.0/0 to it, default SG and NACL.
func TestDefaultVpc(t *testing.T) {
	s := newTestService(t)
	w := s.Snapshot()
	st, _ := w.Scopes.Get(scopeKey(testScope))
	v, ok := w.VPCs.Get(st.DefaultVpcID)
	if !ok || !v.IsDefault || v.PrimaryCidr().String() != "172.31.0.0/16" || !v.EnableDnsHostnames || !v.EnableDnsSupport {
		t.Fatalf("default vpc = %+v", v)
	}
	subnets := w.Subnets.Children(v.ID)
	if len(subnets) != 6 {
		t.Fatalf("%d default subnets, want one per AZ (6 in us-east-1)", len(subnets))
	}
	for _, sn := range subnets {
		if sn.CidrBlock.Bits() != 20 || !sn.DefaultForAz || !sn.MapPublicIpOnLaunch {
			t.Errorf("default subnet %+v", sn)
		}
	}
	igws := attachedIGWs(w, v.ID)
	if len(igws) != 1 {
		t.Fatalf("igws = %d", len(igws))
	}
	rts := w.RouteTables.Children(v.ID)
	if len(rts) != 1 || !rts[0].IsMain() || len(rts[0].Routes) != 2 || rts[0].Routes[1].TargetID != igws[0].ID {
		t.Fatalf("main route table = %+v", rts)
	}
	if len(w.SecurityGroups.Children(v.ID)) != 1 || len(w.NetworkACLs.Children(v.ID)) != 1 {
		t.Fatal("default SG and NACL missing")
	}
}

// TestCreateVpcSynthesisesDefaults pins ec2-api-surface.md takeaway 11.
func TestCreateVpcSynthesisesDefaults(t *testing.T) {
	s := newTestService(t)
	v, err := s.CreateVpc(context.Background(), testScope, CreateVpcInput{CidrBlock: "10.1.2.3/16", AmazonProvidedIpv6CidrBlock: true})
	if err != nil {
		t.Fatal(err)
	}
	if v.PrimaryCidr().String() != "10.1.0.0/16" {
		t.Errorf("cidr not canonical: %s", v.PrimaryCidr())
	}
	if len(v.Ipv6CidrBlocks) != 1 || v.Ipv6CidrBlocks[0].Prefix.Bits() != 56 {
		t.Errorf("ipv6 = %+v", v.Ipv6CidrBlocks)
	}
	if !v.EnableDnsSupport || v.EnableDnsHostnames || v.EnableNetworkAddressUsageMetrics {
		t.Errorf("attributes = %+v", v)
	}
	w := s.Snapshot()
	rts := w.RouteTables.Children(v.ID)
	if len(rts) != 1 || !rts[0].IsMain() || len(rts[0].Routes) != 2 {
		t.Fatalf("main route table with two local routes expected: %+v", rts)
	}
	acls := w.NetworkACLs.Children(v.ID)
	if len(acls) != 1 || !acls[0].IsDefault || len(acls[0].Entries) != 8 {
		t.Fatalf("default NACL with 100/* (and IPv6 101/*) both directions expected: %+v", acls)
	}
	sgs := w.SecurityGroups.Children(v.ID)
	if len(sgs) != 1 || sgs[0].Name != "default" {
		t.Fatalf("default SG: %+v", sgs)
	}
	if rules := w.SecurityGroupRules.Children(sgs[0].ID); len(rules) != 3 {
		t.Fatalf("default SG rules: self ingress, IPv4 and IPv6 egress expected, got %d", len(rules))
	}
}

func TestCreateVpcErrors(t *testing.T) {
	s := newTestService(t)
	cases := []struct {
		in   CreateVpcInput
		code string
	}{
		{CreateVpcInput{}, "MissingParameter"},
		{CreateVpcInput{CidrBlock: "10.0.0.0"}, "InvalidParameterValue"},
		{CreateVpcInput{CidrBlock: "banana"}, "InvalidParameterValue"},
		{CreateVpcInput{CidrBlock: "10.0.0.0/8"}, "InvalidVpc.Range"},  // VPC-UG vpc-cidr-blocks.md: /16 to /28
		{CreateVpcInput{CidrBlock: "10.0.0.0/29"}, "InvalidVpc.Range"}, // ibid.
		{CreateVpcInput{CidrBlock: "2001:db8::/56"}, "InvalidParameterValue"},
		{CreateVpcInput{CidrBlock: "10.0.0.0/16", InstanceTenancy: "bogus"}, "InvalidParameterValue"},
		{CreateVpcInput{CidrBlock: "10.0.0.0/16", Tags: map[string]string{"aws:x": "y"}}, "InvalidParameterValue"},
	}
	before := s.Snapshot().VPCs.Len()
	for _, c := range cases {
		_, err := s.CreateVpc(context.Background(), testScope, c.in)
		wantCode(t, err, c.code)
	}
	if s.Snapshot().VPCs.Len() != before {
		t.Fatal("a rejected request changed the world")
	}
}

// TestSecondaryCidrs pins VPC-UG vpc-cidr-blocks.md: 5 IPv4 CIDRs per VPC,
// no overlap, the RFC 1918 restriction table, and the primary block cannot
// be disassociated.
func TestSecondaryCidrs(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	add := func(c string) error {
		_, _, err := s.AssociateVpcCidrBlock(ctx, testScope, AssociateVpcCidrInput{VpcID: v.ID, CidrBlock: c})
		return err
	}
	wantCode(t, add("10.0.128.0/17"), "InvalidVpc.Range")  // overlaps the primary
	wantCode(t, add("192.168.0.0/16"), "InvalidVpc.Range") // other RFC 1918 range
	wantCode(t, add("10.9.0.0/8"), "InvalidVpc.Range")
	for _, c := range []string{"10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "100.64.0.0/16"} {
		if err := add(c); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
	}
	wantCode(t, add("10.4.0.0/16"), "CidrLimitExceeded")
	w := s.Snapshot()
	got, _ := w.VPCs.Get(v.ID)
	for _, rt := range w.RouteTables.Children(v.ID) {
		if len(rt.Routes) != 5 {
			t.Errorf("local routes = %d, want one per CIDR", len(rt.Routes))
		}
	}
	_, err = s.DisassociateVpcCidrBlock(ctx, testScope, got.CidrBlocks[0].AssociationID)
	wantCode(t, err, "OperationNotPermitted")
	if _, err := s.DisassociateVpcCidrBlock(ctx, testScope, got.CidrBlocks[1].AssociationID); err != nil {
		t.Fatal(err)
	}
	_, err = s.DisassociateVpcCidrBlock(ctx, testScope, "vpc-cidr-assoc-00000000")
	wantCode(t, err, "InvalidVpcCidrBlockAssociationID.NotFound")
}

func TestDeleteVpc(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	wantCode(t, s.DeleteVpc(ctx, testScope, "vpc-12345678"), "InvalidVpcID.NotFound")
	wantCode(t, s.DeleteVpc(ctx, testScope, "vpc-xyz"), "InvalidVpcID.Malformed")
	wantCode(t, s.DeleteVpc(ctx, testScope, ""), "MissingParameter")
	st, _ := s.Snapshot().Scopes.Get(scopeKey(testScope))
	wantCode(t, s.DeleteVpc(ctx, testScope, st.DefaultVpcID), "DependencyViolation") // it has subnets
	v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	// Another account cannot see it.
	other := model.Scope{Account: "210987654321", Region: "us-east-1"}
	if err := s.EnsureScope(ctx, other); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteVpc(ctx, other, v.ID), "InvalidVpcID.NotFound")
	if err := s.DeleteVpc(ctx, testScope, v.ID); err != nil {
		t.Fatal(err)
	}
	w := s.Snapshot()
	if _, ok := w.VPCs.Get(v.ID); ok || len(w.RouteTables.Children(v.ID)) > 0 || len(w.SecurityGroups.Children(v.ID)) > 0 || len(w.NetworkACLs.Children(v.ID)) > 0 {
		t.Fatal("vpc or its defaults remain")
	}
}

func TestModifyVpcAttribute(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	v, _ := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	yes, no := true, false
	wantCode(t, s.ModifyVpcAttribute(ctx, testScope, ModifyVpcAttributeInput{VpcID: v.ID}), "MissingParameter")
	wantCode(t, s.ModifyVpcAttribute(ctx, testScope, ModifyVpcAttributeInput{VpcID: v.ID, EnableDnsSupport: &yes, EnableDnsHostnames: &yes}), "InvalidParameterCombination")
	if err := s.ModifyVpcAttribute(ctx, testScope, ModifyVpcAttributeInput{VpcID: v.ID, EnableDnsHostnames: &yes}); err != nil {
		t.Fatal(err)
	}
	if err := s.ModifyVpcAttribute(ctx, testScope, ModifyVpcAttributeInput{VpcID: v.ID, EnableDnsSupport: &no}); err != nil {
		t.Fatal(err)
	}
	got, err := VpcAttribute(s.Snapshot(), testScope, v.ID, AttrEnableDnsSupport)
	if err != nil || got {
		t.Fatalf("enableDnsSupport = %v, %v", got, err)
	}
	_, err = VpcAttribute(s.Snapshot(), testScope, v.ID, "bogus")
	wantCode(t, err, "InvalidParameterValue")
}

func TestDryRunChangesNothing(t *testing.T) {
	s := newTestService(t)
	rev := s.Store().Revision()
	_, err := s.CreateVpc(store.WithDryRun(context.Background()), testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	e, ok := awserr.As(err)
	if !ok || e.Code != "DryRunOperation" || e.Status != 412 {
		t.Fatalf("err = %v", err)
	}
	if s.Store().Revision() != rev {
		t.Fatal("dry run changed the world")
	}
}

func TestCreateDefaultVpc(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	_, err := s.CreateDefaultVpc(ctx, testScope)
	wantCode(t, err, "DefaultVpcAlreadyExists")
}

// TestAssociateIpv6AddsDefaultACLRules pins VPC-UG vpc-network-acls.md:
// associating an IPv6 block adds the IPv6 allow (101) and `*` rules to the
// default network ACL, but not the allow in a direction whose rules were
// modified.
func TestAssociateIpv6AddsDefaultACLRules(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	v, _ := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	acl := s.Snapshot().NetworkACLs.Children(v.ID)[0]
	// Modify the outbound rules.
	if _, err := s.st.Update(ctx, func(tx *store.Tx) error {
		c := model.Clone(acl)
		c.Entries = append(c.Entries, model.NetworkACLEntry{RuleNumber: 50, Egress: true, Protocol: "6", Action: "deny", CidrBlock: anyIPv4})
		tx.NetworkACLs.Put(c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AssociateVpcCidrBlock(ctx, testScope, AssociateVpcCidrInput{VpcID: v.ID, AmazonProvidedIpv6CidrBlock: true}); err != nil {
		t.Fatal(err)
	}
	got := s.Snapshot().NetworkACLs.Children(v.ID)[0]
	count := map[string]int{}
	for _, e := range got.Entries {
		if e.Ipv6Cidr.IsValid() {
			count[boolKey(e.Egress)+"/"+e.Action]++
		}
	}
	want := map[string]int{"in/allow": 1, "in/deny": 1, "out/deny": 1}
	if len(count) != len(want) || count["in/allow"] != 1 || count["in/deny"] != 1 || count["out/deny"] != 1 {
		t.Fatalf("IPv6 entries = %v, want %v", count, want)
	}
}

func boolKey(egress bool) string {
	if egress {
		return "out"
	}
	return "in"
}

// TestIpv6CidrsPerVpc pins the quota "IPv6 CIDR blocks per VPC: 5"
// [VPC-UG amazon-vpc-limits.md] and vpc-cidr-blocks.md "you can associate
// up to five by modifying an existing VPC"; the sixth is CidrLimitExceeded,
// whose message names the VPC and the limit.
func TestIpv6CidrsPerVpc(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16", AmazonProvidedIpv6CidrBlock: true})
	if err != nil {
		t.Fatal(err)
	}
	add := func() error {
		_, _, err := s.AssociateVpcCidrBlock(ctx, testScope, AssociateVpcCidrInput{VpcID: v.ID, AmazonProvidedIpv6CidrBlock: true})
		return err
	}
	for i := 2; i <= 5; i++ {
		if err := add(); err != nil {
			t.Fatalf("IPv6 block %d: %v", i, err)
		}
	}
	err = add()
	wantCode(t, err, "CidrLimitExceeded")
	if e, _ := awserr.As(err); e.Message != "This network '"+v.ID+"' has met its maximum number of allowed CIDRs: 5" {
		t.Errorf("message %q", e.Message)
	}
	got, _ := s.Snapshot().VPCs.Get(v.ID)
	seen := map[string]bool{}
	for _, c := range got.Ipv6CidrBlocks {
		if c.Prefix.Bits() != 56 || seen[c.Prefix.String()] {
			t.Errorf("IPv6 block %s (duplicate or not a /56)", c.Prefix)
		}
		seen[c.Prefix.String()] = true
	}
	if len(seen) != 5 {
		t.Fatalf("%d IPv6 blocks, want 5", len(seen))
	}
	// A disassociated block frees its place.
	if _, err := s.DisassociateVpcCidrBlock(ctx, testScope, got.Ipv6CidrBlocks[4].AssociationID); err != nil {
		t.Fatal(err)
	}
	if err := add(); err != nil {
		t.Fatalf("after a disassociation: %v", err)
	}
}

// TestIpv6Parameters pins the documented rules of CreateVpc's and
// AssociateVpcCidrBlock's IPv6 parameters [EC2 API]: Ipv6CidrBlock "You
// must also specify Ipv6Pool" (never silently dropped);
// Ipv6CidrBlockNetworkBorderGroup "You must set AmazonProvidedIpv6CidrBlock
// to true to use this parameter".
func TestIpv6Parameters(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	other, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.9.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		amazon bool
		req    Ipv6Request
		code   string
	}{
		{"cidr without pool", false, Ipv6Request{CidrBlock: "2001:db8::/56"}, "MissingParameter"},
		{"cidr without pool, amazon too", true, Ipv6Request{CidrBlock: "2001:db8::/56"}, "MissingParameter"},
		{"amazon with pool", true, Ipv6Request{CidrBlock: "2001:db8::/56", Pool: "ipv6pool-ec2-0123456789abcdef0"}, "InvalidParameterCombination"},
		{"byoip pool", false, Ipv6Request{CidrBlock: "2001:db8::/56", Pool: "ipv6pool-ec2-0123456789abcdef0"}, "UnsupportedOperation"},
		{"border group without amazon", false, Ipv6Request{NetworkBorderGroup: "us-east-1"}, "InvalidParameterCombination"},
		{"foreign border group", true, Ipv6Request{NetworkBorderGroup: "us-west-2"}, "InvalidParameterValue"},
		{"region border group", true, Ipv6Request{NetworkBorderGroup: "us-east-1"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16", AmazonProvidedIpv6CidrBlock: c.amazon, Ipv6: c.req})
			_, _, aerr := s.AssociateVpcCidrBlock(ctx, testScope, AssociateVpcCidrInput{VpcID: other.ID, CidrBlock: "10.10.0.0/16", AmazonProvidedIpv6CidrBlock: c.amazon, Ipv6: c.req})
			if c.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(v.Ipv6CidrBlocks) != 1 || v.Ipv6CidrBlocks[0].NetworkBorderGroup != "us-east-1" {
					t.Fatalf("IPv6 blocks %+v", v.Ipv6CidrBlocks)
				}
				return
			}
			wantCode(t, err, c.code)
			if c.amazon {
				// AssociateVpcCidrBlock takes one family per call, so the
				// IPv4 block makes an Amazon request a combination error
				// unless the IPv6 parameters fail first.
				if aerr == nil {
					t.Fatal("AssociateVpcCidrBlock accepted the request")
				}
				return
			}
			wantCode(t, aerr, c.code)
		})
	}
	// CreateVpc without a CIDR block, in AWS's words.
	_, err = s.CreateVpc(ctx, testScope, CreateVpcInput{})
	wantCode(t, err, "MissingParameter")
	if e, _ := awserr.As(err); e.Message != "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided." {
		t.Errorf("message %q", e.Message)
	}
}
