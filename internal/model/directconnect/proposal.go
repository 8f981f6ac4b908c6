package directconnect

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// Association proposal states (DirectConnectGatewayAssociationProposalState).
const (
	ProposalRequested = "requested"
	ProposalAccepted  = "accepted"
	ProposalDeleted   = "deleted"
)

// Proposal is a Direct Connect gateway association proposal: the owner of
// a virtual private gateway or transit gateway (Meta.Account, in the
// gateway's Region Meta.Region) proposes to associate it with a Direct
// Connect gateway of another account (GatewayOwner), which accepts it.
// Add and Remove are the allowed prefixes the proposal asks to add to, or
// remove from, the association (Remove only for a proposal that updates
// an existing association). StateTime is when it was accepted or deleted.
type Proposal struct {
	model.Meta
	GatewayID      string    `json:"dxGatewayId"`
	GatewayOwner   string    `json:"dxGatewayOwner"`
	AssociatedID   string    `json:"associatedId"`
	AssociatedType string    `json:"associatedType"` // GatewayTypeVGW | GatewayTypeTGW
	State          string    `json:"state"`
	StateTime      time.Time `json:"stateTime,omitzero"`
	Add            []string  `json:"add,omitempty"`
	Remove         []string  `json:"remove,omitempty"`
}
