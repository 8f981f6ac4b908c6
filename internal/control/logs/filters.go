package logs

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/logfilter"
	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Filter limits: "Subscription filters: 2 per log group" (cloudwatch_limits_cwl.md),
// at most 100 metric filters per log group (PutMetricFilter's
// documentation), at most three dimensions per metric, and filter patterns
// of at most 1,024 characters (the FilterPattern shape).
const (
	maxSubscriptionFilters = 2
	maxMetricFilters       = 100
	maxDimensions          = 3
	maxPatternLen          = 1024
	maxMetricNameLen       = 255
	maxMetricValueLen      = 100
)

// compilePattern validates a filter pattern; CloudWatch Logs answers
// InvalidParameterException "Invalid filter pattern" for a bad one.
func compilePattern(p string) (*logfilter.Pattern, error) {
	if utf8.RuneCountInString(p) > maxPatternLen {
		return nil, tooLong("filterPattern", p, maxPatternLen)
	}
	pat, err := logfilter.Compile(p)
	if err != nil {
		return nil, invalidParameter("Invalid filter pattern")
	}
	return pat, nil
}

// SubscriptionInput is PutSubscriptionFilter's input.
type SubscriptionInput struct {
	Group, Name, Pattern, DestinationARN, RoleARN, Distribution string
	ApplyOnTransformedLogs                                      bool
	FieldSelectionCriteria                                      string
	EmitSystemFields                                            []string
}

// PutSubscriptionFilter creates or replaces a subscription filter. A group
// has at most two. vpcsim stores the filter and describes it; it does not
// deliver events to the destination (Kinesis, Firehose and Lambda are not
// emulated), so the destination's existence is not checked either.
func (s *Service) PutSubscriptionFilter(ctx context.Context, sc Scope, in SubscriptionInput) error {
	if err := checkStreamName("filterName", in.Name); err != nil {
		return err
	}
	if _, err := compilePattern(in.Pattern); err != nil {
		return err
	}
	if !strings.HasPrefix(in.DestinationARN, "arn:") || strings.Count(in.DestinationARN, ":") < 5 {
		return invalidParameter("Invalid destination ARN: %s", in.DestinationARN)
	}
	if in.RoleARN != "" && !strings.HasPrefix(in.RoleARN, "arn:") {
		return invalidParameter("Invalid role ARN: %s", in.RoleARN)
	}
	dist := in.Distribution
	if dist == "" {
		dist = "ByLogStream"
	}
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		g, err := groupIn(tx.World, sc, in.Group)
		if err != nil {
			return err
		}
		t := SubscriptionKind.In(tx.World)
		key := mlogs.FilterKey(g.ID, in.Name)
		old, exists := t.Get(key)
		if !exists && len(t.Children(g.ID)) >= maxSubscriptionFilters {
			return limitExceeded()
		}
		f := &mlogs.SubscriptionFilter{GroupKey: g.ID, GroupName: g.Name, Name: in.Name, Pattern: in.Pattern,
			DestinationARN: in.DestinationARN, RoleARN: in.RoleARN, Distribution: dist,
			ApplyOnTransformedLogs: in.ApplyOnTransformedLogs, FieldSelectionCriteria: in.FieldSelectionCriteria,
			EmitSystemFields: append([]string(nil), in.EmitSystemFields...)}
		f.ID, f.Account, f.Region, f.Created = key, sc.Account, sc.Region, tx.Now()
		if exists {
			f.Created = old.Created
		}
		t.Put(f)
		return nil
	})
	return err
}

// DeleteSubscriptionFilter deletes a subscription filter.
func (s *Service) DeleteSubscriptionFilter(ctx context.Context, sc Scope, group, name string) error {
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		g, err := groupIn(tx.World, sc, group)
		if err != nil {
			return err
		}
		t := SubscriptionKind.In(tx.World)
		key := mlogs.FilterKey(g.ID, name)
		if _, ok := t.Get(key); !ok {
			return awsErr(codeNotFound, "The specified subscription filter does not exist.")
		}
		t.Delete(key)
		return nil
	})
	return err
}

// DescribeSubscriptionFilters lists a group's subscription filters by name.
func (s *Service) DescribeSubscriptionFilters(sc Scope, group string, prefix, token *string, limit *int32) ([]*mlogs.SubscriptionFilter, string, error) {
	after, paged, err := decodeToken(token)
	if err != nil {
		return nil, "", err
	}
	w := s.st.Snapshot()
	g, err := groupIn(w, sc, group)
	if err != nil {
		return nil, "", err
	}
	n := pageLimit(limit, 50)
	var out []*mlogs.SubscriptionFilter
	next := ""
	SubscriptionKind.In(w).ByParent(g.ID, func(f *mlogs.SubscriptionFilter) bool {
		if (prefix != nil && !strings.HasPrefix(f.Name, *prefix)) || (paged && f.Name <= after) {
			return true
		}
		if len(out) == n {
			next = encodeToken(out[n-1].Name)
			return false
		}
		out = append(out, f)
		return true
	})
	return out, next, nil
}

// MetricFilterInput is PutMetricFilter's input.
type MetricFilterInput struct {
	Group, Name, Pattern      string
	Transformations           []mlogs.MetricTransformation
	ApplyOnTransformedLogs    bool
	FieldSelectionCriteria    string
	EmitSystemFieldDimensions []string
}

// PutMetricFilter creates or replaces a metric filter (at most 100 per
// group). vpcsim stores and describes it; it publishes no CloudWatch
// metrics (CloudWatch metrics are not emulated).
func (s *Service) PutMetricFilter(ctx context.Context, sc Scope, in MetricFilterInput) error {
	if err := checkStreamName("filterName", in.Name); err != nil {
		return err
	}
	pat, err := compilePattern(in.Pattern)
	if err != nil {
		return err
	}
	if len(in.Transformations) != 1 {
		return validationError(constraint{"metricTransformations", "list", "Member must have length less than or equal to 1"})
	}
	for _, mt := range in.Transformations {
		if err := checkTransformation(pat, mt); err != nil {
			return err
		}
	}
	_, err = s.st.Update(ctx, func(tx *store.Tx) error {
		g, err := groupIn(tx.World, sc, in.Group)
		if err != nil {
			return err
		}
		t := MetricFilterKind.In(tx.World)
		key := mlogs.FilterKey(g.ID, in.Name)
		old, exists := t.Get(key)
		if !exists && metricFilterCount(tx.World, g.ID) >= maxMetricFilters {
			return limitExceeded()
		}
		f := &mlogs.MetricFilter{GroupKey: g.ID, GroupName: g.Name, Name: in.Name, Pattern: in.Pattern,
			ApplyOnTransformedLogs: in.ApplyOnTransformedLogs, FieldSelectionCriteria: in.FieldSelectionCriteria,
			EmitSystemFieldDimensions: append([]string(nil), in.EmitSystemFieldDimensions...)}
		for _, mt := range in.Transformations {
			c := mt
			c.Dimensions = cloneTags(mt.Dimensions)
			if mt.DefaultValue != nil {
				v := *mt.DefaultValue
				c.DefaultValue = &v
			}
			f.Transformations = append(f.Transformations, c)
		}
		f.ID, f.Account, f.Region, f.Created = key, sc.Account, sc.Region, tx.Now()
		if exists {
			f.Created = old.Created
		}
		t.Put(f)
		return nil
	})
	return err
}

// checkTransformation applies the metric transformation rules of the
// MetricTransformation shape and MonitoringLogData.md: names and
// namespaces of at most 255 characters without ':', '*' or '$'; a metric
// value that is a number or a $field of a JSON or space-delimited pattern;
// at most three dimensions, each a $field, and no default value with
// dimensions.
func checkTransformation(pat *logfilter.Pattern, mt mlogs.MetricTransformation) error {
	for _, f := range []struct{ path, v string }{{"metricTransformations.1.member.metricName", mt.MetricName}, {"metricTransformations.1.member.metricNamespace", mt.MetricNamespace}} {
		if utf8.RuneCountInString(f.v) > maxMetricNameLen {
			return tooLong(f.path, f.v, maxMetricNameLen)
		}
		if strings.ContainsAny(f.v, ":*$") {
			return validationError(constraint{f.path, f.v, "Member must satisfy regular expression pattern: [^:*$]*"})
		}
	}
	if utf8.RuneCountInString(mt.MetricValue) > maxMetricValueLen {
		return tooLong("metricTransformations.1.member.metricValue", mt.MetricValue, maxMetricValueLen)
	}
	if strings.HasPrefix(mt.MetricValue, "$") {
		if !pat.Structured() {
			return invalidParameter("Invalid metric value: %s. A field reference requires a JSON or space-delimited filter pattern.", mt.MetricValue)
		}
	} else if _, err := strconv.ParseFloat(mt.MetricValue, 64); err != nil {
		return invalidParameter("Invalid metric value: %s", mt.MetricValue)
	}
	if len(mt.Dimensions) > maxDimensions {
		return invalidParameter("A metric filter can have at most %d dimensions.", maxDimensions)
	}
	if len(mt.Dimensions) > 0 {
		if mt.DefaultValue != nil {
			return invalidParameter("A metric with dimensions cannot have a default value.")
		}
		if !pat.Structured() {
			return invalidParameter("Dimensions require a JSON or space-delimited filter pattern.")
		}
		for k, v := range mt.Dimensions {
			if utf8.RuneCountInString(k) > maxMetricNameLen || utf8.RuneCountInString(v) > maxMetricNameLen {
				return tooLong("metricTransformations.1.member.dimensions", k, maxMetricNameLen)
			}
			if !strings.HasPrefix(v, "$") {
				return invalidParameter("Invalid dimension value %s: dimensions must be fields of the filter pattern.", v)
			}
		}
	}
	return nil
}

// DeleteMetricFilter deletes a metric filter.
func (s *Service) DeleteMetricFilter(ctx context.Context, sc Scope, group, name string) error {
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		g, err := groupIn(tx.World, sc, group)
		if err != nil {
			return err
		}
		t := MetricFilterKind.In(tx.World)
		key := mlogs.FilterKey(g.ID, name)
		if _, ok := t.Get(key); !ok {
			return awsErr(codeNotFound, "The specified metric filter does not exist.")
		}
		t.Delete(key)
		return nil
	})
	return err
}

// DescribeMetricFiltersInput is DescribeMetricFilters' input.
type DescribeMetricFiltersInput struct {
	Group      *string
	Prefix     *string // used only with Group
	MetricName *string
	Namespace  *string
	NextToken  *string
	Limit      *int32
}

// DescribeMetricFilters lists metric filters of one group or of the whole
// scope, by group then name, optionally those publishing one metric.
func (s *Service) DescribeMetricFilters(sc Scope, in DescribeMetricFiltersInput) ([]*mlogs.MetricFilter, string, error) {
	if (in.MetricName == nil) != (in.Namespace == nil) {
		return nil, "", invalidParameter("metricName and metricNamespace must be specified together.")
	}
	after, paged, err := decodeToken(in.NextToken)
	if err != nil {
		return nil, "", err
	}
	w := s.st.Snapshot()
	scopePrefix := mlogs.ScopePrefix(sc.Account, sc.Region)
	start := scopePrefix
	if in.Group != nil {
		g, err := groupIn(w, sc, *in.Group)
		if err != nil {
			return nil, "", err
		}
		start = mlogs.FilterKey(g.ID, "")
		if in.Prefix != nil {
			start += *in.Prefix
		}
	}
	n := pageLimit(in.Limit, 50)
	var out []*mlogs.MetricFilter
	next := ""
	ascendFrom(MetricFilterKind.In(w), start, scopePrefix, after, paged, func(f *mlogs.MetricFilter) bool {
		if !strings.HasPrefix(f.ID, start) {
			return false
		}
		if in.MetricName != nil && !publishes(f, *in.MetricName, *in.Namespace) {
			return true
		}
		if len(out) == n {
			next = encodeToken(strings.TrimPrefix(out[n-1].ID, scopePrefix))
			return false
		}
		out = append(out, f)
		return true
	})
	return out, next, nil
}

func publishes(f *mlogs.MetricFilter, name, ns string) bool {
	for _, mt := range f.Transformations {
		if mt.MetricName == name && mt.MetricNamespace == ns {
			return true
		}
	}
	return false
}

// MatchRecord is one message TestMetricFilter matched: its 1-based number
// in the request and the values the pattern extracted.
type MatchRecord struct {
	EventNumber int64
	Message     string
	Extracted   map[string]string
}

// TestMetricFilter evaluates a filter pattern on sample messages (at most
// 50, the TestEventMessages shape).
func (s *Service) TestMetricFilter(pattern string, messages []string) ([]MatchRecord, error) {
	pat, err := compilePattern(pattern)
	if err != nil {
		return nil, err
	}
	if len(messages) > 50 {
		return nil, validationError(constraint{"logEventMessages", "list", "Member must have length less than or equal to 50"})
	}
	var out []MatchRecord
	for i, m := range messages {
		if fields, ok := pat.Extract(m); ok {
			out = append(out, MatchRecord{EventNumber: int64(i + 1), Message: m, Extracted: fields})
		}
	}
	return out, nil
}
