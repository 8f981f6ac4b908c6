package directconnect

import "github.com/vpcsim/vpcsim/internal/model"

// Virtual interface types.
const (
	VifPrivate = "private"
	VifPublic  = "public"
	VifTransit = "transit"
)

// Virtual interface states (VirtualInterfaceState).
const (
	VifConfirming = "confirming"
	VifVerifying  = "verifying"
	VifPending    = "pending"
	VifAvailable  = "available"
	VifDown       = "down"
	VifDeleting   = "deleting"
	VifDeleted    = "deleted"
	VifRejected   = "rejected"
)

// BGP peer states and statuses (BGPPeerState, BGPStatus).
const (
	PeerAvailable = "available"
	PeerPending   = "pending"
	PeerDeleting  = "deleting"
	BGPUp         = "up"
	BGPDown       = "down"
)

// VirtualInterface is a VLAN on a connection or LAG with BGP sessions to
// a virtual private gateway, a Direct Connect gateway (private and transit
// interfaces) or AWS's public prefixes (public interfaces). Meta.Account
// is the owner; a hosted interface was allocated by AllocatorAccount, the
// owner of the connection.
//
// What the customer side advertises over the interface is declared by
// tags on the interface (read by the on-premises routing layer); this
// package exposes the interface's BGP state and gateway only.
type VirtualInterface struct {
	model.Meta
	Name         string `json:"name"`
	Type         string `json:"type"` // VifPrivate | VifPublic | VifTransit
	State        string `json:"state"`
	ConnectionID string `json:"connectionId"` // a connection or a LAG
	Location     string `json:"location"`
	Vlan         int32  `json:"vlan"`
	// Asn is the customer side's ASN; AmazonSideAsn the gateway's.
	Asn           int64  `json:"asn"`
	AmazonSideAsn int64  `json:"amazonSideAsn,omitempty"`
	Mtu           int32  `json:"mtu"`
	VgwID         string `json:"vgwId,omitempty"`
	DxGatewayID   string `json:"dxGatewayId,omitempty"`
	// RouteFilterPrefixes are a public interface's advertised prefixes.
	RouteFilterPrefixes []string  `json:"routeFilterPrefixes,omitempty"`
	SiteLink            bool      `json:"siteLink,omitempty"`
	BGPPeers            []BGPPeer `json:"bgpPeers"`
	AWSDevice           string    `json:"awsDevice"`
	AllocatorAccount    string    `json:"allocatorAccount,omitempty"`
}

// BGPPeer is one BGP session of a virtual interface.
type BGPPeer struct {
	ID              string `json:"id"`
	AddressFamily   string `json:"addressFamily"` // ipv4 | ipv6
	Asn             int64  `json:"asn"`
	AuthKey         string `json:"authKey"`
	AmazonAddress   string `json:"amazonAddress"`   // CIDR notation, as AWS shows it
	CustomerAddress string `json:"customerAddress"` // CIDR notation
	State           string `json:"state"`           // PeerAvailable ...
	Status          string `json:"status"`          // BGPUp | BGPDown
}

// ARN returns the virtual interface's ARN.
func (v *VirtualInterface) ARN() string { return VirtualInterfaceARN(v.Region, v.Account, v.ID) }

// Up reports whether the interface carries traffic: it is available and at
// least one of its BGP sessions is up.
func (v *VirtualInterface) Up() bool {
	if v.State != VifAvailable {
		return false
	}
	for _, p := range v.BGPPeers {
		if p.Status == BGPUp {
			return true
		}
	}
	return false
}

// Gateway returns the gateway the interface terminates on: a Direct
// Connect gateway id (dx true) or a virtual private gateway id (dx
// false); "" for public interfaces and unconfirmed hosted ones.
func (v *VirtualInterface) Gateway() (id string, dx bool) {
	if v.DxGatewayID != "" {
		return v.DxGatewayID, true
	}
	return v.VgwID, false
}
