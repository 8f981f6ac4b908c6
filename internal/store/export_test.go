package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// memBlobs is an in-memory Blobs.
type memBlobs struct {
	mu sync.Mutex
	m  map[string][]byte
}

func newMemBlobs() *memBlobs { return &memBlobs{m: map[string][]byte{}} }

func (b *memBlobs) IDs() ([]string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var ids []string
	for id := range b.m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, nil
}

func (b *memBlobs) Export(id string, w io.Writer) error {
	b.mu.Lock()
	data, ok := b.m[id]
	b.mu.Unlock()
	if !ok {
		return errors.New("no such blob")
	}
	_, err := w.Write(data)
	return err
}

func (b *memBlobs) Restore(id string, r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	b.mu.Lock()
	b.m[id] = data
	b.mu.Unlock()
	return nil
}

func (b *memBlobs) Delete(id string) error {
	b.mu.Lock()
	delete(b.m, id)
	b.mu.Unlock()
	return nil
}

var exportTime = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// worldOfEveryKind fills a new data directory with two objects of every
// registered kind and returns it with its export.
func worldOfEveryKind(t *testing.T, blobs Blobs) (dir string, doc []byte) {
	t.Helper()
	dir = t.TempDir()
	st, err := Open(Options{Dir: dir, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	created := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 2; i++ {
		_, err = st.Update(context.Background(), func(tx *Tx) error {
			for _, k := range Kinds() {
				id := fmt.Sprintf("%s-%s", k.Spec().Name, tx.NewHex(17))
				k.Put(tx, k.New(model.Meta{ID: id, Account: "123456789012", Region: "eu-west-1",
					Tags: map[string]string{"k": "v<&>", "ü": ""}, Created: created}))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := st.Export(&buf, ExportOptions{Exported: exportTime, Blobs: blobs}); err != nil {
		t.Fatal(err)
	}
	return dir, buf.Bytes()
}

// TestExportImportRoundTrip: export, import into a new directory, export
// again gives the same bytes; revision and id counter are kept, so ids
// made after the import do not repeat earlier ones.
func TestExportImportRoundTrip(t *testing.T) {
	src := newMemBlobs()
	src.m["0123456789abcdef0123456789abcdef"] = []byte("hello\x00world")
	srcDir, doc := worldOfEveryKind(t, src)
	if !bytes.HasPrefix(doc, []byte(`{"format":"vpcsim-export","version":1,"revision":2,`)) {
		t.Fatalf("document starts %.80q", doc)
	}
	dst := newMemBlobs()
	dir := t.TempDir()
	sum, err := Import(dir, bytes.NewReader(doc), ImportOptions{Blobs: dst})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Objects != 2*len(Kinds()) || sum.Kinds != len(Kinds()) || sum.Blobs != 1 || sum.Revision != 2 {
		t.Errorf("summary %+v", sum)
	}
	st, err := Open(Options{Dir: dir, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var again bytes.Buffer
	if err := st.Export(&again, ExportOptions{Exported: exportTime, Blobs: dst}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, again.Bytes()) {
		t.Fatalf("export after import differs:\n%s\n---\n%s", doc, again.Bytes())
	}
	// The next id continues the original sequence.
	orig, err := Open(Options{Dir: srcDir, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	next := func(s *Store) (id string) {
		_, err := s.Update(context.Background(), func(tx *Tx) error { id = tx.NewID("vpc"); return nil })
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	if a, b := next(orig), next(st); a != b {
		t.Errorf("next id after import %s, original store's %s", b, a)
	}
}

func TestImportRefusesNonEmptyWorld(t *testing.T) {
	_, doc := worldOfEveryKind(t, nil)
	dir, _ := worldOfEveryKind(t, nil)
	_, err := Import(dir, bytes.NewReader(doc), ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "already holds a world") || !strings.Contains(err.Error(), "--replace") {
		t.Fatalf("import over a world: %v", err)
	}
	if _, err := Import(dir, bytes.NewReader(doc), ImportOptions{Replace: true}); err != nil {
		t.Fatalf("import --replace: %v", err)
	}
}

func TestImportRefusesDirectoryInUse(t *testing.T) {
	_, doc := worldOfEveryKind(t, nil)
	dir := t.TempDir()
	st, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var iu *InUseError
	if _, err := Import(dir, bytes.NewReader(doc), ImportOptions{}); !errors.As(err, &iu) {
		t.Fatalf("import into a directory in use: %v", err)
	}
}

// TestImportValidates: a document that is not a valid export is refused
// with a clear error and nothing is written (the directory's world stays
// empty and no blob stays behind).
func TestImportValidates(t *testing.T) {
	_, good := worldOfEveryKind(t, nil)
	head := `{"format":"vpcsim-export","version":1,`
	vpc := `{"id":"vpc-1","account":"123456789012","region":"us-east-1","created":"2026-01-01T00:00:00Z","state":"available"}`
	cases := []struct{ name, doc, want string }{
		{"empty", ``, "malformed JSON"},
		{"not json", `hello`, "malformed JSON"},
		{"array", `[]`, "not a vpcsim export document"},
		{"other format", `{"format":"terraform","version":1,"kinds":{}}`, "not a vpcsim export document"},
		{"format not first", `{"version":1,"format":"vpcsim-export","kinds":{}}`, "must begin with"},
		{"newer version", `{"format":"vpcsim-export","version":2,"kinds":{}}`, "unsupported export version 2"},
		{"no kinds", head + `"revision":1}`, "no \"kinds\""},
		{"unknown member", head + `"kinds":{},"extra":1}`, "unknown member \"extra\""},
		{"unknown kind", head + `"kinds":{"vpc":[` + vpc + `],"flux-capacitor":[{}]}}`, "unknown kind \"flux-capacitor\""},
		{"unknown field", head + `"kinds":{"vpc":[{"id":"vpc-1","warp":9}]}}`, "unknown field \"warp\""},
		{"no id", head + `"kinds":{"vpc":[{"state":"available"}]}}`, "without an id"},
		{"duplicate id", head + `"kinds":{"vpc":[` + vpc + `,` + vpc + `]}}`, "appears twice"},
		{"negative revision", head + `"revision":-1,"kinds":{}}`, "revision"},
		{"trailing data", head + `"kinds":{}} {}`, "data after the end"},
		{"truncated", string(good[:len(good)/2]), "EOF"},
		{"bad blob", head + `"blobs":{"0123456789abcdef0123456789abcdef":"aGVsbG8=","00":"!!"},"kinds":{}}`, "blob 00"},
		{"blob after bad kind", head + `"blobs":{"0123456789abcdef0123456789abcdef":"aGVsbG8="},"kinds":{"nope":[]}}`, "unknown kind"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			blobs := newMemBlobs()
			_, err := Import(dir, strings.NewReader(c.doc), ImportOptions{Blobs: blobs})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "nothing was imported") {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if len(blobs.m) != 0 {
				t.Errorf("blobs left behind: %d", len(blobs.m))
			}
			rep, err := Check(dir)
			if err != nil || rep.Objects != 0 {
				t.Errorf("directory after a refused import: %+v, %v", rep, err)
			}
		})
	}
}

func BenchmarkExport(b *testing.B) {
	st, err := Open(Options{})
	if err != nil {
		b.Fatal(err)
	}
	_, err = st.Update(context.Background(), func(tx *Tx) error {
		for i := 0; i < 10000; i++ {
			tx.VPCs.Put(&model.VPC{Meta: model.Meta{ID: tx.NewID("vpc"), Account: "123456789012", Region: "us-east-1"}, State: "available"})
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := st.Export(io.Discard, ExportOptions{Exported: exportTime}); err != nil {
			b.Fatal(err)
		}
	}
}
