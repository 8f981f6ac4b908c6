package dataplane

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// The Direct Connect statements of the topology language:
//
//	dxgw ID                                 Direct Connect gateway (available)
//	dxvif ID private|transit vgw=VGW|dxgw=DXGW asn=N [down] [state=S]
//	                                        virtual interface with one BGP session
//	                                        (up unless down; state available)
//	dxbgp VIF ENTRY[; ENTRY...]             what on-premises advertises over the
//	                                        interface, in the vpcsim:bgp syntax; each
//	                                        further dxbgp line is vpcsim:bgp:N
//	dxassoc DXGW VGW|TGW allowed=CIDR[,...] [attach=ID]
//	                                        association with allowed prefixes; with a
//	                                        transit gateway, attach= names the
//	                                        direct-connect-gateway attachment it creates
type topoDX struct {
	gws    map[string]*dx.Gateway
	vifs   map[string]*dx.VirtualInterface
	assocs []*dx.Association
}

func (b *topo) stmtDX(f []string) error {
	if b.dx == nil {
		b.dx = &topoDX{gws: map[string]*dx.Gateway{}, vifs: map[string]*dx.VirtualInterface{}}
	}
	h := b.dx
	need := func(n int) error {
		if len(f) < n {
			return fmt.Errorf("want at least %d fields", n)
		}
		return nil
	}
	switch f[0] {
	case "dxgw":
		if err := need(2); err != nil {
			return err
		}
		m := b.meta(f[1])
		m.Region = ""
		h.gws[f[1]] = &dx.Gateway{Meta: m, Name: f[1], AmazonSideAsn: 64512, State: dx.GwAvailable}
	case "dxvif":
		if err := need(3); err != nil {
			return err
		}
		o := opts(f[3:])
		asn, err := strconv.ParseInt(o["asn"], 10, 64)
		if err != nil {
			return fmt.Errorf("asn: %w", err)
		}
		v := &dx.VirtualInterface{Meta: b.meta(f[1]), Name: f[1], Type: f[2], State: dx.VifAvailable, ConnectionID: "dxcon-test",
			Vlan: int32(100 + len(h.vifs)), Asn: asn, Mtu: 1500, VgwID: o["vgw"], DxGatewayID: o["dxgw"],
			BGPPeers: []dx.BGPPeer{{ID: "dxpeer-" + suffix(f[1]), AddressFamily: "ipv4", Asn: asn, State: dx.PeerAvailable, Status: dx.BGPUp}}}
		v.Tags = map[string]string{}
		if v.Type != dx.VifPrivate && v.Type != dx.VifTransit {
			return fmt.Errorf("virtual interface type %q", v.Type)
		}
		if o["down"] == "true" {
			v.BGPPeers[0].Status = dx.BGPDown
			v.State = dx.VifDown
		}
		if s, ok := o["state"]; ok {
			v.State = s
		}
		h.vifs[v.ID] = v
	case "dxbgp":
		if err := need(3); err != nil {
			return err
		}
		v, ok := h.vifs[f[1]]
		if !ok {
			return fmt.Errorf("unknown virtual interface %s", f[1])
		}
		val := strings.Join(f[2:], " ")
		if _, err := model.ParseBGPValue(val); err != nil {
			return err
		}
		key := model.BGPTagKey
		if n := countBGPTags(v.Tags); n > 0 {
			key += ":" + strconv.Itoa(n+1)
		}
		v.Tags[key] = val
	case "dxassoc":
		if err := need(3); err != nil {
			return err
		}
		g, ok := h.gws[f[1]]
		if !ok {
			return fmt.Errorf("unknown Direct Connect gateway %s", f[1])
		}
		o := opts(f[3:])
		a := &dx.Association{Meta: b.meta("dxassoc-" + strconv.Itoa(len(h.assocs)+1)), GatewayID: g.ID, GatewayOwner: g.Account,
			AssociatedID: f[2], State: dx.AssocAssociated}
		if s := o["allowed"]; s != "" {
			a.AllowedPrefixes = strings.Split(s, ",")
		}
		switch {
		case strings.HasPrefix(f[2], "vgw-"):
			a.AssociatedType = dx.GatewayTypeVGW
		case strings.HasPrefix(f[2], "tgw-"):
			a.AssociatedType = dx.GatewayTypeTGW
			att := o["attach"]
			if att == "" {
				return fmt.Errorf("a transit gateway association needs attach=ID")
			}
			a.TGWAttachmentID = att
			b.atts[att] = &model.TransitGatewayAttachment{Meta: b.meta(att), TransitGatewayID: f[2], TransitGatewayOwnerID: b.account,
				ResourceType: model.TGWAttachDXGW, ResourceID: g.ID, ResourceOwnerID: g.Account, State: model.TGWAvailable}
		default:
			return fmt.Errorf("unknown gateway %s", f[2])
		}
		h.assocs = append(h.assocs, a)
	default:
		return b.stmtSiteLink(f) // then stmtSvc: sitelink_topology_test.go
	}
	return nil
}

func (b *topo) putDX(tx *store.Tx) {
	if b.dx == nil {
		return
	}
	for _, g := range b.dx.gws {
		store.DXGatewayKind.In(tx.World).Put(g)
	}
	for _, v := range b.dx.vifs {
		store.DXVifKind.In(tx.World).Put(v)
	}
	for _, a := range b.dx.assocs {
		store.DXAssociationKind.In(tx.World).Put(a)
	}
}
