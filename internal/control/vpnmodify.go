package control

import (
	"context"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Static routes and modifications of a VPN connection [S2S-VPN
// vpn-edit-static-routes.md, modify-vpn-target.md, change-vpn-cgw.md,
// modify-vpn-connection-options.md, modify-vpn-tunnel-options.md;
// vpn-limits.md: 100 static routes per connection on a virtual private
// gateway]. Static routes belong to static-routes-only connections on a
// virtual private gateway (on a transit gateway, routes go in its route
// tables).

// CreateVpnConnectionRoute adds a static route to the customer network.
func (s *Service) CreateVpnConnectionRoute(ctx context.Context, scope model.Scope, id, cidr string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		c, p, idx, err := vpnRoute(tx.World, scope, id, cidr)
		if err != nil {
			return err
		}
		if idx >= 0 {
			return awserr.New("InvalidRoute.Duplicate", "The route %s already exists on VPN connection %s.", p, c.ID)
		}
		if len(c.Routes) >= maxVpnStaticRoutes {
			return awserr.New("RouteLimitExceeded", "The maximum number of static routes (%d) has been reached for VPN connection %s.", maxVpnStaticRoutes, c.ID)
		}
		cc := model.Clone(c)
		cc.Routes = append(cc.Routes, model.VpnStaticRoute{Destination: p, Source: model.VPNRouteSourceStatic, State: model.VPNStateAvailable})
		slices.SortFunc(cc.Routes, func(a, b model.VpnStaticRoute) int {
			return a.Destination.Addr().Compare(b.Destination.Addr())*2 + cmpInt(a.Destination.Bits(), b.Destination.Bits())
		})
		tx.VpnConnections.Put(cc)
		return nil
	})
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DeleteVpnConnectionRoute removes a static route.
func (s *Service) DeleteVpnConnectionRoute(ctx context.Context, scope model.Scope, id, cidr string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		c, p, idx, err := vpnRoute(tx.World, scope, id, cidr)
		if err != nil {
			return err
		}
		if idx < 0 {
			return awserr.New("InvalidRoute.NotFound", "The route %s does not exist on VPN connection %s.", p, c.ID)
		}
		cc := model.Clone(c)
		cc.Routes = slices.Delete(cc.Routes, idx, idx+1)
		tx.VpnConnections.Put(cc)
		return nil
	})
}

// vpnRoute resolves a static route request: the connection, the prefix
// and the route's index (-1 if absent).
func vpnRoute(w *store.World, scope model.Scope, id, cidr string) (*model.VpnConnection, netip.Prefix, int, error) {
	c, err := GetVpnConnection(w, scope, id)
	if err != nil {
		return nil, netip.Prefix{}, -1, err
	}
	p, err := netip.ParsePrefix(cidr)
	if err != nil || !p.Addr().Is4() || p.Masked() != p {
		return nil, netip.Prefix{}, -1, awserr.InvalidParameterValue("Value (%s) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.", cidr)
	}
	if c.VpnGatewayID == "" {
		return nil, p, -1, awserr.InvalidParameterValue("VPN connection %s is attached to a transit gateway; add static routes to the transit gateway route table instead.", c.ID)
	}
	if !c.StaticRoutesOnly {
		return nil, p, -1, awserr.InvalidParameterValue("VPN connection %s uses dynamic routing (BGP); static routes can only be added to a static-routes-only connection.", c.ID)
	}
	for i, r := range c.Routes {
		if r.Destination == p {
			return c, p, i, nil
		}
	}
	return c, p, -1, nil
}

// ModifyVpnConnectionInput is ModifyVpnConnection's request: a new
// customer gateway, or a new target (a virtual private gateway or a
// transit gateway).
type ModifyVpnConnectionInput struct {
	CustomerGatewayID string
	VpnGatewayID      string
	TransitGatewayID  string
}

// ModifyVpnConnection changes a connection's customer gateway or target
// gateway; the tunnels' outside addresses and options stay.
func (s *Service) ModifyVpnConnection(ctx context.Context, scope model.Scope, id string, in ModifyVpnConnectionInput) (*model.VpnConnection, error) {
	n := 0
	for _, v := range []string{in.CustomerGatewayID, in.VpnGatewayID, in.TransitGatewayID} {
		if v != "" {
			n++
		}
	}
	if n == 0 {
		return nil, awserr.MissingParameter("CustomerGatewayId, VpnGatewayId or TransitGatewayId")
	}
	if in.VpnGatewayID != "" && in.TransitGatewayID != "" {
		return nil, awserr.New("InvalidParameterCombination", "Only one of VpnGatewayId and TransitGatewayId can be specified.")
	}
	var out *model.VpnConnection
	err := s.update(ctx, func(tx *store.Tx) error {
		c, err := GetVpnConnection(tx.World, scope, id)
		if err != nil {
			return err
		}
		cc := model.Clone(c)
		cgw, err := GetCustomerGateway(tx.World, scope, c.CustomerGatewayID)
		if in.CustomerGatewayID != "" {
			cgw, err = GetCustomerGateway(tx.World, scope, in.CustomerGatewayID)
		}
		if err != nil {
			return err
		}
		cc.CustomerGatewayID = cgw.ID
		vgw, tgw := in.VpnGatewayID, in.TransitGatewayID
		if vgw == "" && tgw == "" {
			vgw, tgw = c.VpnGatewayID, c.TransitGatewayID
		}
		if vgw == c.VpnGatewayID && tgw == c.TransitGatewayID && in.CustomerGatewayID == "" {
			return awserr.InvalidParameterValue("VPN connection %s is already attached to %s%s.", c.ID, vgw, tgw)
		}
		if tgw != "" && c.VpnGatewayID != "" && len(c.Routes) > 0 {
			return awserr.New("IncorrectState", "VPN connection %s has static routes. Delete them before you migrate it to a transit gateway.", c.ID)
		}
		if err := setVpnTarget(tx, scope, cc, cgw, vgw, tgw); err != nil {
			return err
		}
		targetChanged := cc.VpnGatewayID != c.VpnGatewayID || cc.TransitGatewayID != c.TransitGatewayID
		if targetChanged && cc.VpnGatewayID != "" {
			used := usedInsideCidrs(tx.World, cc.VpnGatewayID, c.ID)
			for _, t := range cc.Tunnels {
				if used[t.InsideCidr] {
					return awserr.InvalidParameterValue("The tunnel inside CIDR %s is already in use on %s.", t.InsideCidr, cc.VpnGatewayID)
				}
			}
		}
		cc.CustomerGatewayConfiguration = CustomerGatewayConfiguration(tx.World, cc, cgw)
		tx.VpnConnections.Put(cc)
		if targetChanged {
			deleteVpnAttachment(tx, c)
			cc.TransitGatewayAttachmentID = ""
			tx.VpnConnections.Put(cc)
			if cc.TransitGatewayID != "" {
				createVpnAttachment(tx, scope, cc)
			}
		}
		out, _ = tx.VpnConnections.Get(c.ID)
		return nil
	})
	return out, err
}

// ModifyVpnConnectionOptionsInput is ModifyVpnConnectionOptions' request.
type ModifyVpnConnectionOptionsInput struct {
	LocalIPv4NetworkCidr  string
	RemoteIPv4NetworkCidr string
	LocalIPv6NetworkCidr  string
	RemoteIPv6NetworkCidr string
	TunnelBandwidth       string
}

// ModifyVpnConnectionOptions changes the network CIDRs (traffic
// selectors); tunnel options and endpoints stay.
func (s *Service) ModifyVpnConnectionOptions(ctx context.Context, scope model.Scope, id string, in ModifyVpnConnectionOptionsInput) (*model.VpnConnection, error) {
	if err := checkTunnelBandwidth(in.TunnelBandwidth); err != nil {
		return nil, err
	}
	var out *model.VpnConnection
	err := s.update(ctx, func(tx *store.Tx) error {
		c, err := GetVpnConnection(tx.World, scope, id)
		if err != nil {
			return err
		}
		cc := model.Clone(c)
		if err := networkCidrs(cc, in.LocalIPv4NetworkCidr, in.RemoteIPv4NetworkCidr, in.LocalIPv6NetworkCidr, in.RemoteIPv6NetworkCidr, false); err != nil {
			return err
		}
		if in.TunnelBandwidth != "" {
			cc.TunnelBandwidth = in.TunnelBandwidth
		}
		tx.VpnConnections.Put(cc)
		out = cc
		return nil
	})
	return out, err
}

// tunnelIndex returns the index of the tunnel with outside address ip.
func vpnTunnelByIP(c *model.VpnConnection, ip string) (int, error) {
	a, err := netip.ParseAddr(ip)
	if err == nil {
		for i, t := range c.Tunnels {
			if t.OutsideIPAddress == a {
				return i, nil
			}
		}
	}
	return -1, awserr.InvalidParameterValue("The VPN tunnel outside IP address %s does not belong to VPN connection %s.", ip, c.ID)
}

// ModifyVpnTunnelOptions changes one tunnel's options (the tunnel with
// outside address ip), with the same rules as on create.
func (s *Service) ModifyVpnTunnelOptions(ctx context.Context, scope model.Scope, id, ip string, spec TunnelSpec) (*model.VpnConnection, error) {
	var out *model.VpnConnection
	err := s.update(ctx, func(tx *store.Tx) error {
		c, err := GetVpnConnection(tx.World, scope, id)
		if err != nil {
			return err
		}
		i, err := vpnTunnelByIP(c, ip)
		if err != nil {
			return err
		}
		cgw, err := GetCustomerGateway(tx.World, scope, c.CustomerGatewayID)
		if err != nil {
			return err
		}
		cc := model.Clone(c)
		if err := applyTunnelSpec(&cc.Tunnels[i], spec, cc.TunnelInsideIPVersion == "ipv6"); err != nil {
			return err
		}
		if err := fillTunnels(tx, cc, cgw); err != nil {
			return err
		}
		cc.CustomerGatewayConfiguration = CustomerGatewayConfiguration(tx.World, cc, cgw)
		tx.VpnConnections.Put(cc)
		out = cc
		return nil
	})
	return out, err
}

// TunnelReplacementStatus is GetVpnTunnelReplacementStatus' answer: no
// maintenance is ever pending in vpcsim.
type TunnelReplacementStatus struct {
	Connection *model.VpnConnection
	OutsideIP  string
}

// GetVpnTunnelReplacementStatus returns the tunnel's replacement status.
func (s *Service) GetVpnTunnelReplacementStatus(ctx context.Context, scope model.Scope, id, ip string) (*TunnelReplacementStatus, error) {
	c, err := GetVpnConnection(s.View(ctx), scope, id)
	if err != nil {
		return nil, err
	}
	i, err := vpnTunnelByIP(c, ip)
	if err != nil {
		return nil, err
	}
	return &TunnelReplacementStatus{Connection: c, OutsideIP: c.Tunnels[i].OutsideIPAddress.String()}, nil
}

// ReplaceVpnTunnel triggers an endpoint replacement of a tunnel. With no
// pending maintenance, the replacement is immediate: the tunnel keeps its
// address and options, and its status change time is now.
func (s *Service) ReplaceVpnTunnel(ctx context.Context, scope model.Scope, id, ip string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		c, err := GetVpnConnection(tx.World, scope, id)
		if err != nil {
			return err
		}
		i, err := vpnTunnelByIP(c, ip)
		if err != nil {
			return err
		}
		cc := model.Clone(c)
		cc.Tunnels[i].LastStatusChange = tx.Now()
		tx.VpnConnections.Put(cc)
		return nil
	})
}
