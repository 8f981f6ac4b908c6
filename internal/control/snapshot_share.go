package control

import (
	"context"
	"slices"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Sharing snapshots [EC2 API ModifySnapshotAttribute, DescribeSnapshotAttribute,
// DescribeSnapshots; EBS User Guide, "Share an Amazon EBS snapshot"]. A
// snapshot's create volume permissions name accounts (explicit) or the
// group "all" (public); its owner has implicit permission. The accounts
// that have permission see the snapshot in DescribeSnapshots and can
// create volumes from it in its region.

// PublicGroup is the only create volume permission group: every account.
const PublicGroup = "all"

// maxSnapshotPermissionChanges is ModifySnapshotAttribute's limit: "You
// can make up to 500 modifications to a snapshot in a single operation."
const maxSnapshotPermissionChanges = 500

// VolumePermission is one create volume permission: an account id or the
// group "all".
type VolumePermission struct {
	UserID string
	Group  string
}

func (p VolumePermission) key() string {
	if p.Group != "" {
		return p.Group
	}
	return p.UserID
}

// snapshotVisible reports whether scope's account may see and restore sn:
// it owns it, or sn is in scope's region and shared with the account or
// with everyone.
func snapshotVisible(sn *model.Snapshot, scope model.Scope) bool {
	if sn.Region != scope.Region {
		return false
	}
	return sn.Account == scope.Account || slices.Contains(sn.CreateVolumePermissions, scope.Account) ||
		slices.Contains(sn.CreateVolumePermissions, PublicGroup)
}

// ModifySnapshotPermissions adds (or removes) create volume permissions of
// a snapshot of scope's account. EC2's rules: add or remove, not both in
// one request; at most 500 changes; the group can only be "all"; an
// encrypted snapshot cannot be made public, and one encrypted with the
// account's default key cannot be shared at all ("Encrypted snapshots ...
// cannot be made public. Snapshots encrypted with your default KMS key
// cannot be shared with other accounts"). Removing a permission the
// snapshot does not have is not an error.
func (s *Service) ModifySnapshotPermissions(ctx context.Context, scope model.Scope, id string, add, remove []VolumePermission) error {
	if len(add) > 0 && len(remove) > 0 {
		return awserr.InvalidParameterCombination("You may add or remove create volume permissions, but not both in a single request.")
	}
	changes := append(slices.Clone(add), remove...)
	if len(changes) == 0 {
		return awserr.MissingParameter("The request must contain the parameter createVolumePermission, userId or userGroup")
	}
	if len(changes) > maxSnapshotPermissionChanges {
		return awserr.InvalidParameterValue("You can make up to %d modifications to a snapshot in a single operation, not %d.", maxSnapshotPermissionChanges, len(changes))
	}
	for _, p := range changes {
		switch {
		case p.Group != "" && p.UserID != "":
			return awserr.InvalidParameterCombination("A create volume permission names a user id or a group, not both.")
		case p.Group != "" && p.Group != PublicGroup:
			return awserr.InvalidParameterValue("Value (%s) for parameter group is invalid. Valid values: all", p.Group)
		case p.Group == "" && !validAccountID(p.UserID):
			return awserr.New("InvalidUserID.Malformed", "Invalid user id: \"%s\"", p.UserID)
		}
	}
	return s.update(ctx, func(tx *store.Tx) error {
		t := store.SnapshotKind.In(tx.World)
		sn, err := find(kindSnapshot, t, scope, id)
		if err != nil {
			return err
		}
		perms := slices.Clone(sn.CreateVolumePermissions)
		for _, p := range add {
			if sn.Encrypted && p.Group == PublicGroup {
				return awserr.New("InvalidParameter", "Encrypted snapshots cannot be made public: %s", sn.ID)
			}
			if sn.Encrypted && sn.KmsKeyID == DefaultEBSKeyARN(scope) && p.UserID != scope.Account {
				return awserr.New("InvalidParameter", "Snapshots encrypted with your default KMS key cannot be shared with other accounts: %s", sn.ID)
			}
			if p.UserID == scope.Account || slices.Contains(perms, p.key()) {
				continue
			}
			perms = append(perms, p.key())
		}
		for _, p := range remove {
			perms = slices.DeleteFunc(perms, func(k string) bool { return k == p.key() })
		}
		slices.Sort(perms)
		if len(perms) == 0 {
			perms = nil
		}
		c := model.Clone(sn)
		c.CreateVolumePermissions = perms
		t.Put(c)
		return nil
	})
}

// SnapshotPermissions returns the create volume permissions of a snapshot
// of scope's account (DescribeSnapshotAttribute createVolumePermission):
// only its owner may read them.
func (s *Service) SnapshotPermissions(ctx context.Context, scope model.Scope, id string) ([]VolumePermission, error) {
	sn, err := find(kindSnapshot, store.SnapshotKind.In(s.View(ctx)), scope, id)
	if err != nil {
		return nil, err
	}
	var out []VolumePermission
	for _, k := range sn.CreateVolumePermissions {
		if k == PublicGroup {
			out = append(out, VolumePermission{Group: k})
		} else {
			out = append(out, VolumePermission{UserID: k})
		}
	}
	return out, nil
}
