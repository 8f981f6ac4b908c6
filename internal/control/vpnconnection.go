package control

import (
	"context"
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Site-to-Site VPN connection rules [S2S-VPN how_it_works.md,
// VPNTunnels.md, accelerated-vpn.md, ipv4-ipv6.md, vpn-limits.md,
// modify-vpn-target.md; EC2 API CreateVpnConnection]:
//   - on a virtual private gateway or a transit gateway, never both; on a
//     transit gateway AWS creates an attachment of resource type vpn,
//     associated with and propagating to the gateway's default tables
//     when those options are enabled;
//   - two tunnels, each with an outside address, an inside /30 (unique on
//     the virtual private gateway) and a pre-shared key; what the request
//     leaves out is generated;
//   - acceleration and IPv6 tunnels only on a transit gateway;
//   - network CIDRs default to 0.0.0.0/0 (IPv4) or ::/0 (IPv6);
//   - 10 connections per virtual private gateway; 50 per Region and the
//     transit gateway's attachment quota (adjustable: AWSQuotas);
//   - two connections on one virtual private gateway cannot use customer
//     gateways with the same IP address;
//   - the operation is idempotent: the same customer gateway and target
//     gateway again answer the existing connection;
//   - deleted connections stay visible as deleted for VPNRetention.

const (
	maxVpnConnectionsPerVgw    = 10
	defaultVpnConnectionsPerRg = 50
	maxVpnStaticRoutes         = 100
	// VPNCategory is the category of every connection (VPN, not the
	// retired VPN-Classic).
	VPNCategory = "VPN"
)

var (
	kindVPN = idKindOf(store.VpnConnectionKind)
	any4    = netip.MustParsePrefix("0.0.0.0/0")
	any6    = netip.MustParsePrefix("::/0")
)

// CreateVpnConnectionInput is CreateVpnConnection's request.
type CreateVpnConnectionInput struct {
	Type                                string
	CustomerGatewayID                   string
	VpnGatewayID                        string
	TransitGatewayID                    string
	StaticRoutesOnly                    bool
	EnableAcceleration                  bool
	TunnelInsideIPVersion               string
	LocalIPv4NetworkCidr                string
	RemoteIPv4NetworkCidr               string
	LocalIPv6NetworkCidr                string
	RemoteIPv6NetworkCidr               string
	OutsideIPAddressType                string
	TransportTransitGatewayAttachmentID string
	TunnelBandwidth                     string
	Tunnels                             []TunnelSpec
	Tags                                map[string]string
}

// GetVpnConnection returns a connection in scope that is not deleted.
func GetVpnConnection(w *store.World, scope model.Scope, id string) (*model.VpnConnection, error) {
	if id == "" {
		return nil, awserr.MissingParameter("VpnConnectionId")
	}
	c, err := find(kindVPN, w.VpnConnections, scope, id)
	if err != nil {
		return nil, err
	}
	if vpnGone(c.State) {
		return nil, kindVPN.NotFound(id)
	}
	return c, nil
}

func parseNetworkCidr(name, s string, v6 bool, def netip.Prefix) (netip.Prefix, error) {
	if s == "" {
		return def, nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || p.Addr().Is6() != v6 || p.Masked() != p {
		return netip.Prefix{}, awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. Invalid CIDR block.", s, name)
	}
	return p, nil
}

// networkCidrs validates the traffic selectors for the tunnels' IP version.
func networkCidrs(c *model.VpnConnection, l4, r4, l6, r6 string, creating bool) error {
	ipv6 := c.TunnelInsideIPVersion == "ipv6"
	if ipv6 && (l4 != "" || r4 != "") {
		return awserr.New("InvalidParameterCombination", "IPv4 network CIDRs cannot be specified for a VPN connection whose tunnels use IPv6.")
	}
	if !ipv6 && (l6 != "" || r6 != "") {
		return awserr.New("InvalidParameterCombination", "IPv6 network CIDRs can only be specified when TunnelInsideIpVersion is ipv6.")
	}
	def := func(cur, d netip.Prefix) netip.Prefix {
		if creating || !cur.IsValid() {
			return d
		}
		return cur
	}
	var err error
	if ipv6 {
		if c.LocalIPv6NetworkCidr, err = parseNetworkCidr("LocalIpv6NetworkCidr", l6, true, def(c.LocalIPv6NetworkCidr, any6)); err != nil {
			return err
		}
		c.RemoteIPv6NetworkCidr, err = parseNetworkCidr("RemoteIpv6NetworkCidr", r6, true, def(c.RemoteIPv6NetworkCidr, any6))
		return err
	}
	if c.LocalIPv4NetworkCidr, err = parseNetworkCidr("LocalIpv4NetworkCidr", l4, false, def(c.LocalIPv4NetworkCidr, any4)); err != nil {
		return err
	}
	c.RemoteIPv4NetworkCidr, err = parseNetworkCidr("RemoteIpv4NetworkCidr", r4, false, def(c.RemoteIPv4NetworkCidr, any4))
	return err
}

func checkTunnelBandwidth(v string) error {
	if v != "" && v != "standard" && v != "large" {
		return awserr.InvalidParameterValue("Value (%s) for parameter TunnelBandwidth is invalid. Valid values are standard and large.", v)
	}
	return nil
}

// CreateVpnConnection creates a VPN connection. The stored connection is
// available; EC2 answers the create with pending.
func (s *Service) CreateVpnConnection(ctx context.Context, scope model.Scope, in CreateVpnConnectionInput) (*model.VpnConnection, error) {
	if in.Type != "ipsec.1" {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter type is invalid. Valid values are ipsec.1.", in.Type)
	}
	switch {
	case in.VpnGatewayID == "" && in.TransitGatewayID == "":
		return nil, awserr.MissingParameter("VpnGatewayId or TransitGatewayId")
	case in.VpnGatewayID != "" && in.TransitGatewayID != "":
		return nil, awserr.New("InvalidParameterCombination", "Only one of VpnGatewayId and TransitGatewayId can be specified.")
	}
	onTGW := in.TransitGatewayID != ""
	ver := orDefault(in.TunnelInsideIPVersion, "ipv4")
	if ver != "ipv4" && ver != "ipv6" {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter TunnelInsideIpVersion is invalid. Valid values are ipv4 and ipv6.", ver)
	}
	if in.EnableAcceleration && !onTGW {
		return nil, awserr.InvalidParameterValue("Accelerated VPN connections are only supported on a transit gateway.")
	}
	if ver == "ipv6" && !onTGW {
		return nil, awserr.InvalidParameterValue("IPv6 VPN connections are only supported on a transit gateway.")
	}
	outside := orDefault(in.OutsideIPAddressType, "PublicIpv4")
	switch outside {
	case "PublicIpv4", "Ipv6":
	case "PrivateIpv4":
		// Private IP VPN runs over Direct Connect and terminates on a
		// transit gateway (VPN-UG private-ip-dx.md "How private IP VPN
		// works").
		if !onTGW {
			return nil, awserr.New("InvalidParameterCombination", "Private IP VPN connections (OutsideIpAddressType PrivateIpv4) are only supported on a transit gateway.")
		}
		if in.TransportTransitGatewayAttachmentID == "" {
			return nil, awserr.MissingParameter("TransportTransitGatewayAttachmentId")
		}
	default:
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter OutsideIpAddressType is invalid. Valid values are PrivateIpv4, PublicIpv4 and Ipv6.", outside)
	}
	if err := checkTunnelBandwidth(in.TunnelBandwidth); err != nil {
		return nil, err
	}
	if len(in.Tunnels) > 2 {
		return nil, awserr.InvalidParameterValue("A VPN connection has two tunnels; %d tunnel option sets were given.", len(in.Tunnels))
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.VpnConnection
	err := s.update(ctx, func(tx *store.Tx) error {
		purgeExpiredVPN(tx, scope)
		cgw, err := GetCustomerGateway(tx.World, scope, in.CustomerGatewayID)
		if err != nil {
			return err
		}
		// CreateVpnConnection is idempotent: the same customer gateway and
		// target gateway again answer the existing connection.
		tx.VpnConnections.All(func(o *model.VpnConnection) bool {
			if o.InScope(scope) && !vpnGone(o.State) && o.CustomerGatewayID == cgw.ID &&
				o.VpnGatewayID == in.VpnGatewayID && o.TransitGatewayID == in.TransitGatewayID {
				out = o
				return false
			}
			return true
		})
		if out != nil {
			return nil
		}
		c := &model.VpnConnection{
			Meta:                  newMeta(tx, scope, tx.NewID("vpn"), in.Tags),
			State:                 model.VPNStateAvailable,
			Type:                  in.Type,
			Category:              VPNCategory,
			CustomerGatewayID:     cgw.ID,
			StaticRoutesOnly:      in.StaticRoutesOnly,
			TunnelInsideIPVersion: ver,
			OutsideIPAddressType:  outside,
			EnableAcceleration:    in.EnableAcceleration,
			TunnelBandwidth:       in.TunnelBandwidth,
		}
		if in.TransportTransitGatewayAttachmentID != "" {
			if err := checkVPNTransport(tx.World, scope, in.TransportTransitGatewayAttachmentID, in.TransitGatewayID); err != nil {
				return err
			}
			c.Options = map[string]string{"transportTransitGatewayAttachmentId": in.TransportTransitGatewayAttachmentID}
		}
		if err := networkCidrs(c, in.LocalIPv4NetworkCidr, in.RemoteIPv4NetworkCidr, in.LocalIPv6NetworkCidr, in.RemoteIPv6NetworkCidr, true); err != nil {
			return err
		}
		if err := s.checkVpnQuota(tx, scope); err != nil {
			return err
		}
		if err := setVpnTarget(tx, scope, c, cgw, in.VpnGatewayID, in.TransitGatewayID); err != nil {
			return err
		}
		ips := newOutsideIPs(tx)
		c.Tunnels = make([]model.VpnTunnel, 2)
		for i := range c.Tunnels {
			c.Tunnels[i].OutsideIPAddress = ips[i]
			c.Tunnels[i].LastStatusChange = tx.Now()
			if i < len(in.Tunnels) {
				if err := applyTunnelSpec(&c.Tunnels[i], in.Tunnels[i], ver == "ipv6"); err != nil {
					return err
				}
			}
		}
		if err := fillTunnels(tx, c, cgw); err != nil {
			return err
		}
		c.CustomerGatewayConfiguration = CustomerGatewayConfiguration(tx.World, c, cgw)
		tx.VpnConnections.Put(c)
		if onTGW {
			createVpnAttachment(tx, scope, c)
		}
		out, _ = tx.VpnConnections.Get(c.ID)
		return nil
	})
	return out, err
}

func (s *Service) checkVpnQuota(tx *store.Tx, scope model.Scope) error {
	if !s.opts.AWSQuotas {
		return nil
	}
	n := 0
	tx.VpnConnections.All(func(c *model.VpnConnection) bool {
		if c.InScope(scope) && !vpnGone(c.State) {
			n++
		}
		return true
	})
	if n >= defaultVpnConnectionsPerRg {
		return awserr.New("VpnConnectionLimitExceeded", "The maximum number of VPN connections (%d) has been reached.", defaultVpnConnectionsPerRg)
	}
	return nil
}

// setVpnTarget points c at a virtual private gateway or a transit
// gateway, checking the per-gateway rules.
func setVpnTarget(tx *store.Tx, scope model.Scope, c *model.VpnConnection, cgw *model.CustomerGateway, vgwID, tgwID string) error {
	c.VpnGatewayID, c.TransitGatewayID = "", ""
	if tgwID != "" {
		g, err := getTGW(tx.World, scope, tgwID)
		if err != nil {
			return err
		}
		if g.State != model.TGWAvailable {
			return tgwIncorrectState(g.ID, g.State)
		}
		if len(tgwAttachmentsOn(tx.World, g.ID)) >= maxTGWAttachmentsPerTGW {
			return awserr.New("TransitGatewayAttachmentLimitExceeded", "You've reached the limit on the number of attachments (%d) for transit gateway %s.", maxTGWAttachmentsPerTGW, g.ID)
		}
		c.TransitGatewayID = g.ID
		return nil
	}
	if c.EnableAcceleration {
		return awserr.InvalidParameterValue("Accelerated VPN connections are only supported on a transit gateway.")
	}
	if c.TunnelInsideIPVersion == "ipv6" {
		return awserr.InvalidParameterValue("IPv6 VPN connections are only supported on a transit gateway.")
	}
	g, err := find(kindVGW, tx.VpnGateways, scope, vgwID)
	if err != nil {
		return err
	}
	if g.State != "available" {
		return awserr.New("IncorrectState", "The vpnGateway '%s' is in state %s.", g.ID, g.State)
	}
	n, dupIP := 0, false
	tx.VpnConnections.All(func(o *model.VpnConnection) bool {
		if o.ID == c.ID || o.VpnGatewayID != g.ID || vpnGone(o.State) {
			return true
		}
		n++
		if og, ok := tx.CustomerGateways.Get(o.CustomerGatewayID); ok && og.IPAddress.IsValid() && og.IPAddress == cgw.IPAddress {
			dupIP = true
		}
		return true
	})
	if dupIP {
		return awserr.New("InvalidCustomerGateway.DuplicateIpAddress", "Conflict among chosen gateway IP addresses")
	}
	if n >= maxVpnConnectionsPerVgw {
		return awserr.New("VpnConnectionLimitExceeded", "The maximum number of VPN connections per virtual private gateway (%d) has been reached for %s.", maxVpnConnectionsPerVgw, g.ID)
	}
	c.VpnGatewayID = g.ID
	return nil
}

// fillTunnels checks the tunnels' inside CIDRs for uniqueness on the
// gateway and generates what is missing (inside CIDRs, pre-shared keys).
func fillTunnels(tx *store.Tx, c *model.VpnConnection, cgw *model.CustomerGateway) error {
	gw := c.VpnGatewayID
	if gw == "" {
		gw = c.TransitGatewayID
	}
	used := usedInsideCidrs(tx.World, gw, c.ID)
	ipv6 := c.TunnelInsideIPVersion == "ipv6"
	mine := map[netip.Prefix]bool{}
	for i := range c.Tunnels {
		t := &c.Tunnels[i]
		if t.Params.StartupAction == "start" && !cgw.IPAddress.IsValid() {
			return awserr.InvalidParameterValue("The startup action start needs a customer gateway with an IP address.")
		}
		for _, p := range []netip.Prefix{t.InsideCidr, t.InsideIPv6Cidr} {
			if !p.IsValid() {
				continue
			}
			// IPv4 inside CIDRs are unique on a virtual private gateway,
			// IPv6 ones on a transit gateway; both tunnels always differ.
			clash := mine[p] || used[p] && (p.Addr().Is6() || c.VpnGatewayID != "")
			if clash {
				return awserr.InvalidParameterValue("The tunnel inside CIDR %s is already in use on %s.", p, gw)
			}
			mine[p] = true
		}
	}
	for i := range c.Tunnels {
		t := &c.Tunnels[i]
		all := map[netip.Prefix]bool{}
		for p := range used {
			all[p] = true
		}
		for p := range mine {
			all[p] = true
		}
		if ipv6 {
			t.InsideCidr = netip.Prefix{}
			if !t.InsideIPv6Cidr.IsValid() {
				t.InsideIPv6Cidr = newInsideIPv6Cidr(tx, all)
				mine[t.InsideIPv6Cidr] = true
			}
		} else if !t.InsideCidr.IsValid() {
			t.InsideCidr = newInsideCidr(tx, all)
			mine[t.InsideCidr] = true
		}
		if t.PreSharedKey == "" {
			t.PreSharedKey = newPSK(tx)
		}
	}
	return nil
}

// createVpnAttachment creates the transit gateway attachment of a VPN
// connection on a transit gateway, with the gateway's defaults.
func createVpnAttachment(tx *store.Tx, scope model.Scope, c *model.VpnConnection) {
	g, ok := tx.TransitGateways.Get(c.TransitGatewayID)
	if !ok {
		return
	}
	a := &model.TransitGatewayAttachment{
		Meta:                  newMeta(tx, scope, tx.NewID("tgw-attach"), nil),
		TransitGatewayID:      g.ID,
		TransitGatewayOwnerID: g.Account,
		ResourceType:          model.TGWAttachVPN,
		ResourceID:            c.ID,
		ResourceOwnerID:       c.Account,
		State:                 model.TGWAvailable,
	}
	tx.TGWAttachments.Put(a)
	applyTGWDefaults(tx, g, a)
	cc, _ := tx.VpnConnections.Get(c.ID)
	cc = model.Clone(cc)
	cc.TransitGatewayAttachmentID = a.ID
	tx.VpnConnections.Put(cc)
}

// deleteVpnAttachment deletes the VPN connection's transit gateway
// attachment: its association and propagations end.
func deleteVpnAttachment(tx *store.Tx, c *model.VpnConnection) {
	if c.TransitGatewayAttachmentID == "" {
		return
	}
	a, ok := tx.TGWAttachments.Get(c.TransitGatewayAttachmentID)
	if !ok || tgwGone(a.State) {
		return
	}
	ac := model.Clone(a)
	ac.State = model.TGWDeleted
	ac.DeleteTime = tx.Now()
	ac.Association, ac.PeerAssociation = nil, nil
	tx.TGWAttachments.Put(ac)
	removePropagations(tx, a.ID)
}

// DeleteVpnConnection deletes a VPN connection (and its transit gateway
// attachment); it stays visible as deleted.
func (s *Service) DeleteVpnConnection(ctx context.Context, scope model.Scope, id string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		c, err := GetVpnConnection(tx.World, scope, id)
		if err != nil {
			return err
		}
		deleteVpnAttachment(tx, c)
		cc := model.Clone(c)
		cc.State = model.VPNStateDeleted
		cc.DeleteTime = tx.Now()
		cc.Routes = nil
		tx.VpnConnections.Put(cc)
		return nil
	})
}

// VpnConnectionsOnGateway returns the ids of the live VPN connections on
// a virtual private gateway or transit gateway.
func VpnConnectionsOnGateway(w *store.World, gatewayID string) []string {
	var out []string
	w.VpnConnections.All(func(c *model.VpnConnection) bool {
		if !vpnGone(c.State) && (c.VpnGatewayID == gatewayID || c.TransitGatewayID == gatewayID) {
			out = append(out, c.ID)
		}
		return true
	})
	return out
}

// checkVPNTransport checks a Private IP VPN's transport: a live Direct
// Connect gateway attachment of the connection's transit gateway (VPN-UG
// private-ip-dx.md: the VPN runs over the Direct Connect gateway's
// association with that transit gateway).
func checkVPNTransport(w *store.World, scope model.Scope, attachmentID, tgwID string) error {
	a, err := getTGWAttachment(w, scope, attachmentID)
	if err != nil {
		return err
	}
	if a.ResourceType != model.TGWAttachDXGW || a.TransitGatewayID != tgwID {
		return awserr.InvalidParameterValue("Transport attachment %s is not a Direct Connect gateway attachment of transit gateway %s.", attachmentID, tgwID)
	}
	return nil
}
