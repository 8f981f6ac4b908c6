package e2e

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestUnsupportedWithAWSCLI: the AWS CLI parses and prints the error of a
// service vpcsim does not serve (in each protocol) and of an EC2
// operation it does not serve, naming the service and the operation.
// (Its own server: startServer's harness refuses any 5xx, and the REST
// protocols' answer is AWS's 501 NotImplemented.)
func TestUnsupportedWithAWSCLI(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the AWS CLI (slow)")
	}
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hs := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	defer hs.Close()
	cli := findAWSCLI(t, hs.URL)
	for _, c := range []struct {
		args       []string
		code, name string
	}{
		{[]string{"lambda", "list-functions"}, "NotImplemented", "service lambda"},
		{[]string{"route53", "list-hosted-zones"}, "NotImplemented", "service route53"},
		{[]string{"sqs", "list-queues"}, "", "service sqs"},
		{[]string{"sns", "list-topics"}, "InvalidAction", "service sns (operation ListTopics)"},
		{[]string{"ec2", "describe-fpga-images"}, "InvalidAction", "DescribeFpgaImages"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, cli.bin, append([]string{"--endpoint-url", hs.URL, "--output", "json"}, c.args...)...)
		cmd.Env = cli.env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		msg := stderr.String()
		if err == nil || !strings.Contains(msg, "An error occurred") || !strings.Contains(msg, "vpcsim does not emulate") && !strings.Contains(msg, "not valid for this web service") ||
			!strings.Contains(msg, c.name) || c.code != "" && !strings.Contains(msg, "("+c.code+")") {
			t.Errorf("aws %s: %v\nstdout: %s\nstderr: %s", strings.Join(c.args, " "), err, stdout.String(), msg)
		}
	}
}
