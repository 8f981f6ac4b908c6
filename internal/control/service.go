// Package control implements EC2's semantics for the VPC world: validation,
// defaults, invariants, state machines and dependencies, each operation as
// one store transaction. It never sees HTTP or wire types; it returns
// *awserr.Error with AWS's codes for every rule a request breaks, and a
// rejected request changes nothing.
package control

import (
	"context"
	"errors"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Options configure the EC2 semantics.
type Options struct {
	// AWSQuotas enforces AWS's adjustable default quotas (VPCs per region,
	// rules per security group, ...). Fixed limits are always enforced.
	AWSQuotas bool
}

// Service is the EC2 control plane over a store. It is safe for concurrent use.
type Service struct {
	st     *store.Store
	opts   Options
	planes dataplane.Cache
}

// New returns a Service over st.
func New(st *store.Store, opts Options) *Service { return &Service{st: st, opts: opts} }

// Snapshot returns the current immutable world.
func (s *Service) Snapshot() *store.World { return s.st.Snapshot() }

// View returns the world as ctx sees it: inside an Atomic step the joined
// transaction's world (its uncommitted changes included), otherwise the
// current snapshot. Read functions take it so that a handler running in a
// joined transaction renders what its own operation just wrote.
func (s *Service) View(ctx context.Context) *store.World { return s.st.View(ctx) }

// Now is the store's clock, for rules that need the time outside a
// transaction (visibility windows in reads). Inside a transaction use tx.Now.
func (s *Service) Now() time.Time { return s.st.Now() }

// Plane returns the compiled data plane of the current revision (cached).
func (s *Service) Plane() *dataplane.Plane { return s.planes.Get(s.st.Snapshot()) }

// Store returns the underlying store.
func (s *Service) Store() *store.Store { return s.st }

// update runs fn as one atomic step, translating a dry run into EC2's
// DryRunOperation answer. When ctx carries a transaction (Atomic), fn runs
// on a savepoint of it and commits with it; otherwise it is a transaction
// of its own.
func (s *Service) update(ctx context.Context, fn func(tx *store.Tx) error) error {
	err := s.st.Join(ctx, fn)
	if errors.Is(err, store.ErrDryRun) {
		return awserr.DryRunOperation()
	}
	return err
}

// Atomic runs fn with a context carrying one store transaction: every
// operation fn calls joins it, View(ctx) reads it, and all of it commits
// (durably) when fn returns nil, or none of it when fn fails. fn must not
// call EnsureScope or open transactions of its own on the store.
func (s *Service) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.update(ctx, func(tx *store.Tx) error { return fn(store.WithTx(ctx, tx)) })
}

// EnsureScope creates AWS's initial world for scope (default VPC, subnets,
// IGW, DHCP options, AWS-managed prefix lists) the first time it is used.
func (s *Service) EnsureScope(ctx context.Context, scope model.Scope) error {
	if _, ok := s.st.Snapshot().Scopes.Get(scopeKey(scope)); ok {
		return nil
	}
	if _, err := RegionByName(scope.Region); err != nil {
		return err
	}
	// A fresh context: the caller's may be a dry run, but the defaults of
	// an account-region exist whether or not its first request is one.
	_, err := s.st.Update(context.Background(), func(tx *store.Tx) error {
		if _, ok := tx.Scopes.Get(scopeKey(scope)); ok {
			return nil
		}
		return initScope(tx, scope)
	})
	return err
}

func scopeKey(s model.Scope) string { return s.Account + "/" + s.Region }

// newMeta returns metadata for a new object in scope.
func newMeta(tx *store.Tx, scope model.Scope, id string, tags map[string]string) model.Meta {
	return model.Meta{ID: id, Account: scope.Account, Region: scope.Region, Tags: tags, Created: tx.Now()}
}

// inScope returns v if it exists and belongs to scope.
func inScope[T any](t *store.Table[T], scope model.Scope, id string, meta func(*T) *model.Meta) (*T, bool) {
	v, ok := t.Get(id)
	if !ok || !meta(v).InScope(scope) {
		return nil, false
	}
	return v, true
}
