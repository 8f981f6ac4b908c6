package server

import (
	"encoding/json"
	"net/http"

	"github.com/vpcsim/vpcsim/internal/awserr"
	dxctl "github.com/vpcsim/vpcsim/internal/control/directconnect"
)

// DXBGPPath is the admin route that takes the BGP sessions of a Direct
// Connect virtual interface down or up.
const DXBGPPath = "/_vpcsim/dx/bgp"

// dxBGPRequest is the body of POST /_vpcsim/dx/bgp; BGPPeerID empty means
// every session of the interface.
type dxBGPRequest struct {
	VirtualInterfaceID string `json:"virtualInterfaceId"`
	BGPPeerID          string `json:"bgpPeerId"`
	State              string `json:"state"`
}

// dxBGPPeerStatus is one BGP session in the answer.
type dxBGPPeerStatus struct {
	BGPPeerID     string `json:"bgpPeerId"`
	AddressFamily string `json:"addressFamily"`
	Status        string `json:"bgpStatus"`
}

// serveDXBGP answers POST /_vpcsim/dx/bgp: {"virtualInterfaceId",
// "bgpPeerId" (optional: all sessions), "state": "down"|"up"} takes BGP
// sessions of a virtual interface of the caller's account (adminCaller)
// down or up (directconnect.SetBGPStatusAs), and answers the interface's
// state and sessions. Errors answer {"code", "error"} with the status of
// the AWS error (Direct Connect's DirectConnectClientException for an
// unknown interface or session).
func (s *Server) serveDXBGP(w http.ResponseWriter, r *http.Request) {
	var in dxBGPRequest
	scope, ok := s.adminJSONPost(w, r, &in)
	if !ok {
		return
	}
	if in.VirtualInterfaceID == "" {
		adminError(w, awserr.MissingParameter("virtualInterfaceId"))
		return
	}
	var up bool
	switch in.State {
	case "up":
		up = true
	case "down":
	case "":
		adminError(w, awserr.MissingParameter("state"))
		return
	default:
		adminError(w, awserr.InvalidParameterValue("state must be \"down\" or \"up\", not %q", in.State))
		return
	}
	v, err := dxctl.New(s.ctl.Store(), dxctl.Options{}).SetBGPStatusAs(r.Context(), scope, in.VirtualInterfaceID, in.BGPPeerID, up)
	if err != nil {
		adminError(w, toAWS(err))
		return
	}
	out := struct {
		VirtualInterfaceID    string            `json:"virtualInterfaceId"`
		VirtualInterfaceState string            `json:"virtualInterfaceState"`
		BGPPeers              []dxBGPPeerStatus `json:"bgpPeers"`
		Revision              uint64            `json:"revision"`
	}{VirtualInterfaceID: v.ID, VirtualInterfaceState: v.State, Revision: s.ctl.Store().Revision()}
	for _, p := range v.BGPPeers {
		out.BGPPeers = append(out.BGPPeers, dxBGPPeerStatus{BGPPeerID: p.ID, AddressFamily: p.AddressFamily, Status: p.Status})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}
