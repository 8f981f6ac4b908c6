package store

import (
	"fmt"
	"reflect"

	"github.com/vpcsim/vpcsim/internal/model"
)

// Kind is the handle of one registered resource kind: its spec, its Go
// type and its table in every World.
type Kind[T any] struct {
	spec   model.KindSpec
	index  int
	parent func(*T) string
}

// AnyKind is the type-independent view of a registered kind.
type AnyKind interface {
	// Spec returns the kind's declaration.
	Spec() model.KindSpec
	// Objects returns the kind's table in w as meta accessors.
	Meta(w *World, id string) (*model.Meta, bool)
	// Each calls fn with every object's metadata until fn returns false.
	Each(w *World, fn func(*model.Meta) bool)
	// Retag replaces the object id in tx by a copy changed by fn.
	Retag(tx *Tx, id string, fn func(*model.Meta))
	// New returns a zero object of the kind with the given metadata (tests
	// and generic tooling).
	New(meta model.Meta) any
	// Put stores an object made by New (tests and generic tooling).
	Put(tx *Tx, v any)
	// Delete removes object id in tx (generic tooling: an account's reset).
	Delete(tx *Tx, id string)

	newTable() anyTable
}

// registry lists every kind in definition order. It is filled by Define
// from package-level variable initialisers only, before any World exists,
// and never changes afterwards.
var registry []AnyKind

var registryByName = map[string]AnyKind{}

// Define registers a resource kind and returns its handle. T must embed
// model.Meta. parent, when not nil, indexes the table by a parent id
// (subnets by VPC). Define is meant for package-level variables: it panics
// on a duplicate name, an empty name or a T without model.Meta.
func Define[T any](spec model.KindSpec, parent func(*T) string) *Kind[T] {
	if spec.Name == "" {
		panic("store.Define: empty kind name")
	}
	if _, dup := registryByName[spec.Name]; dup {
		panic("store.Define: duplicate kind " + spec.Name)
	}
	if _, ok := any(new(T)).(model.Object); !ok {
		panic(fmt.Sprintf("store.Define: %s (%T) does not embed model.Meta", spec.Name, new(T)))
	}
	k := &Kind[T]{spec: spec, index: len(registry), parent: parent}
	registry = append(registry, k)
	registryByName[spec.Name] = k
	return k
}

// Kinds returns every registered kind in definition order.
func Kinds() []AnyKind { return append([]AnyKind(nil), registry...) }

// KindByName returns the kind registered under name.
func KindByName(name string) (AnyKind, bool) { k, ok := registryByName[name]; return k, ok }

// KindByPrefix returns the kind whose EC2-style ids use prefix.
func KindByPrefix(prefix string) (AnyKind, bool) {
	for _, k := range registry {
		if k.Spec().IDPrefix == prefix {
			return k, true
		}
	}
	return nil, false
}

// KindOfID returns the kind whose EC2-style ids id has, and that prefix:
// the longest registered prefix followed by "-" ("tgw-attach-0a1b" is a
// transit gateway attachment, not a transit gateway).
func KindOfID(id string) (AnyKind, string, bool) {
	var best AnyKind
	prefix := ""
	for _, k := range registry {
		p := k.Spec().IDPrefix
		if p != "" && len(p) > len(prefix) && len(id) > len(p) && id[len(p)] == '-' && id[:len(p)] == p {
			best, prefix = k, p
		}
	}
	return best, prefix, best != nil
}

// Spec returns the kind's declaration.
func (k *Kind[T]) Spec() model.KindSpec { return k.spec }

// In returns the kind's table in w (read-only for a snapshot, recording
// for a transaction's world).
func (k *Kind[T]) In(w *World) *Table[T] { return w.tables[k.index].(*Table[T]) }

func (k *Kind[T]) newTable() anyTable {
	return newTable(k.spec.Name, func(v *T) *model.Meta { return any(v).(model.Object).GetMeta() }, k.parent)
}

// Meta returns the metadata of object id.
func (k *Kind[T]) Meta(w *World, id string) (*model.Meta, bool) {
	v, ok := k.In(w).Get(id)
	if !ok {
		return nil, false
	}
	return any(v).(model.Object).GetMeta(), true
}

// Each calls fn with every object's metadata until fn returns false.
func (k *Kind[T]) Each(w *World, fn func(*model.Meta) bool) {
	k.In(w).All(func(v *T) bool { return fn(any(v).(model.Object).GetMeta()) })
}

// Retag replaces object id by a copy whose metadata fn changed.
func (k *Kind[T]) Retag(tx *Tx, id string, fn func(*model.Meta)) {
	t := k.In(tx.World)
	v, ok := t.Get(id)
	if !ok {
		return
	}
	c := model.Clone(v)
	fn(any(c).(model.Object).GetMeta())
	t.Put(c)
}

// New returns a zero T carrying meta.
func (k *Kind[T]) New(meta model.Meta) any {
	v := new(T)
	*any(v).(model.Object).GetMeta() = meta
	return v
}

// Put stores v, which must be a *T.
func (k *Kind[T]) Put(tx *Tx, v any) { k.In(tx.World).Put(v.(*T)) }

// Delete removes object id.
func (k *Kind[T]) Delete(tx *Tx, id string) { k.In(tx.World).Delete(id) }

// bindFields points World's typed table fields (tagged `kind:"name"`) at
// the registered tables, so the EC2 layers can write w.VPCs.
func (w *World) bindFields() {
	v := reflect.ValueOf(w).Elem()
	for _, f := range worldFields {
		v.Field(f.field).Set(reflect.ValueOf(w.tables[f.kind]))
	}
}

type worldField struct{ field, kind int }

// worldFields maps World's typed fields to kind indexes. It is computed in
// init, after every kind of this package is defined, and never changes.
var worldFields []worldField

func init() {
	t := reflect.TypeOf(World{})
	for i := 0; i < t.NumField(); i++ {
		name := t.Field(i).Tag.Get("kind")
		if name == "" {
			continue
		}
		k, ok := registryByName[name]
		if !ok {
			panic("store: World field " + t.Field(i).Name + " names unregistered kind " + name)
		}
		worldFields = append(worldFields, worldField{field: i, kind: k.(interface{ indexOf() int }).indexOf()})
	}
}

func (k *Kind[T]) indexOf() int { return k.index }
