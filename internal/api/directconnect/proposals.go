package directconnect

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/directconnect"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// registerProposals registers the association proposal operations and
// DescribeRouterConfiguration.
func registerProposals(r *api.Router, h *handlers) {
	api.Handle(r, "CreateDirectConnectGatewayAssociationProposal", h.createProposal)
	api.Handle(r, "DescribeDirectConnectGatewayAssociationProposals", h.describeProposals)
	api.Handle(r, "AcceptDirectConnectGatewayAssociationProposal", h.acceptProposal)
	api.Handle(r, "DeleteDirectConnectGatewayAssociationProposal", h.deleteProposal)
	api.Handle(r, "DescribeRouterConfiguration", h.describeRouterConfiguration)
}

func proposal(p ctl.ProposalView) *DirectConnectGatewayAssociationProposal {
	return &DirectConnectGatewayAssociationProposal{
		ProposalId:                       ptr(p.ID),
		DirectConnectGatewayId:           ptr(p.GatewayID),
		DirectConnectGatewayOwnerAccount: ptr(p.GatewayOwner),
		ProposalState:                    ptr(p.State),
		AssociatedGateway: &AssociatedGateway{Id: ptr(p.AssociatedID), Type: ptr(p.AssociatedType),
			OwnerAccount: ptr(p.Account), Region: ptr(p.Region)},
		ExistingAllowedPrefixesToDirectConnectGateway:  prefixesOut(p.Existing),
		RequestedAllowedPrefixesToDirectConnectGateway: prefixesOut(p.Requested),
	}
}

func (h *handlers) createProposal(ctx context.Context, c *protocol.Call, in *CreateDirectConnectGatewayAssociationProposalRequest) (*CreateDirectConnectGatewayAssociationProposalResult, error) {
	p, err := h.svc.CreateProposal(ctx, api.Scope(c), ctl.ProposalInput{
		GatewayID: api.Str(in.DirectConnectGatewayId), GatewayOwner: api.Str(in.DirectConnectGatewayOwnerAccount),
		AssociatedID: api.Str(in.GatewayId),
		Add:          prefixesIn(in.AddAllowedPrefixesToDirectConnectGateway),
		Remove:       prefixesIn(in.RemoveAllowedPrefixesToDirectConnectGateway)})
	if err != nil {
		return nil, err
	}
	return &CreateDirectConnectGatewayAssociationProposalResult{
		DirectConnectGatewayAssociationProposal: proposal(ctl.ProposalView{Proposal: p, Requested: p.Add})}, nil
}

func (h *handlers) describeProposals(ctx context.Context, c *protocol.Call, in *DescribeDirectConnectGatewayAssociationProposalsRequest) (*DescribeDirectConnectGatewayAssociationProposalsResult, error) {
	ps, next, err := h.svc.DescribeProposals(ctx, api.Scope(c), ctl.ProposalFilter{ProposalID: api.Str(in.ProposalId),
		GatewayID: api.Str(in.DirectConnectGatewayId), AssociatedGatewayID: api.Str(in.AssociatedGatewayId)}, page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &DescribeDirectConnectGatewayAssociationProposalsResult{
		DirectConnectGatewayAssociationProposals: make([]DirectConnectGatewayAssociationProposal, 0, len(ps)), NextToken: optString(next)}
	for _, p := range ps {
		out.DirectConnectGatewayAssociationProposals = append(out.DirectConnectGatewayAssociationProposals, *proposal(p))
	}
	return out, nil
}

func (h *handlers) acceptProposal(ctx context.Context, c *protocol.Call, in *AcceptDirectConnectGatewayAssociationProposalRequest) (*AcceptDirectConnectGatewayAssociationProposalResult, error) {
	a, err := h.svc.AcceptProposal(ctx, api.Scope(c), ctl.AcceptInput{GatewayID: api.Str(in.DirectConnectGatewayId),
		ProposalID: api.Str(in.ProposalId), AssociatedGatewayOwner: api.Str(in.AssociatedGatewayOwnerAccount),
		Override: prefixesIn(in.OverrideAllowedPrefixesToDirectConnectGateway)})
	if err != nil {
		return nil, err
	}
	return &AcceptDirectConnectGatewayAssociationProposalResult{DirectConnectGatewayAssociation: association(a)}, nil
}

func (h *handlers) deleteProposal(ctx context.Context, c *protocol.Call, in *DeleteDirectConnectGatewayAssociationProposalRequest) (*DeleteDirectConnectGatewayAssociationProposalResult, error) {
	p, err := h.svc.DeleteProposal(ctx, api.Scope(c), api.Str(in.ProposalId))
	if err != nil {
		return nil, err
	}
	return &DeleteDirectConnectGatewayAssociationProposalResult{DirectConnectGatewayAssociationProposal: proposal(p)}, nil
}
