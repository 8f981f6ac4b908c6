package subnetgroup

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// tagMap returns base (copied) with add applied, after checking every tag:
// a key of 1 to 128 characters without a reserved prefix, a value of at
// most 256, and at most MaxTags tags in all. A key given twice keeps its
// last value; an existing key takes the new value.
func (e *Engine) tagMap(base map[string]string, add []model.Tag) (map[string]string, error) {
	if len(base) == 0 && len(add) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(base)+len(add))
	for k, v := range base {
		out[k] = v
	}
	for _, t := range add {
		if n := utf8.RuneCountInString(t.Key); n < 1 || n > maxTagKeyLen {
			return nil, awserr.New(e.r.Codes.InvalidTag, "Tag keys must be between 1 and %d characters long.", maxTagKeyLen)
		}
		if utf8.RuneCountInString(t.Value) > maxTagValueLen {
			return nil, awserr.New(e.r.Codes.InvalidTag, "Tag values must be at most %d characters long.", maxTagValueLen)
		}
		for _, p := range e.r.ReservedTagPrefixes {
			if strings.HasPrefix(strings.ToLower(t.Key), p) {
				return nil, awserr.New(e.r.Codes.InvalidTag, "Tag keys must not start with %q.", p)
			}
		}
		out[t.Key] = t.Value
	}
	if e.r.MaxTags > 0 && len(out) > e.r.MaxTags {
		return nil, awserr.New(e.r.Codes.TagQuota, "A resource can have at most %d tags; this request would give it %d.", e.r.MaxTags, len(out))
	}
	return out, nil
}

// Tags returns the tags of scope's group name, sorted by key.
func (e *Engine) Tags(scope model.Scope, name string) ([]model.Tag, error) {
	g, err := e.lookup(e.st.Snapshot(), scope, strings.ToLower(name))
	if err != nil {
		return nil, err
	}
	return g.SortedTags(), nil
}

// AddTags adds or overwrites tags on scope's group name and returns its
// tags.
func (e *Engine) AddTags(ctx context.Context, scope model.Scope, name string, tags []model.Tag) ([]model.Tag, error) {
	var out []model.Tag
	_, err := e.st.Update(ctx, func(tx *store.Tx) error {
		old, err := e.lookup(tx.World, scope, strings.ToLower(name))
		if err != nil {
			return err
		}
		m, err := e.tagMap(old.Tags, tags)
		if err != nil {
			return err
		}
		g := model.Clone(old)
		g.Tags = m
		e.r.Kind.In(tx.World).Put(g)
		out = g.SortedTags()
		return nil
	})
	return out, err
}

// RemoveTags removes keys from scope's group name and returns its tags. A
// key the group lacks is the service's TagNotFound error when it has one,
// else ignored.
func (e *Engine) RemoveTags(ctx context.Context, scope model.Scope, name string, keys []string) ([]model.Tag, error) {
	var out []model.Tag
	_, err := e.st.Update(ctx, func(tx *store.Tx) error {
		old, err := e.lookup(tx.World, scope, strings.ToLower(name))
		if err != nil {
			return err
		}
		g := model.Clone(old)
		for _, k := range keys {
			if _, ok := g.Tags[k]; !ok {
				if e.r.Codes.TagNotFound != "" {
					return &awserr.Error{Code: e.r.Codes.TagNotFound, Status: 404, Message: "The tag " + k + " is not on the resource " + g.ID + "."}
				}
				continue
			}
			delete(g.Tags, k)
		}
		if len(g.Tags) == 0 {
			g.Tags = nil
		}
		e.r.Kind.In(tx.World).Put(g)
		out = g.SortedTags()
		return nil
	})
	return out, err
}
