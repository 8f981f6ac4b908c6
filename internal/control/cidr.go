package control

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// parseCIDR parses an IPv4 or IPv6 CIDR block in canonical form (host bits
// cleared, as EC2 does: 100.68.0.18/18 becomes 100.68.0.0/18). param names
// the request parameter for the error message.
func parseCIDR(s, param string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. This is not a valid CIDR block.", s, param)
	}
	return p.Masked(), nil
}

// overlaps reports whether two prefixes share any address.
func overlaps(a, b netip.Prefix) bool { return a.Overlaps(b) }

// contains reports whether outer contains all of inner.
func contains(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// nthAddr returns the address n positions after p's base address.
func nthAddr(p netip.Prefix, n uint64) netip.Addr {
	a := p.Addr().As16()
	carry := n
	for i := 15; i >= 0 && carry > 0; i-- {
		sum := uint64(a[i]) + (carry & 0xff)
		a[i] = byte(sum)
		carry = (carry >> 8) + (sum >> 8)
	}
	out := netip.AddrFrom16(a)
	if p.Addr().Is4() {
		out = out.Unmap()
	}
	return out
}

// prefixSize returns the number of addresses in an IPv4 prefix.
func prefixSize(p netip.Prefix) uint64 {
	if p.Addr().Is4() {
		return 1 << (32 - p.Bits())
	}
	if p.Bits() <= 64 {
		return 1 << 63
	}
	return 1 << (128 - p.Bits())
}
