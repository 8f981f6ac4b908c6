package logs

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/logs"
	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) createLogGroup(ctx context.Context, c *protocol.Call, in *CreateLogGroupRequest) error {
	return h.svc.CreateLogGroup(ctx, scope(c), ctl.CreateGroupInput{Name: api.Str(in.LogGroupName), KmsKeyID: api.Str(in.KmsKeyId),
		Tags: in.Tags, Class: api.Str(in.LogGroupClass), DeletionProtection: in.DeletionProtectionEnabled != nil && *in.DeletionProtectionEnabled})
}

func (h *handlers) deleteLogGroup(ctx context.Context, c *protocol.Call, in *DeleteLogGroupRequest) error {
	return h.svc.DeleteLogGroup(ctx, scope(c), api.Str(in.LogGroupName))
}

func (h *handlers) describeLogGroups(_ context.Context, c *protocol.Call, in *DescribeLogGroupsRequest) (*DescribeLogGroupsResponse, error) {
	page, err := h.svc.DescribeLogGroups(scope(c), ctl.DescribeGroupsInput{Prefix: in.LogGroupNamePrefix, Pattern: in.LogGroupNamePattern,
		Class: in.LogGroupClass, Identifiers: in.LogGroupIdentifiers, NextToken: in.NextToken, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	out := &DescribeLogGroupsResponse{LogGroups: make([]LogGroup, 0, len(page.Groups)), NextToken: optString(page.NextToken)}
	for _, g := range page.Groups {
		out.LogGroups = append(out.LogGroups, logGroup(g))
	}
	return out, nil
}

func logGroup(v ctl.GroupView) LogGroup {
	g := v.LogGroup
	arn := mlogs.GroupARN(g.Region, g.Account, g.Name)
	lg := LogGroup{LogGroupName: ptr(g.Name), CreationTime: ptr(g.Created.UnixMilli()), Arn: ptr(arn + ":*")}
	if v.NameOnly {
		return lg
	}
	lg.LogGroupArn = ptr(arn)
	lg.MetricFilterCount = ptr(int32(v.MetricFilterCount))
	lg.StoredBytes = ptr(g.StoredBytes)
	lg.LogGroupClass = ptr(g.Class)
	lg.KmsKeyId = optString(g.KmsKeyID)
	lg.DeletionProtectionEnabled = ptr(g.DeletionProtection)
	if g.RetentionInDays > 0 {
		lg.RetentionInDays = ptr(g.RetentionInDays)
	}
	return lg
}

func (h *handlers) putRetentionPolicy(ctx context.Context, c *protocol.Call, in *PutRetentionPolicyRequest) error {
	return h.svc.PutRetentionPolicy(ctx, scope(c), api.Str(in.LogGroupName), *in.RetentionInDays)
}

func (h *handlers) deleteRetentionPolicy(ctx context.Context, c *protocol.Call, in *DeleteRetentionPolicyRequest) error {
	return h.svc.DeleteRetentionPolicy(ctx, scope(c), api.Str(in.LogGroupName))
}

func (h *handlers) putDeletionProtection(ctx context.Context, c *protocol.Call, in *PutLogGroupDeletionProtectionRequest) error {
	return h.svc.PutDeletionProtection(ctx, scope(c), api.Str(in.LogGroupIdentifier), *in.DeletionProtectionEnabled)
}

func (h *handlers) associateKmsKey(ctx context.Context, c *protocol.Call, in *AssociateKmsKeyRequest) error {
	return h.svc.AssociateKmsKey(ctx, scope(c), in.LogGroupName, in.ResourceIdentifier, api.Str(in.KmsKeyId))
}

func (h *handlers) disassociateKmsKey(ctx context.Context, c *protocol.Call, in *DisassociateKmsKeyRequest) error {
	return h.svc.DisassociateKmsKey(ctx, scope(c), in.LogGroupName, in.ResourceIdentifier)
}
