package restxml_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"

	s3api "github.com/vpcsim/vpcsim/internal/api/s3"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/restxml"
)

func newReq(method, target string, headers map[string]string, body string) *protocol.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	return &protocol.Request{HTTP: r, Body: []byte(body)}
}

func TestResolveTable(t *testing.T) {
	cases := []struct {
		method, target string
		headers        map[string]string
		op             string
		labels         map[string]string
	}{
		{"GET", "/", nil, "ListBuckets", nil},
		{"GET", "/?x-id=ListBuckets&max-buckets=10", nil, "ListBuckets", nil},
		{"GET", "/b", nil, "ListObjects", map[string]string{"Bucket": "b"}},
		{"GET", "/b/", nil, "ListObjects", map[string]string{"Bucket": "b"}},
		{"GET", "/b?prefix=x&delimiter=%2F", nil, "ListObjects", nil},
		{"GET", "/b?location", nil, "GetBucketLocation", nil},
		{"GET", "/b?list-type=2&prefix=a", nil, "ListObjectsV2", nil},
		{"GET", "/b?list-type=3", nil, "ListObjects", nil},
		{"GET", "/b?acl", nil, "GetBucketAcl", nil},
		{"GET", "/b?lifecycle", nil, "GetBucketLifecycleConfiguration", nil},
		{"GET", "/b?notification", nil, "GetBucketNotificationConfiguration", nil},
		{"PUT", "/b?lifecycle", nil, "PutBucketLifecycleConfiguration", nil},
		{"GET", "/b?analytics", nil, "ListBucketAnalyticsConfigurations", nil},
		{"GET", "/b?analytics&id=x", nil, "GetBucketAnalyticsConfiguration", nil},
		{"GET", "/b?uploads", nil, "ListMultipartUploads", nil},
		{"GET", "/b?versions", nil, "ListObjectVersions", nil},
		{"PUT", "/b", nil, "CreateBucket", nil},
		{"HEAD", "/b", nil, "HeadBucket", nil},
		{"DELETE", "/b", nil, "DeleteBucket", nil},
		{"POST", "/b?delete", nil, "DeleteObjects", nil},
		{"GET", "/b/k", nil, "GetObject", map[string]string{"Bucket": "b", "Key": "k"}},
		{"GET", "/b/a/b%2Fc/d%20e.txt", nil, "GetObject", map[string]string{"Bucket": "b", "Key": "a/b/c/d e.txt"}},
		{"GET", "/b/dir/", nil, "GetObject", map[string]string{"Bucket": "b", "Key": "dir/"}},
		{"GET", "/b/a//b", nil, "GetObject", map[string]string{"Bucket": "b", "Key": "a//b"}},
		{"GET", "/b/k%2Bplus", nil, "GetObject", map[string]string{"Bucket": "b", "Key": "k+plus"}},
		{"GET", "/b/k?uploadId=u", nil, "ListParts", nil},
		{"GET", "/b/k?acl", nil, "GetObjectAcl", nil},
		{"GET", "/b/k?tagging", nil, "GetObjectTagging", nil},
		{"GET", "/b/k?attributes", map[string]string{"x-amz-object-attributes": "ETag"}, "GetObjectAttributes", nil},
		{"GET", "/b/k?attributes", nil, "GetObjectAttributes", nil}, // missing header: validation reports it
		{"HEAD", "/b/k", nil, "HeadObject", nil},
		{"PUT", "/b/k", nil, "PutObject", nil},
		{"PUT", "/b/k", map[string]string{"x-amz-copy-source": "/src/k"}, "CopyObject", nil},
		{"PUT", "/b/k?partNumber=1&uploadId=u", nil, "UploadPart", nil},
		{"PUT", "/b/k?partNumber=1&uploadId=u", map[string]string{"X-Amz-Copy-Source": "/src/k"}, "UploadPartCopy", nil},
		{"PUT", "/b/k?x-id=PutObject", map[string]string{"x-amz-copy-source": "/src/k"}, "PutObject", nil},
		{"PUT", "/b/k?tagging", nil, "PutObjectTagging", nil},
		{"DELETE", "/b/k", nil, "DeleteObject", nil},
		{"DELETE", "/b/k?uploadId=u", nil, "AbortMultipartUpload", nil},
		{"POST", "/b/k?uploads", nil, "CreateMultipartUpload", nil},
		{"POST", "/b/k?uploadId=u", nil, "CompleteMultipartUpload", nil},
		{"POST", "/b/k?select&select-type=2", nil, "SelectObjectContent", nil},
		{"POST", "/b/k?restore", nil, "RestoreObject", nil},
		{"POST", "/WriteGetObjectResponse", nil, "WriteGetObjectResponse", nil},
		// Required members missing: the only candidate still wins, so that
		// validation names the missing member.
		{"POST", "/b/k", nil, "CompleteMultipartUpload", nil},
	}
	var c restxml.Codec
	for _, tc := range cases {
		req := newReq(tc.method, tc.target, tc.headers, "")
		got, err := c.Resolve(s3api.Service, req)
		if err != nil || got != tc.op {
			t.Errorf("%s %s %v = %q, %v; want %s", tc.method, tc.target, tc.headers, got, err, tc.op)
			continue
		}
		for k, v := range tc.labels {
			if req.Labels[k] != v {
				t.Errorf("%s %s: label %s = %q, want %q", tc.method, tc.target, k, req.Labels[k], v)
			}
		}
	}
}

func TestResolveErrors(t *testing.T) {
	var c restxml.Codec
	for _, tc := range []struct{ method, target string }{
		{"PATCH", "/b"},
		{"PUT", "/"},
		{"OPTIONS", "/b/k"},
	} {
		_, err := c.Resolve(s3api.Service, newReq(tc.method, tc.target, nil, ""))
		ae, ok := err.(*awserr.Error)
		if !ok || ae.Code != "MethodNotAllowed" || ae.Status != http.StatusMethodNotAllowed || ae.Message == "" {
			t.Errorf("%s %s: %v", tc.method, tc.target, err)
		}
	}
	// A non-S3 service: an unknown path is 404, a known one with the
	// wrong method 405.
	svc := route53Like()
	if _, err := c.Resolve(svc, newReq("GET", "/nothing/here", nil, "")); err.(*awserr.Error).Status != 404 {
		t.Errorf("unknown path: %v", err)
	}
	if _, err := c.Resolve(svc, newReq("DELETE", "/2013-04-01/hostedzone", nil, "")); err.(*awserr.Error).Code != "MethodNotAllowed" {
		t.Errorf("wrong method: %v", err)
	}
	name, err := c.Resolve(svc, newReq("GET", "/2013-04-01/hostedzone/Z123/rrset?name=a.example.com.", nil, ""))
	if err != nil || name != "ListResourceRecordSets" {
		t.Errorf("rrset: %q %v", name, err)
	}
}

// supersededBy names, for the operations that share method, URI and
// required members with another one, the operation that wins the tie.
var supersededBy = map[string]string{
	"GetBucketLifecycle":    "GetBucketLifecycleConfiguration",
	"PutBucketLifecycle":    "PutBucketLifecycleConfiguration",
	"GetBucketNotification": "GetBucketNotificationConfiguration",
	"PutBucketNotification": "PutBucketNotificationConfiguration",
	"ListDirectoryBuckets":  "ListBuckets",
}

// requestFor builds the request an SDK would send for op: its URI with
// sample labels, its literal query keys and its required querystring and
// header members.
func requestFor(op *protocol.Operation, xid bool) *protocol.Request {
	path, query, _ := strings.Cut(op.RequestURI, "?")
	path = strings.NewReplacer("{Bucket}", "bkt", "{Key+}", "dir/key.txt").Replace(path)
	for strings.Contains(path, "{") {
		i := strings.Index(path, "{")
		j := strings.Index(path, "}")
		path = path[:i] + "label" + path[j+1:]
	}
	q := url.Values{}
	for _, p := range strings.Split(query, "&") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		q.Set(k, v)
	}
	headers := map[string]string{}
	t := reflect.TypeOf(op.NewInput()).Elem()
	for _, f := range protocol.Describe(t).Fields {
		if !f.Tag.Required {
			continue
		}
		switch f.Tag.Loc {
		case "querystring":
			q.Set(f.Tag.Wire, "1")
		case "header":
			headers[f.Tag.Wire] = "x"
		}
	}
	if xid {
		q.Set("x-id", op.Name)
	}
	target := path
	if len(q) > 0 {
		target += "?" + strings.ReplaceAll(q.Encode(), "=&", "&")
	}
	return newReq(op.Method, target, headers, "")
}

// TestResolveEveryOperation is the property test: every S3 operation
// resolves from a request built from its own RequestURI and required
// members (to its superseding twin where the model has two), and to itself
// when the request names it in x-id, as the SDKs do.
func TestResolveEveryOperation(t *testing.T) {
	var c restxml.Codec
	names := make([]string, 0, len(s3api.Service.Operations))
	for n := range s3api.Service.Operations {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		op := s3api.Service.Operations[n]
		want := n
		if w, ok := supersededBy[n]; ok {
			want = w
		}
		req := requestFor(op, false)
		got, err := c.Resolve(s3api.Service, req)
		if err != nil || got != want {
			t.Errorf("%s (%s %s): resolved %q, %v; want %s", n, op.Method, req.HTTP.URL, got, err, want)
		}
		if strings.Contains(op.RequestURI, "{Bucket}") && req.Labels["Bucket"] != "bkt" {
			t.Errorf("%s: Bucket label = %q", n, req.Labels["Bucket"])
		}
		if strings.Contains(op.RequestURI, "{Key+}") && req.Labels["Key"] != "dir/key.txt" {
			t.Errorf("%s: Key label = %q", n, req.Labels["Key"])
		}
		got, err = c.Resolve(s3api.Service, requestFor(op, true))
		if err != nil || got != n {
			t.Errorf("%s with x-id: resolved %q, %v", n, got, err)
		}
		// Decoding the built request must not fail.
		in := op.NewInput()
		if err := c.Decode(s3api.Service, op, req, in); err != nil {
			t.Errorf("%s: Decode: %v", n, err)
		}
	}
}

func route53Like() *protocol.Service {
	type listRRSetsIn struct {
		HostedZoneId *string `aws:"Id,loc=uri,req"`
		Name         *string `aws:"name,loc=querystring"`
		MaxItems     *int32  `aws:"maxitems,loc=querystring"`
	}
	type listZonesIn struct {
		Marker *string `aws:"marker,loc=querystring"`
	}
	return &protocol.Service{
		Name: "route53", Protocol: "rest-xml", APIVersion: "2013-04-01",
		XMLNamespace: "https://route53.amazonaws.com/doc/2013-04-01/",
		Operations: map[string]*protocol.Operation{
			"ListResourceRecordSets": {Name: "ListResourceRecordSets", Method: "GET", RequestURI: "/2013-04-01/hostedzone/{Id}/rrset", NewInput: func() any { return new(listRRSetsIn) }},
			"ListHostedZones":        {Name: "ListHostedZones", Method: "GET", RequestURI: "/2013-04-01/hostedzone", NewInput: func() any { return new(listZonesIn) }},
		},
	}
}
