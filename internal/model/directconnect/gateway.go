package directconnect

import "github.com/vpcsim/vpcsim/internal/model"

// Direct Connect gateway states (DirectConnectGatewayState).
const (
	GwPending   = "pending"
	GwAvailable = "available"
	GwDeleting  = "deleting"
	GwDeleted   = "deleted"
)

// Association states (DirectConnectGatewayAssociationState).
const (
	AssocAssociating    = "associating"
	AssocAssociated     = "associated"
	AssocDisassociating = "disassociating"
	AssocDisassociated  = "disassociated"
	AssocUpdating       = "updating"
)

// Associated gateway types (GatewayType).
const (
	GatewayTypeVGW = "virtualPrivateGateway"
	GatewayTypeTGW = "transitGateway"
)

// Gateway is a Direct Connect gateway: a global resource (Meta.Region is
// empty) joining virtual interfaces to virtual private gateways or transit
// gateways in any region.
type Gateway struct {
	model.Meta
	Name          string `json:"name"`
	AmazonSideAsn int64  `json:"amazonSideAsn"`
	State         string `json:"state"`
}

// ARN returns the gateway's ARN.
func (g *Gateway) ARN() string { return GatewayARN(g.Account, g.ID) }

// Association joins a Direct Connect gateway to a virtual private gateway
// or a transit gateway. Meta.Account and Meta.Region are the associated
// gateway's owner and region. AllowedPrefixes are the prefixes the Direct
// Connect gateway advertises on-premises for it (CIDR strings).
type Association struct {
	model.Meta
	GatewayID       string   `json:"dxGatewayId"`
	GatewayOwner    string   `json:"dxGatewayOwner"`
	AssociatedID    string   `json:"associatedId"`
	AssociatedType  string   `json:"associatedType"` // GatewayTypeVGW | GatewayTypeTGW
	State           string   `json:"state"`
	AllowedPrefixes []string `json:"allowedPrefixes,omitempty"`
	TGWAttachmentID string   `json:"tgwAttachmentId,omitempty"`
}
