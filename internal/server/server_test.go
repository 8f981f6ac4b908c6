package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/store"
)

type testServer struct {
	*httptest.Server
	srv *Server
	st  *store.Store
}

func newTestServer(t testing.TB, opts Options) *testServer {
	t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := New(control.New(st, control.Options{}), opts)
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { hs.Close(); st.Close() })
	return &testServer{Server: hs, srv: srv, st: st}
}

func sdkConfig(endpoint, accessKey string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, "secret", ""),
		BaseEndpoint: aws.String(endpoint),
		// The Go SDK retries a body it failed to read ("use of closed
		// network connection", aws-sdk-go-v2#2737); 4xx are never retried.
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.RateLimiter = ratelimit.None
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
			})
		},
	}
}

func newServerTestEC2(ts *testServer, accessKey string) *ec2.Client {
	return ec2.NewFromConfig(sdkConfig(ts.URL, accessKey))
}

type healthBody struct {
	Status   string `json:"status"`
	Version  string `json:"version"`
	Revision uint64 `json:"revision"`
}

func getHealth(t *testing.T, ts *testServer) healthBody {
	t.Helper()
	resp, err := http.Get(ts.URL + "/_vpcsim/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("health: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var h healthBody
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHealthReportsVersionAndRevision(t *testing.T) {
	ts := newTestServer(t, Options{Version: "v9.9.9-test"})
	h := getHealth(t, ts)
	if h.Status != "ok" || h.Version != "v9.9.9-test" || h.Revision != 0 {
		t.Fatalf("health = %+v", h)
	}
	c := newServerTestEC2(ts, "test")
	if _, err := c.CreateVpc(context.Background(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.1.0.0/16")}); err != nil {
		t.Fatal(err)
	}
	h2 := getHealth(t, ts)
	if h2.Revision <= h.Revision || h2.Revision != ts.st.Revision() {
		t.Fatalf("revision after CreateVpc = %d (store %d), before %d", h2.Revision, ts.st.Revision(), h.Revision)
	}
}

func TestResetReturnsToInitialWorld(t *testing.T) {
	ts := newTestServer(t, Options{})
	c := newServerTestEC2(ts, "test")
	ctx := context.Background()
	initial, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(initial.Vpcs) != 1 || !aws.ToBool(initial.Vpcs[0].IsDefault) {
		t.Fatalf("initial world: %d VPCs", len(initial.Vpcs))
	}
	for i := range 3 {
		if _, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(fmt.Sprintf("10.%d.0.0/16", i))}); err != nil {
			t.Fatal(err)
		}
	}
	before := ts.st.Revision()

	// Only POST resets.
	resp, err := http.Get(ts.URL + "/_vpcsim/reset")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET reset: %d, want 405", resp.StatusCode)
	}
	if n := countVpcs(t, c); n != 4 {
		t.Fatalf("GET reset changed the world: %d VPCs", n)
	}

	resp, err = http.Post(ts.URL+"/_vpcsim/reset", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var h healthBody
	_ = json.NewDecoder(resp.Body).Decode(&h)
	resp.Body.Close()
	if resp.StatusCode != 200 || h.Status != "ok" || h.Revision <= before {
		t.Fatalf("POST reset: %d %+v (revision before %d)", resp.StatusCode, h, before)
	}
	after, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Vpcs) != 1 || !aws.ToBool(after.Vpcs[0].IsDefault) || aws.ToString(after.Vpcs[0].CidrBlock) != "172.31.0.0/16" {
		t.Fatalf("after reset: %+v", after.Vpcs)
	}
}

func countVpcs(t *testing.T, c *ec2.Client) int {
	t.Helper()
	out, err := c.DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Vpcs)
}

type ec2ErrorResponse struct {
	XMLName xml.Name `xml:"Response"`
	Errors  []struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Errors>Error"`
	RequestID string `xml:"RequestID"`
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// post sends a form body the way the SDK does and returns status, body and
// request id header.
func post(t testing.TB, ts *testServer, body string) (int, []byte, string) {
	t.Helper()
	if !strings.Contains(body, "Version=") {
		body += "&Version=2016-11-15" // required of every EC2 request
	}
	resp, err := http.Post(ts.URL+"/", "application/x-www-form-urlencoded; charset=utf-8", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header.Get("x-amzn-RequestId")
}

func wantError(t *testing.T, status int, body []byte, reqID string, wantStatus int, wantCode string) {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status %d, want %d: %s", status, wantStatus, body)
	}
	var e ec2ErrorResponse
	if err := xml.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body is not the EC2 envelope: %v: %s", err, body)
	}
	if len(e.Errors) != 1 || e.Errors[0].Code != wantCode || e.Errors[0].Message == "" {
		t.Fatalf("errors = %+v, want %s", e.Errors, wantCode)
	}
	if !uuidRE.MatchString(e.RequestID) || e.RequestID != reqID {
		t.Fatalf("request id body %q header %q", e.RequestID, reqID)
	}
}

// TestUnknownActionIsInvalidAction pins ec2-api-surface.md: an action we do
// not serve is 400 InvalidAction in the EC2 error envelope.
func TestUnknownActionIsInvalidAction(t *testing.T) {
	ts := newTestServer(t, Options{})
	status, body, id := post(t, ts, "Action=CreateUnicorn&Version=2016-11-15")
	wantError(t, status, body, id, 400, "InvalidAction")
	if !strings.Contains(string(body), "CreateUnicorn") {
		t.Errorf("message does not name the action: %s", body)
	}
	status, body, id = post(t, ts, "Version=2016-11-15")
	wantError(t, status, body, id, 400, "MissingAction")

	// The SDK surfaces the code.
	c := newServerTestEC2(ts, "test")
	_, err := c.DescribeVpcEndpointServices(context.Background(), &ec2.DescribeVpcEndpointServicesInput{})
	if err != nil && !strings.Contains(err.Error(), "InvalidAction") {
		t.Fatalf("SDK error = %v", err)
	}
}

func TestGetWithQueryString(t *testing.T) {
	ts := newTestServer(t, Options{})
	q := url.Values{"Action": {"DescribeVpcs"}, "Version": {"2016-11-15"}, "Filter.1.Name": {"isDefault"}, "Filter.1.Value.1": {"true"}}
	resp, err := http.Get(ts.URL + "/?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET DescribeVpcs: %d %s", resp.StatusCode, body)
	}
	var out struct {
		XMLName   xml.Name `xml:"DescribeVpcsResponse"`
		RequestID string   `xml:"requestId"`
		Vpcs      []struct {
			VpcID     string `xml:"vpcId"`
			IsDefault bool   `xml:"isDefault"`
		} `xml:"vpcSet>item"`
	}
	if err := xml.Unmarshal(body, &out); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if len(out.Vpcs) != 1 || !out.Vpcs[0].IsDefault {
		t.Fatalf("vpcs = %+v", out.Vpcs)
	}
	if !uuidRE.MatchString(out.RequestID) || out.RequestID != resp.Header.Get("x-amzn-RequestId") {
		t.Fatalf("request id body %q header %q", out.RequestID, resp.Header.Get("x-amzn-RequestId"))
	}
	// Body parameters are merged with the query string.
	resp2, err := http.Post(ts.URL+"/?Action=DescribeVpcs", "application/x-www-form-urlencoded", strings.NewReader("Version=2016-11-15"))
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != 200 {
		t.Fatalf("query Action + form body: %d", resp2.StatusCode)
	}
}

// TestMalformedRequestsAre4xx: nothing a client sends may produce a 5xx.
func TestMalformedRequestsAre4xx(t *testing.T) {
	ts := newTestServer(t, Options{})
	// Create the default scope first (see TestDryRunInFreshScope).
	if st, b, _ := post(t, ts, "Action=DescribeVpcs"); st != 200 {
		t.Fatalf("warm-up: %d %s", st, b)
	}
	cases := []struct{ name, body, code string }{
		{"bad percent escape", "Action=DescribeVpcs&Filter.1.Name=%zz", "MalformedQueryString"},
		{"bad bool", "Action=CreateVpc&CidrBlock=10.0.0.0/16&AmazonProvidedIpv6CidrBlock=maybe", "InvalidParameterValue"},
		{"bad integer", "Action=DescribeVpcs&MaxResults=lots", "InvalidParameterValue"},
		{"integer overflow", "Action=DescribeVpcs&MaxResults=99999999999999999999", "InvalidParameterValue"},
		{"missing required", "Action=CreateVpc", ""},
		{"bad cidr", "Action=CreateVpc&CidrBlock=10.0.0.0/99", ""},
		{"garbage cidr", "Action=CreateVpc&CidrBlock=%00%ff", ""},
		{"unknown filter", "Action=DescribeVpcs&Filter.1.Name=colour&Filter.1.Value.1=red", "InvalidParameterValue"},
		{"malformed id", "Action=DeleteVpc&VpcId=not-a-vpc", ""},
		{"list index zero and negative", "Action=DescribeVpcs&VpcId.0=vpc-1&VpcId.-1=vpc-2", ""},
		{"huge list index", "Action=DescribeVpcs&VpcId.99999999999999999999=vpc-1", ""},
		{"scalar where a list is", "Action=DescribeVpcs&Filter=x&Filter.1=y", ""},
		{"struct where a scalar is", "Action=ModifyVpcAttribute&VpcId=vpc-1&EnableDnsSupport=true", ""},
		{"deep nesting", "Action=DescribeVpcs&Filter.1.Name.1.2.3=x&" + strings.Repeat("a.", 500) + "b=c", ""},
		{"empty values", "Action=CreateVpc&CidrBlock=&DryRun=", ""},
		{"next token garbage", "Action=DescribeVpcs&NextToken=%ff%fe", ""},
		{"binary", "Action=CreateTags&ResourceId.1=\x00\x01&Tag.1.Key=\xff", ""},
		{"bad timestamp", "Action=DescribeVpcs&DryRun=true&DryRun=false", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, id := post(t, ts, tc.body)
			if status < 400 && !(tc.code == "" && status == 200) {
				t.Fatalf("status %d: %s", status, body)
			}
			if status >= 500 {
				t.Fatalf("5xx for a client mistake: %d %s", status, body)
			}
			if status >= 400 && id == "" {
				t.Fatalf("no request id header")
			}
			if tc.code != "" {
				wantError(t, status, body, id, 400, tc.code)
			}
		})
	}
	t.Run("body over the limit", func(t *testing.T) {
		big := "Action=DescribeVpcs&X=" + strings.Repeat("a", maxBody)
		status, body, _ := post(t, ts, big)
		if status < 400 || status >= 500 {
			t.Fatalf("status %d: %.200s", status, body)
		}
	})
	t.Run("wrong method on health is still fine", func(t *testing.T) {
		resp, err := http.Post(ts.URL+"/_vpcsim/health", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
}

// TestDryRunInFreshScope: a DryRun request must answer 412 DryRunOperation
// (ec2-api-surface.md) even when it is the first request of an
// account-region, whose default world is created on first use.
func TestDryRunInFreshScope(t *testing.T) {
	ts := newTestServer(t, Options{})
	status, body, id := post(t, ts, "Action=CreateVpc&CidrBlock=10.0.0.0/16&DryRun=true")
	wantError(t, status, body, id, 412, "DryRunOperation")
	// A dry run stores nothing, not even the defaults (they are computed
	// for it, control.InScope).
	if n := ts.st.Snapshot().VPCs.Len(); n != 0 {
		t.Fatalf("%d VPCs stored after a dry run in a fresh scope, want none", n)
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	ts := newTestServer(t, Options{})
	c := newServerTestEC2(ts, "test")
	ctx := context.Background()
	n := countVpcs(t, c)
	rev := ts.st.Revision()
	_, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), DryRun: aws.Bool(true)})
	if err == nil || !strings.Contains(err.Error(), "DryRunOperation") {
		t.Fatalf("err = %v", err)
	}
	if countVpcs(t, c) != n || ts.st.Revision() != rev {
		t.Fatal("dry run changed the world")
	}
}

func TestSTSGetCallerIdentity(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx := context.Background()
	for _, tc := range []struct{ key, account string }{
		{"210987654321", "210987654321"},
		{"test", "123456789012"},
		{"AKIAIOSFODNN7EXAMPLE", "123456789012"},
		{"12345678901", "123456789012"}, // 11 digits
	} {
		c := sts.NewFromConfig(sdkConfig(ts.URL, tc.key))
		out, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatalf("key %s: %v", tc.key, err)
		}
		if aws.ToString(out.Account) != tc.account || aws.ToString(out.Arn) != "arn:aws:iam::"+tc.account+":root" || aws.ToString(out.UserId) == "" {
			t.Errorf("key %s: account %s arn %s user %s", tc.key, aws.ToString(out.Account), aws.ToString(out.Arn), aws.ToString(out.UserId))
		}
		if id, _ := awsmw.GetRequestIDMetadata(out.ResultMetadata); !uuidRE.MatchString(id) {
			t.Errorf("key %s: request id %q", tc.key, id)
		}
	}
	// --account changes the default.
	ts2 := newTestServer(t, Options{DefaultAccount: "000011112222"})
	out, err := sts.NewFromConfig(sdkConfig(ts2.URL, "test")).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(out.Account) != "000011112222" {
		t.Fatalf("default account: %v %v", err, out)
	}
}

func TestSTSUnknownAction(t *testing.T) {
	ts := newTestServer(t, Options{})
	status, body, id := post(t, ts, "Action=DecodeAuthorizationMessage&EncodedMessage=x&Version=2011-06-15")
	if status != 400 || !strings.Contains(string(body), "InvalidAction") || id == "" {
		t.Fatalf("%d %s (request id %q)", status, body, id)
	}
}

// TestAccountsAreIsolated: a 12-digit access key is its own account with
// its own default VPC; another account cannot see its VPCs.
func TestAccountsAreIsolated(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx := context.Background()
	a, b := newServerTestEC2(ts, "111111111111"), newServerTestEC2(ts, "222222222222")
	v, err := a.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	out, err := b.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range out.Vpcs {
		if aws.ToString(x.VpcId) == aws.ToString(v.Vpc.VpcId) {
			t.Fatal("account 222222222222 sees 111111111111's VPC")
		}
		if aws.ToString(x.OwnerId) != "222222222222" {
			t.Fatalf("owner %s", aws.ToString(x.OwnerId))
		}
	}
	if aws.ToString(v.Vpc.OwnerId) != "111111111111" {
		t.Fatalf("owner %s", aws.ToString(v.Vpc.OwnerId))
	}
}

func TestRequestIDsOnSuccessAndError(t *testing.T) {
	ts := newTestServer(t, Options{})
	c := newServerTestEC2(ts, "test")
	out, err := c.DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{})
	if err != nil {
		t.Fatal(err)
	}
	id1, _ := awsmw.GetRequestIDMetadata(out.ResultMetadata)
	out2, _ := c.DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{})
	id2, _ := awsmw.GetRequestIDMetadata(out2.ResultMetadata)
	if !uuidRE.MatchString(id1) || id1 == id2 {
		t.Fatalf("request ids %q %q", id1, id2)
	}
	_, err = c.DeleteVpc(context.Background(), &ec2.DeleteVpcInput{VpcId: aws.String("vpc-0123456789abcdef0")})
	var re *awshttp.ResponseError
	if err == nil || !errors.As(err, &re) || !uuidRE.MatchString(re.ServiceRequestID()) {
		t.Fatalf("error without request id: %v", err)
	}
}

// TestConcurrentClients drives the server from many SDK clients at once
// (run with -race): every acknowledged VPC and tag is visible afterwards.
func TestConcurrentClients(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx := context.Background()
	const workers, each = 12, 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := map[string]string{}
	errc := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newServerTestEC2(ts, "test")
			for i := range each {
				name := fmt.Sprintf("w%d-%d", w, i)
				v, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
				if err != nil {
					errc <- err
					return
				}
				id := aws.ToString(v.Vpc.VpcId)
				if _, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String(name)}}}); err != nil {
					errc <- err
					return
				}
				if _, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{{Name: aws.String("tag:Name"), Values: []string{"w*"}}}}); err != nil {
					errc <- err
					return
				}
				mu.Lock()
				created[id] = name
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	c := newServerTestEC2(ts, "test")
	out, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{{Name: aws.String("tag-key"), Values: []string{"Name"}}}, MaxResults: aws.Int32(1000)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, v := range out.Vpcs {
		for _, tg := range v.Tags {
			if aws.ToString(tg.Key) == "Name" {
				got[aws.ToString(v.VpcId)] = aws.ToString(tg.Value)
			}
		}
	}
	if len(got) != workers*each {
		t.Fatalf("%d tagged VPCs, want %d", len(got), workers*each)
	}
	for id, name := range created {
		if got[id] != name {
			t.Fatalf("%s: tag %q, want %q", id, got[id], name)
		}
	}
}

// FuzzServe sends arbitrary form bodies through the whole request path:
// the answer must never be a 5xx (nor a panic, which the server would turn
// into a 500).
func FuzzServe(f *testing.F) {
	st, err := store.Open(store.Options{Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	// httptest.NewRequest addresses example.com.
	srv := New(control.New(st, control.Options{}), Options{AllowedHosts: []string{"example.com"}})
	// Create the default scope up front so that the known fresh-scope DryRun
	// bug (TestDryRunInFreshScope) does not mask everything else.
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader("Action=DescribeVpcs&Version=2016-11-15")))
	if rec.Code != 200 {
		f.Fatalf("warm-up: %d %s", rec.Code, rec.Body)
	}
	for _, op := range srv.EC2().Served() {
		f.Add(op, "")
		f.Add(op, "DryRun=true")
	}
	for _, seed := range []string{
		"CidrBlock=10.0.0.0/16",
		"CidrBlock=10.0.0.0/16&AmazonProvidedIpv6CidrBlock=true&TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=a&TagSpecification.1.Tag.1.Value=b",
		"VpcId=vpc-00000000000000000&CidrBlock=10.0.1.0/24&AvailabilityZone=us-east-1a",
		"Filter.1.Name=tag:Name&Filter.1.Value.1=*&MaxResults=5&NextToken=abc",
		"GroupId=sg-1&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=22&IpPermissions.1.ToPort=22&IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0/0",
		"ResourceId.1=vpc-1&Tag.1.Key=k&Tag.1.Value=v",
		"VpcId.1=vpc-1&VpcId.2=&VpcId.10=x",
		"ClientToken=tok&CidrBlock=10.0.0.0/16",
		"%zz=%",
		"a.b.c.d.e.f=1&....=2&.=3",
		"MaxResults=-1&Ipv4NetmaskLength=99",
	} {
		f.Add("CreateVpc", seed)
		f.Add("DescribeVpcs", seed)
	}
	f.Fuzz(func(t *testing.T, action, body string) {
		form := "Action=" + url.QueryEscape(action) + "&Version=2016-11-15"
		if body != "" {
			form += "&" + body
		}
		req := httptest.NewRequest("POST", "/", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("Action=%s %q: %d %s", action, body, rec.Code, rec.Body)
		}
		if rec.Header().Get("x-amzn-RequestId") == "" {
			t.Fatalf("no request id")
		}
	})
}

// TestNonCanonicalListIndex: "VpcId.01" must not crash the decoder.
func TestNonCanonicalListIndex(t *testing.T) {
	ts := newTestServer(t, Options{})
	if st, b, _ := post(t, ts, "Action=DescribeVpcs"); st != 200 {
		t.Fatalf("warm-up: %d %s", st, b)
	}
	for _, body := range []string{
		"Action=DescribeVpcs&VpcId.01=vpc-1",
		"Action=DescribeVpcs&Filter.01.Name=vpc-id&Filter.01.Value.1=vpc-1",
		"Action=DescribeVpcs&VpcId.1=vpc-1&VpcId.01=vpc-2",
	} {
		status, resp, _ := post(t, ts, body)
		if status >= 500 {
			t.Fatalf("%s: %d %s", body, status, resp)
		}
	}
}
