package control

import (
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Transit gateway attachments of Direct Connect gateways [DX
// direct-connect-transit-gateways.md]: associating a Direct Connect
// gateway with a transit gateway creates an attachment of resource type
// direct-connect-gateway on the transit gateway (owned by the transit
// gateway's owner, resource id the Direct Connect gateway's id), which
// gets the gateway's default association and propagation like any other
// attachment. Direct Connect's control plane calls these inside its own
// transaction.

// AttachDirectConnectGateway creates the attachment of Direct Connect
// gateway dxgwID (owned by dxgwOwner) to transit gateway tgwID, which
// scope must own and which must be available.
func AttachDirectConnectGateway(tx *store.Tx, scope model.Scope, tgwID, dxgwID, dxgwOwner string) (*model.TransitGatewayAttachment, error) {
	g, err := getTGW(tx.World, scope, tgwID)
	if err != nil {
		return nil, err
	}
	if g.State != model.TGWAvailable {
		return nil, tgwIncorrectState(g.ID, g.State)
	}
	if len(tgwAttachmentsOn(tx.World, g.ID)) >= maxTGWAttachmentsPerTGW {
		return nil, awserr.New("TransitGatewayAttachmentLimitExceeded", "You've reached the limit on the number of attachments (%d) for transit gateway %s.", maxTGWAttachmentsPerTGW, g.ID)
	}
	a := &model.TransitGatewayAttachment{
		Meta:                  newMeta(tx, scope, tx.NewID("tgw-attach"), nil),
		TransitGatewayID:      g.ID,
		TransitGatewayOwnerID: g.Account,
		ResourceType:          model.TGWAttachDXGW,
		ResourceID:            dxgwID,
		ResourceOwnerID:       dxgwOwner,
		State:                 model.TGWAvailable,
	}
	tx.TGWAttachments.Put(a)
	applyTGWDefaults(tx, g, a)
	out, _ := tx.TGWAttachments.Get(a.ID)
	return out, nil
}

// DetachDirectConnectGateway deletes a Direct Connect gateway attachment:
// its association and propagations end and it stays visible as deleted
// for a while, like the other attachments.
func DetachDirectConnectGateway(tx *store.Tx, attachmentID string) {
	a, ok := tx.TGWAttachments.Get(attachmentID)
	if !ok || a.ResourceType != model.TGWAttachDXGW || tgwGone(a.State) {
		return
	}
	c := model.Clone(a)
	c.State = model.TGWDeleted
	c.DeleteTime = tx.Now()
	c.Association, c.PeerAssociation = nil, nil
	tx.TGWAttachments.Put(c)
	removePropagations(tx, a.ID)
}
