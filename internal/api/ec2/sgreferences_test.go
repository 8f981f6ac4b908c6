package ec2_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestWireSecurityGroupReferences pins DescribeSecurityGroupReferences
// [EC2 API reference; PEER vpc-peering-security-groups.md]: the peer VPC
// whose rule references a group over an active peering connection is
// listed with the connection; after the connection is deleted the rule is
// stale and references nothing; an unknown group is InvalidGroup.NotFound.
func TestWireSecurityGroupReferences(t *testing.T) {
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	t.Cleanup(func() { hs.Close(); _ = st.Close() })
	a, b := tgwClient(hs.URL, "111111111111", "us-east-1"), tgwClient(hs.URL, "222222222222", "us-east-1")
	ctx := context.Background()
	va, _ := tgwVPC(t, a, "10.1.0.0/16", nil)
	vb, _ := tgwVPC(t, b, "10.2.0.0/16", nil)
	pcx, err := a.CreateVpcPeeringConnection(ctx, &ec2.CreateVpcPeeringConnectionInput{VpcId: aws.String(va), PeerVpcId: aws.String(vb), PeerOwnerId: aws.String("222222222222")})
	if err != nil {
		t.Fatal(err)
	}
	pcxID := pcx.VpcPeeringConnection.VpcPeeringConnectionId
	if _, err := b.AcceptVpcPeeringConnection(ctx, &ec2.AcceptVpcPeeringConnectionInput{VpcPeeringConnectionId: pcxID}); err != nil {
		t.Fatal(err)
	}
	ga, err := a.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("app"), Description: aws.String("app"), VpcId: aws.String(va)})
	if err != nil {
		t.Fatal(err)
	}
	gb, err := b.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("db"), Description: aws.String("db"), VpcId: aws.String(vb)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: gb.GroupId, IpPermissions: []types.IpPermission{{
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(5432), ToPort: aws.Int32(5432),
		UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: ga.GroupId, UserId: aws.String("111111111111"), VpcPeeringConnectionId: pcxID}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := a.DescribeSecurityGroupReferences(ctx, &ec2.DescribeSecurityGroupReferencesInput{GroupId: []string{aws.ToString(ga.GroupId)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.SecurityGroupReferenceSet) != 1 || aws.ToString(out.SecurityGroupReferenceSet[0].ReferencingVpcId) != vb ||
		aws.ToString(out.SecurityGroupReferenceSet[0].VpcPeeringConnectionId) != aws.ToString(pcxID) {
		t.Fatalf("references %+v", out.SecurityGroupReferenceSet)
	}
	if _, err := a.DeleteVpcPeeringConnection(ctx, &ec2.DeleteVpcPeeringConnectionInput{VpcPeeringConnectionId: pcxID}); err != nil {
		t.Fatal(err)
	}
	out, err = a.DescribeSecurityGroupReferences(ctx, &ec2.DescribeSecurityGroupReferencesInput{GroupId: []string{aws.ToString(ga.GroupId)}})
	if err != nil || len(out.SecurityGroupReferenceSet) != 0 {
		t.Fatalf("after deleting the connection: %v %+v", err, out)
	}
	_, err = a.DescribeSecurityGroupReferences(ctx, &ec2.DescribeSecurityGroupReferencesInput{GroupId: []string{aws.ToString(gb.GroupId)}})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidGroup.NotFound" {
		t.Fatalf("another account's group: %v", err)
	}
}
