package control

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
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
	if got, _ := s.Snapshots(ctx, testScope, nil, []string{"amazon"}, nil); len(got) != 0 {
		t.Fatalf("owner amazon: %v", got)
	}
	if got, _ := s.Snapshots(ctx, testScope, nil, []string{"self"}, nil); len(got) != 1 {
		t.Fatalf("owner self: %v", got)
	}
	if err := s.DeleteSnapshot(ctx, testScope, sn.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteSnapshot(ctx, testScope, sn.ID), "InvalidSnapshot.NotFound")
}

// TestSnapshotSharing pins create volume permissions [EC2 API
// ModifySnapshotAttribute: add or remove, not both; "Encrypted snapshots
// ... cannot be made public. Snapshots encrypted with your default KMS key
// cannot be shared with other accounts"; DescribeSnapshots: the snapshots
// available to you include public snapshots and private snapshots owned
// by other accounts for which you have explicit create volume
// permissions; RestorableBy self/all/account]: a shared snapshot is
// described and restorable in the other account, in its region only, and
// not after the permission is removed.
func TestSnapshotSharing(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	other := testScope
	other.Account = "210987654321"
	third := testScope
	third.Account = "333333333333"
	v, _ := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(8)})
	sn, _ := s.CreateSnapshot(ctx, testScope, v.ID, "", nil)
	ids := func(scope model.Scope, owners, restorable []string) []string {
		t.Helper()
		got, err := s.Snapshots(ctx, scope, nil, owners, restorable)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range got {
			out = append(out, x.ID)
		}
		return out
	}
	if got := ids(other, nil, nil); len(got) != 0 {
		t.Fatalf("unshared snapshot visible to another account: %v", got)
	}
	_, err := s.CreateVolume(ctx, other, CreateVolumeInput{AvailabilityZone: "us-east-1a", SnapshotID: sn.ID})
	wantCode(t, err, "InvalidSnapshot.NotFound")

	if err := s.ModifySnapshotPermissions(ctx, testScope, sn.ID, []VolumePermission{{UserID: other.Account}}, nil); err != nil {
		t.Fatal(err)
	}
	if got := ids(other, nil, nil); len(got) != 1 || got[0] != sn.ID {
		t.Fatalf("shared snapshot not described: %v", got)
	}
	if got := ids(other, []string{"self"}, nil); len(got) != 0 {
		t.Fatalf("owner self lists another's snapshot: %v", got)
	}
	if got := ids(other, []string{testScope.Account}, []string{"self"}); len(got) != 1 {
		t.Fatalf("owner + restorable-by self: %v", got)
	}
	if got := ids(other, nil, []string{"all"}); len(got) != 0 {
		t.Fatalf("restorable-by all lists a private snapshot: %v", got)
	}
	if got := ids(testScope, nil, []string{other.Account}); len(got) != 1 {
		t.Fatalf("owner's restorable-by %s: %v", other.Account, got)
	}
	if got := ids(third, nil, nil); len(got) != 0 {
		t.Fatalf("third account sees it: %v", got)
	}
	west := other
	west.Region = "us-west-2"
	if got := ids(west, nil, nil); len(got) != 0 {
		t.Fatalf("visible in another region: %v", got)
	}
	vol, err := s.CreateVolume(ctx, other, CreateVolumeInput{AvailabilityZone: "us-east-1a", SnapshotID: sn.ID})
	if err != nil || vol.SnapshotID != sn.ID || vol.Size != 8 || vol.Account != other.Account {
		t.Fatalf("restore in the other account: %+v %v", vol, err)
	}
	// Only the owner reads or changes the permissions, or deletes.
	_, err = s.SnapshotPermissions(ctx, other, sn.ID)
	wantCode(t, err, "InvalidSnapshot.NotFound")
	wantCode(t, s.ModifySnapshotPermissions(ctx, other, sn.ID, []VolumePermission{{Group: PublicGroup}}, nil), "InvalidSnapshot.NotFound")
	wantCode(t, s.DeleteSnapshot(ctx, other, sn.ID), "InvalidSnapshot.NotFound")

	if err := s.ModifySnapshotPermissions(ctx, testScope, sn.ID, []VolumePermission{{Group: PublicGroup}}, nil); err != nil {
		t.Fatal(err)
	}
	if got := ids(third, nil, []string{"all"}); len(got) != 1 {
		t.Fatalf("public snapshot: %v", got)
	}
	perms, _ := s.SnapshotPermissions(ctx, testScope, sn.ID)
	if len(perms) != 2 || perms[0].UserID != other.Account || perms[1].Group != PublicGroup {
		t.Fatalf("permissions %+v", perms)
	}
	if err := s.ModifySnapshotPermissions(ctx, testScope, sn.ID, nil, []VolumePermission{{UserID: other.Account}, {Group: PublicGroup}}); err != nil {
		t.Fatal(err)
	}
	if got := ids(other, nil, nil); len(got) != 0 {
		t.Fatalf("visible after the permission was removed: %v", got)
	}

	enc, _ := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(8), Encrypted: boolP(true)})
	encSnap, _ := s.CreateSnapshot(ctx, testScope, enc.ID, "", nil)
	cmk, _ := s.CreateVolume(ctx, testScope, CreateVolumeInput{AvailabilityZone: "us-east-1a", Size: p32(8), Encrypted: boolP(true), KmsKeyID: "alias/mine"})
	cmkSnap, _ := s.CreateSnapshot(ctx, testScope, cmk.ID, "", nil)
	for _, tc := range []struct {
		name        string
		id          string
		add, remove []VolumePermission
		code        string
	}{
		{"add and remove", sn.ID, []VolumePermission{{UserID: other.Account}}, []VolumePermission{{UserID: third.Account}}, "InvalidParameterCombination"},
		{"nothing", sn.ID, nil, nil, "MissingParameter"},
		{"bad group", sn.ID, []VolumePermission{{Group: "everyone"}}, nil, "InvalidParameterValue"},
		{"bad account", sn.ID, []VolumePermission{{UserID: "12345"}}, nil, "InvalidUserID.Malformed"},
		{"encrypted made public", cmkSnap.ID, []VolumePermission{{Group: PublicGroup}}, nil, "InvalidParameter"},
		{"default key shared", encSnap.ID, []VolumePermission{{UserID: other.Account}}, nil, "InvalidParameter"},
		{"unknown snapshot", "snap-0123456789abcdef0", []VolumePermission{{UserID: other.Account}}, nil, "InvalidSnapshot.NotFound"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, s.ModifySnapshotPermissions(ctx, testScope, tc.id, tc.add, tc.remove), tc.code)
		})
	}
	// A snapshot encrypted with a customer managed key can be shared.
	if err := s.ModifySnapshotPermissions(ctx, testScope, cmkSnap.ID, []VolumePermission{{UserID: other.Account}}, nil); err != nil {
		t.Fatal(err)
	}
	many := make([]VolumePermission, 501)
	for i := range many {
		many[i] = VolumePermission{UserID: fmt.Sprintf("%012d", i+1)}
	}
	wantCode(t, s.ModifySnapshotPermissions(ctx, testScope, sn.ID, many, nil), "InvalidParameterValue")
}
