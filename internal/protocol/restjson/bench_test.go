package restjson_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/protocol"
)

func BenchmarkResolveDecodeCreate(b *testing.B) {
	body := `{"MemorySize":128,"Tags":[{"Key":"a","Value":"b"},{"Key":"c","Value":"d"}],"Created":1767323045.678,"Config":{"Timeout":3.5,"Environment":{"K":"V"},"Layers":["l1","l2"]}}`
	r := httptest.NewRequest("POST", "/2015-03-31/functions/fn?Qualifier=v1", strings.NewReader(body))
	b.ReportAllocs()
	for b.Loop() {
		req := &protocol.Request{HTTP: r, Body: []byte(body)}
		name, err := codec.Resolve(svc, req)
		if err != nil {
			b.Fatal(err)
		}
		op := svc.Operations[name]
		if err := codec.Decode(svc, op, req, op.NewInput()); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

func BenchmarkEncodeCreate(b *testing.B) {
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC)
	out := &createOut{Version: ptr("3"), Arn: ptr("arn:aws:lambda:us-east-1:1:function:f"), Modified: &stamp,
		Config: &config{Memory: ptr(int32(128)), Env: map[string]string{"a": "1", "b": "2"}, Layers: []string{"l1", "l2"}, Tags: []tag{{Key: ptr("k"), Value: ptr("v")}}}}
	op := svc.Operations["CreateFunction"]
	b.ReportAllocs()
	for b.Loop() {
		if err := codec.WriteOutput(&discard{h: http.Header{}}, svc, op, out, "R"); err != nil {
			b.Fatal(err)
		}
	}
}
