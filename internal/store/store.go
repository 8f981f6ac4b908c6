// Package store keeps the simulated world as numbered revisions.
//
// The whole world lives in memory as copy-on-write B-trees: readers take an
// immutable Snapshot without locks, and writers are serialised, each working
// on a private copy-on-write World that becomes the next revision on
// success. When a data directory is given, every revision is written to an
// embedded bbolt database (group commit: concurrent writers share one
// fsync) and becomes visible to readers, and is acknowledged, only once it
// is durable; a failed or dry-run transaction changes nothing, and a failed
// database commit fails the store closed (see StorageError).
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
//
// With a data directory, a revision goes through two heads. Writers are
// serialised on the pending head (head): each builds on the revision the
// previous writer produced, so concurrent writers need not wait for each
// other's fsync and share one (group commit). Readers see only the durable
// head (current): a revision is published there by the persister once the
// database transaction holding it has committed, and only then are its
// writers answered. A Snapshot therefore never shows a change that a crash
// or a failed write could take back.
type Store struct {
	opts    Options
	db      *bolt.DB
	commit  committer             // writes groups of batches to db; nil in memory
	current atomic.Pointer[World] // durable head: what readers see
	head    *World                // pending head writers build on (guarded by mu)
	failure atomic.Pointer[StorageError]
	mu      sync.Mutex // serialises writers
	ids     idGen
	queue   chan *batch
	wg      sync.WaitGroup
	closed  bool
}

// batch is one revision on its way to disk. The persister commits batches
// in queue order, several per database transaction, publishes world once
// its transaction is durable and then answers done.
type batch struct {
	rev     uint64
	counter uint64
	changes []change
	reset   bool
	barrier bool   // writes nothing: answered once every earlier batch is durable
	world   *World // the revision this batch makes durable
	done    chan error
	// encoded is closed by the writer once every change's data is encoded
	// (outside the writer lock, so writers encode in parallel); encodeErr
	// is set before that if one could not be. nil: nothing to encode.
	encoded   chan struct{}
	encodeErr error
}

type change struct {
	kind, id string
	obj      any    // the object to store; nil = delete
	data     []byte // obj encoded, once batch.encoded is closed
}

// encode encodes the batch's objects and closes encoded.
func (b *batch) encode() {
	defer close(b.encoded)
	for i := range b.changes {
		c := &b.changes[i]
		if c.obj == nil {
			continue
		}
		data, err := json.Marshal(c.obj)
		if err != nil {
			b.encodeErr = fmt.Errorf("encode %s %s: %w", c.kind, c.id, err)
			return
		}
		c.data = data
	}
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
		db, err := openDB(opts.Dir, &bolt.Options{FreelistType: bolt.FreelistMapType, NoFreelistSync: true}) // open.go: in use, damaged
		if err != nil {
			return nil, err
		}
		s.db = db
		s.commit = boltCommitter{db}
		if err := loadGuard(filepath.Join(opts.Dir, DBFile), func() error { return s.load(w) }); err != nil {
			db.Close()
			return nil, err
		}
		s.queue = make(chan *batch, 4096)
		s.wg.Add(1)
		go s.persist()
	}
	s.current.Store(w)
	s.head = w
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

// Revision returns the current (durable) revision number.
func (s *Store) Revision() uint64 { return s.current.Load().Revision }

var errClosed = errors.New("store is closed")

// writable reports why writes are refused, if they are: the store is
// closed or has failed (see StorageError). After a failure it also drops
// the pending head back to the last durable revision, so that nothing
// is ever built on a revision the database refused. Called with mu held.
func (s *Store) writable() error {
	if s.closed {
		return errClosed
	}
	if f := s.failure.Load(); f != nil {
		s.head = s.current.Load()
		return f
	}
	return nil
}

// Update runs fn in a write transaction. If fn returns an error, nothing
// changes and the error is returned. Otherwise the changes become a new
// revision, made durable (with a data directory) and then visible to
// readers before Update returns. Under WithDryRun, a successful fn yields
// ErrDryRun and no change.
//
// fn sees the pending head: the latest revision, which may not be durable
// yet. Whatever Update answers (a commit, an error of fn's, ErrDryRun, or
// no change) is only returned once the revision fn saw is durable, so no
// answer is ever based on state a failed write takes back; if that
// revision cannot be made durable Update returns a StorageError.
//
// fn may pass WithTx(ctx, tx) to code that would otherwise open its own
// transaction (see Join), so that several steps commit as one. Update must
// not be called again from inside fn: the writer lock is not reentrant.
func (s *Store) Update(ctx context.Context, fn func(tx *Tx) error) (uint64, error) {
	s.mu.Lock()
	if err := s.writable(); err != nil {
		s.mu.Unlock()
		return s.Revision(), err
	}
	base := s.head
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
		b := s.barrier(base)
		s.mu.Unlock()
		if b != nil {
			if werr := <-b.done; werr != nil {
				return s.Revision(), werr
			}
		}
		return base.Revision, err
	}
	next := tx.World // published as is: no copy per write
	next.freeze()
	next.Revision = base.Revision + 1
	if s.commit == nil {
		s.head = next
		s.current.Store(next)
		s.mu.Unlock()
		return next.Revision, nil
	}
	b := &batch{rev: next.Revision, counter: s.ids.counter, world: next, done: make(chan error, 1), encoded: make(chan struct{})}
	b.changes = make([]change, 0, len(tx.order))
	for _, k := range tx.order {
		b.changes = append(b.changes, change{kind: k.kind, id: k.id, obj: tx.changes[k]})
	}
	s.head = next
	s.queue <- b
	s.mu.Unlock()
	// Encoding happens here, after the writer lock: the next writer runs
	// while this one encodes. The committer waits for it; an object that
	// cannot be encoded fails the commit like a storage error, so nothing
	// built on it is acknowledged.
	b.encode()
	if err := <-b.done; err != nil {
		return s.Revision(), fmt.Errorf("commit revision %d: %w", next.Revision, err)
	}
	return next.Revision, nil
}

// barrier queues a batch that writes nothing and is answered once base is
// durable, or returns nil if it already is. Called with mu held.
func (s *Store) barrier(base *World) *batch {
	if s.commit == nil || s.current.Load() == base {
		return nil
	}
	b := &batch{barrier: true, world: base, done: make(chan error, 1)}
	s.queue <- b
	return b
}

// Reset empties the world (the next request re-creates AWS's defaults).
func (s *Store) Reset(ctx context.Context) error {
	s.mu.Lock()
	if err := s.writable(); err != nil {
		s.mu.Unlock()
		return err
	}
	w := newWorld()
	w.Revision = s.head.Revision + 1
	s.head = w
	if s.commit == nil {
		s.current.Store(w)
		s.mu.Unlock()
		return nil
	}
	b := &batch{rev: w.Revision, counter: s.ids.counter, reset: true, world: w, done: make(chan error, 1)}
	s.queue <- b
	s.mu.Unlock()
	if err := <-b.done; err != nil {
		return fmt.Errorf("reset to revision %d: %w", w.Revision, err)
	}
	return nil
}

// maxGroup bounds the batches one database transaction commits.
const maxGroup = 512

// persist commits queued batches in order, several per database
// transaction, and publishes each group's last revision to readers once
// it is durable. The first failed commit fails the store (see
// StorageError): that group and every batch queued behind it, all built
// on the refused revisions, are answered with the failure and never
// written or published.
func (s *Store) persist() {
	defer s.wg.Done()
	group := make([]*batch, 0, maxGroup)
	for first := range s.queue {
		group = append(group[:0], first)
	drain:
		for len(group) < maxGroup {
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
		var err error
		if f := s.failure.Load(); f != nil {
			err = f
		} else if writes(group) {
			cerr := encoded(group)
			if cerr == nil {
				cerr = s.commit.commit(group)
			}
			if cerr != nil {
				f := &StorageError{Dir: s.opts.Dir, Err: cerr}
				s.failure.Store(f)
				err = f
			}
		}
		if err == nil {
			s.current.Store(group[len(group)-1].world)
		}
		for _, b := range group {
			b.done <- err
		}
		clear(group)
	}
}

// encoded waits until every batch of group is encoded and returns the
// first encoding error.
func encoded(group []*batch) error {
	var first error
	for _, b := range group {
		if b.encoded == nil {
			continue
		}
		<-b.encoded
		if b.encodeErr != nil && first == nil {
			first = b.encodeErr
		}
	}
	return first
}

// writes reports whether any batch of group has something to write.
func writes(group []*batch) bool {
	for _, b := range group {
		if !b.barrier {
			return true
		}
	}
	return false
}

// committer hands a group of batches to the database as one atomic,
// durable transaction: when commit returns nil every batch is on disk,
// otherwise none is. It is the seam where tests inject storage faults.
type committer interface {
	commit(group []*batch) error
}

// boltCommitter is the committer of a bbolt database.
type boltCommitter struct{ db *bolt.DB }

func (c boltCommitter) commit(group []*batch) error {
	return c.db.Update(func(btx *bolt.Tx) error {
		for _, b := range group {
			if b.barrier {
				continue
			}
			if err := writeBatch(btx, b); err != nil {
				return err
			}
		}
		return nil
	})
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
	if s.failure.Load() == nil {
		// Writes skip the free list (NoFreelistSync: one page less per
		// commit); a clean close records it, so the next Open need not
		// rebuild it by walking the whole file.
		s.db.NoFreelistSync = false
		if err := s.db.Update(func(*bolt.Tx) error { return nil }); err != nil {
			s.db.Close()
			return fmt.Errorf("record the free list on close: %w", err)
		}
	}
	return s.db.Close()
}
