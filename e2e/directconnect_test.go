package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	dc "github.com/aws/aws-sdk-go-v2/service/directconnect"
	"github.com/aws/aws-sdk-go-v2/service/directconnect/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
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
	// The private interface's vpcsim:bgp prefixes, propagated into the
	// VPC's main route table by the virtual private gateway.
	rts := must[*ec2.DescribeRouteTablesOutput](t, "DescribeRouteTables")(srv.ec2Client().DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{}))
	found := 0
	for _, rt := range rts.RouteTables {
		for _, r := range rt.Routes {
			switch aws.ToString(r.DestinationCidrBlock) {
			case "172.29.0.0/16", "172.28.1.0/24":
				if r.Origin != ec2types.RouteOriginEnableVgwRoutePropagation || r.State != ec2types.RouteStateActive {
					t.Errorf("propagated route %+v", r)
				}
				found++
			}
		}
	}
	if found != 2 {
		t.Errorf("Direct Connect routes in DescribeRouteTables: %d, want 2 (%+v)", found, rts.RouteTables)
	}
}
