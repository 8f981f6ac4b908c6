package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// newDataDir returns a data directory holding a world of n VPCs (enough
// pages that a truncation cuts into data).
func newDataDir(t *testing.T, n int) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	st, err := Open(Options{Dir: dir, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Update(context.Background(), func(tx *Tx) error {
		for i := 0; i < n; i++ {
			tx.VPCs.Put(&model.VPC{Meta: model.Meta{ID: tx.NewID("vpc"), Account: "123456789012", Region: "us-east-1",
				Tags: map[string]string{"Name": strings.Repeat("x", 200)}}})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, filepath.Join(dir, DBFile)
}

func TestOpenCreatesInitialisedDatabase(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	fi, err := os.Stat(filepath.Join(dir, DBFile))
	if err != nil || fi.Size() == 0 {
		t.Fatalf("database after Open: %v, %v", fi, err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".new-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// TestOpenDamaged pins issue 11 item 2: a damaged database file is refused
// with a message naming the file and the ways out, never a panic and never
// an empty world.
func TestOpenDamaged(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, path string)
		want   string
	}{
		{"zero bytes", func(t *testing.T, path string) { must(t, os.Truncate(path, 0)) }, "empty (0 bytes)"},
		{"a few bytes", func(t *testing.T, path string) { must(t, os.Truncate(path, 10)) }, "too short"},
		{"truncated to one page", func(t *testing.T, path string) { must(t, os.Truncate(path, 4096)) }, "truncated"},
		{"truncated mid-data", func(t *testing.T, path string) {
			fi, _ := os.Stat(path)
			must(t, os.Truncate(path, fi.Size()/3))
		}, "truncated"},
		{"both meta pages zeroed", func(t *testing.T, path string) { overwrite(t, path, 0, 8192, 0) }, "neither of its two header"},
		{"not a database", func(t *testing.T, path string) {
			must(t, os.WriteFile(path, []byte(strings.Repeat("hello, world\n", 1000)), 0o600))
		}, "neither of its two header"},
		{"meta checksums wrong", func(t *testing.T, path string) {
			overwrite(t, path, 16+56, 1, 0x5a) // first checksum byte of page 0
			overwrite(t, path, 4096+16+56, 1, 0x5a)
		}, "checksum mismatch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, path := newDataDir(t, 200)
			c.damage(t, path)
			st, err := Open(Options{Dir: dir})
			if err == nil {
				st.Close()
				t.Fatal("damaged database opened")
			}
			var de *DamagedError
			if !errors.As(err, &de) {
				t.Fatalf("error %T %v, want *DamagedError", err, err)
			}
			msg := err.Error()
			for _, want := range []string{c.want, path, "vpcsim check --data " + dir, "vpcsim import", "start fresh"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			if _, err := Check(dir); !errors.As(err, &de) {
				t.Errorf("Check: %v, want *DamagedError", err)
			}
		})
	}
}

// TestOpenOneMetaPageZeroed: bbolt writes its two meta pages alternately,
// the meta page last in each commit, so a crash during a commit leaves one
// meta page torn and the other naming the previous commit. The store opens
// from the valid one (the state of the previous commit): that is the
// crash-recovery path, not damage.
func TestOpenOneMetaPageZeroed(t *testing.T) {
	dir, path := newDataDir(t, 20)
	st, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Update(context.Background(), func(tx *Tx) error {
		tx.VPCs.Put(&model.VPC{Meta: model.Meta{ID: "vpc-later", Account: "123456789012", Region: "us-east-1"}})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// A crash, not a clean Close: the free list is not recorded, and the
	// newest meta page names the commit of vpc-later.
	crash(t, st)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	m0, err0 := readMeta(f, 0)
	m1, err1 := readMeta(f, 4096)
	f.Close()
	if err0 != nil || err1 != nil {
		t.Fatalf("meta pages: %v, %v", err0, err1)
	}
	newest := int64(0)
	if m1.txid > m0.txid {
		newest = 4096
	}
	overwrite(t, path, newest, 4096, 0) // the later commit's meta page
	st, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n := st.Snapshot().VPCs.Len(); n != 20 || st.Revision() != 1 {
		t.Errorf("after losing the newest meta page: %d VPCs at revision %d, want the previous commit's 20 at revision 1", n, st.Revision())
	}
}

// TestOpenGarbageDataPages: pages full of garbage behind valid headers must
// give an error (from the load or bbolt), never a crash.
func TestOpenGarbageDataPages(t *testing.T) {
	dir, path := newDataDir(t, 200)
	fi, _ := os.Stat(path)
	overwrite(t, path, 2*4096, int(fi.Size())-2*4096, 0xa7)
	st, err := Open(Options{Dir: dir})
	if err == nil {
		st.Close()
		t.Fatal("opened a database whose data pages are garbage")
	}
	t.Logf("open: %v", err)
	rep, err := Check(dir)
	if err == nil && len(rep.Problems) == 0 {
		t.Error("Check found nothing wrong")
	}
}

func TestOpenInUse(t *testing.T) {
	dir, _ := newDataDir(t, 1)
	st, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = Open(Options{Dir: dir})
	var iu *InUseError
	if !errors.As(err, &iu) {
		t.Fatalf("second Open: %v, want *InUseError", err)
	}
	if iu.PID != os.Getpid() {
		t.Errorf("pid %d, want %d", iu.PID, os.Getpid())
	}
	for _, want := range []string{"data directory " + dir + " is in use by another vpcsim process", "stop it or use another --data"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if _, err := Check(dir); !errors.As(err, &iu) {
		t.Errorf("Check while in use: %v", err)
	}
}

func TestCheckHealthy(t *testing.T) {
	dir, _ := newDataDir(t, 5)
	rep, err := Check(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) > 0 || rep.Objects != 5 || rep.Kinds["vpc"] != 5 || rep.Revision != 1 {
		t.Errorf("report %+v", rep)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// overwrite writes n bytes of value b at off in the file at path.
func overwrite(t *testing.T, path string, off int64, n int, b byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	must(t, err)
	defer f.Close()
	_, err = f.WriteAt([]byte(strings.Repeat(string([]byte{b}), n)), off)
	must(t, err)
}

// crash stops s the way a killed process does: every acknowledged commit
// is on disk, but the clean-close record of the free list is not.
func crash(t *testing.T, s *Store) {
	t.Helper()
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	close(s.queue)
	s.wg.Wait()
	must(t, s.db.Close())
}

// TestOpenDamagedAfterCrash: after a crash the free list is not on disk
// and bbolt would rebuild it in a goroutine where a damaged page panics
// past any recover; Open walks the pages first and answers DamagedError.
func TestOpenDamagedAfterCrash(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(Options{Dir: dir, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if _, err := st.Update(context.Background(), func(tx *Tx) error {
			for j := 0; j < 40; j++ {
				tx.VPCs.Put(&model.VPC{Meta: model.Meta{ID: tx.NewID("vpc"), Account: "123456789012", Region: "us-east-1",
					Tags: map[string]string{"Name": strings.Repeat("x", 200)}}})
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	crash(t, st)
	path := filepath.Join(dir, DBFile)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := readMeta(f, 0)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if m.freelist != boltNoFreelist {
		t.Fatalf("after a crash the free list is on disk (page %d): the test does not test the rebuild", m.freelist)
	}
	// Intact: it opens, with everything acknowledged.
	st, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatalf("open after a crash: %v", err)
	}
	if n := st.Snapshot().VPCs.Len(); n != 200 {
		t.Errorf("after a crash: %d VPCs, want 200", n)
	}
	crash(t, st)
	fi, _ := os.Stat(path)
	overwrite(t, path, 2*4096, int(fi.Size())-2*4096, 0xa7)
	st, err = Open(Options{Dir: dir})
	var de *DamagedError
	if !errors.As(err, &de) {
		if st != nil {
			st.Close()
		}
		t.Fatalf("open of a crashed, damaged file: %v, want *DamagedError", err)
	}
	t.Logf("open: %v", err)
}
