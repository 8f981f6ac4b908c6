package control

import (
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Private IP VPN over Direct Connect (Site-to-Site VPN User Guide
// private-ip-dx.md "How private IP VPN works": "Private IP Site-to-Site
// VPN works over an AWS Direct Connect transit virtual interface (VIF)").
// Whether a connection's transport is up is derived from the world
// (model.NewVPNUnderlay); route propagation (TGWPropagated), the data
// plane and DescribeVpnConnections' telemetry (VpnTelemetryIn) use it.

// VPNUnderlay returns the model.VPNUnderlay of w: the transport of a
// Private IP VPN is up while the Direct Connect gateway behind its
// transport attachment has a transit virtual interface that is up
// (available, a BGP session up: dx.VirtualInterface.Up), the first in id
// order.
func VPNUnderlay(w *store.World) model.VPNUnderlay {
	return model.NewVPNUnderlay(w.TGWAttachments.Get, TransitVIFUp(w))
}

// TransitVIFUp returns a function naming the first transit virtual
// interface of a Direct Connect gateway that is up, "" when none is.
func TransitVIFUp(w *store.World) func(dxgwID string) string {
	on := store.DXVifsOn(w)
	return func(id string) string {
		for _, v := range on(id) {
			if v.Type == dx.VifTransit && v.Up() {
				return v.ID
			}
		}
		return ""
	}
}

// vpnCarriedGet is w's VPN connection getter for the route computations:
// connections whose Direct Connect transport is down are absent
// (model.VPNCarried).
func vpnCarriedGet(w *store.World) func(id string) (*model.VpnConnection, bool) {
	return model.VPNCarried(w.VpnConnections.Get, VPNUnderlay(w))
}

// TransportDownMessage is the VgwTelemetry StatusMessage of a tunnel of a
// Private IP VPN whose Direct Connect transport is down.
const TransportDownMessage = "Direct Connect transport down: no transit virtual interface of the Direct Connect gateway behind the transport attachment is up"

// VpnTelemetryIn is VpnTelemetry with the connection's transport taken
// into account: the tunnels of a Private IP VPN whose transport is down
// are DOWN, with TransportDownMessage and no accepted routes.
func VpnTelemetryIn(w *store.World, c *model.VpnConnection) []TunnelTelemetry {
	out := VpnTelemetry(c)
	if _, up := VPNUnderlay(w)(c); up {
		return out
	}
	for i := range out {
		out[i].Status = "DOWN"
		out[i].StatusMessage = TransportDownMessage
		out[i].AcceptedRouteCount = 0
	}
	return out
}
