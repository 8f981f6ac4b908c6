package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/control"
)

func (a *API) registerTags() {
	handleNoOutput(a, "CreateTags", func(ctx context.Context, r *Request, in *CreateTagsRequest) error {
		return a.ctl.CreateTags(ctx, r.Scope, in.Resources, tagMap(in.Tags))
	})
	handleNoOutput(a, "DeleteTags", func(ctx context.Context, r *Request, in *DeleteTagsRequest) error {
		var tags []control.TagFilter
		for _, t := range in.Tags {
			tags = append(tags, control.TagFilter{Key: deref(t.Key), Value: deref(t.Value), HasValue: t.Value != nil})
		}
		return a.ctl.DeleteTags(ctx, r.Scope, in.Resources, tags)
	})
	handle(a, "DescribeTags", a.describeTags)
}

var tagFilters = filterTable[control.TaggedResource]{
	"key":           func(t *control.TaggedResource) []string { return one(t.Key) },
	"value":         func(t *control.TaggedResource) []string { return one(t.Value) },
	"resource-id":   func(t *control.TaggedResource) []string { return one(t.ResourceID) },
	"resource-type": func(t *control.TaggedResource) []string { return one(t.ResourceType) },
}

func (a *API) describeTags(ctx context.Context, r *Request, in *DescribeTagsRequest) (*DescribeTagsResult, error) {
	// tag:<key> on DescribeTags filters by the listed tag itself.
	var plain []Filter
	var tagKeyFilters []Filter
	for _, f := range in.Filters {
		if n := deref(f.Name); len(n) > 4 && n[:4] == "tag:" {
			tagKeyFilters = append(tagKeyFilters, f)
			continue
		}
		plain = append(plain, f)
	}
	m, err := compileFilters(tagFilters, plain)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	all := control.ListTags(a.ctl.View(ctx), r.Scope)
	out := &DescribeTagsResult{}
	n := 0
	for i := range all {
		t := &all[i]
		cursor := t.ResourceID + "\x00" + t.Key
		if p.after != "" && cursor <= p.after {
			continue
		}
		if !m.match(t) || !matchTagKeyFilters(t, tagKeyFilters) {
			continue
		}
		if p.max > 0 && int32(n) == p.max {
			prev := out.Tags[len(out.Tags)-1]
			out.NextToken = token(deref(prev.ResourceId) + "\x00" + deref(prev.Key))
			break
		}
		out.Tags = append(out.Tags, TagDescription{ResourceId: str(t.ResourceID), ResourceType: str(t.ResourceType), Key: str(t.Key), Value: str(t.Value)})
		n++
	}
	return out, nil
}

func matchTagKeyFilters(t *control.TaggedResource, fs []Filter) bool {
	for _, f := range fs {
		key := deref(f.Name)[4:]
		if t.Key != key {
			return false
		}
		ok := false
		for _, v := range f.Values {
			if compilePattern(v).match(t.Value) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
