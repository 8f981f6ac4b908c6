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
// parent id (for example subnets by VPC). A Table obtained from a Snapshot
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
	tx     *Tx
}

const btreeDegree = 32

func newTable[T any](kind string, meta func(*T) *model.Meta, parent func(*T) string) *Table[T] {
	t := &Table[T]{kind: kind, meta: meta, parent: parent, byID: btree.NewG(btreeDegree, lessEntry[T])}
	if parent != nil {
		t.byPar = btree.NewG(btreeDegree, lessEntry[T])
	}
	return t
}

// clone returns a copy-on-write copy of t bound to tx (nil for read-only).
func (t *Table[T]) clone(tx *Tx) *Table[T] {
	c := *t
	c.byID = t.byID.Clone()
	if t.byPar != nil {
		c.byPar = t.byPar.Clone()
	}
	c.tx = tx
	return &c
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
	id := t.meta(v).ID
	old, had := t.byID.ReplaceOrInsert(entry[T]{key: id, v: v})
	if t.byPar != nil {
		if had {
			t.byPar.Delete(entry[T]{key: t.parent(old.v) + "\x00" + id})
		}
		t.byPar.ReplaceOrInsert(entry[T]{key: t.parent(v) + "\x00" + id, v: v})
	}
	t.tx.record(t.kind, id, v)
}

// Delete removes the object with the given id, if present.
func (t *Table[T]) Delete(id string) {
	if t.tx == nil {
		panic("store: Delete on a read-only table " + t.kind)
	}
	old, had := t.byID.Delete(entry[T]{key: id})
	if !had {
		return
	}
	if t.byPar != nil {
		t.byPar.Delete(entry[T]{key: t.parent(old.v) + "\x00" + id})
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
