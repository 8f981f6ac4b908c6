package ec2_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

// peeringClient is an EC2 client for one account (its access key) and Region.
func peeringClient(url, account, region string) *ec2.Client {
	return ec2.New(ec2.Options{
		Region:           region,
		BaseEndpoint:     aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider(account, "secret", ""),
		RetryMaxAttempts: 3,
	})
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func mustVpc(t *testing.T, c *ec2.Client, cidr string, dnsHostnames bool) string {
	t.Helper()
	ctx := context.Background()
	out, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(cidr)})
	if err != nil {
		t.Fatal(err)
	}
	if dnsHostnames {
		if _, err := c.ModifyVpcAttribute(ctx, &ec2.ModifyVpcAttributeInput{VpcId: out.Vpc.VpcId, EnableDnsHostnames: &types.AttributeBooleanValue{Value: aws.Bool(true)}}); err != nil {
			t.Fatal(err)
		}
	}
	return *out.Vpc.VpcId
}

// TestSDKPeeringCrossAccount drives the cross-account flow the VPC
// Peering Guide describes with two SDK clients, one per account: the
// accepter sees the request in its own account, accepts it, sets its own
// DNS option and tags, and each side sees its own tags.
func TestSDKPeeringCrossAccount(t *testing.T) {
	url, _ := startTestServer(t, 11)
	ctx := context.Background()
	req := peeringClient(url, "111111111111", "us-east-1")
	acc := peeringClient(url, "222222222222", "us-east-1")
	a := mustVpc(t, req, "10.10.0.0/16", true)
	b := mustVpc(t, acc, "10.20.0.0/16", true)

	cr, err := req.CreateVpcPeeringConnection(ctx, &ec2.CreateVpcPeeringConnectionInput{
		VpcId: aws.String(a), PeerVpcId: aws.String(b), PeerOwnerId: aws.String("222222222222"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpcPeeringConnection, Tags: []types.Tag{{Key: aws.String("Side"), Value: aws.String("requester")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := cr.VpcPeeringConnection
	if p.Status.Code != types.VpcPeeringConnectionStateReasonCodeInitiatingRequest || *p.AccepterVpcInfo.OwnerId != "222222222222" || *p.RequesterVpcInfo.CidrBlock != "10.10.0.0/16" {
		t.Fatalf("create answered %+v %+v", p.Status, p.AccepterVpcInfo)
	}
	id := p.VpcPeeringConnectionId

	// The accepter's view: pending, with an expiration time.
	d, err := acc.DescribeVpcPeeringConnections(ctx, &ec2.DescribeVpcPeeringConnectionsInput{
		Filters: []types.Filter{{Name: aws.String("status-code"), Values: []string{"pending-acceptance"}}, {Name: aws.String("requester-vpc-info.owner-id"), Values: []string{"111111111111"}}},
	})
	if err != nil || len(d.VpcPeeringConnections) != 1 || *d.VpcPeeringConnections[0].VpcPeeringConnectionId != *id {
		t.Fatalf("accepter describe: %v %+v", err, d)
	}
	if got := d.VpcPeeringConnections[0]; got.ExpirationTime == nil || len(got.Tags) != 0 || *got.Status.Message != "Pending Acceptance by 222222222222" {
		t.Fatalf("accepter sees %+v", got)
	}
	if _, err := req.AcceptVpcPeeringConnection(ctx, &ec2.AcceptVpcPeeringConnectionInput{VpcPeeringConnectionId: id}); apiCode(err) != "OperationNotPermitted" {
		t.Fatalf("requester accept: %v", err)
	}
	ac, err := acc.AcceptVpcPeeringConnection(ctx, &ec2.AcceptVpcPeeringConnectionInput{VpcPeeringConnectionId: id})
	if err != nil {
		t.Fatal(err)
	}
	if ac.VpcPeeringConnection.Status.Code != types.VpcPeeringConnectionStateReasonCodeProvisioning {
		t.Fatalf("accept answered %s", ac.VpcPeeringConnection.Status.Code)
	}
	if _, err := acc.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{*id}, Tags: []types.Tag{{Key: aws.String("Side"), Value: aws.String("accepter")}}}); err != nil {
		t.Fatal(err)
	}
	// Each owner sets its own side's option.
	if _, err := acc.ModifyVpcPeeringConnectionOptions(ctx, &ec2.ModifyVpcPeeringConnectionOptionsInput{
		VpcPeeringConnectionId: id, RequesterPeeringConnectionOptions: &types.PeeringConnectionOptionsRequest{AllowDnsResolutionFromRemoteVpc: aws.Bool(true)},
	}); apiCode(err) != "OperationNotPermitted" {
		t.Fatalf("accepter modifying requester options: %v", err)
	}
	mo, err := acc.ModifyVpcPeeringConnectionOptions(ctx, &ec2.ModifyVpcPeeringConnectionOptionsInput{
		VpcPeeringConnectionId: id, AccepterPeeringConnectionOptions: &types.PeeringConnectionOptionsRequest{AllowDnsResolutionFromRemoteVpc: aws.Bool(true)},
	})
	if err != nil || !*mo.AccepterPeeringConnectionOptions.AllowDnsResolutionFromRemoteVpc || mo.RequesterPeeringConnectionOptions != nil {
		t.Fatalf("modify: %v %+v", err, mo)
	}
	for _, c := range []struct {
		cl   *ec2.Client
		side string
	}{{req, "requester"}, {acc, "accepter"}} {
		d, err := c.cl.DescribeVpcPeeringConnections(ctx, &ec2.DescribeVpcPeeringConnectionsInput{VpcPeeringConnectionIds: []string{*id}})
		if err != nil || len(d.VpcPeeringConnections) != 1 {
			t.Fatalf("%s describe: %v", c.side, err)
		}
		got := d.VpcPeeringConnections[0]
		if got.Status.Code != types.VpcPeeringConnectionStateReasonCodeActive || *got.AccepterVpcInfo.CidrBlock != "10.20.0.0/16" ||
			!*got.AccepterVpcInfo.PeeringOptions.AllowDnsResolutionFromRemoteVpc || *got.RequesterVpcInfo.PeeringOptions.AllowDnsResolutionFromRemoteVpc {
			t.Fatalf("%s sees %+v %+v", c.side, got.Status, got.AccepterVpcInfo)
		}
		if len(got.Tags) != 1 || *got.Tags[0].Value != c.side {
			t.Fatalf("%s tags %+v", c.side, got.Tags)
		}
		// Tag filters read the caller's own tags.
		f, err := c.cl.DescribeVpcPeeringConnections(ctx, &ec2.DescribeVpcPeeringConnectionsInput{Filters: []types.Filter{{Name: aws.String("tag:Side"), Values: []string{c.side}}}})
		if err != nil || len(f.VpcPeeringConnections) != 1 {
			t.Fatalf("%s tag filter: %v %d", c.side, err, len(f.VpcPeeringConnections))
		}
	}
	if _, err := req.DescribeVpcPeeringConnections(ctx, &ec2.DescribeVpcPeeringConnectionsInput{Filters: []types.Filter{{Name: aws.String("bogus"), Values: []string{"x"}}}}); apiCode(err) != "InvalidParameterValue" {
		t.Fatalf("bogus filter: %v", err)
	}

	// A rule referencing the peer account's group, then stale after delete.
	sgA, err := req.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("app"), Description: aws.String("app"), VpcId: aws.String(a)})
	if err != nil {
		t.Fatal(err)
	}
	sgB, err := acc.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("db"), Description: aws.String("db"), VpcId: aws.String(b)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := req.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sgA.GroupId, IpPermissions: []types.IpPermission{{
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(5432), ToPort: aws.Int32(5432),
		UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: sgB.GroupId, UserId: aws.String("222222222222")}},
	}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := req.DeleteVpcPeeringConnection(ctx, &ec2.DeleteVpcPeeringConnectionInput{VpcPeeringConnectionId: id}); err != nil {
		t.Fatal(err)
	}
	st, err := req.DescribeStaleSecurityGroups(ctx, &ec2.DescribeStaleSecurityGroupsInput{VpcId: aws.String(a)})
	if err != nil || len(st.StaleSecurityGroupSet) != 1 {
		t.Fatalf("stale: %v %+v", err, st)
	}
	pairs := st.StaleSecurityGroupSet[0].StaleIpPermissions[0].UserIdGroupPairs
	if len(pairs) != 1 || *pairs[0].GroupId != *sgB.GroupId || *pairs[0].PeeringStatus != "deleted" || *pairs[0].VpcPeeringConnectionId != *id || *pairs[0].UserId != "222222222222" {
		t.Fatalf("stale pairs %+v", pairs)
	}
	if _, err := acc.DeleteVpcPeeringConnection(ctx, &ec2.DeleteVpcPeeringConnectionInput{VpcPeeringConnectionId: id}); apiCode(err) != "InvalidStateTransition" {
		t.Fatalf("second delete: %v", err)
	}
}

// TestSDKPeeringCrossRegion: the accepter Region's Describe shows the same
// id; accepting in the requester's Region is refused with AWS's message.
func TestSDKPeeringCrossRegion(t *testing.T) {
	url, _ := startTestServer(t, 12)
	ctx := context.Background()
	east := peeringClient(url, "111111111111", "us-east-1")
	west := peeringClient(url, "111111111111", "us-west-2")
	a := mustVpc(t, east, "10.10.0.0/16", false)
	b := mustVpc(t, west, "10.30.0.0/16", false)
	cr, err := east.CreateVpcPeeringConnection(ctx, &ec2.CreateVpcPeeringConnectionInput{VpcId: aws.String(a), PeerVpcId: aws.String(b), PeerRegion: aws.String("us-west-2")})
	if err != nil {
		t.Fatal(err)
	}
	id := cr.VpcPeeringConnection.VpcPeeringConnectionId
	_, err = east.AcceptVpcPeeringConnection(ctx, &ec2.AcceptVpcPeeringConnectionInput{VpcPeeringConnectionId: id})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "OperationNotPermitted" || ae.ErrorMessage() != "Incorrect region (us-east-1) specified for this request. VPC peering connection "+*id+" must be accepted in region us-west-2" {
		t.Fatalf("accept in the wrong Region: %v", err)
	}
	if _, err := west.AcceptVpcPeeringConnection(ctx, &ec2.AcceptVpcPeeringConnectionInput{VpcPeeringConnectionId: id}); err != nil {
		t.Fatal(err)
	}
	d, err := west.DescribeVpcPeeringConnections(ctx, &ec2.DescribeVpcPeeringConnectionsInput{Filters: []types.Filter{{Name: aws.String("accepter-vpc-info.vpc-id"), Values: []string{b}}}})
	if err != nil || len(d.VpcPeeringConnections) != 1 || *d.VpcPeeringConnections[0].VpcPeeringConnectionId != *id || *d.VpcPeeringConnections[0].RequesterVpcInfo.Region != "us-east-1" {
		t.Fatalf("west describe: %v %+v", err, d)
	}
	// A route in the accepter Region to the connection.
	rt, err := west.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(b)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := west.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: rt.RouteTable.RouteTableId, DestinationCidrBlock: aws.String("10.10.0.0/16"), VpcPeeringConnectionId: id}); err != nil {
		t.Fatal(err)
	}
	got, err := west.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{*rt.RouteTable.RouteTableId}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range got.RouteTables[0].Routes {
		if r.VpcPeeringConnectionId != nil && *r.VpcPeeringConnectionId == *id {
			found = r.State == types.RouteStateActive
		}
	}
	if !found {
		t.Fatalf("no active route to %s: %+v", *id, got.RouteTables[0].Routes)
	}
	// Pagination over a single page of at least 5.
	if _, err := east.DescribeVpcPeeringConnections(ctx, &ec2.DescribeVpcPeeringConnectionsInput{MaxResults: aws.Int32(4)}); apiCode(err) != "InvalidParameterValue" {
		t.Fatalf("MaxResults 4: %v", err)
	}
}
