package store

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/vpcsim/vpcsim/internal/model"
)

// The export document: the whole world as JSON, versioned.
//
//	{"format":"vpcsim-export","version":1,"revision":N,"idCounter":C,
//	 "exported":"2026-01-02T03:04:05Z",
//	 "kinds":{"<kind name>":[{object},...],...},
//	 "blobs":{"<blob id>":"<base64 body>",...}}
//
// Kinds appear in name order, objects in id order, one per line, and only
// non-empty kinds are listed, so exporting the same world twice gives the
// same bytes. Blobs are the large bodies kept beside the world (S3
// objects).
const (
	ExportFormat  = "vpcsim-export"
	ExportVersion = 1
)

// Blobs is the store of large bodies kept beside the world (see package
// blob), as export and import need it.
type Blobs interface {
	// IDs returns every blob id in ascending order.
	IDs() ([]string, error)
	// Export writes blob id's bytes to w.
	Export(id string, w io.Writer) error
	// Restore stores r's bytes durably as blob id.
	Restore(id string, r io.Reader) error
	// Delete removes blob id.
	Delete(id string) error
}

// ExportOptions configure Store.Export.
type ExportOptions struct {
	// Exported is the time recorded in the document; zero means the
	// store's clock.
	Exported time.Time
	// Blobs, when not nil, are exported with the world.
	Blobs Blobs
}

// kindCodec is the JSON view of a registered kind that export and import
// use; every *Kind[T] implements it.
type kindCodec interface {
	eachJSON(w *World, fn func(data []byte) error) error
	decodeJSON(data []byte) (v any, id string, err error)
}

func (k *Kind[T]) eachJSON(w *World, fn func(data []byte) error) error {
	var err error
	k.In(w).All(func(v *T) bool {
		var data []byte
		if data, err = json.Marshal(v); err != nil {
			err = fmt.Errorf("encode %s %s: %w", k.spec.Name, any(v).(model.Object).GetMeta().ID, err)
			return false
		}
		err = fn(data)
		return err == nil
	})
	return err
}

func (k *Kind[T]) decodeJSON(data []byte) (any, string, error) {
	v := new(T)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, "", err
	}
	id := any(v).(model.Object).GetMeta().ID
	if id == "" {
		return nil, "", errors.New("object without an id")
	}
	return v, id, nil
}

// Export writes the world (and opts.Blobs) as one export document. The
// world is one consistent revision.
func (s *Store) Export(out io.Writer, opts ExportOptions) error {
	s.mu.Lock()
	w := s.Snapshot()
	counter := s.ids.counter
	s.mu.Unlock()
	exported := opts.Exported
	if exported.IsZero() {
		exported = s.Now()
	}
	bw := bufio.NewWriterSize(out, 64<<10)
	fmt.Fprintf(bw, "{\"format\":%q,\"version\":%d,\"revision\":%d,\"idCounter\":%d,\"exported\":%q,\n\"kinds\":{",
		ExportFormat, ExportVersion, w.Revision, counter, exported.UTC().Format(time.RFC3339Nano))
	kinds := Kinds()
	sort.Slice(kinds, func(i, j int) bool { return kinds[i].Spec().Name < kinds[j].Spec().Name })
	firstKind := true
	for _, k := range kinds {
		n := 0
		err := k.(kindCodec).eachJSON(w, func(data []byte) error {
			switch {
			case n == 0 && firstKind:
				fmt.Fprintf(bw, "\n%q:[\n", k.Spec().Name)
			case n == 0:
				fmt.Fprintf(bw, "],\n%q:[\n", k.Spec().Name)
			default:
				bw.WriteString(",\n")
			}
			n++
			_, err := bw.Write(data)
			return err
		})
		if err != nil {
			return err
		}
		if n > 0 {
			firstKind = false
		}
	}
	if !firstKind {
		bw.WriteString("]\n")
	}
	bw.WriteString("},\n\"blobs\":{")
	if opts.Blobs != nil {
		ids, err := opts.Blobs.IDs()
		if err != nil {
			return fmt.Errorf("list blobs: %w", err)
		}
		for i, id := range ids {
			if i > 0 {
				bw.WriteString(",")
			}
			fmt.Fprintf(bw, "\n%q:\"", id)
			enc := base64.NewEncoder(base64.StdEncoding, bw)
			if err := opts.Blobs.Export(id, enc); err != nil {
				return fmt.Errorf("export blob %s: %w", id, err)
			}
			if err := enc.Close(); err != nil {
				return fmt.Errorf("export blob %s: %w", id, err)
			}
			bw.WriteString("\"")
		}
		if len(ids) > 0 {
			bw.WriteString("\n")
		}
	}
	bw.WriteString("}}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	return nil
}

// ImportOptions configure Import.
type ImportOptions struct {
	// Replace allows importing over a world that has objects; they are
	// all removed first. Without it such a world is refused.
	Replace bool
	// Blobs, when not nil, receives the document's blobs (which are
	// otherwise refused).
	Blobs Blobs
}

// ImportSummary reports what Import wrote.
type ImportSummary struct {
	Revision uint64
	Objects  int
	Kinds    int
	Blobs    int
}

// maxBlobIDLen bounds a blob id in an export document.
const maxBlobIDLen = 128

// Import reads an export document from r into the data directory dir
// (created if need be), which must not be in use. Nothing of the world is
// written until the document has been read whole and every kind name and
// object validated; the world, its revision and its id counter are then
// written in one database transaction, after the blobs, so a failure
// leaves the world as it was (and deletes the blobs it restored). A world
// that has objects is refused unless opts.Replace.
func Import(dir string, r io.Reader, opts ImportOptions) (*ImportSummary, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	db, err := openDB(dir, &bolt.Options{FreelistType: bolt.FreelistMapType, NoFreelistSync: true})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	path := filepath.Join(dir, DBFile)
	if !opts.Replace {
		n := 0
		err := loadGuard(path, func() error {
			return db.View(func(btx *bolt.Tx) error {
				return btx.ForEach(func(name []byte, b *bolt.Bucket) error {
					if !bytes.Equal(name, metaBucket) {
						n += b.Stats().KeyN
					}
					return nil
				})
			})
		})
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, fmt.Errorf("data directory %s already holds a world (%d objects); import into a new directory, or pass --replace to discard that world", dir, n)
		}
	}
	doc, err := readExport(r, opts.Blobs)
	if err != nil {
		return nil, err
	}
	b := &batch{rev: doc.revision, counter: doc.counter, changes: doc.changes, reset: true}
	if err := db.Update(func(btx *bolt.Tx) error { return writeBatch(btx, b) }); err != nil {
		doc.discardBlobs(opts.Blobs)
		return nil, fmt.Errorf("write imported world to %s: %w", path, err)
	}
	if err := db.Close(); err != nil {
		return nil, fmt.Errorf("close %s: %w", path, err)
	}
	return &ImportSummary{Revision: doc.revision, Objects: len(doc.changes), Kinds: doc.kinds, Blobs: len(doc.blobs)}, nil
}

// exportDoc is a validated export document.
type exportDoc struct {
	revision, counter uint64
	changes           []change
	kinds             int
	blobs             []string // restored
}

func (d *exportDoc) discardBlobs(bs Blobs) {
	for _, id := range d.blobs {
		_ = bs.Delete(id)
	}
}

// readExport decodes and validates an export document, restoring its
// blobs into bs as they come; on error it deletes the blobs it restored.
func readExport(r io.Reader, bs Blobs) (_ *exportDoc, err error) {
	doc := &exportDoc{}
	defer func() {
		if err != nil {
			if bs != nil {
				doc.discardBlobs(bs)
			}
			err = fmt.Errorf("import: %w; nothing was imported", err)
		}
	}()
	dec := json.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return nil, fmt.Errorf("not a vpcsim export document: %w", err)
	}
	seen := map[string]bool{}
	for dec.More() {
		key, err := stringToken(dec)
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, fmt.Errorf("member %q appears twice", key)
		}
		seen[key] = true
		if (key != "format" && !seen["format"]) || (key != "format" && key != "version" && !seen["version"]) {
			return nil, fmt.Errorf("not a vpcsim export document: it must begin with \"format\":%q and \"version\"", ExportFormat)
		}
		switch key {
		case "format":
			var f string
			if err := dec.Decode(&f); err != nil || f != ExportFormat {
				return nil, fmt.Errorf("not a vpcsim export document (format %q, want %q)", f, ExportFormat)
			}
		case "version":
			var v json.Number
			if err := dec.Decode(&v); err != nil {
				return nil, fmt.Errorf("version: %w", err)
			}
			if v.String() != fmt.Sprint(ExportVersion) {
				return nil, fmt.Errorf("unsupported export version %s (this vpcsim reads version %d)", v, ExportVersion)
			}
		case "revision", "idCounter":
			var n uint64
			if err := dec.Decode(&n); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			if key == "revision" {
				doc.revision = n
			} else {
				doc.counter = n
			}
		case "exported":
			var t time.Time
			if err := dec.Decode(&t); err != nil {
				return nil, fmt.Errorf("exported: %w", err)
			}
		case "kinds":
			if err := doc.readKinds(dec); err != nil {
				return nil, err
			}
		case "blobs":
			if err := doc.readBlobs(dec, bs); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("unknown member %q", key)
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the end of the document")
	}
	if !seen["kinds"] {
		return nil, errors.New("the document has no \"kinds\" member")
	}
	return doc, nil
}

func (d *exportDoc) readKinds(dec *json.Decoder) error {
	if err := expectDelim(dec, '{'); err != nil {
		return fmt.Errorf("kinds: %w", err)
	}
	seen := map[string]bool{}
	for dec.More() {
		name, err := stringToken(dec)
		if err != nil {
			return fmt.Errorf("kinds: %w", err)
		}
		k, ok := KindByName(name)
		if !ok {
			return fmt.Errorf("unknown kind %q: this vpcsim does not have it (was the export made by another version?)", name)
		}
		if seen[name] {
			return fmt.Errorf("kind %q appears twice", name)
		}
		seen[name] = true
		d.kinds++
		if err := expectDelim(dec, '['); err != nil {
			return fmt.Errorf("kind %s: %w", name, err)
		}
		ids := map[string]bool{}
		for i := 0; dec.More(); i++ {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fmt.Errorf("kind %s, object %d: %w", name, i, err)
			}
			v, id, err := k.(kindCodec).decodeJSON(raw)
			if err != nil {
				return fmt.Errorf("kind %s, object %d: %w", name, i, err)
			}
			if ids[id] {
				return fmt.Errorf("kind %s: object %s appears twice", name, id)
			}
			ids[id] = true
			data, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("kind %s, object %s: %w", name, id, err)
			}
			d.changes = append(d.changes, change{kind: name, id: id, data: data})
		}
		if err := expectDelim(dec, ']'); err != nil {
			return fmt.Errorf("kind %s: %w", name, err)
		}
	}
	return expectDelim(dec, '}')
}

func (d *exportDoc) readBlobs(dec *json.Decoder, bs Blobs) error {
	if err := expectDelim(dec, '{'); err != nil {
		return fmt.Errorf("blobs: %w", err)
	}
	for dec.More() {
		id, err := stringToken(dec)
		if err != nil {
			return fmt.Errorf("blobs: %w", err)
		}
		if bs == nil {
			return errors.New("the document has blobs (S3 object bodies) but nowhere to put them")
		}
		if len(id) > maxBlobIDLen {
			return fmt.Errorf("blobs: id %.20q... is too long", id)
		}
		var body []byte
		if err := dec.Decode(&body); err != nil {
			return fmt.Errorf("blob %s: %w", id, err)
		}
		if err := bs.Restore(id, bytes.NewReader(body)); err != nil {
			return fmt.Errorf("restore blob %s: %w", id, err)
		}
		d.blobs = append(d.blobs, id)
	}
	return expectDelim(dec, '}')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	t, err := dec.Token()
	if err != nil {
		return fmt.Errorf("malformed JSON: %w", err)
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return fmt.Errorf("malformed document: found %v where %q belongs", t, string(want))
	}
	return nil
}

func stringToken(dec *json.Decoder) (string, error) {
	t, err := dec.Token()
	if err != nil {
		return "", fmt.Errorf("malformed JSON: %w", err)
	}
	s, ok := t.(string)
	if !ok {
		return "", fmt.Errorf("malformed document: found %v where a name belongs", t)
	}
	return s, nil
}
