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
// routes, then propagated routes. Longer prefixes always win first.
const (
	prioLocal uint8 = iota
	prioStatic
	prioPrefixList
	prioPropagated
)

// Compile builds the data plane of one world revision. It reads w only and
// keeps pointers to its (immutable) objects; the result is immutable.
func Compile(w *store.World) *Plane {
	p := &Plane{
		Revision:   w.Revision,
		vpcByID:    make(map[string]int32, w.VPCs.Len()),
		subnetByID: make(map[string]int32, w.Subnets.Len()),
		rtbByID:    make(map[string]int32, w.RouteTables.Len()),
		sgByID:     make(map[string]int32, w.SecurityGroups.Len()),
		eniByID:    make(map[string]int32, w.NetworkInterfaces.Len()),
		instByID:   make(map[string]instNode, w.Instances.Len()),
		igwByID:    make(map[string]int32, w.InternetGateways.Len()),
		eigwByID:   make(map[string]int32, w.EgressOnlyIGWs.Len()),
		natByID:    make(map[string]int32, w.NatGateways.Len()),
		plByID:     make(map[string]int32, w.PrefixLists.Len()),
		addrs:      make(map[vpcAddr]holder, w.NetworkInterfaces.Len()+w.NatGateways.Len()),
		owner:      make(map[netip.Addr]int32, w.NetworkInterfaces.Len()+w.NatGateways.Len()),
		public:     make(map[netip.Addr]pubEntry, w.NetworkInterfaces.Len()/2),
		private:    make(map[vpcAddr]netip.Addr, w.NetworkInterfaces.Len()/2),
		v6owner:    new(bart.Table[int32]),
	}

	// VPCs.
	p.vpcs = make([]vpcNode, 0, w.VPCs.Len())
	w.VPCs.All(func(v *model.VPC) bool {
		n := vpcNode{m: v, mainRtb: -1, defaultACL: -1, igw: -1, eigw: -1, subnets: new(bart.Table[int32])}
		i := int32(len(p.vpcs))
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
	w.PrefixLists.All(func(pl *model.ManagedPrefixList) bool {
		n := plNode{m: pl}
		for _, e := range pl.Entries {
			n.prefixes = append(n.prefixes, e.Cidr.Masked())
		}
		p.plByID[pl.ID] = int32(len(p.pls))
		p.pls = append(p.pls, n)
		return true
	})

	// Gateways.
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
	w.EgressOnlyIGWs.All(func(g *model.EgressOnlyInternetGateway) bool {
		n := eigwNode{m: g, vpc: -1}
		if len(g.Attachments) > 0 && attached(g.Attachments) {
			if vi, ok := p.vpcByID[g.Attachments[0].VpcID]; ok {
				n.vpc = vi
				if p.vpcs[vi].eigw < 0 {
					p.vpcs[vi].eigw = int32(len(p.eigws))
				}
			}
		}
		p.eigwByID[g.ID] = int32(len(p.eigws))
		p.eigws = append(p.eigws, n)
		return true
	})

	// Subnets.
	p.subnets = make([]subnetNode, 0, w.Subnets.Len())
	w.Subnets.All(func(s *model.Subnet) bool {
		vi, ok := p.vpcByID[s.VpcID]
		if !ok {
			return true
		}
		n := subnetNode{m: s, vpc: vi, cidr4: s.CidrBlock.Masked(), rtb: -1, acl: -1}
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

	// Security groups.
	w.SecurityGroups.All(func(g *model.SecurityGroup) bool {
		p.sgByID[g.ID] = int32(len(p.sgs))
		p.sgs = append(p.sgs, sgNode{m: g, vpc: p.vpcIndex(g.VpcID)})
		return true
	})
	for gi := range p.sgs {
		g := &p.sgs[gi]
		w.SecurityGroupRules.ByParent(g.m.ID, func(r *model.SecurityGroupRule) bool {
			cr := p.compileSGRule(r)
			if r.Egress {
				g.out = append(g.out, cr)
			} else {
				g.in = append(g.in, cr)
			}
			return true
		})
	}

	// Instances.
	w.Instances.All(func(in *model.Instance) bool {
		p.instByID[in.ID] = instNode{m: in, eni: -1}
		return true
	})

	// NAT gateways (their interfaces are linked below).
	natByENI := make(map[string]int32, w.NatGateways.Len())
	w.NatGateways.All(func(g *model.NatGateway) bool {
		si, ok := p.subnetByID[g.SubnetID]
		if !ok {
			return true
		}
		n := natNode{m: g, subnet: si, vpc: p.subnets[si].vpc, eni: -1,
			ok:     g.State == "available" || g.State == "pending" || g.State == "",
			public: g.ConnectivityType != "private"}
		ni := int32(len(p.nats))
		p.natByID[g.ID] = ni
		if g.NetworkInterfaceID != "" {
			natByENI[g.NetworkInterfaceID] = ni
		}
		p.nats = append(p.nats, n)
		return true
	})

	// Network interfaces.
	p.enis = make([]eniNode, 0, w.NetworkInterfaces.Len())
	p.sgSlab = make([]int32, 0, w.NetworkInterfaces.Len()*2)
	w.NetworkInterfaces.All(func(e *model.NetworkInterface) bool {
		si, ok := p.subnetByID[e.SubnetID]
		if !ok {
			return true
		}
		vi := p.subnets[si].vpc
		ei := int32(len(p.enis))
		n := eniNode{m: e, subnet: si, vpc: vi, sgOff: int32(len(p.sgSlab)), nat: -1, running: true}
		for _, id := range e.SecurityGroupIDs {
			if gi, ok := p.sgByID[id]; ok {
				p.sgSlab = append(p.sgSlab, gi)
			}
		}
		n.sgLen = int32(len(p.sgSlab)) - n.sgOff
		if ni, ok := natByENI[e.ID]; ok {
			n.nat = ni
			p.nats[ni].eni = ei
		}
		if e.Attachment != nil && e.Attachment.InstanceID != "" {
			if in, ok := p.instByID[e.Attachment.InstanceID]; ok {
				n.inst = in.m
				n.running = in.m.State == "running" || in.m.State == "pending" || in.m.State == ""
				if in.m.PrimaryENI == e.ID || (in.eni < 0 && e.Attachment.DeviceIndex == 0) {
					in.eni = ei
					p.instByID[in.m.ID] = in
				}
			}
		}
		for _, pi := range e.PrivateIPs {
			if !pi.Address.IsValid() {
				continue
			}
			p.addrs[vpcAddr{vi, pi.Address}] = holder{eni: ei, nat: n.nat}
			p.own(pi.Address, vi)
			if pi.PublicIP.IsValid() {
				p.public[pi.PublicIP] = pubEntry{vpc: vi, private: pi.Address}
				p.private[vpcAddr{vi, pi.Address}] = pi.PublicIP
			}
		}
		for _, a := range e.Ipv6Addresses {
			p.addrs[vpcAddr{vi, a}] = holder{eni: ei, nat: n.nat}
			p.own(a, vi)
		}
		p.eniByID[e.ID] = ei
		p.enis = append(p.enis, n)
		return true
	})
	// Instances whose primary ENI was found by id only.
	for id, in := range p.instByID {
		if in.eni < 0 && in.m.PrimaryENI != "" {
			if ei, ok := p.eniByID[in.m.PrimaryENI]; ok {
				in.eni = ei
				p.instByID[id] = in
			}
		}
	}
	// NAT gateway addresses: the private address is held by the NAT
	// gateway even if its interface object is missing; the public one
	// (its Elastic IP) pairs with it at the internet gateway.
	for ni := range p.nats {
		n := &p.nats[ni]
		if n.m.PrivateIP.IsValid() {
			p.addrs[vpcAddr{n.vpc, n.m.PrivateIP}] = holder{eni: n.eni, nat: int32(ni)}
			p.own(n.m.PrivateIP, n.vpc)
			if n.public && n.m.PublicIP.IsValid() {
				p.public[n.m.PublicIP] = pubEntry{vpc: n.vpc, private: n.m.PrivateIP}
				p.private[vpcAddr{n.vpc, n.m.PrivateIP}] = n.m.PublicIP
			}
		}
	}

	// Route tables.
	p.rtbs = make([]rtbNode, 0, w.RouteTables.Len())
	w.RouteTables.All(func(rt *model.RouteTable) bool {
		vi, ok := p.vpcByID[rt.VpcID]
		if !ok {
			return true
		}
		ri := int32(len(p.rtbs))
		p.rtbByID[rt.ID] = ri
		p.rtbs = append(p.rtbs, p.compileRouteTable(w, rt, vi))
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
	return p
}

// own records that VPC vi holds private address a.
func (p *Plane) own(a netip.Addr, vi int32) {
	if o, ok := p.owner[a]; ok && o != vi {
		p.owner[a] = -2
		return
	}
	p.owner[a] = vi
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
				Cidr: netip.MustParsePrefix("0.0.0.0/0"), PortFrom: -1, PortTo: -1, IcmpType: -1, IcmpCode: -1, proto: -1}
			if v6 == 1 {
				r.RuleNumber = model.DefaultRuleNumber + 1
				r.Cidr = netip.MustParsePrefix("::/0")
			}
			if eg == 1 {
				n.out = append(n.out, r)
			} else {
				n.in = append(n.in, r)
			}
		}
	}
	byNumber := func(a, b ACLRule) int { return int(a.RuleNumber) - int(b.RuleNumber) }
	slices.SortStableFunc(n.in, byNumber)
	slices.SortStableFunc(n.out, byNumber)
	return n
}

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

func (p *Plane) compileRouteTable(w *store.World, rt *model.RouteTable, vi int32) rtbNode {
	n := rtbNode{m: rt, vpc: vi, routes: make([]Route, 0, len(rt.Routes)), lpm: new(bart.Table[int32])}
	for i := range rt.Routes {
		mr := &rt.Routes[i]
		r := Route{Table: rt.ID, Destination: mr.Destination.Masked(), PrefixListID: mr.DestinationPrefixListID,
			Target: mr.Target, TargetID: mr.TargetID, InstanceID: mr.InstanceID, Origin: mr.Origin}
		if !mr.Destination.IsValid() {
			r.Destination = netip.Prefix{}
		}
		r.next, r.State = p.compileTarget(w, vi, mr)
		switch {
		case mr.Target == model.TargetLocal:
			r.prio = prioLocal
		case mr.Origin == model.OriginEnableVgwRoutePro:
			r.prio = prioPropagated
		case mr.DestinationPrefixListID != "":
			r.prio = prioPrefixList
		default:
			r.prio = prioStatic
		}
		n.routes = append(n.routes, r)
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
		if r.Destination.IsValid() {
			insertRoute(&n, r.Destination, int32(i))
		}
	}
	return n
}

// insertRoute keeps, for each prefix, the route of best priority; on equal
// priority the first one listed wins (AWS: "one is chosen at random, then
// fixed" for overlapping prefix lists).
func insertRoute(n *rtbNode, pfx netip.Prefix, ri int32) {
	n.lpm.Modify(pfx, func(old int32, ok bool) (int32, bool) {
		if ok && n.routes[old].prio <= n.routes[ri].prio {
			return old, false
		}
		return ri, false
	})
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
			if in, ok := p.instByID[id]; ok {
				ei = in.eni
			}
		}
		if ei < 0 || p.enis[ei].vpc != vi || !p.enis[ei].running {
			return bh(kindENI)
		}
		e := p.enis[ei].m
		if r.Target == model.TargetENI && (e.Attachment == nil || e.Attachment.InstanceID == "") && !e.RequesterManaged && p.enis[ei].nat < 0 {
			return nodeRef{kindENI, ei}, RouteBlackhole // a detached interface
		}
		return nodeRef{kindENI, ei}, RouteActive
	case model.TargetVGW:
		g, ok := w.VpnGateways.Get(r.TargetID)
		if !ok || !attachedTo(g.Attachments, p.vpcs[vi].m.ID) {
			return bh(kindUnmodeled)
		}
		return nodeRef{kindUnmodeled, -1}, RouteActive
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
