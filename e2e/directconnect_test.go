package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	dc "github.com/aws/aws-sdk-go-v2/service/directconnect"
	"github.com/aws/aws-sdk-go-v2/service/directconnect/types"
)

func (s *testServer) directConnectClient() *dc.Client {
	return dc.New(dc.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		RetryMaxAttempts: 3,
	})
}

// checkDirectConnectApplied checks what the directconnect scenario's first
// apply created: the connection and its two interfaces up, the LAG without
// the connection CreateLag made (aws_dx_lag deletes it), and both gateway
// associations, the virtual private gateway's allowed prefixes defaulting
// to its VPC's CIDR.
func checkDirectConnectApplied(t *testing.T, ctx context.Context, srv *testServer) {
	c := srv.directConnectClient()
	conns := must[*dc.DescribeConnectionsOutput](t, "DescribeConnections")(c.DescribeConnections(ctx, &dc.DescribeConnectionsInput{}))
	if len(conns.Connections) != 1 || conns.Connections[0].ConnectionState != types.ConnectionStateAvailable {
		t.Errorf("connections after apply: %+v", conns.Connections)
		return
	}
	lags := must[*dc.DescribeLagsOutput](t, "DescribeLags")(c.DescribeLags(ctx, &dc.DescribeLagsInput{}))
	if len(lags.Lags) != 1 || len(lags.Lags[0].Connections) != 0 {
		t.Errorf("LAGs after apply: %+v", lags.Lags)
	}
	vifs := must[*dc.DescribeVirtualInterfacesOutput](t, "DescribeVirtualInterfaces")(c.DescribeVirtualInterfaces(ctx, &dc.DescribeVirtualInterfacesInput{ConnectionId: conns.Connections[0].ConnectionId}))
	if len(vifs.VirtualInterfaces) != 2 {
		t.Errorf("virtual interfaces after apply: %+v", vifs.VirtualInterfaces)
	}
	for _, v := range vifs.VirtualInterfaces {
		if v.VirtualInterfaceState != types.VirtualInterfaceStateAvailable || len(v.BgpPeers) != 1 || v.BgpPeers[0].BgpStatus != types.BGPStatusUp {
			t.Errorf("virtual interface %s: %s %+v", aws.ToString(v.VirtualInterfaceId), v.VirtualInterfaceState, v.BgpPeers)
		}
	}
	as := must[*dc.DescribeDirectConnectGatewayAssociationsOutput](t, "DescribeDirectConnectGatewayAssociations")(c.DescribeDirectConnectGatewayAssociations(ctx, &dc.DescribeDirectConnectGatewayAssociationsInput{}))
	if len(as.DirectConnectGatewayAssociations) != 2 {
		t.Errorf("associations after apply: %+v", as.DirectConnectGatewayAssociations)
		return
	}
	for _, a := range as.DirectConnectGatewayAssociations {
		if a.AssociatedGateway.Type == types.GatewayTypeVirtualPrivateGateway &&
			(len(a.AllowedPrefixesToDirectConnectGateway) != 1 || aws.ToString(a.AllowedPrefixesToDirectConnectGateway[0].Cidr) != "10.30.0.0/16") {
			t.Errorf("VGW association prefixes: %+v", a.AllowedPrefixesToDirectConnectGateway)
		}
	}
}
