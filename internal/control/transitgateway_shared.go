package control

import (
	"context"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control/ram"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Transit gateways shared through AWS RAM [TGW transit-gateway-share.md,
// tgw-vpc-attachments.md]:
//   - an account a gateway is shared with (share ACTIVE, gateway
//     ASSOCIATED, the account a principal, its invitation accepted where
//     one was needed) "can run the DescribeTransitGateways API" and
//     create VPC attachments in its own VPCs;
//   - such a cross-account attachment waits in pendingAcceptance until
//     the gateway's owner accepts it (AcceptTransitGatewayVpcAttachment)
//     or rejects it, unless the gateway has "Auto accept shared
//     attachments" (AutoAcceptSharedAttachments=enable);
//   - the owner's route tables hold its association and propagation; the
//     attachment's owner cannot change them ("When a transit gateway is
//     shared with you, you cannot create, modify, or delete its transit
//     gateway route tables, or its ... propagations and associations");
//   - unsharing: "The transit gateway attachment remains functional. The
//     shared account can not describe the transit gateway. The transit
//     gateway owner, and the share owner can delete the transit gateway
//     attachment." New attachments are refused (the gateway is not found).

// TGWVisibleTo reports whether scope sees gateway g at now: its owner
// does, and so does an account of the same Region it is shared with.
func TGWVisibleTo(w *store.World, g *model.TransitGateway, scope model.Scope, now time.Time) bool {
	if g.InScope(scope) {
		return true
	}
	return g.Region == scope.Region && !tgwGone(g.State) && ram.SharedWith(w, TGWArn(g), scope.Account, now)
}

// attachableTGW returns a live gateway scope may attach a VPC to: its own
// or one shared with it.
func attachableTGW(w *store.World, scope model.Scope, id string, now time.Time) (*model.TransitGateway, error) {
	g, err := getTGW(w, scope, id)
	if err == nil {
		return g, nil
	}
	other, ok := w.TransitGateways.Get(id)
	if !ok || tgwGone(other.State) || !TGWVisibleTo(w, other, scope, now) {
		return nil, err
	}
	return other, nil
}

// vpcAttachmentState is the state of a new VPC attachment: a
// cross-account one waits for the owner's acceptance unless the gateway
// accepts shared attachments automatically.
func vpcAttachmentState(g *model.TransitGateway, scope model.Scope) string {
	if g.Account != scope.Account && g.Options.AutoAcceptSharedAttachments != "enable" {
		return model.TGWPendingAcceptance
	}
	return model.TGWAvailable
}

// sharedAttachmentForOwner returns a cross-account VPC attachment the
// gateway owner scope may accept or reject.
func sharedAttachmentForOwner(w *store.World, scope model.Scope, id string) (*model.TransitGatewayAttachment, error) {
	a, err := getTGWAttachment(w, scope, id)
	if err != nil {
		return nil, err
	}
	if a.ResourceType != model.TGWAttachVPC {
		return nil, tgwAttachNotFound(id)
	}
	if a.TransitGatewayOwnerID != scope.Account || a.InScope(scope) {
		return nil, awserr.New("InvalidTransitGatewayAttachmentID.NotFound", "Transit Gateway Attachment %s can only be accepted or rejected by the owner of transit gateway %s.", a.ID, a.TransitGatewayID)
	}
	if a.State != model.TGWPendingAcceptance {
		return nil, tgwIncorrectState(a.ID, a.State)
	}
	return a, nil
}

// AcceptTransitGatewayVpcAttachment accepts a cross-account VPC
// attachment request; the gateway's default association and propagation
// apply then.
func (s *Service) AcceptTransitGatewayVpcAttachment(ctx context.Context, scope model.Scope, id string) (*model.TransitGatewayAttachment, error) {
	var out *model.TransitGatewayAttachment
	err := s.update(ctx, func(tx *store.Tx) error {
		a, err := sharedAttachmentForOwner(tx.World, scope, id)
		if err != nil {
			return err
		}
		c := model.Clone(a)
		c.State = model.TGWAvailable
		tx.TGWAttachments.Put(c)
		if g, ok := tx.TransitGateways.Get(c.TransitGatewayID); ok && !tgwGone(g.State) {
			applyTGWDefaults(tx, g, c)
		}
		out, _ = tx.TGWAttachments.Get(c.ID)
		return nil
	})
	return out, err
}

// RejectTransitGatewayVpcAttachment rejects a cross-account VPC attachment
// request: its interfaces are deleted and it stays visible as rejected
// for 2 hours.
func (s *Service) RejectTransitGatewayVpcAttachment(ctx context.Context, scope model.Scope, id string) (*model.TransitGatewayAttachment, error) {
	var out *model.TransitGatewayAttachment
	err := s.update(ctx, func(tx *store.Tx) error {
		a, err := sharedAttachmentForOwner(tx.World, scope, id)
		if err != nil {
			return err
		}
		c := model.Clone(a)
		for _, eni := range c.VPC.ENIs {
			tx.NetworkInterfaces.Delete(eni)
		}
		c.State = model.TGWRejected
		c.DeleteTime = tx.Now()
		tx.TGWAttachments.Put(c)
		out = model.Clone(c)
		out.State = "rejecting"
		return nil
	})
	return out, err
}
