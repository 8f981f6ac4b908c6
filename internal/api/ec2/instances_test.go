package ec2_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

// newInstanceTestClient serves vpcsim in-process and returns a real SDK
// client for it (ENIs, instances, key pairs, DHCP options, prefix lists).
func newInstanceTestClient(t *testing.T) *ec2.Client {
	t.Helper()
	url, _ := startTestServer(t, 23)
	return newSDKClient(url, "us-east-1")
}

func instWantCode(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v, want API error %s", err, code)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("error %v, want %s", err, code)
	}
}

func instFilter(name string, values ...string) types.Filter {
	return types.Filter{Name: aws.String(name), Values: values}
}

// instNet creates a VPC with IPv6 and a public subnet with an IPv6 /64.
func instNet(t *testing.T, c *ec2.Client) (vpc types.Vpc, subnet types.Subnet) {
	t.Helper()
	ctx := context.Background()
	v, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), AmazonProvidedIpv6CidrBlock: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	dv, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{*v.Vpc.VpcId}})
	if err != nil {
		t.Fatal(err)
	}
	v6 := *dv.Vpcs[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock
	sub64 := strings.TrimSuffix(v6, "00::/56") + "01::/64"
	s, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.Vpc.VpcId, CidrBlock: aws.String("10.0.1.0/24"), AvailabilityZone: aws.String("us-east-1a"), Ipv6CidrBlock: aws.String(sub64)})
	if err != nil {
		t.Fatal(err)
	}
	return dv.Vpcs[0], *s.Subnet
}

func TestENILifecycleSDK(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	vpc, sn := instNet(t, c)

	eni, err := c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{
		SubnetId: sn.SubnetId, Description: aws.String("extra"), SecondaryPrivateIpAddressCount: aws.Int32(2), Ipv6AddressCount: aws.Int32(1),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeNetworkInterface, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("e1")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	n := eni.NetworkInterface
	// The first four addresses and the last of a subnet are reserved [VPC-UG subnet-sizing.md].
	if got := aws.ToString(n.PrivateIpAddress); got != "10.0.1.4" {
		t.Fatalf("primary IP %s, want 10.0.1.4", got)
	}
	if len(n.PrivateIpAddresses) != 3 || len(n.Ipv6Addresses) != 1 || !strings.HasPrefix(aws.ToString(n.MacAddress), "02:") {
		t.Fatalf("unexpected ENI %+v", n)
	}
	if len(n.Groups) != 1 || aws.ToString(n.Groups[0].GroupName) != "default" || !aws.ToBool(n.SourceDestCheck) || n.InterfaceType != types.NetworkInterfaceTypeInterface {
		t.Fatalf("defaults wrong: %+v", n)
	}

	// Terraform finds lingering ENIs by subnet-id and group-id.
	d, err := c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{Filters: []types.Filter{instFilter("subnet-id", *sn.SubnetId), instFilter("group-id", *n.Groups[0].GroupId)}})
	if err != nil || len(d.NetworkInterfaces) != 1 || d.NetworkInterfaces[0].Status != types.NetworkInterfaceStatusAvailable {
		t.Fatalf("describe by subnet/group: %v %+v", err, d)
	}
	if len(d.NetworkInterfaces[0].TagSet) != 1 {
		t.Fatalf("tags not set: %+v", d.NetworkInterfaces[0].TagSet)
	}
	_, err = c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{Filters: []types.Filter{instFilter("no-such-filter", "x")}})
	instWantCode(t, err, "InvalidParameterValue")

	// Secondary IPs and source/dest check.
	as, err := c.AssignPrivateIpAddresses(ctx, &ec2.AssignPrivateIpAddressesInput{NetworkInterfaceId: n.NetworkInterfaceId, PrivateIpAddresses: []string{"10.0.1.50"}})
	if err != nil || len(as.AssignedPrivateIpAddresses) != 1 {
		t.Fatalf("assign: %v", err)
	}
	_, err = c.AssignPrivateIpAddresses(ctx, &ec2.AssignPrivateIpAddressesInput{NetworkInterfaceId: n.NetworkInterfaceId, PrivateIpAddresses: []string{"10.0.1.255"}})
	instWantCode(t, err, "InvalidParameterValue")
	if _, err := c.UnassignPrivateIpAddresses(ctx, &ec2.UnassignPrivateIpAddressesInput{NetworkInterfaceId: n.NetworkInterfaceId, PrivateIpAddresses: []string{"10.0.1.50"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ModifyNetworkInterfaceAttribute(ctx, &ec2.ModifyNetworkInterfaceAttributeInput{NetworkInterfaceId: n.NetworkInterfaceId, SourceDestCheck: &types.AttributeBooleanValue{Value: aws.Bool(false)}}); err != nil {
		t.Fatal(err)
	}
	at, err := c.DescribeNetworkInterfaceAttribute(ctx, &ec2.DescribeNetworkInterfaceAttributeInput{NetworkInterfaceId: n.NetworkInterfaceId, Attribute: types.NetworkInterfaceAttributeSourceDestCheck})
	if err != nil || aws.ToBool(at.SourceDestCheck.Value) {
		t.Fatalf("sourceDestCheck: %v %+v", err, at)
	}
	v6, err := c.AssignIpv6Addresses(ctx, &ec2.AssignIpv6AddressesInput{NetworkInterfaceId: n.NetworkInterfaceId, Ipv6AddressCount: aws.Int32(1)})
	if err != nil || len(v6.AssignedIpv6Addresses) != 1 {
		t.Fatalf("assign ipv6: %v", err)
	}
	if _, err := c.UnassignIpv6Addresses(ctx, &ec2.UnassignIpv6AddressesInput{NetworkInterfaceId: n.NetworkInterfaceId, Ipv6Addresses: v6.AssignedIpv6Addresses}); err != nil {
		t.Fatal(err)
	}

	// A group of another VPC is refused.
	def, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{instFilter("group-name", "default")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range def.SecurityGroups {
		if aws.ToString(g.VpcId) != aws.ToString(vpc.VpcId) {
			_, err = c.ModifyNetworkInterfaceAttribute(ctx, &ec2.ModifyNetworkInterfaceAttributeInput{NetworkInterfaceId: n.NetworkInterfaceId, Groups: []string{*g.GroupId}})
			instWantCode(t, err, "InvalidParameter")
		}
	}

	// Attach to an instance, refuse deletion while attached, detach, delete.
	run, err := c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), InstanceType: types.InstanceTypeT3Micro, MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sn.SubnetId})
	if err != nil {
		t.Fatal(err)
	}
	// t3.micro takes 2 addresses per interface; the ENI has 3.
	_, err = c.AttachNetworkInterface(ctx, &ec2.AttachNetworkInterfaceInput{NetworkInterfaceId: n.NetworkInterfaceId, InstanceId: run.Instances[0].InstanceId, DeviceIndex: aws.Int32(1)})
	instWantCode(t, err, "PrivateIpAddressLimitExceeded")
	run, err = c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), InstanceType: types.InstanceTypeM5Large, MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sn.SubnetId})
	if err != nil {
		t.Fatal(err)
	}
	inst := run.Instances[0]
	_, err = c.AttachNetworkInterface(ctx, &ec2.AttachNetworkInterfaceInput{NetworkInterfaceId: n.NetworkInterfaceId, InstanceId: inst.InstanceId, DeviceIndex: aws.Int32(0)})
	instWantCode(t, err, "InvalidParameterValue")
	att, err := c.AttachNetworkInterface(ctx, &ec2.AttachNetworkInterfaceInput{NetworkInterfaceId: n.NetworkInterfaceId, InstanceId: inst.InstanceId, DeviceIndex: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteNetworkInterface(ctx, &ec2.DeleteNetworkInterfaceInput{NetworkInterfaceId: n.NetworkInterfaceId})
	instWantCode(t, err, "InvalidNetworkInterface.InUse")
	// The primary interface (device 0) cannot be detached.
	di, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{*inst.InstanceId}})
	if err != nil {
		t.Fatal(err)
	}
	got := di.Reservations[0].Instances[0]
	if len(got.NetworkInterfaces) != 2 {
		t.Fatalf("want 2 interfaces, got %d", len(got.NetworkInterfaces))
	}
	for _, ni := range got.NetworkInterfaces {
		if aws.ToInt32(ni.Attachment.DeviceIndex) == 0 {
			_, err = c.DetachNetworkInterface(ctx, &ec2.DetachNetworkInterfaceInput{AttachmentId: ni.Attachment.AttachmentId})
			instWantCode(t, err, "OperationNotPermitted")
		}
	}
	if _, err := c.DetachNetworkInterface(ctx, &ec2.DetachNetworkInterfaceInput{AttachmentId: att.AttachmentId}); err != nil {
		t.Fatal(err)
	}
	// What waiters poll for (Terraform's aws_network_interface_attachment
	// looks the attachment up by id until its status is "detached").
	det, err := c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{Filters: []types.Filter{instFilter("attachment.attachment-id", *att.AttachmentId)}})
	if err != nil || len(det.NetworkInterfaces) != 1 {
		t.Fatalf("by attachment id after detach: %v %+v", err, det)
	}
	if ni := det.NetworkInterfaces[0]; ni.Status != types.NetworkInterfaceStatusAvailable || ni.Attachment == nil ||
		ni.Attachment.Status != types.AttachmentStatusDetached || aws.ToString(ni.Attachment.InstanceId) != *inst.InstanceId {
		t.Fatalf("after detach: status %s attachment %+v", ni.Status, ni.Attachment)
	}
	if di, err = c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{*inst.InstanceId}}); err != nil || len(di.Reservations[0].Instances[0].NetworkInterfaces) != 1 {
		t.Fatalf("instance keeps the detached interface: %v", err)
	}
	if _, err := c.DeleteNetworkInterface(ctx, &ec2.DeleteNetworkInterfaceInput{NetworkInterfaceId: n.NetworkInterfaceId}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{NetworkInterfaceIds: []string{*n.NetworkInterfaceId}})
	instWantCode(t, err, "InvalidNetworkInterfaceID.NotFound")
}

func TestInstanceLifecycleSDK(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	_, sn := instNet(t, c)
	if _, err := c.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: sn.SubnetId, MapPublicIpOnLaunch: &types.AttributeBooleanValue{Value: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	_, err := c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sn.SubnetId, KeyName: aws.String("nope")})
	instWantCode(t, err, "InvalidKeyPair.NotFound")
	_, err = c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("img-1"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1)})
	instWantCode(t, err, "InvalidAMIID.Malformed")

	// What Terraform sends for aws_instance (Placement.AvailabilityZone empty).
	run, err := c.RunInstances(ctx, &ec2.RunInstancesInput{
		ImageId: aws.String("ami-0abcdef1234567890"), InstanceType: types.InstanceTypeT3Micro, MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		SubnetId: sn.SubnetId, ClientToken: aws.String("tok-1"), CreditSpecification: &types.CreditSpecificationRequest{CpuCredits: aws.String("unlimited")},
		DisableApiTermination: aws.Bool(false), EbsOptimized: aws.Bool(false), Monitoring: &types.RunInstancesMonitoringEnabled{Enabled: aws.Bool(false)},
		Placement:         &types.Placement{AvailabilityZone: aws.String("")},
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeInstance, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("web")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	inst := run.Instances[0]
	if inst.State.Name != types.InstanceStateNamePending || aws.ToInt32(inst.State.Code) != 0 {
		t.Fatalf("RunInstances state %v", inst.State)
	}
	id := *inst.InstanceId
	di, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{id}})
	if err != nil {
		t.Fatal(err)
	}
	got := di.Reservations[0].Instances[0]
	if got.State.Name != types.InstanceStateNameRunning || aws.ToString(got.PrivateIpAddress) != "10.0.1.4" || aws.ToString(got.PublicIpAddress) == "" {
		t.Fatalf("described instance: state %v ip %v public %v", got.State.Name, aws.ToString(got.PrivateIpAddress), aws.ToString(got.PublicIpAddress))
	}
	if len(got.SecurityGroups) != 1 || len(got.BlockDeviceMappings) != 1 || got.Placement == nil || aws.ToString(got.Placement.AvailabilityZone) != "us-east-1a" {
		t.Fatalf("described instance: %+v", got)
	}
	if len(got.Tags) != 1 {
		t.Fatalf("tags: %+v", got.Tags)
	}

	for _, f := range [][]types.Filter{
		{instFilter("instance-state-name", "running")},
		{instFilter("subnet-id", *sn.SubnetId), instFilter("tag:Name", "web")},
		{instFilter("private-ip-address", "10.0.1.4")},
		{instFilter("network-interface.subnet-id", *sn.SubnetId)},
		{instFilter("instance.group-name", "default")},
		{instFilter("client-token", "tok-1")},
	} {
		d, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: f})
		if err != nil || len(d.Reservations) != 1 {
			t.Fatalf("filter %v: %v %+v", aws.ToString(f[0].Name), err, d)
		}
	}
	// A documented filter vpcsim does not model is accepted; an unknown one is not.
	if _, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{instFilter("iam-instance-profile.arn", "x")}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{instFilter("bogus", "x")}})
	instWantCode(t, err, "InvalidParameterValue")
	_, err = c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{id}, MaxResults: aws.Int32(5)})
	instWantCode(t, err, "InvalidParameterCombination")

	// Terraform's reads.
	for _, attr := range []types.InstanceAttributeName{"instanceInitiatedShutdownBehavior", "disableApiStop", "disableApiTermination", "userData"} {
		a, err := c.DescribeInstanceAttribute(ctx, &ec2.DescribeInstanceAttributeInput{InstanceId: aws.String(id), Attribute: attr})
		if err != nil {
			t.Fatal(err)
		}
		switch attr {
		case "disableApiStop":
			if a.DisableApiStop == nil || aws.ToBool(a.DisableApiStop.Value) {
				t.Fatalf("disableApiStop: %+v", a.DisableApiStop)
			}
		case "disableApiTermination":
			if a.DisableApiTermination == nil {
				t.Fatal("disableApiTermination missing")
			}
		case "instanceInitiatedShutdownBehavior":
			if aws.ToString(a.InstanceInitiatedShutdownBehavior.Value) != "stop" {
				t.Fatalf("shutdown behavior %+v", a.InstanceInitiatedShutdownBehavior)
			}
		}
	}
	it, err := c.DescribeInstanceTypes(ctx, &ec2.DescribeInstanceTypesInput{InstanceTypes: []types.InstanceType{types.InstanceTypeT3Micro}})
	if err != nil || len(it.InstanceTypes) != 1 || !aws.ToBool(it.InstanceTypes[0].BurstablePerformanceSupported) || aws.ToInt32(it.InstanceTypes[0].NetworkInfo.MaximumNetworkInterfaces) != 2 {
		t.Fatalf("instance types: %v %+v", err, it)
	}
	vols, err := c.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{VolumeIds: []string{*got.BlockDeviceMappings[0].Ebs.VolumeId}})
	if err != nil || len(vols.Volumes) != 1 || aws.ToString(vols.Volumes[0].Attachments[0].InstanceId) != id {
		t.Fatalf("volumes: %v %+v", err, vols)
	}
	cs, err := c.DescribeInstanceCreditSpecifications(ctx, &ec2.DescribeInstanceCreditSpecificationsInput{InstanceIds: []string{id}})
	if err != nil || len(cs.InstanceCreditSpecifications) != 1 || aws.ToString(cs.InstanceCreditSpecifications[0].CpuCredits) != "unlimited" {
		t.Fatalf("credit specs: %v %+v", err, cs)
	}
	img, err := c.DescribeImages(ctx, &ec2.DescribeImagesInput{ImageIds: []string{"ami-0abcdef1234567890"}})
	if err != nil || len(img.Images) != 1 || img.Images[0].State != types.ImageStateAvailable {
		t.Fatalf("images: %v %+v", err, img)
	}
	self, err := c.DescribeImages(ctx, &ec2.DescribeImagesInput{Owners: []string{"self"}})
	if err != nil || len(self.Images) != 0 {
		t.Fatalf("self images: %v %+v", err, self)
	}

	// Stop, type change, start.
	st, err := c.StopInstances(ctx, &ec2.StopInstancesInput{InstanceIds: []string{id}})
	if err != nil || st.StoppingInstances[0].CurrentState.Name != types.InstanceStateNameStopping {
		t.Fatalf("stop: %v %+v", err, st)
	}
	if _, err := c.ModifyInstanceAttribute(ctx, &ec2.ModifyInstanceAttributeInput{InstanceId: aws.String(id), InstanceType: &types.AttributeValue{Value: aws.String("t3.small")}}); err != nil {
		t.Fatal(err)
	}
	sr, err := c.StartInstances(ctx, &ec2.StartInstancesInput{InstanceIds: []string{id}})
	if err != nil || sr.StartingInstances[0].CurrentState.Name != types.InstanceStateNamePending {
		t.Fatalf("start: %v %+v", err, sr)
	}
	_, err = c.ModifyInstanceAttribute(ctx, &ec2.ModifyInstanceAttributeInput{InstanceId: aws.String(id), InstanceType: &types.AttributeValue{Value: aws.String("t3.medium")}})
	instWantCode(t, err, "IncorrectInstanceState")
	if _, err := c.ModifyInstanceAttribute(ctx, &ec2.ModifyInstanceAttributeInput{InstanceId: aws.String(id), SourceDestCheck: &types.AttributeBooleanValue{Value: aws.Bool(false)}}); err != nil {
		t.Fatal(err)
	}

	// Termination protection, as Terraform's destroy clears it first.
	if _, err := c.ModifyInstanceAttribute(ctx, &ec2.ModifyInstanceAttributeInput{InstanceId: aws.String(id), DisableApiTermination: &types.AttributeBooleanValue{Value: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{id}})
	instWantCode(t, err, "OperationNotPermitted")
	if _, err := c.ModifyInstanceAttribute(ctx, &ec2.ModifyInstanceAttributeInput{InstanceId: aws.String(id), DisableApiTermination: &types.AttributeBooleanValue{Value: aws.Bool(false)}}); err != nil {
		t.Fatal(err)
	}
	tr, err := c.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{id}})
	if err != nil || tr.TerminatingInstances[0].CurrentState.Name != types.InstanceStateNameShuttingDown {
		t.Fatalf("terminate: %v %+v", err, tr)
	}
	di, err = c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{id}})
	if err != nil || di.Reservations[0].Instances[0].State.Name != types.InstanceStateNameTerminated {
		t.Fatalf("terminated instance should stay visible: %v", err)
	}
	// Its delete-on-termination interface is gone.
	enis, err := c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{Filters: []types.Filter{instFilter("subnet-id", *sn.SubnetId)}})
	if err != nil || len(enis.NetworkInterfaces) != 0 {
		t.Fatalf("ENIs left after termination: %v %d", err, len(enis.NetworkInterfaces))
	}
	// The subnet can now go.
	if _, err := c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: sn.SubnetId}); err != nil {
		t.Fatal(err)
	}
}

func TestRunInstancesNetworkInterfacesSDK(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	_, sn := instNet(t, c)
	// Several interfaces; DeviceIndex unique; too many for t2.micro (2).
	_, err := c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), InstanceType: types.InstanceTypeT2Micro, MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		NetworkInterfaces: []types.InstanceNetworkInterfaceSpecification{
			{DeviceIndex: aws.Int32(0), SubnetId: sn.SubnetId}, {DeviceIndex: aws.Int32(1), SubnetId: sn.SubnetId}, {DeviceIndex: aws.Int32(2), SubnetId: sn.SubnetId}}})
	instWantCode(t, err, "AttachmentLimitExceeded")
	_, err = c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sn.SubnetId,
		NetworkInterfaces: []types.InstanceNetworkInterfaceSpecification{{DeviceIndex: aws.Int32(0), SubnetId: sn.SubnetId}}})
	instWantCode(t, err, "InvalidParameterCombination")

	run, err := c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), InstanceType: types.InstanceTypeT3Small, MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		NetworkInterfaces: []types.InstanceNetworkInterfaceSpecification{
			{DeviceIndex: aws.Int32(0), SubnetId: sn.SubnetId, AssociatePublicIpAddress: aws.Bool(true), PrivateIpAddress: aws.String("10.0.1.10")},
		}})
	if err != nil {
		t.Fatal(err)
	}
	inst := run.Instances[0]
	if aws.ToString(inst.PrivateIpAddress) != "10.0.1.10" {
		t.Fatalf("private IP %v", aws.ToString(inst.PrivateIpAddress))
	}
	di, _ := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{*inst.InstanceId}})
	if pub := aws.ToString(di.Reservations[0].Instances[0].PublicIpAddress); pub == "" || strings.HasPrefix(pub, "10.") {
		t.Fatalf("public IP %q", pub)
	}
	// The same private IP again is in use.
	_, err = c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sn.SubnetId, PrivateIpAddress: aws.String("10.0.1.10")})
	instWantCode(t, err, "InvalidIPAddress.InUse")

	// MaxCount is launched when the subnet has room; reservation groups them.
	multi, err := c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(3), SubnetId: sn.SubnetId})
	if err != nil || len(multi.Instances) != 3 {
		t.Fatalf("multi: %v", err)
	}
	d, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{instFilter("reservation-id", *multi.ReservationId)}})
	if err != nil || len(d.Reservations) != 1 || len(d.Reservations[0].Instances) != 3 {
		t.Fatalf("reservation grouping: %v %+v", err, d)
	}
	// Pagination over instances.
	var seen int
	var next *string
	for {
		p, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(5), NextToken: next})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Reservations {
			seen += len(r.Instances)
		}
		if p.NextToken == nil {
			break
		}
		next = p.NextToken
	}
	if seen != 4 {
		t.Fatalf("paged %d instances, want 4", seen)
	}
}

func TestRunInstancesDefaultVpcSDK(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	run, err := c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1), Placement: &types.Placement{AvailabilityZone: aws.String("us-east-1b")}})
	if err != nil {
		t.Fatal(err)
	}
	inst := run.Instances[0]
	if aws.ToString(inst.Placement.AvailabilityZone) != "us-east-1b" || !strings.HasPrefix(aws.ToString(inst.PrivateIpAddress), "172.31.") {
		t.Fatalf("default VPC launch: %+v", inst)
	}
	if inst.InstanceType != types.InstanceTypeM1Small {
		t.Fatalf("default type %v", inst.InstanceType)
	}
}

func TestKeyPairsSDK(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	k, err := c.CreateKeyPair(ctx, &ec2.CreateKeyPairInput{KeyName: aws.String("k1")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(aws.ToString(k.KeyMaterial), "-----BEGIN RSA PRIVATE KEY-----") || len(strings.Split(aws.ToString(k.KeyFingerprint), ":")) != 20 {
		t.Fatalf("rsa key pair: %q %q", aws.ToString(k.KeyFingerprint), aws.ToString(k.KeyMaterial)[:40])
	}
	_, err = c.CreateKeyPair(ctx, &ec2.CreateKeyPairInput{KeyName: aws.String("k1")})
	instWantCode(t, err, "InvalidKeyPair.Duplicate")
	e, err := c.CreateKeyPair(ctx, &ec2.CreateKeyPairInput{KeyName: aws.String("k2"), KeyType: types.KeyTypeEd25519})
	if err != nil || !strings.HasPrefix(aws.ToString(e.KeyMaterial), "-----BEGIN OPENSSH PRIVATE KEY-----") {
		t.Fatalf("ed25519: %v", err)
	}

	// Import: the fingerprint of an ED25519 key is the base64 SHA-256 of its blob.
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	blob := sshStr([]byte("ssh-ed25519"))
	blob = append(blob, sshStr(pub)...)
	line := "ssh-ed25519 " + base64.StdEncoding.EncodeToString(blob) + " me@host"
	im, err := c.ImportKeyPair(ctx, &ec2.ImportKeyPairInput{KeyName: aws.String("imp"), PublicKeyMaterial: []byte(line)})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(blob)
	if aws.ToString(im.KeyFingerprint) != base64.StdEncoding.EncodeToString(sum[:]) {
		t.Fatalf("imported fingerprint %s", aws.ToString(im.KeyFingerprint))
	}
	_, err = c.ImportKeyPair(ctx, &ec2.ImportKeyPairInput{KeyName: aws.String("bad"), PublicKeyMaterial: []byte("not a key")})
	instWantCode(t, err, "InvalidKeyPair.Format")

	d, err := c.DescribeKeyPairs(ctx, &ec2.DescribeKeyPairsInput{KeyNames: []string{"imp"}, IncludePublicKey: aws.Bool(true)})
	if err != nil || len(d.KeyPairs) != 1 || d.KeyPairs[0].KeyType != types.KeyTypeEd25519 || aws.ToString(d.KeyPairs[0].PublicKey) != line {
		t.Fatalf("describe: %v %+v", err, d)
	}
	_, err = c.DescribeKeyPairs(ctx, &ec2.DescribeKeyPairsInput{KeyNames: []string{"nope"}})
	instWantCode(t, err, "InvalidKeyPair.NotFound")
	if _, err := c.DeleteKeyPair(ctx, &ec2.DeleteKeyPairInput{KeyName: aws.String("imp")}); err != nil {
		t.Fatal(err)
	}
	// Deleting again succeeds, as on EC2.
	if _, err := c.DeleteKeyPair(ctx, &ec2.DeleteKeyPairInput{KeyName: aws.String("imp")}); err != nil {
		t.Fatal(err)
	}
}

func sshStr(b []byte) []byte {
	out := make([]byte, 4+len(b))
	binary.BigEndian.PutUint32(out, uint32(len(b)))
	copy(out[4:], b)
	return out
}

func TestDhcpOptionsSDK(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	vpc, _ := instNet(t, c)
	d, err := c.CreateDhcpOptions(ctx, &ec2.CreateDhcpOptionsInput{DhcpConfigurations: []types.NewDhcpConfiguration{
		{Key: aws.String("domain-name"), Values: []string{"corp.example"}},
		{Key: aws.String("domain-name-servers"), Values: []string{"10.0.0.2", "AmazonProvidedDNS"}},
		{Key: aws.String("netbios-node-type"), Values: []string{"2"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	id := d.DhcpOptions.DhcpOptionsId
	_, err = c.CreateDhcpOptions(ctx, &ec2.CreateDhcpOptionsInput{DhcpConfigurations: []types.NewDhcpConfiguration{{Key: aws.String("bogus"), Values: []string{"x"}}}})
	instWantCode(t, err, "InvalidParameterValue")
	if _, err := c.AssociateDhcpOptions(ctx, &ec2.AssociateDhcpOptionsInput{DhcpOptionsId: id, VpcId: vpc.VpcId}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteDhcpOptions(ctx, &ec2.DeleteDhcpOptionsInput{DhcpOptionsId: id})
	instWantCode(t, err, "DependencyViolation")
	dv, _ := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{*vpc.VpcId}})
	if aws.ToString(dv.Vpcs[0].DhcpOptionsId) != *id {
		t.Fatalf("vpc dhcp options %v", aws.ToString(dv.Vpcs[0].DhcpOptionsId))
	}
	f, err := c.DescribeDhcpOptions(ctx, &ec2.DescribeDhcpOptionsInput{Filters: []types.Filter{instFilter("key", "netbios-node-type")}})
	if err != nil || len(f.DhcpOptions) != 1 || len(f.DhcpOptions[0].DhcpConfigurations) != 3 {
		t.Fatalf("describe: %v %+v", err, f)
	}
	if _, err := c.AssociateDhcpOptions(ctx, &ec2.AssociateDhcpOptionsInput{DhcpOptionsId: aws.String("default"), VpcId: vpc.VpcId}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteDhcpOptions(ctx, &ec2.DeleteDhcpOptionsInput{DhcpOptionsId: id}); err != nil {
		t.Fatal(err)
	}
}

func TestManagedPrefixListsSDK(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	cr, err := c.CreateManagedPrefixList(ctx, &ec2.CreateManagedPrefixListInput{PrefixListName: aws.String("office"), AddressFamily: aws.String("IPv4"), MaxEntries: aws.Int32(5),
		Entries: []types.AddPrefixListEntry{{Cidr: aws.String("192.0.2.0/24"), Description: aws.String("hq")}}})
	if err != nil {
		t.Fatal(err)
	}
	pl := cr.PrefixList
	if string(pl.State) != "create-in-progress" || aws.ToInt64(pl.Version) != 1 {
		t.Fatalf("create: %+v", pl)
	}
	_, err = c.ModifyManagedPrefixList(ctx, &ec2.ModifyManagedPrefixListInput{PrefixListId: pl.PrefixListId, CurrentVersion: aws.Int64(7),
		AddEntries: []types.AddPrefixListEntry{{Cidr: aws.String("198.51.100.0/24")}}})
	instWantCode(t, err, "PrefixListVersionMismatch")
	md, err := c.ModifyManagedPrefixList(ctx, &ec2.ModifyManagedPrefixListInput{PrefixListId: pl.PrefixListId, CurrentVersion: aws.Int64(1),
		AddEntries: []types.AddPrefixListEntry{{Cidr: aws.String("198.51.100.0/24")}}})
	if err != nil || aws.ToInt64(md.PrefixList.Version) != 2 {
		t.Fatalf("modify: %v %+v", err, md)
	}
	cur, err := c.GetManagedPrefixListEntries(ctx, &ec2.GetManagedPrefixListEntriesInput{PrefixListId: pl.PrefixListId})
	if err != nil || len(cur.Entries) != 2 {
		t.Fatalf("entries: %v %+v", err, cur)
	}
	old, err := c.GetManagedPrefixListEntries(ctx, &ec2.GetManagedPrefixListEntriesInput{PrefixListId: pl.PrefixListId, TargetVersion: aws.Int64(1)})
	if err != nil || len(old.Entries) != 1 {
		t.Fatalf("v1 entries: %v %+v", err, old)
	}
	all, err := c.DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{})
	if err != nil || len(all.PrefixLists) != 3 {
		t.Fatalf("managed lists (own + S3 + DynamoDB): %v %d", err, len(all.PrefixLists))
	}
	s3, err := c.DescribePrefixLists(ctx, &ec2.DescribePrefixListsInput{Filters: []types.Filter{instFilter("prefix-list-name", "com.amazonaws.us-east-1.s3")}})
	if err != nil || len(s3.PrefixLists) != 1 || len(s3.PrefixLists[0].Cidrs) == 0 {
		t.Fatalf("S3 prefix list: %v %+v", err, s3)
	}
	if _, err := c.DeleteManagedPrefixList(ctx, &ec2.DeleteManagedPrefixListInput{PrefixListId: pl.PrefixListId}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{PrefixListIds: []string{*pl.PrefixListId}})
	instWantCode(t, err, "InvalidPrefixListID.NotFound")
}
