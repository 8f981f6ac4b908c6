package directconnect_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	dc "github.com/aws/aws-sdk-go-v2/service/directconnect"
	"github.com/aws/aws-sdk-go-v2/service/directconnect/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// newClients starts an in-process vpcsim and returns Direct Connect and
// EC2 clients of the real SDK pointed at it.
func newClients(t testing.TB) (*dc.Client, *ec2.Client) {
	t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	t.Cleanup(func() { hs.Close(); _ = st.Close() })
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIAVPCSIMTEST", "secret", ""),
		BaseEndpoint: aws.String(hs.URL),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.RateLimiter = ratelimit.None
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
			})
		},
	}
	return dc.NewFromConfig(cfg), ec2.NewFromConfig(cfg)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantAPIError(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("got %v, want %s", err, code)
	}
	if ae.ErrorCode() != code || !strings.Contains(ae.ErrorMessage(), msg) {
		t.Fatalf("got %s %q, want %s %q", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
}

// TestWireConnectionsAndLags drives locations, connections, LOA, LAGs and
// tags through the SDK.
func TestWireConnectionsAndLags(t *testing.T) {
	ctx := context.Background()
	c, _ := newClients(t)
	locs, err := c.DescribeLocations(ctx, &dc.DescribeLocationsInput{})
	must(t, err)
	if len(locs.Locations) == 0 || aws.ToString(locs.Locations[0].Region) != "us-east-1" || len(locs.Locations[0].AvailablePortSpeeds) == 0 {
		t.Fatalf("locations = %+v", locs.Locations)
	}
	conn, err := c.CreateConnection(ctx, &dc.CreateConnectionInput{Location: aws.String("EqDC2"), Bandwidth: aws.String("10Gbps"),
		ConnectionName: aws.String("primary"), Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("test")}}})
	must(t, err)
	if conn.ConnectionState != types.ConnectionStateRequested || aws.ToString(conn.OwnerAccount) == "" {
		t.Fatalf("create = %s %v", conn.ConnectionState, conn.OwnerAccount)
	}
	got, err := c.DescribeConnections(ctx, &dc.DescribeConnectionsInput{ConnectionId: conn.ConnectionId})
	must(t, err)
	if got.Connections[0].ConnectionState != types.ConnectionStateAvailable || len(got.Connections[0].Tags) != 1 {
		t.Fatalf("describe = %+v", got.Connections[0])
	}
	loa, err := c.DescribeLoa(ctx, &dc.DescribeLoaInput{ConnectionId: conn.ConnectionId})
	must(t, err)
	if !strings.HasPrefix(string(loa.LoaContent), "%PDF-") || loa.LoaContentType != types.LoaContentTypePdf {
		t.Fatalf("loa = %q %s", loa.LoaContent[:8], loa.LoaContentType)
	}
	_, err = c.DescribeConnections(ctx, &dc.DescribeConnectionsInput{ConnectionId: aws.String("dxcon-00000000")})
	var ce *types.DirectConnectClientException
	if !errors.As(err, &ce) || !strings.Contains(aws.ToString(ce.Message), "Could not find Connection with ID dxcon-00000000") {
		t.Fatalf("unknown connection: %v", err)
	}
	lag, err := c.CreateLag(ctx, &dc.CreateLagInput{NumberOfConnections: 1, Location: aws.String("EqDC2"),
		ConnectionsBandwidth: aws.String("10Gbps"), LagName: aws.String("lag"), ConnectionId: conn.ConnectionId})
	must(t, err)
	if lag.LagState != types.LagStatePending || len(lag.Connections) != 1 || aws.ToString(lag.Connections[0].LagId) != aws.ToString(lag.LagId) {
		t.Fatalf("lag = %+v", lag)
	}
	_, err = c.UpdateLag(ctx, &dc.UpdateLagInput{LagId: lag.LagId, MinimumLinks: 1, LagName: aws.String("renamed")})
	must(t, err)
	lags, err := c.DescribeLags(ctx, &dc.DescribeLagsInput{LagId: lag.LagId})
	must(t, err)
	if l := lags.Lags[0]; l.LagState != types.LagStateAvailable || aws.ToString(l.LagName) != "renamed" || l.MinimumLinks != 1 {
		t.Fatalf("lag after update = %+v", l)
	}
	arn := "arn:aws:directconnect:us-east-1:" + aws.ToString(conn.OwnerAccount) + ":dxlag/" + aws.ToString(lag.LagId)
	_, err = c.TagResource(ctx, &dc.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("a"), Value: aws.String("2")}}})
	var dup *types.DuplicateTagKeysException
	if !errors.As(err, &dup) {
		t.Fatalf("duplicate keys: %v", err)
	}
	_, err = c.TagResource(ctx, &dc.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("net")}}})
	must(t, err)
	tags, err := c.DescribeTags(ctx, &dc.DescribeTagsInput{ResourceArns: []string{arn}})
	must(t, err)
	if len(tags.ResourceTags) != 1 || len(tags.ResourceTags[0].Tags) != 1 || aws.ToString(tags.ResourceTags[0].Tags[0].Key) != "team" {
		t.Fatalf("tags = %+v", tags.ResourceTags)
	}
	del, err := c.DeleteLag(ctx, &dc.DeleteLagInput{LagId: lag.LagId})
	must(t, err)
	if del.LagState != types.LagStateDeleted {
		t.Fatalf("delete lag = %s", del.LagState)
	}
	// An operation vpcsim does not serve answers the unsupported error.
	_, err = c.CreateInterconnect(ctx, &dc.CreateInterconnectInput{Bandwidth: aws.String("10Gbps"), InterconnectName: aws.String("i"), Location: aws.String("EqDC2")})
	if err == nil {
		t.Fatal("CreateInterconnect succeeded")
	}
}

// TestWireVirtualInterfacesAndGateways: interfaces on a Direct Connect
// gateway, a transit gateway association and its EC2 attachment.
func TestWireVirtualInterfacesAndGateways(t *testing.T) {
	ctx := context.Background()
	c, e := newClients(t)
	conn, err := c.CreateConnection(ctx, &dc.CreateConnectionInput{Location: aws.String("EqDC2"), Bandwidth: aws.String("10Gbps"), ConnectionName: aws.String("c")})
	must(t, err)
	gw, err := c.CreateDirectConnectGateway(ctx, &dc.CreateDirectConnectGatewayInput{DirectConnectGatewayName: aws.String("gw"), AmazonSideAsn: aws.Int64(64600)})
	must(t, err)
	if gw.DirectConnectGateway.DirectConnectGatewayState != types.DirectConnectGatewayStatePending {
		t.Fatalf("gateway = %+v", gw.DirectConnectGateway)
	}
	gwID := gw.DirectConnectGateway.DirectConnectGatewayId
	tv, err := c.CreateTransitVirtualInterface(ctx, &dc.CreateTransitVirtualInterfaceInput{ConnectionId: conn.ConnectionId,
		NewTransitVirtualInterface: &types.NewTransitVirtualInterface{VirtualInterfaceName: aws.String("transit"), Vlan: 100,
			Asn: 65000, Mtu: aws.Int32(8500), DirectConnectGatewayId: gwID, EnableSiteLink: aws.Bool(true)}})
	must(t, err)
	v := tv.VirtualInterface
	if v.VirtualInterfaceState != types.VirtualInterfaceStatePending || aws.ToInt32(v.Mtu) != 8500 || aws.ToInt64(v.AmazonSideAsn) != 64600 ||
		len(v.BgpPeers) != 1 || !strings.HasPrefix(aws.ToString(v.AmazonAddress), "169.254.") {
		t.Fatalf("transit vif = %+v", v)
	}
	_, err = c.CreatePrivateVirtualInterface(ctx, &dc.CreatePrivateVirtualInterfaceInput{ConnectionId: conn.ConnectionId,
		NewPrivateVirtualInterface: &types.NewPrivateVirtualInterface{VirtualInterfaceName: aws.String("p"), Vlan: 100, Asn: 65000, DirectConnectGatewayId: gwID}})
	wantAPIError(t, err, "DirectConnectClientException", "VLAN 100 is already in use")
	vifs, err := c.DescribeVirtualInterfaces(ctx, &dc.DescribeVirtualInterfacesInput{VirtualInterfaceId: v.VirtualInterfaceId})
	must(t, err)
	if vifs.VirtualInterfaces[0].VirtualInterfaceState != types.VirtualInterfaceStateAvailable || vifs.VirtualInterfaces[0].BgpPeers[0].BgpStatus != types.BGPStatusUp {
		t.Fatalf("vif = %+v", vifs.VirtualInterfaces[0])
	}
	peer, err := c.CreateBGPPeer(ctx, &dc.CreateBGPPeerInput{VirtualInterfaceId: v.VirtualInterfaceId, NewBGPPeer: &types.NewBGPPeer{AddressFamily: types.AddressFamilyIPv6, Asn: 65000}})
	must(t, err)
	if len(peer.VirtualInterface.BgpPeers) != 2 {
		t.Fatalf("peers = %+v", peer.VirtualInterface.BgpPeers)
	}
	atts, err := c.DescribeDirectConnectGatewayAttachments(ctx, &dc.DescribeDirectConnectGatewayAttachmentsInput{DirectConnectGatewayId: gwID})
	must(t, err)
	if len(atts.DirectConnectGatewayAttachments) != 1 || atts.DirectConnectGatewayAttachments[0].AttachmentType != types.DirectConnectGatewayAttachmentTypeTransitVirtualInterface {
		t.Fatalf("attachments = %+v", atts.DirectConnectGatewayAttachments)
	}
	tgw, err := e.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{})
	must(t, err)
	tgwID := tgw.TransitGateway.TransitGatewayId
	as, err := c.CreateDirectConnectGatewayAssociation(ctx, &dc.CreateDirectConnectGatewayAssociationInput{DirectConnectGatewayId: gwID, GatewayId: tgwID,
		AddAllowedPrefixesToDirectConnectGateway: []types.RouteFilterPrefix{{Cidr: aws.String("10.0.0.0/16")}}})
	must(t, err)
	a := as.DirectConnectGatewayAssociation
	if a.AssociationState != types.DirectConnectGatewayAssociationStateAssociating || a.AssociatedGateway.Type != types.GatewayTypeTransitGateway {
		t.Fatalf("association = %+v", a)
	}
	ta, err := e.DescribeTransitGatewayAttachments(ctx, &ec2.DescribeTransitGatewayAttachmentsInput{Filters: []ec2types.Filter{
		{Name: aws.String("resource-type"), Values: []string{"direct-connect-gateway"}},
		{Name: aws.String("resource-id"), Values: []string{aws.ToString(gwID)}},
		{Name: aws.String("transit-gateway-id"), Values: []string{aws.ToString(tgwID)}},
	}})
	must(t, err)
	if len(ta.TransitGatewayAttachments) != 1 || ta.TransitGatewayAttachments[0].State != ec2types.TransitGatewayAttachmentStateAvailable {
		t.Fatalf("tgw attachments = %+v", ta.TransitGatewayAttachments)
	}
	up, err := c.UpdateDirectConnectGatewayAssociation(ctx, &dc.UpdateDirectConnectGatewayAssociationInput{AssociationId: a.AssociationId,
		AddAllowedPrefixesToDirectConnectGateway: []types.RouteFilterPrefix{{Cidr: aws.String("10.1.0.0/16")}}})
	must(t, err)
	if up.DirectConnectGatewayAssociation.AssociationState != types.DirectConnectGatewayAssociationStateUpdating || len(up.DirectConnectGatewayAssociation.AllowedPrefixesToDirectConnectGateway) != 2 {
		t.Fatalf("update = %+v", up.DirectConnectGatewayAssociation)
	}
	list, err := c.DescribeDirectConnectGatewayAssociations(ctx, &dc.DescribeDirectConnectGatewayAssociationsInput{AssociationId: a.AssociationId})
	must(t, err)
	if len(list.DirectConnectGatewayAssociations) != 1 || list.DirectConnectGatewayAssociations[0].AssociationState != types.DirectConnectGatewayAssociationStateAssociated {
		t.Fatalf("describe = %+v", list.DirectConnectGatewayAssociations)
	}
	_, err = c.DeleteDirectConnectGateway(ctx, &dc.DeleteDirectConnectGatewayInput{DirectConnectGatewayId: gwID})
	wantAPIError(t, err, "DirectConnectClientException", "has associations")
	_, err = c.DeleteDirectConnectGatewayAssociation(ctx, &dc.DeleteDirectConnectGatewayAssociationInput{AssociationId: a.AssociationId})
	must(t, err)
	_, err = c.DeleteVirtualInterface(ctx, &dc.DeleteVirtualInterfaceInput{VirtualInterfaceId: v.VirtualInterfaceId})
	must(t, err)
	_, err = c.DeleteDirectConnectGateway(ctx, &dc.DeleteDirectConnectGatewayInput{DirectConnectGatewayId: gwID})
	must(t, err)
	gws, err := c.DescribeDirectConnectGateways(ctx, &dc.DescribeDirectConnectGatewaysInput{DirectConnectGatewayId: gwID})
	must(t, err)
	if len(gws.DirectConnectGateways) != 0 {
		t.Fatalf("deleted gateway listed: %+v", gws.DirectConnectGateways)
	}
}
