package ec2

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Transit gateway pagination bounds (EC2 TransitGatewayMaxResults).
const (
	tgwMinResults = 5
	tgwMaxResults = 1000
)

// registerTransitGateways registers the transit gateway operations.
func (a *API) registerTransitGateways() {
	handle(a, "CreateTransitGateway", func(ctx context.Context, r *Request, in *CreateTransitGatewayRequest) (*CreateTransitGatewayResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "transit-gateway")
		if err != nil {
			return nil, err
		}
		ci := control.CreateTransitGatewayInput{Description: deref(in.Description), Tags: tags}
		if o := in.Options; o != nil {
			if o.AmazonSideAsn != nil {
				ci.AmazonSideAsn = *o.AmazonSideAsn
			}
			ci.AutoAcceptSharedAttachments = deref(o.AutoAcceptSharedAttachments)
			ci.DefaultRouteTableAssociation = deref(o.DefaultRouteTableAssociation)
			ci.DefaultRouteTablePropagation = deref(o.DefaultRouteTablePropagation)
			ci.DNSSupport = deref(o.DnsSupport)
			ci.VpnEcmpSupport = deref(o.VpnEcmpSupport)
			ci.MulticastSupport = deref(o.MulticastSupport)
			ci.SecurityGroupReferencingSupport = deref(o.SecurityGroupReferencingSupport)
			ci.CidrBlocks = o.TransitGatewayCidrBlocks
		}
		g, err := a.ctl.CreateTransitGateway(ctx, r.Scope, ci)
		if err != nil {
			return nil, err
		}
		out := transitGatewayOut(g)
		out.State = str(model.TGWPending) // EC2 answers the create with pending.
		return &CreateTransitGatewayResult{TransitGateway: out}, nil
	})
	handle(a, "ModifyTransitGateway", func(ctx context.Context, r *Request, in *ModifyTransitGatewayRequest) (*ModifyTransitGatewayResult, error) {
		mi := control.ModifyTransitGatewayInput{Description: in.Description}
		if o := in.Options; o != nil {
			mi.AmazonSideAsn = o.AmazonSideAsn
			mi.AutoAcceptSharedAttachments = deref(o.AutoAcceptSharedAttachments)
			mi.DefaultRouteTableAssociation = deref(o.DefaultRouteTableAssociation)
			mi.DefaultRouteTablePropagation = deref(o.DefaultRouteTablePropagation)
			mi.AssociationDefaultRouteTableID = deref(o.AssociationDefaultRouteTableId)
			mi.PropagationDefaultRouteTableID = deref(o.PropagationDefaultRouteTableId)
			mi.DNSSupport = deref(o.DnsSupport)
			mi.VpnEcmpSupport = deref(o.VpnEcmpSupport)
			mi.SecurityGroupReferencingSupport = deref(o.SecurityGroupReferencingSupport)
			mi.AddCidrBlocks = o.AddTransitGatewayCidrBlocks
			mi.RemoveCidrBlocks = o.RemoveTransitGatewayCidrBlocks
		}
		g, err := a.ctl.ModifyTransitGateway(ctx, r.Scope, deref(in.TransitGatewayId), mi)
		if err != nil {
			return nil, err
		}
		return &ModifyTransitGatewayResult{TransitGateway: transitGatewayOut(g)}, nil
	})
	handle(a, "DeleteTransitGateway", func(ctx context.Context, r *Request, in *DeleteTransitGatewayRequest) (*DeleteTransitGatewayResult, error) {
		g, err := a.ctl.DeleteTransitGateway(ctx, r.Scope, deref(in.TransitGatewayId))
		if err != nil {
			return nil, err
		}
		return &DeleteTransitGatewayResult{TransitGateway: transitGatewayOut(g)}, nil
	})
	handle(a, "DescribeTransitGateways", a.describeTransitGateways)

	handle(a, "CreateTransitGatewayRouteTable", func(ctx context.Context, r *Request, in *CreateTransitGatewayRouteTableRequest) (*CreateTransitGatewayRouteTableResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "transit-gateway-route-table")
		if err != nil {
			return nil, err
		}
		rt, err := a.ctl.CreateTransitGatewayRouteTable(ctx, r.Scope, deref(in.TransitGatewayId), tags)
		if err != nil {
			return nil, err
		}
		out := tgwRouteTableOut(rt)
		out.State = str(model.TGWPending)
		return &CreateTransitGatewayRouteTableResult{TransitGatewayRouteTable: out}, nil
	})
	handle(a, "DeleteTransitGatewayRouteTable", func(ctx context.Context, r *Request, in *DeleteTransitGatewayRouteTableRequest) (*DeleteTransitGatewayRouteTableResult, error) {
		rt, err := a.ctl.DeleteTransitGatewayRouteTable(ctx, r.Scope, deref(in.TransitGatewayRouteTableId))
		if err != nil {
			return nil, err
		}
		return &DeleteTransitGatewayRouteTableResult{TransitGatewayRouteTable: tgwRouteTableOut(rt)}, nil
	})
	handle(a, "DescribeTransitGatewayRouteTables", a.describeTransitGatewayRouteTables)

	a.registerTGWAttachments()
	a.registerTGWRoutes()
}

// transitGatewayFilters are DescribeTransitGateways' filters (EC2 API).
var transitGatewayFilters = filterTable[model.TransitGateway]{
	"options.propagation-default-route-table-id": func(g *model.TransitGateway) []string {
		return optOne(g.Options.PropagationDefaultRouteTableID)
	},
	"options.amazon-side-asn": func(g *model.TransitGateway) []string { return one(strconv.FormatInt(g.Options.AmazonSideAsn, 10)) },
	"options.association-default-route-table-id": func(g *model.TransitGateway) []string {
		return optOne(g.Options.AssociationDefaultRouteTableID)
	},
	"options.auto-accept-shared-attachments":  func(g *model.TransitGateway) []string { return one(g.Options.AutoAcceptSharedAttachments) },
	"options.default-route-table-association": func(g *model.TransitGateway) []string { return one(g.Options.DefaultRouteTableAssociation) },
	"options.default-route-table-propagation": func(g *model.TransitGateway) []string { return one(g.Options.DefaultRouteTablePropagation) },
	"options.dns-support":                     func(g *model.TransitGateway) []string { return one(g.Options.DNSSupport) },
	"options.vpn-ecmp-support":                func(g *model.TransitGateway) []string { return one(g.Options.VpnEcmpSupport) },
	"owner-id":                                func(g *model.TransitGateway) []string { return one(g.Account) },
	"state":                                   func(g *model.TransitGateway) []string { return one(g.State) },
	"transit-gateway-id":                      func(g *model.TransitGateway) []string { return one(g.ID) },
}

func (a *API) describeTransitGateways(ctx context.Context, r *Request, in *DescribeTransitGatewaysRequest) (*DescribeTransitGatewaysResult, error) {
	m, err := compileFilters(transitGatewayFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, tgwMinResults, tgwMaxResults)
	if err != nil {
		return nil, err
	}
	now := a.ctl.Now()
	m.preds = append(m.preds, func(g *model.TransitGateway) bool { return control.TGWVisible(g, now) })
	gs, next, err := describeTGWs(a.ctl.View(ctx), r.Scope, now, in.TransitGatewayIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeTransitGatewaysResult{TransitGateways: make([]TransitGateway, len(gs)), NextToken: next}
	for i, g := range gs {
		out.TransitGateways[i] = *transitGatewayOut(g)
	}
	return out, nil
}

func transitGatewayOut(g *model.TransitGateway) *TransitGateway {
	o := g.Options
	opts := &TransitGatewayOptions{
		AmazonSideAsn:                   i64(o.AmazonSideAsn),
		AutoAcceptSharedAttachments:     str(o.AutoAcceptSharedAttachments),
		DefaultRouteTableAssociation:    str(o.DefaultRouteTableAssociation),
		AssociationDefaultRouteTableId:  optStr(o.AssociationDefaultRouteTableID),
		DefaultRouteTablePropagation:    str(o.DefaultRouteTablePropagation),
		PropagationDefaultRouteTableId:  optStr(o.PropagationDefaultRouteTableID),
		VpnEcmpSupport:                  str(o.VpnEcmpSupport),
		DnsSupport:                      str(o.DNSSupport),
		SecurityGroupReferencingSupport: str(o.SecurityGroupReferencingSupport),
		MulticastSupport:                str(o.MulticastSupport),
	}
	for _, c := range o.CidrBlocks {
		opts.TransitGatewayCidrBlocks = append(opts.TransitGatewayCidrBlocks, c.String())
	}
	return &TransitGateway{
		TransitGatewayId:  str(g.ID),
		TransitGatewayArn: str(control.TGWArn(g)),
		State:             str(g.State),
		OwnerId:           str(g.Account),
		Description:       optStr(g.Description),
		CreationTime:      timep(g.Created),
		Options:           opts,
		Tags:              tagSet(&g.Meta),
	}
}

// tgwRouteTableFilters are DescribeTransitGatewayRouteTables' filters.
var tgwRouteTableFilters = filterTable[model.TransitGatewayRouteTable]{
	"default-association-route-table": func(rt *model.TransitGatewayRouteTable) []string {
		return one(boolStr(rt.DefaultAssociationRouteTable))
	},
	"default-propagation-route-table": func(rt *model.TransitGatewayRouteTable) []string {
		return one(boolStr(rt.DefaultPropagationRouteTable))
	},
	"state":                          func(rt *model.TransitGatewayRouteTable) []string { return one(rt.State) },
	"transit-gateway-id":             func(rt *model.TransitGatewayRouteTable) []string { return one(rt.TransitGatewayID) },
	"transit-gateway-route-table-id": func(rt *model.TransitGatewayRouteTable) []string { return one(rt.ID) },
}

func (a *API) describeTransitGatewayRouteTables(ctx context.Context, r *Request, in *DescribeTransitGatewayRouteTablesRequest) (*DescribeTransitGatewayRouteTablesResult, error) {
	m, err := compileFilters(tgwRouteTableFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, tgwMinResults, tgwMaxResults)
	if err != nil {
		return nil, err
	}
	now := a.ctl.Now()
	m.preds = append(m.preds, func(rt *model.TransitGatewayRouteTable) bool { return control.TGWRouteTableVisible(rt, now) })
	rts, next, err := describe(a.ctl.View(ctx).TGWRouteTables, r.Scope, in.TransitGatewayRouteTableIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeTransitGatewayRouteTablesResult{TransitGatewayRouteTables: make([]TransitGatewayRouteTable, len(rts)), NextToken: next}
	for i, rt := range rts {
		out.TransitGatewayRouteTables[i] = *tgwRouteTableOut(rt)
	}
	return out, nil
}

func tgwRouteTableOut(rt *model.TransitGatewayRouteTable) *TransitGatewayRouteTable {
	return &TransitGatewayRouteTable{
		TransitGatewayRouteTableId:   str(rt.ID),
		TransitGatewayId:             str(rt.TransitGatewayID),
		State:                        str(rt.State),
		DefaultAssociationRouteTable: boolp(rt.DefaultAssociationRouteTable),
		DefaultPropagationRouteTable: boolp(rt.DefaultPropagationRouteTable),
		CreationTime:                 timep(rt.Created),
		Tags:                         tagSet(&rt.Meta),
	}
}

// pageOf returns one page of items (already in a stable order, each with
// a unique key) after p's cursor, and the next token.
func pageOf[T any](items []T, key func(T) string, p page) ([]T, *string) {
	start := 0
	if p.after != "" {
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) > p.after })
	}
	items = items[start:]
	if p.max > 0 && len(items) > int(p.max) {
		items = items[:p.max]
		return items, token(key(items[len(items)-1]))
	}
	return items, nil
}

// visibleSelect is describe for attachments, which the accepter of a
// peering attachment sees too, each party with its own tags: explicit ids must each be visible to scope
// (else the kind's not-found error), then the filters, then one page in
// id order.
func visibleSelect(w *store.World, scope model.Scope, now time.Time, ids []string, m matcher[model.TransitGatewayAttachment], p page) ([]*model.TransitGatewayAttachment, *string, error) {
	var all []*model.TransitGatewayAttachment
	if len(ids) > 0 {
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			at, ok := w.TGWAttachments.Get(id)
			if !ok || !control.TGWAttachmentVisibleTo(at, scope) || !control.TGWAttachmentVisible(at, now) {
				if _, err := control.Lookup(w.TGWAttachments, model.Scope{}, id); err != nil {
					return nil, nil, err
				}
			}
			all = append(all, control.TGWAttachmentForScope(at, scope))
		}
		sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	} else {
		w.TGWAttachments.All(func(at *model.TransitGatewayAttachment) bool {
			if control.TGWAttachmentVisibleTo(at, scope) && control.TGWAttachmentVisible(at, now) {
				all = append(all, control.TGWAttachmentForScope(at, scope))
			}
			return true
		})
	}
	var sel []*model.TransitGatewayAttachment
	for _, at := range all {
		if m.match(at) {
			sel = append(sel, at)
		}
	}
	page, next := pageOf(sel, func(at *model.TransitGatewayAttachment) string { return at.ID }, p)
	return page, next, nil
}
