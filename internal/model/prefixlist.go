package model

import "net/netip"

// ManagedPrefixList is a customer-managed or AWS-managed prefix list.
// AWS-managed lists (S3, DynamoDB) have OwnerID "AWS".
type ManagedPrefixList struct {
	Meta
	Name          string                      `json:"name"`
	AddressFamily string                      `json:"addressFamily"` // IPv4 | IPv6
	MaxEntries    int32                       `json:"maxEntries"`
	Version       int64                       `json:"version"`
	State         string                      `json:"state"`
	OwnerID       string                      `json:"ownerId"`
	Entries       []PrefixListEntry           `json:"entries"`
	History       map[int64][]PrefixListEntry `json:"history,omitempty"` // earlier versions
}

// PrefixListEntry is one CIDR of a prefix list.
type PrefixListEntry struct {
	Cidr        netip.Prefix `json:"cidr"`
	Description string       `json:"description,omitempty"`
}

// IsAWSManaged reports whether AWS owns the list.
func (p *ManagedPrefixList) IsAWSManaged() bool { return p.OwnerID == "AWS" }
