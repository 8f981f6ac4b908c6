package store

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
)

// LoadBalancerKind is Elastic Load Balancing's load balancer, declared in
// the store rather than in internal/control/elbv2 because EC2's control
// plane reads it too (PrivateLink endpoint services name Network and
// Gateway Load Balancers). Its table key is the load balancer's ARN.
var LoadBalancerKind = Define[elbv2.LoadBalancer](model.KindSpec{Name: "elbv2-load-balancer", Service: "elasticloadbalancing"},
	func(v *elbv2.LoadBalancer) string { return v.VpcID })

// TargetGroupKind and ListenerKind are Elastic Load Balancing's target
// groups and listeners, declared here next to LoadBalancerKind because the
// data plane (internal/dataplane) reads them to forward traffic through
// load balancers, and internal/control/elbv2 imports the data plane. Their
// table keys are the resources' ARNs.
var (
	TargetGroupKind = Define[elbv2.TargetGroup](model.KindSpec{Name: "elbv2-target-group", Service: "elasticloadbalancing"},
		func(v *elbv2.TargetGroup) string { return v.VpcID })
	ListenerKind = Define[elbv2.Listener](model.KindSpec{Name: "elbv2-listener", Service: "elasticloadbalancing"},
		func(v *elbv2.Listener) string { return v.LoadBalancerARN })
)
