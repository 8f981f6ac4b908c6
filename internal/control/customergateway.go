package control

import (
	"context"
	"net/netip"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Customer gateway rules [S2S-VPN cgw-options.md, vpn-limits.md; EC2 API
// CreateCustomerGateway]:
//   - type ipsec.1 only;
//   - BgpAsn 1-2,147,483,647 (default 65000), BgpAsnExtended
//     2,147,483,648-4,294,967,295, never both; the 32-bit private range
//     4,200,000,000-4,294,967,294 is not supported for customer gateways;
//   - an IP address (IPv4, or IPv6 for IPv6 outside addresses), unless a
//     private certificate ARN is given;
//   - device name up to 255 characters;
//   - an identical request returns the existing gateway;
//   - 50 customer gateways per Region (adjustable; enforced with AWSQuotas);
//   - a gateway used by a VPN connection that is not deleted cannot be
//     deleted ("The customer gateway is in use."); a deleted gateway stays
//     visible as deleted for VPNRetention.

// VPNRetention is how long deleted customer gateways and VPN connections
// stay visible (as deleted) in Describe.
const VPNRetention = time.Hour

const (
	defaultCustomerGatewayAsn     = 65000
	defaultCustomerGatewaysPerRgn = 50
	maxDeviceNameLen              = 255
)

var kindCGW = idKindOf(store.CustomerGatewayKind)

// vpnGone reports whether a customer gateway or VPN connection in state
// has ended.
func vpnGone(state string) bool { return state == model.VPNStateDeleted }

// VPNObjectVisible reports whether an object in state, deleted at end, is
// still listed at now.
func VPNObjectVisible(state string, end, now time.Time) bool {
	return !vpnGone(state) || now.Sub(end) < VPNRetention
}

// CreateCustomerGatewayInput is CreateCustomerGateway's request. BgpAsn and
// BgpAsnExtended are 0 when absent.
type CreateCustomerGatewayInput struct {
	Type           string
	BgpAsn         int64
	BgpAsnExtended int64
	IPAddress      string
	CertificateArn string
	DeviceName     string
	Tags           map[string]string
}

// validateCustomerGateway checks a request and returns its ASN and address.
func validateCustomerGateway(in CreateCustomerGatewayInput) (int64, netip.Addr, error) {
	var ip netip.Addr
	if in.Type != "ipsec.1" {
		return 0, ip, awserr.InvalidParameterValue("Value (%s) for parameter type is invalid. Valid values are ipsec.1.", in.Type)
	}
	asn := int64(defaultCustomerGatewayAsn)
	switch {
	case in.BgpAsn != 0 && in.BgpAsnExtended != 0:
		return 0, ip, awserr.New("InvalidParameterCombination", "The parameters BgpAsn and BgpAsnExtended cannot be specified together.")
	case in.BgpAsnExtended != 0:
		if in.BgpAsnExtended < 2147483648 || in.BgpAsnExtended > 4294967295 {
			return 0, ip, awserr.InvalidParameterValue("Value (%d) for parameter BgpAsnExtended is invalid. Valid values are 2147483648 to 4294967295.", in.BgpAsnExtended)
		}
		if in.BgpAsnExtended >= 4200000000 && in.BgpAsnExtended <= 4294967294 {
			return 0, ip, awserr.InvalidParameterValue("Value (%d) for parameter BgpAsnExtended is invalid. Customer gateways do not support private ASNs in the range 4200000000 to 4294967294.", in.BgpAsnExtended)
		}
		asn = in.BgpAsnExtended
	case in.BgpAsn != 0:
		if in.BgpAsn < 1 || in.BgpAsn > 2147483647 {
			return 0, ip, awserr.InvalidParameterValue("Value (%d) for parameter BgpAsn is invalid. Valid values are 1 to 2147483647; use BgpAsnExtended for larger ASNs.", in.BgpAsn)
		}
		asn = in.BgpAsn
	}
	if in.IPAddress != "" {
		a, err := netip.ParseAddr(in.IPAddress)
		if err != nil || a.Zone() != "" || a.IsUnspecified() || a.IsMulticast() || a.IsLoopback() {
			return 0, ip, awserr.InvalidParameterValue("Value (%s) for parameter ipAddress is invalid. Invalid Format.", in.IPAddress)
		}
		ip = a.Unmap()
	} else if in.CertificateArn == "" {
		return 0, ip, awserr.MissingParameter("IpAddress")
	}
	if in.CertificateArn != "" && !strings.HasPrefix(in.CertificateArn, "arn:") {
		return 0, ip, awserr.InvalidParameterValue("Value (%s) for parameter certificateArn is invalid. It must be the ARN of an ACM private certificate.", in.CertificateArn)
	}
	if len(in.DeviceName) > maxDeviceNameLen {
		return 0, ip, awserr.InvalidParameterValue("Value for parameter deviceName is invalid. It must be at most %d characters long.", maxDeviceNameLen)
	}
	return asn, ip, nil
}

// CreateCustomerGateway records a customer gateway device. The stored
// gateway is available; EC2 answers the create with pending.
func (s *Service) CreateCustomerGateway(ctx context.Context, scope model.Scope, in CreateCustomerGatewayInput) (*model.CustomerGateway, error) {
	asn, ip, err := validateCustomerGateway(in)
	if err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.CustomerGateway
	err = s.update(ctx, func(tx *store.Tx) error {
		purgeExpiredVPN(tx, scope)
		live := 0
		tx.CustomerGateways.All(func(g *model.CustomerGateway) bool {
			if !g.InScope(scope) || vpnGone(g.State) {
				return true
			}
			live++
			if g.Type == in.Type && g.IPAddress == ip && g.BgpAsn == asn && g.DeviceName == in.DeviceName && g.CertificateArn == in.CertificateArn && g.State == model.VPNStateAvailable {
				out = g
				return false
			}
			return true
		})
		if out != nil {
			return nil
		}
		if s.opts.AWSQuotas && live >= defaultCustomerGatewaysPerRgn {
			return awserr.New("CustomerGatewayLimitExceeded", "The maximum number of customer gateways (%d) has been reached.", defaultCustomerGatewaysPerRgn)
		}
		out = &model.CustomerGateway{
			Meta:           newMeta(tx, scope, tx.NewID("cgw"), in.Tags),
			State:          model.VPNStateAvailable,
			Type:           in.Type,
			IPAddress:      ip,
			BgpAsn:         asn,
			CertificateArn: in.CertificateArn,
			DeviceName:     in.DeviceName,
		}
		tx.CustomerGateways.Put(out)
		return nil
	})
	return out, err
}

// GetCustomerGateway returns a customer gateway in scope that has not been
// deleted.
func GetCustomerGateway(w *store.World, scope model.Scope, id string) (*model.CustomerGateway, error) {
	if id == "" {
		return nil, awserr.MissingParameter("CustomerGatewayId")
	}
	g, err := find(kindCGW, w.CustomerGateways, scope, id)
	if err != nil {
		return nil, err
	}
	if vpnGone(g.State) {
		return nil, kindCGW.NotFound(id)
	}
	return g, nil
}

// DeleteCustomerGateway deletes a customer gateway no live VPN connection
// uses; it stays visible as deleted.
func (s *Service) DeleteCustomerGateway(ctx context.Context, scope model.Scope, id string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		g, err := GetCustomerGateway(tx.World, scope, id)
		if err != nil {
			return err
		}
		inUse := false
		tx.VpnConnections.All(func(c *model.VpnConnection) bool {
			if c.CustomerGatewayID == g.ID && !vpnGone(c.State) {
				inUse = true
				return false
			}
			return true
		})
		if inUse {
			return awserr.New("IncorrectState", "The customer gateway is in use.")
		}
		c := model.Clone(g)
		c.State = model.VPNStateDeleted
		c.DeleteTime = tx.Now()
		tx.CustomerGateways.Put(c)
		return nil
	})
}

// purgeExpiredVPN removes deleted customer gateways and VPN connections of
// scope whose retention has passed.
func purgeExpiredVPN(tx *store.Tx, scope model.Scope) {
	now := tx.Now()
	var cgws, vpns []string
	tx.CustomerGateways.All(func(g *model.CustomerGateway) bool {
		if g.InScope(scope) && !VPNObjectVisible(g.State, g.DeleteTime, now) {
			cgws = append(cgws, g.ID)
		}
		return true
	})
	tx.VpnConnections.All(func(c *model.VpnConnection) bool {
		if c.InScope(scope) && !VPNObjectVisible(c.State, c.DeleteTime, now) {
			vpns = append(vpns, c.ID)
		}
		return true
	})
	for _, id := range cgws {
		tx.CustomerGateways.Delete(id)
	}
	for _, id := range vpns {
		tx.VpnConnections.Delete(id)
	}
}
