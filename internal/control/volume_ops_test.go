package control

import (
	"context"
	"testing"
	"time"
)

// TestCreateVolumeRules pins CreateVolume's documented rules [EC2 API
// CreateVolume; EBS User Guide, "Amazon EBS volume types"]: a zone of the
// region, a size or a snapshot, each type's size/IOPS/throughput ranges,
// gp2 by default with its 3 IOPS/GiB baseline, gp3's 3,000 IOPS and
// 125 MiB/s defaults.
func TestCreateVolumeRules(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, err := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(50)})
	if err != nil || v.VolumeType != "gp2" || v.Iops != 150 || v.State() != "available" {
		t.Fatalf("default volume: %+v %v", v, err)
	}
	g, err := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "use1-az2", Size: p32(10), VolumeType: "gp3"})
	if err != nil || g.Iops != 3000 || g.Throughput != 125 || g.AvailabilityZone != "us-east-1b" {
		t.Fatalf("gp3 by zone id: %+v %v", g, err)
	}
	for i, tc := range []struct {
		in   CreateVolumeInput
		code string
	}{
		{CreateVolumeInput{AvailabilityZone: "us-west-2a", Size: p32(1)}, "InvalidParameterValue"},
		{CreateVolumeInput{AvailabilityZone: "us-east-1a"}, "MissingParameter"},
		{CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(10), VolumeType: "st1"}, "InvalidParameterValue"},                        // st1 >= 125 GiB
		{CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(2000), VolumeType: "standard"}, "InvalidParameterValue"},                 // <= 1024
		{CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(10), VolumeType: "io1"}, "InvalidParameterCombination"},                  // io1 needs IOPS
		{CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(10), VolumeType: "io1", Iops: p32(1000)}, "InvalidParameterValue"},       // 50/GiB
		{CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(10), Iops: p32(300)}, "InvalidParameterCombination"},                     // gp2: no IOPS
		{CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(10), Throughput: p32(200)}, "InvalidParameterCombination"},               // gp3 only
		{CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(10), VolumeType: "gp3", Throughput: p32(1000)}, "InvalidParameterValue"}, // 0.25 MiB/s per IOPS
		{CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(10), KmsKeyID: "alias/x"}, "InvalidParameterDependency"},
		{CreateVolumeInput{AvailabilityZone: "us-east-1a", SnapshotID: "snap-0123456789abcdef0"}, "InvalidSnapshot.NotFound"},
		{CreateVolumeInput{AvailabilityZone: "us-east-1a", SnapshotID: "snapshot"}, "InvalidSnapshotID.Malformed"},
		{CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(10), MultiAttachEnabled: true}, "InvalidParameterCombination"},
	} {
		if _, err := s.CreateVolume(ctx, testScope, tc.in); err == nil {
			t.Fatalf("case %d: no error", i)
		} else {
			wantCode(t, err, tc.code)
		}
	}
	// A snapshot fixes the minimum size and passes on its encryption.
	enc := true
	ev, err := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(20), Encrypted: &enc})
	if err != nil || ev.KmsKeyID != DefaultEBSKeyARN(testScope) {
		t.Fatalf("encrypted: %+v %v", ev, err)
	}
	snap, err := s.CreateSnapshot(ctx, testScope, ev.ID, "backup", nil)
	if err != nil || !snap.Encrypted || snap.VolumeSize != 20 {
		t.Fatalf("snapshot: %+v %v", snap, err)
	}
	fromSnap, err := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1c", SnapshotID: snap.ID})
	if err != nil || fromSnap.Size != 20 || !fromSnap.Encrypted || fromSnap.SnapshotID != snap.ID {
		t.Fatalf("from snapshot: %+v %v", fromSnap, err)
	}
	_, err = s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1c", SnapshotID: snap.ID, Size: p32(10)})
	wantCode(t, err, "InvalidBlockDeviceMapping")
}

// TestAttachDetachDeleteVolume pins the attachment rules [EC2 API
// AttachVolume, DetachVolume, DeleteVolume]: same zone as the instance
// (InvalidVolume.ZoneMismatch), one attachment (VolumeInUse), a free valid
// device name, detach only what is attached (IncorrectState,
// InvalidAttachment.NotFound), delete only available volumes (VolumeInUse),
// and attached-after-launch volumes survive termination.
func TestAttachDetachDeleteVolume(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s)
	insts, err := s.RunInstances(ctx, testScope, runIn(sn.ID, 1))
	if err != nil {
		t.Fatal(err)
	}
	inst := insts[0]
	v, _ := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(8)})
	other, _ := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1b", Size: p32(8)})
	_, err = s.AttachVolume(ctx, testScope, other.ID, inst.ID, "/dev/sdf")
	wantCode(t, err, "InvalidVolume.ZoneMismatch")
	_, err = s.AttachVolume(ctx, testScope, v.ID, inst.ID, "/dev/bogus")
	wantCode(t, err, "InvalidParameterValue")
	_, err = s.AttachVolume(ctx, testScope, v.ID, inst.ID, InstanceImage(inst).RootDeviceName)
	wantCode(t, err, "InvalidParameterValue")
	_, err = s.DetachVolume(ctx, testScope, DetachVolumeInput{VolumeID: v.ID})
	wantCode(t, err, "IncorrectState")
	if _, err := s.AttachVolume(ctx, testScope, v.ID, inst.ID, "/dev/sdf"); err != nil {
		t.Fatal(err)
	}
	_, err = s.AttachVolume(ctx, testScope, v.ID, inst.ID, "/dev/sdg")
	wantCode(t, err, "VolumeInUse")
	wantCode(t, s.DeleteVolume(ctx, testScope, v.ID), "VolumeInUse")
	_, err = s.DetachVolume(ctx, testScope, DetachVolumeInput{VolumeID: v.ID, Device: "/dev/sdg"})
	wantCode(t, err, "InvalidAttachment.NotFound")
	// The root volume of a running instance stays attached.
	root := InstanceVolumes(s.View(ctx), inst)[0]
	_, err = s.DetachVolume(ctx, testScope, DetachVolumeInput{VolumeID: root.ID})
	wantCode(t, err, "OperationNotPermitted")
	if _, err := s.TerminateInstances(ctx, testScope, []string{inst.ID}); err != nil {
		t.Fatal(err)
	}
	vols, _ := s.Volumes(ctx, testScope, []string{v.ID})
	if vols[0].Attachment != nil {
		t.Fatalf("attached-after-launch volume not detached at termination: %+v", vols[0])
	}
	if err := s.DeleteVolume(ctx, testScope, v.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Volumes(ctx, testScope, []string{v.ID})
	wantCode(t, err, "InvalidVolume.NotFound")
}

// TestModifyVolume pins Elastic Volumes' rules [EBS User Guide, "Modify a
// volume using Amazon EBS Elastic Volumes"; EC2 API ModifyVolume]: sizes
// only grow, the target is checked as a new volume, unchanged gp3 IOPS
// carry over, one modification per 6 hours.
func TestModifyVolume(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, _ := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(100), VolumeType: "gp3", Iops: p32(4000)})
	_, err := s.ModifyVolume(ctx, testScope, ModifyVolumeInput{VolumeID: v.ID, Size: p32(50)})
	wantCode(t, err, "InvalidParameterValue")
	_, err = s.ModifyVolume(ctx, testScope, ModifyVolumeInput{VolumeID: v.ID})
	wantCode(t, err, "MissingParameter")
	m, err := s.ModifyVolume(ctx, testScope, ModifyVolumeInput{VolumeID: v.ID, Size: p32(200)})
	if err != nil || m.TargetSize != 200 || m.TargetIops != 4000 || m.OriginalSize != 100 || m.State != "completed" {
		t.Fatalf("modify: %+v %v", m, err)
	}
	_, err = s.ModifyVolume(ctx, testScope, ModifyVolumeInput{VolumeID: v.ID, Size: p32(300)})
	wantCode(t, err, "VolumeModificationRateExceeded")
	mods, err := s.VolumeModifications(ctx, testScope, nil)
	if err != nil || len(mods) != 1 {
		t.Fatalf("modifications: %v %v", mods, err)
	}
	if VolumeModificationInterval != 6*time.Hour {
		t.Fatal("interval")
	}
}

// TestSnapshotLifecycle pins CreateSnapshot/CopySnapshot/DeleteSnapshot:
// a copy records its source and reports vol-ffffffff [EC2 API
// CopySnapshot], DescribeSnapshots lists only the caller's own.
func TestSnapshotLifecycle(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, _ := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(8)})
	sn, err := s.CreateSnapshot(ctx, testScope, v.ID, "", nil)
	if err != nil || sn.State != "completed" {
		t.Fatalf("create: %+v %v", sn, err)
	}
	west := testScope
	west.Region = "us-west-2"
	cp, err := s.CopySnapshot(ctx, west, CopySnapshotInput{SourceRegion: "us-east-1", SourceSnapshotID: sn.ID})
	if err != nil || cp.VolumeID != "vol-ffffffff" || cp.SourceSnapshotID != sn.ID || cp.Region != "us-west-2" {
		t.Fatalf("copy: %+v %v", cp, err)
	}
	_, err = s.CopySnapshot(ctx, west, CopySnapshotInput{SourceRegion: "us-east-1", SourceSnapshotID: "snap-0123456789abcdef0"})
	wantCode(t, err, "InvalidSnapshot.NotFound")
	if got, _ := s.Snapshots(ctx, testScope, nil, []string{"amazon"}); len(got) != 0 {
		t.Fatalf("owner amazon: %v", got)
	}
	if got, _ := s.Snapshots(ctx, testScope, nil, []string{"self"}); len(got) != 1 {
		t.Fatalf("owner self: %v", got)
	}
	if err := s.DeleteSnapshot(ctx, testScope, sn.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteSnapshot(ctx, testScope, sn.ID), "InvalidSnapshot.NotFound")
}
