package directconnect

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
)

// Router configuration [DX create-vif.md "Download the router
// configuration file", using-cli.md step 3; DescribeRouterConfiguration]:
// the customer router configuration of a virtual interface, with the
// interface's own values (VLAN, addresses, ASNs, BGP authentication key).
// Without a router type it is the generic configuration the CLI guide
// shows (the logical_connection XML document, one per BGP peer); with
// one, the configuration for that router. The router types offered are
// the generic one and the Cisco IOS 12.4 router the API reference names
// as its example (CiscoSystemsInc-2900SeriesRouters-IOS124); any other
// identifier is refused.

// RouterType describes a router DescribeRouterConfiguration has a
// template for (the RouterType shape).
type RouterType struct {
	Identifier, Vendor, Platform, Software, Template string
	render                                           func(v *dx.VirtualInterface) string
}

// amazonPublicAsn is the ASN AWS's side of a public interface uses (the
// amazon_bgp_asn of the guide's example).
const amazonPublicAsn = 7224

// RouterTypes are the router types with a configuration template.
var RouterTypes = []RouterType{
	{Identifier: "Generic-Generic-Generic", Vendor: "Generic", Platform: "Generic", Software: "Generic",
		Template: "customer-router-generic.xslt", render: genericConfig},
	{Identifier: "CiscoSystemsInc-2900SeriesRouters-IOS124", Vendor: "Cisco Systems, Inc.", Platform: "2900 Series Routers",
		Software: "IOS 12.4+", Template: "customer-router-cisco-ios.xslt", render: ciscoIOSConfig},
}

// RouterConfig is DescribeRouterConfiguration's answer: Router is nil when
// no router type was asked for.
type RouterConfig struct {
	Vif    *dx.VirtualInterface
	Router *RouterType
	Config string
}

// DescribeRouterConfiguration returns the customer router configuration
// of an interface the scope sees, for router type typeID ("" for the
// generic document).
func (s *Service) DescribeRouterConfiguration(ctx context.Context, sc Scope, vifID, typeID string) (*RouterConfig, error) {
	v, ok := VifKind.In(s.view(ctx)).Get(vifID)
	if !ok || !visibleVif(v, sc) {
		return nil, vifNotFound(vifID)
	}
	out := &RouterConfig{Vif: v}
	if typeID == "" {
		out.Config = genericConfig(v)
		return out, nil
	}
	for i := range RouterTypes {
		if RouterTypes[i].Identifier == typeID {
			out.Router = &RouterTypes[i]
			out.Config = RouterTypes[i].render(v)
			return out, nil
		}
	}
	ids := make([]string, len(RouterTypes))
	for i, r := range RouterTypes {
		ids[i] = r.Identifier
	}
	return nil, clientErr("Router type %s is not supported. Supported router types: %s.", typeID, strings.Join(ids, ", "))
}

// amazonAsn is the ASN of AWS's side of v.
func amazonAsn(v *dx.VirtualInterface) int64 {
	if v.AmazonSideAsn != 0 {
		return v.AmazonSideAsn
	}
	return amazonPublicAsn
}

// genericConfig is the guide's generic document: one logical_connection
// per BGP peer.
func genericConfig(v *dx.VirtualInterface) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	for _, p := range v.BGPPeers {
		fmt.Fprintf(&b, "<logical_connection id=%q>\n", v.ID)
		fmt.Fprintf(&b, "  <vlan>%d</vlan>\n", v.Vlan)
		fmt.Fprintf(&b, "  <customer_address>%s</customer_address>\n", xmlText(p.CustomerAddress))
		fmt.Fprintf(&b, "  <amazon_address>%s</amazon_address>\n", xmlText(p.AmazonAddress))
		fmt.Fprintf(&b, "  <bgp_asn>%d</bgp_asn>\n", p.Asn)
		fmt.Fprintf(&b, "  <bgp_auth_key>%s</bgp_auth_key>\n", xmlText(p.AuthKey))
		fmt.Fprintf(&b, "  <amazon_bgp_asn>%d</amazon_bgp_asn>\n", amazonAsn(v))
		fmt.Fprintf(&b, "  <connection_type>%s</connection_type>\n", v.Type)
		if p.AddressFamily == "ipv6" {
			b.WriteString("  <address_family>ipv6</address_family>\n")
		}
		b.WriteString("</logical_connection>\n")
	}
	return b.String()
}

func xmlText(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

// ciscoIOSConfig is the interface for a Cisco IOS router: an 802.1Q
// subinterface on the VLAN with the customer addresses, and a BGP
// neighbor per peer with its authentication key; a public interface
// advertises its route filter prefixes.
func ciscoIOSConfig(v *dx.VirtualInterface) string {
	var b strings.Builder
	fmt.Fprintf(&b, "! AWS Direct Connect virtual interface %s (%s), VLAN %d\n!\n", v.ID, v.Type, v.Vlan)
	fmt.Fprintf(&b, "interface GigabitEthernet0/1.%d\n description AWS Direct Connect %s\n encapsulation dot1Q %d\n", v.Vlan, v.ID, v.Vlan)
	for _, p := range v.BGPPeers {
		pf, err := netip.ParsePrefix(p.CustomerAddress)
		if err != nil {
			continue
		}
		if pf.Addr().Is4() {
			fmt.Fprintf(&b, " ip address %s %s\n", pf.Addr(), netmask(pf.Bits()))
		} else {
			fmt.Fprintf(&b, " ipv6 address %s\n", p.CustomerAddress)
		}
	}
	b.WriteString("!\n")
	if len(v.BGPPeers) == 0 {
		return b.String()
	}
	fmt.Fprintf(&b, "router bgp %d\n", v.BGPPeers[0].Asn)
	for _, p := range v.BGPPeers {
		amazon, err := netip.ParsePrefix(p.AmazonAddress)
		if err != nil {
			continue
		}
		fmt.Fprintf(&b, " neighbor %s remote-as %d\n", amazon.Addr(), amazonAsn(v))
		if p.AuthKey != "" {
			fmt.Fprintf(&b, " neighbor %s password %s\n", amazon.Addr(), p.AuthKey)
		}
	}
	for _, r := range v.RouteFilterPrefixes {
		if pf, err := netip.ParsePrefix(r); err == nil && pf.Addr().Is4() {
			fmt.Fprintf(&b, " network %s mask %s\n", pf.Addr(), netmask(pf.Bits()))
		}
	}
	b.WriteString("!\n")
	return b.String()
}

// netmask is the dotted IPv4 mask of a prefix length.
func netmask(bits int) string {
	m := ^uint32(0) << (32 - bits)
	if bits == 0 {
		m = 0
	}
	return fmt.Sprintf("%d.%d.%d.%d", m>>24, m>>16&0xff, m>>8&0xff, m&0xff)
}
