package iam

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	iamctl "github.com/vpcsim/vpcsim/internal/control/iam"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) policies(r *api.Router) {
	api.Handle(r, "CreatePolicy", h.createPolicy)
	api.Handle(r, "GetPolicy", h.getPolicy)
	api.Handle(r, "ListPolicies", h.listPolicies)
	api.HandleNoOutput(r, "DeletePolicy", h.deletePolicy)
	api.Handle(r, "CreatePolicyVersion", h.createPolicyVersion)
	api.Handle(r, "GetPolicyVersion", h.getPolicyVersion)
	api.Handle(r, "ListPolicyVersions", h.listPolicyVersions)
	api.HandleNoOutput(r, "DeletePolicyVersion", h.deletePolicyVersion)
	api.HandleNoOutput(r, "SetDefaultPolicyVersion", h.setDefaultPolicyVersion)
	api.HandleNoOutput(r, "TagPolicy", h.tagPolicy)
	api.HandleNoOutput(r, "UntagPolicy", h.untagPolicy)
	api.Handle(r, "ListPolicyTags", h.listPolicyTags)
}

func (h *handlers) createPolicy(ctx context.Context, c *protocol.Call, in *CreatePolicyRequest) (*CreatePolicyResponse, error) {
	p, err := h.ctl.CreatePolicy(ctx, iamctl.PolicyInput{Account: c.Account, Name: api.Str(in.PolicyName), Path: api.Str(in.Path),
		Document: api.Str(in.PolicyDocument), Description: api.Str(in.Description), Tags: tagsIn(in.Tags)})
	if err != nil {
		return nil, err
	}
	return &CreatePolicyResponse{Policy: policyOut(p, true)}, nil
}

func (h *handlers) getPolicy(_ context.Context, c *protocol.Call, in *GetPolicyRequest) (*GetPolicyResponse, error) {
	p, err := h.ctl.GetPolicy(c.Account, api.Str(in.PolicyArn))
	if err != nil {
		return nil, err
	}
	return &GetPolicyResponse{Policy: policyOut(p, true)}, nil
}

func (h *handlers) listPolicies(_ context.Context, c *protocol.Call, in *ListPoliciesRequest) (*ListPoliciesResponse, error) {
	f := iamctl.PolicyFilter{Scope: api.Str(in.Scope), PathPrefix: api.Str(in.PathPrefix), Usage: api.Str(in.PolicyUsageFilter)}
	if in.OnlyAttached != nil {
		f.OnlyAttached = *in.OnlyAttached
	}
	ps, pg, err := h.ctl.ListPolicies(c.Account, f, page(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &ListPoliciesResponse{Policies: make([]Policy, len(ps))}
	for i, p := range ps {
		// ListPolicies does not return tags ("To view the tag information
		// for a managed policy, see ListPolicyTags").
		out.Policies[i] = *policyOut(p, false)
	}
	out.IsTruncated, out.Marker = paged(pg)
	return out, nil
}

func (h *handlers) deletePolicy(ctx context.Context, c *protocol.Call, in *DeletePolicyRequest) error {
	return h.ctl.DeletePolicy(ctx, c.Account, api.Str(in.PolicyArn))
}

func (h *handlers) createPolicyVersion(ctx context.Context, c *protocol.Call, in *CreatePolicyVersionRequest) (*CreatePolicyVersionResponse, error) {
	setDefault := in.SetAsDefault != nil && *in.SetAsDefault
	v, err := h.ctl.CreatePolicyVersion(ctx, c.Account, api.Str(in.PolicyArn), api.Str(in.PolicyDocument), setDefault)
	if err != nil {
		return nil, err
	}
	out := versionOut(v, setDefault, false)
	return &CreatePolicyVersionResponse{PolicyVersion: &out}, nil
}

func (h *handlers) getPolicyVersion(_ context.Context, c *protocol.Call, in *GetPolicyVersionRequest) (*GetPolicyVersionResponse, error) {
	v, isDefault, err := h.ctl.GetPolicyVersion(c.Account, api.Str(in.PolicyArn), api.Str(in.VersionId))
	if err != nil {
		return nil, err
	}
	out := versionOut(v, isDefault, true)
	return &GetPolicyVersionResponse{PolicyVersion: &out}, nil
}

func (h *handlers) listPolicyVersions(_ context.Context, c *protocol.Call, in *ListPolicyVersionsRequest) (*ListPolicyVersionsResponse, error) {
	vs, def, pg, err := h.ctl.ListPolicyVersions(c.Account, api.Str(in.PolicyArn), page(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &ListPolicyVersionsResponse{Versions: make([]PolicyVersion, len(vs))}
	for i, v := range vs {
		out.Versions[i] = versionOut(v, v.ID == def, false)
	}
	out.IsTruncated, out.Marker = paged(pg)
	return out, nil
}

func (h *handlers) deletePolicyVersion(ctx context.Context, c *protocol.Call, in *DeletePolicyVersionRequest) error {
	return h.ctl.DeletePolicyVersion(ctx, c.Account, api.Str(in.PolicyArn), api.Str(in.VersionId))
}

func (h *handlers) setDefaultPolicyVersion(ctx context.Context, c *protocol.Call, in *SetDefaultPolicyVersionRequest) error {
	return h.ctl.SetDefaultPolicyVersion(ctx, c.Account, api.Str(in.PolicyArn), api.Str(in.VersionId))
}

func (h *handlers) tagPolicy(ctx context.Context, c *protocol.Call, in *TagPolicyRequest) error {
	return h.ctl.TagPolicy(ctx, c.Account, api.Str(in.PolicyArn), tagsIn(in.Tags))
}

func (h *handlers) untagPolicy(ctx context.Context, c *protocol.Call, in *UntagPolicyRequest) error {
	return h.ctl.UntagPolicy(ctx, c.Account, api.Str(in.PolicyArn), in.TagKeys)
}

func (h *handlers) listPolicyTags(_ context.Context, c *protocol.Call, in *ListPolicyTagsRequest) (*ListPolicyTagsResponse, error) {
	tags, pg, err := h.ctl.ListPolicyTags(c.Account, api.Str(in.PolicyArn), page(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &ListPolicyTagsResponse{Tags: tagsOut(tags)}
	if out.Tags == nil {
		out.Tags = []Tag{}
	}
	out.IsTruncated, out.Marker = paged(pg)
	return out, nil
}
