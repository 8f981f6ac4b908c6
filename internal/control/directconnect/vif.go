package directconnect

import (
	"context"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Virtual interface quotas [DX limits.md]: 50 private or public interfaces
// per dedicated connection and per LAG, 4 transit interfaces per dedicated
// connection, 1 interface per hosted connection, 30 private or transit
// interfaces per Direct Connect gateway, 1,000 routes on a public one.
const (
	maxVifsPerConnection        = 50
	maxTransitVifsPerConnection = 4
	maxVifsPerGateway           = 30
	maxPublicPrefixes           = 1000
)

// VifInput describes a new virtual interface (Create* and Allocate*).
type VifInput struct {
	Type                        string // dx.VifPrivate | dx.VifPublic | dx.VifTransit
	PortID                      string // connection or LAG
	Name                        string
	Vlan                        int32
	Asn                         int64
	Mtu                         *int32
	AuthKey                     string
	AmazonAddress, CustomerAddr string
	AddressFamily               string
	VgwID, DxGatewayID          string
	RouteFilterPrefixes         []string
	SiteLink                    bool
	Tags                        map[string]string
}

func checkVlan(v int32) error {
	if v < 1 || v > 4094 {
		return clientErr("VLAN %d is not valid. A VLAN must be between 1 and 4094.", v)
	}
	return nil
}

// vlanFree checks no interface or hosted connection on port id uses vlan:
// "VLAN ... must be unique on the connection" [DX create-vif.md].
func vlanFree(w *store.World, id string, vlan int32) error {
	for _, v := range VifKind.In(w).Children(id) {
		if v.Vlan == vlan {
			return clientErr("VLAN %d is already in use on %s by virtual interface %s.", vlan, id, v.ID)
		}
	}
	for _, h := range hostedOn(w, id) {
		if h.Vlan == vlan {
			return clientErr("VLAN %d is already in use on %s by hosted connection %s.", vlan, id, h.ID)
		}
	}
	return nil
}

func checkMtu(typ string, mtu int32) error {
	switch {
	case mtu == 1500:
		return nil
	case typ == dx.VifPrivate && mtu == 9001, typ == dx.VifTransit && mtu == 8500:
		return nil
	case typ == dx.VifPrivate:
		return clientErr("MTU %d is not valid for a private virtual interface. Valid values: 1500, 9001.", mtu)
	case typ == dx.VifTransit:
		return clientErr("MTU %d is not valid for a transit virtual interface. Valid values: 1500, 8500.", mtu)
	}
	return clientErr("MTU %d is not valid for a public virtual interface. Valid value: 1500.", mtu)
}

func checkAsn(asn int64) error {
	if asn < 1 || asn > 4294967294 {
		return clientErr("ASN %d is not valid. Specify an ASN between 1 and 4294967294.", asn)
	}
	return nil
}

// validateVif checks what does not depend on the world.
func validateVif(in *VifInput, hosted bool) error {
	if in.Name == "" {
		return clientErr("A virtual interface needs a name (virtualInterfaceName).")
	}
	if err := checkVlan(in.Vlan); err != nil {
		return err
	}
	if err := checkAsn(in.Asn); err != nil {
		return err
	}
	if in.AddressFamily == "" {
		in.AddressFamily = "ipv4"
	}
	if in.Mtu != nil {
		if err := checkMtu(in.Type, *in.Mtu); err != nil {
			return err
		}
	}
	if err := checkAuthKey(in.AuthKey); err != nil {
		return err
	}
	if err := checkPeerAddresses(in.Type, in.AddressFamily, in.AmazonAddress, in.CustomerAddr); err != nil {
		return err
	}
	if len(in.RouteFilterPrefixes) > 0 && in.Type != dx.VifPublic {
		return clientErr("Route filter prefixes apply to public virtual interfaces only.")
	}
	if len(in.RouteFilterPrefixes) > maxPublicPrefixes {
		return clientErr("A public virtual interface can advertise at most %d prefixes.", maxPublicPrefixes)
	}
	for _, p := range in.RouteFilterPrefixes {
		if _, err := netip.ParsePrefix(p); err != nil {
			return clientErr("Route filter prefix %s is not a valid CIDR.", p)
		}
	}
	if hosted {
		return nil
	}
	return checkVifGatewayArgs(in.Type, in.VgwID, in.DxGatewayID, in.SiteLink)
}

// checkVifGatewayArgs: a private interface goes to exactly one of a
// virtual private gateway or a Direct Connect gateway, a transit one to a
// Direct Connect gateway, a public one to neither; SiteLink needs a
// Direct Connect gateway [DX create-vif.md, direct-connect-gateways.md].
func checkVifGatewayArgs(typ, vgw, dxgw string, siteLink bool) error {
	switch typ {
	case dx.VifPrivate:
		if (vgw == "") == (dxgw == "") {
			return clientErr("Specify either a virtual private gateway or a Direct Connect gateway for a private virtual interface.")
		}
	case dx.VifTransit:
		if vgw != "" || dxgw == "" {
			return clientErr("A transit virtual interface must be attached to a Direct Connect gateway.")
		}
	case dx.VifPublic:
		if vgw != "" || dxgw != "" {
			return clientErr("You cannot attach a public virtual interface to a gateway.")
		}
	}
	if siteLink && dxgw == "" {
		return clientErr("SiteLink can only be enabled on a virtual interface attached to a Direct Connect gateway.")
	}
	return nil
}

// CreateVirtualInterface creates a private, public or transit interface on
// a connection or LAG of the caller. The answer shows it pending; it is
// available (BGP up) from the next read.
func (s *Service) CreateVirtualInterface(ctx context.Context, sc Scope, in VifInput) (*dx.VirtualInterface, error) {
	if err := validateVif(&in, false); err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	var out *dx.VirtualInterface
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := newVif(tx, sc, sc.Account, in)
		if err != nil {
			return err
		}
		asn, err := attachGateway(tx.World, sc, v.Type, in.VgwID, in.DxGatewayID, "")
		if err != nil {
			return err
		}
		v.VgwID, v.DxGatewayID, v.AmazonSideAsn, v.SiteLink = in.VgwID, in.DxGatewayID, asn, in.SiteLink
		if v.Asn == asn {
			return clientErr("The customer ASN %d cannot be the same as the Amazon side ASN.", v.Asn)
		}
		v.State = dx.VifAvailable
		VifKind.In(tx.World).Put(v)
		out = model.Clone(v)
		out.State = dx.VifPending
		return nil
	})
	return out, err
}

// AllocateVirtualInterface creates a hosted interface on a connection or
// LAG of the caller for owner [DX createhostedvirtualinterface.md]: it is
// confirming until the owner confirms it (and, for private and transit
// interfaces, names its gateway).
func (s *Service) AllocateVirtualInterface(ctx context.Context, sc Scope, owner string, in VifInput) (*dx.VirtualInterface, error) {
	if !validAccount(owner) {
		return nil, clientErr("Account ID %s is not valid.", owner)
	}
	if err := validateVif(&in, true); err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	var out *dx.VirtualInterface
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := newVif(tx, sc, owner, in)
		if err != nil {
			return err
		}
		v.State = dx.VifConfirming
		v.AllocatorAccount = sc.Account
		for i := range v.BGPPeers {
			v.BGPPeers[i].Status = dx.BGPDown
			v.BGPPeers[i].State = dx.PeerPending
		}
		VifKind.In(tx.World).Put(v)
		out = v
		return nil
	})
	return out, err
}

// newVif builds an interface on port in.PortID of sc for owner, checking
// the port's state, the VLAN and the per-connection quotas.
func newVif(tx *store.Tx, sc Scope, owner string, in VifInput) (*dx.VirtualInterface, error) {
	p, err := ownPort(tx.World, sc, in.PortID)
	if err != nil {
		return nil, err
	}
	if p.state != dx.ConnAvailable {
		return nil, clientErr("Connection %s is not available (state %s).", p.id, p.state)
	}
	existing := VifKind.In(tx.World).Children(p.id)
	if p.hosted {
		if len(existing) >= 1 {
			return nil, clientErr("Hosted connection %s already has a virtual interface (%s).", p.id, existing[0].ID)
		}
		if in.Vlan != p.vlan {
			return nil, clientErr("The VLAN of a virtual interface on hosted connection %s must be %d.", p.id, p.vlan)
		}
	} else if err := vlanFree(tx.World, p.id, in.Vlan); err != nil {
		return nil, err
	}
	transit := 0
	for _, v := range existing {
		if v.Type == dx.VifTransit {
			transit++
		}
	}
	if in.Type == dx.VifTransit && transit >= maxTransitVifsPerConnection {
		return nil, clientErr("Exceeded the limit of %d transit virtual interfaces on %s.", maxTransitVifsPerConnection, p.id)
	}
	if in.Type != dx.VifTransit && len(existing)-transit >= maxVifsPerConnection {
		return nil, clientErr("Exceeded the limit of %d private and public virtual interfaces on %s.", maxVifsPerConnection, p.id)
	}
	mtu := int32(1500)
	if in.Mtu != nil {
		mtu = *in.Mtu
	}
	v := &dx.VirtualInterface{
		Meta:                meta(tx, owner, sc.Region, shortID(tx, "dxvif"), in.Tags),
		Name:                in.Name,
		Type:                in.Type,
		ConnectionID:        p.id,
		Location:            p.location,
		Vlan:                in.Vlan,
		Asn:                 in.Asn,
		Mtu:                 mtu,
		RouteFilterPrefixes: slices.Clone(in.RouteFilterPrefixes),
		AWSDevice:           p.device,
	}
	peer, err := newPeer(tx, v, dx.BGPPeer{AddressFamily: in.AddressFamily, Asn: in.Asn, AuthKey: in.AuthKey,
		AmazonAddress: in.AmazonAddress, CustomerAddress: in.CustomerAddr})
	if err != nil {
		return nil, err
	}
	v.BGPPeers = []dx.BGPPeer{peer}
	return v, nil
}

// attachGateway checks the gateway an interface of type typ attaches to
// and returns its Amazon side ASN: a virtual private gateway of the scope,
// or a Direct Connect gateway of the account with room for one more
// interface and no association of the other kind (a gateway associated
// with a transit gateway takes no private interface; one with virtual
// private gateways or private interfaces takes no transit interface)
// [DX direct-connect-transit-gateways.md, virtualgateways.md]. self is the
// interface being confirmed, not counted.
func attachGateway(w *store.World, sc Scope, typ, vgwID, dxgwID, self string) (int64, error) {
	if vgwID != "" {
		g, ok := w.VpnGateways.Get(vgwID)
		if !ok || !g.InScope(sc) || g.State == "deleted" || g.State == "deleting" {
			return 0, clientErr("Virtual private gateway %s does not exist.", vgwID)
		}
		return g.AmazonSideAsn, nil
	}
	if dxgwID == "" {
		return 0, nil
	}
	g, err := ownGateway(w, sc, dxgwID)
	if err != nil {
		return 0, err
	}
	vifs, private := 0, 0
	VifKind.In(w).All(func(v *dx.VirtualInterface) bool {
		if v.DxGatewayID == g.ID && v.ID != self {
			vifs++
			if v.Type == dx.VifPrivate {
				private++
			}
		}
		return true
	})
	if vifs >= maxVifsPerGateway {
		return 0, clientErr("Exceeded the limit of %d virtual interfaces on Direct Connect gateway %s.", maxVifsPerGateway, g.ID)
	}
	vgws, tgws := associationCounts(w, g.ID)
	switch typ {
	case dx.VifPrivate:
		if tgws > 0 {
			return 0, clientErr("Direct Connect gateway %s is associated with a transit gateway; it cannot take a private virtual interface.", g.ID)
		}
	case dx.VifTransit:
		if vgws > 0 || private > 0 {
			return 0, clientErr("Direct Connect gateway %s is associated with a virtual private gateway or attached to a private virtual interface; it cannot take a transit virtual interface.", g.ID)
		}
	}
	return g.AmazonSideAsn, nil
}

// ConfirmVirtualInterface accepts a hosted interface of the caller in the
// confirming state, attaching it to its gateway (private: a virtual
// private gateway or a Direct Connect gateway; transit: a Direct Connect
// gateway). The answer is pending; the interface is available next.
func (s *Service) ConfirmVirtualInterface(ctx context.Context, sc Scope, typ, id, vgwID, dxgwID string) (string, error) {
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := ownVif(tx.World, sc, id)
		if err != nil {
			return err
		}
		if v.Type != typ {
			return clientErr("Virtual interface %s is a %s virtual interface, not %s.", v.ID, v.Type, typ)
		}
		if v.State != dx.VifConfirming {
			return clientErr("Virtual interface %s is not in the confirming state (state %s).", v.ID, v.State)
		}
		if err := checkVifGatewayArgs(typ, vgwID, dxgwID, false); err != nil {
			return err
		}
		asn, err := attachGateway(tx.World, sc, typ, vgwID, dxgwID, v.ID)
		if err != nil {
			return err
		}
		n := model.Clone(v)
		n.VgwID, n.DxGatewayID, n.AmazonSideAsn = vgwID, dxgwID, asn
		n.State = dx.VifAvailable
		for i := range n.BGPPeers {
			n.BGPPeers[i].State, n.BGPPeers[i].Status = dx.PeerAvailable, dx.BGPUp
		}
		VifKind.In(tx.World).Put(n)
		return nil
	})
	if err != nil {
		return "", err
	}
	return dx.VifPending, nil
}

// ownVif returns an interface the scope owns.
func ownVif(w *store.World, sc Scope, id string) (*dx.VirtualInterface, error) {
	v, ok := VifKind.In(w).Get(id)
	if !ok || !v.InScope(sc) {
		return nil, vifNotFound(id)
	}
	return v, nil
}

// visibleVif reports whether sc sees v: its owner does, and so does the
// account that allocated it (the connection's owner).
func visibleVif(v *dx.VirtualInterface, sc Scope) bool {
	return v.InScope(sc) || v.AllocatorAccount == sc.Account && v.Region == sc.Region
}

// DescribeVirtualInterfaces lists the interfaces the scope sees, on one
// connection or LAG, or the one interface id names (none when it does
// not exist).
func (s *Service) DescribeVirtualInterfaces(ctx context.Context, sc Scope, connID, id string, p Page) ([]*dx.VirtualInterface, string, error) {
	w := s.view(ctx)
	var all []*dx.VirtualInterface
	VifKind.In(w).All(func(v *dx.VirtualInterface) bool {
		if visibleVif(v, sc) && (id == "" || v.ID == id) && (connID == "" || v.ConnectionID == connID) {
			all = append(all, v)
		}
		return true
	})
	return paginate(all, func(v *dx.VirtualInterface) string { return v.ID }, p)
}

// UpdateVifInput is UpdateVirtualInterfaceAttributes' request.
type UpdateVifInput struct {
	Mtu      *int32
	SiteLink *bool
	Name     *string
}

// UpdateVirtualInterfaceAttributes changes an interface's MTU (jumbo
// frames), SiteLink or name [DX set-jumbo-frames-vif.md].
func (s *Service) UpdateVirtualInterfaceAttributes(ctx context.Context, sc Scope, id string, in UpdateVifInput) (*dx.VirtualInterface, error) {
	var out *dx.VirtualInterface
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := ownVif(tx.World, sc, id)
		if err != nil {
			return err
		}
		n := model.Clone(v)
		if in.Mtu != nil {
			if err := checkMtu(v.Type, *in.Mtu); err != nil {
				return err
			}
			n.Mtu = *in.Mtu
		}
		if in.SiteLink != nil {
			if *in.SiteLink && v.DxGatewayID == "" {
				return clientErr("SiteLink can only be enabled on a virtual interface attached to a Direct Connect gateway.")
			}
			n.SiteLink = *in.SiteLink
		}
		if in.Name != nil {
			n.Name = *in.Name
		}
		VifKind.In(tx.World).Put(n)
		out = n
		return nil
	})
	return out, err
}

// DeleteVirtualInterface deletes an interface; its owner or the account
// that allocated it may. The answer is deleting.
func (s *Service) DeleteVirtualInterface(ctx context.Context, sc Scope, id string) (string, error) {
	err := s.update(ctx, func(tx *store.Tx) error {
		v, ok := VifKind.In(tx.World).Get(id)
		if !ok || !visibleVif(v, sc) {
			return vifNotFound(id)
		}
		VifKind.In(tx.World).Delete(v.ID)
		return nil
	})
	if err != nil {
		return "", err
	}
	return dx.VifDeleting, nil
}
