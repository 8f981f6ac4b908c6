package model

import "net/netip"

// NetworkACL is a stateless, ordered rule list applied at subnet boundaries.
type NetworkACL struct {
	Meta
	VpcID        string            `json:"vpcId"`
	IsDefault    bool              `json:"isDefault"`
	Entries      []NetworkACLEntry `json:"entries"`
	Associations []NetworkACLAssoc `json:"associations,omitempty"`
}

// NetworkACLEntry is one numbered rule. RuleNumber 32767 is the `*` rule
// (IPv4) and 32768 its IPv6 twin, both deny.
type NetworkACLEntry struct {
	RuleNumber int32        `json:"ruleNumber"`
	Egress     bool         `json:"egress"`
	Protocol   string       `json:"protocol"` // "-1" or a protocol number as decimal
	Action     string       `json:"action"`   // allow | deny
	CidrBlock  netip.Prefix `json:"cidrBlock,omitempty"`
	Ipv6Cidr   netip.Prefix `json:"ipv6CidrBlock,omitempty"`
	IcmpType   *int32       `json:"icmpType,omitempty"`
	IcmpCode   *int32       `json:"icmpCode,omitempty"`
	PortFrom   *int32       `json:"portFrom,omitempty"`
	PortTo     *int32       `json:"portTo,omitempty"`
}

// Prefix returns the entry's CIDR, IPv4 or IPv6.
func (e *NetworkACLEntry) Prefix() netip.Prefix {
	if e.CidrBlock.IsValid() {
		return e.CidrBlock
	}
	return e.Ipv6Cidr
}

// DefaultRuleNumber is the rule number EC2 shows for the `*` catch-all rule.
const DefaultRuleNumber = 32767

// NetworkACLAssoc associates a network ACL with a subnet.
type NetworkACLAssoc struct {
	ID       string `json:"id"`
	SubnetID string `json:"subnetId"`
}
