package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// checkVPNApplied checks, after the vpn scenario's first apply, the three
// VPN connections (static with its route, BGP, on the transit gateway with
// its vpn attachment) and registers the after-destroy check: no customer
// gateway or VPN connection left but deleted ones.
func checkVPNApplied(t *testing.T, ctx context.Context, srv *testServer) {
	c := srv.ec2Client()
	out, err := c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{Filters: []types.Filter{{Name: aws.String("state"), Values: []string{"available"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.VpnConnections) != 3 {
		t.Fatalf("%d available VPN connections, want 3", len(out.VpnConnections))
	}
	for _, v := range out.VpnConnections {
		switch {
		case aws.ToBool(v.Options.StaticRoutesOnly):
			if len(v.Routes) != 1 || aws.ToString(v.Routes[0].DestinationCidrBlock) != "192.168.10.0/24" {
				t.Errorf("static connection routes %+v", v.Routes)
			}
		case aws.ToString(v.TransitGatewayId) != "":
			a, err := c.DescribeTransitGatewayAttachments(ctx, &ec2.DescribeTransitGatewayAttachmentsInput{Filters: []types.Filter{
				{Name: aws.String("resource-id"), Values: []string{aws.ToString(v.VpnConnectionId)}}}})
			if err != nil || len(a.TransitGatewayAttachments) != 1 || a.TransitGatewayAttachments[0].ResourceType != types.TransitGatewayAttachmentResourceTypeVpn {
				t.Errorf("vpn attachment: %v %+v", err, a)
			}
		}
	}
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		vs, err := c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs.VpnConnections {
			if v.State != types.VpnStateDeleted {
				t.Errorf("VPN connection %s left in state %s", aws.ToString(v.VpnConnectionId), v.State)
			}
		}
		gs, err := c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range gs.CustomerGateways {
			if aws.ToString(g.State) != "deleted" {
				t.Errorf("customer gateway %s left in state %s", aws.ToString(g.CustomerGatewayId), aws.ToString(g.State))
			}
		}
	})
}
