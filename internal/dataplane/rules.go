package dataplane

import "net/netip"

// Rule evaluation. Ports of TCP and UDP packets are ranges: a range is
// admitted only if every port in it is admitted. Evaluating a rule list at
// the range's first port and at every rule boundary inside the range covers
// all distinct outcomes, so no port is enumerated.

// matchSG reports whether security group rule r admits a packet with header
// h exchanged with peer, at destination port port. With noRefs, rules that
// reference a security group never match (the packet crossed a middlebox).
func (p *Plane) matchSG(r *SGRule, h *Header, peer netip.Addr, port uint16, noRefs bool) bool {
	if r.proto != -1 && int(r.proto) != int(h.Proto) {
		return false
	}
	switch h.Proto {
	case ProtoTCP, ProtoUDP:
		if r.proto != -1 && r.FromPort != -1 && (int32(port) < r.FromPort || int32(port) > r.ToPort) {
			return false
		}
	case ProtoICMP, ProtoICMPv6:
		if r.proto != -1 && r.FromPort != -1 {
			if int32(h.IcmpType) != r.FromPort || (r.ToPort != -1 && int32(h.IcmpCode) != r.ToPort) {
				return false
			}
		}
	}
	switch {
	case r.Cidr.IsValid():
		return r.Cidr.Contains(peer)
	case r.pl >= 0:
		for _, pfx := range p.pls[r.pl].prefixes {
			if pfx.Contains(peer) {
				return true
			}
		}
		return false
	case r.ref >= 0 && !noRefs:
		// A referenced group matches the private addresses of the
		// interfaces that carry it (VPC-UG security-group-rules.md).
		g := &p.sgs[r.ref]
		hd, ok := p.lookupAddr(g.vpc, peer)
		if !ok || hd.eni < 0 {
			return false
		}
		for _, gi := range p.eniSGs(&p.enis[hd.eni]) {
			if gi == r.ref {
				return true
			}
		}
	}
	return false
}

// sgPoint returns the first rule of the ENI's groups (union) admitting the
// packet at port, and its group.
func (p *Plane) sgPoint(ei int32, egress bool, h *Header, peer netip.Addr, port uint16, noRefs bool) (*SGRule, int32) {
	for _, gi := range p.eniSGs(&p.enis[ei]) {
		g := &p.sgs[gi]
		rules := g.in
		if egress {
			rules = g.out
		}
		for i := range rules {
			if p.matchSG(&rules[i], h, peer, port, noRefs) {
				return &rules[i], gi
			}
		}
	}
	return nil, -1
}

// evalSG evaluates the security groups of ENI ei (stateful, allow-only,
// union of all groups). It returns the deciding rule and group when the
// packet is admitted, or nil and the first refused port. With noRefs, rules
// that reference a security group are not considered.
func (p *Plane) evalSG(ei int32, egress bool, h *Header, peer netip.Addr, noRefs bool) (*SGRule, int32, uint16) {
	lo, hi := h.DstPort.From, h.DstPort.To
	r, g := p.sgPoint(ei, egress, h, peer, lo, noRefs)
	if r == nil || !h.HasPorts() || lo == hi {
		return r, g, lo
	}
	for _, gi := range p.eniSGs(&p.enis[ei]) {
		sg := &p.sgs[gi]
		rules := sg.in
		if egress {
			rules = sg.out
		}
		for i := range rules {
			for _, b := range [2]int32{rules[i].FromPort, rules[i].ToPort + 1} {
				if b > int32(lo) && b <= int32(hi) {
					if x, _ := p.sgPoint(ei, egress, h, peer, uint16(b), noRefs); x == nil {
						return nil, -1, uint16(b)
					}
				}
			}
		}
	}
	return r, g, lo
}

// sgHasRules reports whether any group of the ENI has a rule in the direction.
func (p *Plane) sgHasRules(ei int32, egress bool) bool {
	for _, gi := range p.eniSGs(&p.enis[ei]) {
		if egress && len(p.sgs[gi].out) > 0 || !egress && len(p.sgs[gi].in) > 0 {
			return true
		}
	}
	return false
}

// matchACL reports whether network ACL entry r matches the packet at
// destination port port; remote is the address outside the subnet (the
// source inbound, the destination outbound).
func matchACL(r *ACLRule, h *Header, remote netip.Addr, port uint16) bool {
	if !r.Cidr.Contains(remote) {
		return false
	}
	if r.proto != -1 && int(r.proto) != int(h.Proto) {
		return false
	}
	if r.proto == -1 {
		return true
	}
	switch h.Proto {
	case ProtoTCP, ProtoUDP:
		if r.PortFrom != -1 && (int32(port) < r.PortFrom || int32(port) > r.PortTo) {
			return false
		}
	case ProtoICMP, ProtoICMPv6:
		if r.IcmpType != -1 && (int32(h.IcmpType) != r.IcmpType || (r.IcmpCode != -1 && int32(h.IcmpCode) != r.IcmpCode)) {
			return false
		}
	}
	return true
}

func aclPoint(rules []ACLRule, h *Header, remote netip.Addr, port uint16) *ACLRule {
	for i := range rules {
		if matchACL(&rules[i], h, remote, port) {
			return &rules[i]
		}
	}
	return nil
}

// evalACL evaluates a network ACL: entries in ascending rule number, the
// first match decides, the `*` rule denies. It returns the deciding entry,
// whether the packet is admitted and, for a port range, the first refused
// port (or the range's first port).
func (p *Plane) evalACL(ai int32, egress bool, h *Header) (*ACLRule, bool, uint16) {
	a := &p.acls[ai]
	rules, remote := a.in, h.Src
	if egress {
		rules, remote = a.out, h.Dst
	}
	lo, hi := h.DstPort.From, h.DstPort.To
	r := aclPoint(rules, h, remote, lo)
	if r == nil || !r.Allow || !h.HasPorts() || lo == hi {
		return r, r != nil && r.Allow, lo
	}
	for i := range rules {
		for _, b := range [2]int32{rules[i].PortFrom, rules[i].PortTo + 1} {
			if b > int32(lo) && b <= int32(hi) {
				if x := aclPoint(rules, h, remote, uint16(b)); x == nil || !x.Allow {
					return x, false, uint16(b)
				}
			}
		}
	}
	return r, true, lo
}

// lookupRoute returns the route of table ri for dst (longest prefix match,
// IPv4 and IPv6 independent), or nil.
func (p *Plane) lookupRoute(ri int32, dst netip.Addr) *Route {
	t := &p.rtbs[ri]
	i, ok := t.lpm.Lookup(dst)
	if !ok {
		return nil
	}
	return &t.routes[i]
}
