package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// checkTGWApplied checks through the SDK what terraform/connect/tgw.tf
// built: the hub-and-spoke isolation of the Transit Gateway Guide
// ("Isolated VPCs with shared services"): the spokes table routes to
// shared services only (plus the blackhole), the shared table to both
// spokes. It is meant to run after the connect scenario's first apply,
// next to checkPeeringApplied.
func checkTGWApplied(t *testing.T, ctx context.Context, srv *testServer) {
	c := srv.peeringClient("111111111111", "us-east-1")
	rts, err := c.DescribeTransitGatewayRouteTables(ctx, &ec2.DescribeTransitGatewayRouteTablesInput{})
	if err != nil {
		t.Fatalf("DescribeTransitGatewayRouteTables: %s", describeErr(err))
	}
	want := map[string][]string{
		"spokes": {"10.72.0.0/16 propagated active", "10.99.0.0/16 static blackhole"},
		"shared": {"10.70.0.0/16 propagated active", "10.71.0.0/16 propagated active", "10.80.0.0/16 static active"}, // the last through the peering attachment (tgwpeering.tf)
	}
	for _, rt := range rts.TransitGatewayRouteTables {
		name := ""
		for _, tag := range rt.Tags {
			if aws.ToString(tag.Key) == "Name" {
				name = aws.ToString(tag.Value)
			}
		}
		exp, ok := want[name]
		if !ok {
			continue
		}
		delete(want, name)
		out, err := c.SearchTransitGatewayRoutes(ctx, &ec2.SearchTransitGatewayRoutesInput{
			TransitGatewayRouteTableId: rt.TransitGatewayRouteTableId,
			Filters:                    []types.Filter{{Name: aws.String("state"), Values: []string{"active", "blackhole"}}},
		})
		if err != nil {
			t.Fatalf("SearchTransitGatewayRoutes: %s", describeErr(err))
		}
		var got []string
		for _, r := range out.Routes {
			got = append(got, aws.ToString(r.DestinationCidrBlock)+" "+string(r.Type)+" "+string(r.State))
		}
		if len(got) != len(exp) {
			t.Errorf("table %s routes %v, want %v", name, got, exp)
			continue
		}
		for i := range exp {
			if got[i] != exp[i] {
				t.Errorf("table %s routes %v, want %v", name, got, exp)
				break
			}
		}
	}
	if len(want) != 0 {
		t.Errorf("route tables not found: %v", want)
	}
}

// assertNoTGWLeft fails when a transit gateway, route table or attachment
// of the connect scenario is still live after destroy (deleted ones stay
// visible for a while, as on AWS).
func assertNoTGWLeft(t *testing.T, ctx context.Context, srv *testServer) {
	c := srv.peeringClient("111111111111", "us-east-1")
	gs, err := c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{})
	if err != nil {
		t.Fatalf("DescribeTransitGateways: %s", describeErr(err))
	}
	for _, g := range gs.TransitGateways {
		if g.State != types.TransitGatewayStateDeleted {
			t.Errorf("left after destroy: %s (%s)", aws.ToString(g.TransitGatewayId), g.State)
		}
	}
	as, err := c.DescribeTransitGatewayAttachments(ctx, &ec2.DescribeTransitGatewayAttachmentsInput{})
	if err != nil {
		t.Fatalf("DescribeTransitGatewayAttachments: %s", describeErr(err))
	}
	for _, a := range as.TransitGatewayAttachments {
		if a.State != types.TransitGatewayAttachmentStateDeleted {
			t.Errorf("left after destroy: %s (%s)", aws.ToString(a.TransitGatewayAttachmentId), a.State)
		}
	}
}
