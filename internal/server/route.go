package server

import (
	"net"
	"net/http"
	"strings"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/awserr"
)

// route finds the service a request is for:
//
//  1. the X-Amz-Target header's prefix (the json protocol);
//  2. the SigV4 credential scope's service (every signed request);
//  3. a Host naming an S3 bucket (virtual-hosted style), rewritten to
//     path style;
//  4. for unsigned requests, the Version parameter of the query protocols,
//     else S3 for anything but POST /, else EC2.
//
// A request for a service vpcsim does not serve gets an error that names it.
func (s *Server) route(r *http.Request, cred credential) (*api.Binding, *http.Request, *awserr.Error) {
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		prefix, _, _ := strings.Cut(target, ".")
		if b, ok := s.byTarget[prefix]; ok {
			return b, r, nil
		}
		if cred.service == "" {
			return nil, r, unknownService(prefix, s.services)
		}
	}
	if cred.service != "" {
		b, ok := s.bySigning[cred.service]
		if !ok {
			return nil, r, unknownService(cred.service, s.services)
		}
		if b.Service.Name == "s3" {
			r = virtualHostToPath(r)
		}
		return b, r, nil
	}
	if b, ok := s.bySigning["s3"]; ok {
		if _, isBucket := bucketFromHost(r.Host); isBucket {
			return b, virtualHostToPath(r), nil
		}
	}
	q := r.URL.Query()
	if r.Method == http.MethodPost && r.URL.Path == "/" || q.Get("Action") != "" {
		version := q.Get("Version")
		if version == "" && r.Method == http.MethodPost {
			version = formVersion(r)
		}
		for _, b := range s.services {
			if version != "" && b.Service.APIVersion == version && (b.Service.Protocol == "query" || b.Service.Protocol == "ec2") {
				return b, r, nil
			}
		}
		return s.bySigning["ec2"], r, nil
	}
	if b, ok := s.bySigning["s3"]; ok {
		return b, r, nil
	}
	return s.bySigning["ec2"], r, nil
}

// formVersion peeks at the Version parameter of a form body without
// consuming it: unsigned query-protocol requests are rare (tests, curl), so
// the body is re-read by the codec.
func formVersion(r *http.Request) string {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") || r.Body == nil {
		return ""
	}
	body, aerr := readBody(r, maxBody)
	if aerr != nil {
		return ""
	}
	r.Body = nopCloser{strings.NewReader(string(body))}
	for _, kv := range strings.Split(string(body), "&") {
		if v, ok := strings.CutPrefix(kv, "Version="); ok {
			return v
		}
	}
	return ""
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

// bucketFromHost returns the bucket of a virtual-hosted-style S3 host:
// "<bucket>.s3.<anything>" or "<bucket>.s3-<region>.<anything>" or
// "<bucket>.localhost".
func bucketFromHost(host string) (string, bool) {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(host)
	if net.ParseIP(host) != nil {
		return "", false
	}
	if i := strings.Index(host, ".s3."); i > 0 {
		return host[:i], true
	}
	if i := strings.Index(host, ".s3-"); i > 0 {
		return host[:i], true
	}
	if b, ok := strings.CutSuffix(host, ".localhost"); ok && b != "" && b != "s3" {
		return b, true
	}
	return "", false
}

// virtualHostToPath rewrites a virtual-hosted-style S3 request to path style.
func virtualHostToPath(r *http.Request) *http.Request {
	bucket, ok := bucketFromHost(r.Host)
	if !ok {
		return r
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/" + bucket + r.URL.Path
	if r.URL.RawPath != "" {
		r2.URL.RawPath = "/" + bucket + r.URL.RawPath
	}
	return r2
}

// unknownService answers a request for a service vpcsim does not serve.
func unknownService(name string, served []*api.Binding) *awserr.Error {
	names := make([]string, 0, len(served))
	for _, b := range served {
		names = append(names, b.Service.Name)
	}
	return awserr.New("InvalidAction", "vpcsim does not emulate the service %s (served: %s)", name, strings.Join(names, ", "))
}
