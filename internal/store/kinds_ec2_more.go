package store

import "github.com/vpcsim/vpcsim/internal/model"

// More EC2 resource kinds: launch templates, snapshots, volume
// modifications and subnet CIDR reservations.
var (
	LaunchTemplateKind = Define[model.LaunchTemplate](model.KindSpec{Name: "launch-template", Service: "ec2", IDPrefix: "lt", ResourceType: "launch-template",
		NotFound: "InvalidLaunchTemplateId.NotFound", Malformed: "InvalidLaunchTemplateId.Malformed", Noun: "launch template ID"}, nil)
	SnapshotKind = Define[model.Snapshot](model.KindSpec{Name: "snapshot", Service: "ec2", IDPrefix: "snap", ResourceType: "snapshot",
		NotFound: "InvalidSnapshot.NotFound", Malformed: "InvalidSnapshotID.Malformed", Noun: "snapshot ID"},
		func(v *model.Snapshot) string { return v.VolumeID })
	VolumeModificationKind    = Define[model.VolumeModification](model.KindSpec{Name: "volume-modification", Service: "ec2", Internal: true}, nil)
	SubnetCidrReservationKind = Define[model.SubnetCidrReservation](model.KindSpec{Name: "subnet-cidr-reservation", Service: "ec2", IDPrefix: "scr", ResourceType: "subnet-cidr-reservation",
		NotFound: "InvalidSubnetCidrReservationID.NotFound", Malformed: "InvalidSubnetCidrReservationID.Malformed", Noun: "subnet CIDR reservation ID"},
		func(v *model.SubnetCidrReservation) string { return v.SubnetID })
)
