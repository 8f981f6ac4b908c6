package directconnect

import (
	"context"
	"net/netip"
	"slices"
	"strings"

	ec2 "github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Gateway associations [DX direct-connect-gateways.md, virtualgateways.md,
// direct-connect-transit-gateways.md, allowed-to-prefixes.md, limits.md]:
//   - a virtual private gateway must be attached to a VPC and can be
//     associated with one Direct Connect gateway only; 20 per gateway;
//     its allowed prefixes default to the VPC's CIDR blocks;
//   - a transit gateway needs allowed prefixes (at most 200), an ASN other
//     than the Direct Connect gateway's; 6 per Direct Connect gateway, 20
//     Direct Connect gateways per transit gateway; the allowed prefixes of
//     the transit gateways of one Direct Connect gateway cannot overlap;
//   - a Direct Connect gateway associated with a transit gateway takes no
//     virtual private gateway, and one associated with a virtual private
//     gateway or attached to a private interface takes no transit gateway;
//   - the association of a transit gateway creates its
//     direct-connect-gateway attachment (EC2).
const (
	maxVGWsPerGateway  = 20
	maxTGWsPerGateway  = 6
	maxGatewaysPerTGW  = 20
	maxAllowedPrefixes = 200
)

// associationCounts returns how many virtual private gateways and transit
// gateways are associated with Direct Connect gateway id.
func associationCounts(w *store.World, id string) (vgws, tgws int) {
	for _, a := range AssociationKind.In(w).Children(id) {
		if a.AssociatedType == dx.GatewayTypeTGW {
			tgws++
		} else {
			vgws++
		}
	}
	return vgws, tgws
}

func parsePrefixes(in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	for _, s := range in {
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil {
			return nil, clientErr("Allowed prefix %s is not a valid CIDR.", s)
		}
		c := p.Masked().String()
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// CreateAssociation associates Direct Connect gateway dxgwID with the
// virtual private gateway or transit gateway gatewayID of the scope. The
// answer shows it associating; it is associated from the next read.
func (s *Service) CreateAssociation(ctx context.Context, sc Scope, dxgwID, gatewayID string, prefixes []string) (*dx.Association, error) {
	if gatewayID == "" {
		return nil, clientErr("Specify the virtual private gateway or transit gateway to associate.")
	}
	allowed, err := parsePrefixes(prefixes)
	if err != nil {
		return nil, err
	}
	var out *dx.Association
	err = s.update(ctx, func(tx *store.Tx) error {
		g, err := ownGateway(tx.World, sc, dxgwID)
		if err != nil {
			return err
		}
		out, err = associate(tx, sc, g, gatewayID, allowed)
		return err
	})
	return out, err
}

// associate associates Direct Connect gateway g with gateway gatewayID of
// scope sc (the gateway owner's account and Region: the caller's, or the
// proposer's when a proposal is accepted) and returns the association as
// the answer shows it (associating).
func associate(tx *store.Tx, sc Scope, g *dx.Gateway, gatewayID string, allowed []string) (*dx.Association, error) {
	a := &dx.Association{
		Meta:         meta(tx, sc.Account, sc.Region, uuid(tx), nil),
		GatewayID:    g.ID,
		GatewayOwner: g.Account,
		AssociatedID: gatewayID,
		State:        dx.AssocAssociated,
	}
	vgws, tgws := associationCounts(tx.World, g.ID)
	switch {
	case strings.HasPrefix(gatewayID, "vgw-"):
		a.AssociatedType = dx.GatewayTypeVGW
		if tgws > 0 {
			return nil, clientErr("Direct Connect gateway %s is associated with a transit gateway; it cannot be associated with a virtual private gateway.", g.ID)
		}
		if vgws >= maxVGWsPerGateway {
			return nil, clientErr("Exceeded the limit of %d virtual private gateways per Direct Connect gateway.", maxVGWsPerGateway)
		}
		cidrs, err := vgwAssociable(tx.World, sc, gatewayID)
		if err != nil {
			return nil, err
		}
		if len(allowed) == 0 {
			allowed = cidrs
		}
	case strings.HasPrefix(gatewayID, "tgw-"):
		a.AssociatedType = dx.GatewayTypeTGW
		if vgws > 0 || privateVifsOn(tx.World, g.ID) > 0 {
			return nil, clientErr("Direct Connect gateway %s is associated with a virtual private gateway or attached to a private virtual interface; it cannot be associated with a transit gateway.", g.ID)
		}
		if tgws >= maxTGWsPerGateway {
			return nil, clientErr("Exceeded the limit of %d transit gateways per Direct Connect gateway.", maxTGWsPerGateway)
		}
		if err := tgwAssociable(tx.World, sc, g, gatewayID, allowed, ""); err != nil {
			return nil, err
		}
		att, err := ec2.AttachDirectConnectGateway(tx, sc, gatewayID, g.ID, g.Account)
		if err != nil {
			return nil, err
		}
		a.TGWAttachmentID = att.ID
	default:
		return nil, clientErr("Gateway %s is not a virtual private gateway or a transit gateway.", gatewayID)
	}
	if len(allowed) > maxAllowedPrefixes {
		return nil, clientErr("Exceeded the limit of %d allowed prefixes per association.", maxAllowedPrefixes)
	}
	a.AllowedPrefixes = allowed
	AssociationKind.In(tx.World).Put(a)
	out := model.Clone(a)
	out.State = dx.AssocAssociating
	return out, nil
}

// vgwAssociable checks a virtual private gateway may be associated and
// returns the CIDR blocks of its VPC.
func vgwAssociable(w *store.World, sc Scope, id string) ([]string, error) {
	v, ok := w.VpnGateways.Get(id)
	if !ok || !v.InScope(sc) || v.State != "available" {
		return nil, clientErr("Virtual private gateway %s does not exist.", id)
	}
	vpcID := ""
	for _, at := range v.Attachments {
		if at.State == "attached" {
			vpcID = at.VpcID
		}
	}
	if vpcID == "" {
		return nil, clientErr("Virtual private gateway %s is not attached to a VPC.", id)
	}
	var other string
	AssociationKind.In(w).All(func(a *dx.Association) bool {
		if a.AssociatedID == id {
			other = a.GatewayID
		}
		return other == ""
	})
	if other != "" {
		return nil, clientErr("Virtual private gateway %s is already associated with Direct Connect gateway %s.", id, other)
	}
	var cidrs []string
	if vpc, ok := w.VPCs.Get(vpcID); ok {
		for _, c := range vpc.ActiveCidrs() {
			cidrs = append(cidrs, c.String())
		}
	}
	return cidrs, nil
}

// tgwAssociable checks transit gateway id may be associated with g (or,
// for an update, that association self may hold allowed).
func tgwAssociable(w *store.World, sc Scope, g *dx.Gateway, id string, allowed []string, self string) error {
	t, ok := w.TransitGateways.Get(id)
	if !ok || !t.InScope(sc) || t.State == model.TGWDeleted || t.State == model.TGWDeleting {
		return clientErr("Transit gateway %s does not exist.", id)
	}
	if len(allowed) == 0 {
		return clientErr("Allowed prefixes are required for a transit gateway association.")
	}
	if t.Options.AmazonSideAsn == g.AmazonSideAsn {
		return clientErr("The ASN of transit gateway %s (%d) and of Direct Connect gateway %s must be different.", id, t.Options.AmazonSideAsn, g.ID)
	}
	var mine []netip.Prefix
	for _, s := range allowed {
		mine = append(mine, netip.MustParsePrefix(s))
	}
	perTGW := 0
	var conflict error
	AssociationKind.In(w).All(func(a *dx.Association) bool {
		if a.ID == self {
			return true
		}
		if a.AssociatedID == id {
			if a.GatewayID == g.ID {
				conflict = clientErr("Transit gateway %s is already associated with Direct Connect gateway %s.", id, g.ID)
				return false
			}
			perTGW++
		}
		if a.GatewayID == g.ID && a.AssociatedType == dx.GatewayTypeTGW {
			for _, s := range a.AllowedPrefixes {
				p := netip.MustParsePrefix(s)
				for _, m := range mine {
					if p.Overlaps(m) {
						conflict = clientErr("Allowed prefix %s overlaps allowed prefix %s of transit gateway %s on Direct Connect gateway %s.", m, p, a.AssociatedID, g.ID)
						return false
					}
				}
			}
		}
		return true
	})
	if conflict != nil {
		return conflict
	}
	if perTGW >= maxGatewaysPerTGW {
		return clientErr("Exceeded the limit of %d Direct Connect gateways per transit gateway.", maxGatewaysPerTGW)
	}
	return nil
}

func privateVifsOn(w *store.World, dxgwID string) int {
	n := 0
	VifKind.In(w).All(func(v *dx.VirtualInterface) bool {
		if v.DxGatewayID == dxgwID && v.Type == dx.VifPrivate {
			n++
		}
		return true
	})
	return n
}

// visibleAssociation reports whether sc's account sees a: the associated
// gateway's owner and the Direct Connect gateway's owner do.
func visibleAssociation(a *dx.Association, sc Scope) bool {
	return a.Account == sc.Account || a.GatewayOwner == sc.Account
}

func getAssociation(w *store.World, sc Scope, id string) (*dx.Association, error) {
	a, ok := AssociationKind.In(w).Get(id)
	if !ok || !visibleAssociation(a, sc) {
		return nil, associationNotFound(id)
	}
	return a, nil
}

// UpdateAssociation adds and removes allowed prefixes. The answer shows
// the association updating; it is associated from the next read.
func (s *Service) UpdateAssociation(ctx context.Context, sc Scope, id string, add, remove []string) (*dx.Association, error) {
	addP, err := parsePrefixes(add)
	if err != nil {
		return nil, err
	}
	removeP, err := parsePrefixes(remove)
	if err != nil {
		return nil, err
	}
	var out *dx.Association
	err = s.update(ctx, func(tx *store.Tx) error {
		a, err := getAssociation(tx.World, sc, id)
		if err != nil {
			return err
		}
		if a.Account != a.GatewayOwner && sc.Account != a.GatewayOwner {
			return clientErr("Only the owner of Direct Connect gateway %s (%s) can update association %s; the owner of %s creates an association proposal instead.", a.GatewayID, a.GatewayOwner, a.ID, a.AssociatedID)
		}
		out, err = setAllowedPrefixes(tx, a, changePrefixes(a.AllowedPrefixes, addP, removeP))
		return err
	})
	return out, err
}

// changePrefixes returns cur without remove, then add (no duplicates).
func changePrefixes(cur, add, remove []string) []string {
	var next []string
	for _, p := range cur {
		if !slices.Contains(remove, p) {
			next = append(next, p)
		}
	}
	for _, p := range add {
		if !slices.Contains(next, p) {
			next = append(next, p)
		}
	}
	return next
}

// setAllowedPrefixes gives association a the allowed prefixes next
// (checked against the limits and, for a transit gateway, the other
// associations of its Direct Connect gateway) and returns it as the
// answer shows it (updating).
func setAllowedPrefixes(tx *store.Tx, a *dx.Association, next []string) (*dx.Association, error) {
	if len(next) > maxAllowedPrefixes {
		return nil, clientErr("Exceeded the limit of %d allowed prefixes per association.", maxAllowedPrefixes)
	}
	if a.AssociatedType == dx.GatewayTypeTGW {
		g, ok := GatewayKind.In(tx.World).Get(a.GatewayID)
		if !ok {
			return nil, associationNotFound(a.ID)
		}
		if err := tgwAssociable(tx.World, a.Scope(), g, a.AssociatedID, next, a.ID); err != nil {
			return nil, err
		}
	}
	n := model.Clone(a)
	n.AllowedPrefixes = next
	AssociationKind.In(tx.World).Put(n)
	out := model.Clone(n)
	out.State = dx.AssocUpdating
	return out, nil
}

// DeleteAssociation removes an association, named by id or by Direct
// Connect gateway and virtual private gateway; a transit gateway's
// attachment is deleted with it. The answer shows it disassociating.
func (s *Service) DeleteAssociation(ctx context.Context, sc Scope, id, dxgwID, vgwID string) (*dx.Association, error) {
	var out *dx.Association
	err := s.update(ctx, func(tx *store.Tx) error {
		if id == "" {
			if dxgwID == "" || vgwID == "" {
				return clientErr("Specify the association ID, or the Direct Connect gateway ID and the virtual private gateway ID.")
			}
			for _, a := range AssociationKind.In(tx.World).Children(dxgwID) {
				if a.AssociatedID == vgwID && visibleAssociation(a, sc) {
					id = a.ID
				}
			}
			if id == "" {
				return clientErr("The association of Direct Connect gateway %s and virtual private gateway %s does not exist.", dxgwID, vgwID)
			}
		}
		a, err := getAssociation(tx.World, sc, id)
		if err != nil {
			return err
		}
		if a.TGWAttachmentID != "" {
			ec2.DetachDirectConnectGateway(tx, a.TGWAttachmentID)
		}
		AssociationKind.In(tx.World).Delete(a.ID)
		out = model.Clone(a)
		out.State = dx.AssocDisassociating
		return nil
	})
	return out, err
}

// AssociationFilter selects associations (every field optional).
type AssociationFilter struct {
	AssociationID, AssociatedGatewayID, GatewayID, VirtualGatewayID string
}

// DescribeAssociations lists the associations the scope's account sees.
func (s *Service) DescribeAssociations(ctx context.Context, sc Scope, f AssociationFilter, p Page) ([]*dx.Association, string, error) {
	var all []*dx.Association
	AssociationKind.In(s.view(ctx)).All(func(a *dx.Association) bool {
		if visibleAssociation(a, sc) &&
			(f.AssociationID == "" || a.ID == f.AssociationID) &&
			(f.AssociatedGatewayID == "" || a.AssociatedID == f.AssociatedGatewayID) &&
			(f.VirtualGatewayID == "" || a.AssociatedID == f.VirtualGatewayID) &&
			(f.GatewayID == "" || a.GatewayID == f.GatewayID) {
			all = append(all, a)
		}
		return true
	})
	return paginate(all, func(a *dx.Association) string { return a.ID }, p)
}
