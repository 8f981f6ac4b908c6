package ram

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/ram"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) listResourceTypes(_ context.Context, _ *protocol.Call, in *ListResourceTypesRequest) (*ListResourceTypesResponse, error) {
	ts, next, err := h.svc.ListResourceTypes(page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	if api.Str(in.ResourceRegionScope) == "GLOBAL" {
		ts, next = nil, ""
	}
	out := &ListResourceTypesResponse{ResourceTypes: make([]ServiceNameAndResourceType, 0, len(ts)), NextToken: optString(next)}
	for _, t := range ts {
		out.ResourceTypes = append(out.ResourceTypes, ServiceNameAndResourceType{ResourceType: ptr(t.Type), ServiceName: ptr(t.Service), ResourceRegionScope: ptr("REGIONAL")})
	}
	return out, nil
}

func summaryOut(p ctl.Permission, status string) ResourceSharePermissionSummary {
	return ResourceSharePermissionSummary{Arn: ptr(p.Arn), Version: ptr("1"), DefaultVersion: ptr(true), Name: ptr(p.Name),
		ResourceType: ptr(p.ResourceType), Status: ptr(status), CreationTime: timep(p.Created), LastUpdatedTime: timep(p.Created),
		IsResourceTypeDefault: ptr(true), PermissionType: ptr("AWS_MANAGED"), FeatureSet: ptr("STANDARD"), Tags: []Tag{}}
}

func (h *handlers) listPermissions(_ context.Context, _ *protocol.Call, in *ListPermissionsRequest) (*ListPermissionsResponse, error) {
	ps, next, err := h.svc.ListPermissions(api.Str(in.ResourceType), api.Str(in.PermissionType), page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &ListPermissionsResponse{Permissions: make([]ResourceSharePermissionSummary, 0, len(ps)), NextToken: optString(next)}
	for _, p := range ps {
		out.Permissions = append(out.Permissions, summaryOut(p, "ATTACHABLE"))
	}
	return out, nil
}

func (h *handlers) getPermission(_ context.Context, _ *protocol.Call, in *GetPermissionRequest) (*GetPermissionResponse, error) {
	var v int32
	if in.PermissionVersion != nil {
		v = *in.PermissionVersion
	}
	p, err := h.svc.GetPermission(api.Str(in.PermissionArn), v)
	if err != nil {
		return nil, err
	}
	return &GetPermissionResponse{Permission: &ResourceSharePermissionDetail{Arn: ptr(p.Arn), Version: ptr("1"), DefaultVersion: ptr(true),
		Name: ptr(p.Name), ResourceType: ptr(p.ResourceType), Permission: ptr(p.Policy), CreationTime: timep(p.Created),
		LastUpdatedTime: timep(p.Created), IsResourceTypeDefault: ptr(true), PermissionType: ptr("AWS_MANAGED"),
		FeatureSet: ptr("STANDARD"), Status: ptr("ATTACHABLE"), Tags: []Tag{}}}, nil
}

func (h *handlers) listSharePermissions(ctx context.Context, c *protocol.Call, in *ListResourceSharePermissionsRequest) (*ListResourceSharePermissionsResponse, error) {
	ps, next, err := h.svc.ListResourceSharePermissions(ctx, api.Scope(c), api.Str(in.ResourceShareArn), page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &ListResourceSharePermissionsResponse{Permissions: make([]ResourceSharePermissionSummary, 0, len(ps)), NextToken: optString(next)}
	for _, p := range ps {
		s := summaryOut(p.Permission, "ASSOCIATED")
		s.LastUpdatedTime = timep(p.Added)
		out.Permissions = append(out.Permissions, s)
	}
	return out, nil
}

func (h *handlers) associatePermission(ctx context.Context, c *protocol.Call, in *AssociateResourceSharePermissionRequest) (*AssociateResourceSharePermissionResponse, error) {
	var v int32
	if in.PermissionVersion != nil {
		v = *in.PermissionVersion
	}
	err := h.svc.AssociateResourceSharePermission(ctx, api.Scope(c), api.Str(in.ResourceShareArn), api.Str(in.PermissionArn),
		in.Replace != nil && *in.Replace, v)
	if err != nil {
		return nil, err
	}
	return &AssociateResourceSharePermissionResponse{ReturnValue: ptr(true), ClientToken: in.ClientToken}, nil
}

func (h *handlers) disassociatePermission(ctx context.Context, c *protocol.Call, in *DisassociateResourceSharePermissionRequest) (*DisassociateResourceSharePermissionResponse, error) {
	if err := h.svc.DisassociateResourceSharePermission(ctx, api.Scope(c), api.Str(in.ResourceShareArn), api.Str(in.PermissionArn)); err != nil {
		return nil, err
	}
	return &DisassociateResourceSharePermissionResponse{ReturnValue: ptr(true), ClientToken: in.ClientToken}, nil
}
