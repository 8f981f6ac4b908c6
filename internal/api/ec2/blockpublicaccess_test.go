package ec2_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestBlockPublicAccessSDK drives VPC Block Public Access through the real
// SDK as Terraform's aws_vpc_block_public_access_options and
// aws_vpc_block_public_access_exclusion do: modify, wait for
// update-complete; create an exclusion, wait for create-complete; delete,
// wait for delete-complete.
func TestBlockPublicAccessSDK(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	vpc, sn := instNet(t, c)

	d, err := c.DescribeVpcBlockPublicAccessOptions(ctx, &ec2.DescribeVpcBlockPublicAccessOptionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if o := d.VpcBlockPublicAccessOptions; o.InternetGatewayBlockMode != types.InternetGatewayBlockModeOff || o.State != types.VpcBlockPublicAccessStateDefaultState ||
		aws.ToString(o.AwsRegion) != "us-east-1" || aws.ToString(o.AwsAccountId) == "" {
		t.Fatalf("default options = %+v", o)
	}
	m, err := c.ModifyVpcBlockPublicAccessOptions(ctx, &ec2.ModifyVpcBlockPublicAccessOptionsInput{InternetGatewayBlockMode: types.InternetGatewayBlockModeBlockBidirectional})
	if err != nil {
		t.Fatal(err)
	}
	if m.VpcBlockPublicAccessOptions.State != types.VpcBlockPublicAccessStateUpdateInProgress {
		t.Fatalf("modify answered state %s", m.VpcBlockPublicAccessOptions.State)
	}
	d, _ = c.DescribeVpcBlockPublicAccessOptions(ctx, &ec2.DescribeVpcBlockPublicAccessOptionsInput{})
	if o := d.VpcBlockPublicAccessOptions; o.InternetGatewayBlockMode != types.InternetGatewayBlockModeBlockBidirectional || o.State != types.VpcBlockPublicAccessStateUpdateComplete || o.LastUpdateTimestamp == nil {
		t.Fatalf("after modify = %+v", o)
	}
	_, err = c.ModifyVpcBlockPublicAccessOptions(ctx, &ec2.ModifyVpcBlockPublicAccessOptionsInput{InternetGatewayBlockMode: "block-everything"})
	instWantCode(t, err, "InvalidParameterValue")

	// Exclusions: one of VpcId and SubnetId.
	_, err = c.CreateVpcBlockPublicAccessExclusion(ctx, &ec2.CreateVpcBlockPublicAccessExclusionInput{InternetGatewayExclusionMode: types.InternetGatewayExclusionModeAllowEgress})
	instWantCode(t, err, "MissingParameter")
	_, err = c.CreateVpcBlockPublicAccessExclusion(ctx, &ec2.CreateVpcBlockPublicAccessExclusionInput{VpcId: vpc.VpcId, SubnetId: sn.SubnetId, InternetGatewayExclusionMode: types.InternetGatewayExclusionModeAllowEgress})
	instWantCode(t, err, "InvalidParameterCombination")
	_, err = c.CreateVpcBlockPublicAccessExclusion(ctx, &ec2.CreateVpcBlockPublicAccessExclusionInput{VpcId: aws.String("vpc-0123456789abcdef0"), InternetGatewayExclusionMode: types.InternetGatewayExclusionModeAllowEgress})
	instWantCode(t, err, "InvalidVpcID.NotFound")

	cr, err := c.CreateVpcBlockPublicAccessExclusion(ctx, &ec2.CreateVpcBlockPublicAccessExclusionInput{
		SubnetId: sn.SubnetId, InternetGatewayExclusionMode: types.InternetGatewayExclusionModeAllowBidirectional,
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpcBlockPublicAccessExclusion, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("web")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ex := cr.VpcBlockPublicAccessExclusion
	wantARN := "arn:aws:ec2:us-east-1:" + aws.ToString(d.VpcBlockPublicAccessOptions.AwsAccountId) + ":subnet/" + aws.ToString(sn.SubnetId)
	if ex.State != types.VpcBlockPublicAccessExclusionStateCreateInProgress || aws.ToString(ex.ResourceArn) != wantARN || len(aws.ToString(ex.ExclusionId)) != len("vpcbpa-exclude-")+17 {
		t.Fatalf("created %+v (want resource %s)", ex, wantARN)
	}
	_, err = c.CreateVpcBlockPublicAccessExclusion(ctx, &ec2.CreateVpcBlockPublicAccessExclusionInput{SubnetId: sn.SubnetId, InternetGatewayExclusionMode: types.InternetGatewayExclusionModeAllowEgress})
	instWantCode(t, err, "InvalidParameterValue")

	list, err := c.DescribeVpcBlockPublicAccessExclusions(ctx, &ec2.DescribeVpcBlockPublicAccessExclusionsInput{
		Filters: []types.Filter{instFilter("resource-arn", wantARN), instFilter("tag:Name", "web")}})
	if err != nil || len(list.VpcBlockPublicAccessExclusions) != 1 || list.VpcBlockPublicAccessExclusions[0].State != types.VpcBlockPublicAccessExclusionStateCreateComplete {
		t.Fatalf("describe: %v %+v", err, list)
	}
	mo, err := c.ModifyVpcBlockPublicAccessExclusion(ctx, &ec2.ModifyVpcBlockPublicAccessExclusionInput{ExclusionId: ex.ExclusionId, InternetGatewayExclusionMode: types.InternetGatewayExclusionModeAllowEgress})
	if err != nil || mo.VpcBlockPublicAccessExclusion.State != types.VpcBlockPublicAccessExclusionStateUpdateInProgress {
		t.Fatalf("modify exclusion: %v %+v", err, mo)
	}
	del, err := c.DeleteVpcBlockPublicAccessExclusion(ctx, &ec2.DeleteVpcBlockPublicAccessExclusionInput{ExclusionId: ex.ExclusionId})
	if err != nil || del.VpcBlockPublicAccessExclusion.State != types.VpcBlockPublicAccessExclusionStateDeleteInProgress {
		t.Fatalf("delete exclusion: %v %+v", err, del)
	}
	list, err = c.DescribeVpcBlockPublicAccessExclusions(ctx, &ec2.DescribeVpcBlockPublicAccessExclusionsInput{ExclusionIds: []string{*ex.ExclusionId}})
	if err != nil || len(list.VpcBlockPublicAccessExclusions) != 1 {
		t.Fatalf("describe deleted: %v %+v", err, list)
	}
	if got := list.VpcBlockPublicAccessExclusions[0]; got.State != types.VpcBlockPublicAccessExclusionStateDeleteComplete || got.DeletionTimestamp == nil ||
		got.InternetGatewayExclusionMode != types.InternetGatewayExclusionModeAllowEgress {
		t.Fatalf("deleted exclusion = %+v", got)
	}
	_, err = c.DeleteVpcBlockPublicAccessExclusion(ctx, &ec2.DeleteVpcBlockPublicAccessExclusionInput{ExclusionId: ex.ExclusionId})
	instWantCode(t, err, "IncorrectState")
	_, err = c.DeleteVpcBlockPublicAccessExclusion(ctx, &ec2.DeleteVpcBlockPublicAccessExclusionInput{ExclusionId: aws.String("vpcbpa-exclude-0123456789abcdef0")})
	instWantCode(t, err, "InvalidVpcBlockPublicAccessExclusionId.NotFound")
	// A new exclusion for the same subnet once the old one is deleted.
	if _, err := c.CreateVpcBlockPublicAccessExclusion(ctx, &ec2.CreateVpcBlockPublicAccessExclusionInput{SubnetId: sn.SubnetId, InternetGatewayExclusionMode: types.InternetGatewayExclusionModeAllowEgress}); err != nil {
		t.Fatal(err)
	}
}
