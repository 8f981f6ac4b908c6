package dataplane

import (
	"net/netip"

	"github.com/gaissmai/bart"

	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Direct Connect in the plane (Direct Connect User Guide
// direct-connect-gateways-intro.md, allowed-to-prefixes.md,
// direct-connect-transit-gateways.md; Site-to-Site VPN User Guide
// VPNRoutingTypes.md "Route tables and VPN route priority").
//
// What the on-premises router advertises over a private or transit
// virtual interface is declared by the interface's vpcsim:bgp tags
// (dx.Advertised; docs/onprem.md). Those prefixes are on-premises
// addresses: trace sources and destinations.
//
// AWS -> on-premises. A private interface that is up offers its prefixes
// to the virtual private gateway it is attached to, or to the virtual
// private gateways associated with its Direct Connect gateway, as Direct
// Connect BGP routes (dx.VGWCandidates): the gateway prefers them to VPN
// routes for the same prefix, and a VPN takes over when the interface's
// BGP sessions go down (vpn.go does the selection; a selected route whose
// next hop is a dxvif- leaves through vgwToDX). A transit interface's
// prefixes propagate into the transit gateway route tables its Direct
// Connect gateway's attachment propagates to (dx.HybridPropagation); a
// route to that attachment leaves through tgwToDX.
//
// On-premises -> AWS. The on-premises router sends over an interface that
// is up and received a route for the destination: a Direct Connect
// gateway advertises, per association, the allowed prefixes (transit
// gateway) or the VPC CIDR blocks an allowed prefix covers (virtual
// private gateway) (dx.ReceivedRoutes); an interface attached to a virtual
// private gateway receives the VPC's CIDR blocks. When no interface
// qualifies and a VPN connection's network holds the source, the VPN
// carries the packet ("AWS Direct Connect with a VPN as backup"). Traffic
// entering a virtual private gateway from Direct Connect obeys the VPN
// ingress rule: only the VPC's CIDR blocks
// (VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS), so it cannot use the internet
// gateway (VPC User Guide: no edge-to-edge routing).
//
// On-premises -> on-premises. Between two interfaces of one Direct
// Connect gateway with SiteLink enabled on both: sitelink.go.
//
// Reachability Analyzer does not analyze paths through Direct Connect
// (aws-semantics.md); the component types direct-connect-virtual-interface
// and direct-connect-gateway are vpcsim's and the hops say so.

// dxPlane holds the compiled Direct Connect side of the plane.
type dxPlane struct {
	vifs    []dxVifNode
	vifByID map[string]int32
	gws     []dxGwNode
	gwByID  map[string]int32
	// attGW maps a direct-connect-gateway attachment (index in tgwAtts)
	// to its gateway.
	attGW map[int32]int32
}

type dxVifNode struct {
	m   *dx.VirtualInterface
	up  bool
	gw  int32 // Direct Connect gateway, or -1
	vgw int32 // virtual private gateway it is attached to (no gateway), or -1
	// prefixes are the advertised prefixes, names their renderings (the
	// on-premises hop's id, rendered once so that traces do not allocate).
	prefixes []netip.Prefix
	names    []string
}

// dxTarget is where a Direct Connect gateway sends on-premises traffic:
// a virtual private gateway or a transit gateway attachment.
type dxTarget struct {
	vgw int32 // index in hy.vgws, or -1
	att int32 // index in tgwAtts, or -1
}

type dxGwNode struct {
	id string
	m  *dx.Gateway // nil when the gateway is not in the world
	// recv maps the routes the on-premises side receives over the
	// gateway (dx.ReceivedRoutes of every association) to an index in
	// targets.
	recv    *bart.Table[int32]
	targets []dxTarget
}

// compileDX compiles virtual interfaces and Direct Connect gateways; it
// runs inside compileHybrid, once the virtual private gateways are known
// and before their route selection.
func (p *Plane) compileDX(w *store.World) {
	d := &p.dx
	vifs := store.DXVifKind.In(w)
	d.vifs, d.vifByID, d.gws, d.gwByID, d.attGW = nil, nil, nil, nil, nil
	if vifs.Len() == 0 {
		return
	}
	d.vifByID = make(map[string]int32, vifs.Len())
	d.gwByID = map[string]int32{}
	d.attGW = map[int32]int32{}
	gw := func(id string) int32 {
		if gi, ok := d.gwByID[id]; ok {
			return gi
		}
		n := dxGwNode{id: id, recv: new(bart.Table[int32])}
		n.m, _ = store.DXGatewayKind.In(w).Get(id)
		d.gwByID[id] = int32(len(d.gws))
		d.gws = append(d.gws, n)
		return int32(len(d.gws) - 1)
	}
	vifs.All(func(v *dx.VirtualInterface) bool {
		if v.Type == dx.VifPublic {
			return true
		}
		n := dxVifNode{m: v, up: v.Up(), gw: -1, vgw: -1, prefixes: dx.AdvertisedPrefixes(v)}
		n.names = make([]string, len(n.prefixes))
		for i, pf := range n.prefixes {
			n.names[i] = pf.String()
		}
		switch id, isDX := v.Gateway(); {
		case id == "":
		case isDX:
			n.gw = gw(id)
		default:
			if gi, ok := p.hy.vgwByID[id]; ok {
				n.vgw = gi
			}
		}
		d.vifByID[v.ID] = int32(len(d.vifs))
		d.vifs = append(d.vifs, n)
		return true
	})
	store.DXAssociationKind.In(w).All(func(a *dx.Association) bool {
		gi, ok := d.gwByID[a.GatewayID]
		if !ok || (a.State != dx.AssocAssociated && a.State != dx.AssocUpdating) {
			return true
		}
		g := &d.gws[gi]
		t := dxTarget{vgw: -1, att: -1}
		var recv []netip.Prefix
		switch a.AssociatedType {
		case dx.GatewayTypeVGW:
			vg, ok := p.hy.vgwByID[a.AssociatedID]
			if !ok {
				return true
			}
			t.vgw = vg
			if vi := p.hy.vgws[vg].vpc; vi >= 0 {
				recv = dx.ReceivedRoutes(a, p.vpcs[vi].cidrs)
			}
		case dx.GatewayTypeTGW:
			ai, ok := p.tgwAttByID[a.TGWAttachmentID]
			if !ok {
				return true
			}
			t.att = ai
			d.attGW[ai] = gi
			recv = dx.ReceivedRoutes(a, nil)
		}
		ti := int32(len(g.targets))
		g.targets = append(g.targets, t)
		for _, pf := range recv {
			if _, dup := g.recv.Get(pf); !dup {
				g.recv.Insert(pf, ti)
			}
		}
		return true
	})
}

// dxVGWCandidates returns the Direct Connect routes offered to virtual
// private gateway gi (the dx argument of model.VGWCandidates), from the
// compiled interfaces.
func (p *Plane) dxVGWCandidates(gi int32) []model.RouteCandidate {
	d := &p.dx
	if len(d.vifs) == 0 {
		return nil
	}
	var out []model.RouteCandidate
	for vi := range d.vifs {
		v := &d.vifs[vi]
		if v.m.Type != dx.VifPrivate || !v.up {
			continue
		}
		reaches := v.vgw == gi
		if !reaches && v.gw >= 0 {
			for _, t := range d.gws[v.gw].targets {
				if t.vgw == gi {
					reaches = true
					break
				}
			}
		}
		if reaches {
			out = append(out, dx.Candidates(v.m)...)
		}
	}
	return out
}

// tgwExtraPropagation is the extra argument of model.PropagatedRoutes:
// what VPN and Direct Connect gateway attachments propagate (the control
// plane's TGWExtraPropagation computes the same from the world).
func tgwExtraPropagation(w *store.World) func(a *model.TransitGatewayAttachment) []netip.Prefix {
	return dx.HybridPropagation(model.TGWHybridPrefixes(vpnCarriedGet(w), w.CustomerGateways.Get), store.DXVifsOn(w))
}

// onPremVIF returns the interface that carries traffic from on-premises
// address src to dst: the first interface that is up, advertises a prefix
// holding src and received a route for dst, SiteLink routes included
// (found true); else the first
// interface advertising src, preferring one that is up (found false); -1
// when no interface advertises src.
func (p *Plane) onPremVIF(src, dst netip.Addr) (vi int32, found bool) {
	d := &p.dx
	first, firstUp := int32(-1), int32(-1)
	for i := range d.vifs {
		v := &d.vifs[i]
		if !inAny(v.prefixes, src) {
			continue
		}
		if first < 0 {
			first = int32(i)
		}
		if !v.up {
			continue
		}
		if firstUp < 0 {
			firstUp = int32(i)
		}
		if _, ok := p.dxReceived(int32(i), dst); ok || p.siteLinkReaches(int32(i), dst) {
			return int32(i), true
		}
	}
	if firstUp >= 0 {
		return firstUp, false
	}
	return first, false
}

// dxReceived looks dst up in the routes the on-premises side received
// over interface vi: where the packet goes on the AWS side.
func (p *Plane) dxReceived(vi int32, dst netip.Addr) (dxTarget, bool) {
	v := &p.dx.vifs[vi]
	switch {
	case v.vgw >= 0:
		g := &p.hy.vgws[v.vgw]
		if g.vpc >= 0 && inAny(p.vpcs[g.vpc].cidrs, dst) {
			return dxTarget{vgw: v.vgw, att: -1}, true
		}
	case v.gw >= 0:
		g := &p.dx.gws[v.gw]
		if ti, ok := g.recv.Lookup(dst); ok {
			return g.targets[ti], true
		}
	}
	return dxTarget{}, false
}

// dxHolds reports whether an interface advertises a prefix holding a.
func (p *Plane) dxHolds(a netip.Addr) bool {
	for i := range p.dx.vifs {
		if inAny(p.dx.vifs[i].prefixes, a) {
			return true
		}
	}
	return false
}

func (p *Plane) vifRef(i int32) Ref {
	return Ref{Type: TypeDXVirtualInterface, ID: p.dx.vifs[i].m.ID, meta: &p.dx.vifs[i].m.Meta}
}

func (p *Plane) dxgwRef(i int32) Ref {
	g := &p.dx.gws[i]
	if g.m == nil {
		return Ref{Type: TypeDXGateway, ID: g.id}
	}
	return Ref{Type: TypeDXGateway, ID: g.id, meta: &g.m.Meta}
}

// dxOnPremRef names the advertised prefix of interface vi holding a.
func (p *Plane) dxOnPremRef(vi int32, a netip.Addr) Ref {
	v := &p.dx.vifs[vi]
	best := -1
	for i, pf := range v.prefixes {
		if pf.Contains(a) && (best < 0 || pf.Bits() > v.prefixes[best].Bits()) {
			best = i
		}
	}
	if best < 0 {
		return Ref{Type: TypeOnPremises, ID: "on-premises"}
	}
	return Ref{Type: TypeOnPremises, ID: v.names[best]}
}

// dxARN renders a Direct Connect component's ARN (Direct Connect's own
// ARN formats: dxvif/ in the interface's region, dx-gateway/ without one).
func dxARN(r Ref) string {
	if r.Type == TypeDXGateway {
		return dx.GatewayARN(r.meta.Account, r.ID)
	}
	return dx.VirtualInterfaceARN(r.meta.Region, r.meta.Account, r.ID)
}
