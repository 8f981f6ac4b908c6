package ram_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ram"
	"github.com/aws/aws-sdk-go-v2/service/ram/types"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

type clients struct {
	ram *ram.Client
	ec2 *ec2.Client
}

// newClients starts an in-process vpcsim and returns RAM and EC2 clients
// of the real SDK for each account (a 12-digit access key selects it).
func newClients(t testing.TB, accounts ...string) []clients {
	t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	t.Cleanup(func() { hs.Close(); _ = st.Close() })
	var out []clients
	for _, acct := range accounts {
		cfg := aws.Config{
			Region:       "us-east-1",
			Credentials:  credentials.NewStaticCredentialsProvider(acct, "secret", ""),
			BaseEndpoint: aws.String(hs.URL),
			Retryer: func() aws.Retryer {
				return retry.NewStandard(func(o *retry.StandardOptions) {
					o.RateLimiter = ratelimit.None
					o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
				})
			},
		}
		out = append(out, clients{ram: ram.NewFromConfig(cfg), ec2: ec2.NewFromConfig(cfg)})
	}
	return out
}

// must returns v, panicking (failing the test) on err.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestWireShareTransitGateway drives the cross-account flow through the
// SDK: share, invitation, the member's view of the gateway, a
// cross-account attachment the owner accepts, typed errors.
func TestWireShareTransitGateway(t *testing.T) {
	cs := newClients(t, "111111111111", "222222222222")
	own, mem := cs[0], cs[1]
	ctx := context.Background()

	g := must(own.ec2.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{}))
	tgwID, tgwArn := aws.ToString(g.TransitGateway.TransitGatewayId), aws.ToString(g.TransitGateway.TransitGatewayArn)

	// Errors as the SDK parses them.
	_, err := own.ram.CreateResourceShare(ctx, &ram.CreateResourceShareInput{Name: aws.String("x"), ResourceArns: []string{"not-an-arn"}})
	var malformed *types.MalformedArnException
	if !errors.As(err, &malformed) {
		t.Fatalf("malformed ARN: %v", err)
	}
	_, err = own.ram.CreateResourceShare(ctx, &ram.CreateResourceShareInput{Name: aws.String("x"),
		ResourceArns: []string{"arn:aws:ec2:us-east-1:111111111111:transit-gateway/tgw-0000000000000000f"}})
	var unknown *types.UnknownResourceException
	if !errors.As(err, &unknown) {
		t.Fatalf("unknown gateway: %v", err)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorFault() != smithy.FaultClient {
		t.Fatalf("fault of %v", err)
	}

	sh := must(own.ram.CreateResourceShare(ctx, &ram.CreateResourceShareInput{Name: aws.String("hub"), ResourceArns: []string{tgwArn},
		Principals: []string{"222222222222"}, Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("net")}}}))
	shareArn := aws.ToString(sh.ResourceShare.ResourceShareArn)
	if sh.ResourceShare.Status != types.ResourceShareStatusActive || !aws.ToBool(sh.ResourceShare.AllowExternalPrincipals) ||
		aws.ToString(sh.ResourceShare.OwningAccountId) != "111111111111" || len(sh.ResourceShare.Tags) != 1 {
		t.Fatalf("share %+v", sh.ResourceShare)
	}
	as := must(own.ram.GetResourceShareAssociations(ctx, &ram.GetResourceShareAssociationsInput{AssociationType: types.ResourceShareAssociationTypeResource,
		ResourceShareArns: []string{shareArn}}))
	if len(as.ResourceShareAssociations) != 1 || as.ResourceShareAssociations[0].Status != types.ResourceShareAssociationStatusAssociated {
		t.Fatalf("resource associations %+v", as.ResourceShareAssociations)
	}
	perms := must(own.ram.ListResourceSharePermissions(ctx, &ram.ListResourceSharePermissionsInput{ResourceShareArn: aws.String(shareArn)}))
	if len(perms.Permissions) != 1 || aws.ToString(perms.Permissions[0].Name) != "AWSRAMDefaultPermissionTransitGateway" {
		t.Fatalf("share permissions %+v", perms.Permissions)
	}
	p := must(own.ram.GetPermission(ctx, &ram.GetPermissionInput{PermissionArn: perms.Permissions[0].Arn}))
	if aws.ToString(p.Permission.ResourceType) != "ec2:TransitGateway" || p.Permission.PermissionType != types.PermissionTypeAwsManaged {
		t.Fatalf("permission %+v", p.Permission)
	}
	rt := must(own.ram.ListResourceTypes(ctx, &ram.ListResourceTypesInput{}))
	if len(rt.ResourceTypes) != 1 || aws.ToString(rt.ResourceTypes[0].ResourceType) != "ec2:TransitGateway" {
		t.Fatalf("resource types %+v", rt.ResourceTypes)
	}

	// Before acceptance the member does not see the gateway.
	_, err = mem.ec2.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{TransitGatewayIds: []string{tgwID}})
	if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidTransitGatewayID.NotFound" {
		t.Fatalf("unshared gateway: %v", err)
	}
	inv := must(mem.ram.GetResourceShareInvitations(ctx, &ram.GetResourceShareInvitationsInput{ResourceShareArns: []string{shareArn}}))
	if len(inv.ResourceShareInvitations) != 1 || inv.ResourceShareInvitations[0].Status != types.ResourceShareInvitationStatusPending {
		t.Fatalf("invitations %+v", inv.ResourceShareInvitations)
	}
	invArn := inv.ResourceShareInvitations[0].ResourceShareInvitationArn
	acc := must(mem.ram.AcceptResourceShareInvitation(ctx, &ram.AcceptResourceShareInvitationInput{ResourceShareInvitationArn: invArn}))
	if acc.ResourceShareInvitation.Status != types.ResourceShareInvitationStatusAccepted {
		t.Fatalf("accept %+v", acc.ResourceShareInvitation)
	}
	_, err = mem.ram.AcceptResourceShareInvitation(ctx, &ram.AcceptResourceShareInvitationInput{ResourceShareInvitationArn: invArn})
	var already *types.ResourceShareInvitationAlreadyAcceptedException
	if !errors.As(err, &already) {
		t.Fatalf("second accept: %v", err)
	}
	other := must(mem.ram.GetResourceShares(ctx, &ram.GetResourceSharesInput{ResourceOwner: types.ResourceOwnerOtherAccounts}))
	if len(other.ResourceShares) != 1 || aws.ToString(other.ResourceShares[0].ResourceShareArn) != shareArn {
		t.Fatalf("shares with me %+v", other.ResourceShares)
	}
	res := must(mem.ram.ListResources(ctx, &ram.ListResourcesInput{ResourceOwner: types.ResourceOwnerOtherAccounts}))
	if len(res.Resources) != 1 || aws.ToString(res.Resources[0].Arn) != tgwArn {
		t.Fatalf("resources shared with me %+v", res.Resources)
	}

	// The member sees the gateway (owner id = the owner) and attaches a VPC.
	dg := must(mem.ec2.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{}))
	if len(dg.TransitGateways) != 1 || aws.ToString(dg.TransitGateways[0].OwnerId) != "111111111111" {
		t.Fatalf("member's gateways %+v", dg.TransitGateways)
	}
	v := must(mem.ec2.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.2.0.0/16")}))
	sn := must(mem.ec2.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.Vpc.VpcId, CidrBlock: aws.String("10.2.0.0/24"), AvailabilityZone: aws.String("us-east-1a")}))
	at := must(mem.ec2.CreateTransitGatewayVpcAttachment(ctx, &ec2.CreateTransitGatewayVpcAttachmentInput{TransitGatewayId: aws.String(tgwID),
		VpcId: v.Vpc.VpcId, SubnetIds: []string{aws.ToString(sn.Subnet.SubnetId)}}))
	atID := at.TransitGatewayVpcAttachment.TransitGatewayAttachmentId
	seen := must(own.ec2.DescribeTransitGatewayVpcAttachments(ctx, &ec2.DescribeTransitGatewayVpcAttachmentsInput{TransitGatewayAttachmentIds: []string{aws.ToString(atID)}}))
	if len(seen.TransitGatewayVpcAttachments) != 1 || seen.TransitGatewayVpcAttachments[0].State != ec2types.TransitGatewayAttachmentStatePendingAcceptance ||
		aws.ToString(seen.TransitGatewayVpcAttachments[0].VpcOwnerId) != "222222222222" {
		t.Fatalf("owner's view %+v", seen.TransitGatewayVpcAttachments)
	}
	ok := must(own.ec2.AcceptTransitGatewayVpcAttachment(ctx, &ec2.AcceptTransitGatewayVpcAttachmentInput{TransitGatewayAttachmentId: atID}))
	if ok.TransitGatewayVpcAttachment.State != ec2types.TransitGatewayAttachmentStatePending {
		t.Fatalf("accept answer %+v", ok.TransitGatewayVpcAttachment)
	}
	mine := must(mem.ec2.DescribeTransitGatewayAttachments(ctx, &ec2.DescribeTransitGatewayAttachmentsInput{TransitGatewayAttachmentIds: []string{aws.ToString(atID)}}))
	if a := mine.TransitGatewayAttachments[0]; a.State != ec2types.TransitGatewayAttachmentStateAvailable ||
		aws.ToString(a.TransitGatewayOwnerId) != "111111111111" || aws.ToString(a.ResourceOwnerId) != "222222222222" {
		t.Fatalf("member's view %+v", a)
	}

	// Leaving the share: the gateway disappears for the member.
	must(mem.ram.DisassociateResourceShare(ctx, &ram.DisassociateResourceShareInput{ResourceShareArn: aws.String(shareArn), Principals: []string{"222222222222"}}))
	dg = must(mem.ec2.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{}))
	if len(dg.TransitGateways) != 0 {
		t.Fatalf("gateway visible after leaving %+v", dg.TransitGateways)
	}
	must(own.ram.DeleteResourceShare(ctx, &ram.DeleteResourceShareInput{ResourceShareArn: aws.String(shareArn)}))
	gone := must(own.ram.GetResourceShares(ctx, &ram.GetResourceSharesInput{ResourceOwner: types.ResourceOwnerSelf, ResourceShareArns: []string{shareArn}}))
	if len(gone.ResourceShares) != 1 || gone.ResourceShares[0].Status != types.ResourceShareStatusDeleted {
		t.Fatalf("deleted share %+v", gone.ResourceShares)
	}
}
