package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestHelpOnStdout: --help (and help, -h, the single-dash -help) prints
// the command's description, examples and flags on stdout, exit 0.
func TestHelpOnStdout(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"Usage:", "serve", "trace", "status", "reset", "version", "Examples:"}},
		{[]string{"help"}, []string{"Available Commands:"}},
		{[]string{"serve", "--help"}, []string{"--log-level", "--log-format", "--data", "--listen", "Examples:", "one line per request"}},
		{[]string{"serve", "-help"}, []string{"--log-level"}},
		{[]string{"help", "serve"}, []string{"--log-level"}},
		{[]string{"trace", "-h"}, []string{"i-...", "eni-...", "igw-...", "198.51.100.10", "2001:db8::10", "Exit status: 0 reachable"}},
		{[]string{"status", "--help"}, []string{"--endpoint", "data directory"}},
		{[]string{"reset", "--help"}, []string{"--all", "--account"}},
		{[]string{"traffic", "--help"}, []string{"--file", "--log"}},
		{[]string{"flowlogs", "analyze", "--help"}, []string{"--log-group", "rejected"}},
		{[]string{"export", "--help"}, []string{"--out"}},
		{[]string{"import", "--help"}, []string{"--replace"}},
		{[]string{"check", "--help"}, []string{"--data"}},
		{[]string{"version", "--help"}, []string{"commit"}},
	} {
		code, out, errs := runCLI(t, c.args...)
		if code != 0 || errs != "" {
			t.Errorf("%q: exit %d, stderr %q", c.args, code, errs)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q: stdout lacks %q:\n%s", c.args, w, out)
			}
		}
	}
}

// TestUsageErrors: a wrong invocation writes to stderr only, exit 2.
func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "Usage:"},
		{[]string{"nonsense"}, `unknown command "nonsense"`},
		{[]string{"serve", "--no-such-flag"}, "unknown flag: --no-such-flag"},
		{[]string{"serve", "--ephemeral", "--log-level", "loud"}, "--log-level must be debug, info, warn or error"},
		{[]string{"serve", "--ephemeral", "--log-format", "xml"}, "--log-format must be text or json"},
		{[]string{"serve", "--ephemeral", "--account", "12"}, "12-digit"},
		{[]string{"serve", "extra"}, "unknown command"},
		{[]string{"trace", "--port", "x", "--from", "a", "--to", "b"}, "invalid argument"},
		{[]string{"status", "--output", "yaml"}, "--output is table or json"},
		{[]string{"reset", "--account", "1"}, "12-digit"},
		{[]string{"reset", "--all", "--account", "111122223333"}, "not both"},
		{[]string{"flowlogs"}, "analyze"},
		{[]string{"flowlogs", "nope"}, "unknown command"},
	} {
		code, out, errs := runCLI(t, c.args...)
		if code != 2 || out != "" || !strings.Contains(errs, c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q (want %q)", c.args, code, out, errs, c.want)
		}
	}
}

// TestVersion prints the ldflags version and the build's module and
// commit lines.
func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "vpcsim "+Version+"\n") || !strings.Contains(out, "module  ") || !strings.Contains(out, "commit  ") {
		t.Fatalf("version: %d %q", code, out)
	}
	for _, args := range [][]string{{"--version"}, {"-version"}} {
		if code, out, _ := runCLI(t, args...); code != 0 || out != "vpcsim "+Version+"\n" {
			t.Errorf("%q: %d %q", args, code, out)
		}
	}
	b := buildInfo{Version: "1.2.3", Module: "m", ModuleVer: "v1.2.3", Commit: "abc", Modified: true, GoVersion: "go1.26"}
	var w bytes.Buffer
	b.write(&w)
	if !strings.Contains(w.String(), "commit  abc (with uncommitted changes)") || !strings.Contains(w.String(), "module  m v1.2.3") {
		t.Fatalf("%s", w.String())
	}
}

// TestSingleDashFlags: the single-dash long flags Go's flag package
// accepted keep working; a flag's value is never rewritten.
func TestSingleDashFlags(t *testing.T) {
	root := newRoot(context.Background(), streams{})
	got := singleDash(root, []string{"trace", "-from", "i-1", "-to=8.8.8.8", "--protocol", "-1", "-vpc", "-data", "-", "--", "-port"})
	want := []string{"trace", "--from", "i-1", "--to=8.8.8.8", "--protocol", "-1", "--vpc", "-data", "-", "--", "-port"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{Version: "test"}))
	t.Cleanup(srv.Close)
	return srv
}

// TestStatusAndReset runs `vpcsim status` and `vpcsim reset` against an
// in-process server.
func TestStatusAndReset(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	srv := newTestServer(t)
	code, out, errs := runCLI(t, "status", "--endpoint", srv.URL)
	if code != 0 || errs != "" {
		t.Fatalf("status: %d %s", code, errs)
	}
	for _, w := range []string{"status:", "ok", "version:", "test", "revision:", "in memory", "123456789012 (default)", "SERVICE", "ec2", "sts"} {
		if !strings.Contains(out, w) {
			t.Errorf("status lacks %q:\n%s", w, out)
		}
	}
	if !regexp.MustCompile(`(?m)^ec2 +ec2 +2016-11-15 +\d+ of \d+$`).MatchString(out) {
		t.Errorf("service table not aligned:\n%s", out)
	}
	code, out, _ = runCLI(t, "status", "--endpoint", srv.URL, "--output", "json")
	var st server.Status
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil || !st.Ephemeral || len(st.Services) == 0 {
		t.Fatalf("status json: %d %s", code, out)
	}
	if code, _, errs := runCLI(t, "status", "--endpoint", "http://127.0.0.1:1"); code != 1 || !strings.Contains(errs, "cannot reach vpcsim") {
		t.Fatalf("status of nothing: %d %s", code, errs)
	}
	code, out, errs = runCLI(t, "reset", "--endpoint", srv.URL, "--account", "111122223333")
	if code != 0 || !strings.Contains(out, "reset account 111122223333") {
		t.Fatalf("reset: %d %s %s", code, out, errs)
	}
	if code, out, _ = runCLI(t, "reset", "--endpoint", srv.URL, "--all"); code != 0 || !strings.Contains(out, "whole world") {
		t.Fatalf("reset --all: %d %s", code, out)
	}
}

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeLogs runs `vpcsim serve` in-process: a start-up line with the
// address, data directory, account and version; one line per request
// with its fields; a shutdown line.
func TestServeLogs(t *testing.T) {
	var out, errb syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan int)
	go func() {
		exited <- Main(ctx, []string{"serve", "--ephemeral", "--listen", "127.0.0.1:0", "--log-format", "json", "--log-level", "debug"}, nil, &out, &errb)
	}()
	var url string
	for deadline := time.Now().Add(20 * time.Second); url == "" && time.Now().Before(deadline); {
		if m := regexp.MustCompile(`serving (http://\S+)`).FindStringSubmatch(out.String()); m != nil {
			url = m[1]
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if url == "" {
		cancel()
		t.Fatalf("no serving line: %s %s", out.String(), errb.String())
	}
	resp, err := http.Post(url+"/", "application/x-www-form-urlencoded", strings.NewReader("Action=DescribeVpcs&Version=2016-11-15"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Post(url+"/", "application/x-www-form-urlencoded", strings.NewReader("Action=DeleteVpc&VpcId=vpc-00000000&Version=2016-11-15"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	if code := <-exited; code != 0 {
		t.Fatalf("serve exit %d: %s", code, errb.String())
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(errb.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not a JSON log line: %q", l)
		}
		lines = append(lines, m)
	}
	find := func(pred func(m map[string]any) bool) map[string]any {
		for _, m := range lines {
			if pred(m) {
				return m
			}
		}
		t.Fatalf("no such line in:\n%s", errb.String())
		return nil
	}
	start := find(func(m map[string]any) bool { return m["msg"] == "vpcsim serving" })
	if start["data"] == nil || !strings.Contains(start["data"].(string), "in memory") || start["account"] != "123456789012" || start["version"] != Version || start["url"] != url {
		t.Errorf("start-up line: %v", start)
	}
	ok := find(func(m map[string]any) bool { return m["msg"] == "request" && m["action"] == "DescribeVpcs" })
	if ok["level"] != "INFO" || ok["status"] != float64(200) || ok["service"] != "ec2" || ok["account"] != "123456789012" || ok["region"] != "us-east-1" || ok["request_id"] == nil || ok["duration"] == nil || ok["time"] == nil {
		t.Errorf("request line: %v", ok)
	}
	bad := find(func(m map[string]any) bool { return m["msg"] == "request" && m["action"] == "DeleteVpc" })
	if bad["level"] != "INFO" || bad["status"] != float64(400) || bad["error"] != "InvalidVpcID.NotFound" || bad["message"] == nil {
		t.Errorf("4xx line: %v", bad)
	}
	find(func(m map[string]any) bool { return m["msg"] == "vpcsim stopped" })
}

// TestNewLogger: the level filters and the format is chosen.
func TestNewLogger(t *testing.T) {
	var b bytes.Buffer
	log, err := newLogger(&b, "warn", "text")
	if err != nil {
		t.Fatal(err)
	}
	log.Info("hidden")
	log.Warn("shown", "k", "v")
	if s := b.String(); strings.Contains(s, "hidden") || !strings.Contains(s, "level=WARN msg=shown k=v") {
		t.Fatalf("%q", s)
	}
	for _, c := range [][2]string{{"verbose", "text"}, {"info", "yaml"}} {
		if _, err := newLogger(&b, c[0], c[1]); err == nil {
			t.Errorf("%v accepted", c)
		}
	}
}
