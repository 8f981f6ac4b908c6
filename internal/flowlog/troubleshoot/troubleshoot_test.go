package troubleshoot

import (
	"bytes"
	"compress/gzip"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/flowlog"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func analyze(t *testing.T, r *Reader, read func(*Reader) error, opts Options) *Report {
	t.Helper()
	a := NewAnalyzer(opts)
	r.Add = a.Add
	if err := read(r); err != nil {
		t.Fatal(err)
	}
	if r.Bad > 0 {
		t.Fatalf("unreadable lines: %v", r.BadLines)
	}
	return a.Report()
}

// TestGolden analyses the VPC User Guide's example records
// (flow-logs-records-examples.md, as copied in aws-semantics §3.2): the
// default-format examples (accepted SSH, NODATA, SKIPDATA, IPv6), the
// rejected RDP connection, the ping whose response the network ACL
// rejects, the TCP flag sequence and the v5 service example (custom
// formats, read from S3-style files whose first line names the fields).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.log")
	if len(files) < 5 {
		t.Fatalf("testdata: %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			rep := analyze(t, &Reader{}, func(r *Reader) error { return r.ReadPath(f) }, Options{})
			var b bytes.Buffer
			if err := rep.WriteText(&b, 0); err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(f, ".log") + ".golden"
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != string(want) {
				t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
			}
		})
	}
}

// TestPairingRule pins the guide's rule (flow-logs-records-examples.md,
// "Security group and network ACL rules"): an inbound ACCEPT with the
// response's outbound REJECT is the network ACL; a single inbound REJECT
// is the security group or the network ACL.
func TestPairingRule(t *testing.T) {
	v5 := "${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${tcp-flags} ${flow-direction} ${log-status}"
	cases := []struct {
		name, format, records string
		rejected, side, cause string
		port                  int32
	}{
		{"ping: response rejected by the network ACL", "", "ping-nacl.log", "response", SideOutbound, CauseNetworkACL, 0},
		{"rdp: request rejected", "", "rdp-reject.log", "request", SideUnknown, CauseSGOrACL, 3389},
		{"inbound SYN rejected, flow-direction", v5, "5 eni-1 198.51.100.7 10.0.0.5 51000 22 6 1 60 100 160 REJECT 2 ingress OK\n",
			"request", SideInbound, CauseSGOrACL, 22},
		{"outbound request accepted, response rejected inbound", v5,
			"5 eni-1 10.0.0.5 203.0.113.80 40000 443 6 3 180 100 160 ACCEPT 2 egress OK\n5 eni-1 203.0.113.80 10.0.0.5 443 40000 6 2 120 101 160 REJECT 18 ingress OK\n",
			"response", SideInbound, CauseNetworkACL, 0},
		{"blocked by VPC BPA", v5 + " ${reject-reason}", "8 eni-1 10.0.0.5 203.0.113.80 40000 443 6 3 180 100 160 REJECT 2 egress OK BPA\n",
			"request", SideOutbound, CauseBlockPublic, 443},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &Reader{}
			read := func(r *Reader) error { return r.ReadPath(filepath.Join("testdata", c.records)) }
			if c.format != "" {
				r.Format = flowlog.MustParseFormat(c.format)
				read = func(r *Reader) error { return r.Read(strings.NewReader(c.records), "records") }
			}
			rep := analyze(t, r, read, Options{})
			if len(rep.Rejections) != 1 {
				t.Fatalf("%d rejections: %+v", len(rep.Rejections), rep.Rejections)
			}
			x := rep.Rejections[0]
			if x.Rejected != c.rejected || x.Side != c.side || x.Cause != c.cause {
				t.Errorf("rejected %s, side %s, cause %q; want %s, %s, %q", x.Rejected, x.Side, x.Cause, c.rejected, c.side, c.cause)
			}
			if c.port != 0 && (len(rep.RejectedPorts) != 1 || rep.RejectedPorts[0].Port != c.port) {
				t.Errorf("rejected ports %+v, want %d", rep.RejectedPorts, c.port)
			}
		})
	}
}

// TestReadGzipAndFormats reads the same records as gzip with a header,
// and plain text with --format, and finds the same report.
func TestReadGzipAndFormats(t *testing.T) {
	raw, err := os.ReadFile("testdata/tcp-flags.log")
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(raw)
	_ = zw.Close()
	a := analyze(t, &Reader{}, func(r *Reader) error { return r.Read(&gz, "f.log.gz") }, Options{})
	lines := strings.SplitN(string(raw), "\n", 2)
	f, ok := HeaderFormat(lines[0])
	if !ok {
		t.Fatal("header not recognised")
	}
	b := analyze(t, &Reader{Format: f}, func(r *Reader) error { return r.Read(strings.NewReader(lines[1]), "plain") }, Options{})
	if a.Summary != b.Summary || a.Summary.Records != 8 || a.TopByBytes[0].Bytes != 568+100701+23294588+1260 {
		t.Fatalf("gzip %+v, plain %+v", a.Summary, b.Summary)
	}
	// A line of the wrong format is counted, not fatal.
	r := &Reader{Add: func(*Entry) {}}
	if err := r.Read(strings.NewReader("2 123 eni-1 not-an-ip 10.0.0.1 1 2 6 1 1 1 1 ACCEPT OK\n"), "bad"); err != nil || r.Bad != 1 {
		t.Fatalf("bad lines: %v %d", err, r.Bad)
	}
}

// FuzzReader feeds arbitrary bytes (text, gzip or Parquet by their first
// bytes) to the reader and the analyzer: they must not panic.
func FuzzReader(f *testing.F) {
	for _, s := range []string{"PAR1", "PAR1\x00\x00PAR1", "\x1f\x8b", "version srcaddr\n1.2.3.4\n", "2 1 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 1 1 1 REJECT OK\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a := NewAnalyzer(Options{})
		r := &Reader{Add: a.Add}
		_ = r.Read(bytes.NewReader(b), "fuzz")
		var out bytes.Buffer
		_ = a.Report().WriteText(&out, 5)
	})
}
