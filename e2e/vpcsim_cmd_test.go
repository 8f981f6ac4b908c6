package e2e

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// vpcsimBuild is the vpcsim command built once for the test binary: the
// tests that run the real command share it. Built with -race when this
// test binary is, so that the build reuses the packages `go test -race`
// already compiled and only links.
var vpcsimBuild struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// vpcsimBin returns the path of the vpcsim command, building it on first
// use into a directory removeVpcsimBuild deletes after the tests.
func vpcsimBin(t *testing.T) string {
	t.Helper()
	b := &vpcsimBuild
	b.once.Do(func() {
		gobin, err := exec.LookPath("go")
		if err != nil {
			b.err = err
			return
		}
		if b.dir, err = os.MkdirTemp("", "vpcsim-e2e-bin-"); err != nil {
			b.err = err
			return
		}
		b.path = filepath.Join(b.dir, "vpcsim")
		args := []string{"build", "-o", b.path}
		if raceEnabled {
			args = append(args, "-race")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		out, err := exec.CommandContext(ctx, gobin, append(args, "github.com/vpcsim/vpcsim/cmd/vpcsim")...).CombinedOutput()
		if err != nil {
			b.err = errors.New(err.Error() + "\n" + string(out))
		}
	})
	if errors.Is(b.err, exec.ErrNotFound) {
		t.Skipf("go not found in PATH: %v", b.err)
	}
	if b.err != nil {
		t.Fatalf("go build ./cmd/vpcsim: %v", b.err)
	}
	return b.path
}

// removeVpcsimBuild deletes the built command (TestMain, after the tests).
func removeVpcsimBuild() {
	if vpcsimBuild.dir != "" {
		_ = os.RemoveAll(vpcsimBuild.dir)
	}
}

// vpcsimCmd runs the vpcsim binary with the test credentials (requests to
// the admin routes are signed with them) and returns the exit status,
// stdout and stderr.
func vpcsimCmd(t *testing.T, bin string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_REGION="+testRegion)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("vpcsim %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return code, stdout.String(), stderr.String()
}
