package control

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Some resources are seen by two parties, each in its own account and
// Region, and each party keeps its own tags on them: VPC peering
// connections (peering_tags.go) and transit gateway attachments
// (transitgateway_tags.go). CreateTags, DeleteTags, DescribeTags and
// Describe's tag filters read and write the caller's own set.

// perPartyTags returns the tag resolver and lister of a kind whose objects
// keep one tag set per party; ok is false for every other kind.
func perPartyTags(k store.AnyKind) (
	resolve func(w *store.World, scope model.Scope, id string) (store.AnyKind, *model.Meta, error),
	list func(w *store.World, scope model.Scope) []TaggedResource,
	ok bool,
) {
	switch k {
	case store.AnyKind(store.PeeringConnectionKind):
		return peeringTaggable, peeringTagList, true
	case store.AnyKind(store.TGWAttachmentKind):
		return tgwAttachmentTaggable, tgwAttachmentTagList, true
	}
	return nil, nil, false
}

// partyTagKind is a per-party kind as the tag operations of one party
// (scope) see it: Retag changes that party's tags only.
type partyTagKind struct {
	store.AnyKind
	scope model.Scope
}

// Retag changes the tags of k's party only.
func (k partyTagKind) Retag(tx *store.Tx, id string, fn func(*model.Meta)) {
	switch k.AnyKind {
	case store.AnyKind(store.PeeringConnectionKind):
		retagPeering(tx, k.scope, id, fn)
	case store.AnyKind(store.TGWAttachmentKind):
		retagTGWAttachment(tx, k.scope, id, fn)
	}
}
