package dataplane

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Gateway Load Balancers and their endpoints in the plane (VPC-UG
// gwlb-route.md, route-table-options.md "Routing to a Gateway Load
// Balancer endpoint"; PrivateLink Guide 2021 vpce-gateway-load-balancer.md,
// vpc-endpoint-services-gwlbe.md; Gateway Load Balancer User Guide
// target-groups.md, health-checks.md, edit-target-group-attributes.md).
//
// A route whose target is an available Gateway Load Balancer endpoint of
// the route table's VPC sends the packet to the endpoint's network
// interface (its subnet's network ACL applies; "Security groups are not
// supported"). The endpoint hands it (GENEVE, UDP 6081) to the Gateway
// Load Balancer node of its endpoint service in the endpoint's
// Availability Zone, which picks one healthy appliance of the target group
// its listener forwards to: in the node's zone, or in any zone with
// cross-zone load balancing. The choice is the flow hash: 5-tuple by
// default, 3-tuple (source_ip_dest_ip_proto) or 2-tuple
// (source_ip_dest_ip) with stickiness.enabled, computed over the unordered
// pair of endpoints so that both directions of a flow reach the same
// appliance, as GWLB's flow stickiness does. The appliance is a bump in
// the wire: it returns the packet unchanged to the node, which returns it
// to the same endpoint; from there the endpoint subnet's route table routes
// it on. The node to appliance leg is GENEVE encapsulated: it is not
// traced hop by hop (the appliance's health check, below, is what says it
// can be reached); the packet the routes see is the inner one.
//
// Target health. DescribeTargetHealth (control/elbv2/health.go) is computed
// by tracing, on a compiled plane, TCP from each load balancer node that
// checks a target to the target's health check port; the plane cannot call
// it (control/elbv2 imports this package), so it computes the same thing
// itself once per compiled plane, for Gateway, Network and Application Load
// Balancers alike (lbtargets.go compileTargetHealth, after the route
// tables): a registered target is healthy when its interface is running and
// the health check reaches it from every node of its zone (every node with
// cross-zone load balancing). A flow whose node has no healthy target
// drops (unlike Network and Application Load Balancers, which fail open). (A partner guide says a GWLB node whose zone has only unhealthy
// targets fails open to them; the GWLB User Guide says the load balancer
// routes traffic to healthy targets only, and that is what is modelled.)
//
// What Reachability Analyzer shows: "A path through a GWLB endpoint does
// not include the GWLB or its targets" (PATH_THROUGH_GWLB_NOT_CHECKED), and
// it ignores target health. vpcsim traces the whole path, because an
// operator asking "why is this flow dropped" needs the appliance and its
// health; but it keeps the two views apart: the endpoint's hop carries the
// PATH_THROUGH_GWLB_NOT_CHECKED code, the hops past it (endpoint service,
// load balancer, target group, appliance, and the return to the endpoint)
// have reasons for which Reason.BeyondAnalyzer reports true and whose text
// says they are vpcsim's, and AnalysisResult (the Network Insights API)
// leaves them out, unless one of them is where the packet was dropped.

// gwlbPlane holds the compiled Gateway Load Balancers.
type gwlbPlane struct {
	lbs []gwlbNode
	// svcLBs[i] lists the Gateway Load Balancers of endpoint service
	// sv.svcs[i].
	svcLBs [][]int32
}

type gwlbNode struct {
	m     *elbv2.LoadBalancer
	vpc   int32
	nodes []int32 // node interfaces, in zone order
	tg    int32   // target group of the listener's forward action, or -1
	lsn   bool    // has a listener
	cross bool    // cross-zone load balancing
	ok    bool    // active
}

func (p *Plane) gwlbRef(i int32) Ref {
	return Ref{Type: TypeLoadBalancer, ID: p.sv.gw.lbs[i].m.ID, meta: &p.sv.gw.lbs[i].m.Meta}
}

// compileGWLB compiles the Gateway Load Balancers (after load balancers,
// target groups, endpoint services and endpoints).
func (p *Plane) compileGWLB(w *store.World) {
	g := &p.sv.gw
	lsns := store.ListenerKind.In(w)
	store.LoadBalancerKind.In(w).All(func(m *elbv2.LoadBalancer) bool {
		if m.Type != elbv2.TypeGateway {
			return true
		}
		n := gwlbNode{m: m, vpc: p.vpcIndex(m.VpcID), tg: -1,
			ok:    m.State == "" || m.State == "active" || m.State == "active_impaired",
			cross: lbCrossZone(m)}
		for _, z := range m.Zones {
			if ei, ok := p.eniByID[z.NetworkInterfaceID]; ok {
				n.nodes = append(n.nodes, ei)
			}
		}
		for _, l := range lsns.Children(m.ID) {
			n.lsn = true
			if a := terminalAction(l.DefaultActions); a != nil && a.Type == "forward" && len(a.Forward) > 0 {
				if ti, ok := p.sv.tgByARN[a.Forward[0].ARN]; ok {
					n.tg = ti
				}
			}
			break // a Gateway Load Balancer has one listener
		}
		if g.lbs == nil {
			g.lbs = make([]gwlbNode, 0, 4)
		}
		g.lbs = append(g.lbs, n)
		return true
	})
	if len(g.lbs) == 0 {
		return
	}
	byARN := make(map[string]int32, len(g.lbs))
	for i := range g.lbs {
		byARN[g.lbs[i].m.ID] = int32(i)
	}
	g.svcLBs = make([][]int32, len(p.sv.svcs))
	for si := range p.sv.svcs {
		for _, arn := range p.sv.svcs[si].m.GatewayLoadBalancerArns {
			if li, ok := byARN[arn]; ok {
				g.svcLBs[si] = append(g.svcLBs[si], li)
			}
		}
	}
}

// gwlbEndpointIPv6 reports whether Gateway Load Balancer endpoint m carries
// IPv6 (an endpoint created with ip address type dualstack or ipv6; the
// 2021 guide's endpoints are IPv4 only, the default).
func gwlbEndpointIPv6(m *model.VpcEndpoint) bool {
	return m.IPAddressType == "dualstack" || m.IPAddressType == "ipv6"
}

// flowHash is the symmetric flow hash of the Gateway Load Balancer's flow
// stickiness: tuple is 5 (addresses, protocol, ports), 3 (addresses,
// protocol) or 2 (addresses). The two ends are ordered before hashing, so
// a flow and its response hash alike.
func flowHash(h *Header, tuple int) uint64 {
	type end struct {
		hi, lo uint64
		port   uint32
	}
	mk := func(a netip.Addr, pr PortRange) end {
		b := a.As16()
		e := end{hi: be64(b[:8]), lo: be64(b[8:])}
		if tuple == 5 {
			e.port = uint32(pr.From)<<16 | uint32(pr.To)
		}
		return e
	}
	a, b := mk(h.Src, h.SrcPort), mk(h.Dst, h.DstPort)
	if a.hi > b.hi || a.hi == b.hi && (a.lo > b.lo || a.lo == b.lo && a.port > b.port) {
		a, b = b, a
	}
	x := uint64(0x9e3779b97f4a7c15)
	for _, v := range [...]uint64{a.hi, a.lo, uint64(a.port), b.hi, b.lo, uint64(b.port)} {
		x = mix64(x ^ v)
	}
	if tuple >= 3 {
		x = mix64(x ^ uint64(h.Proto))
	}
	return x
}

// mix64 is the splitmix64 finalizer.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// stickinessTuple is the flow definition of target group tg: 5-tuple
// unless stickiness is enabled with a 3- or 2-tuple type.
func stickinessTuple(tg *elbv2.TargetGroup) int {
	if tg.Attributes["stickiness.enabled"] != "true" {
		return 5
	}
	switch tg.Attributes["stickiness.type"] {
	case "source_ip_dest_ip":
		return 2
	case "source_ip_dest_ip_proto":
		return 3
	}
	return 5
}
