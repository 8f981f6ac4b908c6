package flowlog

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Transit gateway statements of the topology language:
//
//	tgw ID                                          available, no default route tables
//	tgwattach ID TGW VPC SUBNET:ENI:IP[,...] [appliance]
//	                                                VPC attachment, one requester-managed
//	                                                interface (type transit_gateway) per subnet
//	tgwrtb ID TGW | tgwassoc TGWRTB ATTACH | tgwroute TGWRTB CIDR ATTACH|blackhole
func (b *topo) stmtTGW(f []string) error {
	switch f[0] {
	case "tgw":
		g := &model.TransitGateway{Meta: b.meta(f[1]), State: model.TGWAvailable, Options: model.TransitGatewayOptions{
			AmazonSideAsn: 64512, DefaultRouteTableAssociation: "disable", DefaultRouteTablePropagation: "disable",
			DNSSupport: "enable", VpnEcmpSupport: "enable", MulticastSupport: "disable", SecurityGroupReferencingSupport: "disable"}}
		b.put(func(tx *store.Tx) { tx.TransitGateways.Put(g) })
	case "tgwattach":
		if len(f) < 5 {
			return fmt.Errorf("tgwattach ID TGW VPC SUBNET:ENI:IP[,...]")
		}
		v, ok := b.vpcs[f[3]]
		if !ok {
			return fmt.Errorf("unknown vpc %s", f[3])
		}
		a := &model.TransitGatewayAttachment{Meta: b.meta(f[1]), TransitGatewayID: f[2], TransitGatewayOwnerID: b.account,
			ResourceType: model.TGWAttachVPC, ResourceID: v.ID, ResourceOwnerID: v.Account, State: model.TGWAvailable, VpcID: v.ID,
			VPC: &model.TGWVpcAttachment{DNSSupport: "enable", Ipv6Support: "disable", ApplianceModeSupport: "disable",
				SecurityGroupReferencingSupport: "disable", ENIs: map[string]string{}}}
		if len(f) > 5 && f[5] == "appliance" {
			a.VPC.ApplianceModeSupport = "enable"
		}
		var enis []*model.NetworkInterface
		for _, x := range strings.Split(f[4], ",") {
			p := strings.Split(x, ":")
			if len(p) != 3 {
				return fmt.Errorf("want SUBNET:ENI:IP, got %q", x)
			}
			s, ok := b.subnets[p[0]]
			if !ok || s.VpcID != v.ID {
				return fmt.Errorf("unknown subnet %s in %s", p[0], v.ID)
			}
			a.SubnetIDs = append(a.SubnetIDs, s.ID)
			a.VPC.ENIs[s.ID] = p[1]
			enis = append(enis, &model.NetworkInterface{Meta: b.meta(p[1]), SubnetID: s.ID, VpcID: v.ID,
				AvailabilityZone: s.AvailabilityZone, InterfaceType: "transit_gateway", RequesterManaged: true, Status: "in-use",
				Description: "Network Interface for Transit Gateway Attachment " + a.ID,
				PrivateIPs:  []model.PrivateIP{{Address: netip.MustParseAddr(p[2]), Primary: true}}})
		}
		b.put(func(tx *store.Tx) {
			tx.TGWAttachments.Put(a)
			for _, e := range enis {
				tx.NetworkInterfaces.Put(e)
			}
		})
		b.tgwAtts()[a.ID] = a
	case "tgwrtb":
		if len(f) < 3 {
			return fmt.Errorf("tgwrtb ID TGW")
		}
		rt := &model.TransitGatewayRouteTable{Meta: b.meta(f[1]), TransitGatewayID: f[2], State: model.TGWAvailable}
		b.put(func(tx *store.Tx) { tx.TGWRouteTables.Put(rt) })
	case "tgwassoc":
		if len(f) < 3 {
			return fmt.Errorf("tgwassoc TGWRTB ATTACH")
		}
		a, ok := b.tgwAtts()[f[2]]
		if !ok {
			return fmt.Errorf("unknown attachment %s", f[2])
		}
		a.Association = &model.TGWAssociation{RouteTableID: f[1], State: "associated"}
	case "tgwroute":
		if len(f) < 4 {
			return fmt.Errorf("tgwroute TGWRTB CIDR ATTACH|blackhole")
		}
		r := &model.TransitGatewayRoute{Meta: b.meta(model.TGWRouteID(f[1], f[2])), RouteTableID: f[1],
			Destination: netip.MustParsePrefix(f[2])}
		if f[3] == "blackhole" {
			r.Blackhole = true
		} else {
			r.AttachmentID = f[3]
		}
		b.put(func(tx *store.Tx) { tx.TGWRoutes.Put(r) })
	default:
		return b.stmtBPA(f)
	}
	return nil
}

// tgwAtts holds the declared attachments (tgwassoc modifies them before
// the world is built).
func (b *topo) tgwAtts() map[string]*model.TransitGatewayAttachment {
	if b.atts == nil {
		b.atts = map[string]*model.TransitGatewayAttachment{}
	}
	return b.atts
}
