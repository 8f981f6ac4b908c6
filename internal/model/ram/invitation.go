package ram

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// Invitation statuses [RAM API ResourceShareInvitationStatus].
const (
	InvitePending  = "PENDING"
	InviteAccepted = "ACCEPTED"
	InviteRejected = "REJECTED"
	InviteExpired  = "EXPIRED"
)

// Invitation is an invitation to join a resource share. Meta.ID is its
// ARN (arn:aws:ram:REGION:SENDER:resource-share-invitation/UUID),
// Meta.Account the sender.
type Invitation struct {
	model.Meta
	ShareArn  string    `json:"shareArn"`
	ShareName string    `json:"shareName"`
	Receiver  string    `json:"receiver"`
	Status    string    `json:"status"`
	Expires   time.Time `json:"expires"`
	Answered  time.Time `json:"answered,omitempty"`
}

// OrgSharing records that sharing with AWS Organizations was enabled
// (EnableSharingWithAwsOrganization). One global object, ID "organization":
// every account of a vpcsim server is in one organization.
type OrgSharing struct {
	model.Meta
	Enabled bool `json:"enabled"`
}
