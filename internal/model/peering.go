package model

import (
	"net/netip"
	"time"
)

// Peering connection status codes (EC2 VpcPeeringConnectionStateReasonCode),
// in the order of the lifecycle the VPC Peering Guide describes
// (vpc-peering-basics.md, "VPC peering lifecycle").
const (
	PeeringInitiatingRequest = "initiating-request"
	PeeringPendingAcceptance = "pending-acceptance"
	PeeringProvisioning      = "provisioning"
	PeeringActive            = "active"
	PeeringDeleting          = "deleting"
	PeeringDeleted           = "deleted"
	PeeringRejected          = "rejected"
	PeeringFailed            = "failed"
	PeeringExpired           = "expired"
)

// VpcPeeringConnection connects two VPCs, possibly in different accounts
// and regions. It is stored once, in the requester's account and region
// (Meta.Account, Meta.Region); the accepter sees the same object in its own
// account and region through Accepter. Meta.Tags are the requester's tags;
// AccepterTags are the accepter's when it is another account or Region
// (tags on a peering connection are per account and Region: SplitTags).
type VpcPeeringConnection struct {
	Meta
	Requester PeeringSide `json:"requester"`
	Accepter  PeeringSide `json:"accepter"`
	// Status is one of the Peering* codes; StatusMessage is EC2's text.
	Status        string `json:"status"`
	StatusMessage string `json:"statusMessage,omitempty"`
	// ExpirationTime is when an unaccepted request expires (7 days after
	// creation); zero once accepted.
	ExpirationTime time.Time `json:"expirationTime,omitempty"`
	// StatusChanged is when Status last changed: a deleted, rejected,
	// failed or expired connection stays visible for a while after it.
	StatusChanged time.Time         `json:"statusChanged,omitempty"`
	AccepterTags  map[string]string `json:"accepterTags,omitempty"`
	// DeletedBy is the account that deleted the connection: it sees the
	// deleted connection for 2 hours, the other party for 2 days.
	DeletedBy string `json:"deletedBy,omitempty"`
}

// AccepterScope is the account-region in which the accepter sees and acts
// on the connection.
func (p *VpcPeeringConnection) AccepterScope() Scope {
	return Scope{Account: p.Accepter.OwnerID, Region: p.Accepter.Region}
}

// SplitTags reports whether the accepter keeps tags of its own: tags on a
// peering connection apply only in the account and Region in which they
// were created (VPC Peering Guide, vpc-peering-basics.md, "Connections").
func (p *VpcPeeringConnection) SplitTags() bool { return p.AccepterScope() != p.Scope() }

// PeeringSide is one end of a peering connection.
type PeeringSide struct {
	OwnerID string `json:"ownerId"`
	Region  string `json:"region"`
	VpcID   string `json:"vpcId"`
	// CidrBlocks and Ipv6CidrBlocks are the VPC's blocks as recorded when
	// the connection became active (EC2 reports them in CidrBlockSet and
	// Ipv6CidrBlockSet); the data plane reads the live VPC.
	CidrBlocks     []netip.Prefix `json:"cidrBlocks,omitempty"`
	Ipv6CidrBlocks []netip.Prefix `json:"ipv6CidrBlocks,omitempty"`
	// AllowDNSResolutionFromRemoteVpc: queries from the other side's VPC
	// resolve the public DNS hostnames of this side's instances to their
	// private addresses (VPC Peering Guide, "Enable DNS resolution for a
	// VPC peering connection").
	AllowDNSResolutionFromRemoteVpc bool `json:"allowDnsResolutionFromRemoteVpc,omitempty"`
}

// Side returns the side of the connection that holds vpcID and the other
// side; ok is false when neither side is vpcID.
func (p *VpcPeeringConnection) Side(vpcID string) (this, other *PeeringSide, ok bool) {
	switch vpcID {
	case p.Requester.VpcID:
		return &p.Requester, &p.Accepter, true
	case p.Accepter.VpcID:
		return &p.Accepter, &p.Requester, true
	}
	return nil, nil, false
}

// Active reports whether the connection carries traffic.
func (p *VpcPeeringConnection) Active() bool { return p.Status == PeeringActive }
