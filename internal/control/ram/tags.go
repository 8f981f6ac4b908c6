package ram

import (
	"context"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// maxTags is the number of tags a resource share may carry (the AWS
// tagging limit of 50 per resource).
const maxTags = 50

// TagMap turns tags into a map; a key given twice is refused.
func TagMap(tags []model.Tag) (map[string]string, error) {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		if _, dup := m[t.Key]; dup {
			return nil, invalidParameter("Tag key %s is given more than once.", t.Key)
		}
		m[t.Key] = t.Value
	}
	return m, nil
}

func checkTags(tags map[string]string) error {
	if len(tags) > maxTags {
		return awserr.New(codeTagLimit, "A resource share can have at most %d tags.", maxTags)
	}
	for k, v := range tags {
		if k == "" || len(k) > 128 || len(v) > 256 {
			return invalidParameter("Tag keys must be 1-128 characters and values at most 256 (key %q).", k)
		}
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			return awserr.New(codeTagPolicy, "The tag key %s uses the reserved prefix aws:.", k)
		}
	}
	return nil
}

// TagResource adds or replaces tags of a share the caller owns (by
// resourceShareArn or resourceArn; vpcsim has no other taggable RAM
// resource).
func (s *Service) TagResource(ctx context.Context, scope Scope, arn string, tags map[string]string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		sh, err := liveShare(tx.World, scope, arn)
		if err != nil {
			return err
		}
		c := model.Clone(sh)
		if c.Tags == nil {
			c.Tags = map[string]string{}
		}
		for k, v := range tags {
			c.Tags[k] = v
		}
		if err := checkTags(c.Tags); err != nil {
			return err
		}
		ShareKind.In(tx.World).Put(c)
		return nil
	})
}

// UntagResource removes tags (absent keys are ignored).
func (s *Service) UntagResource(ctx context.Context, scope Scope, arn string, keys []string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		sh, err := liveShare(tx.World, scope, arn)
		if err != nil {
			return err
		}
		c := model.Clone(sh)
		for _, k := range keys {
			delete(c.Tags, k)
		}
		c.Tags = nonEmpty(c.Tags)
		ShareKind.In(tx.World).Put(c)
		return nil
	})
}
