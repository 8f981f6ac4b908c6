// Command svcbench measures CloudWatch Logs, S3 and IAM, driven by the real
// aws-sdk-go-v2 clients, against vpcsim (once in memory with --ephemeral,
// once with a data directory: every reply after fsync) and against
// moto_server on the same machine, and writes a Markdown report: per
// operation and concurrency (1 and 8) the throughput and p50/p99 latency,
// medians of -runs repetitions, and the ratio vpcsim/moto measured in the
// same run. Every answer is checked (object bytes, ETags, rejected log
// events, role names); failures are counted and reported. See
// bench/README.md.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
)

var (
	vpcsimBin  = flag.String("vpcsim", "", "vpcsim binary (required unless -targets is moto only)")
	motoBin    = flag.String("moto", "moto_server", "moto_server command")
	targetList = flag.String("targets", "vpcsim-mem,vpcsim-disk,moto,floor", "servers to measure (vpcsim-mem = --ephemeral, vpcsim-disk = --data <tmp>, moto, floor = a no-op server measuring the client alone)")
	rowList    = flag.String("rows", "", "comma-separated row keys to run (default all: logs-put,s3-put-4k,s3-get-4k,s3-put-1m,s3-get-1m,iam-getrole)")
	concList   = flag.String("conc", "1,8", "concurrency levels")
	runs       = flag.Int("runs", 3, "repetitions; medians are reported")
	countSmall = flag.Int("count", 3000, "operations per phase (PutLogEvents, 4 KiB objects, GetRole)")
	countLarge = flag.Int("count-large", 300, "operations per phase for 1 MiB objects")
	phaseCap   = flag.Duration("phase-cap", 5*time.Second, "stop a phase after this long (the report marks capped phases)")
	reqTimeout = flag.Duration("request-timeout", 30*time.Second, "give up on one request after this long (counted as an error)")
	out        = flag.String("out", "", "write the Markdown report here (default bench/results/<date>-services.md)")
)

func main() {
	flag.Parse()
	rep := &report{started: time.Now(), errSamples: map[string][]string{}}
	rep.env()

	rows := selectRows()
	concs := parseConcs()
	names := strings.Split(*targetList, ",")
	var targets []*target
	defer func() {
		for _, t := range targets {
			t.stop()
		}
	}()
	for _, n := range names {
		var t *target
		switch strings.TrimSpace(n) {
		case "vpcsim-mem":
			t = startVpcsim("vpcsim-mem", true)
		case "vpcsim-disk":
			t = startVpcsim("vpcsim-disk", false)
		case "moto":
			t = startMoto()
		case "floor":
			t = startFloor()
		default:
			fatalf("unknown target %q", n)
		}
		targets = append(targets, t)
		logf("%s: %s, serves %s", t.name, t.url, t.servedList())
	}
	for _, t := range targets {
		if t.floor {
			continue
		}
		if err := setup(t, rows); err != nil {
			for _, t := range targets {
				t.stop()
			}
			fatalf("%s: setup: %v", t.name, err)
		}
	}

	// Interleave the servers within each run so that they see the same
	// machine load as far as possible.
	for r := range *runs {
		for _, rw := range rows {
			for _, conc := range concs {
				for _, t := range targets {
					if !t.served[rw.svc] {
						continue
					}
					res := runPhase(t, rw, conc, r)
					rep.add(t.name, rw.key, conc, res)
					logf("%s %s c=%d run %d/%d: %d ok in %s = %.0f ops/s, p50 %.2f ms, p99 %.2f ms, errors %d, retries %d%s",
						t.name, rw.key, conc, r+1, *runs, res.ok, res.elapsed.Round(time.Millisecond), res.opsPerSec(),
						ms(pct(res.lat, 0.5)), ms(pct(res.lat, 0.99)), res.errs, res.retries, map[bool]string{true: " (capped)"}[res.capped])
					for _, s := range res.samples {
						rep.sample(t.name, rw.key, s)
					}
				}
			}
		}
		rep.sampleLoad()
	}
	for _, t := range targets {
		if t.cmd == nil {
			continue
		}
		t.rssMB, t.hwmMB = rss(t.cmd.Process.Pid)
		if t.dir != "" {
			t.diskMB = dirMB(t.dir)
		}
	}
	md := rep.markdown(targets, rows, concs)
	fmt.Print(md)
	path := *out
	if path == "" {
		path = filepath.Join("bench", "results", time.Now().Format("2006-01-02")+"-services.md")
	}
	check(os.MkdirAll(filepath.Dir(path), 0o755))
	check(os.WriteFile(path, []byte(md), 0o644))
	logf("report written to %s", path)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "svcbench: "+format+"\n", args...)
}

func fatalf(format string, args ...any) {
	logf(format, args...)
	os.Exit(1)
}

func check(err error) {
	if err != nil {
		fatalf("%v", err)
	}
}

func parseConcs() []int {
	var cs []int
	for _, f := range strings.Split(*concList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fatalf("bad -conc %q", *concList)
		}
		cs = append(cs, n)
	}
	return cs
}

// ---- servers ----

type target struct {
	name    string
	mode    string
	url     string
	cmd     *exec.Cmd
	dir     string
	served  map[string]bool
	version string

	rssMB, hwmMB, diskMB float64

	floor  bool         // the no-op reference server (floor.go)
	closer func() error // stops an in-process server
}

func (t *target) servedList() string {
	var s []string
	for k := range t.served {
		s = append(s, k)
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}

// stop ends the server this tool started (by its PID) and removes its
// data directory.
func (t *target) stop() {
	if t.closer != nil {
		_ = t.closer()
	}
	if t.cmd != nil && t.cmd.Process != nil && t.cmd.ProcessState == nil {
		_ = t.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = t.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = t.cmd.Process.Kill()
			<-done
		}
	}
	if t.dir != "" {
		_ = os.RemoveAll(t.dir)
	}
}

func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func startVpcsim(name string, ephemeral bool) *target {
	if *vpcsimBin == "" {
		fatalf("-vpcsim is required for %s", name)
	}
	port := freePort()
	args := []string{"serve", "--listen", fmt.Sprintf("127.0.0.1:%d", port)}
	t := &target{name: name, url: fmt.Sprintf("http://127.0.0.1:%d", port)}
	if ephemeral {
		args = append(args, "--ephemeral")
		t.mode = "`serve --ephemeral` (in memory)"
	} else {
		dir, err := os.MkdirTemp("", "vpcsim-svcbench-")
		check(err)
		t.dir = dir
		args = append(args, "--data", dir)
		t.mode = "`serve --data <tmp dir>` (reply after fsync)"
	}
	t.cmd = exec.Command(*vpcsimBin, args...)
	t.cmd.Stdout, t.cmd.Stderr = io.Discard, io.Discard
	check(t.cmd.Start())
	waitHTTP(t.url+"/_vpcsim/health", 10*time.Second)
	resp, err := http.Get(t.url + "/_vpcsim/health")
	check(err)
	defer resp.Body.Close()
	var h struct {
		Version  string `json:"version"`
		Services []struct {
			Name       string `json:"name"`
			Operations int    `json:"operations"`
		} `json:"services"`
	}
	check(json.NewDecoder(resp.Body).Decode(&h))
	t.version = h.Version
	t.served = map[string]bool{}
	for _, s := range h.Services {
		if s.Operations > 0 {
			t.served[s.Name] = true
		}
	}
	return t
}

func startMoto() *target {
	port := freePort()
	cmd := exec.Command(*motoBin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	check(cmd.Start())
	t := &target{name: "moto", mode: "`moto_server` (in memory)", url: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd,
		served: map[string]bool{"logs": true, "s3": true, "iam": true, elbSvc: true}}
	waitHTTP(t.url+"/moto-api/", 60*time.Second)
	return t
}

func waitHTTP(url string, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	fatalf("%s did not answer within %s", url, limit)
}

// rss reads VmRSS and VmHWM of pid in MB.
func rss(pid int) (float64, float64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	var cur, peak float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 {
			kb, _ := strconv.ParseFloat(fields[1], 64)
			switch fields[0] {
			case "VmRSS:":
				cur = kb / 1024
			case "VmHWM:":
				peak = kb / 1024
			}
		}
	}
	return cur, peak
}

func dirMB(dir string) float64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return float64(n) / (1 << 20)
}

// ---- clients ----

var transport = func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 64
	return t
}()

func sdkConfig(url string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		BaseEndpoint: aws.String(url),
		HTTPClient:   &http.Client{Transport: transport, Timeout: *reqTimeout},
		// Retry only what the SDK retries by default (throttling, 5xx, its
		// keep-alive read race aws-sdk-go-v2#2737), without client-side
		// rate limiting; retries are counted and reported.
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.RateLimiter = ratelimit.None
				o.Retryables = append([]retry.IsErrorRetryable{noTimeoutRetry{}}, o.Retryables...)
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 5 * time.Millisecond, nil })
			})
		},
	}
}

// noTimeoutRetry stops the SDK from retrying a request that timed out.
type noTimeoutRetry struct{}

func (noTimeoutRetry) IsErrorRetryable(err error) aws.Ternary {
	if strings.Contains(err.Error(), "Client.Timeout") {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
}

// clients is one worker's set of SDK clients.
type clients struct {
	logs *cloudwatchlogs.Client
	s3   *s3.Client
	iam  *iam.Client
	// elbv2 and url serve the ELBv2 row (elbv2.go).
	elbv2 *elb.Client
	url   string
	// http is the light client of the elbv2-mix-http row (elbv2_http.go).
	http *http.Client
}

func newClients(url string) *clients {
	cfg := sdkConfig(url)
	return &clients{
		logs:  cloudwatchlogs.NewFromConfig(cfg),
		s3:    s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		iam:   iam.NewFromConfig(cfg),
		elbv2: elb.NewFromConfig(cfg),
		url:   url,
		http:  cfg.HTTPClient.(*http.Client),
	}
}

// retries returns how many extra attempts the SDK made for one call.
func retries(md middleware.Metadata) int {
	if ar, ok := retry.GetAttemptResults(md); ok && len(ar.Results) > 1 {
		return len(ar.Results) - 1
	}
	return 0
}

// ---- workload ----

const (
	logGroup   = "/svcbench/app"
	logStreams = 4
	bucket     = "svcbench"
	roleName   = "svcbench-role"
	nSmall     = 64 // distinct 4 KiB bodies / objects read back
	nLarge     = 16 // distinct 1 MiB bodies / objects read back
	largeRing  = 32 // keys overwritten in turn by each 1 MiB PutObject phase
)

const trustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// body is one object's bytes and their MD5 (the ETag of a single-part put).
type body struct {
	data []byte
	etag string
}

func makeBodies(n, size int, seed uint64) []body {
	rnd := rand.New(rand.NewPCG(seed, 7))
	out := make([]body, n)
	for i := range out {
		b := make([]byte, size)
		for j := 0; j+8 <= size; j += 8 {
			v := rnd.Uint64()
			for k := range 8 {
				b[j+k] = byte(v >> (8 * k))
			}
		}
		sum := md5.Sum(b)
		out[i] = body{data: b, etag: `"` + hex.EncodeToString(sum[:]) + `"`}
	}
	return out
}

var (
	small = makeBodies(nSmall, 4<<10, 1)
	large = makeBodies(nLarge, 1<<20, 2)
)

// op is one measured call: it returns the SDK's retry count and an error
// for any failure, including an answer that does not check out.
type op func(ctx context.Context, c *clients, p *phase, i int) (int, error)

// row is one line of the report.
type row struct {
	key, title, svc string
	count           func() int
	op              op
	// verify runs once after a phase (not timed) and checks that what the
	// phase wrote can be read back.
	verify func(ctx context.Context, c *clients, p *phase) error
}

// phase identifies one measured phase: its keys and log messages are unique.
type phase struct {
	tag string
}

func (p *phase) key(prefix string, i int) string { return fmt.Sprintf("%s/%s/%06d", prefix, p.tag, i) }

func logMessage(p *phase, i, k int) string {
	m := fmt.Sprintf("phase=%s op=%d event=%d level=INFO msg=request served path=/api/v1/items status=200 ", p.tag, i, k)
	for len(m) < 100 {
		m += "x"
	}
	return m
}

var allRows = []row{
	{
		key: "logs-put", title: "Logs PutLogEvents (10 events × 100 B)", svc: "logs",
		count: func() int { return *countSmall },
		op: func(ctx context.Context, c *clients, p *phase, i int) (int, error) {
			now := time.Now().UnixMilli()
			evs := make([]logstypes.InputLogEvent, 10)
			for k := range evs {
				evs[k] = logstypes.InputLogEvent{Message: aws.String(logMessage(p, i, k)), Timestamp: aws.Int64(now)}
			}
			out, err := c.logs.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{
				LogGroupName: aws.String(logGroup), LogStreamName: aws.String(fmt.Sprintf("stream-%d", i%logStreams)), LogEvents: evs})
			if err != nil {
				return 0, err
			}
			if r := out.RejectedLogEventsInfo; r != nil {
				return retries(out.ResultMetadata), fmt.Errorf("PutLogEvents rejected events: %+v", *r)
			}
			return retries(out.ResultMetadata), nil
		},
		verify: func(ctx context.Context, c *clients, p *phase) error {
			out, err := c.logs.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{
				LogGroupName: aws.String(logGroup), LogStreamName: aws.String("stream-0"), Limit: aws.Int32(10)})
			if err != nil {
				return fmt.Errorf("verify GetLogEvents: %w", err)
			}
			if len(out.Events) != 10 {
				return fmt.Errorf("verify GetLogEvents: %d latest events in stream-0, want 10", len(out.Events))
			}
			for _, e := range out.Events {
				if !strings.Contains(aws.ToString(e.Message), "phase="+p.tag+" ") || len(aws.ToString(e.Message)) != 100 {
					return fmt.Errorf("verify GetLogEvents: latest event %q is not one this phase put", aws.ToString(e.Message))
				}
			}
			return nil
		},
	},
	putRow("s3-put-4k", "S3 PutObject 4 KiB", small, 0, func() int { return *countSmall }),
	getRow("s3-get-4k", "S3 GetObject 4 KiB", "get-4k", small, func() int { return *countSmall }),
	putRow("s3-put-1m", "S3 PutObject 1 MiB", large, largeRing, func() int { return *countLarge }),
	getRow("s3-get-1m", "S3 GetObject 1 MiB", "get-1m", large, func() int { return *countLarge }),
	{
		key: "iam-getrole", title: "IAM GetRole", svc: "iam",
		count: func() int { return *countSmall },
		op: func(ctx context.Context, c *clients, _ *phase, _ int) (int, error) {
			out, err := c.iam.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(roleName)})
			if err != nil {
				return 0, err
			}
			if out.Role == nil || aws.ToString(out.Role.RoleName) != roleName || !strings.HasSuffix(aws.ToString(out.Role.Arn), ":role/"+roleName) {
				return retries(out.ResultMetadata), fmt.Errorf("GetRole answered %+v", out.Role)
			}
			return retries(out.ResultMetadata), nil
		},
	},
}

// putRow measures PutObject of bodies; with ring > 0 operation i writes
// key i%ring of its phase (an overwrite, which bounds the servers' memory),
// else a new key. ring must be a multiple of len(bodies) so that a key
// always receives the same body.
func putRow(key, title string, bodies []body, ring int, count func() int) row {
	name := func(p *phase, i int) string {
		if ring > 0 {
			i %= ring
		}
		return p.key(key, i)
	}
	return row{
		key: key, title: title, svc: "s3", count: count,
		op: func(ctx context.Context, c *clients, p *phase, i int) (int, error) {
			b := bodies[i%len(bodies)]
			out, err := c.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(name(p, i)),
				Body: bytes.NewReader(b.data), ContentType: aws.String("application/octet-stream")})
			if err != nil {
				return 0, err
			}
			if aws.ToString(out.ETag) != b.etag {
				return retries(out.ResultMetadata), fmt.Errorf("PutObject ETag %s, want %s", aws.ToString(out.ETag), b.etag)
			}
			return retries(out.ResultMetadata), nil
		},
		verify: func(ctx context.Context, c *clients, p *phase) error {
			for _, i := range []int{0, 1} {
				if err := getAndCompare(ctx, c, name(p, i), bodies[i%len(bodies)]); err != nil {
					return fmt.Errorf("verify: %w", err)
				}
			}
			return nil
		},
	}
}

func getRow(key, title, prefix string, bodies []body, count func() int) row {
	return row{
		key: key, title: title, svc: "s3", count: count,
		op: func(ctx context.Context, c *clients, _ *phase, i int) (int, error) {
			return 0, getAndCompare(ctx, c, fmt.Sprintf("%s/%03d", prefix, i%len(bodies)), bodies[i%len(bodies)])
		},
	}
}

func getAndCompare(ctx context.Context, c *clients, key string, want body) error {
	out, err := c.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return err
	}
	got, err := io.ReadAll(out.Body)
	out.Body.Close()
	if err != nil {
		return fmt.Errorf("GetObject %s: reading body: %w", key, err)
	}
	if !bytes.Equal(got, want.data) {
		return fmt.Errorf("GetObject %s: %d bytes differ from the %d put", key, len(got), len(want.data))
	}
	if aws.ToString(out.ETag) != want.etag {
		return fmt.Errorf("GetObject %s: ETag %s, want %s", key, aws.ToString(out.ETag), want.etag)
	}
	return nil
}

// setup creates what the rows need on t: the log group and its streams,
// the bucket and the objects read back, the role.
func setup(t *target, rows []row) error {
	ctx := context.Background()
	c := newClients(t.url)
	need := map[string]bool{}
	for _, r := range rows {
		if t.served[r.svc] {
			need[r.svc] = true
		}
	}
	if need["logs"] {
		if _, err := c.logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(logGroup)}); err != nil {
			return fmt.Errorf("CreateLogGroup: %w", err)
		}
		for s := range logStreams {
			if _, err := c.logs.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String(logGroup), LogStreamName: aws.String(fmt.Sprintf("stream-%d", s))}); err != nil {
				return fmt.Errorf("CreateLogStream: %w", err)
			}
		}
	}
	if need["s3"] {
		if _, err := c.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
			return fmt.Errorf("CreateBucket: %w", err)
		}
		for prefix, bodies := range map[string][]body{"get-4k": small, "get-1m": large} {
			for i, b := range bodies {
				key := fmt.Sprintf("%s/%03d", prefix, i)
				if _, err := c.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(b.data)}); err != nil {
					return fmt.Errorf("PutObject %s: %w", key, err)
				}
				if err := getAndCompare(ctx, c, key, b); err != nil {
					return err
				}
			}
		}
	}
	if need[elbSvc] {
		if err := setupELBv2(ctx, t.url); err != nil {
			return err
		}
	}
	if need["iam"] {
		if _, err := c.iam.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(roleName), AssumeRolePolicyDocument: aws.String(trustPolicy)}); err != nil {
			return fmt.Errorf("CreateRole: %w", err)
		}
	}
	return nil
}

func selectRows() []row {
	if *rowList == "" {
		return allRows
	}
	var out []row
	for _, k := range strings.Split(*rowList, ",") {
		found := false
		for _, r := range allRows {
			if r.key == strings.TrimSpace(k) {
				out = append(out, r)
				found = true
			}
		}
		if !found {
			fatalf("unknown row %q", k)
		}
	}
	return out
}

// result is one phase on one server.
type result struct {
	ok, errs, retries int
	elapsed           time.Duration
	lat               []time.Duration
	capped            bool
	samples           []string
}

func (r *result) opsPerSec() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.ok) / r.elapsed.Seconds()
}

// runPhase runs a short untimed warm-up, then count operations (or until
// the phase cap) with conc workers, then the row's verification.
func runPhase(t *target, rw row, conc, run int) *result {
	ctx := context.Background()
	res := &result{}
	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		res.errs++
		if len(res.samples) < 3 {
			res.samples = append(res.samples, err.Error())
			logf("%s %s c=%d: %v", t.name, rw.key, conc, err)
		}
	}
	cs := make([]*clients, conc)
	for w := range cs {
		cs[w] = newClients(t.url)
	}
	// Warm-up: open the connections, one call per worker, counted only if
	// it fails.
	warm := &phase{tag: fmt.Sprintf("warm-r%d-c%d", run, conc)}
	var wg sync.WaitGroup
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := rw.op(ctx, cs[w], warm, w); err != nil {
				fail(fmt.Errorf("warm-up: %w", err))
			}
		}()
	}
	wg.Wait()

	p := &phase{tag: fmt.Sprintf("r%d-c%d", run, conc)}
	count := rw.count()
	lats := make([][]time.Duration, conc)
	var next atomic.Int64
	var ok, retried atomic.Int64
	var capped atomic.Bool
	start := time.Now()
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if time.Since(start) >= *phaseCap {
					capped.Store(true)
					return
				}
				i := int(next.Add(1)) - 1
				if i >= count {
					return
				}
				s := time.Now()
				n, err := rw.op(ctx, cs[w], p, i)
				d := time.Since(s)
				retried.Add(int64(n))
				if err != nil {
					fail(err)
					continue
				}
				ok.Add(1)
				lats[w] = append(lats[w], d)
			}
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.ok = int(ok.Load())
	res.retries = int(retried.Load())
	res.capped = capped.Load() && int(next.Load()) < count
	for _, l := range lats {
		res.lat = append(res.lat, l...)
	}
	sort.Slice(res.lat, func(i, j int) bool { return res.lat[i] < res.lat[j] })
	if rw.verify != nil && res.ok > 0 && !t.floor {
		if err := rw.verify(ctx, cs[0], p); err != nil {
			fail(err)
		}
	}
	return res
}

// ---- report ----

type cell struct {
	ops, p50, p99 []float64
	errs, retries int
	capped        int
	n             []int
}

type report struct {
	started             time.Time
	goVersion, cpu      string
	nproc, motoVer      string
	loadStart, loadRuns []string
	// target → row → conc
	cells      map[string]map[string]map[int]*cell
	errSamples map[string][]string
}

func (r *report) env() {
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`model name\s*:\s*(.*)`).FindSubmatch(b); m != nil {
			r.cpu = string(m[1])
		}
	}
	if b, err := exec.Command("nproc").Output(); err == nil {
		r.nproc = strings.TrimSpace(string(b))
	}
	if b, err := exec.Command("go", "version").Output(); err == nil {
		r.goVersion = strings.TrimSpace(string(b))
	}
	if b, err := exec.Command("python3", "-c", "import moto; print(moto.__version__)").Output(); err == nil {
		r.motoVer = strings.TrimSpace(string(b))
	}
	r.loadStart = []string{loadavg()}
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return time.Now().Format("15:04:05") + " " + strings.Join(f[:3], " ")
}

func (r *report) sampleLoad() { r.loadRuns = append(r.loadRuns, loadavg()) }

func (r *report) sample(target, rowKey, s string) {
	k := target + " " + rowKey
	if len(r.errSamples[k]) < 3 {
		r.errSamples[k] = append(r.errSamples[k], s)
	}
}

func (r *report) add(target, rowKey string, conc int, res *result) {
	if r.cells == nil {
		r.cells = map[string]map[string]map[int]*cell{}
	}
	if r.cells[target] == nil {
		r.cells[target] = map[string]map[int]*cell{}
	}
	if r.cells[target][rowKey] == nil {
		r.cells[target][rowKey] = map[int]*cell{}
	}
	c := r.cells[target][rowKey][conc]
	if c == nil {
		c = &cell{}
		r.cells[target][rowKey][conc] = c
	}
	c.ops = append(c.ops, res.opsPerSec())
	if len(res.lat) > 0 {
		c.p50 = append(c.p50, ms(pct(res.lat, 0.5)))
		c.p99 = append(c.p99, ms(pct(res.lat, 0.99)))
	}
	c.errs += res.errs
	c.retries += res.retries
	c.n = append(c.n, res.ok)
	if res.capped {
		c.capped++
	}
}

func (r *report) get(target, rowKey string, conc int) *cell {
	if r.cells[target] == nil || r.cells[target][rowKey] == nil {
		return nil
	}
	return r.cells[target][rowKey][conc]
}

func pct(ls []time.Duration, p float64) time.Duration {
	if len(ls) == 0 {
		return 0
	}
	i := int(float64(len(ls))*p+0.5) - 1
	i = max(0, min(i, len(ls)-1))
	return ls[i]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianInt(v []int) int {
	f := make([]float64, len(v))
	for i, n := range v {
		f[i] = float64(n)
	}
	return int(median(f))
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "n/a"
	}
	if a/b < 100 { // one decimal, so that 19.6× does not read as 20×
		return fmt.Sprintf("%.1f×", a/b)
	}
	return fmt.Sprintf("%.0f×", a/b)
}

func num(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func (r *report) markdown(targets []*target, rows []row, concs []int) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	var vpcs []*target
	var moto *target
	for _, t := range targets {
		switch {
		case t.name == "moto":
			moto = t
		case !t.floor:
			vpcs = append(vpcs, t)
		}
	}
	p("# vpcsim vs moto: CloudWatch Logs, S3, IAM — %s\n\n", r.started.Format("2006-01-02 15:04 MST"))
	p("Machine: %s, nproc %s; %s; moto %s", r.cpu, r.nproc, r.goVersion, r.motoVer)
	for _, t := range vpcs {
		if t.version != "" {
			p("; vpcsim %s", t.version)
			break
		}
	}
	p(".\nLoad average (1/5/15 min) at start: %s; after each run: %s. The client (aws-sdk-go-v2, SigV4 signing, payload SHA-256 and CRC32 checksums of S3 bodies) runs on the same cores as the servers.\n\n", strings.Join(r.loadStart, ""), strings.Join(r.loadRuns, "; "))
	p("Servers:\n\n")
	for _, t := range targets {
		p("- **%s**: %s; services: %s\n", t.name, t.mode, t.servedList())
	}
	p("\nEach phase: one warm-up call per worker (not timed), then %d operations (%d for 1 MiB objects) or %s, whichever comes first, with one SDK client per worker over keep-alive connections; then a check that what the phase wrote reads back. %d runs, the servers interleaved within each run; **medians** of the runs are shown. Throughput counts successful operations only. PutLogEvents sends 10 events of 100 bytes into one of %d streams of one group (round robin); PutObject 4 KiB writes a new key each time, PutObject 1 MiB overwrites %d keys in turn (each phase its own; this bounds the servers' memory); GetObject reads back one of %d (4 KiB) or %d (1 MiB) objects put at setup and compares every byte and the ETag; GetRole reads one role made at setup.\n\n",
		*countSmall, *countLarge, *phaseCap, *runs, logStreams, largeRing, nSmall, nLarge)

	p("## Throughput (ops/s, median of %d runs)\n\n", *runs)
	p("| operation | c |")
	for _, t := range targets {
		p(" %s |", t.name)
	}
	for _, t := range vpcs {
		p(" %s / moto |", t.name)
	}
	p(" ≥ 20× |\n|---|---:|")
	for range targets {
		p("---:|")
	}
	for range vpcs {
		p("---:|")
	}
	p("---|\n")
	for _, rw := range rows {
		for _, conc := range concs {
			p("| %s | %d |", rw.title, conc)
			for _, t := range targets {
				c := r.get(t.name, rw.key, conc)
				switch {
				case !t.served[rw.svc]:
					p(" not served |")
				case c == nil:
					p(" not run |")
				default:
					mark := ""
					if c.capped > 0 {
						mark = "†"
					}
					p(" %s%s |", num(median(c.ops)), mark)
				}
			}
			met := []string{}
			for _, t := range vpcs {
				v, m := r.get(t.name, rw.key, conc), (*cell)(nil)
				if moto != nil {
					m = r.get(moto.name, rw.key, conc)
				}
				if v == nil || m == nil {
					p(" n/a |")
					met = append(met, "n/a")
					continue
				}
				rv, rm := median(v.ops), median(m.ops)
				p(" %s |", ratio(rv, rm))
				if rm > 0 && rv/rm >= 20 {
					met = append(met, "yes")
				} else {
					met = append(met, "**no**")
				}
			}
			p(" %s |\n", strings.Join(met, " / "))
		}
	}
	p("\n† a phase hit the %s cap in at least one run (fewer operations than asked).", *phaseCap)
	if len(vpcs) > 0 {
		names := make([]string, len(vpcs))
		for i, t := range vpcs {
			names[i] = t.name
		}
		p(" The ≥ 20× column reads %s.", strings.Join(names, " / "))
	}
	p("\n\n## Latency (ms, median over runs of each run's p50 / p99)\n\n| operation | c |")
	for _, t := range targets {
		p(" %s p50 | %s p99 |", t.name, t.name)
	}
	p("\n|---|---:|")
	for range targets {
		p("---:|---:|")
	}
	p("\n")
	for _, rw := range rows {
		for _, conc := range concs {
			p("| %s | %d |", rw.title, conc)
			for _, t := range targets {
				c := r.get(t.name, rw.key, conc)
				if c == nil || len(c.p50) == 0 {
					p(" – | – |")
					continue
				}
				p(" %s | %s |", num(median(c.p50)), num(median(c.p99)))
			}
			p("\n")
		}
	}
	p("\n## Operations, errors and retries (all runs)\n\n| operation | c |")
	for _, t := range targets {
		p(" %s ok per run (median) / errors / SDK retries |", t.name)
	}
	p("\n|---|---:|")
	for range targets {
		p("---|")
	}
	p("\n")
	anyErr := false
	for _, rw := range rows {
		for _, conc := range concs {
			p("| %s | %d |", rw.title, conc)
			for _, t := range targets {
				c := r.get(t.name, rw.key, conc)
				if c == nil {
					p(" – |")
					continue
				}
				if c.errs > 0 || c.retries > 0 {
					anyErr = true
				}
				p(" %d / %d / %d |", medianInt(c.n), c.errs, c.retries)
			}
			p("\n")
		}
	}
	if anyErr {
		p("\nFirst errors seen:\n\n")
		keys := make([]string, 0, len(r.errSamples))
		for k := range r.errSamples {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, s := range r.errSamples[k] {
				p("- %s: `%s`\n", k, strings.ReplaceAll(truncate(s, 300), "`", "'"))
			}
		}
	}
	p("\n## Server processes at the end\n\n| server | VmRSS | VmHWM | data dir |\n|---|---:|---:|---:|\n")
	for _, t := range targets {
		if t.cmd == nil {
			continue
		}
		disk := "–"
		if t.dir != "" {
			disk = fmt.Sprintf("%.0f MB", t.diskMB)
		}
		p("| %s | %.0f MB | %.0f MB | %s |\n", t.name, t.rssMB, t.hwmMB, disk)
	}
	return b.String()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
