package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// s3cli runs `aws --endpoint-url URL <args>` (the s3 and s3api commands)
// with path-style addressing.
func s3cli(t *testing.T, c *awsCLI, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cfg := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(cfg, []byte("[default]\ns3 =\n  addressing_style = path\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, c.bin, append([]string{"--endpoint-url", c.endpoint, "--output", "json"}, args...)...)
	cmd.Env = append(append([]string(nil), c.env...), "AWS_CONFIG_FILE="+cfg)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return code, stdout.String(), stderr.String()
}

func s3ok(t *testing.T, c *awsCLI, args ...string) string {
	t.Helper()
	code, out, errOut := s3cli(t, c, args...)
	if code != 0 {
		t.Fatalf("aws %s: exit %d: %s", strings.Join(args, " "), code, strings.TrimSpace(errOut))
	}
	return out
}

// TestS3CLI drives the AWS CLI's high-level s3 commands (mb, cp with a
// multipart upload of 20 MB and back, ls, sync, rm --recursive, rb) and
// the s3api versioning calls.
func TestS3CLI(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := findAWSCLI(t, srv.URL)
	dir := t.TempDir()

	s3ok(t, c, "s3", "mb", "s3://cli-bucket")
	if code, _, errOut := s3cli(t, c, "s3", "mb", "s3://Bad_Bucket"); code == 0 || !strings.Contains(errOut, "InvalidBucketName") && !strings.Contains(errOut, "Invalid bucket name") {
		t.Errorf("mb of an invalid name: exit %d %s", code, errOut)
	}

	big := make([]byte, 20<<20)
	if _, err := rand.Read(big); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "big.bin")
	if err := os.WriteFile(src, big, 0o600); err != nil {
		t.Fatal(err)
	}
	s3ok(t, c, "s3", "cp", src, "s3://cli-bucket/data/big.bin")
	head := map[string]any{}
	if err := json.Unmarshal([]byte(s3ok(t, c, "s3api", "head-object", "--bucket", "cli-bucket", "--key", "data/big.bin")), &head); err != nil {
		t.Fatal(err)
	}
	if etag, _ := head["ETag"].(string); !strings.Contains(etag, "-") {
		t.Errorf("20 MB cp ETag %q is not a multipart ETag", etag)
	}
	back := filepath.Join(dir, "back.bin")
	s3ok(t, c, "s3", "cp", "s3://cli-bucket/data/big.bin", back)
	got, err := os.ReadFile(back)
	if err != nil || !bytes.Equal(got, big) {
		t.Fatalf("round trip of 20 MB: equal=%v err=%v", bytes.Equal(got, big), err)
	}

	tree := filepath.Join(dir, "tree")
	for _, f := range []string{"a.txt", "sub/b.txt", "sub/deeper/c.txt"} {
		p := filepath.Join(tree, f)
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("content of "+f), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s3ok(t, c, "s3", "sync", tree, "s3://cli-bucket/tree")
	ls := s3ok(t, c, "s3", "ls", "--recursive", "s3://cli-bucket/tree/")
	for _, f := range []string{"tree/a.txt", "tree/sub/b.txt", "tree/sub/deeper/c.txt"} {
		if !strings.Contains(ls, f) {
			t.Errorf("ls --recursive misses %s:\n%s", f, ls)
		}
	}
	if top := s3ok(t, c, "s3", "ls", "s3://cli-bucket/"); !strings.Contains(top, "PRE data/") || !strings.Contains(top, "PRE tree/") {
		t.Errorf("ls of the bucket root:\n%s", top)
	}
	if buckets := s3ok(t, c, "s3", "ls"); !strings.Contains(buckets, "cli-bucket") {
		t.Errorf("ls of buckets:\n%s", buckets)
	}
	// A second sync uploads nothing.
	if out := s3ok(t, c, "s3", "sync", tree, "s3://cli-bucket/tree"); strings.Contains(out, "upload:") {
		t.Errorf("second sync uploaded again:\n%s", out)
	}
	down := filepath.Join(dir, "down")
	s3ok(t, c, "s3", "sync", "s3://cli-bucket/tree", down)
	if b, err := os.ReadFile(filepath.Join(down, "sub/deeper/c.txt")); err != nil || string(b) != "content of sub/deeper/c.txt" {
		t.Errorf("sync down: %q %v", b, err)
	}

	// Versioning with s3api.
	s3ok(t, c, "s3api", "put-bucket-versioning", "--bucket", "cli-bucket", "--versioning-configuration", "Status=Enabled")
	small := filepath.Join(dir, "v.txt")
	for _, v := range []string{"one", "two"} {
		_ = os.WriteFile(small, []byte(v), 0o600)
		s3ok(t, c, "s3api", "put-object", "--bucket", "cli-bucket", "--key", "v.txt", "--body", small)
	}
	s3ok(t, c, "s3", "rm", "s3://cli-bucket/v.txt")
	vers := map[string]any{}
	if err := json.Unmarshal([]byte(s3ok(t, c, "s3api", "list-object-versions", "--bucket", "cli-bucket", "--prefix", "v.txt")), &vers); err != nil {
		t.Fatal(err)
	}
	if n, m := len(list(vers, "Versions")), len(list(vers, "DeleteMarkers")); n != 2 || m != 1 {
		t.Errorf("list-object-versions: %d versions, %d delete markers", n, m)
	}
	ver := map[string]any{}
	_ = json.Unmarshal([]byte(s3ok(t, c, "s3api", "get-bucket-versioning", "--bucket", "cli-bucket")), &ver)
	if ver["Status"] != "Enabled" {
		t.Errorf("get-bucket-versioning = %v", ver)
	}

	s3ok(t, c, "s3", "rm", "--recursive", "s3://cli-bucket/")
	if rest := s3ok(t, c, "s3", "ls", "--recursive", "s3://cli-bucket/"); strings.TrimSpace(rest) != "" {
		t.Errorf("after rm --recursive:\n%s", rest)
	}
	// Versions and delete markers remain, so the bucket is not empty.
	if code, _, errOut := s3cli(t, c, "s3", "rb", "s3://cli-bucket"); code == 0 || !strings.Contains(errOut, "BucketNotEmpty") {
		t.Errorf("rb of a bucket with versions: exit %d %s", code, errOut)
	}
	if code, _, errOut := s3cli(t, c, "s3api", "get-object", "--bucket", "cli-bucket", "--key", "missing", filepath.Join(dir, "x")); code == 0 || !strings.Contains(errOut, "NoSuchKey") {
		t.Errorf("get-object of a missing key: exit %d %s", code, errOut)
	}
}
