package directconnect

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
)

// What the on-premises side advertises over a private or transit virtual
// interface is declared, as for customer gateways, by the interface's tags
// vpcsim:bgp, vpcsim:bgp:2 ... (model.ParseBGPTags; docs/onprem.md). The
// functions here turn those declarations into the routes AWS learns:
//
//   - a private virtual interface offers its prefixes to the virtual
//     private gateway it is attached to, or, on a Direct Connect gateway,
//     to every virtual private gateway associated with that gateway, as
//     Direct Connect BGP routes (model.SourceDirectConnect: the virtual
//     private gateway prefers them to VPN static and VPN BGP routes;
//     Site-to-Site VPN User Guide VPNRoutingTypes.md "Route tables and VPN
//     route priority");
//   - a transit virtual interface on a Direct Connect gateway associated
//     with a transit gateway propagates its prefixes through the
//     gateway's direct-connect-gateway attachment (Transit Gateway Guide
//     "Route propagation"; Direct Connect User Guide
//     direct-connect-transit-gateways.md);
//   - only while the interface is available with at least one BGP session
//     up (VirtualInterface.Up): a session that goes down withdraws the
//     routes, so a VPN over the same gateway takes over ("AWS Direct
//     Connect with a VPN as backup").
//
// In the other direction the Direct Connect gateway advertises to
// on-premises the allowed prefixes of its associations (Direct Connect
// User Guide allowed-to-prefixes.md): AllowedPrefixes.

// Advertised returns the prefixes the customer side advertises over v:
// the BGP declarations of its tags, none for a public interface or when
// the tags do not parse. The result is shared (model.CachedBGPTags):
// callers must not modify it.
func Advertised(v *VirtualInterface) []model.BGPAdvertisement {
	if v.Type == VifPublic || len(v.Tags) == 0 {
		return nil
	}
	ads, err := model.CachedBGPTags(v.Tags)
	if err != nil {
		return nil
	}
	return ads
}

// AdvertisedPrefixes returns the prefixes of Advertised(v), without
// duplicates.
func AdvertisedPrefixes(v *VirtualInterface) []netip.Prefix {
	ads := Advertised(v)
	out := make([]netip.Prefix, 0, len(ads))
	for _, a := range ads {
		dup := false
		for _, p := range out {
			if p == a.Prefix {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, a.Prefix)
		}
	}
	return out
}

// Candidates returns the routes v offers a virtual private gateway: one
// Direct Connect BGP route per advertised prefix, the interface's ASN
// first on the AS path, none when v is not a private interface or is not
// up.
func Candidates(v *VirtualInterface) []model.RouteCandidate {
	if v.Type != VifPrivate || !v.Up() {
		return nil
	}
	ads := Advertised(v)
	out := make([]model.RouteCandidate, 0, len(ads))
	for _, a := range ads {
		path := make([]int64, 0, len(a.ASPath)+1)
		path = append(path, v.Asn)
		path = append(path, a.ASPath...)
		out = append(out, model.RouteCandidate{Prefix: a.Prefix, Kind: model.SourceDirectConnect, ASPath: path, MED: a.MED, NextHop: v.ID, PeerASN: v.Asn})
	}
	return out
}

// Associated reports whether association a joins a Direct Connect gateway
// to gateway id and carries traffic.
func Associated(a *Association, id string) bool {
	return a.AssociatedID == id && (a.State == AssocAssociated || a.State == AssocUpdating)
}

// VGWInterfaces returns the private virtual interfaces whose routes reach
// virtual private gateway vgwID: those attached to it, and those on a
// Direct Connect gateway associated with it, in vifs' order.
func VGWInterfaces(vgwID string, vifs []*VirtualInterface, assocs []*Association) []*VirtualInterface {
	var out []*VirtualInterface
	for _, v := range vifs {
		if v.Type != VifPrivate {
			continue
		}
		if v.DxGatewayID == "" {
			if v.VgwID == vgwID {
				out = append(out, v)
			}
			continue
		}
		for _, a := range assocs {
			if a.GatewayID == v.DxGatewayID && Associated(a, vgwID) {
				out = append(out, v)
				break
			}
		}
	}
	return out
}

// VGWCandidates returns the Direct Connect routes offered to virtual
// private gateway vgwID: the Candidates of VGWInterfaces. It is the dx
// argument of model.VGWCandidates.
func VGWCandidates(vgwID string, vifs []*VirtualInterface, assocs []*Association) []model.RouteCandidate {
	var out []model.RouteCandidate
	for _, v := range VGWInterfaces(vgwID, vifs, assocs) {
		out = append(out, Candidates(v)...)
	}
	return out
}

// TGWPrefixes returns what a direct-connect-gateway attachment propagates
// into the transit gateway route tables it propagates to: the advertised
// prefixes of the transit virtual interfaces on the Direct Connect
// gateway (att.ResourceID) that are up, without duplicates. vifsOn lists
// the interfaces on a Direct Connect gateway.
func TGWPrefixes(att *model.TransitGatewayAttachment, vifsOn func(dxgwID string) []*VirtualInterface) []netip.Prefix {
	if att.ResourceType != model.TGWAttachDXGW {
		return nil
	}
	var out []netip.Prefix
	for _, v := range vifsOn(att.ResourceID) {
		if v.Type != VifTransit || !v.Up() {
			continue
		}
		for _, p := range AdvertisedPrefixes(v) {
			dup := false
			for _, q := range out {
				if q == p {
					dup = true
					break
				}
			}
			if !dup {
				out = append(out, p)
			}
		}
	}
	return out
}

// HybridPropagation returns the extra argument of model.PropagatedRoutes:
// a direct-connect-gateway attachment propagates TGWPrefixes, any other
// attachment what vpn answers (model.TGWHybridPrefixes).
func HybridPropagation(vpn func(a *model.TransitGatewayAttachment) []netip.Prefix, vifsOn func(dxgwID string) []*VirtualInterface) func(a *model.TransitGatewayAttachment) []netip.Prefix {
	return func(a *model.TransitGatewayAttachment) []netip.Prefix {
		if a.ResourceType == model.TGWAttachDXGW {
			return TGWPrefixes(a, vifsOn)
		}
		if vpn == nil {
			return nil
		}
		return vpn(a)
	}
}

// AllowedPrefixes returns the prefixes a Direct Connect gateway advertises
// to on-premises for association a (allowed-to-prefixes.md): the
// association's allowed prefixes; those that do not parse are skipped.
func AllowedPrefixes(a *Association) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(a.AllowedPrefixes))
	for _, s := range a.AllowedPrefixes {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
		}
	}
	return out
}

// ReceivedRoutes returns the routes the on-premises side receives over a
// Direct Connect gateway for association a (allowed-to-prefixes.md): for a
// transit gateway association the allowed prefixes themselves ("we
// directly provision the prefixes that are in the allowed prefix list");
// for a virtual private gateway association the VPC's CIDR blocks that an
// allowed prefix covers (the same or wider: "the allowed list only
// functions as a filter, and only the associated VPC CIDR will be
// advertised"). vpcCIDRs are the CIDR blocks of the virtual private
// gateway's VPC.
func ReceivedRoutes(a *Association, vpcCIDRs []netip.Prefix) []netip.Prefix {
	allowed := AllowedPrefixes(a)
	if a.AssociatedType == GatewayTypeTGW {
		return allowed
	}
	var out []netip.Prefix
	for _, c := range vpcCIDRs {
		for _, p := range allowed {
			if p.Addr().Is4() == c.Addr().Is4() && p.Bits() <= c.Bits() && p.Contains(c.Addr()) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}
