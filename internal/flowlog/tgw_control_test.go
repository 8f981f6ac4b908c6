package flowlog_test

import (
	"context"
	"errors"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/flowlog"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestCreateTGWFlowLogs pins CreateFlowLogs for transit gateways (TGW
// guide tgw-flow-logs.md, working-with-flow-logs.md; botocore
// CreateFlowLogs): the default format is the version 6 format of the TGW
// table, the aggregation interval is 60 s, VPC-only fields are unknown,
// and an unknown transit gateway or attachment fails its resource only.
func TestCreateTGWFlowLogs(t *testing.T) {
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := control.New(st, control.Options{})
	ctx := context.Background()
	scope := model.Scope{Account: "123456789012", Region: "us-east-1"}
	g, err := s.CreateTransitGateway(ctx, scope, control.CreateTransitGatewayInput{})
	if err != nil {
		t.Fatal(err)
	}
	in := func(rt, format string, ids ...string) control.CreateFlowLogsInput {
		return control.CreateFlowLogsInput{ResourceIDs: ids, ResourceType: rt, LogGroupName: "tgw-logs", LogFormat: format,
			DeliverLogsPermissionArn: "arn:aws:iam::123456789012:role/fl"}
	}
	res, err := s.CreateFlowLogs(ctx, scope, in("TransitGateway", "", g.ID, "tgw-0123456789abcdef0"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.FlowLogIDs) != 1 || len(res.Unsuccessful) != 1 || res.Unsuccessful[0].Err.Code != "InvalidTransitGatewayID.NotFound" {
		t.Fatalf("result %+v", res)
	}
	var got *model.FlowLog
	err = control.DescribeFlowLogs(st.Snapshot(), scope, res.FlowLogIDs, "", func(fl *model.FlowLog) bool { got = fl; return false })
	if err != nil || got == nil {
		t.Fatalf("describe: %v", err)
	}
	if got.LogFormat != flowlog.TGWDefaultFormat.String() || got.MaxAggregationInterval != 60 || got.ResourceID != g.ID {
		t.Errorf("flow log %+v", got)
	}
	if v := flowlog.TGWDefaultFormat.Version(); v != 6 {
		t.Errorf("default version %d", v)
	}
	subs, _ := control.FlowLogSubscriptions(st.Snapshot(), scope.Account)
	if len(subs) != 1 || subs[0].Format.String() != flowlog.TGWDefaultFormat.String() || subs[0].Interval() != 60 {
		t.Errorf("subscriptions %+v", subs)
	}

	res, err = s.CreateFlowLogs(ctx, scope, in("TransitGatewayAttachment", "", "tgw-attach-0123456789abcdef0"))
	if err != nil || len(res.Unsuccessful) != 1 || res.Unsuccessful[0].Err.Code != "InvalidTransitGatewayAttachmentID.NotFound" {
		t.Fatalf("attachment: %v %+v", err, res)
	}

	for _, c := range []struct {
		name string
		in   control.CreateFlowLogsInput
		code string
	}{
		{"vpc field in a tgw format", in("TransitGateway", "${version} ${interface-id}", g.ID), "InvalidParameter"},
		{"interval 600", func() control.CreateFlowLogsInput {
			x := in("TransitGateway", "", g.ID)
			x.MaxAggregationInterval = 600
			return x
		}(), "InvalidParameterValue"},
		{"traffic type", func() control.CreateFlowLogsInput {
			x := in("TransitGateway", "", g.ID)
			x.TrafficType = "ALL"
			return x
		}(), "InvalidParameter"},
	} {
		_, err := s.CreateFlowLogs(ctx, scope, c.in)
		var aerr *awserr.Error
		if !errors.As(err, &aerr) || aerr.Code != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
}

// TestTGWFormats pins the field sets: VPC flow logs do not know the
// transit gateway fields, transit gateway flow logs do not know the VPC
// ones (interface-id, vpc-id, action...), and a custom format's version
// is its newest field's.
func TestTGWFormats(t *testing.T) {
	if _, err := flowlog.ParseFormat("${version} ${tgw-id}"); err == nil {
		t.Error("VPC format accepted tgw-id")
	}
	for _, f := range []string{"${action}", "${interface-id}", "${vpc-id}", "${traffic-path}", "${tgw-id} "} {
		if _, err := flowlog.ParseTGWFormat(f); err == nil {
			t.Errorf("TGW format accepted %q", f)
		}
	}
	f, err := flowlog.ParseTGWFormat("${srcaddr} ${dstaddr} ${tcp-flags}")
	if err != nil || f.Version() != 3 {
		t.Errorf("custom: %v version %d", err, f.Version())
	}
	if n := len(flowlog.TGWFields()); n != 36 {
		t.Errorf("%d TGW fields, want 36", n)
	}
	for _, fd := range flowlog.AllFields() {
		if fd >= flowlog.FieldResourceType {
			t.Errorf("AllFields lists %s", fd)
		}
	}
}
