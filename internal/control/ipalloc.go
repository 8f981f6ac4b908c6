package control

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// usedIPv4 returns the private IPv4 addresses taken by ENIs in a subnet.
func usedIPv4(w *store.World, subnetID string) map[netip.Addr]bool {
	used := map[netip.Addr]bool{}
	w.NetworkInterfaces.ByParent(subnetID, func(n *model.NetworkInterface) bool {
		for _, p := range n.PrivateIPs {
			used[p.Address] = true
		}
		return true
	})
	return used
}

// isReservedIPv4 reports whether a is one of the five addresses AWS keeps in
// every subnet: the network address, base+1 (VPC router), base+2 (DNS),
// base+3 (future use) and the last (broadcast) [VPC-UG subnet-sizing.md].
func isReservedIPv4(subnet netip.Prefix, a netip.Addr) bool {
	size := prefixSize(subnet)
	for _, off := range []uint64{0, 1, 2, 3, size - 1} {
		if nthAddr(subnet, off) == a {
			return true
		}
	}
	return false
}

// AvailableIPv4Count returns a subnet's free IPv4 addresses, as
// DescribeSubnets reports them.
func AvailableIPv4Count(w *store.World, sn *model.Subnet) int32 {
	if !sn.CidrBlock.IsValid() {
		return 0 // an IPv6-only subnet has no IPv4 addresses
	}
	return int32(prefixSize(sn.CidrBlock)) - reservedPerSubnet - int32(len(usedIPv4(w, sn.ID)))
}

// checkPrivateIPv4 validates a requested private address for a subnet.
func checkPrivateIPv4(w *store.World, sn *model.Subnet, a netip.Addr) error {
	if !sn.CidrBlock.IsValid() {
		return errNoIPv4(sn)
	}
	if !a.Is4() || !sn.CidrBlock.Contains(a) {
		return awserr.InvalidParameterValue("Address %s does not fall within the subnet's address range", a)
	}
	if isReservedIPv4(sn.CidrBlock, a) {
		return awserr.InvalidParameterValue("Address %s is in subnet's reserved address range", a)
	}
	if usedIPv4(w, sn.ID)[a] {
		return awserr.New("InvalidIPAddress.InUse", "Address %s is in use.", a)
	}
	return nil
}

// allocatePrivateIPv4 returns the lowest free, unreserved address of the
// subnet, skipping exclude (addresses already picked in this request).
func allocatePrivateIPv4(w *store.World, sn *model.Subnet, exclude map[netip.Addr]bool) (netip.Addr, error) {
	if !sn.CidrBlock.IsValid() {
		return netip.Addr{}, errNoIPv4(sn)
	}
	used := usedIPv4(w, sn.ID)
	reserved := reservedRanges(w, sn.ID) // never auto-assigned
	size := prefixSize(sn.CidrBlock)
	for off := uint64(4); off < size-1; off++ {
		a := nthAddr(sn.CidrBlock, off)
		if !used[a] && !exclude[a] && !inRanges(reserved, a) {
			return a, nil
		}
	}
	return netip.Addr{}, awserr.New("InsufficientFreeAddressesInSubnet", "There are not enough free addresses in subnet '%s' to satisfy the requested number of instances.", sn.ID)
}

// usedIPv6 returns the IPv6 addresses taken by ENIs in a subnet.
func usedIPv6(w *store.World, subnetID string) map[netip.Addr]bool {
	used := map[netip.Addr]bool{}
	w.NetworkInterfaces.ByParent(subnetID, func(n *model.NetworkInterface) bool {
		for _, a := range n.Ipv6Addresses {
			used[a] = true
		}
		return true
	})
	return used
}

// allocateIPv6 picks a free address from the subnet's /64, avoiding the
// first four and exclude.
func allocateIPv6(tx *store.Tx, sn *model.Subnet, exclude map[netip.Addr]bool) (netip.Addr, error) {
	p, ok := sn.Ipv6CidrBlock()
	if !ok {
		return netip.Addr{}, awserr.InvalidParameterValue("Subnet %s does not have an IPv6 CIDR block.", sn.ID)
	}
	used := usedIPv6(tx.World, sn.ID)
	reserved := reservedRanges(tx.World, sn.ID) // never auto-assigned
	for range 64 {
		b := p.Addr().As16()
		h := tx.NewHex(16)
		for i := 0; i < 8; i++ {
			b[8+i] = hexByte(h[2*i], h[2*i+1])
		}
		a := netip.AddrFrom16(b)
		if nthAddrLE(p, a, 4) || used[a] || exclude[a] || inRanges(reserved, a) {
			continue
		}
		return a, nil
	}
	return netip.Addr{}, awserr.New("InsufficientFreeAddressesInSubnet", "There are not enough free IPv6 addresses in subnet '%s'.", sn.ID)
}

// nthAddrLE reports whether a is within the first n addresses of p.
func nthAddrLE(p netip.Prefix, a netip.Addr, n uint64) bool {
	for i := uint64(0); i < n; i++ {
		if nthAddr(p, i) == a {
			return true
		}
	}
	return false
}

func hexByte(hi, lo byte) byte { return unhex(hi)<<4 | unhex(lo) }

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return 0
}
