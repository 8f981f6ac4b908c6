package ram

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
	ram "github.com/vpcsim/vpcsim/internal/model/ram"
	"github.com/vpcsim/vpcsim/internal/store"
)

// deletedRetention is how long a DELETED share stays listed (AWS keeps
// them for a while and documents no figure; the provider waits for the
// DELETED status). Older ones are dropped at the next create.
const deletedRetention = 24 * time.Hour

// maxPerCall is the limit on resources or principals in one call
// [ResourceShareLimitExceededException: "You can associate up to 100
// resources per call"].
const maxPerCall = 100

// CreateShareInput is CreateResourceShare's request.
type CreateShareInput struct {
	Name                    string
	ResourceArns            []string
	Principals              []string
	PermissionArns          []string
	Tags                    map[string]string
	AllowExternalPrincipals *bool
	ClientToken             string
}

func requestKey(in CreateShareInput) string {
	r := append([]string(nil), in.ResourceArns...)
	p := append([]string(nil), in.Principals...)
	q := append([]string(nil), in.PermissionArns...)
	sort.Strings(r)
	sort.Strings(p)
	sort.Strings(q)
	ext := in.AllowExternalPrincipals == nil || *in.AllowExternalPrincipals
	return strings.Join([]string{in.Name, strings.Join(r, ","), strings.Join(p, ","), strings.Join(q, ","), strconv.FormatBool(ext)}, "|")
}

// CreateResourceShare creates a share, with its resources, principals and
// permissions. The answer shows the share ACTIVE (its associations are
// listed by GetResourceShareAssociations).
func (s *Service) CreateResourceShare(ctx context.Context, scope Scope, in CreateShareInput) (*ram.ResourceShare, error) {
	if strings.TrimSpace(in.Name) == "" {
		return nil, invalidParameter("The resource share name must not be empty.")
	}
	if len(in.ResourceArns) > maxPerCall || len(in.Principals) > maxPerCall {
		return nil, tooManyPerCall()
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	var out *ram.ResourceShare
	err := s.update(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		key := requestKey(in)
		var dup *ram.ResourceShare
		ShareKind.In(tx.World).All(func(sh *ram.ResourceShare) bool {
			if sh.InScope(scope) && in.ClientToken != "" && sh.ClientToken == in.ClientToken {
				dup = sh
			}
			return dup == nil
		})
		if dup != nil {
			if dup.RequestKey != key {
				return idempotentMismatch(in.ClientToken)
			}
			out = dup
			return nil
		}
		purgeDeleted(tx, scope, now)
		ext := in.AllowExternalPrincipals == nil || *in.AllowExternalPrincipals
		sh := &ram.ResourceShare{
			Meta:                    model.Meta{ID: ShareArn(scope, uuid(tx)), Account: scope.Account, Region: scope.Region, Tags: nonEmpty(in.Tags), Created: now},
			Name:                    in.Name,
			AllowExternalPrincipals: ext,
			Status:                  ram.ShareActive,
			Updated:                 now,
			ClientToken:             in.ClientToken,
			RequestKey:              key,
		}
		for _, p := range in.PermissionArns {
			if err := attachPermission(sh, p, false, now); err != nil {
				return err
			}
		}
		if err := associate(tx, sh, in.ResourceArns, in.Principals); err != nil {
			return err
		}
		ShareKind.In(tx.World).Put(sh)
		out = sh
		return nil
	})
	return out, err
}

func nonEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

// purgeDeleted forgets scope's shares deleted more than deletedRetention
// ago.
func purgeDeleted(tx *store.Tx, scope Scope, now time.Time) {
	t := DeletedShareKind.In(tx.World)
	var old []string
	t.All(func(sh *ram.ResourceShare) bool {
		if sh.InScope(scope) && now.Sub(sh.Updated) > deletedRetention {
			old = append(old, sh.ID)
		}
		return true
	})
	for _, id := range old {
		t.Delete(id)
	}
}

// liveShare returns a share scope owns that is not deleted (a deleted
// one is InvalidStateTransitionException).
func liveShare(w *store.World, scope Scope, arn string) (*ram.ResourceShare, error) {
	if _, err := ParseArn(arn); err != nil {
		return nil, err
	}
	if sh, ok := ShareKind.In(w).Get(arn); ok && sh.InScope(scope) {
		return sh, nil
	}
	if sh, ok := DeletedShareKind.In(w).Get(arn); ok && sh.InScope(scope) {
		return nil, deletedShare(arn)
	}
	return nil, shareNotFound(arn)
}

// SharesInput is GetResourceShares' request.
type SharesInput struct {
	Arns          []string
	Status        string
	OtherAccounts bool
	Name          string
	TagFilters    map[string][]string
	PermissionArn string
	Page          Page
}

// GetResourceShares lists the shares scope owns (SELF) or that are shared
// with it (OTHER-ACCOUNTS), with the request's filters. ARNs of shares the
// caller cannot see are left out.
func (s *Service) GetResourceShares(ctx context.Context, scope Scope, in SharesInput) ([]*ram.ResourceShare, string, error) {
	for _, a := range in.Arns {
		if _, err := ParseArn(a); err != nil {
			return nil, "", err
		}
	}
	if in.PermissionArn != "" {
		if _, err := ParseArn(in.PermissionArn); err != nil {
			return nil, "", err
		}
	}
	w := s.view(ctx)
	now := s.now()
	want := set(in.Arns)
	var sel []*ram.ResourceShare
	visit := func(sh *ram.ResourceShare) bool {
		if sh.Region != scope.Region || (len(want) > 0 && !want[sh.ID]) {
			return true
		}
		if in.OtherAccounts {
			if sh.Account == scope.Account || sh.Status == ram.ShareDeleted || !principalOf(w, sh, scope.Account, now, false) {
				return true
			}
		} else if sh.Account != scope.Account {
			return true
		}
		if in.Status != "" && sh.Status != in.Status || in.Name != "" && sh.Name != in.Name {
			return true
		}
		if in.PermissionArn != "" && !hasPermission(sh, in.PermissionArn) {
			return true
		}
		for k, vs := range in.TagFilters {
			v, ok := sh.Tags[k]
			if !ok || len(vs) > 0 && !set(vs)[v] {
				return true
			}
		}
		sel = append(sel, sh)
		return true
	}
	ShareKind.In(w).All(visit)
	if !in.OtherAccounts {
		DeletedShareKind.In(w).All(visit)
	}
	return paginate(sel, func(sh *ram.ResourceShare) string { return sh.ID }, in.Page)
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// UpdateResourceShare renames a share or changes allowExternalPrincipals.
func (s *Service) UpdateResourceShare(ctx context.Context, scope Scope, arn string, name *string, allowExternal *bool) (*ram.ResourceShare, error) {
	var out *ram.ResourceShare
	err := s.update(ctx, func(tx *store.Tx) error {
		sh, err := liveShare(tx.World, scope, arn)
		if err != nil {
			return err
		}
		c := model.Clone(sh)
		if name != nil {
			if strings.TrimSpace(*name) == "" {
				return invalidParameter("The resource share name must not be empty.")
			}
			c.Name = *name
		}
		if allowExternal != nil {
			c.AllowExternalPrincipals = *allowExternal
		}
		c.Updated = tx.Now()
		ShareKind.In(tx.World).Put(c)
		out = c
		return nil
	})
	return out, err
}

// DeleteResourceShare deletes a share: it goes to DELETED (still listed
// for a while), its associations end, principals lose access, its
// invitations go.
func (s *Service) DeleteResourceShare(ctx context.Context, scope Scope, arn string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		sh, err := liveShare(tx.World, scope, arn)
		if err != nil {
			return err
		}
		now := tx.Now()
		c := model.Clone(sh)
		c.Status = ram.ShareDeleted
		c.Updated = now
		for i := range c.Associations {
			if c.Associations[i].Status != ram.AssocDisassociated {
				c.Associations[i].Status = ram.AssocDisassociated
				c.Associations[i].Updated = now
			}
		}
		ShareKind.In(tx.World).Delete(c.ID)
		DeletedShareKind.In(tx.World).Put(c)
		var invs []string
		InvitationKind.In(tx.World).ByParent(c.ID, func(inv *ram.Invitation) bool {
			invs = append(invs, inv.ID)
			return true
		})
		for _, id := range invs {
			InvitationKind.In(tx.World).Delete(id)
		}
		return nil
	})
}
