package dataplane

import "net/netip"

// NAT64 and IPv6-only subnets (VPC-UG nat-gateway-nat64-dns64.md).
//
// "NAT64 is automatically available on your existing NAT gateways": an IPv6
// packet a route sends to a NAT gateway whose destination is in the
// well-known prefix 64:ff9b::/96 (RFC 6052) is translated to IPv4, the
// source "with its own private IP which is translated to Elastic IP address
// by the internet gateway" and the destination "by truncating the
// 64:ff9b::/96 prefix"; the response is de-NATed by "replacing its IP
// (destination IP) with the host's IPv6 address and prepending back
// 64:ff9b::/96 to the source IPv4 address". The plane's packet keeps one
// header per hop, so the family changes at the NAT gateway's hop: its In is
// the IPv6 packet and its Out the IPv4 one (and the reverse on the way
// back). Other IPv6 destinations are still refused by the NAT gateway.

// nat64Prefix is RFC 6052's well-known prefix.
var nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")

// isNAT64 reports whether a is an IPv6 address a NAT gateway translates.
func isNAT64(a netip.Addr) bool { return a.Is6() && !a.Is4In6() && nat64Prefix.Contains(a) }

// nat64Extract returns the IPv4 address embedded in the last 32 bits of a
// 64:ff9b::/96 address.
func nat64Extract(a netip.Addr) netip.Addr {
	b := a.As16()
	return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
}

// nat64Synthesize returns 64:ff9b::a.b.c.d for the IPv4 address a (what
// DNS64 answers and the NAT gateway writes back as the source).
func nat64Synthesize(a netip.Addr) netip.Addr {
	b := nat64Prefix.Addr().As16()
	v4 := a.As4()
	copy(b[12:], v4[:])
	return netip.AddrFrom16(b)
}

// nat64Out translates the IPv6 packet at NAT gateway ni to IPv4 (hop is the
// gateway's hop) and routes it from the gateway's subnet.
func (w *walker) nat64Out(ni int32, hop *Hop) {
	n := &w.p.nats[ni]
	w.addSNAT(snatRec{kind: kindNAT, idx: ni, orig: w.h.Src, origPort: w.h.SrcPort, xlated: n.m.PrivateIP, nat64: true})
	w.h.Src, w.h.Dst = n.m.PrivateIP, nat64Extract(w.h.Dst)
	if w.h.HasPorts() {
		w.h.SrcPort = EphemeralNAT
	}
	if w.h.Proto == ProtoICMPv6 { // echo request 128 -> 8 (RFC 7915)
		w.h.Proto = ProtoICMP
		if w.h.IcmpType == 128 {
			w.h.IcmpType = 8
		}
	}
	hop.Out = w.h
	hop.Verdict, hop.Reason = Translate, ReasonNAT64Out
	w.route(n.subnet)
}

// nat64Return finishes the reverse translation of a response at the NAT
// gateway: r restored the destination; the IPv4 source becomes its
// 64:ff9b::/96 form.
func (w *walker) nat64Return(r *snatRec, hop *Hop) {
	if !r.nat64 {
		return
	}
	w.h.Src = nat64Synthesize(w.h.Src)
	if w.h.Proto == ProtoICMP { // echo reply 0 -> 129
		w.h.Proto = ProtoICMPv6
		if w.h.IcmpType == 0 {
			w.h.IcmpType = 129
		}
	}
	hop.Reason = ReasonNAT64In
}

// ipv6OnlySource reports whether src is an interface of an IPv6-only subnet
// asked to send IPv4: it has no IPv4 address, so the query still resolves
// (from 0.0.0.0) and the walk stops at the source (ipv6OnlyNoIPv4).
func (p *Plane) ipv6OnlySource(src endpoint, v6 bool) bool {
	if v6 || src.kind != endENI || src.eni < 0 || src.nat >= 0 {
		return false
	}
	e := &p.enis[src.eni]
	return e.subnet >= 0 && p.subnets[e.subnet].m.Ipv6Native && !e.m.PrimaryIP().IsValid()
}

// ipv6OnlyNoIPv4 drops an IPv4 packet at its source in an IPv6-only
// subnet: "Resources in an IPv6-only subnet must communicate over IPv6"
// (VPC-UG configure-subnets.md); IPv4 destinations are reached through
// DNS64 and a 64:ff9b::/96 route to a NAT gateway.
func (w *walker) ipv6OnlyNoIPv4(ei int32, hop *Hop) bool {
	if w.h.Src.IsValid() && !w.h.Src.IsUnspecified() {
		return false
	}
	if !w.p.ipv6OnlySource(endpoint{kind: endENI, eni: ei, nat: -1}, w.h.Dst.Is6()) {
		return false
	}
	x := w.drop(hop, NoRouteToDestination, ReasonIPv6OnlyNoIPv4, DirNone)
	x.Address, x.PacketField = w.h.Dst, "destination-address"
	return true
}
