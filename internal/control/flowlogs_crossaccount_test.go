package control

import (
	"context"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control/iam"
)

// Roles of VPC-UG flow-logs-firehose.md "IAM roles for cross account
// delivery" (source account 123456789012, destination 222222222222).
const (
	xaDestAccount = "222222222222"
	xaSourceTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"delivery.logs.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	xaSourcePerms = `{"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/mySourceRole",
  "Condition":{"StringEquals":{"iam:PassedToService":"delivery.logs.amazonaws.com"},"StringLike":{"iam:AssociatedResourceARN":["arn:aws:ec2:us-east-1:123456789012:vpc/VPC"]}}},
 {"Effect":"Allow","Action":["logs:CreateLogDelivery","logs:DeleteLogDelivery","logs:ListLogDeliveries","logs:GetLogDelivery"],"Resource":"*"},
 {"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/AWSLogDeliveryFirehoseCrossAccountRole"}]}`
	xaDestPerms = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","firehose:TagDeliveryStream"],"Resource":"*"}]}`
	xaDestTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/mySourceRole"},"Action":"sts:AssumeRole"}]}`
	xaStream    = "arn:aws:firehose:us-east-1:222222222222:deliverystream/central"
)

func xaRole(t *testing.T, s *Service, account, name, trust, perms string) string {
	t.Helper()
	ctx := context.Background()
	svc := iam.New(s.Store())
	r, err := svc.CreateRole(ctx, iam.RoleInput{Account: account, Name: name, TrustPolicy: trust})
	if err != nil {
		t.Fatal(err)
	}
	if perms != "" {
		if err := svc.PutRolePolicy(ctx, account, name, "p", perms); err != nil {
			t.Fatal(err)
		}
	}
	return r.ARN
}

// TestFlowLogCrossAccountRoleValidation pins where DeliverCrossAccountRole
// applies: a Kinesis Data Firehose stream in another account, with the
// role in that account and a source role (flow-logs-firehose.md).
func TestFlowLogCrossAccountRoleValidation(t *testing.T) {
	s := newTestService(t)
	v, _ := gwVpc(t, s)
	src := "arn:aws:iam::123456789012:role/mySourceRole"
	dst := "arn:aws:iam::222222222222:role/AWSLogDeliveryFirehoseCrossAccountRole"
	base := func() CreateFlowLogsInput {
		return CreateFlowLogsInput{ResourceIDs: []string{v.ID}, ResourceType: "VPC", TrafficType: "ALL", LogDestinationType: "kinesis-data-firehose",
			LogDestination: xaStream, DeliverLogsPermissionArn: src, DeliverCrossAccountRole: dst}
	}
	cases := []struct {
		name string
		edit func(*CreateFlowLogsInput)
		code string
	}{
		{"not a role arn", func(in *CreateFlowLogsInput) { in.DeliverCrossAccountRole = "AWSLogDeliveryFirehoseCrossAccountRole" }, "InvalidParameter"},
		{"cloudwatch logs does not cross accounts", func(in *CreateFlowLogsInput) {
			in.LogDestinationType, in.LogDestination, in.LogGroupName = "cloud-watch-logs", "", "g"
		}, "InvalidParameterCombination"},
		{"s3 crosses by bucket policy", func(in *CreateFlowLogsInput) {
			in.LogDestinationType, in.LogDestination, in.DeliverLogsPermissionArn = "s3", "arn:aws:s3:::b", ""
		}, "InvalidParameterCombination"},
		{"stream in the same account", func(in *CreateFlowLogsInput) {
			in.LogDestination = "arn:aws:firehose:us-east-1:123456789012:deliverystream/local"
		}, "InvalidParameterCombination"},
		{"role outside the stream's account", func(in *CreateFlowLogsInput) {
			in.DeliverCrossAccountRole = "arn:aws:iam::333333333333:role/AWSLogDeliveryFirehoseCrossAccountRole"
		}, "InvalidParameter"},
		{"source role required", func(in *CreateFlowLogsInput) { in.DeliverLogsPermissionArn = "" }, "InvalidParameter"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			c.edit(&in)
			_, err := s.CreateFlowLogs(context.Background(), testScope, in)
			wantCode(t, err, c.code)
		})
	}
}

// TestFlowLogCrossAccountRoleEvaluation evaluates the two roles of
// flow-logs-firehose.md with the IAM policy evaluator: each missing piece
// refuses delivery (LogDestinationPermissionIssueException naming the
// role); with both roles right the request reaches the delivery stream,
// which vpcsim does not serve (LogDestinationNotFoundException).
func TestFlowLogCrossAccountRoleEvaluation(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name                                   string
		srcTrust, srcPerms, dstName, dstTrust  string
		dstPerms, otherVPC, wantCode, wantText string
	}{
		{name: "documented roles", wantCode: "LogDestinationNotFoundException"},
		{name: "source trust", srcTrust: strings.Replace(xaSourceTrust, "delivery.logs", "vpc-flow-logs", 1), wantText: "trust policy of arn:aws:iam::123456789012:role/mySourceRole"},
		{name: "pass role for another vpc", otherVPC: "vpc-0aaaaaaaaaaaaaaaa", wantText: "iam:PassRole"},
		{name: "no assume on destination", srcPerms: strings.Replace(xaSourcePerms, `"sts:AssumeRole"`, `"sts:TagSession"`, 1), wantText: "sts:AssumeRole"},
		{name: "destination name", dstName: "central-delivery", wantText: "must start with AWSLogDeliveryFirehoseCrossAccountRole"},
		{name: "destination trust", dstTrust: strings.Replace(xaDestTrust, "mySourceRole", "otherRole", 1), wantText: "trust policy of arn:aws:iam::222222222222:role/"},
		{name: "destination permissions", dstPerms: strings.Replace(xaDestPerms, `"firehose:TagDeliveryStream"`, `"firehose:PutRecord"`, 1), wantText: "firehose:TagDeliveryStream"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestService(t)
			v, _ := gwVpc(t, s)
			pick := func(x, def string) string {
				if x != "" {
					return x
				}
				return def
			}
			vpc := pick(c.otherVPC, v.ID)
			src := xaRole(t, s, testScope.Account, "mySourceRole", pick(c.srcTrust, xaSourceTrust),
				strings.ReplaceAll(strings.ReplaceAll(pick(c.srcPerms, xaSourcePerms), "vpc/VPC", "vpc/"+vpc),
					"role/AWSLogDeliveryFirehoseCrossAccountRole", "role/"+pick(c.dstName, "AWSLogDeliveryFirehoseCrossAccountRole")))
			dst := xaRole(t, s, xaDestAccount, pick(c.dstName, "AWSLogDeliveryFirehoseCrossAccountRole"), pick(c.dstTrust, xaDestTrust), pick(c.dstPerms, xaDestPerms))
			res, err := s.CreateFlowLogs(ctx, testScope, CreateFlowLogsInput{ResourceIDs: []string{v.ID}, ResourceType: "VPC", TrafficType: "ALL",
				LogDestinationType: "kinesis-data-firehose", LogDestination: xaStream, DeliverLogsPermissionArn: src, DeliverCrossAccountRole: dst})
			if err != nil || len(res.FlowLogIDs) != 0 || len(res.Unsuccessful) != 1 {
				t.Fatalf("%+v %v", res, err)
			}
			e := res.Unsuccessful[0].Err
			want := pick(c.wantCode, "LogDestinationPermissionIssueException")
			if e.Code != want || !strings.Contains(e.Message, c.wantText) {
				t.Fatalf("got %s %q, want %s containing %q", e.Code, e.Message, want, c.wantText)
			}
		})
	}
}
