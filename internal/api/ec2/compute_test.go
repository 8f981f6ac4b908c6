package ec2_test

import (
	"context"
	"encoding/base64"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestLaunchTemplatesWire drives launch templates through the SDK: the
// parameters come back as given, SourceVersion inherits, $Latest/$Default
// resolve, RunInstances takes the template's parameters and the request's
// overrides, DeleteLaunchTemplateVersions reports per version [EC2 API
// CreateLaunchTemplate, DescribeLaunchTemplateVersions, RunInstances].
func TestLaunchTemplatesWire(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	_, sn := instNet(t, c)
	ud := base64.StdEncoding.EncodeToString([]byte("#!/bin/sh\n"))
	cr, err := c.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{
		LaunchTemplateName: aws.String("web"), VersionDescription: aws.String("first"),
		LaunchTemplateData: &types.RequestLaunchTemplateData{
			ImageId: aws.String("ami-12345678"), InstanceType: types.InstanceTypeT3Micro, UserData: aws.String(ud),
			MetadataOptions: &types.LaunchTemplateInstanceMetadataOptionsRequest{HttpTokens: types.LaunchTemplateHttpTokensStateRequired},
			BlockDeviceMappings: []types.LaunchTemplateBlockDeviceMappingRequest{{DeviceName: aws.String("/dev/sdf"),
				Ebs: &types.LaunchTemplateEbsBlockDeviceRequest{VolumeSize: aws.Int32(4), VolumeType: types.VolumeTypeGp3}}},
			TagSpecifications: []types.LaunchTemplateTagSpecificationRequest{{ResourceType: types.ResourceTypeInstance,
				Tags: []types.Tag{{Key: aws.String("role"), Value: aws.String("web")}}}},
		},
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeLaunchTemplate, Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := cr.LaunchTemplate.LaunchTemplateId
	if aws.ToInt64(cr.LaunchTemplate.DefaultVersionNumber) != 1 || len(cr.LaunchTemplate.Tags) != 1 {
		t.Fatalf("create: %+v", cr.LaunchTemplate)
	}
	_, err = c.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("web"), LaunchTemplateData: &types.RequestLaunchTemplateData{ImageId: aws.String("ami-12345678")}})
	instWantCode(t, err, "InvalidLaunchTemplateName.AlreadyExistsException")
	v2, err := c.CreateLaunchTemplateVersion(ctx, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: id, SourceVersion: aws.String("$Latest"),
		LaunchTemplateData: &types.RequestLaunchTemplateData{InstanceType: types.InstanceTypeT3Small}})
	if err != nil {
		t.Fatal(err)
	}
	d := v2.LaunchTemplateVersion.LaunchTemplateData
	if aws.ToInt64(v2.LaunchTemplateVersion.VersionNumber) != 2 || d.InstanceType != types.InstanceTypeT3Small || aws.ToString(d.ImageId) != "ami-12345678" ||
		d.MetadataOptions == nil || d.MetadataOptions.HttpTokens != types.LaunchTemplateHttpTokensStateRequired || len(d.BlockDeviceMappings) != 1 ||
		aws.ToInt32(d.BlockDeviceMappings[0].Ebs.VolumeSize) != 4 || aws.ToString(d.UserData) != ud {
		t.Fatalf("version 2 data: %+v", d)
	}
	dv, err := c.DescribeLaunchTemplateVersions(ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: id, Versions: []string{"$Default"}})
	if err != nil || len(dv.LaunchTemplateVersions) != 1 || aws.ToInt64(dv.LaunchTemplateVersions[0].VersionNumber) != 1 ||
		!aws.ToBool(dv.LaunchTemplateVersions[0].DefaultVersion) || dv.LaunchTemplateVersions[0].LaunchTemplateData.InstanceType != types.InstanceTypeT3Micro {
		t.Fatalf("$Default: %+v %v", dv, err)
	}
	fv, err := c.DescribeLaunchTemplateVersions(ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: aws.String("web"),
		Filters: []types.Filter{instFilter("instance-type", "t3.small")}})
	if err != nil || len(fv.LaunchTemplateVersions) != 1 {
		t.Fatalf("filter instance-type: %+v %v", fv, err)
	}
	_, err = c.DescribeLaunchTemplateVersions(ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: id, Versions: []string{"5"}})
	instWantCode(t, err, "InvalidLaunchTemplateId.VersionNotFound")
	if _, err := c.ModifyLaunchTemplate(ctx, &ec2.ModifyLaunchTemplateInput{LaunchTemplateId: id, DefaultVersion: aws.String("2")}); err != nil {
		t.Fatal(err)
	}
	dl, err := c.DescribeLaunchTemplates(ctx, &ec2.DescribeLaunchTemplatesInput{Filters: []types.Filter{instFilter("tag:team", "a")}})
	if err != nil || len(dl.LaunchTemplates) != 1 || aws.ToInt64(dl.LaunchTemplates[0].DefaultVersionNumber) != 2 || aws.ToInt64(dl.LaunchTemplates[0].LatestVersionNumber) != 2 {
		t.Fatalf("DescribeLaunchTemplates: %+v %v", dl, err)
	}
	_, err = c.DescribeLaunchTemplates(ctx, &ec2.DescribeLaunchTemplatesInput{LaunchTemplateNames: []string{"nope"}})
	instWantCode(t, err, "InvalidLaunchTemplateName.NotFoundException")

	// RunInstances from the default version (2), overriding the type.
	run, err := c.RunInstances(ctx, &ec2.RunInstancesInput{MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sn.SubnetId,
		InstanceType: types.InstanceTypeT3Medium, LaunchTemplate: &types.LaunchTemplateSpecification{LaunchTemplateName: aws.String("web")}})
	if err != nil {
		t.Fatal(err)
	}
	inst := run.Instances[0]
	if inst.InstanceType != types.InstanceTypeT3Medium || aws.ToString(inst.ImageId) != "ami-12345678" || len(inst.BlockDeviceMappings) != 2 ||
		inst.MetadataOptions.HttpTokens != types.HttpTokensStateRequired {
		t.Fatalf("launched: type %s image %s bdm %d tokens %s", inst.InstanceType, aws.ToString(inst.ImageId), len(inst.BlockDeviceMappings), inst.MetadataOptions.HttpTokens)
	}
	tags := map[string]string{}
	for _, tg := range inst.Tags {
		tags[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	if tags["role"] != "web" || tags["aws:ec2launchtemplate:id"] != *id || tags["aws:ec2launchtemplate:version"] != "2" {
		t.Fatalf("instance tags (template's and EC2's): %v", tags)
	}
	_, err = c.RunInstances(ctx, &ec2.RunInstancesInput{MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sn.SubnetId,
		LaunchTemplate: &types.LaunchTemplateSpecification{LaunchTemplateId: id, Version: aws.String("9")}})
	instWantCode(t, err, "InvalidLaunchTemplateId.VersionNotFound")

	del, err := c.DeleteLaunchTemplateVersions(ctx, &ec2.DeleteLaunchTemplateVersionsInput{LaunchTemplateId: id, Versions: []string{"1", "2"}})
	if err != nil || len(del.SuccessfullyDeletedLaunchTemplateVersions) != 1 || len(del.UnsuccessfullyDeletedLaunchTemplateVersions) != 1 ||
		del.UnsuccessfullyDeletedLaunchTemplateVersions[0].ResponseError.Code != types.LaunchTemplateErrorCodeUnexpectedError {
		t.Fatalf("DeleteLaunchTemplateVersions: %+v %v", del, err)
	}
	if _, err := c.DeleteLaunchTemplate(ctx, &ec2.DeleteLaunchTemplateInput{LaunchTemplateId: id}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeLaunchTemplates(ctx, &ec2.DescribeLaunchTemplatesInput{LaunchTemplateIds: []string{*id}})
	instWantCode(t, err, "InvalidLaunchTemplateId.NotFound")
}

// TestVolumesWire drives EBS volumes and snapshots through the SDK
// (CreateVolume, AttachVolume, the attachment.* and status filters,
// ModifyVolume + DescribeVolumesModifications, DetachVolume, snapshots,
// DeleteVolume) and DescribeInstanceTypeOfferings and subnet CIDR
// reservations.
func TestVolumesWire(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	_, sn := instNet(t, c)
	run, err := c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), InstanceType: types.InstanceTypeT3Micro,
		MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sn.SubnetId})
	if err != nil {
		t.Fatal(err)
	}
	inst := run.Instances[0]
	v, err := c.CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: inst.Placement.AvailabilityZone, Size: aws.Int32(10), VolumeType: types.VolumeTypeGp3,
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVolume, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("data")}}}}})
	if err != nil || v.State != types.VolumeStateCreating || aws.ToInt32(v.Iops) != 3000 {
		t.Fatalf("CreateVolume: %+v %v", v, err)
	}
	if err := ec2.NewVolumeAvailableWaiter(c).Wait(ctx, &ec2.DescribeVolumesInput{VolumeIds: []string{*v.VolumeId}}, 5e9); err != nil {
		t.Fatal(err)
	}
	at, err := c.AttachVolume(ctx, &ec2.AttachVolumeInput{VolumeId: v.VolumeId, InstanceId: inst.InstanceId, Device: aws.String("/dev/sdh")})
	if err != nil || at.State != types.VolumeAttachmentStateAttaching {
		t.Fatalf("AttachVolume: %+v %v", at, err)
	}
	_, err = c.DeleteVolume(ctx, &ec2.DeleteVolumeInput{VolumeId: v.VolumeId})
	instWantCode(t, err, "VolumeInUse")
	dv, err := c.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{Filters: []types.Filter{instFilter("attachment.device", "/dev/sdh"),
		instFilter("attachment.instance-id", *inst.InstanceId), instFilter("tag:Name", "data")}})
	if err != nil || len(dv.Volumes) != 1 || dv.Volumes[0].State != types.VolumeStateInUse || dv.Volumes[0].Attachments[0].State != types.VolumeAttachmentStateAttached {
		t.Fatalf("DescribeVolumes attachment.*: %+v %v", dv, err)
	}
	mv, err := c.ModifyVolume(ctx, &ec2.ModifyVolumeInput{VolumeId: v.VolumeId, Size: aws.Int32(20), Throughput: aws.Int32(250)})
	if err != nil || aws.ToInt32(mv.VolumeModification.TargetSize) != 20 || aws.ToInt32(mv.VolumeModification.TargetThroughput) != 250 {
		t.Fatalf("ModifyVolume: %+v %v", mv, err)
	}
	dm, err := c.DescribeVolumesModifications(ctx, &ec2.DescribeVolumesModificationsInput{VolumeIds: []string{*v.VolumeId},
		Filters: []types.Filter{instFilter("modification-state", "completed")}})
	if err != nil || len(dm.VolumesModifications) != 1 {
		t.Fatalf("DescribeVolumesModifications: %+v %v", dm, err)
	}
	st, err := c.DescribeVolumeStatus(ctx, &ec2.DescribeVolumeStatusInput{VolumeIds: []string{*v.VolumeId}})
	if err != nil || len(st.VolumeStatuses) != 1 || st.VolumeStatuses[0].VolumeStatus.Status != types.VolumeStatusInfoStatusOk {
		t.Fatalf("DescribeVolumeStatus: %+v %v", st, err)
	}
	snap, err := c.CreateSnapshot(ctx, &ec2.CreateSnapshotInput{VolumeId: v.VolumeId, Description: aws.String("nightly")})
	if err != nil {
		t.Fatal(err)
	}
	if err := ec2.NewSnapshotCompletedWaiter(c).Wait(ctx, &ec2.DescribeSnapshotsInput{SnapshotIds: []string{*snap.SnapshotId}}, 5e9); err != nil {
		t.Fatal(err)
	}
	ds, err := c.DescribeSnapshots(ctx, &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}, Filters: []types.Filter{instFilter("volume-id", *v.VolumeId)}})
	if err != nil || len(ds.Snapshots) != 1 || aws.ToInt32(ds.Snapshots[0].VolumeSize) != 20 {
		t.Fatalf("DescribeSnapshots: %+v %v", ds, err)
	}
	dt, err := c.DetachVolume(ctx, &ec2.DetachVolumeInput{VolumeId: v.VolumeId})
	if err != nil || dt.State != types.VolumeAttachmentStateDetaching {
		t.Fatalf("DetachVolume: %+v %v", dt, err)
	}
	if _, err := c.DeleteVolume(ctx, &ec2.DeleteVolumeInput{VolumeId: v.VolumeId}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteSnapshot(ctx, &ec2.DeleteSnapshotInput{SnapshotId: snap.SnapshotId}); err != nil {
		t.Fatal(err)
	}

	off, err := c.DescribeInstanceTypeOfferings(ctx, &ec2.DescribeInstanceTypeOfferingsInput{LocationType: types.LocationTypeAvailabilityZone,
		Filters: []types.Filter{instFilter("instance-type", "t3.micro"), instFilter("location", "us-east-1a")}})
	if err != nil || len(off.InstanceTypeOfferings) != 1 || aws.ToString(off.InstanceTypeOfferings[0].Location) != "us-east-1a" {
		t.Fatalf("DescribeInstanceTypeOfferings: %+v %v", off, err)
	}

	cidr := "10.0.1.64/28"
	r, err := c.CreateSubnetCidrReservation(ctx, &ec2.CreateSubnetCidrReservationInput{SubnetId: sn.SubnetId, Cidr: aws.String(cidr),
		ReservationType: types.SubnetCidrReservationTypeExplicit, Description: aws.String("appliances")})
	if err != nil {
		t.Fatal(err)
	}
	g, err := c.GetSubnetCidrReservations(ctx, &ec2.GetSubnetCidrReservationsInput{SubnetId: sn.SubnetId})
	if err != nil || len(g.SubnetIpv4CidrReservations) != 1 || aws.ToString(g.SubnetIpv4CidrReservations[0].Cidr) != cidr {
		t.Fatalf("GetSubnetCidrReservations: %+v %v", g, err)
	}
	if _, err := c.DeleteSubnetCidrReservation(ctx, &ec2.DeleteSubnetCidrReservationInput{SubnetCidrReservationId: r.SubnetCidrReservation.SubnetCidrReservationId}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteSubnetCidrReservation(ctx, &ec2.DeleteSubnetCidrReservationInput{SubnetCidrReservationId: r.SubnetCidrReservation.SubnetCidrReservationId})
	instWantCode(t, err, "InvalidSubnetCidrReservationID.NotFound")
}
