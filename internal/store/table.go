package store

import (
	"github.com/google/btree"

	"github.com/vpcsim/vpcsim/internal/model"
)

// entry is one row of a table index.
type entry[T any] struct {
	key string // id, or parent + "\x00" + id in the parent index
	v   *T
}

func lessEntry[T any](a, b entry[T]) bool { return a.key < b.key }

// Table is one kind of object, ordered by id, with an optional index by
// parent id (for example subnets by VPC) and the kind's secondary indexes
// (see DefineIndex). A Table obtained from a Snapshot
// is read-only; one obtained from a Tx records every change in the Tx.
//
// Objects returned by Get and the iterators are shared with other readers
// and must not be modified: Put a modified model.Clone instead.
type Table[T any] struct {
	kind   string
	meta   func(*T) *model.Meta
	parent func(*T) string
	byID   *btree.BTreeG[entry[T]]
	byPar  *btree.BTreeG[entry[T]]
	idx    []secondary[T] // secondary indexes (see DefineIndex)
	tx     *Tx
	own    bool // the trees are this table's alone; else cloned on first write
}

const btreeDegree = 32

func newTable[T any](kind string, meta func(*T) *model.Meta, parent func(*T) string) *Table[T] {
	t := &Table[T]{kind: kind, meta: meta, parent: parent, byID: btree.NewG(btreeDegree, lessEntry[T])}
	if parent != nil {
		t.byPar = btree.NewG(btreeDegree, lessEntry[T])
	}
	t.idx = newSecondaries[T](kind)
	return t
}

// clone returns a copy of t bound to tx (nil for read-only). The copy
// shares t's trees until its first write clones them (copy-on-write), so
// a transaction pays only for the tables it changes.
func (t *Table[T]) clone(tx *Tx) *Table[T] {
	c := *t
	c.tx = tx
	c.own = false
	if t.own {
		t.own = false // shared from now on: t's next write clones too
	}
	return &c
}

// mutable makes t's trees its own before a write.
func (t *Table[T]) mutable() {
	if t.own {
		return
	}
	t.byID = t.byID.Clone()
	if t.byPar != nil {
		t.byPar = t.byPar.Clone()
	}
	if t.idx != nil {
		idx := make([]secondary[T], len(t.idx))
		for i, s := range t.idx {
			idx[i] = secondary[T]{keys: s.keys, tree: s.tree.Clone()}
		}
		t.idx = idx
	}
	t.own = true
}

// freeze makes t read-only, for publishing a committed transaction's
// tables as the next revision.
func (t *Table[T]) freeze() {
	t.tx = nil
	t.own = false
}

// Kind returns the table's kind name (its storage bucket).
func (t *Table[T]) Kind() string { return t.kind }

// Len returns the number of objects.
func (t *Table[T]) Len() int { return t.byID.Len() }

// Get returns the object with the given id.
func (t *Table[T]) Get(id string) (*T, bool) {
	e, ok := t.byID.Get(entry[T]{key: id})
	return e.v, ok
}

// Put inserts or replaces v (by its Meta.ID). It panics on a read-only table.
func (t *Table[T]) Put(v *T) {
	if t.tx == nil {
		panic("store: Put on a read-only table " + t.kind)
	}
	t.mutable()
	id := t.meta(v).ID
	old, had := t.byID.ReplaceOrInsert(entry[T]{key: id, v: v})
	if t.byPar != nil {
		if had {
			t.byPar.Delete(entry[T]{key: t.parent(old.v) + "\x00" + id})
		}
		t.byPar.ReplaceOrInsert(entry[T]{key: t.parent(v) + "\x00" + id, v: v})
	}
	for _, s := range t.idx {
		if had {
			s.file(id, s.keys(old.v), nil)
		}
		s.file(id, s.keys(v), v)
	}
	t.tx.record(t.kind, id, v)
}

// Delete removes the object with the given id, if present.
func (t *Table[T]) Delete(id string) {
	if t.tx == nil {
		panic("store: Delete on a read-only table " + t.kind)
	}
	t.mutable()
	old, had := t.byID.Delete(entry[T]{key: id})
	if !had {
		return
	}
	if t.byPar != nil {
		t.byPar.Delete(entry[T]{key: t.parent(old.v) + "\x00" + id})
	}
	for _, s := range t.idx {
		s.file(id, s.keys(old.v), nil)
	}
	t.tx.record(t.kind, id, nil)
}

// All calls fn for every object in id order until fn returns false.
func (t *Table[T]) All(fn func(*T) bool) {
	t.byID.Ascend(func(e entry[T]) bool { return fn(e.v) })
}

// From calls fn for every object with an id greater than after, in id
// order, until fn returns false (for pagination).
func (t *Table[T]) From(after string, fn func(*T) bool) {
	t.byID.AscendGreaterOrEqual(entry[T]{key: after + "\x00"}, func(e entry[T]) bool { return fn(e.v) })
}

// ByParent calls fn for every object whose parent is parent, in id order.
// It panics if the table has no parent index.
func (t *Table[T]) ByParent(parent string, fn func(*T) bool) {
	lo := parent + "\x00"
	hi := parent + "\x01"
	t.byPar.AscendRange(entry[T]{key: lo}, entry[T]{key: hi}, func(e entry[T]) bool { return fn(e.v) })
}

// Children returns the objects whose parent is parent, in id order.
func (t *Table[T]) Children(parent string) []*T {
	var out []*T
	t.ByParent(parent, func(v *T) bool { out = append(out, v); return true })
	return out
}
