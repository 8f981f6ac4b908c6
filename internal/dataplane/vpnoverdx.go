package dataplane

import (
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Private IP VPN over Direct Connect (Site-to-Site VPN User Guide
// private-ip-dx.md): a VPN connection on a transit gateway whose outside
// addresses are private and whose tunnels run over a transit virtual
// interface of the Direct Connect gateway behind its transport attachment
// (model.NewVPNUnderlay). While no such interface is up the connection is
// down: it propagates and offers no routes (vpnCarriedGet, the same
// selection as control's TGWPropagated) and a packet sent into it is
// dropped (ReasonVPNTransportDown). A tunnel hop of a connection that is
// up names the interface carrying it ("tunnel-1 IP over dxvif-...").

// vpnUnderlay is w's model.VPNUnderlay (control.VPNUnderlay computes the
// same from the world).
func vpnUnderlay(w *store.World) model.VPNUnderlay {
	on := store.DXVifsOn(w)
	return model.NewVPNUnderlay(w.TGWAttachments.Get, func(id string) string {
		for _, v := range on(id) {
			if v.Type == dx.VifTransit && v.Up() {
				return v.ID
			}
		}
		return ""
	})
}

// vpnCarriedGet is w's VPN connection getter for route propagation and
// selection: a connection whose transport is down is absent.
func vpnCarriedGet(w *store.World) func(id string) (*model.VpnConnection, bool) {
	return model.VPNCarried(w.VpnConnections.Get, vpnUnderlay(w))
}

// setUnderlay records connection v's transport: the interface carrying
// it, and whether a Private IP VPN's transport is down (then v is down).
func setUnderlay(v *vpnNode, u model.VPNUnderlay) {
	vif, up := u(v.m)
	v.dxvif, v.transportDown = vif, !up
	if !up {
		v.up = false
	}
}

// tunnelsOverDX appends the carrying interface to the tunnel names of a
// Private IP VPN (rendered once: traces do not allocate).
func tunnelsOverDX(v *vpnNode) {
	if v.dxvif == "" {
		return
	}
	for i := range v.tunnels {
		v.tunnels[i] += " over " + v.dxvif
	}
}

// overDX turns a tunnel hop's reason into its Private IP VPN form.
func (v *vpnNode) overDX(r Reason) Reason {
	if v.dxvif == "" {
		return r
	}
	switch r {
	case ReasonVPNTunnel:
		return ReasonVPNTunnelOverDX
	case ReasonVPNTunnelECMP:
		return ReasonVPNTunnelECMPOverDX
	}
	return r
}
