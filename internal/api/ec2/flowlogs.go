package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

func (a *API) registerFlowLogs() {
	handle(a, "CreateFlowLogs", a.createFlowLogs)
	handle(a, "DescribeFlowLogs", a.describeFlowLogs)
	handle(a, "DeleteFlowLogs", func(ctx context.Context, r *Request, in *DeleteFlowLogsRequest) (*DeleteFlowLogsResult, error) {
		failed, err := a.ctl.DeleteFlowLogs(ctx, r.Scope, in.FlowLogIds)
		if err != nil {
			return nil, err
		}
		return &DeleteFlowLogsResult{Unsuccessful: unsuccessfulOut(failed)}, nil
	})
}

func (a *API) createFlowLogs(ctx context.Context, r *Request, in *CreateFlowLogsRequest) (*CreateFlowLogsResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "vpc-flow-log")
	if err != nil {
		return nil, err
	}
	ci := control.CreateFlowLogsInput{
		ResourceIDs:              in.ResourceIds,
		ResourceType:             deref(in.ResourceType),
		TrafficType:              deref(in.TrafficType),
		LogDestinationType:       deref(in.LogDestinationType),
		LogDestination:           deref(in.LogDestination),
		LogGroupName:             deref(in.LogGroupName),
		DeliverLogsPermissionArn: deref(in.DeliverLogsPermissionArn),
		DeliverCrossAccountRole:  deref(in.DeliverCrossAccountRole),
		LogFormat:                deref(in.LogFormat),
		MaxAggregationInterval:   derefI32(in.MaxAggregationInterval, 0),
		Tags:                     tags,
	}
	if o := in.DestinationOptions; o != nil {
		ci.HasDestinationOptions = true
		ci.FileFormat = deref(o.FileFormat)
		ci.HiveCompatiblePartitions = o.HiveCompatiblePartitions
		ci.PerHourPartition = o.PerHourPartition
	}
	res, err := a.ctl.CreateFlowLogs(ctx, r.Scope, ci)
	if err != nil {
		return nil, err
	}
	return &CreateFlowLogsResult{ClientToken: in.ClientToken, FlowLogIds: res.FlowLogIDs, Unsuccessful: unsuccessfulOut(res.Unsuccessful)}, nil
}

func unsuccessfulOut(failed []control.FlowLogFailure) []UnsuccessfulItem {
	if len(failed) == 0 {
		return nil
	}
	out := make([]UnsuccessfulItem, len(failed))
	for i, f := range failed {
		out[i] = UnsuccessfulItem{ResourceId: str(f.ResourceID), Error: &UnsuccessfulItemError{Code: str(f.Err.Code), Message: str(f.Err.Message)}}
	}
	return out
}

// flowLogFilters are DescribeFlowLogs' filters (botocore); tag:<key> and
// tag-key are common to every taggable resource.
var flowLogFilters = filterTable[model.FlowLog]{
	"deliver-log-status":   func(f *model.FlowLog) []string { return one(f.DeliverLogsStatus) },
	"log-destination-type": func(f *model.FlowLog) []string { return one(f.LogDestinationType) },
	"flow-log-id":          func(f *model.FlowLog) []string { return one(f.ID) },
	"log-group-name":       func(f *model.FlowLog) []string { return one(f.LogGroupName) },
	"resource-id":          func(f *model.FlowLog) []string { return one(f.ResourceID) },
	"traffic-type":         func(f *model.FlowLog) []string { return one(f.TrafficType) },
}

func (a *API) describeFlowLogs(ctx context.Context, r *Request, in *DescribeFlowLogsRequest) (*DescribeFlowLogsResult, error) {
	m, err := compileFilters(flowLogFilters, in.Filter)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 1, 1000)
	if err != nil {
		return nil, err
	}
	out := &DescribeFlowLogsResult{FlowLogs: []FlowLog{}}
	var last string
	err = control.DescribeFlowLogs(a.ctl.View(ctx), r.Scope, in.FlowLogIds, p.after, func(f *model.FlowLog) bool {
		if !m.match(f) {
			return true
		}
		if p.max > 0 && int32(len(out.FlowLogs)) == p.max {
			out.NextToken = token(last)
			return false
		}
		out.FlowLogs = append(out.FlowLogs, flowLogOut(f))
		last = f.ID
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func flowLogOut(f *model.FlowLog) FlowLog {
	interval := f.MaxAggregationInterval
	out := FlowLog{
		CreationTime:             timep(f.Created),
		DeliverLogsErrorMessage:  optStr(f.DeliverLogsErrorMessage),
		DeliverLogsPermissionArn: optStr(f.DeliverLogsPermissionArn),
		DeliverCrossAccountRole:  optStr(f.DeliverCrossAccountRole),
		DeliverLogsStatus:        str(f.DeliverLogsStatus),
		FlowLogId:                str(f.ID),
		FlowLogStatus:            str("ACTIVE"),
		LogGroupName:             optStr(f.LogGroupName),
		ResourceId:               str(f.ResourceID),
		TrafficType:              str(f.TrafficType),
		LogDestinationType:       str(f.LogDestinationType),
		LogDestination:           optStr(f.LogDestination),
		LogFormat:                str(f.LogFormat),
		Tags:                     tagSet(&f.Meta),
		MaxAggregationInterval:   &interval,
	}
	if f.LogDestinationType == control.DestinationS3 {
		out.DestinationOptions = &DestinationOptionsResponse{FileFormat: str(f.FileFormat),
			HiveCompatiblePartitions: boolp(f.HiveCompatiblePartitions), PerHourPartition: boolp(f.PerHourPartition)}
	}
	return out
}
