package ram

import (
	"context"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	ram "github.com/vpcsim/vpcsim/internal/model/ram"
	"github.com/vpcsim/vpcsim/internal/store"
)

// invitationStatus is an invitation's status at now: a pending one past
// its seven days is EXPIRED ("If you don't accept the invitation before
// it expires, the invitation is automatically declined").
func invitationStatus(inv *ram.Invitation, now time.Time) string {
	if inv.Status == ram.InvitePending && !now.Before(inv.Expires) {
		return ram.InviteExpired
	}
	return inv.Status
}

// InvitationView is an invitation as the API shows it.
type InvitationView struct {
	*ram.Invitation
	Status string
}

func inviteNotFound(arn string) *awserr.Error {
	return awserr.New(codeInviteNotFound, "ResourceShareInvitation %s could not be found.", arn)
}

// GetResourceShareInvitations lists the invitations the caller received,
// optionally only the given ones (each must exist: an unknown ARN is
// ResourceShareInvitationArnNotFoundException) or those of given shares.
func (s *Service) GetResourceShareInvitations(ctx context.Context, scope Scope, arns, shareArns []string, p Page) ([]InvitationView, string, error) {
	if len(arns) > 0 && len(shareArns) > 0 {
		return nil, "", invalidParameter("Give resourceShareInvitationArns or resourceShareArns, not both.")
	}
	w := s.view(ctx)
	now := s.now()
	invs := InvitationKind.In(w)
	var sel []InvitationView
	if len(arns) > 0 {
		for arn := range set(arns) {
			if _, err := ParseArn(arn); err != nil {
				return nil, "", err
			}
			inv, ok := invs.Get(arn)
			if !ok || inv.Receiver != scope.Account || inv.Region != scope.Region {
				return nil, "", inviteNotFound(arn)
			}
			sel = append(sel, InvitationView{Invitation: inv, Status: invitationStatus(inv, now)})
		}
	} else {
		for _, a := range shareArns {
			if _, err := ParseArn(a); err != nil {
				return nil, "", err
			}
		}
		want := set(shareArns)
		invs.All(func(inv *ram.Invitation) bool {
			if inv.Receiver == scope.Account && inv.Region == scope.Region && (len(want) == 0 || want[inv.ShareArn]) {
				sel = append(sel, InvitationView{Invitation: inv, Status: invitationStatus(inv, now)})
			}
			return true
		})
	}
	return paginate(sel, func(v InvitationView) string { return v.ID }, p)
}

// answerable returns an invitation of scope that is still pending.
func answerable(w *store.World, scope Scope, arn string, now time.Time) (*ram.Invitation, error) {
	if _, err := ParseArn(arn); err != nil {
		return nil, err
	}
	inv, ok := InvitationKind.In(w).Get(arn)
	if !ok || inv.Receiver != scope.Account || inv.Region != scope.Region {
		return nil, inviteNotFound(arn)
	}
	switch invitationStatus(inv, now) {
	case ram.InviteAccepted:
		return nil, awserr.New(codeInviteAccepted, "ResourceShareInvitation %s has already been accepted.", arn)
	case ram.InviteRejected:
		return nil, awserr.New(codeInviteRejected, "ResourceShareInvitation %s has already been rejected.", arn)
	case ram.InviteExpired:
		return nil, awserr.New(codeInviteExpired, "ResourceShareInvitation %s expired at %s.", arn, inv.Expires.Format(time.RFC3339))
	}
	if sh, ok := ShareKind.In(w).Get(inv.ShareArn); !ok || sh.Status == ram.ShareDeleted {
		return nil, notPermitted("The resource share %s of invitation %s was deleted.", inv.ShareArn, arn)
	}
	return inv, nil
}

// AcceptResourceShareInvitation accepts an invitation: the receiver gets
// access to the share's resources.
func (s *Service) AcceptResourceShareInvitation(ctx context.Context, scope Scope, arn string) (InvitationView, error) {
	return s.answer(ctx, scope, arn, ram.InviteAccepted)
}

// RejectResourceShareInvitation declines an invitation: the receiver's
// principal association ends.
func (s *Service) RejectResourceShareInvitation(ctx context.Context, scope Scope, arn string) (InvitationView, error) {
	return s.answer(ctx, scope, arn, ram.InviteRejected)
}

func (s *Service) answer(ctx context.Context, scope Scope, arn, status string) (InvitationView, error) {
	var out InvitationView
	err := s.update(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		inv, err := answerable(tx.World, scope, arn, now)
		if err != nil {
			return err
		}
		c := model.Clone(inv)
		c.Status = status
		c.Answered = now
		InvitationKind.In(tx.World).Put(c)
		if status == ram.InviteRejected {
			if sh, ok := ShareKind.In(tx.World).Get(inv.ShareArn); ok {
				if i := find(sh, ram.TypePrincipal, scope.Account); i >= 0 && sh.Associations[i].InvitationArn == arn {
					sc := model.Clone(sh)
					sc.Associations[i].Status = ram.AssocDisassociated
					sc.Associations[i].StatusMessage = "The invitation was rejected."
					sc.Associations[i].Updated = now
					ShareKind.In(tx.World).Put(sc)
				}
			}
		}
		out = InvitationView{Invitation: c, Status: status}
		return nil
	})
	return out, err
}

// ListPendingInvitationResources lists the resources of the share a
// pending invitation offers.
func (s *Service) ListPendingInvitationResources(ctx context.Context, scope Scope, arn string, p Page) ([]ResourceView, string, error) {
	w := s.view(ctx)
	inv, err := answerable(w, scope, arn, s.now())
	if err != nil {
		return nil, "", err
	}
	sh, _ := ShareKind.In(w).Get(inv.ShareArn)
	var sel []ResourceView
	for _, a := range sh.Associations {
		if a.Type == ram.TypeResource && a.Status == ram.AssocAssociated {
			sel = append(sel, ResourceView{ShareArn: sh.ID, Association: a})
		}
	}
	return paginate(sel, func(v ResourceView) string { return v.Entity }, p)
}
