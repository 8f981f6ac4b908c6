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
