package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	dc "github.com/aws/aws-sdk-go-v2/service/directconnect"
	dctypes "github.com/aws/aws-sdk-go-v2/service/directconnect/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestDXCLI runs the real `vpcsim dx bgp down|up` against a server: a
// private virtual interface attached to a virtual private gateway
// advertises 172.30.0.0/16 and 172.31.5.0/24, a BGP VPN connection on the
// same gateway 172.30.0.0/16. Direct Connect routes win while the
// interface is up (VPN guide VPNRoutingTypes.md "Route tables and VPN
// route priority": Direct Connect BGP routes before VPN routes); with its
// BGP session down (Direct Connect guide: a virtual interface is down when
// its BGP sessions are) the DX-only prefix leaves the VPC route table, the
// shared one fails over to the VPN, and traces follow; up again restores
// both.
func TestDXCLI(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the vpcsim binary (slow)")
	}
	srv := startServer(t)
	bin := vpcsimBin(t)
	ctx := testCtx(t)
	e := srv.ec2Client()
	d := srv.directConnectClient()

	vpc := must[*ec2.CreateVpcOutput](t, "CreateVpc")(e.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.60.0.0/16")})).Vpc.VpcId
	subnet := must[*ec2.CreateSubnetOutput](t, "CreateSubnet")(e.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc, CidrBlock: aws.String("10.60.1.0/24")})).Subnet.SubnetId
	eni := must[*ec2.CreateNetworkInterfaceOutput](t, "CreateNetworkInterface")(e.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{
		SubnetId: subnet, PrivateIpAddress: aws.String("10.60.1.10")})).NetworkInterface.NetworkInterfaceId
	vgw := must[*ec2.CreateVpnGatewayOutput](t, "CreateVpnGateway")(e.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1})).VpnGateway.VpnGatewayId
	must[*ec2.AttachVpnGatewayOutput](t, "AttachVpnGateway")(e.AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpcId: vpc, VpnGatewayId: vgw}))
	rts := must[*ec2.DescribeRouteTablesOutput](t, "DescribeRouteTables")(e.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{
		Filters: []types.Filter{{Name: aws.String("vpc-id"), Values: []string{*vpc}}, {Name: aws.String("association.main"), Values: []string{"true"}}}}))
	if len(rts.RouteTables) != 1 {
		t.Fatalf("main route table: %+v", rts.RouteTables)
	}
	rtb := rts.RouteTables[0].RouteTableId
	must[*ec2.EnableVgwRoutePropagationOutput](t, "EnableVgwRoutePropagation")(e.EnableVgwRoutePropagation(ctx, &ec2.EnableVgwRoutePropagationInput{GatewayId: vgw, RouteTableId: rtb}))
	cgw := must[*ec2.CreateCustomerGatewayOutput](t, "CreateCustomerGateway")(e.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{
		BgpAsn: aws.Int32(65010), IpAddress: aws.String("198.51.100.7"), Type: types.GatewayTypeIpsec1,
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeCustomerGateway,
			Tags: []types.Tag{{Key: aws.String("vpcsim:bgp"), Value: aws.String("172.30.0.0/16")}}}}})).CustomerGateway.CustomerGatewayId
	vpn := must[*ec2.CreateVpnConnectionOutput](t, "CreateVpnConnection")(e.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{
		CustomerGatewayId: cgw, VpnGatewayId: vgw, Type: aws.String("ipsec.1")})).VpnConnection.VpnConnectionId

	conn := must[*dc.CreateConnectionOutput](t, "CreateConnection")(d.CreateConnection(ctx, &dc.CreateConnectionInput{
		ConnectionName: aws.String("dx-cli"), Bandwidth: aws.String("1Gbps"), Location: aws.String("EqDC2")})).ConnectionId
	vif := must[*dc.CreatePrivateVirtualInterfaceOutput](t, "CreatePrivateVirtualInterface")(d.CreatePrivateVirtualInterface(ctx, &dc.CreatePrivateVirtualInterfaceInput{
		ConnectionId: conn, NewPrivateVirtualInterface: &dctypes.NewPrivateVirtualInterface{
			VirtualInterfaceName: aws.String("vif-cli"), Vlan: 101, Asn: 65000, VirtualGatewayId: vgw,
			Tags: []dctypes.Tag{{Key: aws.String("vpcsim:bgp"), Value: aws.String("172.30.0.0/16 + 172.31.5.0/24")}}}})).VirtualInterfaceId

	// state checks the interface's BGP peer status and the VPC route
	// table's propagated routes, then traces to 172.30.1.1 with `vpcsim
	// trace` and checks which component carries it.
	state := func(phase string, bgp dctypes.BGPStatus, vifState dctypes.VirtualInterfaceState, wantDXOnly bool, via string) {
		t.Helper()
		vs := must[*dc.DescribeVirtualInterfacesOutput](t, "DescribeVirtualInterfaces")(d.DescribeVirtualInterfaces(ctx, &dc.DescribeVirtualInterfacesInput{VirtualInterfaceId: vif}))
		if len(vs.VirtualInterfaces) != 1 {
			t.Fatalf("%s: DescribeVirtualInterfaces: %+v", phase, vs.VirtualInterfaces)
		}
		v := vs.VirtualInterfaces[0]
		if v.VirtualInterfaceState != vifState || len(v.BgpPeers) != 1 || v.BgpPeers[0].BgpStatus != bgp {
			t.Errorf("%s: interface %s, peers %+v; want %s with BGP %s", phase, v.VirtualInterfaceState, v.BgpPeers, vifState, bgp)
		}
		rt := must[*ec2.DescribeRouteTablesOutput](t, "DescribeRouteTables")(e.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{*rtb}}))
		routes := map[string]types.Route{}
		for _, r := range rt.RouteTables[0].Routes {
			routes[aws.ToString(r.DestinationCidrBlock)] = r
		}
		if r, ok := routes["172.30.0.0/16"]; !ok || aws.ToString(r.GatewayId) != *vgw || r.Origin != types.RouteOriginEnableVgwRoutePropagation || r.State != types.RouteStateActive {
			t.Errorf("%s: route 172.30.0.0/16: %+v (present %v)", phase, r, ok)
		}
		if _, ok := routes["172.31.5.0/24"]; ok != wantDXOnly {
			t.Errorf("%s: route 172.31.5.0/24 present %v, want %v", phase, ok, wantDXOnly)
		}
		code, out, errOut := vpcsimCmd(t, bin, "trace", "--from", *eni, "--to", "172.30.1.1", "--protocol", "tcp", "--port", "443", "--endpoint", srv.URL)
		if code != 0 && code != 1 {
			t.Fatalf("%s: vpcsim trace: exit %d: %s", phase, code, errOut)
		}
		if !strings.Contains(out, via) || !strings.Contains(out, "172.30.0.0/16") {
			t.Errorf("%s: trace does not cross %s to 172.30.0.0/16:\n%s", phase, via, out)
		}
	}
	state("initially", dctypes.BGPStatusUp, dctypes.VirtualInterfaceStateAvailable, true, "direct-connect-virtual-interface "+*vif)

	code, out, errOut := vpcsimCmd(t, bin, "dx", "bgp", "down", *vif, "--endpoint", srv.URL)
	if code != 0 || !strings.HasPrefix(out, *vif+" down\n") || !strings.Contains(out, " down") {
		t.Fatalf("vpcsim dx bgp down: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	state("BGP down", dctypes.BGPStatusDown, dctypes.VirtualInterfaceStateDown, false, "vpn-connection "+*vpn)

	code, out, errOut = vpcsimCmd(t, bin, "dx", "bgp", "up", *vif, "--endpoint", srv.URL)
	if code != 0 || !strings.HasPrefix(out, *vif+" available\n") {
		t.Fatalf("vpcsim dx bgp up: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	state("BGP up again", dctypes.BGPStatusUp, dctypes.VirtualInterfaceStateAvailable, true, "direct-connect-virtual-interface "+*vif)

	// Errors: an unknown interface, and a usage error.
	if code, _, errOut := vpcsimCmd(t, bin, "dx", "bgp", "down", "dxvif-ffffffff", "--endpoint", srv.URL); code != 1 || !strings.Contains(errOut, "dxvif-ffffffff") {
		t.Errorf("unknown interface: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := vpcsimCmd(t, bin, "dx", "bgp", "sideways", *vif, "--endpoint", srv.URL); code != 2 {
		t.Errorf("usage error: exit %d, want 2", code)
	}
}
