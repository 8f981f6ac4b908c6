// Command vpcbench runs one EC2 workload, driven by the Go SDK, against
// vpcsim and against moto_server on the same machine and writes a Markdown
// report: throughput and p50/p99 latency per operation class at
// concurrency 1 and 16, with N VPCs already in state, plus vpcsim's memory
// and time to ready. See bench/README.md.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
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
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

var (
	vpcsimBin   = flag.String("vpcsim", "", "vpcsim binary (required)")
	populateBin = flag.String("populate", "", "bench/cmd/populate binary (for the 100,000-object start-up test; optional)")
	motoBin     = flag.String("moto", "moto_server", "moto_server command ('' skips moto)")
	prepop      = flag.Int("prepop", 10000, "VPCs in state before the workload")
	motoPrepop  = flag.Int("moto-prepop", 10000, "VPCs in moto's state before the workload (cap it if moto is too slow)")
	motoBudget  = flag.Duration("moto-prepop-budget", 10*time.Minute, "stop pre-populating moto after this long (and say so)")
	units1      = flag.Int("units1", 100, "workload units at concurrency 1 (one unit = 5 creates, 3 describes, 3 deletes)")
	units16     = flag.Int("units16", 400, "workload units at concurrency 16")
	runs        = flag.Int("runs", 3, "repetitions of each workload; medians are reported")
	ephemeral   = flag.Bool("ephemeral", false, "run the workload against vpcsim --ephemeral (in memory, like moto) instead of a data directory")
	phaseCap    = flag.Duration("phase-cap", 60*time.Second, "stop a phase early after this long")
	out         = flag.String("out", "", "write the Markdown report here (default bench/results/<date>.md)")
	readyRuns   = flag.Int("ready-runs", 5, "start-up measurements per case")
	reqTimeout  = flag.Duration("request-timeout", 30*time.Second, "give up on one request after this long (counted as an error)")
)

func main() {
	flag.Parse()
	if *vpcsimBin == "" {
		fatalf("-vpcsim is required")
	}
	rep := &report{started: time.Now()}
	rep.env()

	// Time to ready and memory first (quiet machine), then the workload.
	rep.readyEmpty = measureReady(*vpcsimBin, "", *readyRuns)
	if *populateBin != "" {
		dir, err := os.MkdirTemp("", "vpcsim-bench-100k-")
		check(err)
		defer os.RemoveAll(dir)
		outp, err := exec.Command(*populateBin, "-data", dir, "-objects", "100000").CombinedOutput()
		check(err)
		rep.populated = strings.TrimSpace(string(outp))
		rep.ready100k = measureReady(*vpcsimBin, dir, *readyRuns)
		outp, err = exec.Command(*populateBin, "-vpcs", strconv.Itoa(*prepop)).CombinedOutput()
		check(err)
		rep.heapLine = strings.TrimSpace(string(outp))
	}

	targets := []*target{startVpcsim()}
	if *motoBin != "" {
		targets = append(targets, startMoto())
	}
	defer func() {
		for _, t := range targets {
			t.stop()
		}
	}()
	for _, t := range targets {
		n := *prepop
		budget := 30 * time.Minute
		if t.name == "moto" {
			n, budget = *motoPrepop, *motoBudget
		}
		logf("%s: pre-populating %d VPCs", t.name, n)
		t.prepopulated, t.prepopTime = prepopulate(t, n, budget)
		logf("%s: %d VPCs in %s", t.name, t.prepopulated, t.prepopTime.Round(time.Millisecond))
		if t.name == "vpcsim" {
			rep.rssMB, rep.hwmMB = rss(t.cmd.Process.Pid)
		}
	}
	for _, conc := range []int{1, 16} {
		units := *units1
		if conc == 16 {
			units = *units16
		}
		for _, t := range targets {
			for r := range *runs {
				logf("%s: concurrency %d, run %d/%d", t.name, conc, r+1, *runs)
				res := runWorkload(t, conc, units, r)
				rep.add(t.name, conc, res)
				logf("%s: c=%d run %d: phases %v ops/s, errors %v", t.name, conc, r+1, res.phase, res.errs)
			}
		}
	}
	md := rep.markdown(targets)
	fmt.Print(md)
	path := *out
	if path == "" {
		path = filepath.Join("bench", "results", time.Now().Format("2006-01-02")+".md")
	}
	check(os.MkdirAll(filepath.Dir(path), 0o755))
	check(os.WriteFile(path, []byte(md), 0o644))
	logf("report written to %s", path)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "vpcbench: "+format+"\n", args...)
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

// ---- servers ----

type target struct {
	name         string
	url          string
	cmd          *exec.Cmd
	dir          string
	prepopulated int
	prepopTime   time.Duration
}

func (t *target) stop() {
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
		os.RemoveAll(t.dir)
	}
}

func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func startVpcsim() *target {
	dir, err := os.MkdirTemp("", "vpcsim-bench-")
	check(err)
	port := freePort()
	args := []string{"serve", "--data", dir, "--listen", fmt.Sprintf("127.0.0.1:%d", port)}
	if *ephemeral {
		args = []string{"serve", "--ephemeral", "--listen", fmt.Sprintf("127.0.0.1:%d", port)}
	}
	cmd := exec.Command(*vpcsimBin, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	check(cmd.Start())
	t := &target{name: "vpcsim", url: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd, dir: dir}
	waitHTTP(t.url+"/_vpcsim/health", 10*time.Second)
	return t
}

func startMoto() *target {
	port := freePort()
	cmd := exec.Command(*motoBin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	check(cmd.Start())
	t := &target{name: "moto", url: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
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

// measureReady starts vpcsim n times on dir (a fresh empty directory when
// dir is "") and returns the times from exec to the first answer of
// /_vpcsim/health.
func measureReady(bin, dir string, n int) []time.Duration {
	var out []time.Duration
	for range n {
		d := dir
		if d == "" {
			tmp, err := os.MkdirTemp("", "vpcsim-ready-")
			check(err)
			defer os.RemoveAll(tmp)
			d = tmp
		}
		port := freePort()
		url := fmt.Sprintf("http://127.0.0.1:%d/_vpcsim/health", port)
		client := &http.Client{Timeout: time.Second}
		start := time.Now()
		cmd := exec.Command(bin, "serve", "--data", d, "--listen", fmt.Sprintf("127.0.0.1:%d", port))
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		check(cmd.Start())
		var took time.Duration
		for time.Since(start) < 30*time.Second {
			if resp, err := client.Get(url); err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					took = time.Since(start)
					break
				}
			}
			time.Sleep(time.Millisecond)
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		if took == 0 {
			fatalf("vpcsim on %s never became ready", d)
		}
		out = append(out, took)
	}
	return out
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

// ---- clients ----

var transport = func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 64
	return t
}()

func newClient(url string) *ec2.Client {
	return ec2.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(url),
		HTTPClient:   &http.Client{Transport: transport, Timeout: *reqTimeout},
		// Retry only what the SDK retries by default (throttling, 5xx, and
		// its "use of closed network connection" read race,
		// aws-sdk-go-v2#2737), without client-side rate limiting.
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.RateLimiter = ratelimit.None
				o.Retryables = append([]retry.IsErrorRetryable{noTimeoutRetry{}}, o.Retryables...)
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 5 * time.Millisecond, nil })
			})
		},
	})
}

// noTimeoutRetry stops the SDK from retrying a request that timed out: a
// server that needs -request-timeout for one answer is reported as such.
type noTimeoutRetry struct{}

func (noTimeoutRetry) IsErrorRetryable(err error) aws.Ternary {
	if strings.Contains(err.Error(), "Client.Timeout") {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
}

// ---- pre-population ----

func prepopulate(t *target, n int, budget time.Duration) (int, time.Duration) {
	c := newClient(t.url)
	ctx := context.Background()
	start := time.Now()
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Since(start) < budget {
				i := next.Add(1)
				if i > int64(n) {
					return
				}
				_, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{
					CidrBlock: aws.String(fmt.Sprintf("10.%d.0.0/16", i%256)),
					TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpc, Tags: []types.Tag{
						{Key: aws.String("Name"), Value: aws.String(fmt.Sprintf("prepop-%d", i))},
						{Key: aws.String("env"), Value: aws.String([]string{"prod", "dev"}[i%2])}}}},
				})
				if err != nil {
					fatalf("%s: pre-populate CreateVpc: %v", t.name, err)
				}
				if d := done.Add(1); d%2000 == 0 {
					logf("%s: %d VPCs after %s", t.name, d, time.Since(start).Round(time.Second))
				}
			}
		}()
	}
	wg.Wait()
	return int(done.Load()), time.Since(start)
}

// ---- workload ----

var classes = []string{
	"CreateVpc", "CreateSubnet", "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "CreateTags",
	"DescribeVpcs (tag filter)", "DescribeSubnets (vpc-id filter)", "DescribeSecurityGroups (vpc-id+group-name)",
	"DeleteSecurityGroup", "DeleteSubnet", "DeleteVpc",
}

var phases = []string{"create", "describe", "delete"}

type result struct {
	lat    map[string][]time.Duration
	errs   map[string]int
	phase  map[string]float64 // ops/s
	phaseN map[string]int
}

type unit struct{ vpc, subnet, sg, name string }

func runWorkload(t *target, conc, units, run int) *result {
	res := &result{lat: map[string][]time.Duration{}, errs: map[string]int{}, phase: map[string]float64{}, phaseN: map[string]int{}}
	var mu sync.Mutex
	record := func(class string, d time.Duration, err error) bool {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			res.errs[class]++
			if res.errs[class] <= 3 {
				logf("%s %s: %v", t.name, class, err)
			}
			return false
		}
		res.lat[class] = append(res.lat[class], d)
		return true
	}
	ctx := context.Background()
	made := make([]unit, units)

	runPhase := func(phase string, fn func(c *ec2.Client, i int, rnd *rand.Rand) int) {
		start := time.Now()
		var next atomic.Int64
		var ops atomic.Int64
		var wg sync.WaitGroup
		for w := range conc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := newClient(t.url)
				rnd := rand.New(rand.NewPCG(uint64(run), uint64(w)))
				for time.Since(start) < *phaseCap {
					i := int(next.Add(1)) - 1
					if i >= units {
						return
					}
					ops.Add(int64(fn(c, i, rnd)))
				}
			}()
		}
		wg.Wait()
		el := time.Since(start)
		res.phase[phase] = float64(ops.Load()) / el.Seconds()
		res.phaseN[phase] = int(ops.Load())
	}
	timed := func(class string, f func() error) bool {
		s := time.Now()
		err := f()
		return record(class, time.Since(s), err)
	}

	runPhase("create", func(c *ec2.Client, i int, _ *rand.Rand) int {
		u := &made[i]
		u.name = fmt.Sprintf("w-c%d-r%d-%d", conc, run, i)
		n := 0
		if !timed("CreateVpc", func() error {
			out, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.20.0.0/16")})
			if err == nil {
				u.vpc = aws.ToString(out.Vpc.VpcId)
			}
			return err
		}) {
			return n
		}
		n++
		if timed("CreateSubnet", func() error {
			out, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(u.vpc), CidrBlock: aws.String("10.20.1.0/24"), AvailabilityZone: aws.String("us-east-1a")})
			if err == nil {
				u.subnet = aws.ToString(out.Subnet.SubnetId)
			}
			return err
		}) {
			n++
		}
		if timed("CreateSecurityGroup", func() error {
			out, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{VpcId: aws.String(u.vpc), GroupName: aws.String("web"), Description: aws.String("bench")})
			if err == nil {
				u.sg = aws.ToString(out.GroupId)
			}
			return err
		}) {
			n++
			if timed("AuthorizeSecurityGroupIngress", func() error {
				_, err := c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(u.sg), IpPermissions: []types.IpPermission{
					{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}},
					{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}},
				}})
				return err
			}) {
				n++
			}
		}
		ids := []string{u.vpc}
		if u.subnet != "" {
			ids = append(ids, u.subnet)
		}
		if u.sg != "" {
			ids = append(ids, u.sg)
		}
		if timed("CreateTags", func() error {
			_, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: ids, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String(u.name)}, {Key: aws.String("bench"), Value: aws.String("yes")}}})
			return err
		}) {
			n++
		}
		return n
	})

	runPhase("describe", func(c *ec2.Client, i int, rnd *rand.Rand) int {
		u := made[i]
		n := 0
		target := fmt.Sprintf("prepop-%d", 1+rnd.IntN(max(t.prepopulated, 1)))
		if timed("DescribeVpcs (tag filter)", func() error {
			out, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []types.Filter{{Name: aws.String("tag:Name"), Values: []string{target}}}})
			if err == nil && t.prepopulated > 0 && len(out.Vpcs) != 1 {
				return fmt.Errorf("DescribeVpcs tag:Name=%s: %d VPCs, want 1", target, len(out.Vpcs))
			}
			return err
		}) {
			n++
		}
		if u.vpc == "" {
			return n
		}
		if timed("DescribeSubnets (vpc-id filter)", func() error {
			_, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []types.Filter{{Name: aws.String("vpc-id"), Values: []string{u.vpc}}}})
			return err
		}) {
			n++
		}
		if timed("DescribeSecurityGroups (vpc-id+group-name)", func() error {
			_, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{
				{Name: aws.String("vpc-id"), Values: []string{u.vpc}}, {Name: aws.String("group-name"), Values: []string{"web"}}}})
			return err
		}) {
			n++
		}
		return n
	})

	runPhase("delete", func(c *ec2.Client, i int, _ *rand.Rand) int {
		u := made[i]
		n := 0
		if u.sg != "" && timed("DeleteSecurityGroup", func() error {
			_, err := c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: aws.String(u.sg)})
			return err
		}) {
			n++
		}
		if u.subnet != "" && timed("DeleteSubnet", func() error {
			_, err := c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(u.subnet)})
			return err
		}) {
			n++
		}
		if u.vpc != "" && timed("DeleteVpc", func() error {
			_, err := c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(u.vpc)})
			return err
		}) {
			n++
		}
		return n
	})
	return res
}

// ---- report ----

type stats struct{ opsPerSec, p50, p99 []float64 }

type report struct {
	started    time.Time
	goVersion  string
	cpu        string
	load       string
	motoVer    string
	readyEmpty []time.Duration
	ready100k  []time.Duration
	populated  string
	heapLine   string
	rssMB      float64
	hwmMB      float64
	// name → conc → class → per-run values
	classes map[string]map[int]map[string]*stats
	phases  map[string]map[int]map[string][]float64
	errs    map[string]map[int]map[string]int
}

func (r *report) env() {
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`model name\s*:\s*(.*)`).FindSubmatch(b); m != nil {
			r.cpu = string(m[1])
		}
	}
	if b, err := exec.Command("nproc").Output(); err == nil {
		r.cpu += " × " + strings.TrimSpace(string(b))
	}
	if b, err := exec.Command("go", "version").Output(); err == nil {
		r.goVersion = strings.TrimSpace(string(b))
	}
	if b, err := exec.Command("python3", "-c", "import moto; print(moto.__version__)").Output(); err == nil {
		r.motoVer = strings.TrimSpace(string(b))
	}
	r.sampleLoad()
}

func (r *report) sampleLoad() {
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		f := strings.Fields(string(b))
		if len(f) >= 3 {
			if r.load != "" {
				r.load += "; "
			}
			r.load += time.Now().Format("15:04:05") + " " + strings.Join(f[:3], " ")
		}
	}
}

func (r *report) add(name string, conc int, res *result) {
	r.sampleLoad()
	if r.classes == nil {
		r.classes = map[string]map[int]map[string]*stats{}
		r.phases = map[string]map[int]map[string][]float64{}
		r.errs = map[string]map[int]map[string]int{}
	}
	if r.classes[name] == nil {
		r.classes[name] = map[int]map[string]*stats{}
		r.phases[name] = map[int]map[string][]float64{}
		r.errs[name] = map[int]map[string]int{}
	}
	if r.classes[name][conc] == nil {
		r.classes[name][conc] = map[string]*stats{}
		r.phases[name][conc] = map[string][]float64{}
		r.errs[name][conc] = map[string]int{}
	}
	for class, ls := range res.lat {
		st := r.classes[name][conc][class]
		if st == nil {
			st = &stats{}
			r.classes[name][conc][class] = st
		}
		sort.Slice(ls, func(i, j int) bool { return ls[i] < ls[j] })
		st.p50 = append(st.p50, ms(pct(ls, 0.50)))
		st.p99 = append(st.p99, ms(pct(ls, 0.99)))
	}
	var all []time.Duration
	for _, ls := range res.lat {
		all = append(all, ls...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	st := r.classes[name][conc]["all operations"]
	if st == nil {
		st = &stats{}
		r.classes[name][conc]["all operations"] = st
	}
	st.p50 = append(st.p50, ms(pct(all, 0.50)))
	st.p99 = append(st.p99, ms(pct(all, 0.99)))
	total, secs := 0, 0.0
	for p, v := range res.phase {
		r.phases[name][conc][p] = append(r.phases[name][conc][p], v)
		total += res.phaseN[p]
		if v > 0 {
			secs += float64(res.phaseN[p]) / v
		}
	}
	if secs > 0 {
		r.phases[name][conc]["all"] = append(r.phases[name][conc]["all"], float64(total)/secs)
	}
	for c, n := range res.errs {
		r.errs[name][conc][c] += n
	}
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

func medianDur(v []time.Duration) time.Duration {
	f := make([]float64, len(v))
	for i, d := range v {
		f[i] = float64(d)
	}
	return time.Duration(median(f))
}

func durs(v []time.Duration) string {
	s := make([]string, len(v))
	for i, d := range v {
		s[i] = d.Round(100 * time.Microsecond).String()
	}
	return strings.Join(s, ", ")
}

func (r *report) markdown(targets []*target) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# vpcsim vs moto — %s\n\n", r.started.Format("2006-01-02 15:04 MST"))
	p("Machine: %s; %s; moto %s. Load average (1/5/15 min) sampled during the run: %s.\n\n", r.cpu, r.goVersion, r.motoVer, r.load)
	p("Workload (Go SDK v2, one client per worker, keep-alive): per unit CreateVpc, CreateSubnet, CreateSecurityGroup, AuthorizeSecurityGroupIngress (2 rules), CreateTags (3 resources); then DescribeVpcs with a `tag:Name` filter (matching one pre-populated VPC), DescribeSubnets with `vpc-id`, DescribeSecurityGroups with `vpc-id` + `group-name`; then DeleteSecurityGroup, DeleteSubnet, DeleteVpc. %d units at concurrency 1, %d at concurrency 16; each workload %d times, **medians** of the runs are shown. %s; moto is in memory.\n\n", *units1, *units16, *runs, vpcsimMode())
	p("## State before the workload\n\n| server | VPCs pre-populated (with their defaults) | time (16 clients) | VPCs/s |\n|---|---|---|---|\n")
	for _, t := range targets {
		p("| %s | %d | %s | %.0f |\n", t.name, t.prepopulated, t.prepopTime.Round(time.Millisecond), float64(t.prepopulated)/t.prepopTime.Seconds())
	}
	for _, t := range targets {
		if t.name == "moto" && t.prepopulated < *prepop {
			p("\n**moto was capped at %d VPCs** (vpcsim has %d): the moto numbers below are measured against a smaller state.\n", t.prepopulated, *prepop)
		}
	}
	for _, conc := range []int{1, 16} {
		p("\n## Concurrency %d\n\n### Throughput (ops/s, median of %d runs)\n\n| phase | vpcsim | moto | vpcsim/moto |\n|---|---:|---:|---:|\n", conc, *runs)
		for _, ph := range append(append([]string{}, phases...), "all") {
			v := median(r.phases["vpcsim"][conc][ph])
			m := median(r.phases["moto"][conc][ph])
			p("| %s | %.0f | %.1f | %s |\n", ph, v, m, ratio(v, m))
		}
		p("\n### Latency per operation (ms, median over runs of each run's p50 / p99)\n\n| operation | vpcsim p50 | vpcsim p99 | moto p50 | moto p99 | p50 moto/vpcsim |\n|---|---:|---:|---:|---:|---:|\n")
		for _, class := range append(append([]string{}, classes...), "all operations") {
			v := r.classes["vpcsim"][conc][class]
			m := r.classes["moto"][conc][class]
			var v50, v99, m50, m99 float64
			if v != nil {
				v50, v99 = median(v.p50), median(v.p99)
			}
			if m != nil {
				m50, m99 = median(m.p50), median(m.p99)
			}
			if m == nil && r.errs["moto"][conc][class] > 0 {
				p("| %s | %.2f | %.2f | every request failed (%d errors) | | n/a |\n", class, v50, v99, r.errs["moto"][conc][class])
				continue
			}
			p("| %s | %.2f | %.2f | %.2f | %.2f | %s |\n", class, v50, v99, m50, m99, ratio(m50, v50))
		}
		for _, name := range []string{"vpcsim", "moto"} {
			if len(r.errs[name][conc]) > 0 {
				p("\nErrors (%s, all runs): %v\n", name, r.errs[name][conc])
			}
		}
	}
	p("\n## vpcsim resources\n\n| measure | value | target |\n|---|---|---|\n")
	p("| RSS with %d VPCs and their defaults (VmRSS / VmHWM) | %.0f MB / %.0f MB | ≤ 200 MB |\n", *prepop, r.rssMB, r.hwmMB)
	if r.heapLine != "" {
		p("| Go heap of the same world, in process (`populate -vpcs %d`) | `%s` | |\n", *prepop, r.heapLine)
	}
	p("| time to ready, empty data dir (median of %d; all: %s) | %s | ≤ 200 ms |\n", len(r.readyEmpty), durs(r.readyEmpty), medianDur(r.readyEmpty).Round(100*time.Microsecond))
	if len(r.ready100k) > 0 {
		p("| time to ready, data dir with 100,000 objects (median of %d; all: %s) | %s | ≤ 2 s |\n", len(r.ready100k), durs(r.ready100k), medianDur(r.ready100k).Round(time.Millisecond))
		p("\nThe 100,000-object data dir was made by `populate -objects 100000`: `%s`.\n", r.populated)
	}
	return b.String()
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f×", a/b)
}

// vpcsimMode says how vpcsim ran, for the report.
func vpcsimMode() string {
	if *ephemeral {
		return "vpcsim runs with --ephemeral (in memory, nothing on disk)"
	}
	return "vpcsim runs with a data directory (every reply after fsync)"
}
