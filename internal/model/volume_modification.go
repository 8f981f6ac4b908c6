package model

import "time"

// VolumeModification is the latest modification of a volume (ModifyVolume).
// vpcsim applies a modification at once: it is reported completed with
// progress 100.
type VolumeModification struct {
	Meta                         // Meta.ID is the volume id
	State              string    `json:"state"` // modifying | optimizing | completed | failed
	TargetSize         int32     `json:"targetSize"`
	TargetIops         int32     `json:"targetIops,omitempty"`
	TargetVolumeType   string    `json:"targetVolumeType"`
	TargetThroughput   int32     `json:"targetThroughput,omitempty"`
	OriginalSize       int32     `json:"originalSize"`
	OriginalIops       int32     `json:"originalIops,omitempty"`
	OriginalVolumeType string    `json:"originalVolumeType"`
	OriginalThroughput int32     `json:"originalThroughput,omitempty"`
	Progress           int64     `json:"progress"`
	StartTime          time.Time `json:"startTime"`
	EndTime            time.Time `json:"endTime"`
}
