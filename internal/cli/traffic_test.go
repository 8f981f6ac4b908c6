package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// trafficWorld builds buildTraceWorld's world in a data directory whose
// server is stopped, and returns the directory, the world's names, the
// primary interfaces of web and db and the interface in VPC B.
func trafficWorld(t *testing.T) (dir string, tw traceWorld, webENI, dbENI, otherENI string) {
	t.Helper()
	dir = t.TempDir()
	st, err := store.Open(store.Options{Dir: dir, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	tw = buildTraceWorld(t, st)
	w := st.Snapshot()
	web, _ := w.Instances.Get(tw.web)
	db, _ := w.Instances.Get(tw.db)
	w.NetworkInterfaces.All(func(n *model.NetworkInterface) bool {
		if n.VpcID == tw.vpcB {
			otherENI = n.ID
		}
		return true
	})
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, tw, web.PrimaryENI, db.PrimaryENI, otherENI
}

func runTraffic(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), append([]string{"traffic"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestTrafficData runs `vpcsim traffic --data` on a data directory built
// through the control plane: web (security group allowing tcp/443) talks
// to the internet, is refused by db (a security group without inbound
// rules) and is reached from the internet through the internet gateway.
// The lines are the records AWS writes (VPC-UG
// flow-logs-records-examples.md "Accepted and rejected traffic"): both
// directions at web for accepted connections, a single REJECT at db's
// interface for the refused request (security groups are stateful, so
// web's egress is ACCEPT and nothing comes back). Instances are t3
// (Nitro), so capture windows are 60 s; the run is one window.
func TestTrafficData(t *testing.T) {
	dir, tw, web, db, other := trafficWorld(t)
	src := `{"start": 1700000040, "duration": 60, "flows": [
  {"source": "` + tw.web + `", "destination": "198.51.100.7", "protocol": "tcp", "port": 443, "sourcePort": 40000, "at": 0, "duration": 5, "packets": 10, "bytes": 4000},
  {"source": "` + tw.web + `", "destination": "` + tw.db + `", "protocol": "tcp", "port": 5432, "sourcePort": 40001, "at": 10, "duration": 2, "packets": 3, "bytes": 180},
  {"source": "` + tw.igw + `", "sourceIp": "203.0.113.9", "destination": "` + tw.web + `", "protocol": "tcp", "port": 443, "sourcePort": 50000, "at": 20, "duration": 1, "packets": 4, "bytes": 400}
]}`
	file := writeFile(t, "traffic.json", src)
	all := []string{
		"2 123456789012 " + db + " 10.0.1.10 10.0.1.20 40001 5432 6 3 180 1700000050 1700000052 REJECT OK",
		"2 123456789012 " + web + " 10.0.1.10 198.51.100.7 40000 443 6 10 4000 1700000040 1700000045 ACCEPT OK",
		"2 123456789012 " + web + " 198.51.100.7 10.0.1.10 443 40000 6 10 4000 1700000040 1700000045 ACCEPT OK",
		"2 123456789012 " + web + " 10.0.1.10 10.0.1.20 40001 5432 6 3 180 1700000050 1700000052 ACCEPT OK",
		"2 123456789012 " + web + " 203.0.113.9 10.0.1.10 50000 443 6 4 400 1700000060 1700000061 ACCEPT OK",
		"2 123456789012 " + web + " 10.0.1.10 203.0.113.9 443 50000 6 4 400 1700000060 1700000061 ACCEPT OK",
	}
	// Logging every VPC adds VPC B's idle interface: a NODATA record for
	// the window (VPC-UG flow-logs.md "log-status").
	nodata := "2 123456789012 " + other + " - - - - - - - 1700000040 1700000100 - NODATA"
	// Flow logs are delivered in flow log id order (fl-<vpc id suffix>);
	// with the store's seed, VPC B's comes first.
	everyVPC := append([]string{nodata}, all...)
	lines := func(s ...string) string { return strings.Join(s, "\n") + "\n" }
	cases := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"default format", "", []string{"--file", file, "--data", dir, "--log", tw.vpcA}, lines(all...)},
		{"every VPC by default", "", []string{"--file", file, "--data", dir}, lines(everyVPC...)},
		{"stdin, db's interface, rejects only", src, []string{"--file", "-", "--data", dir, "--log", db, "--traffic-type", "reject"}, lines(all[0])},
		{"custom format with prefix", "", []string{"--file", file, "--data", dir, "--log", web, "--prefix", "--traffic-type", "ACCEPT",
			"--format", "${interface-id} ${flow-direction} ${tcp-flags} ${traffic-path} ${pkt-dstaddr}"},
			lines(
				"fl-"+web[4:]+" "+web+" "+web+" egress 3 8 198.51.100.7",
				"fl-"+web[4:]+" "+web+" "+web+" ingress 19 - 10.0.1.10",
				"fl-"+web[4:]+" "+web+" "+web+" egress 2 1 10.0.1.20",
				"fl-"+web[4:]+" "+web+" "+web+" ingress 3 - 10.0.1.10",
				"fl-"+web[4:]+" "+web+" "+web+" egress 19 8 203.0.113.9",
			)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runTraffic(t, c.stdin, c.args...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, errs)
			}
			if out != c.want {
				t.Errorf("records:\n%s\nwant:\n%s", out, c.want)
			}
			if !strings.Contains(errs, "3 flows (0 not logged)") {
				t.Errorf("summary: %q", errs)
			}
		})
	}

	// --out writes the file and nothing to stdout.
	outFile := filepath.Join(t.TempDir(), "records.txt")
	code, out, errs := runTraffic(t, "", "--file", file, "--data", dir, "--out", outFile, "--seed", "3")
	got, _ := os.ReadFile(outFile)
	if code != 0 || out != "" || string(got) != lines(everyVPC...) {
		t.Errorf("--out: exit %d, stdout %q, file:\n%s\nstderr: %s", code, out, got, errs)
	}
}

// TestTrafficErrors: a wrong invocation or a bad traffic file exits 2
// with a message naming the problem and writes no record.
func TestTrafficErrors(t *testing.T) {
	dir, tw, _, _, _ := trafficWorld(t)
	flow := func(src, dst string) string {
		return `{"start": 1700000040, "flows": [{"source": "` + src + `", "destination": "` + dst +
			`", "protocol": "tcp", "port": 443, "at": 0, "packets": 1, "bytes": 40}]}`
	}
	good := writeFile(t, "good.json", flow(tw.web, "198.51.100.7"))
	missing := filepath.Join(t.TempDir(), "nope.json")
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"no file flag", []string{"--data", dir}, []string{"--file is required"}},
		{"no data flag", []string{"--file", good}, []string{"--data is required"}},
		{"file missing", []string{"--file", missing, "--data", dir}, []string{"traffic file", "nope.json", "no such file"}},
		{"not JSON", []string{"--file", writeFile(t, "bad.json", "flows: []"), "--data", dir}, []string{"bad.json", "traffic file"}},
		{"unknown member", []string{"--file", writeFile(t, "unk.json", `{"start": 1, "flows": [], "extra": 1}`), "--data", dir},
			[]string{"unk.json", `unknown field "extra"`}},
		{"no packets", []string{"--file", writeFile(t, "nopk.json", `{"start": 1700000000, "flows": [{"source": "a", "destination": "b", "protocol": "tcp", "at": 0, "packets": 0, "bytes": 0}]}`), "--data", dir},
			[]string{"flow 1", "packets must be at least 1"}},
		{"unknown protocol", []string{"--file", writeFile(t, "proto.json", `{"start": 1700000000, "flows": [{"source": "a", "destination": "b", "protocol": "sctp", "at": 0, "packets": 1, "bytes": 1}]}`), "--data", dir},
			[]string{"flow 1", `protocol "sctp"`}},
		{"end before start", []string{"--file", writeFile(t, "span.json", `{"start": 1700000000, "end": 1600000000, "flows": []}`), "--data", dir},
			[]string{"end must be after start"}},
		{"unknown source", []string{"--file", writeFile(t, "unknown.json", flow("i-0123456789abcdef0", "198.51.100.7")), "--data", dir},
			[]string{"unknown.json", "flow 1", "unknown resource id", "i-0123456789abcdef0"}},
		{"data dir missing", []string{"--file", good, "--data", filepath.Join(dir, "none")}, []string{"data directory"}},
		{"data dir is a file", []string{"--file", good, "--data", good}, []string{"not a directory"}},
		{"bad interval", []string{"--file", good, "--data", dir, "--interval", "300"}, []string{"--interval must be 60 or 600"}},
		{"bad traffic type", []string{"--file", good, "--data", dir, "--traffic-type", "SOME"}, []string{"--traffic-type"}},
		{"bad log resource", []string{"--file", good, "--data", dir, "--log", "igw-1"}, []string{`--log "igw-1"`}},
		{"bad format", []string{"--file", good, "--data", dir, "--format", "${nope}"}, []string{"--format", "${nope}"}},
		{"both data and endpoint", []string{"--file", good, "--data", dir, "--endpoint", "http://127.0.0.1:1"}, []string{"not both"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runTraffic(t, "", c.args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", code, out, errs)
			}
			if out != "" {
				t.Errorf("stdout: %q", out)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q: %s", w, errs)
				}
			}
		})
	}
}
