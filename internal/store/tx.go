package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// Tx is one write transaction over a private copy-on-write World. Changes
// become visible to readers, and durable, only when the function given to
// Store.Update returns nil; otherwise they are discarded whole.
type Tx struct {
	*World
	changes map[changeKey]any // nil value = delete
	order   []changeKey
	ids     *idGen
	now     time.Time
}

type changeKey struct{ kind, id string }

func (tx *Tx) record(kind, id string, v any) {
	k := changeKey{kind, id}
	if _, seen := tx.changes[k]; !seen {
		tx.order = append(tx.order, k)
	}
	tx.changes[k] = v
}

type txKey struct{}

// WithTx returns ctx carrying tx, so that Join (and the control layers'
// updates built on it) run inside tx instead of opening a transaction of
// their own: several operations then commit, or fail, as one.
func WithTx(ctx context.Context, tx *Tx) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// TxFrom returns the transaction ctx carries (see WithTx).
func TxFrom(ctx context.Context) (*Tx, bool) {
	tx, ok := ctx.Value(txKey{}).(*Tx)
	return tx, ok && tx != nil
}

// Join runs fn as one atomic step. Without a transaction in ctx it is
// Update. With one (WithTx), fn runs on a savepoint of that transaction
// and nothing is committed here: if fn fails, or ctx is a dry run (which
// then yields ErrDryRun), the savepoint is discarded and the joined
// transaction is as before; otherwise fn's changes become part of the
// joined transaction, committed or discarded with it by its Update.
//
// After a successful joined step the joined Tx's World is a new value:
// re-read tables from the Tx (tx.Instances ...) rather than keeping a
// *Table obtained before the step.
func (s *Store) Join(ctx context.Context, fn func(tx *Tx) error) error {
	parent, ok := TxFrom(ctx)
	if !ok {
		_, err := s.Update(ctx, fn)
		return err
	}
	return parent.savepoint(fn, IsDryRun(ctx))
}

// View returns the world as ctx sees it: the joined transaction's (its
// uncommitted changes included) or the current snapshot. Readers must not
// modify it.
func (s *Store) View(ctx context.Context) *World {
	if tx, ok := TxFrom(ctx); ok {
		return tx.World
	}
	return s.Snapshot()
}

// savepoint runs fn on a copy-on-write child of tx and adopts its changes
// when fn succeeds and discard is false.
func (tx *Tx) savepoint(fn func(tx *Tx) error, discard bool) error {
	child := &Tx{changes: map[changeKey]any{}, ids: tx.ids, now: tx.now}
	idsBefore := *tx.ids
	child.World = tx.World.clone(child)
	err := fn(child)
	if err == nil && discard {
		err = ErrDryRun
	}
	if err != nil {
		*tx.ids = idsBefore
		return err
	}
	tx.World = child.World.clone(tx)
	for _, k := range child.order {
		tx.record(k.kind, k.id, child.changes[k])
	}
	return nil
}

// Now returns the transaction's timestamp (UTC, millisecond precision).
func (tx *Tx) Now() time.Time { return tx.now }

// NewID returns a fresh AWS-style id: prefix + "-" + 17 hex digits.
func (tx *Tx) NewID(prefix string) string { return prefix + "-" + tx.ids.next(17) }

// NewHex returns n fresh hex digits (for MAC addresses, fingerprints ...).
func (tx *Tx) NewHex(n int) string { return tx.ids.next(n) }

// idGen makes ids: random, or with a seed a deterministic sequence that
// survives restarts because its counter is stored with every commit.
type idGen struct {
	seed    uint64
	seeded  bool
	counter uint64
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (g *idGen) next(n int) string {
	buf := make([]byte, (n+1)/2+8)
	if g.seeded {
		for i := 0; i < len(buf); i += 8 {
			g.counter++
			var w [8]byte
			binary.BigEndian.PutUint64(w[:], splitmix(g.seed^splitmix(g.counter)))
			copy(buf[i:], w[:])
		}
	} else {
		g.counter++
		_, _ = rand.Read(buf)
	}
	return hex.EncodeToString(buf)[:n]
}

// WithIDs runs fn with the transaction's ids (NewID, NewHex) drawn from a
// sequence determined by key alone instead of the store's generator, so that
// the same key and the same calls yield the same ids in any store and after
// any restart. The control plane uses it for an account-region's default
// resources, which are computed (not stored) until a write needs them.
func (tx *Tx) WithIDs(key string, fn func() error) error {
	var seed uint64 = 0xcbf29ce484222325 // FNV-1a 64
	for i := 0; i < len(key); i++ {
		seed = (seed ^ uint64(key[i])) * 0x100000001b3
	}
	saved := tx.ids
	tx.ids = &idGen{seed: seed, seeded: true}
	defer func() { tx.ids = saved }()
	return fn()
}
