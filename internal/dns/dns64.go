package dns

import (
	"net/netip"
	"slices"
)

// refDNS64 is where AWS documents DNS64.
const refDNS64 = "Amazon VPC User Guide, DNS64 and NAT64 (nat-gateway-nat64-dns64.html#nat-gateway-dns64-what-is)"

// dns64Prefix is RFC 6052's well-known prefix, which the Route 53 Resolver
// prepends to IPv4 addresses.
var dns64Prefix = netip.MustParsePrefix("64:ff9b::/96")

// dns64 applies DNS64 to an answer for a source in a subnet with
// EnableDns64: "If there is no IPv6 address associated with the destination
// in the DNS record, the Route 53 Resolver synthesizes one by prepending the
// well-known /96 prefix, defined in RFC6052 (64:ff9b::/96), to the IPv4
// address in the record"; an answer that has an IPv6 address is returned as
// it is [VPC-UG nat-gateway-nat64-dns64.md "What is DNS64?"].
func dns64(src *Source, a *Answer) *Answer {
	if src.Subnet == nil || !src.Subnet.EnableDns64 || a.Status != StatusNoError {
		return a
	}
	if slices.ContainsFunc(a.Records, func(r Record) bool { return r.Type == "AAAA" }) {
		return a
	}
	var synth []Record
	for _, r := range a.Records {
		ip, err := netip.ParseAddr(r.Value)
		if r.Type != "A" || err != nil || !ip.Is4() {
			continue
		}
		b := dns64Prefix.Addr().As16()
		v4 := ip.As4()
		copy(b[12:], v4[:])
		synth = append(synth, Record{Name: r.Name, Type: "AAAA", Value: netip.AddrFrom16(b).String()})
	}
	if len(synth) == 0 {
		return a
	}
	a.Records = append(a.Records, synth...)
	a.Rule += "; DNS64 (EnableDns64 on " + src.Subnet.ID + "): AAAA synthesized in 64:ff9b::/96 from the A record"
	a.Reference += "; " + refDNS64
	return a
}
