package directconnect_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	dc "github.com/aws/aws-sdk-go-v2/service/directconnect"
	"github.com/aws/aws-sdk-go-v2/service/directconnect/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// accountClients returns a function giving Direct Connect and EC2 clients
// of the real SDK for an account (a 12-digit access key is that account)
// on one in-process vpcsim.
func accountClients(t *testing.T) func(account string) (*dc.Client, *ec2.Client) {
	t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	t.Cleanup(func() { hs.Close(); _ = st.Close() })
	return func(account string) (*dc.Client, *ec2.Client) {
		cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(account, "secret", ""),
			BaseEndpoint: aws.String(hs.URL), RetryMaxAttempts: 1}
		return dc.NewFromConfig(cfg), ec2.NewFromConfig(cfg)
	}
}

// TestWireProposals drives a cross-account association through the SDK:
// the VGW owner (222222222222) proposes, the Direct Connect gateway owner
// (111111111111) accepts, both see the association with the VGW owner as
// associatedGateway.ownerAccount; errors are DirectConnectClientException.
func TestWireProposals(t *testing.T) {
	ctx := context.Background()
	clients := accountClients(t)
	owner, _ := clients("111111111111")
	peer, peerEC2 := clients("222222222222")

	gw, err := owner.CreateDirectConnectGateway(ctx, &dc.CreateDirectConnectGatewayInput{DirectConnectGatewayName: aws.String("hub")})
	must(t, err)
	gwID := aws.ToString(gw.DirectConnectGateway.DirectConnectGatewayId)
	vpc, err := peerEC2.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.50.0.0/16")})
	must(t, err)
	vgw, err := peerEC2.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: ec2types.GatewayTypeIpsec1})
	must(t, err)
	vgwID := aws.ToString(vgw.VpnGateway.VpnGatewayId)
	_, err = peerEC2.AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpcId: vpc.Vpc.VpcId, VpnGatewayId: aws.String(vgwID)})
	must(t, err)

	_, err = owner.CreateDirectConnectGatewayAssociation(ctx, &dc.CreateDirectConnectGatewayAssociationInput{DirectConnectGatewayId: aws.String(gwID), GatewayId: aws.String(vgwID)})
	wantAPIError(t, err, "DirectConnectClientException", "does not exist")

	cp, err := peer.CreateDirectConnectGatewayAssociationProposal(ctx, &dc.CreateDirectConnectGatewayAssociationProposalInput{
		DirectConnectGatewayId: aws.String(gwID), DirectConnectGatewayOwnerAccount: aws.String("111111111111"), GatewayId: aws.String(vgwID),
		AddAllowedPrefixesToDirectConnectGateway: []types.RouteFilterPrefix{{Cidr: aws.String("10.50.0.0/16")}}})
	must(t, err)
	p := cp.DirectConnectGatewayAssociationProposal
	if p.ProposalState != types.DirectConnectGatewayAssociationProposalStateRequested || aws.ToString(p.AssociatedGateway.OwnerAccount) != "222222222222" ||
		p.AssociatedGateway.Type != types.GatewayTypeVirtualPrivateGateway || len(p.RequestedAllowedPrefixesToDirectConnectGateway) != 1 {
		t.Fatalf("proposal = %+v", p)
	}
	list, err := owner.DescribeDirectConnectGatewayAssociationProposals(ctx, &dc.DescribeDirectConnectGatewayAssociationProposalsInput{
		DirectConnectGatewayId: aws.String(gwID), MaxResults: aws.Int32(10)})
	must(t, err)
	if len(list.DirectConnectGatewayAssociationProposals) != 1 || list.NextToken != nil {
		t.Fatalf("owner's proposals = %+v", list)
	}
	_, err = owner.AcceptDirectConnectGatewayAssociationProposal(ctx, &dc.AcceptDirectConnectGatewayAssociationProposalInput{
		DirectConnectGatewayId: aws.String(gwID), ProposalId: p.ProposalId, AssociatedGatewayOwnerAccount: aws.String("333333333333")})
	wantAPIError(t, err, "DirectConnectClientException", "owned by account 222222222222")
	acc, err := owner.AcceptDirectConnectGatewayAssociationProposal(ctx, &dc.AcceptDirectConnectGatewayAssociationProposalInput{
		DirectConnectGatewayId: aws.String(gwID), ProposalId: p.ProposalId, AssociatedGatewayOwnerAccount: aws.String("222222222222")})
	must(t, err)
	if a := acc.DirectConnectGatewayAssociation; a.AssociationState != types.DirectConnectGatewayAssociationStateAssociating ||
		aws.ToString(a.AssociatedGateway.OwnerAccount) != "222222222222" || aws.ToString(a.DirectConnectGatewayOwnerAccount) != "111111111111" {
		t.Fatalf("accepted association = %+v", a)
	}
	for name, c := range map[string]*dc.Client{"owner": owner, "peer": peer} {
		as, err := c.DescribeDirectConnectGatewayAssociations(ctx, &dc.DescribeDirectConnectGatewayAssociationsInput{AssociatedGatewayId: aws.String(vgwID)})
		must(t, err)
		if len(as.DirectConnectGatewayAssociations) != 1 || aws.ToString(as.DirectConnectGatewayAssociations[0].AssociatedGateway.OwnerAccount) != "222222222222" ||
			as.DirectConnectGatewayAssociations[0].AssociationState != types.DirectConnectGatewayAssociationStateAssociated {
			t.Fatalf("%s's associations = %+v", name, as.DirectConnectGatewayAssociations)
		}
	}
	got, err := peer.DescribeDirectConnectGatewayAssociationProposals(ctx, &dc.DescribeDirectConnectGatewayAssociationProposalsInput{ProposalId: p.ProposalId})
	must(t, err)
	if ps := got.DirectConnectGatewayAssociationProposals; len(ps) != 1 || ps[0].ProposalState != types.DirectConnectGatewayAssociationProposalStateAccepted ||
		len(ps[0].ExistingAllowedPrefixesToDirectConnectGateway) != 1 {
		t.Fatalf("peer's proposal after acceptance = %+v", ps)
	}
	_, err = owner.AcceptDirectConnectGatewayAssociationProposal(ctx, &dc.AcceptDirectConnectGatewayAssociationProposalInput{
		DirectConnectGatewayId: aws.String(gwID), ProposalId: p.ProposalId, AssociatedGatewayOwnerAccount: aws.String("222222222222")})
	wantAPIError(t, err, "DirectConnectClientException", "has been accepted")

	// A second proposal, deleted by its proposer.
	cp2, err := peer.CreateDirectConnectGatewayAssociationProposal(ctx, &dc.CreateDirectConnectGatewayAssociationProposalInput{
		DirectConnectGatewayId: aws.String(gwID), DirectConnectGatewayOwnerAccount: aws.String("111111111111"), GatewayId: aws.String(vgwID),
		AddAllowedPrefixesToDirectConnectGateway: []types.RouteFilterPrefix{{Cidr: aws.String("10.51.0.0/16")}}})
	must(t, err)
	del, err := peer.DeleteDirectConnectGatewayAssociationProposal(ctx, &dc.DeleteDirectConnectGatewayAssociationProposalInput{ProposalId: cp2.DirectConnectGatewayAssociationProposal.ProposalId})
	must(t, err)
	if d := del.DirectConnectGatewayAssociationProposal; d.ProposalState != types.DirectConnectGatewayAssociationProposalStateDeleted || len(d.ExistingAllowedPrefixesToDirectConnectGateway) != 1 {
		t.Fatalf("deleted proposal = %+v", d)
	}
	_, err = owner.DeleteDirectConnectGatewayAssociationProposal(ctx, &dc.DeleteDirectConnectGatewayAssociationProposalInput{ProposalId: aws.String("unknown")})
	wantAPIError(t, err, "DirectConnectClientException", "does not exist")
}

// TestWireRouterConfiguration reads a virtual interface's router
// configuration through the SDK: generic, for a router type, unknown type.
func TestWireRouterConfiguration(t *testing.T) {
	ctx := context.Background()
	c, _ := newClients(t)
	conn, err := c.CreateConnection(ctx, &dc.CreateConnectionInput{Location: aws.String("EqDC2"), Bandwidth: aws.String("10Gbps"), ConnectionName: aws.String("c")})
	must(t, err)
	gw, err := c.CreateDirectConnectGateway(ctx, &dc.CreateDirectConnectGatewayInput{DirectConnectGatewayName: aws.String("g"), AmazonSideAsn: aws.Int64(64999)})
	must(t, err)
	vif, err := c.CreatePrivateVirtualInterface(ctx, &dc.CreatePrivateVirtualInterfaceInput{ConnectionId: conn.ConnectionId,
		NewPrivateVirtualInterface: &types.NewPrivateVirtualInterface{VirtualInterfaceName: aws.String("p"), Vlan: 300, Asn: 65300,
			AuthKey: aws.String("k3ysecret"), DirectConnectGatewayId: gw.DirectConnectGateway.DirectConnectGatewayId}})
	must(t, err)
	out, err := c.DescribeRouterConfiguration(ctx, &dc.DescribeRouterConfigurationInput{VirtualInterfaceId: vif.VirtualInterfaceId})
	must(t, err)
	cfg := aws.ToString(out.CustomerRouterConfig)
	for _, s := range []string{"<vlan>300</vlan>", "<bgp_asn>65300</bgp_asn>", "<bgp_auth_key>k3ysecret</bgp_auth_key>", "<amazon_bgp_asn>64999</amazon_bgp_asn>",
		"<customer_address>" + aws.ToString(vif.CustomerAddress) + "</customer_address>"} {
		if !strings.Contains(cfg, s) {
			t.Errorf("config lacks %s:\n%s", s, cfg)
		}
	}
	if out.Router != nil || aws.ToString(out.VirtualInterfaceName) != "p" {
		t.Fatalf("answer = %+v", out)
	}
	out, err = c.DescribeRouterConfiguration(ctx, &dc.DescribeRouterConfigurationInput{VirtualInterfaceId: vif.VirtualInterfaceId,
		RouterTypeIdentifier: aws.String("CiscoSystemsInc-2900SeriesRouters-IOS124")})
	must(t, err)
	if out.Router == nil || aws.ToString(out.Router.Vendor) != "Cisco Systems, Inc." || !strings.Contains(aws.ToString(out.CustomerRouterConfig), "router bgp 65300") {
		t.Fatalf("cisco answer = %+v", out)
	}
	_, err = c.DescribeRouterConfiguration(ctx, &dc.DescribeRouterConfigurationInput{VirtualInterfaceId: vif.VirtualInterfaceId, RouterTypeIdentifier: aws.String("X")})
	wantAPIError(t, err, "DirectConnectClientException", "not supported")
}
