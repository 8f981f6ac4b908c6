package model

import "net/netip"

// VPC is a virtual private cloud.
type VPC struct {
	Meta
	State           string          `json:"state"` // pending | available
	CidrBlocks      []CidrAssoc     `json:"cidrBlocks"`
	Ipv6CidrBlocks  []Ipv6CidrAssoc `json:"ipv6CidrBlocks,omitempty"`
	DhcpOptionsID   string          `json:"dhcpOptionsId"` // "default" when none
	InstanceTenancy string          `json:"instanceTenancy"`
	IsDefault       bool            `json:"isDefault"`
	// Attributes (DescribeVpcAttribute / ModifyVpcAttribute).
	EnableDnsSupport                 bool `json:"enableDnsSupport"`
	EnableDnsHostnames               bool `json:"enableDnsHostnames"`
	EnableNetworkAddressUsageMetrics bool `json:"enableNetworkAddressUsageMetrics"`
}

// CidrAssoc is an IPv4 CIDR block association of a VPC or subnet.
type CidrAssoc struct {
	AssociationID string       `json:"associationId"`
	Prefix        netip.Prefix `json:"prefix"`
	State         string       `json:"state"` // associated | disassociated
}

// Ipv6CidrAssoc is an IPv6 CIDR block association of a VPC or subnet.
type Ipv6CidrAssoc struct {
	AssociationID      string       `json:"associationId"`
	Prefix             netip.Prefix `json:"prefix"`
	State              string       `json:"state"`
	Pool               string       `json:"pool,omitempty"` // Amazon: "Amazon"
	NetworkBorderGroup string       `json:"networkBorderGroup,omitempty"`
}

// PrimaryCidr returns the VPC's primary IPv4 CIDR block.
func (v *VPC) PrimaryCidr() netip.Prefix {
	if len(v.CidrBlocks) == 0 {
		return netip.Prefix{}
	}
	return v.CidrBlocks[0].Prefix
}

// ActiveCidrs returns the associated IPv4 and IPv6 CIDR blocks.
func (v *VPC) ActiveCidrs() []netip.Prefix {
	var out []netip.Prefix
	for _, c := range v.CidrBlocks {
		if c.State == "associated" {
			out = append(out, c.Prefix)
		}
	}
	for _, c := range v.Ipv6CidrBlocks {
		if c.State == "associated" {
			out = append(out, c.Prefix)
		}
	}
	return out
}
