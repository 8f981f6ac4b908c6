package e2e

import (
	"net/netip"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// usable reports whether ip is in cidr and not one of the five addresses
// AWS reserves in every subnet (network, +1 router, +2 DNS, +3, broadcast).
func usable(t *testing.T, cidr, ip string) bool {
	t.Helper()
	p := netip.MustParsePrefix(cidr)
	a, err := netip.ParseAddr(ip)
	if err != nil || !p.Contains(a) {
		return false
	}
	base := p.Masked().Addr().As4()
	got := a.As4()
	off := (uint32(got[0])<<24 | uint32(got[1])<<16 | uint32(got[2])<<8 | uint32(got[3])) -
		(uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3]))
	size := uint32(1) << (32 - p.Bits())
	return off > 3 && off < size-1
}

func describeENI(t *testing.T, c *ec2.Client, id string) types.NetworkInterface {
	t.Helper()
	out := must[*ec2.DescribeNetworkInterfacesOutput](t, "DescribeNetworkInterfaces "+id)(c.DescribeNetworkInterfaces(testCtx(t), &ec2.DescribeNetworkInterfacesInput{NetworkInterfaceIds: []string{id}}))
	if len(out.NetworkInterfaces) != 1 {
		t.Fatalf("DescribeNetworkInterfaces %s: %d", id, len(out.NetworkInterfaces))
	}
	return out.NetworkInterfaces[0]
}

func TestSDKNetworkInterfaces(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	vpc := aws.ToString(createVPC(t, ctx, c, "10.0.0.0/16", true).VpcId)
	v6 := vpcIPv6(describeVPC(t, ctx, c, vpc))
	sout := must[*ec2.CreateSubnetOutput](t, "CreateSubnet")(c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc), CidrBlock: aws.String("10.0.1.0/28"), Ipv6CidrBlock: aws.String(subnet6(t, v6, 1)), AvailabilityZone: aws.String("us-east-1a")}))
	sn := aws.ToString(sout.Subnet.SubnetId)
	sg := must[*ec2.CreateSecurityGroupOutput](t, "CreateSecurityGroup")(c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("eni"), Description: aws.String("eni"), VpcId: aws.String(vpc)}))
	sg2 := must[*ec2.CreateSecurityGroupOutput](t, "CreateSecurityGroup 2")(c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("eni2"), Description: aws.String("eni2"), VpcId: aws.String(vpc)}))

	out := must[*ec2.CreateNetworkInterfaceOutput](t, "CreateNetworkInterface")(c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{
		SubnetId: aws.String(sn), Groups: []string{aws.ToString(sg.GroupId)}, Description: aws.String("primary"),
		SecondaryPrivateIpAddressCount: aws.Int32(2), Ipv6AddressCount: aws.Int32(1),
		TagSpecifications: tagSpec(types.ResourceTypeNetworkInterface, "Name", "eni-a"),
	}))
	eni := aws.ToString(out.NetworkInterface.NetworkInterfaceId)
	e := describeENI(t, c, eni)
	if e.Status != types.NetworkInterfaceStatusAvailable || aws.ToString(e.SubnetId) != sn || aws.ToString(e.VpcId) != vpc ||
		aws.ToString(e.AvailabilityZone) != "us-east-1a" || aws.ToString(e.MacAddress) == "" || !aws.ToBool(e.SourceDestCheck) ||
		len(e.Groups) != 1 || aws.ToString(e.OwnerId) != testAccount || tagMap(e.TagSet)["Name"] != "eni-a" {
		t.Errorf("ENI: %+v", e)
	}
	if len(e.PrivateIpAddresses) != 3 || len(e.Ipv6Addresses) != 1 {
		t.Errorf("ENI has %d private IPs (want 3) and %d IPv6 (want 1)", len(e.PrivateIpAddresses), len(e.Ipv6Addresses))
	}
	seen := map[string]bool{}
	for _, p := range e.PrivateIpAddresses {
		ip := aws.ToString(p.PrivateIpAddress)
		if !usable(t, "10.0.1.0/28", ip) || seen[ip] {
			t.Errorf("private IP %s is reserved, outside the subnet or duplicated", ip)
		}
		seen[ip] = true
	}
	// A /28 has 11 usable addresses: 3 taken.
	if s := describeSubnet(t, ctx, c, sn); aws.ToInt32(s.AvailableIpAddressCount) != 8 {
		t.Errorf("available addresses %d, want 8", aws.ToInt32(s.AvailableIpAddressCount))
	}

	// Explicit addresses: a reserved one, a taken one, a free one.
	_, err := c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{SubnetId: aws.String(sn), PrivateIpAddress: aws.String("10.0.1.1")})
	if err == nil {
		t.Errorf("an ENI got the reserved address 10.0.1.1")
	}
	_, err = c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{SubnetId: aws.String(sn), PrivateIpAddress: out.NetworkInterface.PrivateIpAddress})
	wantCode(t, "CreateNetworkInterface taken address", err, "InvalidIPAddress.InUse")
	free := "10.0.1.14"
	if seen[free] {
		free = "10.0.1.13"
	}
	b := must[*ec2.CreateNetworkInterfaceOutput](t, "CreateNetworkInterface explicit")(c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{SubnetId: aws.String(sn), PrivateIpAddress: aws.String(free)}))
	if aws.ToString(b.NetworkInterface.PrivateIpAddress) != free {
		t.Errorf("explicit address: %s", aws.ToString(b.NetworkInterface.PrivateIpAddress))
	}

	// Secondary addresses.
	must[*ec2.AssignPrivateIpAddressesOutput](t, "AssignPrivateIpAddresses")(c.AssignPrivateIpAddresses(ctx, &ec2.AssignPrivateIpAddressesInput{NetworkInterfaceId: aws.String(eni), SecondaryPrivateIpAddressCount: aws.Int32(1)}))
	e = describeENI(t, c, eni)
	if len(e.PrivateIpAddresses) != 4 {
		t.Errorf("after assign: %d private IPs", len(e.PrivateIpAddresses))
	}
	var secondary string
	for _, p := range e.PrivateIpAddresses {
		if !aws.ToBool(p.Primary) {
			secondary = aws.ToString(p.PrivateIpAddress)
		}
	}
	must[*ec2.UnassignPrivateIpAddressesOutput](t, "UnassignPrivateIpAddresses")(c.UnassignPrivateIpAddresses(ctx, &ec2.UnassignPrivateIpAddressesInput{NetworkInterfaceId: aws.String(eni), PrivateIpAddresses: []string{secondary}}))
	a6 := must[*ec2.AssignIpv6AddressesOutput](t, "AssignIpv6Addresses")(c.AssignIpv6Addresses(ctx, &ec2.AssignIpv6AddressesInput{NetworkInterfaceId: aws.String(eni), Ipv6AddressCount: aws.Int32(1)}))
	if len(a6.AssignedIpv6Addresses) != 1 || !netip.MustParsePrefix(subnet6(t, v6, 1)).Contains(netip.MustParseAddr(a6.AssignedIpv6Addresses[0])) {
		t.Errorf("AssignIpv6Addresses: %v", a6.AssignedIpv6Addresses)
	}
	must[*ec2.UnassignIpv6AddressesOutput](t, "UnassignIpv6Addresses")(c.UnassignIpv6Addresses(ctx, &ec2.UnassignIpv6AddressesInput{NetworkInterfaceId: aws.String(eni), Ipv6Addresses: a6.AssignedIpv6Addresses}))

	// Attributes.
	must[*ec2.ModifyNetworkInterfaceAttributeOutput](t, "ModifyNetworkInterfaceAttribute SourceDestCheck")(c.ModifyNetworkInterfaceAttribute(ctx, &ec2.ModifyNetworkInterfaceAttributeInput{NetworkInterfaceId: aws.String(eni), SourceDestCheck: &types.AttributeBooleanValue{Value: aws.Bool(false)}}))
	must[*ec2.ModifyNetworkInterfaceAttributeOutput](t, "ModifyNetworkInterfaceAttribute Groups")(c.ModifyNetworkInterfaceAttribute(ctx, &ec2.ModifyNetworkInterfaceAttributeInput{NetworkInterfaceId: aws.String(eni), Groups: []string{aws.ToString(sg.GroupId), aws.ToString(sg2.GroupId)}}))
	e = describeENI(t, c, eni)
	if aws.ToBool(e.SourceDestCheck) || len(e.Groups) != 2 {
		t.Errorf("after modify: sourceDestCheck %v, %d groups", aws.ToBool(e.SourceDestCheck), len(e.Groups))
	}
	at := must[*ec2.DescribeNetworkInterfaceAttributeOutput](t, "DescribeNetworkInterfaceAttribute")(c.DescribeNetworkInterfaceAttribute(ctx, &ec2.DescribeNetworkInterfaceAttributeInput{NetworkInterfaceId: aws.String(eni), Attribute: types.NetworkInterfaceAttributeSourceDestCheck}))
	if at.SourceDestCheck == nil || aws.ToBool(at.SourceDestCheck.Value) {
		t.Errorf("DescribeNetworkInterfaceAttribute sourceDestCheck: %+v", at.SourceDestCheck)
	}

	// Filters.
	f := must[*ec2.DescribeNetworkInterfacesOutput](t, "DescribeNetworkInterfaces filters")(c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{Filters: []types.Filter{filter("subnet-id", sn), filter("group-id", aws.ToString(sg2.GroupId))}}))
	if len(f.NetworkInterfaces) != 1 {
		t.Errorf("subnet-id+group-id: %d", len(f.NetworkInterfaces))
	}
	_, err = c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{NetworkInterfaceIds: []string{"eni-0123456789abcdef0"}})
	wantCode(t, "DescribeNetworkInterfaces unknown", err, "InvalidNetworkInterfaceID.NotFound")

	// A security group in use by an ENI cannot go; the subnet neither.
	_, err = c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: sg2.GroupId})
	wantCode(t, "DeleteSecurityGroup in use", err, "DependencyViolation")
	_, err = c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(sn)})
	wantCode(t, "DeleteSubnet with ENIs", err, "DependencyViolation")

	for _, id := range []string{eni, aws.ToString(b.NetworkInterface.NetworkInterfaceId)} {
		must[*ec2.DeleteNetworkInterfaceOutput](t, "DeleteNetworkInterface")(c.DeleteNetworkInterface(ctx, &ec2.DeleteNetworkInterfaceInput{NetworkInterfaceId: aws.String(id)}))
	}
	_, err = c.DeleteNetworkInterface(ctx, &ec2.DeleteNetworkInterfaceInput{NetworkInterfaceId: aws.String(eni)})
	wantCode(t, "DeleteNetworkInterface twice", err, "InvalidNetworkInterfaceID.NotFound")
	if s := describeSubnet(t, ctx, c, sn); aws.ToInt32(s.AvailableIpAddressCount) != 11 {
		t.Errorf("available addresses after deletes %d, want 11", aws.ToInt32(s.AvailableIpAddressCount))
	}
}

func TestSDKInstances(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	vpc := aws.ToString(createVPC(t, ctx, c, "10.0.0.0/16", false).VpcId)
	sn := aws.ToString(createSubnet(t, ctx, c, vpc, "10.0.1.0/24", "us-east-1b").SubnetId)
	sn2 := aws.ToString(createSubnet(t, ctx, c, vpc, "10.0.2.0/24", "us-east-1b").SubnetId)
	sg := must[*ec2.CreateSecurityGroupOutput](t, "CreateSecurityGroup")(c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("inst"), Description: aws.String("inst"), VpcId: aws.String(vpc)}))
	igw := must[*ec2.CreateInternetGatewayOutput](t, "CreateInternetGateway")(c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{}))
	must[*ec2.AttachInternetGatewayOutput](t, "AttachInternetGateway")(c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: igw.InternetGateway.InternetGatewayId, VpcId: aws.String(vpc)}))

	// Key pairs.
	kp := must[*ec2.CreateKeyPairOutput](t, "CreateKeyPair")(c.CreateKeyPair(ctx, &ec2.CreateKeyPairInput{KeyName: aws.String("e2e")}))
	if aws.ToString(kp.KeyMaterial) == "" || aws.ToString(kp.KeyFingerprint) == "" || aws.ToString(kp.KeyPairId) == "" {
		t.Errorf("CreateKeyPair: %+v", kp)
	}
	_, err := c.CreateKeyPair(ctx, &ec2.CreateKeyPairInput{KeyName: aws.String("e2e")})
	wantCode(t, "CreateKeyPair duplicate", err, "InvalidKeyPair.Duplicate")
	must[*ec2.ImportKeyPairOutput](t, "ImportKeyPair")(c.ImportKeyPair(ctx, &ec2.ImportKeyPairInput{KeyName: aws.String("imported"),
		PublicKeyMaterial: []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB8EButlJSAMqzLdYT6NQudQMwaFlDFhLbxfCqJ+ZH2/ e2e@vpcsim")}))
	keys := must[*ec2.DescribeKeyPairsOutput](t, "DescribeKeyPairs")(c.DescribeKeyPairs(ctx, &ec2.DescribeKeyPairsInput{}))
	if len(keys.KeyPairs) != 2 {
		t.Errorf("DescribeKeyPairs: %d", len(keys.KeyPairs))
	}

	// Images and instance types, as Terraform reads them.
	must[*ec2.DescribeImagesOutput](t, "DescribeImages")(c.DescribeImages(ctx, &ec2.DescribeImagesInput{ImageIds: []string{"ami-0123456789abcdef0"}}))
	it := must[*ec2.DescribeInstanceTypesOutput](t, "DescribeInstanceTypes")(c.DescribeInstanceTypes(ctx, &ec2.DescribeInstanceTypesInput{InstanceTypes: []types.InstanceType{types.InstanceTypeT3Micro}}))
	if len(it.InstanceTypes) != 1 || it.InstanceTypes[0].BurstablePerformanceSupported == nil || !aws.ToBool(it.InstanceTypes[0].BurstablePerformanceSupported) {
		t.Errorf("DescribeInstanceTypes t3.micro: %+v", it.InstanceTypes)
	}

	run := must[*ec2.RunInstancesOutput](t, "RunInstances")(c.RunInstances(ctx, &ec2.RunInstancesInput{
		ImageId: aws.String("ami-0123456789abcdef0"), InstanceType: types.InstanceTypeT3Micro, MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		SubnetId: aws.String(sn), SecurityGroupIds: []string{aws.ToString(sg.GroupId)}, PrivateIpAddress: aws.String("10.0.1.10"),
		KeyName: aws.String("e2e"), ClientToken: aws.String("run-1"), Placement: &types.Placement{AvailabilityZone: aws.String("")},
		TagSpecifications: tagSpec(types.ResourceTypeInstance, "Name", "app"),
	}))
	if len(run.Instances) != 1 {
		t.Fatalf("RunInstances: %d instances", len(run.Instances))
	}
	id := aws.ToString(run.Instances[0].InstanceId)
	if run.Instances[0].State == nil || run.Instances[0].State.Name != types.InstanceStateNamePending {
		t.Errorf("RunInstances state %+v, want pending", run.Instances[0].State)
	}
	describe := func() types.Instance {
		t.Helper()
		d := must[*ec2.DescribeInstancesOutput](t, "DescribeInstances")(c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{id}}))
		if len(d.Reservations) != 1 || len(d.Reservations[0].Instances) != 1 {
			t.Fatalf("DescribeInstances %s: %+v", id, d.Reservations)
		}
		return d.Reservations[0].Instances[0]
	}
	inst := describe()
	if inst.State == nil || inst.State.Name != types.InstanceStateNameRunning || aws.ToString(inst.PrivateIpAddress) != "10.0.1.10" ||
		aws.ToString(inst.SubnetId) != sn || aws.ToString(inst.VpcId) != vpc || inst.Placement == nil || aws.ToString(inst.Placement.AvailabilityZone) != "us-east-1b" ||
		len(inst.NetworkInterfaces) != 1 || len(inst.SecurityGroups) != 1 || aws.ToString(inst.KeyName) != "e2e" || tagMap(inst.Tags)["Name"] != "app" {
		t.Errorf("instance: %+v", inst)
	}
	if len(inst.NetworkInterfaces) == 1 {
		ni := inst.NetworkInterfaces[0]
		if ni.Attachment == nil || aws.ToInt32(ni.Attachment.DeviceIndex) != 0 || !aws.ToBool(ni.Attachment.DeleteOnTermination) {
			t.Errorf("eth0 attachment: %+v", ni.Attachment)
		}
	}
	again := must[*ec2.RunInstancesOutput](t, "RunInstances same token")(c.RunInstances(ctx, &ec2.RunInstancesInput{
		ImageId: aws.String("ami-0123456789abcdef0"), InstanceType: types.InstanceTypeT3Micro, MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		SubnetId: aws.String(sn), SecurityGroupIds: []string{aws.ToString(sg.GroupId)}, PrivateIpAddress: aws.String("10.0.1.10"),
		KeyName: aws.String("e2e"), ClientToken: aws.String("run-1"), Placement: &types.Placement{AvailabilityZone: aws.String("")},
		TagSpecifications: tagSpec(types.ResourceTypeInstance, "Name", "app"),
	}))
	if len(again.Instances) != 1 || aws.ToString(again.Instances[0].InstanceId) != id {
		t.Errorf("ClientToken retry launched another instance")
	}
	_, err = c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-0123456789abcdef0"), InstanceType: types.InstanceTypeT3Micro, MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: aws.String(sn), PrivateIpAddress: aws.String("10.0.1.10")})
	wantCode(t, "RunInstances taken address", err, "InvalidIPAddress.InUse")

	// Attributes Terraform reads (it dereferences disableApiStop without a nil check).
	for _, attr := range []types.InstanceAttributeName{types.InstanceAttributeNameDisableApiStop, types.InstanceAttributeNameDisableApiTermination,
		types.InstanceAttributeNameInstanceInitiatedShutdownBehavior, types.InstanceAttributeNameSourceDestCheck, types.InstanceAttributeNameGroupSet, types.InstanceAttributeNameUserData} {
		a := must[*ec2.DescribeInstanceAttributeOutput](t, "DescribeInstanceAttribute "+string(attr))(c.DescribeInstanceAttribute(ctx, &ec2.DescribeInstanceAttributeInput{InstanceId: aws.String(id), Attribute: attr}))
		switch attr {
		case types.InstanceAttributeNameDisableApiStop:
			if a.DisableApiStop == nil || a.DisableApiStop.Value == nil {
				t.Errorf("disableApiStop missing")
			}
		case types.InstanceAttributeNameDisableApiTermination:
			if a.DisableApiTermination == nil || a.DisableApiTermination.Value == nil {
				t.Errorf("disableApiTermination missing")
			}
		case types.InstanceAttributeNameSourceDestCheck:
			if a.SourceDestCheck == nil || !aws.ToBool(a.SourceDestCheck.Value) {
				t.Errorf("sourceDestCheck: %+v", a.SourceDestCheck)
			}
		case types.InstanceAttributeNameGroupSet:
			if len(a.Groups) != 1 {
				t.Errorf("groupSet: %+v", a.Groups)
			}
		}
	}
	must[*ec2.ModifyInstanceAttributeOutput](t, "ModifyInstanceAttribute DisableApiTermination")(c.ModifyInstanceAttribute(ctx, &ec2.ModifyInstanceAttributeInput{InstanceId: aws.String(id), DisableApiTermination: &types.AttributeBooleanValue{Value: aws.Bool(true)}}))
	_, err = c.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{id}})
	wantCode(t, "TerminateInstances protected", err, "OperationNotPermitted")
	must[*ec2.ModifyInstanceAttributeOutput](t, "ModifyInstanceAttribute DisableApiTermination false")(c.ModifyInstanceAttribute(ctx, &ec2.ModifyInstanceAttributeInput{InstanceId: aws.String(id), DisableApiTermination: &types.AttributeBooleanValue{Value: aws.Bool(false)}}))
	must[*ec2.ModifyInstanceAttributeOutput](t, "ModifyInstanceAttribute SourceDestCheck")(c.ModifyInstanceAttribute(ctx, &ec2.ModifyInstanceAttributeInput{InstanceId: aws.String(id), SourceDestCheck: &types.AttributeBooleanValue{Value: aws.Bool(false)}}))
	if inst = describe(); aws.ToBool(inst.SourceDestCheck) {
		t.Errorf("sourceDestCheck still true")
	}

	// An extra ENI at device index 1, then detached.
	eni := must[*ec2.CreateNetworkInterfaceOutput](t, "CreateNetworkInterface")(c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{SubnetId: aws.String(sn2), Groups: []string{aws.ToString(sg.GroupId)}}))
	eniID := aws.ToString(eni.NetworkInterface.NetworkInterfaceId)
	att := must[*ec2.AttachNetworkInterfaceOutput](t, "AttachNetworkInterface")(c.AttachNetworkInterface(ctx, &ec2.AttachNetworkInterfaceInput{InstanceId: aws.String(id), NetworkInterfaceId: aws.String(eniID), DeviceIndex: aws.Int32(1)}))
	if e := describeENI(t, c, eniID); e.Status != types.NetworkInterfaceStatusInUse || e.Attachment == nil || aws.ToString(e.Attachment.InstanceId) != id {
		t.Errorf("attached ENI: status %s attachment %+v", e.Status, e.Attachment)
	}
	if inst = describe(); len(inst.NetworkInterfaces) != 2 {
		t.Errorf("instance has %d ENIs after attach", len(inst.NetworkInterfaces))
	}
	other := must[*ec2.CreateNetworkInterfaceOutput](t, "CreateNetworkInterface 2")(c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{SubnetId: aws.String(sn2)}))
	_, err = c.AttachNetworkInterface(ctx, &ec2.AttachNetworkInterfaceInput{InstanceId: aws.String(id), NetworkInterfaceId: other.NetworkInterface.NetworkInterfaceId, DeviceIndex: aws.Int32(1)})
	if err == nil {
		t.Errorf("two ENIs attached at device index 1")
	}
	_, err = c.DeleteNetworkInterface(ctx, &ec2.DeleteNetworkInterfaceInput{NetworkInterfaceId: aws.String(eniID)})
	wantCode(t, "DeleteNetworkInterface attached", err, "InvalidNetworkInterface.InUse")
	if inst.NetworkInterfaces[0].Attachment != nil {
		_, err = c.DetachNetworkInterface(ctx, &ec2.DetachNetworkInterfaceInput{AttachmentId: primaryAttachment(inst)})
		if err == nil {
			t.Errorf("eth0 was detached")
		}
	}
	eip := must[*ec2.AllocateAddressOutput](t, "AllocateAddress")(c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc}))
	_, err = c.AssociateAddress(ctx, &ec2.AssociateAddressInput{AllocationId: eip.AllocationId, InstanceId: aws.String(id)})
	wantCode(t, "AssociateAddress to an instance with two ENIs", err, "InvalidInstanceID")
	must[*ec2.DetachNetworkInterfaceOutput](t, "DetachNetworkInterface")(c.DetachNetworkInterface(ctx, &ec2.DetachNetworkInterfaceInput{AttachmentId: att.AttachmentId}))

	// An EIP on the instance (now with one interface again: with several,
	// AWS wants the ENI named).
	as := must[*ec2.AssociateAddressOutput](t, "AssociateAddress instance")(c.AssociateAddress(ctx, &ec2.AssociateAddressInput{AllocationId: eip.AllocationId, InstanceId: aws.String(id)}))
	if inst = describe(); aws.ToString(inst.PublicIpAddress) != aws.ToString(eip.PublicIp) {
		t.Errorf("instance public IP %q, want the EIP %s", aws.ToString(inst.PublicIpAddress), aws.ToString(eip.PublicIp))
	}
	must[*ec2.DisassociateAddressOutput](t, "DisassociateAddress")(c.DisassociateAddress(ctx, &ec2.DisassociateAddressInput{AssociationId: as.AssociationId}))
	must[*ec2.ReleaseAddressOutput](t, "ReleaseAddress")(c.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: eip.AllocationId}))

	// Stop, start, terminate.
	stop := must[*ec2.StopInstancesOutput](t, "StopInstances")(c.StopInstances(ctx, &ec2.StopInstancesInput{InstanceIds: []string{id}}))
	if len(stop.StoppingInstances) != 1 || stop.StoppingInstances[0].PreviousState == nil || stop.StoppingInstances[0].PreviousState.Name != types.InstanceStateNameRunning {
		t.Errorf("StopInstances: %+v", stop.StoppingInstances)
	}
	if inst = describe(); inst.State == nil || inst.State.Name != types.InstanceStateNameStopped {
		t.Errorf("after stop: %+v", inst.State)
	}
	must[*ec2.StartInstancesOutput](t, "StartInstances")(c.StartInstances(ctx, &ec2.StartInstancesInput{InstanceIds: []string{id}}))
	if inst = describe(); inst.State == nil || inst.State.Name != types.InstanceStateNameRunning {
		t.Errorf("after start: %+v", inst.State)
	}
	f := must[*ec2.DescribeInstancesOutput](t, "DescribeInstances filters")(c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{filter("instance-state-name", "running"), filter("vpc-id", vpc), filter("tag:Name", "ap*")}}))
	if len(f.Reservations) != 1 {
		t.Errorf("DescribeInstances filters: %d reservations", len(f.Reservations))
	}
	term := must[*ec2.TerminateInstancesOutput](t, "TerminateInstances")(c.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{id}}))
	if len(term.TerminatingInstances) != 1 {
		t.Errorf("TerminateInstances: %+v", term.TerminatingInstances)
	}
	if inst = describe(); inst.State == nil || inst.State.Name != types.InstanceStateNameTerminated {
		t.Errorf("after terminate: %+v", inst.State)
	}
	// eth0 went with the instance; the subnet's addresses are free again
	// once the detached ENIs are deleted.
	for _, e := range []string{eniID, aws.ToString(other.NetworkInterface.NetworkInterfaceId)} {
		must[*ec2.DeleteNetworkInterfaceOutput](t, "DeleteNetworkInterface")(c.DeleteNetworkInterface(ctx, &ec2.DeleteNetworkInterfaceInput{NetworkInterfaceId: aws.String(e)}))
	}
	if s := describeSubnet(t, ctx, c, sn); aws.ToInt32(s.AvailableIpAddressCount) != 251 {
		t.Errorf("free addresses after terminate: %d, want 251", aws.ToInt32(s.AvailableIpAddressCount))
	}
	must[*ec2.DeleteSubnetOutput](t, "DeleteSubnet")(c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(sn)}))
	must[*ec2.DeleteKeyPairOutput](t, "DeleteKeyPair")(c.DeleteKeyPair(ctx, &ec2.DeleteKeyPairInput{KeyName: aws.String("e2e")}))
}

func primaryAttachment(inst types.Instance) *string {
	for _, ni := range inst.NetworkInterfaces {
		if ni.Attachment != nil && aws.ToInt32(ni.Attachment.DeviceIndex) == 0 {
			return ni.Attachment.AttachmentId
		}
	}
	return nil
}
