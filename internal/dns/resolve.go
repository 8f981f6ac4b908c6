package dns

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Answer statuses.
const (
	// StatusNoError: the name exists; Records hold the answer.
	StatusNoError = "NOERROR"
	// StatusNXDomain: the name does not exist in a zone the Amazon DNS
	// server is authoritative for.
	StatusNXDomain = "NXDOMAIN"
	// StatusNoAnswer: the Amazon DNS server of the VPC does not answer
	// (enableDnsSupport is false).
	StatusNoAnswer = "NO_ANSWER"
	// StatusNotModelled: the name would be resolved on the public
	// internet (or in a Route 53 private hosted zone), which an offline
	// emulator does not hold; no records are invented.
	StatusNotModelled = "NOT_MODELLED"
)

// Record is one resource record of an answer.
type Record struct {
	Name  string `json:"name"`
	Type  string `json:"type"` // A | AAAA
	Value string `json:"value"`
}

// Answer is what the Amazon DNS server of the source's VPC returns.
type Answer struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	VPC    string `json:"vpc"`
	// Server is the Amazon DNS server the source asks (VPC base + 2).
	Server  string   `json:"server,omitempty"`
	Status  string   `json:"status"`
	Records []Record `json:"records,omitempty"`
	// Rule says which rule answered, Reference where AWS documents it.
	Rule      string `json:"rule"`
	Reference string `json:"reference"`
	// Resource is the id of the endpoint or network interface the
	// records belong to, if any.
	Resource string `json:"resource,omitempty"`
	// DHCPNote is set when the VPC's DHCP options give its instances
	// other DNS servers than the Amazon DNS server: the answer is still
	// the Amazon DNS server's, which those instances ask only through
	// their own servers.
	DHCPNote string `json:"dhcpNote,omitempty"`
}

// Documentation the rules cite.
const (
	refDNSAttributes = "Amazon VPC User Guide, DNS attributes for your VPC (vpc-dns.html#vpc-dns-support)"
	refDNSHostnames  = "Amazon VPC User Guide, DNS hostnames (vpc-dns.html#vpc-dns-hostnames)"
	refPrivateDNS    = "AWS PrivateLink Guide, Access an AWS service using an interface VPC endpoint: DNS hostnames and Private DNS (privatelink-access-aws-services.html, vpce-interface.html)"
	refOffline       = "not in any zone vpcsim holds (docs/dns.md)"
	refPeeringDNS    = "VPC Peering Guide, Enable DNS resolution for a VPC peering connection (modify-peering-connections.html#vpc-peering-dns)"
)

// maxName is the longest DNS name (RFC 1035, 255 octets on the wire).
const maxName = 253

// Normalize lower-cases name and drops one trailing dot; it reports
// whether the result is a syntactically valid DNS name.
func Normalize(name string) (string, error) {
	n := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
	if n == "" || len(n) > maxName {
		return "", fmt.Errorf("%q is not a DNS name (1 to %d characters)", name, maxName)
	}
	for _, l := range strings.Split(n, ".") {
		if l == "" || len(l) > 63 {
			return "", fmt.Errorf("%q is not a DNS name (empty label or a label over 63 characters)", name)
		}
		for _, c := range l {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '*') {
				return "", fmt.Errorf("%q is not a DNS name (character %q)", name, c)
			}
		}
	}
	return n, nil
}

// Resolve answers name as the Amazon DNS server of src's VPC does. A
// non-empty account limits the endpoints and interfaces it may name in an
// answer to that account's (the caller's view).
func Resolve(w *store.World, account string, src *Source, name string) (*Answer, error) {
	n, err := Normalize(name)
	if err != nil {
		return nil, err
	}
	v := src.VPC
	a := &Answer{Name: n, Source: src.ID, VPC: v.ID, DHCPNote: customDNSServers(w, v)}
	if s := ResolverAddress(v); s.IsValid() {
		a.Server = s.String()
	}
	// enableDnsSupport false: "queries to the Amazon provided DNS server"
	// do not succeed [vpc-dns-support].
	if !v.EnableDnsSupport {
		a.Status, a.Rule, a.Reference = StatusNoAnswer, "enableDnsSupport is false for "+v.ID+": the Amazon DNS server does not answer", refDNSAttributes
		return a, nil
	}
	both := v.EnableDnsSupport && v.EnableDnsHostnames
	if privateEndpointName(w, v, n, both, a) || endpointName(w, account, n, a) || ec2Name(w, account, src, n, both, a) {
		return dns64(src, a), nil // DNS64 for sources in a subnet with EnableDns64 (dns64.go)
	}
	a.Status, a.Rule, a.Reference = StatusNotModelled, "not a name of an endpoint or instance vpcsim holds: the Amazon DNS server forwards it to public DNS (or a Route 53 private hosted zone), which vpcsim does not model", refOffline
	return a, nil
}

// customDNSServers describes the DNS servers v's DHCP options give its
// instances when AmazonProvidedDNS is not among them ("The string
// AmazonProvidedDNS maps to Amazon's DNS server"; "If you are not using
// AmazonProvidedDNS, your custom domain name servers must resolve the
// hostname as appropriate" [VPC-UG DHCPOptionSet.md]), or "".
func customDNSServers(w *store.World, v *model.VPC) string {
	o, ok := w.DhcpOptions.Get(v.DhcpOptionsID)
	if !ok {
		return ""
	}
	for _, c := range o.Configurations {
		if c.Key != "domain-name-servers" || len(c.Values) == 0 || slices.Contains(c.Values, "AmazonProvidedDNS") {
			continue
		}
		return fmt.Sprintf("the DHCP options %s of %s give its instances the DNS servers %s, not AmazonProvidedDNS: they ask the Amazon DNS server only if those servers forward to it",
			o.ID, v.ID, strings.Join(c.Values, ", "))
	}
	return ""
}

// privateEndpointName answers the private DNS name of an interface
// endpoint of v with private DNS enabled: it resolves to the endpoint's
// network interface addresses in the VPC, and only when both DNS
// attributes are true [vpc-dns-support, "Rules and considerations": "use
// private DNS with interface VPC endpoints ... you must set both"].
func privateEndpointName(w *store.World, v *model.VPC, n string, both bool, a *Answer) bool {
	found := false
	w.VpcEndpoints.ByParent(v.ID, func(e *model.VpcEndpoint) bool {
		if e.Type != model.EndpointTypeInterface || !e.PrivateDNSEnabled || e.State != model.EndpointAvailable {
			return true
		}
		for _, d := range e.DNSEntries {
			if e.PrivateDNSHostedZoneID == "" || d.HostedZoneID != e.PrivateDNSHostedZoneID || !nameMatches(d.DNSName, n) {
				continue
			}
			found = true
			a.Resource = e.ID
			if !both {
				a.Status, a.Reference = StatusNotModelled, refDNSAttributes
				a.Rule = fmt.Sprintf("%s has private DNS for %s, but %s lacks enableDnsSupport and enableDnsHostnames both true, so the private hosted zone is not used: the name resolves publicly, which vpcsim does not model", e.ID, d.DNSName, v.ID)
				return false
			}
			a.Status, a.Reference = StatusNoError, refPrivateDNS
			a.Rule = fmt.Sprintf("private DNS of interface endpoint %s (%s): the service's name resolves to the endpoint's network interfaces in %s", e.ID, d.DNSName, v.ID)
			a.Records = endpointRecords(w, e, n, "")
			return false
		}
		return true
	})
	return found
}

// nameMatches reports whether n is pattern or, for a *.zone pattern, a
// name below zone.
func nameMatches(pattern, n string) bool {
	pattern = strings.ToLower(pattern)
	if rest, ok := strings.CutPrefix(pattern, "*."); ok {
		return strings.HasSuffix(n, "."+rest)
	}
	return pattern == n
}

// endpointName answers an interface endpoint's own DNS names: the
// Regional name resolves to every endpoint network interface, a zonal
// name (with the Availability Zone) to the one in that zone
// [PrivateLink Guide, "DNS hostnames": "Regional" and "zonal" names].
// These are public records: they resolve from any VPC.
func endpointName(w *store.World, account, n string, a *Answer) bool {
	if !strings.HasSuffix(n, ".vpce.amazonaws.com") {
		return false
	}
	found := false
	w.VpcEndpoints.All(func(e *model.VpcEndpoint) bool {
		if e.Type != model.EndpointTypeInterface || len(e.DNSEntries) == 0 || (account != "" && e.Account != account) {
			return true
		}
		for i, d := range e.DNSEntries {
			if e.PrivateDNSHostedZoneID != "" && d.HostedZoneID == e.PrivateDNSHostedZoneID {
				continue
			}
			if !strings.EqualFold(d.DNSName, n) {
				continue
			}
			found = true
			a.Resource = e.ID
			a.Status, a.Reference = StatusNoError, refPrivateDNS
			zone := ""
			if i > 0 {
				zone = zoneOf(w, e, d.DNSName)
				a.Rule = fmt.Sprintf("zonal DNS name of interface endpoint %s: the network interface in %s", e.ID, zone)
			} else {
				a.Rule = fmt.Sprintf("Regional DNS name of interface endpoint %s: every endpoint network interface", e.ID)
			}
			a.Records = endpointRecords(w, e, n, zone)
			if e.State != model.EndpointAvailable {
				a.Rule += " (the endpoint is " + e.State + ")"
			}
			return false
		}
		return true
	})
	if !found {
		a.Status, a.Reference = StatusNXDomain, refPrivateDNS
		a.Rule = "no interface endpoint has this vpce.amazonaws.com name"
		return true
	}
	return true
}

// zoneOf returns the Availability Zone a zonal name of e names.
func zoneOf(w *store.World, e *model.VpcEndpoint, name string) string {
	for _, id := range e.SubnetIDs {
		if sn, ok := w.Subnets.Get(id); ok && strings.Contains(name, "-"+sn.AvailabilityZone+".") {
			return sn.AvailabilityZone
		}
	}
	return ""
}

// endpointRecords lists the A/AAAA records of e's interfaces (those in
// zone, when set), following the endpoint's DNS record IP type.
func endpointRecords(w *store.World, e *model.VpcEndpoint, name, zone string) []Record {
	v4 := e.DNSRecordIPType != "ipv6"
	v6 := e.DNSRecordIPType == "ipv6" || e.DNSRecordIPType == "dualstack"
	var out []Record
	for _, id := range e.NetworkInterfaceIDs {
		n, ok := w.NetworkInterfaces.Get(id)
		if !ok || zone != "" && n.AvailabilityZone != zone {
			continue
		}
		if v4 {
			if ip := n.PrimaryIP(); ip.IsValid() {
				out = append(out, Record{Name: name, Type: "A", Value: ip.String()})
			}
		}
		if v6 {
			for _, ip := range n.Ipv6Addresses {
				out = append(out, Record{Name: name, Type: "AAAA", Value: ip.String()})
			}
		}
	}
	return out
}

// ec2Name answers EC2's host names: ip-a-b-c-d.ec2.internal (us-east-1)
// or ip-a-b-c-d.<region>.compute.internal, and ec2-a-b-c-d.compute-1.amazonaws.com
// or ec2-a-b-c-d.<region>.compute.amazonaws.com [vpc-dns-hostnames].
func ec2Name(w *store.World, account string, src *Source, n string, both bool, a *Answer) bool {
	region := src.VPC.Region
	private, public := privateSuffix(region), publicSuffix(region)
	switch {
	case strings.HasSuffix(n, ".ec2.internal") || strings.HasSuffix(n, ".compute.internal"):
		a.Reference = refDNSHostnames
		ip, ok := hostAddr(n, "ip-", private)
		if !ok {
			a.Status, a.Rule = StatusNXDomain, "not a private IP DNS name of "+region+" (ip-a-b-c-d"+private+")"
			return true
		}
		// "If at least one of the attributes is set to false ... The
		// Amazon Route 53 Resolver cannot resolve Amazon-provided
		// private DNS hostnames" [vpc-dns-support].
		if !both {
			a.Status, a.Reference = StatusNXDomain, refDNSAttributes
			a.Rule = src.VPC.ID + " does not have both enableDnsSupport and enableDnsHostnames: the Amazon DNS server cannot resolve Amazon-provided private DNS hostnames"
			return true
		}
		eni := interfaceWith(w, account, region, func(n *model.NetworkInterface) bool {
			return n.VpcID == src.VPC.ID && slices.ContainsFunc(n.PrivateIPs, func(p model.PrivateIP) bool { return p.Address == ip })
		})
		// Other VPCs of the Region: only RFC 1918 addresses
		// [vpc-dns-hostnames, "Private IP DNS name (IPv4 only)"], or any
		// address of a VPC peered with the source's that lets the source
		// resolve its names [peering modify-peering-connections.md].
		if eni == nil {
			eni = interfaceWith(w, account, region, func(n *model.NetworkInterface) bool {
				return slices.ContainsFunc(n.PrivateIPs, func(p model.PrivateIP) bool { return p.Address == ip }) &&
					(ip.IsPrivate() || peeringDNS(w, src.VPC, n.VpcID) != "")
			})
		}
		if eni == nil {
			a.Status, a.Rule = StatusNXDomain, "no network interface in "+region+" that the source can resolve holds "+ip.String()
			return true
		}
		a.Status, a.Resource = StatusNoError, eni.ID
		a.Rule = "private IP DNS name of " + eni.ID
		a.Records = []Record{{Name: n, Type: "A", Value: ip.String()}}
		return true
	case strings.HasSuffix(n, public):
		a.Reference = refDNSHostnames
		ip, ok := hostAddr(n, "ec2-", public)
		if !ok {
			a.Status, a.Rule = StatusNXDomain, "not a public IPv4 DNS name of "+region+" (ec2-a-b-c-d"+public+")"
			return true
		}
		var priv netip.Addr
		eni := interfaceWith(w, account, region, func(n *model.NetworkInterface) bool {
			for _, p := range n.PrivateIPs {
				if p.PublicIP == ip {
					priv = p.Address
					return true
				}
			}
			return false
		})
		if eni == nil {
			a.Status, a.Rule = StatusNXDomain, "no network interface in "+region+" has the public address "+ip.String()
			return true
		}
		owner, ok := w.VPCs.Get(eni.VpcID)
		// Public DNS hostnames are given only when the interface's VPC
		// has both attributes [vpc-dns-support].
		if !ok || !owner.EnableDnsSupport || !owner.EnableDnsHostnames {
			a.Status, a.Reference = StatusNXDomain, refDNSAttributes
			a.Rule = fmt.Sprintf("%s has public address %s, but its VPC %s does not have both DNS attributes, so it has no public DNS hostname", eni.ID, ip, eni.VpcID)
			return true
		}
		a.Status, a.Resource = StatusNoError, eni.ID
		// "to the public IPv4 address of the instance outside the
		// network of the instance, and to the private IPv4 address of the
		// instance from within the network of the instance".
		if eni.VpcID == src.VPC.ID {
			a.Rule = "public DNS hostname of " + eni.ID + " asked from within its VPC: the private address"
			a.Records = []Record{{Name: n, Type: "A", Value: priv.String()}}
		} else if pcx := peeringDNS(w, src.VPC, eni.VpcID); pcx != "" && both {
			// "Enable a VPC to resolve public IPv4 DNS hostnames to
			// private IPv4 addresses when queried from instances in the
			// peer VPC"; "Both VPCs must be enabled for DNS hostnames and
			// DNS resolution".
			a.Reference = refPeeringDNS
			a.Rule = fmt.Sprintf("public DNS hostname of %s asked from a peer VPC: %s lets %s resolve %s's names to private addresses", eni.ID, pcx, src.VPC.ID, eni.VpcID)
			a.Records = []Record{{Name: n, Type: "A", Value: priv.String()}}
		} else {
			a.Rule = "public DNS hostname of " + eni.ID + " asked from outside its VPC: the public address"
			a.Records = []Record{{Name: n, Type: "A", Value: ip.String()}}
		}
		return true
	}
	return false
}

// peeringDNS returns the active peering connection between src and the
// VPC vpcID on which vpcID's side enables DNS resolution for queries from
// its peer (the requester's or accepter's AllowDnsResolutionFromRemoteVpc:
// "To ensure that queries from the peer VPC resolve to private IP
// addresses in your local VPC, choose the option to enable DNS resolution
// for queries from the peer VPC"), or "". Both VPCs must have DNS
// hostnames and DNS resolution enabled.
func peeringDNS(w *store.World, src *model.VPC, vpcID string) string {
	owner, ok := w.VPCs.Get(vpcID)
	if !ok || !owner.EnableDnsSupport || !owner.EnableDnsHostnames || !src.EnableDnsSupport || !src.EnableDnsHostnames {
		return ""
	}
	var id string
	store.PeeringConnectionKind.In(w).All(func(p *model.VpcPeeringConnection) bool {
		if !p.Active() {
			return true
		}
		this, other, ok := p.Side(vpcID)
		if ok && other.VpcID == src.ID && this.AllowDNSResolutionFromRemoteVpc {
			id = p.ID
			return false
		}
		return true
	})
	return id
}

// privateSuffix is EC2's private host name domain in region.
func privateSuffix(region string) string {
	if region == "us-east-1" {
		return ".ec2.internal"
	}
	return "." + region + ".compute.internal"
}

// publicSuffix is EC2's public host name domain in region.
func publicSuffix(region string) string {
	if region == "us-east-1" {
		return ".compute-1.amazonaws.com"
	}
	return "." + region + ".compute.amazonaws.com"
}

// hostAddr parses "<prefix>a-b-c-d<suffix>" into an IPv4 address.
func hostAddr(n, prefix, suffix string) (netip.Addr, bool) {
	h, ok := strings.CutSuffix(n, suffix)
	if !ok {
		return netip.Addr{}, false
	}
	h, ok = strings.CutPrefix(h, prefix)
	if !ok || strings.Contains(h, ".") {
		return netip.Addr{}, false
	}
	ip, err := netip.ParseAddr(strings.ReplaceAll(h, "-", "."))
	if err != nil || !ip.Is4() {
		return netip.Addr{}, false
	}
	return ip, true
}

// interfaceWith returns the first network interface of region (and
// account, when set) that match accepts, or nil.
func interfaceWith(w *store.World, account, region string, match func(*model.NetworkInterface) bool) *model.NetworkInterface {
	var out *model.NetworkInterface
	w.NetworkInterfaces.All(func(n *model.NetworkInterface) bool {
		if n.Region != region || account != "" && n.Account != account || !match(n) {
			return true
		}
		out = n
		return false
	})
	return out
}
