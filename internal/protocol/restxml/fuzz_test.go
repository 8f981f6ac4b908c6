package restxml_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	s3api "github.com/vpcsim/vpcsim/internal/api/s3"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// FuzzDecode feeds arbitrary methods, targets, headers and bodies through
// Resolve and Decode: nothing may panic, and every failure is a 4xx
// *awserr.Error.
func FuzzDecode(f *testing.F) {
	f.Add("PUT", "/bkt", "", "", `<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>`)
	f.Add("POST", "/bkt?delete", "", "", `<Delete><Object><Key>a</Key></Object><Quiet>true</Quiet></Delete>`)
	f.Add("PUT", "/bkt/k", "Content-Encoding", "aws-chunked", "3;chunk-signature=x\r\nabc\r\n0\r\n\r\n")
	f.Add("GET", "/bkt?list-type=2&max-keys=5", "x-amz-request-payer", "requester", "")
	f.Add("PUT", "/bkt?acl", "", "", `<AccessControlPolicy><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>u</URI></Grantee></Grant></AccessControlList></AccessControlPolicy>`)
	f.Add("PUT", "/bkt/k", "x-amz-object-lock-retain-until-date", "2026-01-01T00:00:00Z", "")
	f.Add("PUT", "/bkt?lifecycle", "", "", `<LifecycleConfiguration><Rule><ID>r</ID><Status>Enabled</Status><Expiration><Days>3</Days></Expiration></Rule></LifecycleConfiguration>`)
	f.Fuzz(func(t *testing.T, method, target, hname, hvalue, body string) {
		if !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n\t#") || strings.ContainsAny(method, " \r\n\t/") || method == "" {
			return
		}
		r, err := http.NewRequest(method, "http://s3.test"+target, strings.NewReader(body))
		if err != nil {
			return
		}
		if hname != "" && !strings.ContainsAny(hname, ": \r\n\t") {
			r.Header.Set(hname, hvalue)
		}
		req := &protocol.Request{HTTP: r, Body: []byte(body)}
		name, err := codec.Resolve(s3api.Service, req)
		if err != nil {
			check4xx(t, err)
			return
		}
		op := s3api.Service.Operations[name]
		in := op.NewInput()
		if err := codec.Decode(s3api.Service, op, req, in); err != nil {
			check4xx(t, err)
			return
		}
		// Whatever decoded must render without panicking.
		_ = protocol.Validate(in, s3api.Service.Enums)
		w := httptest.NewRecorder()
		if op.NewOutput != nil {
			_ = codec.WriteOutput(w, s3api.Service, op, op.NewOutput(), "R")
		}
	})
}

func check4xx(t *testing.T, err error) {
	t.Helper()
	ae, ok := err.(*awserr.Error)
	if !ok || ae.Status < 400 || ae.Status > 499 {
		t.Fatalf("error %T %v is not a 4xx *awserr.Error", err, err)
	}
}
