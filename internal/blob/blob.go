// Package blob stores S3 object bodies beside the world: large byte
// strings that must not live in the JSON-encoded store.
//
// With a data directory, each blob is a file <dir>/blobs/<first 2 hex
// digits>/<id>, written to a temporary file, fsynced, renamed into place,
// and its directory fsynced before Put returns: a caller that commits the
// metadata naming a blob only after Put succeeded never acknowledges an
// object without its body. Without a directory (ephemeral mode) blobs live
// in memory.
//
// Ids are random (32 hex digits): each reference (an object version, an
// uploaded part) owns its blob, so a blob is deleted when the metadata
// naming it goes, and Collect removes the blobs nothing names (those of a
// crash between Put and the metadata commit).
package blob

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ErrNotFound is returned for an unknown blob id.
var ErrNotFound = errors.New("blob not found")

// Store is a content store; safe for concurrent use.
type Store struct {
	dir string // <data dir>/blobs, or "" in memory

	mu  sync.RWMutex
	mem map[string][]byte
}

// Open returns the store for the data directory dataDir (its blobs
// subdirectory), or an in-memory store when dataDir is empty.
func Open(dataDir string) (*Store, error) {
	if dataDir == "" {
		return &Store{mem: map[string][]byte{}}, nil
	}
	dir := filepath.Join(dataDir, "blobs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("blob: create %s: %w", dir, err)
	}
	return &Store{dir: dir}, nil
}

// Durable reports whether blobs are kept on disk.
func (s *Store) Durable() bool { return s.dir != "" }

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// validID reports whether id is a blob id this package made (it becomes a
// file name, so nothing else is accepted).
func validID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func (s *Store) path(id string) string { return filepath.Join(s.dir, id[:2], id) }

// Put stores data durably and returns its new id.
func (s *Store) Put(data []byte) (string, error) {
	return s.Write(func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write stores the bytes fill writes and returns the new blob's id. The
// blob is durable when Write returns; on error nothing is left behind.
func (s *Store) Write(fill func(w io.Writer) error) (string, error) {
	return s.write(newID(), fill)
}

// write stores the bytes fill writes as blob id (see Write).
func (s *Store) write(id string, fill func(w io.Writer) error) (string, error) {
	if s.dir == "" {
		var buf bytes.Buffer
		if err := fill(&buf); err != nil {
			return "", err
		}
		s.mu.Lock()
		s.mem[id] = buf.Bytes()
		s.mu.Unlock()
		return id, nil
	}
	sub := filepath.Join(s.dir, id[:2])
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return "", fmt.Errorf("blob: create %s: %w", sub, err)
	}
	f, err := os.CreateTemp(sub, ".tmp-"+id+"-*")
	if err != nil {
		return "", fmt.Errorf("blob: create temporary file: %w", err)
	}
	tmp := f.Name()
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(tmp)
		return "", err
	}
	if err := fill(f); err != nil {
		return fail(fmt.Errorf("blob: write %s: %w", id, err))
	}
	if err := f.Sync(); err != nil {
		return fail(fmt.Errorf("blob: sync %s: %w", id, err))
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("blob: close %s: %w", id, err)
	}
	if err := os.Rename(tmp, s.path(id)); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("blob: rename %s: %w", id, err)
	}
	if err := syncDir(sub); err != nil {
		return "", err
	}
	return id, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("blob: open directory %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("blob: sync directory %s: %w", dir, err)
	}
	return nil
}

// ReadAt reads len(p) bytes of blob id from offset off.
func (s *Store) ReadAt(id string, p []byte, off int64) error {
	if !validID(id) {
		return ErrNotFound
	}
	if s.dir == "" {
		s.mu.RLock()
		b, ok := s.mem[id]
		s.mu.RUnlock()
		if !ok {
			return ErrNotFound
		}
		if off < 0 || off+int64(len(p)) > int64(len(b)) {
			return fmt.Errorf("blob: read %s [%d,%d) beyond its %d bytes: %w", id, off, off+int64(len(p)), len(b), io.ErrUnexpectedEOF)
		}
		copy(p, b[off:])
		return nil
	}
	f, err := os.Open(s.path(id))
	if errors.Is(err, fs.ErrNotExist) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("blob: open %s: %w", id, err)
	}
	defer f.Close()
	if _, err := f.ReadAt(p, off); err != nil {
		return fmt.Errorf("blob: read %s: %w", id, err)
	}
	return nil
}

// CopyTo writes n bytes of blob id from offset off to w, streaming.
func (s *Store) CopyTo(w io.Writer, id string, off, n int64) error {
	if !validID(id) {
		return ErrNotFound
	}
	if s.dir == "" {
		p := make([]byte, n)
		if err := s.ReadAt(id, p, off); err != nil {
			return err
		}
		_, err := w.Write(p)
		return err
	}
	f, err := os.Open(s.path(id))
	if errors.Is(err, fs.ErrNotExist) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("blob: open %s: %w", id, err)
	}
	defer f.Close()
	if _, err := io.Copy(w, io.NewSectionReader(f, off, n)); err != nil {
		return fmt.Errorf("blob: copy %s: %w", id, err)
	}
	return nil
}

// Delete removes blob id; an unknown id is not an error.
func (s *Store) Delete(id string) error {
	if !validID(id) {
		return nil
	}
	if s.dir == "" {
		s.mu.Lock()
		delete(s.mem, id)
		s.mu.Unlock()
		return nil
	}
	if err := os.Remove(s.path(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob: delete %s: %w", id, err)
	}
	return nil
}

// Len returns the number of stored blobs (tests and diagnostics).
func (s *Store) Len() int {
	n := 0
	_ = s.each(func(string, string) { n++ })
	return n
}

// each calls fn with every blob id and its file path ("" in memory), and
// removes leftover temporary files of interrupted writes.
func (s *Store) each(fn func(id, path string)) error {
	if s.dir == "" {
		s.mu.RLock()
		ids := make([]string, 0, len(s.mem))
		for id := range s.mem {
			ids = append(ids, id)
		}
		s.mu.RUnlock()
		for _, id := range ids {
			fn(id, "")
		}
		return nil
	}
	return filepath.WalkDir(s.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".tmp-") {
			os.Remove(path)
			return nil
		}
		if validID(name) {
			fn(name, path)
		}
		return nil
	})
}

// Collect deletes every blob for which keep returns false, and leftover
// temporary files. It must not run while a Put whose metadata is not yet
// committed is in flight (call it at start-up). It returns how many blobs
// it deleted.
func (s *Store) Collect(keep func(id string) bool) (int, error) {
	var victims []string
	if err := s.each(func(id, _ string) {
		if !keep(id) {
			victims = append(victims, id)
		}
	}); err != nil {
		return 0, fmt.Errorf("blob: scan: %w", err)
	}
	for _, id := range victims {
		if err := s.Delete(id); err != nil {
			return 0, err
		}
	}
	return len(victims), nil
}
