package flowlog

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// The Gateway Load Balancer statements of the topology language
// (dataplane/gwlb.go):
//
//	gwlb NAME SUBNET IP eni=ENI              Gateway Load Balancer, one node
//	gwtg NAME VPC                            GENEVE target group, TCP 80 health check
//	                                         (register instances with `target`)
//	gwlistener LB TG
//	gwsvc ID LB                              endpoint service on the load balancer
//	gwlbe ID VPC SUBNET IP eni=ENI svc=SVC   Gateway Load Balancer endpoint
//	gwroute RTB DEST VPCE                    route to the endpoint
//	gwedge RTB IGW                           edge association of RTB with the gateway
//
// The load balancer's ARN is arn:...:loadbalancer/gwy/NAME/50dc6c495c0c9188.
func (b *topo) stmtGWLB(f []string) error {
	need := func(n int) error {
		if len(f) < n {
			return fmt.Errorf("%s: want at least %d fields", f[0], n)
		}
		return nil
	}
	arn := func(kind, name, suffix string) string {
		return "arn:aws:elasticloadbalancing:" + b.region + ":" + b.account + ":" + kind + "/" + name + "/" + suffix
	}
	switch f[0] {
	case "gwlb":
		if err := need(5); err != nil {
			return err
		}
		s, ok := b.subnets[f[2]]
		if !ok {
			return fmt.Errorf("unknown subnet %s", f[2])
		}
		eni := b.serviceENI(kv(f[4:])["eni"], s, f[3], nil, "gateway_load_balancer", "ELB gwy/"+f[1]+"/50dc6c495c0c9188")
		lb := &elbv2.LoadBalancer{Meta: b.meta(arn("loadbalancer/gwy", f[1], "50dc6c495c0c9188")), Name: f[1], Type: elbv2.TypeGateway,
			State: "active", IPAddressType: "ipv4", Attributes: map[string]string{}, VpcID: s.VpcID,
			Zones: []elbv2.Zone{{ZoneName: s.AvailabilityZone, SubnetID: s.ID, NetworkInterfaceID: eni.ID}}}
		b.put(func(tx *store.Tx) { store.LoadBalancerKind.In(tx.World).Put(lb) })
	case "gwtg":
		if err := need(3); err != nil {
			return err
		}
		tg := &elbv2.TargetGroup{Meta: b.meta(arn("targetgroup", f[1], "73e2d6bc24d8a067")), Name: f[1], TargetType: elbv2.TargetInstance,
			Protocol: "GENEVE", Port: 6081, VpcID: f[2], Attributes: map[string]string{},
			HealthCheck: elbv2.HealthCheck{Enabled: true, Protocol: "TCP", Port: "80", IntervalSeconds: 10, TimeoutSeconds: 5, HealthyThreshold: 5, UnhealthyThreshold: 2}}
		b.put(func(tx *store.Tx) { store.TargetGroupKind.In(tx.World).Put(tg) })
	case "gwlistener":
		if err := need(3); err != nil {
			return err
		}
		l := &elbv2.Listener{Meta: b.meta(arn("listener/gwy", f[1], "50dc6c495c0c9188/0f5a0a8f4f2b8f2e")), LoadBalancerARN: arn("loadbalancer/gwy", f[1], "50dc6c495c0c9188"),
			DefaultActions: []elbv2.Action{{Type: "forward", Forward: []elbv2.WeightedTargetGroup{{ARN: arn("targetgroup", f[2], "73e2d6bc24d8a067"), Weight: 1}}}}}
		b.put(func(tx *store.Tx) { store.ListenerKind.In(tx.World).Put(l) })
	case "gwsvc":
		if err := need(3); err != nil {
			return err
		}
		s := &model.VpcEndpointService{Meta: b.meta(f[1]), ServiceName: "com.amazonaws.vpce." + b.region + "." + f[1],
			ServiceType: model.EndpointTypeGatewayLoadBalancer, State: "Available", GatewayLoadBalancerArns: []string{arn("loadbalancer/gwy", f[2], "50dc6c495c0c9188")}}
		b.put(func(tx *store.Tx) { store.VpcEndpointServiceKind.In(tx.World).Put(s) })
	case "gwlbe":
		if err := need(6); err != nil {
			return err
		}
		s, ok := b.subnets[f[3]]
		if !ok {
			return fmt.Errorf("unknown subnet %s", f[3])
		}
		o := kv(f[5:])
		eni := b.serviceENI(o["eni"], s, f[4], nil, "gateway_load_balancer_endpoint", "VPC Endpoint Interface "+f[1])
		e := &model.VpcEndpoint{Meta: b.meta(f[1]), Type: model.EndpointTypeGatewayLoadBalancer, VpcID: f[2], State: model.EndpointAvailable,
			ServiceID: o["svc"], ServiceName: "com.amazonaws.vpce." + b.region + "." + o["svc"], IPAddressType: "ipv4",
			SubnetIDs: []string{s.ID}, NetworkInterfaceIDs: []string{eni.ID}}
		b.put(func(tx *store.Tx) { store.VpcEndpointKind.In(tx.World).Put(e) })
	case "gwroute":
		if err := need(4); err != nil {
			return err
		}
		rt, ok := b.rtbs[f[1]]
		if !ok {
			return fmt.Errorf("unknown route table %s", f[1])
		}
		if !strings.HasPrefix(f[3], "vpce-") {
			return fmt.Errorf("gwroute target %s is not a vpce-", f[3])
		}
		rt.Routes = append(rt.Routes, model.Route{Destination: netip.MustParsePrefix(f[2]), Target: model.TargetVPCEndpoint, TargetID: f[3], Origin: model.OriginCreateRoute})
	case "gwedge":
		if err := need(3); err != nil {
			return err
		}
		rt, ok := b.rtbs[f[1]]
		if !ok {
			return fmt.Errorf("unknown route table %s", f[1])
		}
		rt.Associations = append(rt.Associations, model.RouteTableAssoc{ID: "rtbassoc-" + f[2], GatewayID: f[2]})
	default:
		return fmt.Errorf("unknown statement %q", f[0])
	}
	return nil
}
