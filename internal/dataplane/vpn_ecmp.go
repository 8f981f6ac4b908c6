package dataplane

import (
	"strconv"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// ECMP across Site-to-Site VPN attachments of a transit gateway (Transit
// Gateway Guide tgw-transit-gateways.md "VPN ECMP support": "If
// connections advertise the same CIDRs, the traffic is distributed equally
// between them"). The compiled route keeps the equal-cost attachments that
// model.TGWSelectVPN found (the same selection SearchTransitGatewayRoutes
// shows); a packet takes one of them by the symmetric flow hash, so every
// packet of a flow, and its response, takes the same connection. With ECMP
// disabled, or for static VPN routes, the set has one attachment.

// tgwSelectVPN reduces the routes several VPN attachments propagate to one
// destination of route table ri (model.TGWSelectVPN; control.TGWPropagated
// does the same from the world).
func (p *Plane) tgwSelectVPN(w *store.World, ri int, props []model.TGWPropagatedRoute,
	att func(id string) (*model.TransitGatewayAttachment, bool)) []model.TGWPropagatedRoute {
	ecmp := false
	if ti, ok := p.tgwByID[p.tgwRtbs[ri].m.TransitGatewayID]; ok {
		ecmp = p.tgws[ti].m.Options.VpnEcmpSupport == "enable"
	}
	return model.TGWSelectVPN(props, model.TGWVPNCandidate(vpnCarriedGet(w), w.CustomerGateways.Get, att), ecmp)
}

// setECMP records a propagated route's equal-cost attachments on its
// compiled route.
func (p *Plane) setECMP(c *TGWRoute, pr *model.TGWPropagatedRoute) {
	if len(pr.ECMP) == 0 {
		return
	}
	c.ECMP = make([]string, 0, len(pr.ECMP)+1)
	c.ECMP = append(c.ECMP, pr.AttachmentID)
	c.ecmp = make([]int32, 0, len(pr.ECMP))
	for _, e := range pr.ECMP {
		if ai, ok := p.tgwAttByID[e.AttachmentID]; ok {
			c.ECMP = append(c.ECMP, e.AttachmentID)
			c.ecmp = append(c.ecmp, ai)
		}
	}
}

// routeAttachment returns the attachment a packet takes by route r: its
// attachment, or for an equal-cost VPN route one of the set by the flow
// hash (allocation-free).
func (w *walker) routeAttachment(r *TGWRoute) int32 {
	if len(r.ecmp) == 0 {
		return r.att
	}
	k := int(w.flowHash() % uint64(len(r.ecmp)+1))
	if k == 0 {
		return r.att
	}
	return r.ecmp[k-1]
}

// ECMP across the two tunnels of one connection. The Site-to-Site VPN User
// Guide (VPNRoutingTypes.md, "Route tables and VPN route priority") says
// that AWS selects one of the two redundant tunnels as the primary egress
// path, that a virtual private gateway selects one tunnel across all its
// connections, and that ECMP is not supported for connections on a virtual
// private gateway: there the connection uses its first tunnel that is up.
// On a transit gateway with VPN ECMP support the traffic is distributed
// between VPN tunnels (Transit Gateway Guide tgw-transit-gateways.md "VPN
// ECMP support"), but only over dynamic (BGP) connections: "VPN
// connections that use static routing do not support ECMP", so a
// static-routes-only connection also keeps one tunnel. With both tunnels
// of a dynamic connection up, a flow takes one of them by the symmetric
// flow hash (so its response takes the same tunnel); which tunnel AWS
// picks for a given flow is not documented, only that flows are spread.

// compileTunnels renders connection v's tunnel names and decides whether
// it spreads flows over its tunnels.
func (p *Plane) compileTunnels(v *vpnNode) {
	c := v.m
	v.tunnels = make([]string, len(c.Tunnels))
	for i := range c.Tunnels {
		id := "tunnel-" + strconv.Itoa(i+1)
		if a := c.Tunnels[i].OutsideIPAddress; a.IsValid() {
			id += " " + a.String()
		}
		v.tunnels[i] = id
	}
	if v.att < 0 || c.StaticRoutesOnly || len(c.Tunnels) < 2 {
		return
	}
	if t := p.tgwAtts[v.att].tgw; t >= 0 && int(t) < len(p.tgws) {
		v.ecmp = p.tgws[t].m.Options.VpnEcmpSupport == "enable"
	}
}

// tunnel returns the tunnel connection ci carries the packet in, the hop's
// reason, and false when every tunnel is down: the first tunnel that is
// up, or with tunnel ECMP one of the tunnels that are up by the flow hash
// (allocation-free). The hash is remixed first: the connection
// (routeAttachment) is the plain hash modulo the set, so the two choices
// are not tied to each other.
func (w *walker) tunnel(ci int32) (Ref, Reason, bool) {
	p := w.p
	v := &p.hy.vpns[ci]
	if v.transportDown {
		return Ref{}, ReasonVPNTransportDown, false
	}
	if v.ecmp {
		up := 0
		for i := range v.m.Tunnels {
			if !v.m.Tunnels[i].AdminDown {
				up++
			}
		}
		if up > 1 {
			r, ok := p.tunnelRef(ci, int(remix(w.flowHash())%uint64(up)))
			return r, v.overDX(ReasonVPNTunnelECMP), ok
		}
	}
	r, ok := p.tunnelRef(ci, 0)
	return r, v.overDX(ReasonVPNTunnel), ok
}

// remix is a 64-bit finalizer (xor-shift-multiply): every output bit
// depends on every input bit.
func remix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
