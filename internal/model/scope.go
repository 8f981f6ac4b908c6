package model

// ScopeState records that an account-region has been initialised with AWS's
// defaults (default VPC, subnets, IGW, prefix lists). Meta.ID is
// "account/region".
type ScopeState struct {
	Meta
	DefaultVpcID         string `json:"defaultVpcId,omitempty"`
	DefaultDhcpOptionsID string `json:"defaultDhcpOptionsId,omitempty"`
	// BlockPublicAccess is the account's VPC Block Public Access setting
	// in this region; nil until first modified (mode off, default-state).
	BlockPublicAccess *BlockPublicAccessOptions `json:"blockPublicAccess,omitempty"`
}

// ClientToken remembers an idempotent request: Meta.ID is
// "account/region/Action/token".
type ClientToken struct {
	Meta
	ParamsHash string `json:"paramsHash"`
	Response   []byte `json:"response"`
}
