package ec2

import (
	"context"
	"sort"
	"time"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// registerTGWSharing registers the operations of transit gateways shared
// through AWS RAM: the owner accepts or rejects cross-account VPC
// attachments.
func (a *API) registerTGWSharing() {
	handle(a, "AcceptTransitGatewayVpcAttachment", func(ctx context.Context, r *Request, in *AcceptTransitGatewayVpcAttachmentRequest) (*AcceptTransitGatewayVpcAttachmentResult, error) {
		at, err := a.ctl.AcceptTransitGatewayVpcAttachment(ctx, r.Scope, deref(in.TransitGatewayAttachmentId))
		if err != nil {
			return nil, err
		}
		out := vpcAttachmentOut(control.TGWAttachmentForScope(at, r.Scope))
		out.State = str(model.TGWPending)
		return &AcceptTransitGatewayVpcAttachmentResult{TransitGatewayVpcAttachment: out}, nil
	})
	handle(a, "RejectTransitGatewayVpcAttachment", func(ctx context.Context, r *Request, in *RejectTransitGatewayVpcAttachmentRequest) (*RejectTransitGatewayVpcAttachmentResult, error) {
		at, err := a.ctl.RejectTransitGatewayVpcAttachment(ctx, r.Scope, deref(in.TransitGatewayAttachmentId))
		if err != nil {
			return nil, err
		}
		return &RejectTransitGatewayVpcAttachmentResult{TransitGatewayVpcAttachment: vpcAttachmentOut(control.TGWAttachmentForScope(at, r.Scope))}, nil
	})
}

// describeTGWs selects the gateways scope sees (its own and those shared
// with it through RAM) for DescribeTransitGateways; a named gateway scope
// does not see is the kind's NotFound.
func describeTGWs(w *store.World, scope model.Scope, now time.Time, ids []string, m matcher[model.TransitGateway], p page) ([]*model.TransitGateway, *string, error) {
	var all []*model.TransitGateway
	if len(ids) > 0 {
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			g, ok := w.TransitGateways.Get(id)
			if !ok || !control.TGWVisibleTo(w, g, scope, now) {
				if _, err := control.Lookup(w.TransitGateways, scope, id); err != nil {
					return nil, nil, err
				}
			}
			all = append(all, g)
		}
		sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	} else {
		w.TransitGateways.All(func(g *model.TransitGateway) bool {
			if control.TGWVisibleTo(w, g, scope, now) {
				all = append(all, g)
			}
			return true
		})
	}
	var sel []*model.TransitGateway
	for _, g := range all {
		if m.match(g) {
			sel = append(sel, g)
		}
	}
	out, next := pageOf(sel, func(g *model.TransitGateway) string { return g.ID }, p)
	return out, next, nil
}
