package dataplane

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Elastic Load Balancing in the plane (Network Load Balancers User Guide
// load-balancer-listeners.md, load-balancer-target-groups.md "Client IP
// preservation", target-group-register-targets.md; Application Load
// Balancers User Guide load-balancer-listeners.md,
// load-balancer-update-security-groups.md, load-balancer-target-groups.md).
//
// A load balancer's node interfaces (one per enabled subnet) hold its
// addresses. A packet for a node's own address that the node's security
// groups admit meets the listener of its protocol and destination port
// (none: ELBV2_LISTENERS_MISMATCH). A listener whose default action
// forwards sends it to a target group (several: by weight) and a target
// of it (none registered: ELBV2_LISTENER_HAS_NO_TG), chosen among the
// node's Availability Zone's targets unless cross-zone load balancing is on
// (ALB: by default; NLB: the load_balancing.cross_zone.enabled attribute
// of the load balancer or the target group), else ELBV2_NO_TARGETS_IN_AZ,
// by health and the flow hash (lbtargets.go). An alb target continues at
// the Application Load Balancer's node; a lambda target ends the trace. A
// listener whose default action answers itself (fixed-response, redirect)
// is where the packet is delivered. Listener rules are not evaluated (the
// plane has no HTTP layer): the default action decides.
//
// A Network Load Balancer rewrites the destination to the target's address
// and port. With client IP preservation (preserve_client_ip.enabled:
// default on for instance targets and UDP/TCP_UDP groups, off for ip
// targets of TCP/TLS groups) the source stays the client's, so the
// target's security group and its subnet's network ACL must allow the
// client; the response returns through the load balancer node whatever the
// target's routes say. Without it the source becomes the node's private
// address (and the response is routed back to it). An Application Load
// Balancer ends the client's connection and opens a new one from its node
// interface: its security groups' outbound rules must allow the target and
// the target's must allow the load balancer (its security group or
// addresses).

type lbNode struct {
	m     *elbv2.LoadBalancer
	vpc   int32
	nodes []int32 // node interfaces, in zone order
	lsns  []lsnNode
	alb   bool
	cross bool // cross-zone load balancing
	ok    bool // active
}

type lsnNode struct {
	m        *elbv2.Listener
	port     uint16
	tcp, udp bool
	// fwd lists the target groups of the forward default action (those
	// of the plane) with their weights; wsum is the sum of the weights.
	fwd     []fwdGroup
	wsum    int64
	forward bool // the default action forwards
	answers bool // the default action answers (fixed-response, redirect)
}

// fwdGroup is a target group of a forward action and its weight.
type fwdGroup struct {
	tg     int32
	weight int32
}

type tgNode struct {
	m        *elbv2.TargetGroup
	preserve bool
	cross    int8 // -1 off, 1 on, 0 use the load balancer's setting
	targets  []tgTarget
	// health[k] is the health of targets[k] (lbtargets.go; nil: no load
	// balancer forwards to the group, or not computed yet).
	health []bool
	// minCount and minPct are the routing failover threshold.
	minCount, minPct int32
}

type tgTarget struct {
	eni  int32 // the interface holding addr, or -1
	addr netip.Addr
	port uint16
	az   string
	// alb is the Application Load Balancer of an alb target (lbs index),
	// or -1; eni and addr are then its first node's.
	alb int32
	// lambda is the function ARN of a lambda target (not traced).
	lambda string
	reg    int32 // index in the group's registered targets
}

func (p *Plane) compileLoadBalancers(w *store.World) {
	s := &p.sv
	tgs := store.TargetGroupKind.In(w)
	s.tgByARN = make(map[string]int32, tgs.Len())
	s.tgs = make([]tgNode, 0, tgs.Len())
	tgs.All(func(m *elbv2.TargetGroup) bool {
		// "The default is disabled if the target group type is IP address
		// and the target group protocol is TCP or TLS. Otherwise, the
		// default is enabled."
		n := tgNode{m: m, preserve: m.TargetType != elbv2.TargetIP || m.Protocol == "UDP" || m.Protocol == "TCP_UDP"}
		n.minCount, n.minPct = routingThreshold(m)
		switch m.Attributes["preserve_client_ip.enabled"] {
		case "true":
			n.preserve = true
		case "false":
			n.preserve = false
		}
		switch m.Attributes["load_balancing.cross_zone.enabled"] {
		case "true":
			n.cross = 1
		case "false":
			n.cross = -1
		}
		vi := p.vpcIndex(m.VpcID)
		for ri, t := range m.Targets {
			x := tgTarget{eni: -1, alb: -1, reg: int32(ri), port: uint16(t.Port), az: t.AvailabilityZone}
			if x.port == 0 {
				x.port = uint16(m.Port)
			}
			switch m.TargetType {
			case elbv2.TargetInstance:
				if ii, ok := p.instByID[t.ID]; ok && p.insts[ii].eni >= 0 {
					x.eni = p.insts[ii].eni
					x.addr = p.enis[x.eni].m.PrimaryIP()
				}
			case elbv2.TargetIP:
				a, err := netip.ParseAddr(t.ID)
				if err != nil {
					continue
				}
				x.addr = a
				if vi >= 0 {
					if h, ok := p.lookupAddr(vi, a); ok {
						x.eni = h.eni
					}
				}
			case elbv2.TargetLambda:
				x.lambda, x.az = t.ID, "all"
			case elbv2.TargetALB:
				// Resolved once the load balancers are compiled
				// (resolveALBTargets); checked from every node.
				x.az = "all"
			default:
				continue
			}
			if x.az == "" && x.eni >= 0 {
				x.az = p.subnets[p.enis[x.eni].subnet].m.AvailabilityZone
			}
			n.targets = append(n.targets, x)
		}
		s.tgByARN[m.ID] = int32(len(s.tgs))
		s.tgs = append(s.tgs, n)
		return true
	})

	lsnByLB := map[string][]*elbv2.Listener{}
	store.ListenerKind.In(w).All(func(m *elbv2.Listener) bool {
		lsnByLB[m.LoadBalancerARN] = append(lsnByLB[m.LoadBalancerARN], m)
		return true
	})
	lbs := store.LoadBalancerKind.In(w)
	s.lbByARN = make(map[string]int32, lbs.Len())
	s.lbs = make([]lbNode, 0, lbs.Len())
	lbs.All(func(m *elbv2.LoadBalancer) bool {
		if m.Type == elbv2.TypeGateway {
			return true // Gateway Load Balancers are not modelled
		}
		li := int32(len(s.lbs))
		n := lbNode{m: m, vpc: p.vpcIndex(m.VpcID), alb: m.Type == elbv2.TypeApplication,
			ok: m.State == "" || m.State == "active" || m.State == "active_impaired"}
		n.cross = lbCrossZone(m)
		for _, z := range m.Zones {
			if ei, ok := p.eniByID[z.NetworkInterfaceID]; ok {
				n.nodes = append(n.nodes, ei)
				s.owners = append(s.owners, eniOwner{vpce: -1, lb: li})
				p.enis[ei].owner = int32(len(s.owners))
			}
		}
		for _, l := range lsnByLB[m.ID] {
			ln := lsnNode{m: l, port: uint16(l.Port)}
			switch strings.ToUpper(l.Protocol) {
			case "UDP":
				ln.udp = true
			case "TCP_UDP":
				ln.tcp, ln.udp = true, true
			default: // TCP, TLS, HTTP, HTTPS
				ln.tcp = true
			}
			if a := terminalAction(l.DefaultActions); a != nil {
				switch a.Type {
				case "forward":
					// A forward action names its groups in Forward (the
					// TargetGroupArn form is one group: SingleTarget).
					ln.forward = true
					for _, g := range a.Forward {
						if ti, ok := s.tgByARN[g.ARN]; ok {
							ln.fwd = append(ln.fwd, fwdGroup{tg: ti, weight: g.Weight})
							ln.wsum += int64(max(g.Weight, 0))
						}
					}
				case "fixed-response", "redirect":
					ln.answers = true
				}
			}
			n.lsns = append(n.lsns, ln)
		}
		s.lbByARN[m.ID] = li
		s.lbs = append(s.lbs, n)
		return true
	})
	p.resolveALBTargets()
}

// resolveALBTargets points the alb targets of target groups at their
// Application Load Balancer: its first node is where the health check
// goes (DescribeTargetHealth), the node in the Network Load Balancer
// node's zone where traffic goes (lbArrive).
func (p *Plane) resolveALBTargets() {
	s := &p.sv
	for ti := range s.tgs {
		tg := &s.tgs[ti]
		if tg.m.TargetType != elbv2.TargetALB {
			continue
		}
		for k := range tg.targets {
			x := &tg.targets[k]
			li, ok := s.lbByARN[tg.m.Targets[x.reg].ID]
			if !ok || !s.lbs[li].alb {
				continue
			}
			x.alb = li
			if nodes := s.lbs[li].nodes; len(nodes) > 0 {
				x.eni = nodes[0]
				x.addr = p.enis[x.eni].m.PrimaryIP()
			}
		}
	}
}

// terminalAction returns the action that ends a listener's default
// actions: authenticate-* actions run first, and exactly one forward,
// redirect or fixed-response action is performed last (ALB-UG
// load-balancer-listeners.md "Rule actions").
func terminalAction(as []elbv2.Action) *elbv2.Action {
	var best *elbv2.Action
	for i := range as {
		a := &as[i]
		if strings.HasPrefix(a.Type, "authenticate") {
			continue
		}
		if best == nil || a.Order > best.Order {
			best = a
		}
	}
	return best
}

func (p *Plane) lbRef(i int32) Ref {
	return Ref{Type: TypeLoadBalancer, ID: p.sv.lbs[i].m.ID, meta: &p.sv.lbs[i].m.Meta}
}

func (p *Plane) lsnRef(l *lsnNode) Ref {
	return Ref{Type: TypeListener, ID: l.m.ID, meta: &l.m.Meta}
}

func (p *Plane) tgRef(i int32) Ref {
	return Ref{Type: TypeTargetGroup, ID: p.sv.tgs[i].m.ID, meta: &p.sv.tgs[i].m.Meta}
}

// svcWalk is the state a walk keeps through endpoints and load balancers:
// the translations to undo on the way back.
type svcWalk struct {
	gw    int32 // gateway endpoint that delivered (endService)
	legs  [4]svcLeg
	nlegs int
}

// svcLeg is one translation: an interface endpoint handing the packet to
// its endpoint service's load balancer, or a load balancer to a target.
type svcLeg struct {
	vpce, lb   int32 // the endpoint or the load balancer (the other is -1)
	eni        int32 // its interface the packet entered
	lsn        *lsnNode
	tg         int32
	target     int32 // the target's interface, or -1
	client     netip.Addr
	clientPort PortRange
	front      netip.Addr
	frontPort  PortRange
	preserved  bool // client IP preserved: the response comes back through the node
	fromPL     bool // the load balancer was reached through PrivateLink
}

func (w *walker) pushLeg(l svcLeg) bool {
	if w.sv.nlegs == len(w.sv.legs) {
		return false
	}
	w.sv.legs[w.sv.nlegs] = l
	w.sv.nlegs++
	return true
}

// lbArrive: a packet for node interface ei of load balancer li, admitted
// by the node's security groups (or arriving from PrivateLink).
func (w *walker) lbArrive(li, ei int32, fromPL bool) {
	p := w.p
	lb := &p.sv.lbs[li]
	hop := w.hop(p.lbRef(li))
	hop.AttachedTo, hop.VPC = p.eniRef(ei), p.vpcRef(lb.vpc)
	if !lb.ok {
		x := w.drop(hop, BadState, ReasonLBState, DirNone)
		x.AttachedTo = p.eniRef(ei)
		return
	}
	var l *lsnNode
	if w.h.HasPorts() && w.h.DstPort.Single() {
		for i := range lb.lsns {
			c := &lb.lsns[i]
			if c.port == w.h.DstPort.From && (w.h.Proto == ProtoTCP && c.tcp || w.h.Proto == ProtoUDP && c.udp) {
				l = c
				break
			}
		}
	}
	if l == nil {
		x := w.drop(hop, Elbv2ListenersMismatch, ReasonLBNoListener, DirNone)
		x.Port, x.PacketField = w.h.DstPort.From, "destination-port"
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonLBListener
	lh := w.hop(p.lsnRef(l))
	lh.VPC = p.vpcRef(lb.vpc)
	if l.answers {
		lh.Verdict, lh.Reason = Deliver, ReasonLBAnswers
		w.end, w.endENI = endENI, ei
		return
	}
	if !l.forward {
		w.drop(lh, Elbv2ListenerRequiresTGAccept, ReasonLBNoTargetGroup, DirNone)
		return
	}
	ti := int32(-1)
	if len(l.fwd) > 0 {
		ti = l.pickGroup(flowHash(&w.h, 5))
	}
	switch {
	case len(l.fwd) == 0:
		w.drop(lh, Elbv2ListenerRequiresTGAccept, ReasonLBNoTargetGroup, DirNone)
		return
	case ti < 0:
		w.drop(lh, Elbv2ListenerRequiresTGAccept, ReasonLBZeroWeights, DirNone)
		return
	case len(l.fwd) > 1:
		lh.Verdict, lh.Reason = Forward, ReasonLBWeighted
	default:
		lh.Verdict, lh.Reason = Forward, ReasonLBForward
	}
	tg := &p.sv.tgs[ti]
	th := w.hop(p.tgRef(ti))
	th.VPC = p.vpcRef(lb.vpc)
	if len(tg.targets) == 0 {
		w.drop(th, Elbv2ListenerHasNoTG, ReasonLBNoTargets, DirNone)
		return
	}
	cross := lb.cross
	if tg.cross != 0 {
		cross = tg.cross > 0
	}
	tuple := 5
	if !lb.alb {
		tuple = lbTuple(tg.m)
	}
	k, rule := p.chooseTarget(lb, tg, cross, p.subnets[p.enis[ei].subnet].m.AvailabilityZone, flowHash(&w.h, tuple))
	if rule == pickNone {
		x := w.drop(th, Elbv2NoTargetsInAZ, ReasonLBNoTargetInAZ, DirNone)
		x.AttachedTo = p.eniRef(ei)
		return
	}
	th.Verdict, th.Reason = Forward, pickReasons[rule]
	t := &tg.targets[k]
	if t.lambda != "" {
		x := w.hop(Ref{Type: TypeLambdaFunction, ID: t.lambda})
		x.VPC = p.vpcRef(lb.vpc)
		w.drop(x, NoPossibleDestination, ReasonLBLambda, DirNone)
		return
	}
	dst, eni := t.addr, t.eni
	if t.alb >= 0 {
		// An Application Load Balancer target: its node in this node's
		// zone (NLB-UG application-load-balancer-target.md).
		dst, eni = p.albNode(t.alb, ei, t)
	}
	if !dst.IsValid() {
		w.drop(th, NoPossibleDestination, ReasonLBNoAddress, DirNone)
		return
	}
	th = w.hop(p.tgRef(ti))
	th.VPC = p.vpcRef(lb.vpc)
	leg := svcLeg{vpce: -1, lb: li, eni: ei, lsn: l, tg: ti, target: eni, client: w.h.Src, clientPort: w.h.SrcPort,
		front: w.h.Dst, frontPort: w.h.DstPort, fromPL: fromPL}
	node := p.enis[ei].m.PrimaryIP()
	switch {
	case lb.alb:
		// A new connection from the node (ALB-UG "How Application Load
		// Balancers work").
		w.h.Src, w.h.SrcPort = node, EphemeralNAT
		th.Reason = ReasonLBALBConnect
	case tg.preserve && !fromPL:
		leg.preserved = true
		th.Reason, th.Code = ReasonLBPreserve, Elbv2SourceAddressPreservation
	default:
		// Client IP preservation off, or PrivateLink traffic: "the source
		// IP of the AWS PrivateLink traffic is always the private IP
		// address of the Network Load Balancer".
		w.h.Src, w.h.SrcPort = node, EphemeralNAT
		th.Reason = ReasonLBSourceNAT
	}
	if !w.pushLeg(leg) {
		w.drop(th, NoPath, ReasonLoop, DirNone)
		return
	}
	w.h.Dst, w.h.DstPort = dst, PortRange{t.port, t.port}
	th.Verdict, th.Out = Translate, w.h
	if w.via == 0 {
		w.via = ei + 1
	}
	// Out of the node's interface: its security groups' outbound rules
	// apply to the new connection (ALB) and to NLB traffic to targets.
	if p.enis[ei].sgLen > 0 && !w.sgHop(ei, Egress, w.h.Dst) {
		return
	}
	w.route(p.enis[ei].subnet)
}

// pickReasons says which target choice rule applied.
var pickReasons = [...]Reason{
	pickHealthy:         ReasonLBHealthy,
	pickRoutingFailover: ReasonLBFailover,
	pickFailOpen:        ReasonLBFailOpen,
}

// albNode is the node of Application Load Balancer target alb a Network
// Load Balancer node ei sends to: the one in its zone, else the first.
func (p *Plane) albNode(alb, ei int32, t *tgTarget) (netip.Addr, int32) {
	az := p.subnets[p.enis[ei].subnet].m.AvailabilityZone
	for _, ne := range p.sv.lbs[alb].nodes {
		if strings.EqualFold(p.subnets[p.enis[ne].subnet].m.AvailabilityZone, az) {
			return p.enis[ne].m.PrimaryIP(), ne
		}
	}
	return t.addr, t.eni
}

// lbReturn: the response of a load-balanced flow is back at the node of
// leg l (through the VPC's routes, or straight from the target when the
// client IP was preserved). The node translates it back and sends it to
// the client.
func (w *walker) lbReturn(l *svcLeg) {
	p := w.p
	w.sv.nlegs--
	lb := &p.sv.lbs[l.lb]
	hop := w.hop(p.lbRef(l.lb))
	hop.AttachedTo, hop.VPC = p.eniRef(l.eni), p.vpcRef(lb.vpc)
	w.h.Src, w.h.SrcPort = l.front, l.frontPort
	w.h.Dst, w.h.DstPort = l.client, l.clientPort
	hop.Out = w.h
	hop.Verdict, hop.Reason = Translate, ReasonLBReturn
	if l.fromPL {
		w.privateLinkReturn()
		return
	}
	ei := l.eni
	if n := w.sv.nlegs; n > 0 {
		// An Application Load Balancer behind a Network Load Balancer
		// that preserved the client's address: back through the
		// Network Load Balancer's node.
		if o := &w.sv.legs[n-1]; o.lb >= 0 && o.preserved && o.target == ei {
			w.backToNode(ei, o)
			return
		}
	}
	if p.enis[ei].sgLen > 0 && !w.sgHop(ei, Egress, w.h.Dst) {
		return
	}
	w.route(p.enis[ei].subnet)
}

// serviceArrive is called when a packet for its own address reached a
// service interface ei (its security groups admitted it). It reports
// whether it took the packet over.
func (w *walker) serviceArrive(ei int32) bool {
	o, ok := w.p.owner(ei)
	if !ok {
		return false
	}
	if w.ret {
		if n := w.sv.nlegs; n > 0 && w.sv.legs[n-1].lb >= 0 && w.sv.legs[n-1].eni == ei {
			w.lbReturn(&w.sv.legs[n-1])
			return true
		}
		return false
	}
	if o.vpce >= 0 {
		if w.via == 0 {
			w.via = ei + 1
		}
		w.interfaceEndpoint(o.vpce, ei)
		return true
	}
	w.lbArrive(o.lb, ei, false)
	return true
}

// serviceReturnStart starts the return path at target ei when the forward
// path reached it through a load balancer that preserved the client's
// address: the response goes back through the node, not by the target's
// routes (NLB-UG load-balancer-target-groups.md "Client IP preservation").
// It reports whether it did.
func (w *walker) serviceReturnStart(ei int32) bool {
	n := w.sv.nlegs
	if n == 0 {
		return false
	}
	l := &w.sv.legs[n-1]
	if l.lb < 0 || !l.preserved || l.target != ei {
		return false
	}
	w.backToNode(ei, l)
	return true
}

// backToNode sends the response at target interface ei straight to the
// node of leg l, which preserved the client's address.
func (w *walker) backToNode(ei int32, l *svcLeg) {
	p := w.p
	e := &p.enis[ei]
	if e.sgLen > 0 && !w.sgHop(ei, Egress, w.h.Dst) {
		return
	}
	ns := p.enis[l.eni].subnet
	if e.subnet != ns {
		if !w.aclHop(e.subnet, Egress) || !w.aclHop(ns, Ingress) {
			return
		}
	}
	w.lbReturn(l)
}

// lbEndpoint resolves a load balancer ARN as a trace endpoint: its first
// node interface.
func (p *Plane) lbEndpoint(ep endpoint, id, side string) (endpoint, error) {
	li, ok := p.sv.lbByARN[id]
	if !ok {
		return ep, fmt.Errorf("%w: %s load balancer %s", ErrUnknownID, side, id)
	}
	if len(p.sv.lbs[li].nodes) == 0 {
		return ep, fmt.Errorf("%w: %s load balancer %s has no network interface", ErrUnassigned, side, id)
	}
	ep.kind, ep.eni = endENI, p.sv.lbs[li].nodes[0]
	return ep, nil
}
