package model

import "time"

// Snapshot is an EBS snapshot: a point-in-time copy of a volume. vpcsim
// stores no data, only the snapshot's description; a snapshot is
// completed as soon as it is created.
type Snapshot struct {
	Meta                   // Meta.ID is the snapshot id (snap-)
	VolumeID     string    `json:"volumeId"` // the source volume ("vol-ffffffff" for a copy)
	VolumeSize   int32     `json:"volumeSize"`
	Description  string    `json:"description,omitempty"`
	Encrypted    bool      `json:"encrypted,omitempty"`
	KmsKeyID     string    `json:"kmsKeyId,omitempty"`
	State        string    `json:"state"` // pending | completed | error
	StartTime    time.Time `json:"startTime"`
	CompleteTime time.Time `json:"completeTime"`
	// SourceSnapshotID and SourceRegion describe the origin of a copy.
	SourceSnapshotID string `json:"sourceSnapshotId,omitempty"`
	SourceRegion     string `json:"sourceRegion,omitempty"`
	// CreateVolumePermissions are the account ids (or "all") allowed to
	// create volumes from the snapshot besides its owner.
	CreateVolumePermissions []string `json:"createVolumePermissions,omitempty"`
}
