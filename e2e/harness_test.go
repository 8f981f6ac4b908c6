package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

const (
	testRegion  = "us-east-1"
	testAccount = "123456789012"
)

// testServer is one in-process vpcsim with an ephemeral store, listening on
// 127.0.0.1, recording every call that answered an error.
type testServer struct {
	URL string
	log *callLog
	st  *store.Store
}

// startServer starts a fresh server for t. When t fails, the calls that
// answered errors are logged (so a failure names the failing EC2 call), and
// any 5xx answer fails the test: nothing a client sends may produce one.
func startServer(t testing.TB) *testServer {
	t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	ctl := control.New(st, control.Options{})
	log := &callLog{}
	hs := httptest.NewServer(log.wrap(server.New(ctl, server.Options{})))
	t.Cleanup(func() {
		hs.Close()
		_ = st.Close()
		log.report(t)
	})
	return &testServer{URL: hs.URL, log: log, st: st}
}

// call is one request that answered an error.
type call struct {
	Action  string
	Service string
	Params  string
	Status  int
	Code    string
	Message string
}

func (c call) String() string {
	return fmt.Sprintf("%s %s -> %d %s: %s [%s]", c.Service, c.Action, c.Status, c.Code, c.Message, c.Params)
}

type callLog struct {
	mu     sync.Mutex
	total  int
	errors []call
}

var (
	codeRE    = regexp.MustCompile(`<Code>([^<]*)</Code>`)
	messageRE = regexp.MustCompile(`<Message>([^<]*)</Message>`)
	serviceRE = regexp.MustCompile(`Credential=[^/]*/[^/]*/[^/]*/([^/]*)/`)
)

func (l *callLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		l.mu.Lock()
		defer l.mu.Unlock()
		l.total++
		if rec.status < 400 {
			return
		}
		form, _ := url.ParseQuery(string(body))
		c := call{Action: form.Get("Action"), Status: rec.status, Params: abbreviate(string(body), 400)}
		if m := serviceRE.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
			c.Service = m[1]
		}
		if m := codeRE.FindSubmatch(rec.body.Bytes()); m != nil {
			c.Code = string(m[1])
		}
		if m := messageRE.FindSubmatch(rec.body.Bytes()); m != nil {
			c.Message = abbreviate(string(m[1]), 300)
		}
		l.errors = append(l.errors, c)
	})
}

// unserved returns the actions answered with InvalidAction.
func (l *callLog) unserved() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	set := map[string]bool{}
	for _, c := range l.errors {
		if c.Code == "InvalidAction" {
			set[c.Action] = true
		}
	}
	var out []string
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

func (l *callLog) report(t testing.TB) {
	l.mu.Lock()
	errs := append([]call(nil), l.errors...)
	l.mu.Unlock()
	for _, c := range errs {
		if c.Status >= 500 {
			t.Errorf("server answered 5xx (never allowed): %s", c)
		}
	}
	if !t.Failed() || len(errs) == 0 {
		return
	}
	if u := l.unserved(); len(u) > 0 {
		t.Logf("actions answered InvalidAction (not served yet): %s", strings.Join(u, ", "))
	}
	// Distinct (action, code) pairs, first occurrence with its parameters.
	seen := map[string]int{}
	var order []string
	first := map[string]call{}
	for _, c := range errs {
		k := c.Action + " " + c.Code
		if seen[k] == 0 {
			order = append(order, k)
			first[k] = c
		}
		seen[k]++
	}
	var b strings.Builder
	for _, k := range order {
		fmt.Fprintf(&b, "\n  %dx %s", seen[k], first[k])
	}
	t.Logf("calls that answered errors (%d of %d calls):%s", len(errs), l.total, b.String())
}

type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status >= 400 && r.body.Len() < 4096 {
		r.body.Write(p)
	}
	return r.ResponseWriter.Write(p)
}

func abbreviate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// ec2Client returns an SDK client for the server, with static test
// credentials and no shared-config lookups. It keeps the SDK's standard
// retryer (3 attempts) because the SDK intermittently fails to read a 200
// body ("use of closed network connection", aws/aws-sdk-go-v2#2737, a
// client-side race); 4xx answers are never retried, and the recorder above
// fails the test on any 5xx, so retries hide no server error.
func (s *testServer) ec2Client() *ec2.Client {
	return ec2.New(ec2.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		RetryMaxAttempts: 3,
	})
}

func (s *testServer) stsClient() *sts.Client {
	return sts.New(sts.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		RetryMaxAttempts: 3,
	})
}

// testCtx is a context bounded by the test's deadline (or one minute).
func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// must fails the test with the AWS error code when err is not nil.
func must[T any](t testing.TB, what string) func(T, error) T {
	t.Helper()
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %s", what, describeErr(err))
		}
		return v
	}
}

// check fails the test (without stopping it) when err is not nil.
func check(t testing.TB, what string, err error) bool {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %s", what, describeErr(err))
		return false
	}
	return true
}

// errorCode returns the AWS error code of err, or "".
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func describeErr(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("%s: %s", ae.ErrorCode(), ae.ErrorMessage())
	}
	return err.Error()
}

// wantCode asserts that err is an AWS error with code.
func wantCode(t testing.TB, what string, err error, code string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: succeeded, want error %s", what, code)
		return
	}
	if got := errorCode(err); got != code {
		t.Errorf("%s: error %s, want %s", what, describeErr(err), code)
	}
}

// tagMap flattens SDK tags.
func tagMap(tags []types.Tag) map[string]string {
	m := map[string]string{}
	for _, tg := range tags {
		m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	return m
}

// objectsOutsideEC2 lists every stored object of every registered kind of
// the services other than EC2 (whose leftovers assertOnlyDefaults judges
// with EC2's own rules: terminated instances stay visible for an hour), as
// "kind id".
func (s *testServer) objectsOutsideEC2() map[string]bool {
	out := map[string]bool{}
	w := s.st.Snapshot()
	for _, k := range store.Kinds() {
		sp := k.Spec()
		if sp.Service == "ec2" || sp.Internal {
			continue
		}
		k.Each(w, func(m *model.Meta) bool {
			out[sp.Name+" "+m.ID] = true
			return true
		})
	}
	return out
}
