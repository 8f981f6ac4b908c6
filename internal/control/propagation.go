package control

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VGWCandidates returns every route offered to virtual private gateway
// vgwID in w: its VPN connections' and the Direct Connect BGP routes of
// the private virtual interfaces that reach it (attached to it, or on a
// Direct Connect gateway associated with it: dx.VGWCandidates), merged by
// model.VGWCandidates.
func VGWCandidates(w *store.World, vgwID string) []model.RouteCandidate {
	var conns []*model.VpnConnection
	w.VpnConnections.All(func(c *model.VpnConnection) bool {
		if c.VpnGatewayID == vgwID {
			conns = append(conns, c)
		}
		return true
	})
	return model.VGWCandidates(vgwID, conns, w.CustomerGateways.Get, DXVGWCandidates(w, vgwID))
}

// DXVGWCandidates returns the Direct Connect BGP routes offered to virtual
// private gateway vgwID in w (dx.VGWCandidates over every virtual
// interface and Direct Connect gateway association).
func DXVGWCandidates(w *store.World, vgwID string) []model.RouteCandidate {
	vifs := store.DXVifKind.In(w)
	if vifs.Len() == 0 {
		return nil
	}
	var vs []*dx.VirtualInterface
	vifs.All(func(v *dx.VirtualInterface) bool {
		if v.Type == dx.VifPrivate {
			vs = append(vs, v)
		}
		return true
	})
	var as []*dx.Association
	store.DXAssociationKind.In(w).All(func(a *dx.Association) bool {
		if a.AssociatedID == vgwID {
			as = append(as, a)
		}
		return true
	})
	return dx.VGWCandidates(vgwID, vs, as)
}

// VGWSelectedRoutes returns the routes virtual private gateway vgwID
// selected in w, one per prefix, by model.SelectRoutes.
func VGWSelectedRoutes(w *store.World, vgwID string) []model.SelectedRoute {
	return model.SelectRoutes(VGWCandidates(w, vgwID))
}

// RouteTableRoutes returns a VPC route table's routes as DescribeRouteTables
// lists them: the stored routes, then the routes propagated by the virtual
// private gateways in rt.PropagatingVgws that are attached to the VPC
// (origin EnableVgwRoutePropagation, the gateway as gatewayId, state
// active). Propagated routes are computed on read from the gateways' VPN
// connections and Direct Connect virtual interfaces, never stored
// [S2S-VPN VPNRoutingTypes.md; VPC-UG VPC_Route_Tables.md "Route
// propagation"].
func RouteTableRoutes(w *store.World, rt *model.RouteTable) []model.Route {
	if len(rt.PropagatingVgws) == 0 {
		return rt.Routes
	}
	attached := func(id string) bool {
		g, ok := w.VpnGateways.Get(id)
		return ok && vgwAttachedTo(g, rt.VpcID)
	}
	sel := func(id string) []model.SelectedRoute { return VGWSelectedRoutes(w, id) }
	return model.RouteTableRoutes(rt, model.VGWPropagatedRoutes(rt, attached, sel))
}

// TGWExtraPropagation is the extra argument of model.PropagatedRoutes in
// w: VPN attachments propagate their connection's on-premises prefixes
// (model.TGWHybridPrefixes; a Private IP VPN only while its Direct Connect
// transport is up: vpnCarriedGet), Direct Connect gateway attachments the
// prefixes advertised over the gateway's transit virtual interfaces that
// are up (dx.HybridPropagation).
func TGWExtraPropagation(w *store.World) func(a *model.TransitGatewayAttachment) []netip.Prefix {
	return dx.HybridPropagation(model.TGWHybridPrefixes(vpnCarriedGet(w), w.CustomerGateways.Get), store.DXVifsOn(w))
}

// TGWPropagated returns the routes the propagations of transit gateway
// route table rt put in it (model.PropagatedRoutes with
// TGWExtraPropagation), with the routes several VPN attachments propagate
// to one destination reduced to the preferred one and its equal-cost peers
// when the gateway has VPN ECMP support (model.TGWSelectVPN; Transit
// Gateway Guide tgw-transit-gateways.md "VPN ECMP support").
func TGWPropagated(w *store.World, rt *model.TransitGatewayRouteTable, attachment func(id string) (*model.TransitGatewayAttachment, bool)) []model.TGWPropagatedRoute {
	prop := model.PropagatedRoutes(rt, attachment, w.VPCs.Get, TGWExtraPropagation(w))
	g, ok := w.TransitGateways.Get(rt.TransitGatewayID)
	ecmp := ok && g.Options.VpnEcmpSupport == "enable"
	return model.TGWSelectVPN(prop, model.TGWVPNCandidate(vpnCarriedGet(w), w.CustomerGateways.Get, attachment), ecmp)
}
