package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcsim/vpcsim/internal/model"
)

// checkConnectApplied runs the connect scenario's checks after its first
// apply: peering.tf's (checkPeeringApplied) and tgw.tf's (checkTGWApplied),
// and registers both after-destroy checks.
func checkConnectApplied(t *testing.T, ctx context.Context, srv *testServer) {
	checkPeeringApplied(t, ctx, srv)
	checkTGWApplied(t, ctx, srv)
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		// The scenario's context is over by now.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		assertNoTGWLeft(t, ctx, srv)
	})
}

// peeringClient is an EC2 client of the connect scenario: the access key
// selects the account.
func (s *testServer) peeringClient(account, region string) *ec2.Client {
	return ec2.New(ec2.Options{
		Region:           region,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider(account, "test", ""),
		RetryMaxAttempts: 3,
	})
}

// checkPeeringApplied checks, after the connect scenario's first apply,
// what peering.tf created as each party sees it: three active connections
// visible from the accepter's own account and Region, per-side tags, the
// DNS option, active routes to the connections and the rule referencing
// the peer account's group. It also registers the after-destroy check:
// no connection left but ended ones, no VPC left in the scenario's
// accounts and Regions but the defaults.
func checkPeeringApplied(t *testing.T, ctx context.Context, srv *testServer) {
	req := srv.peeringClient("111111111111", "us-east-1")
	peer := srv.peeringClient("222222222222", "us-east-1")
	west := srv.peeringClient("111111111111", "us-west-2")

	mine, err := req.DescribeVpcPeeringConnections(ctx, &ec2.DescribeVpcPeeringConnectionsInput{})
	if err != nil {
		t.Fatalf("DescribeVpcPeeringConnections: %s", describeErr(err))
	}
	byName := map[string]types.VpcPeeringConnection{}
	for _, p := range mine.VpcPeeringConnections {
		if p.Status.Code != types.VpcPeeringConnectionStateReasonCodeActive {
			t.Errorf("%s is %s", aws.ToString(p.VpcPeeringConnectionId), p.Status.Code)
		}
		for _, tag := range p.Tags {
			if aws.ToString(tag.Key) == "Name" {
				byName[aws.ToString(tag.Value)] = p
			}
		}
	}
	if len(byName) != 3 {
		t.Fatalf("want 3 named connections, got %v", byName)
	}
	same := byName["a-b"]
	if o := same.RequesterVpcInfo.PeeringOptions; o == nil || !aws.ToBool(o.AllowDnsResolutionFromRemoteVpc) {
		t.Errorf("a-b requester DNS option: %+v", o)
	}
	for _, c := range []struct {
		cl   *ec2.Client
		name string
	}{{peer, "a-peer"}, {west, "a-west"}} {
		id := aws.ToString(byName[c.name].VpcPeeringConnectionId)
		out, err := c.cl.DescribeVpcPeeringConnections(ctx, &ec2.DescribeVpcPeeringConnectionsInput{VpcPeeringConnectionIds: []string{id}})
		if err != nil || len(out.VpcPeeringConnections) != 1 {
			t.Fatalf("accepter of %s: %s", c.name, describeErr(err))
		}
		for _, tag := range out.VpcPeeringConnections[0].Tags {
			if aws.ToString(tag.Key) == "Name" {
				t.Errorf("the accepter of %s sees the requester's tag %s", c.name, aws.ToString(tag.Value))
			}
		}
		rts, err := c.cl.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []types.Filter{{Name: aws.String("route.vpc-peering-connection-id"), Values: []string{id}}}})
		if err != nil || len(rts.RouteTables) != 1 {
			t.Fatalf("route tables routing to %s: %s", c.name, describeErr(err))
		}
		for _, r := range rts.RouteTables[0].Routes {
			if aws.ToString(r.VpcPeeringConnectionId) == id && r.State != types.RouteStateActive {
				t.Errorf("route to %s is %s", c.name, r.State)
			}
		}
	}
	all, err := req.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{})
	if err != nil {
		t.Fatalf("DescribeSecurityGroupRules: %s", describeErr(err))
	}
	peerRef := false
	for _, r := range all.SecurityGroupRules {
		if g := r.ReferencedGroupInfo; g != nil && aws.ToString(g.UserId) == "222222222222" {
			peerRef = aws.ToString(g.VpcPeeringConnectionId) == aws.ToString(byName["a-peer"].VpcPeeringConnectionId)
		}
	}
	if !peerRef {
		t.Error("no rule referencing the peer account's group over a-peer")
	}

	// After destroy (cleanups run before the server's own, registered first).
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		w := srv.st.Snapshot()
		w.PeeringConnections.All(func(p *model.VpcPeeringConnection) bool {
			if p.Status != model.PeeringDeleted && p.Status != model.PeeringRejected {
				t.Errorf("left after destroy: %s (%s)", p.ID, p.Status)
			}
			return true
		})
		w.VPCs.All(func(v *model.VPC) bool {
			if !v.IsDefault && (v.Account == "111111111111" || v.Account == "222222222222") {
				t.Errorf("left after destroy: %s in %s/%s", v.ID, v.Account, v.Region)
			}
			return true
		})
	})
}
