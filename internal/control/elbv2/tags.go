package elbv2

import (
	"context"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Tagging [ALB-UG load-balancer-tags.md, target-group-tags.md]: at most 50
// tags per resource; keys are unique (a repeated key in one request is
// DuplicateTagKeys) and keys beginning with "aws:" are reserved; AddTags,
// RemoveTags and DescribeTags take at most 20 resources.
const (
	maxTags         = 50
	maxTagResources = 20
)

// tagMap merges tags into have (copied), applying the tag rules.
func tagMap(have map[string]string, tags []model.Tag) (map[string]string, error) {
	if len(have) == 0 && len(tags) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(have)+len(tags))
	for k, v := range have {
		out[k] = v
	}
	seen := map[string]bool{}
	for _, t := range tags {
		if seen[t.Key] {
			return nil, awserr.New("DuplicateTagKeys", "Tag key '%s' is duplicated", t.Key)
		}
		seen[t.Key] = true
		if strings.HasPrefix(strings.ToLower(t.Key), "aws:") {
			return nil, validation("Tag keys starting with 'aws:' are reserved for internal use")
		}
		if len(t.Key) > 128 || len(t.Value) > 256 {
			return nil, validation("Tag key '%s' or its value is too long", t.Key)
		}
		out[t.Key] = t.Value
	}
	if len(out) > maxTags {
		return nil, awserr.New("TooManyTags", "The quota for the number of tags that can be assigned to a load balancer has been reached")
	}
	return out, nil
}

// tagged resolves the resource arn, whatever its kind, in scope.
func tagged(w *store.World, scope Scope, arn string) (store.AnyKind, *model.Meta, error) {
	var kind store.AnyKind
	var notFound error
	res := ""
	if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 && parts[2] == "elasticloadbalancing" {
		res, _, _ = strings.Cut(parts[5], "/")
	}
	switch res {
	case "loadbalancer":
		kind, notFound = store.LoadBalancerKind, lbNotFound()
	case "targetgroup":
		kind, notFound = TargetGroupKind, tgNotFound()
	case "listener":
		kind, notFound = ListenerKind, listenerNotFound()
	case "listener-rule":
		kind, notFound = RuleKind, ruleNotFound()
	default:
		return nil, nil, validation("'%s' is not a valid resource ARN", arn)
	}
	m, ok := kind.Meta(w, arn)
	if !ok || !m.InScope(scope) {
		return nil, nil, notFound
	}
	return kind, m, nil
}

// retag applies fn to the tags of the resource arn.
func retag(tx *store.Tx, scope Scope, arn string, fn func(map[string]string) (map[string]string, error)) error {
	kind, m, err := tagged(tx.World, scope, arn)
	if err != nil {
		return err
	}
	tags, err := fn(m.Tags)
	if err != nil {
		return err
	}
	kind.Retag(tx, arn, func(m *model.Meta) { m.Tags = tags })
	return nil
}

// AddTags adds or overwrites tags on resources.
func (s *Service) AddTags(ctx context.Context, scope Scope, arns []string, tags []model.Tag) error {
	if len(arns) > maxTagResources {
		return validation("At most %d resource ARNs can be specified", maxTagResources)
	}
	return s.update(ctx, scope, func(tx *store.Tx) error {
		for _, arn := range arns {
			if err := retag(tx, scope, arn, func(have map[string]string) (map[string]string, error) { return tagMap(have, tags) }); err != nil {
				return err
			}
		}
		return nil
	})
}

// RemoveTags removes tag keys from resources.
func (s *Service) RemoveTags(ctx context.Context, scope Scope, arns, keys []string) error {
	if len(arns) > maxTagResources {
		return validation("At most %d resource ARNs can be specified", maxTagResources)
	}
	return s.update(ctx, scope, func(tx *store.Tx) error {
		for _, arn := range arns {
			err := retag(tx, scope, arn, func(have map[string]string) (map[string]string, error) {
				out := map[string]string{}
				for k, v := range have {
					out[k] = v
				}
				for _, k := range keys {
					delete(out, k)
				}
				if len(out) == 0 {
					return nil, nil
				}
				return out, nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// ResourceTags is one resource's tags.
type ResourceTags struct {
	ARN  string
	Tags []model.Tag
}

// DescribeTags returns the tags of resources.
func (s *Service) DescribeTags(scope Scope, arns []string) ([]ResourceTags, error) {
	if len(arns) > maxTagResources {
		return nil, validation("At most %d resource ARNs can be specified", maxTagResources)
	}
	w := s.st.Snapshot()
	out := make([]ResourceTags, 0, len(arns))
	for _, arn := range arns {
		_, m, err := tagged(w, scope, arn)
		if err != nil {
			return nil, err
		}
		out = append(out, ResourceTags{ARN: arn, Tags: m.SortedTags()})
	}
	return out, nil
}
