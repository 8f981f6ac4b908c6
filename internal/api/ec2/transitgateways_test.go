package ec2_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// tgwClient returns an SDK client acting in account (a 12-digit access key
// selects the account) and region.
func tgwClient(url, account, region string) *ec2.Client {
	return ec2.New(ec2.Options{
		Region:           region,
		BaseEndpoint:     aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider(account, "secret", ""),
		RetryMaxAttempts: 3,
	})
}

func tgwVPC(t *testing.T, c *ec2.Client, cidr string, subnets map[string]string) (string, []string) {
	t.Helper()
	ctx := context.Background()
	v, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(cidr)})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sc := range []string{"a", "b", "c"} {
		cb, ok := subnets[sc]
		if !ok {
			continue
		}
		sn, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.Vpc.VpcId, CidrBlock: aws.String(cb), AvailabilityZone: aws.String("us-east-1" + sc[:1])})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, *sn.Subnet.SubnetId)
	}
	return *v.Vpc.VpcId, ids
}

// TestTransitGatewayHubWire drives a transit gateway through the real SDK:
// the default route table, VPC attachments (one subnet per AZ, ENIs),
// association and propagation, static and blackhole routes,
// SearchTransitGatewayRoutes, VPC routes to the gateway, and AWS's errors
// [TGW tgw-transit-gateways.md, tgw-vpc-attachments.md, tgw-route-tables.md].
func TestTransitGatewayHubWire(t *testing.T) {
	url, _ := startTestServer(t, 11)
	c := tgwClient(url, "111111111111", "us-east-1")
	ctx := context.Background()

	g, err := c.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{Description: aws.String("hub"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeTransitGateway, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("hub")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if g.TransitGateway.State != types.TransitGatewayStatePending {
		t.Fatalf("create state %s, want pending", g.TransitGateway.State)
	}
	tgw := *g.TransitGateway.TransitGatewayId
	dg, err := c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{TransitGatewayIds: []string{tgw}})
	if err != nil {
		t.Fatal(err)
	}
	o := dg.TransitGateways[0].Options
	if dg.TransitGateways[0].State != types.TransitGatewayStateAvailable || aws.ToInt64(o.AmazonSideAsn) != 64512 ||
		o.AssociationDefaultRouteTableId == nil || aws.ToString(o.AssociationDefaultRouteTableId) != aws.ToString(o.PropagationDefaultRouteTableId) {
		t.Fatalf("described gateway %+v", dg.TransitGateways[0])
	}
	defRT := *o.AssociationDefaultRouteTableId
	rts, err := c.DescribeTransitGatewayRouteTables(ctx, &ec2.DescribeTransitGatewayRouteTablesInput{Filters: []types.Filter{{Name: aws.String("default-association-route-table"), Values: []string{"true"}}}})
	if err != nil || len(rts.TransitGatewayRouteTables) != 1 || *rts.TransitGatewayRouteTables[0].TransitGatewayRouteTableId != defRT {
		t.Fatalf("default table: %v %+v", err, rts)
	}

	vpc1, sn1 := tgwVPC(t, c, "10.0.0.0/16", map[string]string{"a": "10.0.1.0/24", "b": "10.0.2.0/24"})
	vpc2, sn2 := tgwVPC(t, c, "10.1.0.0/16", map[string]string{"a": "10.1.1.0/24"})
	vpc3, _ := tgwVPC(t, c, "10.2.0.0/16", nil)
	// Two subnets of one AZ: AWS's error.
	sn1c, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc1), CidrBlock: aws.String("10.0.3.0/24"), AvailabilityZone: aws.String("us-east-1a")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateTransitGatewayVpcAttachment(ctx, &ec2.CreateTransitGatewayVpcAttachmentInput{TransitGatewayId: aws.String(tgw), VpcId: aws.String(vpc1), SubnetIds: []string{sn1[0], *sn1c.Subnet.SubnetId}})
	gwWantCode(t, err, "DuplicateSubnetsInSameZone")
	// IPv6 support needs IPv6 subnets.
	_, err = c.CreateTransitGatewayVpcAttachment(ctx, &ec2.CreateTransitGatewayVpcAttachmentInput{TransitGatewayId: aws.String(tgw), VpcId: aws.String(vpc1), SubnetIds: sn1,
		Options: &types.CreateTransitGatewayVpcAttachmentRequestOptions{Ipv6Support: types.Ipv6SupportValueEnable}})
	gwWantCode(t, err, "InvalidParameterValue")

	at1, err := c.CreateTransitGatewayVpcAttachment(ctx, &ec2.CreateTransitGatewayVpcAttachmentInput{TransitGatewayId: aws.String(tgw), VpcId: aws.String(vpc1), SubnetIds: sn1,
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeTransitGatewayAttachment, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("one")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	a1 := *at1.TransitGatewayVpcAttachment.TransitGatewayAttachmentId
	_, err = c.CreateTransitGatewayVpcAttachment(ctx, &ec2.CreateTransitGatewayVpcAttachmentInput{TransitGatewayId: aws.String(tgw), VpcId: aws.String(vpc1), SubnetIds: sn1[:1]})
	gwWantCode(t, err, "DuplicateTransitGatewayAttachment")
	at2, err := c.CreateTransitGatewayVpcAttachment(ctx, &ec2.CreateTransitGatewayVpcAttachmentInput{TransitGatewayId: aws.String(tgw), VpcId: aws.String(vpc2), SubnetIds: sn2})
	if err != nil {
		t.Fatal(err)
	}
	a2 := *at2.TransitGatewayVpcAttachment.TransitGatewayAttachmentId

	enis, err := c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{Filters: []types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpc1}}}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range enis.NetworkInterfaces {
		if e.InterfaceType == "transit_gateway" && aws.ToBool(e.RequesterManaged) && aws.ToString(e.Description) == "Network Interface for Transit Gateway Attachment "+a1 {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d transit gateway interfaces in %s, want 2: %+v", n, vpc1, enis.NetworkInterfaces)
	}
	_, err = c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(sn1[0])})
	gwWantCode(t, err, "DependencyViolation")

	// Default association and propagation.
	as, err := c.GetTransitGatewayRouteTableAssociations(ctx, &ec2.GetTransitGatewayRouteTableAssociationsInput{TransitGatewayRouteTableId: aws.String(defRT),
		Filters: []types.Filter{{Name: aws.String("transit-gateway-attachment-id"), Values: []string{a1}}}})
	if err != nil || len(as.Associations) != 1 || as.Associations[0].State != types.TransitGatewayAssociationStateAssociated || aws.ToString(as.Associations[0].ResourceId) != vpc1 {
		t.Fatalf("associations: %v %+v", err, as)
	}
	ps, err := c.GetTransitGatewayRouteTablePropagations(ctx, &ec2.GetTransitGatewayRouteTablePropagationsInput{TransitGatewayRouteTableId: aws.String(defRT)})
	if err != nil || len(ps.TransitGatewayRouteTablePropagations) != 2 {
		t.Fatalf("propagations: %v %+v", err, ps)
	}
	search := func(rt string, f ...types.Filter) []types.TransitGatewayRoute {
		t.Helper()
		out, err := c.SearchTransitGatewayRoutes(ctx, &ec2.SearchTransitGatewayRoutesInput{TransitGatewayRouteTableId: aws.String(rt), Filters: f})
		if err != nil {
			t.Fatal(err)
		}
		return out.Routes
	}
	typeF := func(v ...string) types.Filter { return types.Filter{Name: aws.String("type"), Values: v} }
	if rs := search(defRT, typeF("propagated")); len(rs) != 2 || aws.ToString(rs[0].DestinationCidrBlock) != "10.0.0.0/16" || rs[0].State != types.TransitGatewayRouteStateActive {
		t.Fatalf("propagated routes %+v", rs)
	}
	// A static blackhole for a propagated prefix hides it.
	if _, err := c.CreateTransitGatewayRoute(ctx, &ec2.CreateTransitGatewayRouteInput{TransitGatewayRouteTableId: aws.String(defRT), DestinationCidrBlock: aws.String("10.1.0.0/16"), Blackhole: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateTransitGatewayRoute(ctx, &ec2.CreateTransitGatewayRouteInput{TransitGatewayRouteTableId: aws.String(defRT), DestinationCidrBlock: aws.String("10.1.0.0/16"), TransitGatewayAttachmentId: aws.String(a2)})
	gwWantCode(t, err, "RouteAlreadyExists")
	rs := search(defRT, types.Filter{Name: aws.String("route-search.exact-match"), Values: []string{"10.1.0.0/16"}})
	if len(rs) != 1 || rs[0].Type != types.TransitGatewayRouteTypeStatic || rs[0].State != types.TransitGatewayRouteStateBlackhole {
		t.Fatalf("exact match %+v", rs)
	}
	if rs := search(defRT, types.Filter{Name: aws.String("route-search.longest-prefix-match"), Values: []string{"10.0.1.7/32"}}); len(rs) != 1 || aws.ToString(rs[0].DestinationCidrBlock) != "10.0.0.0/16" {
		t.Fatalf("longest prefix %+v", rs)
	}
	if _, err := c.DeleteTransitGatewayRoute(ctx, &ec2.DeleteTransitGatewayRouteInput{TransitGatewayRouteTableId: aws.String(defRT), DestinationCidrBlock: aws.String("10.1.0.0/16")}); err != nil {
		t.Fatal(err)
	}
	if rs := search(defRT, typeF("static")); len(rs) != 0 {
		t.Fatalf("static routes after delete %+v", rs)
	}

	// Custom table: one association per attachment.
	crt, err := c.CreateTransitGatewayRouteTable(ctx, &ec2.CreateTransitGatewayRouteTableInput{TransitGatewayId: aws.String(tgw)})
	if err != nil {
		t.Fatal(err)
	}
	custom := *crt.TransitGatewayRouteTable.TransitGatewayRouteTableId
	_, err = c.AssociateTransitGatewayRouteTable(ctx, &ec2.AssociateTransitGatewayRouteTableInput{TransitGatewayRouteTableId: aws.String(custom), TransitGatewayAttachmentId: aws.String(a1)})
	gwWantCode(t, err, "Resource.AlreadyAssociated")
	if _, err := c.DisassociateTransitGatewayRouteTable(ctx, &ec2.DisassociateTransitGatewayRouteTableInput{TransitGatewayRouteTableId: aws.String(defRT), TransitGatewayAttachmentId: aws.String(a1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AssociateTransitGatewayRouteTable(ctx, &ec2.AssociateTransitGatewayRouteTableInput{TransitGatewayRouteTableId: aws.String(custom), TransitGatewayAttachmentId: aws.String(a1)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteTransitGatewayRouteTable(ctx, &ec2.DeleteTransitGatewayRouteTableInput{TransitGatewayRouteTableId: aws.String(custom)})
	gwWantCode(t, err, "IncorrectState")
	_, err = c.DeleteTransitGatewayRouteTable(ctx, &ec2.DeleteTransitGatewayRouteTableInput{TransitGatewayRouteTableId: aws.String(defRT)})
	gwWantCode(t, err, "IncorrectState")
	if _, err := c.EnableTransitGatewayRouteTablePropagation(ctx, &ec2.EnableTransitGatewayRouteTablePropagationInput{TransitGatewayRouteTableId: aws.String(custom), TransitGatewayAttachmentId: aws.String(a2)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.EnableTransitGatewayRouteTablePropagation(ctx, &ec2.EnableTransitGatewayRouteTablePropagationInput{TransitGatewayRouteTableId: aws.String(custom), TransitGatewayAttachmentId: aws.String(a2)})
	if err == nil {
		t.Fatal("second propagation enabled")
	}
	ap, err := c.GetTransitGatewayAttachmentPropagations(ctx, &ec2.GetTransitGatewayAttachmentPropagationsInput{TransitGatewayAttachmentId: aws.String(a2)})
	if err != nil || len(ap.TransitGatewayAttachmentPropagations) != 2 {
		t.Fatalf("attachment propagations %v %+v", err, ap)
	}
	da, err := c.DescribeTransitGatewayAttachments(ctx, &ec2.DescribeTransitGatewayAttachmentsInput{Filters: []types.Filter{{Name: aws.String("association.transit-gateway-route-table-id"), Values: []string{custom}}}})
	if err != nil || len(da.TransitGatewayAttachments) != 1 || *da.TransitGatewayAttachments[0].TransitGatewayAttachmentId != a1 {
		t.Fatalf("attachments by association %v %+v", err, da)
	}

	// VPC routes to the gateway need an attachment of the VPC.
	rtb3, err := c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(vpc3)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: rtb3.RouteTable.RouteTableId, DestinationCidrBlock: aws.String("10.0.0.0/8"), TransitGatewayId: aws.String(tgw)})
	gwWantCode(t, err, "InvalidTransitGatewayID.NotFound")
	rtb1, err := c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(vpc1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: rtb1.RouteTable.RouteTableId, DestinationCidrBlock: aws.String("10.1.0.0/16"), TransitGatewayId: aws.String(tgw)}); err != nil {
		t.Fatal(err)
	}

	_, err = c.DeleteTransitGateway(ctx, &ec2.DeleteTransitGatewayInput{TransitGatewayId: aws.String(tgw)})
	gwWantCode(t, err, "IncorrectState")
	del, err := c.DeleteTransitGatewayVpcAttachment(ctx, &ec2.DeleteTransitGatewayVpcAttachmentInput{TransitGatewayAttachmentId: aws.String(a1)})
	if err != nil || del.TransitGatewayVpcAttachment.State != types.TransitGatewayAttachmentStateDeleting {
		t.Fatalf("delete attachment %v %+v", err, del)
	}
	dv, err := c.DescribeTransitGatewayVpcAttachments(ctx, &ec2.DescribeTransitGatewayVpcAttachmentsInput{TransitGatewayAttachmentIds: []string{a1}})
	if err != nil || len(dv.TransitGatewayVpcAttachments) != 1 || dv.TransitGatewayVpcAttachments[0].State != types.TransitGatewayAttachmentStateDeleted {
		t.Fatalf("deleted attachment %v %+v", err, dv)
	}
	drt, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{*rtb1.RouteTable.RouteTableId}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range drt.RouteTables[0].Routes {
		if aws.ToString(r.TransitGatewayId) == tgw && r.State != types.RouteStateBlackhole {
			t.Fatalf("route to the gateway after the attachment's deletion: %+v", r)
		}
	}
	if _, err := c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(sn1[0])}); err != nil {
		t.Fatalf("subnet still held after the attachment's deletion: %v", err)
	}
}

// TestTransitGatewayPeeringWire: a peering attachment across accounts and
// Regions is seen by both sides, accepted by the accepter, carries static
// routes only [TGW tgw-peering.md].
func TestTransitGatewayPeeringWire(t *testing.T) {
	url, _ := startTestServer(t, 12)
	a := tgwClient(url, "111111111111", "us-east-1")
	b := tgwClient(url, "222222222222", "us-west-2")
	ctx := context.Background()
	ga, err := a.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{})
	if err != nil {
		t.Fatal(err)
	}
	gb, err := b.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{Options: &types.TransitGatewayRequestOptions{AmazonSideAsn: aws.Int64(64513)}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{Options: &types.TransitGatewayRequestOptions{AmazonSideAsn: aws.Int64(65535)}})
	gwWantCode(t, err, "InvalidParameterValue")
	pa, err := a.CreateTransitGatewayPeeringAttachment(ctx, &ec2.CreateTransitGatewayPeeringAttachmentInput{
		TransitGatewayId: ga.TransitGateway.TransitGatewayId, PeerTransitGatewayId: gb.TransitGateway.TransitGatewayId,
		PeerAccountId: aws.String("222222222222"), PeerRegion: aws.String("us-west-2"),
	})
	if err != nil {
		t.Fatal(err)
	}
	id := *pa.TransitGatewayPeeringAttachment.TransitGatewayAttachmentId
	seen, err := b.DescribeTransitGatewayPeeringAttachments(ctx, &ec2.DescribeTransitGatewayPeeringAttachmentsInput{TransitGatewayAttachmentIds: []string{id}})
	if err != nil || len(seen.TransitGatewayPeeringAttachments) != 1 || seen.TransitGatewayPeeringAttachments[0].State != types.TransitGatewayAttachmentStatePendingAcceptance {
		t.Fatalf("accepter's view %v %+v", err, seen)
	}
	_, err = a.AcceptTransitGatewayPeeringAttachment(ctx, &ec2.AcceptTransitGatewayPeeringAttachmentInput{TransitGatewayAttachmentId: aws.String(id)})
	gwWantCode(t, err, "InvalidTransitGatewayAttachmentID.NotFound")
	if _, err := b.AcceptTransitGatewayPeeringAttachment(ctx, &ec2.AcceptTransitGatewayPeeringAttachmentInput{TransitGatewayAttachmentId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	mine, err := a.DescribeTransitGatewayAttachments(ctx, &ec2.DescribeTransitGatewayAttachmentsInput{Filters: []types.Filter{{Name: aws.String("resource-type"), Values: []string{"peering"}}}})
	if err != nil || len(mine.TransitGatewayAttachments) != 1 || mine.TransitGatewayAttachments[0].State != types.TransitGatewayAttachmentStateAvailable ||
		mine.TransitGatewayAttachments[0].Association == nil {
		t.Fatalf("requester's view %v %+v", err, mine)
	}
	theirs, err := b.DescribeTransitGatewayAttachments(ctx, &ec2.DescribeTransitGatewayAttachmentsInput{TransitGatewayAttachmentIds: []string{id}})
	if err != nil || aws.ToString(theirs.TransitGatewayAttachments[0].TransitGatewayId) != *gb.TransitGateway.TransitGatewayId ||
		aws.ToString(theirs.TransitGatewayAttachments[0].ResourceId) != *ga.TransitGateway.TransitGatewayId {
		t.Fatalf("accepter's attachment view %v %+v", err, theirs)
	}
	bRT := aws.ToString(gb.TransitGateway.Options.AssociationDefaultRouteTableId)
	if bRT == "" {
		d, _ := b.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{TransitGatewayIds: []string{*gb.TransitGateway.TransitGatewayId}})
		bRT = aws.ToString(d.TransitGateways[0].Options.AssociationDefaultRouteTableId)
	}
	_, err = b.EnableTransitGatewayRouteTablePropagation(ctx, &ec2.EnableTransitGatewayRouteTablePropagationInput{TransitGatewayRouteTableId: aws.String(bRT), TransitGatewayAttachmentId: aws.String(id)})
	gwWantCode(t, err, "InvalidParameterValue")
	r, err := b.CreateTransitGatewayRoute(ctx, &ec2.CreateTransitGatewayRouteInput{TransitGatewayRouteTableId: aws.String(bRT), DestinationCidrBlock: aws.String("10.0.0.0/8"), TransitGatewayAttachmentId: aws.String(id)})
	if err != nil || r.Route.State != types.TransitGatewayRouteStateActive {
		t.Fatalf("static route over peering %v %+v", err, r)
	}
	if _, err := b.DeleteTransitGatewayPeeringAttachment(ctx, &ec2.DeleteTransitGatewayPeeringAttachmentInput{TransitGatewayAttachmentId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	rs, err := b.SearchTransitGatewayRoutes(ctx, &ec2.SearchTransitGatewayRoutesInput{TransitGatewayRouteTableId: aws.String(bRT), Filters: []types.Filter{{Name: aws.String("state"), Values: []string{"blackhole"}}}})
	if err != nil || len(rs.Routes) != 1 {
		t.Fatalf("route to a deleted peering %v %+v", err, rs)
	}
}
