package iam

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	iamctl "github.com/vpcsim/vpcsim/internal/control/iam"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) roles(r *api.Router) {
	api.Handle(r, "CreateRole", h.createRole)
	api.Handle(r, "GetRole", h.getRole)
	api.Handle(r, "ListRoles", h.listRoles)
	api.Handle(r, "UpdateRole", h.updateRole)
	api.Handle(r, "UpdateRoleDescription", h.updateRoleDescription)
	api.HandleNoOutput(r, "UpdateAssumeRolePolicy", h.updateAssumeRolePolicy)
	api.HandleNoOutput(r, "DeleteRole", h.deleteRole)
	api.HandleNoOutput(r, "TagRole", h.tagRole)
	api.HandleNoOutput(r, "UntagRole", h.untagRole)
	api.Handle(r, "ListRoleTags", h.listRoleTags)
	api.HandleNoOutput(r, "PutRolePermissionsBoundary", h.putRolePermissionsBoundary)
	api.HandleNoOutput(r, "DeleteRolePermissionsBoundary", h.deleteRolePermissionsBoundary)
}

func (h *handlers) createRole(ctx context.Context, c *protocol.Call, in *CreateRoleRequest) (*CreateRoleResponse, error) {
	ri := iamctl.RoleInput{Account: c.Account, Name: api.Str(in.RoleName), Path: api.Str(in.Path),
		TrustPolicy: api.Str(in.AssumeRolePolicyDocument), Description: api.Str(in.Description),
		PermissionsBoundary: api.Str(in.PermissionsBoundary), Tags: tagsIn(in.Tags)}
	if in.MaxSessionDuration != nil {
		ri.MaxSessionDuration = *in.MaxSessionDuration
	}
	role, err := h.ctl.CreateRole(ctx, ri)
	if err != nil {
		return nil, err
	}
	out := roleOut(role, roleFull)
	out.RoleLastUsed = nil
	return &CreateRoleResponse{Role: &out}, nil
}

func (h *handlers) getRole(_ context.Context, c *protocol.Call, in *GetRoleRequest) (*GetRoleResponse, error) {
	role, err := h.ctl.GetRole(c.Account, api.Str(in.RoleName))
	if err != nil {
		return nil, err
	}
	out := roleOut(role, roleFull)
	return &GetRoleResponse{Role: &out}, nil
}

func (h *handlers) listRoles(_ context.Context, c *protocol.Call, in *ListRolesRequest) (*ListRolesResponse, error) {
	roles, pg, err := h.ctl.ListRoles(c.Account, api.Str(in.PathPrefix), page(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &ListRolesResponse{Roles: make([]Role, len(roles))}
	for i, r := range roles {
		out.Roles[i] = roleOut(r, roleList)
	}
	out.IsTruncated, out.Marker = paged(pg)
	return out, nil
}

func (h *handlers) updateRole(ctx context.Context, c *protocol.Call, in *UpdateRoleRequest) (*UpdateRoleResponse, error) {
	if _, err := h.ctl.UpdateRole(ctx, c.Account, api.Str(in.RoleName), in.Description, in.MaxSessionDuration); err != nil {
		return nil, err
	}
	return &UpdateRoleResponse{}, nil
}

func (h *handlers) updateRoleDescription(ctx context.Context, c *protocol.Call, in *UpdateRoleDescriptionRequest) (*UpdateRoleDescriptionResponse, error) {
	role, err := h.ctl.UpdateRole(ctx, c.Account, api.Str(in.RoleName), in.Description, nil)
	if err != nil {
		return nil, err
	}
	out := roleOut(role, roleFull)
	return &UpdateRoleDescriptionResponse{Role: &out}, nil
}

func (h *handlers) updateAssumeRolePolicy(ctx context.Context, c *protocol.Call, in *UpdateAssumeRolePolicyRequest) error {
	return h.ctl.UpdateAssumeRolePolicy(ctx, c.Account, api.Str(in.RoleName), api.Str(in.PolicyDocument))
}

func (h *handlers) deleteRole(ctx context.Context, c *protocol.Call, in *DeleteRoleRequest) error {
	return h.ctl.DeleteRole(ctx, c.Account, api.Str(in.RoleName))
}

func (h *handlers) tagRole(ctx context.Context, c *protocol.Call, in *TagRoleRequest) error {
	return h.ctl.TagRole(ctx, c.Account, api.Str(in.RoleName), tagsIn(in.Tags))
}

func (h *handlers) untagRole(ctx context.Context, c *protocol.Call, in *UntagRoleRequest) error {
	return h.ctl.UntagRole(ctx, c.Account, api.Str(in.RoleName), in.TagKeys)
}

func (h *handlers) listRoleTags(_ context.Context, c *protocol.Call, in *ListRoleTagsRequest) (*ListRoleTagsResponse, error) {
	tags, pg, err := h.ctl.ListRoleTags(c.Account, api.Str(in.RoleName), page(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &ListRoleTagsResponse{Tags: tagsOut(tags)}
	if out.Tags == nil {
		out.Tags = []Tag{}
	}
	out.IsTruncated, out.Marker = paged(pg)
	return out, nil
}

func (h *handlers) putRolePermissionsBoundary(ctx context.Context, c *protocol.Call, in *PutRolePermissionsBoundaryRequest) error {
	return h.ctl.PutRolePermissionsBoundary(ctx, c.Account, api.Str(in.RoleName), api.Str(in.PermissionsBoundary))
}

func (h *handlers) deleteRolePermissionsBoundary(ctx context.Context, c *protocol.Call, in *DeleteRolePermissionsBoundaryRequest) error {
	return h.ctl.DeleteRolePermissionsBoundary(ctx, c.Account, api.Str(in.RoleName))
}
