package control

import (
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// IPv6-only subnets (CreateSubnet Ipv6Native=true).
//
// A subnet is IPv4-only, dual stack or IPv6-only; an IPv6-only subnet "has
// an IPv6 CIDR block but does not have an IPv4 CIDR block. The VPC must have
// an IPv6 CIDR block. Resources in an IPv6-only subnet must communicate over
// IPv6" [VPC-UG configure-subnets.md "Subnet IP address range"]. The EC2 API
// reference adds: CidrBlock "is not supported for an IPv6 only subnet",
// Ipv6CidrBlock "is required for an IPv6 only subnet", and "For IPv6 only
// subnets, an instance DNS name must be based on the instance ID
// (resource-name)" [botocore ec2 CreateSubnetRequest,
// ModifySubnetAttributeRequest.PrivateDnsHostnameTypeOnLaunch,
// PrivateDnsNameOptionsOnLaunch.HostnameType]. AWS's create-subnet example
// for an IPv6-only subnet answers AssignIpv6AddressOnCreation true and
// AvailableIpAddressCount 0 (the count is of IPv4 addresses).
//
// The wording of the refusals below is vpcsim's: AWS's documentation names
// the rules, not the messages.

// checkIPv6OnlyCreate validates a CreateSubnet request for an IPv6-only
// subnet before any lookup: no IPv4 block, an IPv6 block required.
func checkIPv6OnlyCreate(in CreateSubnetInput) error {
	if in.CidrBlock != "" {
		return awserr.InvalidParameterCombination("The parameter cidrBlock is not supported for an IPv6 only subnet (ipv6Native).")
	}
	if in.Ipv6CidrBlock == "" {
		return awserr.MissingParameter("Ipv6CidrBlock")
	}
	return nil
}

// applyIPv6Only sets what AWS sets on a new IPv6-only subnet: IPv6 addresses
// on creation (interfaces there cannot have IPv4 ones) and resource-name
// host names.
func applyIPv6Only(sn *model.Subnet) {
	sn.Ipv6Native = true
	sn.AssignIpv6AddressOnCreation = true
	sn.HostnameType = "resource-name"
}

// checkIPv6OnlyAttribute refuses the ModifySubnetAttribute changes an
// IPv6-only subnet cannot take: it has no IPv4 addresses to map publicly or
// to name in an A record, its interfaces must get IPv6 addresses, and its
// instance names are resource names.
func checkIPv6OnlyAttribute(sn *model.Subnet, in ModifySubnetAttributeInput) error {
	if !sn.Ipv6Native {
		return nil
	}
	switch {
	case in.MapPublicIpOnLaunch != nil && *in.MapPublicIpOnLaunch:
		return awserr.InvalidParameterValue("Invalid value 'true' for mapPublicIpOnLaunch. Subnet %s is an IPv6 only subnet and has no IPv4 addresses to map.", sn.ID)
	case in.AssignIpv6AddressOnCreation != nil && !*in.AssignIpv6AddressOnCreation:
		return awserr.InvalidParameterValue("Invalid value 'false' for assignIpv6AddressOnCreation. Network interfaces in IPv6 only subnet %s must be assigned an IPv6 address.", sn.ID)
	case in.EnableResourceNameDnsARecordOnLaunch != nil && *in.EnableResourceNameDnsARecordOnLaunch:
		return awserr.InvalidParameterValue("Invalid value 'true' for enableResourceNameDnsARecordOnLaunch. Instances in IPv6 only subnet %s have no IPv4 address for an A record.", sn.ID)
	case in.PrivateDnsHostnameTypeOnLaunch == "ip-name":
		return awserr.InvalidParameterValue("Invalid value 'ip-name' for privateDnsHostnameTypeOnLaunch. The hostname type of IPv6 only subnet %s must be resource-name.", sn.ID)
	}
	return nil
}

// errNoIPv4 is the answer to any request for an IPv4 address in an
// IPv6-only subnet (a private IPv4 address, a secondary count, an interface
// of a service that needs IPv4).
func errNoIPv4(sn *model.Subnet) error {
	return awserr.InvalidParameterValue("Subnet %s is an IPv6 only subnet; IPv4 addresses cannot be assigned in it.", sn.ID)
}

// checkIPv6OnlyENI applies the addressing rules of an interface in an
// IPv6-only subnet: no private IPv4 address may be asked for, and the
// interface gets at least one IPv6 address.
func checkIPv6OnlyENI(sn *model.Subnet, in ENISpec) error {
	if !sn.Ipv6Native {
		return nil
	}
	if in.PrivateIPAddress != "" || len(in.PrivateIPs) > 0 || (in.SecondaryCount != nil && *in.SecondaryCount > 0) {
		return awserr.InvalidParameterCombination("IPv4 addresses (PrivateIpAddress, PrivateIpAddresses, SecondaryPrivateIpAddressCount) cannot be specified for a network interface in IPv6 only subnet %s.", sn.ID)
	}
	if in.Ipv6Count != nil && *in.Ipv6Count == 0 {
		return awserr.InvalidParameterValue("A network interface in IPv6 only subnet %s needs at least one IPv6 address; Ipv6AddressCount cannot be 0.", sn.ID)
	}
	return nil
}

// checkIPv6OnlyPublicIP refuses a public IPv4 address for an instance's
// interface in an IPv6-only subnet (AssociatePublicIpAddress=true).
func checkIPv6OnlyPublicIP(sn *model.Subnet) error {
	return awserr.InvalidParameterCombination("A public IPv4 address cannot be associated with a network interface in IPv6 only subnet %s.", sn.ID)
}

// checkNatGatewaySubnet refuses an IPv6-only subnet for a NAT gateway: the
// gateway translates to its private IPv4 address (and, for a public one, to
// an Elastic IP), so it lives in a subnet with an IPv4 block; NAT64 serves
// IPv6-only subnets from there [VPC-UG nat-gateway-nat64-dns64.md: "You
// should first configure a NAT gateway in a public subnet (separate from the
// subnet containing the IPv6-only workloads)"].
func checkNatGatewaySubnet(sn *model.Subnet) error {
	if sn.Ipv6Native || !sn.CidrBlock.IsValid() {
		return awserr.InvalidParameterValue("Subnet %s is an IPv6 only subnet. A NAT gateway needs a subnet with an IPv4 CIDR block.", sn.ID)
	}
	return nil
}

// SubnetIPv6Native reports whether subnet id is IPv6-only: an interface in
// it is an IPv6-only interface (DescribeNetworkInterfaces ipv6Native).
func SubnetIPv6Native(w *store.World, id string) bool {
	sn, ok := w.Subnets.Get(id)
	return ok && sn.Ipv6Native
}
