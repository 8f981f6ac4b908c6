package dataplane

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// The VPN statements of the topology language:
//
//	cgw ID ASN [ip=IP]                      customer gateway (available)
//	bgp CGW ENTRY[; ENTRY...]               what the customer gateway advertises, in the
//	                                        vpcsim:bgp tag syntax (model.ParseBGPValue); each
//	                                        further bgp line of a gateway is vpcsim:bgp:N
//	vpn ID CGW VGW|TGW [static] [attach=ID] [down=N[,N]] [state=S]
//	                                        VPN connection with two tunnels (outside IPs
//	                                        203.0.113.<2k+1>, <2k+2>); on a transit gateway,
//	                                        attach= names its attachment (resource type vpn);
//	                                        down= takes tunnels down
//	vpnroute VPN CIDR                       static route of a VPN connection
//	vgwprop RTB VGW                         route propagation from a VGW to a VPC route table
//	vgwdetach VGW                           detach a virtual private gateway
type topoVPN struct {
	cgws  map[string]*model.CustomerGateway
	conns map[string]*model.VpnConnection
	order []string
}

func (b *topo) stmtVPN(f []string) error {
	if b.vpn == nil {
		b.vpn = &topoVPN{cgws: map[string]*model.CustomerGateway{}, conns: map[string]*model.VpnConnection{}}
	}
	h := b.vpn
	need := func(n int) error {
		if len(f) < n {
			return fmt.Errorf("want at least %d fields", n)
		}
		return nil
	}
	switch f[0] {
	case "cgw":
		if err := need(3); err != nil {
			return err
		}
		asn, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return err
		}
		o := opts(f[3:])
		g := &model.CustomerGateway{Meta: b.meta(f[1]), State: model.VPNStateAvailable, Type: "ipsec.1", BgpAsn: asn}
		if ip, ok := o["ip"]; ok {
			g.IPAddress = addr(ip)
		}
		g.Tags = map[string]string{}
		h.cgws[g.ID] = g
	case "bgp":
		if err := need(3); err != nil {
			return err
		}
		g, ok := h.cgws[f[1]]
		if !ok {
			return fmt.Errorf("unknown customer gateway %s", f[1])
		}
		v := strings.Join(f[2:], " ")
		if _, err := model.ParseBGPValue(v); err != nil {
			return err
		}
		key := model.BGPTagKey
		if n := countBGPTags(g.Tags); n > 0 {
			key += ":" + strconv.Itoa(n+1)
		}
		g.Tags[key] = v
	case "vpn":
		if err := need(4); err != nil {
			return err
		}
		if _, ok := h.cgws[f[2]]; !ok {
			return fmt.Errorf("unknown customer gateway %s", f[2])
		}
		o := opts(f[4:])
		k := len(h.conns)
		c := &model.VpnConnection{Meta: b.meta(f[1]), State: model.VPNStateAvailable, Type: "ipsec.1", CustomerGatewayID: f[2],
			StaticRoutesOnly: o["static"] == "true", TunnelInsideIPVersion: "ipv4",
			Tunnels: []model.VpnTunnel{
				{OutsideIPAddress: netip.AddrFrom4([4]byte{203, 0, 113, byte(2*k + 1)})},
				{OutsideIPAddress: netip.AddrFrom4([4]byte{203, 0, 113, byte(2*k + 2)})}}}
		if s, ok := o["state"]; ok {
			c.State = s
		}
		if d, ok := o["down"]; ok {
			for _, n := range strings.Split(d, ",") {
				i, err := strconv.Atoi(n)
				if err != nil || i < 1 || i > 2 {
					return fmt.Errorf("bad tunnel %q", n)
				}
				c.Tunnels[i-1].AdminDown = true
			}
		}
		switch gw := f[3]; {
		case strings.HasPrefix(gw, "vgw-"):
			c.VpnGatewayID = gw
		case strings.HasPrefix(gw, "tgw-"):
			c.TransitGatewayID = gw
			att := o["attach"]
			if att == "" {
				return fmt.Errorf("a VPN on a transit gateway needs attach=ID")
			}
			c.TransitGatewayAttachmentID = att
			b.atts[att] = &model.TransitGatewayAttachment{Meta: b.meta(att), TransitGatewayID: gw, TransitGatewayOwnerID: b.account,
				ResourceType: model.TGWAttachVPN, ResourceID: c.ID, ResourceOwnerID: b.account, State: model.TGWAvailable}
		default:
			return fmt.Errorf("unknown gateway %s", gw)
		}
		h.conns[c.ID] = c
	case "vpnroute":
		if err := need(3); err != nil {
			return err
		}
		c, ok := h.conns[f[1]]
		if !ok {
			return fmt.Errorf("unknown VPN connection %s", f[1])
		}
		c.Routes = append(c.Routes, model.VpnStaticRoute{Destination: pfx(f[2]), Source: model.VPNRouteSourceStatic, State: model.VPNStateAvailable})
	case "vgwprop":
		if err := need(3); err != nil {
			return err
		}
		rt, ok := b.rtbs[f[1]]
		if !ok {
			return fmt.Errorf("unknown route table %s", f[1])
		}
		rt.PropagatingVgws = append(rt.PropagatingVgws, f[2])
	case "vpntransport":
		return b.stmtVPNOverDX(f) // vpnoverdx_topology_test.go
	case "vgwdetach":
		g, ok := b.vgws[f[1]]
		if !ok {
			return fmt.Errorf("unknown vgw %s", f[1])
		}
		g.Attachments = nil
	default:
		return b.stmtDX(f)
	}
	return nil
}

func countBGPTags(tags map[string]string) int {
	n := 0
	for k := range tags {
		if model.IsBGPTagKey(k) {
			n++
		}
	}
	return n
}

func (b *topo) putVPN(tx *store.Tx) {
	b.putDX(tx)
	if b.vpn == nil {
		return
	}
	for _, g := range b.vpn.cgws {
		tx.CustomerGateways.Put(g)
	}
	for _, c := range b.vpn.conns {
		tx.VpnConnections.Put(c)
	}
}
