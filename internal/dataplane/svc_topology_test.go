package dataplane

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// The endpoint and load balancer statements of the topology language:
//
//	gwvpce ID VPC PL RTB[,RTB...] [service=NAME] [state=S]
//	                                        gateway endpoint (default service s3); adds the
//	                                        route PL -> ID to each route table
//	ifvpce ID VPC SUBNET:IP[,SUBNET:IP...] [sg=SG,...] [svc=VPCE-SVC] [state=S]
//	                                        interface endpoint; its interface in the n-th
//	                                        subnet is eni-<ID>-<n> (n from 1)
//	epsvc ID LB[,LB...] [state=S]           PrivateLink endpoint service on Network Load Balancers
//	lb NAME network|application SUBNET:IP[,...] [sg=SG,...] [pub=IP] [crosszone] [state=S]
//	                                        load balancer arn:...:loadbalancer/{net|app}/NAME/..;
//	                                        its node interface in the n-th subnet is eni-NAME-<n>;
//	                                        pub= is the first node's Elastic IP
//	tg NAME instance|ip|alb|lambda PROTO PORT VPC [preserve=true|false] [crosszone=true|false] [hc=off]
//	                                        health check TCP on the traffic port (AWS's default:
//	                                        enabled) unless hc=off
//	target TG ID[:PORT] [az=ZONE]           register an instance id, an IP address or a function ARN
//	listener LB PROTO PORT TG|fixed-response
//
// In queries, a load balancer is its ARN or a node interface.
type topoSvc struct {
	vpces map[string]*model.VpcEndpoint
	svcs  map[string]*model.VpcEndpointService
	lbs   map[string]*elbv2.LoadBalancer // by name
	tgs   map[string]*elbv2.TargetGroup  // by name
	lsns  []*elbv2.Listener
}

// lbARN is the ARN the topology gives load balancer name.
func (b *topo) lbARN(kind, name string) string {
	return "arn:aws:elasticloadbalancing:" + b.region + ":" + b.account + ":loadbalancer/" + kind + "/" + name + "/50dc6c495c0c9188"
}

func (b *topo) stmtSvc(f []string) error {
	if b.svc == nil {
		b.svc = &topoSvc{vpces: map[string]*model.VpcEndpoint{}, svcs: map[string]*model.VpcEndpointService{},
			lbs: map[string]*elbv2.LoadBalancer{}, tgs: map[string]*elbv2.TargetGroup{}}
	}
	h := b.svc
	need := func(n int) error {
		if len(f) < n {
			return fmt.Errorf("want at least %d fields", n)
		}
		return nil
	}
	switch f[0] {
	case "gwvpce":
		if err := need(5); err != nil {
			return err
		}
		o := opts(f[5:])
		svc := o["service"]
		if svc == "" {
			svc = "s3"
		}
		e := &model.VpcEndpoint{Meta: b.meta(f[1]), Type: model.EndpointTypeGateway, VpcID: f[2],
			ServiceName: "com.amazonaws." + b.region + "." + svc, State: model.EndpointAvailable, RouteTableIDs: strings.Split(f[4], ",")}
		if s, ok := o["state"]; ok {
			e.State = s
		}
		for _, id := range e.RouteTableIDs {
			rt, ok := b.rtbs[id]
			if !ok {
				return fmt.Errorf("unknown route table %s", id)
			}
			rt.Routes = append(rt.Routes, model.Route{DestinationPrefixListID: f[3], Target: model.TargetVPCEndpoint, TargetID: e.ID, Origin: model.OriginCreateRoute})
		}
		h.vpces[e.ID] = e
	case "ifvpce":
		if err := need(4); err != nil {
			return err
		}
		o := opts(f[4:])
		e := &model.VpcEndpoint{Meta: b.meta(f[1]), Type: model.EndpointTypeInterface, VpcID: f[2],
			ServiceName: "com.amazonaws." + b.region + ".sqs", State: model.EndpointAvailable}
		if s, ok := o["svc"]; ok {
			e.ServiceID, e.ServiceName = s, "com.amazonaws.vpce."+b.region+"."+s
		}
		if s, ok := o["state"]; ok {
			e.State = s
		}
		sgs := []string{"sg-" + suffix(f[2]) + "-default"}
		if g, ok := o["sg"]; ok {
			sgs = strings.Split(g, ",")
		}
		e.SecurityGroupIDs = sgs
		for i, x := range strings.Split(f[3], ",") {
			sid, ip, _ := strings.Cut(x, ":")
			s, ok := b.subnets[sid]
			if !ok {
				return fmt.Errorf("unknown subnet %s", sid)
			}
			eni := b.serviceENI("eni-"+e.ID+"-"+strconv.Itoa(i+1), s, ip, sgs, "vpc_endpoint", "VPC Endpoint Interface "+e.ID)
			e.SubnetIDs = append(e.SubnetIDs, s.ID)
			e.NetworkInterfaceIDs = append(e.NetworkInterfaceIDs, eni.ID)
		}
		h.vpces[e.ID] = e
	case "epsvc":
		if err := need(3); err != nil {
			return err
		}
		o := opts(f[3:])
		s := &model.VpcEndpointService{Meta: b.meta(f[1]), ServiceName: "com.amazonaws.vpce." + b.region + "." + f[1],
			ServiceType: "Interface", State: "Available"}
		if st, ok := o["state"]; ok {
			s.State = st
		}
		for _, name := range strings.Split(f[2], ",") {
			lb, ok := h.lbs[name]
			if !ok {
				return fmt.Errorf("unknown load balancer %s", name)
			}
			s.NetworkLoadBalancerArns = append(s.NetworkLoadBalancerArns, lb.ID)
		}
		h.svcs[s.ID] = s
	case "lb":
		if err := need(4); err != nil {
			return err
		}
		o := opts(f[4:])
		kind, typ := "net", elbv2.TypeNetwork
		if f[2] == "application" {
			kind, typ = "app", elbv2.TypeApplication
		}
		m := b.meta(b.lbARN(kind, f[1]))
		lb := &elbv2.LoadBalancer{Meta: m, Name: f[1], Type: typ, Scheme: "internal", State: "active", IPAddressType: "ipv4",
			Attributes: map[string]string{}}
		if st, ok := o["state"]; ok {
			lb.State = st
		}
		if o["crosszone"] != "" {
			lb.Attributes["load_balancing.cross_zone.enabled"] = "true"
		}
		if o["plinbound"] == "off" {
			lb.PrivateLinkInboundOff = true
		}
		var sgs []string
		if g, ok := o["sg"]; ok {
			sgs = strings.Split(g, ",")
		}
		lb.SecurityGroupIDs = sgs
		for i, x := range strings.Split(f[3], ",") {
			sid, ip, _ := strings.Cut(x, ":")
			s, ok := b.subnets[sid]
			if !ok {
				return fmt.Errorf("unknown subnet %s", sid)
			}
			lb.VpcID = s.VpcID
			it := "network_load_balancer"
			if typ == elbv2.TypeApplication {
				it = "interface"
			}
			eni := b.serviceENI("eni-"+f[1]+"-"+strconv.Itoa(i+1), s, ip, sgs, it, "ELB "+kind+"/"+f[1]+"/50dc6c495c0c9188")
			if pub, ok := o["pub"]; ok && i == 0 {
				eni.PrivateIPs[0].PublicIP = addr(pub)
			}
			lb.Zones = append(lb.Zones, elbv2.Zone{ZoneName: s.AvailabilityZone, SubnetID: s.ID, NetworkInterfaceID: eni.ID})
		}
		h.lbs[f[1]] = lb
	case "tg":
		if err := need(6); err != nil {
			return err
		}
		port, err := strconv.Atoi(f[4])
		if err != nil {
			return err
		}
		o := opts(f[6:])
		tg := &elbv2.TargetGroup{Meta: b.meta("arn:aws:elasticloadbalancing:" + b.region + ":" + b.account + ":targetgroup/" + f[1] + "/73e2d6bc24d8a067"),
			Name: f[1], TargetType: f[2], Protocol: f[3], Port: int32(port), VpcID: f[5], Attributes: map[string]string{},
			HealthCheck: elbv2.HealthCheck{Enabled: o["hc"] != "off", Protocol: "TCP", Port: "traffic-port", IntervalSeconds: 30, TimeoutSeconds: 10, HealthyThreshold: 5, UnhealthyThreshold: 2}}
		if v, ok := o["preserve"]; ok {
			tg.Attributes["preserve_client_ip.enabled"] = v
		}
		if v, ok := o["crosszone"]; ok {
			tg.Attributes["load_balancing.cross_zone.enabled"] = v
		}
		h.tgs[f[1]] = tg
	case "target":
		if err := need(3); err != nil {
			return err
		}
		tg, ok := h.tgs[f[1]]
		if !ok {
			return fmt.Errorf("unknown target group %s", f[1])
		}
		t := elbv2.Target{ID: f[2]}
		if id, port, ok := strings.Cut(f[2], ":"); ok && !strings.Contains(port, ":") {
			n, err := strconv.Atoi(port)
			if err != nil {
				return err
			}
			t.ID, t.Port = id, int32(n)
		}
		if z, ok := opts(f[3:])["az"]; ok {
			t.AvailabilityZone = z
		}
		tg.Targets = append(tg.Targets, t)
	case "listener":
		if err := need(5); err != nil {
			return err
		}
		lb, ok := h.lbs[f[1]]
		if !ok {
			return fmt.Errorf("unknown load balancer %s", f[1])
		}
		port, err := strconv.Atoi(f[3])
		if err != nil {
			return err
		}
		l := &elbv2.Listener{Meta: b.meta(strings.Replace(lb.ID, ":loadbalancer/", ":listener/", 1) + "/" + strconv.Itoa(port)),
			LoadBalancerARN: lb.ID, Port: int32(port), Protocol: f[2]}
		if f[4] == "fixed-response" {
			l.DefaultActions = []elbv2.Action{{Type: "fixed-response", FixedResponse: &elbv2.FixedResponse{StatusCode: "200"}}}
		} else {
			tg, ok := h.tgs[f[4]]
			if !ok {
				return fmt.Errorf("unknown target group %s", f[4])
			}
			l.DefaultActions = []elbv2.Action{{Type: "forward", Forward: []elbv2.WeightedTargetGroup{{ARN: tg.ID, Weight: 1}}}}
		}
		h.lsns = append(h.lsns, l)
	default:
		return b.stmtGWLB(f) // Gateway Load Balancers: gwlb_topology_test.go
	}
	return nil
}

// serviceENI adds a requester-managed interface (an endpoint's or a load
// balancer node's).
func (b *topo) serviceENI(id string, s *model.Subnet, ip string, sgs []string, typ, desc string) *model.NetworkInterface {
	e := &model.NetworkInterface{Meta: b.meta(id), SubnetID: s.ID, VpcID: s.VpcID, InterfaceType: typ, Description: desc,
		SourceDestCheck: true, Status: "in-use", AvailabilityZone: s.AvailabilityZone, RequesterManaged: true,
		SecurityGroupIDs: sgs, PrivateIPs: []model.PrivateIP{{Address: addr(ip), Primary: true}}}
	b.enis[e.ID] = e
	return e
}

func (b *topo) putSvc(tx *store.Tx) {
	h := b.svc
	if h == nil {
		return
	}
	for _, v := range h.vpces {
		store.VpcEndpointKind.In(tx.World).Put(v)
	}
	for _, v := range h.svcs {
		store.VpcEndpointServiceKind.In(tx.World).Put(v)
	}
	for _, v := range h.lbs {
		store.LoadBalancerKind.In(tx.World).Put(v)
	}
	for _, v := range h.tgs {
		store.TargetGroupKind.In(tx.World).Put(v)
	}
	for _, v := range h.lsns {
		store.ListenerKind.In(tx.World).Put(v)
	}
}
