package control

import (
	"context"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

func i32p(v int32) *int32 { return &v }
func boolP(v bool) *bool  { return &v }

// TestRunInstancesBlockDevices pins the volumes RunInstances creates [EC2
// User Guide, "Block device mappings"; EC2 API EbsBlockDevice]: the root
// volume from the image's root device and snapshot, overridden by a
// mapping naming that device; one new volume per other EBS mapping
// (default type gp2, DeleteOnTermination true); instance store mappings
// have no effect; volume TagSpecifications tag every volume. At
// TerminateInstances a DeleteOnTermination volume is deleted and the
// others are detached and left available [EC2 User Guide, "Preserve data
// when an instance is terminated"].
func TestRunInstancesBlockDevices(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s)
	in := runIn(sn.ID, 2)
	in.BlockDeviceMappings = []BlockDeviceSpec{
		{DeviceName: "/dev/sdf", Ebs: &EbsSpec{VolumeSize: i32p(5), DeleteOnTermination: boolP(false), Encrypted: boolP(true)}},
		{DeviceName: "/dev/xvda", Ebs: &EbsSpec{VolumeSize: i32p(10), Iops: i32p(4000), Throughput: i32p(200)}},
		{DeviceName: "/dev/sdb", VirtualName: "ephemeral0"},
		{DeviceName: "/dev/sdg", NoDevice: true},
		{DeviceName: "/dev/sdh", Ebs: &EbsSpec{VolumeSize: i32p(20), VolumeType: "io2", Iops: i32p(2000)}},
	}
	in.VolumeTags = map[string]string{"Name": "data"}
	insts, err := s.RunInstances(ctx, testScope, in)
	if err != nil || len(insts) != 2 {
		t.Fatalf("RunInstances: %d %v", len(insts), err)
	}
	w := s.View(ctx)
	vols := InstanceVolumes(w, insts[0])
	if len(vols) != 3 {
		t.Fatalf("volumes %+v, want root, sdf, sdh", vols)
	}
	root, sdf, sdh := vols[0], vols[1], vols[2]
	check := func(v *model.Volume, device, typ string, size, iops, tput int32, dot, enc bool) {
		t.Helper()
		a := v.Attachment
		if a == nil || a.Device != device || a.InstanceID != insts[0].ID || a.DeleteOnTermination != dot || v.VolumeType != typ ||
			v.Size != size || v.Iops != iops || v.Throughput != tput || v.Encrypted != enc || v.State() != "in-use" ||
			v.Tags["Name"] != "data" || v.AvailabilityZone != insts[0].AvailabilityZone {
			t.Errorf("volume %s: %+v %+v", device, v, a)
		}
	}
	check(root, "/dev/xvda", "gp3", 10, 4000, 200, true, false)
	check(sdf, "/dev/sdf", "gp2", 5, 100, 0, false, true)
	check(sdh, "/dev/sdh", "io2", 20, 2000, 0, true, false)
	if root.SnapshotID != "snap-12345678" || sdf.SnapshotID != "" || sdf.KmsKeyID != DefaultEBSKeyARN(testScope) {
		t.Errorf("snapshot %q / %q, key %q", root.SnapshotID, sdf.SnapshotID, sdf.KmsKeyID)
	}
	if other := InstanceVolumes(w, insts[1]); len(other) != 3 || other[0].ID == root.ID {
		t.Errorf("second instance's volumes %+v", other)
	}

	if _, err := s.TerminateInstances(ctx, testScope, []string{insts[0].ID}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Volumes(ctx, testScope, nil)
	if err != nil || len(got) != 4 {
		t.Fatalf("after terminate: %d volumes (%v), want the second instance's 3 and sdf", len(got), err)
	}
	left, err := s.Volumes(ctx, testScope, []string{sdf.ID})
	if err != nil || left[0].State() != "available" || left[0].Attachment != nil {
		t.Errorf("sdf after terminate: %+v %v", left, err)
	}
	_, err = s.Volumes(ctx, testScope, []string{root.ID})
	wantCode(t, err, "InvalidVolume.NotFound")
	_, err = s.Volumes(ctx, testScope, []string{"volume-1"})
	wantCode(t, err, "InvalidVolumeID.Malformed")
}

// TestRunInstancesBlockDeviceErrors pins EC2's answers to invalid block
// device mappings [EC2 API EbsBlockDevice: sizes per type, "If you
// specify a snapshot, the volume size must be equal to or larger than the
// snapshot size", IOPS "required for io1 and io2 volumes", not supported
// for gp2, st1, sc1 and standard, throughput "valid only for gp3 volumes";
// EBS User Guide, "Amazon EBS volume types": IOPS per GiB and throughput
// per IOPS ratios].
func TestRunInstancesBlockDeviceErrors(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s)
	ebs := func(dev string, e EbsSpec) BlockDeviceSpec { return BlockDeviceSpec{DeviceName: dev, Ebs: &e} }
	for _, tc := range []struct {
		name string
		bdm  []BlockDeviceSpec
		code string
	}{
		{"missing device name", []BlockDeviceSpec{ebs("", EbsSpec{VolumeSize: i32p(5)})}, "InvalidBlockDeviceMapping"},
		{"duplicate device", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(5)}), ebs("sdf", EbsSpec{VolumeSize: i32p(6)})}, "InvalidBlockDeviceMapping"},
		{"no size nor snapshot", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeType: "gp3"})}, "InvalidBlockDeviceMapping"},
		{"no ebs for a new device", []BlockDeviceSpec{{DeviceName: "/dev/sdf"}}, "InvalidBlockDeviceMapping"},
		{"root smaller than snapshot", []BlockDeviceSpec{ebs("/dev/xvda", EbsSpec{VolumeSize: i32p(4)})}, "InvalidBlockDeviceMapping"},
		{"suppressed root", []BlockDeviceSpec{{DeviceName: "/dev/xvda", NoDevice: true}}, "InvalidBlockDeviceMapping"},
		{"invalid type", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(5), VolumeType: "gp9"})}, "InvalidParameterValue"},
		{"st1 too small", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(100), VolumeType: "st1"})}, "InvalidParameterValue"},
		{"standard too large", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(2000), VolumeType: "standard"})}, "InvalidParameterValue"},
		{"io1 too small", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(2), VolumeType: "io1", Iops: i32p(100)})}, "InvalidParameterValue"},
		{"iops on gp2", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(5), VolumeType: "gp2", Iops: i32p(300)})}, "InvalidParameterCombination"},
		{"iops on st1", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(500), VolumeType: "st1", Iops: i32p(300)})}, "InvalidParameterCombination"},
		{"io1 without iops", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(10), VolumeType: "io1"})}, "InvalidParameterCombination"},
		{"io1 ratio", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(10), VolumeType: "io1", Iops: i32p(1000)})}, "InvalidParameterValue"},
		{"io2 iops too low", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(10), VolumeType: "io2", Iops: i32p(50)})}, "InvalidParameterValue"},
		{"gp3 iops too low", []BlockDeviceSpec{ebs("/dev/xvda", EbsSpec{Iops: i32p(2000)})}, "InvalidParameterValue"},
		{"gp3 ratio", []BlockDeviceSpec{ebs("/dev/xvda", EbsSpec{Iops: i32p(5000)})}, "InvalidParameterValue"},
		{"throughput on gp2", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(5), Throughput: i32p(200)})}, "InvalidParameterCombination"},
		{"gp3 throughput range", []BlockDeviceSpec{ebs("/dev/xvda", EbsSpec{Throughput: i32p(100)})}, "InvalidParameterValue"},
		{"gp3 throughput per iops", []BlockDeviceSpec{ebs("/dev/xvda", EbsSpec{Throughput: i32p(1000)})}, "InvalidParameterValue"},
		{"key without encryption", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{VolumeSize: i32p(5), KmsKeyID: "alias/mine"})}, "InvalidParameterDependency"},
		{"unknown snapshot", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{SnapshotID: "snap-0123456789abcdef0"})}, "InvalidSnapshot.NotFound"},
		{"malformed snapshot", []BlockDeviceSpec{ebs("/dev/sdf", EbsSpec{SnapshotID: "snapshot"})}, "InvalidSnapshotID.Malformed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := runIn(sn.ID, 1)
			in.BlockDeviceMappings = tc.bdm
			_, err := s.RunInstances(ctx, testScope, in)
			wantCode(t, err, tc.code)
		})
	}
	got, _ := s.Volumes(ctx, testScope, nil)
	if len(got) != 0 {
		t.Errorf("failed launches left %d volumes", len(got))
	}
}

// TestModifyInstanceBlockDevices pins ModifyInstanceAttribute's
// BlockDeviceMappings [EC2 API ModifyInstanceAttribute: "Modifies the
// DeleteOnTermination attribute for volumes that are currently attached
// ... If no value is specified for DeleteOnTermination, the default is
// true"], and that TerminateInstances honours the new value.
func TestModifyInstanceBlockDevices(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s)
	insts, err := s.RunInstances(ctx, testScope, runIn(sn.ID, 1))
	if err != nil {
		t.Fatal(err)
	}
	id := insts[0].ID
	mod := func(ch ...DeleteOnTerminationChange) error {
		return s.ModifyInstanceAttribute(ctx, testScope, ModifyInstanceInput{InstanceID: id, BlockDeviceMappings: ch})
	}
	if err := mod(DeleteOnTerminationChange{DeviceName: "/dev/xvda", DeleteOnTermination: boolP(false)}); err != nil {
		t.Fatal(err)
	}
	root := InstanceVolumes(s.View(ctx), insts[0])[0]
	if root.Attachment.DeleteOnTermination {
		t.Fatalf("DeleteOnTermination still true")
	}
	wantCode(t, mod(DeleteOnTerminationChange{DeviceName: "/dev/sdz", DeleteOnTermination: boolP(true)}), "InvalidInstanceAttributeValue")
	wantCode(t, mod(DeleteOnTerminationChange{DeviceName: "/dev/sdb", VirtualName: true}), "InvalidParameterCombination")
	wantCode(t, s.ModifyInstanceAttribute(ctx, testScope, ModifyInstanceInput{InstanceID: id, DisableApiStop: boolP(true),
		BlockDeviceMappings: []DeleteOnTerminationChange{{DeviceName: "/dev/xvda"}}}), "InvalidParameterCombination")

	if _, err := s.TerminateInstances(ctx, testScope, []string{id}); err != nil {
		t.Fatal(err)
	}
	left, err := s.Volumes(ctx, testScope, []string{root.ID})
	if err != nil || left[0].State() != "available" {
		t.Fatalf("root after terminate: %+v %v", left, err)
	}
	if v := DescribeInstance(s.View(ctx), mustInstance(t, s, id)); len(v.Volumes) != 0 {
		t.Errorf("terminated instance still maps %d volumes", len(v.Volumes))
	}
}

func mustInstance(t *testing.T, s *Service, id string) *model.Instance {
	t.Helper()
	inst, err := GetInstance(s.View(context.Background()), testScope, id)
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// TestRunInstancesFromUserSnapshots pins block device mappings that name a
// snapshot of the caller's [EC2 API EbsBlockDevice: "SnapshotId: The ID of
// the snapshot"; "You can specify a volume size that is equal to or larger
// than the snapshot size"; Encrypted: "In no case can you remove
// encryption from an encrypted volume"; CreateVolume: "Volumes created
// from encrypted snapshots are automatically encrypted"]: the volume takes
// the snapshot's size (or more) and its encryption and key; another
// account's snapshot is not found.
func TestRunInstancesFromUserSnapshots(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s)
	plain, _ := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(30)})
	enc, _ := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(12), Encrypted: boolP(true), KmsKeyID: "alias/mine"})
	plainSnap, err := s.CreateSnapshot(ctx, testScope, plain.ID, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	encSnap, err := s.CreateSnapshot(ctx, testScope, enc.ID, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	in := runIn(sn.ID, 1)
	in.BlockDeviceMappings = []BlockDeviceSpec{
		{DeviceName: "/dev/sdf", Ebs: &EbsSpec{SnapshotID: plainSnap.ID}},
		{DeviceName: "/dev/sdg", Ebs: &EbsSpec{SnapshotID: plainSnap.ID, VolumeSize: i32p(40), VolumeType: "gp3"}},
		{DeviceName: "/dev/sdh", Ebs: &EbsSpec{SnapshotID: encSnap.ID}},
	}
	insts, err := s.RunInstances(ctx, testScope, in)
	if err != nil {
		t.Fatalf("RunInstances: %v", err)
	}
	vols := InstanceVolumes(s.View(ctx), insts[0])
	if len(vols) != 4 {
		t.Fatalf("volumes %+v", vols)
	}
	sdf, sdg, sdh := vols[1], vols[2], vols[3]
	if sdf.SnapshotID != plainSnap.ID || sdf.Size != 30 || sdf.Encrypted || sdf.VolumeType != "gp2" {
		t.Errorf("sdf %+v", sdf)
	}
	if sdg.SnapshotID != plainSnap.ID || sdg.Size != 40 || sdg.VolumeType != "gp3" {
		t.Errorf("sdg %+v", sdg)
	}
	if sdh.SnapshotID != encSnap.ID || sdh.Size != 12 || !sdh.Encrypted || sdh.KmsKeyID != enc.KmsKeyID || sdh.KmsKeyID == "" {
		t.Errorf("sdh %+v (the snapshot's volume key %q)", sdh, enc.KmsKeyID)
	}
	other := testScope
	other.Account = "210987654321"
	for _, tc := range []struct {
		name  string
		scope model.Scope
		ebs   EbsSpec
		code  string
	}{
		{"smaller than the snapshot", testScope, EbsSpec{SnapshotID: plainSnap.ID, VolumeSize: i32p(20)}, "InvalidBlockDeviceMapping"},
		{"decrypting an encrypted snapshot", testScope, EbsSpec{SnapshotID: encSnap.ID, Encrypted: boolP(false)}, "InvalidParameterCombination"},
		{"another account's snapshot", other, EbsSpec{SnapshotID: plainSnap.ID}, "InvalidSnapshot.NotFound"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			net := sn.ID
			if tc.scope != testScope {
				v, err := s.CreateVpc(ctx, tc.scope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
				if err != nil {
					t.Fatal(err)
				}
				osn, err := s.CreateSubnet(ctx, tc.scope, CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.1.0/28", AvailabilityZone: "us-east-1a"})
				if err != nil {
					t.Fatal(err)
				}
				net = osn.ID
			}
			in := runIn(net, 1)
			e := tc.ebs
			in.BlockDeviceMappings = []BlockDeviceSpec{{DeviceName: "/dev/sdf", Ebs: &e}}
			_, err := s.RunInstances(ctx, tc.scope, in)
			wantCode(t, err, tc.code)
		})
	}
}
