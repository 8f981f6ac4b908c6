package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// BenchmarkWritePath measures one EC2 write (CreateTags on a VPC) through
// the whole server, without the network: decoding, the handler, the store
// transaction and its commit, and the encoded answer. "ephemeral" keeps the
// world in memory; "durable" commits every answer to a data directory
// (one fsync per group commit). The parallel variants run 16 writers.
func BenchmarkWritePath(b *testing.B) {
	for _, mode := range []string{"ephemeral", "durable"} {
		for _, writers := range []int{1, 16} {
			b.Run(fmt.Sprintf("%s/c%d", mode, writers), func(b *testing.B) {
				opts := store.Options{}
				if mode == "durable" {
					opts.Dir = b.TempDir()
				}
				st, err := store.Open(opts)
				if err != nil {
					b.Fatal(err)
				}
				defer st.Close()
				ctl := control.New(st, control.Options{})
				srv := New(ctl, Options{})
				vpc, err := ctl.CreateVpc(context.Background(), model.Scope{Account: "123456789012", Region: "us-east-1"}, control.CreateVpcInput{CidrBlock: "10.0.0.0/16"})
				if err != nil {
					b.Fatal(err)
				}
				body := url.Values{"Action": {"CreateTags"}, "Version": {"2016-11-15"},
					"ResourceId.1": {vpc.ID}, "Tag.1.Key": {"Name"}, "Tag.1.Value": {"bench"}}.Encode()
				do := func() {
					req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:4566/", strings.NewReader(body))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=123456789012/20261130/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0")
					rec := httptest.NewRecorder()
					srv.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("CreateTags: %d %s", rec.Code, rec.Body)
					}
				}
				b.ReportAllocs()
				if writers == 1 {
					for b.Loop() {
						do()
					}
					return
				}
				b.SetParallelism((writers + 1) / 2)
				var mu sync.Mutex
				var lat []time.Duration
				b.RunParallel(func(pb *testing.PB) {
					var mine []time.Duration
					for pb.Next() {
						start := time.Now()
						do()
						mine = append(mine, time.Since(start))
					}
					mu.Lock()
					lat = append(lat, mine...)
					mu.Unlock()
				})
				slices.Sort(lat)
				if n := len(lat); n > 0 {
					b.ReportMetric(float64(lat[n/2].Microseconds()), "p50-µs")
					b.ReportMetric(float64(lat[n*99/100].Microseconds()), "p99-µs")
				}
			})
		}
	}
}
