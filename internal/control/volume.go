package control

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
)

// Volume is an instance's root EBS volume. vpcsim derives volumes from
// their instances: one per instance that is not terminated, deleted with it
// (DeleteOnTermination), attached since launch.
type Volume struct {
	model.Meta         // ID is the volume id; tags are the volume's (none)
	Instance           *model.Instance
	AvailabilityZone   string
	AvailabilityZoneID string
	Device             string
	SnapshotID         string
	VolumeType         string
	Size               int32
	// Iops and Throughput are the type's baselines (0 = not reported):
	// gp3 3,000 IOPS and 125 MiB/s; gp2 3 IOPS per GiB, between 100 and
	// 16,000 [EBS User Guide, "Amazon EBS volume types"].
	Iops       int32
	Throughput int32
	AttachTime time.Time
}

// RootVolumeType is the type of an instance's root volume: the one asked
// for at launch, else its image's.
func RootVolumeType(inst *model.Instance) string {
	if inst.RootVolumeType != "" {
		return inst.RootVolumeType
	}
	return InstanceImage(inst).VolumeType
}

func rootVolume(inst *model.Instance) *Volume {
	img := InstanceImage(inst)
	v := &Volume{
		Meta:     model.Meta{ID: inst.RootVolumeID, Account: inst.Account, Region: inst.Region, Created: inst.LaunchTime},
		Instance: inst, AvailabilityZone: inst.AvailabilityZone, AvailabilityZoneID: ZoneID(inst.Region, inst.AvailabilityZone),
		Device: img.RootDeviceName, SnapshotID: img.SnapshotID, VolumeType: RootVolumeType(inst), Size: inst.RootVolumeSize,
		AttachTime: inst.LaunchTime,
	}
	switch v.VolumeType {
	case "gp3":
		v.Iops, v.Throughput = 3000, 125
	case "gp2":
		v.Iops = min(max(3*inst.RootVolumeSize, 100), 16000)
	}
	return v
}

// Volumes returns the volumes of scope in id order, or with ids those
// volumes (duplicates once; InvalidVolumeID.Malformed for an id that is not
// vol-..., InvalidVolume.NotFound for one that does not exist).
func (s *Service) Volumes(ctx context.Context, scope model.Scope, ids []string) ([]*Volume, error) {
	var vols []*Volume
	s.View(ctx).Instances.All(func(inst *model.Instance) bool {
		if inst.InScope(scope) && inst.State != "terminated" && inst.RootVolumeID != "" {
			vols = append(vols, rootVolume(inst))
		}
		return true
	})
	sort.Slice(vols, func(i, j int) bool { return vols[i].ID < vols[j].ID })
	if len(ids) == 0 {
		return vols, nil
	}
	byID := make(map[string]*Volume, len(vols))
	for _, v := range vols {
		byID[v.ID] = v
	}
	var out []*Volume
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if !strings.HasPrefix(id, "vol-") {
			return nil, awserr.New("InvalidVolumeID.Malformed", "Invalid id: \"%s\" (expecting \"vol-...\")", id)
		}
		v, ok := byID[id]
		if !ok {
			return nil, awserr.New("InvalidVolume.NotFound", "The volume '%s' does not exist.", id)
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
