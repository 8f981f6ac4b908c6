package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

func TestLoopbackListen(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:4566": true, "localhost:4566": true, "[::1]:4566": true, "127.0.0.2:0": true,
		"0.0.0.0:4566": false, ":4566": false, "[::]:4566": false, "192.168.1.5:4566": false, "nonsense": false,
	} {
		if got := loopbackListen(addr); got != want {
			t.Errorf("loopbackListen(%q) = %v, want %v", addr, got, want)
		}
	}
}

// TestServeRefusesNonLoopbackWithoutFlag: listening where others can reach
// the server needs an explicit --allow-remote.
func TestServeRefusesNonLoopbackWithoutFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := serve(context.Background(), []string{"--ephemeral", "--listen", "0.0.0.0:0"}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "--allow-remote") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

// TestServeStrictAuthNeedsCredentials: --strict-auth without a readable,
// well-formed --credentials file does not start.
func TestServeStrictAuthNeedsCredentials(t *testing.T) {
	bad := t.TempDir() + "/creds"
	if err := os.WriteFile(bad, []byte("AKID SECRET 12\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--ephemeral", "--strict-auth"},
		{"--ephemeral", "--strict-auth", "--credentials", bad},
		{"--ephemeral", "--credentials", bad},
	} {
		t.Setenv("VPCSIM_CREDENTIALS", "")
		var stdout, stderr bytes.Buffer
		if code := serve(context.Background(), args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "credentials") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}
