package dataplane

import (
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model/elbv2"
)

// Target choice of Network and Application Load Balancers (NLB-UG
// target-group-health-checks.md, target-group-health.md,
// load-balancer-troubleshooting.md "Unhealthy targets receive requests
// from the load balancer", load-balancer-target-groups.md "Sticky
// sessions"; ALB-UG target-group-health-checks.md,
// load-balancer-listeners.md "Forward actions").
//
// A node's candidates are the targets of its Availability Zone (every
// enabled zone with cross-zone load balancing; an IP target outside the
// VPC, or an Application Load Balancer target, is in "all" zones). Among
// them the node routes to the healthy ones. When fewer candidates are
// healthy than the target group's routing failover threshold
// (target_group_health.unhealthy_state_routing.minimum_healthy_targets:
// count, default 1, and percentage, default off) the node routes to all
// its candidates, healthy or not ("Routing failover"; with the default
// threshold that is a node whose zone has no healthy target, whose
// address DNS failover also takes out of the load balancer's DNS name).
// When no target is healthy in any enabled zone the load balancer "fails
// open": "the effect of the fail open is to allow traffic to all targets
// in all enabled Availability Zones, regardless of their health status"
// (each node to its own candidates). The trace follows the candidate the
// flow hash picks: the symmetric 5-tuple hash (a flow and its response
// alike), the 2-tuple when a Network Load Balancer target group has
// source_ip stickiness. An Application Load Balancer balances requests
// (round robin or least outstanding requests); the plane uses the flow
// hash too so that traces are deterministic, and ignores cookie
// stickiness (the plane has no HTTP layer).
//
// A forward action with several target groups distributes by their
// weights (0 to 999; a group of weight 0 never receives traffic): the
// flow hash, salted, picks a group with probability weight/sum. Target
// group stickiness (the AWSALBTG cookie) is not modelled.
//
// Target health is DescribeTargetHealth's rule (control/elbv2/health.go),
// computed once per compiled plane (compileTargetHealth, after the route
// tables): a target is healthy when it is running (instance targets),
// health checks are on, and a TCP connection to its health check port
// succeeds, through routes, security groups and network ACLs, from every
// node that checks it: the nodes, of every load balancer whose listener
// forwards to the group, in the target's zone (all of them with
// cross-zone load balancing, or for a target in "all" zones). An
// Application Load Balancer target is checked through that load balancer
// ("Health checks are sent to the Application Load Balancer and forwarded
// to its targets"), so the groups of type alb are computed last. Groups
// only listener rules forward to are not checked: the plane does not
// evaluate rules. Lambda targets are never healthy (DescribeTargetHealth:
// unavailable) and are not traced.

// Target choice rules, in the order they are tried.
type pickRule uint8

const (
	pickNone            pickRule = iota // no candidate in the node's zone
	pickHealthy                         // a healthy candidate
	pickRoutingFailover                 // below the routing failover threshold in the node's zone
	pickFailOpen                        // no healthy target in any enabled zone
)

// lbCrossZone is the load balancer's cross-zone setting as
// DescribeTargetHealth reads it: on by default for an Application Load
// Balancer, off for Network and Gateway Load Balancers, the
// load_balancing.cross_zone.enabled attribute when set.
func lbCrossZone(m *elbv2.LoadBalancer) bool {
	cross := m.Type == elbv2.TypeApplication
	if v, ok := m.Attributes["load_balancing.cross_zone.enabled"]; ok {
		cross = v == "true"
	}
	return cross
}

// routingThreshold parses the routing failover threshold attributes of a
// target group: a count (default 1) and a percentage (0: off).
func routingThreshold(m *elbv2.TargetGroup) (count, pct int32) {
	count = 1
	const pre = "target_group_health.unhealthy_state_routing.minimum_healthy_targets."
	if v, ok := m.Attributes[pre+"count"]; ok {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			count = int32(n)
		} else if v == "off" {
			count = 0
		}
	}
	if n, err := strconv.Atoi(m.Attributes[pre+"percentage"]); err == nil && n > 0 && n <= 100 {
		pct = int32(n)
	}
	return count, pct
}

// lbTuple is the flow definition of a Network Load Balancer target group:
// the 5-tuple, or source IP affinity with stickiness (hashed over the
// address pair, so the response hashes alike).
func lbTuple(tg *elbv2.TargetGroup) int {
	if tg.Attributes["stickiness.enabled"] == "true" && tg.Attributes["stickiness.type"] == "source_ip" {
		return 2
	}
	return 5
}

// healthOf reports target k of group tg healthy (while the health pass
// itself runs, a group not computed yet counts running targets).
func (p *Plane) healthOf(tg *tgNode, k int) bool {
	if tg.health != nil {
		return tg.health[k]
	}
	t := &tg.targets[k]
	return t.eni >= 0 && p.enis[t.eni].running
}

// zoneMatch reports whether a target in zone az is a candidate of a node
// in zone nodeAZ.
func zoneMatch(cross bool, az, nodeAZ string) bool {
	return cross || az == "" || az == "all" || strings.EqualFold(az, nodeAZ)
}

// chooseTarget picks the target of group tg for a flow with hash h at a
// node of load balancer lb in zone nodeAZ, and says by which rule.
func (p *Plane) chooseTarget(lb *lbNode, tg *tgNode, cross bool, nodeAZ string, h uint64) (int, pickRule) {
	inAZ, healthy := int32(0), int32(0)
	for k := range tg.targets {
		if zoneMatch(cross, tg.targets[k].az, nodeAZ) {
			inAZ++
			if p.healthOf(tg, k) {
				healthy++
			}
		}
	}
	if inAZ == 0 {
		return -1, pickNone
	}
	rule := pickHealthy
	if healthy == 0 || healthy < tg.minCount || tg.minPct > 0 && healthy*100 < tg.minPct*inAZ {
		rule = pickRoutingFailover
		if !p.anyHealthy(lb, tg) {
			rule = pickFailOpen
		}
	}
	n := healthy
	if rule != pickHealthy {
		n = inAZ
	}
	pick := int32(h % uint64(n))
	for k := range tg.targets {
		if !zoneMatch(cross, tg.targets[k].az, nodeAZ) || rule == pickHealthy && !p.healthOf(tg, k) {
			continue
		}
		if pick == 0 {
			return k, rule
		}
		pick--
	}
	return -1, pickNone
}

// anyHealthy reports whether group tg has a healthy target in a zone
// load balancer lb is enabled in.
func (p *Plane) anyHealthy(lb *lbNode, tg *tgNode) bool {
	for k := range tg.targets {
		if !p.healthOf(tg, k) {
			continue
		}
		az := tg.targets[k].az
		if az == "" || az == "all" {
			return true
		}
		for _, ne := range lb.nodes {
			if strings.EqualFold(p.subnets[p.enis[ne].subnet].m.AvailabilityZone, az) {
				return true
			}
		}
	}
	return false
}

// pickGroup is the target group of listener l's forward action a flow
// with hash h goes to, or -1 when every group has weight 0.
func (l *lsnNode) pickGroup(h uint64) int32 {
	switch {
	case len(l.fwd) == 1:
		return l.fwd[0].tg
	case l.wsum == 0:
		return -1
	}
	x := int64(mix64(h^0x6a09e667f3bcc909) % uint64(l.wsum))
	for _, g := range l.fwd {
		if x < int64(g.weight) {
			return g.tg
		}
		x -= int64(g.weight)
	}
	return -1
}

// hcUser is a load balancer whose nodes check a target group's targets.
type hcUser struct {
	nodes []int32
	cross bool
}

// compileTargetHealth computes the health of every target of the groups
// load balancers forward to, as DescribeTargetHealth does: it needs the
// rest of the plane compiled.
func (p *Plane) compileTargetHealth() {
	s := &p.sv
	if len(s.tgs) == 0 {
		return
	}
	users := make([][]hcUser, len(s.tgs))
	seen := make(map[[2]int32]bool)
	add := func(tg int32, lb int32, u hcUser) {
		if tg < 0 || seen[[2]int32{tg, lb}] {
			return
		}
		seen[[2]int32{tg, lb}] = true
		users[tg] = append(users[tg], u)
	}
	for li := range s.lbs {
		n := &s.lbs[li]
		for _, l := range n.lsns {
			for _, g := range l.fwd {
				add(g.tg, int32(li), hcUser{nodes: n.nodes, cross: n.cross})
			}
		}
	}
	for li := range s.gw.lbs {
		n := &s.gw.lbs[li]
		add(n.tg, -1-int32(li), hcUser{nodes: n.nodes, cross: n.cross})
	}
	var t Trace
	// Groups of type alb last: their health check crosses the target
	// Application Load Balancer to its own targets.
	for _, albPass := range [...]bool{false, true} {
		for ti := range s.tgs {
			tg := &s.tgs[ti]
			if len(users[ti]) == 0 || (tg.m.TargetType == elbv2.TargetALB) != albPass {
				continue
			}
			h := make([]bool, len(tg.targets))
			for k := range tg.targets {
				h[k] = p.targetHealthy(&t, tg, &tg.targets[k], users[ti])
			}
			tg.health = h
		}
	}
}

// targetHealthy is control/elbv2 targetHealth's verdict for one target:
// running, checked by at least one node, and reached by the TCP health
// check from every node that checks it.
func (p *Plane) targetHealthy(t *Trace, tg *tgNode, x *tgTarget, users []hcUser) bool {
	hc := tg.m.HealthCheck
	switch {
	case x.lambda != "":
		return false // unavailable: Lambda functions are not simulated
	case tg.m.TargetType == elbv2.TargetInstance && (x.eni < 0 || !p.enis[x.eni].running):
		return false // unused, Target.InvalidState
	case !hc.Enabled:
		return false // unavailable, Target.HealthCheckDisabled
	}
	port := x.port
	if hc.Port != "" && hc.Port != "traffic-port" {
		n, err := strconv.Atoi(hc.Port)
		if err != nil || n < 1 || n > 65535 {
			return false
		}
		port = uint16(n)
	}
	var dest string
	switch {
	case x.eni >= 0:
		dest = p.enis[x.eni].m.ID
	case x.addr.IsValid():
		dest = x.addr.String() // an IP target no interface of the VPC holds
	default:
		return false
	}
	checked := 0
	for _, u := range users {
		cross := u.cross
		if tg.cross != 0 {
			cross = tg.cross > 0
		}
		for _, node := range u.nodes {
			if !zoneMatch(cross, x.az, p.subnets[p.enis[node].subnet].m.AvailabilityZone) {
				continue
			}
			checked++
			q := Query{Source: p.enis[node].m.ID, Destination: dest, Protocol: "tcp", DestinationPort: port, VPC: tg.m.VpcID}
			p.TraceInto(&q, t)
			if t.Err != nil || !t.Reachable {
				return false
			}
		}
	}
	return checked > 0
}

// TargetHealthy reports the plane's health verdict for the registered
// target of group tgARN with id and port (0: the group's port), and
// whether the plane computed one (the group is used by a load balancer's
// listener default action and the target is registered).
func (p *Plane) TargetHealthy(tgARN, id string, port int32) (healthy, ok bool) {
	ti, found := p.sv.tgByARN[tgARN]
	if !found {
		return false, false
	}
	tg := &p.sv.tgs[ti]
	if tg.health == nil {
		return false, false
	}
	for k := range tg.targets {
		r := &tg.m.Targets[tg.targets[k].reg]
		if r.ID == id && (port == 0 || r.Port == port || r.Port == 0 && tg.m.Port == port) {
			return tg.health[k], true
		}
	}
	return false, false
}
