package dataplane

import (
	"net/netip"
	"strconv"

	"github.com/gaissmai/bart"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Site-to-Site VPN in the plane (Site-to-Site VPN User Guide
// VPNRoutingTypes.md, VPN_CloudHub.md; VPC User Guide VPC_Route_Tables.md).
//
// A virtual private gateway (kindVGW) is a route target of its VPC's
// route tables. It keeps one route per prefix chosen by
// model.SelectRoutes from the candidates of its VPN connections
// (model.VGWCandidates: static routes of static-routes-only connections,
// the customer gateways' BGP advertisements of dynamic ones; a connection
// whose tunnels are both down offers none), and sends the packet into the
// selected connection's first tunnel that is up, to the customer gateway
// and the on-premises network behind it. The same selection is what route
// propagation puts in the VPC's route tables (model.VGWPropagatedRoutes,
// also used by DescribeRouteTables); the local route beats a more specific
// propagated route (model.LocalShadows).
//
// From the on-premises side, an address inside a connection's on-premises
// network (model.OnPremPrefixes) is a trace endpoint. The customer gateway
// sends into one of its connections that is up: on a virtual private
// gateway, traffic for the VPC's CIDR blocks goes through the gateway's
// edge (gateway) route table when it has one, else to the VPC router;
// traffic for another site's prefix is relayed (VPN CloudHub) when the
// gateway re-advertises that route to the source site
// (model.CloudHubReadvertises: distinct ASNs); anything else is refused
// (VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS). On a transit gateway the VPN
// attachment's associated route table routes it; VPN attachments
// propagate their on-premises prefixes (model.TGWHybridPrefixes).
//
// A virtual private gateway forwards towards the VPN only packets whose
// source is in its VPC's CIDR blocks (VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS),
// or responses to flows that came in through it. It carries no IPv6.

// hybrid holds the compiled VPN side of the plane.
type hybrid struct {
	vgws    []vgwNode
	vgwByID map[string]int32
	vpns    []vpnNode
	vpnByID map[string]int32
	// vpnByAtt maps a VPN attachment (index in tgwAtts) to its connection.
	vpnByAtt map[int32]int32
	// onprem maps every on-premises prefix to a VPN connection whose
	// network holds it (a connection that is up when there is one).
	onprem *bart.Table[int32]
	// cgwConns lists each customer gateway's connections.
	cgwConns map[string][]int32
}

type vgwNode struct {
	m       *model.VpnGateway
	vpc     int32 // attached VPC, or -1
	edgeRtb int32 // gateway route table (edge association), or -1
	// sel are the selected routes, routes their rendering for hops; lpm
	// maps a prefix to its index in both.
	sel    []model.SelectedRoute
	routes []Route
	lpm    *bart.Table[int32]
	// down maps the prefixes of the gateway's connections that are down
	// to the connection (BAD_STATE_VPN explanations).
	down *bart.Table[int32]
}

type vpnNode struct {
	m   *model.VpnConnection
	cgw *model.CustomerGateway
	vgw int32 // the virtual private gateway, or -1
	att int32 // the transit gateway attachment (index in tgwAtts), or -1
	up  bool
	// prefixes is the on-premises network behind the connection.
	prefixes []netip.Prefix
	// tunnels names the tunnels for hops (rendered once: traces do not
	// allocate); ecmp: flows are spread over both tunnels (vpn_ecmp.go).
	tunnels []string
	ecmp    bool
	// dxvif is the transit virtual interface carrying a Private IP VPN's
	// tunnels ("" over the internet); transportDown: a Private IP VPN
	// whose Direct Connect transport is down (vpnoverdx.go).
	dxvif         string
	transportDown bool
}

// compileHybrid compiles virtual private gateways and VPN connections; it
// runs after compileTGW (attachments) and before the route tables.
func (p *Plane) compileHybrid(w *store.World) {
	h := &p.hy
	h.vgws = make([]vgwNode, 0, w.VpnGateways.Len())
	h.vgwByID = make(map[string]int32, w.VpnGateways.Len())
	w.VpnGateways.All(func(g *model.VpnGateway) bool {
		n := vgwNode{m: g, vpc: -1, edgeRtb: -1, lpm: new(bart.Table[int32]), down: new(bart.Table[int32])}
		for _, a := range g.Attachments {
			if a.State == "" || a.State == "attached" || a.State == "available" {
				n.vpc = p.vpcIndex(a.VpcID)
				break
			}
		}
		h.vgwByID[g.ID] = int32(len(h.vgws))
		h.vgws = append(h.vgws, n)
		return true
	})
	n := w.VpnConnections.Len()
	h.vpns = make([]vpnNode, 0, n)
	h.vpnByID = make(map[string]int32, n)
	h.vpnByAtt = make(map[int32]int32)
	h.cgwConns = make(map[string][]int32)
	h.onprem = new(bart.Table[int32])
	perVGW := make([][]*model.VpnConnection, len(h.vgws))
	underlay := vpnUnderlay(w)
	w.VpnConnections.All(func(c *model.VpnConnection) bool {
		if !model.VPNActive(c) {
			return true
		}
		cgw, _ := w.CustomerGateways.Get(c.CustomerGatewayID)
		v := vpnNode{m: c, cgw: cgw, vgw: -1, att: -1, up: model.VPNUp(c), prefixes: model.OnPremPrefixes(c, cgw)}
		setUnderlay(&v, underlay)
		ci := int32(len(h.vpns))
		if gi, ok := h.vgwByID[c.VpnGatewayID]; ok && c.VpnGatewayID != "" {
			v.vgw = gi
			perVGW[gi] = append(perVGW[gi], c)
		}
		if ai, ok := p.tgwAttByID[c.TransitGatewayAttachmentID]; ok && c.TransitGatewayAttachmentID != "" {
			v.att = ai
			h.vpnByAtt[ai] = ci
		}
		p.compileTunnels(&v)
		tunnelsOverDX(&v)
		h.vpnByID[c.ID] = ci
		h.vpns = append(h.vpns, v)
		h.cgwConns[c.CustomerGatewayID] = append(h.cgwConns[c.CustomerGatewayID], ci)
		return true
	})
	// On-premises networks: connections that are up first, so that an
	// address resolves to a usable connection when one exists.
	for pass := 0; pass < 2; pass++ {
		for ci := range h.vpns {
			v := &h.vpns[ci]
			if v.up != (pass == 0) {
				continue
			}
			for _, pf := range v.prefixes {
				if _, ok := h.onprem.Get(pf); !ok {
					h.onprem.Insert(pf, int32(ci))
				}
			}
		}
	}
	p.compileDX(w)
	// Each gateway's route selection, and the prefixes of its connections
	// that are down.
	for gi := range h.vgws {
		g := &h.vgws[gi]
		g.sel = model.SelectRoutes(model.VGWCandidates(g.m.ID, perVGW[gi], w.CustomerGateways.Get, p.dxVGWCandidates(int32(gi))))
		g.routes = make([]Route, len(g.sel))
		for i := range g.sel {
			s := &g.sel[i]
			g.routes[i] = Route{Table: g.m.ID, Destination: s.Prefix, TargetID: s.Best.NextHop, Origin: candidateText(&s.Best)}
			g.lpm.Insert(s.Prefix, int32(i))
		}
		for _, c := range perVGW[gi] {
			ci := h.vpnByID[c.ID]
			if h.vpns[ci].up {
				continue
			}
			for _, pf := range h.vpns[ci].prefixes {
				if _, ok := g.down.Get(pf); !ok {
					g.down.Insert(pf, ci)
				}
			}
		}
	}
}

// candidateText renders how a virtual private gateway learned a route.
func candidateText(c *model.RouteCandidate) string {
	s := c.Kind.String()
	if len(c.ASPath) > 0 {
		s += " as-path "
		for i, a := range c.ASPath {
			if i > 0 {
				s += ","
			}
			s += strconv.FormatInt(a, 10)
		}
		s += " med " + strconv.FormatInt(c.MED, 10)
	}
	return s
}

// tableRoutes returns a VPC route table's routes with those propagated by
// its virtual private gateways: model.RouteTableRoutes over the selections
// compiled here (the control plane computes the same from the world).
func (p *Plane) tableRoutes(rt *model.RouteTable) []model.Route {
	if len(rt.PropagatingVgws) == 0 {
		return rt.Routes
	}
	vi := p.vpcIndex(rt.VpcID)
	attached := func(id string) bool {
		gi, ok := p.hy.vgwByID[id]
		return ok && vi >= 0 && p.hy.vgws[gi].vpc == vi
	}
	sel := func(id string) []model.SelectedRoute { return p.hy.vgws[p.hy.vgwByID[id]].sel }
	return model.RouteTableRoutes(rt, model.VGWPropagatedRoutes(rt, attached, sel))
}

// localShadows reports whether a local route of table n overrides a
// propagated route to pfx (model.LocalShadows).
func (p *Plane) localShadows(n *rtbNode, pfx netip.Prefix) bool {
	var local [4]netip.Prefix
	ls := local[:0]
	for i := range n.routes {
		if n.routes[i].prio == prioLocal && n.routes[i].Destination.IsValid() {
			ls = append(ls, n.routes[i].Destination)
		}
	}
	return model.LocalShadows(ls, pfx)
}

// onPremConn returns the VPN connection whose on-premises network holds a.
func (p *Plane) onPremConn(a netip.Addr) (int32, bool) {
	if len(p.hy.vpns) == 0 {
		return -1, false
	}
	return p.hy.onprem.Lookup(a)
}

func (p *Plane) vgwRef(i int32) Ref {
	return Ref{Type: TypeVpnGateway, ID: p.hy.vgws[i].m.ID, meta: &p.hy.vgws[i].m.Meta}
}

func (p *Plane) vpnRef(i int32) Ref {
	return Ref{Type: TypeVpnConnection, ID: p.hy.vpns[i].m.ID, meta: &p.hy.vpns[i].m.Meta}
}

func (p *Plane) cgwRef(i int32) Ref {
	v := &p.hy.vpns[i]
	if v.cgw == nil {
		return Ref{Type: TypeCustomerGateway, ID: v.m.CustomerGatewayID}
	}
	return Ref{Type: TypeCustomerGateway, ID: v.cgw.ID, meta: &v.cgw.Meta}
}

// onPremRef names the on-premises network of connection ci that holds a.
func (p *Plane) onPremRef(ci int32, a netip.Addr) Ref {
	for _, pf := range p.hy.vpns[ci].prefixes {
		if pf.Contains(a) {
			return Ref{Type: TypeOnPremises, ID: pf.String()}
		}
	}
	return Ref{Type: TypeOnPremises, ID: "on-premises"}
}

// tunnelRef names the k-th tunnel that is up of a connection (the first
// when k is 0).
func (p *Plane) tunnelRef(ci int32, k int) (Ref, bool) {
	v := &p.hy.vpns[ci]
	c := v.m
	if len(c.Tunnels) == 0 {
		return Ref{}, true
	}
	for i := range c.Tunnels {
		if c.Tunnels[i].AdminDown {
			continue
		}
		if k > 0 {
			k--
			continue
		}
		return Ref{Type: TypeVpnConnection, ID: v.tunnels[i]}, true
	}
	return Ref{}, false
}
