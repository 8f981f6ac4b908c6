package control

import (
	"context"
	"regexp"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// EBS volume operations [EC2 API CreateVolume, AttachVolume, DetachVolume,
// DeleteVolume, ModifyVolume; EBS User Guide, "Amazon EBS volume types",
// "Attach an Amazon EBS volume to an instance", "Modify a volume using
// Amazon EBS Elastic Volumes"]. vpcsim completes every state change at
// once: a created volume is available, an attachment attached, a
// detachment detached, a modification completed.

var kindVolume = idKindOf(VolumeKind)

// VolumeModificationInterval is the time EBS requires between two
// modifications of a volume ("you must wait at least six hours").
const VolumeModificationInterval = 6 * time.Hour

// CreateVolumeInput is CreateVolume's request (nil/empty: not given).
type CreateVolumeInput struct {
	AvailabilityZone   string // name or, from AvailabilityZoneId, a zone id
	Size               *int32
	SnapshotID         string
	VolumeType         string
	Iops               *int32
	Throughput         *int32
	Encrypted          *bool
	KmsKeyID           string
	MultiAttachEnabled bool
	Tags               map[string]string
}

// snapshotSource is what a new volume takes from its snapshot.
type snapshotSource struct {
	id        string
	size      int32
	encrypted bool
	kmsKeyID  string
}

// lookupSnapshot resolves a snapshot the caller may create volumes from:
// its own snapshots, snapshots shared with its account or public
// (snapshot_share.go), and the root snapshots of the region's public
// images.
func lookupSnapshot(w *store.World, scope model.Scope, id string) (snapshotSource, error) {
	if !validID(id, "snap") {
		return snapshotSource{}, awserr.New("InvalidSnapshotID.Malformed", "Invalid id: \"%s\" (expecting \"snap-...\")", id)
	}
	if sn, ok := store.SnapshotKind.In(w).Get(id); ok && snapshotVisible(sn, scope) {
		return snapshotSource{id: sn.ID, size: sn.VolumeSize, encrypted: sn.Encrypted, kmsKeyID: sn.KmsKeyID}, nil
	}
	for _, im := range CatalogImages(scope.Region) {
		if im.SnapshotID == id {
			return snapshotSource{id: id, size: im.VolumeSize}, nil
		}
	}
	return snapshotSource{}, awserr.New("InvalidSnapshot.NotFound", "The snapshot '%s' does not exist.", id)
}

// CreateVolume creates an available volume in a zone of the region.
func (s *Service) CreateVolume(ctx context.Context, scope model.Scope, in CreateVolumeInput) (*model.Volume, error) {
	r, err := RegionByName(scope.Region)
	if err != nil {
		return nil, err
	}
	z, ok := r.zone(in.AvailabilityZone)
	if !ok {
		return nil, awserr.InvalidParameterValue("Invalid availability zone: [%s]", in.AvailabilityZone)
	}
	if in.Size == nil && in.SnapshotID == "" {
		return nil, awserr.MissingParameter("size or snapshotId")
	}
	if in.MultiAttachEnabled {
		if in.VolumeType != "io1" && in.VolumeType != "io2" {
			return nil, awserr.InvalidParameterCombination("Multi-Attach is supported only for io1 and io2 volumes.")
		}
		return nil, awserr.New("UnsupportedOperation", "Multi-Attach volumes are not supported by vpcsim.")
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.Volume
	err = s.update(ctx, func(tx *store.Tx) error {
		p := plannedVolume{volumeType: "gp2"}
		encrypted := in.Encrypted
		kms := in.KmsKeyID
		if in.SnapshotID != "" {
			src, err := lookupSnapshot(tx.World, scope, in.SnapshotID)
			if err != nil {
				return err
			}
			p.snapshot, p.size = src.id, src.size
			// "Volumes created from encrypted snapshots are automatically
			// encrypted" [EC2 API CreateVolume, Encrypted].
			if src.encrypted {
				if encrypted != nil && !*encrypted {
					return awserr.InvalidParameterCombination("Volumes created from encrypted snapshots are always encrypted; Encrypted=false is invalid.")
				}
				t := true
				encrypted = &t
				if kms == "" {
					kms = src.kmsKeyID
				}
			}
		}
		if err := applyEbs(scope, &p, &EbsSpec{VolumeSize: in.Size, VolumeType: in.VolumeType, Iops: in.Iops, Throughput: in.Throughput,
			Encrypted: encrypted, KmsKeyID: kms}); err != nil {
			return err
		}
		out = &model.Volume{
			Meta:             newMeta(tx, scope, tx.NewID("vol"), in.Tags),
			AvailabilityZone: z.Name,
			Size:             p.size, SnapshotID: p.snapshot, VolumeType: p.volumeType,
			Iops: p.iops, Throughput: p.throughput, Encrypted: p.encrypted, KmsKeyID: p.kmsKeyID,
		}
		VolumeKind.In(tx.World).Put(out)
		return nil
	})
	return out, err
}

// ebsDeviceName matches the device names EC2 accepts for EBS volumes on
// Linux instances: /dev/sd[a-z], /dev/sd[b-z][1-15], /dev/xvd[a-z]... and
// on Windows xvd[a-z] [EC2 User Guide, "Device names for volumes on Amazon
// EC2 instances"].
var ebsDeviceName = regexp.MustCompile(`^(/dev/(sd[a-z]([1-9]|1[0-5])?|xvd[a-z]{1,2}|xvd[b-z][1-9]?)|xvd[a-z]{1,2})$`)

// AttachVolume attaches an available volume to a running or stopped
// instance in the same Availability Zone as a device; it returns the
// attachment (attaching on the wire, attached once described).
func (s *Service) AttachVolume(ctx context.Context, scope model.Scope, volumeID, instanceID, device string) (*model.Volume, error) {
	var out *model.Volume
	err := s.update(ctx, func(tx *store.Tx) error {
		t := VolumeKind.In(tx.World)
		v, err := find(kindVolume, t, scope, volumeID)
		if err != nil {
			return err
		}
		inst, err := find(kindInstance, tx.Instances, scope, instanceID)
		if err != nil {
			return err
		}
		if inst.State == "terminated" || inst.State == "shutting-down" {
			return awserr.New("IncorrectState", "Instance '%s' is not 'running'.", inst.ID)
		}
		if !ebsDeviceName.MatchString(device) {
			return awserr.InvalidParameterValue("Value (%s) for parameter device is invalid. %s is not a valid EBS device name.", device, device)
		}
		if v.Attachment != nil {
			return awserr.New("VolumeInUse", "%s is already attached to an instance", v.ID)
		}
		if v.AvailabilityZone != inst.AvailabilityZone {
			return awserr.New("InvalidVolume.ZoneMismatch", "The volume '%s' is not in the same availability zone as instance '%s'", v.ID, inst.ID)
		}
		for _, other := range t.Children(inst.ID) {
			if devKey(other.Attachment.Device) == devKey(device) {
				return awserr.InvalidParameterValue("Invalid value '%s' for unixDevice. Attachment point %s is already in use", device, device)
			}
		}
		if root := InstanceImage(inst).RootDeviceName; devKey(root) == devKey(device) {
			return awserr.InvalidParameterValue("Invalid value '%s' for unixDevice. Attachment point %s is already in use", device, device)
		}
		c := model.Clone(v)
		// Volumes attached after launch are kept at termination unless
		// changed ("By default, the DeleteOnTermination attribute is set to
		// False for volumes that are attached after launch").
		c.Attachment = &model.VolumeAttachment{InstanceID: inst.ID, Device: device, AttachTime: tx.Now()}
		t.Put(c)
		out = c
		return nil
	})
	return out, err
}

// DetachVolumeInput is DetachVolume's request.
type DetachVolumeInput struct {
	VolumeID, InstanceID, Device string
	Force                        bool
}

// DetachVolume detaches a volume. It returns the volume as it was attached
// (the answer's attachment, detaching on the wire); the stored volume is
// available at once.
func (s *Service) DetachVolume(ctx context.Context, scope model.Scope, in DetachVolumeInput) (*model.Volume, error) {
	var out *model.Volume
	err := s.update(ctx, func(tx *store.Tx) error {
		t := VolumeKind.In(tx.World)
		v, err := find(kindVolume, t, scope, in.VolumeID)
		if err != nil {
			return err
		}
		if in.InstanceID != "" {
			if _, err := find(kindInstance, tx.Instances, scope, in.InstanceID); err != nil {
				return err
			}
		}
		at := v.Attachment
		if at == nil {
			return awserr.New("IncorrectState", "Volume '%s' is in the 'available' state.", v.ID)
		}
		if (in.InstanceID != "" && in.InstanceID != at.InstanceID) || (in.Device != "" && devKey(in.Device) != devKey(at.Device)) {
			return awserr.New("InvalidAttachment.NotFound", "The volume '%s' is not attached to instance '%s' as device '%s'", v.ID, in.InstanceID, in.Device)
		}
		if inst, ok := tx.Instances.Get(at.InstanceID); ok && inst.State != "stopped" && devKey(InstanceImage(inst).RootDeviceName) == devKey(at.Device) {
			return awserr.New("OperationNotPermitted", "Unable to detach root volume '%s' from instance '%s'", v.ID, inst.ID)
		}
		out = v
		c := model.Clone(v)
		c.Attachment = nil
		t.Put(c)
		return nil
	})
	return out, err
}

// DeleteVolume deletes an available volume.
func (s *Service) DeleteVolume(ctx context.Context, scope model.Scope, id string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		t := VolumeKind.In(tx.World)
		v, err := find(kindVolume, t, scope, id)
		if err != nil {
			return err
		}
		if v.Attachment != nil {
			return awserr.New("VolumeInUse", "Volume %s is currently attached to %s", v.ID, v.Attachment.InstanceID)
		}
		t.Delete(v.ID)
		store.VolumeModificationKind.In(tx.World).Delete(v.ID)
		return nil
	})
}

// ModifyVolumeInput is ModifyVolume's request (nil/empty: unchanged).
type ModifyVolumeInput struct {
	VolumeID           string
	Size               *int32
	VolumeType         string
	Iops               *int32
	Throughput         *int32
	MultiAttachEnabled *bool
}

// ModifyVolume changes a volume's size, type, IOPS or throughput: sizes
// only grow, the target is checked as a new volume of that type would be,
// and a volume is modified at most once per VolumeModificationInterval.
func (s *Service) ModifyVolume(ctx context.Context, scope model.Scope, in ModifyVolumeInput) (*model.VolumeModification, error) {
	if in.MultiAttachEnabled != nil && *in.MultiAttachEnabled {
		return nil, awserr.New("UnsupportedOperation", "Multi-Attach volumes are not supported by vpcsim.")
	}
	var out *model.VolumeModification
	err := s.update(ctx, func(tx *store.Tx) error {
		t := VolumeKind.In(tx.World)
		v, err := find(kindVolume, t, scope, in.VolumeID)
		if err != nil {
			return err
		}
		if in.Size == nil && in.VolumeType == "" && in.Iops == nil && in.Throughput == nil {
			return awserr.MissingParameter("size, volumeType, iops or throughput")
		}
		mods := store.VolumeModificationKind.In(tx.World)
		if prev, ok := mods.Get(v.ID); ok && tx.Now().Sub(prev.StartTime) < VolumeModificationInterval {
			// Code and message as EC2 answers them (seen in client logs,
			// e.g. sodafoundation/strato issue 1094: 400
			// VolumeModificationRateExceeded).
			return awserr.New("VolumeModificationRateExceeded", "You've reached the maximum modification rate per volume limit. Wait at least 6 hours between modifications per EBS volume.")
		}
		if in.Size != nil && *in.Size < v.Size {
			return awserr.InvalidParameterValue("New size cannot be smaller than existing size")
		}
		target := in.VolumeType
		if target == "" {
			target = v.VolumeType
		}
		// Unchanged IOPS and throughput carry over when the type keeps them.
		e := &EbsSpec{VolumeSize: in.Size, VolumeType: target, Iops: in.Iops, Throughput: in.Throughput}
		if e.VolumeSize == nil {
			e.VolumeSize = &v.Size
		}
		lim := volumeTypeLimits[target]
		if e.Iops == nil && lim.iopsPerGiB > 0 && v.Iops != 0 && (target == v.VolumeType || lim.provisionRequired) {
			e.Iops = &v.Iops
		}
		if e.Throughput == nil && target == "gp3" && v.Throughput != 0 {
			e.Throughput = &v.Throughput
		}
		if v.Encrypted {
			enc := true
			e.Encrypted, e.KmsKeyID = &enc, v.KmsKeyID
		}
		p := plannedVolume{volumeType: target, snapshot: v.SnapshotID}
		if err := applyEbs(scope, &p, e); err != nil {
			return err
		}
		now := tx.Now()
		out = &model.VolumeModification{
			Meta:  model.Meta{ID: v.ID, Account: v.Account, Region: v.Region, Created: now},
			State: "completed", Progress: 100, StartTime: now, EndTime: now,
			TargetSize: p.size, TargetIops: p.iops, TargetVolumeType: p.volumeType, TargetThroughput: p.throughput,
			OriginalSize: v.Size, OriginalIops: v.Iops, OriginalVolumeType: v.VolumeType, OriginalThroughput: v.Throughput,
		}
		mods.Put(out)
		c := model.Clone(v)
		c.Size, c.VolumeType, c.Iops, c.Throughput = p.size, p.volumeType, p.iops, p.throughput
		t.Put(c)
		return nil
	})
	return out, err
}

// VolumeModifications returns the latest modification of each volume of
// scope (or of the given volumes, which must exist), in volume id order.
func (s *Service) VolumeModifications(ctx context.Context, scope model.Scope, ids []string) ([]*model.VolumeModification, error) {
	w := s.View(ctx)
	mods := store.VolumeModificationKind.In(w)
	vols, err := s.Volumes(ctx, scope, ids)
	if err != nil {
		return nil, err
	}
	var out []*model.VolumeModification
	for _, v := range vols {
		if m, ok := mods.Get(v.ID); ok {
			out = append(out, m)
		}
	}
	return out, nil
}
