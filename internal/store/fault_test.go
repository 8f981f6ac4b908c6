package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/vpcsim/vpcsim/internal/model"
)

// faultCommitter is a committer over a real bbolt database that fails
// from its failAt-th commit on: it writes the group into a database
// transaction and then fails it with err, as a full or broken disk fails
// bbolt's page writes or fsync (the transaction is rolled back). With a
// gate, each commit first waits for a value on it, so tests can queue
// writers behind a commit in flight.
type faultCommitter struct {
	db     *bolt.DB
	failAt int
	err    error
	gate   chan struct{}
	calls  int // touched only by the persister goroutine
}

func (f *faultCommitter) commit(group []*batch) error {
	if f.gate != nil {
		<-f.gate
	}
	f.calls++
	if f.failAt == 0 || f.calls < f.failAt {
		return boltCommitter{f.db}.commit(group)
	}
	return f.db.Update(func(btx *bolt.Tx) error {
		for _, b := range group {
			if !b.barrier {
				if err := writeBatch(btx, b); err != nil {
					return err
				}
			}
		}
		return f.err
	})
}

// inject replaces s's committer; call before the first Update.
func inject(s *Store, f *faultCommitter) *faultCommitter {
	f.db = s.db
	s.commit = f
	return f
}

// faults are the storage failures of issue 11 item 1, as the OS reports
// them through bbolt's *os.File writes.
var faults = []struct {
	name  string
	err   error
	cause string
}{
	{"ENOSPC", &os.PathError{Op: "write", Path: "vpcsim.db", Err: syscall.ENOSPC}, "no space left on device"},
	{"EIO", &os.PathError{Op: "sync", Path: "vpcsim.db", Err: syscall.EIO}, "input/output error"},
	{"short-write", fmt.Errorf("write vpcsim.db: %w", io.ErrShortWrite), "short write"},
}

// checkParents fails if any subnet of w lacks its VPC.
func checkParents(t *testing.T, w *World) {
	t.Helper()
	w.Subnets.All(func(sn *model.Subnet) bool {
		if _, ok := w.VPCs.Get(sn.VpcID); !ok {
			t.Errorf("subnet %s without its VPC %s", sn.ID, sn.VpcID)
		}
		return true
	})
}

// TestFailedCommitFailsClosed: when the database refuses a commit, the
// write is answered with a StorageError, nothing of it is visible, every
// later write is refused with the same clear error while reads are still
// served, and a restart shows exactly the acknowledged writes (issue 11
// item 1: "with the disk full, CreateVpc answered 500 but the VPC stayed
// visible ... after a restart a subnet exists whose VPC does not").
func TestFailedCommitFailsClosed(t *testing.T) {
	for _, fc := range faults {
		t.Run(fc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openStore(t, Options{Dir: dir, Seed: 5})
			inject(s, &faultCommitter{failAt: 3, err: fc.err})
			mustUpdate(t, s, func(tx *Tx) error {
				tx.VPCs.Put(vpc("vpc-a", nil))
				tx.Subnets.Put(subnet("subnet-a", "vpc-a", "10.0.0.0/24"))
				return nil
			})
			mustUpdate(t, s, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-b", nil)); return nil })
			acked := s.Snapshot()
			want := dump(t, acked)

			_, err := s.Update(context.Background(), func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-c", nil)); return nil })
			var se *StorageError
			if !errors.Is(err, ErrStorageFailed) || !errors.As(err, &se) {
				t.Fatalf("failed commit: err = %v, want a StorageError", err)
			}
			msg := se.Error()
			for _, part := range []string{"vpcsim cannot write its data directory " + dir, fc.cause, "restart vpcsim"} {
				if !strings.Contains(msg, part) {
					t.Errorf("message %q lacks %q", msg, part)
				}
			}
			if s.Snapshot() != acked || s.Revision() != acked.Revision {
				t.Fatal("a failed commit changed what readers see")
			}

			// Fail closed: every later write is refused, even one that would
			// build on an acknowledged VPC; Reset too.
			for _, parent := range []string{"vpc-c", "vpc-a"} {
				_, err := s.Update(context.Background(), func(tx *Tx) error {
					if _, ok := tx.VPCs.Get("vpc-c"); ok {
						t.Error("a write after the failure sees the refused VPC")
					}
					tx.Subnets.Put(subnet("subnet-in-"+parent, parent, "10.0.1.0/24"))
					return nil
				})
				if !errors.Is(err, ErrStorageFailed) {
					t.Fatalf("write after failure: err = %v, want ErrStorageFailed", err)
				}
			}
			if err := s.Reset(context.Background()); !errors.Is(err, ErrStorageFailed) {
				t.Fatalf("Reset after failure: err = %v, want ErrStorageFailed", err)
			}
			// Reads are still served, from the last durable revision.
			if got := dump(t, s.Snapshot()); !reflect.DeepEqual(got, want) {
				t.Fatalf("reads after failure:\n got %v\nwant %v", got, want)
			}
			if err := s.Close(); err != nil {
				t.Fatalf("Close after failure: %v", err)
			}

			r := openStore(t, Options{Dir: dir, Seed: 5})
			if got := dump(t, r.Snapshot()); !reflect.DeepEqual(got, want) {
				t.Fatalf("after restart:\n got %v\nwant exactly the acknowledged %v", got, want)
			}
			if r.Revision() != acked.Revision {
				t.Fatalf("revision after restart %d, want %d", r.Revision(), acked.Revision)
			}
			checkParents(t, r.Snapshot())
			mustUpdate(t, r, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-d", nil)); return nil })
		})
	}
}

// pendingRevision returns the revision writers build on.
func pendingRevision(s *Store) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.head.Revision
}

// waitPending waits until writers have queued revisions up to rev.
func waitPending(t *testing.T, s *Store, rev uint64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for pendingRevision(s) < rev {
		if time.Now().After(deadline) {
			t.Fatalf("pending revision %d, want %d", pendingRevision(s), rev)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPendingRevisionsInvisibleUntilDurable holds a commit in flight while
// other writers chain on it: readers see none of it meanwhile; when the
// commit succeeds everything becomes visible, and when it fails every
// writer that built on it is failed too (a subnet in a VPC that never
// became durable), as is an answer read from the pending state.
func TestPendingRevisionsInvisibleUntilDurable(t *testing.T) {
	for _, fail := range []bool{false, true} {
		name := "commit-succeeds"
		if fail {
			name = "commit-fails"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			s := openStore(t, Options{Dir: dir})
			mustUpdate(t, s, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-base", nil)); return nil })
			f := &faultCommitter{gate: make(chan struct{})}
			if fail {
				f.failAt, f.err = 1, &os.PathError{Op: "write", Path: "vpcsim.db", Err: syscall.ENOSPC}
			}
			inject(s, f)
			durable := s.Snapshot()
			base := durable.Revision

			errs := make([]error, 4)
			var wg sync.WaitGroup
			run := func(i int, fn func(tx *Tx) error) {
				wg.Add(1)
				go func() { defer wg.Done(); _, errs[i] = s.Update(context.Background(), fn) }()
			}
			run(0, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-a", nil)); return nil })
			waitPending(t, s, base+1)
			run(1, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-x", nil)); return nil })
			waitPending(t, s, base+2)
			run(2, func(tx *Tx) error {
				if _, ok := tx.VPCs.Get("vpc-x"); !ok {
					return errors.New("vpc-x not visible to the next writer")
				}
				tx.Subnets.Put(subnet("subnet-x", "vpc-x", "10.0.0.0/24"))
				return nil
			})
			waitPending(t, s, base+3)
			// An Update that changes nothing but answers from pending state.
			sawX := make(chan bool, 1)
			run(3, func(tx *Tx) error { _, ok := tx.VPCs.Get("vpc-x"); sawX <- ok; return nil })
			if !<-sawX {
				t.Fatal("a reading Update did not see the pending head")
			}

			if s.Snapshot() != durable {
				t.Fatal("a reader saw a revision that is not durable")
			}
			for _, id := range []string{"vpc-a", "vpc-x"} {
				if _, ok := s.Snapshot().VPCs.Get(id); ok {
					t.Fatalf("%s visible before its commit is durable", id)
				}
			}
			close(f.gate) // let every commit through
			wg.Wait()
			for i, err := range errs {
				if fail && !errors.Is(err, ErrStorageFailed) {
					t.Errorf("writer %d: err = %v, want ErrStorageFailed", i, err)
				}
				if !fail && err != nil {
					t.Errorf("writer %d: %v", i, err)
				}
			}
			w := s.Snapshot()
			_, hasX := w.VPCs.Get("vpc-x")
			_, hasSub := w.Subnets.Get("subnet-x")
			if hasX != !fail || hasSub != !fail {
				t.Fatalf("after the commit (fail=%v): vpc-x %v, subnet-x %v", fail, hasX, hasSub)
			}
			want := dump(t, w)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			r := openStore(t, Options{Dir: dir})
			if got := dump(t, r.Snapshot()); !reflect.DeepEqual(got, want) {
				t.Fatalf("after restart:\n got %v\nwant %v", got, want)
			}
			checkParents(t, r.Snapshot())
		})
	}
}

// TestFailureUnderConcurrentLoad fails one commit in the middle of many
// concurrent writers (each adds a VPC and then a subnet in it): every
// write acknowledged before the failure survives a restart, no write is
// acknowledged after it, and no subnet outlives its VPC.
func TestFailureUnderConcurrentLoad(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, Options{Dir: dir})
	inject(s, &faultCommitter{failAt: 20, err: &os.PathError{Op: "write", Path: "vpcsim.db", Err: syscall.EIO}})
	const writers, each = 16, 40
	var mu sync.Mutex
	acked := map[string]bool{}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				id := fmt.Sprintf("%02d-%02d", w, i)
				if _, err := s.Update(context.Background(), func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-"+id, nil)); return nil }); err != nil {
					if !errors.Is(err, ErrStorageFailed) {
						t.Errorf("unexpected error: %v", err)
					}
					return
				}
				mu.Lock()
				acked["vpc-"+id] = true
				mu.Unlock()
				if _, err := s.Update(context.Background(), func(tx *Tx) error {
					tx.Subnets.Put(subnet("subnet-"+id, "vpc-"+id, "10.0.0.0/24"))
					return nil
				}); err != nil {
					return
				}
				mu.Lock()
				acked["subnet-"+id] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if _, err := s.Update(context.Background(), func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-late", nil)); return nil }); !errors.Is(err, ErrStorageFailed) {
		t.Fatalf("write after the failure: %v", err)
	}
	if len(acked) >= 2*writers*each {
		t.Fatal("the fault was never hit")
	}
	live := s.Snapshot()
	s.Close()
	r := openStore(t, Options{Dir: dir})
	w := r.Snapshot()
	if got, want := w.VPCs.Len()+w.Subnets.Len(), len(acked); got != want {
		t.Errorf("%d objects after restart, want the %d acknowledged", got, want)
	}
	if got := dump(t, w); !reflect.DeepEqual(got, dump(t, live)) {
		t.Error("the world after restart differs from the one readers saw")
	}
	for id := range acked {
		_, v := w.VPCs.Get(id)
		_, sn := w.Subnets.Get(id)
		if !v && !sn {
			t.Errorf("acknowledged %s lost", id)
		}
	}
	checkParents(t, w)
}

// tmpfsChildEnv names the directory the re-executed test mounts its tmpfs
// on; it is set only in the child process.
const tmpfsChildEnv = "VPCSIM_STORE_TMPFS_DIR"

// TestRealDiskFull runs the store on a real 512 KiB tmpfs that fills up:
// bbolt's own writes then fail with ENOSPC. The test re-executes itself
// under `unshare -rm` (a private mount namespace, so nothing is mounted on
// the host) and skips where the machine does not allow that.
func TestRealDiskFull(t *testing.T) {
	dir := os.Getenv(tmpfsChildEnv)
	if dir == "" {
		unshare, err := exec.LookPath("unshare")
		if err != nil {
			t.Skip("unshare(1) not found: cannot mount a private tmpfs for the disk-full test")
		}
		cmd := exec.Command(unshare, "-rm", os.Args[0], "-test.run=^TestRealDiskFull$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), tmpfsChildEnv+"="+t.TempDir())
		out, err := cmd.CombinedOutput()
		switch {
		case strings.Contains(string(out), "--- SKIP: TestRealDiskFull"):
			t.Skipf("child skipped:\n%s", out)
		case err != nil && !strings.Contains(string(out), "=== RUN"):
			t.Skipf("this machine does not allow a private mount namespace (unshare -rm: %v): %s", err, out)
		case err != nil:
			t.Fatalf("disk-full test failed in its mount namespace:\n%s", out)
		case !strings.Contains(string(out), "--- PASS: TestRealDiskFull"):
			t.Fatalf("the disk-full child did not run:\n%s", out)
		}
		t.Logf("child:\n%s", out)
		return
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=512k"); err != nil {
		t.Skipf("cannot mount a tmpfs in the private namespace: %v", err)
	}
	defer syscall.Unmount(dir, syscall.MNT_DETACH)
	data := filepath.Join(dir, "data")
	s, err := Open(Options{Dir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustUpdate(t, s, func(tx *Tx) error {
		tx.VPCs.Put(vpc("vpc-first", nil))
		tx.Subnets.Put(subnet("subnet-first", "vpc-first", "10.0.0.0/24"))
		return nil
	})
	// Fill the file system, leaving bbolt only the pages it already has.
	filler := filepath.Join(dir, "filler")
	ff, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 4096)
	for {
		if _, err := ff.Write(chunk); err != nil {
			break
		}
	}
	ff.Close()

	big := strings.Repeat("x", 2000)
	var failure error
	for i := range 2000 {
		id := fmt.Sprintf("%04d", i)
		_, err := s.Update(context.Background(), func(tx *Tx) error {
			tx.VPCs.Put(vpc("vpc-"+id, map[string]string{"pad": big}))
			tx.Subnets.Put(subnet("subnet-"+id, "vpc-"+id, "10.0.0.0/24"))
			return nil
		})
		if err != nil {
			failure = err
			break
		}
	}
	if failure == nil {
		t.Fatal("the full tmpfs never refused a commit")
	}
	if !errors.Is(failure, ErrStorageFailed) || !strings.Contains(failure.Error(), "no space left on device; free space and restart vpcsim") {
		t.Fatalf("disk full: err = %v, want a StorageError for ENOSPC", failure)
	}
	t.Logf("disk full answered: %v", failure)
	acked := s.Snapshot()
	want := dump(t, acked)
	if _, err := s.Update(context.Background(), func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-late", nil)); return nil }); !errors.Is(err, ErrStorageFailed) {
		t.Fatalf("write after disk full: %v", err)
	}
	if _, ok := s.Snapshot().VPCs.Get("vpc-first"); !ok {
		t.Fatal("reads not served after disk full")
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close after disk full: %v", err)
	}

	// Free space and restart: exactly the acknowledged writes, and writable.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	r, err := Open(Options{Dir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := dump(t, r.Snapshot()); !reflect.DeepEqual(got, want) {
		t.Fatalf("after restart %d objects, want exactly the %d acknowledged", len(got), len(want))
	}
	checkParents(t, r.Snapshot())
	mustUpdate(t, r, func(tx *Tx) error { tx.VPCs.Put(vpc("vpc-after", nil)); return nil })
}
