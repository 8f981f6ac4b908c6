package store

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

func eni(id string, groups ...string) *model.NetworkInterface {
	return &model.NetworkInterface{Meta: model.Meta{ID: id, Account: testScope.Account, Region: testScope.Region}, SecurityGroupIDs: groups}
}

func ids[T any](vs []*T) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, any(v).(model.Object).GetMeta().ID)
	}
	return out
}

// TestSecondaryIndexFollowsPutAndDelete: an index files objects under
// every key, moves them when a Put changes their keys, drops them on
// Delete, leaves held snapshots and failed transactions untouched, and is
// rebuilt on reopen.
func TestSecondaryIndexFollowsPutAndDelete(t *testing.T) {
	bothModes(t, func(t *testing.T, opts Options) {
		s := openStore(t, opts)
		ix := NetworkInterfacesBySecurityGroup
		look := func(w *World, g string) []string { return ids(w.NetworkInterfaces.Indexed(ix, g)) }
		mustUpdate(t, s, func(tx *Tx) error {
			tx.NetworkInterfaces.Put(eni("eni-1", "sg-a", "sg-b"))
			tx.NetworkInterfaces.Put(eni("eni-2", "sg-a", "sg-a"))
			tx.NetworkInterfaces.Put(eni("eni-3"))
			if got := look(tx.World, "sg-a"); !reflect.DeepEqual(got, []string{"eni-1", "eni-2"}) {
				t.Errorf("inside the transaction sg-a -> %v", got)
			}
			return nil
		})
		held := s.Snapshot()
		mustUpdate(t, s, func(tx *Tx) error {
			tx.NetworkInterfaces.Put(eni("eni-1", "sg-c"))
			tx.NetworkInterfaces.Delete("eni-2")
			return nil
		})
		_, err := s.Update(context.Background(), func(tx *Tx) error {
			tx.NetworkInterfaces.Put(eni("eni-9", "sg-c"))
			return errors.New("boom")
		})
		if err == nil {
			t.Fatal("failing transaction succeeded")
		}
		check := func(w *World, what string) {
			t.Helper()
			for g, want := range map[string][]string{"sg-a": {}, "sg-b": {}, "sg-c": {"eni-1"}, "": {}} {
				if got := look(w, g); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: %q -> %v, want %v", what, g, got, want)
				}
			}
		}
		check(s.Snapshot(), "after the changes")
		if got := look(held, "sg-a"); !reflect.DeepEqual(got, []string{"eni-1", "eni-2"}) {
			t.Errorf("held snapshot changed: sg-a -> %v", got)
		}
		if opts.Dir != "" {
			s.Close()
			check(openStore(t, opts).Snapshot(), "after reopen")
		}
	})
}

// TestIndexOfAnotherKindPanics: using an index on the wrong table is a
// programming error, reported at once.
func TestIndexOfAnotherKindPanics(t *testing.T) {
	s := openStore(t, Options{})
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	// Same T is required by the compiler; fake a mismatched index.
	s.Snapshot().NetworkInterfaces.ByIndex(&Index[model.NetworkInterface]{kind: "subnet", name: "x"}, "k", func(*model.NetworkInterface) bool { return true })
}
