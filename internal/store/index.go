package store

import (
	"fmt"
	"sync/atomic"

	"github.com/google/btree"
)

// Index is a secondary index of one kind's table: every object is filed
// under each non-empty key its function returns (network interfaces under
// each security group they use, rules under the group they reference).
// Tables maintain their indexes copy-on-write in Put and Delete, like the
// parent index, so a lookup costs O(log n + matches) instead of a scan, and
// a snapshot's indexes always agree with its objects.
//
// Indexes are declared once, with DefineIndex, in package-level variables.
type Index[T any] struct {
	kind string
	name string
	pos  int // position among the kind's indexes
	keys func(*T) []string
}

// indexRegistry lists each kind's indexes (as *Index[T]) in definition
// order. Like the kind registry it is filled by package-level variable
// initialisers only, before any World exists.
var indexRegistry = map[string][]any{}

// worldsMade is set once the first World exists; indexes declared after
// that would be missing from its tables.
var worldsMade atomic.Bool

// DefineIndex declares a secondary index of kind k. keys returns the keys
// an object is filed under; empty keys are ignored and duplicates count
// once. It panics on a duplicate name or when called after a World was
// created (it is meant for package-level variables).
func DefineIndex[T any](k *Kind[T], name string, keys func(*T) []string) *Index[T] {
	kind := k.Spec().Name
	if worldsMade.Load() {
		panic(fmt.Sprintf("store.DefineIndex %s/%s: called after a World exists", kind, name))
	}
	for _, o := range indexRegistry[kind] {
		if o.(*Index[T]).name == name {
			panic(fmt.Sprintf("store.DefineIndex: duplicate index %s/%s", kind, name))
		}
	}
	ix := &Index[T]{kind: kind, name: name, pos: len(indexRegistry[kind]), keys: keys}
	indexRegistry[kind] = append(indexRegistry[kind], ix)
	return ix
}

// Name returns the index's name.
func (ix *Index[T]) Name() string { return ix.name }

// secondary is one index's tree in one table.
type secondary[T any] struct {
	keys func(*T) []string
	tree *btree.BTreeG[entry[T]]
}

// newSecondaries returns empty trees for the indexes of kind.
func newSecondaries[T any](kind string) []secondary[T] {
	defs := indexRegistry[kind]
	if len(defs) == 0 {
		return nil
	}
	out := make([]secondary[T], len(defs))
	for i, d := range defs {
		out[i] = secondary[T]{keys: d.(*Index[T]).keys, tree: btree.NewG(btreeDegree, lessEntry[T])}
	}
	return out
}

// file adds (v != nil) or removes the entries of object id under keys.
func (s secondary[T]) file(id string, keys []string, v *T) {
	for _, k := range keys {
		if k == "" {
			continue
		}
		e := entry[T]{key: k + "\x00" + id, v: v}
		if v == nil {
			s.tree.Delete(e)
		} else {
			s.tree.ReplaceOrInsert(e)
		}
	}
}

// ByIndex calls fn, in id order, for every object filed under key in ix,
// until fn returns false. It panics if ix is not an index of t's kind.
func (t *Table[T]) ByIndex(ix *Index[T], key string, fn func(*T) bool) {
	if ix.kind != t.kind || ix.pos >= len(t.idx) {
		panic("store: index " + ix.kind + "/" + ix.name + " used on table " + t.kind)
	}
	if key == "" {
		return
	}
	t.idx[ix.pos].tree.AscendRange(entry[T]{key: key + "\x00"}, entry[T]{key: key + "\x01"}, func(e entry[T]) bool { return fn(e.v) })
}

// Indexed returns the objects filed under key in ix, in id order.
func (t *Table[T]) Indexed(ix *Index[T], key string) []*T {
	var out []*T
	t.ByIndex(ix, key, func(v *T) bool { out = append(out, v); return true })
	return out
}
