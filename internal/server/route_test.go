package server

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// signedPost sends body with a SigV4 Authorization header whose credential
// scope names service (the signature itself is not checked).
func signedPost(t *testing.T, ts *testServer, service, contentType, body string, headers map[string]string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if service != "" {
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/us-east-1/"+service+"/aws4_request, SignedHeaders=host, Signature=00")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw), resp.Header
}

func TestUnknownServiceIsNamed(t *testing.T) {
	ts := newTestServer(t, Options{})
	status, body, _ := signedPost(t, ts, "lambda", "application/x-www-form-urlencoded", "Action=ListFunctions", nil)
	if status != 400 || !strings.Contains(body, "<Code>InvalidAction</Code>") || !strings.Contains(body, "service lambda") {
		t.Fatalf("unknown service: %d %s", status, body)
	}
	// A JSON-protocol caller gets a JSON error it can parse.
	status, body, h := signedPost(t, ts, "", "application/x-amz-json-1.1", "{}", map[string]string{"X-Amz-Target": "AWSLambda.ListFunctions"})
	var e struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	if status != 400 || json.Unmarshal([]byte(body), &e) != nil || e.Type != "UnknownOperationException" || !strings.Contains(e.Message, "AWSLambda") || h.Get("x-amzn-ErrorType") == "" {
		t.Fatalf("unknown json service: %d %s %v", status, body, h)
	}
}

func TestUnservedOperationOfKnownService(t *testing.T) {
	ts := newTestServer(t, Options{})
	// AssumeRoleWithSAML is in STS's model; an operation vpcsim does not
	// serve answers the protocol's error, never a fake success.
	status, body, _ := signedPost(t, ts, "sts", "application/x-www-form-urlencoded", "Action=AssumeRoleWithSAML&Version=2011-06-15", nil)
	if status != 400 || !strings.Contains(body, "<ErrorResponse") || !strings.Contains(body, "InvalidAction") {
		t.Fatalf("unserved STS operation: %d %s", status, body)
	}
	status, body, _ = signedPost(t, ts, "sts", "application/x-www-form-urlencoded", "Action=NoSuchThing&Version=2011-06-15", nil)
	if status != 400 || !strings.Contains(body, "InvalidAction") {
		t.Fatalf("unknown STS operation: %d %s", status, body)
	}
}

func TestUnsignedQueryRoutesByVersion(t *testing.T) {
	ts := newTestServer(t, Options{})
	status, body, _ := signedPost(t, ts, "", "application/x-www-form-urlencoded", "Action=GetCallerIdentity&Version=2011-06-15", nil)
	if status != 200 || !strings.Contains(body, "<GetCallerIdentityResult>") || !strings.Contains(body, "<Account>123456789012</Account>") {
		t.Fatalf("unsigned STS: %d %s", status, body)
	}
	status, body, _ = signedPost(t, ts, "", "application/x-www-form-urlencoded", "Action=DescribeVpcs&Version=2016-11-15", nil)
	if status != 200 || !strings.Contains(body, "<DescribeVpcsResponse") {
		t.Fatalf("unsigned EC2: %d %s", status, body)
	}
}

func TestHealthListsServices(t *testing.T) {
	ts := newTestServer(t, Options{})
	resp, err := http.Get(ts.URL + "/_vpcsim/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h struct {
		Services []struct {
			Name       string `json:"name"`
			Protocol   string `json:"protocol"`
			Operations int    `json:"operations"`
		} `json:"services"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range h.Services {
		if s.Operations == 0 {
			t.Errorf("service %s lists no operations", s.Name)
		}
		got[s.Name] = s.Protocol
	}
	if got["ec2"] != "ec2" || got["sts"] != "query" {
		t.Fatalf("health services: %+v", h.Services)
	}
}

func TestBucketFromHost(t *testing.T) {
	for host, want := range map[string]string{
		"mybucket.s3.localhost:4566":           "mybucket",
		"my.bucket.s3.us-east-1.amazonaws.com": "my.bucket",
		"logs.localhost":                       "logs",
		"s3.localhost:4566":                    "",
		"127.0.0.1:4566":                       "",
		"localhost":                            "",
		"[::1]:4566":                           "",
	} {
		got, ok := bucketFromHost(host)
		if got != want || ok != (want != "") {
			t.Errorf("bucketFromHost(%q) = %q, %v; want %q", host, got, ok, want)
		}
	}
}
