package control

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// EC2's tag limits (EC2 User Guide, "Tag restrictions"): 50 user tags per
// resource; a key of 1 to 128 Unicode characters and a value of up to 256,
// counted in characters, not bytes (the API reference's Tag shape says 127
// for keys; the user guide's 128 is what EC2 enforces). EC2 allows any
// character in a tag; the codec has already refused invalid UTF-8.
const (
	maxTagsPerResource = 50
	maxTagKeyChars     = 128
	maxTagValueChars   = 256
)

// reservedTagPrefix starts the keys AWS reserves for itself, in any case:
// they can be neither created, edited nor deleted by callers, and they do
// not count against the per-resource limit.
const reservedTagPrefix = "aws:"

func isReservedTagKey(k string) bool {
	return len(k) >= len(reservedTagPrefix) && strings.EqualFold(k[:len(reservedTagPrefix)], reservedTagPrefix)
}

// reservedTagKey is EC2's answer to a caller's tag key with the aws:
// prefix, on CreateTags and DeleteTags alike (observed AWS wording).
func reservedTagKey(k string) error {
	return awserr.InvalidParameterValue("Value ( %s ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use", k)
}

// validateTags checks tags a client asks to set.
func validateTags(tags map[string]string) error {
	for k, v := range tags {
		if k == "" {
			return awserr.InvalidParameterValue("Tag key cannot be empty")
		}
		if isReservedTagKey(k) {
			return reservedTagKey(k)
		}
		if utf8.RuneCountInString(k) > maxTagKeyChars {
			return awserr.InvalidParameterValue("Tag key exceeds the maximum length of %d characters", maxTagKeyChars)
		}
		if utf8.RuneCountInString(v) > maxTagValueChars {
			return awserr.InvalidParameterValue("Tag value exceeds the maximum length of %d characters", maxTagValueChars)
		}
	}
	if len(tags) > maxTagsPerResource {
		return tagLimitExceeded()
	}
	return nil
}

func tagLimitExceeded() error {
	return awserr.New("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")
}

// userTagCount counts the tags that count against the limit.
func userTagCount(tags map[string]string) int {
	n := 0
	for k := range tags {
		if !isReservedTagKey(k) {
			n++
		}
	}
	return n
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
	k, _, ok := store.KindOfID(id)
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
	if resolve, _, ok := perPartyTags(k); ok {
		return resolve(w, scope, id)
	}
	m, found := k.Meta(w, id)
	if !found || !m.InScope(scope) || orphanedFlowLog(w, k, id) {
		return nil, nil, notFoundFor(id)
	}
	return k, m, nil
}

// orphanedFlowLog reports whether id is a flow log whose resource is gone:
// such a flow log is no longer visible anywhere, its tags included, though
// its object is removed lazily (flowlogs_cascade.go).
func orphanedFlowLog(w *store.World, k store.AnyKind, id string) bool {
	if k != store.AnyKind(FlowLogKind) {
		return false
	}
	fl, ok := FlowLogKind.In(w).Get(id)
	return ok && flowLogOrphaned(w, fl)
}

// notFoundFor returns the not-found error matching id's prefix.
func notFoundFor(id string) error {
	if k, _, ok := store.KindOfID(id); ok {
		return idKindOf(k).NotFound(id)
	}
	return awserr.New("InvalidID", "The ID '%s' is not valid", id)
}

// CreateTags sets tags on every resource, all or nothing.
func (s *Service) CreateTags(ctx context.Context, scope model.Scope, ids []string, tags map[string]string) error {
	if len(ids) == 0 {
		return awserr.MissingParameter("resourceIdSet")
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
			merged := userTagCount(m.Tags)
			for k := range tags {
				if _, ok := m.Tags[k]; !ok {
					merged++
				}
			}
			if merged > maxTagsPerResource {
				return tagLimitExceeded()
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
// removes all the user tags (EC2 API reference, DeleteTags: "If you omit
// this parameter, we delete all user-defined tags for the specified
// resources. We do not delete Amazon Web Services-generated tags (tags
// that have the aws: prefix)"). Naming an aws: key is refused as CreateTags
// refuses it: AWS tags can be neither edited nor deleted.
func (s *Service) DeleteTags(ctx context.Context, scope model.Scope, ids []string, tags []TagFilter) error {
	if len(ids) == 0 {
		return awserr.MissingParameter("resourceIdSet")
	}
	for _, f := range tags {
		if isReservedTagKey(f.Key) {
			return reservedTagKey(f.Key)
		}
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
					for k := range m.Tags {
						if !isReservedTagKey(k) {
							delete(m.Tags, k)
						}
					}
					if len(m.Tags) == 0 {
						m.Tags = nil
					}
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
		if _, list, ok := perPartyTags(k); ok {
			out = append(out, list(w, scope)...)
			continue
		}
		k.Each(w, func(m *model.Meta) bool {
			if len(m.Tags) == 0 || !m.InScope(scope) || orphanedFlowLog(w, k, m.ID) {
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
