package control

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Tags on a peering connection apply only in the account and Region in
// which they are created [PEER vpc-peering-basics.md "Connections"]: the
// requester's are the connection's Meta.Tags, the accepter's (when it is
// another account or Region) its AccepterTags. CreateTags, DeleteTags,
// DescribeTags and Describe's tag filters read the caller's own set.

// PeeringForScope returns p with Meta.Tags replaced by the tags scope sees.
func PeeringForScope(p *model.VpcPeeringConnection, scope model.Scope) *model.VpcPeeringConnection {
	if req, acc := PeeringSides(p, scope); req || !acc || !p.SplitTags() {
		return p
	}
	c := *p // shallow: only the Tags field differs, and nothing is mutated
	c.Tags = p.AccepterTags
	return &c
}

// peeringTaggable resolves a peering connection for a tag operation of
// scope: the connection must be one of scope's.
func peeringTaggable(w *store.World, scope model.Scope, id string) (store.AnyKind, *model.Meta, error) {
	p, ok := w.PeeringConnections.Get(id)
	if !ok {
		return nil, nil, kindPCX.NotFound(id)
	}
	if req, acc := PeeringSides(p, scope); !req && !acc {
		return nil, nil, kindPCX.NotFound(id)
	}
	m := PeeringForScope(p, scope).Meta
	return partyTagKind{store.PeeringConnectionKind, scope}, &m, nil
}

// retagPeering changes the tags of scope's side only.
func retagPeering(tx *store.Tx, scope model.Scope, id string, fn func(*model.Meta)) {
	p, ok := tx.PeeringConnections.Get(id)
	if !ok {
		return
	}
	c := model.Clone(p)
	if req, _ := PeeringSides(p, scope); req || !p.SplitTags() {
		fn(&c.Meta)
	} else {
		m := model.Meta{Tags: c.AccepterTags}
		fn(&m)
		c.AccepterTags = m.Tags
	}
	tx.PeeringConnections.Put(c)
}

// peeringTagList lists the tags scope sees on its peering connections.
func peeringTagList(w *store.World, scope model.Scope) []TaggedResource {
	var out []TaggedResource
	typ := store.PeeringConnectionKind.Spec().ResourceType
	w.PeeringConnections.All(func(p *model.VpcPeeringConnection) bool {
		if req, acc := PeeringSides(p, scope); !req && !acc {
			return true
		}
		v := PeeringForScope(p, scope)
		for _, tag := range v.SortedTags() {
			out = append(out, TaggedResource{ResourceID: p.ID, ResourceType: typ, Key: tag.Key, Value: tag.Value})
		}
		return true
	})
	return out
}
