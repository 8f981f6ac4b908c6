package ec2

import (
	"net/netip"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
)

// Pointer helpers for building wire shapes.

func str(s string) *string { return &s }

// optStr returns nil for "" so that the element is omitted.
func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func boolp(b bool) *bool { return &b }
func i32(n int32) *int32 { return &n }
func i64(n int64) *int64 { return &n }
func timep(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// optPrefix renders a prefix, or nil when unset.
func optPrefix(p netip.Prefix) *string {
	if !p.IsValid() {
		return nil
	}
	return str(p.String())
}

// optAddr renders an address, or nil when unset.
func optAddr(a netip.Addr) *string {
	if !a.IsValid() {
		return nil
	}
	return str(a.String())
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func derefBool(p *bool) bool { return p != nil && *p }

func derefI32(p *int32, def int32) int32 {
	if p == nil {
		return def
	}
	return *p
}

// tagSet renders an object's tags as EC2's tagSet.
func tagSet(m *model.Meta) []Tag {
	tags := m.SortedTags()
	if len(tags) == 0 {
		return nil
	}
	out := make([]Tag, len(tags))
	for i, t := range tags {
		out[i] = Tag{Key: str(t.Key), Value: str(t.Value)}
	}
	return out
}

// tagsFor collects the tags of the TagSpecifications for resourceType.
// A specification for another resource type is InvalidParameterValue, as on EC2.
func tagsFor(specs []TagSpecification, resourceType string) (map[string]string, error) {
	var out map[string]string
	for _, s := range specs {
		rt := deref(s.ResourceType)
		if rt != resourceType {
			if rt == "" {
				return nil, awserr.InvalidParameterValue("Tag specification resource type must have a value")
			}
			return nil, awserr.InvalidParameterValue("'%s' is not a valid taggable resource type for this operation.", rt)
		}
		for _, t := range s.Tags {
			if out == nil {
				out = map[string]string{}
			}
			out[deref(t.Key)] = deref(t.Value)
		}
	}
	return out, nil
}

// tagMap converts a wire tag list into a map.
func tagMap(tags []Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[deref(t.Key)] = deref(t.Value)
	}
	return out
}
