package directconnect

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Direct Connect gateways [DX direct-connect-gateways.md, limits.md]: a
// global resource of an account (200 per account); the Amazon side ASN is
// a private ASN, 64512-65534 or 4200000000-4294967294, 64512 by default;
// a gateway with associations or attached virtual interfaces cannot be
// deleted.
const (
	maxGatewaysPerAccount = 200
	defaultAmazonSideAsn  = 64512
)

func validAmazonSideAsn(asn int64) bool {
	return asn >= 64512 && asn <= 65534 || asn >= 4200000000 && asn <= 4294967294
}

// CreateGateway creates a Direct Connect gateway; asn 0 is the default.
// The answer shows it pending; it is available from the next read.
func (s *Service) CreateGateway(ctx context.Context, sc Scope, name string, asn int64, tags map[string]string) (*dx.Gateway, error) {
	if asn == 0 {
		asn = defaultAmazonSideAsn
	}
	if !validAmazonSideAsn(asn) {
		return nil, clientErr("The Amazon side ASN %d is not valid. It must be in the 64512 to 65534 range or the 4200000000 to 4294967294 range.", asn)
	}
	if err := checkTags(tags); err != nil {
		return nil, err
	}
	var out *dx.Gateway
	err := s.update(ctx, func(tx *store.Tx) error {
		if len(accountGateways(tx.World, sc.Account)) >= maxGatewaysPerAccount {
			return clientErr("Exceeded the limit of %d Direct Connect gateways per account.", maxGatewaysPerAccount)
		}
		g := &dx.Gateway{Meta: meta(tx, sc.Account, "", uuid(tx), tags), Name: name, AmazonSideAsn: asn, State: dx.GwAvailable}
		GatewayKind.In(tx.World).Put(g)
		out = model.Clone(g)
		out.State = dx.GwPending
		return nil
	})
	return out, err
}

func accountGateways(w *store.World, account string) []*dx.Gateway {
	var out []*dx.Gateway
	GatewayKind.In(w).All(func(g *dx.Gateway) bool {
		if g.Account == account {
			out = append(out, g)
		}
		return true
	})
	return out
}

// ownGateway returns a gateway of the scope's account (gateways are
// global: any region sees them).
func ownGateway(w *store.World, sc Scope, id string) (*dx.Gateway, error) {
	g, ok := GatewayKind.In(w).Get(id)
	if !ok || g.Account != sc.Account {
		return nil, gatewayNotFound(id)
	}
	return g, nil
}

// DescribeGateways lists the account's gateways, or the one id names
// (none when it does not exist).
func (s *Service) DescribeGateways(ctx context.Context, sc Scope, id string, p Page) ([]*dx.Gateway, string, error) {
	w := s.view(ctx)
	var all []*dx.Gateway
	for _, g := range accountGateways(w, sc.Account) {
		if id == "" || g.ID == id {
			all = append(all, g)
		}
	}
	return paginate(all, func(g *dx.Gateway) string { return g.ID }, p)
}

// UpdateGateway renames a gateway.
func (s *Service) UpdateGateway(ctx context.Context, sc Scope, id, name string) (*dx.Gateway, error) {
	var out *dx.Gateway
	err := s.update(ctx, func(tx *store.Tx) error {
		g, err := ownGateway(tx.World, sc, id)
		if err != nil {
			return err
		}
		n := model.Clone(g)
		n.Name = name
		GatewayKind.In(tx.World).Put(n)
		out = n
		return nil
	})
	return out, err
}

// DeleteGateway deletes a gateway with no associations and no attached
// virtual interfaces. The answer shows it deleting.
func (s *Service) DeleteGateway(ctx context.Context, sc Scope, id string) (*dx.Gateway, error) {
	var out *dx.Gateway
	err := s.update(ctx, func(tx *store.Tx) error {
		g, err := ownGateway(tx.World, sc, id)
		if err != nil {
			return err
		}
		if as := AssociationKind.In(tx.World).Children(g.ID); len(as) > 0 {
			return clientErr("Direct Connect gateway %s has associations (%s). Delete them first.", g.ID, as[0].AssociatedID)
		}
		var vif string
		VifKind.In(tx.World).All(func(v *dx.VirtualInterface) bool {
			if v.DxGatewayID == g.ID {
				vif = v.ID
			}
			return vif == ""
		})
		if vif != "" {
			return clientErr("Direct Connect gateway %s has virtual interfaces attached (%s). Delete them first.", g.ID, vif)
		}
		GatewayKind.In(tx.World).Delete(g.ID)
		out = model.Clone(g)
		out.State = dx.GwDeleting
		return nil
	})
	return out, err
}

// Attachment is a virtual interface attached to a Direct Connect gateway
// (DescribeDirectConnectGatewayAttachments).
type Attachment struct {
	GatewayID string
	Vif       *dx.VirtualInterface
}

// DescribeGatewayAttachments lists the interfaces attached to the
// account's gateways: those of one gateway, or the gateway of one
// interface.
func (s *Service) DescribeGatewayAttachments(ctx context.Context, sc Scope, gatewayID, vifID string, p Page) ([]Attachment, string, error) {
	w := s.view(ctx)
	var all []Attachment
	VifKind.In(w).All(func(v *dx.VirtualInterface) bool {
		if v.DxGatewayID == "" || gatewayID != "" && v.DxGatewayID != gatewayID || vifID != "" && v.ID != vifID {
			return true
		}
		if g, ok := GatewayKind.In(w).Get(v.DxGatewayID); ok && (g.Account == sc.Account || v.Account == sc.Account) {
			all = append(all, Attachment{GatewayID: g.ID, Vif: v})
		}
		return true
	})
	return paginate(all, func(a Attachment) string { return a.GatewayID + "/" + a.Vif.ID }, p)
}

// VirtualGateway is a virtual private gateway a private interface can
// attach to (DescribeVirtualGateways).
type VirtualGateway struct{ ID, State string }

// DescribeVirtualGateways lists the scope's virtual private gateways.
func (s *Service) DescribeVirtualGateways(ctx context.Context, sc Scope) []VirtualGateway {
	var out []VirtualGateway
	s.view(ctx).VpnGateways.All(func(g *model.VpnGateway) bool {
		if g.InScope(sc) && g.State != "deleted" {
			out = append(out, VirtualGateway{ID: g.ID, State: g.State})
		}
		return true
	})
	return out
}
