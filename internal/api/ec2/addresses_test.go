package ec2_test

import (
	"context"
	"net/netip"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// eipPutInstance stores a running instance with one interface in subnetID
// directly (the instance operations are served elsewhere).
func eipPutInstance(t *testing.T, ctl *control.Service, subnetID, ip string) (instanceID, eniID string) {
	t.Helper()
	scope := model.Scope{Account: "123456789012", Region: "us-east-1"}
	_, err := ctl.Store().Update(context.Background(), func(tx *store.Tx) error {
		sn, _ := tx.Subnets.Get(subnetID)
		instanceID, eniID = tx.NewID("i"), tx.NewID("eni")
		meta := func(id string) model.Meta {
			return model.Meta{ID: id, Account: scope.Account, Region: scope.Region, Created: tx.Now()}
		}
		tx.NetworkInterfaces.Put(&model.NetworkInterface{
			Meta: meta(eniID), SubnetID: subnetID, VpcID: sn.VpcID, AvailabilityZone: sn.AvailabilityZone,
			InterfaceType: "interface", PrivateIPs: []model.PrivateIP{{Address: netip.MustParseAddr(ip), Primary: true}},
			SourceDestCheck: true, Status: "in-use",
			Attachment: &model.ENIAttachment{ID: tx.NewID("eni-attach"), InstanceID: instanceID, Status: "attached", AttachTime: tx.Now()},
		})
		tx.Instances.Put(&model.Instance{Meta: meta(instanceID), State: "running", SubnetID: subnetID, VpcID: sn.VpcID, PrimaryENI: eniID})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return instanceID, eniID
}

// TestAddressWire follows Terraform's aws_eip with an instance:
// AllocateAddress, DescribeAddresses(AllocationId.1),
// DescribeAddressesAttribute(domain-name), AssociateAddress, wait via the
// association-id filter, DisassociateAddress, ReleaseAddress.
func TestAddressWire(t *testing.T) {
	c, ctl := newGatewayTestClient(t)
	ctx := context.Background()
	vpcID, subnetID := gwCreateVpcSubnet(t, c)
	igw, _ := c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})
	if _, err := c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: igw.InternetGateway.InternetGatewayId, VpcId: &vpcID}); err != nil {
		t.Fatal(err)
	}
	instID, eniID := eipPutInstance(t, ctl, subnetID, "10.0.1.10")

	al, err := c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc, TagSpecifications: gwTagSpec(types.ResourceTypeElasticIp, "Name", "web")})
	if err != nil {
		t.Fatal(err)
	}
	allocID, pub := aws.ToString(al.AllocationId), aws.ToString(al.PublicIp)
	if al.Domain != types.DomainTypeVpc || aws.ToString(al.PublicIpv4Pool) != "amazon" || aws.ToString(al.NetworkBorderGroup) != "us-east-1" {
		t.Fatalf("allocate = %+v", al)
	}
	if a, err := netip.ParseAddr(pub); err != nil || a.IsPrivate() {
		t.Fatalf("public ip %q", pub)
	}
	d, err := c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{allocID}})
	if err != nil || len(d.Addresses) != 1 || aws.ToString(d.Addresses[0].PublicIp) != pub || d.Addresses[0].AssociationId != nil || len(d.Addresses[0].Tags) != 1 {
		t.Fatalf("describe: %+v %v", d, err)
	}
	at, err := c.DescribeAddressesAttribute(ctx, &ec2.DescribeAddressesAttributeInput{AllocationIds: []string{allocID}, Attribute: types.AddressAttributeNameDomainName})
	if err != nil || len(at.Addresses) != 1 || aws.ToString(at.Addresses[0].AllocationId) != allocID || aws.ToString(at.Addresses[0].PublicIp) != pub {
		t.Fatalf("attribute: %+v %v", at, err)
	}

	as, err := c.AssociateAddress(ctx, &ec2.AssociateAddressInput{AllocationId: &allocID, InstanceId: &instID})
	if err != nil {
		t.Fatal(err)
	}
	assoc := aws.ToString(as.AssociationId)
	d, err = c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{Filters: []types.Filter{{Name: aws.String("association-id"), Values: []string{assoc}}}})
	if err != nil || len(d.Addresses) != 1 {
		t.Fatalf("by association: %+v %v", d, err)
	}
	a := d.Addresses[0]
	if aws.ToString(a.InstanceId) != instID || aws.ToString(a.NetworkInterfaceId) != eniID || aws.ToString(a.PrivateIpAddress) != "10.0.1.10" ||
		aws.ToString(a.NetworkInterfaceOwnerId) != "123456789012" || aws.ToString(a.AllocationId) != allocID {
		t.Fatalf("associated address = %+v", a)
	}
	for _, f := range []types.Filter{
		{Name: aws.String("instance-id"), Values: []string{instID}},
		{Name: aws.String("network-interface-id"), Values: []string{eniID}},
		{Name: aws.String("private-ip-address"), Values: []string{"10.0.1.10"}},
		{Name: aws.String("public-ip"), Values: []string{pub}},
		{Name: aws.String("allocation-id"), Values: []string{allocID}},
		{Name: aws.String("network-border-group"), Values: []string{"us-east-1"}},
		{Name: aws.String("network-interface-owner-id"), Values: []string{"123456789012"}},
		{Name: aws.String("tag-key"), Values: []string{"Name"}},
		{Name: aws.String("tag:Name"), Values: []string{"web"}},
	} {
		d, err := c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{Filters: []types.Filter{f}})
		if err != nil || len(d.Addresses) != 1 {
			t.Fatalf("filter %s: %+v %v", *f.Name, d, err)
		}
	}
	d, err = c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{PublicIps: []string{pub}})
	if err != nil || len(d.Addresses) != 1 {
		t.Fatalf("by public ip: %+v %v", d, err)
	}

	// Errors with AWS's codes.
	_, err = c.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: &allocID})
	gwWantCode(t, err, "InvalidIPAddress.InUse")
	other, _ := c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc})
	_, err = c.AssociateAddress(ctx, &ec2.AssociateAddressInput{AllocationId: &allocID, NetworkInterfaceId: &eniID, PrivateIpAddress: aws.String("10.0.1.99")})
	gwWantCode(t, err, "InvalidParameterValue")
	_, err = c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{"eipalloc-0123456789abcdef0"}})
	gwWantCode(t, err, "InvalidAllocationID.NotFound")
	_, err = c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{PublicIps: []string{"198.51.100.1"}})
	gwWantCode(t, err, "InvalidAddress.NotFound")
	_, err = c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{Filters: []types.Filter{{Name: aws.String("bogus"), Values: []string{"x"}}}})
	gwWantCode(t, err, "InvalidParameterValue")
	_, err = c.DescribeAddressesAttribute(ctx, &ec2.DescribeAddressesAttributeInput{Attribute: "nope"})
	gwWantCode(t, err, "InvalidParameterValue")

	// A second address on the instance replaces the first (AllowReassociation
	// is about moving an associated address).
	as2, err := c.AssociateAddress(ctx, &ec2.AssociateAddressInput{AllocationId: other.AllocationId, InstanceId: &instID})
	if err != nil {
		t.Fatal(err)
	}
	d, _ = c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{allocID}})
	if d.Addresses[0].AssociationId != nil {
		t.Fatalf("replaced address still associated: %+v", d.Addresses[0])
	}
	_, err = c.DisassociateAddress(ctx, &ec2.DisassociateAddressInput{AssociationId: &assoc})
	gwWantCode(t, err, "InvalidAssociationID.NotFound")
	if _, err := c.DisassociateAddress(ctx, &ec2.DisassociateAddressInput{AssociationId: as2.AssociationId}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{allocID, aws.ToString(other.AllocationId)} {
		if _, err := c.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: aws.String(id), NetworkBorderGroup: aws.String("us-east-1")}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = c.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: &allocID})
	gwWantCode(t, err, "InvalidAllocationID.NotFound")
	d, err = c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
	if err != nil || len(d.Addresses) != 0 {
		t.Fatalf("after release: %+v %v", d, err)
	}
}
