package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestWebPagesCannotDriveTheServer pins the defences against a web page on
// the user's machine: cross-site browser requests (the reset that wiped
// every account, a GET that created a VPC) and DNS rebinding.
func TestWebPagesCannotDriveTheServer(t *testing.T) {
	srv := newTestServer(t, Options{ListenAddr: "127.0.0.1:4566", AllowedHosts: []string{"vpcsim.test", "*.dev.test"}}).srv
	cases := []struct {
		name    string
		method  string
		target  string
		body    string
		host    string
		headers map[string]string
		want    int
	}{
		{"cross-site reset as text/plain", "POST", "/_vpcsim/reset", "x", "127.0.0.1:4566", map[string]string{"Content-Type": "text/plain", "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, 403},
		{"cross-site reset, no fetch metadata", "POST", "/_vpcsim/reset", "x", "127.0.0.1:4566", map[string]string{"Origin": "https://evil.example"}, 403},
		{"img GET CreateVpc", "GET", "/?Action=CreateVpc&CidrBlock=10.0.0.0/16", "", "127.0.0.1:4566", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"same-site page", "GET", "/?Action=DescribeVpcs", "", "localhost:4566", map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"null origin", "POST", "/_vpcsim/reset", "", "127.0.0.1:4566", map[string]string{"Origin": "null"}, 403},
		{"DNS rebinding", "POST", "/", "Action=DescribeVpcs", "attacker.example:4566", nil, 403},
		{"trace via rebinding", "POST", "/_vpcsim/trace", "{}", "attacker.example", nil, 403},
		{"SDK on 127.0.0.1", "POST", "/", "Action=DescribeVpcs&Version=2016-11-15", "127.0.0.1:4566", nil, 200},
		{"SDK on localhost", "POST", "/", "Action=DescribeVpcs&Version=2016-11-15", "localhost:4566", nil, 200},
		{"SDK on [::1]", "POST", "/", "Action=DescribeVpcs&Version=2016-11-15", "[::1]:4566", nil, 200},
		{"S3 virtual host", "GET", "/_vpcsim/health", "", "bucket.s3.localhost:4566", nil, 200},
		{"allowed host", "GET", "/_vpcsim/health", "", "vpcsim.test:4566", nil, 200},
		{"allowed wildcard", "GET", "/_vpcsim/health", "", "a.dev.test", nil, 200},
		{"wildcard is not the apex", "GET", "/_vpcsim/health", "", "dev.test", nil, 403},
		{"same-origin browser", "GET", "/_vpcsim/health", "", "127.0.0.1:4566", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1:4566"}, 200},
		{"typed URL", "GET", "/_vpcsim/health", "", "localhost:4566", map[string]string{"Sec-Fetch-Site": "none"}, 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
			req.Host = c.host
			if c.method == "POST" && c.headers["Content-Type"] == "" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for k, v := range c.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != c.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.want, rec.Body)
			}
			if c.want == 403 && !strings.Contains(rec.Body.String(), "AccessDenied") {
				t.Fatalf("403 without AccessDenied: %s", rec.Body)
			}
		})
	}
}

func TestAllowRemoteTurnsOffOnlyTheHostCheck(t *testing.T) {
	srv := newTestServer(t, Options{AllowRemote: true}).srv
	req := httptest.NewRequest("GET", "/_vpcsim/health", nil)
	req.Host = "build-host.internal:4566"
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("remote host refused with AllowRemote: %d", rec.Code)
	}
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("cross-site request accepted with AllowRemote: %d", rec.Code)
	}
}
