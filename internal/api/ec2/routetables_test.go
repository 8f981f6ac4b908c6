package ec2_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// rtRoute finds a route by destination.
func rtRoute(rt types.RouteTable, dest string) *types.Route {
	for i, r := range rt.Routes {
		if aws.ToString(r.DestinationCidrBlock) == dest || aws.ToString(r.DestinationIpv6CidrBlock) == dest || aws.ToString(r.DestinationPrefixListId) == dest {
			return &rt.Routes[i]
		}
	}
	return nil
}

func rtDescribe(t *testing.T, c *ec2.Client, filters ...types.Filter) []types.RouteTable {
	t.Helper()
	out, err := c.DescribeRouteTables(context.Background(), &ec2.DescribeRouteTablesInput{Filters: filters})
	if err != nil {
		t.Fatal(err)
	}
	return out.RouteTables
}

// TestRouteTableWire walks the aws_route_table / aws_route /
// aws_route_table_association / aws_main_route_table_association flows of
// ec2-api-surface.md §2 through the real SDK.
func TestRouteTableWire(t *testing.T) {
	c := newSubnetTestClient(t)
	ctx := context.Background()
	v := snVpc(t, c)
	vpcID := aws.ToString(v.VpcId)
	sn, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.VpcId, CidrBlock: aws.String("10.0.1.0/24")})
	if err != nil {
		t.Fatal(err)
	}
	subnetID := aws.ToString(sn.Subnet.SubnetId)

	// The main route table, as aws_vpc reads it.
	mains := rtDescribe(t, c, snFilter("association.main", "true"), snFilter("vpc-id", vpcID))
	if len(mains) != 1 || len(mains[0].Associations) != 1 || !aws.ToBool(mains[0].Associations[0].Main) {
		t.Fatalf("main tables %+v", mains)
	}
	main := mains[0]
	local := rtRoute(main, "10.0.0.0/16")
	if local == nil || aws.ToString(local.GatewayId) != "local" || local.Origin != types.RouteOriginCreateRouteTable || local.State != types.RouteStateActive {
		t.Fatalf("local route %+v", local)
	}

	crt, err := c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: v.VpcId, ClientToken: aws.String("tok-1"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeRouteTable, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("public")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	rtID := aws.ToString(crt.RouteTable.RouteTableId)
	if len(crt.RouteTable.Routes) != 2 || len(crt.RouteTable.Associations) != 0 || aws.ToString(crt.ClientToken) != "tok-1" {
		t.Fatalf("created table %+v", crt.RouteTable)
	}
	// Same client token: same answer.
	again, err := c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: v.VpcId, ClientToken: aws.String("tok-1"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeRouteTable, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("public")}}}}})
	if err != nil || aws.ToString(again.RouteTable.RouteTableId) != rtID {
		t.Fatalf("idempotent create: %v", err)
	}

	igw, err := c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})
	if err != nil {
		t.Fatal(err)
	}
	igwID := aws.ToString(igw.InternetGateway.InternetGatewayId)
	// Not attached: AWS's "belong to different networks".
	_, err = c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String(igwID)})
	snWantCode(t, err, "InvalidParameterValue")
	if _, err := c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(igwID), VpcId: v.VpcId}); err != nil {
		t.Fatal(err)
	}
	cr, err := c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String(igwID)})
	if err != nil || !aws.ToBool(cr.Return) {
		t.Fatalf("CreateRoute: %v", err)
	}
	_, err = c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String(igwID)})
	snWantCode(t, err, "RouteAlreadyExists")
	_, err = c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("10.0.1.0/24"), GatewayId: aws.String(igwID)})
	snWantCode(t, err, "InvalidParameterValue")
	_, err = c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("1.0.0.0/8"), GatewayId: aws.String("local")})
	snWantCode(t, err, "InvalidGatewayID.NotFound")
	// A prefix-list destination (the AWS-managed S3 list).
	pls, err := c.DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{})
	if err == nil && len(pls.PrefixLists) > 0 {
		pl := aws.ToString(pls.PrefixLists[0].PrefixListId)
		if _, err := c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rtID), DestinationPrefixListId: aws.String(pl), GatewayId: aws.String(igwID)}); err != nil {
			t.Fatal(err)
		}
		if got := rtDescribe(t, c, snFilter("route.destination-prefix-list-id", pl)); len(got) != 1 {
			t.Fatalf("prefix-list route filter: %d tables", len(got))
		}
		if _, err := c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(rtID), DestinationPrefixListId: aws.String(pl)}); err != nil {
			t.Fatal(err)
		}
	}

	got := rtDescribe(t, c, snFilter("route-table-id", rtID))
	if len(got) != 1 {
		t.Fatalf("%d tables", len(got))
	}
	def := rtRoute(got[0], "0.0.0.0/0")
	if def == nil || aws.ToString(def.GatewayId) != igwID || def.Origin != types.RouteOriginCreateRoute || def.State != types.RouteStateActive {
		t.Fatalf("default route %+v", def)
	}
	if n := len(rtDescribe(t, c, snFilter("route.gateway-id", igwID), snFilter("route.state", "active"), snFilter("tag:Name", "public"))); n != 1 {
		t.Fatalf("route filters matched %d tables", n)
	}

	// Subnet association, as aws_route_table_association polls it.
	as, err := c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(rtID), SubnetId: aws.String(subnetID)})
	if err != nil || as.AssociationState.State != types.RouteTableAssociationStateCodeAssociated {
		t.Fatalf("associate: %v", err)
	}
	assocID := aws.ToString(as.AssociationId)
	byAssoc := rtDescribe(t, c, snFilter("association.route-table-association-id", assocID))
	if len(byAssoc) != 1 || aws.ToString(byAssoc[0].RouteTableId) != rtID {
		t.Fatalf("by association: %+v", byAssoc)
	}
	for _, a := range byAssoc[0].Associations {
		if aws.ToString(a.RouteTableAssociationId) == assocID && (aws.ToString(a.SubnetId) != subnetID || a.AssociationState.State != types.RouteTableAssociationStateCodeAssociated || aws.ToBool(a.Main)) {
			t.Fatalf("association %+v", a)
		}
	}
	_, err = c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: main.RouteTableId, SubnetId: aws.String(subnetID)})
	snWantCode(t, err, "Resource.AlreadyAssociated")
	_, err = c.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: aws.String(rtID)})
	snWantCode(t, err, "DependencyViolation")

	// Replace the main association (aws_main_route_table_association).
	rep, err := c.ReplaceRouteTableAssociation(ctx, &ec2.ReplaceRouteTableAssociationInput{AssociationId: main.Associations[0].RouteTableAssociationId, RouteTableId: aws.String(rtID)})
	if err != nil {
		t.Fatal(err)
	}
	if m := rtDescribe(t, c, snFilter("association.main", "true"), snFilter("vpc-id", vpcID)); len(m) != 1 || aws.ToString(m[0].RouteTableId) != rtID {
		t.Fatalf("main after replace: %+v", m)
	}
	_, err = c.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: rep.NewAssociationId})
	snWantCode(t, err, "InvalidParameterValue")
	if _, err := c.ReplaceRouteTableAssociation(ctx, &ec2.ReplaceRouteTableAssociationInput{AssociationId: rep.NewAssociationId, RouteTableId: main.RouteTableId}); err != nil {
		t.Fatal(err)
	}

	// ReplaceRoute, blackhole after detach, DeleteRoute.
	if _, err := c.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: aws.String(igwID), VpcId: v.VpcId}); err != nil {
		t.Fatal(err)
	}
	if r := rtRoute(rtDescribe(t, c, snFilter("route-table-id", rtID))[0], "0.0.0.0/0"); r.State != types.RouteStateBlackhole {
		t.Fatalf("route after detach %+v", r)
	}
	if n := len(rtDescribe(t, c, snFilter("route.state", "blackhole"), snFilter("vpc-id", vpcID))); n != 1 {
		t.Fatalf("blackhole filter matched %d", n)
	}
	_, err = c.ReplaceRoute(ctx, &ec2.ReplaceRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("9.0.0.0/8"), GatewayId: aws.String(igwID)})
	snWantCode(t, err, "InvalidParameterValue")
	_, err = c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("10.0.0.0/16")})
	snWantCode(t, err, "InvalidParameterValue")
	if _, err := c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("0.0.0.0/0")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("0.0.0.0/0")})
	snWantCode(t, err, "InvalidRoute.NotFound")

	// Teardown as Terraform does it.
	if _, err := c.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: aws.String(assocID)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: aws.String(assocID)})
	snWantCode(t, err, "InvalidAssociationID.NotFound")
	if _, err := c.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: aws.String(rtID)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{rtID}})
	snWantCode(t, err, "InvalidRouteTableID.NotFound")
	_, err = c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{MaxResults: aws.Int32(101)})
	snWantCode(t, err, "InvalidParameterValue")
	_, err = c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []types.Filter{snFilter("route.bogus", "x")}})
	snWantCode(t, err, "InvalidParameterValue")
}

// TestVpnGatewayWire walks the aws_vpn_gateway flow (create pending →
// available, attach → attached, detach, delete) with route propagation.
func TestVpnGatewayWire(t *testing.T) {
	c := newSubnetTestClient(t)
	ctx := context.Background()
	v := snVpc(t, c)
	// Terraform sends AvailabilityZone= empty.
	cg, err := c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1, AvailabilityZone: aws.String(""),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpnGateway, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("vgw")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	g := cg.VpnGateway
	id := aws.ToString(g.VpnGatewayId)
	if g.State != types.VpnStatePending || aws.ToInt64(g.AmazonSideAsn) != 64512 || g.Type != types.GatewayTypeIpsec1 {
		t.Fatalf("created %+v", g)
	}
	at, err := c.AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpnGatewayId: aws.String(id), VpcId: v.VpcId})
	if err != nil || at.VpcAttachment.State != types.AttachmentStatusAttaching {
		t.Fatalf("attach: %v %+v", err, at)
	}
	d, err := c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: []string{id}})
	if err != nil || len(d.VpnGateways) != 1 {
		t.Fatalf("describe: %v", err)
	}
	got := d.VpnGateways[0]
	if got.State != types.VpnStateAvailable || len(got.VpcAttachments) != 1 || got.VpcAttachments[0].State != types.AttachmentStatusAttached || aws.ToString(got.VpcAttachments[0].VpcId) != aws.ToString(v.VpcId) || len(got.Tags) != 1 {
		t.Fatalf("described %+v", got)
	}
	for _, fs := range [][]types.Filter{
		{snFilter("attachment.vpc-id", aws.ToString(v.VpcId)), snFilter("attachment.state", "attached")},
		{snFilter("amazon-side-asn", "64512"), snFilter("type", "ipsec.1"), snFilter("state", "available")},
		{snFilter("vpn-gateway-id", id), snFilter("tag-key", "Name")},
	} {
		d, err := c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{Filters: fs})
		if err != nil || len(d.VpnGateways) != 1 {
			t.Fatalf("filters %v: %v %d", fs, err, len(d.VpnGateways))
		}
	}
	_, err = c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: []string{"vgw-0123456789abcdef0"}})
	snWantCode(t, err, "InvalidVpnGatewayID.NotFound")

	// Propagation on the main table (aws_vpn_gateway_route_propagation).
	main := rtDescribe(t, c, snFilter("association.main", "true"), snFilter("vpc-id", aws.ToString(v.VpcId)))[0]
	if _, err := c.EnableVgwRoutePropagation(ctx, &ec2.EnableVgwRoutePropagationInput{GatewayId: aws.String(id), RouteTableId: main.RouteTableId}); err != nil {
		t.Fatal(err)
	}
	main = rtDescribe(t, c, snFilter("route-table-id", aws.ToString(main.RouteTableId)))[0]
	if len(main.PropagatingVgws) != 1 || aws.ToString(main.PropagatingVgws[0].GatewayId) != id {
		t.Fatalf("propagating %+v", main.PropagatingVgws)
	}
	if _, err := c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: main.RouteTableId, DestinationCidrBlock: aws.String("192.168.0.0/16"), GatewayId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DisableVgwRoutePropagation(ctx, &ec2.DisableVgwRoutePropagationInput{GatewayId: aws.String(id), RouteTableId: main.RouteTableId}); err != nil {
		t.Fatal(err)
	}

	_, err = c.DeleteVpnGateway(ctx, &ec2.DeleteVpnGatewayInput{VpnGatewayId: aws.String(id)})
	snWantCode(t, err, "DependencyViolation")
	if _, err := c.DetachVpnGateway(ctx, &ec2.DetachVpnGatewayInput{VpnGatewayId: aws.String(id), VpcId: v.VpcId}); err != nil {
		t.Fatal(err)
	}
	main = rtDescribe(t, c, snFilter("route-table-id", aws.ToString(main.RouteTableId)))[0]
	if r := rtRoute(main, "192.168.0.0/16"); r == nil || r.State != types.RouteStateBlackhole || aws.ToString(r.GatewayId) != id {
		t.Fatalf("vgw route after detach %+v", r)
	}
	d, _ = c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: []string{id}})
	if d.VpnGateways[0].VpcAttachments[0].State != types.AttachmentStatusDetached {
		t.Fatalf("after detach %+v", d.VpnGateways[0].VpcAttachments)
	}
	if _, err := c.DeleteVpnGateway(ctx, &ec2.DeleteVpnGatewayInput{VpnGatewayId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: []string{id}})
	snWantCode(t, err, "InvalidVpnGatewayID.NotFound")
}
