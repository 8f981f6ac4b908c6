package elbv2

import (
	"slices"
	"sort"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Actions [ALB-UG load-balancer-listeners.md "Rule action types",
// listener-authenticate-users.md; NLB-UG load-balancer-listeners.md]:
// forward, redirect and fixed-response are terminal (exactly one, last by
// order); authenticate-oidc and authenticate-cognito precede it on HTTPS
// listeners; a forward action takes 1-5 weighted target groups on an
// Application Load Balancer, one on a Network or Gateway Load Balancer;
// weights are 0-999; a target group serves one load balancer.
const maxForwardGroups = 5

var terminal = []string{"forward", "redirect", "fixed-response"}

// checkActions validates and normalises actions (orders filled in).
func checkActions(w *store.World, scope Scope, lb *elbv2.LoadBalancer, protocol string, actions []elbv2.Action, _ bool) error {
	if len(actions) == 0 {
		return validation("At least one action must be specified")
	}
	given := actions[0].Order != 0
	for i := range actions {
		if (actions[i].Order != 0) != given {
			return validation("Either all actions or no actions must have an order")
		}
		if !given {
			actions[i].Order = int32(i + 1)
		}
	}
	sort.SliceStable(actions, func(i, j int) bool { return actions[i].Order < actions[j].Order })
	users := tgUsers(w, scope)
	for i := range actions {
		a := &actions[i]
		if i > 0 && a.Order == actions[i-1].Order {
			return validation("Action orders must be unique")
		}
		isTerminal := slices.Contains(terminal, a.Type)
		if isTerminal != (i == len(actions)-1) {
			return invalidConfig("Exactly one forward, redirect or fixed-response action must be specified, last in order")
		}
		switch a.Type {
		case "forward":
			if err := checkForward(w, scope, lb, protocol, a, users); err != nil {
				return err
			}
		case "redirect":
			if lb.Type != elbv2.TypeApplication {
				return awserr.New("InvalidLoadBalancerAction", "Redirect actions are only supported by Application Load Balancers")
			}
			if a.Redirect == nil {
				return validation("A redirect action needs a redirect configuration")
			}
			r := a.Redirect
			setDefault(&r.Protocol, "#{protocol}")
			setDefault(&r.Port, "#{port}")
			setDefault(&r.Host, "#{host}")
			setDefault(&r.Path, "/#{path}")
			setDefault(&r.Query, "#{query}")
			if r.Protocol != "#{protocol}" && r.Protocol != "HTTP" && r.Protocol != "HTTPS" {
				return validation("Redirect protocol '%s' must be HTTP, HTTPS or #{protocol}", r.Protocol)
			}
		case "fixed-response":
			if lb.Type != elbv2.TypeApplication {
				return awserr.New("InvalidLoadBalancerAction", "Fixed-response actions are only supported by Application Load Balancers")
			}
			f := a.FixedResponse
			if f == nil {
				return validation("A fixed-response action needs a fixed-response configuration")
			}
			if len(f.StatusCode) != 3 || (f.StatusCode[0] != '2' && f.StatusCode[0] != '4' && f.StatusCode[0] != '5') {
				return validation("Fixed-response status code '%s' must be 2XX, 4XX or 5XX", f.StatusCode)
			}
			if f.ContentType != "" && !slices.Contains([]string{"text/plain", "text/css", "text/html", "application/javascript", "application/json"}, f.ContentType) {
				return validation("Fixed-response content type '%s' is not valid", f.ContentType)
			}
			if len(f.MessageBody) > 1024 {
				return validation("Fixed-response message body cannot be longer than 1024 characters")
			}
		case "authenticate-oidc", "authenticate-cognito":
			if lb.Type != elbv2.TypeApplication || protocol != "HTTPS" {
				return awserr.New("InvalidLoadBalancerAction", "Authenticate actions are only supported on HTTPS listeners of Application Load Balancers")
			}
			if len(a.Auth) == 0 {
				return validation("An %s action needs its configuration", a.Type)
			}
		default:
			return awserr.New("InvalidLoadBalancerAction", "Action type '%s' is not supported", a.Type)
		}
	}
	return nil
}

func setDefault(p *string, v string) {
	if *p == "" {
		*p = v
	}
}

// checkForward validates a forward action's target groups.
func checkForward(w *store.World, scope Scope, lb *elbv2.LoadBalancer, protocol string, a *elbv2.Action, users map[string][]string) error {
	if len(a.Forward) == 0 {
		return validation("A forward action needs a target group")
	}
	max := maxForwardGroups
	if lb.Type != elbv2.TypeApplication {
		max = 1
	}
	if len(a.Forward) > max {
		return awserr.New("TooManyUniqueTargetGroupsPerLoadBalancer", "A forward action can have at most %d target groups", max)
	}
	seen := map[string]bool{}
	for _, f := range a.Forward {
		if seen[f.ARN] {
			return validation("Target group '%s' is specified more than once", f.ARN)
		}
		seen[f.ARN] = true
		if f.Weight < 0 || f.Weight > 999 {
			return validation("Target group weight %d must be from 0 to 999", f.Weight)
		}
		tg, err := getTG(w, scope, f.ARN)
		if err != nil {
			return err
		}
		if tg.TargetType != elbv2.TargetLambda && tg.VpcID != lb.VpcID {
			return invalidConfig("Target group '%s' is not in the load balancer's VPC '%s'", tg.ID, lb.VpcID)
		}
		if !compatible(lb.Type, protocol, tg) {
			return awserr.New("IncompatibleProtocols", "The target group '%s' (protocol '%s') is not compatible with a %s listener of a load balancer of type '%s'", tg.ID, tg.Protocol, protocol, lb.Type)
		}
		for _, other := range users[tg.ID] {
			if other != lb.ID {
				return awserr.New("TargetGroupAssociationLimit", "The following target groups cannot be associated with more than one load balancer: %s", tg.ID)
			}
		}
	}
	return nil
}

// compatible reports whether tg can serve a listener of protocol on a load
// balancer of type lbType.
func compatible(lbType, protocol string, tg *elbv2.TargetGroup) bool {
	switch lbType {
	case elbv2.TypeApplication:
		return family(tg) == elbv2.TypeApplication
	case elbv2.TypeGateway:
		return tg.Protocol == "GENEVE"
	}
	if tg.TargetType == elbv2.TargetALB {
		return protocol == "TCP"
	}
	switch protocol {
	case "TCP":
		return tg.Protocol == "TCP" || tg.Protocol == "TCP_UDP"
	case "TLS":
		return tg.Protocol == "TCP" || tg.Protocol == "TLS"
	case "UDP":
		return tg.Protocol == "UDP" || tg.Protocol == "TCP_UDP"
	case "TCP_UDP":
		return tg.Protocol == "TCP_UDP"
	}
	return false
}
