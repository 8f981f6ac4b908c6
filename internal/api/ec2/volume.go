package ec2

import (
	"context"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

func (a *API) registerVolumes() {
	handle(a, "CreateVolume", a.createVolume)
	handle(a, "AttachVolume", func(ctx context.Context, r *Request, in *AttachVolumeRequest) (*VolumeAttachment, error) {
		v, err := a.ctl.AttachVolume(ctx, r.Scope, deref(in.VolumeId), deref(in.InstanceId), deref(in.Device))
		if err != nil {
			return nil, err
		}
		return attachmentOut(v, "attaching"), nil
	})
	handle(a, "DetachVolume", func(ctx context.Context, r *Request, in *DetachVolumeRequest) (*VolumeAttachment, error) {
		v, err := a.ctl.DetachVolume(ctx, r.Scope, control.DetachVolumeInput{VolumeID: deref(in.VolumeId), InstanceID: deref(in.InstanceId),
			Device: deref(in.Device), Force: derefBool(in.Force)})
		if err != nil {
			return nil, err
		}
		return attachmentOut(v, "detaching"), nil
	})
	handleNoOutput(a, "DeleteVolume", func(ctx context.Context, r *Request, in *DeleteVolumeRequest) error {
		return a.ctl.DeleteVolume(ctx, r.Scope, deref(in.VolumeId))
	})
	handle(a, "ModifyVolume", func(ctx context.Context, r *Request, in *ModifyVolumeRequest) (*ModifyVolumeResult, error) {
		m, err := a.ctl.ModifyVolume(ctx, r.Scope, control.ModifyVolumeInput{VolumeID: deref(in.VolumeId), Size: in.Size,
			VolumeType: deref(in.VolumeType), Iops: in.Iops, Throughput: in.Throughput, MultiAttachEnabled: in.MultiAttachEnabled})
		if err != nil {
			return nil, err
		}
		out := volumeModificationOut(m)
		return &ModifyVolumeResult{VolumeModification: &out}, nil
	})
	handle(a, "DescribeVolumesModifications", a.describeVolumesModifications)
	handle(a, "DescribeVolumeStatus", a.describeVolumeStatus)
}

func (a *API) createVolume(ctx context.Context, r *Request, in *CreateVolumeRequest) (*Volume, error) {
	tags, err := tagsFor(in.TagSpecifications, "volume")
	if err != nil {
		return nil, err
	}
	az := deref(in.AvailabilityZone)
	switch {
	case az != "" && in.AvailabilityZoneId != nil:
		return nil, awserr.InvalidParameterCombination("The parameters AvailabilityZone and AvailabilityZoneId cannot be used together.")
	case az == "" && in.AvailabilityZoneId == nil:
		return nil, awserr.MissingParameter("AvailabilityZone")
	case az == "":
		az = deref(in.AvailabilityZoneId)
	}
	if in.OutpostArn != nil {
		return nil, awserr.New("UnsupportedOperation", "Outposts are not supported by vpcsim.")
	}
	v, err := a.ctl.CreateVolume(ctx, r.Scope, control.CreateVolumeInput{AvailabilityZone: az, Size: in.Size, SnapshotID: deref(in.SnapshotId),
		VolumeType: deref(in.VolumeType), Iops: in.Iops, Throughput: in.Throughput, Encrypted: in.Encrypted, KmsKeyID: deref(in.KmsKeyId),
		MultiAttachEnabled: derefBool(in.MultiAttachEnabled), Tags: tags})
	if err != nil {
		return nil, err
	}
	out := volumeOut(v)
	// CreateVolume answers while the volume is being created.
	out.State = str("creating")
	out.Attachments = nil
	return &out, nil
}

// attachmentOut renders v's attachment in a transitional state.
func attachmentOut(v *model.Volume, state string) *VolumeAttachment {
	at := v.Attachment
	return &VolumeAttachment{VolumeId: str(v.ID), InstanceId: str(at.InstanceID), Device: str(at.Device), State: str(state),
		AttachTime: timep(at.AttachTime), DeleteOnTermination: boolp(at.DeleteOnTermination)}
}

func volumeModificationOut(m *model.VolumeModification) VolumeModification {
	out := VolumeModification{VolumeId: str(m.ID), ModificationState: str(m.State), TargetSize: i32(m.TargetSize),
		TargetVolumeType: str(m.TargetVolumeType), OriginalSize: i32(m.OriginalSize), OriginalVolumeType: str(m.OriginalVolumeType),
		Progress: i64(m.Progress), StartTime: timep(m.StartTime), EndTime: timep(m.EndTime),
		TargetMultiAttachEnabled: boolp(false), OriginalMultiAttachEnabled: boolp(false)}
	if m.TargetIops != 0 {
		out.TargetIops = i32(m.TargetIops)
	}
	if m.OriginalIops != 0 {
		out.OriginalIops = i32(m.OriginalIops)
	}
	if m.TargetThroughput != 0 {
		out.TargetThroughput = i32(m.TargetThroughput)
	}
	if m.OriginalThroughput != 0 {
		out.OriginalThroughput = i32(m.OriginalThroughput)
	}
	return out
}

var volumeModificationFilters = filterTable[model.VolumeModification]{
	"modification-state":         func(v *model.VolumeModification) []string { return one(v.State) },
	"original-iops":              func(v *model.VolumeModification) []string { return nonZero(v.OriginalIops) },
	"original-size":              func(v *model.VolumeModification) []string { return nonZero(v.OriginalSize) },
	"original-volume-type":       func(v *model.VolumeModification) []string { return one(v.OriginalVolumeType) },
	"originalMultiAttachEnabled": func(v *model.VolumeModification) []string { return one("false") },
	"start-time":                 func(v *model.VolumeModification) []string { return fmtTime(timep(v.StartTime)) },
	"target-iops":                func(v *model.VolumeModification) []string { return nonZero(v.TargetIops) },
	"target-size":                func(v *model.VolumeModification) []string { return nonZero(v.TargetSize) },
	"target-volume-type":         func(v *model.VolumeModification) []string { return one(v.TargetVolumeType) },
	"targetMultiAttachEnabled":   func(v *model.VolumeModification) []string { return one("false") },
	"volume-id":                  func(v *model.VolumeModification) []string { return one(v.ID) },
}

// nonZero renders a number as a filter value, nothing for 0 (not set).
func nonZero(n int32) []string {
	if n == 0 {
		return nil
	}
	return one(strconv.Itoa(int(n)))
}

func (a *API) describeVolumesModifications(ctx context.Context, r *Request, in *DescribeVolumesModificationsRequest) (*DescribeVolumesModificationsResult, error) {
	m, err := compileFilters(volumeModificationFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 1, 500)
	if err != nil {
		return nil, err
	}
	mods, err := a.ctl.VolumeModifications(ctx, r.Scope, in.VolumeIds)
	if err != nil {
		return nil, err
	}
	out := &DescribeVolumesModificationsResult{}
	for _, mod := range mods {
		if p.after != "" && mod.ID <= p.after {
			continue
		}
		if !m.match(mod) {
			continue
		}
		if p.max > 0 && int32(len(out.VolumesModifications)) == p.max {
			out.NextToken = token(deref(out.VolumesModifications[len(out.VolumesModifications)-1].VolumeId))
			break
		}
		out.VolumesModifications = append(out.VolumesModifications, volumeModificationOut(mod))
	}
	return out, nil
}

// volumeStatusOut reports a volume as healthy: vpcsim volumes never
// degrade [EC2 API DescribeVolumeStatus: status ok, io-enabled passed,
// io-performance not-applicable for volumes that are not provisioned
// IOPS].
func volumeStatusOut(v *model.Volume) VolumeStatusItem {
	perf := "not-applicable"
	if v.VolumeType == "io1" || v.VolumeType == "io2" {
		perf = "normal"
	}
	out := VolumeStatusItem{VolumeId: str(v.ID), AvailabilityZone: str(v.AvailabilityZone),
		AvailabilityZoneId: optStr(control.ZoneID(v.Region, v.AvailabilityZone)),
		VolumeStatus: &VolumeStatusInfo{Status: str("ok"), Details: []VolumeStatusDetails{
			{Name: str("io-enabled"), Status: str("passed")}, {Name: str("io-performance"), Status: str(perf)}}}}
	if at := v.Attachment; at != nil {
		out.AttachmentStatuses = []VolumeStatusAttachmentStatus{{InstanceId: str(at.InstanceID)}}
	}
	return out
}

// statusRow is a volume's status with the volume's metadata (tags).
type statusRow struct {
	model.Meta
	out VolumeStatusItem
}

var volumeStatusFilters = filterTable[statusRow]{
	"availability-zone": func(v *statusRow) []string { return one(deref(v.out.AvailabilityZone)) },
	"volume-status.details-name": func(v *statusRow) []string {
		var out []string
		for _, d := range v.out.VolumeStatus.Details {
			out = append(out, deref(d.Name))
		}
		return out
	},
	"volume-status.details-status": func(v *statusRow) []string {
		var out []string
		for _, d := range v.out.VolumeStatus.Details {
			out = append(out, deref(d.Status))
		}
		return out
	},
	"volume-status.status": func(v *statusRow) []string { return one(deref(v.out.VolumeStatus.Status)) },
	"event.description":    func(v *statusRow) []string { return nil },
	"event.event-id":       func(v *statusRow) []string { return nil },
	"event.event-type":     func(v *statusRow) []string { return nil },
	"event.not-after":      func(v *statusRow) []string { return nil },
	"event.not-before":     func(v *statusRow) []string { return nil },
	"action.code":          func(v *statusRow) []string { return nil },
	"action.description":   func(v *statusRow) []string { return nil },
	"action.event-id":      func(v *statusRow) []string { return nil },
}

func (a *API) describeVolumeStatus(ctx context.Context, r *Request, in *DescribeVolumeStatusRequest) (*DescribeVolumeStatusResult, error) {
	m, err := compileFilters(volumeStatusFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	vols, err := a.ctl.Volumes(ctx, r.Scope, in.VolumeIds)
	if err != nil {
		return nil, err
	}
	out := &DescribeVolumeStatusResult{}
	for _, v := range vols {
		if p.after != "" && v.ID <= p.after {
			continue
		}
		row := statusRow{Meta: v.Meta, out: volumeStatusOut(v)}
		if !m.match(&row) {
			continue
		}
		if p.max > 0 && int32(len(out.VolumeStatuses)) == p.max {
			out.NextToken = token(deref(out.VolumeStatuses[len(out.VolumeStatuses)-1].VolumeId))
			break
		}
		out.VolumeStatuses = append(out.VolumeStatuses, row.out)
	}
	return out, nil
}
