package troubleshoot

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/vpcsim/vpcsim/internal/flowlog"
)

// Bounds of what one input may hold.
const (
	// MaxLineBytes bounds a text record (a record of every field is
	// well under 4 KiB).
	MaxLineBytes = 64 << 10
	// MaxParquetBytes bounds a Parquet file read into memory (AWS cuts
	// files at 75 MB).
	MaxParquetBytes = 512 << 20
	// maxBadLines is how many unreadable lines are reported by position.
	maxBadLines = 10
)

// Reader reads flow log records from text files (plain or gzip, with or
// without the header line AWS writes first in S3 files), Parquet files
// (columns named as AWS names them) and single lines, and passes each
// record to Add.
type Reader struct {
	// Format is the records' format when a text input has no header
	// line; the zero Format is AWS's default format.
	Format flowlog.Format
	// Add receives each record.
	Add func(*Entry)
	// Records counts the records read; Bad the lines that are not
	// records of the format, BadLines the first of them as "name:line:
	// why".
	Records  int64
	Bad      int64
	BadLines []string
}

func (r *Reader) bad(name string, line int64, err error) {
	r.Bad++
	if len(r.BadLines) < maxBadLines {
		r.BadLines = append(r.BadLines, fmt.Sprintf("%s:%d: %v", name, line, err))
	}
}

// ReadPath reads a file, or every regular file under a directory in name
// order (a downloaded S3 prefix).
func (r *Reader) ReadPath(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("read flow logs: %w", err)
	}
	if !fi.IsDir() {
		return r.readFile(path)
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read flow logs: %w", err)
	}
	sort.Strings(files)
	for _, f := range files {
		if err := r.readFile(f); err != nil {
			return err
		}
	}
	return nil
}

func (r *Reader) readFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read flow logs: %w", err)
	}
	defer f.Close()
	return r.Read(f, path)
}

// Read reads one input: Parquet (it starts with "PAR1"), gzip (it starts
// with the gzip magic) or text.
func (r *Reader) Read(in io.Reader, name string) error {
	br := bufio.NewReaderSize(in, 64<<10)
	head, _ := br.Peek(4)
	switch {
	case len(head) >= 4 && string(head) == "PAR1":
		return r.readParquet(br, name)
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		defer zr.Close()
		return r.Read(zr, name)
	}
	return r.readText(br, name)
}

// readText reads lines; a first line naming fields is the header that
// gives the file's format.
func (r *Reader) readText(in io.Reader, name string) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLineBytes)
	p := NewLine(r.Format)
	var n int64
	first := true
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if first {
			first = false
			if f, ok := HeaderFormat(line); ok {
				p = NewLine(f)
				continue
			}
		}
		// A '#' comment after a record, as in the guide's listings.
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		e, err := p.Parse(line)
		if err != nil {
			r.bad(name, n, err)
			continue
		}
		r.Records++
		r.Add(&e)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	return nil
}

// AddLine parses one record of format p (a CloudWatch Logs event's
// message).
func (r *Reader) AddLine(p *Line, line, name string, n int64) {
	e, err := p.Parse(strings.TrimSpace(line))
	if err != nil {
		r.bad(name, n, err)
		return
	}
	r.Records++
	r.Add(&e)
}

// readParquet reads a flow log Parquet file: each column whose name is a
// field's with '-' replaced by '_' sets that field; other columns (Hive
// partition columns an ETL may add) are ignored.
func (r *Reader) readParquet(in io.Reader, name string) (err error) {
	// A damaged file must not stop the command: the Parquet library may
	// panic on malformed metadata.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: not a readable Parquet file: %v", name, p)
		}
	}()
	data, err := io.ReadAll(io.LimitReader(in, MaxParquetBytes+1))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxParquetBytes {
		return fmt.Errorf("%s: Parquet file larger than %d bytes", name, MaxParquetBytes)
	}
	file, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	cols := file.Schema().Fields()
	fields := make([]flowlog.Field, len(cols))
	var has uint64
	for i, c := range cols {
		if !c.Leaf() {
			continue
		}
		if fd, ok := flowlog.LookupField(strings.ReplaceAll(c.Name(), "_", "-")); ok {
			fields[i] = fd
			has |= 1 << fd
		}
	}
	pr := parquet.NewReader(file)
	defer pr.Close()
	rows := make([]parquet.Row, 256)
	var n int64
	for {
		k, rerr := pr.ReadRows(rows)
		for _, row := range rows[:k] {
			n++
			e := Entry{Record: flowlog.Blank(), has: has}
			var err error
			for _, v := range row {
				c := v.Column()
				if c < 0 || c >= len(fields) || fields[c] == flowlog.FieldInvalid || v.IsNull() || fields[c] == flowlog.FieldVersion {
					continue
				}
				if err = set(&e.Record, fields[c], parquetText(v)); err != nil {
					err = fmt.Errorf("%s: %w", fields[c].Name(), err)
					break
				}
			}
			if err != nil {
				r.bad(name, n, err)
				continue
			}
			r.Records++
			r.Add(&e)
		}
		if errors.Is(rerr, io.EOF) {
			return nil
		}
		if rerr != nil {
			return fmt.Errorf("%s: row %d: %w", name, n+1, rerr)
		}
	}
}

func parquetText(v parquet.Value) string {
	switch v.Kind() {
	case parquet.Int32:
		return strconv.FormatInt(int64(v.Int32()), 10)
	case parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	}
	return string(v.ByteArray())
}
