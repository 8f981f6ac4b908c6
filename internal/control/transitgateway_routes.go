package control

import (
	"context"
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Transit gateway routes [TGW tgw-route-tables.md, tgw-prefix-lists.md,
// how-transit-gateways-work.md "Route evaluation order",
// transit-gateway-quotas.md]: static routes go to an attachment or are
// blackholes, one per destination and table; a prefix list reference
// routes every CIDR of a prefix list; propagated routes are derived from
// the table's propagations; static routes win over prefix-list routes,
// which win over propagated ones. At most 10,000 static routes per
// gateway.

// TGWRouteInput is a static route or prefix list reference request.
type TGWRouteInput struct {
	RouteTableID string
	Destination  string // a CIDR (routes) ...
	PrefixListID string // ... or a prefix list (references)
	AttachmentID string
	Blackhole    bool
}

// TGWRouteResult is a changed route with the state the answer shows.
type TGWRouteResult struct {
	Route      *model.TransitGatewayRoute
	Attachment *model.TransitGatewayAttachment // nil for blackholes
	State      string
	OwnerID    string // the prefix list's owner (references)
}

func parseTGWDestination(s string) (netip.Prefix, error) {
	if s == "" {
		return netip.Prefix{}, awserr.MissingParameter("DestinationCidrBlock")
	}
	return parseCIDR(s, "destinationCidrBlock")
}

// resolveTGWRouteTarget checks the request's one target: an attachment of
// the table's gateway, or a blackhole.
func resolveTGWRouteTarget(w *store.World, scope model.Scope, rt *model.TransitGatewayRouteTable, in TGWRouteInput) (*model.TransitGatewayAttachment, error) {
	switch {
	case in.Blackhole && in.AttachmentID != "":
		return nil, awserr.InvalidParameterCombination("A blackhole route cannot have a transit gateway attachment.")
	case !in.Blackhole && in.AttachmentID == "":
		return nil, awserr.MissingParameter("TransitGatewayAttachmentId")
	case in.Blackhole:
		return nil, nil
	}
	return attachmentForTable(w, scope, rt, in.AttachmentID)
}

func tgwRouteState(r *model.TransitGatewayRoute, a *model.TransitGatewayAttachment) string {
	if r.Blackhole || a == nil || a.State != model.TGWAvailable {
		return "blackhole"
	}
	return "active"
}

// staticRoutesOnTGW counts the static routes of a gateway's live tables.
func staticRoutesOnTGW(w *store.World, tgwID string) int {
	n := 0
	w.TGWRouteTables.ByParent(tgwID, func(rt *model.TransitGatewayRouteTable) bool {
		if !tgwGone(rt.State) {
			w.TGWRoutes.ByParent(rt.ID, func(*model.TransitGatewayRoute) bool { n++; return true })
		}
		return true
	})
	return n
}

// CreateTransitGatewayRoute creates a static route (to an attachment, or a
// blackhole) in a transit gateway route table.
func (s *Service) CreateTransitGatewayRoute(ctx context.Context, scope model.Scope, in TGWRouteInput) (*TGWRouteResult, error) {
	dest, err := parseTGWDestination(in.Destination)
	if err != nil {
		return nil, err
	}
	var out *TGWRouteResult
	err = s.update(ctx, func(tx *store.Tx) error {
		rt, err := getTGWRouteTable(tx.World, scope, in.RouteTableID)
		if err != nil {
			return err
		}
		a, err := resolveTGWRouteTarget(tx.World, scope, rt, in)
		if err != nil {
			return err
		}
		id := model.TGWRouteID(rt.ID, dest.String())
		if _, ok := tx.TGWRoutes.Get(id); ok {
			return awserr.New("RouteAlreadyExists", "Route %s already exists in Transit Gateway Route Table %s.", dest, rt.ID)
		}
		if staticRoutesOnTGW(tx.World, rt.TransitGatewayID) >= maxTGWStaticRoutesPerTGW {
			return awserr.New("RouteLimitExceeded", "You've reached the limit on the number of static routes (%d) for transit gateway %s.", maxTGWStaticRoutesPerTGW, rt.TransitGatewayID)
		}
		r := &model.TransitGatewayRoute{
			Meta:         newMeta(tx, scope, id, nil),
			RouteTableID: rt.ID,
			Destination:  dest,
			Blackhole:    in.Blackhole,
		}
		if a != nil {
			r.AttachmentID = a.ID
		}
		tx.TGWRoutes.Put(r)
		out = &TGWRouteResult{Route: r, Attachment: a, State: tgwRouteState(r, a)}
		return nil
	})
	return out, err
}

// ReplaceTransitGatewayRoute changes the target of an existing static route.
func (s *Service) ReplaceTransitGatewayRoute(ctx context.Context, scope model.Scope, in TGWRouteInput) (*TGWRouteResult, error) {
	dest, err := parseTGWDestination(in.Destination)
	if err != nil {
		return nil, err
	}
	var out *TGWRouteResult
	err = s.update(ctx, func(tx *store.Tx) error {
		rt, err := getTGWRouteTable(tx.World, scope, in.RouteTableID)
		if err != nil {
			return err
		}
		a, err := resolveTGWRouteTarget(tx.World, scope, rt, in)
		if err != nil {
			return err
		}
		cur, ok := tx.TGWRoutes.Get(model.TGWRouteID(rt.ID, dest.String()))
		if !ok {
			return tgwRouteNotFound(dest.String(), rt.ID)
		}
		c := model.Clone(cur)
		c.Blackhole, c.AttachmentID = in.Blackhole, ""
		if a != nil {
			c.AttachmentID = a.ID
		}
		tx.TGWRoutes.Put(c)
		out = &TGWRouteResult{Route: c, Attachment: a, State: tgwRouteState(c, a)}
		return nil
	})
	return out, err
}

func tgwRouteNotFound(dest, rtID string) error {
	return awserr.New("InvalidRoute.NotFound", "No route with destination %s exists in Transit Gateway Route Table %s.", dest, rtID)
}

// DeleteTransitGatewayRoute deletes a static route.
func (s *Service) DeleteTransitGatewayRoute(ctx context.Context, scope model.Scope, rtID, destination string) (*TGWRouteResult, error) {
	dest, err := parseTGWDestination(destination)
	if err != nil {
		return nil, err
	}
	var out *TGWRouteResult
	err = s.update(ctx, func(tx *store.Tx) error {
		rt, err := getTGWRouteTable(tx.World, scope, rtID)
		if err != nil {
			return err
		}
		r, ok := tx.TGWRoutes.Get(model.TGWRouteID(rt.ID, dest.String()))
		if !ok {
			return tgwRouteNotFound(dest.String(), rt.ID)
		}
		a, _ := tx.TGWAttachments.Get(r.AttachmentID)
		tx.TGWRoutes.Delete(r.ID)
		out = &TGWRouteResult{Route: r, Attachment: a, State: "deleted"}
		return nil
	})
	return out, err
}

// CreateTransitGatewayPrefixListReference routes a prefix list's CIDRs
// through a table to an attachment, or drops them (blackhole) [TGW
// tgw-prefix-lists.md].
func (s *Service) CreateTransitGatewayPrefixListReference(ctx context.Context, scope model.Scope, in TGWRouteInput) (*TGWRouteResult, error) {
	var out *TGWRouteResult
	err := s.update(ctx, func(tx *store.Tx) error {
		rt, pl, a, err := resolvePrefixListRef(tx.World, scope, in)
		if err != nil {
			return err
		}
		id := model.TGWRouteID(rt.ID, pl.ID)
		if _, ok := tx.TGWRoutes.Get(id); ok {
			return awserr.New("RouteAlreadyExists", "A reference to prefix list %s already exists in Transit Gateway Route Table %s.", pl.ID, rt.ID)
		}
		r := &model.TransitGatewayRoute{Meta: newMeta(tx, scope, id, nil), RouteTableID: rt.ID, PrefixListID: pl.ID, Blackhole: in.Blackhole}
		if a != nil {
			r.AttachmentID = a.ID
		}
		tx.TGWRoutes.Put(r)
		out = &TGWRouteResult{Route: r, Attachment: a, State: "pending", OwnerID: pl.OwnerID}
		return nil
	})
	return out, err
}

// resolvePrefixListRef finds the table, the prefix list and the target
// attachment (nil for a blackhole) a prefix list reference request names.
func resolvePrefixListRef(w *store.World, scope model.Scope, in TGWRouteInput) (*model.TransitGatewayRouteTable, *model.ManagedPrefixList, *model.TransitGatewayAttachment, error) {
	rt, err := getTGWRouteTable(w, scope, in.RouteTableID)
	if err != nil {
		return nil, nil, nil, err
	}
	pl, err := GetPrefixList(w, scope, in.PrefixListID)
	if err != nil {
		return nil, nil, nil, err
	}
	a, err := resolveTGWRouteTarget(w, scope, rt, in)
	if err != nil {
		return nil, nil, nil, err
	}
	return rt, pl, a, nil
}

// ModifyTransitGatewayPrefixListReference changes a reference's target.
func (s *Service) ModifyTransitGatewayPrefixListReference(ctx context.Context, scope model.Scope, in TGWRouteInput) (*TGWRouteResult, error) {
	var out *TGWRouteResult
	err := s.update(ctx, func(tx *store.Tx) error {
		rt, pl, a, err := resolvePrefixListRef(tx.World, scope, in)
		if err != nil {
			return err
		}
		cur, ok := tx.TGWRoutes.Get(model.TGWRouteID(rt.ID, pl.ID))
		if !ok {
			return prefixListRefNotFound(pl.ID, rt.ID)
		}
		c := model.Clone(cur)
		c.Blackhole, c.AttachmentID = in.Blackhole, ""
		if a != nil {
			c.AttachmentID = a.ID
		}
		tx.TGWRoutes.Put(c)
		out = &TGWRouteResult{Route: c, Attachment: a, State: "modifying", OwnerID: pl.OwnerID}
		return nil
	})
	return out, err
}

func prefixListRefNotFound(plID, rtID string) error {
	return awserr.New("InvalidRoute.NotFound", "No reference to prefix list %s exists in Transit Gateway Route Table %s.", plID, rtID)
}

// DeleteTransitGatewayPrefixListReference deletes a reference.
func (s *Service) DeleteTransitGatewayPrefixListReference(ctx context.Context, scope model.Scope, rtID, plID string) (*TGWRouteResult, error) {
	if plID == "" {
		return nil, awserr.MissingParameter("PrefixListId")
	}
	var out *TGWRouteResult
	err := s.update(ctx, func(tx *store.Tx) error {
		rt, err := getTGWRouteTable(tx.World, scope, rtID)
		if err != nil {
			return err
		}
		r, ok := tx.TGWRoutes.Get(model.TGWRouteID(rt.ID, plID))
		if !ok || r.PrefixListID == "" {
			return prefixListRefNotFound(plID, rt.ID)
		}
		a, _ := tx.TGWAttachments.Get(r.AttachmentID)
		owner := ""
		if pl, ok := tx.PrefixLists.Get(plID); ok {
			owner = pl.OwnerID
		}
		tx.TGWRoutes.Delete(r.ID)
		out = &TGWRouteResult{Route: r, Attachment: a, State: "deleting", OwnerID: owner}
		return nil
	})
	return out, err
}

// TGWRouteTableOf returns a live route table of scope, with AWS's errors.
func TGWRouteTableOf(w *store.World, scope model.Scope, id string) (*model.TransitGatewayRouteTable, error) {
	return getTGWRouteTable(w, scope, id)
}

// TGWStaticRoutes returns a table's static routes and prefix list
// references, in id order.
func TGWStaticRoutes(w *store.World, rt *model.TransitGatewayRouteTable) []*model.TransitGatewayRoute {
	var out []*model.TransitGatewayRoute
	w.TGWRoutes.ByParent(rt.ID, func(r *model.TransitGatewayRoute) bool {
		out = append(out, r)
		return true
	})
	return out
}

// TGWTableRoutes returns the routes of a table as SearchTransitGatewayRoutes
// shows them: static routes, prefix list references and propagated routes
// merged by AWS's preference (model.TGWRoutes).
func TGWTableRoutes(w *store.World, rt *model.TransitGatewayRouteTable) []model.TGWEffectiveRoute {
	attachment := func(id string) (*model.TransitGatewayAttachment, bool) { return w.TGWAttachments.Get(id) }
	prop := TGWPropagated(w, rt, attachment)
	pl := func(id string) []netip.Prefix {
		l, ok := w.PrefixLists.Get(id)
		if !ok {
			return nil
		}
		out := make([]netip.Prefix, len(l.Entries))
		for i, e := range l.Entries {
			out[i] = e.Cidr
		}
		return out
	}
	return model.TGWRoutes(TGWStaticRoutes(w, rt), prop, pl, attachment)
}

// TGWAttachmentsOf returns the live attachments of a table's gateway
// (its own and peering attachments naming it), in id order.
func TGWAttachmentsOf(w *store.World, rt *model.TransitGatewayRouteTable) []*model.TransitGatewayAttachment {
	return tgwAttachmentsOn(w, rt.TransitGatewayID)
}

// GetTGWAttachment returns a live attachment scope sees, with AWS's errors.
func GetTGWAttachment(w *store.World, scope model.Scope, id string) (*model.TransitGatewayAttachment, error) {
	return getTGWAttachment(w, scope, id)
}

// TGWAttachmentPropagations returns the tables attachment a propagates to.
func TGWAttachmentPropagations(w *store.World, a *model.TransitGatewayAttachment) []*model.TransitGatewayRouteTable {
	var out []*model.TransitGatewayRouteTable
	w.TGWRouteTables.All(func(rt *model.TransitGatewayRouteTable) bool {
		for _, p := range rt.Propagations {
			if p.AttachmentID == a.ID {
				out = append(out, rt)
				break
			}
		}
		return true
	})
	return out
}
