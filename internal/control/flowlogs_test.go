package control

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control/iam"
	s3c "github.com/vpcsim/vpcsim/internal/control/s3"
	"github.com/vpcsim/vpcsim/internal/flowlog"
	"github.com/vpcsim/vpcsim/internal/model"
)

const (
	flTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	// flPolicy is the permissions policy of flow-logs-cwl.md.
	flPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogGroups","logs:DescribeLogStreams"],"Resource":"*"}]}`
)

// flRole creates a role named name with trust and (when not empty) an
// inline permissions policy; it returns its ARN.
func flRole(t *testing.T, s *Service, name, trust, perms string) string {
	t.Helper()
	ctx := context.Background()
	svc := iam.New(s.Store())
	r, err := svc.CreateRole(ctx, iam.RoleInput{Account: testScope.Account, Name: name, TrustPolicy: trust})
	if err != nil {
		t.Fatal(err)
	}
	if perms != "" {
		if err := svc.PutRolePolicy(ctx, testScope.Account, name, "deliver", perms); err != nil {
			t.Fatal(err)
		}
	}
	return r.ARN
}

// TestCreateFlowLogsValidation pins the request errors of CreateFlowLogs
// (botocore CreateFlowLogs member documentation; flow-logs-s3.md: the
// subfolder cannot be AWSLogs): they fail the whole call.
func TestCreateFlowLogsValidation(t *testing.T) {
	s := newTestService(t)
	v, _ := gwVpc(t, s)
	role := "arn:aws:iam::123456789012:role/fl"
	base := func() CreateFlowLogsInput {
		return CreateFlowLogsInput{ResourceIDs: []string{v.ID}, ResourceType: "VPC", TrafficType: "ALL", LogGroupName: "g", DeliverLogsPermissionArn: role}
	}
	cases := []struct {
		name string
		edit func(*CreateFlowLogsInput)
		code string
	}{
		{"traffic type required", func(in *CreateFlowLogsInput) { in.TrafficType = "" }, "MissingParameter"},
		{"interval 60 or 600", func(in *CreateFlowLogsInput) { in.MaxAggregationInterval = 300 }, "InvalidParameterValue"},
		{"cwl needs role", func(in *CreateFlowLogsInput) { in.DeliverLogsPermissionArn = "" }, "InvalidParameter"},
		{"cwl group or destination", func(in *CreateFlowLogsInput) { in.LogDestination = "arn:aws:logs:us-east-1:123456789012:log-group:g" }, "InvalidParameterCombination"},
		{"cwl needs a group", func(in *CreateFlowLogsInput) { in.LogGroupName = "" }, "InvalidParameter"},
		{"bad destination arn", func(in *CreateFlowLogsInput) { in.LogGroupName, in.LogDestination = "", "arn:aws:s3:::b" }, "InvalidParameter"},
		{"destination options are s3's", func(in *CreateFlowLogsInput) { in.HasDestinationOptions = true }, "InvalidParameterCombination"},
		{"unknown field", func(in *CreateFlowLogsInput) { in.LogFormat = "${version} ${nope}" }, "InvalidParameter"},
		{"s3 AWSLogs subfolder", func(in *CreateFlowLogsInput) {
			in.LogDestinationType, in.LogGroupName, in.DeliverLogsPermissionArn, in.LogDestination = "s3", "", "", "arn:aws:s3:::b/AWSLogs/"
		}, "InvalidParameter"},
		{"s3 without destination", func(in *CreateFlowLogsInput) {
			in.LogDestinationType, in.LogGroupName, in.DeliverLogsPermissionArn = "s3", "", ""
		}, "InvalidParameter"},
		{"unknown file format", func(in *CreateFlowLogsInput) {
			in.LogDestinationType, in.LogGroupName, in.DeliverLogsPermissionArn, in.LogDestination, in.FileFormat = "s3", "", "", "arn:aws:s3:::b", "orc"
		}, "InvalidParameterValue"},
		{"transit gateways take no traffic type", func(in *CreateFlowLogsInput) { in.ResourceType = "TransitGateway" }, "InvalidParameter"},
		{"bad role arn", func(in *CreateFlowLogsInput) { in.DeliverLogsPermissionArn = "role" }, "InvalidParameter"},
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

// TestCreateFlowLogsUnsuccessful pins the per-resource failures that
// CreateFlowLogs reports in Unsuccessful while it creates the others.
func TestCreateFlowLogsUnsuccessful(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sn := gwVpc(t, s)
	role := flRole(t, s, "fl", flTrust, flPolicy)
	res, err := s.CreateFlowLogs(ctx, testScope, CreateFlowLogsInput{ResourceIDs: []string{v.ID, "vpc-0123456789abcdef0", v.ID}, ResourceType: "VPC",
		TrafficType: "ALL", LogGroupName: "g", DeliverLogsPermissionArn: role, Tags: map[string]string{"Name": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.FlowLogIDs) != 1 || len(res.Unsuccessful) != 1 || res.Unsuccessful[0].Err.Code != "InvalidVpcID.NotFound" {
		t.Fatalf("result %+v", res)
	}
	fl, _ := FlowLogKind.In(s.Snapshot()).Get(res.FlowLogIDs[0])
	if fl.DeliverLogsStatus != DeliverySuccess || fl.MaxAggregationInterval != 600 || fl.LogFormat != flowlog.DefaultFormatString ||
		fl.LogDestination != "arn:aws:logs:us-east-1:123456789012:log-group:g" || fl.Tags["Name"] != "x" {
		t.Fatalf("flow log %+v", fl)
	}
	// The same resource, traffic type and destination again.
	res, err = s.CreateFlowLogs(ctx, testScope, CreateFlowLogsInput{ResourceIDs: []string{v.ID, sn.ID}, ResourceType: "VPC",
		TrafficType: "ALL", LogDestination: "arn:aws:logs:us-east-1:123456789012:log-group:g:*", DeliverLogsPermissionArn: role})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.FlowLogIDs) != 0 || len(res.Unsuccessful) != 2 || res.Unsuccessful[0].Err.Code != "FlowLogAlreadyExists" ||
		res.Unsuccessful[1].Err.Code != "InvalidVpcID.Malformed" {
		t.Fatalf("duplicate %+v", res)
	}
	for _, c := range []struct {
		in   CreateFlowLogsInput
		code string
	}{
		{CreateFlowLogsInput{ResourceIDs: []string{"tgw-0123456789abcdef0"}, ResourceType: "TransitGateway", LogGroupName: "g", DeliverLogsPermissionArn: role}, "InvalidTransitGatewayID.NotFound"},
		{CreateFlowLogsInput{ResourceIDs: []string{v.ID}, ResourceType: "VPC", TrafficType: "REJECT", LogDestinationType: "kinesis-data-firehose",
			LogDestination: "arn:aws:firehose:us-east-1:123456789012:deliverystream/s"}, "LogDestinationNotFoundException"},
		{CreateFlowLogsInput{ResourceIDs: []string{v.ID}, ResourceType: "VPC", TrafficType: "REJECT", LogDestinationType: "s3",
			LogDestination: "arn:aws:s3:::no-such-bucket"}, "LogDestinationNotFoundException"},
	} {
		res, err := s.CreateFlowLogs(ctx, testScope, c.in)
		if err != nil || len(res.Unsuccessful) != 1 || res.Unsuccessful[0].Err.Code != c.code {
			t.Fatalf("%s: %+v %v", c.code, res, err)
		}
	}
	failed, err := s.DeleteFlowLogs(ctx, testScope, []string{fl.ID, "fl-0123456789abcdef0"})
	if err != nil || len(failed) != 1 || failed[0].Err.Code != "InvalidFlowLogId.NotFound" {
		t.Fatalf("delete %+v %v", failed, err)
	}
	if _, ok := FlowLogKind.In(s.Snapshot()).Get(fl.ID); ok {
		t.Fatal("not deleted")
	}
}

// TestFlowLogDeliveryStatus pins flow-logs-cwl.md's role requirements and
// flow-logs-troubleshooting.md's "Access error".
func TestFlowLogDeliveryStatus(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, _ := gwVpc(t, s)
	good := flRole(t, s, "good", flTrust, flPolicy)
	noTrust := flRole(t, s, "untrusted", strings.Replace(flTrust, "vpc-flow-logs", "ec2", 1), flPolicy)
	noPerms := flRole(t, s, "powerless", flTrust, "")
	putOnly := flRole(t, s, "putonly", flTrust, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}]}`)
	for _, c := range []struct {
		role, want string
	}{
		{good, ""},
		{noTrust, DeliveryAccessErr},
		{noPerms, DeliveryAccessErr},
		{putOnly, DeliveryAccessErr},
		{"arn:aws:iam::123456789012:role/missing", DeliveryAccessErr},
	} {
		res, err := s.CreateFlowLogs(ctx, testScope, CreateFlowLogsInput{ResourceIDs: []string{v.ID}, ResourceType: "VPC",
			TrafficType: "ALL", LogGroupName: "g-" + c.role[strings.LastIndexByte(c.role, '/')+1:], DeliverLogsPermissionArn: c.role})
		if err != nil || len(res.FlowLogIDs) != 1 {
			t.Fatalf("%s: %+v %v", c.role, res, err)
		}
		fl, _ := FlowLogKind.In(s.Snapshot()).Get(res.FlowLogIDs[0])
		if fl.DeliverLogsErrorMessage != c.want || (c.want == "") != (fl.DeliverLogsStatus == DeliverySuccess) {
			t.Fatalf("%s: status %s %q", c.role, fl.DeliverLogsStatus, fl.DeliverLogsErrorMessage)
		}
	}
}

// TestFlowLogS3BucketPolicy pins flow-logs-s3.md: for a bucket the caller
// owns, CreateFlowLogs adds the log delivery policy.
func TestFlowLogS3BucketPolicy(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, _ := gwVpc(t, s)
	s3svc, err := s3c.New(s.Store())
	if err != nil {
		t.Fatal(err)
	}
	hive := true
	if _, err := s3svc.CreateBucket(ctx, testScope, s3c.CreateBucketInput{Name: "flow-bucket"}); err != nil {
		t.Fatal(err)
	}
	res, err := s.CreateFlowLogs(ctx, testScope, CreateFlowLogsInput{ResourceIDs: []string{v.ID}, ResourceType: "VPC", TrafficType: "ALL",
		LogDestinationType: "s3", LogDestination: "arn:aws:s3:::flow-bucket/logs/", HiveCompatiblePartitions: &hive, HasDestinationOptions: true})
	if err != nil || len(res.FlowLogIDs) != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	w := s.Snapshot()
	fl, _ := FlowLogKind.In(w).Get(res.FlowLogIDs[0])
	if fl.DeliverLogsStatus != DeliverySuccess || fl.FileFormat != FileFormatPlainText || !fl.HiveCompatiblePartitions {
		t.Fatalf("flow log %+v", fl)
	}
	if got := S3KeyPrefix(fl); got != "logs/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/" {
		t.Fatalf("prefix %q", got)
	}
	b, _ := s3c.BucketKind.In(w).Get("flow-bucket")
	if !strings.Contains(b.Policy, "AWSLogDeliveryWrite") || !S3DeliveryAllowed(w, fl, S3KeyPrefix(fl)+"f.log.gz") {
		t.Fatalf("policy %s", b.Policy)
	}
	if S3DeliveryAllowed(w, fl, "elsewhere/f.log.gz") {
		t.Fatal("delivery outside AWSLogs allowed")
	}
}

// TestFlowLogsOfDeletedResources pins the EC2 API reference for DeleteVpc
// ("flow logs for deleted VPCs are eventually automatically removed"),
// applied to subnets and network interfaces too (flowlogs_cascade.go):
// once the resource is gone its flow log is not described, cannot be
// deleted (InvalidFlowLogId.NotFound) and is removed from the store.
func TestFlowLogsOfDeletedResources(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sn := gwVpc(t, s)
	eni, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID})
	if err != nil {
		t.Fatal(err)
	}
	role := flRole(t, s, "fl", flTrust, flPolicy)
	ids := map[string]string{}
	for _, r := range []struct{ typ, id string }{{"VPC", v.ID}, {"Subnet", sn.ID}, {"NetworkInterface", eni.ID}} {
		res, err := s.CreateFlowLogs(ctx, testScope, CreateFlowLogsInput{ResourceIDs: []string{r.id}, ResourceType: r.typ,
			TrafficType: "ALL", LogGroupName: "g", DeliverLogsPermissionArn: role})
		if err != nil || len(res.FlowLogIDs) != 1 {
			t.Fatalf("%s: %+v %v", r.typ, res, err)
		}
		ids[r.typ] = res.FlowLogIDs[0]
		if err := s.CreateTags(ctx, testScope, []string{ids[r.typ]}, map[string]string{"Name": r.typ}); err != nil {
			t.Fatal(err)
		}
	}
	taggedAs := func() []string { // the Name tags of flow logs DescribeTags lists
		var out []string
		for _, tr := range ListTags(s.Snapshot(), testScope) {
			if tr.ResourceType == "vpc-flow-log" {
				out = append(out, tr.Value)
			}
		}
		slices.Sort(out)
		return out
	}
	described := func() []string {
		var out []string
		if err := DescribeFlowLogs(s.Snapshot(), testScope, nil, "", func(fl *model.FlowLog) bool {
			out = append(out, fl.ResourceType)
			return true
		}); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}
	if got := described(); !slices.Equal(got, []string{"NetworkInterface", "Subnet", "VPC"}) {
		t.Fatalf("before: %v", got)
	}
	steps := []struct {
		name   string
		delete func() error
		typ    string
		left   []string
	}{
		{"network interface", func() error { return s.DeleteNetworkInterface(ctx, testScope, eni.ID) }, "NetworkInterface", []string{"Subnet", "VPC"}},
		{"subnet", func() error { return s.DeleteSubnet(ctx, testScope, sn.ID) }, "Subnet", []string{"VPC"}},
		{"vpc", func() error { return s.DeleteVpc(ctx, testScope, v.ID) }, "VPC", nil},
	}
	for _, st := range steps {
		if err := st.delete(); err != nil {
			t.Fatalf("delete %s: %v", st.name, err)
		}
		if got := described(); !slices.Equal(got, st.left) {
			t.Fatalf("after deleting the %s: described %v, want %v", st.name, got, st.left)
		}
		if got := taggedAs(); !slices.Equal(got, st.left) {
			t.Fatalf("after deleting the %s: DescribeTags lists flow logs of %v, want %v", st.name, got, st.left)
		}
		wantCode(t, s.CreateTags(ctx, testScope, []string{ids[st.typ]}, map[string]string{"k": "v"}), "InvalidFlowLogId.NotFound")
		failed, err := s.DeleteFlowLogs(ctx, testScope, []string{ids[st.typ]})
		if err != nil || len(failed) != 1 || failed[0].Err.Code != "InvalidFlowLogId.NotFound" {
			t.Fatalf("%s: DeleteFlowLogs %+v %v", st.name, failed, err)
		}
		if _, ok := FlowLogKind.In(s.Snapshot()).Get(ids[st.typ]); ok {
			t.Fatalf("%s: flow log still stored", st.name)
		}
	}
	if subs, _ := FlowLogSubscriptions(s.Snapshot(), ""); len(subs) != 0 {
		t.Fatalf("subscriptions %+v", subs)
	}
}
