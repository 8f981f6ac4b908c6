package directconnect

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/directconnect"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func gateway(g *dx.Gateway) *DirectConnectGateway {
	return &DirectConnectGateway{DirectConnectGatewayId: ptr(g.ID), DirectConnectGatewayName: ptr(g.Name), AmazonSideAsn: ptr(g.AmazonSideAsn),
		OwnerAccount: ptr(g.Account), DirectConnectGatewayState: ptr(g.State), Tags: tagsOut(g.Tags)}
}

func (h *handlers) createGateway(ctx context.Context, c *protocol.Call, in *CreateDirectConnectGatewayRequest) (*CreateDirectConnectGatewayResult, error) {
	tags, err := tagsIn(in.Tags)
	if err != nil {
		return nil, err
	}
	var asn int64
	if in.AmazonSideAsn != nil {
		asn = *in.AmazonSideAsn
	}
	g, err := h.svc.CreateGateway(ctx, api.Scope(c), api.Str(in.DirectConnectGatewayName), asn, tags)
	if err != nil {
		return nil, err
	}
	return &CreateDirectConnectGatewayResult{DirectConnectGateway: gateway(g)}, nil
}

func (h *handlers) describeGateways(ctx context.Context, c *protocol.Call, in *DescribeDirectConnectGatewaysRequest) (*DescribeDirectConnectGatewaysResult, error) {
	gs, next, err := h.svc.DescribeGateways(ctx, api.Scope(c), api.Str(in.DirectConnectGatewayId), page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &DescribeDirectConnectGatewaysResult{DirectConnectGateways: make([]DirectConnectGateway, 0, len(gs)), NextToken: optString(next)}
	for _, g := range gs {
		out.DirectConnectGateways = append(out.DirectConnectGateways, *gateway(g))
	}
	return out, nil
}

func (h *handlers) updateGateway(ctx context.Context, c *protocol.Call, in *UpdateDirectConnectGatewayRequest) (*UpdateDirectConnectGatewayResponse, error) {
	g, err := h.svc.UpdateGateway(ctx, api.Scope(c), api.Str(in.DirectConnectGatewayId), api.Str(in.NewDirectConnectGatewayName))
	if err != nil {
		return nil, err
	}
	return &UpdateDirectConnectGatewayResponse{DirectConnectGateway: gateway(g)}, nil
}

func (h *handlers) deleteGateway(ctx context.Context, c *protocol.Call, in *DeleteDirectConnectGatewayRequest) (*DeleteDirectConnectGatewayResult, error) {
	g, err := h.svc.DeleteGateway(ctx, api.Scope(c), api.Str(in.DirectConnectGatewayId))
	if err != nil {
		return nil, err
	}
	return &DeleteDirectConnectGatewayResult{DirectConnectGateway: gateway(g)}, nil
}

func association(a *dx.Association) *DirectConnectGatewayAssociation {
	out := &DirectConnectGatewayAssociation{
		DirectConnectGatewayId:                ptr(a.GatewayID),
		DirectConnectGatewayOwnerAccount:      ptr(a.GatewayOwner),
		AssociationState:                      ptr(a.State),
		AssociationId:                         ptr(a.ID),
		AssociatedGateway:                     &AssociatedGateway{Id: ptr(a.AssociatedID), Type: ptr(a.AssociatedType), OwnerAccount: ptr(a.Account), Region: ptr(a.Region)},
		AllowedPrefixesToDirectConnectGateway: prefixesOut(a.AllowedPrefixes),
	}
	if a.AssociatedType == dx.GatewayTypeVGW {
		out.VirtualGatewayId, out.VirtualGatewayRegion, out.VirtualGatewayOwnerAccount = ptr(a.AssociatedID), ptr(a.Region), ptr(a.Account)
	}
	return out
}

func (h *handlers) createAssociation(ctx context.Context, c *protocol.Call, in *CreateDirectConnectGatewayAssociationRequest) (*CreateDirectConnectGatewayAssociationResult, error) {
	gw := api.Str(in.GatewayId)
	if gw == "" {
		gw = api.Str(in.VirtualGatewayId)
	}
	a, err := h.svc.CreateAssociation(ctx, api.Scope(c), api.Str(in.DirectConnectGatewayId), gw, prefixesIn(in.AddAllowedPrefixesToDirectConnectGateway))
	if err != nil {
		return nil, err
	}
	return &CreateDirectConnectGatewayAssociationResult{DirectConnectGatewayAssociation: association(a)}, nil
}

func (h *handlers) updateAssociation(ctx context.Context, c *protocol.Call, in *UpdateDirectConnectGatewayAssociationRequest) (*UpdateDirectConnectGatewayAssociationResult, error) {
	a, err := h.svc.UpdateAssociation(ctx, api.Scope(c), api.Str(in.AssociationId),
		prefixesIn(in.AddAllowedPrefixesToDirectConnectGateway), prefixesIn(in.RemoveAllowedPrefixesToDirectConnectGateway))
	if err != nil {
		return nil, err
	}
	return &UpdateDirectConnectGatewayAssociationResult{DirectConnectGatewayAssociation: association(a)}, nil
}

func (h *handlers) describeAssociations(ctx context.Context, c *protocol.Call, in *DescribeDirectConnectGatewayAssociationsRequest) (*DescribeDirectConnectGatewayAssociationsResult, error) {
	as, next, err := h.svc.DescribeAssociations(ctx, api.Scope(c), ctl.AssociationFilter{AssociationID: api.Str(in.AssociationId),
		AssociatedGatewayID: api.Str(in.AssociatedGatewayId), GatewayID: api.Str(in.DirectConnectGatewayId), VirtualGatewayID: api.Str(in.VirtualGatewayId)},
		page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &DescribeDirectConnectGatewayAssociationsResult{DirectConnectGatewayAssociations: make([]DirectConnectGatewayAssociation, 0, len(as)), NextToken: optString(next)}
	for _, a := range as {
		out.DirectConnectGatewayAssociations = append(out.DirectConnectGatewayAssociations, *association(a))
	}
	return out, nil
}

func (h *handlers) deleteAssociation(ctx context.Context, c *protocol.Call, in *DeleteDirectConnectGatewayAssociationRequest) (*DeleteDirectConnectGatewayAssociationResult, error) {
	a, err := h.svc.DeleteAssociation(ctx, api.Scope(c), api.Str(in.AssociationId), api.Str(in.DirectConnectGatewayId), api.Str(in.VirtualGatewayId))
	if err != nil {
		return nil, err
	}
	return &DeleteDirectConnectGatewayAssociationResult{DirectConnectGatewayAssociation: association(a)}, nil
}

func (h *handlers) describeAttachments(ctx context.Context, c *protocol.Call, in *DescribeDirectConnectGatewayAttachmentsRequest) (*DescribeDirectConnectGatewayAttachmentsResult, error) {
	as, next, err := h.svc.DescribeGatewayAttachments(ctx, api.Scope(c), api.Str(in.DirectConnectGatewayId), api.Str(in.VirtualInterfaceId), page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &DescribeDirectConnectGatewayAttachmentsResult{DirectConnectGatewayAttachments: make([]DirectConnectGatewayAttachment, 0, len(as)), NextToken: optString(next)}
	for _, a := range as {
		typ := "PrivateVirtualInterface"
		if a.Vif.Type == dx.VifTransit {
			typ = "TransitVirtualInterface"
		}
		state := "attached"
		if a.Vif.State == dx.VifConfirming {
			state = "attaching"
		}
		out.DirectConnectGatewayAttachments = append(out.DirectConnectGatewayAttachments, DirectConnectGatewayAttachment{
			DirectConnectGatewayId: ptr(a.GatewayID), VirtualInterfaceId: ptr(a.Vif.ID), VirtualInterfaceRegion: ptr(a.Vif.Region),
			VirtualInterfaceOwnerAccount: ptr(a.Vif.Account), AttachmentState: ptr(state), AttachmentType: ptr(typ)})
	}
	return out, nil
}

func (h *handlers) tagResource(ctx context.Context, c *protocol.Call, in *TagResourceRequest) (*TagResourceResponse, error) {
	tags, err := tagsIn(in.Tags)
	if err != nil {
		return nil, err
	}
	if err := h.svc.TagResource(ctx, api.Scope(c), api.Str(in.ResourceArn), tags); err != nil {
		return nil, err
	}
	return &TagResourceResponse{}, nil
}

func (h *handlers) untagResource(ctx context.Context, c *protocol.Call, in *UntagResourceRequest) (*UntagResourceResponse, error) {
	if err := h.svc.UntagResource(ctx, api.Scope(c), api.Str(in.ResourceArn), in.TagKeys); err != nil {
		return nil, err
	}
	return &UntagResourceResponse{}, nil
}

func (h *handlers) describeTags(ctx context.Context, c *protocol.Call, in *DescribeTagsRequest) (*DescribeTagsResponse, error) {
	rts, err := h.svc.DescribeTags(ctx, api.Scope(c), in.ResourceArns)
	if err != nil {
		return nil, err
	}
	out := &DescribeTagsResponse{ResourceTags: make([]ResourceTag, 0, len(rts))}
	for _, rt := range rts {
		tags := tagsOut(rt.Tags)
		if tags == nil {
			tags = []Tag{}
		}
		out.ResourceTags = append(out.ResourceTags, ResourceTag{ResourceArn: ptr(rt.ARN), Tags: tags})
	}
	return out, nil
}
