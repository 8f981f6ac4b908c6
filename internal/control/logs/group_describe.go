package logs

import (
	"strings"

	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/store"
)

// DescribeGroupsInput is DescribeLogGroups' input.
type DescribeGroupsInput struct {
	Prefix      *string
	Pattern     *string
	Class       *string
	Identifiers []string
	NextToken   *string
	Limit       *int32
}

// GroupView is one log group as DescribeLogGroups shows it.
type GroupView struct {
	*mlogs.LogGroup
	MetricFilterCount int
	// NameOnly is set when logGroupNamePattern was given: then only arn,
	// creationTime and logGroupName are shown.
	NameOnly bool
}

// GroupPage is one page of DescribeLogGroups.
type GroupPage struct {
	Groups    []GroupView
	NextToken string
}

// DescribeLogGroups lists the scope's log groups in ASCII order of name,
// filtered by prefix, substring pattern, class or identifiers, 1..50 per
// page (default 50).
func (s *Service) DescribeLogGroups(sc Scope, in DescribeGroupsInput) (*GroupPage, error) {
	if in.Prefix != nil && in.Pattern != nil {
		return nil, invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
	}
	if len(in.Identifiers) > 0 && (in.Prefix != nil || in.Pattern != nil) {
		return nil, invalidParameter("logGroupIdentifiers cannot be combined with logGroupNamePrefix or logGroupNamePattern.")
	}
	if in.Prefix != nil {
		if err := checkGroupName("logGroupNamePrefix", *in.Prefix); err != nil {
			return nil, err
		}
	}
	if in.Pattern != nil && *in.Pattern != "" {
		if err := checkGroupName("logGroupNamePattern", *in.Pattern); err != nil {
			return nil, err
		}
	}
	after, paged, err := decodeToken(in.NextToken)
	if err != nil {
		return nil, err
	}
	limit := pageLimit(in.Limit, 50)
	w := s.st.Snapshot()
	var wanted map[string]bool
	if len(in.Identifiers) > 0 {
		wanted = make(map[string]bool, len(in.Identifiers))
		for _, id := range in.Identifiers {
			name, err := groupNameOf(sc, id)
			if err != nil {
				continue
			}
			wanted[name] = true
		}
	}
	scopePrefix := mlogs.ScopePrefix(sc.Account, sc.Region)
	start := scopePrefix
	if in.Prefix != nil {
		start += *in.Prefix
	}
	page := &GroupPage{}
	visit := func(g *mlogs.LogGroup) bool {
		if !strings.HasPrefix(g.ID, start) {
			return false
		}
		if in.Pattern != nil && !strings.Contains(g.Name, *in.Pattern) {
			return true
		}
		if in.Class != nil && g.Class != *in.Class {
			return true
		}
		if wanted != nil && !wanted[g.Name] {
			return true
		}
		if len(page.Groups) == limit {
			page.NextToken = encodeToken(page.Groups[limit-1].Name)
			return false
		}
		page.Groups = append(page.Groups, GroupView{LogGroup: g, MetricFilterCount: metricFilterCount(w, g.ID), NameOnly: in.Pattern != nil})
		return true
	}
	ascendFrom(GroupKind.In(w), start, scopePrefix, after, paged, visit)
	return page, nil
}

// ascendFrom walks a table in key order from start (inclusive), or from
// scopePrefix+after (exclusive) when paging.
func ascendFrom[T any](t *store.Table[T], start, scopePrefix, after string, paged bool, fn func(*T) bool) {
	if paged {
		from := scopePrefix + after
		if from < start {
			from = start
			if v, ok := t.Get(from); ok && !fn(v) {
				return
			}
		}
		t.From(from, fn)
		return
	}
	if v, ok := t.Get(start); ok && !fn(v) {
		return
	}
	t.From(start, fn)
}

func metricFilterCount(w *store.World, groupKey string) int {
	n := 0
	MetricFilterKind.In(w).ByParent(groupKey, func(*mlogs.MetricFilter) bool { n++; return true })
	return n
}
