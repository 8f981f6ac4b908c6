package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2sdk "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"
)

// lockedBuffer collects log output written by the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// records returns the JSON log records written so far.
func (l *lockedBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// TestRequestLog: one line per request with account, region, service,
// action, status, error code, duration and request id; 2xx and 4xx at
// info, the health probe at debug.
func TestRequestLog(t *testing.T) {
	var buf lockedBuffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ts := newTestServer(t, Options{Logger: log})
	c := ec2sdk.NewFromConfig(sdkConfig(ts.URL, "111122223333"))
	ctx := context.Background()
	out, err := c.DescribeVpcs(ctx, &ec2sdk.DescribeVpcsInput{})
	if err != nil {
		t.Fatal(err)
	}
	_ = out
	_, err = c.DeleteVpc(ctx, &ec2sdk.DeleteVpcInput{VpcId: aws.String("vpc-0000000000000000f")})
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("DeleteVpc: %v", err)
	}
	resp, err := http.Get(ts.URL + "/_vpcsim/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	recs := buf.records(t)
	if len(recs) != 3 {
		t.Fatalf("want 3 lines, got %d: %v", len(recs), recs)
	}
	ok, bad, health := recs[0], recs[1], recs[2]
	for k, v := range map[string]any{"msg": "request", "level": "INFO", "account": "111122223333", "region": "us-east-1",
		"service": "ec2", "action": "DescribeVpcs", "status": float64(200)} {
		if ok[k] != v {
			t.Errorf("success line %s = %v, want %v (%v)", k, ok[k], v, ok)
		}
	}
	if ok["error"] != nil || ok["request_id"] == "" || ok["duration"] == nil || ok["time"] == nil {
		t.Errorf("success line: %v", ok)
	}
	if bad["level"] != "INFO" || bad["status"] != float64(400) || bad["action"] != "DeleteVpc" || bad["error"] != ae.ErrorCode() || bad["message"] != ae.ErrorMessage() {
		t.Errorf("client error line: %v (error %s)", bad, ae.ErrorCode())
	}
	if health["level"] != "DEBUG" || health["service"] != "vpcsim" || health["action"] != "GET /_vpcsim/health" {
		t.Errorf("health line: %v", health)
	}
}

// TestRequestLogLevels: 5xx at error, and an info logger drops the
// health probe.
func TestRequestLogLevels(t *testing.T) {
	for _, c := range []struct {
		status int
		path   string
		want   slog.Level
	}{
		{200, "/", slog.LevelInfo}, {404, "/x", slog.LevelInfo}, {500, "/", slog.LevelError}, {501, "/", slog.LevelWarn}, {503, "/", slog.LevelError},
		{200, "/_vpcsim/health", slog.LevelDebug}, {503, "/_vpcsim/health", slog.LevelError},
	} {
		l := &requestLog{status: c.status}
		if got := l.level(c.path); got != c.want {
			t.Errorf("%d %s: %v, want %v", c.status, c.path, got, c.want)
		}
	}
	var buf lockedBuffer
	ts := newTestServer(t, Options{Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	resp, err := http.Get(ts.URL + "/_vpcsim/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if recs := buf.records(t); len(recs) != 0 {
		t.Fatalf("health at info: %v", recs)
	}
}

// TestAdminStatusAndNotFound: GET /_vpcsim/status describes the server;
// an unknown /_vpcsim/ path answers 404 with a JSON error.
func TestAdminStatusAndNotFound(t *testing.T) {
	ts := newTestServer(t, Options{Version: "v9", DefaultAccount: "111122223333"})
	resp, err := http.Get(ts.URL + "/_vpcsim/status")
	if err != nil {
		t.Fatal(err)
	}
	var st Status
	err = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || st.Status != "ok" || st.Version != "v9" || !st.Ephemeral || st.DataDir != "" ||
		st.DefaultAccount != "111122223333" || len(st.Services) != len(ts.srv.Services()) || st.Services[0].Name != "ec2" || st.Services[0].Served == 0 {
		t.Fatalf("status: %d %v %+v", resp.StatusCode, err, st)
	}
	resp, err = http.Post(ts.URL+"/_vpcsim/status", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST status: %d", resp.StatusCode)
	}
	for _, path := range []string{"/_vpcsim/nope", "/_vpcsim/", "/_vpcsim", "/_vpcsim/health/x"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e struct{ Code, Error string }
		if resp.StatusCode != 404 || json.Unmarshal(raw, &e) != nil || e.Code != "NotFound" || !strings.Contains(e.Error, path) {
			t.Errorf("%s: %d %s", path, resp.StatusCode, raw)
		}
	}
}
