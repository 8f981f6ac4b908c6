package ram

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/awserr"
	ram "github.com/vpcsim/vpcsim/internal/model/ram"
)

// ResourceView is a shared resource as ListResources shows it.
type ResourceView struct {
	ShareArn string
	ram.Association
}

// ListInput is ListResources' and ListPrincipals' request.
type ListInput struct {
	OtherAccounts bool
	Principal     string   // ListResources
	Principals    []string // ListPrincipals
	ResourceArn   string   // ListPrincipals
	ResourceArns  []string // ListResources
	ResourceType  string
	ShareArns     []string
	Page          Page
}

func (in ListInput) check() error {
	if in.ResourceType != "" {
		if _, ok := typeByName(in.ResourceType); !ok {
			return awserr.New(codeInvalidType, "The resource type %s is not valid (see ListResourceTypes).", in.ResourceType)
		}
	}
	for _, a := range append(append(append([]string(nil), in.ShareArns...), in.ResourceArns...), in.ResourceArn) {
		if a == "" {
			continue
		}
		if _, err := ParseArn(a); err != nil {
			return err
		}
	}
	if in.OtherAccounts && in.Principal != "" {
		return invalidParameter("principal can be given only with resourceOwner SELF.")
	}
	return nil
}

// visibleShares calls fn for each active share of scope's Region that the
// caller owns (SELF) or that is shared with it, invitation accepted
// (OTHER-ACCOUNTS).
func (s *Service) visibleShares(ctx context.Context, scope Scope, in ListInput, fn func(*ram.ResourceShare)) {
	w := s.view(ctx)
	now := s.now()
	want := set(in.ShareArns)
	ShareKind.In(w).All(func(sh *ram.ResourceShare) bool {
		if sh.Region != scope.Region || sh.Status != ram.ShareActive || len(want) > 0 && !want[sh.ID] {
			return true
		}
		if in.OtherAccounts {
			if sh.Account != scope.Account && principalOf(w, sh, scope.Account, now, true) {
				fn(sh)
			}
		} else if sh.Account == scope.Account {
			fn(sh)
		}
		return true
	})
}

func associated(sh *ram.ResourceShare, typ string, fn func(ram.Association)) {
	for _, a := range sh.Associations {
		if a.Type == typ && a.Status == ram.AssocAssociated {
			fn(a)
		}
	}
}

// ListResources lists the resources the caller shares (SELF) or that are
// shared with it (OTHER-ACCOUNTS), one entry per share.
func (s *Service) ListResources(ctx context.Context, scope Scope, in ListInput) ([]ResourceView, string, error) {
	if err := in.check(); err != nil {
		return nil, "", err
	}
	rtype := ""
	if t, ok := typeByName(in.ResourceType); ok {
		rtype = t.Type
	}
	want := set(in.ResourceArns)
	var sel []ResourceView
	s.visibleShares(ctx, scope, in, func(sh *ram.ResourceShare) {
		if in.Principal != "" && find(sh, ram.TypePrincipal, in.Principal) < 0 {
			return
		}
		associated(sh, ram.TypeResource, func(a ram.Association) {
			if (len(want) == 0 || want[a.Entity]) && (rtype == "" || a.ResourceType == rtype) {
				sel = append(sel, ResourceView{ShareArn: sh.ID, Association: a})
			}
		})
	})
	return paginate(sel, func(v ResourceView) string { return v.Entity + " " + v.ShareArn }, in.Page)
}

// PrincipalView is a principal as ListPrincipals shows it.
type PrincipalView struct {
	ID, ShareArn string
	ram.Association
}

// ListPrincipals lists the principals the caller shares with (SELF) or
// the accounts that share with it (OTHER-ACCOUNTS), one entry per share.
func (s *Service) ListPrincipals(ctx context.Context, scope Scope, in ListInput) ([]PrincipalView, string, error) {
	if err := in.check(); err != nil {
		return nil, "", err
	}
	rtype := ""
	if t, ok := typeByName(in.ResourceType); ok {
		rtype = t.Type
	}
	want := set(in.Principals)
	var sel []PrincipalView
	s.visibleShares(ctx, scope, in, func(sh *ram.ResourceShare) {
		if in.ResourceArn != "" && find(sh, ram.TypeResource, in.ResourceArn) < 0 {
			return
		}
		if rtype != "" && !hasType(sh, rtype) {
			return
		}
		if in.OtherAccounts {
			a := ram.Association{Entity: sh.Account, Created: sh.Created, Updated: sh.Updated, External: !orgSharingEnabled(s.view(ctx))}
			if len(want) == 0 || want[sh.Account] {
				sel = append(sel, PrincipalView{ID: sh.Account, ShareArn: sh.ID, Association: a})
			}
			return
		}
		associated(sh, ram.TypePrincipal, func(a ram.Association) {
			if len(want) == 0 || want[a.Entity] {
				sel = append(sel, PrincipalView{ID: a.Entity, ShareArn: sh.ID, Association: a})
			}
		})
	})
	return paginate(sel, func(v PrincipalView) string { return v.ID + " " + v.ShareArn }, in.Page)
}
