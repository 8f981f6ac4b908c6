package control

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Tags on a transit gateway attachment apply only in the account in which
// they are created: an attachment of another account's VPC is tagged by
// the VPC's owner (Meta.Tags, from CreateTransitGatewayVpcAttachment's
// TagSpecifications) and, separately, by the transit gateway's owner
// (PeerTags); the accepter of a peering attachment keeps its own set
// likewise. AWS documents no shared tag set, and users of shared gateways
// report that the owner's console shows none of the attacher's tags
// (e.g. terraform-aws-transit-gateway issue 86, "Tags not propagating").

// TGWAttachmentForScope returns a with Meta.Tags replaced by the tags
// scope sees.
func TGWAttachmentForScope(a *model.TransitGatewayAttachment, scope model.Scope) *model.TransitGatewayAttachment {
	if other, ok := a.OtherScope(); !ok || other != scope {
		return a
	}
	c := *a // shallow: only the Tags field differs, and nothing is mutated
	c.Tags = a.PeerTags
	return &c
}

// tgwAttachmentTaggable resolves an attachment for a tag operation of
// scope: one of the parties must be scope.
func tgwAttachmentTaggable(w *store.World, scope model.Scope, id string) (store.AnyKind, *model.Meta, error) {
	a, ok := w.TGWAttachments.Get(id)
	if !ok || !TGWAttachmentVisibleTo(a, scope) {
		return nil, nil, kindTGWAttach.NotFound(id)
	}
	m := TGWAttachmentForScope(a, scope).Meta
	return partyTagKind{store.TGWAttachmentKind, scope}, &m, nil
}

// retagTGWAttachment changes the tags of scope's party only.
func retagTGWAttachment(tx *store.Tx, scope model.Scope, id string, fn func(*model.Meta)) {
	a, ok := tx.TGWAttachments.Get(id)
	if !ok {
		return
	}
	c := model.Clone(a)
	if other, split := a.OtherScope(); split && other == scope {
		m := model.Meta{Tags: c.PeerTags}
		fn(&m)
		c.PeerTags = m.Tags
	} else {
		fn(&c.Meta)
	}
	tx.TGWAttachments.Put(c)
}

// tgwAttachmentTagList lists the tags scope sees on attachments.
func tgwAttachmentTagList(w *store.World, scope model.Scope) []TaggedResource {
	var out []TaggedResource
	typ := store.TGWAttachmentKind.Spec().ResourceType
	w.TGWAttachments.All(func(a *model.TransitGatewayAttachment) bool {
		if !TGWAttachmentVisibleTo(a, scope) {
			return true
		}
		for _, tag := range TGWAttachmentForScope(a, scope).SortedTags() {
			out = append(out, TaggedResource{ResourceID: a.ID, ResourceType: typ, Key: tag.Key, Value: tag.Value})
		}
		return true
	})
	return out
}
