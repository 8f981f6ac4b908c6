package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/model"
)

// Internet gateways and egress-only internet gateways.

func (a *API) registerGateways() {
	handle(a, "CreateInternetGateway", a.createInternetGateway)
	handle(a, "DescribeInternetGateways", a.describeInternetGateways)
	handleNoOutput(a, "DeleteInternetGateway", func(ctx context.Context, r *Request, in *DeleteInternetGatewayRequest) error {
		return a.ctl.DeleteInternetGateway(ctx, r.Scope, deref(in.InternetGatewayId))
	})
	handleNoOutput(a, "AttachInternetGateway", func(ctx context.Context, r *Request, in *AttachInternetGatewayRequest) error {
		return a.ctl.AttachInternetGateway(ctx, r.Scope, deref(in.InternetGatewayId), deref(in.VpcId))
	})
	handleNoOutput(a, "DetachInternetGateway", func(ctx context.Context, r *Request, in *DetachInternetGatewayRequest) error {
		return a.ctl.DetachInternetGateway(ctx, r.Scope, deref(in.InternetGatewayId), deref(in.VpcId))
	})

	handle(a, "CreateEgressOnlyInternetGateway", a.createEgressOnlyInternetGateway)
	handle(a, "DescribeEgressOnlyInternetGateways", a.describeEgressOnlyInternetGateways)
	handle(a, "DeleteEgressOnlyInternetGateway", func(ctx context.Context, r *Request, in *DeleteEgressOnlyInternetGatewayRequest) (*DeleteEgressOnlyInternetGatewayResult, error) {
		if err := a.ctl.DeleteEgressOnlyInternetGateway(ctx, r.Scope, deref(in.EgressOnlyInternetGatewayId)); err != nil {
			return nil, err
		}
		return &DeleteEgressOnlyInternetGatewayResult{ReturnCode: boolp(true)}, nil
	})
}

func (a *API) createInternetGateway(ctx context.Context, r *Request, in *CreateInternetGatewayRequest) (*CreateInternetGatewayResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "internet-gateway")
	if err != nil {
		return nil, err
	}
	g, err := a.ctl.CreateInternetGateway(ctx, r.Scope, tags)
	if err != nil {
		return nil, err
	}
	return &CreateInternetGatewayResult{InternetGateway: igwOut(g)}, nil
}

var igwFilters = filterTable[model.InternetGateway]{
	"attachment.state": func(g *model.InternetGateway) []string {
		return gwAttachments(g.Attachments, func(a model.GatewayAttachment) string { return a.State })
	},
	"attachment.vpc-id": func(g *model.InternetGateway) []string {
		return gwAttachments(g.Attachments, func(a model.GatewayAttachment) string { return a.VpcID })
	},
	"internet-gateway-id": func(g *model.InternetGateway) []string { return one(g.ID) },
	"owner-id":            func(g *model.InternetGateway) []string { return one(g.Account) },
}

func gwAttachments(as []model.GatewayAttachment, f func(model.GatewayAttachment) string) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = f(a)
	}
	return out
}

func (a *API) describeInternetGateways(ctx context.Context, r *Request, in *DescribeInternetGatewaysRequest) (*DescribeInternetGatewaysResult, error) {
	m, err := compileFilters(igwFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	gs, next, err := describe(a.ctl.View(ctx).InternetGateways, r.Scope, in.InternetGatewayIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeInternetGatewaysResult{NextToken: next, InternetGateways: make([]InternetGateway, len(gs))}
	for i, g := range gs {
		out.InternetGateways[i] = *igwOut(g)
	}
	return out, nil
}

func igwOut(g *model.InternetGateway) *InternetGateway {
	out := &InternetGateway{
		InternetGatewayId: str(g.ID),
		OwnerId:           str(g.Account),
		Tags:              tagSet(&g.Meta),
	}
	for _, at := range g.Attachments {
		out.Attachments = append(out.Attachments, InternetGatewayAttachment{State: str(at.State), VpcId: str(at.VpcID)})
	}
	return out
}

func (a *API) createEgressOnlyInternetGateway(ctx context.Context, r *Request, in *CreateEgressOnlyInternetGatewayRequest) (*CreateEgressOnlyInternetGatewayResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "egress-only-internet-gateway")
	if err != nil {
		return nil, err
	}
	g, err := a.ctl.CreateEgressOnlyInternetGateway(ctx, r.Scope, deref(in.VpcId), tags)
	if err != nil {
		return nil, err
	}
	return &CreateEgressOnlyInternetGatewayResult{ClientToken: in.ClientToken, EgressOnlyInternetGateway: eigwOut(g)}, nil
}

var eigwFilters = filterTable[model.EgressOnlyInternetGateway]{}

func (a *API) describeEgressOnlyInternetGateways(ctx context.Context, r *Request, in *DescribeEgressOnlyInternetGatewaysRequest) (*DescribeEgressOnlyInternetGatewaysResult, error) {
	m, err := compileFilters(eigwFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 255)
	if err != nil {
		return nil, err
	}
	gs, next, err := describe(a.ctl.View(ctx).EgressOnlyIGWs, r.Scope, in.EgressOnlyInternetGatewayIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeEgressOnlyInternetGatewaysResult{NextToken: next, EgressOnlyInternetGateways: make([]EgressOnlyInternetGateway, len(gs))}
	for i, g := range gs {
		out.EgressOnlyInternetGateways[i] = *eigwOut(g)
	}
	return out, nil
}

func eigwOut(g *model.EgressOnlyInternetGateway) *EgressOnlyInternetGateway {
	out := &EgressOnlyInternetGateway{
		EgressOnlyInternetGatewayId: str(g.ID),
		Tags:                        tagSet(&g.Meta),
	}
	for _, at := range g.Attachments {
		out.Attachments = append(out.Attachments, InternetGatewayAttachment{State: str(at.State), VpcId: str(at.VpcID)})
	}
	return out
}
