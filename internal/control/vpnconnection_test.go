package control

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

func i32ptr(v int32) *int32 { return &v }

// TestCustomerGatewayRules pins S2S-VPN cgw-options.md and the EC2 API
// reference of CreateCustomerGateway: ASN ranges (BgpAsn 1-2147483647,
// default 65000; BgpAsnExtended above; no 32-bit private ASNs), an IP
// address unless a certificate is given, identical requests answered with
// the existing gateway, "in use" while a VPN connection uses it.
func TestCustomerGatewayRules(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		in   CreateCustomerGatewayInput
		code string
	}{
		{"bad type", CreateCustomerGatewayInput{Type: "ipsec.2", IPAddress: "198.51.100.1"}, "InvalidParameterValue"},
		{"asn too big", CreateCustomerGatewayInput{Type: "ipsec.1", BgpAsn: 2147483648, IPAddress: "198.51.100.1"}, "InvalidParameterValue"},
		{"extended too small", CreateCustomerGatewayInput{Type: "ipsec.1", BgpAsnExtended: 65000, IPAddress: "198.51.100.1"}, "InvalidParameterValue"},
		{"extended private", CreateCustomerGatewayInput{Type: "ipsec.1", BgpAsnExtended: 4200000001, IPAddress: "198.51.100.1"}, "InvalidParameterValue"},
		{"both asns", CreateCustomerGatewayInput{Type: "ipsec.1", BgpAsn: 65000, BgpAsnExtended: 4294967295, IPAddress: "198.51.100.1"}, "InvalidParameterCombination"},
		{"bad ip", CreateCustomerGatewayInput{Type: "ipsec.1", IPAddress: "300.1.1.1"}, "InvalidParameterValue"},
		{"no ip", CreateCustomerGatewayInput{Type: "ipsec.1"}, "MissingParameter"},
		{"long device name", CreateCustomerGatewayInput{Type: "ipsec.1", IPAddress: "198.51.100.1", DeviceName: strings.Repeat("x", 256)}, "InvalidParameterValue"},
	} {
		_, err := s.CreateCustomerGateway(ctx, testScope, c.in)
		t.Run(c.name, func(t *testing.T) { wantCode(t, err, c.code) })
	}
	g, err := s.CreateCustomerGateway(ctx, testScope, CreateCustomerGatewayInput{Type: "ipsec.1", IPAddress: "198.51.100.1", Tags: map[string]string{"vpcsim:bgp": "10.0.0.0/8"}})
	if err != nil {
		t.Fatal(err)
	}
	if g.BgpAsn != 65000 || g.State != model.VPNStateAvailable || g.IPAddress.String() != "198.51.100.1" {
		t.Fatalf("cgw %+v", g)
	}
	again, err := s.CreateCustomerGateway(ctx, testScope, CreateCustomerGatewayInput{Type: "ipsec.1", IPAddress: "198.51.100.1"})
	if err != nil || again.ID != g.ID {
		t.Fatalf("identical request: %v %v, want %s", err, again, g.ID)
	}
	named, err := s.CreateCustomerGateway(ctx, testScope, CreateCustomerGatewayInput{Type: "ipsec.1", IPAddress: "198.51.100.1", DeviceName: "edge-2"})
	if err != nil || named.ID == g.ID {
		t.Fatalf("distinct device name must create a new gateway: %v %v", err, named)
	}
	ext, err := s.CreateCustomerGateway(ctx, testScope, CreateCustomerGatewayInput{Type: "ipsec.1", BgpAsnExtended: 4294967295, CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc"})
	if err != nil || ext.BgpAsn != 4294967295 || ext.IPAddress.IsValid() {
		t.Fatalf("extended ASN with certificate: %v %+v", err, ext)
	}
	vgw, err := s.CreateVpnGateway(ctx, testScope, CreateVpnGatewayInput{Type: "ipsec.1"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.CreateVpnConnection(ctx, testScope, CreateVpnConnectionInput{Type: "ipsec.1", CustomerGatewayID: g.ID, VpnGatewayID: vgw.ID})
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteCustomerGateway(ctx, testScope, g.ID), "IncorrectState")
	wantCode(t, s.DeleteVpnGateway(ctx, testScope, vgw.ID), "IncorrectState")
	if err := s.DeleteVpnConnection(ctx, testScope, c.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteVpnConnection(ctx, testScope, c.ID), "InvalidVpnConnectionID.NotFound")
	if err := s.DeleteCustomerGateway(ctx, testScope, g.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteVpnGateway(ctx, testScope, vgw.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := s.View(ctx).CustomerGateways.Get(g.ID)
	if got.State != model.VPNStateDeleted || !VPNObjectVisible(got.State, got.DeleteTime, got.DeleteTime) {
		t.Fatalf("deleted gateway %+v must stay visible as deleted", got)
	}
	wantCode(t, s.DeleteCustomerGateway(ctx, testScope, g.ID), "InvalidCustomerGatewayID.NotFound")
}

// TestVpnTunnelOptions pins the allowed values of S2S-VPN VPNTunnels.md
// ("Tunnel options for your Site-to-Site VPN connection").
func TestVpnTunnelOptions(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	g, err := s.CreateCustomerGateway(ctx, testScope, CreateCustomerGatewayInput{Type: "ipsec.1", IPAddress: "198.51.100.7"})
	if err != nil {
		t.Fatal(err)
	}
	vgw, err := s.CreateVpnGateway(ctx, testScope, CreateVpnGatewayInput{Type: "ipsec.1"})
	if err != nil {
		t.Fatal(err)
	}
	base := CreateVpnConnectionInput{Type: "ipsec.1", CustomerGatewayID: g.ID, VpnGatewayID: vgw.ID, StaticRoutesOnly: true}
	with := func(specs ...TunnelSpec) CreateVpnConnectionInput { in := base; in.Tunnels = specs; return in }
	for _, c := range []struct {
		name string
		in   CreateVpnConnectionInput
		code string
	}{
		{"inside /29", with(TunnelSpec{InsideCidr: "169.254.10.0/29"}), "InvalidParameterValue"},
		{"inside outside link-local", with(TunnelSpec{InsideCidr: "10.0.0.0/30"}), "InvalidParameterValue"},
		{"reserved 169.254.0.0/30", with(TunnelSpec{InsideCidr: "169.254.0.0/30"}), "InvalidParameterValue"},
		{"reserved 169.254.5.0/30", with(TunnelSpec{InsideCidr: "169.254.5.0/30"}), "InvalidParameterValue"},
		{"reserved 169.254.169.252/30", with(TunnelSpec{InsideCidr: "169.254.169.252/30"}), "InvalidParameterValue"},
		{"same inside twice", with(TunnelSpec{InsideCidr: "169.254.10.0/30"}, TunnelSpec{InsideCidr: "169.254.10.0/30"}), "InvalidParameterValue"},
		{"psk short", with(TunnelSpec{PreSharedKey: "abc1234"}), "InvalidParameterValue"},
		{"psk leading zero", with(TunnelSpec{PreSharedKey: "0abcdefgh"}), "InvalidParameterValue"},
		{"psk bad char", with(TunnelSpec{PreSharedKey: "abcdefgh-1"}), "InvalidParameterValue"},
		{"phase1 short", with(TunnelSpec{Params: model.VpnTunnelParams{Phase1LifetimeSeconds: i32ptr(899)}}), "InvalidParameterValue"},
		{"phase2 over 3600", with(TunnelSpec{Params: model.VpnTunnelParams{Phase2LifetimeSeconds: i32ptr(3601)}}), "InvalidParameterValue"},
		{"phase2 not below phase1", with(TunnelSpec{Params: model.VpnTunnelParams{Phase1LifetimeSeconds: i32ptr(1000), Phase2LifetimeSeconds: i32ptr(1000)}}), "InvalidParameterValue"},
		{"rekey margin over half phase2", with(TunnelSpec{Params: model.VpnTunnelParams{RekeyMarginTimeSeconds: i32ptr(1801)}}), "InvalidParameterValue"},
		{"rekey fuzz 101", with(TunnelSpec{Params: model.VpnTunnelParams{RekeyFuzzPercentage: i32ptr(101)}}), "InvalidParameterValue"},
		{"replay 63", with(TunnelSpec{Params: model.VpnTunnelParams{ReplayWindowSize: i32ptr(63)}}), "InvalidParameterValue"},
		{"dpd 29", with(TunnelSpec{Params: model.VpnTunnelParams{DPDTimeoutSeconds: i32ptr(29)}}), "InvalidParameterValue"},
		{"dpd action", with(TunnelSpec{Params: model.VpnTunnelParams{DPDTimeoutAction: "stop"}}), "InvalidParameterValue"},
		{"dh group 5 in phase 1", with(TunnelSpec{Params: model.VpnTunnelParams{Phase1DHGroupNumbers: []int32{5}}}), "InvalidParameterValue"},
		{"3des", with(TunnelSpec{Params: model.VpnTunnelParams{Phase1EncryptionAlgorithms: []string{"3DES"}}}), "InvalidParameterValue"},
		{"ike v3", with(TunnelSpec{Params: model.VpnTunnelParams{IKEVersions: []string{"ikev3"}}}), "InvalidParameterValue"},
		{"startup", with(TunnelSpec{Params: model.VpnTunnelParams{StartupAction: "go"}}), "InvalidParameterValue"},
		{"log format", with(TunnelSpec{Params: model.VpnTunnelParams{LogEnabled: true, LogOutputFormat: "xml"}}), "InvalidParameterValue"},
		{"three tunnels", with(TunnelSpec{}, TunnelSpec{}, TunnelSpec{}), "InvalidParameterValue"},
		{"acceleration on a vgw", func() CreateVpnConnectionInput { in := base; in.EnableAcceleration = true; return in }(), "InvalidParameterValue"},
		{"ipv6 on a vgw", func() CreateVpnConnectionInput { in := base; in.TunnelInsideIPVersion = "ipv6"; return in }(), "InvalidParameterValue"},
		{"both targets", func() CreateVpnConnectionInput { in := base; in.TransitGatewayID = "tgw-12345678"; return in }(), "InvalidParameterCombination"},
		{"no target", func() CreateVpnConnectionInput { in := base; in.VpnGatewayID = ""; return in }(), "MissingParameter"},
		{"ipv6 cidr on ipv4", func() CreateVpnConnectionInput { in := base; in.LocalIPv6NetworkCidr = "::/0"; return in }(), "InvalidParameterCombination"},
	} {
		_, err := s.CreateVpnConnection(ctx, testScope, c.in)
		t.Run(c.name, func(t *testing.T) { wantCode(t, err, c.code) })
	}
	ok := with(TunnelSpec{InsideCidr: "169.254.10.0/30", PreSharedKey: "secret_key.1", Params: model.VpnTunnelParams{
		Phase1LifetimeSeconds: i32ptr(28800), Phase2LifetimeSeconds: i32ptr(3600), RekeyMarginTimeSeconds: i32ptr(1800),
		RekeyFuzzPercentage: i32ptr(0), IKEVersions: []string{"ikev2"}, Phase1DHGroupNumbers: []int32{14}, DPDTimeoutAction: "restart", StartupAction: "start",
	}})
	c, err := s.CreateVpnConnection(ctx, testScope, ok)
	if err != nil {
		t.Fatal(err)
	}
	t1, t2 := c.Tunnels[0], c.Tunnels[1]
	if t1.InsideCidr.String() != "169.254.10.0/30" || t1.PreSharedKey != "secret_key.1" || *t1.Params.RekeyFuzzPercentage != 0 {
		t.Fatalf("tunnel 1 %+v", t1)
	}
	if !validPSK(t2.PreSharedKey) || len(t2.PreSharedKey) != 32 || t2.InsideCidr.Bits() != 30 || t2.InsideCidr == t1.InsideCidr {
		t.Fatalf("generated tunnel 2 %+v", t2)
	}
	if t1.OutsideIPAddress.String() >= t2.OutsideIPAddress.String() {
		t.Fatalf("tunnels not in outside address order: %s, %s", t1.OutsideIPAddress, t2.OutsideIPAddress)
	}
	if c.LocalIPv4NetworkCidr.String() != "0.0.0.0/0" || c.RemoteIPv4NetworkCidr.String() != "0.0.0.0/0" || c.LocalIPv6NetworkCidr.IsValid() {
		t.Fatalf("network CIDR defaults %+v", c)
	}
	// The inside CIDR is unique on the virtual private gateway.
	g2, _ := s.CreateCustomerGateway(ctx, testScope, CreateCustomerGatewayInput{Type: "ipsec.1", IPAddress: "198.51.100.8"})
	dup := with(TunnelSpec{InsideCidr: "169.254.10.0/30"})
	dup.CustomerGatewayID = g2.ID
	_, err = s.CreateVpnConnection(ctx, testScope, dup)
	wantCode(t, err, "InvalidParameterValue")
	// The operation is idempotent (EC2 API CreateVpnConnection).
	if again, err := s.CreateVpnConnection(ctx, testScope, base); err != nil || again.ID != c.ID {
		t.Fatalf("repeat create: %v %v, want %s", err, again, c.ID)
	}
	// Two connections on one gateway cannot share a customer gateway IP.
	same, _ := s.CreateCustomerGateway(ctx, testScope, CreateCustomerGatewayInput{Type: "ipsec.1", IPAddress: "198.51.100.7", DeviceName: "other"})
	sameIP := base
	sameIP.CustomerGatewayID = same.ID
	_, err = s.CreateVpnConnection(ctx, testScope, sameIP)
	wantCode(t, err, "InvalidCustomerGateway.DuplicateIpAddress")
	// ModifyVpnTunnelOptions: same rules, by outside address.
	_, err = s.ModifyVpnTunnelOptions(ctx, testScope, c.ID, t2.OutsideIPAddress.String(), TunnelSpec{InsideCidr: "169.254.10.0/30"})
	wantCode(t, err, "InvalidParameterValue")
	_, err = s.ModifyVpnTunnelOptions(ctx, testScope, c.ID, "192.0.2.1", TunnelSpec{})
	wantCode(t, err, "InvalidParameterValue")
	m, err := s.ModifyVpnTunnelOptions(ctx, testScope, c.ID, t2.OutsideIPAddress.String(), TunnelSpec{InsideCidr: "169.254.20.4/30", Params: model.VpnTunnelParams{DPDTimeoutSeconds: i32ptr(40)}})
	if err != nil || m.Tunnels[1].InsideCidr.String() != "169.254.20.4/30" || *m.Tunnels[1].Params.DPDTimeoutSeconds != 40 || m.Tunnels[1].PreSharedKey != t2.PreSharedKey {
		t.Fatalf("modify tunnel: %v %+v", err, m)
	}
	if !strings.Contains(m.CustomerGatewayConfiguration, "169.254.20.5") {
		t.Fatal("configuration document not regenerated after ModifyVpnTunnelOptions")
	}
}

// TestVpnRoutesAndTargets pins vpn-edit-static-routes.md (static routes
// on static connections of a virtual private gateway, 100 at most),
// modify-vpn-target.md (VGW <-> TGW migrations, static routes deleted
// first) and the transit gateway attachment of resource type vpn with the
// default association and propagation [TGW tgw-vpn-attachments.md].
func TestVpnRoutesAndTargets(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	g, _ := s.CreateCustomerGateway(ctx, testScope, CreateCustomerGatewayInput{Type: "ipsec.1", IPAddress: "198.51.100.9", BgpAsn: 65010})
	vgw, _ := s.CreateVpnGateway(ctx, testScope, CreateVpnGatewayInput{Type: "ipsec.1", AmazonSideAsn: 64600})
	tgw, err := s.CreateTransitGateway(ctx, testScope, CreateTransitGatewayInput{})
	if err != nil {
		t.Fatal(err)
	}
	static, err := s.CreateVpnConnection(ctx, testScope, CreateVpnConnectionInput{Type: "ipsec.1", CustomerGatewayID: g.ID, VpnGatewayID: vgw.ID, StaticRoutesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateVpnConnectionRoute(ctx, testScope, static.ID, "10.10.0.0/16"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CreateVpnConnectionRoute(ctx, testScope, static.ID, "10.10.0.0/16"), "InvalidRoute.Duplicate")
	wantCode(t, s.CreateVpnConnectionRoute(ctx, testScope, static.ID, "10.10.0.1/16"), "InvalidParameterValue")
	wantCode(t, s.DeleteVpnConnectionRoute(ctx, testScope, static.ID, "10.20.0.0/16"), "InvalidRoute.NotFound")
	_, err = s.ModifyVpnConnection(ctx, testScope, static.ID, ModifyVpnConnectionInput{TransitGatewayID: tgw.ID})
	wantCode(t, err, "IncorrectState")
	if err := s.DeleteVpnConnectionRoute(ctx, testScope, static.ID, "10.10.0.0/16"); err != nil {
		t.Fatal(err)
	}
	moved, err := s.ModifyVpnConnection(ctx, testScope, static.ID, ModifyVpnConnectionInput{TransitGatewayID: tgw.ID})
	if err != nil {
		t.Fatal(err)
	}
	if moved.VpnGatewayID != "" || moved.TransitGatewayID != tgw.ID || moved.TransitGatewayAttachmentID == "" || moved.Tunnels[0].OutsideIPAddress != static.Tunnels[0].OutsideIPAddress {
		t.Fatalf("moved %+v", moved)
	}
	wantCode(t, s.CreateVpnConnectionRoute(ctx, testScope, moved.ID, "10.10.0.0/16"), "InvalidParameterValue")
	w := s.View(ctx)
	a, ok := w.TGWAttachments.Get(moved.TransitGatewayAttachmentID)
	if !ok || a.ResourceType != model.TGWAttachVPN || a.ResourceID != moved.ID || a.Association == nil || a.Association.RouteTableID != tgw.Options.AssociationDefaultRouteTableID {
		t.Fatalf("attachment %+v", a)
	}
	rt, _ := w.TGWRouteTables.Get(tgw.Options.PropagationDefaultRouteTableID)
	if len(rt.Propagations) != 1 || rt.Propagations[0].AttachmentID != a.ID {
		t.Fatalf("propagations %+v", rt.Propagations)
	}
	if _, err := s.DeleteTransitGateway(ctx, testScope, tgw.ID); err == nil {
		t.Fatal("transit gateway with a VPN attachment deleted")
	}
	bgp, err := s.CreateVpnConnection(ctx, testScope, CreateVpnConnectionInput{Type: "ipsec.1", CustomerGatewayID: g.ID, VpnGatewayID: vgw.ID})
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CreateVpnConnectionRoute(ctx, testScope, bgp.ID, "10.10.0.0/16"), "InvalidParameterValue")
	// The configuration document: Terraform's reading of it.
	var doc struct {
		Tunnels []struct {
			OutsideAddress string `xml:"vpn_gateway>tunnel_outside_address>ip_address"`
			VgwInside      string `xml:"vpn_gateway>tunnel_inside_address>ip_address"`
			CgwInside      string `xml:"customer_gateway>tunnel_inside_address>ip_address"`
			PSK            string `xml:"ike>pre_shared_key"`
			ASN            string `xml:"vpn_gateway>bgp>asn"`
			HoldTime       int    `xml:"vpn_gateway>bgp>hold_time"`
		} `xml:"ipsec_tunnel"`
	}
	if err := xml.Unmarshal([]byte(bgp.CustomerGatewayConfiguration), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Tunnels) != 2 || doc.Tunnels[0].OutsideAddress != bgp.Tunnels[0].OutsideIPAddress.String() || doc.Tunnels[0].PSK != bgp.Tunnels[0].PreSharedKey ||
		doc.Tunnels[0].ASN != "64600" || doc.Tunnels[0].HoldTime != 30 || doc.Tunnels[0].VgwInside != bgp.Tunnels[0].InsideCidr.Addr().Next().String() {
		t.Fatalf("document %+v\n%s", doc, bgp.CustomerGatewayConfiguration)
	}
	back, err := s.ModifyVpnConnection(ctx, testScope, static.ID, ModifyVpnConnectionInput{VpnGatewayID: vgw.ID})
	if err != nil {
		// Same customer gateway IP on the gateway as the BGP connection.
		wantCode(t, err, "InvalidCustomerGateway.DuplicateIpAddress")
	} else {
		t.Fatalf("moved back despite the duplicate IP: %+v", back)
	}
	if err := s.DeleteVpnConnection(ctx, testScope, static.ID); err != nil {
		t.Fatal(err)
	}
	a, _ = s.View(ctx).TGWAttachments.Get(moved.TransitGatewayAttachmentID)
	if a.State != model.TGWDeleted {
		t.Fatalf("attachment after delete %+v", a)
	}
	if _, err := s.DeleteTransitGateway(ctx, testScope, tgw.ID); err != nil {
		t.Fatal(err)
	}
	// Telemetry reads AdminDown.
	c := model.Clone(bgp)
	c.Tunnels[1].AdminDown = true
	tel := VpnTelemetry(c)
	if tel[0].Status != "UP" || tel[1].Status != "DOWN" {
		t.Fatalf("telemetry %+v", tel)
	}
	out, err := s.GetVpnConnectionDeviceSampleConfiguration(ctx, testScope, SampleConfigInput{VpnConnectionID: bgp.ID, DeviceTypeID: VpnDeviceTypes[1].ID, IKEVersion: "ikev2"})
	if err != nil || !strings.Contains(out, "ASA 5500") || !strings.Contains(out, bgp.Tunnels[1].PreSharedKey) {
		t.Fatalf("sample: %v\n%s", err, out)
	}
	_, err = s.GetVpnConnectionDeviceSampleConfiguration(ctx, testScope, SampleConfigInput{VpnConnectionID: bgp.ID, DeviceTypeID: VpnDeviceTypes[0].ID, SampleType: "recommended"})
	wantCode(t, err, "UnsupportedOperation")
}
