package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// checkEndpointsApplied checks the endpoints scenario after its first
// apply: two gateway endpoints whose prefix-list routes are in both
// private route tables, an interface endpoint with an interface in each
// subnet and private DNS; and registers the after-destroy check that no
// endpoint is left.
func checkEndpointsApplied(t *testing.T, ctx context.Context, srv *testServer) {
	c := srv.ec2Client()
	d, err := c.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{})
	if err != nil {
		t.Fatalf("DescribeVpcEndpoints: %s", describeErr(err))
	}
	gateways := map[string]bool{}
	for _, e := range d.VpcEndpoints {
		if e.State != "available" {
			t.Errorf("%s is %s", aws.ToString(e.VpcEndpointId), e.State)
		}
		switch e.VpcEndpointType {
		case types.VpcEndpointTypeGateway:
			gateways[aws.ToString(e.VpcEndpointId)] = true
			if len(e.RouteTableIds) != 2 {
				t.Errorf("%s route tables %v", aws.ToString(e.VpcEndpointId), e.RouteTableIds)
			}
		case types.VpcEndpointTypeInterface:
			if len(e.NetworkInterfaceIds) != 2 || !aws.ToBool(e.PrivateDnsEnabled) || len(e.DnsEntries) != 4 {
				t.Errorf("interface endpoint %+v", e)
			}
		}
	}
	if len(d.VpcEndpoints) != 3 || len(gateways) != 2 {
		t.Fatalf("endpoints: %d (%d gateway)", len(d.VpcEndpoints), len(gateways))
	}
	rts, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []types.Filter{{Name: aws.String("tag:Name"), Values: []string{"private-*"}}}})
	if err != nil {
		t.Fatalf("DescribeRouteTables: %s", describeErr(err))
	}
	for _, rt := range rts.RouteTables {
		n := 0
		for _, r := range rt.Routes {
			if gateways[aws.ToString(r.GatewayId)] && r.DestinationPrefixListId != nil {
				n++
			}
		}
		if n != 2 {
			t.Errorf("route table %s has %d endpoint routes", aws.ToString(rt.RouteTableId), n)
		}
	}
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		d, err := c.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{})
		if err != nil {
			t.Fatalf("DescribeVpcEndpoints: %s", describeErr(err))
		}
		for _, e := range d.VpcEndpoints {
			t.Errorf("left after destroy: %s (%s)", aws.ToString(e.VpcEndpointId), e.State)
		}
	})
}
