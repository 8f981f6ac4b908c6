package control

import (
	"sort"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Select visits the objects a Describe call names, in id order, until visit
// returns false: with ids, each of them (duplicates once), every one of
// which must exist in scope or the call fails with the kind's NotFound (or
// Malformed) error before anything is visited; without ids, every object of
// scope. Either way only ids greater than after (a pagination cursor) are
// visited. t is a table of a consistent view (View(ctx)).
func Select[T any](t *store.Table[T], scope model.Scope, ids []string, after string, visit func(*T) bool) error {
	idOf := func(v *T) string { return any(v).(model.Object).GetMeta().ID }
	if len(ids) == 0 {
		t.From(after, func(v *T) bool {
			if !any(v).(model.Object).GetMeta().InScope(scope) {
				return true
			}
			return visit(v)
		})
		return nil
	}
	seen := map[string]bool{}
	var sel []*T
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		v, err := Lookup(t, scope, id)
		if err != nil {
			return err
		}
		sel = append(sel, v)
	}
	sort.Slice(sel, func(i, j int) bool { return idOf(sel[i]) < idOf(sel[j]) })
	for _, v := range sel {
		if after != "" && idOf(v) <= after {
			continue
		}
		if !visit(v) {
			break
		}
	}
	return nil
}
