package model

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"
)

// The on-premises side of a Site-to-Site VPN is not an AWS resource: what
// a customer gateway device advertises over BGP is declared with tags on
// the customer gateway (docs/onprem.md), so that Terraform
// (aws_customer_gateway tags) and the CLI (create-tags) can set it:
//
//	vpcsim:bgp    = 10.1.0.0/16 as-path=65010,65010 med=50; 192.168.0.0/24
//	vpcsim:bgp:2  = 172.16.0.0/20 med=10
//	vpcsim:bgp:3  = ...
//
// A value is a list of entries separated by ';'. An entry is a prefix (a
// network address: no host bits) followed by optional attributes:
// as-path=ASN[,ASN...] (the ASNs after the customer gateway's own, prepends
// included) and med=N (0-4294967295, lower is preferred). Entries may
// also be separated by '+' and ASNs by ':' instead of ';' and ',': AWS
// Direct Connect's tag values allow neither ';' nor ',' (its TagValue
// pattern is letters, digits, spaces and _ . : / = + - @), and virtual
// interfaces declare their advertisements with the same tags. Keys
// vpcsim:bgp:N (N = 2, 3, ...) continue the list past the 256 characters
// of one tag value; their order is N's.
const (
	// BGPTagKey is the tag key of a customer gateway's BGP advertisements.
	BGPTagKey = "vpcsim:bgp"
	// maxBGPTagIndex bounds N in vpcsim:bgp:N (a resource has at most 50
	// tags).
	maxBGPTagIndex = 50
	// maxASN is the largest 32-bit ASN.
	maxASN = 4294967295
)

// IsBGPTagKey reports whether key is vpcsim:bgp or vpcsim:bgp:N.
func IsBGPTagKey(key string) bool {
	return key == BGPTagKey || strings.HasPrefix(key, BGPTagKey+":")
}

// ParseBGPTags returns the advertisements declared by a resource's tags
// (vpcsim:bgp, then vpcsim:bgp:2 ... in index order). It fails on the
// first malformed key or entry, naming the tag and the entry.
func ParseBGPTags(tags map[string]string) ([]BGPAdvertisement, error) {
	type kv struct {
		n   int
		key string
	}
	var keys []kv
	for k := range tags {
		if !IsBGPTagKey(k) {
			continue
		}
		if k == BGPTagKey {
			keys = append(keys, kv{1, k})
			continue
		}
		s := strings.TrimPrefix(k, BGPTagKey+":")
		n, err := strconv.Atoi(s)
		if err != nil || n < 2 || n > maxBGPTagIndex || strconv.Itoa(n) != s {
			return nil, fmt.Errorf("tag %q: the key must be %s or %s:N with N from 2 to %d", k, BGPTagKey, BGPTagKey, maxBGPTagIndex)
		}
		keys = append(keys, kv{n, k})
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].n < keys[j].n })
	var out []BGPAdvertisement
	for _, k := range keys {
		ads, err := ParseBGPValue(tags[k.key])
		if err != nil {
			return nil, fmt.Errorf("tag %q: %w", k.key, err)
		}
		out = append(out, ads...)
	}
	return out, nil
}

// ParseBGPValue parses one tag value: entries separated by ';' (or '+'),
// each "PREFIX [as-path=ASN,...] [med=N]" (ASNs separated by ',' or ':').
// Empty entries are ignored.
func ParseBGPValue(v string) ([]BGPAdvertisement, error) {
	var out []BGPAdvertisement
	for i, e := range splitAny(v, ";+") {
		f := strings.Fields(e)
		if len(f) == 0 {
			continue
		}
		p, err := netip.ParsePrefix(f[0])
		if err != nil {
			return nil, fmt.Errorf("entry %d: %q is not a CIDR prefix", i+1, f[0])
		}
		if p.Masked() != p {
			return nil, fmt.Errorf("entry %d: %s has host bits set (did you mean %s?)", i+1, p, p.Masked())
		}
		ad := BGPAdvertisement{Prefix: p}
		seen := map[string]bool{}
		for _, a := range f[1:] {
			name, val, ok := strings.Cut(a, "=")
			if !ok || val == "" {
				return nil, fmt.Errorf("entry %d: attribute %q: want as-path=ASN[,ASN...] or med=N", i+1, a)
			}
			if seen[name] {
				return nil, fmt.Errorf("entry %d: attribute %s given twice", i+1, name)
			}
			seen[name] = true
			switch name {
			case "as-path":
				for _, s := range splitAny(val, ",:") {
					n, err := strconv.ParseInt(s, 10, 64)
					if err != nil || n < 1 || n > maxASN {
						return nil, fmt.Errorf("entry %d: as-path: %q is not an ASN (1-%d)", i+1, s, int64(maxASN))
					}
					ad.ASPath = append(ad.ASPath, n)
				}
			case "med":
				n, err := strconv.ParseInt(val, 10, 64)
				if err != nil || n < 0 || n > maxASN {
					return nil, fmt.Errorf("entry %d: med: %q is not a number from 0 to %d", i+1, val, int64(maxASN))
				}
				ad.MED = n
			default:
				return nil, fmt.Errorf("entry %d: unknown attribute %q (want as-path or med)", i+1, name)
			}
		}
		out = append(out, ad)
	}
	return out, nil
}

// splitAny splits s at every byte of seps, keeping empty fields.
func splitAny(s, seps string) []string {
	var out []string
	for {
		i := strings.IndexAny(s, seps)
		if i < 0 {
			return append(out, s)
		}
		out, s = append(out, s[:i]), s[i+1:]
	}
}

// FormatBGPValue renders advertisements in the tag syntax (the inverse of
// ParseBGPValue).
func FormatBGPValue(ads []BGPAdvertisement) string {
	var b strings.Builder
	for i, a := range ads {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(a.Prefix.String())
		if len(a.ASPath) > 0 {
			b.WriteString(" as-path=")
			for j, n := range a.ASPath {
				if j > 0 {
					b.WriteByte(',')
				}
				b.WriteString(strconv.FormatInt(n, 10))
			}
		}
		if a.MED != 0 {
			b.WriteString(" med=")
			b.WriteString(strconv.FormatInt(a.MED, 10))
		}
	}
	return b.String()
}

// VPNActive reports whether a VPN connection carries traffic and routes:
// not deleting or deleted (pending counts: vpcsim shows steady states).
func VPNActive(c *VpnConnection) bool {
	return c.State == VPNStateAvailable || c.State == VPNStatePending || c.State == ""
}

// TunnelsUp returns the indexes of the connection's tunnels that are up
// (not taken down by the simulated on-premises side).
func TunnelsUp(c *VpnConnection) []int {
	var out []int
	for i := range c.Tunnels {
		if !c.Tunnels[i].AdminDown {
			out = append(out, i)
		}
	}
	return out
}

// VPNUp reports whether a connection is active with at least one tunnel
// up. A connection without tunnel records (a hand-built object) counts as
// up.
func VPNUp(c *VpnConnection) bool {
	if !VPNActive(c) {
		return false
	}
	if len(c.Tunnels) == 0 {
		return true
	}
	for i := range c.Tunnels {
		if !c.Tunnels[i].AdminDown {
			return true
		}
	}
	return false
}

// OnPremPrefixes returns the on-premises network behind a VPN connection:
// its static routes (static-routes-only connections) or its customer
// gateway's BGP advertisements (dynamic connections). A customer gateway
// whose tags do not parse advertises nothing.
func OnPremPrefixes(c *VpnConnection, cgw *CustomerGateway) []netip.Prefix {
	var out []netip.Prefix
	if c.StaticRoutesOnly {
		for _, r := range c.Routes {
			if r.State != VPNStateDeleting && r.State != VPNStateDeleted {
				out = append(out, r.Destination.Masked())
			}
		}
		return out
	}
	if cgw == nil {
		return nil
	}
	ads, err := CachedBGPTags(cgw.Tags)
	if err != nil {
		return nil
	}
	for _, a := range ads {
		out = append(out, a.Prefix)
	}
	return out
}

// TGWHybridPrefixes returns the extra argument of PropagatedRoutes for
// hybrid attachments: a VPN attachment propagates the on-premises prefixes
// of its connection (OnPremPrefixes: BGP advertisements, or the static
// routes of a static-routes-only connection) while at least one tunnel is
// up (Transit Gateway Guide, "Route propagation": "For a VPN connection,
// the routes in the BGP session are propagated"). Other attachment types
// propagate nothing here.
func TGWHybridPrefixes(vpn func(id string) (*VpnConnection, bool), cgw func(id string) (*CustomerGateway, bool)) func(a *TransitGatewayAttachment) []netip.Prefix {
	return func(a *TransitGatewayAttachment) []netip.Prefix {
		if a.ResourceType != TGWAttachVPN {
			return nil
		}
		c, ok := vpn(a.ResourceID)
		if !ok || !VPNUp(c) {
			return nil
		}
		g, _ := cgw(c.CustomerGatewayID)
		ps := OnPremPrefixes(c, g)
		seen := make(map[netip.Prefix]bool, len(ps))
		out := ps[:0]
		for _, p := range ps {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
		return out
	}
}
