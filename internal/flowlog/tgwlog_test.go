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

// parseTGWFlowLogs reads a transit gateway scenario's flowlogs section:
// per line "ID TransitGateway|TransitGatewayAttachment RESOURCE
// [created=UNIX] [format=${...} ...]" (format takes the rest of the line).
func parseTGWFlowLogs(t *testing.T, src string) []Subscription {
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
		s := Subscription{FlowLogID: f[0], ResourceType: ResourceType(f[1]), ResourceID: f[2],
			TrafficType: TrafficAll, MaxAggregationInterval: Aggregation60}
		for _, x := range f[3:] {
			k, v, _ := strings.Cut(x, "=")
			if k != "created" {
				t.Fatalf("flowlogs: unknown option %q", x)
			}
			n, _ := strconv.ParseInt(v, 10, 64)
			s.Created = time.Unix(n, 0)
		}
		var err error
		if s.Format, err = ParseTGWFormat(format); err != nil {
			t.Fatalf("flowlogs: %v", err)
		}
		subs = append(subs, s)
	}
	return subs
}

// TestTGWGolden runs the transit gateway flow log scenarios of
// testdata/tgw/*.txtar (a topology, transit gateway flow logs, traffic,
// the expected records as text, both sides sorted; "-- streams --"
// optionally lists the batches' interface ids, sorted and de-duplicated).
func TestTGWGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/tgw/*.txtar")
	if len(files) == 0 {
		t.Fatal("no transit gateway scenarios")
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
			subs := parseTGWFlowLogs(t, sec["flowlogs"])
			tr, err := ParseTraffic(strings.NewReader(sec["traffic"]))
			if err != nil {
				t.Fatal(err)
			}
			var got, streams []string
			sink := SinkFunc(func(_ context.Context, bs []Batch) error {
				for _, b := range bs {
					streams = append(streams, b.InterfaceID)
					for i := range b.Records {
						got = append(got, b.Subscription.Format.Text(&b.Records[i]))
					}
				}
				return nil
			})
			if _, err := Run(context.Background(), b.world(), subs, tr, sink, Options{}); err != nil {
				t.Fatal(err)
			}
			lines := func(s string) []string {
				var out []string
				for _, l := range strings.Split(s, "\n") {
					if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
						out = append(out, l)
					}
				}
				slices.Sort(out)
				return out
			}
			want := lines(sec["expect"])
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("records differ\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
			if s, ok := sec["streams"]; ok {
				slices.Sort(streams)
				streams = slices.Compact(streams)
				if w := lines(s); !slices.Equal(streams, w) {
					t.Errorf("streams %v, want %v", streams, w)
				}
			}
		})
	}
}
