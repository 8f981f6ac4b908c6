package gen

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// HubConfig sizes a hub-and-spoke topology: VPCs (wide CIDRs, see
// Config.Wide) attached to one transit gateway.
type HubConfig struct {
	VPCs          int
	ENIsPerSubnet int
	// Routes is the total number of routes in the transit gateway's route
	// table: one propagated route per VPC, a static /24 per private subnet
	// of each VPC (more specific than the propagated /20), and static /28
	// routes in 100.64.0.0/10 to the attachments for the rest.
	Routes int
}

// Hub builds VPCs that each attach their three private subnets (one per
// zone) to one transit gateway, whose single route table is associated
// with and propagated by every attachment; every VPC route table sends
// 10.0.0.0/8 to the transit gateway, and the db tier admits TCP 5432 from
// 10.0.0.0/8.
func Hub(hc HubConfig) (*Topology, error) {
	if hc.VPCs > 4096 || hc.Routes > 1<<18 {
		return nil, fmt.Errorf("gen: at most 4096 VPCs and %d routes", 1<<18)
	}
	tgw := "tgw-0000000000000000a"
	all10 := netip.MustParsePrefix("10.0.0.0/8")
	cfg := Config{VPCs: hc.VPCs, ENIsPerSubnet: hc.ENIsPerSubnet, ExtraRules: 8, Wide: true, DBFrom: all10,
		Routes: func(int) []model.Route {
			return []model.Route{{Destination: all10, Target: model.TargetTGW, TargetID: tgw, Origin: model.OriginCreateRoute}}
		}}
	return build(cfg, func(tx *store.Tx, t *Topology) {
		meta := func(id string) model.Meta {
			return model.Meta{ID: id, Account: "123456789012", Region: "us-east-1", Tags: map[string]string{"Name": id}}
		}
		t.TGW = tgw
		rtb := "tgw-rtb-0000000000000000a"
		tx.TransitGateways.Put(&model.TransitGateway{Meta: meta(tgw), State: model.TGWAvailable, Options: model.TransitGatewayOptions{
			AmazonSideAsn: 64512, DefaultRouteTableAssociation: "enable", DefaultRouteTablePropagation: "enable",
			AssociationDefaultRouteTableID: rtb, PropagationDefaultRouteTableID: rtb, DNSSupport: "enable",
			VpnEcmpSupport: "enable", MulticastSupport: "disable", SecurityGroupReferencingSupport: "disable"}})
		table := &model.TransitGatewayRouteTable{Meta: meta(rtb), TransitGatewayID: tgw, State: model.TGWAvailable,
			DefaultAssociationRouteTable: true, DefaultPropagationRouteTable: true}
		atts := make([]string, hc.VPCs)
		statics := 0
		for v := 0; v < hc.VPCs; v++ {
			att := id("tgw-attach", v, 0)
			atts[v] = att
			a := &model.TransitGatewayAttachment{Meta: meta(att), TransitGatewayID: tgw, TransitGatewayOwnerID: "123456789012",
				ResourceType: model.TGWAttachVPC, ResourceID: t.VPCs[v], ResourceOwnerID: "123456789012", State: model.TGWAvailable,
				VpcID: t.VPCs[v], Association: &model.TGWAssociation{RouteTableID: rtb, State: "associated"},
				VPC: &model.TGWVpcAttachment{DNSSupport: "enable", Ipv6Support: "disable", ApplianceModeSupport: "disable",
					SecurityGroupReferencingSupport: "enable", ENIs: map[string]string{}}}
			for z, az := range []string{"a", "b", "c"} {
				sn := z*2 + 1
				sid := id("subnet", v, sn)
				eid := id("eni", v, 800+z)
				a.SubnetIDs = append(a.SubnetIDs, sid)
				a.VPC.ENIs[sid] = eid
				ip := netip.AddrFrom4([4]byte{10, byte(v >> 4), byte(v&15)<<4 + byte(sn), 4})
				tx.NetworkInterfaces.Put(&model.NetworkInterface{Meta: meta(eid), SubnetID: sid, VpcID: t.VPCs[v], AvailabilityZone: "us-east-1" + az,
					InterfaceType: "transit_gateway", RequesterManaged: true, Status: "in-use", PrivateIPs: []model.PrivateIP{{Address: ip, Primary: true}}})
				t.ENIs++
				// The private subnet's /24, more specific than the VPC's
				// propagated /20.
				if hc.Routes > hc.VPCs+statics {
					d := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(v >> 4), byte(v&15)<<4 + byte(sn), 0}), 24)
					tx.TGWRoutes.Put(&model.TransitGatewayRoute{Meta: meta(model.TGWRouteID(rtb, d.String())), RouteTableID: rtb, Destination: d, AttachmentID: att})
					statics++
				}
			}
			tx.TGWAttachments.Put(a)
			table.Propagations = append(table.Propagations, model.TGWPropagation{AttachmentID: att, State: "enabled"})
		}
		tx.TGWRouteTables.Put(table)
		for i := 0; hc.VPCs+statics < hc.Routes; i++ {
			x := uint32(100)<<24 | uint32(64)<<16 + uint32(i)*16
			d := netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)}), 28)
			r := &model.TransitGatewayRoute{Meta: meta(model.TGWRouteID(rtb, d.String())), RouteTableID: rtb, Destination: d, AttachmentID: atts[i%hc.VPCs]}
			if i%97 == 0 {
				r.AttachmentID, r.Blackhole = "", true
			}
			tx.TGWRoutes.Put(r)
			statics++
		}
		t.TGWRoutes = hc.VPCs + statics
	})
}

// Mesh builds n VPCs (wide CIDRs) peered in a full mesh: n(n-1)/2 active
// peering connections, and every VPC route table routes each peer's CIDR
// to its connection; the db tier admits TCP 5432 from 10.0.0.0/8.
func Mesh(n, enisPerSubnet int) (*Topology, error) {
	if n > 4096 {
		return nil, fmt.Errorf("gen: at most 4096 VPCs")
	}
	cidr := func(v int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(v >> 4), byte(v&15) << 4, 0}), 20)
	}
	pcx := func(a, b int) string {
		if a > b {
			a, b = b, a
		}
		return id("pcx", a, b)
	}
	cfg := Config{VPCs: n, ENIsPerSubnet: enisPerSubnet, ExtraRules: 8, Wide: true, DBFrom: netip.MustParsePrefix("10.0.0.0/8"),
		Routes: func(v int) []model.Route {
			rs := make([]model.Route, 0, n-1)
			for u := 0; u < n; u++ {
				if u != v {
					rs = append(rs, model.Route{Destination: cidr(u), Target: model.TargetPeering, TargetID: pcx(u, v), Origin: model.OriginCreateRoute})
				}
			}
			return rs
		}}
	return build(cfg, func(tx *store.Tx, t *Topology) {
		for a := 0; a < n; a++ {
			for b := a + 1; b < n; b++ {
				side := func(v int) model.PeeringSide {
					return model.PeeringSide{OwnerID: "123456789012", Region: "us-east-1", VpcID: t.VPCs[v], CidrBlocks: []netip.Prefix{cidr(v)}}
				}
				tx.PeeringConnections.Put(&model.VpcPeeringConnection{Meta: model.Meta{ID: pcx(a, b), Account: "123456789012", Region: "us-east-1"},
					Requester: side(a), Accepter: side(b), Status: model.PeeringActive})
				t.PCXs++
			}
		}
	})
}
