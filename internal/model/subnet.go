package model

import "net/netip"

// Subnet is a range of a VPC in one availability zone.
type Subnet struct {
	Meta
	VpcID              string          `json:"vpcId"`
	State              string          `json:"state"`
	AvailabilityZone   string          `json:"availabilityZone"`
	AvailabilityZoneID string          `json:"availabilityZoneId"`
	CidrBlock          netip.Prefix    `json:"cidrBlock"`
	Ipv6CidrBlocks     []Ipv6CidrAssoc `json:"ipv6CidrBlocks,omitempty"`
	DefaultForAz       bool            `json:"defaultForAz"`
	// Attributes (ModifySubnetAttribute).
	MapPublicIpOnLaunch         bool   `json:"mapPublicIpOnLaunch"`
	AssignIpv6AddressOnCreation bool   `json:"assignIpv6AddressOnCreation"`
	EnableDns64                 bool   `json:"enableDns64"`
	Ipv6Native                  bool   `json:"ipv6Native"`
	HostnameType                string `json:"hostnameType,omitempty"` // ip-name | resource-name
	EnableResourceNameDnsA      bool   `json:"enableResourceNameDnsA"`
	EnableResourceNameDnsAAAA   bool   `json:"enableResourceNameDnsAAAA"`
}

// Ipv6CidrBlock returns the subnet's associated IPv6 /64, if any.
func (s *Subnet) Ipv6CidrBlock() (netip.Prefix, bool) {
	for _, c := range s.Ipv6CidrBlocks {
		if c.State == "associated" {
			return c.Prefix, true
		}
	}
	return netip.Prefix{}, false
}
