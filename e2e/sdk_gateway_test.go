package e2e

import (
	"net/netip"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func TestSDKInternetGateways(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	vpc1 := aws.ToString(createVPC(t, ctx, c, "10.0.0.0/16", true).VpcId)
	vpc2 := aws.ToString(createVPC(t, ctx, c, "10.1.0.0/16", false).VpcId)

	out := must[*ec2.CreateInternetGatewayOutput](t, "CreateInternetGateway")(c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{
		TagSpecifications: tagSpec(types.ResourceTypeInternetGateway, "Name", "igw-e2e"),
	}))
	igw := aws.ToString(out.InternetGateway.InternetGatewayId)
	if len(out.InternetGateway.Attachments) != 0 {
		t.Errorf("new IGW has attachments: %+v", out.InternetGateway.Attachments)
	}
	must[*ec2.AttachInternetGatewayOutput](t, "AttachInternetGateway")(c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(igw), VpcId: aws.String(vpc1)}))
	d := must[*ec2.DescribeInternetGatewaysOutput](t, "DescribeInternetGateways")(c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{InternetGatewayIds: []string{igw}}))
	if len(d.InternetGateways) != 1 || len(d.InternetGateways[0].Attachments) != 1 ||
		aws.ToString(d.InternetGateways[0].Attachments[0].VpcId) != vpc1 ||
		string(d.InternetGateways[0].Attachments[0].State) != "available" || tagMap(d.InternetGateways[0].Tags)["Name"] != "igw-e2e" {
		t.Errorf("DescribeInternetGateways: %+v", d.InternetGateways)
	}
	f := must[*ec2.DescribeInternetGatewaysOutput](t, "DescribeInternetGateways attachment.vpc-id")(c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{Filters: []types.Filter{filter("attachment.vpc-id", vpc1)}}))
	if len(f.InternetGateways) != 1 {
		t.Errorf("attachment.vpc-id filter: %d gateways", len(f.InternetGateways))
	}

	_, err := c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(igw), VpcId: aws.String(vpc2)})
	wantCode(t, "AttachInternetGateway to a second VPC", err, "Resource.AlreadyAssociated")
	other := must[*ec2.CreateInternetGatewayOutput](t, "CreateInternetGateway 2")(c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{}))
	_, err = c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: other.InternetGateway.InternetGatewayId, VpcId: aws.String(vpc1)})
	if err == nil {
		t.Errorf("a second IGW attached to one VPC")
	}
	_, err = c.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: aws.String(igw)})
	wantCode(t, "DeleteInternetGateway attached", err, "DependencyViolation")
	_, err = c.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: aws.String(igw), VpcId: aws.String(vpc2)})
	wantCode(t, "DetachInternetGateway wrong VPC", err, "Gateway.NotAttached")
	must[*ec2.DetachInternetGatewayOutput](t, "DetachInternetGateway")(c.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: aws.String(igw), VpcId: aws.String(vpc1)}))
	for _, id := range []string{igw, aws.ToString(other.InternetGateway.InternetGatewayId)} {
		must[*ec2.DeleteInternetGatewayOutput](t, "DeleteInternetGateway")(c.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: aws.String(id)}))
	}
	_, err = c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{InternetGatewayIds: []string{igw}})
	wantCode(t, "DescribeInternetGateways deleted", err, "InvalidInternetGatewayID.NotFound")

	// Egress-only internet gateways.
	e := must[*ec2.CreateEgressOnlyInternetGatewayOutput](t, "CreateEgressOnlyInternetGateway")(c.CreateEgressOnlyInternetGateway(ctx, &ec2.CreateEgressOnlyInternetGatewayInput{
		VpcId: aws.String(vpc1), TagSpecifications: tagSpec(types.ResourceTypeEgressOnlyInternetGateway, "Name", "eigw"),
	}))
	eigw := aws.ToString(e.EgressOnlyInternetGateway.EgressOnlyInternetGatewayId)
	ed := must[*ec2.DescribeEgressOnlyInternetGatewaysOutput](t, "DescribeEgressOnlyInternetGateways")(c.DescribeEgressOnlyInternetGateways(ctx, &ec2.DescribeEgressOnlyInternetGatewaysInput{EgressOnlyInternetGatewayIds: []string{eigw}}))
	if len(ed.EgressOnlyInternetGateways) != 1 || len(ed.EgressOnlyInternetGateways[0].Attachments) != 1 ||
		string(ed.EgressOnlyInternetGateways[0].Attachments[0].State) != "attached" || aws.ToString(ed.EgressOnlyInternetGateways[0].Attachments[0].VpcId) != vpc1 {
		t.Errorf("DescribeEgressOnlyInternetGateways: %+v", ed.EgressOnlyInternetGateways)
	}
	must[*ec2.DeleteEgressOnlyInternetGatewayOutput](t, "DeleteEgressOnlyInternetGateway")(c.DeleteEgressOnlyInternetGateway(ctx, &ec2.DeleteEgressOnlyInternetGatewayInput{EgressOnlyInternetGatewayId: aws.String(eigw)}))
	for _, v := range []string{vpc1, vpc2} {
		must[*ec2.DeleteVpcOutput](t, "DeleteVpc")(c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(v)}))
	}
}

// isPublic reports whether ip is outside the private, shared, loopback and
// documentation-free ranges an EIP must never come from.
func isPublic(ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil || !a.Is4() || a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	return !netip.MustParsePrefix("100.64.0.0/10").Contains(a) && !netip.MustParsePrefix("172.31.0.0/16").Contains(a)
}

func TestSDKElasticIPs(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	vpc := aws.ToString(createVPC(t, ctx, c, "10.0.0.0/16", false).VpcId)
	sn := aws.ToString(createSubnet(t, ctx, c, vpc, "10.0.1.0/24", "us-east-1a").SubnetId)
	igw := must[*ec2.CreateInternetGatewayOutput](t, "CreateInternetGateway")(c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{}))
	must[*ec2.AttachInternetGatewayOutput](t, "AttachInternetGateway")(c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: igw.InternetGateway.InternetGatewayId, VpcId: aws.String(vpc)}))

	a := must[*ec2.AllocateAddressOutput](t, "AllocateAddress")(c.AllocateAddress(ctx, &ec2.AllocateAddressInput{
		Domain: types.DomainTypeVpc, TagSpecifications: tagSpec(types.ResourceTypeElasticIp, "Name", "eip"),
	}))
	alloc := aws.ToString(a.AllocationId)
	if !isPublic(aws.ToString(a.PublicIp)) || a.Domain != types.DomainTypeVpc {
		t.Errorf("AllocateAddress: ip %s domain %s", aws.ToString(a.PublicIp), a.Domain)
	}
	b := must[*ec2.AllocateAddressOutput](t, "AllocateAddress 2")(c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc}))
	if aws.ToString(b.PublicIp) == aws.ToString(a.PublicIp) {
		t.Errorf("two EIPs share %s", aws.ToString(a.PublicIp))
	}
	d := must[*ec2.DescribeAddressesOutput](t, "DescribeAddresses")(c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{alloc}}))
	if len(d.Addresses) != 1 || aws.ToString(d.Addresses[0].PublicIp) != aws.ToString(a.PublicIp) || tagMap(d.Addresses[0].Tags)["Name"] != "eip" {
		t.Errorf("DescribeAddresses: %+v", d.Addresses)
	}
	byIP := must[*ec2.DescribeAddressesOutput](t, "DescribeAddresses PublicIps")(c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{PublicIps: []string{aws.ToString(a.PublicIp)}}))
	if len(byIP.Addresses) != 1 {
		t.Errorf("DescribeAddresses by public IP: %d", len(byIP.Addresses))
	}
	// Terraform reads this on every aws_eip refresh.
	must[*ec2.DescribeAddressesAttributeOutput](t, "DescribeAddressesAttribute")(c.DescribeAddressesAttribute(ctx, &ec2.DescribeAddressesAttributeInput{
		AllocationIds: []string{alloc}, Attribute: types.AddressAttributeNameDomainName,
	}))

	// Associate with an ENI, then move it with AllowReassociation.
	eni := must[*ec2.CreateNetworkInterfaceOutput](t, "CreateNetworkInterface")(c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{SubnetId: aws.String(sn)}))
	eniID := aws.ToString(eni.NetworkInterface.NetworkInterfaceId)
	as := must[*ec2.AssociateAddressOutput](t, "AssociateAddress ENI")(c.AssociateAddress(ctx, &ec2.AssociateAddressInput{AllocationId: aws.String(alloc), NetworkInterfaceId: aws.String(eniID)}))
	d = must[*ec2.DescribeAddressesOutput](t, "DescribeAddresses associated")(c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{alloc}}))
	if len(d.Addresses) != 1 || aws.ToString(d.Addresses[0].NetworkInterfaceId) != eniID || aws.ToString(d.Addresses[0].AssociationId) != aws.ToString(as.AssociationId) ||
		aws.ToString(d.Addresses[0].PrivateIpAddress) != aws.ToString(eni.NetworkInterface.PrivateIpAddress) {
		t.Errorf("associated address: %+v", d.Addresses)
	}
	ed := must[*ec2.DescribeNetworkInterfacesOutput](t, "DescribeNetworkInterfaces")(c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{NetworkInterfaceIds: []string{eniID}}))
	if len(ed.NetworkInterfaces) != 1 || ed.NetworkInterfaces[0].Association == nil || aws.ToString(ed.NetworkInterfaces[0].Association.PublicIp) != aws.ToString(a.PublicIp) {
		t.Errorf("ENI association: %+v", ed.NetworkInterfaces)
	}
	_, err := c.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: aws.String(alloc)})
	wantCode(t, "ReleaseAddress associated", err, "InvalidIPAddress.InUse")
	must[*ec2.DisassociateAddressOutput](t, "DisassociateAddress")(c.DisassociateAddress(ctx, &ec2.DisassociateAddressInput{AssociationId: as.AssociationId}))
	_, err = c.DisassociateAddress(ctx, &ec2.DisassociateAddressInput{AssociationId: as.AssociationId})
	wantCode(t, "DisassociateAddress twice", err, "InvalidAssociationID.NotFound")

	for _, id := range []string{alloc, aws.ToString(b.AllocationId)} {
		must[*ec2.ReleaseAddressOutput](t, "ReleaseAddress")(c.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: aws.String(id)}))
	}
	_, err = c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{alloc}})
	wantCode(t, "DescribeAddresses released", err, "InvalidAllocationID.NotFound")
	_, err = c.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: aws.String(alloc)})
	wantCode(t, "ReleaseAddress twice", err, "InvalidAllocationID.NotFound")
	must[*ec2.DeleteNetworkInterfaceOutput](t, "DeleteNetworkInterface")(c.DeleteNetworkInterface(ctx, &ec2.DeleteNetworkInterfaceInput{NetworkInterfaceId: aws.String(eniID)}))
}

func TestSDKNatGateways(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	vpc := aws.ToString(createVPC(t, ctx, c, "10.0.0.0/16", false).VpcId)
	pub := aws.ToString(createSubnet(t, ctx, c, vpc, "10.0.1.0/24", "us-east-1a").SubnetId)
	priv := aws.ToString(createSubnet(t, ctx, c, vpc, "10.0.2.0/24", "us-east-1a").SubnetId)
	igw := must[*ec2.CreateInternetGatewayOutput](t, "CreateInternetGateway")(c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{}))
	must[*ec2.AttachInternetGatewayOutput](t, "AttachInternetGateway")(c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: igw.InternetGateway.InternetGatewayId, VpcId: aws.String(vpc)}))
	eip := must[*ec2.AllocateAddressOutput](t, "AllocateAddress")(c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc}))

	out := must[*ec2.CreateNatGatewayOutput](t, "CreateNatGateway public")(c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{
		SubnetId: aws.String(pub), AllocationId: eip.AllocationId, ConnectivityType: types.ConnectivityTypePublic,
		ClientToken: aws.String("nat-token-1"), TagSpecifications: tagSpec(types.ResourceTypeNatgateway, "Name", "nat-a"),
	}))
	nat := aws.ToString(out.NatGateway.NatGatewayId)
	if out.NatGateway.State != types.NatGatewayStatePending {
		t.Errorf("CreateNatGateway state %s, want pending", out.NatGateway.State)
	}
	d := must[*ec2.DescribeNatGatewaysOutput](t, "DescribeNatGateways")(c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{nat}}))
	var eniID string
	if len(d.NatGateways) != 1 {
		t.Fatalf("DescribeNatGateways: %d", len(d.NatGateways))
	}
	n := d.NatGateways[0]
	if n.State != types.NatGatewayStateAvailable || aws.ToString(n.SubnetId) != pub || aws.ToString(n.VpcId) != vpc || len(n.NatGatewayAddresses) != 1 {
		t.Errorf("NAT gateway: state %s subnet %s vpc %s addresses %+v", n.State, aws.ToString(n.SubnetId), aws.ToString(n.VpcId), n.NatGatewayAddresses)
	} else {
		ad := n.NatGatewayAddresses[0]
		eniID = aws.ToString(ad.NetworkInterfaceId)
		if aws.ToString(ad.AllocationId) != aws.ToString(eip.AllocationId) || aws.ToString(ad.PublicIp) != aws.ToString(eip.PublicIp) ||
			eniID == "" || aws.ToString(ad.PrivateIp) == "" || !aws.ToBool(ad.IsPrimary) {
			t.Errorf("NAT address: %+v", ad)
		}
	}
	// The NAT gateway's ENI is requester-managed, in the subnet.
	if eniID != "" {
		e := must[*ec2.DescribeNetworkInterfacesOutput](t, "DescribeNetworkInterfaces NAT ENI")(c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{NetworkInterfaceIds: []string{eniID}}))
		if len(e.NetworkInterfaces) != 1 {
			t.Errorf("NAT ENI: %d interfaces", len(e.NetworkInterfaces))
		} else if ni := e.NetworkInterfaces[0]; !aws.ToBool(ni.RequesterManaged) || aws.ToString(ni.SubnetId) != pub || string(ni.InterfaceType) != "nat_gateway" { // what AWS returns; the SDK enum says natGateway
			t.Errorf("NAT ENI: requesterManaged %v (want true), subnet %s (want %s), interfaceType %s (want nat_gateway)",
				aws.ToBool(ni.RequesterManaged), aws.ToString(ni.SubnetId), pub, ni.InterfaceType)
		}
		_, err := c.DeleteNetworkInterface(ctx, &ec2.DeleteNetworkInterfaceInput{NetworkInterfaceId: aws.String(eniID)})
		if err == nil {
			t.Errorf("deleting the NAT gateway's ENI succeeded")
		}
	}
	again := must[*ec2.CreateNatGatewayOutput](t, "CreateNatGateway same token")(c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{
		SubnetId: aws.String(pub), AllocationId: eip.AllocationId, ConnectivityType: types.ConnectivityTypePublic,
		ClientToken: aws.String("nat-token-1"), TagSpecifications: tagSpec(types.ResourceTypeNatgateway, "Name", "nat-a"),
	}))
	if aws.ToString(again.NatGateway.NatGatewayId) != nat {
		t.Errorf("ClientToken retry created %s, want %s", aws.ToString(again.NatGateway.NatGatewayId), nat)
	}
	f := must[*ec2.DescribeNatGatewaysOutput](t, "DescribeNatGateways filters")(c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{Filter: []types.Filter{filter("vpc-id", vpc), filter("state", "available"), filter("tag:Name", "nat-*")}}))
	if len(f.NatGateways) != 1 {
		t.Errorf("DescribeNatGateways filters: %d", len(f.NatGateways))
	}
	_, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{"nat-0123456789abcdef0"}})
	wantCode(t, "DescribeNatGateways unknown", err, "NatGatewayNotFound")

	// A route to it.
	rt := mainRouteTable(t, ctx, c, vpc)
	must[*ec2.CreateRouteOutput](t, "CreateRoute nat")(c.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: aws.String("0.0.0.0/0"), NatGatewayId: aws.String(nat)}))
	if r := findRoute(describeRouteTable(t, ctx, c, aws.ToString(rt.RouteTableId)), "0.0.0.0/0"); r == nil || aws.ToString(r.NatGatewayId) != nat || r.State != types.RouteStateActive {
		t.Errorf("route to NAT: %+v", r)
	}

	// A private NAT gateway with a chosen address.
	p := must[*ec2.CreateNatGatewayOutput](t, "CreateNatGateway private")(c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{
		SubnetId: aws.String(priv), ConnectivityType: types.ConnectivityTypePrivate, PrivateIpAddress: aws.String("10.0.2.10"),
	}))
	pd := must[*ec2.DescribeNatGatewaysOutput](t, "DescribeNatGateways private")(c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{aws.ToString(p.NatGateway.NatGatewayId)}}))
	if len(pd.NatGateways) != 1 || pd.NatGateways[0].ConnectivityType != types.ConnectivityTypePrivate || len(pd.NatGateways[0].NatGatewayAddresses) != 1 ||
		aws.ToString(pd.NatGateways[0].NatGatewayAddresses[0].PrivateIp) != "10.0.2.10" || pd.NatGateways[0].NatGatewayAddresses[0].PublicIp != nil {
		t.Errorf("private NAT: %+v", pd.NatGateways)
	}
	_, err = c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: aws.String(pub), ConnectivityType: types.ConnectivityTypePublic})
	if err == nil {
		t.Errorf("a public NAT gateway without an allocation id was created")
	}

	// Delete: deleting, then visible as deleted; the route turns blackhole;
	// the EIP is free again.
	del := must[*ec2.DeleteNatGatewayOutput](t, "DeleteNatGateway")(c.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: aws.String(nat)}))
	if aws.ToString(del.NatGatewayId) != nat {
		t.Errorf("DeleteNatGateway returned %s", aws.ToString(del.NatGatewayId))
	}
	d = must[*ec2.DescribeNatGatewaysOutput](t, "DescribeNatGateways deleted")(c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{nat}}))
	if len(d.NatGateways) != 1 || (d.NatGateways[0].State != types.NatGatewayStateDeleted && d.NatGateways[0].State != types.NatGatewayStateDeleting) {
		t.Errorf("deleted NAT gateway: %+v", d.NatGateways)
	}
	if r := findRoute(describeRouteTable(t, ctx, c, aws.ToString(rt.RouteTableId)), "0.0.0.0/0"); r == nil || r.State != types.RouteStateBlackhole {
		t.Errorf("route to a deleted NAT: %+v, want blackhole", r)
	}
	must[*ec2.DeleteRouteOutput](t, "DeleteRoute")(c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: aws.String("0.0.0.0/0")}))
	must[*ec2.DeleteNatGatewayOutput](t, "DeleteNatGateway private")(c.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: p.NatGateway.NatGatewayId}))
	must[*ec2.ReleaseAddressOutput](t, "ReleaseAddress after NAT delete")(c.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: eip.AllocationId}))
	// The subnets can go once the NAT gateways (and their ENIs) are gone.
	for _, s := range []string{pub, priv} {
		check(t, "DeleteSubnet after NAT delete", func() error {
			_, err := c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(s)})
			return err
		}())
	}
}
