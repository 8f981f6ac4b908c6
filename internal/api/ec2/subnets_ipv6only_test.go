package ec2_test

import (
	"context"
	"net/netip"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestIPv6OnlySubnetWire round-trips an IPv6-only subnet through the real
// SDK: CreateSubnet with Ipv6Native and an IPv6 /64 only, DescribeSubnets
// showing ipv6Native, no cidrBlock, AvailableIpAddressCount 0,
// AssignIpv6AddressOnCreation and the resource-name hostname type (AWS CLI
// create-subnet example 3; botocore PrivateDnsNameOptionsOnLaunch), the
// ipv6-native filter, ModifySubnetAttribute's refusal of ip-name, and an
// interface there with an IPv6 address only (ipv6Native on the interface).
func TestIPv6OnlySubnetWire(t *testing.T) {
	url, _ := startTestServer(t, 7)
	c := newSDKClient(url, "us-east-1")
	ctx := context.Background()
	vpc, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), AmazonProvidedIpv6CidrBlock: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	vp := netip.MustParsePrefix(aws.ToString(vpc.Vpc.Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock))
	b := vp.Addr().As16()
	b[7] = 7
	sub := netip.PrefixFrom(netip.AddrFrom16(b), 64).String()

	_, err = c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, Ipv6Native: aws.Bool(true), CidrBlock: aws.String("10.0.1.0/24"), Ipv6CidrBlock: aws.String(sub)})
	if apiCode(err) != "InvalidParameterCombination" {
		t.Fatalf("Ipv6Native with CidrBlock: %v", err)
	}
	_, err = c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, Ipv6Native: aws.Bool(true)})
	if apiCode(err) != "MissingParameter" {
		t.Fatalf("Ipv6Native without Ipv6CidrBlock: %v", err)
	}
	cr, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, Ipv6Native: aws.Bool(true), Ipv6CidrBlock: aws.String(sub)})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(cr.Subnet.SubnetId)
	if _, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.0.1.0/24")}); err != nil {
		t.Fatal(err)
	}

	out, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{aws.ToString(vpc.Vpc.VpcId)}},
		{Name: aws.String("ipv6-native"), Values: []string{"true"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Subnets) != 1 {
		t.Fatalf("ipv6-native filter: %d subnets, want 1", len(out.Subnets))
	}
	s := out.Subnets[0]
	switch {
	case aws.ToString(s.SubnetId) != id:
		t.Fatalf("subnet %s, want %s", aws.ToString(s.SubnetId), id)
	case s.CidrBlock != nil:
		t.Fatalf("cidrBlock %q on an IPv6-only subnet", aws.ToString(s.CidrBlock))
	case !aws.ToBool(s.Ipv6Native) || !aws.ToBool(s.AssignIpv6AddressOnCreation) || aws.ToInt32(s.AvailableIpAddressCount) != 0:
		t.Fatalf("ipv6Native %v assignIpv6 %v available %d", aws.ToBool(s.Ipv6Native), aws.ToBool(s.AssignIpv6AddressOnCreation), aws.ToInt32(s.AvailableIpAddressCount))
	case s.PrivateDnsNameOptionsOnLaunch == nil || s.PrivateDnsNameOptionsOnLaunch.HostnameType != types.HostnameTypeResourceName:
		t.Fatalf("hostname options %+v", s.PrivateDnsNameOptionsOnLaunch)
	case len(s.Ipv6CidrBlockAssociationSet) != 1 || aws.ToString(s.Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock) != sub:
		t.Fatalf("ipv6 associations %+v", s.Ipv6CidrBlockAssociationSet)
	}
	// The cidr-block filter matches no IPv6-only subnet.
	byCidr, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []types.Filter{{Name: aws.String("cidr-block"), Values: []string{"10.0.1.0/24"}}}})
	if err != nil || len(byCidr.Subnets) != 1 || aws.ToString(byCidr.Subnets[0].SubnetId) == id {
		t.Fatalf("cidr-block filter: %v %v", byCidr, err)
	}

	_, err = c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: aws.String(id), PrivateDnsHostnameTypeOnLaunch: types.HostnameTypeIpName})
	if apiCode(err) != "InvalidParameterValue" {
		t.Fatalf("ip-name on an IPv6-only subnet: %v", err)
	}
	if _, err := c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: aws.String(id), EnableDns64: &types.AttributeBooleanValue{Value: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}

	eni, err := c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{SubnetId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	n := eni.NetworkInterface
	if n.PrivateIpAddress != nil || len(n.PrivateIpAddresses) != 0 || len(n.Ipv6Addresses) != 1 || !aws.ToBool(n.Ipv6Native) {
		t.Fatalf("interface: private %q (%d) ipv6 %d native %v", aws.ToString(n.PrivateIpAddress), len(n.PrivateIpAddresses), len(n.Ipv6Addresses), aws.ToBool(n.Ipv6Native))
	}
	_, err = c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{SubnetId: aws.String(id), PrivateIpAddress: aws.String("10.0.1.10")})
	if apiCode(err) != "InvalidParameterCombination" {
		t.Fatalf("PrivateIpAddress in an IPv6-only subnet: %v", err)
	}
}
