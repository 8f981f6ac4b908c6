package model

import "net/netip"

// Ipam is a VPC IP Address Manager [Amazon VPC IPAM User Guide, "How IPAM
// works"]: it lives in its home region (Meta.Region), manages the
// operating regions it lists (the home region always among them), and
// comes with a public and a private default scope and a default resource
// discovery associated with it.
type Ipam struct {
	Meta
	Description      string   `json:"description,omitempty"`
	OperatingRegions []string `json:"operatingRegions"`
	Tier             string   `json:"tier"` // free | advanced
	EnablePrivateGua bool     `json:"enablePrivateGua,omitempty"`
	MeteredAccount   string   `json:"meteredAccount,omitempty"` // ipam-owner | resource-owner
	PublicScopeID    string   `json:"publicScopeId"`
	PrivateScopeID   string   `json:"privateScopeId"`
	// DiscoveryID and DiscoveryAssociationID name the default resource
	// discovery and its association with this IPAM (ipam-res-disco-,
	// ipam-res-disco-assoc-); they exist exactly as long as the IPAM.
	DiscoveryID            string `json:"discoveryId"`
	DiscoveryAssociationID string `json:"discoveryAssociationId"`
	// Modified is set by ModifyIpam: the state then reads modify-complete.
	Modified bool `json:"modified,omitempty"`
}

// IpamState returns an IPAM object's state as EC2 reports it once an
// operation has finished: create-complete, or modify-complete after a
// modification.
func IpamState(modified bool) string {
	if modified {
		return "modify-complete"
	}
	return "create-complete"
}

// IpamScope is one IP space of an IPAM: public or private; the two
// default scopes are created and deleted with the IPAM.
type IpamScope struct {
	Meta
	IpamID      string `json:"ipamId"`
	Type        string `json:"type"` // public | private
	IsDefault   bool   `json:"isDefault,omitempty"`
	Description string `json:"description,omitempty"`
	Modified    bool   `json:"modified,omitempty"`
}

// IpamPool is a collection of contiguous CIDRs within a scope, possibly
// nested in a source pool whose space its CIDRs come from.
type IpamPool struct {
	Meta
	IpamID        string `json:"ipamId"`
	ScopeID       string `json:"scopeId"`
	SourcePoolID  string `json:"sourcePoolId,omitempty"`
	Depth         int32  `json:"depth"` // 1 for a top-level pool
	Locale        string `json:"locale,omitempty"`
	Description   string `json:"description,omitempty"`
	AddressFamily string `json:"addressFamily"` // ipv4 | ipv6
	AutoImport    bool   `json:"autoImport,omitempty"`
	// PubliclyAdvertisable is recorded for IPv6 pools only.
	PubliclyAdvertisable *bool  `json:"publiclyAdvertisable,omitempty"`
	AwsService           string `json:"awsService,omitempty"`     // ec2
	PublicIPSource       string `json:"publicIpSource,omitempty"` // amazon | byoip
	// Allocation rules; 0 (or nil tags) means no rule.
	MinNetmask     int32             `json:"minNetmask,omitempty"`
	MaxNetmask     int32             `json:"maxNetmask,omitempty"`
	DefaultNetmask int32             `json:"defaultNetmask,omitempty"`
	ResourceTags   map[string]string `json:"resourceTags,omitempty"`
	// Cidrs are the CIDRs provisioned to the pool (deprovisioned ones are
	// kept with that state, as GetIpamPoolCidrs lists them).
	Cidrs []IpamPoolCidr `json:"cidrs,omitempty"`
	// Allocations are the pool's allocations: custom ones, VPC CIDRs and
	// the provisioned CIDRs of child pools (resource type ipam-pool).
	Allocations []IpamAllocation `json:"allocations,omitempty"`
	Modified    bool             `json:"modified,omitempty"`
}

// IpamPoolCidr is one CIDR provisioned to a pool.
type IpamPoolCidr struct {
	ID     string       `json:"id"` // ipam-pool-cidr-
	Prefix netip.Prefix `json:"prefix"`
	State  string       `json:"state"` // provisioned | deprovisioned
}

// IpamAllocation is one CIDR allocated from a pool.
type IpamAllocation struct {
	ID             string            `json:"id"` // ipam-pool-alloc-
	Prefix         netip.Prefix      `json:"prefix"`
	Description    string            `json:"description,omitempty"`
	ResourceType   string            `json:"resourceType"` // custom | vpc | ipam-pool
	ResourceID     string            `json:"resourceId,omitempty"`
	ResourceRegion string            `json:"resourceRegion,omitempty"`
	ResourceOwner  string            `json:"resourceOwner,omitempty"`
	Tags           map[string]string `json:"tags,omitempty"`
}

// ProvisionedCidrs returns the pool's CIDRs in state provisioned.
func (p *IpamPool) ProvisionedCidrs() []netip.Prefix {
	var out []netip.Prefix
	for _, c := range p.Cidrs {
		if c.State == "provisioned" {
			out = append(out, c.Prefix)
		}
	}
	return out
}
