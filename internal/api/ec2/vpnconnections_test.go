package ec2_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestVpnWire drives the Site-to-Site VPN operations with the real SDK
// client, as Terraform's aws_customer_gateway, aws_vpn_connection and
// aws_vpn_connection_route do.
func TestVpnWire(t *testing.T) {
	c, _ := newGatewayTestClient(t)
	ctx := context.Background()

	cg, err := c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{
		Type: types.GatewayTypeIpsec1, BgpAsn: aws.Int32(65001), IpAddress: aws.String("198.51.100.10"),
		TagSpecifications: gwTagSpec(types.ResourceTypeCustomerGateway, "Name", "office"),
	})
	if err != nil {
		t.Fatal(err)
	}
	cgwID := aws.ToString(cg.CustomerGateway.CustomerGatewayId)
	if aws.ToString(cg.CustomerGateway.BgpAsn) != "65001" || aws.ToString(cg.CustomerGateway.IpAddress) != "198.51.100.10" {
		t.Fatalf("customer gateway %+v", cg.CustomerGateway)
	}
	_, err = c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, BgpAsn: aws.Int32(65001), IpAddress: aws.String("not-an-ip")})
	gwWantCode(t, err, "InvalidParameterValue")
	dc, err := c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{Filters: []types.Filter{
		{Name: aws.String("bgp-asn"), Values: []string{"65001"}}, {Name: aws.String("tag:Name"), Values: []string{"office"}},
	}})
	if err != nil || len(dc.CustomerGateways) != 1 || aws.ToString(dc.CustomerGateways[0].State) != "available" {
		t.Fatalf("describe customer gateways: %v %+v", err, dc)
	}

	vg, err := c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1})
	if err != nil {
		t.Fatal(err)
	}
	vgwID := aws.ToString(vg.VpnGateway.VpnGatewayId)
	cv, err := c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{
		CustomerGatewayId: &cgwID, Type: aws.String("ipsec.1"), VpnGatewayId: &vgwID,
		Options: &types.VpnConnectionOptionsSpecification{
			StaticRoutesOnly: aws.Bool(true),
			TunnelOptions: []types.VpnTunnelOptionsSpecification{{
				TunnelInsideCidr: aws.String("169.254.44.0/30"), PreSharedKey: aws.String("tunnel_one.key"),
				Phase1EncryptionAlgorithms: []types.Phase1EncryptionAlgorithmsRequestListValue{{Value: aws.String("AES256")}},
				IKEVersions:                []types.IKEVersionsRequestListValue{{Value: aws.String("ikev2")}},
			}},
		},
		TagSpecifications: gwTagSpec(types.ResourceTypeVpnConnection, "Name", "static"),
	})
	if err != nil {
		t.Fatal(err)
	}
	v := cv.VpnConnection
	vpnID := aws.ToString(v.VpnConnectionId)
	if v.State != types.VpnStatePending || len(v.Options.TunnelOptions) != 2 || aws.ToString(v.Options.TunnelOptions[0].TunnelInsideCidr) != "169.254.44.0/30" ||
		aws.ToString(v.Options.TunnelOptions[0].PreSharedKey) != "tunnel_one.key" || len(v.Options.TunnelOptions[0].IkeVersions) != 1 ||
		aws.ToString(v.Options.LocalIpv4NetworkCidr) != "0.0.0.0/0" || aws.ToString(v.CustomerGatewayConfiguration) == "" || len(v.VgwTelemetry) != 2 {
		t.Fatalf("create vpn %+v", v)
	}
	if err := func() error {
		_, err := c.CreateVpnConnectionRoute(ctx, &ec2.CreateVpnConnectionRouteInput{VpnConnectionId: &vpnID, DestinationCidrBlock: aws.String("192.168.0.0/16")})
		return err
	}(); err != nil {
		t.Fatal(err)
	}
	dv, err := c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{Filters: []types.Filter{
		{Name: aws.String("route.destination-cidr-block"), Values: []string{"192.168.0.0/16"}},
		{Name: aws.String("option.static-routes-only"), Values: []string{"true"}},
		{Name: aws.String("bgp-asn"), Values: []string{"65001"}},
		{Name: aws.String("vpn-gateway-id"), Values: []string{vgwID}},
	}})
	if err != nil || len(dv.VpnConnections) != 1 {
		t.Fatalf("describe: %v %+v", err, dv)
	}
	got := dv.VpnConnections[0]
	if got.State != types.VpnStateAvailable || len(got.Routes) != 1 || got.Routes[0].State != types.VpnStateAvailable ||
		got.VgwTelemetry[0].Status != types.TelemetryStatusUp || aws.ToInt32(got.VgwTelemetry[0].AcceptedRouteCount) != 1 {
		t.Fatalf("described %+v", got)
	}
	tun2 := aws.ToString(got.Options.TunnelOptions[1].OutsideIpAddress)
	mt, err := c.ModifyVpnTunnelOptions(ctx, &ec2.ModifyVpnTunnelOptionsInput{VpnConnectionId: &vpnID, VpnTunnelOutsideIpAddress: &tun2,
		TunnelOptions: &types.ModifyVpnTunnelOptionsSpecification{DPDTimeoutAction: aws.String("restart"), Phase2LifetimeSeconds: aws.Int32(1800)}})
	if err != nil || aws.ToString(mt.VpnConnection.Options.TunnelOptions[1].DpdTimeoutAction) != "restart" {
		t.Fatalf("modify tunnel: %v", err)
	}
	_, err = c.ModifyVpnTunnelOptions(ctx, &ec2.ModifyVpnTunnelOptionsInput{VpnConnectionId: &vpnID, VpnTunnelOutsideIpAddress: &tun2,
		TunnelOptions: &types.ModifyVpnTunnelOptionsSpecification{PreSharedKey: aws.String("0badkey1")}})
	gwWantCode(t, err, "InvalidParameterValue")
	mo, err := c.ModifyVpnConnectionOptions(ctx, &ec2.ModifyVpnConnectionOptionsInput{VpnConnectionId: &vpnID, RemoteIpv4NetworkCidr: aws.String("10.0.0.0/16")})
	if err != nil || aws.ToString(mo.VpnConnection.Options.RemoteIpv4NetworkCidr) != "10.0.0.0/16" {
		t.Fatalf("modify options: %v", err)
	}
	_, err = c.DeleteCustomerGateway(ctx, &ec2.DeleteCustomerGatewayInput{CustomerGatewayId: &cgwID})
	gwWantCode(t, err, "IncorrectState")
	_, err = c.DeleteVpnGateway(ctx, &ec2.DeleteVpnGatewayInput{VpnGatewayId: &vgwID})
	gwWantCode(t, err, "IncorrectState")

	types_, err := c.GetVpnConnectionDeviceTypes(ctx, &ec2.GetVpnConnectionDeviceTypesInput{})
	if err != nil || len(types_.VpnConnectionDeviceTypes) < 5 {
		t.Fatalf("device types: %v %+v", err, types_)
	}
	sc, err := c.GetVpnConnectionDeviceSampleConfiguration(ctx, &ec2.GetVpnConnectionDeviceSampleConfigurationInput{
		VpnConnectionId: &vpnID, VpnConnectionDeviceTypeId: types_.VpnConnectionDeviceTypes[0].VpnConnectionDeviceTypeId})
	if err != nil || aws.ToString(sc.VpnConnectionDeviceSampleConfiguration) == "" {
		t.Fatalf("sample: %v", err)
	}

	// A VPN connection on a transit gateway: its attachment is found by
	// resource id, as Terraform looks it up.
	tg, err := c.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{})
	if err != nil {
		t.Fatal(err)
	}
	tv, err := c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: &cgwID, Type: aws.String("ipsec.1"), TransitGatewayId: tg.TransitGateway.TransitGatewayId})
	if err != nil {
		t.Fatal(err)
	}
	ta, err := c.DescribeTransitGatewayAttachments(ctx, &ec2.DescribeTransitGatewayAttachmentsInput{Filters: []types.Filter{
		{Name: aws.String("resource-id"), Values: []string{aws.ToString(tv.VpnConnection.VpnConnectionId)}},
		{Name: aws.String("resource-type"), Values: []string{"vpn"}},
	}})
	if err != nil || len(ta.TransitGatewayAttachments) != 1 || ta.TransitGatewayAttachments[0].State != types.TransitGatewayAttachmentStateAvailable {
		t.Fatalf("vpn attachment: %v %+v", err, ta)
	}
	for _, id := range []string{vpnID, aws.ToString(tv.VpnConnection.VpnConnectionId)} {
		if _, err := c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: aws.String(id)}); err != nil {
			t.Fatal(err)
		}
	}
	dd, err := c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{vpnID}})
	if err != nil || len(dd.VpnConnections) != 1 || dd.VpnConnections[0].State != types.VpnStateDeleted {
		t.Fatalf("deleted connection: %v %+v", err, dd)
	}
	if _, err := c.DeleteCustomerGateway(ctx, &ec2.DeleteCustomerGatewayInput{CustomerGatewayId: &cgwID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{"vpn-0123456789abcdef0"}})
	gwWantCode(t, err, "InvalidVpnConnectionID.NotFound")
}
