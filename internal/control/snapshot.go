package control

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// EBS snapshots [EC2 API CreateSnapshot, DescribeSnapshots, DeleteSnapshot,
// CopySnapshot; EBS User Guide, "Amazon EBS snapshots"]. vpcsim keeps no
// data: a snapshot records its volume's size and encryption and is
// completed when created. Snapshots of encrypted volumes are encrypted
// with the volume's key.

var kindSnapshot = idKindOf(store.SnapshotKind)

// maxSnapshotDescription is EC2's description limit (255 characters).
const maxSnapshotDescription = 255

// CreateSnapshot snapshots a volume of scope.
func (s *Service) CreateSnapshot(ctx context.Context, scope model.Scope, volumeID, description string, tags map[string]string) (*model.Snapshot, error) {
	if len(description) > maxSnapshotDescription {
		return nil, awserr.InvalidParameterValue("Value for parameter description is invalid. It must be at most %d characters long.", maxSnapshotDescription)
	}
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	var out *model.Snapshot
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := find(kindVolume, VolumeKind.In(tx.World), scope, volumeID)
		if err != nil {
			return err
		}
		now := tx.Now()
		out = &model.Snapshot{Meta: newMeta(tx, scope, tx.NewID("snap"), tags), VolumeID: v.ID, VolumeSize: v.Size,
			Description: description, Encrypted: v.Encrypted, KmsKeyID: v.KmsKeyID, State: "completed", StartTime: now, CompleteTime: now}
		store.SnapshotKind.In(tx.World).Put(out)
		return nil
	})
	return out, err
}

// copySnapshotVolumeID is the volume id EC2 reports for a copied snapshot
// ("Snapshots created by the CopySnapshot action have an arbitrary volume
// ID that should not be used for any purpose").
const copySnapshotVolumeID = "vol-ffffffff"

// CopySnapshotInput is CopySnapshot's request; the copy is created in the
// caller's region from a snapshot of the same account in SourceRegion.
type CopySnapshotInput struct {
	SourceRegion, SourceSnapshotID string
	Description                    string
	Encrypted                      *bool
	KmsKeyID                       string
	Tags                           map[string]string
}

// CopySnapshot copies a completed snapshot. A copy of an encrypted
// snapshot is encrypted; an unencrypted one may be encrypted by the copy.
func (s *Service) CopySnapshot(ctx context.Context, scope model.Scope, in CopySnapshotInput) (*model.Snapshot, error) {
	if _, err := RegionByName(in.SourceRegion); err != nil {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter sourceRegion is invalid.", in.SourceRegion)
	}
	if len(in.Description) > maxSnapshotDescription {
		return nil, awserr.InvalidParameterValue("Value for parameter description is invalid. It must be at most %d characters long.", maxSnapshotDescription)
	}
	if in.KmsKeyID != "" && (in.Encrypted == nil || !*in.Encrypted) {
		return nil, awserr.New("InvalidParameterDependency", "The parameter KmsKeyId requires the parameter Encrypted to be set.")
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.Snapshot
	err := s.update(ctx, func(tx *store.Tx) error {
		// The source is the caller's own snapshot or one shared with it
		// (EBS User Guide, "Copy an Amazon EBS snapshot").
		if !strings.HasPrefix(in.SourceSnapshotID, "snap-") {
			return kindSnapshot.Malformed(in.SourceSnapshotID)
		}
		src, ok := store.SnapshotKind.In(tx.World).Get(in.SourceSnapshotID)
		if !ok || !snapshotVisible(src, model.Scope{Account: scope.Account, Region: in.SourceRegion}) {
			return awserr.New("InvalidSnapshot.NotFound", "The snapshot '%s' does not exist.", in.SourceSnapshotID)
		}
		if src.State != "completed" {
			return awserr.New("IncorrectState", "Snapshot '%s' is not in the 'completed' state.", src.ID)
		}
		now := tx.Now()
		out = &model.Snapshot{Meta: newMeta(tx, scope, tx.NewID("snap"), in.Tags), VolumeID: copySnapshotVolumeID, VolumeSize: src.VolumeSize,
			Description: in.Description, Encrypted: src.Encrypted, KmsKeyID: src.KmsKeyID, State: "completed", StartTime: now, CompleteTime: now,
			SourceSnapshotID: src.ID, SourceRegion: src.Region}
		switch {
		case in.Encrypted != nil && *in.Encrypted:
			out.Encrypted, out.KmsKeyID = true, kmsKeyARN(scope, in.KmsKeyID)
		case src.Encrypted && src.Region != scope.Region:
			// A key is regional: the copy uses the destination's EBS key.
			out.KmsKeyID = DefaultEBSKeyARN(scope)
		}
		store.SnapshotKind.In(tx.World).Put(out)
		return nil
	})
	return out, err
}

// DeleteSnapshot deletes a snapshot of scope.
func (s *Service) DeleteSnapshot(ctx context.Context, scope model.Scope, id string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		t := store.SnapshotKind.In(tx.World)
		sn, err := find(kindSnapshot, t, scope, id)
		if err != nil {
			return err
		}
		t.Delete(sn.ID)
		return nil
	})
}

// Snapshots returns the snapshots available to scope's account in its
// region, in id order [EC2 API DescribeSnapshots]: its own, and other
// accounts' it has explicit or public create volume permission for. ids
// restricts the answer to those snapshots (an id that names no snapshot is
// InvalidSnapshot.NotFound; "If you specify a snapshot ID for which you do
// not have access, it is not included in the returned results"). owners
// keeps the snapshots of those owners ("self", account ids; "amazon" owns
// none in vpcsim). restorableBy keeps the snapshots those accounts may
// restore: "self" (owned or explicitly shared with the caller), "all"
// (public), or an account id (the caller's own snapshots shared with it).
func (s *Service) Snapshots(ctx context.Context, scope model.Scope, ids, owners, restorableBy []string) ([]*model.Snapshot, error) {
	t := store.SnapshotKind.In(s.View(ctx))
	keep := func(v *model.Snapshot) bool {
		if !snapshotVisible(v, scope) {
			return false
		}
		if len(owners) > 0 && !slices.ContainsFunc(owners, func(o string) bool {
			return (o == "self" && v.Account == scope.Account) || o == v.Account
		}) {
			return false
		}
		if len(restorableBy) > 0 && !slices.ContainsFunc(restorableBy, func(r string) bool {
			switch r {
			case "self", scope.Account:
				return v.Account == scope.Account || slices.Contains(v.CreateVolumePermissions, scope.Account)
			case PublicGroup:
				return slices.Contains(v.CreateVolumePermissions, PublicGroup)
			}
			return v.Account == scope.Account && slices.Contains(v.CreateVolumePermissions, r)
		}) {
			return false
		}
		return true
	}
	var out []*model.Snapshot
	if len(ids) == 0 {
		t.All(func(v *model.Snapshot) bool {
			if keep(v) {
				out = append(out, v)
			}
			return true
		})
	} else {
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			if !strings.HasPrefix(id, "snap-") {
				return nil, kindSnapshot.Malformed(id)
			}
			v, ok := t.Get(id)
			if !ok || v.Region != scope.Region {
				return nil, awserr.New("InvalidSnapshot.NotFound", "The snapshot '%s' does not exist.", id)
			}
			if keep(v) {
				out = append(out, v)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
