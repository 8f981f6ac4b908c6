package iam

import "github.com/vpcsim/vpcsim/internal/model"

// InstanceProfile is an IAM instance profile, a container for at most one
// role that EC2 instances use. Meta.ID is InstanceProfileKey(account, name).
type InstanceProfile struct {
	model.Meta
	// Name is the profile name (unique per account, ignoring case).
	Name string `json:"name"`
	// Path is the profile's path, "/" by default.
	Path string `json:"path"`
	// ProfileID is "AIPA" + 17 uppercase alphanumerics.
	ProfileID string `json:"profileId"`
	// ARN is arn:aws:iam::<account>:instance-profile<path><name>.
	ARN string `json:"arn"`
	// Roles holds the names of the profile's roles (zero or one).
	Roles []string `json:"roles,omitempty"`
}

// InstanceProfileKey is the store key of an instance profile.
func InstanceProfileKey(account, name string) string { return account + "/" + lower(name) }
