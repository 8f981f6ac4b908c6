package ec2_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// bodyRecorder keeps the raw body of the last response, to check what the
// SDK's types cannot show (an absent element versus an empty one).
type bodyRecorder struct {
	mu   sync.Mutex
	last []byte
}

func (r *bodyRecorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.last = b
	r.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func (r *bodyRecorder) body() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return string(r.last)
}

// TestBlockDeviceMappingsWire pins, through the real SDK, the volumes
// RunInstances creates from BlockDeviceMappings and volume
// TagSpecifications [EC2 API RunInstances, EbsBlockDevice], how
// DescribeInstances and DescribeVolumes report them, ModifyInstanceAttribute
// BlockDeviceMappings (DeleteOnTermination) and its effect at
// TerminateInstances [EC2 User Guide, "Preserve data when an instance is
// terminated"]; and that DescribeInstances lists a reservation's instances
// in launch order with no tagSet for an untagged instance.
func TestBlockDeviceMappingsWire(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	_, sn := instNet(t, c)
	run, err := c.RunInstances(ctx, &ec2.RunInstancesInput{
		ImageId: aws.String("ami-12345678"), InstanceType: types.InstanceTypeT3Micro, MinCount: aws.Int32(3), MaxCount: aws.Int32(3),
		SubnetId: sn.SubnetId,
		BlockDeviceMappings: []types.BlockDeviceMapping{
			{DeviceName: aws.String("/dev/xvda"), Ebs: &types.EbsBlockDevice{VolumeSize: aws.Int32(12), VolumeType: types.VolumeTypeGp3}},
			{DeviceName: aws.String("/dev/sdf"), Ebs: &types.EbsBlockDevice{VolumeSize: aws.Int32(5), VolumeType: types.VolumeTypeIo1, Iops: aws.Int32(200)}},
		},
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVolume, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("disk")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := &bodyRecorder{}
	d, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{instFilter("reservation-id", *run.ReservationId)}},
		func(o *ec2.Options) { o.HTTPClient = rec })
	if err != nil || len(d.Reservations) != 1 || len(d.Reservations[0].Instances) != 3 {
		t.Fatalf("DescribeInstances: %+v %v", d, err)
	}
	for i, inst := range d.Reservations[0].Instances {
		if aws.ToInt32(inst.AmiLaunchIndex) != int32(i) {
			t.Errorf("instance %d has launch index %d: not in launch order", i, aws.ToInt32(inst.AmiLaunchIndex))
		}
	}
	if strings.Contains(rec.body(), "<tagSet") {
		t.Errorf("untagged instances carry a tagSet element")
	}
	inst := d.Reservations[0].Instances[0]
	bdm := inst.BlockDeviceMappings
	if len(bdm) != 2 || aws.ToString(bdm[0].DeviceName) != "/dev/xvda" || aws.ToString(bdm[1].DeviceName) != "/dev/sdf" ||
		!aws.ToBool(bdm[1].Ebs.DeleteOnTermination) || bdm[1].Ebs.Status != types.AttachmentStatusAttached {
		t.Fatalf("block device mappings %+v", bdm)
	}
	vols, err := c.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{Filters: []types.Filter{instFilter("attachment.instance-id", *inst.InstanceId)}})
	if err != nil || len(vols.Volumes) != 2 {
		t.Fatalf("DescribeVolumes: %+v %v", vols, err)
	}
	for _, v := range vols.Volumes {
		if len(v.Tags) != 1 || aws.ToString(v.Tags[0].Value) != "disk" || len(v.Attachments) != 1 || v.State != types.VolumeStateInUse {
			t.Errorf("volume %s: tags %+v attachments %+v state %s", *v.VolumeId, v.Tags, v.Attachments, v.State)
		}
		switch aws.ToString(v.Attachments[0].Device) {
		case "/dev/xvda":
			if aws.ToInt32(v.Size) != 12 || v.VolumeType != types.VolumeTypeGp3 || aws.ToInt32(v.Iops) != 3000 || aws.ToInt32(v.Throughput) != 125 {
				t.Errorf("root volume %+v", v)
			}
		case "/dev/sdf":
			if aws.ToInt32(v.Size) != 5 || v.VolumeType != types.VolumeTypeIo1 || aws.ToInt32(v.Iops) != 200 || v.Throughput != nil || aws.ToString(v.SnapshotId) != "" {
				t.Errorf("sdf volume %+v", v)
			}
		}
	}

	// groupSet names the groups by id only.
	ga, err := c.DescribeInstanceAttribute(ctx, &ec2.DescribeInstanceAttributeInput{InstanceId: inst.InstanceId, Attribute: types.InstanceAttributeNameGroupSet})
	if err != nil || len(ga.Groups) != 1 || ga.Groups[0].GroupId == nil || ga.Groups[0].GroupName != nil {
		t.Errorf("groupSet %+v %v", ga, err)
	}

	// Keep sdf at termination.
	if _, err := c.ModifyInstanceAttribute(ctx, &ec2.ModifyInstanceAttributeInput{InstanceId: inst.InstanceId,
		BlockDeviceMappings: []types.InstanceBlockDeviceMappingSpecification{{DeviceName: aws.String("/dev/sdf"),
			Ebs: &types.EbsInstanceBlockDeviceSpecification{DeleteOnTermination: aws.Bool(false)}}}}); err != nil {
		t.Fatal(err)
	}
	ba, err := c.DescribeInstanceAttribute(ctx, &ec2.DescribeInstanceAttributeInput{InstanceId: inst.InstanceId, Attribute: types.InstanceAttributeNameBlockDeviceMapping})
	if err != nil || len(ba.BlockDeviceMappings) != 2 || aws.ToBool(ba.BlockDeviceMappings[1].Ebs.DeleteOnTermination) || !aws.ToBool(ba.BlockDeviceMappings[0].Ebs.DeleteOnTermination) {
		t.Fatalf("blockDeviceMapping attribute %+v %v", ba, err)
	}
	sdf := aws.ToString(ba.BlockDeviceMappings[1].Ebs.VolumeId)
	if _, err := c.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{*inst.InstanceId}}); err != nil {
		t.Fatal(err)
	}
	avail, err := c.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{Filters: []types.Filter{instFilter("status", "available")}})
	if err != nil || len(avail.Volumes) != 1 || *avail.Volumes[0].VolumeId != sdf || len(avail.Volumes[0].Attachments) != 0 {
		t.Fatalf("available volumes after terminate: %+v %v", avail, err)
	}
	// Volumes are taggable resources.
	if _, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{sdf}, Tags: []types.Tag{{Key: aws.String("kept"), Value: aws.String("yes")}}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sn.SubnetId,
		BlockDeviceMappings: []types.BlockDeviceMapping{{DeviceName: aws.String("/dev/sdf"), Ebs: &types.EbsBlockDevice{VolumeSize: aws.Int32(5), VolumeType: types.VolumeTypeGp2, Iops: aws.Int32(300)}}}})
	instWantCode(t, err, "InvalidParameterCombination")
}
