package elbv2

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Target group rules [ALB-UG load-balancer-target-groups.md,
// target-group-health-checks.md; NLB-UG load-balancer-target-groups.md,
// target-group-health-checks.md; API CreateTargetGroup]:
//   - the target type is instance (default), ip, lambda or alb; lambda
//     groups take no protocol, port or VPC, the others need all three; an
//     alb group is TCP;
//   - HTTP and HTTPS groups serve Application Load Balancers, TCP, TLS,
//     UDP and TCP_UDP groups Network Load Balancers, GENEVE groups Gateway
//     Load Balancers; each family has its health check defaults;
//   - the health check timeout must be smaller than the interval; a path
//     and an HTTP matcher apply to HTTP and HTTPS health checks only;
//   - 3,000 target groups per Region.
const maxTargetGroups = 3000

// HealthCheckInput holds the health check members of Create/ModifyTargetGroup
// (nil: not given).
type HealthCheckInput struct {
	Enabled            *bool
	Protocol           *string
	Port               *string
	Path               *string
	IntervalSeconds    *int32
	TimeoutSeconds     *int32
	HealthyThreshold   *int32
	UnhealthyThreshold *int32
	HTTPCode           *string
	GrpcCode           *string
}

// CreateTargetGroupInput is CreateTargetGroup's request.
type CreateTargetGroupInput struct {
	Name            string
	TargetType      string
	Protocol        string
	ProtocolVersion string
	Port            int32
	VpcID           string
	IPAddressType   string
	HealthCheck     HealthCheckInput
	Tags            []model.Tag
}

// family is the load balancer type a target group protocol serves.
func family(tg *elbv2.TargetGroup) string {
	switch tg.Protocol {
	case "HTTP", "HTTPS":
		return elbv2.TypeApplication
	case "GENEVE":
		return elbv2.TypeGateway
	case "":
		return elbv2.TypeApplication // lambda
	}
	return elbv2.TypeNetwork
}

// defaultHealthCheck returns the health check defaults of tg's family.
func defaultHealthCheck(tg *elbv2.TargetGroup) elbv2.HealthCheck {
	switch {
	case tg.TargetType == elbv2.TargetLambda:
		return elbv2.HealthCheck{Enabled: false, Path: "/", IntervalSeconds: 35, TimeoutSeconds: 30, HealthyThreshold: 5, UnhealthyThreshold: 2, HTTPCode: "200"}
	case tg.TargetType == elbv2.TargetALB:
		return elbv2.HealthCheck{Enabled: true, Protocol: "HTTP", Port: "traffic-port", Path: "/", IntervalSeconds: 30, TimeoutSeconds: 6, HealthyThreshold: 5, UnhealthyThreshold: 2, HTTPCode: "200-399"}
	}
	switch family(tg) {
	case elbv2.TypeApplication:
		hc := elbv2.HealthCheck{Enabled: true, Protocol: tg.Protocol, Port: "traffic-port", Path: "/", IntervalSeconds: 30, TimeoutSeconds: 5, HealthyThreshold: 5, UnhealthyThreshold: 2, HTTPCode: "200"}
		if tg.ProtocolVersion == "GRPC" {
			hc.Path, hc.HTTPCode, hc.GrpcCode = "/AWS.ALB/healthcheck", "", "12"
		}
		return hc
	case elbv2.TypeGateway:
		return elbv2.HealthCheck{Enabled: true, Protocol: "TCP", Port: "80", IntervalSeconds: 10, TimeoutSeconds: 5, HealthyThreshold: 5, UnhealthyThreshold: 2}
	}
	return elbv2.HealthCheck{Enabled: true, Protocol: "TCP", Port: "traffic-port", IntervalSeconds: 30, TimeoutSeconds: 10, HealthyThreshold: 5, UnhealthyThreshold: 2}
}

// applyHealthCheck merges in into tg's health check and validates it.
func applyHealthCheck(tg *elbv2.TargetGroup, in HealthCheckInput) error {
	hc := &tg.HealthCheck
	if in.Enabled != nil {
		hc.Enabled = *in.Enabled
	}
	if tg.TargetType == elbv2.TargetLambda {
		if in.Protocol != nil || in.Port != nil {
			return validation("Health check protocol and port cannot be specified for target groups with target type 'lambda'")
		}
	}
	if in.Protocol != nil && *in.Protocol != hc.Protocol {
		hc.Protocol = *in.Protocol
		if hc.Protocol == "HTTP" || hc.Protocol == "HTTPS" {
			if hc.Path == "" {
				hc.Path = "/"
			}
			if hc.HTTPCode == "" && hc.GrpcCode == "" {
				hc.HTTPCode = "200-399"
				if family(tg) == elbv2.TypeApplication {
					hc.HTTPCode = "200"
				}
			}
		} else {
			hc.Path, hc.HTTPCode = "", ""
		}
	}
	if in.Port != nil {
		hc.Port = *in.Port
	}
	if in.Path != nil {
		hc.Path = *in.Path
	}
	for _, f := range []struct {
		p *int32
		v *int32
	}{{in.IntervalSeconds, &hc.IntervalSeconds}, {in.TimeoutSeconds, &hc.TimeoutSeconds}, {in.HealthyThreshold, &hc.HealthyThreshold}, {in.UnhealthyThreshold, &hc.UnhealthyThreshold}} {
		if f.p != nil {
			*f.v = *f.p
		}
	}
	if in.HTTPCode != nil {
		hc.HTTPCode = *in.HTTPCode
	}
	if in.GrpcCode != nil {
		hc.GrpcCode = *in.GrpcCode
	}
	httpHC := hc.Protocol == "HTTP" || hc.Protocol == "HTTPS" || tg.TargetType == elbv2.TargetLambda
	switch family(tg) {
	case elbv2.TypeApplication:
		if tg.TargetType != elbv2.TargetLambda && !httpHC {
			return validation("Health check protocol '%s' is not supported for target groups with the '%s' protocol", hc.Protocol, tg.Protocol)
		}
	case elbv2.TypeNetwork:
		if tg.TargetType == elbv2.TargetALB && !httpHC {
			return validation("Health check protocol '%s' is not supported for target groups with target type 'alb'", hc.Protocol)
		}
		if hc.Protocol != "TCP" && !httpHC {
			return validation("Health check protocol '%s' is not supported for target groups with the '%s' protocol", hc.Protocol, tg.Protocol)
		}
	case elbv2.TypeGateway:
		if hc.Protocol != "TCP" && !httpHC {
			return validation("Health check protocol '%s' is not supported for target groups with the GENEVE protocol", hc.Protocol)
		}
	}
	if !httpHC && in.Path != nil {
		return validation("Health check path cannot be specified for '%s' health checks", hc.Protocol)
	}
	if !httpHC && (in.HTTPCode != nil || in.GrpcCode != nil) {
		return invalidConfig("Health check matcher cannot be specified for '%s' health checks", hc.Protocol)
	}
	if hc.Path != "" && (!strings.HasPrefix(hc.Path, "/") || len(hc.Path) > 1024) {
		return validation("Health check path '%s' must begin with '/' and be at most 1024 characters", hc.Path)
	}
	if hc.Port != "" && hc.Port != "traffic-port" {
		if n, err := strconv.Atoi(hc.Port); err != nil || n < 1 || n > 65535 {
			return validation("Health check port '%s' must be 'traffic-port' or a port from 1 to 65535", hc.Port)
		}
	}
	if hc.TimeoutSeconds >= hc.IntervalSeconds {
		return validation("Health check timeout '%d' must be smaller than the interval '%d'", hc.TimeoutSeconds, hc.IntervalSeconds)
	}
	if hc.HTTPCode != "" {
		hi := 499
		if family(tg) != elbv2.TypeApplication {
			hi = 599
		}
		if !validCodes(hc.HTTPCode, 200, hi) {
			return validation("Health check matcher HTTP code '%s' must be a code, a comma-separated list or a range of codes from 200 to %d", hc.HTTPCode, hi)
		}
	}
	if hc.GrpcCode != "" && !validCodes(hc.GrpcCode, 0, 99) {
		return validation("Health check matcher gRPC code '%s' must be a code, a comma-separated list or a range of codes from 0 to 99", hc.GrpcCode)
	}
	return nil
}

// validCodes reports whether s is "200", "200,202" or "200-299" within
// [lo, hi].
func validCodes(s string, lo, hi int) bool {
	in := func(v string) (int, bool) {
		n, err := strconv.Atoi(v)
		return n, err == nil && n >= lo && n <= hi
	}
	if a, b, ok := strings.Cut(s, "-"); ok {
		x, ok1 := in(a)
		y, ok2 := in(b)
		return ok1 && ok2 && x <= y
	}
	for _, p := range strings.Split(s, ",") {
		if _, ok := in(p); !ok {
			return false
		}
	}
	return true
}

// protocols by target type.
var tgProtocols = []string{"HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"}

// CreateTargetGroup creates a target group (or returns the existing one of
// the same name and settings).
func (s *Service) CreateTargetGroup(ctx context.Context, scope Scope, in CreateTargetGroupInput) (*elbv2.TargetGroup, error) {
	if err := checkName("Target group", in.Name); err != nil {
		return nil, err
	}
	if in.TargetType == "" {
		in.TargetType = elbv2.TargetInstance
	}
	tg := &elbv2.TargetGroup{Name: in.Name, TargetType: in.TargetType, Protocol: in.Protocol, ProtocolVersion: in.ProtocolVersion,
		Port: in.Port, VpcID: in.VpcID, IPAddressType: in.IPAddressType}
	if in.TargetType == elbv2.TargetLambda {
		if in.Protocol != "" || in.Port != 0 || in.VpcID != "" || in.ProtocolVersion != "" {
			return nil, validation("Protocol, port, protocol version and VPC ID cannot be specified for target groups with target type 'lambda'")
		}
		tg.IPAddressType = ""
	} else {
		switch {
		case in.Protocol == "":
			return nil, validation("A protocol must be specified")
		case in.Port == 0 && in.Protocol != "GENEVE":
			return nil, validation("A port must be specified")
		case in.VpcID == "":
			return nil, validation("A VPC ID must be specified")
		}
		if !slices.Contains(tgProtocols, in.Protocol) {
			return nil, validation("Protocol '%s' is not supported for target groups", in.Protocol)
		}
		if in.Protocol == "GENEVE" {
			if in.Port != 0 && in.Port != 6081 {
				return nil, validation("Port must be 6081 for target groups with the GENEVE protocol")
			}
			tg.Port = 6081
		}
		if in.TargetType == elbv2.TargetALB && in.Protocol != "TCP" {
			return nil, validation("Target groups with target type 'alb' support only the TCP protocol")
		}
		if in.ProtocolVersion != "" {
			if in.Protocol != "HTTP" && in.Protocol != "HTTPS" {
				return nil, validation("Protocol version can only be specified for target groups with the HTTP or HTTPS protocol")
			}
			if !slices.Contains([]string{"HTTP1", "HTTP2", "GRPC"}, strings.ToUpper(in.ProtocolVersion)) {
				return nil, validation("Protocol version '%s' must be HTTP1, HTTP2 or GRPC", in.ProtocolVersion)
			}
			tg.ProtocolVersion = strings.ToUpper(in.ProtocolVersion)
		} else if in.Protocol == "HTTP" || in.Protocol == "HTTPS" {
			tg.ProtocolVersion = "HTTP1"
		}
		if tg.IPAddressType == "" {
			tg.IPAddressType = "ipv4"
		}
		if tg.IPAddressType == "ipv6" && in.TargetType != elbv2.TargetIP {
			return nil, validation("IP address type 'ipv6' is only supported for target groups with target type 'ip'")
		}
	}
	tg.HealthCheck = defaultHealthCheck(tg)
	if err := applyHealthCheck(tg, in.HealthCheck); err != nil {
		return nil, err
	}
	tags, err := tagMap(nil, in.Tags)
	if err != nil {
		return nil, err
	}
	var out *elbv2.TargetGroup
	err = s.update(ctx, scope, func(tx *store.Tx) error {
		if tg.VpcID != "" {
			if v, ok := tx.VPCs.Get(tg.VpcID); !ok || !v.InScope(scope) {
				return validation("The VPC ID '%s' is not found", tg.VpcID)
			}
		}
		all := scopeTGs(tx.World, scope)
		if i := slices.IndexFunc(all, func(v *elbv2.TargetGroup) bool { return v.Name == in.Name }); i >= 0 {
			e := all[i]
			if e.TargetType == tg.TargetType && e.Protocol == tg.Protocol && e.Port == tg.Port && e.VpcID == tg.VpcID && e.HealthCheck == tg.HealthCheck {
				out = e
				return nil
			}
			return awserr.New("DuplicateTargetGroupName", "A target group with the same name '%s' exists, but with different settings", in.Name)
		}
		if len(all) >= maxTargetGroups {
			return awserr.New("TooManyTargetGroups", "The maximum number of target groups has been reached")
		}
		tg.Meta = model.Meta{ID: arnPrefix(scope) + "targetgroup/" + in.Name + "/" + tx.NewHex(16), Account: scope.Account, Region: scope.Region, Tags: tags, Created: tx.Now()}
		TargetGroupKind.In(tx.World).Put(tg)
		out = tg
		return nil
	})
	return out, err
}

// scopeTGs returns scope's target groups in ARN order.
func scopeTGs(w *store.World, scope Scope) []*elbv2.TargetGroup {
	p := arnPrefix(scope) + "targetgroup/"
	var out []*elbv2.TargetGroup
	TargetGroupKind.In(w).From(p, func(tg *elbv2.TargetGroup) bool {
		if !strings.HasPrefix(tg.ID, p) {
			return false
		}
		out = append(out, tg)
		return true
	})
	return out
}

// DescribeTargetGroupsInput is DescribeTargetGroups' request.
type DescribeTargetGroupsInput struct {
	LoadBalancerARN string
	ARNs            []string
	Names           []string
	Marker          string
	PageSize        int32
}

// TargetGroupView is a target group with the load balancers that route to
// it.
type TargetGroupView struct {
	*elbv2.TargetGroup
	LoadBalancerARNs []string
}

// DescribeTargetGroups lists target groups by load balancer, ARN or name.
func (s *Service) DescribeTargetGroups(scope Scope, in DescribeTargetGroupsInput) ([]TargetGroupView, string, error) {
	n := 0
	for _, given := range []bool{in.LoadBalancerARN != "", len(in.ARNs) > 0, len(in.Names) > 0} {
		if given {
			n++
		}
	}
	if n > 1 {
		return nil, "", validation("Only one of load balancer ARN, target group ARNs or names can be specified")
	}
	w := s.st.Snapshot()
	users := tgUsers(w, scope)
	var tgs []*elbv2.TargetGroup
	switch {
	case in.LoadBalancerARN != "":
		if _, err := getLB(w, scope, in.LoadBalancerARN); err != nil {
			return nil, "", err
		}
		for _, tg := range scopeTGs(w, scope) {
			if slices.Contains(users[tg.ID], in.LoadBalancerARN) {
				tgs = append(tgs, tg)
			}
		}
	case len(in.ARNs) > 0:
		for _, arn := range in.ARNs {
			tg, err := getTG(w, scope, arn)
			if err != nil {
				return nil, "", err
			}
			tgs = append(tgs, tg)
		}
	case len(in.Names) > 0:
		all := scopeTGs(w, scope)
		for _, name := range in.Names {
			i := slices.IndexFunc(all, func(v *elbv2.TargetGroup) bool { return v.Name == name })
			if i < 0 {
				return nil, "", awserr.New("TargetGroupNotFound", "Target groups '[%s]' not found", name)
			}
			tgs = append(tgs, all[i])
		}
	default:
		tgs = scopeTGs(w, scope)
	}
	tgs, next, err := page(tgs, in.Marker, in.PageSize)
	if err != nil {
		return nil, "", err
	}
	out := make([]TargetGroupView, len(tgs))
	for i, tg := range tgs {
		out[i] = TargetGroupView{TargetGroup: tg, LoadBalancerARNs: users[tg.ID]}
	}
	return out, next, nil
}

// actionGroups returns the target group ARNs a list of actions forwards to.
func actionGroups(actions []elbv2.Action) []string {
	var out []string
	for _, a := range actions {
		for _, f := range a.Forward {
			out = append(out, f.ARN)
		}
	}
	return out
}

// tgUsers maps scope's target group ARNs to the load balancers whose
// listeners or rules forward to them.
func tgUsers(w *store.World, scope Scope) map[string][]string {
	out := map[string][]string{}
	add := func(tg, lb string) {
		if !slices.Contains(out[tg], lb) {
			out[tg] = append(out[tg], lb)
		}
	}
	for _, lb := range scopeLBs(w, scope) {
		for _, l := range ListenerKind.In(w).Children(lb.ID) {
			for _, tg := range actionGroups(l.DefaultActions) {
				add(tg, lb.ID)
			}
			for _, r := range RuleKind.In(w).Children(l.ID) {
				for _, tg := range actionGroups(r.Actions) {
					add(tg, lb.ID)
				}
			}
		}
	}
	return out
}

// ModifyTargetGroup changes a target group's health check settings.
func (s *Service) ModifyTargetGroup(ctx context.Context, scope Scope, arn string, in HealthCheckInput) (*TargetGroupView, error) {
	var out *TargetGroupView
	err := s.update(ctx, scope, func(tx *store.Tx) error {
		old, err := getTG(tx.World, scope, arn)
		if err != nil {
			return err
		}
		tg := model.Clone(old)
		if err := applyHealthCheck(tg, in); err != nil {
			return err
		}
		TargetGroupKind.In(tx.World).Put(tg)
		out = &TargetGroupView{TargetGroup: tg, LoadBalancerARNs: tgUsers(tx.World, scope)[tg.ID]}
		return nil
	})
	return out, err
}

// DeleteTargetGroup deletes a target group no listener or rule uses.
// Deleting one that does not exist succeeds.
func (s *Service) DeleteTargetGroup(ctx context.Context, scope Scope, arn string) error {
	if err := checkARN(arn, "targetgroup", "target group"); err != nil {
		return err
	}
	return s.update(ctx, scope, func(tx *store.Tx) error {
		tg, err := getTG(tx.World, scope, arn)
		if err != nil {
			return nil
		}
		if len(tgUsers(tx.World, scope)[tg.ID]) > 0 {
			return awserr.New("ResourceInUse", "Target group '%s' is currently in use by a listener or a rule", arn)
		}
		TargetGroupKind.In(tx.World).Delete(arn)
		return nil
	})
}
