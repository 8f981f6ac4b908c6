package model

// Private IP VPN ("VPN over Direct Connect"; Site-to-Site VPN User Guide
// private-ip-dx.md, Direct Connect User Guide): a VPN connection on a
// transit gateway with OutsideIpAddressType PrivateIpv4 whose
// TransportTransitGatewayAttachmentId is the transit gateway's Direct
// Connect gateway attachment. Its IPsec tunnels run over a transit virtual
// interface of that Direct Connect gateway instead of the internet, so they
// can be up only while such an interface is up (available with a BGP
// session up). When none is, the tunnels are effectively down: the
// connection offers and propagates no routes and its telemetry shows DOWN.
// Nothing of this is stored: it is derived from the world on every read
// (VPNUnderlay), like the tunnels' own state.

const (
	// VPNOutsidePrivateIPv4 is the OutsideIpAddressType of a Private IP VPN.
	VPNOutsidePrivateIPv4 = "PrivateIpv4"
	// VPNTransportOption is the VpnConnection.Options key of the transport
	// attachment (TransportTransitGatewayAttachmentId).
	VPNTransportOption = "transportTransitGatewayAttachmentId"
)

// VPNTransportAttachment returns the transport attachment of a Private IP
// VPN connection, "" for a connection over the internet.
func VPNTransportAttachment(c *VpnConnection) string {
	if c.OutsideIPAddressType != VPNOutsidePrivateIPv4 {
		return ""
	}
	return c.Options[VPNTransportOption]
}

// VPNUnderlay reports over which transit virtual interface a connection's
// tunnels run (vif, "" for a connection over the internet) and whether
// that transport is up (always true over the internet).
type VPNUnderlay func(c *VpnConnection) (vif string, up bool)

// NewVPNUnderlay returns the VPNUnderlay of a world: a Private IP VPN is
// carried by the first transit virtual interface that is up (transitVIF:
// its id, "" when none is) of the Direct Connect gateway behind its
// transport attachment; a transport attachment that is missing, not
// available or not a Direct Connect gateway attachment carries nothing.
// Results are computed once per Direct Connect gateway.
func NewVPNUnderlay(attachment func(id string) (*TransitGatewayAttachment, bool), transitVIF func(dxgwID string) string) VPNUnderlay {
	memo := map[string]string{}
	return func(c *VpnConnection) (string, bool) {
		id := VPNTransportAttachment(c)
		if id == "" {
			return "", c.OutsideIPAddressType != VPNOutsidePrivateIPv4
		}
		a, ok := attachment(id)
		if !ok || a.ResourceType != TGWAttachDXGW || (a.State != TGWAvailable && a.State != "") {
			return "", false
		}
		vif, ok := memo[a.ResourceID]
		if !ok {
			vif = transitVIF(a.ResourceID)
			memo[a.ResourceID] = vif
		}
		return vif, vif != ""
	}
}

// VPNUsable reports whether a connection carries traffic and routes: up
// (VPNUp) and, for a Private IP VPN, over a transport that is up. A nil
// underlay counts every transport as up.
func VPNUsable(c *VpnConnection, u VPNUnderlay) bool {
	if !VPNUp(c) {
		return false
	}
	if u == nil {
		return true
	}
	_, up := u(c)
	return up
}

// VPNCarried wraps a VPN connection getter for the route computations
// (TGWHybridPrefixes, TGWVPNCandidate): a connection whose transport is
// down is reported absent, so that it propagates and offers nothing, as a
// connection whose tunnels are both down.
func VPNCarried(get func(id string) (*VpnConnection, bool), u VPNUnderlay) func(id string) (*VpnConnection, bool) {
	return func(id string) (*VpnConnection, bool) {
		c, ok := get(id)
		if !ok {
			return nil, false
		}
		if _, up := u(c); !up {
			return nil, false
		}
		return c, true
	}
}
