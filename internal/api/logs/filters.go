package logs

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/logs"
	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) putSubscriptionFilter(ctx context.Context, c *protocol.Call, in *PutSubscriptionFilterRequest) error {
	return h.svc.PutSubscriptionFilter(ctx, scope(c), ctl.SubscriptionInput{Group: api.Str(in.LogGroupName), Name: api.Str(in.FilterName),
		Pattern: api.Str(in.FilterPattern), DestinationARN: api.Str(in.DestinationArn), RoleARN: api.Str(in.RoleArn), Distribution: api.Str(in.Distribution),
		ApplyOnTransformedLogs: in.ApplyOnTransformedLogs != nil && *in.ApplyOnTransformedLogs,
		FieldSelectionCriteria: api.Str(in.FieldSelectionCriteria), EmitSystemFields: in.EmitSystemFields})
}

func (h *handlers) describeSubscriptionFilters(_ context.Context, c *protocol.Call, in *DescribeSubscriptionFiltersRequest) (*DescribeSubscriptionFiltersResponse, error) {
	fs, next, err := h.svc.DescribeSubscriptionFilters(scope(c), api.Str(in.LogGroupName), in.FilterNamePrefix, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	out := &DescribeSubscriptionFiltersResponse{SubscriptionFilters: make([]SubscriptionFilter, 0, len(fs)), NextToken: optString(next)}
	for _, f := range fs {
		out.SubscriptionFilters = append(out.SubscriptionFilters, SubscriptionFilter{FilterName: ptr(f.Name), LogGroupName: ptr(f.GroupName),
			FilterPattern: ptr(f.Pattern), DestinationArn: ptr(f.DestinationARN), RoleArn: optString(f.RoleARN),
			Distribution: ptr(f.Distribution), ApplyOnTransformedLogs: ptr(f.ApplyOnTransformedLogs), CreationTime: ptr(f.Created.UnixMilli()),
			FieldSelectionCriteria: optString(f.FieldSelectionCriteria), EmitSystemFields: f.EmitSystemFields})
	}
	return out, nil
}

func (h *handlers) deleteSubscriptionFilter(ctx context.Context, c *protocol.Call, in *DeleteSubscriptionFilterRequest) error {
	return h.svc.DeleteSubscriptionFilter(ctx, scope(c), api.Str(in.LogGroupName), api.Str(in.FilterName))
}

func (h *handlers) putMetricFilter(ctx context.Context, c *protocol.Call, in *PutMetricFilterRequest) error {
	mts := make([]mlogs.MetricTransformation, 0, len(in.MetricTransformations))
	for _, mt := range in.MetricTransformations {
		mts = append(mts, mlogs.MetricTransformation{MetricName: api.Str(mt.MetricName), MetricNamespace: api.Str(mt.MetricNamespace),
			MetricValue: api.Str(mt.MetricValue), DefaultValue: mt.DefaultValue, Dimensions: mt.Dimensions, Unit: api.Str(mt.Unit)})
	}
	return h.svc.PutMetricFilter(ctx, scope(c), ctl.MetricFilterInput{Group: api.Str(in.LogGroupName), Name: api.Str(in.FilterName),
		Pattern: api.Str(in.FilterPattern), Transformations: mts,
		ApplyOnTransformedLogs: in.ApplyOnTransformedLogs != nil && *in.ApplyOnTransformedLogs,
		FieldSelectionCriteria: api.Str(in.FieldSelectionCriteria), EmitSystemFieldDimensions: in.EmitSystemFieldDimensions})
}

func (h *handlers) describeMetricFilters(_ context.Context, c *protocol.Call, in *DescribeMetricFiltersRequest) (*DescribeMetricFiltersResponse, error) {
	fs, next, err := h.svc.DescribeMetricFilters(scope(c), ctl.DescribeMetricFiltersInput{Group: in.LogGroupName, Prefix: in.FilterNamePrefix,
		MetricName: in.MetricName, Namespace: in.MetricNamespace, NextToken: in.NextToken, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	out := &DescribeMetricFiltersResponse{MetricFilters: make([]MetricFilter, 0, len(fs)), NextToken: optString(next)}
	for _, f := range fs {
		mf := MetricFilter{FilterName: ptr(f.Name), FilterPattern: ptr(f.Pattern), CreationTime: ptr(f.Created.UnixMilli()),
			LogGroupName: ptr(f.GroupName), ApplyOnTransformedLogs: ptr(f.ApplyOnTransformedLogs),
			FieldSelectionCriteria: optString(f.FieldSelectionCriteria), EmitSystemFieldDimensions: f.EmitSystemFieldDimensions}
		for _, mt := range f.Transformations {
			mf.MetricTransformations = append(mf.MetricTransformations, MetricTransformation{MetricName: ptr(mt.MetricName),
				MetricNamespace: ptr(mt.MetricNamespace), MetricValue: ptr(mt.MetricValue), DefaultValue: mt.DefaultValue,
				Dimensions: mt.Dimensions, Unit: optString(mt.Unit)})
		}
		out.MetricFilters = append(out.MetricFilters, mf)
	}
	return out, nil
}

func (h *handlers) deleteMetricFilter(ctx context.Context, c *protocol.Call, in *DeleteMetricFilterRequest) error {
	return h.svc.DeleteMetricFilter(ctx, scope(c), api.Str(in.LogGroupName), api.Str(in.FilterName))
}

func (h *handlers) testMetricFilter(_ context.Context, _ *protocol.Call, in *TestMetricFilterRequest) (*TestMetricFilterResponse, error) {
	ms, err := h.svc.TestMetricFilter(api.Str(in.FilterPattern), in.LogEventMessages)
	if err != nil {
		return nil, err
	}
	out := &TestMetricFilterResponse{Matches: make([]MetricFilterMatchRecord, 0, len(ms))}
	for _, m := range ms {
		out.Matches = append(out.Matches, MetricFilterMatchRecord{EventNumber: ptr(m.EventNumber), EventMessage: ptr(m.Message), ExtractedValues: m.Extracted})
	}
	return out, nil
}
