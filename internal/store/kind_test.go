package store

import (
	"context"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// TestEveryKindSurvivesRestart writes one object of every registered kind
// to a data directory, reopens it and finds each again: a kind cannot be
// persisted without being reloaded.
func TestEveryKindSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	kinds := Kinds()
	if len(kinds) < 20 {
		t.Fatalf("only %d kinds registered", len(kinds))
	}
	created := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	_, err = st.Update(context.Background(), func(tx *Tx) error {
		for _, k := range kinds {
			meta := model.Meta{ID: "rt-" + k.Spec().Name, Account: "123456789012", Region: "us-east-1", Tags: map[string]string{"k": "v"}, Created: created}
			k.Put(tx, k.New(meta))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := st.Snapshot()
	for _, k := range kinds {
		m, ok := k.Meta(w, "rt-"+k.Spec().Name)
		if !ok {
			t.Errorf("kind %s: object lost on restart", k.Spec().Name)
			continue
		}
		if m.Tags["k"] != "v" || !m.Created.Equal(created) || m.Account != "123456789012" {
			t.Errorf("kind %s: metadata changed on restart: %+v", k.Spec().Name, m)
		}
	}
}

// TestKindSpecsAreConsistent checks the registry's declarations: unique
// names and id prefixes, and AWS's error codes for every kind with ids.
func TestKindSpecsAreConsistent(t *testing.T) {
	prefixes := map[string]string{}
	for _, k := range Kinds() {
		sp := k.Spec()
		if sp.Service == "" {
			t.Errorf("kind %s: no service", sp.Name)
		}
		if sp.IDPrefix == "" {
			continue
		}
		if other, dup := prefixes[sp.IDPrefix]; dup {
			t.Errorf("kinds %s and %s share id prefix %s", sp.Name, other, sp.IDPrefix)
		}
		prefixes[sp.IDPrefix] = sp.Name
		if sp.NotFound == "" || sp.Malformed == "" || sp.Noun == "" {
			t.Errorf("kind %s: missing error codes or noun", sp.Name)
		}
	}
	w := newWorld()
	if w.VPCs == nil || w.Scopes == nil || w.VPCs != VPCKind.In(w) {
		t.Fatal("World's typed fields are not bound to the registered tables")
	}
}
