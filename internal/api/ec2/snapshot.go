package ec2

import (
	"context"
	"fmt"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

func (a *API) registerSnapshots() {
	handle(a, "CreateSnapshot", func(ctx context.Context, r *Request, in *CreateSnapshotRequest) (*Snapshot, error) {
		if in.OutpostArn != nil || in.Location != nil && deref(in.Location) != "regional" {
			return nil, awserr.New("UnsupportedOperation", "Local snapshots on Outposts or in Local Zones are not supported by vpcsim.")
		}
		tags, err := tagsFor(in.TagSpecifications, "snapshot")
		if err != nil {
			return nil, err
		}
		sn, err := a.ctl.CreateSnapshot(ctx, r.Scope, deref(in.VolumeId), deref(in.Description), tags)
		if err != nil {
			return nil, err
		}
		out := snapshotOut(sn)
		// CreateSnapshot answers while the snapshot is pending.
		out.State, out.Progress, out.CompletionTime = str("pending"), str(""), nil
		return &out, nil
	})
	handle(a, "DescribeSnapshots", a.describeSnapshots)
	handleNoOutput(a, "DeleteSnapshot", func(ctx context.Context, r *Request, in *DeleteSnapshotRequest) error {
		return a.ctl.DeleteSnapshot(ctx, r.Scope, deref(in.SnapshotId))
	})
	handle(a, "CopySnapshot", func(ctx context.Context, r *Request, in *CopySnapshotRequest) (*CopySnapshotResult, error) {
		if in.DestinationOutpostArn != nil || in.DestinationAvailabilityZone != nil || in.CompletionDurationMinutes != nil {
			return nil, awserr.New("UnsupportedOperation", "Copies to Outposts, Local Zones or with a completion duration are not supported by vpcsim.")
		}
		if d := deref(in.DestinationRegion); d != "" && d != r.Scope.Region {
			return nil, awserr.InvalidParameterValue("DestinationRegion (%s) must be the region of the request (%s).", d, r.Scope.Region)
		}
		tags, err := tagsFor(in.TagSpecifications, "snapshot")
		if err != nil {
			return nil, err
		}
		sn, err := a.ctl.CopySnapshot(ctx, r.Scope, control.CopySnapshotInput{SourceRegion: deref(in.SourceRegion), SourceSnapshotID: deref(in.SourceSnapshotId),
			Description: deref(in.Description), Encrypted: in.Encrypted, KmsKeyID: deref(in.KmsKeyId), Tags: tags})
		if err != nil {
			return nil, err
		}
		return &CopySnapshotResult{SnapshotId: str(sn.ID), Tags: tagSet(&sn.Meta)}, nil
	})
	handleNoOutput(a, "ModifySnapshotAttribute", a.modifySnapshotAttribute)
	handle(a, "DescribeSnapshotAttribute", func(ctx context.Context, r *Request, in *DescribeSnapshotAttributeRequest) (*DescribeSnapshotAttributeResult, error) {
		out := &DescribeSnapshotAttributeResult{SnapshotId: in.SnapshotId}
		switch deref(in.Attribute) {
		case "createVolumePermission":
			perms, err := a.ctl.SnapshotPermissions(ctx, r.Scope, deref(in.SnapshotId))
			if err != nil {
				return nil, err
			}
			for _, p := range perms {
				out.CreateVolumePermissions = append(out.CreateVolumePermissions, CreateVolumePermission{UserId: optStr(p.UserID), Group: optStr(p.Group)})
			}
		case "productCodes":
			// vpcsim's snapshots carry no product codes.
			if _, err := a.ctl.SnapshotPermissions(ctx, r.Scope, deref(in.SnapshotId)); err != nil {
				return nil, err
			}
		default:
			return nil, awserr.InvalidParameterValue("Value (%s) for parameter attribute is invalid. Valid values: productCodes, createVolumePermission", deref(in.Attribute))
		}
		return out, nil
	})
}

// modifySnapshotAttribute serves both forms of ModifySnapshotAttribute:
// CreateVolumePermission.Add/Remove, or OperationType with UserId and
// UserGroup lists. Only createVolumePermission can be modified.
func (a *API) modifySnapshotAttribute(ctx context.Context, r *Request, in *ModifySnapshotAttributeRequest) error {
	if at := deref(in.Attribute); at != "" && at != "createVolumePermission" {
		return awserr.InvalidParameterValue("Value (%s) for parameter attribute is invalid. Only createVolumePermission can be modified.", at)
	}
	perms := func(ps []CreateVolumePermission) []control.VolumePermission {
		var out []control.VolumePermission
		for _, p := range ps {
			out = append(out, control.VolumePermission{UserID: deref(p.UserId), Group: deref(p.Group)})
		}
		return out
	}
	var add, remove []control.VolumePermission
	if c := in.CreateVolumePermission; c != nil {
		add, remove = perms(c.Add), perms(c.Remove)
	}
	var listed []control.VolumePermission
	for _, u := range in.UserIds {
		listed = append(listed, control.VolumePermission{UserID: u})
	}
	for _, g := range in.GroupNames {
		listed = append(listed, control.VolumePermission{Group: g})
	}
	if len(listed) > 0 {
		switch deref(in.OperationType) {
		case "add":
			add = append(add, listed...)
		case "remove":
			remove = append(remove, listed...)
		case "":
			return awserr.MissingParameter("The request must contain the parameter operationType")
		default:
			return awserr.InvalidParameterValue("Value (%s) for parameter operationType is invalid. Valid values: add, remove", deref(in.OperationType))
		}
	}
	return a.ctl.ModifySnapshotPermissions(ctx, r.Scope, deref(in.SnapshotId), add, remove)
}

func snapshotOut(s *model.Snapshot) Snapshot {
	return Snapshot{SnapshotId: str(s.ID), VolumeId: str(s.VolumeID), VolumeSize: i32(s.VolumeSize), Description: str(s.Description),
		Encrypted: boolp(s.Encrypted), KmsKeyId: optStr(s.KmsKeyID), State: str(s.State), StartTime: timep(s.StartTime),
		CompletionTime: timep(s.CompleteTime), Progress: str("100%"), OwnerId: str(s.Account), StorageTier: str("standard"),
		Tags: tagSet(&s.Meta)}
}

var snapshotFilters = filterTable[model.Snapshot]{
	"description": func(v *model.Snapshot) []string { return one(v.Description) },
	"encrypted":   func(v *model.Snapshot) []string { return one(boolStr(v.Encrypted)) },
	"owner-alias": func(v *model.Snapshot) []string { return nil },
	"owner-id":    func(v *model.Snapshot) []string { return one(v.Account) },
	"progress":    func(v *model.Snapshot) []string { return one("100%") },
	"snapshot-id": func(v *model.Snapshot) []string { return one(v.ID) },
	"start-time":  func(v *model.Snapshot) []string { return fmtTime(timep(v.StartTime)) },
	"status":      func(v *model.Snapshot) []string { return one(v.State) },
	"storage-tier": func(v *model.Snapshot) []string {
		return one("standard")
	},
	"transfer-type": func(v *model.Snapshot) []string { return nil },
	"volume-id":     func(v *model.Snapshot) []string { return one(v.VolumeID) },
	"volume-size":   func(v *model.Snapshot) []string { return one(fmt.Sprint(v.VolumeSize)) },
}

func (a *API) describeSnapshots(ctx context.Context, r *Request, in *DescribeSnapshotsRequest) (*DescribeSnapshotsResult, error) {
	if in.MaxResults != nil && len(in.SnapshotIds) > 0 {
		return nil, awserr.InvalidParameterCombination("The parameter snapshotSet cannot be used with the parameter maxResults")
	}
	m, err := compileFilters(snapshotFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	// "If MaxResults is given a value larger than 1,000, only 1,000
	// results are returned." [EC2 API DescribeSnapshots]
	maxResults := in.MaxResults
	if maxResults != nil && *maxResults > 1000 {
		maxResults = i32(1000)
	}
	p, err := newPage(maxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	snaps, err := a.ctl.Snapshots(ctx, r.Scope, in.SnapshotIds, in.OwnerIds, in.RestorableByUserIds)
	if err != nil {
		return nil, err
	}
	out := &DescribeSnapshotsResult{}
	for _, s := range snaps {
		if p.after != "" && s.ID <= p.after {
			continue
		}
		if !m.match(s) {
			continue
		}
		if p.max > 0 && int32(len(out.Snapshots)) == p.max {
			out.NextToken = token(deref(out.Snapshots[len(out.Snapshots)-1].SnapshotId))
			break
		}
		out.Snapshots = append(out.Snapshots, snapshotOut(s))
	}
	return out, nil
}
