package jsonrpc_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/vpcsim/vpcsim/internal/api/logs"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/jsonrpc"
)

// BenchmarkDecodePutLogEvents decodes a PutLogEvents request of 20 events,
// Resolve included.
func BenchmarkDecodePutLogEvents(b *testing.B) {
	body := []byte(`{"logGroupName":"/app/web","logStreamName":"i-0123456789abcdef0","logEvents":[`)
	for i := range 20 {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, `{"timestamp":17644545040`+strconv.Itoa(10+i)+`,"message":"GET /index.html 200 0.012s \"Mozilla/5.0\" request `+strconv.Itoa(i)+`"}`...)
	}
	body = append(body, `]}`...)
	r, _ := http.NewRequest(http.MethodPost, "http://localhost/", nil)
	r.Header.Set("X-Amz-Target", "Logs_20140328.PutLogEvents")
	r.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req := &protocol.Request{HTTP: r, Body: body}
	op := logs.Service.Operations["PutLogEvents"]
	var c jsonrpc.Codec
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := c.Resolve(logs.Service, req); err != nil {
			b.Fatal(err)
		}
		in := new(logs.PutLogEventsRequest)
		if err := c.Decode(logs.Service, op, req, in); err != nil || len(in.LogEvents) != 20 {
			b.Fatal(err)
		}
	}
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkEncodeDescribeLogGroups renders a page of 20 log groups.
func BenchmarkEncodeDescribeLogGroups(b *testing.B) {
	out := &logs.DescribeLogGroupsResponse{NextToken: sp("next-token")}
	for i := range 20 {
		n := "/app/service-" + strconv.Itoa(i)
		out.LogGroups = append(out.LogGroups, logs.LogGroup{
			LogGroupName: sp(n), CreationTime: new(int64(1764454504123)), RetentionInDays: new(int32(30)),
			MetricFilterCount: new(int32(0)), StoredBytes: new(int64(123456)),
			Arn:           sp("arn:aws:logs:us-east-1:123456789012:log-group:" + n + ":*"),
			LogGroupArn:   sp("arn:aws:logs:us-east-1:123456789012:log-group:" + n),
			LogGroupClass: sp("STANDARD"), DeletionProtectionEnabled: new(false),
		})
	}
	op := logs.Service.Operations["DescribeLogGroups"]
	w := &discard{h: http.Header{}}
	var c jsonrpc.Codec
	b.ReportAllocs()
	for b.Loop() {
		if err := c.WriteOutput(w, logs.Service, op, out, "0d3c8a8e-0000-4000-8000-000000000002"); err != nil {
			b.Fatal(err)
		}
	}
}
