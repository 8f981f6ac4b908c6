package blob

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
)

// IDs returns every blob id in ascending order (for export).
func (s *Store) IDs() ([]string, error) {
	var ids []string
	if err := s.each(func(id, _ string) { ids = append(ids, id) }); err != nil {
		return nil, fmt.Errorf("blob: list: %w", err)
	}
	sort.Strings(ids)
	return ids, nil
}

// Export writes the whole of blob id to w.
func (s *Store) Export(id string, w io.Writer) error {
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
		_, err := w.Write(b)
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
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("blob: read %s: %w", id, err)
	}
	return nil
}

// Restore stores r's bytes durably as blob id (for import: the metadata
// being imported names its blobs), replacing any blob of that id.
func (s *Store) Restore(id string, r io.Reader) error {
	if !validID(id) {
		return fmt.Errorf("blob: invalid id %q", id)
	}
	_, err := s.write(id, func(w io.Writer) error {
		_, err := io.Copy(w, r)
		return err
	})
	return err
}
