// Package ram holds the data of AWS Resource Access Manager: resource
// shares with their principal and resource associations, invitations, and
// the organization-wide sharing setting. Semantics live in
// internal/control/ram.
package ram

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// Resource share statuses [RAM API ResourceShareStatus].
const (
	ShareActive  = "ACTIVE"
	ShareDeleted = "DELETED"
)

// Association statuses [RAM API ResourceShareAssociationStatus].
const (
	AssocAssociating    = "ASSOCIATING"
	AssocAssociated     = "ASSOCIATED"
	AssocFailed         = "FAILED"
	AssocDisassociating = "DISASSOCIATING"
	AssocDisassociated  = "DISASSOCIATED"
)

// Association types [RAM API ResourceShareAssociationType].
const (
	TypePrincipal = "PRINCIPAL"
	TypeResource  = "RESOURCE"
)

// ResourceShare is a resource share. Meta.ID is its ARN
// (arn:aws:ram:REGION:ACCOUNT:resource-share/UUID), Meta.Account its
// owner.
type ResourceShare struct {
	model.Meta
	Name                    string    `json:"name"`
	AllowExternalPrincipals bool      `json:"allowExternalPrincipals"`
	Status                  string    `json:"status"`
	StatusMessage           string    `json:"statusMessage,omitempty"`
	Updated                 time.Time `json:"updated"`
	// ClientToken and RequestKey make CreateResourceShare idempotent:
	// the same token with another request is a mismatch.
	ClientToken string `json:"clientToken,omitempty"`
	RequestKey  string `json:"requestKey,omitempty"`
	// Permissions are the managed permissions attached (ARN and version).
	Permissions []PermissionRef `json:"permissions,omitempty"`
	// Associations are the principals and resources, in the order added.
	Associations []Association `json:"associations,omitempty"`
}

// PermissionRef is a managed permission attached to a share.
type PermissionRef struct {
	Arn     string    `json:"arn"`
	Version int       `json:"version"`
	Added   time.Time `json:"added"`
}

// Association links a share with a principal or a resource.
type Association struct {
	Entity        string    `json:"entity"`
	Type          string    `json:"type"`
	Status        string    `json:"status"`
	StatusMessage string    `json:"statusMessage,omitempty"`
	External      bool      `json:"external,omitempty"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
	// ResourceType is a resource's RAM type ("ec2:TransitGateway").
	ResourceType string `json:"resourceType,omitempty"`
	// InvitationArn is the invitation an account principal must accept
	// (empty when access needs none).
	InvitationArn string `json:"invitationArn,omitempty"`
}
