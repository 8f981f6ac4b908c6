// Package crashtest kills a real vpcsim server with SIGKILL in the middle
// of a concurrent write load and checks, after a restart on the same data
// directory, that every acknowledged change is there and that the world's
// invariants hold (issue 2, item 5: "a reply is sent only after its change
// is durable").
package crashtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

const (
	workers   = 16
	rounds    = 2               // load → SIGKILL → restart → verify, twice
	loadFor   = 2 * time.Second // write load before each kill
	maxPerVPC = 200             // bound on each worker's loop
)

// buildBinary compiles ./cmd/vpcsim for the test (or uses $VPCSIM_BIN).
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("crash test builds and runs the server; skipped with -short")
	}
	if bin := os.Getenv("VPCSIM_BIN"); bin != "" {
		return bin // a prebuilt binary
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go toolchain not on PATH; cannot build vpcsim")
	}
	bin := filepath.Join(t.TempDir(), "vpcsim")
	cmd := exec.Command(gobin, "build", "-o", bin, "./cmd/vpcsim")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type server struct {
	cmd *exec.Cmd
	url string
}

var servingRE = regexp.MustCompile(`serving (http://\S+)`)

// start runs `vpcsim serve --data dir` on a free port and waits until
// /_vpcsim/health answers.
func start(t *testing.T, bin, dir string) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--data", dir, "--listen", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logf, err := os.CreateTemp(t.TempDir(), "vpcsim-*.log")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = logf
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			if len(b) > 4000 {
				b = b[len(b)-4000:]
			}
			t.Logf("server log (%s):\n%s", dir, b)
		}
		logf.Close()
	})
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopPID(cmd) })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingRE.FindStringSubmatch(sc.Text()); m != nil {
				lines <- m[1]
			}
		}
		close(lines)
	}()
	var url string
	select {
	case u, ok := <-lines:
		if !ok {
			t.Fatal("vpcsim exited before serving")
		}
		url = u
	case <-time.After(15 * time.Second):
		t.Fatal("vpcsim did not start within 15s")
	}
	for range 100 {
		resp, err := http.Get(url + "/_vpcsim/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return &server{cmd: cmd, url: url}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("health never answered")
	return nil
}

// stopPID kills the process this test started (by its PID) and reaps it.
func stopPID(cmd *exec.Cmd) {
	if cmd.Process == nil || cmd.ProcessState != nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
}

// client is the load driver's client: no retries, so that every
// acknowledgement is exactly one request.
func client(url string) *ec2.Client {
	return ec2.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(url),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
		HTTPClient:   ownHTTPClient(),
	})
}

// ownHTTPClient is an HTTP client with a connection pool of its own. The
// default transport's pool is shared by every client in the process: after
// the SIGKILL it still holds the load's keep-alive connections to the dead
// server, and when the restarted server is given the same port the
// verifier drew those dead connections one retry after another, failing
// with "use of closed network connection" (CI, session 6).
func ownHTTPClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: http.DefaultTransport.(*http.Transport).Clone()}
}

// readClient is the verifier's client: reads are retried (the Go SDK
// sometimes fails to read a large body, aws-sdk-go-v2#2737, and retries
// that by default).
func readClient(url string) *ec2.Client {
	return ec2.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(url),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 5
				o.RateLimiter = ratelimit.None
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 10 * time.Millisecond, nil })
			})
		},
		HTTPClient: ownHTTPClient(),
	})
}

func code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// features reports which resource families the server serves today.
type features struct{ subnets, sgs, enis bool }

func probe(ctx context.Context, c *ec2.Client) features {
	served := func(err error) bool { return code(err) != "InvalidAction" }
	var f features
	_, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{})
	f.subnets = served(err)
	_, err = c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{})
	_, err2 := c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{})
	f.sgs = served(err) && served(err2)
	_, err = c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{})
	f.enis = served(err) && f.subnets
	return f
}

// vpcRecord is what the load driver knows for certain about one VPC: the
// state after its last acknowledged operation. uncertain is set when an
// operation on it was in flight at the kill (its outcome is unknown).
type vpcRecord struct {
	id         string
	tags       map[string]string // acknowledged tags (deleted ones removed)
	dnsHost    bool              // EnableDnsHostnames acknowledged true
	secondary  string            // acknowledged secondary CIDR
	subnets    map[string]string // id → CIDR
	groups     map[string]bool   // SG ids
	rules      map[string]string // rule id → group id
	enis       map[string]string // ENI id → private IP
	deleted    bool              // DeleteVpc acknowledged
	tearing    bool              // teardown started (deletes may be in flight)
	uncertain  bool              // an operation was in flight at the kill
	acknowledg int               // acknowledged writes on this VPC
}

type ledger struct {
	mu   sync.Mutex
	vpcs []*vpcRecord
	acks atomic.Int64
}

// load runs the write workload until stop is closed (or each worker has
// done maxPerVPC VPCs). Errors after the kill are expected and only mark
// the affected VPC uncertain.
func load(ctx context.Context, url string, f features, round int, stop <-chan struct{}, led *ledger, fatal func(string, ...any)) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := client(url)
			for i := 0; i < maxPerVPC; i++ {
				select {
				case <-stop:
					return
				default:
				}
				rec := &vpcRecord{tags: map[string]string{}, subnets: map[string]string{}, groups: map[string]bool{}, rules: map[string]string{}, enis: map[string]string{}}
				if !driveOne(ctx, c, f, rec, fmt.Sprintf("r%d-w%02d-%03d", round, w, i), i%3 == 0, led, fatal) {
					if rec.id != "" {
						led.mu.Lock()
						led.vpcs = append(led.vpcs, rec)
						led.mu.Unlock()
					}
					return // the server is gone
				}
				led.mu.Lock()
				led.vpcs = append(led.vpcs, rec)
				led.mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// driveOne runs one VPC's life. It returns false when a request failed
// without an API error (the server was killed).
func driveOne(ctx context.Context, c *ec2.Client, f features, rec *vpcRecord, name string, teardown bool, led *ledger, fatal func(string, ...any)) bool {
	// An error is one of three things. An API error is a bug in this
	// workload (every request is valid). A 200 whose body could not be read
	// is an acknowledged change whose output we lost (the Go SDK's known
	// "use of closed network connection" client race, aws-sdk-go-v2#2737).
	// Anything else means the server is gone.
	const (
		gone = iota
		ackedBlind
	)
	classify := func(op string, err error) int {
		var re *awshttp.ResponseError
		if errors.As(err, &re) && re.HTTPStatusCode() == 200 {
			return ackedBlind
		}
		if code(err) != "" {
			fatal("%s %s: unexpected API error: %v", name, op, err)
		}
		rec.uncertain = true
		return gone
	}
	ack := func() { rec.acknowledg++; led.acks.Add(1) }
	// check handles an operation whose output we do not need: a blind
	// acknowledgement is still an acknowledgement.
	check := func(op string, err error) bool {
		if err != nil && classify(op, err) == gone {
			return false
		}
		ack()
		return true
	}
	// lost handles a create whose output (the new id) we need: without it,
	// the rest of this VPC's script cannot run; its state stays uncertain.
	lost := func(op string, err error) (stop, next bool) {
		if classify(op, err) == gone {
			return true, false
		}
		rec.uncertain = true
		led.acks.Add(1)
		return true, true
	}

	v, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{
		CidrBlock: aws.String("10.0.0.0/16"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpc,
			Tags: []types.Tag{{Key: aws.String("crash"), Value: aws.String(name)}}}},
	})
	if err != nil {
		_, next := lost("CreateVpc", err)
		return next
	}
	rec.id = aws.ToString(v.Vpc.VpcId)
	rec.tags["crash"] = name
	ack()

	_, err = c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{rec.id}, Tags: []types.Tag{
		{Key: aws.String("Name"), Value: aws.String(name)}, {Key: aws.String("temp"), Value: aws.String("x")}}})
	if !check("CreateTags", err) {
		return false
	}
	rec.tags["Name"], rec.tags["temp"] = name, "x"

	_, err = c.ModifyVpcAttribute(ctx, &ec2.ModifyVpcAttributeInput{VpcId: aws.String(rec.id), EnableDnsHostnames: &types.AttributeBooleanValue{Value: aws.Bool(true)}})
	if !check("ModifyVpcAttribute", err) {
		return false
	}
	rec.dnsHost = true

	_, err = c.AssociateVpcCidrBlock(ctx, &ec2.AssociateVpcCidrBlockInput{VpcId: aws.String(rec.id), CidrBlock: aws.String("10.1.0.0/16")})
	if !check("AssociateVpcCidrBlock", err) {
		return false
	}
	rec.secondary = "10.1.0.0/16"

	_, err = c.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{rec.id}, Tags: []types.Tag{{Key: aws.String("temp")}}})
	if !check("DeleteTags", err) {
		return false
	}
	delete(rec.tags, "temp")

	var subnetIDs []string
	if f.subnets {
		for k, cidr := range []string{"10.0.0.0/24", "10.0.1.0/24", "10.1.0.0/20"} {
			s, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(rec.id), CidrBlock: aws.String(cidr), AvailabilityZone: aws.String([]string{"us-east-1a", "us-east-1b", "us-east-1c"}[k])})
			if err != nil {
				_, next := lost("CreateSubnet", err)
				return next
			}
			id := aws.ToString(s.Subnet.SubnetId)
			rec.subnets[id] = cidr
			subnetIDs = append(subnetIDs, id)
			ack()
		}
		// An overlapping subnet is refused and changes nothing.
		_, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(rec.id), CidrBlock: aws.String("10.0.0.0/23")})
		if err == nil {
			fatal("%s: overlapping subnet 10.0.0.0/23 was accepted", name)
		} else if re := (*awshttp.ResponseError)(nil); errors.As(err, &re) && re.HTTPStatusCode() == 200 {
			fatal("%s: overlapping subnet 10.0.0.0/23 was accepted", name)
		} else if code(err) == "" {
			rec.uncertain = true
			return false
		} else if code(err) != "InvalidSubnet.Conflict" {
			fatal("%s: overlapping subnet: %v, want InvalidSubnet.Conflict", name, err)
		}
	}
	if f.sgs {
		g, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{VpcId: aws.String(rec.id), GroupName: aws.String("web-" + name), Description: aws.String("crash test")})
		if err != nil {
			_, next := lost("CreateSecurityGroup", err)
			return next
		}
		gid := aws.ToString(g.GroupId)
		rec.groups[gid] = true
		ack()
		out, err := c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(gid), IpPermissions: []types.IpPermission{
			{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}},
			{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(5432), ToPort: aws.Int32(5432), UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: aws.String(gid)}}},
		}})
		if err != nil {
			_, next := lost("AuthorizeSecurityGroupIngress", err)
			return next
		}
		for _, r := range out.SecurityGroupRules {
			rec.rules[aws.ToString(r.SecurityGroupRuleId)] = gid
		}
		ack()
	}
	if f.enis && len(subnetIDs) > 0 {
		for range 2 {
			e, err := c.CreateNetworkInterface(ctx, &ec2.CreateNetworkInterfaceInput{SubnetId: aws.String(subnetIDs[0])})
			if err != nil {
				_, next := lost("CreateNetworkInterface", err)
				return next
			}
			rec.enis[aws.ToString(e.NetworkInterface.NetworkInterfaceId)] = aws.ToString(e.NetworkInterface.PrivateIpAddress)
			ack()
		}
	}

	// Every third VPC is torn down again: its deletion must survive too.
	if !teardown {
		return true
	}
	rec.tearing = true
	for id := range rec.enis {
		_, err := c.DeleteNetworkInterface(ctx, &ec2.DeleteNetworkInterfaceInput{NetworkInterfaceId: aws.String(id)})
		if !check("DeleteNetworkInterface", err) {
			return false
		}
		delete(rec.enis, id)
	}
	for gid := range rec.groups {
		_, err := c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: aws.String(gid)})
		if !check("DeleteSecurityGroup", err) {
			return false
		}
		delete(rec.groups, gid)
		for r, g := range rec.rules {
			if g == gid {
				delete(rec.rules, r)
			}
		}
	}
	for id := range rec.subnets {
		_, err := c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(id)})
		if !check("DeleteSubnet", err) {
			return false
		}
		delete(rec.subnets, id)
	}
	_, err = c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(rec.id)})
	if !check("DeleteVpc", err) {
		return false
	}
	rec.deleted = true
	return true
}

func TestSIGKILLDuringLoadLosesNoAcknowledgedChange(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	ctx := context.Background()
	led := &ledger{}
	var f features
	for round := range rounds {
		srv := start(t, bin, dir)
		c := readClient(srv.url)
		if round == 0 {
			f = probe(ctx, c)
			t.Logf("families served: subnets=%v security groups=%v ENIs=%v", f.subnets, f.sgs, f.enis)
		}
		stop := make(chan struct{})
		var fatalMu sync.Mutex
		var fatalMsgs []string
		fatal := func(format string, args ...any) {
			fatalMu.Lock()
			fatalMsgs = append(fatalMsgs, fmt.Sprintf(format, args...))
			fatalMu.Unlock()
		}
		done := make(chan struct{})
		before := led.acks.Load()
		go func() { load(ctx, srv.url, f, round, stop, led, fatal); close(done) }()
		time.Sleep(loadFor)
		// SIGKILL mid-load: the workers are still sending.
		if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = srv.cmd.Wait()
		close(stop)
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("workers did not stop after the kill")
		}
		for _, m := range fatalMsgs {
			t.Error(m)
		}
		if t.Failed() {
			t.FailNow()
		}
		t.Logf("round %d: %d acknowledged writes before SIGKILL (total %d, %d VPCs)", round, led.acks.Load()-before, led.acks.Load(), len(led.vpcs))
		if led.acks.Load()-before < workers {
			t.Fatalf("round %d: only %d acknowledged writes; load too small to mean anything", round, led.acks.Load()-before)
		}

		restarted := start(t, bin, dir)
		verify(t, ctx, restarted.url, f, led)
		stopPID(restarted.cmd)
		if t.Failed() {
			return
		}
	}
}

// world is everything Describe returns after the restart.
type world struct {
	vpcs    map[string]types.Vpc
	subnets map[string]types.Subnet
	groups  map[string]types.SecurityGroup
	rules   map[string]types.SecurityGroupRule
	rtbs    []types.RouteTable
	acls    []types.NetworkAcl
	enis    []types.NetworkInterface
}

func describeAll(t *testing.T, ctx context.Context, c *ec2.Client, f features) *world {
	t.Helper()
	w := &world{vpcs: map[string]types.Vpc{}, subnets: map[string]types.Subnet{}, groups: map[string]types.SecurityGroup{}, rules: map[string]types.SecurityGroupRule{}}
	for p := ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(1000)}); p.HasMorePages(); {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("DescribeVpcs: %v", err)
		}
		for _, v := range out.Vpcs {
			w.vpcs[aws.ToString(v.VpcId)] = v
		}
	}
	if f.subnets {
		for p := ec2.NewDescribeSubnetsPaginator(c, &ec2.DescribeSubnetsInput{MaxResults: aws.Int32(1000)}); p.HasMorePages(); {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("DescribeSubnets: %v", err)
			}
			for _, s := range out.Subnets {
				w.subnets[aws.ToString(s.SubnetId)] = s
			}
		}
	}
	if f.sgs {
		for p := ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(1000)}); p.HasMorePages(); {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("DescribeSecurityGroups: %v", err)
			}
			for _, g := range out.SecurityGroups {
				w.groups[aws.ToString(g.GroupId)] = g
			}
		}
		for p := ec2.NewDescribeSecurityGroupRulesPaginator(c, &ec2.DescribeSecurityGroupRulesInput{MaxResults: aws.Int32(1000)}); p.HasMorePages(); {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("DescribeSecurityGroupRules: %v", err)
			}
			for _, r := range out.SecurityGroupRules {
				w.rules[aws.ToString(r.SecurityGroupRuleId)] = r
			}
		}
	}
	if out, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{}); err == nil {
		w.rtbs = out.RouteTables
		for tok := out.NextToken; tok != nil; {
			more, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{NextToken: tok})
			if err != nil {
				t.Fatalf("DescribeRouteTables: %v", err)
			}
			w.rtbs = append(w.rtbs, more.RouteTables...)
			tok = more.NextToken
		}
	} else if code(err) != "InvalidAction" {
		t.Fatalf("DescribeRouteTables: %v", err)
	}
	if out, err := c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{}); err == nil {
		w.acls = out.NetworkAcls
		for tok := out.NextToken; tok != nil; {
			more, err := c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{NextToken: tok})
			if err != nil {
				t.Fatalf("DescribeNetworkAcls: %v", err)
			}
			w.acls = append(w.acls, more.NetworkAcls...)
			tok = more.NextToken
		}
	} else if code(err) != "InvalidAction" {
		t.Fatalf("DescribeNetworkAcls: %v", err)
	}
	if f.enis {
		for p := ec2.NewDescribeNetworkInterfacesPaginator(c, &ec2.DescribeNetworkInterfacesInput{MaxResults: aws.Int32(1000)}); p.HasMorePages(); {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("DescribeNetworkInterfaces: %v", err)
			}
			w.enis = append(w.enis, out.NetworkInterfaces...)
		}
	}
	return w
}

func verify(t *testing.T, ctx context.Context, url string, f features, led *ledger) {
	t.Helper()
	c := readClient(url)
	w := describeAll(t, ctx, c, f)

	// 1. Every acknowledged change is there.
	checked := 0
	for _, rec := range led.vpcs {
		v, present := w.vpcs[rec.id]
		if rec.deleted {
			if present {
				t.Errorf("%s: DeleteVpc was acknowledged but the VPC is back", rec.id)
			}
			continue
		}
		if !present {
			// An uncertain VPC in teardown may be gone (its in-flight
			// DeleteVpc may have committed); otherwise it must be there.
			if !(rec.uncertain && rec.tearing) {
				t.Errorf("%s: acknowledged VPC lost (uncertain=%v)", rec.id, rec.uncertain)
			}
			continue
		}
		if rec.uncertain {
			// The last operation was in flight and its outcome is
			// unknown, but every earlier one was acknowledged.
			if !rec.tearing {
				for id := range rec.subnets {
					if _, ok := w.subnets[id]; !ok {
						t.Errorf("%s: acknowledged subnet %s lost", rec.id, id)
					}
				}
				for id := range rec.groups {
					if _, ok := w.groups[id]; !ok {
						t.Errorf("%s: acknowledged security group %s lost", rec.id, id)
					}
				}
			}
			continue
		}
		checked++
		got := map[string]string{}
		for _, tg := range v.Tags {
			got[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
		}
		for k, want := range rec.tags {
			if got[k] != want {
				t.Errorf("%s: tag %s = %q, want %q", rec.id, k, got[k], want)
			}
		}
		if _, ok := got["temp"]; ok {
			t.Errorf("%s: acknowledged DeleteTags(temp) lost", rec.id)
		}
		if rec.secondary != "" {
			found := false
			for _, a := range v.CidrBlockAssociationSet {
				found = found || aws.ToString(a.CidrBlock) == rec.secondary
			}
			if !found {
				t.Errorf("%s: acknowledged secondary CIDR %s lost", rec.id, rec.secondary)
			}
		}
		if rec.dnsHost {
			out, err := c.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: aws.String(rec.id), Attribute: types.VpcAttributeNameEnableDnsHostnames})
			if err != nil {
				t.Errorf("%s: DescribeVpcAttribute: %v", rec.id, err)
			} else if !aws.ToBool(out.EnableDnsHostnames.Value) {
				t.Errorf("%s: acknowledged enableDnsHostnames=true lost", rec.id)
			}
		}
		for id, cidr := range rec.subnets {
			s, ok := w.subnets[id]
			if !ok || aws.ToString(s.CidrBlock) != cidr || aws.ToString(s.VpcId) != rec.id {
				t.Errorf("%s: acknowledged subnet %s (%s) lost or changed", rec.id, id, cidr)
			}
		}
		for id := range rec.groups {
			if _, ok := w.groups[id]; !ok {
				t.Errorf("%s: acknowledged security group %s lost", rec.id, id)
			}
		}
		for id, gid := range rec.rules {
			if r, ok := w.rules[id]; !ok || aws.ToString(r.GroupId) != gid {
				t.Errorf("%s: acknowledged rule %s of %s lost", rec.id, id, gid)
			}
		}
		for id, ip := range rec.enis {
			found := false
			for _, e := range w.enis {
				found = found || (aws.ToString(e.NetworkInterfaceId) == id && aws.ToString(e.PrivateIpAddress) == ip)
			}
			if !found {
				t.Errorf("%s: acknowledged ENI %s (%s) lost", rec.id, id, ip)
			}
		}
	}
	t.Logf("verified %d VPCs with certain state (%d deleted, %d uncertain) against %d VPCs, %d subnets, %d SGs, %d rules, %d route tables, %d NACLs, %d ENIs",
		checked, count(led.vpcs, func(r *vpcRecord) bool { return r.deleted }), count(led.vpcs, func(r *vpcRecord) bool { return r.uncertain && !r.deleted }),
		len(w.vpcs), len(w.subnets), len(w.groups), len(w.rules), len(w.rtbs), len(w.acls), len(w.enis))

	// 2. Invariants.
	byVPC := map[string][]netip.Prefix{}
	for id, s := range w.subnets {
		vpcID := aws.ToString(s.VpcId)
		if _, ok := w.vpcs[vpcID]; !ok {
			t.Errorf("subnet %s: VPC %s does not exist", id, vpcID)
		}
		p, err := netip.ParsePrefix(aws.ToString(s.CidrBlock))
		if err != nil {
			t.Errorf("subnet %s: CIDR %q: %v", id, aws.ToString(s.CidrBlock), err)
			continue
		}
		for _, q := range byVPC[vpcID] {
			if p.Overlaps(q) {
				t.Errorf("subnet %s (%s) overlaps %s in %s", id, p, q, vpcID)
			}
		}
		byVPC[vpcID] = append(byVPC[vpcID], p)
	}
	for _, rt := range w.rtbs {
		if _, ok := w.vpcs[aws.ToString(rt.VpcId)]; !ok {
			t.Errorf("route table %s: VPC %s does not exist", aws.ToString(rt.RouteTableId), aws.ToString(rt.VpcId))
		}
		for _, a := range rt.Associations {
			if sid := aws.ToString(a.SubnetId); sid != "" && f.subnets {
				if _, ok := w.subnets[sid]; !ok {
					t.Errorf("route table %s: associated subnet %s does not exist", aws.ToString(rt.RouteTableId), sid)
				}
			}
		}
	}
	for _, acl := range w.acls {
		if _, ok := w.vpcs[aws.ToString(acl.VpcId)]; !ok {
			t.Errorf("network ACL %s: VPC %s does not exist", aws.ToString(acl.NetworkAclId), aws.ToString(acl.VpcId))
		}
		for _, a := range acl.Associations {
			if sid := aws.ToString(a.SubnetId); f.subnets {
				if _, ok := w.subnets[sid]; !ok {
					t.Errorf("network ACL %s: associated subnet %s does not exist", aws.ToString(acl.NetworkAclId), sid)
				}
			}
		}
	}
	for id, g := range w.groups {
		if _, ok := w.vpcs[aws.ToString(g.VpcId)]; !ok {
			t.Errorf("security group %s: VPC %s does not exist", id, aws.ToString(g.VpcId))
		}
	}
	for id, r := range w.rules {
		if _, ok := w.groups[aws.ToString(r.GroupId)]; !ok {
			t.Errorf("rule %s: group %s does not exist", id, aws.ToString(r.GroupId))
		}
		if r.ReferencedGroupInfo != nil {
			if ref := aws.ToString(r.ReferencedGroupInfo.GroupId); ref != "" {
				if _, ok := w.groups[ref]; !ok {
					t.Errorf("rule %s: referenced group %s does not exist", id, ref)
				}
			}
		}
	}
	ips := map[string]string{}
	for _, e := range w.enis {
		sid := aws.ToString(e.SubnetId)
		if _, ok := w.subnets[sid]; !ok {
			t.Errorf("ENI %s: subnet %s does not exist", aws.ToString(e.NetworkInterfaceId), sid)
		}
		for _, pip := range e.PrivateIpAddresses {
			key := sid + "/" + aws.ToString(pip.PrivateIpAddress)
			if other, dup := ips[key]; dup {
				t.Errorf("private IP %s used by %s and %s", key, other, aws.ToString(e.NetworkInterfaceId))
			}
			ips[key] = aws.ToString(e.NetworkInterfaceId)
		}
	}

	// 3. The revision counter survived: it is at least the number of
	// acknowledged writes (each is one or more revisions).
	resp, err := http.Get(url + "/_vpcsim/health")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var rev int64
	if i := strings.Index(string(body), `"revision":`); i >= 0 {
		fmt.Sscanf(string(body[i+len(`"revision":`):]), "%d", &rev)
	}
	if rev < led.acks.Load() {
		t.Errorf("revision after restart %d < %d acknowledged writes: %s", rev, led.acks.Load(), body)
	}
}

func count(rs []*vpcRecord, fn func(*vpcRecord) bool) int {
	n := 0
	for _, r := range rs {
		if fn(r) {
			n++
		}
	}
	return n
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}
