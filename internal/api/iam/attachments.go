package iam

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) attachments(r *api.Router) {
	api.HandleNoOutput(r, "AttachRolePolicy", h.attachRolePolicy)
	api.HandleNoOutput(r, "DetachRolePolicy", h.detachRolePolicy)
	api.Handle(r, "ListAttachedRolePolicies", h.listAttachedRolePolicies)
	api.HandleNoOutput(r, "PutRolePolicy", h.putRolePolicy)
	api.Handle(r, "GetRolePolicy", h.getRolePolicy)
	api.HandleNoOutput(r, "DeleteRolePolicy", h.deleteRolePolicy)
	api.Handle(r, "ListRolePolicies", h.listRolePolicies)
}

func (h *handlers) attachRolePolicy(ctx context.Context, c *protocol.Call, in *AttachRolePolicyRequest) error {
	return h.ctl.AttachRolePolicy(ctx, c.Account, api.Str(in.RoleName), api.Str(in.PolicyArn))
}

func (h *handlers) detachRolePolicy(ctx context.Context, c *protocol.Call, in *DetachRolePolicyRequest) error {
	return h.ctl.DetachRolePolicy(ctx, c.Account, api.Str(in.RoleName), api.Str(in.PolicyArn))
}

func (h *handlers) listAttachedRolePolicies(_ context.Context, c *protocol.Call, in *ListAttachedRolePoliciesRequest) (*ListAttachedRolePoliciesResponse, error) {
	ps, pg, err := h.ctl.ListAttachedRolePolicies(c.Account, api.Str(in.RoleName), api.Str(in.PathPrefix), page(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &ListAttachedRolePoliciesResponse{AttachedPolicies: make([]AttachedPolicy, len(ps))}
	for i, p := range ps {
		out.AttachedPolicies[i] = AttachedPolicy{PolicyName: ptr(p.Name), PolicyArn: ptr(p.ARN)}
	}
	out.IsTruncated, out.Marker = paged(pg)
	return out, nil
}

func (h *handlers) putRolePolicy(ctx context.Context, c *protocol.Call, in *PutRolePolicyRequest) error {
	return h.ctl.PutRolePolicy(ctx, c.Account, api.Str(in.RoleName), api.Str(in.PolicyName), api.Str(in.PolicyDocument))
}

func (h *handlers) getRolePolicy(_ context.Context, c *protocol.Call, in *GetRolePolicyRequest) (*GetRolePolicyResponse, error) {
	doc, err := h.ctl.GetRolePolicy(c.Account, api.Str(in.RoleName), api.Str(in.PolicyName))
	if err != nil {
		return nil, err
	}
	return &GetRolePolicyResponse{RoleName: in.RoleName, PolicyName: in.PolicyName, PolicyDocument: ptr(encodeDocument(doc))}, nil
}

func (h *handlers) deleteRolePolicy(ctx context.Context, c *protocol.Call, in *DeleteRolePolicyRequest) error {
	return h.ctl.DeleteRolePolicy(ctx, c.Account, api.Str(in.RoleName), api.Str(in.PolicyName))
}

func (h *handlers) listRolePolicies(_ context.Context, c *protocol.Call, in *ListRolePoliciesRequest) (*ListRolePoliciesResponse, error) {
	names, pg, err := h.ctl.ListRolePolicies(c.Account, api.Str(in.RoleName), page(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &ListRolePoliciesResponse{PolicyNames: names}
	if out.PolicyNames == nil {
		out.PolicyNames = []string{}
	}
	out.IsTruncated, out.Marker = paged(pg)
	return out, nil
}
