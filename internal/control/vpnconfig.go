package control

import (
	"encoding/xml"
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// The customer gateway configuration document: AWS's native XML format
// (a vpn_connection element with one ipsec_tunnel per tunnel, each with
// the customer_gateway and vpn_gateway sides, and the ike and ipsec
// parameters), which clients such as Terraform parse for the tunnels'
// addresses, keys and BGP settings [S2S-VPN SetUpVPNConnections.md
// "Download the configuration file"; Generic_Troubleshooting.md].

type cgwAddr struct {
	IP      string `xml:"ip_address"`
	Mask    string `xml:"network_mask,omitempty"`
	CIDRLen int    `xml:"network_cidr,omitempty"`
}

type cgwBGP struct {
	ASN      int64 `xml:"asn"`
	HoldTime int   `xml:"hold_time"`
}

type cgwSide struct {
	Outside cgwAddr `xml:"tunnel_outside_address"`
	Inside  cgwAddr `xml:"tunnel_inside_address"`
	BGP     *cgwBGP `xml:"bgp,omitempty"`
}

type cgwIKE struct {
	Auth     string `xml:"authentication_protocol"`
	Enc      string `xml:"encryption_protocol"`
	Lifetime int32  `xml:"lifetime"`
	PFS      string `xml:"perfect_forward_secrecy"`
	Mode     string `xml:"mode"`
	PSK      string `xml:"pre_shared_key"`
}

type cgwDPD struct {
	Delay int32 `xml:"delay"`
	Retry int   `xml:"retry"`
}

type cgwIPsec struct {
	Protocol   string `xml:"protocol"`
	Auth       string `xml:"authentication_protocol"`
	Enc        string `xml:"encryption_protocol"`
	Lifetime   int32  `xml:"lifetime"`
	PFS        string `xml:"perfect_forward_secrecy"`
	Mode       string `xml:"mode"`
	ClearDF    bool   `xml:"clear_df_bit"`
	FragBefore bool   `xml:"fragmentation_before_encryption"`
	TCPMSS     int    `xml:"tcp_mss_adjustment"`
	DPD        cgwDPD `xml:"dead_peer_detection"`
}

type cgwTunnel struct {
	Customer cgwSide  `xml:"customer_gateway"`
	Gateway  cgwSide  `xml:"vpn_gateway"`
	IKE      cgwIKE   `xml:"ike"`
	IPsec    cgwIPsec `xml:"ipsec"`
}

type cgwDocument struct {
	XMLName         xml.Name    `xml:"vpn_connection"`
	ID              string      `xml:"id,attr"`
	CustomerGateway string      `xml:"customer_gateway_id"`
	VpnGateway      string      `xml:"vpn_gateway_id,omitempty"`
	TransitGateway  string      `xml:"transit_gateway_id,omitempty"`
	Type            string      `xml:"vpn_connection_type"`
	Attributes      string      `xml:"vpn_connection_attributes,omitempty"`
	Tunnels         []cgwTunnel `xml:"ipsec_tunnel"`
}

// bgpHoldTime is the BGP hold time AWS configures (seconds).
const bgpHoldTime = 30

// AmazonSideAsn returns the ASN of a connection's AWS side: its virtual
// private gateway's or transit gateway's.
func AmazonSideAsn(w *store.World, c *model.VpnConnection) int64 {
	if g, ok := w.VpnGateways.Get(c.VpnGatewayID); ok && c.VpnGatewayID != "" {
		return g.AmazonSideAsn
	}
	if g, ok := w.TransitGateways.Get(c.TransitGatewayID); ok && c.TransitGatewayID != "" {
		return g.Options.AmazonSideAsn
	}
	return 0
}

// TunnelInsideAddresses returns the AWS side's and the customer side's
// inside addresses of a tunnel: the first and second host of its inside
// CIDR (IPv6 when the tunnels use IPv6).
func TunnelInsideAddresses(t model.VpnTunnel) (aws, customer netip.Addr) {
	p := t.InsideCidr
	if t.InsideIPv6Cidr.IsValid() {
		p = t.InsideIPv6Cidr
	}
	if !p.IsValid() {
		return
	}
	aws = p.Addr().Next()
	return aws, aws.Next()
}

func firstOr(vs []string, def string) string {
	if len(vs) > 0 {
		return vs[0]
	}
	return def
}

// ikeName maps an API algorithm name to the configuration file's.
func ikeName(alg string, esp bool) string {
	switch alg {
	case "AES128":
		return "aes-128-cbc"
	case "AES256":
		return "aes-256-cbc"
	case "AES128-GCM-16":
		return "aes-128-gcm-16"
	case "AES256-GCM-16":
		return "aes-256-gcm-16"
	case "SHA1":
		if esp {
			return "hmac-sha1-96"
		}
		return "sha1"
	case "SHA2-256":
		if esp {
			return "hmac-sha256-128"
		}
		return "sha256"
	case "SHA2-384":
		return "sha384"
	case "SHA2-512":
		return "sha512"
	}
	return strings.ToLower(alg)
}

func dhName(groups []int32) string {
	if len(groups) > 0 {
		return fmt.Sprintf("group%d", groups[0])
	}
	return "group2"
}

// CustomerGatewayConfiguration renders a connection's configuration
// document for customer gateway cgw.
func CustomerGatewayConfiguration(w *store.World, c *model.VpnConnection, cgw *model.CustomerGateway) string {
	doc := cgwDocument{
		ID:              c.ID,
		CustomerGateway: c.CustomerGatewayID,
		VpnGateway:      c.VpnGatewayID,
		TransitGateway:  c.TransitGatewayID,
		Type:            c.Type,
	}
	if c.StaticRoutesOnly {
		doc.Attributes = "NoBGPVPNConnection"
	}
	amazonAsn := AmazonSideAsn(w, c)
	for _, t := range c.Tunnels {
		awsIn, cgwIn := TunnelInsideAddresses(t)
		mask, bits := "255.255.255.252", 30
		if t.InsideIPv6Cidr.IsValid() {
			mask, bits = "", 126
		}
		cgwOut := ""
		if cgw.IPAddress.IsValid() {
			cgwOut = cgw.IPAddress.String()
		}
		p := t.Params
		tun := cgwTunnel{
			Customer: cgwSide{Outside: cgwAddr{IP: cgwOut}, Inside: cgwAddr{IP: addrString(cgwIn), Mask: mask, CIDRLen: bits}},
			Gateway:  cgwSide{Outside: cgwAddr{IP: t.OutsideIPAddress.String()}, Inside: cgwAddr{IP: addrString(awsIn), Mask: mask, CIDRLen: bits}},
			IKE: cgwIKE{
				Auth:     ikeName(firstOr(p.Phase1IntegrityAlgorithms, "SHA1"), false),
				Enc:      ikeName(firstOr(p.Phase1EncryptionAlgorithms, "AES128"), false),
				Lifetime: effective(p.Phase1LifetimeSeconds, DefaultPhase1Lifetime),
				PFS:      dhName(p.Phase1DHGroupNumbers),
				Mode:     "main",
				PSK:      t.PreSharedKey,
			},
			IPsec: cgwIPsec{
				Protocol:   "esp",
				Auth:       ikeName(firstOr(p.Phase2IntegrityAlgorithms, "SHA1"), true),
				Enc:        ikeName(firstOr(p.Phase2EncryptionAlgorithms, "AES128"), true),
				Lifetime:   effective(p.Phase2LifetimeSeconds, DefaultPhase2Lifetime),
				PFS:        dhName(p.Phase2DHGroupNumbers),
				Mode:       "tunnel",
				ClearDF:    true,
				FragBefore: true,
				TCPMSS:     1379,
				DPD:        cgwDPD{Delay: 10, Retry: 3},
			},
		}
		if !c.StaticRoutesOnly {
			tun.Customer.BGP = &cgwBGP{ASN: cgw.BgpAsn, HoldTime: bgpHoldTime}
			tun.Gateway.BGP = &cgwBGP{ASN: amazonAsn, HoldTime: bgpHoldTime}
		}
		doc.Tunnels = append(doc.Tunnels, tun)
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		// The document is made of strings and numbers only.
		return ""
	}
	return xml.Header + string(b)
}

func addrString(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}
