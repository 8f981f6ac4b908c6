package dataplane

import (
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// TestServiceExplanationFields: an explanation naming a load balancer,
// listener, target group, endpoint or VPN component carries the field
// Reachability Analyzer's Explanation has for it.
func TestServiceExplanationFields(t *testing.T) {
	const lb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/api/50dc6c495c0c9188"
	const lsn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/api/50dc6c495c0c9188/0123456789abcdef"
	if got := listenerLoadBalancer(lsn); got != lb {
		t.Errorf("listenerLoadBalancer(%s) = %s, want %s", lsn, got, lb)
	}
	if got := listenerLoadBalancer("vpn-123"); got != "" {
		t.Errorf("listenerLoadBalancer of a non-listener = %q", got)
	}
	x := explanation(&Explanation{Code: Elbv2ListenersMismatch, Component: Ref{Type: TypeLoadBalancer, ID: lb}, PacketField: "destination-port", Port: 8080})
	if x.LoadBalancerArn != lb || x.LoadBalancerListenerPort != 8080 {
		t.Errorf("load balancer explanation: arn %q, listener port %d", x.LoadBalancerArn, x.LoadBalancerListenerPort)
	}
	x = explanation(&Explanation{Code: Elbv2ListenerRequiresTGAccept, Component: Ref{Type: TypeListener, ID: lsn}})
	if x.LoadBalancerArn != lb || x.ElasticLoadBalancerListener == nil || x.ElasticLoadBalancerListener.ID != lsn {
		t.Errorf("listener explanation: %+v", x)
	}
	for _, c := range []struct {
		typ ComponentType
		get func() string
	}{
		{TypeTargetGroup, func() string {
			return idOf(explanation(&Explanation{Component: Ref{Type: TypeTargetGroup, ID: "tg"}}).LoadBalancerTargetGroup)
		}},
		{TypeVpcEndpoint, func() string {
			return idOf(explanation(&Explanation{Component: Ref{Type: TypeVpcEndpoint, ID: "tg"}}).VpcEndpoint)
		}},
		{TypeVpnConnection, func() string {
			return idOf(explanation(&Explanation{Component: Ref{Type: TypeVpnConnection, ID: "tg"}}).VpnConnection)
		}},
		{TypeVpnGateway, func() string {
			return idOf(explanation(&Explanation{Component: Ref{Type: TypeVpnGateway, ID: "tg"}}).VpnGateway)
		}},
		{TypeCustomerGateway, func() string {
			return idOf(explanation(&Explanation{Component: Ref{Type: TypeCustomerGateway, ID: "tg"}}).CustomerGateway)
		}},
	} {
		if got := c.get(); got != "tg" {
			t.Errorf("%v: field id %q, want tg", c.typ, got)
		}
	}
}

func idOf(c *model.AnalysisComponent) string {
	if c == nil {
		return ""
	}
	return c.ID
}
