package logs_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// BenchmarkPutLogEvents measures PutLogEvents through the server handler
// (decode, validation, transaction, encode) with batches of 10 and 1000
// events of about 100 bytes, appended to one stream that keeps growing:
// the cost per call must not depend on the stream's history.
func BenchmarkPutLogEvents(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			st, err := store.Open(store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			h := server.New(control.New(st, control.Options{}), server.Options{})
			call := func(op, body string) *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-amz-json-1.1")
				req.Header.Set("X-Amz-Target", "Logs_20140328."+op)
				req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAVPCSIMBENCH/20260101/us-east-1/logs/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%s: %d %s", op, rec.Code, rec.Body)
				}
				return rec
			}
			call("CreateLogGroup", `{"logGroupName":"bench"}`)
			call("CreateLogStream", `{"logGroupName":"bench","logStreamName":"s"}`)
			var buf bytes.Buffer
			buf.WriteString(`{"logGroupName":"bench","logStreamName":"s","logEvents":[`)
			ts := time.Now().Add(-time.Hour).UnixMilli()
			for i := range n {
				if i > 0 {
					buf.WriteByte(',')
				}
				fmt.Fprintf(&buf, `{"timestamp":%d,"message":"2 123456789012 eni-0123456789abcdef0 10.0.1.5 10.0.2.7 443 49152 6 10 840 %d ACCEPT OK"}`, ts+int64(i), i)
			}
			buf.WriteString(`]}`)
			body := buf.String()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				call("PutLogEvents", body)
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
