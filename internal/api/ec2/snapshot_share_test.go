package ec2_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestSnapshotSharingWire shares a snapshot with another account through
// the SDK, with both forms of ModifySnapshotAttribute
// (CreateVolumePermission.Add, and OperationType with UserIds), reads the
// permissions back with DescribeSnapshotAttribute, and checks what the
// other account's DescribeSnapshots (RestorableByUserIds self) and
// CreateVolume see.
func TestSnapshotSharingWire(t *testing.T) {
	url, _ := startTestServer(t, 23)
	owner := newSDKClient(url, "us-east-1")
	const otherAccount = "210987654321"
	other := ec2.New(ec2.Options{Region: "us-east-1", BaseEndpoint: aws.String(url), RetryMaxAttempts: 3,
		Credentials: credentials.NewStaticCredentialsProvider(otherAccount, "secret", "")})
	ctx := context.Background()
	v, err := owner.CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: aws.String("us-east-1a"), Size: aws.Int32(9)})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := owner.CreateSnapshot(ctx, &ec2.CreateSnapshotInput{VolumeId: v.VolumeId})
	if err != nil {
		t.Fatal(err)
	}
	visible := func() int {
		t.Helper()
		ds, err := other.DescribeSnapshots(ctx, &ec2.DescribeSnapshotsInput{RestorableByUserIds: []string{"self"}})
		if err != nil {
			t.Fatal(err)
		}
		return len(ds.Snapshots)
	}
	if n := visible(); n != 0 {
		t.Fatalf("unshared snapshot visible: %d", n)
	}
	if _, err := owner.ModifySnapshotAttribute(ctx, &ec2.ModifySnapshotAttributeInput{SnapshotId: snap.SnapshotId,
		Attribute:              types.SnapshotAttributeNameCreateVolumePermission,
		CreateVolumePermission: &types.CreateVolumePermissionModifications{Add: []types.CreateVolumePermission{{UserId: aws.String(otherAccount)}}}}); err != nil {
		t.Fatal(err)
	}
	attr, err := owner.DescribeSnapshotAttribute(ctx, &ec2.DescribeSnapshotAttributeInput{SnapshotId: snap.SnapshotId,
		Attribute: types.SnapshotAttributeNameCreateVolumePermission})
	if err != nil || len(attr.CreateVolumePermissions) != 1 || aws.ToString(attr.CreateVolumePermissions[0].UserId) != otherAccount {
		t.Fatalf("DescribeSnapshotAttribute: %+v %v", attr, err)
	}
	if n := visible(); n != 1 {
		t.Fatalf("shared snapshot: %d visible", n)
	}
	restored, err := other.CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: aws.String("us-east-1a"), SnapshotId: snap.SnapshotId})
	if err != nil || aws.ToInt32(restored.Size) != 9 || aws.ToString(restored.SnapshotId) != *snap.SnapshotId {
		t.Fatalf("CreateVolume from the shared snapshot: %+v %v", restored, err)
	}
	_, err = other.DescribeSnapshotAttribute(ctx, &ec2.DescribeSnapshotAttributeInput{SnapshotId: snap.SnapshotId,
		Attribute: types.SnapshotAttributeNameCreateVolumePermission})
	instWantCode(t, err, "InvalidSnapshot.NotFound")
	if _, err := owner.ModifySnapshotAttribute(ctx, &ec2.ModifySnapshotAttributeInput{SnapshotId: snap.SnapshotId,
		Attribute: types.SnapshotAttributeNameCreateVolumePermission, OperationType: types.OperationTypeRemove, UserIds: []string{otherAccount}}); err != nil {
		t.Fatal(err)
	}
	if n := visible(); n != 0 {
		t.Fatalf("still visible after remove: %d", n)
	}
	_, err = owner.ModifySnapshotAttribute(ctx, &ec2.ModifySnapshotAttributeInput{SnapshotId: snap.SnapshotId,
		Attribute: types.SnapshotAttributeNameCreateVolumePermission, UserIds: []string{otherAccount}})
	instWantCode(t, err, "MissingParameter")
	_, err = owner.ModifySnapshotAttribute(ctx, &ec2.ModifySnapshotAttributeInput{SnapshotId: snap.SnapshotId,
		Attribute: types.SnapshotAttributeNameProductCodes, OperationType: types.OperationTypeAdd, UserIds: []string{otherAccount}})
	instWantCode(t, err, "InvalidParameterValue")
}
