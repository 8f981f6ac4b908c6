package control

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VGWCandidates returns every route offered to virtual private gateway
// vgwID in w: its VPN connections' (model.VGWCandidates). Direct Connect's
// BGP routes (model.SourceDirectConnect) join them once private virtual
// interfaces carry advertisements (issue 8).
func VGWCandidates(w *store.World, vgwID string) []model.RouteCandidate {
	var conns []*model.VpnConnection
	w.VpnConnections.All(func(c *model.VpnConnection) bool {
		if c.VpnGatewayID == vgwID {
			conns = append(conns, c)
		}
		return true
	})
	return model.VGWCandidates(vgwID, conns, w.CustomerGateways.Get, nil)
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
// connections, never stored [S2S-VPN VPNRoutingTypes.md; VPC-UG
// VPC_Route_Tables.md "Route propagation"].
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
// (model.TGWHybridPrefixes).
func TGWExtraPropagation(w *store.World) func(a *model.TransitGatewayAttachment) []netip.Prefix {
	return model.TGWHybridPrefixes(w.VpnConnections.Get, w.CustomerGateways.Get)
}
