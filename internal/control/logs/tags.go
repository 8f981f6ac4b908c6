package logs

import (
	"context"

	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
)

// Tags: only log groups (and destinations, not emulated) can be tagged; a
// resource has at most 50 tags (TagResource's documentation).

// groupOfARN returns the group name a tagging ARN names. The tagging APIs
// take the log group ARN without ":*"; vpcsim accepts both forms.
func groupOfARN(sc Scope, arn string) (string, error) {
	region, account, name, ok := parseGroupARN(arn)
	if !ok {
		return "", invalidParameter("Invalid resource ARN: %s", arn)
	}
	if region != sc.Region || account != sc.Account {
		return "", awsErr(codeNotFound, "The specified resource does not exist.")
	}
	return name, nil
}

// TagResource adds or replaces tags on the resource an ARN names.
func (s *Service) TagResource(ctx context.Context, sc Scope, arn string, tags map[string]string) error {
	name, err := groupOfARN(sc, arn)
	if err != nil {
		return err
	}
	return s.tag(ctx, sc, name, arn, tags)
}

// TagLogGroup is the legacy form of TagResource.
func (s *Service) TagLogGroup(ctx context.Context, sc Scope, name string, tags map[string]string) error {
	return s.tag(ctx, sc, name, mlogs.GroupARN(sc.Region, sc.Account, name), tags)
}

func (s *Service) tag(ctx context.Context, sc Scope, name, arn string, tags map[string]string) error {
	if err := checkTags("tags", tags); err != nil {
		return err
	}
	return s.updateGroup(ctx, sc, name, func(g *mlogs.LogGroup) error {
		if g.Tags == nil {
			g.Tags = map[string]string{}
		}
		for k, v := range tags {
			g.Tags[k] = v
		}
		if len(g.Tags) > maxTags {
			return awsErr(codeTooManyTags, "A resource can have no more than 50 tags. (resource %s)", arn)
		}
		return nil
	})
}

// UntagResource removes tag keys from the resource an ARN names.
func (s *Service) UntagResource(ctx context.Context, sc Scope, arn string, keys []string) error {
	name, err := groupOfARN(sc, arn)
	if err != nil {
		return err
	}
	return s.UntagLogGroup(ctx, sc, name, keys)
}

// UntagLogGroup is the legacy form of UntagResource.
func (s *Service) UntagLogGroup(ctx context.Context, sc Scope, name string, keys []string) error {
	for _, k := range keys {
		if err := checkTagKey("tagKeys.member", k); err != nil {
			return err
		}
	}
	return s.updateGroup(ctx, sc, name, func(g *mlogs.LogGroup) error {
		for _, k := range keys {
			delete(g.Tags, k)
		}
		if len(g.Tags) == 0 {
			g.Tags = nil
		}
		return nil
	})
}

// ListTagsForResource returns the tags of the resource an ARN names.
func (s *Service) ListTagsForResource(sc Scope, arn string) (map[string]string, error) {
	name, err := groupOfARN(sc, arn)
	if err != nil {
		return nil, err
	}
	return s.ListTagsLogGroup(sc, name)
}

// ListTagsLogGroup is the legacy form of ListTagsForResource.
func (s *Service) ListTagsLogGroup(sc Scope, name string) (map[string]string, error) {
	g, err := groupIn(s.st.Snapshot(), sc, name)
	if err != nil {
		return nil, err
	}
	return cloneTags(g.Tags), nil
}
