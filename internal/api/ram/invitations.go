package ram

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/awserr"
	ctl "github.com/vpcsim/vpcsim/internal/control/ram"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func invalidParam(msg string) *awserr.Error {
	return awserr.New("InvalidParameterException", "%s", msg)
}

func invitationOut(v ctl.InvitationView) *ResourceShareInvitation {
	return &ResourceShareInvitation{
		ResourceShareInvitationArn: ptr(v.ID),
		ResourceShareName:          ptr(v.ShareName),
		ResourceShareArn:           ptr(v.ShareArn),
		SenderAccountId:            ptr(v.Account),
		ReceiverAccountId:          ptr(v.Receiver),
		InvitationTimestamp:        timep(v.Created),
		Status:                     ptr(v.Status),
	}
}

func (h *handlers) getInvitations(ctx context.Context, c *protocol.Call, in *GetResourceShareInvitationsRequest) (*GetResourceShareInvitationsResponse, error) {
	vs, next, err := h.svc.GetResourceShareInvitations(ctx, api.Scope(c), in.ResourceShareInvitationArns, in.ResourceShareArns, page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &GetResourceShareInvitationsResponse{ResourceShareInvitations: make([]ResourceShareInvitation, 0, len(vs)), NextToken: optString(next)}
	for _, v := range vs {
		out.ResourceShareInvitations = append(out.ResourceShareInvitations, *invitationOut(v))
	}
	return out, nil
}

func (h *handlers) acceptInvitation(ctx context.Context, c *protocol.Call, in *AcceptResourceShareInvitationRequest) (*AcceptResourceShareInvitationResponse, error) {
	v, err := h.svc.AcceptResourceShareInvitation(ctx, api.Scope(c), api.Str(in.ResourceShareInvitationArn))
	if err != nil {
		return nil, err
	}
	return &AcceptResourceShareInvitationResponse{ResourceShareInvitation: invitationOut(v), ClientToken: in.ClientToken}, nil
}

func (h *handlers) rejectInvitation(ctx context.Context, c *protocol.Call, in *RejectResourceShareInvitationRequest) (*RejectResourceShareInvitationResponse, error) {
	v, err := h.svc.RejectResourceShareInvitation(ctx, api.Scope(c), api.Str(in.ResourceShareInvitationArn))
	if err != nil {
		return nil, err
	}
	return &RejectResourceShareInvitationResponse{ResourceShareInvitation: invitationOut(v), ClientToken: in.ClientToken}, nil
}

func resourcesOut(vs []ctl.ResourceView) []Resource {
	out := make([]Resource, 0, len(vs))
	for _, v := range vs {
		out = append(out, Resource{Arn: ptr(v.Entity), Type: ptr(v.ResourceType), ResourceShareArn: ptr(v.ShareArn),
			Status: ptr("AVAILABLE"), CreationTime: timep(v.Created), LastUpdatedTime: timep(v.Updated), ResourceRegionScope: ptr("REGIONAL")})
	}
	return out
}

func (h *handlers) listPendingResources(ctx context.Context, c *protocol.Call, in *ListPendingInvitationResourcesRequest) (*ListPendingInvitationResourcesResponse, error) {
	vs, next, err := h.svc.ListPendingInvitationResources(ctx, api.Scope(c), api.Str(in.ResourceShareInvitationArn), page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	if api.Str(in.ResourceRegionScope) == "GLOBAL" {
		vs = nil
	}
	return &ListPendingInvitationResourcesResponse{Resources: resourcesOut(vs), NextToken: optString(next)}, nil
}

func (h *handlers) listResources(ctx context.Context, c *protocol.Call, in *ListResourcesRequest) (*ListResourcesResponse, error) {
	vs, next, err := h.svc.ListResources(ctx, api.Scope(c), ctl.ListInput{OtherAccounts: api.Str(in.ResourceOwner) == "OTHER-ACCOUNTS",
		Principal: api.Str(in.Principal), ResourceType: api.Str(in.ResourceType), ResourceArns: in.ResourceArns,
		ShareArns: in.ResourceShareArns, Page: page(in.MaxResults, in.NextToken)})
	if err != nil {
		return nil, err
	}
	if api.Str(in.ResourceRegionScope) == "GLOBAL" {
		vs, next = nil, ""
	}
	return &ListResourcesResponse{Resources: resourcesOut(vs), NextToken: optString(next)}, nil
}

func (h *handlers) listPrincipals(ctx context.Context, c *protocol.Call, in *ListPrincipalsRequest) (*ListPrincipalsResponse, error) {
	vs, next, err := h.svc.ListPrincipals(ctx, api.Scope(c), ctl.ListInput{OtherAccounts: api.Str(in.ResourceOwner) == "OTHER-ACCOUNTS",
		Principals: in.Principals, ResourceArn: api.Str(in.ResourceArn), ResourceType: api.Str(in.ResourceType),
		ShareArns: in.ResourceShareArns, Page: page(in.MaxResults, in.NextToken)})
	if err != nil {
		return nil, err
	}
	out := &ListPrincipalsResponse{Principals: make([]Principal, 0, len(vs)), NextToken: optString(next)}
	for _, v := range vs {
		out.Principals = append(out.Principals, Principal{Id: ptr(v.ID), ResourceShareArn: ptr(v.ShareArn),
			CreationTime: timep(v.Created), LastUpdatedTime: timep(v.Updated), External: ptr(v.External)})
	}
	return out, nil
}
