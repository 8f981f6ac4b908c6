package dataplane

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected traces of testdata/*.txtar")

// archive is a txtar archive: a comment, then "-- name --" sections.
type archive struct {
	comment string
	files   []section
}

type section struct{ name, data string }

func parseTxtar(data string) archive {
	var a archive
	cur := -1
	var b strings.Builder
	flush := func() {
		if cur < 0 {
			a.comment = b.String()
		} else {
			a.files[cur].data = b.String()
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(data, "\n") {
		t := strings.TrimRight(line, "\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			a.files = append(a.files, section{name: strings.TrimSpace(t[3 : len(t)-3])})
			cur = len(a.files) - 1
			continue
		}
		b.WriteString(line)
	}
	flush()
	return a
}

func (a archive) get(name string) (string, bool) {
	for _, f := range a.files {
		if f.name == name {
			return f.data, true
		}
	}
	return "", false
}

func (a *archive) set(name, data string) {
	for i := range a.files {
		if a.files[i].name == name {
			a.files[i].data = data
			return
		}
	}
	a.files = append(a.files, section{name, data})
}

func (a archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, f := range a.files {
		b.WriteString("-- " + f.name + " --\n")
		b.WriteString(f.data)
		if f.data != "" && !strings.HasSuffix(f.data, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// TestGolden runs every scenario of testdata/*.txtar: the topology is
// built, the query traced, and the trace compared with the expected one.
// The comment of each file names the AWS guide section it pins. Run with
// -update to rewrite the expectations, then review the diff by hand.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Errorf("only %d golden scenarios; want at least 40", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := parseTxtar(string(data))
			topoSrc, ok := a.get("topology")
			if !ok {
				t.Fatal("no topology section")
			}
			qs, ok := a.get("query")
			if !ok {
				t.Fatal("no query section")
			}
			q, err := parseQuery(strings.TrimSpace(qs))
			if err != nil {
				t.Fatal(err)
			}
			p := newTopo(t).parse(topoSrc).plane()
			tr := p.Trace(q)
			got := tr.String()
			// Consistency: the AnalysisResult agrees with the trace.
			if r := tr.AnalysisResult(); r.NetworkPathFound != tr.Reachable {
				t.Errorf("AnalysisResult.NetworkPathFound = %v, trace reachable = %v", r.NetworkPathFound, tr.Reachable)
			}
			if *update {
				a.set("trace", got)
				if err := os.WriteFile(file, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, ok := a.get("trace")
			if !ok {
				t.Fatal("no trace section (run with -update)")
			}
			if got != want {
				t.Errorf("trace mismatch for %s\n--- got ---\n%s\n--- want ---\n%s", file, got, want)
			}
		})
	}
}

func goldenTopologies(t testing.TB) map[string]string {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(files))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if s, ok := parseTxtar(string(data)).get("topology"); ok {
			out[filepath.Base(file)] = s
		}
	}
	return out
}
