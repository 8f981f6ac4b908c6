package flowlog

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// section splits a txtar archive into its named files.
func sections(t *testing.T, data string) map[string]string {
	t.Helper()
	out := map[string]string{}
	name := ""
	var b strings.Builder
	for _, line := range strings.SplitAfter(data, "\n") {
		s := strings.TrimSpace(line)
		if strings.HasPrefix(s, "-- ") && strings.HasSuffix(s, " --") {
			if name != "" {
				out[name] = b.String()
			}
			name = strings.TrimSpace(s[3 : len(s)-3])
			b.Reset()
			continue
		}
		b.WriteString(line)
	}
	if name != "" {
		out[name] = b.String()
	}
	return out
}

// parseFlowLogs reads the flowlogs section: per line
// "ID TYPE RESOURCE [TRAFFIC] [interval=N] [created=UNIX] [format=${...} ${...}]"
// (format takes the rest of the line).
func parseFlowLogs(t *testing.T, src string) []Subscription {
	t.Helper()
	var subs []Subscription
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		format := ""
		if i := strings.Index(line, "format="); i >= 0 {
			line, format = line[:i], line[i+len("format="):]
		}
		f := strings.Fields(line)
		s := Subscription{FlowLogID: f[0], ResourceType: ResourceType(f[1]), ResourceID: f[2], TrafficType: TrafficAll}
		for _, x := range f[3:] {
			k, v, _ := strings.Cut(x, "=")
			switch k {
			case "ALL", "ACCEPT", "REJECT":
				s.TrafficType = TrafficFilter(k)
			case "interval":
				s.MaxAggregationInterval, _ = strconv.Atoi(v)
			case "created":
				n, _ := strconv.ParseInt(v, 10, 64)
				s.Created = time.Unix(n, 0)
			default:
				t.Fatalf("flowlogs: unknown option %q", x)
			}
		}
		var err error
		if s.Format, err = ParseFormat(format); err != nil {
			t.Fatalf("flowlogs: %v", err)
		}
		subs = append(subs, s)
	}
	return subs
}

func parseOptions(t *testing.T, src string) Options {
	var o Options
	for _, x := range strings.Fields(src) {
		k, v, _ := strings.Cut(x, "=")
		switch k {
		case "windows":
			for _, w := range strings.Split(v, ",") {
				n, err := strconv.ParseInt(w, 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				o.Windows = append(o.Windows, n)
			}
		case "limit":
			o.RecordLimit, _ = strconv.Atoi(v)
		case "seed":
			n, _ := strconv.ParseUint(v, 10, 64)
			o.Seed = n
		default:
			t.Fatalf("options: unknown %q", x)
		}
	}
	return o
}

// textSink renders every batch as text lines.
type textSink struct{ lines []string }

func (s *textSink) Deliver(_ context.Context, bs []Batch) error {
	for _, b := range bs {
		for i := range b.Records {
			s.lines = append(s.lines, b.Subscription.Format.Text(&b.Records[i]))
		}
	}
	return nil
}

// TestGolden runs every scenario of testdata/*.txtar: a topology, flow
// logs, a traffic file, and the records AWS's documentation shows for it
// (each file's comment cites the example). Lines are compared as text;
// AWS does not order the records of one capture window, so both sides are
// sorted.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden scenarios")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sec := sections(t, string(data))
			b := newTopo(t)
			b.parse(sec["topology"])
			subs := parseFlowLogs(t, sec["flowlogs"])
			tr, err := ParseTraffic(strings.NewReader(sec["traffic"]))
			if err != nil {
				t.Fatal(err)
			}
			sink := &textSink{}
			if _, err := Run(context.Background(), b.world(), subs, tr, sink, parseOptions(t, sec["options"])); err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, l := range strings.Split(sec["expect"], "\n") {
				if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
					want = append(want, l)
				}
			}
			got := slices.Clone(sink.lines)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("records differ\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}
