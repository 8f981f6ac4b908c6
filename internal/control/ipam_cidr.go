package control

import (
	"net/netip"
	"sort"
)

// IPAM's allocation arithmetic, for IPv4 and IPv6 alike: "The returned CIDR
// will not overlap with any other allocations from the same pool" [EC2 API
// AllocateIpamPoolCidr]. A pool hands out the first (lowest) block of the
// requested netmask length, aligned on its own size, that lies inside one
// of the pool's provisioned CIDRs (and inside an allowed CIDR when some are
// given) and overlaps no blocked prefix (existing allocations, disallowed
// CIDRs).

// firstFree returns the lowest block of length bits inside within that
// overlaps none of blocked; ok is false when there is none.
func firstFree(within netip.Prefix, bits int, blocked []netip.Prefix) (netip.Prefix, bool) {
	if bits < within.Bits() || bits > within.Addr().BitLen() {
		return netip.Prefix{}, false
	}
	var rel []netip.Prefix
	for _, b := range blocked {
		if b.Addr().BitLen() == within.Addr().BitLen() && b.Overlaps(within) {
			rel = append(rel, b.Masked())
		}
	}
	sort.Slice(rel, func(i, j int) bool { return rel[i].Addr().Less(rel[j].Addr()) })
	end := lastAddr(within)
	start := within.Masked().Addr()
	for {
		c := netip.PrefixFrom(start, bits)
		var hit *netip.Prefix
		for i := range rel {
			if rel[i].Overlaps(c) {
				hit = &rel[i]
				break
			}
		}
		if hit == nil {
			return c, true
		}
		// Either c lies inside the blocked prefix or the blocked prefix
		// inside c: resume right after the larger of the two, which ends
		// on a boundary of the requested size.
		last := lastAddr(c)
		if hl := lastAddr(*hit); last.Less(hl) {
			last = hl
		}
		if last == end {
			return netip.Prefix{}, false
		}
		start = last.Next()
	}
}

// firstFreeIn returns the lowest free block of length bits across the
// candidate ranges (provisioned CIDRs, possibly narrowed to allowed CIDRs),
// in address order.
func firstFreeIn(ranges []netip.Prefix, bits int, blocked []netip.Prefix) (netip.Prefix, bool) {
	rs := append([]netip.Prefix(nil), ranges...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].Addr().Less(rs[j].Addr()) })
	for _, r := range rs {
		if p, ok := firstFree(r, bits, blocked); ok {
			return p, true
		}
	}
	return netip.Prefix{}, false
}

// narrow intersects the provisioned CIDRs with the allowed ones: the parts
// of each provisioned CIDR that an allowed CIDR covers.
func narrow(provisioned, allowed []netip.Prefix) []netip.Prefix {
	if len(allowed) == 0 {
		return provisioned
	}
	var out []netip.Prefix
	for _, p := range provisioned {
		for _, a := range allowed {
			switch {
			case contains(p, a):
				out = append(out, a.Masked())
			case contains(a, p):
				out = append(out, p)
			}
		}
	}
	return out
}

// insideAny reports whether p lies inside one of ranges.
func insideAny(ranges []netip.Prefix, p netip.Prefix) bool {
	for _, r := range ranges {
		if contains(r, p) {
			return true
		}
	}
	return false
}

// overlapsAny reports whether p overlaps one of ps.
func overlapsAny(ps []netip.Prefix, p netip.Prefix) bool {
	for _, q := range ps {
		if q.Overlaps(p) {
			return true
		}
	}
	return false
}
