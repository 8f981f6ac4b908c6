package directconnect

import "github.com/vpcsim/vpcsim/internal/model"

// Connection states (ConnectionState).
const (
	ConnOrdering  = "ordering"
	ConnRequested = "requested"
	ConnPending   = "pending"
	ConnAvailable = "available"
	ConnDown      = "down"
	ConnDeleting  = "deleting"
	ConnDeleted   = "deleted"
	ConnRejected  = "rejected"
)

// Connection is a dedicated connection (a physical port at a Direct
// Connect location) or a hosted connection (a VLAN and a share of the
// bandwidth of a partner's connection or LAG). Meta.Account is the owner,
// the account that sees it in DescribeConnections.
type Connection struct {
	model.Meta
	Name      string `json:"name"`
	State     string `json:"state"`
	Location  string `json:"location"`
	Bandwidth string `json:"bandwidth"`
	// LagID is the LAG the connection belongs to, if any.
	LagID        string `json:"lagId,omitempty"`
	ProviderName string `json:"providerName,omitempty"`
	AWSDevice    string `json:"awsDevice"`
	// EncryptionMode is the MACsec mode (no_encrypt, should_encrypt,
	// must_encrypt); MacSecCapable when requested at creation.
	EncryptionMode string `json:"encryptionMode,omitempty"`
	MacSecCapable  bool   `json:"macSecCapable,omitempty"`
	JumboFrames    bool   `json:"jumboFrames"`

	// Hosted connections: the parent connection or LAG they are carved
	// from, the VLAN, and the partner account that allocated them.
	Hosted         bool   `json:"hosted,omitempty"`
	ParentID       string `json:"parentId,omitempty"`
	Vlan           int32  `json:"vlan,omitempty"`
	PartnerAccount string `json:"partnerAccount,omitempty"`
	PartnerName    string `json:"partnerName,omitempty"`
}

// ARN returns the connection's ARN.
func (c *Connection) ARN() string { return ConnectionARN(c.Region, c.Account, c.ID) }
