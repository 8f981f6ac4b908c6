package elbv2

import (
	"context"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Target registration [ALB-UG target-group-register-targets.md; NLB-UG
// target-group-register-targets.md]:
//   - instance targets are running instances in the group's VPC;
//   - ip targets are addresses of the VPC's CIDR blocks, or, outside the
//     VPC, of RFC 1918 ranges and 100.64.0.0/10 with Availability Zone
//     "all"; public addresses cannot be targets;
//   - a lambda group takes one function; an alb group one Application
//     Load Balancer of the VPC;
//   - 1,000 targets per Application Load Balancer group, 3,000 otherwise.
const (
	maxTargetsALB = 1000
	maxTargetsNLB = 3000
)

var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
}

func invalidTarget(format string, args ...any) error {
	return awserr.New("InvalidTarget", format, args...)
}

// checkTarget validates one target of tg and fills its zone.
func checkTarget(w *store.World, scope Scope, tg *elbv2.TargetGroup, t *elbv2.Target) error {
	switch tg.TargetType {
	case elbv2.TargetInstance:
		inst, ok := w.Instances.Get(t.ID)
		if !ok || !inst.InScope(scope) || inst.State == "terminated" || inst.State == "shutting-down" {
			return invalidTarget("The following targets are not valid instances: '%s'", t.ID)
		}
		if inst.State != "running" && inst.State != "pending" {
			return invalidTarget("The following targets are not in a running state and cannot be registered: '%s'", t.ID)
		}
		if inst.VpcID != tg.VpcID {
			return invalidTarget("The following targets are not in the target group VPC '%s': '%s'", tg.VpcID, t.ID)
		}
		t.AvailabilityZone = ""
	case elbv2.TargetIP:
		a, err := netip.ParseAddr(t.ID)
		if err != nil {
			return invalidTarget("The IP address '%s' is not a valid IP address", t.ID)
		}
		if (tg.IPAddressType == "ipv6") != a.Is6() {
			return invalidTarget("The IP address '%s' does not match the target group's IP address type '%s'", t.ID, tg.IPAddressType)
		}
		in := false
		if v, ok := w.VPCs.Get(tg.VpcID); ok {
			for _, c := range v.CidrBlocks {
				if c.State == "associated" && c.Prefix.Contains(a) {
					in = true
				}
			}
			for _, c := range v.Ipv6CidrBlocks {
				if c.State == "associated" && c.Prefix.Contains(a) {
					in = true
				}
			}
		}
		if in {
			if t.AvailabilityZone == "all" {
				return validation("Availability zone 'all' can only be specified for IP addresses outside the VPC")
			}
			t.AvailabilityZone = ""
			return nil
		}
		private := false
		for _, p := range privateRanges {
			if p.Contains(a) {
				private = true
			}
		}
		if !private {
			return invalidTarget("The IP address '%s' is not within the VPC's CIDR blocks or the RFC 1918 and 100.64.0.0/10 ranges", t.ID)
		}
		if t.AvailabilityZone != "all" {
			return validation("The IP address '%s' is outside the VPC: its Availability Zone must be 'all'", t.ID)
		}
	case elbv2.TargetLambda:
		if !strings.HasPrefix(t.ID, "arn:") || !strings.Contains(t.ID, ":lambda:") || !strings.Contains(t.ID, ":function:") {
			return invalidTarget("'%s' is not a valid Lambda function ARN", t.ID)
		}
		t.Port, t.AvailabilityZone = 0, ""
	case elbv2.TargetALB:
		lb, err := getLB(w, scope, t.ID)
		if err != nil || lb.Type != elbv2.TypeApplication {
			return invalidTarget("'%s' is not a valid Application Load Balancer", t.ID)
		}
		if lb.VpcID != tg.VpcID {
			return invalidTarget("Application Load Balancer '%s' is not in the target group VPC '%s'", t.ID, tg.VpcID)
		}
		found := false
		for _, l := range ListenerKind.In(w).Children(lb.ID) {
			if l.Port == t.Port {
				found = true
			}
		}
		if !found {
			return invalidTarget("Application Load Balancer '%s' has no listener on port %d", t.ID, t.Port)
		}
		t.AvailabilityZone = ""
	}
	return nil
}

// RegisterTargets registers targets with a target group; a registered
// target (same id and port) is left as is.
func (s *Service) RegisterTargets(ctx context.Context, scope Scope, arn string, targets []elbv2.Target) error {
	if len(targets) == 0 {
		return validation("At least one target must be specified")
	}
	return s.update(ctx, scope, func(tx *store.Tx) error {
		old, err := getTG(tx.World, scope, arn)
		if err != nil {
			return err
		}
		tg := model.Clone(old)
		for _, t := range targets {
			if t.Port == 0 {
				t.Port = tg.Port
			}
			if err := checkTarget(tx.World, scope, tg, &t); err != nil {
				return err
			}
			if indexTarget(tg.Targets, t.ID, t.Port) >= 0 {
				continue
			}
			tg.Targets = append(tg.Targets, t)
		}
		limit := maxTargetsNLB
		if family(tg) == elbv2.TypeApplication {
			limit = maxTargetsALB
		}
		if tg.TargetType == elbv2.TargetLambda || tg.TargetType == elbv2.TargetALB {
			limit = 1
		}
		if len(tg.Targets) > limit {
			return awserr.New("TooManyTargets", "You've reached the limit on the number of targets (%d) for target group '%s'", limit, arn)
		}
		TargetGroupKind.In(tx.World).Put(tg)
		return nil
	})
}

// indexTarget returns the index of target id:port (port 0: any port).
func indexTarget(ts []elbv2.Target, id string, port int32) int {
	for i, t := range ts {
		if t.ID == id && (port == 0 || t.Port == port) {
			return i
		}
	}
	return -1
}

// DeregisterTargets deregisters targets; a target that is not registered
// is an InvalidTarget error.
func (s *Service) DeregisterTargets(ctx context.Context, scope Scope, arn string, targets []elbv2.Target) error {
	if len(targets) == 0 {
		return validation("At least one target must be specified")
	}
	return s.update(ctx, scope, func(tx *store.Tx) error {
		old, err := getTG(tx.World, scope, arn)
		if err != nil {
			return err
		}
		tg := model.Clone(old)
		for _, t := range targets {
			i := indexTarget(tg.Targets, t.ID, t.Port)
			if i < 0 {
				return invalidTarget("The following targets are not registered in target group '%s': '%s'", arn, t.ID)
			}
			tg.Targets = append(tg.Targets[:i], tg.Targets[i+1:]...)
		}
		TargetGroupKind.In(tx.World).Put(tg)
		return nil
	})
}
