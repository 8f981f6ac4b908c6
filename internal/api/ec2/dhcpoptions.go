package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/model"
)

func (a *API) registerDhcpOptions() {
	handle(a, "CreateDhcpOptions", func(ctx context.Context, r *Request, in *CreateDhcpOptionsRequest) (*CreateDhcpOptionsResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "dhcp-options")
		if err != nil {
			return nil, err
		}
		var confs []model.DhcpConfiguration
		for _, c := range in.DhcpConfigurations {
			confs = append(confs, model.DhcpConfiguration{Key: deref(c.Key), Values: c.Values})
		}
		d, err := a.ctl.CreateDhcpOptions(ctx, r.Scope, confs, tags)
		if err != nil {
			return nil, err
		}
		out := dhcpOut(d)
		return &CreateDhcpOptionsResult{DhcpOptions: &out}, nil
	})
	handleNoOutput(a, "DeleteDhcpOptions", func(ctx context.Context, r *Request, in *DeleteDhcpOptionsRequest) error {
		return a.ctl.DeleteDhcpOptions(ctx, r.Scope, deref(in.DhcpOptionsId))
	})
	handleNoOutput(a, "AssociateDhcpOptions", func(ctx context.Context, r *Request, in *AssociateDhcpOptionsRequest) error {
		return a.ctl.AssociateDhcpOptions(ctx, r.Scope, deref(in.DhcpOptionsId), deref(in.VpcId))
	})
	handle(a, "DescribeDhcpOptions", a.describeDhcpOptions)
}

func dhcpOut(d *model.DhcpOptions) DhcpOptions {
	out := DhcpOptions{DhcpOptionsId: str(d.ID), OwnerId: str(d.Account), Tags: tagSet(&d.Meta)}
	for _, c := range d.Configurations {
		dc := DhcpConfiguration{Key: str(c.Key)}
		for _, v := range c.Values {
			dc.Values = append(dc.Values, AttributeValue{Value: str(v)})
		}
		out.DhcpConfigurations = append(out.DhcpConfigurations, dc)
	}
	return out
}

var dhcpFilters = filterTable[model.DhcpOptions]{
	"dhcp-options-id": func(d *model.DhcpOptions) []string { return one(d.ID) },
	"key": func(d *model.DhcpOptions) []string {
		var out []string
		for _, c := range d.Configurations {
			out = append(out, c.Key)
		}
		return out
	},
	"value": func(d *model.DhcpOptions) []string {
		var out []string
		for _, c := range d.Configurations {
			out = append(out, c.Values...)
		}
		return out
	},
	"owner-id": func(d *model.DhcpOptions) []string { return one(d.Account) },
}

func (a *API) describeDhcpOptions(ctx context.Context, r *Request, in *DescribeDhcpOptionsRequest) (*DescribeDhcpOptionsResult, error) {
	m, err := compileFilters(dhcpFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	vs, next, err := describe(a.ctl.View(ctx).DhcpOptions, r.Scope, in.DhcpOptionsIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeDhcpOptionsResult{NextToken: next}
	for _, v := range vs {
		out.DhcpOptions = append(out.DhcpOptions, dhcpOut(v))
	}
	return out, nil
}
