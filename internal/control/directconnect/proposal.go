package directconnect

import (
	"context"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Association proposals [DX multi-account-associate-vgw.md,
// multi-account-associate-tgw.md, virtualgateways.md; the API reference
// of the four *DirectConnectGatewayAssociationProposal* operations]:
//   - the owner of a virtual private gateway (attached to a VPC) or of a
//     transit gateway proposes to associate it with a Direct Connect
//     gateway of any account, named by its id and owner account, with the
//     prefixes to allow (optional: the accepter may override them);
//   - the owner of the Direct Connect gateway accepts it, optionally
//     overriding the prefixes: the association is created in the gateway
//     owner's account and Region with every check of a same-account
//     association (associate); a proposal for a gateway already
//     associated with that Direct Connect gateway updates the allowed
//     prefixes instead (add, remove);
//   - the proposer deletes a proposal, and the Direct Connect gateway's
//     owner rejects one the same way (Delete...); deleting an accepted
//     one does not undo its association (DeleteProposal);
//   - "A virtual private gateway association proposal expires 7 days after
//     it is created"; "An accepted ... or a deleted ... proposal remains
//     visible for 3 days". An expired proposal is shown deleted.
//
// Both accounts see a proposal. CreateDirectConnectGatewayAssociation
// with another account's gateway is refused (the gateway is not in the
// caller's scope): the proposal is the only way across accounts.
const (
	proposalLifetime = 7 * 24 * time.Hour
	proposalVisible  = 3 * 24 * time.Hour
)

// ProposalKind holds association proposals; only this package reads them.
var ProposalKind = store.Define[dx.Proposal](model.KindSpec{Name: "directconnect-gateway-association-proposal", Service: "directconnect"}, nil)

func proposalNotFound(id string) error {
	return clientErr("Direct Connect Gateway Association Proposal %s does not exist", id)
}

// proposalAt returns p as it is at now: a requested proposal past its
// lifetime is deleted (expired); ok is false once an accepted or deleted
// proposal is no longer visible.
func proposalAt(p *dx.Proposal, now time.Time) (out *dx.Proposal, ok bool) {
	if p.State == dx.ProposalRequested && !now.Before(p.Created.Add(proposalLifetime)) {
		e := model.Clone(p)
		e.State, e.StateTime = dx.ProposalDeleted, p.Created.Add(proposalLifetime)
		p = e
	}
	if p.State != dx.ProposalRequested && !now.Before(p.StateTime.Add(proposalVisible)) {
		return nil, false
	}
	return p, true
}

// settleProposals removes the proposals no longer visible and stores the
// expiry of the requested ones past their lifetime.
func settleProposals(tx *store.Tx) {
	t := ProposalKind.In(tx.World)
	if t.Len() == 0 {
		return
	}
	var gone []string
	var changed []*dx.Proposal
	t.All(func(p *dx.Proposal) bool {
		switch q, ok := proposalAt(p, tx.Now()); {
		case !ok:
			gone = append(gone, p.ID)
		case q != p:
			changed = append(changed, q)
		}
		return true
	})
	for _, id := range gone {
		t.Delete(id)
	}
	for _, p := range changed {
		t.Put(p)
	}
}

// visibleProposal reports whether sc's account sees p: the proposer and
// the Direct Connect gateway's owner do.
func visibleProposal(p *dx.Proposal, sc Scope) bool {
	return p.Account == sc.Account || p.GatewayOwner == sc.Account
}

// associationOf returns the association of Direct Connect gateway dxgwID
// with gateway gwID, or nil.
func associationOf(w *store.World, dxgwID, gwID string) *dx.Association {
	for _, a := range AssociationKind.In(w).Children(dxgwID) {
		if a.AssociatedID == gwID {
			return a
		}
	}
	return nil
}

// ProposalInput is CreateDirectConnectGatewayAssociationProposal's input.
type ProposalInput struct {
	GatewayID, GatewayOwner, AssociatedID string
	Add, Remove                           []string
}

// CreateProposal proposes to associate the scope's virtual private gateway
// or transit gateway with a Direct Connect gateway of account
// in.GatewayOwner (any account, the caller's included).
func (s *Service) CreateProposal(ctx context.Context, sc Scope, in ProposalInput) (*dx.Proposal, error) {
	add, err := parsePrefixes(in.Add)
	if err != nil {
		return nil, err
	}
	remove, err := parsePrefixes(in.Remove)
	if err != nil {
		return nil, err
	}
	if len(add) > maxAllowedPrefixes {
		return nil, clientErr("Exceeded the limit of %d allowed prefixes per association.", maxAllowedPrefixes)
	}
	var out *dx.Proposal
	err = s.update(ctx, func(tx *store.Tx) error {
		settleProposals(tx)
		g, ok := GatewayKind.In(tx.World).Get(in.GatewayID)
		if !ok || g.Account != in.GatewayOwner {
			return clientErr("Direct Connect Gateway %s does not exist in account %s", in.GatewayID, in.GatewayOwner)
		}
		p := &dx.Proposal{Meta: meta(tx, sc.Account, sc.Region, uuid(tx), nil), GatewayID: g.ID, GatewayOwner: g.Account,
			AssociatedID: in.AssociatedID, State: dx.ProposalRequested, Add: add, Remove: remove}
		typ, err := proposableGateway(tx.World, sc, g, in.AssociatedID)
		if err != nil {
			return err
		}
		p.AssociatedType = typ
		if len(remove) > 0 && associationOf(tx.World, g.ID, in.AssociatedID) == nil {
			return clientErr("Gateway %s is not associated with Direct Connect gateway %s: there are no allowed prefixes to remove.", in.AssociatedID, g.ID)
		}
		ProposalKind.In(tx.World).Put(p)
		out = p
		return nil
	})
	return out, err
}

// proposableGateway checks the scope's gateway id may be proposed for an
// association with g and returns its type. A gateway already associated
// with g is a proposal to update the association; otherwise a virtual
// private gateway must pass vgwAssociable (attached, associated with no
// other Direct Connect gateway) and a transit gateway must exist (its
// other checks need the allowed prefixes the accepter may still
// override: they run on acceptance).
func proposableGateway(w *store.World, sc Scope, g *dx.Gateway, id string) (string, error) {
	switch {
	case strings.HasPrefix(id, "vgw-"):
		if a := associationOf(w, g.ID, id); a != nil && a.InScope(sc) {
			return dx.GatewayTypeVGW, nil
		}
		_, err := vgwAssociable(w, sc, id)
		return dx.GatewayTypeVGW, err
	case strings.HasPrefix(id, "tgw-"):
		t, ok := w.TransitGateways.Get(id)
		if !ok || !t.InScope(sc) || t.State == model.TGWDeleted || t.State == model.TGWDeleting {
			return "", clientErr("Transit gateway %s does not exist.", id)
		}
		return dx.GatewayTypeTGW, nil
	default:
		return "", clientErr("Gateway %s is not a virtual private gateway or a transit gateway.", id)
	}
}

// ProposalFilter selects proposals (every field optional).
type ProposalFilter struct {
	ProposalID, GatewayID, AssociatedGatewayID string
}

// ProposalView is a proposal as DescribeDirectConnectGatewayAssociationProposals
// shows it: Existing are the allowed prefixes of the association it
// updates (none for a new one), Requested those it asks for.
type ProposalView struct {
	*dx.Proposal
	Existing, Requested []string
}

func (s *Service) proposalView(w *store.World, p *dx.Proposal) ProposalView {
	v := ProposalView{Proposal: p, Requested: p.Add}
	if a := associationOf(w, p.GatewayID, p.AssociatedID); a != nil {
		v.Existing = a.AllowedPrefixes
	}
	return v
}

// DescribeProposals lists the proposals the scope's account sees (made by
// it, or for its Direct Connect gateways), in every state still visible.
func (s *Service) DescribeProposals(ctx context.Context, sc Scope, f ProposalFilter, pg Page) ([]ProposalView, string, error) {
	w, now := s.view(ctx), s.st.Now()
	var all []*dx.Proposal
	ProposalKind.In(w).All(func(p *dx.Proposal) bool {
		q, ok := proposalAt(p, now)
		if ok && visibleProposal(q, sc) &&
			(f.ProposalID == "" || q.ID == f.ProposalID) &&
			(f.GatewayID == "" || q.GatewayID == f.GatewayID) &&
			(f.AssociatedGatewayID == "" || q.AssociatedID == f.AssociatedGatewayID) {
			all = append(all, q)
		}
		return true
	})
	ps, next, err := paginate(all, func(p *dx.Proposal) string { return p.ID }, pg)
	if err != nil {
		return nil, "", err
	}
	out := make([]ProposalView, 0, len(ps))
	for _, p := range ps {
		out = append(out, s.proposalView(w, p))
	}
	return out, next, nil
}

// getProposal returns the proposal id as sc sees it now: unknown,
// invisible and no-longer-visible proposals do not exist.
func getProposal(tx *store.Tx, sc Scope, id string) (*dx.Proposal, error) {
	p, ok := ProposalKind.In(tx.World).Get(id)
	if !ok || !visibleProposal(p, sc) {
		return nil, proposalNotFound(id)
	}
	return p, nil
}

func notRequested(p *dx.Proposal) error {
	if p.State == dx.ProposalAccepted {
		return clientErr("Direct Connect Gateway Association Proposal %s has been accepted!", p.ID)
	}
	return clientErr("Direct Connect Gateway Association Proposal %s has been deleted!", p.ID)
}

// AcceptInput is AcceptDirectConnectGatewayAssociationProposal's input.
// Override, when given, replaces the proposal's allowed prefixes.
type AcceptInput struct {
	GatewayID, ProposalID, AssociatedGatewayOwner string
	Override                                      []string
}

// AcceptProposal accepts a pending proposal for one of the scope's Direct
// Connect gateways: the association is created in the proposer's account
// and Region (or, for a gateway already associated, its allowed prefixes
// change) and the proposal becomes accepted.
func (s *Service) AcceptProposal(ctx context.Context, sc Scope, in AcceptInput) (*dx.Association, error) {
	override, err := parsePrefixes(in.Override)
	if err != nil {
		return nil, err
	}
	var out *dx.Association
	err = s.update(ctx, func(tx *store.Tx) error {
		settleProposals(tx)
		g, err := ownGateway(tx.World, sc, in.GatewayID)
		if err != nil {
			return err
		}
		p, err := getProposal(tx, sc, in.ProposalID)
		if err != nil {
			return err
		}
		if p.GatewayID != g.ID {
			return clientErr("Direct Connect Gateway Association Proposal %s is not for Direct Connect gateway %s.", p.ID, g.ID)
		}
		if p.Account != in.AssociatedGatewayOwner {
			return clientErr("The associated gateway of proposal %s is owned by account %s, not %s.", p.ID, p.Account, in.AssociatedGatewayOwner)
		}
		if p.State != dx.ProposalRequested {
			return notRequested(p)
		}
		if a := associationOf(tx.World, g.ID, p.AssociatedID); a != nil {
			next := override
			if len(in.Override) == 0 {
				next = changePrefixes(a.AllowedPrefixes, p.Add, p.Remove)
			}
			out, err = setAllowedPrefixes(tx, a, next)
		} else {
			allowed := override
			if len(in.Override) == 0 {
				allowed = p.Add
			}
			out, err = associate(tx, p.Scope(), g, p.AssociatedID, allowed)
		}
		if err != nil {
			return err
		}
		n := model.Clone(p)
		n.State, n.StateTime = dx.ProposalAccepted, tx.Now()
		ProposalKind.In(tx.World).Put(n)
		return nil
	})
	return out, err
}

// DeleteProposal deletes (the proposer) or rejects (the Direct Connect
// gateway's owner) a proposal; it stays visible, deleted. Deleting an
// accepted proposal leaves its association in place ("After an
// association proposal is accepted, you can't delete it, but you can
// disassociate"): Terraform deletes aws_dx_gateway_association_proposal
// after the association it was accepted into, and the provider's
// cross-account acceptance tests pass against AWS, so the call succeeds.
// The guide documents no deleted state for an accepted proposal: vpcsim
// answers it deleted and forgets it (a pending one deleted or rejected
// stays visible, deleted, for 3 days).
func (s *Service) DeleteProposal(ctx context.Context, sc Scope, id string) (ProposalView, error) {
	var out ProposalView
	err := s.update(ctx, func(tx *store.Tx) error {
		settleProposals(tx)
		p, err := getProposal(tx, sc, id)
		if err != nil {
			return err
		}
		if p.State == dx.ProposalDeleted {
			return notRequested(p)
		}
		n := model.Clone(p)
		n.State, n.StateTime = dx.ProposalDeleted, tx.Now()
		if p.State == dx.ProposalAccepted {
			ProposalKind.In(tx.World).Delete(p.ID)
		} else {
			ProposalKind.In(tx.World).Put(n)
		}
		out = s.proposalView(tx.World, n)
		return nil
	})
	return out, err
}
