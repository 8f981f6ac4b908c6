package ram

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/ram"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) createShare(ctx context.Context, c *protocol.Call, in *CreateResourceShareRequest) (*CreateResourceShareResponse, error) {
	tags, err := tagsIn(in.Tags)
	if err != nil {
		return nil, err
	}
	if len(in.Sources) > 0 {
		return nil, invalidParam("sources applies to service principals, which vpcsim's shareable resource types do not take.")
	}
	sh, err := h.svc.CreateResourceShare(ctx, api.Scope(c), ctl.CreateShareInput{Name: api.Str(in.Name), ResourceArns: in.ResourceArns,
		Principals: in.Principals, PermissionArns: in.PermissionArns, Tags: tags, AllowExternalPrincipals: in.AllowExternalPrincipals,
		ClientToken: api.Str(in.ClientToken)})
	if err != nil {
		return nil, err
	}
	return &CreateResourceShareResponse{ResourceShare: shareOut(sh), ClientToken: in.ClientToken}, nil
}

func (h *handlers) getShares(ctx context.Context, c *protocol.Call, in *GetResourceSharesRequest) (*GetResourceSharesResponse, error) {
	tf := map[string][]string{}
	for _, f := range in.TagFilters {
		tf[api.Str(f.TagKey)] = f.TagValues
	}
	shs, next, err := h.svc.GetResourceShares(ctx, api.Scope(c), ctl.SharesInput{Arns: in.ResourceShareArns, Status: api.Str(in.ResourceShareStatus),
		OtherAccounts: api.Str(in.ResourceOwner) == "OTHER-ACCOUNTS", Name: api.Str(in.Name), TagFilters: tf,
		PermissionArn: api.Str(in.PermissionArn), Page: page(in.MaxResults, in.NextToken)})
	if err != nil {
		return nil, err
	}
	out := &GetResourceSharesResponse{ResourceShares: make([]ResourceShare, 0, len(shs)), NextToken: optString(next)}
	for _, sh := range shs {
		out.ResourceShares = append(out.ResourceShares, *shareOut(sh))
	}
	return out, nil
}

func (h *handlers) updateShare(ctx context.Context, c *protocol.Call, in *UpdateResourceShareRequest) (*UpdateResourceShareResponse, error) {
	sh, err := h.svc.UpdateResourceShare(ctx, api.Scope(c), api.Str(in.ResourceShareArn), in.Name, in.AllowExternalPrincipals)
	if err != nil {
		return nil, err
	}
	return &UpdateResourceShareResponse{ResourceShare: shareOut(sh), ClientToken: in.ClientToken}, nil
}

func (h *handlers) deleteShare(ctx context.Context, c *protocol.Call, in *DeleteResourceShareRequest) (*DeleteResourceShareResponse, error) {
	if err := h.svc.DeleteResourceShare(ctx, api.Scope(c), api.Str(in.ResourceShareArn)); err != nil {
		return nil, err
	}
	return &DeleteResourceShareResponse{ReturnValue: ptr(true), ClientToken: in.ClientToken}, nil
}

func (h *handlers) associate(ctx context.Context, c *protocol.Call, in *AssociateResourceShareRequest) (*AssociateResourceShareResponse, error) {
	if len(in.Sources) > 0 {
		return nil, invalidParam("sources applies to service principals, which vpcsim's shareable resource types do not take.")
	}
	vs, err := h.svc.AssociateResourceShare(ctx, api.Scope(c), api.Str(in.ResourceShareArn), in.ResourceArns, in.Principals)
	if err != nil {
		return nil, err
	}
	return &AssociateResourceShareResponse{ResourceShareAssociations: associationsOut(vs), ClientToken: in.ClientToken}, nil
}

func (h *handlers) disassociate(ctx context.Context, c *protocol.Call, in *DisassociateResourceShareRequest) (*DisassociateResourceShareResponse, error) {
	if len(in.Sources) > 0 {
		return nil, invalidParam("sources applies to service principals, which vpcsim's shareable resource types do not take.")
	}
	vs, err := h.svc.DisassociateResourceShare(ctx, api.Scope(c), api.Str(in.ResourceShareArn), in.ResourceArns, in.Principals)
	if err != nil {
		return nil, err
	}
	return &DisassociateResourceShareResponse{ResourceShareAssociations: associationsOut(vs), ClientToken: in.ClientToken}, nil
}

func (h *handlers) getAssociations(ctx context.Context, c *protocol.Call, in *GetResourceShareAssociationsRequest) (*GetResourceShareAssociationsResponse, error) {
	vs, next, err := h.svc.GetResourceShareAssociations(ctx, api.Scope(c), ctl.AssociationsInput{Type: api.Str(in.AssociationType),
		ShareArns: in.ResourceShareArns, ResourceArn: api.Str(in.ResourceArn), Principal: api.Str(in.Principal),
		Status: api.Str(in.AssociationStatus), Page: page(in.MaxResults, in.NextToken)})
	if err != nil {
		return nil, err
	}
	return &GetResourceShareAssociationsResponse{ResourceShareAssociations: associationsOut(vs), NextToken: optString(next)}, nil
}
