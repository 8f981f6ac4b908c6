package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
)

// VPNTunnelPath is the admin route that takes a VPN tunnel down or up.
const VPNTunnelPath = "/_vpcsim/vpn/tunnel"

// vpnTunnelRequest is the body of POST /_vpcsim/vpn/tunnel. Tunnel is the
// tunnel's number (1 or 2, as a JSON number or string) or its outside IP
// address.
type vpnTunnelRequest struct {
	VpnConnectionID string          `json:"vpnConnectionId"`
	Tunnel          json.RawMessage `json:"tunnel"`
	State           string          `json:"state"`
}

// vpnTunnelStatus is one tunnel in the answer.
type vpnTunnelStatus struct {
	Tunnel           int       `json:"tunnel"`
	OutsideIPAddress string    `json:"outsideIpAddress,omitempty"`
	Status           string    `json:"status"`
	LastStatusChange time.Time `json:"lastStatusChange,omitzero"`
}

// serveVPNTunnel answers POST /_vpcsim/vpn/tunnel: {"vpnConnectionId",
// "tunnel", "state": "down"|"up"} takes a tunnel of a VPN connection of the
// caller's account (adminCaller) down or up (control.SetVpnTunnelState),
// and answers the connection's tunnels with their status. Errors answer
// {"code", "error"} with the status of the AWS error.
func (s *Server) serveVPNTunnel(w http.ResponseWriter, r *http.Request) {
	var in vpnTunnelRequest
	scope, ok := s.adminJSONPost(w, r, &in)
	if !ok {
		return
	}
	var down bool
	switch in.State {
	case "down":
		down = true
	case "up":
	case "":
		adminError(w, awserr.MissingParameter("state"))
		return
	default:
		adminError(w, awserr.InvalidParameterValue("state must be \"down\" or \"up\", not %q", in.State))
		return
	}
	tunnel, ok := tunnelSpec(in.Tunnel)
	if !ok {
		adminError(w, awserr.InvalidParameterValue("tunnel must be the tunnel's number (1 or 2) or its outside IP address"))
		return
	}
	c, err := s.ctl.SetVpnTunnelState(r.Context(), scope, control.SetVpnTunnelInput{VpnConnectionID: in.VpnConnectionID, Tunnel: tunnel, Down: down})
	if err != nil {
		adminError(w, toAWS(err))
		return
	}
	out := struct {
		VpnConnectionID string            `json:"vpnConnectionId"`
		Tunnels         []vpnTunnelStatus `json:"tunnels"`
		Revision        uint64            `json:"revision"`
	}{VpnConnectionID: c.ID, Revision: s.ctl.Store().Revision()}
	for i := range c.Tunnels {
		t := &c.Tunnels[i]
		st := vpnTunnelStatus{Tunnel: i + 1, Status: control.TunnelStatus(t), LastStatusChange: t.LastStatusChange}
		if t.OutsideIPAddress.IsValid() {
			st.OutsideIPAddress = t.OutsideIPAddress.String()
		}
		out.Tunnels = append(out.Tunnels, st)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

// tunnelSpec reads a tunnel given as a JSON number or string ("" when
// absent: the control plane answers MissingParameter).
func tunnelSpec(raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	var n int
	if err := json.Unmarshal(raw, &n); err == nil {
		return strconv.Itoa(n), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, true
	}
	return "", false
}
