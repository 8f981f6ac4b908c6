package model

import "net/netip"

// SecurityGroup is a stateful, allow-only set of rules for ENIs. Its rules
// are stored as SecurityGroupRule objects keyed by group.
type SecurityGroup struct {
	Meta
	VpcID       string `json:"vpcId"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// IsDefault reports whether this is the VPC's default security group.
func (g *SecurityGroup) IsDefault() bool { return g.Name == "default" }

// SecurityGroupRule is one rule (sgr-) with exactly one peer: an IPv4 or IPv6
// CIDR, a referenced security group, or a prefix list.
type SecurityGroupRule struct {
	Meta           // Meta.ID is the sgr- id
	GroupID string `json:"groupId"`
	Egress  bool   `json:"egress"`
	// Protocol is "-1" (all), a protocol number as a decimal string, or
	// "tcp", "udp", "icmp", "icmpv6" as EC2 echoes them.
	Protocol string `json:"protocol"`
	// FromPort/ToPort are ports for TCP/UDP, or ICMP type/code; -1 for all.
	FromPort     int32        `json:"fromPort"`
	ToPort       int32        `json:"toPort"`
	CidrIPv4     netip.Prefix `json:"cidrIpv4,omitempty"`
	CidrIPv6     netip.Prefix `json:"cidrIpv6,omitempty"`
	RefGroupID   string       `json:"refGroupId,omitempty"`
	RefUserID    string       `json:"refUserId,omitempty"`
	RefVpcID     string       `json:"refVpcId,omitempty"`
	RefPeeringID string       `json:"refPeeringId,omitempty"`
	PrefixListID string       `json:"prefixListId,omitempty"`
	Description  string       `json:"description,omitempty"`
}

// ProtocolNumber returns the IP protocol number of the rule, or -1 for all.
func (r *SecurityGroupRule) ProtocolNumber() int { return ProtocolNumber(r.Protocol) }

// ProtocolNumber maps EC2's protocol spellings to an IP protocol number;
// -1 means all protocols and -2 an unknown name.
func ProtocolNumber(p string) int {
	switch p {
	case "-1", "all":
		return -1
	case "tcp":
		return 6
	case "udp":
		return 17
	case "icmp":
		return 1
	case "icmpv6":
		return 58
	}
	n := 0
	if p == "" {
		return -2
	}
	for _, c := range p {
		if c < '0' || c > '9' {
			return -2
		}
		n = n*10 + int(c-'0')
		if n > 255 {
			return -2
		}
	}
	return n
}
