package ram

import (
	"context"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	ram "github.com/vpcsim/vpcsim/internal/model/ram"
	"github.com/vpcsim/vpcsim/internal/store"
)

// inviteTTL is how long an invitation waits for an answer: "you have
// seven days to accept the invitation" [RAM working-with-shared-invitations].
const inviteTTL = 7 * 24 * time.Hour

func tooManyPerCall() *awserr.Error {
	return awserr.New(codeShareLimit, "You can associate up to %d resources or principals per call.", maxPerCall)
}

func idempotentMismatch(token string) *awserr.Error {
	return awserr.New(codeIdempotentMismatch, "The client token %s was already used with a different request.", token)
}

func deletedShare(arn string) *awserr.Error {
	return awserr.New(codeInvalidState, "The resource share %s is in the DELETED state; the operation is not valid for it.", arn)
}

// find returns the index of the association of entity (any status), or -1.
func find(sh *ram.ResourceShare, typ, entity string) int {
	for i, a := range sh.Associations {
		if a.Type == typ && a.Entity == entity {
			return i
		}
	}
	return -1
}

// associate adds resources and principals to sh (a share being built or
// a clone the caller puts). Entities already associated stay as they are.
func associate(tx *store.Tx, sh *ram.ResourceShare, resources, principals []string) error {
	now := tx.Now()
	scope := sh.Scope()
	for _, arn := range resources {
		rt, err := resolveResource(tx.World, scope, arn)
		if err != nil {
			return err
		}
		a := ram.Association{Entity: arn, Type: ram.TypeResource, Status: ram.AssocAssociated, Created: now, Updated: now, ResourceType: rt.Type}
		if !put(sh, a) {
			continue
		}
		if !hasType(sh, rt.Type) {
			sh.Permissions = append(sh.Permissions, ram.PermissionRef{Arn: rt.Permission, Version: 1, Added: now})
		}
	}
	org := orgSharingEnabled(tx.World)
	for _, p := range principals {
		kind, err := parsePrincipal(p)
		if err != nil {
			return err
		}
		a := ram.Association{Entity: p, Type: ram.TypePrincipal, Status: ram.AssocAssociated, Created: now, Updated: now}
		switch {
		case kind == principalOrg:
			if !org {
				return notPermitted("Unable to share with organization %s: sharing with AWS Organizations is not enabled (EnableSharingWithAwsOrganization).", p)
			}
		case p == sh.Account || org:
			// The owner's own account, or an account of the organization
			// with sharing enabled: access without an invitation.
		default:
			if !sh.AllowExternalPrincipals {
				return notPermitted("The resource share %s does not allow external principals, and account %s is outside your organization as long as sharing with AWS Organizations is not enabled.", sh.ID, p)
			}
			a.External = true
			if i := find(sh, ram.TypePrincipal, p); i >= 0 && sh.Associations[i].Status == ram.AssocAssociated {
				continue
			}
			inv := &ram.Invitation{
				Meta:      model.Meta{ID: InvitationArn(scope, uuid(tx)), Account: sh.Account, Region: sh.Region, Created: now},
				ShareArn:  sh.ID,
				ShareName: sh.Name,
				Receiver:  p,
				Status:    ram.InvitePending,
				Expires:   now.Add(inviteTTL),
			}
			InvitationKind.In(tx.World).Put(inv)
			a.InvitationArn = inv.ID
		}
		put(sh, a)
	}
	return nil
}

// put adds a or replaces an ended association of the same entity; it
// reports false when the entity is already associated.
func put(sh *ram.ResourceShare, a ram.Association) bool {
	if i := find(sh, a.Type, a.Entity); i >= 0 {
		if cur := sh.Associations[i]; cur.Status == ram.AssocAssociated || cur.Status == ram.AssocAssociating {
			return false
		}
		sh.Associations[i] = a
		return true
	}
	sh.Associations = append(sh.Associations, a)
	return true
}

func hasType(sh *ram.ResourceShare, typ string) bool {
	for _, p := range sh.Permissions {
		if rt, ok := typeByPermission(p.Arn); ok && rt.Type == typ {
			return true
		}
	}
	return false
}

// AssociationView is an association as the API shows it.
type AssociationView struct {
	ShareArn, ShareName string
	ram.Association
}

// changed returns the views of sh's associations of the given entities,
// with status shown (the first state of the change).
func changed(sh *ram.ResourceShare, resources, principals []string, status string) []AssociationView {
	var out []AssociationView
	for _, set := range []struct {
		typ string
		ids []string
	}{{ram.TypeResource, resources}, {ram.TypePrincipal, principals}} {
		for _, id := range set.ids {
			if i := find(sh, set.typ, id); i >= 0 {
				v := AssociationView{ShareArn: sh.ID, ShareName: sh.Name, Association: sh.Associations[i]}
				v.Status = status
				out = append(out, v)
			}
		}
	}
	return out
}

// AssociateResourceShare adds resources and principals to a share the
// caller owns. The answer shows them ASSOCIATING.
func (s *Service) AssociateResourceShare(ctx context.Context, scope Scope, arn string, resources, principals []string) ([]AssociationView, error) {
	if len(resources) > maxPerCall || len(principals) > maxPerCall {
		return nil, tooManyPerCall()
	}
	var out []AssociationView
	err := s.update(ctx, func(tx *store.Tx) error {
		sh, err := liveShare(tx.World, scope, arn)
		if err != nil {
			return err
		}
		c := model.Clone(sh)
		if err := associate(tx, c, resources, principals); err != nil {
			return err
		}
		c.Updated = tx.Now()
		ShareKind.In(tx.World).Put(c)
		out = changed(c, resources, principals, ram.AssocAssociating)
		return nil
	})
	return out, err
}

// DisassociateResourceShare removes resources and principals from a
// share. The owner may remove any; an account a share was shared with may
// remove only itself (leave the share) [TGW transit-gateway-share.md:
// "Leave a resource share"]. The answer shows them DISASSOCIATING.
func (s *Service) DisassociateResourceShare(ctx context.Context, scope Scope, arn string, resources, principals []string) ([]AssociationView, error) {
	if len(resources) > maxPerCall || len(principals) > maxPerCall {
		return nil, tooManyPerCall()
	}
	var out []AssociationView
	err := s.update(ctx, func(tx *store.Tx) error {
		if _, err := ParseArn(arn); err != nil {
			return err
		}
		sh, ok := ShareKind.In(tx.World).Get(arn)
		if !ok || sh.Region != scope.Region {
			if _, err := liveShare(tx.World, scope, arn); err != nil {
				return err
			}
			return shareNotFound(arn)
		}
		if sh.Account != scope.Account {
			leaving := len(resources) == 0 && len(principals) == 1 && principals[0] == scope.Account
			if !leaving || find(sh, ram.TypePrincipal, scope.Account) < 0 {
				return shareNotFound(arn)
			}
		}
		now := tx.Now()
		c := model.Clone(sh)
		for _, set := range []struct {
			typ string
			ids []string
		}{{ram.TypeResource, resources}, {ram.TypePrincipal, principals}} {
			for _, id := range set.ids {
				if set.typ == ram.TypeResource {
					if _, err := ParseArn(id); err != nil {
						return err
					}
				}
				i := find(c, set.typ, id)
				if i < 0 {
					return unknownResource("%s is not associated with resource share %s.", id, arn)
				}
				if c.Associations[i].Status == ram.AssocDisassociated {
					// Already ended (the principal left, or its invitation
					// was rejected): nothing to do.
					continue
				}
				c.Associations[i].Status = ram.AssocDisassociated
				c.Associations[i].Updated = now
			}
		}
		c.Updated = now
		ShareKind.In(tx.World).Put(c)
		out = changed(c, resources, principals, ram.AssocDisassociating)
		return nil
	})
	return out, err
}

// AssociationsInput is GetResourceShareAssociations' request.
type AssociationsInput struct {
	Type        string
	ShareArns   []string
	ResourceArn string
	Principal   string
	Status      string
	Page        Page
}

// GetResourceShareAssociations lists the associations of the caller's
// shares; an account a share is shared with sees its own principal
// association.
func (s *Service) GetResourceShareAssociations(ctx context.Context, scope Scope, in AssociationsInput) ([]AssociationView, string, error) {
	if in.Type == ram.TypePrincipal && in.ResourceArn != "" {
		return nil, "", invalidParameter("resourceArn can be given only with associationType RESOURCE.")
	}
	if in.Type == ram.TypeResource && in.Principal != "" {
		return nil, "", invalidParameter("principal can be given only with associationType PRINCIPAL.")
	}
	if in.Type != ram.TypePrincipal && in.Type != ram.TypeResource {
		return nil, "", invalidParameter("associationType %s is not supported.", in.Type)
	}
	for _, a := range append(append([]string(nil), in.ShareArns...), in.ResourceArn) {
		if a == "" {
			continue
		}
		if _, err := ParseArn(a); err != nil {
			return nil, "", err
		}
	}
	w := s.view(ctx)
	now := s.now()
	want := set(in.ShareArns)
	var sel []AssociationView
	ShareKind.In(w).All(func(sh *ram.ResourceShare) bool {
		if sh.Region != scope.Region || len(want) > 0 && !want[sh.ID] {
			return true
		}
		for _, a := range sh.Associations {
			if a.Type != in.Type {
				continue
			}
			if sh.Account != scope.Account && !(a.Type == ram.TypePrincipal && a.Entity == scope.Account) {
				continue
			}
			a.Status, a.StatusMessage = principalStatus(w, a, now)
			if in.ResourceArn != "" && a.Entity != in.ResourceArn || in.Principal != "" && a.Entity != in.Principal || in.Status != "" && a.Status != in.Status {
				continue
			}
			sel = append(sel, AssociationView{ShareArn: sh.ID, ShareName: sh.Name, Association: a})
		}
		return true
	})
	return paginate(sel, func(v AssociationView) string { return v.ShareArn + " " + v.Type + " " + v.Entity }, in.Page)
}

// principalStatus is an association's status as read at now: a principal
// whose invitation expired unanswered lost its association.
func principalStatus(w *store.World, a ram.Association, now time.Time) (string, string) {
	if a.Type != ram.TypePrincipal || a.InvitationArn == "" || a.Status != ram.AssocAssociated {
		return a.Status, a.StatusMessage
	}
	if inv, ok := InvitationKind.In(w).Get(a.InvitationArn); ok && invitationStatus(inv, now) == ram.InviteExpired {
		return ram.AssocDisassociated, "The invitation expired before it was accepted."
	}
	return a.Status, a.StatusMessage
}

// principalOf reports whether account is an associated principal of sh
// (directly or through the organization); with accepted, the
// invitation, if any, must have been accepted.
func principalOf(w *store.World, sh *ram.ResourceShare, account string, now time.Time, accepted bool) bool {
	for _, a := range sh.Associations {
		if a.Type != ram.TypePrincipal || a.Status != ram.AssocAssociated {
			continue
		}
		if a.Entity == account {
			if a.InvitationArn == "" {
				return true
			}
			inv, ok := InvitationKind.In(w).Get(a.InvitationArn)
			if !ok {
				return false
			}
			st := invitationStatus(inv, now)
			if st == ram.InviteAccepted || !accepted && st == ram.InvitePending {
				return true
			}
			continue
		}
		if kind, err := parsePrincipal(a.Entity); err == nil && kind == principalOrg {
			return true
		}
	}
	return false
}
