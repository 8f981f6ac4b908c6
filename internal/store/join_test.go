package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestClockOption: Options.Clock is the time of every transaction and of
// Store.Now (UTC, millisecond precision).
func TestClockOption(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.FixedZone("X", 3600))
	s := openStore(t, Options{Clock: func() time.Time { return at }})
	want := at.UTC().Truncate(time.Millisecond)
	if got := s.Now(); !got.Equal(want) || got.Location() != time.UTC {
		t.Fatalf("Now = %v, want %v UTC", got, want)
	}
	mustUpdate(t, s, func(tx *Tx) error {
		if !tx.Now().Equal(want) {
			t.Errorf("tx.Now = %v, want %v", tx.Now(), want)
		}
		return nil
	})
}

// TestJoinCommitsWithTheJoinedTransaction: steps joined to a transaction
// commit together as one revision, see each other's changes through View,
// and are invisible until the joined transaction commits.
func TestJoinCommitsWithTheJoinedTransaction(t *testing.T) {
	bothModes(t, func(t *testing.T, opts Options) {
		s := openStore(t, opts)
		rev0 := s.Revision()
		rev, err := s.Update(context.Background(), func(tx *Tx) error {
			ctx := WithTx(context.Background(), tx)
			if err := s.Join(ctx, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-a", nil)); return nil }); err != nil {
				return err
			}
			if _, ok := s.View(ctx).VPCs.Get("vpc-a"); !ok {
				t.Error("View inside the joined transaction misses the first step's change")
			}
			if _, ok := s.Snapshot().VPCs.Get("vpc-a"); ok {
				t.Error("a joined step is visible before the commit")
			}
			return s.Join(ctx, func(tx *Tx) error { tx.Subnets.Put(subnet("subnet-a", "vpc-a", "10.0.0.0/24")); return nil })
		})
		if err != nil {
			t.Fatal(err)
		}
		if rev != rev0+1 {
			t.Fatalf("revision %d, want one commit (%d)", rev, rev0+1)
		}
		w := s.Snapshot()
		mustGet(t, w.VPCs, "vpc-a")
		mustGet(t, w.Subnets, "subnet-a")
		if opts.Dir != "" {
			s.Close()
			s2 := openStore(t, opts)
			mustGet(t, s2.Snapshot().Subnets, "subnet-a")
		}
	})
}

// TestJoinedStepFailureOrDryRunIsDiscarded: a failing or dry-run step
// leaves the joined transaction as it was (a savepoint), and a failing
// joined transaction discards every step.
func TestJoinedStepFailureOrDryRunIsDiscarded(t *testing.T) {
	s := openStore(t, Options{Seed: 3})
	boom := errors.New("boom")
	_, err := s.Update(context.Background(), func(tx *Tx) error {
		ctx := WithTx(context.Background(), tx)
		if err := s.Join(ctx, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-keep", nil)); return nil }); err != nil {
			return err
		}
		if err := s.Join(ctx, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-fail", nil)); return boom }); !errors.Is(err, boom) {
			t.Errorf("failing step: %v", err)
		}
		if err := s.Join(WithDryRun(ctx), func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-dry", nil)); return nil }); !errors.Is(err, ErrDryRun) {
			t.Errorf("dry-run step: %v, want ErrDryRun", err)
		}
		for _, id := range []string{"vpc-fail", "vpc-dry"} {
			if _, ok := tx.VPCs.Get(id); ok {
				t.Errorf("%s survived its discarded step", id)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w := s.Snapshot()
	mustGet(t, w.VPCs, "vpc-keep")
	if w.VPCs.Len() != 1 {
		t.Fatalf("%d VPCs committed, want 1", w.VPCs.Len())
	}

	rev := s.Revision()
	_, err = s.Update(context.Background(), func(tx *Tx) error {
		ctx := WithTx(context.Background(), tx)
		if err := s.Join(ctx, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-lost", nil)); return nil }); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || s.Revision() != rev {
		t.Fatalf("failed joined transaction: err %v, revision %d (was %d)", err, s.Revision(), rev)
	}
	if _, ok := s.Snapshot().VPCs.Get("vpc-lost"); ok {
		t.Fatal("a step of a failed joined transaction was committed")
	}
}
