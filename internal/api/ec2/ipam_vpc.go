package ec2

import "github.com/vpcsim/vpcsim/internal/control"

// ipamVpcIn collects the IPAM members of CreateVpc and AssociateVpcCidrBlock.
// With an IPv6 IPAM pool, Ipv6CidrBlock names a block of that pool; it is
// returned as the plain Ipv6CidrBlock (for a BYOIP Ipv6Pool) otherwise.
func ipamVpcIn(v4Pool *string, v4Mask *int32, v6Pool *string, v6Mask *int32, v6Cidr *string) (control.IpamVpcRequest, *string) {
	r := control.IpamVpcRequest{Ipv4PoolID: deref(v4Pool), Ipv4Netmask: derefI32(v4Mask, 0), Ipv6PoolID: deref(v6Pool), Ipv6Netmask: derefI32(v6Mask, 0)}
	if r.Ipv6PoolID != "" {
		r.Ipv6CidrBlock = deref(v6Cidr)
		return r, nil
	}
	return r, v6Cidr
}
