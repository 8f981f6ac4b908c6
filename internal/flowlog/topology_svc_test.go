package flowlog

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// The load balancer and endpoint statements of the topology language:
//
//	nlb NAME SUBNET IP eni=ENI                 internal Network Load Balancer, one node
//	tg NAME instance|ip PROTO PORT VPC [preserve=true|false]
//	target TG ID                               an instance id or an IP address
//	listener LB PROTO PORT TG
//	epsvc ID LB                                PrivateLink endpoint service on the NLB
//	ifvpce ID VPC SUBNET IP eni=ENI svc=EPSVC [sg=SG,...]
//
// The load balancer's ARN is arn:...:loadbalancer/net/NAME/50dc6c495c0c9188.
func (b *topo) stmtSvc(f []string) error {
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
	case "nlb":
		if err := need(5); err != nil {
			return err
		}
		s, ok := b.subnets[f[2]]
		if !ok {
			return fmt.Errorf("unknown subnet %s", f[2])
		}
		o := kv(f[4:])
		eni := b.serviceENI(o["eni"], s, f[3], nil, "network_load_balancer", "ELB net/"+f[1]+"/50dc6c495c0c9188")
		lb := &elbv2.LoadBalancer{Meta: b.meta(arn("loadbalancer/net", f[1], "50dc6c495c0c9188")), Name: f[1], Type: elbv2.TypeNetwork,
			Scheme: "internal", State: "active", IPAddressType: "ipv4", Attributes: map[string]string{}, VpcID: s.VpcID,
			Zones: []elbv2.Zone{{ZoneName: s.AvailabilityZone, SubnetID: s.ID, NetworkInterfaceID: eni.ID}}}
		b.put(func(tx *store.Tx) { store.LoadBalancerKind.In(tx.World).Put(lb) })
	case "tg":
		if err := need(6); err != nil {
			return err
		}
		port, err := strconv.Atoi(f[4])
		if err != nil {
			return err
		}
		tg := &elbv2.TargetGroup{Meta: b.meta(arn("targetgroup", f[1], "73e2d6bc24d8a067")), Name: f[1], TargetType: f[2],
			Protocol: f[3], Port: int32(port), VpcID: f[5], Attributes: map[string]string{}}
		if v, ok := kv(f[6:])["preserve"]; ok {
			tg.Attributes["preserve_client_ip.enabled"] = v
		}
		b.put(func(tx *store.Tx) { store.TargetGroupKind.In(tx.World).Put(tg) })
	case "target":
		if err := need(3); err != nil {
			return err
		}
		id := arn("targetgroup", f[1], "73e2d6bc24d8a067")
		b.put(func(tx *store.Tx) {
			t := store.TargetGroupKind.In(tx.World)
			tg, _ := t.Get(id)
			c := *tg
			c.Targets = append(append([]elbv2.Target(nil), tg.Targets...), elbv2.Target{ID: f[2]})
			t.Put(&c)
		})
	case "listener":
		if err := need(5); err != nil {
			return err
		}
		port, err := strconv.Atoi(f[3])
		if err != nil {
			return err
		}
		lbARN := arn("loadbalancer/net", f[1], "50dc6c495c0c9188")
		l := &elbv2.Listener{Meta: b.meta(arn("listener/net", f[1], "50dc6c495c0c9188/"+f[3])), LoadBalancerARN: lbARN,
			Port: int32(port), Protocol: f[2],
			DefaultActions: []elbv2.Action{{Type: "forward", Forward: []elbv2.WeightedTargetGroup{{ARN: arn("targetgroup", f[4], "73e2d6bc24d8a067"), Weight: 1}}}}}
		b.put(func(tx *store.Tx) { store.ListenerKind.In(tx.World).Put(l) })
	case "epsvc":
		if err := need(3); err != nil {
			return err
		}
		s := &model.VpcEndpointService{Meta: b.meta(f[1]), ServiceName: "com.amazonaws.vpce." + b.region + "." + f[1],
			ServiceType: "Interface", State: "Available", NetworkLoadBalancerArns: []string{arn("loadbalancer/net", f[2], "50dc6c495c0c9188")}}
		b.put(func(tx *store.Tx) { store.VpcEndpointServiceKind.In(tx.World).Put(s) })
	case "ifvpce":
		if err := need(6); err != nil {
			return err
		}
		s, ok := b.subnets[f[3]]
		if !ok {
			return fmt.Errorf("unknown subnet %s", f[3])
		}
		o := kv(f[5:])
		sgs := []string{"sg-default-" + f[2]}
		if g, ok := o["sg"]; ok {
			sgs = strings.Split(g, ",")
		}
		eni := b.serviceENI(o["eni"], s, f[4], sgs, "vpc_endpoint", "VPC Endpoint Interface "+f[1])
		e := &model.VpcEndpoint{Meta: b.meta(f[1]), Type: model.EndpointTypeInterface, VpcID: f[2], State: model.EndpointAvailable,
			ServiceID: o["svc"], ServiceName: "com.amazonaws.vpce." + b.region + "." + o["svc"], SecurityGroupIDs: sgs,
			SubnetIDs: []string{s.ID}, NetworkInterfaceIDs: []string{eni.ID}}
		b.put(func(tx *store.Tx) { store.VpcEndpointKind.In(tx.World).Put(e) })
	default:
		return b.stmtGWLB(f) // Gateway Load Balancers: topology_gwlb_test.go
	}
	return nil
}

// serviceENI adds a requester-managed interface: a load balancer node's or
// an interface endpoint's.
func (b *topo) serviceENI(id string, s *model.Subnet, ip string, sgs []string, typ, desc string) *model.NetworkInterface {
	e := &model.NetworkInterface{Meta: b.meta(id), SubnetID: s.ID, VpcID: s.VpcID, InterfaceType: typ, Description: desc,
		SourceDestCheck: true, Status: "in-use", AvailabilityZone: s.AvailabilityZone, RequesterManaged: true,
		SecurityGroupIDs: sgs, PrivateIPs: []model.PrivateIP{{Address: netip.MustParseAddr(ip), Primary: true}}}
	b.put(func(tx *store.Tx) { tx.NetworkInterfaces.Put(e) })
	return e
}
