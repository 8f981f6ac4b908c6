package iam

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/api"
	iamctl "github.com/vpcsim/vpcsim/internal/control/iam"
	"github.com/vpcsim/vpcsim/internal/model"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
)

// encodeDocument URL-encodes a policy document as IAM returns it: every
// byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~) becomes
// %XX.
func encodeDocument(doc string) string {
	const hex = "0123456789ABCDEF"
	n := 0
	for i := 0; i < len(doc); i++ {
		if !unreserved(doc[i]) {
			n++
		}
	}
	if n == 0 {
		return doc
	}
	b := make([]byte, 0, len(doc)+2*n)
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if unreserved(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}

func unreserved(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func ptr[T any](v T) *T { return &v }

func page(marker *string, max *int32) iamctl.Page {
	p := iamctl.Page{Marker: api.Str(marker)}
	if max != nil {
		p.MaxItems = *max
	}
	return p
}

// paged returns the IsTruncated and Marker members of a List answer.
func paged(p iamctl.Paged) (*bool, *string) {
	if !p.IsTruncated {
		return ptr(false), nil
	}
	return ptr(true), ptr(p.Marker)
}

func tagsIn(in []Tag) []model.Tag {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.Tag, len(in))
	for i, t := range in {
		out[i] = model.Tag{Key: api.Str(t.Key), Value: api.Str(t.Value)}
	}
	return out
}

func tagsOut(tags []model.Tag) []Tag {
	if len(tags) == 0 {
		return nil
	}
	out := make([]Tag, len(tags))
	for i, t := range tags {
		out[i] = Tag{Key: ptr(t.Key), Value: ptr(t.Value)}
	}
	return out
}

func timeOut(t time.Time) *time.Time { return &t }

// roleDetail selects what a Role shape carries: GetRole, CreateRole and
// UpdateRoleDescription carry tags, the boundary and last use; ListRoles
// does not ("ListRoles ... does not return PermissionsBoundary,
// RoleLastUsed, Tags").
type roleDetail int

const (
	roleList roleDetail = iota
	roleFull
)

func roleOut(r *iammodel.Role, d roleDetail) Role {
	out := Role{Path: ptr(r.Path), RoleName: ptr(r.Name), RoleId: ptr(r.RoleID), Arn: ptr(r.ARN),
		CreateDate: timeOut(r.Created), AssumeRolePolicyDocument: ptr(encodeDocument(r.TrustPolicy)),
		MaxSessionDuration: ptr(r.MaxSessionDuration)}
	if r.Description != "" {
		out.Description = ptr(r.Description)
	}
	if d == roleFull {
		if r.PermissionsBoundary != "" {
			out.PermissionsBoundary = &AttachedPermissionsBoundary{PermissionsBoundaryType: ptr("PermissionsBoundaryPolicy"),
				PermissionsBoundaryArn: ptr(r.PermissionsBoundary)}
		}
		out.Tags = tagsOut(r.SortedTags())
		out.RoleLastUsed = &RoleLastUsed{}
		if r.LastUsed != nil {
			out.RoleLastUsed.LastUsedDate = timeOut(*r.LastUsed)
			out.RoleLastUsed.Region = ptr(r.LastUsedRegion)
		}
	}
	return out
}

func policyOut(p iamctl.PolicyView, withTags bool) *Policy {
	out := &Policy{PolicyName: ptr(p.Name), PolicyId: ptr(p.PolicyID), Arn: ptr(p.ARN), Path: ptr(p.Path),
		DefaultVersionId: ptr(p.DefaultVersion), AttachmentCount: ptr(int32(p.AttachmentCount)),
		PermissionsBoundaryUsageCount: ptr(int32(p.BoundaryUsageCount)), IsAttachable: ptr(p.Attachable),
		CreateDate: timeOut(p.Created), UpdateDate: timeOut(p.Updated)}
	if p.Description != "" {
		out.Description = ptr(p.Description)
	}
	if withTags {
		out.Tags = tagsOut(p.SortedTags())
	}
	return out
}

func versionOut(v iammodel.PolicyVersion, isDefault, withDocument bool) PolicyVersion {
	out := PolicyVersion{VersionId: ptr(v.ID), IsDefaultVersion: ptr(isDefault), CreateDate: timeOut(v.Created)}
	if withDocument {
		out.Document = ptr(encodeDocument(v.Document))
	}
	return out
}

func profileOut(p iamctl.ProfileView) InstanceProfile {
	out := InstanceProfile{Path: ptr(p.Path), InstanceProfileName: ptr(p.Name), InstanceProfileId: ptr(p.ProfileID),
		Arn: ptr(p.ARN), CreateDate: timeOut(p.Created), Roles: []Role{}, Tags: tagsOut(p.SortedTags())}
	for _, r := range p.Roles {
		out.Roles = append(out.Roles, roleOut(r, roleList))
	}
	return out
}
