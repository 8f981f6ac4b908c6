package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/vpcsim/vpcsim/internal/model"
)

// The data directory's files.
const (
	// DBFile is the database file inside a data directory.
	DBFile = "vpcsim.db"
	// pidFile records the process id of the vpcsim that opened the
	// directory for writing, so that a second one can name it.
	pidFile = "vpcsim.pid"
)

// lockTimeout bounds the wait for another process's lock on the database.
const lockTimeout = time.Second

// InUseError reports a data directory whose database another process holds.
type InUseError struct {
	Dir string
	PID int // 0 when unknown
}

func (e *InUseError) Error() string {
	who := "another vpcsim process"
	if e.PID > 0 {
		who = fmt.Sprintf("another vpcsim process (pid %d, according to %s)", e.PID, filepath.Join(e.Dir, pidFile))
	}
	return fmt.Sprintf("data directory %s is in use by %s; stop it or use another --data", e.Dir, who)
}

// DamagedError reports a database file that cannot be read safely. Its
// message names the file, the problem and the ways out.
type DamagedError struct {
	Path    string
	Problem string
}

func (e *DamagedError) Error() string {
	dir := filepath.Dir(e.Path)
	return fmt.Sprintf("database %s is damaged: %s. "+
		"Check it with `vpcsim check --data %s`; "+
		"restore a backup with `vpcsim import --data %s --in BACKUP.json` (after moving the damaged file away); "+
		"or start fresh by moving %s out of the directory (the world then starts empty)",
		e.Path, e.Problem, dir, dir, e.Path)
}

func damaged(path, format string, args ...any) error {
	return &DamagedError{Path: path, Problem: fmt.Sprintf(format, args...)}
}

// bbolt's on-disk format (version 2), as the bbolt project documents it:
// the file is a sequence of pages of the size recorded in the meta pages;
// pages 0 and 1 are meta pages, written alternately, each carrying a
// 16-byte page header followed by the meta record below (native byte
// order). The checksum is FNV-1a (64 bit) of the record's bytes before the
// checksum field. A database with neither meta page valid is unusable;
// with one valid, bbolt uses it.
const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	pageHeaderSize = 16
	metaRecordSize = 64 // magic..checksum
	metaChecksumAt = 56
	boltNoFreelist = ^uint64(0)
	minPageSize    = 512
	maxPageSize    = 1 << 24
	metaPageFlag   = 0x04
)

// errShort reports a meta page beyond the end of the file.
var errShort = errors.New("beyond the end of the file")

// metaRecord is one decoded meta page.
type metaRecord struct {
	pageSize       uint64
	root, freelist uint64
	pgid, txid     uint64
}

// readMeta decodes and validates the meta page at off.
func readMeta(f io.ReaderAt, off int64) (metaRecord, error) {
	var buf [pageHeaderSize + metaRecordSize]byte
	if _, err := f.ReadAt(buf[:], off); err != nil {
		if errors.Is(err, io.EOF) {
			return metaRecord{}, errShort
		}
		return metaRecord{}, err
	}
	bo := binary.NativeEndian
	m := buf[pageHeaderSize:]
	switch {
	case bo.Uint32(m[0:]) != boltMagic:
		return metaRecord{}, errors.New("bad magic number")
	case bo.Uint32(m[4:]) != boltVersion:
		return metaRecord{}, fmt.Errorf("unsupported format version %d", bo.Uint32(m[4:]))
	}
	h := fnv.New64a()
	h.Write(m[:metaChecksumAt])
	if h.Sum64() != bo.Uint64(m[metaChecksumAt:]) {
		return metaRecord{}, errors.New("checksum mismatch")
	}
	if bo.Uint16(buf[8:]) != metaPageFlag {
		return metaRecord{}, errors.New("not flagged as a meta page")
	}
	r := metaRecord{pageSize: uint64(bo.Uint32(m[8:])), root: bo.Uint64(m[16:]),
		freelist: bo.Uint64(m[32:]), pgid: bo.Uint64(m[40:]), txid: bo.Uint64(m[48:])}
	if r.pageSize < minPageSize || r.pageSize > maxPageSize || r.pageSize&(r.pageSize-1) != 0 {
		return metaRecord{}, fmt.Errorf("implausible page size %d", r.pageSize)
	}
	return r, nil
}

// inspectDB checks the database file at path before bbolt reads it: it
// must not be empty, at least one meta page must be valid, and the file
// must hold every page that meta page says is in use. bbolt maps the file
// into memory and trusts it, so a short or foreign file would otherwise
// crash the process.
func inspectDB(path string) (metaRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return metaRecord{}, fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return metaRecord{}, fmt.Errorf("stat database %s: %w", path, err)
	}
	size := fi.Size()
	if size == 0 {
		// vpcsim creates its database under a temporary name and links
		// it into place only once initialised, so an empty vpcsim.db was
		// truncated by something else: its world is lost, not empty.
		return metaRecord{}, damaged(path, "the file is empty (0 bytes), although vpcsim never leaves an empty database behind: it was truncated, and whatever world it held is gone")
	}
	m0, err0 := readMeta(f, 0)
	var m1 metaRecord
	err1 := errors.New("not found")
	if err0 == nil {
		m1, err1 = readMeta(f, int64(m0.pageSize))
	} else {
		// Without page 0 the page size is unknown: probe the usual ones.
		for ps := int64(minPageSize); ps <= 1<<16 && ps < size; ps <<= 1 {
			if m, err := readMeta(f, ps); err == nil && int64(m.pageSize) == ps {
				m1, err1 = m, nil
				break
			}
		}
		if err1 != nil {
			err1 = fmt.Errorf("no valid copy at any usual page size")
		}
	}
	var m metaRecord
	switch {
	case err0 == nil && err1 == nil:
		m = m0
		if m1.txid > m0.txid {
			m = m1
		}
	case err0 == nil:
		m = m0
	case err1 == nil:
		m = m1
	default:
		if errors.Is(err0, errShort) {
			return metaRecord{}, damaged(path, "the file is only %d bytes long, too short for a database header: it was truncated or is not a vpcsim database", size)
		}
		return metaRecord{}, damaged(path, "neither of its two header (meta) pages is valid (page 0: %v; page 1: %v): it is not a vpcsim database, or its header was overwritten", err0, err1)
	}
	if m.pgid < 2 || m.pgid > uint64(size)/m.pageSize {
		return metaRecord{}, damaged(path, "the file is truncated: it is %d bytes long but its header says it uses %d pages of %d bytes", size, m.pgid, m.pageSize)
	}
	if m.root >= m.pgid || (m.freelist != boltNoFreelist && m.freelist >= m.pgid) {
		return metaRecord{}, damaged(path, "its header points past the end of the data (root page %d, freelist page %d, %d pages)", m.root, m.freelist, m.pgid)
	}
	return m, nil
}

// openDB opens the database of data directory dir, creating it when the
// directory has none (and o is not read-only). It never panics on a
// damaged file: the file is inspected first, and a panic inside bbolt is
// converted to a DamagedError as a last resort. A lock held by another
// process yields an InUseError after o.Timeout (lockTimeout when zero).
func openDB(dir string, o *bolt.Options) (db *bolt.DB, err error) {
	path := filepath.Join(dir, DBFile)
	opts := bolt.Options{}
	if o != nil {
		opts = *o
	}
	if opts.Timeout == 0 {
		opts.Timeout = lockTimeout
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if opts.ReadOnly {
			return nil, fmt.Errorf("data directory %s holds no vpcsim database (%s)", dir, DBFile)
		}
		if err := createDB(dir, opts); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	meta, err := inspectDB(path)
	if err != nil {
		return nil, err
	}
	if meta.freelist == boltNoFreelist && !opts.ReadOnly {
		// The last writer did not close the file cleanly (vpcsim writes
		// the free list only on Close): bbolt rebuilds the free list by
		// walking every page in a goroutine of its own, where a damaged
		// page panics beyond any recover. Walk it here first.
		if err := walkDB(path, opts.Timeout); err != nil {
			if errors.Is(err, berrors.ErrTimeout) {
				return nil, &InUseError{Dir: dir, PID: readPID(dir)}
			}
			return nil, err
		}
	}
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, damaged(path, "the database library failed while reading it (%v)", r)
		}
	}()
	db, err = bolt.Open(path, 0o600, &opts)
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, &InUseError{Dir: dir, PID: readPID(dir)}
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return nil, damaged(path, "%v", err)
	case err != nil:
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if !opts.ReadOnly {
		// Best effort: the pid only improves a second process's message.
		_ = os.WriteFile(filepath.Join(dir, pidFile), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644)
	}
	return db, nil
}

// walkDB reads every page of the database at path in a read-only
// transaction of the calling goroutine, turning a damaged page (a panic
// inside bbolt) into a DamagedError.
func walkDB(path string, timeout time.Duration) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = damaged(path, "the database library failed while reading it (%v)", r)
		}
	}()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return err
		}
		return damaged(path, "%v", err)
	}
	defer db.Close()
	var walk func(b *bolt.Bucket) error
	walk = func(b *bolt.Bucket) error {
		return b.ForEachBucket(func(name []byte) error { return walk(b.Bucket(name)) })
	}
	return db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			c := b.Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
			}
			return walk(b)
		})
	})
}

// createDB makes a new, initialised database file in dir: bbolt writes
// its first pages into a temporary file, which is then linked into place
// (never over an existing file) so that vpcsim.db is never seen empty or
// half-written, even after a crash.
func createDB(dir string, opts bolt.Options) error {
	path := filepath.Join(dir, DBFile)
	f, err := os.CreateTemp(dir, DBFile+".new-*")
	if err != nil {
		return fmt.Errorf("create database in %s: %w", dir, err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)
	db, err := bolt.Open(tmp, 0o600, &opts)
	if err != nil {
		return fmt.Errorf("initialise database %s: %w", tmp, err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("initialise database %s: %w", tmp, err)
	}
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// readPID returns the pid recorded in dir's pid file, or 0.
func readPID(dir string) int {
	b, err := os.ReadFile(filepath.Join(dir, pidFile))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// loadGuard runs the initial load of a database, converting a panic (a
// corrupt page bbolt trusted) into a DamagedError.
func loadGuard(path string, load func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = damaged(path, "reading its contents failed (%v)", r)
		}
	}()
	if err := load(); err != nil {
		return &DamagedError{Path: path, Problem: "its contents do not load: " + err.Error()}
	}
	return nil
}

// CheckReport is what Check found in a data directory.
type CheckReport struct {
	// Path is the database file.
	Path string
	// Problems lists what bbolt's consistency check found (capped).
	Problems []string
	// Revision and Objects describe the world that loaded (when the file
	// passed the check).
	Revision uint64
	Objects  int
	// Kinds counts the loaded objects per kind name (non-empty kinds).
	Kinds map[string]int
}

// maxCheckProblems caps the problems Check collects.
const maxCheckProblems = 100

// Check inspects the database of data directory dir without changing it:
// the file's header and size, then bbolt's consistency check of every
// page (read-only), then a full load of the world. It returns an error
// (an *InUseError, a *DamagedError ...) when the file cannot be checked
// or is damaged; a report with Problems when the page check fails.
func Check(dir string) (*CheckReport, error) {
	rep := &CheckReport{Path: filepath.Join(dir, DBFile), Kinds: map[string]int{}}
	if _, err := os.Stat(rep.Path); err != nil {
		return nil, fmt.Errorf("check %s: %w", dir, err)
	}
	db, err := openDB(dir, &bolt.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	err = loadGuard(rep.Path, func() error {
		return db.View(func(btx *bolt.Tx) error {
			for err := range btx.Check() {
				if len(rep.Problems) < maxCheckProblems {
					rep.Problems = append(rep.Problems, err.Error())
				}
			}
			return nil
		})
	})
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %s: %w", rep.Path, cerr)
	}
	if err != nil || len(rep.Problems) > 0 {
		return rep, err
	}
	// The pages are sound: load the world exactly as the server would.
	st, err := Open(Options{Dir: dir})
	if err != nil {
		return rep, err
	}
	defer st.Close()
	w := st.Snapshot()
	rep.Revision = w.Revision
	for _, k := range registry {
		n := 0
		k.Each(w, func(*model.Meta) bool { n++; return true })
		if n > 0 {
			rep.Kinds[k.Spec().Name] = n
			rep.Objects += n
		}
	}
	return rep, nil
}
