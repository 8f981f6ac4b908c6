package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ram"
	ramtypes "github.com/aws/aws-sdk-go-v2/service/ram/types"
)

// checkConnectAndRAMApplied runs the connect scenario's checks and those
// of its RAM part (ram.tf).
func checkConnectAndRAMApplied(t *testing.T, ctx context.Context, srv *testServer) {
	checkConnectApplied(t, ctx, srv)
	checkRAMApplied(t, ctx, srv)
	checkDXProposalApplied(t, ctx, srv)
}

// checkRAMApplied checks, after the connect scenario's first apply, what
// ram.tf created as each account sees it: the share ACTIVE with the hub
// gateway, the invitation accepted, the gateway visible to the peer
// account with the owner's id, and the peer's attachment available on
// the owner's side, associated with the spokes table.
func checkRAMApplied(t *testing.T, ctx context.Context, srv *testServer) {
	ramClient := func(account string) *ram.Client {
		return ram.New(ram.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
			Credentials: credentials.NewStaticCredentialsProvider(account, "test", ""), RetryMaxAttempts: 3})
	}
	owner, peer := ramClient("111111111111"), ramClient("222222222222")
	shares, err := owner.GetResourceShares(ctx, &ram.GetResourceSharesInput{ResourceOwner: ramtypes.ResourceOwnerSelf, Name: aws.String("hub-share")})
	if err != nil || len(shares.ResourceShares) != 1 || shares.ResourceShares[0].Status != ramtypes.ResourceShareStatusActive {
		t.Fatalf("GetResourceShares: %v %+v", err, shares)
	}
	inv, err := peer.GetResourceShareInvitations(ctx, &ram.GetResourceShareInvitationsInput{ResourceShareArns: []string{aws.ToString(shares.ResourceShares[0].ResourceShareArn)}})
	if err != nil || len(inv.ResourceShareInvitations) != 1 || inv.ResourceShareInvitations[0].Status != ramtypes.ResourceShareInvitationStatusAccepted {
		t.Fatalf("invitation: %v %+v", err, inv)
	}
	peerEC2 := srv.peeringClient("222222222222", "us-east-1")
	gws, err := peerEC2.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{})
	if err != nil || len(gws.TransitGateways) != 1 || aws.ToString(gws.TransitGateways[0].OwnerId) != "111111111111" {
		t.Fatalf("peer's view of the shared gateway: %v %+v", err, gws)
	}
	ownerEC2 := srv.peeringClient("111111111111", "us-east-1")
	ats, err := ownerEC2.DescribeTransitGatewayAttachments(ctx, &ec2.DescribeTransitGatewayAttachmentsInput{
		Filters: []ec2types.Filter{{Name: aws.String("resource-owner-id"), Values: []string{"222222222222"}}}})
	if err != nil || len(ats.TransitGatewayAttachments) != 1 {
		t.Fatalf("owner's view of the peer's attachment: %v %+v", err, ats)
	}
	if a := ats.TransitGatewayAttachments[0]; a.State != ec2types.TransitGatewayAttachmentStateAvailable || a.Association == nil {
		t.Fatalf("peer's attachment %+v", a)
	}
	// Tags are per account: the owner's accepter tags and the attacher's
	// attachment tags are two sets on one attachment.
	id := aws.ToString(ats.TransitGatewayAttachments[0].TransitGatewayAttachmentId)
	wantTag(t, "owner's view", ats.TransitGatewayAttachments[0].Tags, "Name", "spoke-of-account-222222222222")
	mine, err := peerEC2.DescribeTransitGatewayVpcAttachments(ctx, &ec2.DescribeTransitGatewayVpcAttachmentsInput{TransitGatewayAttachmentIds: []string{id}})
	if err != nil || len(mine.TransitGatewayVpcAttachments) != 1 {
		t.Fatalf("attacher's view: %v %+v", err, mine)
	}
	wantTag(t, "attacher's view", mine.TransitGatewayVpcAttachments[0].Tags, "Name", "to-shared-hub")
	checkTGWPeeringTags(t, ctx, srv)
}

// checkTGWPeeringTags checks the cross-Region peering attachment of
// tgwpeering.tf from both Regions: available, each side with its tags.
func checkTGWPeeringTags(t *testing.T, ctx context.Context, srv *testServer) {
	for _, side := range []struct{ region, name string }{{"us-east-1", "hub-to-west"}, {"us-west-2", "west-from-hub"}} {
		out, err := srv.peeringClient("111111111111", side.region).DescribeTransitGatewayPeeringAttachments(ctx, &ec2.DescribeTransitGatewayPeeringAttachmentsInput{
			Filters: []ec2types.Filter{{Name: aws.String("state"), Values: []string{"available"}}}})
		if err != nil || len(out.TransitGatewayPeeringAttachments) != 1 {
			t.Fatalf("%s: peering attachments %v %+v", side.region, err, out)
		}
		wantTag(t, side.region, out.TransitGatewayPeeringAttachments[0].Tags, "Name", side.name)
	}
}

// wantTag fails unless tags holds key=value.
func wantTag(t *testing.T, what string, tags []ec2types.Tag, key, value string) {
	t.Helper()
	for _, tag := range tags {
		if aws.ToString(tag.Key) == key {
			if aws.ToString(tag.Value) != value {
				t.Fatalf("%s: tag %s=%q, want %q", what, key, aws.ToString(tag.Value), value)
			}
			return
		}
	}
	t.Fatalf("%s: no tag %s in %+v", what, key, tags)
}
