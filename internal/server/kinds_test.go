package server

import (
	"context"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestEveryServiceKindSurvivesRestart writes one object of every kind that
// any served service registers (this package links them all), reopens the
// data directory and finds each again: no kind is written without being
// reloaded.
func TestEveryServiceKindSurvivesRestart(t *testing.T) {
	services := map[string]bool{}
	for _, k := range store.Kinds() {
		services[k.Spec().Service] = true
	}
	dir := t.TempDir()
	st, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	_, err = st.Update(context.Background(), func(tx *store.Tx) error {
		for _, k := range store.Kinds() {
			k.Put(tx, k.New(model.Meta{ID: "rt-" + k.Spec().Name, Account: "123456789012", Region: "us-east-1", Tags: map[string]string{"k": "v"}, Created: created}))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err = store.Open(store.Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := st.Snapshot()
	for _, k := range store.Kinds() {
		m, ok := k.Meta(w, "rt-"+k.Spec().Name)
		if !ok || m.Tags["k"] != "v" || !m.Created.Equal(created) {
			t.Errorf("kind %s (%s): not reloaded intact: %+v", k.Spec().Name, k.Spec().Service, m)
		}
	}
	t.Logf("%d kinds of %d services round-tripped", len(store.Kinds()), len(services))
}
