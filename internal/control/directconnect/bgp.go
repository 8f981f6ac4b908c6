package directconnect

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// BGP peers [DX create-vif.md, add-peer-to-vif.md; CreateBGPPeer]:
//   - IPv4 peer addresses are given as CIDRs (both or neither); when
//     omitted, a /30 is allocated from 169.254.0.0/16. A public interface
//     needs public addresses the customer owns;
//   - IPv6 addresses cannot be given: they are allocated (a /125);
//   - without logical redundancy (vpcsim's ports have none), an interface
//     has at most one peer per address family;
//   - the BGP MD5 key is generated when not given;
//   - the last peer of an interface cannot be deleted.

func checkAuthKey(k string) error {
	if k != "" && (len(k) < 6 || len(k) > 80) {
		return clientErr("The BGP authentication key must be between 6 and 80 characters.")
	}
	return nil
}

func checkPeerAddresses(typ, family, amazon, customer string) error {
	switch family {
	case "ipv6":
		if amazon != "" || customer != "" {
			return clientErr("You cannot specify custom IPv6 addresses: they are allocated from the Amazon pool.")
		}
		return nil
	case "ipv4":
	default:
		return clientErr("Address family %s is not valid. Valid values: ipv4, ipv6.", family)
	}
	if (amazon == "") != (customer == "") {
		return clientErr("Specify both the Amazon address and the customer address, or neither.")
	}
	if amazon == "" {
		if typ == dx.VifPublic {
			return clientErr("A public virtual interface needs the public IPv4 addresses (amazonAddress and customerAddress) you own.")
		}
		return nil
	}
	a, err1 := netip.ParsePrefix(amazon)
	c, err2 := netip.ParsePrefix(customer)
	if err1 != nil || err2 != nil || !a.Addr().Is4() || !c.Addr().Is4() {
		return clientErr("The Amazon and customer addresses must be IPv4 addresses in CIDR notation (for example 169.254.255.1/30).")
	}
	if a.Bits() != c.Bits() || !a.Masked().Contains(c.Addr()) || a.Addr() == c.Addr() {
		return clientErr("The Amazon address %s and the customer address %s must be distinct addresses of one subnet.", amazon, customer)
	}
	return nil
}

// newPeer completes a peer for interface v: id, generated addresses and
// key, state available and BGP up.
func newPeer(tx *store.Tx, v *dx.VirtualInterface, p dx.BGPPeer) (dx.BGPPeer, error) {
	if p.AddressFamily == "" {
		p.AddressFamily = "ipv4"
	}
	for _, q := range v.BGPPeers {
		if q.AddressFamily == p.AddressFamily {
			return p, clientErr("Virtual interface %s already has an %s BGP peer (%s); the connection does not support logical redundancy.", v.ID, p.AddressFamily, q.ID)
		}
	}
	p.ID = shortID(tx, "dxpeer")
	if p.AmazonAddress == "" {
		h, _ := strconv.ParseUint(tx.NewHex(16), 16, 64)
		if p.AddressFamily == "ipv4" {
			third, fourth := byte(h>>8), byte(h)&0xfc
			p.AmazonAddress = fmt.Sprintf("169.254.%d.%d/30", third, fourth+1)
			p.CustomerAddress = fmt.Sprintf("169.254.%d.%d/30", third, fourth+2)
		} else {
			base := fmt.Sprintf("fd%02x:%04x:%04x:%04x", byte(h>>48), uint16(h>>32), uint16(h>>16), uint16(h)&0xfff8)
			p.AmazonAddress = base + "::1/125"
			p.CustomerAddress = base + "::2/125"
		}
	}
	if p.AuthKey == "" {
		p.AuthKey = "0x" + tx.NewHex(24)
	}
	p.State, p.Status = dx.PeerAvailable, dx.BGPUp
	return p, nil
}

// NewPeerInput is CreateBGPPeer's new peer.
type NewPeerInput struct {
	AddressFamily, AmazonAddress, CustomerAddress, AuthKey string
	Asn                                                    int64
}

// CreateBGPPeer adds a BGP peer to an interface of the caller (available
// or down). The answer shows the new peer pending; it is available next.
func (s *Service) CreateBGPPeer(ctx context.Context, sc Scope, vifID string, in NewPeerInput) (*dx.VirtualInterface, error) {
	if in.AddressFamily == "" {
		in.AddressFamily = "ipv4"
	}
	if err := checkAsn(in.Asn); err != nil {
		return nil, err
	}
	if err := checkAuthKey(in.AuthKey); err != nil {
		return nil, err
	}
	var out *dx.VirtualInterface
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := ownVif(tx.World, sc, vifID)
		if err != nil {
			return err
		}
		if v.State != dx.VifAvailable && v.State != dx.VifDown {
			return clientErr("Virtual interface %s is not available (state %s).", v.ID, v.State)
		}
		if err := checkPeerAddresses(v.Type, in.AddressFamily, in.AmazonAddress, in.CustomerAddress); err != nil {
			return err
		}
		p, err := newPeer(tx, v, dx.BGPPeer{AddressFamily: in.AddressFamily, Asn: in.Asn, AuthKey: in.AuthKey,
			AmazonAddress: in.AmazonAddress, CustomerAddress: in.CustomerAddress})
		if err != nil {
			return err
		}
		n := model.Clone(v)
		n.BGPPeers = append(n.BGPPeers, p)
		n.State = vifStateOf(n)
		VifKind.In(tx.World).Put(n)
		out = model.Clone(n)
		out.BGPPeers[len(out.BGPPeers)-1].State = dx.PeerPending
		return nil
	})
	return out, err
}

// DeletePeerInput names the peer to delete: by id, or by ASN and customer
// address.
type DeletePeerInput struct {
	PeerID, CustomerAddress string
	Asn                     int64
}

// DeleteBGPPeer removes a peer from an interface of the caller; the last
// peer cannot be removed.
func (s *Service) DeleteBGPPeer(ctx context.Context, sc Scope, vifID string, in DeletePeerInput) (*dx.VirtualInterface, error) {
	var out *dx.VirtualInterface
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := ownVif(tx.World, sc, vifID)
		if err != nil {
			return err
		}
		idx := -1
		for i, p := range v.BGPPeers {
			if in.PeerID != "" && p.ID == in.PeerID ||
				in.PeerID == "" && p.Asn == in.Asn && p.CustomerAddress == in.CustomerAddress {
				idx = i
				break
			}
		}
		if idx < 0 {
			return clientErr("The BGP peer does not exist on virtual interface %s.", v.ID)
		}
		if len(v.BGPPeers) == 1 {
			return clientErr("You cannot delete the last BGP peer of virtual interface %s.", v.ID)
		}
		n := model.Clone(v)
		removed := n.BGPPeers[idx]
		n.BGPPeers = append(n.BGPPeers[:idx:idx], n.BGPPeers[idx+1:]...)
		n.State = vifStateOf(n)
		VifKind.In(tx.World).Put(n)
		out = model.Clone(n)
		removed.State = dx.PeerDeleting
		out.BGPPeers = append(out.BGPPeers, removed)
		return nil
	})
	return out, err
}

// vifStateOf is the state of a confirmed interface: available while one
// BGP session is up, down when all are down.
func vifStateOf(v *dx.VirtualInterface) string {
	if v.State != dx.VifAvailable && v.State != dx.VifDown {
		return v.State
	}
	for _, p := range v.BGPPeers {
		if p.Status == dx.BGPUp {
			return dx.VifAvailable
		}
	}
	return dx.VifDown
}

// SetBGPStatus takes the BGP sessions of interface vifID up or down (to
// exercise failover): one peer when peerID is given, every peer
// otherwise. The interface is down while all its sessions are down. It
// acts on any account's interface (an administrative action).
func (s *Service) SetBGPStatus(ctx context.Context, vifID, peerID string, up bool) (*dx.VirtualInterface, error) {
	status := dx.BGPDown
	if up {
		status = dx.BGPUp
	}
	var out *dx.VirtualInterface
	err := s.update(ctx, func(tx *store.Tx) error {
		settleTests(tx)
		v, ok := VifKind.In(tx.World).Get(vifID)
		if !ok {
			return vifNotFound(vifID)
		}
		if v.State != dx.VifAvailable && v.State != dx.VifDown {
			return clientErr("Virtual interface %s is not available (state %s).", v.ID, v.State)
		}
		n := model.Clone(v)
		found := false
		for i := range n.BGPPeers {
			if peerID == "" || n.BGPPeers[i].ID == peerID {
				n.BGPPeers[i].Status = status
				found = true
			}
		}
		if !found {
			return clientErr("The BGP peer %s does not exist on virtual interface %s.", peerID, v.ID)
		}
		n.State = vifStateOf(n)
		VifKind.In(tx.World).Put(n)
		out = n
		return nil
	})
	return out, err
}
