package ec2_test

import (
	"net/http"
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

// newSDKClient returns a real aws-sdk-go-v2 EC2 client for url. Retries are
// off so that every answer is seen as sent. Keep-alive is off: reused
// connections intermittently fail in the SDK with "use of closed network
// connection" while it reads a body (aws/aws-sdk-go-v2#2737, a client-side
// race that its retries normally hide).
func newSDKClient(url, region string) *ec2.Client {
	return ec2.New(ec2.Options{
		Region:           region,
		BaseEndpoint:     aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		RetryMaxAttempts: 1,
		HTTPClient:       &http.Client{Transport: &http.Transport{DisableKeepAlives: true}},
	})
}
