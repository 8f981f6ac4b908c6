package control

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
)

// VpnDeviceType is one entry of the customer gateway device catalogue
// (GetVpnConnectionDeviceTypes); the id is opaque.
type VpnDeviceType struct {
	ID       string
	Vendor   string
	Platform string
	Software string
}

// VpnDeviceTypes is a small fixed catalogue of the customer gateway
// devices AWS provides sample configurations for [S2S-VPN your-cgw.md
// "Customer gateway devices we've tested"], in id order.
var VpnDeviceTypes = []VpnDeviceType{
	{ID: "0a5d4d1c", Vendor: "Generic", Platform: "Generic", Software: "Vendor Agnostic"},
	{ID: "1b6e5e2d", Vendor: "Cisco Systems, Inc.", Platform: "ASA 5500 Series", Software: "ASA 9.7+ VTI"},
	{ID: "2c7f6f3e", Vendor: "Cisco Systems, Inc.", Platform: "ISR Series Routers", Software: "IOS 12.4+"},
	{ID: "3d8a7a4f", Vendor: "Juniper Networks, Inc.", Platform: "J-Series Routers", Software: "JunOS 9.5+"},
	{ID: "4e9b8b5a", Vendor: "Juniper Networks, Inc.", Platform: "SRX Routers", Software: "JunOS 11.0+"},
	{ID: "5fac9c6b", Vendor: "Palo Alto Networks", Platform: "PA Series", Software: "PANOS 7.0+"},
	{ID: "6abdad7c", Vendor: "Fortinet", Platform: "Fortigate 40+ Series", Software: "FortiOS 6.4.4+ (GUI)"},
	{ID: "7bcebe8d", Vendor: "Microsoft", Platform: "Windows Server", Software: "2012 R2"},
	{ID: "8cdfcf9e", Vendor: "Openswan", Platform: "Openswan", Software: "Openswan 2.6.38+"},
	{ID: "9de0d0af", Vendor: "Strongswan", Platform: "Ubuntu 16.04", Software: "Strongswan 5.5.1+"},
	{ID: "aef1e1b0", Vendor: "Yamaha", Platform: "RTX Routers", Software: "Rev.10.01.16+"},
}

// SampleConfigInput is GetVpnConnectionDeviceSampleConfiguration's request.
type SampleConfigInput struct {
	VpnConnectionID string
	DeviceTypeID    string
	IKEVersion      string // ikev1 | ikev2 (default ikev1)
	SampleType      string // compatibility | recommended
}

// GetVpnConnectionDeviceSampleConfiguration renders a text configuration
// for the chosen device, filled from the connection: the tunnels' outside
// and inside addresses, pre-shared keys, IKE and IPsec parameters and BGP
// settings. The format is vpcsim's vendor-neutral one, labelled with the
// device.
func (s *Service) GetVpnConnectionDeviceSampleConfiguration(ctx context.Context, scope model.Scope, in SampleConfigInput) (string, error) {
	var dev *VpnDeviceType
	for i := range VpnDeviceTypes {
		if VpnDeviceTypes[i].ID == in.DeviceTypeID {
			dev = &VpnDeviceTypes[i]
		}
	}
	if dev == nil {
		return "", awserr.InvalidParameterValue("Value (%s) for parameter VpnConnectionDeviceTypeId is invalid. The device type does not exist.", in.DeviceTypeID)
	}
	ike := orDefault(in.IKEVersion, "ikev1")
	if ike != "ikev1" && ike != "ikev2" {
		return "", awserr.InvalidParameterValue("Value (%s) for parameter InternetKeyExchangeVersion is invalid. Valid values are ikev1 and ikev2.", ike)
	}
	switch in.SampleType {
	case "", "compatibility":
	case "recommended":
		if ike == "ikev1" {
			return "", awserr.New("UnsupportedOperation", "The recommended sample configuration does not support IKEv1.")
		}
	default:
		return "", awserr.InvalidParameterValue("Value (%s) for parameter SampleType is invalid. Valid values are compatibility and recommended.", in.SampleType)
	}
	w := s.View(ctx)
	c, err := GetVpnConnection(w, scope, in.VpnConnectionID)
	if err != nil {
		return "", err
	}
	cgw, ok := w.CustomerGateways.Get(c.CustomerGatewayID)
	if !ok {
		return "", kindCGW.NotFound(c.CustomerGatewayID)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "! Amazon Web Services\n! Virtual Private Cloud\n!\n")
	fmt.Fprintf(&b, "! Sample configuration for %s %s (%s), %s\n", dev.Vendor, dev.Platform, dev.Software, strings.ToUpper(ike))
	fmt.Fprintf(&b, "! VPN connection: %s\n! Customer gateway: %s\n", c.ID, c.CustomerGatewayID)
	if c.VpnGatewayID != "" {
		fmt.Fprintf(&b, "! Virtual private gateway: %s\n", c.VpnGatewayID)
	} else {
		fmt.Fprintf(&b, "! Transit gateway: %s\n", c.TransitGatewayID)
	}
	routing := "BGP (dynamic)"
	if c.StaticRoutesOnly {
		routing = "static"
	}
	fmt.Fprintf(&b, "! Routing: %s\n", routing)
	for i, t := range c.Tunnels {
		p := t.Params
		awsIn, cgwIn := TunnelInsideAddresses(t)
		bits := t.InsideCidr.Bits()
		if t.InsideIPv6Cidr.IsValid() {
			bits = t.InsideIPv6Cidr.Bits()
		}
		fmt.Fprintf(&b, "!\n! IPSec Tunnel #%d\n", i+1)
		fmt.Fprintf(&b, "! #1: Internet Key Exchange (IKE) Configuration\n")
		fmt.Fprintf(&b, "!   - IKE version             : %s\n", ike)
		fmt.Fprintf(&b, "!   - Authentication Method   : Pre-Shared Key\n")
		fmt.Fprintf(&b, "!   - Pre-Shared Key          : %s\n", t.PreSharedKey)
		fmt.Fprintf(&b, "!   - Authentication Algorithm: %s\n", firstOr(p.Phase1IntegrityAlgorithms, "SHA1"))
		fmt.Fprintf(&b, "!   - Encryption Algorithm    : %s\n", firstOr(p.Phase1EncryptionAlgorithms, "AES128"))
		fmt.Fprintf(&b, "!   - Lifetime                : %d seconds\n", effective(p.Phase1LifetimeSeconds, DefaultPhase1Lifetime))
		fmt.Fprintf(&b, "!   - Diffie-Hellman          : %s\n", dhName(p.Phase1DHGroupNumbers))
		fmt.Fprintf(&b, "! #2: IPSec Configuration\n")
		fmt.Fprintf(&b, "!   - Protocol                : esp\n")
		fmt.Fprintf(&b, "!   - Authentication Algorithm: %s\n", firstOr(p.Phase2IntegrityAlgorithms, "SHA1"))
		fmt.Fprintf(&b, "!   - Encryption Algorithm    : %s\n", firstOr(p.Phase2EncryptionAlgorithms, "AES128"))
		fmt.Fprintf(&b, "!   - Lifetime                : %d seconds\n", effective(p.Phase2LifetimeSeconds, DefaultPhase2Lifetime))
		fmt.Fprintf(&b, "!   - Perfect Forward Secrecy : %s\n", dhName(p.Phase2DHGroupNumbers))
		fmt.Fprintf(&b, "!   - Mode                    : tunnel\n")
		fmt.Fprintf(&b, "!   - DPD timeout             : %d seconds, action %s\n", effective(p.DPDTimeoutSeconds, DefaultDPDTimeout), orDefault(p.DPDTimeoutAction, DefaultDPDTimeoutAction))
		fmt.Fprintf(&b, "! #3: Tunnel Interface Configuration\n")
		fmt.Fprintf(&b, "!   Outside IP Addresses:\n")
		fmt.Fprintf(&b, "!   - Customer Gateway        : %s\n", addrString(cgw.IPAddress))
		fmt.Fprintf(&b, "!   - Virtual Private Gateway : %s\n", t.OutsideIPAddress)
		fmt.Fprintf(&b, "!   Inside IP Addresses:\n")
		fmt.Fprintf(&b, "!   - Customer Gateway        : %s/%d\n", addrString(cgwIn), bits)
		fmt.Fprintf(&b, "!   - Virtual Private Gateway : %s/%d\n", addrString(awsIn), bits)
		if !c.StaticRoutesOnly {
			fmt.Fprintf(&b, "! #4: Border Gateway Protocol (BGP) Configuration\n")
			fmt.Fprintf(&b, "!   - Customer Gateway ASN    : %d\n", cgw.BgpAsn)
			fmt.Fprintf(&b, "!   - Virtual Private Gateway ASN: %d\n", AmazonSideAsn(w, c))
			fmt.Fprintf(&b, "!   - Neighbor IP Address     : %s\n", addrString(awsIn))
			fmt.Fprintf(&b, "!   - Hold Time               : %d seconds\n", bgpHoldTime)
		} else {
			fmt.Fprintf(&b, "! #4: Static Routing Configuration\n")
			for _, r := range c.Routes {
				fmt.Fprintf(&b, "!   - Route to %s via tunnel %d\n", r.Destination, i+1)
			}
		}
	}
	return b.String(), nil
}

// TunnelTelemetry is one tunnel's VgwTelemetry.
type TunnelTelemetry struct {
	OutsideIP          string
	Status             string // UP | DOWN
	StatusMessage      string
	AcceptedRouteCount int32
	LastStatusChange   time.Time
}

// VpnTelemetry returns the connection's tunnel telemetry: a tunnel is UP
// unless it was taken down (VpnTunnel.AdminDown). A static connection
// accepts its static routes; BGP routes are counted by the on-premises
// side's declaration (not modelled here: 0).
func VpnTelemetry(c *model.VpnConnection) []TunnelTelemetry {
	out := make([]TunnelTelemetry, len(c.Tunnels))
	for i, t := range c.Tunnels {
		tt := TunnelTelemetry{OutsideIP: t.OutsideIPAddress.String(), Status: "UP", LastStatusChange: t.LastStatusChange}
		if t.AdminDown {
			tt.Status = "DOWN"
		}
		if c.StaticRoutesOnly && !t.AdminDown {
			tt.AcceptedRouteCount = int32(len(c.Routes))
		}
		if vpnGone(c.State) {
			tt.Status = "DOWN"
			tt.AcceptedRouteCount = 0
		}
		out[i] = tt
	}
	return out
}
