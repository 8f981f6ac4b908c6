package control

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// The simulated on-premises side (docs/onprem.md): taking a VPN tunnel
// down and up again, so failover can be exercised. This is not an AWS API:
// on AWS a tunnel goes down when the customer gateway device stops
// answering IKE or BGP. A tunnel that is down carries no traffic and no
// BGP routes; when both tunnels of a connection are down its routes are
// withdrawn from the virtual private gateway (and from the route tables
// it propagates to) or from the transit gateway route tables its
// attachment propagates to.

// SetVpnTunnelInput names a tunnel and the state to put it in.
type SetVpnTunnelInput struct {
	VpnConnectionID string
	// Tunnel is the tunnel's outside IP address, or its index: 1 or 2 in
	// AWS's order (VgwTelemetry / Options.TunnelOptions order).
	Tunnel string
	// Down takes the tunnel down; false brings it up.
	Down bool
}

// SetVpnTunnelState takes a tunnel of a VPN connection in scope down or
// up. Setting the state it already has is not an error; the tunnel's
// LastStatusChange moves only on a change.
func (s *Service) SetVpnTunnelState(ctx context.Context, scope model.Scope, in SetVpnTunnelInput) (*model.VpnConnection, error) {
	if in.VpnConnectionID == "" {
		return nil, awserr.MissingParameter("VpnConnectionId")
	}
	if in.Tunnel == "" {
		return nil, awserr.MissingParameter("Tunnel")
	}
	var out *model.VpnConnection
	err := s.update(ctx, func(tx *store.Tx) error {
		c, ok := tx.VpnConnections.Get(in.VpnConnectionID)
		if !ok || !c.InScope(scope) {
			return awserr.New("InvalidVpnConnectionID.NotFound", "The vpnConnection ID '%s' does not exist", in.VpnConnectionID)
		}
		if !model.VPNActive(c) {
			return awserr.New("IncorrectState", "The VPN connection %s is in state %s.", c.ID, c.State)
		}
		i, err := tunnelIndex(c, in.Tunnel)
		if err != nil {
			return err
		}
		out = c
		if c.Tunnels[i].AdminDown == in.Down {
			return nil
		}
		n := model.Clone(c)
		n.Tunnels = append([]model.VpnTunnel(nil), c.Tunnels...)
		n.Tunnels[i].AdminDown = in.Down
		n.Tunnels[i].LastStatusChange = tx.Now()
		tx.VpnConnections.Put(n)
		out = n
		return nil
	})
	return out, err
}

// tunnelIndex resolves a tunnel by outside IP address or 1-based index.
func tunnelIndex(c *model.VpnConnection, t string) (int, error) {
	if a, err := netip.ParseAddr(t); err == nil {
		for i := range c.Tunnels {
			if c.Tunnels[i].OutsideIPAddress == a {
				return i, nil
			}
		}
		return 0, awserr.InvalidParameterValue("The VPN connection %s has no tunnel with outside IP address %s.", c.ID, a)
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 1 || n > len(c.Tunnels) {
		return 0, awserr.InvalidParameterValue("%s", tunnelSpecError(c, t))
	}
	return n - 1, nil
}

func tunnelSpecError(c *model.VpnConnection, t string) string {
	return fmt.Sprintf("Invalid tunnel %q for VPN connection %s: give the tunnel's outside IP address or its number (1 to %d).", t, c.ID, len(c.Tunnels))
}

// TunnelStatus returns a tunnel's telemetry status as DescribeVpnConnections
// reports it (VgwTelemetry.Status): DOWN when the simulated on-premises
// side took it down, else UP.
func TunnelStatus(t *model.VpnTunnel) string {
	if t.AdminDown {
		return "DOWN"
	}
	return "UP"
}
