package cli

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// testServer serves the data directory dir until the returned stop is
// called.
func testServer(t *testing.T, dir string) (cfg aws.Config, stop func()) {
	t.Helper()
	st, err := store.Open(store.Options{Dir: dir, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	cfg = aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		BaseEndpoint: aws.String(ts.URL),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.RateLimiter = ratelimit.None
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
			})
		},
	}
	return cfg, func() {
		ts.Close()
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	}
}

func run(t *testing.T, stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(context.Background(), args, stdin, &o, &e)
	return code, o.String(), e.String()
}

// TestExportImportServes builds a world through the real SDK (EC2, S3 with
// an object body, CloudWatch Logs) plus one object of every kind any
// service registers, exports it, imports it into a new directory, exports
// again (the same bytes), and serves the imported directory.
func TestExportImportServes(t *testing.T) {
	ctx := context.Background()
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	src := t.TempDir()
	cfg, stop := testServer(t, src)
	e := ec2.NewFromConfig(cfg)
	vpc, err := e.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.1.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.1.1.0/24")}); err != nil {
		t.Fatal(err)
	}
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("backup-test")}); err != nil {
		t.Fatal(err)
	}
	body := []byte("the body of an object \x00\xff")
	if _, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("backup-test"), Key: aws.String("k"), Body: bytes.NewReader(body)}); err != nil {
		t.Fatal(err)
	}
	logs := cloudwatchlogs.NewFromConfig(cfg)
	if _, err := logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/backup/test")}); err != nil {
		t.Fatal(err)
	}
	stop()
	// One object of every kind, in an account of its own.
	st, err := store.Open(store.Options{Dir: src})
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Update(ctx, func(tx *store.Tx) error {
		for _, k := range store.Kinds() {
			k.Put(tx, k.New(model.Meta{ID: "export-" + k.Spec().Name, Account: "999999999999", Region: "us-east-1",
				Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	first := filepath.Join(t.TempDir(), "world.json")
	if code, _, stderr := run(t, nil, "export", "--data", src, "--out", first); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	dst := filepath.Join(t.TempDir(), "restored")
	code, stdout, stderr := run(t, nil, "import", "--data", dst, "--in", first)
	if code != 0 || !strings.Contains(stdout, "imported") {
		t.Fatalf("import: %d %s %s", code, stdout, stderr)
	}
	doc, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	code, again, stderr := run(t, nil, "export", "--data", dst)
	if code != 0 {
		t.Fatalf("second export: %d %s", code, stderr)
	}
	if again != string(doc) {
		t.Fatalf("export of the imported world differs (%d vs %d bytes)", len(again), len(doc))
	}
	for _, k := range store.Kinds() {
		if !strings.Contains(again, `"export-`+k.Spec().Name+`"`) {
			t.Errorf("kind %s missing from the export", k.Spec().Name)
		}
	}
	if code, stdout, stderr := run(t, nil, "check", "--data", dst); code != 0 || !strings.Contains(stdout, "ok") {
		t.Fatalf("check: %d %s %s", code, stdout, stderr)
	}
	// A non-empty world needs --replace; stdin works as the source.
	if code, _, stderr := run(t, bytes.NewReader(doc), "import", "--data", dst); code != 1 || !strings.Contains(stderr, "--replace") {
		t.Fatalf("import over a world: %d %s", code, stderr)
	}
	if code, _, stderr := run(t, bytes.NewReader(doc), "import", "--data", dst, "--replace"); code != 0 {
		t.Fatalf("import --replace: %d %s", code, stderr)
	}

	cfg, stop = testServer(t, dst)
	defer stop()
	// In use: export and import refuse while the server runs.
	if code, _, stderr := run(t, nil, "export", "--data", dst); code != 1 || !strings.Contains(stderr, "is in use by another vpcsim process") {
		t.Fatalf("export while in use: %d %s", code, stderr)
	}
	e = ec2.NewFromConfig(cfg)
	vs, err := e.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{*vpc.Vpc.VpcId}})
	if err != nil || len(vs.Vpcs) != 1 || *vs.Vpcs[0].CidrBlock != "10.1.0.0/16" {
		t.Fatalf("imported VPC: %v %v", vs, err)
	}
	sn, err := e.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{*vpc.Vpc.VpcId}}}})
	if err != nil || len(sn.Subnets) != 1 {
		t.Fatalf("imported subnet: %v %v", sn, err)
	}
	s3c = s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	obj, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("backup-test"), Key: aws.String("k")})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(obj.Body)
	obj.Body.Close()
	if !bytes.Equal(got, body) {
		t.Errorf("object body %q, want %q", got, body)
	}
	lg, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/backup/")})
	if err != nil || len(lg.LogGroups) != 1 {
		t.Fatalf("imported log group: %v %v", lg, err)
	}
	// New ids do not collide with imported ones.
	v2, err := e.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.2.0.0/16")})
	if err != nil || *v2.Vpc.VpcId == *vpc.Vpc.VpcId {
		t.Fatalf("new VPC after import: %v %v", v2, err)
	}
}

func TestExportMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nothing")
	if code, _, stderr := run(t, nil, "export", "--data", dir); code != 1 || !strings.Contains(stderr, "no vpcsim data") {
		t.Fatalf("export of a missing directory: %d %s", code, stderr)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("export created the directory")
	}
}

func TestCheckDamaged(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.DBFile), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, nil, "check", "--data", dir)
	if code != 1 || !strings.Contains(stderr, "damaged") || !strings.Contains(stderr, "vpcsim import") {
		t.Fatalf("check of an empty file: %d %s", code, stderr)
	}
	// serve says the same and exits, rather than starting an empty world.
	code, _, stderr = run(t, nil, "serve", "--data", dir, "--listen", "127.0.0.1:0")
	if code != 1 || !strings.Contains(stderr, "damaged") {
		t.Fatalf("serve on an empty file: %d %s", code, stderr)
	}
}
