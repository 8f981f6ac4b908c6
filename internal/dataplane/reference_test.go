package dataplane

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/gaissmai/bart"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Slow reference implementations ("fast paths have slow twins"): brute
// force over the model objects, written without the compiled structures,
// used only to check the fast ones.

// slowRoute returns the index in rt.Routes of the route chosen for dst:
// the longest matching prefix (prefix lists expanded), then the best
// priority (local, static, prefix list, propagated), then the first listed;
// a propagated route inside a local route's destination is never used
// (VPN guide VPNRoutingTypes.md: the local route wins even over a more
// specific propagated route).
func slowRoute(rt *model.RouteTable, pls map[string]*model.ManagedPrefixList, dst netip.Addr) int {
	best, bestBits, bestPrio := -1, -1, 99
	var local []netip.Prefix
	for _, r := range rt.Routes {
		if r.Target == model.TargetLocal && r.DestinationPrefixListID == "" {
			local = append(local, r.Destination.Masked())
		}
	}
	shadowed := func(c netip.Prefix) bool {
		for _, l := range local {
			if l.Bits() <= c.Bits() && l.Contains(c.Addr()) {
				return true
			}
		}
		return false
	}
	for i, r := range rt.Routes {
		var cands []netip.Prefix
		if r.DestinationPrefixListID != "" {
			if pl, ok := pls[r.DestinationPrefixListID]; ok {
				for _, e := range pl.Entries {
					cands = append(cands, e.Cidr.Masked())
				}
			}
		} else {
			cands = []netip.Prefix{r.Destination.Masked()}
		}
		prio := 1
		switch {
		case r.Target == model.TargetLocal:
			prio = 0
		case r.Origin == model.OriginEnableVgwRoutePro:
			prio = 3
		case r.DestinationPrefixListID != "":
			prio = 2
		}
		for _, c := range cands {
			if !c.Contains(dst) || (prio == 3 && shadowed(c)) {
				continue
			}
			if c.Bits() > bestBits || (c.Bits() == bestBits && prio < bestPrio) {
				best, bestBits, bestPrio = i, c.Bits(), prio
			}
		}
	}
	return best
}

// slowACL returns the rule number and action deciding a packet.
func slowACL(a *model.NetworkACL, egress bool, proto int, port int32, icmpType, icmpCode int32, remote netip.Addr) (int32, bool) {
	es := slices.Clone(a.Entries)
	slices.SortStableFunc(es, func(x, y model.NetworkACLEntry) int { return int(x.RuleNumber) - int(y.RuleNumber) })
	for _, e := range es {
		if e.Egress != egress || !e.Prefix().Masked().Contains(remote) {
			continue
		}
		ep := model.ProtocolNumber(e.Protocol)
		if ep != -1 {
			if ep != proto {
				continue
			}
			if (proto == 6 || proto == 17) && e.PortFrom != nil && (port < *e.PortFrom || port > *e.PortTo) {
				continue
			}
			if (proto == 1 || proto == 58) && e.IcmpType != nil && *e.IcmpType != -1 {
				if icmpType != *e.IcmpType || (e.IcmpCode != nil && *e.IcmpCode != -1 && icmpCode != *e.IcmpCode) {
					continue
				}
			}
		}
		return e.RuleNumber, e.Action == "allow" && e.RuleNumber < model.DefaultRuleNumber
	}
	if remote.Is6() {
		return model.DefaultRuleNumber + 1, false
	}
	return model.DefaultRuleNumber, false
}

// slowSG reports whether the groups of eni admit the packet, resolving
// group references by scanning every interface of the world.
func slowSG(w *store.World, eni *model.NetworkInterface, egress bool, proto int, port int32, icmpType, icmpCode int32, peer netip.Addr, noRefs bool) bool {
	for _, gid := range eni.SecurityGroupIDs {
		ok := false
		w.SecurityGroupRules.ByParent(gid, func(r *model.SecurityGroupRule) bool {
			if r.Egress != egress {
				return true
			}
			rp := model.ProtocolNumber(r.Protocol)
			if rp != -1 && rp != proto {
				return true
			}
			if rp != -1 && r.FromPort != -1 {
				switch proto {
				case 6, 17:
					if port < r.FromPort || port > r.ToPort {
						return true
					}
				case 1, 58:
					if icmpType != r.FromPort || (r.ToPort != -1 && icmpCode != r.ToPort) {
						return true
					}
				}
			}
			match := false
			switch {
			case r.CidrIPv4.IsValid():
				match = r.CidrIPv4.Masked().Contains(peer)
			case r.CidrIPv6.IsValid():
				match = r.CidrIPv6.Masked().Contains(peer)
			case r.PrefixListID != "":
				if pl, ok := w.PrefixLists.Get(r.PrefixListID); ok {
					for _, e := range pl.Entries {
						match = match || e.Cidr.Masked().Contains(peer)
					}
				}
			case r.RefGroupID != "" && !noRefs:
				w.NetworkInterfaces.All(func(o *model.NetworkInterface) bool {
					if !slices.Contains(o.SecurityGroupIDs, r.RefGroupID) {
						return true
					}
					for _, p := range o.PrivateIPs {
						if p.Address == peer {
							match = true
						}
					}
					if slices.Contains(o.Ipv6Addresses, peer) {
						match = true
					}
					return !match
				})
			}
			if match {
				ok = true
				return false
			}
			return true
		})
		if ok {
			return true
		}
	}
	return false
}

// --- random generators, driven by a *rand.Rand so fuzz inputs can seed them ---

func randPrefix(r *rand.Rand, v6 bool) netip.Prefix {
	if v6 {
		b := [16]byte{0x20, 0x01, 0x0d, 0xb8, byte(r.IntN(4)), byte(r.IntN(256))}
		return netip.PrefixFrom(netip.AddrFrom16(b), 16+r.IntN(33)).Masked()
	}
	a := netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(256)), byte(r.IntN(256))})
	return netip.PrefixFrom(a, 8+r.IntN(25)).Masked()
}

func randAddr(r *rand.Rand, v6 bool) netip.Addr {
	if v6 {
		b := [16]byte{0x20, 0x01, 0x0d, 0xb8, byte(r.IntN(4)), byte(r.IntN(256)), byte(r.IntN(256))}
		b[15] = byte(r.IntN(256))
		return netip.AddrFrom16(b)
	}
	return netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(256)), byte(r.IntN(256))})
}

// checkRoutes builds a random route table and compares lookups.
func checkRoutes(t *testing.T, r *rand.Rand) {
	pls := map[string]*model.ManagedPrefixList{}
	p := &Plane{plByID: map[string]int32{}, igwByID: map[string]int32{}, vpcs: []vpcNode{{m: &model.VPC{}}}}
	for i := 0; i < 3; i++ {
		pl := &model.ManagedPrefixList{Meta: model.Meta{ID: fmt.Sprintf("pl-%d", i)}}
		for j := r.IntN(4); j >= 0; j-- {
			pl.Entries = append(pl.Entries, model.PrefixListEntry{Cidr: randPrefix(r, r.IntN(2) == 0)})
		}
		pls[pl.ID] = pl
		p.plByID[pl.ID] = int32(len(p.pls))
		p.pls = append(p.pls, plNode{m: pl, prefixes: func() (o []netip.Prefix) {
			for _, e := range pl.Entries {
				o = append(o, e.Cidr.Masked())
			}
			return
		}()})
	}
	rt := &model.RouteTable{Meta: model.Meta{ID: "rtb-x"}}
	for i := r.IntN(24); i >= 0; i-- {
		rr := model.Route{Target: model.TargetIGW, TargetID: fmt.Sprintf("igw-%d", i), Origin: model.OriginCreateRoute}
		switch r.IntN(6) {
		case 0:
			rr.DestinationPrefixListID = fmt.Sprintf("pl-%d", r.IntN(3))
		case 1:
			rr.Target, rr.TargetID = model.TargetLocal, "local"
			rr.Destination = randPrefix(r, r.IntN(2) == 0)
		case 2:
			rr.Origin = model.OriginEnableVgwRoutePro
			rr.Destination = randPrefix(r, r.IntN(2) == 0)
		default:
			rr.Destination = randPrefix(r, r.IntN(2) == 0)
		}
		rt.Routes = append(rt.Routes, rr)
	}
	n := p.compileRouteTable(nil, rt, 0, new(bart.Table[int32]))
	p.rtbs = []rtbNode{n}
	for k := 0; k < 32; k++ {
		var dst netip.Addr
		if len(rt.Routes) > 0 && r.IntN(2) == 0 {
			c := rt.Routes[r.IntN(len(rt.Routes))].Destination
			if c.IsValid() {
				dst = c.Addr()
			}
		}
		if !dst.IsValid() {
			dst = randAddr(r, r.IntN(2) == 0)
		}
		want := slowRoute(rt, pls, dst)
		got := -1
		if fr := p.lookupRoute(0, dst); fr != nil {
			for i := range n.routes {
				if &n.routes[i] == fr {
					got = i
				}
			}
		}
		if got != want {
			t.Fatalf("route lookup %s: fast chose %d, slow chose %d\nroutes: %+v\nprefix lists: %v", dst, got, want, rt.Routes, plsString(pls))
		}
	}
}

func plsString(pls map[string]*model.ManagedPrefixList) string {
	s := ""
	for id, pl := range pls {
		s += id + "=" + fmt.Sprint(pl.Entries) + " "
	}
	return s
}

var protos = []string{"-1", "6", "17", "1", "58", "47"}

func checkACL(t *testing.T, r *rand.Rand) {
	a := &model.NetworkACL{Meta: model.Meta{ID: "acl-x"}}
	for i := r.IntN(12); i >= 0; i-- {
		e := model.NetworkACLEntry{RuleNumber: int32(1 + r.IntN(200)), Egress: r.IntN(2) == 0, Protocol: protos[r.IntN(len(protos))], Action: "allow"}
		if r.IntN(3) == 0 {
			e.Action = "deny"
		}
		c := randPrefix(r, r.IntN(3) == 0)
		if c.Addr().Is4() {
			e.CidrBlock = c
		} else {
			e.Ipv6Cidr = c
		}
		if r.IntN(2) == 0 {
			f := int32(r.IntN(70000)) % 65536
			to := f + int32(r.IntN(30000))
			if to > 65535 {
				to = 65535
			}
			e.PortFrom, e.PortTo = &f, &to
			ty, co := int32(r.IntN(10)-1), int32(r.IntN(3)-1)
			e.IcmpType, e.IcmpCode = &ty, &co
		}
		a.Entries = append(a.Entries, e)
	}
	n := compileACL(a)
	p := &Plane{acls: []aclNode{n}}
	for k := 0; k < 32; k++ {
		v6 := r.IntN(3) == 0
		h := Header{Src: randAddr(r, v6), Dst: randAddr(r, v6), Proto: []uint8{6, 17, 1, 58, 47}[r.IntN(5)],
			IcmpType: int16(r.IntN(10)), IcmpCode: int16(r.IntN(2))}
		port := uint16(r.IntN(65536))
		h.DstPort = PortRange{port, port}
		egress := r.IntN(2) == 0
		remote := h.Src
		if egress {
			remote = h.Dst
		}
		wantN, wantOK := slowACL(a, egress, int(h.Proto), int32(port), int32(h.IcmpType), int32(h.IcmpCode), remote)
		rule, ok, _ := p.evalACL(0, egress, &h)
		if rule == nil || rule.RuleNumber != wantN || ok != wantOK {
			t.Fatalf("acl %v egress=%v: fast %v %v, slow %d %v\nentries %+v", h, egress, rule, ok, wantN, wantOK, a.Entries)
		}
		// A port range is admitted iff every port is (check a small range).
		if h.HasPorts() {
			lo := uint16(r.IntN(65500))
			h.DstPort = PortRange{lo, lo + uint16(r.IntN(30))}
			_, okRange, _ := p.evalACL(0, egress, &h)
			all := true
			for q := int32(h.DstPort.From); q <= int32(h.DstPort.To); q++ {
				_, ok := slowACL(a, egress, int(h.Proto), q, 0, 0, remote)
				all = all && ok
			}
			if okRange != all {
				t.Fatalf("acl range %v egress=%v: fast %v, slow %v\nentries %+v", h, egress, okRange, all, a.Entries)
			}
		}
	}
}

func checkSG(t *testing.T, r *rand.Rand) {
	b := newTopo(t)
	b.parse("vpc vpc-a 10.0.0.0/8 ipv6=2001:db8::/32\nsubnet subnet-a vpc-a 10.0.0.0/9 ipv6=2001:db8::/64\npl pl-1 10.1.0.0/16,10.2.3.0/24\n")
	groups := []string{"sg-1", "sg-2", "sg-3"}
	for _, g := range groups {
		b.parse("sg " + g + " vpc-a noegress")
	}
	var addrs []netip.Addr
	for i := 0; i < 8; i++ {
		a := netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(4)), byte(1 + i)})
		addrs = append(addrs, a)
		sgs := groups[r.IntN(3)]
		if r.IntN(2) == 0 {
			sgs += "," + groups[r.IntN(3)]
		}
		b.parse(fmt.Sprintf("eni eni-%d subnet-a %s sg=%s", i, a, sgs))
	}
	for i := r.IntN(10); i >= 0; i-- {
		dir := "ingress"
		if r.IntN(2) == 0 {
			dir = "egress"
		}
		proto := []string{"-1", "tcp", "udp", "icmp", "47"}[r.IntN(5)]
		ports := "-"
		if proto == "tcp" || proto == "udp" {
			f := r.IntN(65536)
			ports = fmt.Sprintf("%d-%d", f, min(65535, f+r.IntN(20000)))
		} else if proto == "icmp" && r.IntN(2) == 0 {
			ports = fmt.Sprintf("%d:%d", r.IntN(10), r.IntN(3)-1)
		}
		peer := []string{randPrefix(r, false).String(), "pl-1", groups[r.IntN(3)], "10.0.0.0/8"}[r.IntN(4)]
		b.parse(fmt.Sprintf("%s %s %s %s %s", dir, groups[r.IntN(3)], proto, ports, peer))
	}
	w := b.world()
	p := Compile(w)
	for k := 0; k < 32; k++ {
		eid := fmt.Sprintf("eni-%d", r.IntN(8))
		ei := p.eniByID[eid]
		eni, _ := w.NetworkInterfaces.Get(eid)
		peer := addrs[r.IntN(len(addrs))]
		if r.IntN(3) == 0 {
			peer = randAddr(r, false)
		}
		h := Header{Proto: []uint8{6, 17, 1, 47}[r.IntN(4)], IcmpType: int16(r.IntN(10)), IcmpCode: int16(r.IntN(2))}
		port := uint16(r.IntN(65536))
		h.DstPort = PortRange{port, port}
		egress := r.IntN(2) == 0
		noRefs := r.IntN(4) == 0 // past a middlebox
		want := slowSG(w, eni, egress, int(h.Proto), int32(port), int32(h.IcmpType), int32(h.IcmpCode), peer, noRefs)
		rule, _, _ := p.evalSG(ei, egress, &h, peer, noRefs)
		if (rule != nil) != want {
			t.Fatalf("sg %s egress=%v noRefs=%v %v peer %s: fast %v, slow %v", eid, egress, noRefs, h, peer, rule, want)
		}
	}
}

// TestDifferentialRoutes compares bart LPM lookups with the brute-force
// reference on random route tables (VPC-UG VPC_Route_Tables.md, route
// priority).
func TestDifferentialRoutes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		checkRoutes(t, r)
	}
}

// TestDifferentialACL compares network ACL evaluation, including port
// ranges, with the reference (VPC-UG vpc-network-acls.md).
func TestDifferentialACL(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		checkACL(t, r)
	}
}

// TestDifferentialSG compares security group evaluation, including group
// references and prefix lists, with the reference (VPC-UG
// security-group-rules.md).
func TestDifferentialSG(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 200; i++ {
		checkSG(t, r)
	}
}

func seedRand(data []byte) *rand.Rand {
	var s1, s2 uint64
	for i, c := range data {
		if i < 8 {
			s1 = s1<<8 | uint64(c)
		} else {
			s2 = s2<<8 | uint64(c)
		}
	}
	return rand.New(rand.NewPCG(s1, s2))
}

func FuzzRouteLookup(f *testing.F) {
	f.Add([]byte("route"))
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Fuzz(func(t *testing.T, data []byte) { checkRoutes(t, seedRand(data)) })
}

func FuzzACL(f *testing.F) {
	f.Add([]byte("acl"))
	f.Add([]byte{9, 9, 9, 9, 9, 9, 9, 9, 1})
	f.Fuzz(func(t *testing.T, data []byte) { checkACL(t, seedRand(data)) })
}

func FuzzSG(f *testing.F) {
	f.Add([]byte("sg"))
	f.Fuzz(func(t *testing.T, data []byte) { checkSG(t, seedRand(data)) })
}
