package control

import (
	"context"
	"net/netip"
	"strconv"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func eniP32(n int32) *int32 { return &n }

// eniNet creates a VPC 10.0.0.0/16 with a /28 subnet in us-east-1a.
func eniNet(t *testing.T, s *Service, opts ...string) (*model.VPC, *model.Subnet) {
	t.Helper()
	ctx := context.Background()
	v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	cidr := "10.0.1.0/28"
	if len(opts) > 0 {
		cidr = opts[0]
	}
	sn, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: cidr, AvailabilityZone: "us-east-1a"})
	if err != nil {
		t.Fatal(err)
	}
	return v, sn
}

// TestENIAddressing pins VPC-UG subnet-sizing.md: the first four addresses
// and the last of a subnet are reserved; an address is never assigned twice.
func TestENIAddressing(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s)
	n, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID, SecondaryCount: eniP32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if n.PrivateIPs[0].Address != netip.MustParseAddr("10.0.1.4") || !n.PrivateIPs[0].Primary || n.PrivateIPs[1].Address != netip.MustParseAddr("10.0.1.5") {
		t.Fatalf("addresses %+v", n.PrivateIPs)
	}
	for _, tc := range []struct {
		name string
		spec ENISpec
		code string
	}{
		{"network address", ENISpec{SubnetID: sn.ID, PrivateIPAddress: "10.0.1.0"}, "InvalidParameterValue"},
		{"router", ENISpec{SubnetID: sn.ID, PrivateIPAddress: "10.0.1.1"}, "InvalidParameterValue"},
		{"broadcast", ENISpec{SubnetID: sn.ID, PrivateIPAddress: "10.0.1.15"}, "InvalidParameterValue"},
		{"outside", ENISpec{SubnetID: sn.ID, PrivateIPAddress: "10.0.2.9"}, "InvalidParameterValue"},
		{"in use", ENISpec{SubnetID: sn.ID, PrivateIPAddress: "10.0.1.5"}, "InvalidIPAddress.InUse"},
		{"duplicate in request", ENISpec{SubnetID: sn.ID, PrivateIPs: []PrivateIPSpec{{Address: "10.0.1.9", Primary: true}, {Address: "10.0.1.10"}, {Address: "10.0.1.10"}}}, "InvalidParameterValue"},
		{"no subnet", ENISpec{}, "MissingParameter"},
		{"bad subnet", ENISpec{SubnetID: "subnet-nope"}, "InvalidSubnetID.Malformed"},
		{"unknown subnet", ENISpec{SubnetID: "subnet-0123456789abcdef0"}, "InvalidSubnetID.NotFound"},
		{"v6 without block", ENISpec{SubnetID: sn.ID, Ipv6Count: eniP32(1)}, "InvalidParameterValue"},
		{"too many", ENISpec{SubnetID: sn.ID, SecondaryCount: eniP32(20)}, "InsufficientFreeAddressesInSubnet"},
		{"unknown group", ENISpec{SubnetID: sn.ID, Groups: []string{"sg-0123456789abcdef0"}}, "InvalidGroup.NotFound"},
	} {
		_, err := s.CreateNetworkInterface(ctx, testScope, tc.spec)
		if err == nil {
			t.Fatalf("%s: no error", tc.name)
		}
		wantCode(t, err, tc.code)
	}
	// Explicit primary and secondaries.
	m, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID, PrivateIPs: []PrivateIPSpec{{Address: "10.0.1.11"}, {Address: "10.0.1.12", Primary: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if m.PrimaryIP() != netip.MustParseAddr("10.0.1.12") || len(m.PrivateIPs) != 2 {
		t.Fatalf("explicit addresses %+v", m.PrivateIPs)
	}
}

// TestENISecurityGroups pins the security group rules of an interface: the
// VPC's default group when none is given, groups of the same VPC only, and
// 5 groups per interface by default [VPC-UG amazon-vpc-limits.md].
func TestENISecurityGroups(t *testing.T) {
	st, err := store.Open(store.Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := New(st, Options{AWSQuotas: true})
	ctx := context.Background()
	if err := s.EnsureScope(ctx, testScope); err != nil {
		t.Fatal(err)
	}
	v, sn := eniNet(t, s, "10.0.1.0/24")
	var groups []string
	for i := 0; i < 6; i++ {
		g, err := s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "g" + strconv.Itoa(i), Description: "d", VpcID: v.ID})
		if err != nil {
			t.Fatal(err)
		}
		groups = append(groups, g.ID)
	}
	_, err = s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID, Groups: groups})
	wantCode(t, err, "SecurityGroupsPerInterfaceLimitExceeded")
	n, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID, Groups: groups[:5]})
	if err != nil || len(n.SecurityGroupIDs) != 5 {
		t.Fatalf("5 groups: %v", err)
	}
	d, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID})
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := s.Snapshot().SecurityGroups.Get(d.SecurityGroupIDs[0]); g == nil || !g.IsDefault() || g.VpcID != v.ID {
		t.Fatalf("default group not applied: %v", d.SecurityGroupIDs)
	}
	other, _ := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.1.0.0/16"})
	og, err := s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "x", Description: "d", VpcID: other.ID})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID, Groups: []string{og.ID}})
	wantCode(t, err, "InvalidParameter")
	err = s.ModifyNetworkInterfaceAttribute(ctx, testScope, ModifyENIInput{NetworkInterfaceID: d.ID, Groups: []string{og.ID}})
	wantCode(t, err, "InvalidParameter")
	err = s.ModifyNetworkInterfaceAttribute(ctx, testScope, ModifyENIInput{NetworkInterfaceID: d.ID, Groups: []string{groups[0]}, SourceDestCheck: new(bool)})
	wantCode(t, err, "InvalidParameterCombination")
}

// TestRequesterManagedENI pins that interfaces AWS services manage (a NAT
// gateway's) cannot be detached or deleted by the user.
func TestRequesterManagedENI(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s)
	var id, att string
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		n, err := s.newENI(tx, testScope, sn, ENISpec{}, nil)
		if err != nil {
			return err
		}
		n.InterfaceType, n.RequesterManaged, n.RequesterID = "nat_gateway", true, "amazon"
		id = n.ID
		tx.NetworkInterfaces.Put(n)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteNetworkInterface(ctx, testScope, id), "OperationNotPermitted")
	_, _ = s.st.Update(ctx, func(tx *store.Tx) error {
		n, _ := tx.NetworkInterfaces.Get(id)
		c := model.Clone(n)
		att = "ela-attach-0123456789abcdef0"
		c.Attachment = &model.ENIAttachment{ID: att, InstanceOwnerID: "amazon-aws", DeviceIndex: 1, Status: "attached"}
		c.Status = "in-use"
		tx.NetworkInterfaces.Put(c)
		return nil
	})
	wantCode(t, s.DeleteNetworkInterface(ctx, testScope, id), "InvalidNetworkInterface.InUse")
	wantCode(t, s.DetachNetworkInterface(ctx, testScope, att, false), "OperationNotPermitted")
	wantCode(t, s.DetachNetworkInterface(ctx, testScope, "eni-attach-0123456789abcdef0", false), "InvalidAttachmentID.NotFound")
}
