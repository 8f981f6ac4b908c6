package control

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// AccountAttribute is one of DescribeAccountAttributes' attributes.
type AccountAttribute struct {
	Name   string
	Values []string
}

// AccountAttributes returns the account-region's attributes in EC2's order
// [EC2 API DescribeAccountAttributes]: VPC-only platform, its default VPC
// ("none" when deleted) and the default quotas.
func AccountAttributes(w *store.World, scope model.Scope) []AccountAttribute {
	defaultVpc := "none"
	if st, ok := w.Scopes.Get(scopeKey(scope)); ok && st.DefaultVpcID != "" {
		defaultVpc = st.DefaultVpcID
	}
	return []AccountAttribute{
		{"supported-platforms", []string{"VPC"}},
		{"default-vpc", []string{defaultVpc}},
		{"max-instances", []string{"20"}},
		{"vpc-max-security-groups-per-interface", []string{"5"}},
		{"max-elastic-ips", []string{"5"}},
		{"vpc-max-elastic-ips", []string{"5"}},
	}
}

// errDiscard ends a transaction whose changes must not be kept.
var errDiscard = errors.New("control: discard the computed defaults")

// ReadOnlyAction reports whether an EC2 action only reads the world (its
// name starts with Describe, Get, List or Search, the EC2 API's read verbs).
func ReadOnlyAction(action string) bool {
	for _, p := range []string{"Describe", "Get", "List", "Search"} {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}

// InScope runs fn, one operation in scope, on a world where the
// account-region's defaults (default VPC, subnets, IGW, DHCP options, ...)
// exist. They are stored by the first operation that may change the world
// (readOnly false) and by nothing else: a read-only operation (or a dry
// run) in an account-region nothing was stored for yet runs in a
// transaction that computes the defaults, lets fn read them through
// View(ctx), and is then discarded. So reads of any number of new accounts
// store nothing, and since the defaults' ids derive from the account and
// region alone (initScope), a later write stores exactly what the reads
// showed. fn's error is returned as is.
func (s *Service) InScope(ctx context.Context, scope model.Scope, readOnly bool, fn func(ctx context.Context) error) error {
	if _, ok := s.st.Snapshot().Scopes.Get(scopeKey(scope)); ok {
		return fn(ctx)
	}
	if _, joined := store.TxFrom(ctx); joined {
		return fn(ctx) // the caller's transaction decides what is stored
	}
	if _, err := RegionByName(scope.Region); err != nil {
		return err
	}
	if !readOnly {
		if err := s.EnsureScope(ctx, scope); err != nil {
			return err
		}
		return fn(ctx)
	}
	var ferr error
	_, err := s.st.Update(context.Background(), func(tx *store.Tx) error {
		if _, ok := tx.Scopes.Get(scopeKey(scope)); !ok {
			if err := initScope(tx, scope); err != nil {
				return err
			}
		}
		ferr = fn(store.WithTx(ctx, tx))
		return errDiscard
	})
	if err != nil && !errors.Is(err, errDiscard) {
		return fmt.Errorf("compute the defaults of %s/%s: %w", scope.Account, scope.Region, err)
	}
	return ferr
}

// DefaultView returns the world as a read-only operation in scope sees it
// (see InScope): the current snapshot, or when nothing was stored for
// scope yet, a private copy of it with scope's defaults computed in. The
// result must not be modified.
func (s *Service) DefaultView(ctx context.Context, scope model.Scope) (*store.World, error) {
	var w *store.World
	err := s.InScope(ctx, scope, true, func(ctx context.Context) error {
		w = s.View(ctx)
		return nil
	})
	return w, err
}

// ResetAccount deletes everything of account, in every region and every
// service (AWS-owned objects such as the managed prefix lists stay): the
// account is as new, and its next request sees AWS's defaults again. It
// returns the number of objects deleted.
func (s *Service) ResetAccount(ctx context.Context, account string) (int, error) {
	n := 0
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		for _, k := range store.Kinds() {
			var ids []string
			k.Each(tx.World, func(m *model.Meta) bool {
				if m.Account == account {
					ids = append(ids, m.ID)
				}
				return true
			})
			for _, id := range ids {
				k.Delete(tx, id)
			}
			n += len(ids)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("reset account %s: %w", account, err)
	}
	return n, nil
}
