package dataplane

import (
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
	return model.TGWSelectVPN(props, model.TGWVPNCandidate(w.VpnConnections.Get, w.CustomerGateways.Get, att), ecmp)
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
