package ec2_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/control"
)

// newGatewayTestClient serves vpcsim in-process and returns a real SDK
// client for it, with the control service for setting up state directly.
func newGatewayTestClient(t *testing.T) (*ec2.Client, *control.Service) {
	t.Helper()
	url, ctl := startTestServer(t, 7)
	return newSDKClient(url, "us-east-1"), ctl
}

// gwAPICode returns the EC2 error code of err.
func gwAPICode(t *testing.T, err error) string {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an API error", err)
	}
	return ae.ErrorCode()
}

func gwWantCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", code)
	}
	if got := gwAPICode(t, err); got != code {
		t.Fatalf("error %v, want %s", err, code)
	}
}

func gwTagSpec(rt types.ResourceType, k, v string) []types.TagSpecification {
	return []types.TagSpecification{{ResourceType: rt, Tags: []types.Tag{{Key: aws.String(k), Value: aws.String(v)}}}}
}

// gwCreateVpcSubnet creates a VPC 10.0.0.0/16 with a subnet 10.0.1.0/24.
func gwCreateVpcSubnet(t *testing.T, c *ec2.Client) (vpcID, subnetID string) {
	t.Helper()
	ctx := context.Background()
	v, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), AmazonProvidedIpv6CidrBlock: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	sn, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.Vpc.VpcId, CidrBlock: aws.String("10.0.1.0/24")})
	if err != nil {
		t.Fatal(err)
	}
	return *v.Vpc.VpcId, *sn.Subnet.SubnetId
}

func TestInternetGatewayWire(t *testing.T) {
	c, _ := newGatewayTestClient(t)
	ctx := context.Background()
	vpcID, _ := gwCreateVpcSubnet(t, c)

	// Terraform: CreateInternetGateway with tags, AttachInternetGateway,
	// then DescribeInternetGateways(ids) until attachmentSet[0].state is
	// "available".
	cr, err := c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{TagSpecifications: gwTagSpec(types.ResourceTypeInternetGateway, "Name", "main")})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(cr.InternetGateway.InternetGatewayId)
	if len(cr.InternetGateway.Attachments) != 0 || aws.ToString(cr.InternetGateway.OwnerId) != "123456789012" || len(cr.InternetGateway.Tags) != 1 {
		t.Fatalf("create = %+v", cr.InternetGateway)
	}
	if _, err := c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: &id, VpcId: &vpcID}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{InternetGatewayIds: []string{id}})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.InternetGateways) != 1 || len(d.InternetGateways[0].Attachments) != 1 {
		t.Fatalf("describe = %+v", d.InternetGateways)
	}
	if at := d.InternetGateways[0].Attachments[0]; at.State != "available" || aws.ToString(at.VpcId) != vpcID {
		t.Fatalf("attachment = %+v", at)
	}
	// Filters: attachment.vpc-id, tag:Name, internet-gateway-id; the default
	// VPC's gateway is there too.
	for _, f := range []types.Filter{
		{Name: aws.String("attachment.vpc-id"), Values: []string{vpcID}},
		{Name: aws.String("tag:Name"), Values: []string{"ma*"}},
		{Name: aws.String("internet-gateway-id"), Values: []string{id}},
	} {
		d, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{Filters: []types.Filter{f}})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.InternetGateways) != 1 || aws.ToString(d.InternetGateways[0].InternetGatewayId) != id {
			t.Fatalf("filter %s: %+v", *f.Name, d.InternetGateways)
		}
	}
	all, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{Filters: []types.Filter{{Name: aws.String("attachment.state"), Values: []string{"available"}}}})
	if err != nil || len(all.InternetGateways) != 2 {
		t.Fatalf("all attached = %v %v", all, err)
	}
	_, err = c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{Filters: []types.Filter{{Name: aws.String("nope"), Values: []string{"x"}}}})
	gwWantCode(t, err, "InvalidParameterValue")
	_, err = c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{InternetGatewayIds: []string{"igw-0123456789abcdef0"}})
	gwWantCode(t, err, "InvalidInternetGatewayID.NotFound")

	// Errors with AWS's codes.
	_, err = c.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: &id})
	gwWantCode(t, err, "DependencyViolation")
	other, _ := c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})
	_, err = c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: other.InternetGateway.InternetGatewayId, VpcId: &vpcID})
	gwWantCode(t, err, "InvalidParameterValue")
	_, err = c.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: other.InternetGateway.InternetGatewayId, VpcId: &vpcID})
	gwWantCode(t, err, "Gateway.NotAttached")
	_, err = c.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: other.InternetGateway.InternetGatewayId, DryRun: aws.Bool(true)})
	gwWantCode(t, err, "DryRunOperation")
	if _, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{InternetGatewayIds: []string{*other.InternetGateway.InternetGatewayId}}); err != nil {
		t.Fatalf("dry run deleted the gateway: %v", err)
	}

	// Terraform destroy: detach, delete.
	if _, err := c.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: &id, VpcId: &vpcID}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: &id}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{InternetGatewayIds: []string{id}})
	gwWantCode(t, err, "InvalidInternetGatewayID.NotFound")
}

func TestInternetGatewayPagination(t *testing.T) {
	c, _ := newGatewayTestClient(t)
	ctx := context.Background()
	for i := 0; i < 11; i++ {
		if _, err := c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{}); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	pages := 0
	p := ec2.NewDescribeInternetGatewaysPaginator(c, &ec2.DescribeInternetGatewaysInput{MaxResults: aws.Int32(5)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, g := range out.InternetGateways {
			seen[aws.ToString(g.InternetGatewayId)] = true
		}
	}
	if len(seen) != 12 || pages != 3 {
		t.Fatalf("%d gateways in %d pages", len(seen), pages)
	}
	_, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{MaxResults: aws.Int32(4)})
	gwWantCode(t, err, "InvalidParameterValue")
}

func TestEgressOnlyInternetGatewayWire(t *testing.T) {
	c, _ := newGatewayTestClient(t)
	ctx := context.Background()
	vpcID, _ := gwCreateVpcSubnet(t, c)
	cr, err := c.CreateEgressOnlyInternetGateway(ctx, &ec2.CreateEgressOnlyInternetGatewayInput{
		VpcId:             &vpcID,
		ClientToken:       aws.String("tok-1"),
		TagSpecifications: gwTagSpec(types.ResourceTypeEgressOnlyInternetGateway, "Name", "eigw"),
	})
	if err != nil {
		t.Fatal(err)
	}
	g := cr.EgressOnlyInternetGateway
	id := aws.ToString(g.EgressOnlyInternetGatewayId)
	if aws.ToString(cr.ClientToken) != "tok-1" || len(g.Attachments) != 1 || g.Attachments[0].State != types.AttachmentStatusAttached || aws.ToString(g.Attachments[0].VpcId) != vpcID {
		t.Fatalf("create = %+v", cr)
	}
	// The same client token answers the same gateway.
	again, err := c.CreateEgressOnlyInternetGateway(ctx, &ec2.CreateEgressOnlyInternetGatewayInput{
		VpcId:             &vpcID,
		ClientToken:       aws.String("tok-1"),
		TagSpecifications: gwTagSpec(types.ResourceTypeEgressOnlyInternetGateway, "Name", "eigw"),
	})
	if err != nil || aws.ToString(again.EgressOnlyInternetGateway.EgressOnlyInternetGatewayId) != id {
		t.Fatalf("idempotent create: %v %v", again, err)
	}
	d, err := c.DescribeEgressOnlyInternetGateways(ctx, &ec2.DescribeEgressOnlyInternetGatewaysInput{EgressOnlyInternetGatewayIds: []string{id}})
	if err != nil || len(d.EgressOnlyInternetGateways) != 1 || len(d.EgressOnlyInternetGateways[0].Tags) != 1 {
		t.Fatalf("describe: %+v %v", d, err)
	}
	d, err = c.DescribeEgressOnlyInternetGateways(ctx, &ec2.DescribeEgressOnlyInternetGatewaysInput{Filters: []types.Filter{{Name: aws.String("tag:Name"), Values: []string{"none"}}}})
	if err != nil || len(d.EgressOnlyInternetGateways) != 0 {
		t.Fatalf("filtered describe: %+v %v", d, err)
	}
	del, err := c.DeleteEgressOnlyInternetGateway(ctx, &ec2.DeleteEgressOnlyInternetGatewayInput{EgressOnlyInternetGatewayId: &id})
	if err != nil || !aws.ToBool(del.ReturnCode) {
		t.Fatalf("delete: %+v %v", del, err)
	}
	_, err = c.DescribeEgressOnlyInternetGateways(ctx, &ec2.DescribeEgressOnlyInternetGatewaysInput{EgressOnlyInternetGatewayIds: []string{id}})
	gwWantCode(t, err, "InvalidEgressOnlyInternetGatewayId.NotFound")
}
