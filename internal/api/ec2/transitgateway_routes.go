package ec2

import (
	"context"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

// registerTGWRoutes registers the transit gateway route, search,
// association and propagation listing and prefix list reference
// operations.
func (a *API) registerTGWRoutes() {
	handle(a, "CreateTransitGatewayRoute", func(ctx context.Context, r *Request, in *CreateTransitGatewayRouteRequest) (*CreateTransitGatewayRouteResult, error) {
		res, err := a.ctl.CreateTransitGatewayRoute(ctx, r.Scope, control.TGWRouteInput{
			RouteTableID: deref(in.TransitGatewayRouteTableId), Destination: deref(in.DestinationCidrBlock),
			AttachmentID: deref(in.TransitGatewayAttachmentId), Blackhole: derefBool(in.Blackhole),
		})
		if err != nil {
			return nil, err
		}
		return &CreateTransitGatewayRouteResult{Route: staticRouteOut(res, r.Scope)}, nil
	})
	handle(a, "ReplaceTransitGatewayRoute", func(ctx context.Context, r *Request, in *ReplaceTransitGatewayRouteRequest) (*ReplaceTransitGatewayRouteResult, error) {
		res, err := a.ctl.ReplaceTransitGatewayRoute(ctx, r.Scope, control.TGWRouteInput{
			RouteTableID: deref(in.TransitGatewayRouteTableId), Destination: deref(in.DestinationCidrBlock),
			AttachmentID: deref(in.TransitGatewayAttachmentId), Blackhole: derefBool(in.Blackhole),
		})
		if err != nil {
			return nil, err
		}
		return &ReplaceTransitGatewayRouteResult{Route: staticRouteOut(res, r.Scope)}, nil
	})
	handle(a, "DeleteTransitGatewayRoute", func(ctx context.Context, r *Request, in *DeleteTransitGatewayRouteRequest) (*DeleteTransitGatewayRouteResult, error) {
		res, err := a.ctl.DeleteTransitGatewayRoute(ctx, r.Scope, deref(in.TransitGatewayRouteTableId), deref(in.DestinationCidrBlock))
		if err != nil {
			return nil, err
		}
		return &DeleteTransitGatewayRouteResult{Route: staticRouteOut(res, r.Scope)}, nil
	})
	handle(a, "SearchTransitGatewayRoutes", a.searchTransitGatewayRoutes)
	handle(a, "GetTransitGatewayRouteTableAssociations", a.getTGWAssociations)
	handle(a, "GetTransitGatewayRouteTablePropagations", a.getTGWPropagations)
	handle(a, "GetTransitGatewayAttachmentPropagations", a.getTGWAttachmentPropagations)

	handle(a, "CreateTransitGatewayPrefixListReference", func(ctx context.Context, r *Request, in *CreateTransitGatewayPrefixListReferenceRequest) (*CreateTransitGatewayPrefixListReferenceResult, error) {
		res, err := a.ctl.CreateTransitGatewayPrefixListReference(ctx, r.Scope, control.TGWRouteInput{
			RouteTableID: deref(in.TransitGatewayRouteTableId), PrefixListID: deref(in.PrefixListId),
			AttachmentID: deref(in.TransitGatewayAttachmentId), Blackhole: derefBool(in.Blackhole),
		})
		if err != nil {
			return nil, err
		}
		return &CreateTransitGatewayPrefixListReferenceResult{TransitGatewayPrefixListReference: prefixListRefOut(res, r.Scope)}, nil
	})
	handle(a, "ModifyTransitGatewayPrefixListReference", func(ctx context.Context, r *Request, in *ModifyTransitGatewayPrefixListReferenceRequest) (*ModifyTransitGatewayPrefixListReferenceResult, error) {
		res, err := a.ctl.ModifyTransitGatewayPrefixListReference(ctx, r.Scope, control.TGWRouteInput{
			RouteTableID: deref(in.TransitGatewayRouteTableId), PrefixListID: deref(in.PrefixListId),
			AttachmentID: deref(in.TransitGatewayAttachmentId), Blackhole: derefBool(in.Blackhole),
		})
		if err != nil {
			return nil, err
		}
		return &ModifyTransitGatewayPrefixListReferenceResult{TransitGatewayPrefixListReference: prefixListRefOut(res, r.Scope)}, nil
	})
	handle(a, "DeleteTransitGatewayPrefixListReference", func(ctx context.Context, r *Request, in *DeleteTransitGatewayPrefixListReferenceRequest) (*DeleteTransitGatewayPrefixListReferenceResult, error) {
		res, err := a.ctl.DeleteTransitGatewayPrefixListReference(ctx, r.Scope, deref(in.TransitGatewayRouteTableId), deref(in.PrefixListId))
		if err != nil {
			return nil, err
		}
		return &DeleteTransitGatewayPrefixListReferenceResult{TransitGatewayPrefixListReference: prefixListRefOut(res, r.Scope)}, nil
	})
	handle(a, "GetTransitGatewayPrefixListReferences", a.getPrefixListReferences)
}

func staticRouteOut(res *control.TGWRouteResult, scope model.Scope) *TransitGatewayRoute {
	out := &TransitGatewayRoute{
		DestinationCidrBlock: str(res.Route.Destination.String()),
		Type:                 str("static"),
		State:                str(res.State),
	}
	if res.Attachment != nil && !res.Route.Blackhole {
		s := sideOf(res.Attachment, scope)
		out.TransitGatewayAttachments = []TransitGatewayRouteAttachment{{
			ResourceId: str(s.ResourceID), TransitGatewayAttachmentId: str(res.Attachment.ID), ResourceType: str(res.Attachment.ResourceType),
		}}
	}
	return out
}

func prefixListRefOut(res *control.TGWRouteResult, scope model.Scope) *TransitGatewayPrefixListReference {
	r := res.Route
	out := &TransitGatewayPrefixListReference{
		TransitGatewayRouteTableId: str(r.RouteTableID),
		PrefixListId:               str(r.PrefixListID),
		PrefixListOwnerId:          optStr(res.OwnerID),
		State:                      str(res.State),
		Blackhole:                  boolp(r.Blackhole),
	}
	if res.Attachment != nil && !r.Blackhole {
		s := sideOf(res.Attachment, scope)
		out.TransitGatewayAttachment = &TransitGatewayPrefixListAttachment{
			TransitGatewayAttachmentId: str(res.Attachment.ID), ResourceType: str(res.Attachment.ResourceType), ResourceId: str(s.ResourceID),
		}
	}
	return out
}

// tgwRouteFilters are SearchTransitGatewayRoutes' filters other than the
// route-search.* ones.
var tgwRouteFilters = filterTable[model.TGWEffectiveRoute]{
	"attachment.transit-gateway-attachment-id": func(r *model.TGWEffectiveRoute) []string {
		return routeHops(r, func(h model.TGWNextHop) string { return h.AttachmentID })
	},
	"attachment.resource-id": func(r *model.TGWEffectiveRoute) []string {
		return routeHops(r, func(h model.TGWNextHop) string { return h.ResourceID })
	},
	"attachment.resource-type": func(r *model.TGWEffectiveRoute) []string {
		return routeHops(r, func(h model.TGWNextHop) string { return h.ResourceType })
	},
	"prefix-list-id": func(r *model.TGWEffectiveRoute) []string { return optOne(r.PrefixListID) },
	"state":          func(r *model.TGWEffectiveRoute) []string { return one(r.State) },
	"type":           func(r *model.TGWEffectiveRoute) []string { return one(r.Type) },
}

// routeHops returns field of each attachment of r: its own and, for an
// equal-cost VPN route, the others of the set, so that the attachment
// filters match a route through any of them.
func routeHops(r *model.TGWEffectiveRoute, field func(model.TGWNextHop) string) []string {
	out := optOne(field(model.TGWNextHop{AttachmentID: r.AttachmentID, ResourceType: r.ResourceType, ResourceID: r.ResourceID}))
	for _, h := range r.ECMP {
		if v := field(h); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// routeSearch is one route-search.* filter: its kind and CIDRs.
type routeSearch struct {
	kind  string
	cidrs []netip.Prefix
}

func (s routeSearch) match(d netip.Prefix) bool {
	for _, c := range s.cidrs {
		switch s.kind {
		case "exact-match":
			if d == c {
				return true
			}
		case "subnet-of-match":
			if d.Bits() >= c.Bits() && c.Contains(d.Addr()) {
				return true
			}
		case "supernet-of-match", "longest-prefix-match":
			if d.Bits() <= c.Bits() && d.Contains(c.Addr()) {
				return true
			}
		}
	}
	return false
}

func (a *API) searchTransitGatewayRoutes(ctx context.Context, r *Request, in *SearchTransitGatewayRoutesRequest) (*SearchTransitGatewayRoutesResult, error) {
	var searches []routeSearch
	var rest []Filter
	for _, f := range in.Filters {
		kind, ok := strings.CutPrefix(deref(f.Name), "route-search.")
		if !ok {
			rest = append(rest, f)
			continue
		}
		switch kind {
		case "exact-match", "longest-prefix-match", "subnet-of-match", "supernet-of-match":
		default:
			return nil, awserr.InvalidParameterValue("The filter '%s' is invalid", deref(f.Name))
		}
		s := routeSearch{kind: kind}
		for _, v := range f.Values {
			p, err := netip.ParsePrefix(v)
			if err != nil {
				return nil, awserr.InvalidParameterValue("Value (%s) for filter %s is invalid. This is not a valid CIDR block.", v, deref(f.Name))
			}
			s.cidrs = append(s.cidrs, p.Masked())
		}
		searches = append(searches, s)
	}
	m, err := compileFilters(tgwRouteFilters, rest)
	if err != nil {
		return nil, err
	}
	max := derefI32(in.MaxResults, tgwMaxResults)
	w := a.ctl.View(ctx)
	rt, err := control.TGWRouteTableOf(w, r.Scope, deref(in.TransitGatewayRouteTableId))
	if err != nil {
		return nil, err
	}
	routes := control.TGWTableRoutes(w, rt)
	var sel []model.TGWEffectiveRoute
	for i := range routes {
		rr := &routes[i]
		ok := m.match(rr)
		for _, s := range searches {
			ok = ok && s.match(rr.Destination)
		}
		if ok {
			sel = append(sel, *rr)
		}
	}
	// longest-prefix-match keeps, per searched CIDR, the most specific
	// matching route.
	for _, s := range searches {
		if s.kind != "longest-prefix-match" {
			continue
		}
		keep := map[netip.Prefix]bool{}
		for _, c := range s.cidrs {
			best := -1
			for i, rr := range sel {
				if rr.Destination.Bits() <= c.Bits() && rr.Destination.Contains(c.Addr()) && (best < 0 || rr.Destination.Bits() > sel[best].Destination.Bits()) {
					best = i
				}
			}
			if best >= 0 {
				keep[sel[best].Destination] = true
			}
		}
		var kept []model.TGWEffectiveRoute
		for _, rr := range sel {
			if keep[rr.Destination] {
				kept = append(kept, rr)
			}
		}
		sel = kept
	}
	out := &SearchTransitGatewayRoutesResult{AdditionalRoutesAvailable: boolp(false)}
	if int32(len(sel)) > max {
		sel = sel[:max]
		out.AdditionalRoutesAvailable = boolp(true)
	}
	for _, rr := range sel {
		o := TransitGatewayRoute{
			DestinationCidrBlock: str(rr.Destination.String()),
			PrefixListId:         optStr(rr.PrefixListID),
			Type:                 str(rr.Type),
			State:                str(rr.State),
		}
		if rr.AttachmentID != "" {
			resID := rr.ResourceID
			if at, ok := w.TGWAttachments.Get(rr.AttachmentID); ok {
				resID = sideOf(at, r.Scope).ResourceID
			}
			o.TransitGatewayAttachments = []TransitGatewayRouteAttachment{{
				ResourceId: optStr(resID), TransitGatewayAttachmentId: str(rr.AttachmentID), ResourceType: optStr(rr.ResourceType),
			}}
			for _, e := range rr.ECMP { // equal-cost VPN attachments (VPN ECMP support)
				o.TransitGatewayAttachments = append(o.TransitGatewayAttachments, TransitGatewayRouteAttachment{
					ResourceId: optStr(e.ResourceID), TransitGatewayAttachmentId: str(e.AttachmentID), ResourceType: optStr(e.ResourceType)})
			}
		}
		out.Routes = append(out.Routes, o)
	}
	return out, nil
}

// tgwTableItem is an attachment's association or propagation in a table.
type tgwTableItem struct {
	at    *model.TransitGatewayAttachment
	state string
}

// tgwTableItemFilters are the association and propagation listings' filters.
func tgwTableItemFilters(scope model.Scope) filterTable[tgwTableItem] {
	return filterTable[tgwTableItem]{
		"resource-id":                   func(it *tgwTableItem) []string { return one(sideOf(it.at, scope).ResourceID) },
		"resource-type":                 func(it *tgwTableItem) []string { return one(it.at.ResourceType) },
		"transit-gateway-attachment-id": func(it *tgwTableItem) []string { return one(it.at.ID) },
	}
}

// tableItems lists one table's associations (or propagations), filtered
// and paginated.
func (a *API) tableItems(ctx context.Context, r *Request, rtID string, filters []Filter, maxResults *int32, nextToken *string, propagations bool) ([]tgwTableItem, *string, error) {
	m, err := compileFilters(tgwTableItemFilters(r.Scope), filters)
	if err != nil {
		return nil, nil, err
	}
	p, err := newPage(maxResults, nextToken, tgwMinResults, tgwMaxResults)
	if err != nil {
		return nil, nil, err
	}
	w := a.ctl.View(ctx)
	rt, err := control.TGWRouteTableOf(w, r.Scope, rtID)
	if err != nil {
		return nil, nil, err
	}
	var items []tgwTableItem
	for _, at := range control.TGWAttachmentsOf(w, rt) {
		it := tgwTableItem{at: at}
		if propagations {
			for _, pr := range rt.Propagations {
				if pr.AttachmentID == at.ID {
					it.state = pr.State
				}
			}
		} else if as := at.AssociationFor(rt.TransitGatewayID); as != nil && as.RouteTableID == rt.ID {
			it.state = as.State
		}
		if it.state != "" && m.match(&it) {
			items = append(items, it)
		}
	}
	page, next := pageOf(items, func(it tgwTableItem) string { return it.at.ID }, p)
	return page, next, nil
}

func (a *API) getTGWAssociations(ctx context.Context, r *Request, in *GetTransitGatewayRouteTableAssociationsRequest) (*GetTransitGatewayRouteTableAssociationsResult, error) {
	items, next, err := a.tableItems(ctx, r, deref(in.TransitGatewayRouteTableId), in.Filters, in.MaxResults, in.NextToken, false)
	if err != nil {
		return nil, err
	}
	out := &GetTransitGatewayRouteTableAssociationsResult{NextToken: next}
	for _, it := range items {
		out.Associations = append(out.Associations, TransitGatewayRouteTableAssociation{
			TransitGatewayAttachmentId: str(it.at.ID), ResourceId: str(sideOf(it.at, r.Scope).ResourceID),
			ResourceType: str(it.at.ResourceType), State: str(it.state),
		})
	}
	return out, nil
}

func (a *API) getTGWPropagations(ctx context.Context, r *Request, in *GetTransitGatewayRouteTablePropagationsRequest) (*GetTransitGatewayRouteTablePropagationsResult, error) {
	items, next, err := a.tableItems(ctx, r, deref(in.TransitGatewayRouteTableId), in.Filters, in.MaxResults, in.NextToken, true)
	if err != nil {
		return nil, err
	}
	out := &GetTransitGatewayRouteTablePropagationsResult{NextToken: next}
	for _, it := range items {
		out.TransitGatewayRouteTablePropagations = append(out.TransitGatewayRouteTablePropagations, TransitGatewayRouteTablePropagation{
			TransitGatewayAttachmentId: str(it.at.ID), ResourceId: str(sideOf(it.at, r.Scope).ResourceID),
			ResourceType: str(it.at.ResourceType), State: str(it.state),
		})
	}
	return out, nil
}

var attachmentPropagationFilters = filterTable[model.TransitGatewayRouteTable]{
	"transit-gateway-route-table-id": func(rt *model.TransitGatewayRouteTable) []string { return one(rt.ID) },
}

func (a *API) getTGWAttachmentPropagations(ctx context.Context, r *Request, in *GetTransitGatewayAttachmentPropagationsRequest) (*GetTransitGatewayAttachmentPropagationsResult, error) {
	m, err := compileFilters(attachmentPropagationFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, tgwMinResults, tgwMaxResults)
	if err != nil {
		return nil, err
	}
	w := a.ctl.View(ctx)
	at, err := control.GetTGWAttachment(w, r.Scope, deref(in.TransitGatewayAttachmentId))
	if err != nil {
		return nil, err
	}
	var rts []*model.TransitGatewayRouteTable
	for _, rt := range control.TGWAttachmentPropagations(w, at) {
		if rt.InScope(r.Scope) && m.match(rt) {
			rts = append(rts, rt)
		}
	}
	page, next := pageOf(rts, func(rt *model.TransitGatewayRouteTable) string { return rt.ID }, p)
	out := &GetTransitGatewayAttachmentPropagationsResult{NextToken: next}
	for _, rt := range page {
		state := "enabled"
		for _, pr := range rt.Propagations {
			if pr.AttachmentID == at.ID {
				state = pr.State
			}
		}
		out.TransitGatewayAttachmentPropagations = append(out.TransitGatewayAttachmentPropagations, TransitGatewayAttachmentPropagation{
			TransitGatewayRouteTableId: str(rt.ID), State: str(state),
		})
	}
	return out, nil
}

// prefixListRefFilters are GetTransitGatewayPrefixListReferences' filters.
func prefixListRefFilters(scope model.Scope) filterTable[control.TGWRouteResult] {
	att := func(f func(at *model.TransitGatewayAttachment) string) func(r *control.TGWRouteResult) []string {
		return func(r *control.TGWRouteResult) []string {
			if r.Attachment == nil || r.Route.Blackhole {
				return nil
			}
			return one(f(r.Attachment))
		}
	}
	return filterTable[control.TGWRouteResult]{
		"attachment.resource-id":                   att(func(at *model.TransitGatewayAttachment) string { return sideOf(at, scope).ResourceID }),
		"attachment.resource-type":                 att(func(at *model.TransitGatewayAttachment) string { return at.ResourceType }),
		"attachment.transit-gateway-attachment-id": att(func(at *model.TransitGatewayAttachment) string { return at.ID }),
		"is-blackhole":                             func(r *control.TGWRouteResult) []string { return one(boolStr(r.Route.Blackhole)) },
		"prefix-list-id":                           func(r *control.TGWRouteResult) []string { return one(r.Route.PrefixListID) },
		"prefix-list-owner-id":                     func(r *control.TGWRouteResult) []string { return optOne(r.OwnerID) },
		"state":                                    func(r *control.TGWRouteResult) []string { return one(r.State) },
	}
}

func (a *API) getPrefixListReferences(ctx context.Context, r *Request, in *GetTransitGatewayPrefixListReferencesRequest) (*GetTransitGatewayPrefixListReferencesResult, error) {
	m, err := compileFilters(prefixListRefFilters(r.Scope), in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, tgwMinResults, tgwMaxResults)
	if err != nil {
		return nil, err
	}
	w := a.ctl.View(ctx)
	rt, err := control.TGWRouteTableOf(w, r.Scope, deref(in.TransitGatewayRouteTableId))
	if err != nil {
		return nil, err
	}
	var refs []*control.TGWRouteResult
	for _, route := range control.TGWStaticRoutes(w, rt) {
		if route.PrefixListID == "" {
			continue
		}
		res := &control.TGWRouteResult{Route: route, State: "available"}
		if at, ok := w.TGWAttachments.Get(route.AttachmentID); ok {
			res.Attachment = at
		}
		if pl, ok := w.PrefixLists.Get(route.PrefixListID); ok {
			res.OwnerID = pl.OwnerID
		}
		if m.match(res) {
			refs = append(refs, res)
		}
	}
	page, next := pageOf(refs, func(res *control.TGWRouteResult) string { return res.Route.ID }, p)
	out := &GetTransitGatewayPrefixListReferencesResult{NextToken: next}
	for _, res := range page {
		out.TransitGatewayPrefixListReferences = append(out.TransitGatewayPrefixListReferences, *prefixListRefOut(res, r.Scope))
	}
	return out, nil
}
