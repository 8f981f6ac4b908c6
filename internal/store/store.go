// Package store keeps the simulated world as numbered revisions.
//
// The whole world lives in memory as copy-on-write B-trees: readers take an
// immutable Snapshot without locks, and writers are serialised, each working
// on a private clone that is published atomically on success. When a data
// directory is given, every commit is written to an embedded bbolt database
// before Update returns (group commit: concurrent writers share one fsync),
// so an acknowledged change survives a crash; a failed or dry-run
// transaction changes nothing.
package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrDryRun is returned by Update for a dry-run transaction that would have
// succeeded; nothing was changed.
var ErrDryRun = errors.New("dry run: request would have succeeded")

type dryRunKey struct{}

// WithDryRun marks ctx so that Update validates and then discards its changes.
func WithDryRun(ctx context.Context) context.Context {
	return context.WithValue(ctx, dryRunKey{}, true)
}

// IsDryRun reports whether ctx was marked by WithDryRun.
func IsDryRun(ctx context.Context) bool { v, _ := ctx.Value(dryRunKey{}).(bool); return v }

// Options configure a Store.
type Options struct {
	// Dir is the data directory; empty keeps everything in memory.
	Dir string
	// Seed, when non-zero, makes generated ids deterministic.
	Seed int64
	// Clock is the time source of every transaction (Tx.Now) and of Now;
	// nil means time.Now. Tests inject a fixed or stepped clock.
	Clock func() time.Time
}

// Store is the durable, revisioned world. It is safe for concurrent use.
type Store struct {
	opts    Options
	db      *bolt.DB
	current atomic.Pointer[World]
	mu      sync.Mutex // serialises writers
	ids     idGen
	queue   chan *batch
	wg      sync.WaitGroup
	closed  bool
}

type batch struct {
	rev     uint64
	counter uint64
	changes []change
	reset   bool
	done    chan error
}

type change struct {
	kind, id string
	data     []byte // nil = delete
}

var (
	metaBucket  = []byte("_meta")
	revisionKey = []byte("revision")
	counterKey  = []byte("idcounter")
)

// Open opens (or creates) the store. With a data directory it loads the
// last committed world from it.
func Open(opts Options) (*Store, error) {
	s := &Store{opts: opts, ids: idGen{seed: uint64(opts.Seed), seeded: opts.Seed != 0}}
	w := newWorld()
	if opts.Dir != "" {
		if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		db, err := bolt.Open(filepath.Join(opts.Dir, "vpcsim.db"), 0o600, &bolt.Options{Timeout: 2 * time.Second, FreelistType: bolt.FreelistMapType})
		if err != nil {
			return nil, fmt.Errorf("open database in %s: %w", opts.Dir, err)
		}
		s.db = db
		if err := s.load(w); err != nil {
			db.Close()
			return nil, err
		}
		s.queue = make(chan *batch, 4096)
		s.wg.Add(1)
		go s.persist()
	}
	s.current.Store(w)
	return s, nil
}

func (s *Store) load(w *World) error {
	return s.db.View(func(btx *bolt.Tx) error {
		if mb := btx.Bucket(metaBucket); mb != nil {
			if v := mb.Get(revisionKey); len(v) == 8 {
				w.Revision = binary.BigEndian.Uint64(v)
			}
			if v := mb.Get(counterKey); len(v) == 8 {
				s.ids.counter = binary.BigEndian.Uint64(v)
			}
		}
		for _, t := range w.tableList() {
			b := btx.Bucket([]byte(t.Kind()))
			if b == nil {
				continue
			}
			if err := b.ForEach(func(k, v []byte) error { return t.load(v) }); err != nil {
				return fmt.Errorf("load %s: %w", t.Kind(), err)
			}
		}
		return nil
	})
}

// Dir returns the data directory ("" for an in-memory store).
func (s *Store) Dir() string { return s.opts.Dir }

// Snapshot returns the current world. It is immutable and never blocks.
func (s *Store) Snapshot() *World { return s.current.Load() }

// Now returns the store clock's current time (UTC, millisecond precision),
// the same clock transactions see in Tx.Now.
func (s *Store) Now() time.Time {
	c := s.opts.Clock
	if c == nil {
		c = time.Now
	}
	return c().UTC().Truncate(time.Millisecond)
}

// Revision returns the current revision number.
func (s *Store) Revision() uint64 { return s.current.Load().Revision }

// Update runs fn in a write transaction. If fn returns an error, nothing
// changes and the error is returned. Otherwise the changes are published as a
// new revision and, with a data directory, made durable before Update
// returns. Under WithDryRun, a successful fn yields ErrDryRun and no change.
//
// fn may pass WithTx(ctx, tx) to code that would otherwise open its own
// transaction (see Join), so that several steps commit as one. Update must
// not be called again from inside fn: the writer lock is not reentrant.
func (s *Store) Update(ctx context.Context, fn func(tx *Tx) error) (uint64, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return 0, errors.New("store is closed")
	}
	base := s.current.Load()
	tx := &Tx{changes: map[changeKey]any{}, now: s.Now()}
	idsBefore := s.ids
	tx.ids = &s.ids
	tx.World = base.clone(tx)
	err := fn(tx)
	if err == nil && IsDryRun(ctx) {
		err = ErrDryRun
	}
	if err != nil || len(tx.changes) == 0 {
		if err != nil {
			s.ids = idsBefore
		}
		s.mu.Unlock()
		return base.Revision, err
	}
	next := tx.World.clone(nil)
	next.Revision = base.Revision + 1
	var b *batch
	if s.db != nil {
		b = &batch{rev: next.Revision, counter: s.ids.counter, done: make(chan error, 1)}
		b.changes = make([]change, 0, len(tx.order))
		for _, k := range tx.order {
			c := change{kind: k.kind, id: k.id}
			if v := tx.changes[k]; v != nil {
				data, merr := json.Marshal(v)
				if merr != nil {
					s.ids = idsBefore
					s.mu.Unlock()
					return base.Revision, fmt.Errorf("encode %s %s: %w", k.kind, k.id, merr)
				}
				c.data = data
			}
			b.changes = append(b.changes, c)
		}
	}
	s.current.Store(next)
	if b != nil {
		s.queue <- b
	}
	s.mu.Unlock()
	if b != nil {
		if err := <-b.done; err != nil {
			return next.Revision, fmt.Errorf("commit revision %d: %w", next.Revision, err)
		}
	}
	return next.Revision, nil
}

// Reset empties the world (the next request re-creates AWS's defaults).
func (s *Store) Reset(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errors.New("store is closed")
	}
	base := s.current.Load()
	w := newWorld()
	w.Revision = base.Revision + 1
	var b *batch
	if s.db != nil {
		b = &batch{rev: w.Revision, counter: s.ids.counter, reset: true, done: make(chan error, 1)}
	}
	s.current.Store(w)
	if b != nil {
		s.queue <- b
	}
	s.mu.Unlock()
	if b != nil {
		return <-b.done
	}
	return nil
}

// persist writes queued batches, several per bbolt transaction.
func (s *Store) persist() {
	defer s.wg.Done()
	for first := range s.queue {
		group := []*batch{first}
	drain:
		for len(group) < 512 {
			select {
			case b, ok := <-s.queue:
				if !ok {
					break drain
				}
				group = append(group, b)
			default:
				break drain
			}
		}
		err := s.db.Update(func(btx *bolt.Tx) error {
			for _, b := range group {
				if err := writeBatch(btx, b); err != nil {
					return err
				}
			}
			return nil
		})
		for _, b := range group {
			b.done <- err
		}
	}
}

func writeBatch(btx *bolt.Tx, b *batch) error {
	if b.reset {
		var names [][]byte
		_ = btx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			names = append(names, append([]byte(nil), name...))
			return nil
		})
		for _, n := range names {
			if err := btx.DeleteBucket(n); err != nil {
				return err
			}
		}
	}
	for _, c := range b.changes {
		bk, err := btx.CreateBucketIfNotExists([]byte(c.kind))
		if err != nil {
			return err
		}
		if c.data == nil {
			err = bk.Delete([]byte(c.id))
		} else {
			err = bk.Put([]byte(c.id), c.data)
		}
		if err != nil {
			return err
		}
	}
	mb, err := btx.CreateBucketIfNotExists(metaBucket)
	if err != nil {
		return err
	}
	// bbolt keeps a reference to a Put value until the transaction
	// commits, so each value needs its own buffer.
	rev := binary.BigEndian.AppendUint64(nil, b.rev)
	if err := mb.Put(revisionKey, rev); err != nil {
		return err
	}
	return mb.Put(counterKey, binary.BigEndian.AppendUint64(nil, b.counter))
}

// Close waits for pending commits and closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	close(s.queue)
	s.wg.Wait()
	return s.db.Close()
}
