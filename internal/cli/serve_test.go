package cli

import (
	"bytes"
	"context"
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
