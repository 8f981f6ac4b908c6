package ec2_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

// newSubnetTestClient serves vpcsim in-process and returns a real SDK client
// for it (subnets, route tables and virtual private gateways family).
func newSubnetTestClient(t *testing.T) *ec2.Client {
	t.Helper()
	url, _ := startTestServer(t, 11)
	return newSDKClient(url, "us-east-1")
}

func snWantCode(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v, want API error %s", err, code)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("error %v, want %s", err, code)
	}
}

func snFilter(name string, values ...string) types.Filter {
	return types.Filter{Name: aws.String(name), Values: values}
}

// snVpc creates a VPC 10.0.0.0/16 with an Amazon IPv6 /56.
func snVpc(t *testing.T, c *ec2.Client) types.Vpc {
	t.Helper()
	out, err := c.CreateVpc(context.Background(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), AmazonProvidedIpv6CidrBlock: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	return *out.Vpc
}

func TestSubnetWire(t *testing.T) {
	c := newSubnetTestClient(t)
	ctx := context.Background()
	v := snVpc(t, c)
	ipv6 := *v.Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock // a /56; its first /64:
	ipv6 = ipv6[:len(ipv6)-3] + "/64"
	out, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{
		VpcId: v.VpcId, CidrBlock: aws.String("10.0.1.0/24"), Ipv6CidrBlock: aws.String(ipv6), AvailabilityZone: aws.String("us-east-1b"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeSubnet, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("web")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	sn := out.Subnet
	if sn.State != types.SubnetStatePending || aws.ToString(sn.AvailabilityZoneId) != "use1-az2" || aws.ToInt32(sn.AvailableIpAddressCount) != 251 ||
		aws.ToString(sn.SubnetArn) != "arn:aws:ec2:us-east-1:123456789012:subnet/"+aws.ToString(sn.SubnetId) || len(sn.Tags) != 1 ||
		len(sn.Ipv6CidrBlockAssociationSet) != 1 || aws.ToString(sn.Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock) != ipv6 {
		t.Fatalf("created subnet %+v", sn)
	}
	if sn.PrivateDnsNameOptionsOnLaunch == nil || sn.PrivateDnsNameOptionsOnLaunch.HostnameType != types.HostnameTypeIpName {
		t.Fatalf("privateDnsNameOptionsOnLaunch %+v", sn.PrivateDnsNameOptionsOnLaunch)
	}
	id := aws.ToString(sn.SubnetId)

	// Errors with AWS's codes.
	_, err = c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.VpcId, CidrBlock: aws.String("10.0.1.0/25")})
	snWantCode(t, err, "InvalidSubnet.Conflict")
	_, err = c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.VpcId, CidrBlock: aws.String("10.2.0.0/24")})
	snWantCode(t, err, "InvalidSubnet.Range")
	_, err = c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.VpcId, CidrBlock: aws.String("10.0.2.0/24"), AvailabilityZone: aws.String("us-east-1z")})
	snWantCode(t, err, "InvalidParameterValue")

	// Describe: by id, by filters including the legacy aliases Terraform sends.
	for _, fs := range [][]types.Filter{
		{snFilter("vpc-id", aws.ToString(v.VpcId)), snFilter("cidrBlock", "10.0.1.0/24")},
		{snFilter("availabilityZone", "us-east-1b"), snFilter("vpc-id", aws.ToString(v.VpcId))},
		{snFilter("availabilityZoneId", "use1-az2"), snFilter("defaultForAz", "false"), snFilter("vpc-id", aws.ToString(v.VpcId))},
		{snFilter("tag:Name", "w*"), snFilter("map-public-ip-on-launch", "false")},
		{snFilter("ipv6-cidr-block-association.ipv6-cidr-block", ipv6)},
		{snFilter("available-ip-address-count", "251"), snFilter("subnet-id", id)},
	} {
		d, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: fs})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Subnets) != 1 || aws.ToString(d.Subnets[0].SubnetId) != id || d.Subnets[0].State != types.SubnetStateAvailable {
			t.Fatalf("filters %v: %d subnets", fs, len(d.Subnets))
		}
	}
	d, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []types.Filter{snFilter("default-for-az", "true")}})
	if err != nil || len(d.Subnets) != 6 {
		t.Fatalf("default subnets: %v %d", err, len(d.Subnets))
	}
	_, err = c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []types.Filter{snFilter("bogus", "x")}})
	snWantCode(t, err, "InvalidParameterValue")
	_, err = c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{"subnet-0123456789abcdef0"}})
	snWantCode(t, err, "InvalidSubnetID.NotFound")
	_, err = c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{MaxResults: aws.Int32(4)})
	snWantCode(t, err, "InvalidParameterValue")
	// Pagination over the 7 subnets.
	p := ec2.NewDescribeSubnetsPaginator(c, &ec2.DescribeSubnetsInput{MaxResults: aws.Int32(5)})
	n := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Subnets)
	}
	if n != 7 {
		t.Fatalf("paginated %d subnets, want 7", n)
	}

	// ModifySubnetAttribute, one attribute per call, as Terraform sends it.
	if _, err := c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: aws.String(id), MapPublicIpOnLaunch: &types.AttributeBooleanValue{Value: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: aws.String(id), AssignIpv6AddressOnCreation: &types.AttributeBooleanValue{Value: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: aws.String(id), PrivateDnsHostnameTypeOnLaunch: types.HostnameTypeResourceName}); err != nil {
		t.Fatal(err)
	}
	d, err = c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{id}})
	if err != nil {
		t.Fatal(err)
	}
	got := d.Subnets[0]
	if !aws.ToBool(got.MapPublicIpOnLaunch) || !aws.ToBool(got.AssignIpv6AddressOnCreation) || got.PrivateDnsNameOptionsOnLaunch.HostnameType != types.HostnameTypeResourceName {
		t.Fatalf("attributes %+v", got)
	}

	// IPv6 disassociate / associate.
	assoc := aws.ToString(got.Ipv6CidrBlockAssociationSet[0].AssociationId)
	dis, err := c.DisassociateSubnetCidrBlock(ctx, &ec2.DisassociateSubnetCidrBlockInput{AssociationId: aws.String(assoc)})
	if err != nil || aws.ToString(dis.SubnetId) != id || dis.Ipv6CidrBlockAssociation.Ipv6CidrBlockState.State != types.SubnetCidrBlockStateCodeDisassociating {
		t.Fatalf("disassociate: %v %+v", err, dis)
	}
	as, err := c.AssociateSubnetCidrBlock(ctx, &ec2.AssociateSubnetCidrBlockInput{SubnetId: aws.String(id), Ipv6CidrBlock: aws.String(ipv6)})
	if err != nil || as.Ipv6CidrBlockAssociation.Ipv6CidrBlockState.State != types.SubnetCidrBlockStateCodeAssociating {
		t.Fatalf("associate: %v %+v", err, as)
	}

	// Delete.
	if _, err := c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(id)})
	snWantCode(t, err, "InvalidSubnetID.NotFound")
	_, err = c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(id), DryRun: aws.Bool(true)})
	snWantCode(t, err, "InvalidSubnetID.NotFound")
}

func TestCreateDefaultSubnetWire(t *testing.T) {
	c := newSubnetTestClient(t)
	ctx := context.Background()
	_, err := c.CreateDefaultSubnet(ctx, &ec2.CreateDefaultSubnetInput{AvailabilityZone: aws.String("us-east-1a")})
	snWantCode(t, err, "DefaultSubnetAlreadyExistsInAvailabilityZone")
	d, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []types.Filter{snFilter("defaultForAz", "true"), snFilter("availabilityZone", "us-east-1f")}})
	if err != nil || len(d.Subnets) != 1 {
		t.Fatalf("default subnet in us-east-1f: %v %v", err, d)
	}
	if _, err := c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: d.Subnets[0].SubnetId}); err != nil {
		t.Fatal(err)
	}
	out, err := c.CreateDefaultSubnet(ctx, &ec2.CreateDefaultSubnetInput{AvailabilityZone: aws.String("us-east-1f")})
	if err != nil || !aws.ToBool(out.Subnet.DefaultForAz) || !aws.ToBool(out.Subnet.MapPublicIpOnLaunch) || aws.ToInt32(out.Subnet.AvailableIpAddressCount) != 4091 {
		t.Fatalf("CreateDefaultSubnet: %v %+v", err, out)
	}
}
