package control

import (
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// BlockDeviceSpec is one BlockDeviceMapping.N of RunInstances.
type BlockDeviceSpec struct {
	DeviceName  string
	VirtualName string // ephemeralN: an instance store volume
	NoDevice    bool   // suppress the image's mapping of DeviceName
	Ebs         *EbsSpec
}

// EbsSpec is the Ebs member of a block device mapping (nil pointers and
// empty strings: not given).
type EbsSpec struct {
	SnapshotID          string
	VolumeSize          *int32
	VolumeType          string
	Iops                *int32
	Throughput          *int32
	DeleteOnTermination *bool
	Encrypted           *bool
	KmsKeyID            string
}

// plannedVolume is a volume RunInstances creates for each instance.
type plannedVolume struct {
	device              string
	size                int32
	volumeType          string
	iops, throughput    int32
	snapshot            string
	encrypted           bool
	kmsKeyID            string
	deleteOnTermination bool
}

// volumeTypeLimits are the documented sizes (GiB) and IOPS of each EBS
// volume type [EC2 API EbsBlockDevice: "gp2: 1 - 16,384 GiB, gp3: 1 -
// 65,536 GiB, io1: 4 - 16,384 GiB, io2: 4 - 65,536 GiB, st1 and sc1: 125 -
// 16,384 GiB, standard: 1 - 1024 GiB"; "gp3: 3,000 - 80,000 IOPS, io1: 100
// - 64,000 IOPS, io2: 100 - 256,000 IOPS"; EBS User Guide, "Amazon EBS
// volume types": at most 500 IOPS per GiB for gp3, 50 for io1, 1,000 for
// io2].
var volumeTypeLimits = map[string]struct {
	minSize, maxSize  int32
	minIops, maxIops  int32
	iopsPerGiB        int32 // 0: IOPS are not provisioned
	defaultIops       int32 // gp3's baseline
	provisionRequired bool  // io1, io2
}{
	"gp2":      {minSize: 1, maxSize: 16384},
	"gp3":      {minSize: 1, maxSize: 65536, minIops: 3000, maxIops: 80000, iopsPerGiB: 500, defaultIops: 3000},
	"io1":      {minSize: 4, maxSize: 16384, minIops: 100, maxIops: 64000, iopsPerGiB: 50, provisionRequired: true},
	"io2":      {minSize: 4, maxSize: 65536, minIops: 100, maxIops: 256000, iopsPerGiB: 1000, provisionRequired: true},
	"st1":      {minSize: 125, maxSize: 16384},
	"sc1":      {minSize: 125, maxSize: 16384},
	"standard": {minSize: 1, maxSize: 1024},
}

// gp3 throughput in MiB/s [EC2 API EbsBlockDevice: "This parameter is
// valid only for gp3 volumes. Valid Range: Minimum value of 125. Maximum
// value of 2,000"], at most 0.25 MiB/s per provisioned IOPS [EBS User
// Guide, gp3].
const (
	gp3MinThroughput     = 125
	gp3MaxThroughput     = 2000
	gp3ThroughputPerIops = 0.25
)

// devKey is how EC2 names a device in its block device mapping messages
// ("xvdb" for /dev/xvdb).
func devKey(name string) string { return strings.TrimPrefix(name, "/dev/") }

// planBlockDevices resolves RunInstances' block device mappings against the
// image's: the root volume from the image's root device and snapshot (its
// size, type, IOPS ... overridden by a mapping that names the root device),
// plus one new volume per other EBS mapping [EC2 User Guide, "Block device
// mappings"]. Instance store mappings (VirtualName) are accepted and have
// no effect: vpcsim's instance types have no instance store ("Including
// them in your block device mapping has no effect"); NoDevice suppresses
// an image mapping.
//
// A mapping's SnapshotId may name the image's root snapshot, a snapshot of
// the caller's account in the region, or the root snapshot of another
// public image (lookupSnapshot); the new volume takes the snapshot's size
// unless the mapping asks for more, and its encryption (a volume restored
// from an encrypted snapshot is encrypted, with the snapshot's key unless
// the mapping names another).
func planBlockDevices(w *store.World, scope model.Scope, img Image, specs []BlockDeviceSpec) ([]plannedVolume, error) {
	root := plannedVolume{device: img.RootDeviceName, size: img.VolumeSize, volumeType: img.VolumeType, snapshot: img.SnapshotID,
		deleteOnTermination: true}
	rootSpec := &EbsSpec{}
	var extra []plannedVolume
	var extraSpecs []*EbsSpec
	seen := map[string]bool{}
	for _, sp := range specs {
		if sp.DeviceName == "" {
			return nil, awserr.New("InvalidBlockDeviceMapping", "Missing device name")
		}
		key := devKey(sp.DeviceName)
		if seen[key] {
			return nil, awserr.New("InvalidBlockDeviceMapping", "The device '%s' is used in more than one block-device mapping", key)
		}
		seen[key] = true
		isRoot := key == devKey(img.RootDeviceName)
		switch {
		case sp.NoDevice:
			// "When this property is specified, the device is removed from
			// the block device mapping regardless of the assigned value."
			if isRoot {
				return nil, awserr.New("InvalidBlockDeviceMapping", "The root device '%s' of the image cannot be suppressed", sp.DeviceName)
			}
			continue
		case sp.VirtualName != "":
			if sp.Ebs != nil {
				return nil, awserr.New("InvalidBlockDeviceMapping", "The device '%s' cannot map both an instance store and an EBS volume", key)
			}
			if !strings.HasPrefix(sp.VirtualName, "ephemeral") || isRoot {
				return nil, awserr.New("InvalidBlockDeviceMapping", "Invalid virtual name %s for device %s", sp.VirtualName, sp.DeviceName)
			}
			continue
		case sp.Ebs == nil:
			if isRoot {
				continue
			}
			return nil, awserr.New("InvalidBlockDeviceMapping", "Either snapshot ID or volume size must be provided for: %s", sp.DeviceName)
		case isRoot:
			rootSpec = sp.Ebs
			if sp.Ebs.SnapshotID != "" && sp.Ebs.SnapshotID != img.SnapshotID {
				return nil, awserr.New("InvalidBlockDeviceMapping", "snapshotId can only be modified on EBS devices")
			}
			continue
		}
		p := plannedVolume{device: sp.DeviceName, volumeType: "gp2", deleteOnTermination: true}
		ebs := sp.Ebs
		if sp.Ebs.SnapshotID != "" {
			src, err := lookupSnapshot(w, scope, sp.Ebs.SnapshotID)
			if err != nil {
				return nil, err
			}
			p.snapshot, p.size = src.id, src.size
			if src.encrypted {
				// "In no case can you remove encryption from an encrypted
				// volume" [EC2 API EbsBlockDevice, Encrypted]: the volume
				// keeps the snapshot's key unless the mapping names one.
				if ebs.Encrypted != nil && !*ebs.Encrypted {
					return nil, awserr.InvalidParameterCombination("Volumes created from encrypted snapshots are always encrypted; Encrypted=false is invalid.")
				}
				c := *ebs
				t := true
				c.Encrypted = &t
				if c.KmsKeyID == "" {
					c.KmsKeyID = src.kmsKeyID
				}
				ebs = &c
			}
		} else if sp.Ebs.VolumeSize == nil {
			return nil, awserr.New("InvalidBlockDeviceMapping", "Either snapshot ID or volume size must be provided for: %s", sp.DeviceName)
		}
		extra = append(extra, p)
		extraSpecs = append(extraSpecs, ebs)
	}
	out := append([]plannedVolume{root}, extra...)
	for i, e := range append([]*EbsSpec{rootSpec}, extraSpecs...) {
		if err := applyEbs(scope, &out[i], e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// applyEbs applies a mapping's Ebs parameters to a planned volume and
// checks them as EC2 does.
func applyEbs(scope model.Scope, p *plannedVolume, e *EbsSpec) error {
	if e.VolumeType != "" {
		p.volumeType = e.VolumeType
	}
	lim, ok := volumeTypeLimits[p.volumeType]
	if !ok {
		return awserr.InvalidParameterValue("Value (%s) for parameter volumeType is invalid. Valid values are standard, io1, io2, gp2, gp3, sc1, st1.", p.volumeType)
	}
	if e.DeleteOnTermination != nil {
		p.deleteOnTermination = *e.DeleteOnTermination
	}
	snapSize := p.size // 0 without a snapshot
	if e.VolumeSize != nil {
		p.size = *e.VolumeSize
	}
	if p.snapshot != "" && p.size < snapSize {
		// [EC2 API EbsBlockDevice: "You can specify a volume size that is
		// equal to or larger than the snapshot size."]
		return awserr.New("InvalidBlockDeviceMapping", "Volume of size %dGB is smaller than  snapshot '%s', expect size >= %dGB", p.size, p.snapshot, snapSize)
	}
	if p.size < lim.minSize {
		return awserr.InvalidParameterValue("Volume of %dGiB is too small; minimum is %dGiB.", p.size, lim.minSize)
	}
	if p.size > lim.maxSize {
		return awserr.InvalidParameterValue("Volume of %dGiB is too large; maximum is %dGiB.", p.size, lim.maxSize)
	}
	// IOPS: provisioned for gp3, io1 and io2 only ("This parameter is
	// required for io1 and io2 volumes. The default for gp3 volumes is
	// 3,000 IOPS."); gp2 reports its baseline, 3 IOPS per GiB between 100
	// and 16,000 [EBS User Guide, gp2].
	switch {
	case lim.iopsPerGiB == 0 && e.Iops != nil:
		return awserr.InvalidParameterCombination("The parameter iops is not supported for %s volumes.", p.volumeType)
	case lim.provisionRequired && e.Iops == nil:
		return awserr.InvalidParameterCombination("The parameter iops must be specified for %s volumes.", p.volumeType)
	case lim.iopsPerGiB > 0:
		p.iops = lim.defaultIops
		if e.Iops != nil {
			p.iops = *e.Iops
		}
		if p.iops < lim.minIops {
			return awserr.InvalidParameterValue("Volume iops of %d is too low; minimum is %d.", p.iops, lim.minIops)
		}
		if p.iops > lim.maxIops {
			return awserr.InvalidParameterValue("Volume iops of %d is too high; maximum is %d.", p.iops, lim.maxIops)
		}
		if e.Iops != nil && p.iops > lim.iopsPerGiB*p.size {
			return awserr.InvalidParameterValue("Iops to volume size ratio of %f is too high; maximum is %d", float64(p.iops)/float64(p.size), lim.iopsPerGiB)
		}
	case p.volumeType == "gp2":
		p.iops = min(max(3*p.size, 100), 16000)
	}
	if e.Throughput != nil && p.volumeType != "gp3" {
		return awserr.InvalidParameterCombination("throughput can only be specified for volumeType gp3.")
	}
	if p.volumeType == "gp3" {
		p.throughput = gp3MinThroughput
		if e.Throughput != nil {
			p.throughput = *e.Throughput
		}
		if p.throughput < gp3MinThroughput || p.throughput > gp3MaxThroughput {
			return awserr.InvalidParameterValue("Volume throughput of %d MiBps is invalid; it must be between %d and %d MiBps.", p.throughput, gp3MinThroughput, gp3MaxThroughput)
		}
		if r := float64(p.throughput) / float64(p.iops); r > gp3ThroughputPerIops {
			return awserr.InvalidParameterValue("Throughput (MiBps) to iops ratio of %f is too high; maximum is %f MiBps per iops", r, gp3ThroughputPerIops)
		}
	}
	// Encryption: a key only with Encrypted; Encrypted alone uses the
	// account's AWS managed key for EBS.
	if e.KmsKeyID != "" && (e.Encrypted == nil || !*e.Encrypted) {
		return awserr.New("InvalidParameterDependency", "The parameter KmsKeyId requires the parameter Encrypted to be set.")
	}
	if e.Encrypted != nil && *e.Encrypted {
		p.encrypted = true
		p.kmsKeyID = kmsKeyARN(scope, e.KmsKeyID)
	}
	return nil
}

// kmsKeyARN resolves a KmsKeyId (key id, key ARN, alias name or alias ARN)
// to the ARN EC2 reports; "" is the AWS managed key for EBS.
func kmsKeyARN(scope model.Scope, id string) string {
	switch {
	case id == "" || id == "alias/aws/ebs":
		return DefaultEBSKeyARN(scope)
	case strings.HasPrefix(id, "arn:"):
		return id
	default: // a key id or alias/name
		if !strings.HasPrefix(id, "alias/") {
			id = "key/" + id
		}
		return "arn:aws:kms:" + scope.Region + ":" + scope.Account + ":" + id
	}
}

// createVolumes creates and attaches an instance's planned volumes.
func createVolumes(tx *store.Tx, scope model.Scope, inst *model.Instance, planned []plannedVolume, tags map[string]string) {
	t := VolumeKind.In(tx.World)
	for _, p := range planned {
		var vt map[string]string
		if len(tags) > 0 {
			vt = make(map[string]string, len(tags))
			for k, v := range tags {
				vt[k] = v
			}
		}
		t.Put(&model.Volume{
			Meta:             newMeta(tx, scope, tx.NewID("vol"), vt),
			AvailabilityZone: inst.AvailabilityZone,
			Size:             p.size, SnapshotID: p.snapshot, VolumeType: p.volumeType,
			Iops: p.iops, Throughput: p.throughput, Encrypted: p.encrypted, KmsKeyID: p.kmsKeyID,
			Attachment: &model.VolumeAttachment{InstanceID: inst.ID, Device: p.device,
				DeleteOnTermination: p.deleteOnTermination, AttachTime: tx.Now()},
		})
	}
}
