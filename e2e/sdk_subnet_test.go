package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func createSubnet(t *testing.T, ctx context.Context, c *ec2.Client, vpc, cidr, az string) types.Subnet {
	t.Helper()
	out := must[*ec2.CreateSubnetOutput](t, "CreateSubnet "+cidr)(c.CreateSubnet(ctx, &ec2.CreateSubnetInput{
		VpcId: aws.String(vpc), CidrBlock: aws.String(cidr), AvailabilityZone: aws.String(az),
	}))
	return *out.Subnet
}

func describeSubnet(t *testing.T, ctx context.Context, c *ec2.Client, id string) types.Subnet {
	t.Helper()
	out := must[*ec2.DescribeSubnetsOutput](t, "DescribeSubnets "+id)(c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{id}}))
	if len(out.Subnets) != 1 || aws.ToString(out.Subnets[0].SubnetId) != id {
		t.Fatalf("DescribeSubnets %s: %d subnets", id, len(out.Subnets))
	}
	return out.Subnets[0]
}

func describeRouteTable(t *testing.T, ctx context.Context, c *ec2.Client, id string) types.RouteTable {
	t.Helper()
	out := must[*ec2.DescribeRouteTablesOutput](t, "DescribeRouteTables "+id)(c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{id}}))
	if len(out.RouteTables) != 1 {
		t.Fatalf("DescribeRouteTables %s: %d tables", id, len(out.RouteTables))
	}
	return out.RouteTables[0]
}

func findRoute(rt types.RouteTable, dest string) *types.Route {
	for i, r := range rt.Routes {
		if routeDest(r) == dest {
			return &rt.Routes[i]
		}
	}
	return nil
}

func mainRouteTable(t *testing.T, ctx context.Context, c *ec2.Client, vpc string) types.RouteTable {
	t.Helper()
	out := must[*ec2.DescribeRouteTablesOutput](t, "DescribeRouteTables main")(c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("vpc-id", vpc), filter("association.main", "true")}}))
	if len(out.RouteTables) != 1 {
		t.Fatalf("VPC %s has %d main route tables", vpc, len(out.RouteTables))
	}
	return out.RouteTables[0]
}

func TestSDKSubnets(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	v := createVPC(t, ctx, c, "10.0.0.0/16", true)
	vpc := aws.ToString(v.VpcId)
	v6 := vpcIPv6(describeVPC(t, ctx, c, vpc))

	out := must[*ec2.CreateSubnetOutput](t, "CreateSubnet")(c.CreateSubnet(ctx, &ec2.CreateSubnetInput{
		VpcId:             aws.String(vpc),
		CidrBlock:         aws.String("10.0.1.0/24"),
		Ipv6CidrBlock:     aws.String(subnet6(t, v6, 1)),
		AvailabilityZone:  aws.String("us-east-1a"),
		TagSpecifications: tagSpec(types.ResourceTypeSubnet, "Name", "public-a"),
	}))
	id := aws.ToString(out.Subnet.SubnetId)
	s := describeSubnet(t, ctx, c, id)
	if s.State != types.SubnetStateAvailable || aws.ToString(s.VpcId) != vpc || aws.ToString(s.AvailabilityZone) != "us-east-1a" ||
		aws.ToString(s.AvailabilityZoneId) == "" || aws.ToInt32(s.AvailableIpAddressCount) != 251 || aws.ToBool(s.DefaultForAz) ||
		aws.ToBool(s.MapPublicIpOnLaunch) || aws.ToString(s.SubnetArn) == "" || aws.ToString(s.OwnerId) != testAccount {
		t.Errorf("subnet: state %s vpc %s az %s/%s free %d default %v mapPublic %v arn %q owner %s", s.State, aws.ToString(s.VpcId),
			aws.ToString(s.AvailabilityZone), aws.ToString(s.AvailabilityZoneId), aws.ToInt32(s.AvailableIpAddressCount),
			aws.ToBool(s.DefaultForAz), aws.ToBool(s.MapPublicIpOnLaunch), aws.ToString(s.SubnetArn), aws.ToString(s.OwnerId))
	}
	if len(s.Ipv6CidrBlockAssociationSet) != 1 || aws.ToString(s.Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock) != subnet6(t, v6, 1) {
		t.Errorf("subnet IPv6: %+v", s.Ipv6CidrBlockAssociationSet)
	}
	// Fields Terraform reads and compares against its defaults.
	if s.PrivateDnsNameOptionsOnLaunch == nil || s.PrivateDnsNameOptionsOnLaunch.HostnameType != types.HostnameTypeIpName {
		t.Errorf("privateDnsNameOptionsOnLaunch: %+v", s.PrivateDnsNameOptionsOnLaunch)
	}
	if tagMap(s.Tags)["Name"] != "public-a" {
		t.Errorf("tags %v", tagMap(s.Tags))
	}

	// Filters, including the legacy camelCase ones Terraform sends.
	for _, f := range [][]types.Filter{
		{filter("vpc-id", vpc)},
		{filter("availabilityZone", "us-east-1a"), filter("vpc-id", vpc)},
		{filter("availability-zone", "us-east-1a"), filter("vpc-id", vpc)},
		{filter("cidrBlock", "10.0.1.0/24")},
		{filter("cidr-block", "10.0.1.0/24")},
		{filter("defaultForAz", "false"), filter("vpc-id", vpc)},
		{filter("tag:Name", "public-*")},
		{filter("ipv6-cidr-block-association.ipv6-cidr-block", subnet6(t, v6, 1))},
	} {
		got := must[*ec2.DescribeSubnetsOutput](t, "DescribeSubnets filter "+aws.ToString(f[0].Name))(c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: f}))
		if len(got.Subnets) != 1 || aws.ToString(got.Subnets[0].SubnetId) != id {
			t.Errorf("DescribeSubnets filter %s=%v: %d subnets", aws.ToString(f[0].Name), f[0].Values, len(got.Subnets))
		}
	}
	def := must[*ec2.DescribeSubnetsOutput](t, "DescribeSubnets defaultForAz")(c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []types.Filter{filter("defaultForAz", "true"), filter("availabilityZone", "us-east-1b")}}))
	if len(def.Subnets) != 1 || aws.ToString(def.Subnets[0].CidrBlock) != "172.31.16.0/20" {
		t.Errorf("default subnet in us-east-1b: %+v", def.Subnets)
	}

	// Attributes.
	must[*ec2.ModifySubnetAttributeOutput](t, "ModifySubnetAttribute MapPublicIpOnLaunch")(c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: aws.String(id), MapPublicIpOnLaunch: &types.AttributeBooleanValue{Value: aws.Bool(true)}}))
	must[*ec2.ModifySubnetAttributeOutput](t, "ModifySubnetAttribute AssignIpv6AddressOnCreation")(c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: aws.String(id), AssignIpv6AddressOnCreation: &types.AttributeBooleanValue{Value: aws.Bool(true)}}))
	s = describeSubnet(t, ctx, c, id)
	if !aws.ToBool(s.MapPublicIpOnLaunch) || !aws.ToBool(s.AssignIpv6AddressOnCreation) {
		t.Errorf("after ModifySubnetAttribute: mapPublic %v assignIpv6 %v", aws.ToBool(s.MapPublicIpOnLaunch), aws.ToBool(s.AssignIpv6AddressOnCreation))
	}

	// Errors.
	for _, tc := range []struct{ cidr, code string }{
		{"10.1.0.0/24", "InvalidSubnet.Range"},      // outside the VPC
		{"10.0.0.0/15", "InvalidSubnet.Range"},      // too large
		{"10.0.0.0/29", "InvalidSubnet.Range"},      // too small
		{"10.0.1.128/25", "InvalidSubnet.Conflict"}, // overlaps 10.0.1.0/24
		{"10.0.0.0/16", "InvalidSubnet.Conflict"},   // contains it
		{"10.0.1.0/33", "InvalidParameterValue"},
	} {
		_, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc), CidrBlock: aws.String(tc.cidr), AvailabilityZone: aws.String("us-east-1a")})
		wantCode(t, "CreateSubnet "+tc.cidr, err, tc.code)
	}
	_, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc), CidrBlock: aws.String("10.0.2.0/24"), AvailabilityZone: aws.String("us-east-1z")})
	if code := errorCode(err); code != "InvalidParameterValue" && code != "InvalidZone.NotFound" {
		t.Errorf("CreateSubnet in us-east-1z: %v, want InvalidParameterValue or InvalidZone.NotFound", err)
	}
	_, err = c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String("vpc-0123456789abcdef0"), CidrBlock: aws.String("10.0.2.0/24")})
	wantCode(t, "CreateSubnet unknown VPC", err, "InvalidVpcID.NotFound")
	_, err = c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc), CidrBlock: aws.String("10.0.2.0/24"), Ipv6CidrBlock: aws.String(subnet6(t, v6, 1))})
	if errorCode(err) == "" {
		t.Errorf("CreateSubnet with an IPv6 /64 already used succeeded")
	}
	_, err = c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{"subnet-0123456789abcdef0"}})
	wantCode(t, "DescribeSubnets unknown", err, "InvalidSubnetID.NotFound")

	// AZ by id, and a /28 has 11 free addresses.
	zoneID := aws.ToString(s.AvailabilityZoneId)
	small := must[*ec2.CreateSubnetOutput](t, "CreateSubnet AvailabilityZoneId")(c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc), CidrBlock: aws.String("10.0.2.0/28"), AvailabilityZoneId: aws.String(zoneID)}))
	if aws.ToString(small.Subnet.AvailabilityZone) != "us-east-1a" || aws.ToInt32(small.Subnet.AvailableIpAddressCount) != 11 {
		t.Errorf("/28 subnet in %s: az %s free %d", zoneID, aws.ToString(small.Subnet.AvailabilityZone), aws.ToInt32(small.Subnet.AvailableIpAddressCount))
	}

	// The VPC cannot go while it has subnets.
	_, err = c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(vpc)})
	wantCode(t, "DeleteVpc with subnets", err, "DependencyViolation")
	for _, sn := range []string{id, aws.ToString(small.Subnet.SubnetId)} {
		must[*ec2.DeleteSubnetOutput](t, "DeleteSubnet")(c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(sn)}))
	}
	_, err = c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(id)})
	wantCode(t, "DeleteSubnet twice", err, "InvalidSubnetID.NotFound")
	must[*ec2.DeleteVpcOutput](t, "DeleteVpc")(c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(vpc)}))
}

func TestSDKRouteTables(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	v := createVPC(t, ctx, c, "10.0.0.0/16", true)
	vpc := aws.ToString(v.VpcId)
	v6 := vpcIPv6(describeVPC(t, ctx, c, vpc))
	sn := aws.ToString(createSubnet(t, ctx, c, vpc, "10.0.1.0/24", "us-east-1a").SubnetId)
	main := mainRouteTable(t, ctx, c, vpc)

	// A new subnet uses the main table implicitly: no association filter hit.
	implicit := must[*ec2.DescribeRouteTablesOutput](t, "DescribeRouteTables association.subnet-id")(c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("association.subnet-id", sn)}}))
	if len(implicit.RouteTables) != 0 {
		t.Errorf("subnet without an explicit association matched %d tables", len(implicit.RouteTables))
	}

	igw := must[*ec2.CreateInternetGatewayOutput](t, "CreateInternetGateway")(c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{}))
	igwID := aws.ToString(igw.InternetGateway.InternetGatewayId)
	must[*ec2.AttachInternetGatewayOutput](t, "AttachInternetGateway")(c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(igwID), VpcId: aws.String(vpc)}))

	rt := must[*ec2.CreateRouteTableOutput](t, "CreateRouteTable")(c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{
		VpcId: aws.String(vpc), ClientToken: aws.String("rt-token-1"),
		TagSpecifications: tagSpec(types.ResourceTypeRouteTable, "Name", "public"),
	}))
	rtID := aws.ToString(rt.RouteTable.RouteTableId)
	again := must[*ec2.CreateRouteTableOutput](t, "CreateRouteTable same token")(c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{
		VpcId: aws.String(vpc), ClientToken: aws.String("rt-token-1"),
		TagSpecifications: tagSpec(types.ResourceTypeRouteTable, "Name", "public"),
	}))
	if aws.ToString(again.RouteTable.RouteTableId) != rtID {
		t.Errorf("ClientToken retry created %s, want %s", aws.ToString(again.RouteTable.RouteTableId), rtID)
	}
	if r := findRoute(*rt.RouteTable, "10.0.0.0/16"); r == nil || aws.ToString(r.GatewayId) != "local" {
		t.Errorf("new table lacks the local route: %+v", rt.RouteTable.Routes)
	}

	// Routes: IPv4 and IPv6 to the IGW.
	must[*ec2.CreateRouteOutput](t, "CreateRoute 0.0.0.0/0")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String(igwID)}))
	must[*ec2.CreateRouteOutput](t, "CreateRoute ::/0")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rtID), DestinationIpv6CidrBlock: aws.String("::/0"), GatewayId: aws.String(igwID)}))
	_, err := c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String(igwID)})
	wantCode(t, "CreateRoute duplicate", err, "RouteAlreadyExists")
	_, err = c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("10.0.5.0/24"), GatewayId: aws.String(igwID)})
	wantCode(t, "CreateRoute inside the VPC CIDR", err, "InvalidParameterValue")
	_, err = c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rtID), DestinationCidrBlock: aws.String("192.168.0.0/16"), GatewayId: aws.String("igw-0123456789abcdef0")})
	if code := errorCode(err); code != "InvalidInternetGatewayID.NotFound" && code != "InvalidGatewayID.NotFound" {
		t.Errorf("CreateRoute to an unknown IGW: %v", err)
	}
	got := describeRouteTable(t, ctx, c, rtID)
	for _, dest := range []string{"0.0.0.0/0", "::/0"} {
		r := findRoute(got, dest)
		if r == nil || aws.ToString(r.GatewayId) != igwID || r.Origin != types.RouteOriginCreateRoute || r.State != types.RouteStateActive {
			t.Errorf("route %s: %+v", dest, r)
		}
	}
	if r := findRoute(got, v6); r == nil || aws.ToString(r.GatewayId) != "local" {
		t.Errorf("no IPv6 local route %s", v6)
	}

	// Associations.
	as := must[*ec2.AssociateRouteTableOutput](t, "AssociateRouteTable")(c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(rtID), SubnetId: aws.String(sn)}))
	assoc := aws.ToString(as.AssociationId)
	if as.AssociationState == nil || as.AssociationState.State != types.RouteTableAssociationStateCodeAssociated {
		t.Errorf("AssociateRouteTable state %+v", as.AssociationState)
	}
	_, err = c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(rtID), SubnetId: aws.String(sn)})
	wantCode(t, "AssociateRouteTable twice", err, "Resource.AlreadyAssociated")
	byAssoc := must[*ec2.DescribeRouteTablesOutput](t, "DescribeRouteTables association.route-table-association-id")(c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("association.route-table-association-id", assoc)}}))
	if len(byAssoc.RouteTables) != 1 || aws.ToString(byAssoc.RouteTables[0].RouteTableId) != rtID {
		t.Errorf("filter by association id: %d tables", len(byAssoc.RouteTables))
	}
	bySubnet := must[*ec2.DescribeRouteTablesOutput](t, "DescribeRouteTables association.subnet-id")(c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("association.subnet-id", sn)}}))
	if len(bySubnet.RouteTables) != 1 || aws.ToString(bySubnet.RouteTables[0].RouteTableId) != rtID {
		t.Errorf("filter by subnet id: %d tables", len(bySubnet.RouteTables))
	}

	// ReplaceRoute, DeleteRoute.
	rt2 := must[*ec2.CreateRouteTableOutput](t, "CreateRouteTable 2")(c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(vpc)}))
	rt2ID := aws.ToString(rt2.RouteTable.RouteTableId)
	eigw := must[*ec2.CreateEgressOnlyInternetGatewayOutput](t, "CreateEgressOnlyInternetGateway")(c.CreateEgressOnlyInternetGateway(ctx, &ec2.CreateEgressOnlyInternetGatewayInput{VpcId: aws.String(vpc)}))
	eigwID := aws.ToString(eigw.EgressOnlyInternetGateway.EgressOnlyInternetGatewayId)
	must[*ec2.CreateRouteOutput](t, "CreateRoute ::/0 eigw")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rt2ID), DestinationIpv6CidrBlock: aws.String("::/0"), EgressOnlyInternetGatewayId: aws.String(eigwID)}))
	must[*ec2.CreateRouteOutput](t, "CreateRoute 198.51.100.0/24")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rt2ID), DestinationCidrBlock: aws.String("198.51.100.0/24"), GatewayId: aws.String(igwID)}))
	must[*ec2.ReplaceRouteOutput](t, "ReplaceRoute")(c.ReplaceRoute(ctx, &ec2.ReplaceRouteInput{RouteTableId: aws.String(rt2ID), DestinationIpv6CidrBlock: aws.String("::/0"), GatewayId: aws.String(igwID)}))
	if r := findRoute(describeRouteTable(t, ctx, c, rt2ID), "::/0"); r == nil || aws.ToString(r.GatewayId) != igwID {
		t.Errorf("after ReplaceRoute ::/0: %+v", r)
	}
	_, err = c.ReplaceRoute(ctx, &ec2.ReplaceRouteInput{RouteTableId: aws.String(rt2ID), DestinationCidrBlock: aws.String("203.0.113.0/24"), GatewayId: aws.String(igwID)})
	// AWS answers InvalidParameterValue "There is no route defined for
	// '203.0.113.0/24' in the route table. Use CreateRoute instead.";
	// InvalidRoute.NotFound is what moto and the error reference list.
	if code := errorCode(err); code != "InvalidParameterValue" && code != "InvalidRoute.NotFound" {
		t.Errorf("ReplaceRoute missing: %v, want InvalidParameterValue or InvalidRoute.NotFound", err)
	}
	must[*ec2.DeleteRouteOutput](t, "DeleteRoute")(c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(rt2ID), DestinationCidrBlock: aws.String("198.51.100.0/24")}))
	_, err = c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(rt2ID), DestinationCidrBlock: aws.String("198.51.100.0/24")})
	wantCode(t, "DeleteRoute twice", err, "InvalidRoute.NotFound")
	_, err = c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(rt2ID), DestinationCidrBlock: aws.String("10.0.0.0/16")})
	wantCode(t, "DeleteRoute local", err, "InvalidParameterValue")

	// An EIGW route turns blackhole when the gateway goes.
	must[*ec2.CreateRouteOutput](t, "CreateRoute 2001:db8::/32 eigw")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rt2ID), DestinationIpv6CidrBlock: aws.String("2001:db8::/32"), EgressOnlyInternetGatewayId: aws.String(eigwID)}))
	must[*ec2.DeleteEgressOnlyInternetGatewayOutput](t, "DeleteEgressOnlyInternetGateway")(c.DeleteEgressOnlyInternetGateway(ctx, &ec2.DeleteEgressOnlyInternetGatewayInput{EgressOnlyInternetGatewayId: aws.String(eigwID)}))
	if r := findRoute(describeRouteTable(t, ctx, c, rt2ID), "2001:db8::/32"); r == nil || r.State != types.RouteStateBlackhole {
		t.Errorf("route to a deleted EIGW: %+v, want state blackhole", r)
	}

	// ReplaceRouteTableAssociation, including making a table main.
	rep := must[*ec2.ReplaceRouteTableAssociationOutput](t, "ReplaceRouteTableAssociation")(c.ReplaceRouteTableAssociation(ctx, &ec2.ReplaceRouteTableAssociationInput{AssociationId: aws.String(assoc), RouteTableId: aws.String(rt2ID)}))
	assoc = aws.ToString(rep.NewAssociationId)
	var mainAssoc string
	for _, a := range main.Associations {
		if aws.ToBool(a.Main) {
			mainAssoc = aws.ToString(a.RouteTableAssociationId)
		}
	}
	if mainAssoc == "" {
		t.Fatalf("main table has no main association: %+v", main.Associations)
	}
	newMain := must[*ec2.ReplaceRouteTableAssociationOutput](t, "ReplaceRouteTableAssociation main")(c.ReplaceRouteTableAssociation(ctx, &ec2.ReplaceRouteTableAssociationInput{AssociationId: aws.String(mainAssoc), RouteTableId: aws.String(rtID)}))
	if m := mainRouteTable(t, ctx, c, vpc); aws.ToString(m.RouteTableId) != rtID {
		t.Errorf("main table is %s after replacing the main association, want %s", aws.ToString(m.RouteTableId), rtID)
	}
	_, err = c.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: aws.String(rtID)})
	wantCode(t, "DeleteRouteTable main", err, "DependencyViolation")
	must[*ec2.ReplaceRouteTableAssociationOutput](t, "ReplaceRouteTableAssociation main back")(c.ReplaceRouteTableAssociation(ctx, &ec2.ReplaceRouteTableAssociationInput{AssociationId: newMain.NewAssociationId, RouteTableId: main.RouteTableId}))

	_, err = c.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: aws.String(rt2ID)})
	wantCode(t, "DeleteRouteTable associated", err, "DependencyViolation")
	must[*ec2.DisassociateRouteTableOutput](t, "DisassociateRouteTable")(c.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: aws.String(assoc)}))
	_, err = c.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: aws.String(assoc)})
	wantCode(t, "DisassociateRouteTable twice", err, "InvalidAssociationID.NotFound")

	// A gateway (edge) association; such a table may route only to local,
	// ENI and GWLB endpoint targets, so a table with an IGW route is refused.
	_, err = c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(rt2ID), GatewayId: aws.String(igwID)})
	wantCode(t, "AssociateRouteTable gateway with an IGW route", err, "InvalidParameterValue")
	rt3 := must[*ec2.CreateRouteTableOutput](t, "CreateRouteTable edge")(c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(vpc)}))
	rt3ID := aws.ToString(rt3.RouteTable.RouteTableId)
	edge := must[*ec2.AssociateRouteTableOutput](t, "AssociateRouteTable gateway")(c.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(rt3ID), GatewayId: aws.String(igwID)}))
	ga := must[*ec2.DescribeRouteTablesOutput](t, "DescribeRouteTables association.gateway-id")(c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("association.gateway-id", igwID)}}))
	if len(ga.RouteTables) != 1 {
		t.Errorf("edge association: %d tables", len(ga.RouteTables))
	}
	must[*ec2.DisassociateRouteTableOutput](t, "DisassociateRouteTable gateway")(c.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: edge.AssociationId}))

	for _, id := range []string{rtID, rt2ID, rt3ID} {
		must[*ec2.DeleteRouteTableOutput](t, "DeleteRouteTable")(c.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: aws.String(id)}))
	}
	_, err = c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{rtID}})
	wantCode(t, "DescribeRouteTables deleted", err, "InvalidRouteTableID.NotFound")
}

// TestSDKVpnGateways covers the virtual private gateway as a route target
// and its route propagation.
func TestSDKVpnGateways(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	vpc := aws.ToString(createVPC(t, ctx, c, "10.0.0.0/16", false).VpcId)
	main := mainRouteTable(t, ctx, c, vpc)

	out := must[*ec2.CreateVpnGatewayOutput](t, "CreateVpnGateway")(c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1, AmazonSideAsn: aws.Int64(64512)}))
	vgw := aws.ToString(out.VpnGateway.VpnGatewayId)
	must[*ec2.AttachVpnGatewayOutput](t, "AttachVpnGateway")(c.AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpcId: aws.String(vpc), VpnGatewayId: aws.String(vgw)}))
	d := must[*ec2.DescribeVpnGatewaysOutput](t, "DescribeVpnGateways")(c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: []string{vgw}}))
	if len(d.VpnGateways) != 1 || d.VpnGateways[0].State != types.VpnStateAvailable || len(d.VpnGateways[0].VpcAttachments) != 1 ||
		d.VpnGateways[0].VpcAttachments[0].State != types.AttachmentStatusAttached || aws.ToInt64(d.VpnGateways[0].AmazonSideAsn) != 64512 {
		t.Errorf("DescribeVpnGateways: %+v", d.VpnGateways)
	}

	must[*ec2.CreateRouteOutput](t, "CreateRoute vgw")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: main.RouteTableId, DestinationCidrBlock: aws.String("192.168.0.0/16"), GatewayId: aws.String(vgw)}))
	must[*ec2.EnableVgwRoutePropagationOutput](t, "EnableVgwRoutePropagation")(c.EnableVgwRoutePropagation(ctx, &ec2.EnableVgwRoutePropagationInput{RouteTableId: main.RouteTableId, GatewayId: aws.String(vgw)}))
	rt := describeRouteTable(t, ctx, c, aws.ToString(main.RouteTableId))
	if len(rt.PropagatingVgws) != 1 || aws.ToString(rt.PropagatingVgws[0].GatewayId) != vgw {
		t.Errorf("propagatingVgwSet: %+v", rt.PropagatingVgws)
	}
	must[*ec2.DisableVgwRoutePropagationOutput](t, "DisableVgwRoutePropagation")(c.DisableVgwRoutePropagation(ctx, &ec2.DisableVgwRoutePropagationInput{RouteTableId: main.RouteTableId, GatewayId: aws.String(vgw)}))
	must[*ec2.DeleteRouteOutput](t, "DeleteRoute vgw")(c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: main.RouteTableId, DestinationCidrBlock: aws.String("192.168.0.0/16")}))

	_, err := c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(vpc)})
	wantCode(t, "DeleteVpc with a VGW attached", err, "DependencyViolation")
	must[*ec2.DetachVpnGatewayOutput](t, "DetachVpnGateway")(c.DetachVpnGateway(ctx, &ec2.DetachVpnGatewayInput{VpcId: aws.String(vpc), VpnGatewayId: aws.String(vgw)}))
	must[*ec2.DeleteVpnGatewayOutput](t, "DeleteVpnGateway")(c.DeleteVpnGateway(ctx, &ec2.DeleteVpnGatewayInput{VpnGatewayId: aws.String(vgw)}))
	must[*ec2.DeleteVpcOutput](t, "DeleteVpc")(c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(vpc)}))
}
