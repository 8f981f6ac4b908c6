package control

import (
	"context"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// maxTagsPerResource is EC2's fixed limit.
const maxTagsPerResource = 50

// validateTags checks tags a client asks to set.
func validateTags(tags map[string]string) error {
	for k, v := range tags {
		if k == "" {
			return awserr.InvalidParameterValue("Tag key cannot be empty")
		}
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			return awserr.InvalidParameterValue("Value ( %s ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use", k)
		}
		if len(k) > 128 {
			return awserr.InvalidParameterValue("Tag key exceeds the maximum length of 128 characters")
		}
		if len(v) > 256 {
			return awserr.InvalidParameterValue("Tag value exceeds the maximum length of 256 characters")
		}
	}
	if len(tags) > maxTagsPerResource {
		return awserr.New("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")
	}
	return nil
}

// TaggedResource is one tag of one resource, as DescribeTags lists it.
type TaggedResource struct {
	ResourceID   string
	ResourceType string
	Key, Value   string
}

// taggable returns the EC2-taggable kind of id, chosen by its prefix from
// the kind registry.
func taggable(id string) (store.AnyKind, bool) {
	prefix, _, _ := strings.Cut(id, "-")
	k, ok := store.KindByPrefix(prefix)
	if !ok || k.Spec().ResourceType == "" {
		return nil, false
	}
	return k, true
}

// resolveTaggable finds id in scope or returns the id's not-found error.
func resolveTaggable(w *store.World, scope model.Scope, id string) (store.AnyKind, *model.Meta, error) {
	k, ok := taggable(id)
	if !ok {
		return nil, nil, awserr.New("InvalidID", "The ID '%s' is not valid", id)
	}
	m, found := k.Meta(w, id)
	if !found || !m.InScope(scope) {
		return nil, nil, notFoundFor(id)
	}
	return k, m, nil
}

// notFoundFor returns the not-found error matching id's prefix.
func notFoundFor(id string) error {
	prefix, _, _ := strings.Cut(id, "-")
	if k, ok := store.KindByPrefix(prefix); ok {
		return idKindOf(k).NotFound(id)
	}
	return awserr.New("InvalidID", "The ID '%s' is not valid", id)
}

// CreateTags sets tags on every resource, all or nothing.
func (s *Service) CreateTags(ctx context.Context, scope model.Scope, ids []string, tags map[string]string) error {
	if len(ids) == 0 {
		return awserr.MissingParameter("ResourceId")
	}
	if err := validateTags(tags); err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			t, m, err := resolveTaggable(tx.World, scope, id)
			if err != nil {
				return err
			}
			merged := len(m.Tags)
			for k := range tags {
				if _, ok := m.Tags[k]; !ok {
					merged++
				}
			}
			if merged > maxTagsPerResource {
				return awserr.New("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")
			}
			t.Retag(tx, id, func(m *model.Meta) {
				if m.Tags == nil {
					m.Tags = map[string]string{}
				}
				for k, v := range tags {
					m.Tags[k] = v
				}
			})
		}
		return nil
	})
}

// TagFilter is one tag of a DeleteTags request: a key, and a value that
// must match when HasValue is set (EC2 deletes the tag only if it matches).
type TagFilter struct {
	Key      string
	Value    string
	HasValue bool
}

// DeleteTags removes tags from every resource; with no tags given it
// removes all of them.
func (s *Service) DeleteTags(ctx context.Context, scope model.Scope, ids []string, tags []TagFilter) error {
	if len(ids) == 0 {
		return awserr.MissingParameter("ResourceId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			t, m, err := resolveTaggable(tx.World, scope, id)
			if err != nil {
				return err
			}
			if len(m.Tags) == 0 {
				continue
			}
			t.Retag(tx, id, func(m *model.Meta) {
				if len(tags) == 0 {
					m.Tags = nil
					return
				}
				for _, f := range tags {
					if v, ok := m.Tags[f.Key]; ok && (!f.HasValue || v == f.Value) {
						delete(m.Tags, f.Key)
					}
				}
				if len(m.Tags) == 0 {
					m.Tags = nil
				}
			})
		}
		return nil
	})
}

// ListTags returns every tag in scope, ordered by resource id then key.
func ListTags(w *store.World, scope model.Scope) []TaggedResource {
	var out []TaggedResource
	for _, k := range store.Kinds() {
		typ := k.Spec().ResourceType
		if typ == "" || k.Spec().IDPrefix == "" {
			continue
		}
		k.Each(w, func(m *model.Meta) bool {
			if len(m.Tags) == 0 || !m.InScope(scope) {
				return true
			}
			for _, tag := range m.SortedTags() {
				out = append(out, TaggedResource{ResourceID: m.ID, ResourceType: typ, Key: tag.Key, Value: tag.Value})
			}
			return true
		})
	}
	return out
}
