package dataplane

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/gaissmai/bart"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Route priorities for one destination prefix (VPC-UG route-table-options.md
// "Route priority"): the local route, then static routes, then prefix-list
// routes, then propagated routes (model.RoutePriority). Longer prefixes
// win first, except over the local route (model.LocalShadows).
const (
	prioLocal      = model.RoutePrioLocal
	prioStatic     = model.RoutePrioStatic
	prioPrefixList = model.RoutePrioPrefixList
	prioPropagated = model.RoutePrioPropagated
)

// Compile builds the data plane of one world revision. It reads w only and
// keeps pointers to its (immutable) objects; the result is immutable.
//
// Compile is on the path of every write followed by a read of the plane,
// so it allocates in bulk: node slices, rule slabs and LPM tables are
// sized up front, maps are presized to their final size and their keys and
// values (but for id strings) hold no pointers.
func Compile(w *store.World) *Plane {
	nENI := w.NetworkInterfaces.Len()
	p := &Plane{
		Revision:   w.Revision,
		vpcByID:    make(map[string]int32, w.VPCs.Len()),
		subnetByID: make(map[string]int32, w.Subnets.Len()),
		rtbByID:    make(map[string]int32, w.RouteTables.Len()),
		sgByID:     make(map[string]int32, w.SecurityGroups.Len()),
		eniByID:    make(map[string]int32, nENI),
		instByID:   make(map[string]int32, w.Instances.Len()),
		igwByID:    make(map[string]int32, w.InternetGateways.Len()),
		eigwByID:   make(map[string]int32, w.EgressOnlyIGWs.Len()),
		natByID:    make(map[string]int32, w.NatGateways.Len()),
		plByID:     make(map[string]int32, w.PrefixLists.Len()),
		v6owner:    new(bart.Table[int32]),
	}

	// VPCs, with one slab of LPM tables for their subnets.
	p.vpcs = make([]vpcNode, 0, w.VPCs.Len())
	subnetTables := make([]bart.Table[int32], w.VPCs.Len())
	w.VPCs.All(func(v *model.VPC) bool {
		i := int32(len(p.vpcs))
		n := vpcNode{m: v, mainRtb: -1, defaultACL: -1, igw: -1, eigw: -1, subnets: &subnetTables[i]}
		nc := 0
		for _, c := range v.CidrBlocks {
			if c.State == "" || c.State == "associated" {
				nc++
			}
		}
		for _, c := range v.Ipv6CidrBlocks {
			if c.State == "" || c.State == "associated" {
				nc++
			}
		}
		n.cidrs = make([]netip.Prefix, 0, nc)
		for _, c := range v.CidrBlocks {
			if c.State == "" || c.State == "associated" {
				n.cidrs = append(n.cidrs, c.Prefix.Masked())
			}
		}
		for _, c := range v.Ipv6CidrBlocks {
			if c.State == "" || c.State == "associated" {
				n.cidrs = append(n.cidrs, c.Prefix.Masked())
				p.v6owner.Insert(c.Prefix.Masked(), i)
			}
		}
		if pc := v.PrimaryCidr(); pc.IsValid() && pc.Addr().Is4() {
			n.dns = addrAdd(pc.Masked().Addr(), 2)
		}
		p.vpcByID[v.ID] = i
		p.vpcs = append(p.vpcs, n)
		return true
	})

	// Prefix lists.
	p.pls = make([]plNode, 0, w.PrefixLists.Len())
	w.PrefixLists.All(func(pl *model.ManagedPrefixList) bool {
		n := plNode{m: pl, prefixes: make([]netip.Prefix, len(pl.Entries))}
		for i, e := range pl.Entries {
			n.prefixes[i] = e.Cidr.Masked()
		}
		p.plByID[pl.ID] = int32(len(p.pls))
		p.pls = append(p.pls, n)
		return true
	})

	// Gateways.
	p.igws = make([]igwNode, 0, w.InternetGateways.Len())
	w.InternetGateways.All(func(g *model.InternetGateway) bool {
		n := igwNode{m: g, vpc: -1, edgeRtb: -1}
		if vi, ok := p.vpcByID[g.AttachedVpc()]; ok && attached(g.Attachments) {
			n.vpc = vi
			if p.vpcs[vi].igw < 0 {
				p.vpcs[vi].igw = int32(len(p.igws))
			}
		}
		p.igwByID[g.ID] = int32(len(p.igws))
		p.igws = append(p.igws, n)
		return true
	})
	p.eigws = make([]eigwNode, 0, w.EgressOnlyIGWs.Len())
	w.EgressOnlyIGWs.All(func(g *model.EgressOnlyInternetGateway) bool {
		n := eigwNode{m: g, vpc: -1}
		for _, a := range g.Attachments {
			if a.State != "" && a.State != "attached" && a.State != "available" {
				continue
			}
			if vi, ok := p.vpcByID[a.VpcID]; ok {
				n.vpc = vi
				if p.vpcs[vi].eigw < 0 {
					p.vpcs[vi].eigw = int32(len(p.eigws))
				}
				break
			}
		}
		p.eigwByID[g.ID] = int32(len(p.eigws))
		p.eigws = append(p.eigws, n)
		return true
	})

	// Subnets.
	bpa := compileBPA(w)
	p.subnets = make([]subnetNode, 0, w.Subnets.Len())
	w.Subnets.All(func(s *model.Subnet) bool {
		vi, ok := p.vpcByID[s.VpcID]
		if !ok {
			return true
		}
		n := subnetNode{m: s, vpc: vi, cidr4: s.CidrBlock.Masked(), rtb: -1, acl: -1, bpa: bpa.rule(s)}
		if c, ok := s.Ipv6CidrBlock(); ok {
			n.cidr6 = c.Masked()
		} else if len(s.Ipv6CidrBlocks) > 0 && s.Ipv6CidrBlocks[0].State == "" {
			n.cidr6 = s.Ipv6CidrBlocks[0].Prefix.Masked()
		}
		i := int32(len(p.subnets))
		if n.cidr4.IsValid() {
			p.vpcs[vi].subnets.Insert(n.cidr4, i)
		}
		if n.cidr6.IsValid() {
			p.vpcs[vi].subnets.Insert(n.cidr6, i)
		}
		p.subnetByID[s.ID] = i
		p.subnets = append(p.subnets, n)
		return true
	})

	// Network ACLs.
	p.acls = make([]aclNode, 0, w.NetworkACLs.Len())
	w.NetworkACLs.All(func(a *model.NetworkACL) bool {
		vi, ok := p.vpcByID[a.VpcID]
		if !ok {
			return true
		}
		ai := int32(len(p.acls))
		p.acls = append(p.acls, compileACL(a))
		if a.IsDefault && p.vpcs[vi].defaultACL < 0 {
			p.vpcs[vi].defaultACL = ai
		}
		for _, as := range a.Associations {
			if si, ok := p.subnetByID[as.SubnetID]; ok {
				p.subnets[si].acl = ai
			}
		}
		return true
	})

	// Security groups, then their rules in one slab: a single pass over
	// the rules in id order, bucketed by group (stable, so each group's
	// rules stay in id order).
	p.sgs = make([]sgNode, 0, w.SecurityGroups.Len())
	w.SecurityGroups.All(func(g *model.SecurityGroup) bool {
		p.sgByID[g.ID] = int32(len(p.sgs))
		p.sgs = append(p.sgs, sgNode{m: g, vpc: p.vpcIndex(g.VpcID)})
		return true
	})
	p.compileSGRules(w)

	// Instances.
	p.insts = make([]instNode, 0, w.Instances.Len())
	w.Instances.All(func(in *model.Instance) bool {
		p.instByID[in.ID] = int32(len(p.insts))
		p.insts = append(p.insts, instNode{m: in, eni: -1})
		return true
	})

	// NAT gateways (their interfaces are linked below). Only an available
	// NAT gateway holds addresses and forwards traffic.
	natByENI := make(map[string]int32, w.NatGateways.Len())
	p.nats = make([]natNode, 0, w.NatGateways.Len())
	w.NatGateways.All(func(g *model.NatGateway) bool {
		si, ok := p.subnetByID[g.SubnetID]
		if !ok {
			return true
		}
		n := natNode{m: g, subnet: si, vpc: p.subnets[si].vpc, eni: -1,
			ok: natAvailable(g), public: g.ConnectivityType != "private"}
		ni := int32(len(p.nats))
		p.natByID[g.ID] = ni
		if g.NetworkInterfaceID != "" {
			natByENI[g.NetworkInterfaceID] = ni
		}
		p.nats = append(p.nats, n)
		return true
	})

	// Network interfaces: nodes first (counting addresses), then the
	// address index, sized once.
	p.enis = make([]eniNode, 0, nENI)
	p.sgSlab = make([]int32, 0, 2*nENI)
	nAddrs := 2 * len(p.nats)
	var (
		lastSubnet     string
		lastSI         int32 = -1
		lastSGs        []string
		lastOff, lastN int32
	)
	w.NetworkInterfaces.All(func(e *model.NetworkInterface) bool {
		si := lastSI
		if si < 0 || e.SubnetID != lastSubnet {
			var ok bool
			if si, ok = p.subnetByID[e.SubnetID]; !ok {
				return true
			}
			lastSubnet, lastSI = e.SubnetID, si
		}
		vi := p.subnets[si].vpc
		ei := int32(len(p.enis))
		n := eniNode{m: e, subnet: si, vpc: vi, nat: -1, running: true}
		// Interfaces with the same groups as the previous one share its
		// run of sgSlab.
		if lastSGs != nil && slices.Equal(e.SecurityGroupIDs, lastSGs) {
			n.sgOff, n.sgLen = lastOff, lastN
		} else {
			n.sgOff = int32(len(p.sgSlab))
			for _, id := range e.SecurityGroupIDs {
				if gi, ok := p.sgByID[id]; ok {
					p.sgSlab = append(p.sgSlab, gi)
				}
			}
			n.sgLen = int32(len(p.sgSlab)) - n.sgOff
			lastSGs, lastOff, lastN = e.SecurityGroupIDs, n.sgOff, n.sgLen
			if lastSGs == nil {
				lastSGs = []string{}
			}
		}
		if len(natByENI) > 0 && (e.RequesterManaged || e.InterfaceType == "nat_gateway") {
			if ni, ok := natByENI[e.ID]; ok {
				n.nat = ni
				p.nats[ni].eni = ei
			}
		}
		if e.Attachment != nil && e.Attachment.InstanceID != "" {
			if ii, ok := p.instByID[e.Attachment.InstanceID]; ok {
				in := &p.insts[ii]
				n.inst = in.m
				n.running = instanceRunning(in.m)
				if in.m.PrimaryENI == e.ID || (in.eni < 0 && e.Attachment.DeviceIndex == 0) {
					in.eni = ei
				}
			} else {
				// Attached to an instance that is gone: nothing answers.
				n.running = false
			}
		}
		nAddrs += len(e.PrivateIPs) + len(e.Ipv6Addresses)
		p.eniByID[e.ID] = ei
		p.enis = append(p.enis, n)
		return true
	})
	// Instances whose primary ENI was found by id only.
	for i := range p.insts {
		in := &p.insts[i]
		if in.eni < 0 && in.m.PrimaryENI != "" {
			if ei, ok := p.eniByID[in.m.PrimaryENI]; ok {
				in.eni = ei
			}
		}
	}
	p.addrs = make(map[addrKey]holder, nAddrs)
	p.public = make(map[uint32]pubEntry, nENI/2+len(p.nats))
	for ei := range p.enis {
		n := &p.enis[ei]
		if n.nat >= 0 && !p.nats[n.nat].ok {
			continue // the interface of a NAT gateway that is not available
		}
		e := n.m
		for _, pi := range e.PrivateIPs {
			if !pi.Address.IsValid() {
				continue
			}
			h := holder{vpc: n.vpc, eni: int32(ei), nat: n.nat}
			if pi.PublicIP.Is4() && pi.Address.Is4() {
				h.pub = v4(pi.PublicIP)
				p.public[h.pub] = pubEntry{vpc: n.vpc, private: v4(pi.Address)}
			}
			p.setAddr(pi.Address, h)
		}
		for _, a := range e.Ipv6Addresses {
			p.setAddr(a, holder{vpc: n.vpc, eni: int32(ei), nat: n.nat})
		}
	}
	// NAT gateway addresses: the private address is held by an available
	// NAT gateway even if its interface object is missing; the public one
	// (its Elastic IP) pairs with it at the internet gateway.
	for ni := range p.nats {
		n := &p.nats[ni]
		if !n.ok || !n.m.PrivateIP.IsValid() {
			continue
		}
		h := holder{vpc: n.vpc, eni: n.eni, nat: int32(ni)}
		if n.public && n.m.PublicIP.Is4() && n.m.PrivateIP.Is4() {
			h.pub = v4(n.m.PublicIP)
			p.public[h.pub] = pubEntry{vpc: n.vpc, private: v4(n.m.PrivateIP)}
		}
		p.setAddr(n.m.PrivateIP, h)
	}

	// Peering connections and transit gateways: before the route tables,
	// whose routes resolve to them.
	p.compilePeering(w)
	p.compileTGW(w)
	p.compileHybrid(w)
	p.compileServices(w)

	// Route tables, with one slab of LPM tables.
	p.rtbs = make([]rtbNode, 0, w.RouteTables.Len())
	rtbTables := make([]bart.Table[int32], w.RouteTables.Len())
	w.RouteTables.All(func(rt *model.RouteTable) bool {
		vi, ok := p.vpcByID[rt.VpcID]
		if !ok {
			return true
		}
		ri := int32(len(p.rtbs))
		p.rtbByID[rt.ID] = ri
		p.rtbs = append(p.rtbs, p.compileRouteTable(w, rt, vi, &rtbTables[ri]))
		for _, a := range rt.Associations {
			switch {
			case a.Main:
				p.vpcs[vi].mainRtb = ri
			case a.SubnetID != "":
				if si, ok := p.subnetByID[a.SubnetID]; ok {
					p.subnets[si].rtb = ri
				}
			case a.GatewayID != "":
				if gi, ok := p.igwByID[a.GatewayID]; ok {
					p.igws[gi].edgeRtb = ri
				} else if gi, ok := p.hy.vgwByID[a.GatewayID]; ok {
					p.hy.vgws[gi].edgeRtb = ri
				}
			}
		}
		return true
	})
	for si := range p.subnets {
		s := &p.subnets[si]
		if s.rtb < 0 {
			s.rtb = p.vpcs[s.vpc].mainRtb
		}
		if s.acl < 0 {
			s.acl = p.vpcs[s.vpc].defaultACL
		}
	}
	// Load balancer target health traces the compiled plane.
	p.compileTargetHealth()
	return p
}

// natAvailable reports whether a NAT gateway forwards traffic and holds
// its addresses: only in state available (the zero state of hand-built
// test objects counts as available). A pending, deleting, deleted or
// failed gateway does neither, and routes to it are blackholes
// (VPC-UG vpc-nat-gateway.md, VPC_Route_Tables.md).
func natAvailable(g *model.NatGateway) bool {
	return g.State == "available" || g.State == ""
}

// instanceRunning reports whether an instance's interfaces pass traffic
// (pending counts: the plane shows steady states; the zero state of
// hand-built test objects counts as running).
func instanceRunning(in *model.Instance) bool {
	return in.State == "running" || in.State == "pending" || in.State == ""
}

// compileSGRules compiles every security group rule into p.sgRules, each
// group's ingress rules then its egress rules, in rule id order.
func (p *Plane) compileSGRules(w *store.World) {
	type ruleRef struct {
		gi int32
		r  *model.SecurityGroupRule
	}
	refs := make([]ruleRef, 0, w.SecurityGroupRules.Len())
	count := make([]int32, 2*len(p.sgs)+1) // [2*gi] ingress, [2*gi+1] egress
	w.SecurityGroupRules.All(func(r *model.SecurityGroupRule) bool {
		gi, ok := p.sgByID[r.GroupID]
		if !ok {
			return true
		}
		refs = append(refs, ruleRef{gi, r})
		count[2*gi+int32(b2i(r.Egress))+1]++
		return true
	})
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	// count[k] is now the start of bucket k.
	p.sgRules = make([]SGRule, len(refs))
	next := count[:len(count)-1]
	for _, rr := range refs {
		k := 2*rr.gi + int32(b2i(rr.r.Egress))
		p.sgRules[next[k]] = p.compileSGRule(rr.r)
		next[k]++
	}
	// next[k] is now the end of bucket k (the start of bucket k+1).
	start := int32(0)
	for gi := range p.sgs {
		g := &p.sgs[gi]
		in, out := next[2*gi], next[2*gi+1]
		g.in = p.sgRules[start:in:in]
		g.out = p.sgRules[in:out:out]
		start = out
	}
}

func attached(as []model.GatewayAttachment) bool {
	for _, a := range as {
		if a.State == "" || a.State == "available" || a.State == "attached" {
			return true
		}
	}
	return false
}

func (p *Plane) vpcIndex(id string) int32 {
	if i, ok := p.vpcByID[id]; ok {
		return i
	}
	return -1
}

func compileACL(a *model.NetworkACL) aclNode {
	n := aclNode{m: a}
	nOut := 0
	for i := range a.Entries {
		nOut += b2i(a.Entries[i].Egress)
	}
	nIn := len(a.Entries) - nOut
	// One allocation: ingress entries then egress entries, each with room
	// for the two `*` rules.
	buf := make([]ACLRule, 0, len(a.Entries)+4)
	n.in = buf[0 : 0 : nIn+2]
	n.out = buf[nIn+2 : nIn+2 : len(a.Entries)+4]
	has := [2][2]bool{} // [egress][v6]
	for i := range a.Entries {
		e := &a.Entries[i]
		r := ACLRule{ACL: a.ID, RuleNumber: e.RuleNumber, Egress: e.Egress, Protocol: e.Protocol,
			Allow: e.Action == "allow", Cidr: e.Prefix().Masked(), PortFrom: -1, PortTo: -1, IcmpType: -1, IcmpCode: -1,
			proto: int16(model.ProtocolNumber(e.Protocol))}
		if e.PortFrom != nil && e.PortTo != nil {
			r.PortFrom, r.PortTo = *e.PortFrom, *e.PortTo
		}
		if e.IcmpType != nil {
			r.IcmpType = *e.IcmpType
		}
		if e.IcmpCode != nil {
			r.IcmpCode = *e.IcmpCode
		}
		if r.RuleNumber >= model.DefaultRuleNumber {
			has[b2i(e.Egress)][b2i(r.Cidr.Addr().Is6())] = true
			r.Allow = false
		}
		if e.Egress {
			n.out = append(n.out, r)
		} else {
			n.in = append(n.in, r)
		}
	}
	// The `*` rules always exist (VPC-UG vpc-network-acls.md): add them
	// when the stored ACL does not list them.
	for eg := 0; eg < 2; eg++ {
		for v6 := 0; v6 < 2; v6++ {
			if has[eg][v6] {
				continue
			}
			r := ACLRule{ACL: a.ID, RuleNumber: model.DefaultRuleNumber, Egress: eg == 1, Protocol: "-1",
				Cidr: allIPv4, PortFrom: -1, PortTo: -1, IcmpType: -1, IcmpCode: -1, proto: -1}
			if v6 == 1 {
				r.RuleNumber = model.DefaultRuleNumber + 1
				r.Cidr = allIPv6
			}
			if eg == 1 {
				n.out = append(n.out, r)
			} else {
				n.in = append(n.in, r)
			}
		}
	}
	if !slices.IsSortedFunc(n.in, aclByNumber) {
		slices.SortStableFunc(n.in, aclByNumber)
	}
	if !slices.IsSortedFunc(n.out, aclByNumber) {
		slices.SortStableFunc(n.out, aclByNumber)
	}
	return n
}

var (
	allIPv4 = netip.MustParsePrefix("0.0.0.0/0")
	allIPv6 = netip.MustParsePrefix("::/0")
)

func aclByNumber(a, b ACLRule) int { return int(a.RuleNumber) - int(b.RuleNumber) }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (p *Plane) compileSGRule(r *model.SecurityGroupRule) SGRule {
	c := SGRule{ID: r.ID, GroupID: r.GroupID, Egress: r.Egress, Protocol: r.Protocol, FromPort: r.FromPort, ToPort: r.ToPort,
		PrefixListID: r.PrefixListID, RefGroupID: r.RefGroupID, proto: int16(model.ProtocolNumber(r.Protocol)), pl: -1, ref: -1}
	switch {
	case r.CidrIPv4.IsValid():
		c.Cidr = r.CidrIPv4.Masked()
	case r.CidrIPv6.IsValid():
		c.Cidr = r.CidrIPv6.Masked()
	}
	if r.PrefixListID != "" {
		if i, ok := p.plByID[r.PrefixListID]; ok {
			c.pl = i
		}
	}
	if r.RefGroupID != "" {
		if i, ok := p.sgByID[r.RefGroupID]; ok {
			c.ref = i
		}
	}
	return c
}

func (p *Plane) compileRouteTable(w *store.World, rt *model.RouteTable, vi int32, lpm *bart.Table[int32]) rtbNode {
	// The stored routes and the routes propagated by virtual private
	// gateways (vpn.go), as DescribeRouteTables lists them.
	routes := p.tableRoutes(rt)
	n := rtbNode{m: rt, vpc: vi, routes: make([]Route, len(routes)), lpm: lpm}
	for i := range routes {
		mr := &routes[i]
		r := &n.routes[i]
		*r = Route{Table: rt.ID, Destination: mr.Destination.Masked(), PrefixListID: mr.DestinationPrefixListID,
			Target: mr.Target, TargetID: mr.TargetID, InstanceID: mr.InstanceID, Origin: mr.Origin}
		if !mr.Destination.IsValid() {
			r.Destination = netip.Prefix{}
		}
		r.next, r.State = p.compileTarget(w, vi, mr)
		r.prio = model.RoutePriority(mr)
	}
	for i := range n.routes {
		r := &n.routes[i]
		if r.PrefixListID != "" {
			if pi, ok := p.plByID[r.PrefixListID]; ok {
				for _, pfx := range p.pls[pi].prefixes {
					insertRoute(&n, pfx, int32(i))
				}
			}
			continue
		}
		// The local route beats even a more specific propagated route
		// (model.LocalShadows).
		if r.Destination.IsValid() && !(r.prio == prioPropagated && p.localShadows(&n, r.Destination)) {
			insertRoute(&n, r.Destination, int32(i))
		}
	}
	return n
}

// insertRoute keeps, for each prefix, the route of best priority; on equal
// priority the first one listed wins (AWS: "one is chosen at random, then
// fixed" for overlapping prefix lists).
func insertRoute(n *rtbNode, pfx netip.Prefix, ri int32) {
	if old, ok := n.lpm.Get(pfx); ok && n.routes[old].prio <= n.routes[ri].prio {
		return
	}
	n.lpm.Insert(pfx, ri)
}

// compileTarget resolves a route's target to a node of the plane and
// computes the route state: a target that is gone, detached, deleted or
// stopped makes the route a blackhole (VPC-UG VPC_Route_Tables.md).
func (p *Plane) compileTarget(w *store.World, vi int32, r *model.Route) (nodeRef, RouteState) {
	bh := func(k nodeKind) (nodeRef, RouteState) { return nodeRef{k, -1}, RouteBlackhole }
	switch r.Target {
	case model.TargetLocal:
		return nodeRef{kindLocal, vi}, RouteActive
	case model.TargetIGW:
		gi, ok := p.igwByID[r.TargetID]
		if !ok || p.igws[gi].vpc != vi {
			return bh(kindIGW)
		}
		return nodeRef{kindIGW, gi}, RouteActive
	case model.TargetEIGW:
		gi, ok := p.eigwByID[r.TargetID]
		if !ok || p.eigws[gi].vpc != vi {
			return bh(kindEIGW)
		}
		return nodeRef{kindEIGW, gi}, RouteActive
	case model.TargetNAT:
		ni, ok := p.natByID[r.TargetID]
		if !ok || !p.nats[ni].ok || p.nats[ni].vpc != vi {
			return bh(kindNAT)
		}
		return nodeRef{kindNAT, ni}, RouteActive
	case model.TargetInstance, model.TargetENI:
		// The rules of control.RouteState: an instance route needs its
		// interface attached to that instance and the instance running
		// (or pending); an interface route needs the interface attached
		// to a running instance, or requester-managed (a NAT gateway's or
		// another AWS service's interface); anything else is a blackhole.
		ei := int32(-1)
		if strings.HasPrefix(r.TargetID, "eni-") {
			if i, ok := p.eniByID[r.TargetID]; ok {
				ei = i
			}
		} else {
			id := r.InstanceID
			if id == "" {
				id = r.TargetID
			}
			if ii, ok := p.instByID[id]; ok {
				ei = p.insts[ii].eni
			}
		}
		if ei < 0 || p.enis[ei].vpc != vi || !p.enis[ei].running {
			return bh(kindENI)
		}
		n := &p.enis[ei]
		att := n.m.Attachment
		switch {
		case r.Target == model.TargetInstance && r.InstanceID != "" && (att == nil || att.InstanceID != r.InstanceID):
			return nodeRef{kindENI, ei}, RouteBlackhole // detached from the instance
		case r.Target == model.TargetENI && (att == nil || att.InstanceID == "") && !n.m.RequesterManaged && n.nat < 0:
			return nodeRef{kindENI, ei}, RouteBlackhole // a detached interface
		case n.nat >= 0 && !p.nats[n.nat].ok:
			return nodeRef{kindENI, ei}, RouteBlackhole // a NAT gateway's interface, gateway not available
		}
		return nodeRef{kindENI, ei}, RouteActive
	case model.TargetPeering:
		return p.peeringTarget(vi, r.TargetID)
	case model.TargetTGW:
		return p.tgwTarget(vi, r.TargetID)
	case model.TargetVPCEndpoint:
		return p.vpceTarget(vi, r.TargetID)
	case model.TargetVGW:
		gi, ok := p.hy.vgwByID[r.TargetID]
		if !ok || p.hy.vgws[gi].vpc != vi {
			return bh(kindVGW)
		}
		return nodeRef{kindVGW, gi}, RouteActive
	}
	return nodeRef{kindUnmodeled, -1}, RouteActive
}

func attachedTo(as []model.GatewayAttachment, vpc string) bool {
	for _, a := range as {
		if a.VpcID == vpc && (a.State == "" || a.State == "attached" || a.State == "available") {
			return true
		}
	}
	return false
}

// addrAdd returns a + n (n small, no overflow handling beyond the family).
func addrAdd(a netip.Addr, n int) netip.Addr {
	for ; n > 0; n-- {
		a = a.Next()
	}
	return a
}
