// Package elbv2 holds Elastic Load Balancing (v2) semantics: Application,
// Network and Gateway Load Balancers with their nodes' network interfaces,
// target groups and targets, listeners and rules, attributes, tags and
// target health computed by the data plane. Every operation is one store
// transaction; errors carry Elastic Load Balancing's codes.
package elbv2

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Kinds of this package; the load balancer, target group and listener
// kinds are declared in the store (the data plane reads them). Every table
// is keyed by the resource's ARN.
var (
	TargetGroupKind = store.TargetGroupKind
	ListenerKind    = store.ListenerKind
	RuleKind        = store.Define[elbv2.Rule](model.KindSpec{Name: "elbv2-rule", Service: "elasticloadbalancing"},
		func(v *elbv2.Rule) string { return v.ListenerARN })
)

// Service is the Elastic Load Balancing control plane. It is safe for
// concurrent use.
type Service struct {
	st     *store.Store
	ec2    *control.Service
	planes dataplane.Cache
}

// New returns the service over the EC2 control plane's store.
func New(ec2 *control.Service) *Service { return &Service{st: ec2.Store(), ec2: ec2} }

// Scope is an account-region.
type Scope = model.Scope

// update runs fn as one transaction after creating scope's initial EC2
// world (default VPC) on first use.
func (s *Service) update(ctx context.Context, scope Scope, fn func(tx *store.Tx) error) error {
	if err := s.ec2.EnsureScope(ctx, scope); err != nil {
		return fmt.Errorf("elbv2: initial world: %w", err)
	}
	_, err := s.st.Update(ctx, fn)
	return err
}

// Errors with Elastic Load Balancing's codes (botocore elbv2 model).
func validation(format string, args ...any) error {
	return awserr.New("ValidationError", format, args...)
}
func invalidConfig(format string, args ...any) error {
	return awserr.New("InvalidConfigurationRequest", format, args...)
}
func lbNotFound() error {
	return awserr.New("LoadBalancerNotFound", "One or more load balancers not found")
}
func tgNotFound() error {
	return awserr.New("TargetGroupNotFound", "One or more target groups not found")
}
func listenerNotFound() error {
	return awserr.New("ListenerNotFound", "One or more listeners not found")
}
func ruleNotFound() error { return awserr.New("RuleNotFound", "One or more rules not found") }

// partition returns the ARN partition of region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// arnPrefix is "arn:aws:elasticloadbalancing:<region>:<account>:".
func arnPrefix(scope Scope) string {
	return "arn:" + partition(scope.Region) + ":elasticloadbalancing:" + scope.Region + ":" + scope.Account + ":"
}

// typeSegment is the load balancer type's ARN segment.
func typeSegment(typ string) string {
	switch typ {
	case elbv2.TypeNetwork:
		return "net"
	case elbv2.TypeGateway:
		return "gwy"
	}
	return "app"
}

// lbPath returns "app/<name>/<id>" of a load balancer ARN.
func lbPath(arn string) string {
	_, after, _ := strings.Cut(arn, ":loadbalancer/")
	return after
}

// checkARN rejects a malformed ARN of resource type res with ValidationError
// (AWS: "'x' is not a valid load balancer ARN").
func checkARN(arn, res, noun string) error {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "elasticloadbalancing" || !strings.HasPrefix(parts[5], res+"/") {
		return validation("'%s' is not a valid %s ARN", arn, noun)
	}
	return nil
}

// getLB returns scope's load balancer arn.
func getLB(w *store.World, scope Scope, arn string) (*elbv2.LoadBalancer, error) {
	if err := checkARN(arn, "loadbalancer", "load balancer"); err != nil {
		return nil, err
	}
	lb, ok := store.LoadBalancerKind.In(w).Get(arn)
	if !ok || !lb.InScope(scope) {
		return nil, lbNotFound()
	}
	return lb, nil
}

// getTG returns scope's target group arn.
func getTG(w *store.World, scope Scope, arn string) (*elbv2.TargetGroup, error) {
	if err := checkARN(arn, "targetgroup", "target group"); err != nil {
		return nil, err
	}
	tg, ok := TargetGroupKind.In(w).Get(arn)
	if !ok || !tg.InScope(scope) {
		return nil, tgNotFound()
	}
	return tg, nil
}

// getListener returns scope's listener arn.
func getListener(w *store.World, scope Scope, arn string) (*elbv2.Listener, error) {
	if err := checkARN(arn, "listener", "listener"); err != nil {
		return nil, err
	}
	l, ok := ListenerKind.In(w).Get(arn)
	if !ok || !l.InScope(scope) {
		return nil, listenerNotFound()
	}
	return l, nil
}

// page cuts items at marker (an index rendered as a string) to size.
func page[T any](items []T, marker string, size int32) ([]T, string, error) {
	start := 0
	if marker != "" {
		n, err := strconv.Atoi(marker)
		if err != nil || n < 0 || n > len(items) {
			return nil, "", validation("Invalid marker '%s'", marker)
		}
		start = n
	}
	limit := 400
	if size > 0 {
		limit = int(size)
	}
	end := min(start+limit, len(items))
	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	return items[start:end], next, nil
}
