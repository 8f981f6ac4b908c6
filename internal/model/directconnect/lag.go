package directconnect

import "github.com/vpcsim/vpcsim/internal/model"

// LAG states (LagState).
const (
	LagRequested = "requested"
	LagPending   = "pending"
	LagAvailable = "available"
	LagDown      = "down"
	LagDeleting  = "deleting"
	LagDeleted   = "deleted"
)

// Lag is a link aggregation group: dedicated connections of one bandwidth
// at one location bundled with LACP into one logical interface. Its
// member connections point at it (Connection.LagID).
type Lag struct {
	model.Meta
	Name                 string `json:"name"`
	State                string `json:"state"`
	Location             string `json:"location"`
	ConnectionsBandwidth string `json:"connectionsBandwidth"`
	MinimumLinks         int32  `json:"minimumLinks"`
	ProviderName         string `json:"providerName,omitempty"`
	AWSDevice            string `json:"awsDevice"`
	EncryptionMode       string `json:"encryptionMode,omitempty"`
	MacSecCapable        bool   `json:"macSecCapable,omitempty"`
}

// ARN returns the LAG's ARN.
func (l *Lag) ARN() string { return LagARN(l.Region, l.Account, l.ID) }
