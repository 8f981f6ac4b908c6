package store

import "encoding/json"

// anyTable is the kind-independent view of a Table used for persistence.
type anyTable interface {
	Kind() string
	load(data []byte) error
	cloneAny(tx *Tx) anyTable
	freeze()
	Len() int
}

func (t *Table[T]) cloneAny(tx *Tx) anyTable { return t.clone(tx) }

// load decodes one stored object into the table, outside any transaction.
func (t *Table[T]) load(data []byte) error {
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	id := t.meta(v).ID
	t.byID.ReplaceOrInsert(entry[T]{key: id, v: v})
	if t.byPar != nil {
		t.byPar.ReplaceOrInsert(entry[T]{key: t.parent(v) + "\x00" + id, v: v})
	}
	for _, s := range t.idx {
		s.file(id, s.keys(v), v)
	}
	return nil
}
