package ec2_test

import (
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// startTestServer serves a fresh in-memory world (ids seeded) on a loopback
// port for the life of the test.
func startTestServer(t *testing.T, seed int64) (string, *control.Service) {
	t.Helper()
	st, err := store.Open(store.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	ctl := control.New(st, control.Options{})
	srv := httptest.NewServer(server.New(ctl, server.Options{}))
	t.Cleanup(func() {
		srv.Close()
		st.Close()
	})
	return srv.URL, ctl
}

// newSDKClient returns a real aws-sdk-go-v2 EC2 client for url with the
// SDK's standard retryer (3 attempts): the SDK intermittently fails to read
// a body with "use of closed network connection" (aws/aws-sdk-go-v2#2737, a
// client-side race that its retries hide, as they do for every SDK user).
// Client errors (4xx) are never retried, so error-code assertions see the
// answer as sent; a 5xx would fail the test after its retries.
func newSDKClient(url, region string) *ec2.Client {
	return ec2.New(ec2.Options{
		Region:           region,
		BaseEndpoint:     aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		RetryMaxAttempts: 3,
	})
}
