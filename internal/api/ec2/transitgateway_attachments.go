package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

// registerTGWAttachments registers the VPC and peering attachment
// operations, associations and propagations.
func (a *API) registerTGWAttachments() {
	handle(a, "CreateTransitGatewayVpcAttachment", func(ctx context.Context, r *Request, in *CreateTransitGatewayVpcAttachmentRequest) (*CreateTransitGatewayVpcAttachmentResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "transit-gateway-attachment")
		if err != nil {
			return nil, err
		}
		ci := control.VpcAttachmentInput{TransitGatewayID: deref(in.TransitGatewayId), VpcID: deref(in.VpcId), SubnetIDs: in.SubnetIds, Tags: tags}
		if o := in.Options; o != nil {
			ci.DNSSupport, ci.Ipv6Support = deref(o.DnsSupport), deref(o.Ipv6Support)
			ci.ApplianceModeSupport, ci.SecurityGroupReferencingSupport = deref(o.ApplianceModeSupport), deref(o.SecurityGroupReferencingSupport)
		}
		at, err := a.ctl.CreateTransitGatewayVpcAttachment(ctx, r.Scope, ci)
		if err != nil {
			return nil, err
		}
		out := vpcAttachmentOut(control.TGWAttachmentForScope(at, r.Scope))
		out.State = str(model.TGWPending)
		return &CreateTransitGatewayVpcAttachmentResult{TransitGatewayVpcAttachment: out}, nil
	})
	handle(a, "ModifyTransitGatewayVpcAttachment", func(ctx context.Context, r *Request, in *ModifyTransitGatewayVpcAttachmentRequest) (*ModifyTransitGatewayVpcAttachmentResult, error) {
		mi := control.ModifyVpcAttachmentInput{AddSubnetIDs: in.AddSubnetIds, RemoveSubnetIDs: in.RemoveSubnetIds}
		if o := in.Options; o != nil {
			mi.DNSSupport, mi.Ipv6Support = deref(o.DnsSupport), deref(o.Ipv6Support)
			mi.ApplianceModeSupport, mi.SecurityGroupReferencingSupport = deref(o.ApplianceModeSupport), deref(o.SecurityGroupReferencingSupport)
		}
		at, err := a.ctl.ModifyTransitGatewayVpcAttachment(ctx, r.Scope, deref(in.TransitGatewayAttachmentId), mi)
		if err != nil {
			return nil, err
		}
		return &ModifyTransitGatewayVpcAttachmentResult{TransitGatewayVpcAttachment: vpcAttachmentOut(control.TGWAttachmentForScope(at, r.Scope))}, nil
	})
	handle(a, "DeleteTransitGatewayVpcAttachment", func(ctx context.Context, r *Request, in *DeleteTransitGatewayVpcAttachmentRequest) (*DeleteTransitGatewayVpcAttachmentResult, error) {
		at, err := a.ctl.DeleteTransitGatewayAttachment(ctx, r.Scope, deref(in.TransitGatewayAttachmentId), model.TGWAttachVPC)
		if err != nil {
			return nil, err
		}
		return &DeleteTransitGatewayVpcAttachmentResult{TransitGatewayVpcAttachment: vpcAttachmentOut(control.TGWAttachmentForScope(at, r.Scope))}, nil
	})
	handle(a, "DescribeTransitGatewayVpcAttachments", a.describeVpcAttachments)
	handle(a, "DescribeTransitGatewayAttachments", a.describeTGWAttachments)

	handle(a, "CreateTransitGatewayPeeringAttachment", func(ctx context.Context, r *Request, in *CreateTransitGatewayPeeringAttachmentRequest) (*CreateTransitGatewayPeeringAttachmentResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "transit-gateway-attachment")
		if err != nil {
			return nil, err
		}
		ci := control.PeeringAttachmentInput{
			TransitGatewayID: deref(in.TransitGatewayId), PeerTransitGatewayID: deref(in.PeerTransitGatewayId),
			PeerAccountID: deref(in.PeerAccountId), PeerRegion: deref(in.PeerRegion), Tags: tags,
		}
		if in.Options != nil {
			ci.DynamicRouting = deref(in.Options.DynamicRouting)
		}
		at, err := a.ctl.CreateTransitGatewayPeeringAttachment(ctx, r.Scope, ci)
		if err != nil {
			return nil, err
		}
		out := peeringAttachmentOut(control.TGWAttachmentForScope(at, r.Scope))
		out.State, out.Status.Code = str("initiatingRequest"), str("initiatingRequest")
		return &CreateTransitGatewayPeeringAttachmentResult{TransitGatewayPeeringAttachment: out}, nil
	})
	handle(a, "AcceptTransitGatewayPeeringAttachment", func(ctx context.Context, r *Request, in *AcceptTransitGatewayPeeringAttachmentRequest) (*AcceptTransitGatewayPeeringAttachmentResult, error) {
		at, err := a.ctl.AcceptTransitGatewayPeeringAttachment(ctx, r.Scope, deref(in.TransitGatewayAttachmentId))
		if err != nil {
			return nil, err
		}
		out := peeringAttachmentOut(control.TGWAttachmentForScope(at, r.Scope))
		out.State, out.Status.Code = str(model.TGWPending), str(model.TGWPending)
		return &AcceptTransitGatewayPeeringAttachmentResult{TransitGatewayPeeringAttachment: out}, nil
	})
	handle(a, "RejectTransitGatewayPeeringAttachment", func(ctx context.Context, r *Request, in *RejectTransitGatewayPeeringAttachmentRequest) (*RejectTransitGatewayPeeringAttachmentResult, error) {
		at, err := a.ctl.RejectTransitGatewayPeeringAttachment(ctx, r.Scope, deref(in.TransitGatewayAttachmentId))
		if err != nil {
			return nil, err
		}
		return &RejectTransitGatewayPeeringAttachmentResult{TransitGatewayPeeringAttachment: peeringAttachmentOut(control.TGWAttachmentForScope(at, r.Scope))}, nil
	})
	handle(a, "DeleteTransitGatewayPeeringAttachment", func(ctx context.Context, r *Request, in *DeleteTransitGatewayPeeringAttachmentRequest) (*DeleteTransitGatewayPeeringAttachmentResult, error) {
		at, err := a.ctl.DeleteTransitGatewayAttachment(ctx, r.Scope, deref(in.TransitGatewayAttachmentId), model.TGWAttachPeering)
		if err != nil {
			return nil, err
		}
		return &DeleteTransitGatewayPeeringAttachmentResult{TransitGatewayPeeringAttachment: peeringAttachmentOut(control.TGWAttachmentForScope(at, r.Scope))}, nil
	})
	handle(a, "DescribeTransitGatewayPeeringAttachments", a.describePeeringAttachments)

	handle(a, "AssociateTransitGatewayRouteTable", func(ctx context.Context, r *Request, in *AssociateTransitGatewayRouteTableRequest) (*AssociateTransitGatewayRouteTableResult, error) {
		ch, err := a.ctl.AssociateTransitGatewayRouteTable(ctx, r.Scope, deref(in.TransitGatewayRouteTableId), deref(in.TransitGatewayAttachmentId))
		if err != nil {
			return nil, err
		}
		return &AssociateTransitGatewayRouteTableResult{Association: associationOut(ch, r.Scope)}, nil
	})
	handle(a, "DisassociateTransitGatewayRouteTable", func(ctx context.Context, r *Request, in *DisassociateTransitGatewayRouteTableRequest) (*DisassociateTransitGatewayRouteTableResult, error) {
		ch, err := a.ctl.DisassociateTransitGatewayRouteTable(ctx, r.Scope, deref(in.TransitGatewayRouteTableId), deref(in.TransitGatewayAttachmentId))
		if err != nil {
			return nil, err
		}
		return &DisassociateTransitGatewayRouteTableResult{Association: associationOut(ch, r.Scope)}, nil
	})
	handle(a, "EnableTransitGatewayRouteTablePropagation", func(ctx context.Context, r *Request, in *EnableTransitGatewayRouteTablePropagationRequest) (*EnableTransitGatewayRouteTablePropagationResult, error) {
		ch, err := a.ctl.SetTransitGatewayRouteTablePropagation(ctx, r.Scope, deref(in.TransitGatewayRouteTableId), deref(in.TransitGatewayAttachmentId), true)
		if err != nil {
			return nil, err
		}
		return &EnableTransitGatewayRouteTablePropagationResult{Propagation: propagationOut(ch, r.Scope)}, nil
	})
	handle(a, "DisableTransitGatewayRouteTablePropagation", func(ctx context.Context, r *Request, in *DisableTransitGatewayRouteTablePropagationRequest) (*DisableTransitGatewayRouteTablePropagationResult, error) {
		ch, err := a.ctl.SetTransitGatewayRouteTablePropagation(ctx, r.Scope, deref(in.TransitGatewayRouteTableId), deref(in.TransitGatewayAttachmentId), false)
		if err != nil {
			return nil, err
		}
		return &DisableTransitGatewayRouteTablePropagationResult{Propagation: propagationOut(ch, r.Scope)}, nil
	})
}

// attachSide is an attachment as one side sees it: a peering attachment's
// accepter sees its own gateway as the attachment's gateway and the
// requester's as the resource.
type attachSide struct {
	TGWID, TGWOwner, ResourceID, ResourceOwner string
	Association                                *model.TGWAssociation
}

func sideOf(at *model.TransitGatewayAttachment, scope model.Scope) attachSide {
	if at.Peer != nil && !at.InScope(scope) && at.Peer.OwnerID == scope.Account && at.Peer.Region == scope.Region {
		return attachSide{at.Peer.TransitGatewayID, at.Peer.OwnerID, at.TransitGatewayID, at.TransitGatewayOwnerID, at.PeerAssociation}
	}
	return attachSide{at.TransitGatewayID, at.TransitGatewayOwnerID, at.ResourceID, at.ResourceOwnerID, at.Association}
}

func associationOut(ch *control.TGWAssociationChange, scope model.Scope) *TransitGatewayAssociation {
	s := sideOf(ch.Attachment, scope)
	return &TransitGatewayAssociation{
		TransitGatewayRouteTableId: str(ch.RouteTableID),
		TransitGatewayAttachmentId: str(ch.Attachment.ID),
		ResourceId:                 str(s.ResourceID),
		ResourceType:               str(ch.Attachment.ResourceType),
		State:                      str(ch.State),
	}
}

func propagationOut(ch *control.TGWAssociationChange, scope model.Scope) *TransitGatewayPropagation {
	s := sideOf(ch.Attachment, scope)
	return &TransitGatewayPropagation{
		TransitGatewayRouteTableId: str(ch.RouteTableID),
		TransitGatewayAttachmentId: str(ch.Attachment.ID),
		ResourceId:                 str(s.ResourceID),
		ResourceType:               str(ch.Attachment.ResourceType),
		State:                      str(ch.State),
	}
}

func vpcAttachmentOut(at *model.TransitGatewayAttachment) *TransitGatewayVpcAttachment {
	out := &TransitGatewayVpcAttachment{
		TransitGatewayAttachmentId: str(at.ID),
		TransitGatewayId:           str(at.TransitGatewayID),
		VpcId:                      str(at.VpcID),
		VpcOwnerId:                 str(at.ResourceOwnerID),
		State:                      str(at.State),
		SubnetIds:                  at.SubnetIDs,
		CreationTime:               timep(at.Created),
		Tags:                       tagSet(&at.Meta),
	}
	if o := at.VPC; o != nil {
		out.Options = &TransitGatewayVpcAttachmentOptions{
			DnsSupport:                      str(o.DNSSupport),
			SecurityGroupReferencingSupport: str(o.SecurityGroupReferencingSupport),
			Ipv6Support:                     str(o.Ipv6Support),
			ApplianceModeSupport:            str(o.ApplianceModeSupport),
		}
	}
	return out
}

func peeringAttachmentOut(at *model.TransitGatewayAttachment) *TransitGatewayPeeringAttachment {
	out := &TransitGatewayPeeringAttachment{
		TransitGatewayAttachmentId: str(at.ID),
		RequesterTgwInfo:           &PeeringTgwInfo{TransitGatewayId: str(at.TransitGatewayID), OwnerId: str(at.TransitGatewayOwnerID), Region: str(at.Region)},
		Status:                     &PeeringAttachmentStatus{Code: str(at.State), Message: optStr(at.StatusMessage)},
		State:                      str(at.State),
		CreationTime:               timep(at.Created),
		Tags:                       tagSet(&at.Meta),
	}
	if at.Peer != nil {
		out.AccepterTgwInfo = &PeeringTgwInfo{TransitGatewayId: str(at.Peer.TransitGatewayID), OwnerId: str(at.Peer.OwnerID), Region: str(at.Peer.Region)}
		if at.Peer.DynamicRouting != "" { // options are described as requested
			out.Options = &TransitGatewayPeeringAttachmentOptions{DynamicRouting: str(at.Peer.DynamicRouting)}
		}
	}
	return out
}

// vpcAttachmentFilters are DescribeTransitGatewayVpcAttachments' filters.
var vpcAttachmentFilters = filterTable[model.TransitGatewayAttachment]{
	"state":                         func(at *model.TransitGatewayAttachment) []string { return one(at.State) },
	"transit-gateway-attachment-id": func(at *model.TransitGatewayAttachment) []string { return one(at.ID) },
	"transit-gateway-id":            func(at *model.TransitGatewayAttachment) []string { return one(at.TransitGatewayID) },
	"vpc-id":                        func(at *model.TransitGatewayAttachment) []string { return one(at.VpcID) },
}

func (a *API) describeVpcAttachments(ctx context.Context, r *Request, in *DescribeTransitGatewayVpcAttachmentsRequest) (*DescribeTransitGatewayVpcAttachmentsResult, error) {
	m, err := compileFilters(vpcAttachmentFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, tgwMinResults, tgwMaxResults)
	if err != nil {
		return nil, err
	}
	m.preds = append(m.preds, func(at *model.TransitGatewayAttachment) bool { return at.ResourceType == model.TGWAttachVPC })
	ats, next, err := visibleSelect(a.ctl.View(ctx), r.Scope, a.ctl.Now(), in.TransitGatewayAttachmentIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeTransitGatewayVpcAttachmentsResult{TransitGatewayVpcAttachments: make([]TransitGatewayVpcAttachment, len(ats)), NextToken: next}
	for i, at := range ats {
		out.TransitGatewayVpcAttachments[i] = *vpcAttachmentOut(control.TGWAttachmentForScope(at, r.Scope))
	}
	return out, nil
}

// tgwAttachmentFilters are DescribeTransitGatewayAttachments' filters, as
// scope sees each attachment.
func tgwAttachmentFilters(scope model.Scope) filterTable[model.TransitGatewayAttachment] {
	side := func(f func(s attachSide) string) func(at *model.TransitGatewayAttachment) []string {
		return func(at *model.TransitGatewayAttachment) []string { return optOne(f(sideOf(at, scope))) }
	}
	return filterTable[model.TransitGatewayAttachment]{
		"association.state": side(func(s attachSide) string {
			if s.Association == nil {
				return ""
			}
			return s.Association.State
		}),
		"association.transit-gateway-route-table-id": side(func(s attachSide) string {
			if s.Association == nil {
				return ""
			}
			return s.Association.RouteTableID
		}),
		"resource-id":                   side(func(s attachSide) string { return s.ResourceID }),
		"resource-owner-id":             side(func(s attachSide) string { return s.ResourceOwner }),
		"resource-type":                 func(at *model.TransitGatewayAttachment) []string { return one(at.ResourceType) },
		"state":                         func(at *model.TransitGatewayAttachment) []string { return one(at.State) },
		"transit-gateway-attachment-id": func(at *model.TransitGatewayAttachment) []string { return one(at.ID) },
		"transit-gateway-id":            side(func(s attachSide) string { return s.TGWID }),
		"transit-gateway-owner-id":      side(func(s attachSide) string { return s.TGWOwner }),
	}
}

func (a *API) describeTGWAttachments(ctx context.Context, r *Request, in *DescribeTransitGatewayAttachmentsRequest) (*DescribeTransitGatewayAttachmentsResult, error) {
	m, err := compileFilters(tgwAttachmentFilters(r.Scope), in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, tgwMinResults, tgwMaxResults)
	if err != nil {
		return nil, err
	}
	ats, next, err := visibleSelect(a.ctl.View(ctx), r.Scope, a.ctl.Now(), in.TransitGatewayAttachmentIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeTransitGatewayAttachmentsResult{TransitGatewayAttachments: make([]TransitGatewayAttachment, len(ats)), NextToken: next}
	for i, at := range ats {
		s := sideOf(at, r.Scope)
		o := TransitGatewayAttachment{
			TransitGatewayAttachmentId: str(at.ID),
			TransitGatewayId:           str(s.TGWID),
			TransitGatewayOwnerId:      str(s.TGWOwner),
			ResourceOwnerId:            str(s.ResourceOwner),
			ResourceType:               str(at.ResourceType),
			ResourceId:                 str(s.ResourceID),
			State:                      str(at.State),
			CreationTime:               timep(at.Created),
			Tags:                       tagSet(&at.Meta),
		}
		if s.Association != nil {
			o.Association = &TransitGatewayAttachmentAssociation{TransitGatewayRouteTableId: str(s.Association.RouteTableID), State: str(s.Association.State)}
		}
		out.TransitGatewayAttachments[i] = o
	}
	return out, nil
}

// peeringAttachmentFilters are DescribeTransitGatewayPeeringAttachments'
// filters, as scope sees each attachment.
func peeringAttachmentFilters(scope model.Scope) filterTable[model.TransitGatewayAttachment] {
	return filterTable[model.TransitGatewayAttachment]{
		"transit-gateway-attachment-id": func(at *model.TransitGatewayAttachment) []string { return one(at.ID) },
		"local-owner-id":                func(at *model.TransitGatewayAttachment) []string { return one(scope.Account) },
		"remote-owner-id":               func(at *model.TransitGatewayAttachment) []string { return one(sideOf(at, scope).ResourceOwner) },
		"state":                         func(at *model.TransitGatewayAttachment) []string { return one(at.State) },
		"transit-gateway-id": func(at *model.TransitGatewayAttachment) []string {
			return []string{at.TransitGatewayID, at.Peer.TransitGatewayID}
		},
	}
}

func (a *API) describePeeringAttachments(ctx context.Context, r *Request, in *DescribeTransitGatewayPeeringAttachmentsRequest) (*DescribeTransitGatewayPeeringAttachmentsResult, error) {
	m, err := compileFilters(peeringAttachmentFilters(r.Scope), in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, tgwMinResults, tgwMaxResults)
	if err != nil {
		return nil, err
	}
	// The peering predicate goes first: the filters read Peer.
	m.preds = append([]func(*model.TransitGatewayAttachment) bool{func(at *model.TransitGatewayAttachment) bool {
		return at.ResourceType == model.TGWAttachPeering && at.Peer != nil
	}}, m.preds...)
	ats, next, err := visibleSelect(a.ctl.View(ctx), r.Scope, a.ctl.Now(), in.TransitGatewayAttachmentIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeTransitGatewayPeeringAttachmentsResult{TransitGatewayPeeringAttachments: make([]TransitGatewayPeeringAttachment, len(ats)), NextToken: next}
	for i, at := range ats {
		out.TransitGatewayPeeringAttachments[i] = *peeringAttachmentOut(control.TGWAttachmentForScope(at, r.Scope))
	}
	return out, nil
}
