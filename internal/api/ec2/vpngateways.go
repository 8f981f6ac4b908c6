package ec2

import (
	"context"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

// registerVpnGateways registers the virtual private gateway operations; it
// is called from registerRouteTables.
func (a *API) registerVpnGateways() {
	handle(a, "CreateVpnGateway", func(ctx context.Context, r *Request, in *CreateVpnGatewayRequest) (*CreateVpnGatewayResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "vpn-gateway")
		if err != nil {
			return nil, err
		}
		var asn int64
		if in.AmazonSideAsn != nil {
			asn = *in.AmazonSideAsn
		}
		g, err := a.ctl.CreateVpnGateway(ctx, r.Scope, control.CreateVpnGatewayInput{
			Type: deref(in.Type), AmazonSideAsn: asn, AvailabilityZone: deref(in.AvailabilityZone), Tags: tags,
		})
		if err != nil {
			return nil, err
		}
		out := vpnGatewayOut(g)
		out.State = str("pending") // EC2 answers create with pending; reads show available.
		return &CreateVpnGatewayResult{VpnGateway: out}, nil
	})
	handleNoOutput(a, "DeleteVpnGateway", func(ctx context.Context, r *Request, in *DeleteVpnGatewayRequest) error {
		return a.ctl.DeleteVpnGateway(ctx, r.Scope, deref(in.VpnGatewayId))
	})
	handle(a, "DescribeVpnGateways", a.describeVpnGateways)
	handle(a, "AttachVpnGateway", func(ctx context.Context, r *Request, in *AttachVpnGatewayRequest) (*AttachVpnGatewayResult, error) {
		if err := a.ctl.AttachVpnGateway(ctx, r.Scope, deref(in.VpnGatewayId), deref(in.VpcId)); err != nil {
			return nil, err
		}
		return &AttachVpnGatewayResult{VpcAttachment: &VpcAttachment{VpcId: in.VpcId, State: str("attaching")}}, nil
	})
	handleNoOutput(a, "DetachVpnGateway", func(ctx context.Context, r *Request, in *DetachVpnGatewayRequest) error {
		return a.ctl.DetachVpnGateway(ctx, r.Scope, deref(in.VpnGatewayId), deref(in.VpcId))
	})
}

// vpnGatewayFilters are DescribeVpnGateways' 9 filters [ec2-api-surface.md §4].
var vpnGatewayFilters = filterTable[model.VpnGateway]{
	"amazon-side-asn": func(g *model.VpnGateway) []string { return one(strconv.FormatInt(g.AmazonSideAsn, 10)) },
	"attachment.state": func(g *model.VpnGateway) []string {
		return mapCidr(g.Attachments, func(a model.GatewayAttachment) string { return a.State })
	},
	"attachment.vpc-id": func(g *model.VpnGateway) []string {
		return mapCidr(g.Attachments, func(a model.GatewayAttachment) string { return a.VpcID })
	},
	"availability-zone": func(g *model.VpnGateway) []string {
		if g.AvailabilityZone == "" {
			return nil
		}
		return one(g.AvailabilityZone)
	},
	"state":          func(g *model.VpnGateway) []string { return one(g.State) },
	"type":           func(g *model.VpnGateway) []string { return one(g.Type) },
	"vpn-gateway-id": func(g *model.VpnGateway) []string { return one(g.ID) },
}

func (a *API) describeVpnGateways(ctx context.Context, r *Request, in *DescribeVpnGatewaysRequest) (*DescribeVpnGatewaysResult, error) {
	m, err := compileFilters(vpnGatewayFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	gs, _, err := describe(a.ctl.View(ctx).VpnGateways, r.Scope, in.VpnGatewayIds, m, page{})
	if err != nil {
		return nil, err
	}
	out := &DescribeVpnGatewaysResult{VpnGateways: make([]VpnGateway, len(gs))}
	for i, g := range gs {
		out.VpnGateways[i] = *vpnGatewayOut(g)
	}
	return out, nil
}

func vpnGatewayOut(g *model.VpnGateway) *VpnGateway {
	out := &VpnGateway{
		VpnGatewayId:     str(g.ID),
		State:            str(g.State),
		Type:             str(g.Type),
		AmazonSideAsn:    i64(g.AmazonSideAsn),
		AvailabilityZone: optStr(g.AvailabilityZone),
		Tags:             tagSet(&g.Meta),
	}
	for _, at := range g.Attachments {
		out.VpcAttachments = append(out.VpcAttachments, VpcAttachment{VpcId: str(at.VpcID), State: str(at.State)})
	}
	return out
}
