package model

import "time"

// Volume is an EBS volume. vpcsim creates volumes at RunInstances from the
// image's root device and the request's block device mappings; they are
// "in-use" while attached and "available" once detached (an instance
// terminated with DeleteOnTermination false).
type Volume struct {
	Meta                    // Meta.ID is the volume id (vol-)
	AvailabilityZone string `json:"availabilityZone"`
	Size             int32  `json:"size"` // GiB
	SnapshotID       string `json:"snapshotId,omitempty"`
	VolumeType       string `json:"volumeType"` // gp2 | gp3 | io1 | io2 | st1 | sc1 | standard
	// Iops is the provisioned IOPS (gp3, io1, io2) or gp2's baseline; 0
	// when the type reports none. Throughput (MiB/s) is gp3's only.
	Iops       int32  `json:"iops,omitempty"`
	Throughput int32  `json:"throughput,omitempty"`
	Encrypted  bool   `json:"encrypted,omitempty"`
	KmsKeyID   string `json:"kmsKeyId,omitempty"` // ARN of the key, when encrypted
	// Attachment is the volume's attachment to an instance; nil when the
	// volume is available.
	Attachment *VolumeAttachment `json:"attachment,omitempty"`
}

// VolumeAttachment attaches a volume to an instance as a device.
type VolumeAttachment struct {
	InstanceID          string    `json:"instanceId"`
	Device              string    `json:"device"`
	DeleteOnTermination bool      `json:"deleteOnTermination"`
	AttachTime          time.Time `json:"attachTime"`
}

// State is the volume's state as DescribeVolumes reports it.
func (v *Volume) State() string {
	if v.Attachment != nil {
		return "in-use"
	}
	return "available"
}
