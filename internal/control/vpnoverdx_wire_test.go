package control_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/directconnect"
	dxtypes "github.com/aws/aws-sdk-go-v2/service/directconnect/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// The wire view of a Private IP VPN [S2S-VPN private-ip-dx.md; DX
// StartBgpFailoverTest: "Starts the virtual interface failover test that
// verifies your configuration meets your resiliency requirements by
// placing the BGP peering session in the DOWN state"]: with the real SDK
// clients, a VPN connection created with OutsideIpAddressType PrivateIpv4
// and the Direct Connect gateway attachment as transport shows its
// tunnels UP while the transit virtual interface's BGP session is up,
// DOWN with the transport message during a BGP failover test, and UP
// again when the test stops.
func TestPrivateIPVPNTelemetryWire(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ts := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	t.Cleanup(ts.Close)
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDVPNOVERDX", "secret", ""),
		BaseEndpoint: aws.String(ts.URL),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.RateLimiter = ratelimit.None
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
			})
		},
	}
	e := ec2.NewFromConfig(cfg)
	d := directconnect.NewFromConfig(cfg)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	tgw, err := e.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{})
	must(err)
	tgwID := aws.ToString(tgw.TransitGateway.TransitGatewayId)
	conn, err := d.CreateConnection(ctx, &directconnect.CreateConnectionInput{Location: aws.String("EqDC2"), Bandwidth: aws.String("10Gbps"), ConnectionName: aws.String("c")})
	must(err)
	gw, err := d.CreateDirectConnectGateway(ctx, &directconnect.CreateDirectConnectGatewayInput{DirectConnectGatewayName: aws.String("g"), AmazonSideAsn: aws.Int64(65010)})
	must(err)
	gwID := gw.DirectConnectGateway.DirectConnectGatewayId
	_, err = d.CreateDirectConnectGatewayAssociation(ctx, &directconnect.CreateDirectConnectGatewayAssociationInput{DirectConnectGatewayId: gwID, GatewayId: aws.String(tgwID),
		AddAllowedPrefixesToDirectConnectGateway: []dxtypes.RouteFilterPrefix{{Cidr: aws.String("192.168.100.0/24")}}})
	must(err)
	vif, err := d.CreateTransitVirtualInterface(ctx, &directconnect.CreateTransitVirtualInterfaceInput{ConnectionId: conn.ConnectionId,
		NewTransitVirtualInterface: &dxtypes.NewTransitVirtualInterface{VirtualInterfaceName: aws.String("t"), Vlan: 2, Asn: 65100, DirectConnectGatewayId: gwID}})
	must(err)
	atts, err := e.DescribeTransitGatewayAttachments(ctx, &ec2.DescribeTransitGatewayAttachmentsInput{Filters: []ec2types.Filter{
		{Name: aws.String("resource-type"), Values: []string{model.TGWAttachDXGW}}}})
	must(err)
	if len(atts.TransitGatewayAttachments) != 1 {
		t.Fatalf("Direct Connect gateway attachments = %+v", atts.TransitGatewayAttachments)
	}
	cgw, err := e.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: ec2types.GatewayTypeIpsec1, BgpAsn: aws.Int32(65001), IpAddress: aws.String("10.200.0.1")})
	must(err)
	vpn, err := e.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{Type: aws.String("ipsec.1"), CustomerGatewayId: cgw.CustomerGateway.CustomerGatewayId, TransitGatewayId: aws.String(tgwID),
		Options: &ec2types.VpnConnectionOptionsSpecification{OutsideIpAddressType: aws.String(model.VPNOutsidePrivateIPv4),
			TransportTransitGatewayAttachmentId: atts.TransitGatewayAttachments[0].TransitGatewayAttachmentId}})
	must(err)

	telemetry := func(want, msg string) {
		t.Helper()
		out, err := e.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{aws.ToString(vpn.VpnConnection.VpnConnectionId)}})
		must(err)
		tel := out.VpnConnections[0].VgwTelemetry
		if len(tel) != 2 {
			t.Fatalf("telemetry = %+v", tel)
		}
		for _, x := range tel {
			if x.Status != ec2types.TelemetryStatus(want) || aws.ToString(x.StatusMessage) != msg {
				t.Errorf("tunnel %s: %s %q, want %s %q", aws.ToString(x.OutsideIpAddress), x.Status, aws.ToString(x.StatusMessage), want, msg)
			}
		}
	}
	telemetry("UP", "")
	_, err = d.StartBgpFailoverTest(ctx, &directconnect.StartBgpFailoverTestInput{VirtualInterfaceId: vif.VirtualInterface.VirtualInterfaceId})
	must(err)
	telemetry("DOWN", control.TransportDownMessage)
	_, err = d.StopBgpFailoverTest(ctx, &directconnect.StopBgpFailoverTestInput{VirtualInterfaceId: vif.VirtualInterface.VirtualInterfaceId})
	must(err)
	telemetry("UP", "")
}
