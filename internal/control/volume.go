package control

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VolumeKind is the EBS volume table. Volumes are indexed by the instance
// they are attached to ("" when available).
var VolumeKind = store.Define[model.Volume](model.KindSpec{Name: "volume", Service: "ec2", IDPrefix: "vol", ResourceType: "volume",
	NotFound: "InvalidVolume.NotFound", Malformed: "InvalidVolumeID.Malformed", Noun: "volume"},
	func(v *model.Volume) string {
		if v.Attachment == nil {
			return ""
		}
		return v.Attachment.InstanceID
	})

// InstanceVolumes returns the volumes attached to inst, its root device
// first, then by device name.
func InstanceVolumes(w *store.World, inst *model.Instance) []*model.Volume {
	vols := VolumeKind.In(w).Children(inst.ID)
	root := InstanceImage(inst).RootDeviceName
	sort.Slice(vols, func(i, j int) bool {
		a, b := vols[i].Attachment.Device, vols[j].Attachment.Device
		if (a == root) != (b == root) {
			return a == root
		}
		return a < b
	})
	return vols
}

// Volumes returns the volumes of scope in id order, or with ids those
// volumes (duplicates once; InvalidVolumeID.Malformed for an id that is
// not vol-..., InvalidVolume.NotFound for one that does not exist)
// [EC2 API DescribeVolumes].
func (s *Service) Volumes(ctx context.Context, scope model.Scope, ids []string) ([]*model.Volume, error) {
	t := VolumeKind.In(s.View(ctx))
	var out []*model.Volume
	if len(ids) == 0 {
		t.All(func(v *model.Volume) bool {
			if v.InScope(scope) {
				out = append(out, v)
			}
			return true
		})
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return out, nil
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if !strings.HasPrefix(id, "vol-") {
			return nil, awserr.New("InvalidVolumeID.Malformed", "Invalid id: \"%s\" (expecting \"vol-...\")", id)
		}
		v, ok := t.Get(id)
		if !ok || !v.InScope(scope) {
			return nil, awserr.New("InvalidVolume.NotFound", "The volume '%s' does not exist.", id)
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// DefaultEBSKeyARN is the ARN of the account's AWS managed key for EBS
// (alias aws/ebs) in a region, which encrypts a volume launched with
// Encrypted and no KmsKeyId [EBS User Guide, "Amazon EBS encryption"]. It
// is derived from the account and region, so it is stable.
func DefaultEBSKeyARN(scope model.Scope) string {
	h := sha256.Sum256([]byte("aws/ebs\x00" + scope.Account + "\x00" + scope.Region))
	return fmt.Sprintf("arn:aws:kms:%s:%s:key/%x-%x-%x-%x-%x", scope.Region, scope.Account, h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// terminateVolumes applies each attached volume's DeleteOnTermination when
// its instance terminates: the volume is deleted, or detached and left
// available [EC2 User Guide, "Preserve data when an instance is
// terminated"].
func terminateVolumes(tx *store.Tx, inst *model.Instance) {
	t := VolumeKind.In(tx.World)
	for _, v := range t.Children(inst.ID) {
		if v.Attachment.DeleteOnTermination {
			t.Delete(v.ID)
			continue
		}
		c := model.Clone(v)
		c.Attachment = nil
		t.Put(c)
	}
}

// DeleteOnTerminationChange is one BlockDeviceMapping.N of
// ModifyInstanceAttribute: a device of the instance and its new
// DeleteOnTermination (nil: EC2's default, true).
type DeleteOnTerminationChange struct {
	DeviceName          string
	VolumeID            string
	DeleteOnTermination *bool
	// NoDevice or VirtualName set: instance store volumes can only be
	// added at launch.
	NoDevice, VirtualName bool
}

// setDeleteOnTermination changes the DeleteOnTermination attribute of the
// named devices of inst [EC2 API ModifyInstanceAttribute, BlockDeviceMappings:
// "Modifies the DeleteOnTermination attribute for volumes that are currently
// attached ... If no value is specified for DeleteOnTermination, the default
// is true"].
func setDeleteOnTermination(tx *store.Tx, inst *model.Instance, changes []DeleteOnTerminationChange) error {
	t := VolumeKind.In(tx.World)
	byDevice := map[string]*model.Volume{}
	for _, v := range t.Children(inst.ID) {
		byDevice[v.Attachment.Device] = v
	}
	var puts []*model.Volume
	for _, ch := range changes {
		if ch.NoDevice || ch.VirtualName {
			return awserr.InvalidParameterCombination("Instance store volumes can only be added to an instance at launch.")
		}
		if ch.DeviceName == "" {
			return awserr.New("InvalidBlockDeviceMapping", "Missing device name")
		}
		v, ok := byDevice[ch.DeviceName]
		if !ok {
			return awserr.New("InvalidInstanceAttributeValue", "No device is currently mapped at %s", ch.DeviceName)
		}
		if ch.VolumeID != "" && ch.VolumeID != v.ID {
			return awserr.New("InvalidInstanceAttributeValue", "Volume %s is not attached at %s", ch.VolumeID, ch.DeviceName)
		}
		dot := true
		if ch.DeleteOnTermination != nil {
			dot = *ch.DeleteOnTermination
		}
		c := model.Clone(v)
		c.Attachment.DeleteOnTermination = dot
		byDevice[ch.DeviceName] = c
		puts = append(puts, c)
	}
	for _, c := range puts {
		t.Put(c)
	}
	return nil
}
