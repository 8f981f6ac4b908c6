package iam

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// Session is a set of temporary security credentials issued by STS
// (AssumeRole or GetSessionToken). Meta.ID is the access key id
// ("ASIA" + the 12-digit account + 4 uppercase alphanumerics), so that a
// request signed with it maps to the session's account.
type Session struct {
	model.Meta
	// SecretAccessKey and SessionToken complete the credentials.
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken"`
	// Expiration is when the credentials stop working.
	Expiration time.Time `json:"expiration"`
	// ARN is the identity the credentials act as: the assumed-role session
	// ARN (arn:aws:sts::<acct>:assumed-role/<role>/<session>) or, for
	// GetSessionToken, the caller's own ARN.
	ARN string `json:"arn"`
	// UserID is GetCallerIdentity's UserId: "<RoleId>:<session>" for an
	// assumed role, the account id for the root user.
	UserID string `json:"userId"`
	// RoleARN is the assumed role's ARN (with its path), empty for
	// GetSessionToken credentials.
	RoleARN string `json:"roleArn,omitempty"`
	// RoleKey is the store key of the assumed role.
	RoleKey string `json:"roleKey,omitempty"`
	// SessionName is the RoleSessionName.
	SessionName string `json:"sessionName,omitempty"`
	// Policy is the inline session policy passed to AssumeRole, if any;
	// PolicyARNs the managed session policies.
	Policy     string   `json:"policy,omitempty"`
	PolicyARNs []string `json:"policyArns,omitempty"`
}

// AssumedRole reports whether the session came from AssumeRole.
func (s *Session) AssumedRole() bool { return s.RoleARN != "" }

// DeletionTask is a service-linked role deletion submitted with
// DeleteServiceLinkedRole. Meta.ID is the DeletionTaskId.
type DeletionTask struct {
	model.Meta
	// RoleName is the deleted role's name.
	RoleName string `json:"roleName"`
	// Status is SUCCEEDED, IN_PROGRESS, FAILED or NOT_STARTED.
	Status string `json:"status"`
}
