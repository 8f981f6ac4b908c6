package control_test

import (
	"context"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	dxctl "github.com/vpcsim/vpcsim/internal/control/directconnect"
	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// A Private IP VPN's tunnels run over a transit virtual interface of the
// Direct Connect gateway behind its transport attachment [S2S-VPN
// private-ip-dx.md "How private IP VPN works": "Private IP Site-to-Site
// VPN works over an AWS Direct Connect transit virtual interface (VIF)"].
// When the interface's BGP session goes down (the Direct Connect control's
// SetBGPStatusAs, what `vpcsim dx bgp down` and the admin route call),
// DescribeVpnConnections' telemetry (VpnTelemetryIn), the transit gateway
// route table (TGWTableRoutes, SearchTransitGatewayRoutes' source) and the
// data plane agree: tunnels DOWN, the on-premises prefix withdrawn, the
// VPC's packet dropped at the route table; and all come back with the
// session.
func TestPrivateIPVPNFollowsTransitVIF(t *testing.T) {
	ctx := context.Background()
	scope := model.Scope{Account: "123456789012", Region: "us-east-1"}
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ec2 := control.New(st, control.Options{})
	dxs := dxctl.New(st, dxctl.Options{})
	if err := ec2.EnsureScope(ctx, scope); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	vpc, err := ec2.CreateVpc(ctx, scope, control.CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	must(err)
	sub, err := ec2.CreateSubnet(ctx, scope, control.CreateSubnetInput{VpcID: vpc.ID, CidrBlock: "10.0.1.0/24"})
	must(err)
	eni, err := ec2.CreateNetworkInterface(ctx, scope, control.ENISpec{SubnetID: sub.ID})
	must(err)
	tgw, err := ec2.CreateTransitGateway(ctx, scope, control.CreateTransitGatewayInput{})
	must(err)
	_, err = ec2.CreateTransitGatewayVpcAttachment(ctx, scope, control.VpcAttachmentInput{TransitGatewayID: tgw.ID, VpcID: vpc.ID, SubnetIDs: []string{sub.ID}})
	must(err)
	var mainRtb string
	st.Snapshot().RouteTables.All(func(rt *model.RouteTable) bool {
		if rt.VpcID == vpc.ID {
			mainRtb = rt.ID
		}
		return mainRtb == ""
	})
	must(ec2.CreateRoute(ctx, scope, control.RouteInput{RouteTableID: mainRtb, DestinationCidrBlock: "172.16.0.0/12", TransitGatewayID: tgw.ID}))

	conn, err := dxs.CreateConnection(ctx, scope, dxctl.CreateConnectionInput{Location: "EqDC2", Bandwidth: "10Gbps", Name: "c"})
	must(err)
	gw, err := dxs.CreateGateway(ctx, scope, "g", 65010, nil)
	must(err)
	assoc, err := dxs.CreateAssociation(ctx, scope, gw.ID, tgw.ID, []string{"192.168.100.0/24"})
	must(err)
	vif, err := dxs.CreateVirtualInterface(ctx, scope, dxctl.VifInput{Type: dx.VifTransit, PortID: conn.ID, Name: "t", Vlan: 2, Asn: 65100, DxGatewayID: gw.ID,
		Tags: map[string]string{model.BGPTagKey: "10.200.0.0/30"}})
	must(err)

	cgw, err := ec2.CreateCustomerGateway(ctx, scope, control.CreateCustomerGatewayInput{Type: "ipsec.1", BgpAsn: 65001, IPAddress: "10.200.0.1",
		Tags: map[string]string{model.BGPTagKey: "172.16.0.0/16"}})
	must(err)
	vpn, err := ec2.CreateVpnConnection(ctx, scope, control.CreateVpnConnectionInput{Type: "ipsec.1", CustomerGatewayID: cgw.ID, TransitGatewayID: tgw.ID,
		OutsideIPAddressType: model.VPNOutsidePrivateIPv4, TransportTransitGatewayAttachmentID: assoc.TGWAttachmentID})
	must(err)

	// The transport must be a Direct Connect gateway attachment of the
	// connection's transit gateway, and Private IP VPN needs a transit
	// gateway (VPN-UG private-ip-dx.md).
	cgw2, err := ec2.CreateCustomerGateway(ctx, scope, control.CreateCustomerGatewayInput{Type: "ipsec.1", BgpAsn: 65002, IPAddress: "10.200.0.2"})
	must(err)
	vgw, err := ec2.CreateVpnGateway(ctx, scope, control.CreateVpnGatewayInput{Type: "ipsec.1"})
	must(err)
	var vpcAtt string
	st.Snapshot().TGWAttachments.All(func(a *model.TransitGatewayAttachment) bool {
		if a.ResourceType == model.TGWAttachVPC {
			vpcAtt = a.ID
		}
		return vpcAtt == ""
	})
	for _, c := range []struct {
		name string
		in   control.CreateVpnConnectionInput
		code string
	}{
		{"on a virtual private gateway", control.CreateVpnConnectionInput{VpnGatewayID: vgw.ID, TransportTransitGatewayAttachmentID: assoc.TGWAttachmentID}, "InvalidParameterCombination"},
		{"a VPC attachment as transport", control.CreateVpnConnectionInput{TransitGatewayID: tgw.ID, TransportTransitGatewayAttachmentID: vpcAtt}, "InvalidParameterValue"},
		{"an unknown transport", control.CreateVpnConnectionInput{TransitGatewayID: tgw.ID, TransportTransitGatewayAttachmentID: "tgw-attach-0123456789abcdef0"}, "InvalidTransitGatewayAttachmentID.NotFound"},
	} {
		c.in.Type, c.in.CustomerGatewayID, c.in.OutsideIPAddressType = "ipsec.1", cgw2.ID, model.VPNOutsidePrivateIPv4
		_, err := ec2.CreateVpnConnection(ctx, scope, c.in)
		if e, ok := awserr.As(err); !ok || e.Code != c.code {
			t.Errorf("%s: got %v, want %s", c.name, err, c.code)
		}
	}

	onprem := netip.MustParsePrefix("172.16.0.0/16")
	check := func(up bool) {
		t.Helper()
		w := st.Snapshot()
		c, _ := w.VpnConnections.Get(vpn.ID)
		// Telemetry.
		for i, tt := range control.VpnTelemetryIn(w, c) {
			wantStatus, wantMsg := "UP", ""
			if !up {
				wantStatus, wantMsg = "DOWN", control.TransportDownMessage
			}
			if tt.Status != wantStatus || tt.StatusMessage != wantMsg {
				t.Errorf("up=%v tunnel %d telemetry = %s %q", up, i+1, tt.Status, tt.StatusMessage)
			}
		}
		// SearchTransitGatewayRoutes' routes.
		g, _ := w.TransitGateways.Get(tgw.ID)
		rt, ok := w.TGWRouteTables.Get(g.Options.PropagationDefaultRouteTableID)
		if !ok {
			t.Fatalf("no default propagation route table on %s", tgw.ID)
		}
		found := false
		for _, r := range control.TGWTableRoutes(w, rt) {
			if r.Destination == onprem && r.ResourceType == model.TGWAttachVPN && r.ResourceID == vpn.ID {
				found = true
			}
		}
		if found != up {
			t.Errorf("up=%v: route %s to %s in the table = %v", up, onprem, vpn.ID, found)
		}
		// The plane.
		tr := dataplane.Compile(w).Trace(dataplane.Query{Source: eni.ID, Destination: "172.16.5.5", Protocol: "tcp", DestinationPort: 443})
		if tr.Err != nil {
			t.Fatal(tr.Err)
		}
		if tr.ForwardOK != up {
			t.Errorf("up=%v: plane forward reachable = %v: %+v", up, tr.ForwardOK, tr.Explanations)
		}
		if up {
			hopOK := false
			for _, h := range tr.Forward {
				if h.Component.ID == vpn.ID && (h.Reason == dataplane.ReasonVPNTunnelOverDX || h.Reason == dataplane.ReasonVPNTunnelECMPOverDX) {
					hopOK = true
				}
			}
			if !hopOK {
				t.Errorf("no VPN-over-Direct-Connect tunnel hop in %+v", tr.Forward)
			}
		} else if len(tr.Explanations) == 0 || tr.Explanations[0].Code != dataplane.TgwRtbCannotRoute {
			t.Errorf("down: explanations = %+v", tr.Explanations)
		}
	}
	check(true)
	_, err = dxs.SetBGPStatusAs(ctx, scope, vif.ID, "", false)
	must(err)
	check(false)
	_, err = dxs.SetBGPStatusAs(ctx, scope, vif.ID, "", true)
	must(err)
	check(true)
}
