package restjson_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// FuzzDecode: nothing panics, failures are 4xx *awserr.Error, and what
// decodes renders.
func FuzzDecode(f *testing.F) {
	f.Add("POST", "/2015-03-31/functions/f?Qualifier=1", "X-Trace", "eyJhIjoxfQ==", `{"MemorySize":1,"Config":{"Nested":{"Grid":[[1]]},"Document":{"a":null}}}`)
	f.Add("POST", "/2015-03-31/functions/f/invocations", "", "", `[1,2,{"x":"y"}]`)
	f.Add("PUT", "/2015-03-31/functions/f/code", "Content-Encoding", "aws-chunked", "3\r\nabc\r\n0\r\n\r\n")
	f.Add("GET", "/2015-03-31/functions?MaxItems=3&a=b", "", "", "")
	f.Fuzz(func(t *testing.T, method, target, hname, hvalue, body string) {
		if !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n\t#") || strings.ContainsAny(method, " \r\n\t/") || method == "" {
			return
		}
		r, err := http.NewRequest(method, "http://lambda.test"+target, strings.NewReader(body))
		if err != nil {
			return
		}
		if hname != "" && !strings.ContainsAny(hname, ": \r\n\t") {
			r.Header.Set(hname, hvalue)
		}
		req := &protocol.Request{HTTP: r, Body: []byte(body)}
		name, err := codec.Resolve(svc, req)
		if err != nil {
			check4xx(t, err)
			return
		}
		op := svc.Operations[name]
		in := op.NewInput()
		if err := codec.Decode(svc, op, req, in); err != nil {
			check4xx(t, err)
			return
		}
		_ = codec.WriteOutput(httptest.NewRecorder(), svc, &protocol.Operation{Name: "x"}, in, "R")
	})
}

func check4xx(t *testing.T, err error) {
	t.Helper()
	ae, ok := err.(*awserr.Error)
	if !ok || ae.Status < 400 || ae.Status > 499 {
		t.Fatalf("error %T %v is not a 4xx *awserr.Error", err, err)
	}
}
