package blob

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestStore(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		data := bytes.Repeat([]byte("0123456789"), 1000)
		id, err := s.Put(data)
		if err != nil {
			t.Fatal(err)
		}
		p := make([]byte, 5)
		if err := s.ReadAt(id, p, 13); err != nil || string(p) != "34567" {
			t.Fatalf("ReadAt = %q, %v", p, err)
		}
		var buf bytes.Buffer
		if err := s.CopyTo(&buf, id, 0, int64(len(data))); err != nil || !bytes.Equal(buf.Bytes(), data) {
			t.Fatalf("CopyTo: %v", err)
		}
		if err := s.ReadAt("../../etc/passwd", p, 0); err != ErrNotFound {
			t.Fatalf("bad id: %v", err)
		}
		other, _ := s.Put([]byte("x"))
		n, err := s.Collect(func(b string) bool { return b == id })
		if err != nil || n != 1 || s.Len() != 1 {
			t.Fatalf("Collect = %d, %v, len %d", n, err, s.Len())
		}
		if err := s.ReadAt(other, p[:1], 0); err != ErrNotFound {
			t.Fatalf("collected blob still readable: %v", err)
		}
		if err := s.Delete(id); err != nil || s.Len() != 0 {
			t.Fatalf("Delete: %v", err)
		}
	}
}

func TestDurableAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir)
	id, err := s.Put([]byte("durable"))
	if err != nil {
		t.Fatal(err)
	}
	// A leftover temporary file of an interrupted write is removed by Collect.
	tmp := filepath.Join(dir, "blobs", id[:2], ".tmp-"+id+"-123")
	if err := os.WriteFile(tmp, []byte("partial"), 0o600); err != nil {
		t.Fatal(err)
	}
	s2, _ := Open(dir)
	if _, err := s2.Collect(func(string) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Fatalf("temporary file survived: %v", err)
	}
	p := make([]byte, 7)
	if err := s2.ReadAt(id, p, 0); err != nil || string(p) != "durable" {
		t.Fatalf("after reopen: %q %v", p, err)
	}
}
