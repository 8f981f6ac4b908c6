package iam

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	iamctl "github.com/vpcsim/vpcsim/internal/control/iam"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) instanceProfiles(r *api.Router) {
	api.Handle(r, "CreateInstanceProfile", h.createInstanceProfile)
	api.Handle(r, "GetInstanceProfile", h.getInstanceProfile)
	api.Handle(r, "ListInstanceProfiles", h.listInstanceProfiles)
	api.HandleNoOutput(r, "DeleteInstanceProfile", h.deleteInstanceProfile)
	api.HandleNoOutput(r, "AddRoleToInstanceProfile", h.addRoleToInstanceProfile)
	api.HandleNoOutput(r, "RemoveRoleFromInstanceProfile", h.removeRoleFromInstanceProfile)
	api.Handle(r, "ListInstanceProfilesForRole", h.listInstanceProfilesForRole)
	api.HandleNoOutput(r, "TagInstanceProfile", h.tagInstanceProfile)
	api.HandleNoOutput(r, "UntagInstanceProfile", h.untagInstanceProfile)
	api.Handle(r, "ListInstanceProfileTags", h.listInstanceProfileTags)
}

func (h *handlers) createInstanceProfile(ctx context.Context, c *protocol.Call, in *CreateInstanceProfileRequest) (*CreateInstanceProfileResponse, error) {
	p, err := h.ctl.CreateInstanceProfile(ctx, c.Account, api.Str(in.InstanceProfileName), api.Str(in.Path), tagsIn(in.Tags))
	if err != nil {
		return nil, err
	}
	out := profileOut(p)
	return &CreateInstanceProfileResponse{InstanceProfile: &out}, nil
}

func (h *handlers) getInstanceProfile(_ context.Context, c *protocol.Call, in *GetInstanceProfileRequest) (*GetInstanceProfileResponse, error) {
	p, err := h.ctl.GetInstanceProfile(c.Account, api.Str(in.InstanceProfileName))
	if err != nil {
		return nil, err
	}
	out := profileOut(p)
	return &GetInstanceProfileResponse{InstanceProfile: &out}, nil
}

func profilesOut(ps []iamctl.ProfileView) []InstanceProfile {
	out := make([]InstanceProfile, len(ps))
	for i, p := range ps {
		out[i] = profileOut(p)
	}
	return out
}

func (h *handlers) listInstanceProfiles(_ context.Context, c *protocol.Call, in *ListInstanceProfilesRequest) (*ListInstanceProfilesResponse, error) {
	ps, pg, err := h.ctl.ListInstanceProfiles(c.Account, api.Str(in.PathPrefix), page(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &ListInstanceProfilesResponse{InstanceProfiles: profilesOut(ps)}
	out.IsTruncated, out.Marker = paged(pg)
	return out, nil
}

func (h *handlers) deleteInstanceProfile(ctx context.Context, c *protocol.Call, in *DeleteInstanceProfileRequest) error {
	return h.ctl.DeleteInstanceProfile(ctx, c.Account, api.Str(in.InstanceProfileName))
}

func (h *handlers) addRoleToInstanceProfile(ctx context.Context, c *protocol.Call, in *AddRoleToInstanceProfileRequest) error {
	return h.ctl.AddRoleToInstanceProfile(ctx, c.Account, api.Str(in.InstanceProfileName), api.Str(in.RoleName))
}

func (h *handlers) removeRoleFromInstanceProfile(ctx context.Context, c *protocol.Call, in *RemoveRoleFromInstanceProfileRequest) error {
	return h.ctl.RemoveRoleFromInstanceProfile(ctx, c.Account, api.Str(in.InstanceProfileName), api.Str(in.RoleName))
}

func (h *handlers) listInstanceProfilesForRole(_ context.Context, c *protocol.Call, in *ListInstanceProfilesForRoleRequest) (*ListInstanceProfilesForRoleResponse, error) {
	ps, pg, err := h.ctl.ListInstanceProfilesForRole(c.Account, api.Str(in.RoleName), page(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &ListInstanceProfilesForRoleResponse{InstanceProfiles: profilesOut(ps)}
	out.IsTruncated, out.Marker = paged(pg)
	return out, nil
}

func (h *handlers) tagInstanceProfile(ctx context.Context, c *protocol.Call, in *TagInstanceProfileRequest) error {
	return h.ctl.TagInstanceProfile(ctx, c.Account, api.Str(in.InstanceProfileName), tagsIn(in.Tags))
}

func (h *handlers) untagInstanceProfile(ctx context.Context, c *protocol.Call, in *UntagInstanceProfileRequest) error {
	return h.ctl.UntagInstanceProfile(ctx, c.Account, api.Str(in.InstanceProfileName), in.TagKeys)
}

func (h *handlers) listInstanceProfileTags(_ context.Context, c *protocol.Call, in *ListInstanceProfileTagsRequest) (*ListInstanceProfileTagsResponse, error) {
	tags, pg, err := h.ctl.ListInstanceProfileTags(c.Account, api.Str(in.InstanceProfileName), page(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &ListInstanceProfileTagsResponse{Tags: tagsOut(tags)}
	if out.Tags == nil {
		out.Tags = []Tag{}
	}
	out.IsTruncated, out.Marker = paged(pg)
	return out, nil
}
