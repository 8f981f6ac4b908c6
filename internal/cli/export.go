package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"github.com/vpcsim/vpcsim/internal/blob"
	"github.com/vpcsim/vpcsim/internal/store"
	// The server links every service's control package, whose resource
	// kinds export and import must know (serve.go imports it too).
	_ "github.com/vpcsim/vpcsim/internal/server"
)

// exportCmd writes a stopped data directory's world as an export document.
func exportFlags(fs *pflag.FlagSet, std streams) func(ctx context.Context, args []string) int {
	stdout, stderr := std.stdout, std.stderr

	data := fs.String("data", defaultDataDir(), "data directory to export (no server may be using it)")
	out := fs.String("out", "", "file to write (default: standard output)")
	return func(ctx context.Context, args []string) int {
		if err := exportDir(*data, *out, stdout); err != nil {
			fmt.Fprintf(stderr, "vpcsim export: %v\n", err)
			return 1
		}
		return 0
	}
}

func exportDir(dir, out string, stdout io.Writer) error {
	if _, err := os.Stat(filepath.Join(dir, store.DBFile)); err != nil {
		return fmt.Errorf("no vpcsim data in %s: %w", dir, err)
	}
	st, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		return err
	}
	defer st.Close()
	blobs, err := blob.Open(dir)
	if err != nil {
		return err
	}
	opts := store.ExportOptions{Blobs: blobs}
	// SOURCE_DATE_EPOCH (the reproducible-builds convention) fixes the
	// recorded export time, so that exporting one world twice gives the
	// same bytes.
	if v := os.Getenv("SOURCE_DATE_EPOCH"); v != "" {
		sec, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", v)
		}
		opts.Exported = time.Unix(sec, 0).UTC()
	}
	if out == "" {
		return st.Export(stdout, opts)
	}
	// Write beside the target and rename, so that a failed export never
	// leaves a partial backup under the final name.
	f, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := st.Export(f, opts); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

// importCmd loads an export document into a data directory.
func importFlags(fs *pflag.FlagSet, std streams) func(ctx context.Context, args []string) int {
	stdin, stdout, stderr := std.stdin, std.stdout, std.stderr

	data := fs.String("data", defaultDataDir(), "data directory to import into (created if missing; no server may be using it)")
	in := fs.String("in", "", "export document to read (default: standard input)")
	replace := fs.Bool("replace", false, "discard the directory's current world (refused without it when the world has objects)")
	return func(ctx context.Context, args []string) int {
		r := stdin
		if *in != "" {
			f, err := os.Open(*in)
			if err != nil {
				fmt.Fprintf(stderr, "vpcsim import: %v\n", err)
				return 1
			}
			defer f.Close()
			r = f
		}
		sum, err := importDir(*data, r, *replace)
		if err != nil {
			fmt.Fprintf(stderr, "vpcsim import: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "imported %d objects of %d kinds and %d blobs into %s (revision %d)\n", sum.Objects, sum.Kinds, sum.Blobs, *data, sum.Revision)
		return 0
	}
}

func importDir(dir string, r io.Reader, replace bool) (*store.ImportSummary, error) {
	blobs, err := blob.Open(dir)
	if err != nil {
		return nil, err
	}
	return store.Import(dir, r, store.ImportOptions{Replace: replace, Blobs: blobs})
}

// checkCmd runs the consistency checks of a data directory.
func checkFlags(fs *pflag.FlagSet, std streams) func(ctx context.Context, args []string) int {
	stdout, stderr := std.stdout, std.stderr

	data := fs.String("data", defaultDataDir(), "data directory to check (no server may be using it)")
	return func(ctx context.Context, args []string) int {
		rep, err := store.Check(*data)
		if err != nil {
			fmt.Fprintf(stderr, "vpcsim check: %v\n", err)
			return 1
		}
		if len(rep.Problems) > 0 {
			fmt.Fprintf(stderr, "vpcsim check: %s is damaged (%d problems):\n", rep.Path, len(rep.Problems))
			for _, p := range rep.Problems {
				fmt.Fprintf(stderr, "  %s\n", p)
			}
			fmt.Fprintf(stderr, "Restore a backup with `vpcsim import`, or move %s away to start fresh.\n", rep.Path)
			return 1
		}
		fmt.Fprintf(stdout, "%s: ok, revision %d, %d objects\n", rep.Path, rep.Revision, rep.Objects)
		names := make([]string, 0, len(rep.Kinds))
		for k := range rep.Kinds {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			fmt.Fprintf(stdout, "  %-40s %d\n", k, rep.Kinds[k])
		}
		return 0
	}
}
