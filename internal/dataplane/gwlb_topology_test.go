package dataplane

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
)

// The Gateway Load Balancer statements of the topology language (gwlb.go):
//
//	gwlb NAME SUBNET:IP[,...] [crosszone] [state=S]
//	                                        Gateway Load Balancer arn:...:loadbalancer/gwy/NAME/..;
//	                                        its node interface in the n-th subnet is eni-NAME-<n>
//	gwtg NAME VPC [hcport=N|traffic-port] [hc=off] [stickiness=2|3] [crosszone=true|false]
//	                                        GENEVE target group (port 6081) with the GWLB default
//	                                        health check (TCP 80); register with `target`
//	gwlistener LB TG                        the load balancer's listener, forwarding to TG
//	gwsvc ID LB[,LB...] [state=S]           endpoint service (GatewayLoadBalancer type)
//	gwlbe ID VPC SUBNET:IP SVC [state=S] [ipv6]
//	                                        Gateway Load Balancer endpoint of service SVC; its
//	                                        interface is eni-<ID>; ipv6: IP address type dualstack
//
// Routes to the endpoint use `route RTB DEST vpce-...`.
func (b *topo) stmtGWLB(f []string) error {
	h := b.svc
	need := func(n int) error {
		if len(f) < n {
			return fmt.Errorf("want at least %d fields", n)
		}
		return nil
	}
	switch f[0] {
	case "gwlb":
		if err := need(3); err != nil {
			return err
		}
		o := opts(f[3:])
		lb := &elbv2.LoadBalancer{Meta: b.meta(b.lbARN("gwy", f[1])), Name: f[1], Type: elbv2.TypeGateway, State: "active",
			IPAddressType: "ipv4", Attributes: map[string]string{}}
		if st, ok := o["state"]; ok {
			lb.State = st
		}
		if o["crosszone"] != "" {
			lb.Attributes["load_balancing.cross_zone.enabled"] = "true"
		}
		for i, x := range strings.Split(f[2], ",") {
			sid, ip, _ := strings.Cut(x, ":")
			s, ok := b.subnets[sid]
			if !ok {
				return fmt.Errorf("unknown subnet %s", sid)
			}
			lb.VpcID = s.VpcID
			eni := b.serviceENI("eni-"+f[1]+"-"+strconv.Itoa(i+1), s, ip, nil, "gateway_load_balancer", "ELB gwy/"+f[1]+"/50dc6c495c0c9188")
			lb.Zones = append(lb.Zones, elbv2.Zone{ZoneName: s.AvailabilityZone, SubnetID: s.ID, NetworkInterfaceID: eni.ID})
		}
		h.lbs[f[1]] = lb
	case "gwtg":
		if err := need(3); err != nil {
			return err
		}
		o := opts(f[3:])
		tg := &elbv2.TargetGroup{Meta: b.meta("arn:aws:elasticloadbalancing:" + b.region + ":" + b.account + ":targetgroup/" + f[1] + "/73e2d6bc24d8a067"),
			Name: f[1], TargetType: elbv2.TargetInstance, Protocol: "GENEVE", Port: 6081, VpcID: f[2], Attributes: map[string]string{},
			HealthCheck: elbv2.HealthCheck{Enabled: o["hc"] != "off", Protocol: "TCP", Port: "80", IntervalSeconds: 10, TimeoutSeconds: 5, HealthyThreshold: 5, UnhealthyThreshold: 2}}
		if v, ok := o["hcport"]; ok {
			tg.HealthCheck.Port = v
		}
		switch o["stickiness"] {
		case "2":
			tg.Attributes["stickiness.enabled"], tg.Attributes["stickiness.type"] = "true", "source_ip_dest_ip"
		case "3":
			tg.Attributes["stickiness.enabled"], tg.Attributes["stickiness.type"] = "true", "source_ip_dest_ip_proto"
		}
		if v, ok := o["crosszone"]; ok {
			tg.Attributes["load_balancing.cross_zone.enabled"] = v
		}
		h.tgs[f[1]] = tg
	case "gwlistener":
		if err := need(3); err != nil {
			return err
		}
		lb, ok := h.lbs[f[1]]
		if !ok {
			return fmt.Errorf("unknown load balancer %s", f[1])
		}
		tg, ok := h.tgs[f[2]]
		if !ok {
			return fmt.Errorf("unknown target group %s", f[2])
		}
		l := &elbv2.Listener{Meta: b.meta(strings.Replace(lb.ID, ":loadbalancer/", ":listener/", 1) + "/0f5a0a8f4f2b8f2e"), LoadBalancerARN: lb.ID,
			DefaultActions: []elbv2.Action{{Type: "forward", Forward: []elbv2.WeightedTargetGroup{{ARN: tg.ID, Weight: 1}}}}}
		h.lsns = append(h.lsns, l)
	case "gwsvc":
		if err := need(3); err != nil {
			return err
		}
		o := opts(f[3:])
		s := &model.VpcEndpointService{Meta: b.meta(f[1]), ServiceName: "com.amazonaws.vpce." + b.region + "." + f[1],
			ServiceType: model.EndpointTypeGatewayLoadBalancer, State: "Available"}
		if st, ok := o["state"]; ok {
			s.State = st
		}
		for _, name := range strings.Split(f[2], ",") {
			lb, ok := h.lbs[name]
			if !ok {
				return fmt.Errorf("unknown load balancer %s", name)
			}
			s.GatewayLoadBalancerArns = append(s.GatewayLoadBalancerArns, lb.ID)
		}
		h.svcs[s.ID] = s
	case "gwlbe":
		if err := need(5); err != nil {
			return err
		}
		o := opts(f[5:])
		e := &model.VpcEndpoint{Meta: b.meta(f[1]), Type: model.EndpointTypeGatewayLoadBalancer, VpcID: f[2],
			ServiceID: f[4], ServiceName: "com.amazonaws.vpce." + b.region + "." + f[4], State: model.EndpointAvailable, IPAddressType: "ipv4"}
		if s, ok := o["state"]; ok {
			e.State = s
		}
		if o["ipv6"] != "" {
			e.IPAddressType = "dualstack"
		}
		sid, ip, _ := strings.Cut(f[3], ":")
		s, ok := b.subnets[sid]
		if !ok {
			return fmt.Errorf("unknown subnet %s", sid)
		}
		eni := b.serviceENI("eni-"+e.ID, s, ip, nil, "gateway_load_balancer_endpoint", "VPC Endpoint Interface "+e.ID)
		e.SubnetIDs = []string{s.ID}
		e.NetworkInterfaceIDs = []string{eni.ID}
		h.vpces[e.ID] = e
	default:
		return b.stmtLBTargets(f) // then stmtBPA: lbtargets_topology_test.go
	}
	return nil
}
