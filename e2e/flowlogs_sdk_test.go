package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// TestFlowLogsSDK drives CreateFlowLogs, DescribeFlowLogs (filters,
// pagination) and DeleteFlowLogs with the real SDK (botocore
// documentation of the three operations; per-resource errors in
// Unsuccessful).
func TestFlowLogsSDK(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	ctx := testCtx(t)
	c := srv.ec2Client()
	vpc := must[*ec2.CreateVpcOutput](t, "CreateVpc")(c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.60.0.0/16")}))
	vpcID := aws.ToString(vpc.Vpc.VpcId)
	role := must[*iam.CreateRoleOutput](t, "CreateRole")(srv.iamClient().CreateRole(ctx, &iam.CreateRoleInput{
		RoleName: aws.String("fl"), AssumeRolePolicyDocument: aws.String(flowLogsTrust)}))
	roleARN := aws.ToString(role.Role.Arn)

	var ids []string
	for i, tt := range []types.TrafficType{types.TrafficTypeAccept, types.TrafficTypeReject, types.TrafficTypeAll} {
		out := must[*ec2.CreateFlowLogsOutput](t, "CreateFlowLogs")(c.CreateFlowLogs(ctx, &ec2.CreateFlowLogsInput{
			ResourceIds: []string{vpcID, "vpc-0123456789abcdef0"}, ResourceType: types.FlowLogsResourceTypeVpc, TrafficType: tt,
			LogGroupName: aws.String("group"), DeliverLogsPermissionArn: aws.String(roleARN), ClientToken: aws.String("tok-" + string(tt)),
			TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpcFlowLog, Tags: []types.Tag{{Key: aws.String("n"), Value: aws.String(string(rune('a' + i)))}}}},
		}))
		if len(out.FlowLogIds) != 1 || len(out.Unsuccessful) != 1 || aws.ToString(out.Unsuccessful[0].Error.Code) != "InvalidVpcID.NotFound" {
			t.Fatalf("CreateFlowLogs %s: ids %v unsuccessful %+v", tt, out.FlowLogIds, out.Unsuccessful)
		}
		ids = append(ids, out.FlowLogIds[0])
	}
	// A retry with the same client token answers the same flow log.
	again := must[*ec2.CreateFlowLogsOutput](t, "CreateFlowLogs")(c.CreateFlowLogs(ctx, &ec2.CreateFlowLogsInput{
		ResourceIds: []string{vpcID, "vpc-0123456789abcdef0"}, ResourceType: types.FlowLogsResourceTypeVpc, TrafficType: types.TrafficTypeAccept,
		LogGroupName: aws.String("group"), DeliverLogsPermissionArn: aws.String(roleARN), ClientToken: aws.String("tok-ACCEPT"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpcFlowLog, Tags: []types.Tag{{Key: aws.String("n"), Value: aws.String("a")}}}},
	}))
	if len(again.FlowLogIds) != 1 || again.FlowLogIds[0] != ids[0] {
		t.Fatalf("replay: %v", again.FlowLogIds)
	}

	// The role has no permissions policy: delivery fails with Access error.
	d := must[*ec2.DescribeFlowLogsOutput](t, "DescribeFlowLogs")(c.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{
		Filter: []types.Filter{{Name: aws.String("traffic-type"), Values: []string{"REJECT"}}}}))
	if len(d.FlowLogs) != 1 || aws.ToString(d.FlowLogs[0].FlowLogId) != ids[1] || aws.ToString(d.FlowLogs[0].DeliverLogsStatus) != "FAILED" ||
		aws.ToString(d.FlowLogs[0].DeliverLogsErrorMessage) != "Access error" || aws.ToInt32(d.FlowLogs[0].MaxAggregationInterval) != 600 ||
		d.FlowLogs[0].LogDestinationType != types.LogDestinationTypeCloudWatchLogs || aws.ToString(d.FlowLogs[0].LogGroupName) != "group" {
		t.Fatalf("describe by traffic type: %+v", d.FlowLogs)
	}
	d = must[*ec2.DescribeFlowLogsOutput](t, "DescribeFlowLogs")(c.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{
		Filter: []types.Filter{{Name: aws.String("tag:n"), Values: []string{"c"}}}}))
	if len(d.FlowLogs) != 1 || aws.ToString(d.FlowLogs[0].FlowLogId) != ids[2] {
		t.Fatalf("describe by tag: %+v", d.FlowLogs)
	}
	var seen []string
	p := ec2.NewDescribeFlowLogsPaginator(c, &ec2.DescribeFlowLogsInput{MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		page := must[*ec2.DescribeFlowLogsOutput](t, "DescribeFlowLogs page")(p.NextPage(ctx))
		for _, f := range page.FlowLogs {
			seen = append(seen, aws.ToString(f.FlowLogId))
		}
	}
	if len(seen) != 3 {
		t.Fatalf("paginated: %v", seen)
	}
	del := must[*ec2.DeleteFlowLogsOutput](t, "DeleteFlowLogs")(c.DeleteFlowLogs(ctx, &ec2.DeleteFlowLogsInput{FlowLogIds: append(ids, "fl-0123456789abcdef0")}))
	if len(del.Unsuccessful) != 1 || aws.ToString(del.Unsuccessful[0].Error.Code) != "InvalidFlowLogId.NotFound" {
		t.Fatalf("delete: %+v", del.Unsuccessful)
	}
	d = must[*ec2.DescribeFlowLogsOutput](t, "DescribeFlowLogs")(c.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{FlowLogIds: ids}))
	if len(d.FlowLogs) != 0 {
		t.Fatalf("after delete: %+v", d.FlowLogs)
	}
}
