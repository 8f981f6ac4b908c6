package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

var testScope = model.Scope{Account: "123456789012", Region: "us-east-1"}

func vpc(id string, tags map[string]string) *model.VPC {
	return &model.VPC{
		Meta:       model.Meta{ID: id, Account: testScope.Account, Region: testScope.Region, Tags: tags},
		State:      "available",
		CidrBlocks: []model.CidrAssoc{{AssociationID: id + "-cidr", Prefix: netip.MustParsePrefix("10.0.0.0/16"), State: "associated"}},
	}
}

func subnet(id, vpcID, cidr string) *model.Subnet {
	return &model.Subnet{
		Meta:      model.Meta{ID: id, Account: testScope.Account, Region: testScope.Region},
		VpcID:     vpcID,
		State:     "available",
		CidrBlock: netip.MustParsePrefix(cidr),
	}
}

func openStore(t testing.TB, opts Options) *Store {
	t.Helper()
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func mustUpdate(t testing.TB, s *Store, fn func(tx *Tx) error) uint64 {
	t.Helper()
	rev, err := s.Update(context.Background(), fn)
	if err != nil {
		t.Fatal(err)
	}
	return rev
}

// dump renders every object of w as JSON by kind and id, for comparing worlds.
func dump(t testing.TB, w *World) map[string]string {
	t.Helper()
	out := map[string]string{}
	add := func(kind, id string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[kind+"/"+id] = string(b)
	}
	w.VPCs.All(func(v *model.VPC) bool { add("vpc", v.ID, v); return true })
	w.Subnets.All(func(v *model.Subnet) bool { add("subnet", v.ID, v); return true })
	w.SecurityGroups.All(func(v *model.SecurityGroup) bool { add("sg", v.ID, v); return true })
	w.SecurityGroupRules.All(func(v *model.SecurityGroupRule) bool { add("sgr", v.ID, v); return true })
	w.RouteTables.All(func(v *model.RouteTable) bool { add("rtb", v.ID, v); return true })
	w.NetworkACLs.All(func(v *model.NetworkACL) bool { add("acl", v.ID, v); return true })
	w.Scopes.All(func(v *model.ScopeState) bool { add("scope", v.ID, v); return true })
	return out
}

func bothModes(t *testing.T, fn func(t *testing.T, opts Options)) {
	t.Run("ephemeral", func(t *testing.T) { fn(t, Options{}) })
	t.Run("durable", func(t *testing.T) { fn(t, Options{Dir: t.TempDir()}) })
}

func TestFailedTransactionChangesNothing(t *testing.T) {
	bothModes(t, func(t *testing.T, opts Options) {
		opts.Seed = 7
		s := openStore(t, opts)
		mustUpdate(t, s, func(tx *Tx) error {
			tx.VPCs.Put(vpc("vpc-keep", map[string]string{"a": "1"}))
			tx.Subnets.Put(subnet("subnet-keep", "vpc-keep", "10.0.0.0/24"))
			return nil
		})
		before := s.Snapshot()
		want := dump(t, before)
		boom := errors.New("boom")
		var idInFailedTx string
		rev, err := s.Update(context.Background(), func(tx *Tx) error {
			idInFailedTx = tx.NewID("vpc")
			tx.VPCs.Put(vpc(idInFailedTx, nil))
			c := model.Clone(mustGet(t, tx.VPCs, "vpc-keep"))
			c.Tags["a"] = "changed"
			tx.VPCs.Put(c)
			tx.Subnets.Delete("subnet-keep")
			tx.Subnets.Put(subnet("subnet-new", "vpc-keep", "10.0.1.0/24"))
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		if rev != before.Revision || s.Revision() != before.Revision {
			t.Fatalf("revision moved: returned %d, now %d, before %d", rev, s.Revision(), before.Revision)
		}
		if s.Snapshot() != before {
			t.Fatal("a failed transaction published a new world")
		}
		if got := dump(t, s.Snapshot()); !reflect.DeepEqual(got, want) {
			t.Fatalf("world changed by a failed transaction:\n got %v\nwant %v", got, want)
		}
		if n := len(s.Snapshot().Subnets.Children("vpc-keep")); n != 1 {
			t.Fatalf("parent index has %d subnets, want 1", n)
		}
		// A failed transaction gives back the ids it drew (deterministic ids).
		var next string
		mustUpdate(t, s, func(tx *Tx) error { next = tx.NewID("vpc"); return nil })
		if next != idInFailedTx {
			t.Fatalf("id after failed tx = %s, want the discarded %s again", next, idInFailedTx)
		}
		if opts.Dir != "" {
			s.Close()
			r := openStore(t, opts)
			if got := dump(t, r.Snapshot()); !reflect.DeepEqual(got, want) {
				t.Fatalf("reopened world differs:\n got %v\nwant %v", got, want)
			}
		}
	})
}

func mustGet[T any](t testing.TB, tb *Table[T], id string) *T {
	t.Helper()
	v, ok := tb.Get(id)
	if !ok {
		t.Fatalf("%s %s not found", tb.Kind(), id)
	}
	return v
}

func TestDryRunChangesNothing(t *testing.T) {
	bothModes(t, func(t *testing.T, opts Options) {
		s := openStore(t, opts)
		mustUpdate(t, s, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-a", nil)); return nil })
		before := s.Snapshot()
		ran := false
		rev, err := s.Update(WithDryRun(context.Background()), func(tx *Tx) error {
			ran = true
			tx.VPCs.Put(vpc("vpc-b", nil))
			tx.VPCs.Delete("vpc-a")
			return nil
		})
		if !ran {
			t.Fatal("dry-run did not validate (fn not called)")
		}
		if !errors.Is(err, ErrDryRun) {
			t.Fatalf("err = %v, want ErrDryRun", err)
		}
		if rev != before.Revision || s.Snapshot() != before {
			t.Fatal("dry run published a new world")
		}
		if _, ok := s.Snapshot().VPCs.Get("vpc-b"); ok {
			t.Fatal("dry run created vpc-b")
		}
		// A dry run that would fail reports the failure, not ErrDryRun.
		boom := errors.New("would fail")
		if _, err := s.Update(WithDryRun(context.Background()), func(tx *Tx) error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("failing dry run: err = %v", err)
		}
		if opts.Dir != "" {
			s.Close()
			r := openStore(t, opts)
			if r.Revision() != before.Revision || r.Snapshot().VPCs.Len() != 1 {
				t.Fatalf("reopened: revision %d (want %d), %d VPCs", r.Revision(), before.Revision, r.Snapshot().VPCs.Len())
			}
		}
	})
}

func TestRevisionsIncrease(t *testing.T) {
	bothModes(t, func(t *testing.T, opts Options) {
		s := openStore(t, opts)
		if s.Revision() != 0 {
			t.Fatalf("fresh store at revision %d", s.Revision())
		}
		last := uint64(0)
		for i := range 20 {
			rev := mustUpdate(t, s, func(tx *Tx) error { tx.VPCs.Put(vpc(fmt.Sprintf("vpc-%02d", i), nil)); return nil })
			if rev != last+1 || s.Revision() != rev || s.Snapshot().Revision != rev {
				t.Fatalf("commit %d: revision %d (store %d), want %d", i, rev, s.Revision(), last+1)
			}
			last = rev
		}
		// A transaction that changes nothing is not a new revision.
		if rev := mustUpdate(t, s, func(tx *Tx) error { return nil }); rev != last {
			t.Fatalf("empty transaction moved revision to %d", rev)
		}
		if err := s.Reset(context.Background()); err != nil {
			t.Fatal(err)
		}
		if s.Revision() != last+1 {
			t.Fatalf("after Reset revision %d, want %d", s.Revision(), last+1)
		}
		if opts.Dir != "" {
			s.Close()
			r := openStore(t, opts)
			if r.Revision() != last+1 {
				t.Fatalf("reopened at revision %d, want %d", r.Revision(), last+1)
			}
			if rev := mustUpdate(t, r, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-x", nil)); return nil }); rev != last+2 {
				t.Fatalf("first commit after reopen: revision %d, want %d", rev, last+2)
			}
		}
	})
}

// TestSnapshotsImmutableWhileWritersCommit runs readers against snapshots
// while writers commit. Each commit adds one VPC and rewrites a counter
// object holding the number of VPCs it added, so every snapshot must be
// internally consistent; a snapshot held from the start must never change.
// Run with -race.
func TestSnapshotsImmutableWhileWritersCommit(t *testing.T) {
	bothModes(t, func(t *testing.T, opts Options) {
		s := openStore(t, opts)
		mustUpdate(t, s, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-counter", map[string]string{"n": "0"})); return nil })
		held := s.Snapshot()
		heldDump := dump(t, held)

		const writers, perWriter, readers = 8, 40, 8
		var done atomic.Bool
		var wg, rg sync.WaitGroup
		errc := make(chan error, writers+readers)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perWriter {
					_, err := s.Update(context.Background(), func(tx *Tx) error {
						ctr := model.Clone(mustGetNoT(tx.VPCs, "vpc-counter"))
						n, _ := strconv.Atoi(ctr.Tags["n"])
						ctr.Tags["n"] = strconv.Itoa(n + 1)
						tx.VPCs.Put(ctr)
						id := fmt.Sprintf("vpc-w%02d-%03d", w, i)
						tx.VPCs.Put(vpc(id, map[string]string{"w": strconv.Itoa(w)}))
						tx.Subnets.Put(subnet("subnet-"+id[4:], id, "10.0.0.0/24"))
						return nil
					})
					if err != nil {
						errc <- err
						return
					}
				}
			}()
		}
		for range readers {
			rg.Add(1)
			go func() {
				defer rg.Done()
				var lastRev uint64
				for iter := 0; !done.Load() && iter < 100000; iter++ {
					snap := s.Snapshot()
					if snap.Revision < lastRev {
						errc <- fmt.Errorf("revision went back from %d to %d", lastRev, snap.Revision)
						return
					}
					lastRev = snap.Revision
					ctr, ok := snap.VPCs.Get("vpc-counter")
					if !ok {
						errc <- errors.New("counter missing")
						return
					}
					n, _ := strconv.Atoi(ctr.Tags["n"])
					vpcs, subnets := 0, 0
					snap.VPCs.All(func(v *model.VPC) bool {
						_ = v.Tags["w"] // read the shared object
						vpcs++
						return true
					})
					snap.Subnets.All(func(sn *model.Subnet) bool {
						if _, ok := snap.VPCs.Get(sn.VpcID); !ok {
							errc <- fmt.Errorf("subnet %s without its VPC at revision %d", sn.ID, snap.Revision)
						}
						subnets++
						return true
					})
					if vpcs-1 != n || subnets != n {
						errc <- fmt.Errorf("torn snapshot at revision %d: counter %d, %d VPCs, %d subnets", snap.Revision, n, vpcs, subnets)
						return
					}
				}
			}()
		}
		wg.Wait()
		done.Store(true)
		rg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		if got := dump(t, held); !reflect.DeepEqual(got, heldDump) {
			t.Fatal("a held snapshot changed while writers committed")
		}
		final := s.Snapshot()
		if final.VPCs.Len() != 1+writers*perWriter {
			t.Fatalf("%d VPCs, want %d", final.VPCs.Len(), 1+writers*perWriter)
		}
		if final.Revision != held.Revision+writers*perWriter {
			t.Fatalf("revision %d, want %d", final.Revision, held.Revision+writers*perWriter)
		}
	})
}

func mustGetNoT[T any](tb *Table[T], id string) *T {
	v, ok := tb.Get(id)
	if !ok {
		panic(tb.Kind() + " " + id + " not found")
	}
	return v
}

func TestReopenSeesEveryCommittedObject(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, Options{Dir: dir, Seed: 42})
	for i := range 50 {
		mustUpdate(t, s, func(tx *Tx) error {
			id := tx.NewID("vpc")
			tx.VPCs.Put(vpc(id, map[string]string{"i": strconv.Itoa(i)}))
			tx.Subnets.Put(subnet(tx.NewID("subnet"), id, "10.0.1.0/24"))
			tx.SecurityGroups.Put(&model.SecurityGroup{Meta: model.Meta{ID: tx.NewID("sg"), Account: testScope.Account, Region: testScope.Region}, VpcID: id, Name: "default"})
			return nil
		})
	}
	// Modify and delete some, and move one subnet to another VPC (parent index).
	var moved, target string
	mustUpdate(t, s, func(tx *Tx) error {
		n := 0
		var ids []string
		tx.VPCs.All(func(v *model.VPC) bool { ids = append(ids, v.ID); return true })
		for _, id := range ids[:10] {
			for _, sn := range tx.Subnets.Children(id) {
				tx.Subnets.Delete(sn.ID)
			}
			for _, g := range tx.SecurityGroups.Children(id) {
				tx.SecurityGroups.Delete(g.ID)
			}
			tx.VPCs.Delete(id)
			n++
		}
		c := model.Clone(mustGetNoT(tx.VPCs, ids[10]))
		c.Tags["changed"] = "yes"
		tx.VPCs.Put(c)
		sn := tx.Subnets.Children(ids[11])[0]
		m := model.Clone(sn)
		m.VpcID = ids[12]
		tx.Subnets.Put(m)
		moved, target = m.ID, ids[12]
		return nil
	})
	want := dump(t, s.Snapshot())
	wantRev := s.Revision()
	var wantNext string
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	r := openStore(t, Options{Dir: dir, Seed: 42})
	if r.Revision() != wantRev {
		t.Fatalf("revision %d, want %d", r.Revision(), wantRev)
	}
	if got := dump(t, r.Snapshot()); !reflect.DeepEqual(got, want) {
		t.Fatalf("reopened world differs: %d objects, want %d", len(got), len(want))
	}
	snap := r.Snapshot()
	if snap.VPCs.Len() != 40 || snap.Subnets.Len() != 40 || snap.SecurityGroups.Len() != 40 {
		t.Fatalf("counts: %d VPCs %d subnets %d SGs, want 40 each", snap.VPCs.Len(), snap.Subnets.Len(), snap.SecurityGroups.Len())
	}
	kids := snap.Subnets.Children(target)
	if len(kids) != 2 {
		t.Fatalf("parent index after reload: %d subnets under %s, want 2", len(kids), target)
	}
	found := false
	for _, k := range kids {
		found = found || k.ID == moved
	}
	if !found {
		t.Fatalf("moved subnet %s not indexed under %s", moved, target)
	}
	// Ids keep going after a restart: no id is handed out twice.
	mustUpdate(t, r, func(tx *Tx) error { wantNext = tx.NewID("vpc"); return nil })
	for k := range want {
		if k == "vpc/"+wantNext {
			t.Fatalf("id %s reissued after reopen", wantNext)
		}
	}
}

func TestReset(t *testing.T) {
	bothModes(t, func(t *testing.T, opts Options) {
		s := openStore(t, opts)
		mustUpdate(t, s, func(tx *Tx) error {
			tx.VPCs.Put(vpc("vpc-a", nil))
			tx.Subnets.Put(subnet("subnet-a", "vpc-a", "10.0.0.0/24"))
			tx.Scopes.Put(&model.ScopeState{Meta: model.Meta{ID: "123456789012/us-east-1"}})
			return nil
		})
		held := s.Snapshot()
		if err := s.Reset(context.Background()); err != nil {
			t.Fatal(err)
		}
		snap := s.Snapshot()
		if snap.VPCs.Len() != 0 || snap.Subnets.Len() != 0 || snap.Scopes.Len() != 0 {
			t.Fatal("Reset left objects behind")
		}
		if len(snap.Subnets.Children("vpc-a")) != 0 {
			t.Fatal("Reset left the parent index behind")
		}
		if held.VPCs.Len() != 1 {
			t.Fatal("Reset changed a held snapshot")
		}
		mustUpdate(t, s, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-b", nil)); return nil })
		if opts.Dir != "" {
			rev := s.Revision()
			s.Close()
			r := openStore(t, opts)
			w := r.Snapshot()
			if _, ok := w.VPCs.Get("vpc-a"); ok || w.VPCs.Len() != 1 || w.Subnets.Len() != 0 || w.Scopes.Len() != 0 {
				t.Fatalf("reopened after Reset: %v", dump(t, w))
			}
			if r.Revision() != rev {
				t.Fatalf("revision %d, want %d", r.Revision(), rev)
			}
		}
	})
}

func TestSeedMakesIDsDeterministic(t *testing.T) {
	draw := func(opts Options, n int) []string {
		s := openStore(t, opts)
		var out []string
		for range n {
			mustUpdate(t, s, func(tx *Tx) error {
				out = append(out, tx.NewID("vpc"), tx.NewID("subnet"), tx.NewHex(12))
				tx.VPCs.Put(vpc(out[len(out)-3], nil))
				return nil
			})
		}
		s.Close()
		return out
	}
	a, b := draw(Options{Seed: 1}, 5), draw(Options{Seed: 1}, 5)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("same seed, different ids:\n%v\n%v", a, b)
	}
	if c := draw(Options{Seed: 2}, 5); reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same ids")
	}
	if r1, r2 := draw(Options{}, 2), draw(Options{}, 2); reflect.DeepEqual(r1, r2) {
		t.Fatal("unseeded stores gave the same ids")
	}
	for _, id := range a {
		if len(id) != len("vpc-")+17 && len(id) != len("subnet-")+17 && len(id) != 12 {
			t.Fatalf("id %q has the wrong length", id)
		}
	}
	// With a data directory the sequence continues across a restart exactly
	// as if the process had never stopped.
	dir := t.TempDir()
	first := draw(Options{Seed: 9, Dir: dir}, 3)
	second := draw(Options{Seed: 9, Dir: dir}, 3)
	whole := draw(Options{Seed: 9}, 6)
	if !reflect.DeepEqual(append(first, second...), whole) {
		t.Fatalf("sequence across restart differs:\n%v\n%v", append(first, second...), whole)
	}
}

// TestGroupCommitConcurrentUpdatesAllDurable runs many concurrent writers
// against a data directory; every acknowledged Update must be in the
// reopened database, with a distinct revision each.
func TestGroupCommitConcurrentUpdatesAllDurable(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, Options{Dir: dir})
	const writers, each = 32, 25
	var mu sync.Mutex
	revs := map[uint64]string{}
	var wg sync.WaitGroup
	errc := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				id := fmt.Sprintf("vpc-%02d-%02d", w, i)
				rev, err := s.Update(context.Background(), func(tx *Tx) error {
					tx.VPCs.Put(vpc(id, map[string]string{"writer": strconv.Itoa(w)}))
					return nil
				})
				if err != nil {
					errc <- err
					return
				}
				mu.Lock()
				if other, dup := revs[rev]; dup {
					errc <- fmt.Errorf("revision %d given to both %s and %s", rev, other, id)
				}
				revs[rev] = id
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r := openStore(t, Options{Dir: dir})
	snap := r.Snapshot()
	if snap.VPCs.Len() != writers*each {
		t.Fatalf("%d VPCs after reopen, want %d", snap.VPCs.Len(), writers*each)
	}
	for _, id := range revs {
		if _, ok := snap.VPCs.Get(id); !ok {
			t.Fatalf("acknowledged %s lost", id)
		}
	}
	if r.Revision() != writers*each {
		t.Fatalf("revision %d, want %d", r.Revision(), writers*each)
	}
}

func TestClosedStoreRefusesWrites(t *testing.T) {
	s := openStore(t, Options{Dir: t.TempDir()})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(context.Background(), func(tx *Tx) error { return nil }); err == nil {
		t.Fatal("Update on a closed store succeeded")
	}
	if err := s.Reset(context.Background()); err == nil {
		t.Fatal("Reset on a closed store succeeded")
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestReadOnlyTablesPanicOnWrite(t *testing.T) {
	s := openStore(t, Options{})
	defer func() {
		if recover() == nil {
			t.Fatal("Put on a snapshot table did not panic")
		}
	}()
	s.Snapshot().VPCs.Put(vpc("vpc-x", nil))
}

func TestFromPaginatesInIDOrder(t *testing.T) {
	s := openStore(t, Options{})
	mustUpdate(t, s, func(tx *Tx) error {
		for _, id := range []string{"vpc-c", "vpc-a", "vpc-b", "vpc-d"} {
			tx.VPCs.Put(vpc(id, nil))
		}
		return nil
	})
	var got []string
	s.Snapshot().VPCs.From("vpc-b", func(v *model.VPC) bool { got = append(got, v.ID); return len(got) < 1 })
	if !reflect.DeepEqual(got, []string{"vpc-c"}) {
		t.Fatalf("From(vpc-b) = %v", got)
	}
	got = nil
	s.Snapshot().VPCs.From("", func(v *model.VPC) bool { got = append(got, v.ID); return true })
	if !reflect.DeepEqual(got, []string{"vpc-a", "vpc-b", "vpc-c", "vpc-d"}) {
		t.Fatalf("From('') = %v", got)
	}
}

// TestCommittedTxIsFrozen: a committed transaction's world is published
// as the next revision without a copy, so a Tx kept past its Update must
// not be able to change it: a late write panics (a programming error) and
// the published world stays as committed.
func TestCommittedTxIsFrozen(t *testing.T) {
	s := openStore(t, Options{})
	var kept *Tx
	mustUpdate(t, s, func(tx *Tx) error { kept = tx; tx.VPCs.Put(vpc("vpc-a", nil)); return nil })
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a write through a committed Tx did not panic")
			}
		}()
		kept.Subnets.Put(subnet("subnet-late", "vpc-a", "10.0.0.0/24"))
	}()
	if s.Snapshot().Subnets.Len() != 0 {
		t.Fatal("a committed Tx changed the published world")
	}
	// The next writer copies the shared trees before its first change.
	held := s.Snapshot()
	mustUpdate(t, s, func(tx *Tx) error { tx.VPCs.Delete("vpc-a"); return nil })
	if _, ok := held.VPCs.Get("vpc-a"); !ok {
		t.Fatal("a later write changed a held revision")
	}
}
