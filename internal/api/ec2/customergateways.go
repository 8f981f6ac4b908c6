package ec2

import (
	"context"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

// registerCustomerGateways registers the customer gateway operations.
func (a *API) registerCustomerGateways() {
	handle(a, "CreateCustomerGateway", func(ctx context.Context, r *Request, in *CreateCustomerGatewayRequest) (*CreateCustomerGatewayResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "customer-gateway")
		if err != nil {
			return nil, err
		}
		ip := deref(in.IpAddress)
		if ip == "" {
			ip = deref(in.PublicIp) // the deprecated member
		}
		ci := control.CreateCustomerGatewayInput{
			Type: deref(in.Type), IPAddress: ip, CertificateArn: deref(in.CertificateArn),
			DeviceName: deref(in.DeviceName), Tags: tags,
		}
		if in.BgpAsn != nil {
			ci.BgpAsn = int64(*in.BgpAsn)
			if ci.BgpAsn == 0 {
				ci.BgpAsn = -1 // explicit 0 is out of range, not "absent"
			}
		}
		if in.BgpAsnExtended != nil {
			ci.BgpAsnExtended = *in.BgpAsnExtended
			if ci.BgpAsnExtended == 0 {
				ci.BgpAsnExtended = -1
			}
		}
		g, err := a.ctl.CreateCustomerGateway(ctx, r.Scope, ci)
		if err != nil {
			return nil, err
		}
		return &CreateCustomerGatewayResult{CustomerGateway: customerGatewayOut(g)}, nil
	})
	handleNoOutput(a, "DeleteCustomerGateway", func(ctx context.Context, r *Request, in *DeleteCustomerGatewayRequest) error {
		return a.ctl.DeleteCustomerGateway(ctx, r.Scope, deref(in.CustomerGatewayId))
	})
	handle(a, "DescribeCustomerGateways", a.describeCustomerGateways)
}

// customerGatewayFilters are DescribeCustomerGateways' filters [EC2 API
// DescribeCustomerGateways].
var customerGatewayFilters = filterTable[model.CustomerGateway]{
	"bgp-asn":             func(g *model.CustomerGateway) []string { return one(strconv.FormatInt(g.BgpAsn, 10)) },
	"customer-gateway-id": func(g *model.CustomerGateway) []string { return one(g.ID) },
	"ip-address": func(g *model.CustomerGateway) []string {
		if !g.IPAddress.IsValid() {
			return nil
		}
		return one(g.IPAddress.String())
	},
	"state": func(g *model.CustomerGateway) []string { return one(g.State) },
	"type":  func(g *model.CustomerGateway) []string { return one(g.Type) },
}

func (a *API) describeCustomerGateways(ctx context.Context, r *Request, in *DescribeCustomerGatewaysRequest) (*DescribeCustomerGatewaysResult, error) {
	m, err := compileFilters(customerGatewayFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	now := a.ctl.Now()
	m.preds = append(m.preds, func(g *model.CustomerGateway) bool { return control.VPNObjectVisible(g.State, g.DeleteTime, now) })
	gs, _, err := describe(a.ctl.View(ctx).CustomerGateways, r.Scope, in.CustomerGatewayIds, m, page{})
	if err != nil {
		return nil, err
	}
	out := &DescribeCustomerGatewaysResult{CustomerGateways: make([]CustomerGateway, len(gs))}
	for i, g := range gs {
		out.CustomerGateways[i] = *customerGatewayOut(g)
	}
	return out, nil
}

func customerGatewayOut(g *model.CustomerGateway) *CustomerGateway {
	out := &CustomerGateway{
		CustomerGatewayId: str(g.ID),
		State:             str(g.State),
		Type:              str(g.Type),
		BgpAsn:            str(strconv.FormatInt(g.BgpAsn, 10)),
		CertificateArn:    optStr(g.CertificateArn),
		DeviceName:        optStr(g.DeviceName),
		Tags:              tagSet(&g.Meta),
	}
	if g.BgpAsn > 2147483647 {
		out.BgpAsnExtended = str(strconv.FormatInt(g.BgpAsn, 10))
	}
	if g.IPAddress.IsValid() {
		out.IpAddress = str(g.IPAddress.String())
	}
	return out
}
