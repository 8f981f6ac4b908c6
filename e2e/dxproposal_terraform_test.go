package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	dc "github.com/aws/aws-sdk-go-v2/service/directconnect"
	dctypes "github.com/aws/aws-sdk-go-v2/service/directconnect/types"
)

// checkDXProposalApplied checks, after the connect scenario's first
// apply, the cross-account association of dxproposal.tf: the Direct
// Connect gateway's owner (111111111111) sees it associated with the peer
// account's virtual private gateway (associatedGateway.ownerAccount
// 222222222222), the peer sees it too, and the proposal is accepted.
func checkDXProposalApplied(t *testing.T, ctx context.Context, srv *testServer) {
	t.Helper()
	client := func(account string) *dc.Client {
		return dc.New(dc.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
			Credentials: credentials.NewStaticCredentialsProvider(account, "test", ""), RetryMaxAttempts: 3})
	}
	owner, peer := client("111111111111"), client("222222222222")
	gws, err := owner.DescribeDirectConnectGateways(ctx, &dc.DescribeDirectConnectGatewaysInput{})
	if err != nil {
		t.Fatalf("DescribeDirectConnectGateways: %v", err)
	}
	gwID := ""
	for _, g := range gws.DirectConnectGateways {
		if aws.ToString(g.DirectConnectGatewayName) == "connect-cross-account" {
			gwID = aws.ToString(g.DirectConnectGatewayId)
		}
	}
	if gwID == "" {
		t.Fatalf("no gateway connect-cross-account in %+v", gws.DirectConnectGateways)
	}
	for name, c := range map[string]*dc.Client{"owner": owner, "peer": peer} {
		as, err := c.DescribeDirectConnectGatewayAssociations(ctx, &dc.DescribeDirectConnectGatewayAssociationsInput{DirectConnectGatewayId: aws.String(gwID)})
		if err != nil || len(as.DirectConnectGatewayAssociations) != 1 {
			t.Fatalf("%s's associations: %v %+v", name, err, as)
		}
		a := as.DirectConnectGatewayAssociations[0]
		if a.AssociationState != dctypes.DirectConnectGatewayAssociationStateAssociated || a.AssociatedGateway == nil ||
			aws.ToString(a.AssociatedGateway.OwnerAccount) != "222222222222" || aws.ToString(a.DirectConnectGatewayOwnerAccount) != "111111111111" ||
			len(a.AllowedPrefixesToDirectConnectGateway) != 1 || aws.ToString(a.AllowedPrefixesToDirectConnectGateway[0].Cidr) != "10.120.0.0/16" {
			t.Fatalf("%s's association %+v", name, a)
		}
	}
	ps, err := peer.DescribeDirectConnectGatewayAssociationProposals(ctx, &dc.DescribeDirectConnectGatewayAssociationProposalsInput{DirectConnectGatewayId: aws.String(gwID)})
	if err != nil || len(ps.DirectConnectGatewayAssociationProposals) != 1 ||
		ps.DirectConnectGatewayAssociationProposals[0].ProposalState != dctypes.DirectConnectGatewayAssociationProposalStateAccepted {
		t.Fatalf("peer's proposals: %v %+v", err, ps)
	}
}
