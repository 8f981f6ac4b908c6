package elbv2

import (
	"context"
	"maps"
	"slices"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Attribute is one key/value attribute.
type Attribute struct{ Key, Value string }

// attrRule checks one attribute's value; "" accepts any string.
type attrRule struct {
	def   string
	check string // bool | int:<min>:<max> | enum:<a>|<b>... | "" (free)
	enum  []string
}

func boolAttr(def string) attrRule { return attrRule{def: def, check: "bool"} }
func intAttr(def string, lo, hi int) attrRule {
	return attrRule{def: def, check: "int:" + strconv.Itoa(lo) + ":" + strconv.Itoa(hi)}
}
func strAttr(def string) attrRule { return attrRule{def: def} }
func enumAttr(def string, vals ...string) attrRule {
	return attrRule{def: def, check: "enum", enum: vals}
}

// Load balancer attributes and their defaults per type [ALB-UG
// application-load-balancers.md "Load balancer attributes"; NLB-UG
// network-load-balancers.md "Load balancer attributes"; GWLB: deletion
// protection and cross-zone load balancing].
var (
	commonLBAttrs = map[string]attrRule{
		"deletion_protection.enabled": boolAttr("false"),
	}
	logAttrs = map[string]attrRule{
		"access_logs.s3.enabled": boolAttr("false"),
		"access_logs.s3.bucket":  strAttr(""),
		"access_logs.s3.prefix":  strAttr(""),
	}
	albAttrs = map[string]attrRule{
		"idle_timeout.timeout_seconds":                             intAttr("60", 1, 4000),
		"client_keep_alive.seconds":                                intAttr("3600", 60, 604800),
		"connection_logs.s3.enabled":                               boolAttr("false"),
		"connection_logs.s3.bucket":                                strAttr(""),
		"connection_logs.s3.prefix":                                strAttr(""),
		"routing.http.desync_mitigation_mode":                      enumAttr("defensive", "monitor", "defensive", "strictest"),
		"routing.http.drop_invalid_header_fields.enabled":          boolAttr("false"),
		"routing.http.preserve_host_header.enabled":                boolAttr("false"),
		"routing.http.x_amzn_tls_version_and_cipher_suite.enabled": boolAttr("false"),
		"routing.http.xff_client_port.enabled":                     boolAttr("false"),
		"routing.http.xff_header_processing.mode":                  enumAttr("append", "append", "preserve", "remove"),
		"routing.http2.enabled":                                    boolAttr("true"),
		"waf.fail_open.enabled":                                    boolAttr("false"),
		"load_balancing.cross_zone.enabled":                        boolAttr("true"),
		"zonal_shift.config.enabled":                               boolAttr("false"),
	}
	nlbAttrs = map[string]attrRule{
		"load_balancing.cross_zone.enabled": boolAttr("false"),
		"dns_record.client_routing_policy":  enumAttr("any_availability_zone", "availability_zone_affinity", "partial_availability_zone_affinity", "any_availability_zone"),
		"zonal_shift.config.enabled":        boolAttr("false"),
		"ipv6.deny_all_igw_traffic":         boolAttr("false"),
	}
	gwlbAttrs = map[string]attrRule{
		"load_balancing.cross_zone.enabled": boolAttr("false"),
	}
)

// lbAttrRules returns the attribute set of lb's type.
func lbAttrRules(lb *elbv2.LoadBalancer) map[string]attrRule {
	out := maps.Clone(commonLBAttrs)
	switch lb.Type {
	case elbv2.TypeApplication:
		maps.Copy(out, logAttrs)
		maps.Copy(out, albAttrs)
		out["ipv6.deny_all_igw_traffic"] = boolAttr(strconv.FormatBool(lb.Scheme == SchemeInternal))
	case elbv2.TypeNetwork:
		maps.Copy(out, logAttrs)
		maps.Copy(out, nlbAttrs)
		out["ipv6.deny_all_igw_traffic"] = boolAttr(strconv.FormatBool(lb.Scheme == SchemeInternal))
	default:
		maps.Copy(out, gwlbAttrs)
	}
	return out
}

func defaults(rules map[string]attrRule) map[string]string {
	out := make(map[string]string, len(rules))
	for k, r := range rules {
		out[k] = r.def
	}
	return out
}

func defaultLBAttributes(lb *elbv2.LoadBalancer) map[string]string { return defaults(lbAttrRules(lb)) }

// sortedAttrs renders an attribute map in key order.
func sortedAttrs(m map[string]string) []Attribute {
	out := make([]Attribute, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, Attribute{k, m[k]})
	}
	return out
}

// applyAttrs validates attrs against rules and returns have changed by them.
// An unknown key is InvalidConfigurationRequest "Key <k> not valid", as AWS
// answers; a malformed value is a ValidationError.
func applyAttrs(rules map[string]attrRule, have map[string]string, attrs []Attribute) (map[string]string, error) {
	out := maps.Clone(have)
	if out == nil {
		out = map[string]string{}
	}
	for k, r := range rules {
		if _, ok := out[k]; !ok {
			out[k] = r.def
		}
	}
	if len(attrs) == 0 {
		return nil, validation("At least one attribute must be specified")
	}
	for _, a := range attrs {
		r, ok := rules[a.Key]
		if !ok {
			return nil, invalidConfig("Key %s not valid", a.Key)
		}
		if err := r.validate(a.Key, a.Value); err != nil {
			return nil, err
		}
		out[a.Key] = a.Value
	}
	return out, nil
}

func (r attrRule) validate(key, v string) error {
	switch {
	case r.check == "bool":
		if v != "true" && v != "false" {
			return validation("Attribute '%s' value '%s' must be 'true' or 'false'", key, v)
		}
	case r.check == "enum":
		if !slices.Contains(r.enum, v) {
			return validation("Attribute '%s' value '%s' must be one of %v", key, v, r.enum)
		}
	case len(r.check) > 4 && r.check[:4] == "int:":
		var lo, hi int
		parts := splitN(r.check[4:])
		lo, _ = strconv.Atoi(parts[0])
		hi, _ = strconv.Atoi(parts[1])
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return validation("Attribute '%s' value '%s' must be an integer from %d to %d", key, v, lo, hi)
		}
	}
	return nil
}

func splitN(s string) [2]string {
	for i := range len(s) {
		if s[i] == ':' {
			return [2]string{s[:i], s[i+1:]}
		}
	}
	return [2]string{s, s}
}

// DescribeLoadBalancerAttributes returns a load balancer's attributes.
func (s *Service) DescribeLoadBalancerAttributes(scope Scope, arn string) ([]Attribute, error) {
	lb, err := getLB(s.st.Snapshot(), scope, arn)
	if err != nil {
		return nil, err
	}
	m := defaultLBAttributes(lb)
	maps.Copy(m, lb.Attributes)
	return sortedAttrs(m), nil
}

// ModifyLoadBalancerAttributes changes a load balancer's attributes and
// returns them all.
func (s *Service) ModifyLoadBalancerAttributes(ctx context.Context, scope Scope, arn string, attrs []Attribute) ([]Attribute, error) {
	var out []Attribute
	err := s.update(ctx, scope, func(tx *store.Tx) error {
		old, err := getLB(tx.World, scope, arn)
		if err != nil {
			return err
		}
		m, err := applyAttrs(lbAttrRules(old), old.Attributes, attrs)
		if err != nil {
			return err
		}
		if m["access_logs.s3.enabled"] == "true" && m["access_logs.s3.bucket"] == "" {
			return invalidConfig("The value of 'access_logs.s3.bucket' cannot be empty when access logs are enabled")
		}
		lb := model.Clone(old)
		lb.Attributes = m
		store.LoadBalancerKind.In(tx.World).Put(lb)
		out = sortedAttrs(m)
		return nil
	})
	return out, err
}

// Listener attributes [API ModifyListenerAttributes]: TCP listeners of
// Network Load Balancers have an idle timeout (350 s, 60-6000); HTTP(S)
// listeners of Application Load Balancers have the routing.http.response.*
// header settings, empty by default.
func listenerAttrRules(l *elbv2.Listener) map[string]attrRule {
	switch l.Protocol {
	case "TCP":
		return map[string]attrRule{"tcp.idle_timeout.seconds": intAttr("350", 60, 6000)}
	case "HTTP", "HTTPS":
		out := map[string]attrRule{}
		for _, h := range []string{
			"server.enabled",
		} {
			out["routing.http.response."+h] = boolAttr("true")
		}
		for _, h := range []string{
			"strict_transport_security.header_value", "access_control_allow_origin.header_value",
			"access_control_allow_methods.header_value", "access_control_allow_headers.header_value",
			"access_control_allow_credentials.header_value", "access_control_expose_headers.header_value",
			"access_control_max_age.header_value", "content_security_policy.header_value",
			"x_content_type_options.header_value", "x_frame_options.header_value",
		} {
			out["routing.http.response."+h] = strAttr("")
		}
		return out
	}
	return map[string]attrRule{}
}

// DescribeListenerAttributes returns a listener's attributes.
func (s *Service) DescribeListenerAttributes(scope Scope, arn string) ([]Attribute, error) {
	l, err := getListener(s.st.Snapshot(), scope, arn)
	if err != nil {
		return nil, err
	}
	m := defaults(listenerAttrRules(l))
	maps.Copy(m, l.Attributes)
	return sortedAttrs(m), nil
}

// ModifyListenerAttributes changes a listener's attributes.
func (s *Service) ModifyListenerAttributes(ctx context.Context, scope Scope, arn string, attrs []Attribute) ([]Attribute, error) {
	var out []Attribute
	err := s.update(ctx, scope, func(tx *store.Tx) error {
		old, err := getListener(tx.World, scope, arn)
		if err != nil {
			return err
		}
		m, err := applyAttrs(listenerAttrRules(old), old.Attributes, attrs)
		if err != nil {
			return err
		}
		l := model.Clone(old)
		l.Attributes = m
		ListenerKind.In(tx.World).Put(l)
		out = sortedAttrs(m)
		return nil
	})
	return out, err
}

// Target group attributes and defaults by load balancer family [ALB-UG
// load-balancer-target-groups.md "Target group attributes"; NLB-UG
// load-balancer-target-groups.md; lambda targets: multi-value headers].
func tgAttrRules(tg *elbv2.TargetGroup) map[string]attrRule {
	health := map[string]attrRule{
		"target_group_health.dns_failover.minimum_healthy_targets.count":                 strAttr("1"),
		"target_group_health.dns_failover.minimum_healthy_targets.percentage":            strAttr("off"),
		"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count":      strAttr("1"),
		"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage": strAttr("off"),
		"load_balancing.cross_zone.enabled":                                              enumAttr("use_load_balancer_configuration", "true", "false", "use_load_balancer_configuration"),
	}
	switch {
	case tg.TargetType == elbv2.TargetLambda:
		return map[string]attrRule{"lambda.multi_value_headers.enabled": boolAttr("false")}
	case tg.Protocol == "GENEVE":
		out := map[string]attrRule{
			"deregistration_delay.timeout_seconds": intAttr("300", 0, 3600),
			"stickiness.enabled":                   boolAttr("false"),
			"stickiness.type":                      enumAttr("source_ip_dest_ip_proto", "source_ip_dest_ip", "source_ip_dest_ip_proto"),
			"target_failover.on_deregistration":    enumAttr("no_rebalance", "rebalance", "no_rebalance"),
			"target_failover.on_unhealthy":         enumAttr("no_rebalance", "rebalance", "no_rebalance"),
		}
		maps.Copy(out, health)
		return out
	case tg.Protocol == "HTTP" || tg.Protocol == "HTTPS":
		out := map[string]attrRule{
			"deregistration_delay.timeout_seconds":        intAttr("300", 0, 3600),
			"load_balancing.algorithm.type":               enumAttr("round_robin", "round_robin", "least_outstanding_requests", "weighted_random"),
			"load_balancing.algorithm.anomaly_mitigation": enumAttr("off", "on", "off"),
			"slow_start.duration_seconds":                 intAttr("0", 0, 900),
			"stickiness.enabled":                          boolAttr("false"),
			"stickiness.type":                             enumAttr("lb_cookie", "lb_cookie", "app_cookie"),
			"stickiness.lb_cookie.duration_seconds":       intAttr("86400", 1, 604800),
			"stickiness.app_cookie.cookie_name":           strAttr(""),
			"stickiness.app_cookie.duration_seconds":      intAttr("86400", 1, 604800),
		}
		maps.Copy(out, health)
		return out
	default: // Network Load Balancer protocols
		preserve := "false"
		if tg.TargetType == elbv2.TargetInstance || tg.Protocol == "UDP" || tg.Protocol == "TCP_UDP" {
			preserve = "true"
		}
		out := map[string]attrRule{
			"deregistration_delay.timeout_seconds":                         intAttr("300", 0, 3600),
			"deregistration_delay.connection_termination.enabled":          boolAttr("false"),
			"preserve_client_ip.enabled":                                   boolAttr(preserve),
			"proxy_protocol_v2.enabled":                                    boolAttr("false"),
			"stickiness.enabled":                                           boolAttr("false"),
			"stickiness.type":                                              enumAttr("source_ip", "source_ip"),
			"target_health_state.unhealthy.connection_termination.enabled": boolAttr("true"),
			"target_health_state.unhealthy.draining_interval_seconds":      intAttr("0", 0, 360000),
		}
		maps.Copy(out, health)
		return out
	}
}

// DescribeTargetGroupAttributes returns a target group's attributes.
func (s *Service) DescribeTargetGroupAttributes(scope Scope, arn string) ([]Attribute, error) {
	tg, err := getTG(s.st.Snapshot(), scope, arn)
	if err != nil {
		return nil, err
	}
	m := defaults(tgAttrRules(tg))
	maps.Copy(m, tg.Attributes)
	return sortedAttrs(m), nil
}

// ModifyTargetGroupAttributes changes a target group's attributes.
func (s *Service) ModifyTargetGroupAttributes(ctx context.Context, scope Scope, arn string, attrs []Attribute) ([]Attribute, error) {
	var out []Attribute
	err := s.update(ctx, scope, func(tx *store.Tx) error {
		old, err := getTG(tx.World, scope, arn)
		if err != nil {
			return err
		}
		m, err := applyAttrs(tgAttrRules(old), old.Attributes, attrs)
		if err != nil {
			return err
		}
		tg := model.Clone(old)
		tg.Attributes = m
		TargetGroupKind.In(tx.World).Put(tg)
		out = sortedAttrs(m)
		return nil
	})
	return out, err
}
