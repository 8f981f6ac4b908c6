package ec2_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestNatGatewayWire follows Terraform's aws_nat_gateway and aws_eip:
// AllocateAddress, CreateNatGateway (ConnectivityType=public, ClientToken)
// answering pending, DescribeNatGateways(ids) showing available with its
// address set, DeleteNatGateway answering deleting, then deleted on reads.
func TestNatGatewayWire(t *testing.T) {
	c, _ := newGatewayTestClient(t)
	ctx := context.Background()
	vpcID, subnetID := gwCreateVpcSubnet(t, c)
	igw, _ := c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})
	if _, err := c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: igw.InternetGateway.InternetGatewayId, VpcId: &vpcID}); err != nil {
		t.Fatal(err)
	}
	eip, err := c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc, TagSpecifications: gwTagSpec(types.ResourceTypeElasticIp, "Name", "nat")})
	if err != nil {
		t.Fatal(err)
	}
	cr, err := c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{
		AllocationId:      eip.AllocationId,
		SubnetId:          &subnetID,
		ConnectivityType:  types.ConnectivityTypePublic,
		ClientToken:       aws.String("nat-token"),
		TagSpecifications: gwTagSpec(types.ResourceTypeNatgateway, "Name", "nat-a"),
	})
	if err != nil {
		t.Fatal(err)
	}
	g := cr.NatGateway
	id := aws.ToString(g.NatGatewayId)
	if g.State != types.NatGatewayStatePending || aws.ToString(g.SubnetId) != subnetID || aws.ToString(g.VpcId) != vpcID || g.ConnectivityType != types.ConnectivityTypePublic || g.CreateTime == nil {
		t.Fatalf("create = %+v", g)
	}
	d, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}})
	if err != nil || len(d.NatGateways) != 1 {
		t.Fatalf("describe: %+v %v", d, err)
	}
	g = &d.NatGateways[0]
	if g.State != types.NatGatewayStateAvailable || len(g.Tags) != 1 || len(g.NatGatewayAddresses) != 1 {
		t.Fatalf("described = %+v", g)
	}
	a := g.NatGatewayAddresses[0]
	if aws.ToString(a.AllocationId) != aws.ToString(eip.AllocationId) || aws.ToString(a.PublicIp) != aws.ToString(eip.PublicIp) ||
		a.NetworkInterfaceId == nil || a.PrivateIp == nil || a.AssociationId == nil || !aws.ToBool(a.IsPrimary) || a.Status != types.NatGatewayAddressStatusSucceeded {
		t.Fatalf("address = %+v", a)
	}
	// The Elastic IP shows the NAT gateway's interface.
	ad, err := c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{*eip.AllocationId}})
	if err != nil || len(ad.Addresses) != 1 || aws.ToString(ad.Addresses[0].NetworkInterfaceId) != aws.ToString(a.NetworkInterfaceId) || aws.ToString(ad.Addresses[0].PrivateIpAddress) != aws.ToString(a.PrivateIp) {
		t.Fatalf("address: %+v %v", ad, err)
	}
	// Filters (the request member is Filter, wire Filter.N).
	for _, f := range []types.Filter{
		{Name: aws.String("subnet-id"), Values: []string{subnetID}},
		{Name: aws.String("vpc-id"), Values: []string{vpcID}},
		{Name: aws.String("state"), Values: []string{"available"}},
		{Name: aws.String("tag:Name"), Values: []string{"nat-a"}},
		{Name: aws.String("nat-gateway-id"), Values: []string{id}},
	} {
		d, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{Filter: []types.Filter{f}})
		if err != nil || len(d.NatGateways) != 1 {
			t.Fatalf("filter %s: %+v %v", *f.Name, d, err)
		}
	}
	_, err = c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{"nat-0123456789abcdef0"}})
	gwWantCode(t, err, "NatGatewayNotFound")
	_, err = c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: &subnetID, AllocationId: aws.String("eipalloc-0123456789abcdef0")})
	gwWantCode(t, err, "InvalidAllocationID.NotFound")

	// The waiter the SDK ships works against it.
	if err := ec2.NewNatGatewayAvailableWaiter(c).Wait(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}}, 10e9); err != nil {
		t.Fatal(err)
	}

	del, err := c.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: &id})
	if err != nil || aws.ToString(del.NatGatewayId) != id {
		t.Fatalf("delete: %+v %v", del, err)
	}
	d, err = c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}})
	if err != nil || len(d.NatGateways) != 1 || d.NatGateways[0].State != types.NatGatewayStateDeleted || d.NatGateways[0].DeleteTime == nil {
		t.Fatalf("after delete: %+v %v", d, err)
	}
	if err := ec2.NewNatGatewayDeletedWaiter(c).Wait(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}}, 10e9); err != nil {
		t.Fatal(err)
	}
	// The Elastic IP is disassociated and can be released.
	ad, err = c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{*eip.AllocationId}})
	if err != nil || ad.Addresses[0].AssociationId != nil || ad.Addresses[0].NetworkInterfaceId != nil {
		t.Fatalf("address after delete: %+v %v", ad, err)
	}
	if _, err := c.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: eip.AllocationId}); err != nil {
		t.Fatal(err)
	}
}

// TestNatGatewayFailedWire pins that a public NAT gateway in a VPC without
// an internet gateway is accepted (pending) and then reads as failed with
// AWS's failure code and message (nat-gateway-troubleshooting.md).
func TestNatGatewayFailedWire(t *testing.T) {
	c, _ := newGatewayTestClient(t)
	ctx := context.Background()
	vpcID, subnetID := gwCreateVpcSubnet(t, c)
	eip, _ := c.AllocateAddress(ctx, &ec2.AllocateAddressInput{})
	cr, err := c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{AllocationId: eip.AllocationId, SubnetId: &subnetID})
	if err != nil || cr.NatGateway.State != types.NatGatewayStatePending || cr.NatGateway.FailureCode != nil {
		t.Fatalf("create: %+v %v", cr, err)
	}
	d, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{*cr.NatGateway.NatGatewayId}})
	if err != nil {
		t.Fatal(err)
	}
	g := d.NatGateways[0]
	if g.State != types.NatGatewayStateFailed || aws.ToString(g.FailureCode) != "Gateway.NotAttached" || aws.ToString(g.FailureMessage) != "Network "+vpcID+" has no Internet gateway attached" {
		t.Fatalf("failed gateway = %+v", g)
	}
}

// TestPrivateNatGatewayWire creates a private NAT gateway with a chosen
// private address.
func TestPrivateNatGatewayWire(t *testing.T) {
	c, _ := newGatewayTestClient(t)
	ctx := context.Background()
	_, subnetID := gwCreateVpcSubnet(t, c)
	cr, err := c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: &subnetID, ConnectivityType: types.ConnectivityTypePrivate, PrivateIpAddress: aws.String("10.0.1.200")})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{*cr.NatGateway.NatGatewayId}})
	if err != nil {
		t.Fatal(err)
	}
	g := d.NatGateways[0]
	if g.State != types.NatGatewayStateAvailable || g.ConnectivityType != types.ConnectivityTypePrivate || len(g.NatGatewayAddresses) != 1 ||
		aws.ToString(g.NatGatewayAddresses[0].PrivateIp) != "10.0.1.200" || g.NatGatewayAddresses[0].PublicIp != nil || g.NatGatewayAddresses[0].AllocationId != nil {
		t.Fatalf("private gateway = %+v", g)
	}
	_, err = c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: &subnetID, ConnectivityType: types.ConnectivityTypePrivate, PrivateIpAddress: aws.String("10.0.1.200")})
	gwWantCode(t, err, "InvalidIPAddress.InUse")
}
