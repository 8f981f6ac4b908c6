package model

import (
	"net/netip"
	"time"
)

// VPN states (customer gateways and VPN connections share them).
const (
	VPNStatePending   = "pending"
	VPNStateAvailable = "available"
	VPNStateDeleting  = "deleting"
	VPNStateDeleted   = "deleted"
)

// CustomerGateway is AWS's record of the customer's side of a
// Site-to-Site VPN: the device's public IP (or certificate), its BGP ASN.
type CustomerGateway struct {
	Meta
	State          string     `json:"state"`
	Type           string     `json:"type"` // ipsec.1
	IPAddress      netip.Addr `json:"ipAddress,omitzero"`
	BgpAsn         int64      `json:"bgpAsn"`
	CertificateArn string     `json:"certificateArn,omitempty"`
	DeviceName     string     `json:"deviceName,omitempty"`
	// DeleteTime is when the gateway reached deleted; it stays visible
	// for a while as AWS shows it.
	DeleteTime time.Time `json:"deleteTime,omitzero"`
}

// VPN route sources and states (VpnStaticRoute).
const (
	VPNRouteSourceStatic = "Static"
)

// VpnConnection is a Site-to-Site VPN connection between a customer gateway
// and a virtual private gateway or a transit gateway: two tunnels.
type VpnConnection struct {
	Meta
	State             string `json:"state"`
	Type              string `json:"type"` // ipsec.1
	Category          string `json:"category"`
	CustomerGatewayID string `json:"customerGatewayId"`
	// Exactly one of VpnGatewayID and TransitGatewayID is set.
	VpnGatewayID     string `json:"vpnGatewayId,omitempty"`
	TransitGatewayID string `json:"transitGatewayId,omitempty"`
	// TransitGatewayAttachmentID is the attachment AWS creates for a VPN
	// on a transit gateway (resource type "vpn").
	TransitGatewayAttachmentID string `json:"transitGatewayAttachmentId,omitempty"`

	StaticRoutesOnly bool `json:"staticRoutesOnly"`
	// The traffic selectors (VpnConnectionOptions).
	LocalIPv4NetworkCidr  netip.Prefix `json:"localIpv4NetworkCidr,omitzero"`
	RemoteIPv4NetworkCidr netip.Prefix `json:"remoteIpv4NetworkCidr,omitzero"`
	LocalIPv6NetworkCidr  netip.Prefix `json:"localIpv6NetworkCidr,omitzero"`
	RemoteIPv6NetworkCidr netip.Prefix `json:"remoteIpv6NetworkCidr,omitzero"`
	TunnelInsideIPVersion string       `json:"tunnelInsideIpVersion"` // ipv4 | ipv6
	OutsideIPAddressType  string       `json:"outsideIpAddressType,omitempty"`
	EnableAcceleration    bool         `json:"enableAcceleration,omitempty"`
	// Options holds the remaining VpnConnectionOptions members as given.
	Options map[string]string `json:"options,omitempty"`

	// Tunnels are always two, in AWS's order.
	Tunnels []VpnTunnel `json:"tunnels"`
	// Routes are the static routes (CreateVpnConnectionRoute).
	Routes []VpnStaticRoute `json:"routes,omitempty"`
	// CustomerGatewayConfiguration is the generated configuration document.
	CustomerGatewayConfiguration string    `json:"customerGatewayConfiguration,omitempty"`
	DeleteTime                   time.Time `json:"deleteTime,omitzero"`
	// TunnelBandwidth is standard (the default) or large.
	TunnelBandwidth string `json:"tunnelBandwidth,omitempty"`
}

// VpnTunnel is one IPsec tunnel of a VPN connection.
type VpnTunnel struct {
	OutsideIPAddress netip.Addr   `json:"outsideIpAddress"`
	InsideCidr       netip.Prefix `json:"insideCidr,omitzero"`
	InsideIPv6Cidr   netip.Prefix `json:"insideIpv6Cidr,omitzero"`
	PreSharedKey     string       `json:"preSharedKey"`
	// Options holds the tunnel's remaining TunnelOption members
	// (lifetimes, algorithms, DPD, startup action, log options ...).
	Options map[string]string `json:"options,omitempty"`
	// AdminDown is set when a user took the tunnel down (the simulated
	// on-premises side, not an AWS API): telemetry reports DOWN and no
	// traffic or BGP route uses it.
	AdminDown bool `json:"adminDown,omitempty"`
	// LastStatusChange is when the tunnel's status last changed.
	LastStatusChange time.Time `json:"lastStatusChange,omitzero"`
	// Params are the tunnel options the user set.
	Params VpnTunnelParams `json:"params,omitzero"`
}

// VpnStaticRoute is a static route of a VPN connection (to the customer
// network).
type VpnStaticRoute struct {
	Destination netip.Prefix `json:"destination"`
	Source      string       `json:"source"` // Static
	State       string       `json:"state"`  // pending | available | deleting | deleted
}

// BGPAdvertisement is one prefix the simulated on-premises side (a
// customer gateway, or a Direct Connect virtual interface's peer)
// advertises to AWS over BGP, with the attributes AWS's route selection
// reads.
type BGPAdvertisement struct {
	Prefix netip.Prefix `json:"prefix"`
	// ASPath is the path as received by AWS (the customer's ASN first
	// is implied; these are the extra ASNs, including prepends).
	ASPath []int64 `json:"asPath,omitempty"`
	// MED is the multi-exit discriminator; lower is preferred.
	MED int64 `json:"med,omitempty"`
}

// VpnTunnelParams are a tunnel's configurable options as the user set
// them (nil or empty = not set: AWS applies its default and does not echo
// it back) [S2S-VPN VPNTunnels.md].
type VpnTunnelParams struct {
	Phase1LifetimeSeconds        *int32   `json:"phase1LifetimeSeconds,omitempty"`
	Phase2LifetimeSeconds        *int32   `json:"phase2LifetimeSeconds,omitempty"`
	RekeyMarginTimeSeconds       *int32   `json:"rekeyMarginTimeSeconds,omitempty"`
	RekeyFuzzPercentage          *int32   `json:"rekeyFuzzPercentage,omitempty"`
	ReplayWindowSize             *int32   `json:"replayWindowSize,omitempty"`
	DPDTimeoutSeconds            *int32   `json:"dpdTimeoutSeconds,omitempty"`
	DPDTimeoutAction             string   `json:"dpdTimeoutAction,omitempty"`
	Phase1EncryptionAlgorithms   []string `json:"phase1EncryptionAlgorithms,omitempty"`
	Phase2EncryptionAlgorithms   []string `json:"phase2EncryptionAlgorithms,omitempty"`
	Phase1IntegrityAlgorithms    []string `json:"phase1IntegrityAlgorithms,omitempty"`
	Phase2IntegrityAlgorithms    []string `json:"phase2IntegrityAlgorithms,omitempty"`
	Phase1DHGroupNumbers         []int32  `json:"phase1DhGroupNumbers,omitempty"`
	Phase2DHGroupNumbers         []int32  `json:"phase2DhGroupNumbers,omitempty"`
	IKEVersions                  []string `json:"ikeVersions,omitempty"`
	StartupAction                string   `json:"startupAction,omitempty"`
	EnableTunnelLifecycleControl bool     `json:"enableTunnelLifecycleControl,omitempty"`
	// Log options (CloudWatchLogOptions).
	LogEnabled         bool   `json:"logEnabled,omitempty"`
	LogGroupArn        string `json:"logGroupArn,omitempty"`
	LogOutputFormat    string `json:"logOutputFormat,omitempty"`
	BgpLogEnabled      bool   `json:"bgpLogEnabled,omitempty"`
	BgpLogGroupArn     string `json:"bgpLogGroupArn,omitempty"`
	BgpLogOutputFormat string `json:"bgpLogOutputFormat,omitempty"`
}
