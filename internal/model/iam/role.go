package iam

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// Role is an IAM role. Meta.ID is RoleKey(account, name); Meta.Tags are the
// role's tags and Meta.Created its CreateDate.
type Role struct {
	model.Meta
	// Name is the role name as created (names are unique per account,
	// ignoring case).
	Name string `json:"name"`
	// Path is the role's path, "/" by default; it begins and ends with "/".
	Path string `json:"path"`
	// RoleID is the unique id, "AROA" + 17 uppercase alphanumerics.
	RoleID string `json:"roleId"`
	// ARN is arn:aws:iam::<account>:role<path><name>.
	ARN string `json:"arn"`
	// TrustPolicy is the assume-role policy document as the caller sent it
	// (decoded, not URL-encoded).
	TrustPolicy string `json:"trustPolicy"`
	// Description is the role's description (may be empty).
	Description string `json:"description,omitempty"`
	// MaxSessionDuration is in seconds, 3600..43200.
	MaxSessionDuration int32 `json:"maxSessionDuration"`
	// PermissionsBoundary is the ARN of the managed policy used as the
	// role's permissions boundary, or empty.
	PermissionsBoundary string `json:"permissionsBoundary,omitempty"`
	// AttachedPolicies lists the ARNs of the attached managed policies in
	// attachment order.
	AttachedPolicies []string `json:"attachedPolicies,omitempty"`
	// InlinePolicies maps an inline policy name to its document.
	InlinePolicies map[string]string `json:"inlinePolicies,omitempty"`
	// LastUsed and LastUsedRegion record the last AssumeRole of the role.
	LastUsed       *time.Time `json:"lastUsed,omitempty"`
	LastUsedRegion string     `json:"lastUsedRegion,omitempty"`
	// ServiceLinked is the service principal of a service-linked role
	// ("elasticloadbalancing.amazonaws.com"), empty for other roles.
	ServiceLinked string `json:"serviceLinked,omitempty"`
}

// RoleKey is the store key of a role: names are unique per account
// regardless of case.
func RoleKey(account, name string) string { return account + "/" + lower(name) }

// HasPolicy reports whether the managed policy arn is attached.
func (r *Role) HasPolicy(arn string) bool {
	for _, a := range r.AttachedPolicies {
		if a == arn {
			return true
		}
	}
	return false
}
