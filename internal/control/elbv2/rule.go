package elbv2

import (
	"context"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Listener rules [ALB-UG load-balancer-listeners.md "Listener rules",
// "Rule condition types"; load-balancer-limits.md]: rules belong to
// Application Load Balancer listeners; priorities 1-50000 are unique per
// listener (PriorityInUse); each listener has a default rule, which has no
// conditions and cannot be deleted or re-prioritised; 100 rules per load
// balancer besides the defaults; at most 5 condition values per rule;
// conditions: host-header, path-pattern, http-header, http-request-method,
// query-string and source-ip, each at most once except http-header and
// query-string; values at most 128 characters.
const (
	maxRulesPerLB      = 100
	maxConditionValues = 5
	maxValueLen        = 128
)

var conditionFields = []string{"host-header", "path-pattern", "http-header", "http-request-method", "query-string", "source-ip"}

// checkConditions validates rule conditions.
func checkConditions(conds []elbv2.Condition) error {
	if len(conds) == 0 {
		return validation("At least one condition must be specified")
	}
	seen := map[string]bool{}
	total := 0
	for _, c := range conds {
		ok := false
		for _, f := range conditionFields {
			if f == c.Field {
				ok = true
			}
		}
		if !ok {
			return validation("Condition field '%s' must be one of [%s]", c.Field, strings.Join(conditionFields, ", "))
		}
		if seen[c.Field] && c.Field != "http-header" && c.Field != "query-string" {
			return validation("A rule can only have one '%s' condition", c.Field)
		}
		seen[c.Field] = true
		n := len(c.Values) + len(c.Query)
		if n == 0 {
			return validation("A '%s' condition must have at least one value", c.Field)
		}
		total += n
		for _, v := range c.Values {
			if len(v) > maxValueLen {
				return validation("Condition value '%s' cannot be longer than %d characters", v, maxValueLen)
			}
			switch c.Field {
			case "http-request-method":
				for _, r := range v {
					if !(r >= 'A' && r <= 'Z' || r == '_' || r == '-') {
						return validation("HTTP request method '%s' can contain only A-Z, hyphens and underscores", v)
					}
				}
			case "source-ip":
				if _, err := netip.ParsePrefix(v); err != nil {
					return validation("Source IP '%s' must be a CIDR block", v)
				}
			}
		}
		if c.Field == "http-header" && (c.HeaderName == "" || len(c.HeaderName) > 40) {
			return validation("An http-header condition needs a header name of at most 40 characters")
		}
		for _, q := range c.Query {
			if q.Value == "" {
				return validation("A query-string condition value cannot be empty")
			}
		}
	}
	if total > maxConditionValues {
		return awserr.New("TooManyConditionValues", "A rule can have at most %d condition values", maxConditionValues)
	}
	return nil
}

// CreateRuleInput is CreateRule's request.
type CreateRuleInput struct {
	ListenerARN string
	Priority    int32
	Conditions  []elbv2.Condition
	Actions     []elbv2.Action
	Tags        []model.Tag
}

// CreateRule adds a rule to an Application Load Balancer listener.
func (s *Service) CreateRule(ctx context.Context, scope Scope, in CreateRuleInput) (*elbv2.Rule, error) {
	if err := checkConditions(in.Conditions); err != nil {
		return nil, err
	}
	if in.Priority < 1 || in.Priority > 50000 {
		return nil, validation("Priority must be from 1 to 50000")
	}
	tags, err := tagMap(nil, in.Tags)
	if err != nil {
		return nil, err
	}
	var out *elbv2.Rule
	err = s.update(ctx, scope, func(tx *store.Tx) error {
		l, err := getListener(tx.World, scope, in.ListenerARN)
		if err != nil {
			return err
		}
		lb, err := getLB(tx.World, scope, l.LoadBalancerARN)
		if err != nil {
			return err
		}
		if lb.Type != elbv2.TypeApplication {
			return invalidConfig("Rules are only supported by listeners of Application Load Balancers")
		}
		for _, r := range RuleKind.In(tx.World).Children(l.ID) {
			if r.Priority == in.Priority {
				return awserr.New("PriorityInUse", "Priority '%d' is currently in use", in.Priority)
			}
		}
		n := 0
		for _, ol := range ListenerKind.In(tx.World).Children(lb.ID) {
			n += len(RuleKind.In(tx.World).Children(ol.ID))
		}
		if n >= maxRulesPerLB {
			return awserr.New("TooManyRules", "You've reached the limit on the number of rules per load balancer")
		}
		if err := checkActions(tx.World, scope, lb, l.Protocol, in.Actions, false); err != nil {
			return err
		}
		_, lid := pathTail(l.ID)
		r := &elbv2.Rule{
			Meta:        model.Meta{ID: arnPrefix(scope) + "listener-rule/" + lbPath(lb.ID) + "/" + lid + "/" + tx.NewHex(16), Account: scope.Account, Region: scope.Region, Tags: tags, Created: tx.Now()},
			ListenerARN: l.ID,
			Priority:    in.Priority,
			Conditions:  in.Conditions,
			Actions:     in.Actions,
		}
		RuleKind.In(tx.World).Put(r)
		out = r
		return nil
	})
	return out, err
}

func pathTail(arn string) (string, string) {
	i := strings.LastIndexByte(arn, '/')
	return arn[:i], arn[i+1:]
}

// RuleView is a rule as DescribeRules shows it, the default rule included.
type RuleView struct {
	ARN        string
	Priority   string // a number or "default"
	IsDefault  bool
	Conditions []elbv2.Condition
	Actions    []elbv2.Action
}

func ruleView(r *elbv2.Rule) RuleView {
	return RuleView{ARN: r.ID, Priority: itoa(r.Priority), Conditions: r.Conditions, Actions: r.Actions}
}

func defaultRule(l *elbv2.Listener) RuleView {
	return RuleView{ARN: l.DefaultRuleARN, Priority: "default", IsDefault: true, Actions: l.DefaultActions}
}

func itoa(n int32) string {
	b := [12]byte{}
	i := len(b)
	if n == 0 {
		return "0"
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// listenerRules returns a listener's rules by priority, the default last.
func listenerRules(w *store.World, l *elbv2.Listener) []RuleView {
	rs := RuleKind.In(w).Children(l.ID)
	sort.Slice(rs, func(i, j int) bool { return rs[i].Priority < rs[j].Priority })
	out := make([]RuleView, 0, len(rs)+1)
	for _, r := range rs {
		out = append(out, ruleView(r))
	}
	return append(out, defaultRule(l))
}

// findRule resolves a rule ARN, the default rule included.
func findRule(w *store.World, scope Scope, arn string) (*elbv2.Rule, *elbv2.Listener, error) {
	if err := checkARN(arn, "listener-rule", "rule"); err != nil {
		return nil, nil, err
	}
	if r, ok := RuleKind.In(w).Get(arn); ok && r.InScope(scope) {
		l, _ := ListenerKind.In(w).Get(r.ListenerARN)
		return r, l, nil
	}
	head, _ := pathTail(arn)
	lid := strings.Replace(head, ":listener-rule/", ":listener/", 1)
	if l, ok := ListenerKind.In(w).Get(lid); ok && l.InScope(scope) && l.DefaultRuleARN == arn {
		return nil, l, nil
	}
	return nil, nil, ruleNotFound()
}

// DescribeRules lists a listener's rules or rules by ARN.
func (s *Service) DescribeRules(scope Scope, listenerARN string, arns []string, marker string, size int32) ([]RuleView, string, error) {
	if (listenerARN == "") == (len(arns) == 0) {
		return nil, "", validation("You must specify either listener ARN or rule ARNs")
	}
	w := s.st.Snapshot()
	var out []RuleView
	if listenerARN != "" {
		l, err := getListener(w, scope, listenerARN)
		if err != nil {
			return nil, "", err
		}
		out = listenerRules(w, l)
	} else {
		for _, arn := range arns {
			r, l, err := findRule(w, scope, arn)
			if err != nil {
				return nil, "", err
			}
			if r == nil {
				out = append(out, defaultRule(l))
			} else {
				out = append(out, ruleView(r))
			}
		}
	}
	return page(out, marker, size)
}

// ModifyRule replaces a rule's conditions and/or actions; the default rule
// takes actions only.
func (s *Service) ModifyRule(ctx context.Context, scope Scope, arn string, conds []elbv2.Condition, actions []elbv2.Action) (*RuleView, error) {
	var out *RuleView
	err := s.update(ctx, scope, func(tx *store.Tx) error {
		r, l, err := findRule(tx.World, scope, arn)
		if err != nil {
			return err
		}
		lb, err := getLB(tx.World, scope, l.LoadBalancerARN)
		if err != nil {
			return err
		}
		if actions != nil {
			if err := checkActions(tx.World, scope, lb, l.Protocol, actions, r == nil); err != nil {
				return err
			}
		}
		if r == nil {
			if conds != nil {
				return awserr.New("OperationNotPermitted", "Conditions cannot be specified for the default rule")
			}
			lc := model.Clone(l)
			if actions != nil {
				lc.DefaultActions = actions
			}
			ListenerKind.In(tx.World).Put(lc)
			v := defaultRule(lc)
			out = &v
			return nil
		}
		rc := model.Clone(r)
		if conds != nil {
			if err := checkConditions(conds); err != nil {
				return err
			}
			rc.Conditions = conds
		}
		if actions != nil {
			rc.Actions = actions
		}
		RuleKind.In(tx.World).Put(rc)
		v := ruleView(rc)
		out = &v
		return nil
	})
	return out, err
}

// DeleteRule deletes a rule; the default rule cannot be deleted.
func (s *Service) DeleteRule(ctx context.Context, scope Scope, arn string) error {
	return s.update(ctx, scope, func(tx *store.Tx) error {
		r, _, err := findRule(tx.World, scope, arn)
		if err != nil {
			return err
		}
		if r == nil {
			return awserr.New("OperationNotPermitted", "Default rule '%s' cannot be deleted", arn)
		}
		RuleKind.In(tx.World).Delete(r.ID)
		return nil
	})
}

// RulePriority is one SetRulePriorities pair.
type RulePriority struct {
	ARN      string
	Priority int32
}

// SetRulePriorities changes rule priorities in one step; the resulting
// priorities must be unique per listener.
func (s *Service) SetRulePriorities(ctx context.Context, scope Scope, pairs []RulePriority) ([]RuleView, error) {
	var out []RuleView
	err := s.update(ctx, scope, func(tx *store.Tx) error {
		changed := map[string]*elbv2.Rule{}
		for _, p := range pairs {
			r, _, err := findRule(tx.World, scope, p.ARN)
			if err != nil {
				return err
			}
			if r == nil {
				return awserr.New("OperationNotPermitted", "The priority of the default rule '%s' cannot be changed", p.ARN)
			}
			if p.Priority < 1 || p.Priority > 50000 {
				return validation("Priority must be from 1 to 50000")
			}
			rc := model.Clone(r)
			rc.Priority = p.Priority
			changed[r.ID] = rc
		}
		for _, rc := range changed {
			for _, o := range RuleKind.In(tx.World).Children(rc.ListenerARN) {
				if c, ok := changed[o.ID]; ok {
					o = c
				}
				if o.ID != rc.ID && o.Priority == rc.Priority {
					return awserr.New("PriorityInUse", "Priority '%d' is currently in use", rc.Priority)
				}
			}
		}
		for _, p := range pairs {
			rc := changed[p.ARN]
			RuleKind.In(tx.World).Put(rc)
			out = append(out, ruleView(rc))
		}
		return nil
	})
	return out, err
}
