package dataplane

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Slow twins of the transit gateway and peering edges, written over the
// model objects without the compiled structures.

// slowTGWRoute returns the route a transit gateway route table chooses for
// dst, described as "<destination> -> <attachment|blackhole>", or "" when
// none matches: the longest matching prefix (prefix lists expanded), then
// static, prefix-list, VPC-propagated, other propagated routes, then the
// first listed (Transit Gateway Guide how-transit-gateways-work.md "Route
// evaluation order").
func slowTGWRoute(w *store.World, rt *model.TransitGatewayRouteTable, dst netip.Addr) string {
	best, bestBits, bestPrio := "", -1, 99
	consider := func(c netip.Prefix, prio int, desc string) {
		c = c.Masked()
		if !c.Contains(dst) {
			return
		}
		if c.Bits() > bestBits || (c.Bits() == bestBits && prio < bestPrio) {
			best, bestBits, bestPrio = desc, c.Bits(), prio
		}
	}
	w.TGWRoutes.ByParent(rt.ID, func(r *model.TransitGatewayRoute) bool {
		target := r.AttachmentID
		if r.Blackhole {
			target = "blackhole"
		}
		if r.PrefixListID != "" {
			if pl, ok := w.PrefixLists.Get(r.PrefixListID); ok {
				for _, e := range pl.Entries {
					consider(e.Cidr, 1, r.PrefixListID+" -> "+target)
				}
			}
			return true
		}
		consider(r.Destination, 0, r.Destination.Masked().String()+" -> "+target)
		return true
	})
	for _, pr := range model.PropagatedRoutes(rt, w.TGWAttachments.Get, w.VPCs.Get, nil) {
		prio := 3
		if pr.ResourceType == model.TGWAttachVPC {
			prio = 2
		}
		consider(pr.Destination, prio, pr.Destination.Masked().String()+" -> "+pr.AttachmentID+" (propagated)")
	}
	return best
}

func fastTGWRoute(p *Plane, rtID string, dst netip.Addr) string {
	r := p.lookupTGWRoute(p.tgwRtbByID[rtID], dst)
	if r == nil {
		return ""
	}
	s := r.String()
	s = strings.TrimSuffix(s, " (blackhole)")
	return s
}

// checkTGWRoutes builds a random transit gateway route table (static,
// blackhole, prefix-list and propagated routes) and compares lookups.
func checkTGWRoutes(t *testing.T, r *rand.Rand) {
	b := newTopo(t)
	b.parse("tgw tgw-x\ntgwrtb tgw-rtb-x tgw-x\n")
	rnd4 := func(bits int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(4) * 64), 0}), bits).Masked()
	}
	nv := 1 + r.IntN(4)
	for i := 0; i < nv; i++ {
		c := rnd4(8 + r.IntN(17))
		b.parse(fmt.Sprintf("vpc vpc-%d %s\n", i, c))
		// Attachments without subnets: routes only.
		b.parse(fmt.Sprintf("tgwattach tgw-attach-%d tgw-x vpc-%d %s\n", i, i, "-"))
		if r.IntN(3) > 0 {
			b.parse(fmt.Sprintf("tgwprop tgw-rtb-x tgw-attach-%d\n", i))
		}
	}
	b.parse("pl pl-x " + rnd4(16).String() + "," + rnd4(24).String() + "\n")
	seen := map[string]bool{}
	for i := r.IntN(12); i >= 0; i-- {
		dst := rnd4(8 + r.IntN(17)).String()
		if r.IntN(6) == 0 {
			dst = "pl-x"
		}
		if seen[dst] {
			continue // one static route per destination per table
		}
		seen[dst] = true
		target := fmt.Sprintf("tgw-attach-%d", r.IntN(nv))
		if r.IntN(4) == 0 {
			target = "blackhole"
		}
		b.parse(fmt.Sprintf("tgwroute tgw-rtb-x %s %s\n", dst, target))
	}
	w := b.world()
	p := Compile(w)
	rt, _ := w.TGWRouteTables.Get("tgw-rtb-x")
	for k := 0; k < 32; k++ {
		dst := netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(256)), byte(r.IntN(256))})
		if got, want := fastTGWRoute(p, rt.ID, dst), slowTGWRoute(w, rt, dst); got != want {
			t.Fatalf("transit gateway route for %s: fast %q, slow %q\nroutes: %v", dst, got, want, w.TGWRoutes.Children(rt.ID))
		}
	}
}

// TestDifferentialTGWRoutes compares transit gateway route lookup with the
// brute-force reference on random tables.
func TestDifferentialTGWRoutes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	n := 300
	if testing.Short() {
		n = 60
	}
	for i := 0; i < n; i++ {
		checkTGWRoutes(t, r)
	}
}

func FuzzTGWRouteLookup(f *testing.F) {
	f.Add([]byte("tgw"))
	f.Fuzz(func(t *testing.T, data []byte) { checkTGWRoutes(t, seedRand(data)) })
}

// slowPeeringVerdict says what a peering connection does with a packet
// from VPC from: "" when it forwards it, else the explanation code (VPC
// Peering Guide vpc-peering-basics.md "VPC peering limitations").
func slowPeeringVerdict(w *store.World, c *model.VpcPeeringConnection, from string, src, dst netip.Addr) Code {
	if !c.Active() {
		return BadStateRoute
	}
	_, other, ok := c.Side(from)
	if !ok {
		return BadStateRoute
	}
	in := func(vpc string, a netip.Addr) bool {
		v, ok := w.VPCs.Get(vpc)
		if !ok {
			return false
		}
		for _, p := range v.ActiveCidrs() {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	if !in(from, src) || !in(other.VpcID, dst) {
		return PcxRequiresAddressInVpcCidr
	}
	return CodeNone
}

// TestDifferentialPeering traces random packets from an instance in VPC A
// through a peering connection in a random state and compares the first
// explanation with the reference.
func TestDifferentialPeering(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	states := []string{model.PeeringActive, model.PeeringActive, model.PeeringPendingAcceptance, model.PeeringFailed, model.PeeringDeleted}
	for i := 0; i < 60; i++ {
		st := states[r.IntN(len(states))]
		b := newTopo(t).parse(`
vpc vpc-a 10.0.0.0/16
subnet subnet-a vpc-a 10.0.1.0/24
vpc vpc-b 10.1.0.0/16
subnet subnet-b vpc-b 10.1.1.0/24
vpc vpc-c 10.2.0.0/16
subnet subnet-c vpc-c 10.2.1.0/24
pcx pcx-ab vpc-a vpc-b state=` + st + `
route rtb-a-main 10.0.0.0/8 pcx-ab
route rtb-b-main 10.0.0.0/16 pcx-ab
eni eni-a subnet-a 10.0.1.10
sg sg-open vpc-b
ingress sg-open -1 - 10.0.0.0/8
eni eni-b subnet-b 10.1.1.10 sg=sg-open
eni eni-c subnet-c 10.2.1.10
`)
		w := b.world()
		p := Compile(w)
		c, _ := w.PeeringConnections.Get("pcx-ab")
		dst := netip.AddrFrom4([4]byte{10, byte(1 + r.IntN(2)), 1, 10})
		tr := p.Trace(Query{Source: "eni-a", Destination: dst.String(), Protocol: "icmp"})
		want := slowPeeringVerdict(w, c, "vpc-a", addr("10.0.1.10"), dst)
		got := CodeNone
		if x := tr.Blocked(); x != nil {
			got = x.Code
		}
		if got != want {
			t.Fatalf("peering %s to %s: fast %q, slow %q\n%s", st, dst, got, want, tr)
		}
	}
}
