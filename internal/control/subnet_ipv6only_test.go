package control

import (
	"context"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// ipv6OnlySubnet creates a VPC (10.0.0.0/16 with an Amazon /56) and an
// IPv6-only subnet in its first /64.
func ipv6OnlySubnet(t *testing.T, s *Service) (*model.VPC, *model.Subnet) {
	t.Helper()
	v := subnetTestVpc(t, s)
	sn, err := s.CreateSubnet(context.Background(), testScope, CreateSubnetInput{VpcID: v.ID, Ipv6CidrBlock: ipv6Subnet(v, 3), Ipv6Native: true})
	if err != nil {
		t.Fatal(err)
	}
	return v, sn
}

// TestCreateIPv6OnlySubnetRules pins CreateSubnet with Ipv6Native: an IPv6
// CIDR block is required and an IPv4 one refused (botocore ec2
// CreateSubnetRequest: CidrBlock "is not supported for an IPv6 only subnet",
// Ipv6CidrBlock "is required for an IPv6 only subnet"); the VPC must have an
// IPv6 block (VPC-UG configure-subnets.md "IPv6 only").
func TestCreateIPv6OnlySubnetRules(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, _ := ipv6OnlySubnet(t, s)
	v4only, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.1.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		in   CreateSubnetInput
		code string
	}{
		{"with ipv4 cidr", CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.5.0/24", Ipv6CidrBlock: ipv6Subnet(v, 5), Ipv6Native: true}, "InvalidParameterCombination"},
		{"no ipv6 cidr", CreateSubnetInput{VpcID: v.ID, Ipv6Native: true}, "MissingParameter"},
		{"ipv6 not /64", CreateSubnetInput{VpcID: v.ID, Ipv6CidrBlock: "2600:1f00::/60", Ipv6Native: true}, "InvalidSubnet.Range"},
		{"ipv6 conflict", CreateSubnetInput{VpcID: v.ID, Ipv6CidrBlock: ipv6Subnet(v, 3), Ipv6Native: true}, "InvalidSubnet.Conflict"},
		{"vpc without ipv6", CreateSubnetInput{VpcID: v4only.ID, Ipv6CidrBlock: ipv6Subnet(v, 6), Ipv6Native: true}, "InvalidSubnet.Range"},
		{"ipv4 cidr as ipv6", CreateSubnetInput{VpcID: v.ID, Ipv6CidrBlock: "10.0.6.0/24", Ipv6Native: true}, "InvalidParameterValue"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.CreateSubnet(ctx, testScope, c.in)
			wantCode(t, err, c.code)
		})
	}
	if n := len(s.Snapshot().Subnets.Children(v.ID)); n != 1 {
		t.Fatalf("%d subnets after rejected creates, want 1", n)
	}
	// A dual-stack subnet may still use any IPv4 block: the IPv6-only one
	// holds none.
	if _, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.0.0/24", Ipv6CidrBlock: ipv6Subnet(v, 4)}); err != nil {
		t.Fatal(err)
	}
}

// TestCreateIPv6OnlySubnetResult pins what AWS sets on an IPv6-only subnet:
// no IPv4 block, AssignIpv6AddressOnCreation true and AvailableIpAddressCount
// 0 (the AWS CLI's create-subnet example 3), resource-name host names
// (botocore PrivateDnsNameOptionsOnLaunch.HostnameType: "For IPv6 only
// subnets, an instance DNS name must be based on the instance ID").
func TestCreateIPv6OnlySubnetResult(t *testing.T) {
	s := newTestService(t)
	_, sn := ipv6OnlySubnet(t, s)
	if sn.CidrBlock.IsValid() || !sn.Ipv6Native || !sn.AssignIpv6AddressOnCreation || sn.HostnameType != "resource-name" {
		t.Fatalf("subnet = %+v", sn)
	}
	if p, ok := sn.Ipv6CidrBlock(); !ok || p.Bits() != 64 {
		t.Fatalf("ipv6 block = %v %v", p, ok)
	}
	if sn.EnableDns64 || sn.EnableResourceNameDnsA || sn.EnableResourceNameDnsAAAA {
		t.Fatalf("DNS options on by default: %+v", sn)
	}
	if n := AvailableIPv4Count(s.Snapshot(), sn); n != 0 {
		t.Fatalf("AvailableIPv4Count = %d, want 0", n)
	}
}

// TestModifyIPv6OnlySubnetAttribute pins the attributes an IPv6-only subnet
// refuses (no IPv4 to map or name, IPv6 on creation kept, resource names
// only) and those it takes (DNS64, AAAA records; VPC-UG
// nat-gateway-nat64-dns64.md "modify-subnet-attribute ... --enable-dns64").
func TestModifyIPv6OnlySubnetAttribute(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := ipv6OnlySubnet(t, s)
	yes, no := true, false
	cases := []struct {
		name string
		in   ModifySubnetAttributeInput
		code string
	}{
		{"map public ip", ModifySubnetAttributeInput{MapPublicIpOnLaunch: &yes}, "InvalidParameterValue"},
		{"no ipv6 on creation", ModifySubnetAttributeInput{AssignIpv6AddressOnCreation: &no}, "InvalidParameterValue"},
		{"a records", ModifySubnetAttributeInput{EnableResourceNameDnsARecordOnLaunch: &yes}, "InvalidParameterValue"},
		{"ip-name", ModifySubnetAttributeInput{PrivateDnsHostnameTypeOnLaunch: "ip-name"}, "InvalidParameterValue"},
		{"map public ip off", ModifySubnetAttributeInput{MapPublicIpOnLaunch: &no}, ""},
		{"ipv6 on creation", ModifySubnetAttributeInput{AssignIpv6AddressOnCreation: &yes}, ""},
		{"a records off", ModifySubnetAttributeInput{EnableResourceNameDnsARecordOnLaunch: &no}, ""},
		{"resource-name", ModifySubnetAttributeInput{PrivateDnsHostnameTypeOnLaunch: "resource-name"}, ""},
		{"dns64", ModifySubnetAttributeInput{EnableDns64: &yes}, ""},
		{"aaaa records", ModifySubnetAttributeInput{EnableResourceNameDnsAAAARecordOnLaunch: &yes}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.in.SubnetID = sn.ID
			err := s.ModifySubnetAttribute(ctx, testScope, c.in)
			if c.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantCode(t, err, c.code)
		})
	}
	got, _ := s.Snapshot().Subnets.Get(sn.ID)
	if !got.EnableDns64 || !got.EnableResourceNameDnsAAAA || !got.AssignIpv6AddressOnCreation || got.HostnameType != "resource-name" || got.MapPublicIpOnLaunch {
		t.Fatalf("attributes = %+v", got)
	}
	// The only IPv6 block of an IPv6-only subnet stays.
	_, _, err := s.DisassociateSubnetCidrBlock(ctx, testScope, got.Ipv6CidrBlocks[0].AssociationID)
	wantCode(t, err, "InvalidParameterValue")
}

// TestIPv6OnlyAddressing pins interfaces and instances in an IPv6-only
// subnet: an IPv6 address and no private IPv4 (VPC-UG configure-subnets.md
// "Resources in an IPv6-only subnet must communicate over IPv6"), requests
// for IPv4 refused, and services that need an IPv4 address in the subnet
// refused (a NAT gateway lives in a subnet with IPv4, nat-gateway-nat64-dns64.md).
func TestIPv6OnlyAddressing(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sn := ipv6OnlySubnet(t, s)
	p6, _ := sn.Ipv6CidrBlock()

	n, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(n.PrivateIPs) != 0 || n.PrimaryIP().IsValid() || len(n.Ipv6Addresses) != 1 || !p6.Contains(n.Ipv6Addresses[0]) {
		t.Fatalf("eni addresses: ipv4 %v ipv6 %v", n.PrivateIPs, n.Ipv6Addresses)
	}
	two, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID, Ipv6Count: eniP32(2)})
	if err != nil || len(two.Ipv6Addresses) != 2 {
		t.Fatalf("Ipv6AddressCount 2: %v %v", two, err)
	}

	eniCases := []struct {
		name string
		in   ENISpec
		code string
	}{
		{"private ip", ENISpec{PrivateIPAddress: "10.0.0.10"}, "InvalidParameterCombination"},
		{"private ips", ENISpec{PrivateIPs: []PrivateIPSpec{{Address: "10.0.0.10", Primary: true}}}, "InvalidParameterCombination"},
		{"secondary count", ENISpec{SecondaryCount: eniP32(1)}, "InvalidParameterCombination"},
		{"no ipv6", ENISpec{Ipv6Count: eniP32(0)}, "InvalidParameterValue"},
	}
	for _, c := range eniCases {
		t.Run("eni "+c.name, func(t *testing.T) {
			c.in.SubnetID = sn.ID
			_, err := s.CreateNetworkInterface(ctx, testScope, c.in)
			wantCode(t, err, c.code)
		})
	}
	_, err = s.AssignPrivateIpAddresses(ctx, testScope, n.ID, nil, eniP32(1), false)
	wantCode(t, err, "InvalidParameterValue")

	// Instances: launched with an IPv6 address only and a resource name.
	insts, err := s.RunInstances(ctx, testScope, runIn(sn.ID, 2))
	if err != nil {
		t.Fatal(err)
	}
	if len(insts) != 2 {
		t.Fatalf("%d instances launched, want 2", len(insts))
	}
	w := s.Snapshot()
	view := DescribeInstance(w, insts[0])
	if view.PrivateIP.IsValid() || !strings.HasPrefix(view.PrivateDNSName, insts[0].ID+".") {
		t.Fatalf("instance private ip %v name %q", view.PrivateIP, view.PrivateDNSName)
	}
	eni, _ := w.NetworkInterfaces.Get(insts[0].PrimaryENI)
	if len(eni.PrivateIPs) != 0 || len(eni.Ipv6Addresses) != 1 {
		t.Fatalf("instance eni: %v %v", eni.PrivateIPs, eni.Ipv6Addresses)
	}
	withIP := runIn(sn.ID, 1)
	withIP.PrivateIPAddress = "10.0.0.10"
	_, err = s.RunInstances(ctx, testScope, withIP)
	wantCode(t, err, "InvalidParameterCombination")
	yes := true
	public := runIn("", 1)
	public.NetworkInterfaces = []InstanceENISpec{{ENISpec: ENISpec{SubnetID: sn.ID}, DeviceIndex: eniP32(0), AssociatePublicIP: &yes}}
	_, err = s.RunInstances(ctx, testScope, public)
	wantCode(t, err, "InvalidParameterCombination")

	// A NAT gateway needs a subnet with IPv4.
	_, err = s.CreateNatGateway(ctx, testScope, CreateNatGatewayInput{SubnetID: sn.ID, ConnectivityType: "private"})
	wantCode(t, err, "InvalidParameterValue")
	if gws := s.Snapshot().NatGateways.Children(sn.ID); len(gws) != 0 {
		t.Fatalf("NAT gateway stored in an IPv6-only subnet: %v", gws)
	}
	_ = v
}
