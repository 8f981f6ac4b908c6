package control

import (
	"context"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// subnetTestVpc creates a VPC 10.0.0.0/16 with an Amazon IPv6 /56.
func subnetTestVpc(t *testing.T, s *Service) *model.VPC {
	t.Helper()
	v, err := s.CreateVpc(context.Background(), testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16", AmazonProvidedIpv6CidrBlock: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// ipv6Subnet returns the n-th /64 of the VPC's /56.
func ipv6Subnet(v *model.VPC, n int) string {
	b := v.Ipv6CidrBlocks[0].Prefix.Addr().As16()
	b[7] += byte(n)
	return netip.PrefixFrom(netip.AddrFrom16(b), 64).String()
}

// putObjects stores hand-made objects (ENIs, instances, NAT gateways) that
// other families own, so that these tests do not depend on their operations.
func putObjects(t *testing.T, s *Service, fn func(tx *store.Tx)) {
	t.Helper()
	if _, err := s.st.Update(context.Background(), func(tx *store.Tx) error { fn(tx); return nil }); err != nil {
		t.Fatal(err)
	}
}

// TestCreateSubnetRules pins the subnet sizing rules of VPC-UG
// subnet-sizing.md and configure-subnets.md: IPv4 /16 to /28 inside a VPC
// CIDR, no overlap with another subnet of the VPC, IPv6 /64 inside the VPC's
// /56, and AZ by name or id.
func TestCreateSubnetRules(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v := subnetTestVpc(t, s)
	if _, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.1.0/24", Ipv6CidrBlock: ipv6Subnet(v, 1), AvailabilityZone: "us-east-1a"}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		in   CreateSubnetInput
		code string
	}{
		{"no vpc", CreateSubnetInput{CidrBlock: "10.0.2.0/24"}, "MissingParameter"},
		{"no cidr", CreateSubnetInput{VpcID: v.ID}, "MissingParameter"},
		{"unknown vpc", CreateSubnetInput{VpcID: "vpc-0123456789abcdef0", CidrBlock: "10.0.2.0/24"}, "InvalidVpcID.NotFound"},
		{"malformed vpc", CreateSubnetInput{VpcID: "vpc-xyz", CidrBlock: "10.0.2.0/24"}, "InvalidVpcID.Malformed"},
		{"bad cidr", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.2.0/33"}, "InvalidParameterValue"},
		{"too big", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.0.0/15"}, "InvalidSubnet.Range"},
		{"too small", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.2.0/29"}, "InvalidSubnet.Range"},
		{"outside vpc", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.1.0.0/24"}, "InvalidSubnet.Range"},
		{"overlap", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.1.128/25"}, "InvalidSubnet.Conflict"},
		{"ipv6 not /64", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.2.0/24", Ipv6CidrBlock: "2600:1f00::/60"}, "InvalidSubnet.Range"},
		{"ipv6 outside", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.2.0/24", Ipv6CidrBlock: "2001:db8::/64"}, "InvalidSubnet.Range"},
		{"ipv6 conflict", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.2.0/24", Ipv6CidrBlock: ipv6Subnet(v, 1)}, "InvalidSubnet.Conflict"},
		{"bad az", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.2.0/24", AvailabilityZone: "us-west-2a"}, "InvalidParameterValue"},
		{"bad az id", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.2.0/24", AvailabilityZoneID: "use1-az9"}, "InvalidParameterValue"},
		{"az and id", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.2.0/24", AvailabilityZone: "us-east-1a", AvailabilityZoneID: "use1-az1"}, "InvalidParameterCombination"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.CreateSubnet(ctx, testScope, c.in)
			wantCode(t, err, c.code)
		})
	}
	// A rejected request changes nothing.
	if n := len(s.Snapshot().Subnets.Children(v.ID)); n != 1 {
		t.Fatalf("%d subnets after rejected creates, want 1", n)
	}
}

func TestCreateSubnetResult(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v := subnetTestVpc(t, s)
	// The AZ by id; a secondary VPC CIDR hosts subnets too.
	if _, _, err := s.AssociateVpcCidrBlock(ctx, testScope, AssociateVpcCidrInput{VpcID: v.ID, CidrBlock: "10.1.0.0/16"}); err != nil {
		t.Fatal(err)
	}
	sn, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.1.0.0/28", AvailabilityZoneID: "use1-az2", Tags: map[string]string{"Name": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if sn.AvailabilityZone != "us-east-1b" || sn.AvailabilityZoneID != "use1-az2" || sn.State != "available" || sn.MapPublicIpOnLaunch || sn.DefaultForAz {
		t.Fatalf("subnet %+v", sn)
	}
	w := s.Snapshot()
	// 16 addresses, 5 reserved [VPC-UG subnet-sizing.md].
	if n := AvailableIPv4Count(w, sn); n != 11 {
		t.Fatalf("available = %d, want 11", n)
	}
	// Implicit association with the default network ACL.
	found := false
	for _, acl := range w.NetworkACLs.Children(v.ID) {
		for _, a := range acl.Associations {
			if a.SubnetID == sn.ID && acl.IsDefault {
				found = true
			}
		}
	}
	if !found {
		t.Fatal("no default NACL association")
	}
	// Main route table until an explicit association.
	if rt := SubnetRouteTable(w, sn); rt == nil || !rt.IsMain() {
		t.Fatal("subnet does not use the main route table")
	}
}

// TestDeleteSubnet pins VPC-UG subnet-deleting.md: a subnet with network
// interfaces (instances, NAT gateways) cannot be deleted; deleting one
// removes its NACL and route table associations.
func TestDeleteSubnet(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v := subnetTestVpc(t, s)
	sn, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.1.0/24"})
	if err != nil {
		t.Fatal(err)
	}
	rt, err := s.CreateRouteTable(ctx, testScope, v.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AssociateRouteTable(ctx, testScope, rt.ID, sn.ID, ""); err != nil {
		t.Fatal(err)
	}
	putObjects(t, s, func(tx *store.Tx) {
		tx.NetworkInterfaces.Put(&model.NetworkInterface{Meta: newMeta(tx, testScope, "eni-0123456789abcdef0", nil), SubnetID: sn.ID, VpcID: v.ID})
	})
	wantCode(t, s.DeleteSubnet(ctx, testScope, sn.ID), "DependencyViolation")
	putObjects(t, s, func(tx *store.Tx) {
		tx.NetworkInterfaces.Delete("eni-0123456789abcdef0")
		tx.NatGateways.Put(&model.NatGateway{Meta: newMeta(tx, testScope, "nat-0123456789abcdef0", nil), SubnetID: sn.ID, VpcID: v.ID, State: "available"})
	})
	wantCode(t, s.DeleteSubnet(ctx, testScope, sn.ID), "DependencyViolation")
	putObjects(t, s, func(tx *store.Tx) {
		c, _ := tx.NatGateways.Get("nat-0123456789abcdef0")
		c = model.Clone(c)
		c.State = "deleted"
		tx.NatGateways.Put(c)
	})
	if err := s.DeleteSubnet(ctx, testScope, sn.ID); err != nil {
		t.Fatal(err)
	}
	w := s.Snapshot()
	for _, acl := range w.NetworkACLs.Children(v.ID) {
		for _, a := range acl.Associations {
			if a.SubnetID == sn.ID {
				t.Fatal("NACL association left behind")
			}
		}
	}
	if got, _ := w.RouteTables.Get(rt.ID); len(got.Associations) != 0 {
		t.Fatal("route table association left behind")
	}
	wantCode(t, s.DeleteSubnet(ctx, testScope, sn.ID), "InvalidSubnetID.NotFound")
	// The custom route table is free again, and the VPC can go.
	if err := s.DeleteRouteTable(ctx, testScope, rt.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteVpc(ctx, testScope, v.ID); err != nil {
		t.Fatal(err)
	}
}

func TestModifySubnetAttribute(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v := subnetTestVpc(t, s)
	sn, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.1.0/24"})
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	if err := s.ModifySubnetAttribute(ctx, testScope, ModifySubnetAttributeInput{SubnetID: sn.ID, MapPublicIpOnLaunch: &yes}); err != nil {
		t.Fatal(err)
	}
	if err := s.ModifySubnetAttribute(ctx, testScope, ModifySubnetAttributeInput{SubnetID: sn.ID, EnableDns64: &yes}); err != nil {
		t.Fatal(err)
	}
	if err := s.ModifySubnetAttribute(ctx, testScope, ModifySubnetAttributeInput{SubnetID: sn.ID, PrivateDnsHostnameTypeOnLaunch: "resource-name"}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Snapshot().Subnets.Get(sn.ID)
	if !got.MapPublicIpOnLaunch || !got.EnableDns64 || got.HostnameType != "resource-name" {
		t.Fatalf("attributes not set: %+v", got)
	}
	// No IPv6 block: AssignIpv6AddressOnCreation cannot be turned on.
	wantCode(t, s.ModifySubnetAttribute(ctx, testScope, ModifySubnetAttributeInput{SubnetID: sn.ID, AssignIpv6AddressOnCreation: &yes}), "InvalidParameterValue")
	wantCode(t, s.ModifySubnetAttribute(ctx, testScope, ModifySubnetAttributeInput{SubnetID: sn.ID, MapPublicIpOnLaunch: &yes, EnableDns64: &yes}), "InvalidParameterCombination")
	wantCode(t, s.ModifySubnetAttribute(ctx, testScope, ModifySubnetAttributeInput{SubnetID: sn.ID}), "MissingParameter")
	wantCode(t, s.ModifySubnetAttribute(ctx, testScope, ModifySubnetAttributeInput{SubnetID: sn.ID, PrivateDnsHostnameTypeOnLaunch: "bogus"}), "InvalidParameterValue")
	wantCode(t, s.ModifySubnetAttribute(ctx, testScope, ModifySubnetAttributeInput{SubnetID: "subnet-0123456789abcdef0", MapPublicIpOnLaunch: &yes}), "InvalidSubnetID.NotFound")

	// With an IPv6 block it can; disassociating the block turns it off.
	_, assoc, err := s.AssociateSubnetCidrBlock(ctx, testScope, sn.ID, ipv6Subnet(v, 2))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.AssociateSubnetCidrBlock(ctx, testScope, sn.ID, ipv6Subnet(v, 3))
	wantCode(t, err, "CidrLimitExceeded")
	if err := s.ModifySubnetAttribute(ctx, testScope, ModifySubnetAttributeInput{SubnetID: sn.ID, AssignIpv6AddressOnCreation: &yes}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.DisassociateSubnetCidrBlock(ctx, testScope, assoc); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Snapshot().Subnets.Get(sn.ID)
	if _, ok := got.Ipv6CidrBlock(); ok || got.AssignIpv6AddressOnCreation {
		t.Fatalf("after disassociation: %+v", got)
	}
	_, _, err = s.DisassociateSubnetCidrBlock(ctx, testScope, assoc)
	wantCode(t, err, "InvalidSubnetCidrBlockAssociationID.NotFound")
}

func TestAssociateSubnetCidrBlockConflict(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v := subnetTestVpc(t, s)
	a, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.1.0/24", Ipv6CidrBlock: ipv6Subnet(v, 0)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.2.0/24"})
	if err != nil {
		t.Fatal(err)
	}
	_ = a
	_, _, err = s.AssociateSubnetCidrBlock(ctx, testScope, b.ID, ipv6Subnet(v, 0))
	wantCode(t, err, "InvalidSubnet.Conflict")
	_, _, err = s.AssociateSubnetCidrBlock(ctx, testScope, b.ID, "2001:db8::/64")
	wantCode(t, err, "InvalidSubnet.Range")
	_, _, err = s.AssociateSubnetCidrBlock(ctx, testScope, b.ID, "")
	wantCode(t, err, "MissingParameter")
}

// TestCreateDefaultSubnet pins VPC-UG default-vpc.md: a /20 default subnet
// in an AZ of the default VPC that has none.
func TestCreateDefaultSubnet(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, err := s.CreateDefaultSubnet(ctx, testScope, "us-east-1a", "")
	wantCode(t, err, "DefaultSubnetAlreadyExistsInAvailabilityZone")
	w := s.Snapshot()
	st, _ := w.Scopes.Get(scopeKey(testScope))
	var victim *model.Subnet
	for _, sn := range w.Subnets.Children(st.DefaultVpcID) {
		if sn.AvailabilityZone == "us-east-1c" {
			victim = sn
		}
	}
	if err := s.DeleteSubnet(ctx, testScope, victim.ID); err != nil {
		t.Fatal(err)
	}
	sn, err := s.CreateDefaultSubnet(ctx, testScope, "", "use1-az3")
	if err != nil {
		t.Fatal(err)
	}
	if sn.AvailabilityZone != "us-east-1c" || !sn.DefaultForAz || !sn.MapPublicIpOnLaunch || sn.CidrBlock.Bits() != 20 || sn.CidrBlock != victim.CidrBlock {
		t.Fatalf("default subnet %+v", sn)
	}
	_, err = s.CreateDefaultSubnet(ctx, testScope, "", "")
	wantCode(t, err, "MissingParameter")
}
