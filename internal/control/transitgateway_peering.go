package control

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Transit gateway peering attachments [TGW tgw-peering.md,
// transit-gateway-quotas.md]: the owner of the requester gateway asks, the
// owner of the accepter gateway (same or another account, same or another
// Region) accepts or rejects. One attachment object, stored in the
// requester's account and Region, is seen by both sides; the accepter sees
// it as pendingAcceptance until it answers. Peering attachments carry
// static routes only. At most one peering attachment between two
// gateways, 50 per gateway, 10 pending per gateway.

// PeeringAttachmentInput is CreateTransitGatewayPeeringAttachment's request.
type PeeringAttachmentInput struct {
	TransitGatewayID     string
	PeerTransitGatewayID string
	PeerAccountID        string
	PeerRegion           string
	DynamicRouting       string
	Tags                 map[string]string
}

// CreateTransitGatewayPeeringAttachment requests a peering attachment
// between the caller's transit gateway and a peer gateway. The peer
// gateway must exist in the given account and Region; otherwise the
// request fails as on AWS (the attachment goes to failed).
func (s *Service) CreateTransitGatewayPeeringAttachment(ctx context.Context, scope model.Scope, in PeeringAttachmentInput) (*model.TransitGatewayAttachment, error) {
	if in.PeerTransitGatewayID == "" {
		return nil, awserr.MissingParameter("PeerTransitGatewayId")
	}
	if in.PeerAccountID == "" {
		return nil, awserr.MissingParameter("PeerAccountId")
	}
	if in.PeerRegion == "" {
		return nil, awserr.MissingParameter("PeerRegion")
	}
	if in.DynamicRouting == "enable" {
		return nil, awserr.InvalidParameterValue("Dynamic routing is not supported for transit gateway peering attachments.")
	}
	if err := checkEnableDisable("dynamicRouting", in.DynamicRouting); err != nil {
		return nil, err
	}
	if _, err := RegionByName(in.PeerRegion); err != nil {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter peerRegion is invalid.", in.PeerRegion)
	}
	if err := kindTGW.check(in.PeerTransitGatewayID); err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	peerScope := model.Scope{Account: in.PeerAccountID, Region: in.PeerRegion}
	var out *model.TransitGatewayAttachment
	err := s.update(ctx, func(tx *store.Tx) error {
		purgeExpiredTGW(tx, scope)
		g, err := getTGW(tx.World, scope, in.TransitGatewayID)
		if err != nil {
			return err
		}
		if g.State != model.TGWAvailable {
			return tgwIncorrectState(g.ID, g.State)
		}
		if in.PeerTransitGatewayID == g.ID {
			return awserr.InvalidParameterValue("A transit gateway cannot be peered with itself (%s).", g.ID)
		}
		peers, pending := 0, 0
		var dup string
		for _, a := range tgwAttachmentsOn(tx.World, g.ID) {
			if a.ResourceType != model.TGWAttachPeering {
				continue
			}
			peers++
			if a.State == model.TGWPendingAcceptance {
				pending++
			}
			other := a.Peer.TransitGatewayID
			if other == g.ID {
				other = a.TransitGatewayID
			}
			if other == in.PeerTransitGatewayID {
				dup = a.ID
			}
		}
		if dup != "" {
			return awserr.New("DuplicateTransitGatewayAttachment", "A peering attachment (%s) between %s and %s already exists.", dup, g.ID, in.PeerTransitGatewayID)
		}
		if peers >= maxTGWPeeringsPerTGW {
			return awserr.New("TransitGatewayAttachmentLimitExceeded", "You've reached the limit on the number of peering attachments (%d) for transit gateway %s.", maxTGWPeeringsPerTGW, g.ID)
		}
		if pending >= maxTGWPendingPeeringPerTGW {
			return awserr.New("TransitGatewayAttachmentLimitExceeded", "You've reached the limit on the number of pending peering attachments (%d) for transit gateway %s.", maxTGWPendingPeeringPerTGW, g.ID)
		}
		if len(tgwAttachmentsOn(tx.World, g.ID)) >= maxTGWAttachmentsPerTGW {
			return awserr.New("TransitGatewayAttachmentLimitExceeded", "You've reached the limit on the number of attachments (%d) for transit gateway %s.", maxTGWAttachmentsPerTGW, g.ID)
		}
		a := &model.TransitGatewayAttachment{
			Meta:                  newMeta(tx, scope, tx.NewID("tgw-attach"), in.Tags),
			TransitGatewayID:      g.ID,
			TransitGatewayOwnerID: g.Account,
			ResourceType:          model.TGWAttachPeering,
			ResourceID:            in.PeerTransitGatewayID,
			ResourceOwnerID:       in.PeerAccountID,
			State:                 model.TGWPendingAcceptance,
			StatusMessage:         "Pending Acceptance by " + in.PeerAccountID,
			Peer:                  &model.TGWPeer{TransitGatewayID: in.PeerTransitGatewayID, OwnerID: in.PeerAccountID, Region: in.PeerRegion, DynamicRouting: in.DynamicRouting},
		}
		peer, ok := tx.TransitGateways.Get(in.PeerTransitGatewayID)
		if !ok || !peer.InScope(peerScope) || tgwGone(peer.State) {
			// AWS accepts the request and fails it asynchronously.
			a.State = model.TGWFailed
			a.StatusMessage = "Transit Gateway " + in.PeerTransitGatewayID + " was deleted or does not exist."
			a.DeleteTime = tx.Now()
		}
		tx.TGWAttachments.Put(a)
		out = a
		return nil
	})
	return out, err
}

// AcceptTransitGatewayPeeringAttachment accepts a pending peering
// attachment; only the accepter may. On acceptance each side's default
// association table (when enabled) gets the attachment.
func (s *Service) AcceptTransitGatewayPeeringAttachment(ctx context.Context, scope model.Scope, id string) (*model.TransitGatewayAttachment, error) {
	var out *model.TransitGatewayAttachment
	err := s.update(ctx, func(tx *store.Tx) error {
		a, err := peeringForAccepter(tx.World, scope, id)
		if err != nil {
			return err
		}
		if a.State != model.TGWPendingAcceptance {
			return tgwIncorrectState(a.ID, a.State)
		}
		c := model.Clone(a)
		c.State = model.TGWAvailable
		c.StatusMessage = "Available"
		tx.TGWAttachments.Put(c)
		for _, gid := range []string{c.TransitGatewayID, c.Peer.TransitGatewayID} {
			g, ok := tx.TransitGateways.Get(gid)
			if !ok || tgwGone(g.State) {
				continue
			}
			cur, _ := tx.TGWAttachments.Get(c.ID)
			applyTGWDefaults(tx, g, cur)
		}
		out, _ = tx.TGWAttachments.Get(c.ID)
		return nil
	})
	return out, err
}

// RejectTransitGatewayPeeringAttachment rejects a pending peering
// attachment; only the accepter may. It stays visible as rejected.
func (s *Service) RejectTransitGatewayPeeringAttachment(ctx context.Context, scope model.Scope, id string) (*model.TransitGatewayAttachment, error) {
	var out *model.TransitGatewayAttachment
	err := s.update(ctx, func(tx *store.Tx) error {
		a, err := peeringForAccepter(tx.World, scope, id)
		if err != nil {
			return err
		}
		if a.State != model.TGWPendingAcceptance {
			return tgwIncorrectState(a.ID, a.State)
		}
		c := model.Clone(a)
		c.State = model.TGWRejected
		c.StatusMessage = "Rejected"
		c.DeleteTime = tx.Now()
		tx.TGWAttachments.Put(c)
		out = model.Clone(c)
		out.State = "rejecting"
		return nil
	})
	return out, err
}

// peeringForAccepter returns a peering attachment scope accepts.
func peeringForAccepter(w *store.World, scope model.Scope, id string) (*model.TransitGatewayAttachment, error) {
	a, err := getTGWAttachment(w, scope, id)
	if err != nil {
		return nil, err
	}
	if a.ResourceType != model.TGWAttachPeering {
		return nil, tgwAttachNotFound(id)
	}
	if a.Peer.OwnerID != scope.Account || a.Peer.Region != scope.Region {
		return nil, awserr.New("InvalidTransitGatewayAttachmentID.NotFound", "Transit Gateway Attachment %s can only be accepted or rejected by the owner of the peer transit gateway %s.", a.ID, a.Peer.TransitGatewayID)
	}
	return a, nil
}
