package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// logsCLI runs `aws --endpoint-url URL --output json logs args...` and
// decodes its JSON output; it fails the test when the command fails.
func logsCLI(c *awsCLI, args ...string) map[string]any {
	c.t.Helper()
	code, out, errOut := runLogsCLI(c, args...)
	if code != 0 {
		c.t.Fatalf("aws logs %s: exit %d: %s", strings.Join(args, " "), code, strings.TrimSpace(errOut))
	}
	m := map[string]any{}
	if strings.TrimSpace(out) == "" {
		return m
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		c.t.Fatalf("aws logs %s: output is not JSON (%v): %s", strings.Join(args, " "), err, out)
	}
	return m
}

func runLogsCLI(c *awsCLI, args ...string) (int, string, string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	full := append([]string{"--endpoint-url", c.endpoint, "--output", "json", "logs"}, args...)
	cmd := exec.CommandContext(ctx, c.bin, full...)
	cmd.Env = c.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			c.t.Fatalf("aws logs %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return code, stdout.String(), stderr.String()
}

// TestAWSCLILogs walks CloudWatch Logs with the AWS CLI: groups with a
// retention policy, a stream, put-log-events, get-log-events (paginated by
// the CLI until the forward token repeats), filter-log-events with a
// filter pattern, describe-log-groups by prefix, and error codes.
func TestAWSCLILogs(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := findAWSCLI(t, srv.URL)
	logsCLI(c, "create-log-group", "--log-group-name", "/cli/app", "--tags", "env=test")
	logsCLI(c, "create-log-group", "--log-group-name", "/cli/other")
	logsCLI(c, "put-retention-policy", "--log-group-name", "/cli/app", "--retention-in-days", "30")
	logsCLI(c, "create-log-stream", "--log-group-name", "/cli/app", "--log-stream-name", "web")

	now := time.Now().UnixMilli()
	var evs []string
	for i := range 5 {
		msg := fmt.Sprintf("INFO GET /item/%d 200", i)
		if i == 3 {
			msg = "ERROR GET /item/3 500"
		}
		evs = append(evs, fmt.Sprintf(`{"timestamp":%d,"message":%q}`, now-5000+int64(i)*1000, msg))
	}
	put := logsCLI(c, "put-log-events", "--log-group-name", "/cli/app", "--log-stream-name", "web", "--log-events", "["+strings.Join(evs, ",")+"]")
	if str(put, "nextSequenceToken") == "" {
		t.Errorf("put-log-events: no nextSequenceToken: %v", put)
	}

	got := logsCLI(c, "get-log-events", "--log-group-name", "/cli/app", "--log-stream-name", "web", "--start-from-head")
	events := list(got, "events")
	if len(events) != 5 || str(events[0], "message") != "INFO GET /item/0 200" || !strings.HasPrefix(str(got, "nextForwardToken"), "f/") {
		t.Errorf("get-log-events: %v", got)
	}

	f := logsCLI(c, "filter-log-events", "--log-group-name", "/cli/app", "--filter-pattern", "ERROR")
	fe := list(f, "events")
	if len(fe) != 1 || str(fe[0], "message") != "ERROR GET /item/3 500" || str(fe[0], "logStreamName") != "web" || str(fe[0], "eventId") == "" {
		t.Errorf("filter-log-events: %v", f)
	}
	f = logsCLI(c, "filter-log-events", "--log-group-name", "/cli/app", "--filter-pattern", "[verb, method, path, status=2*]", "--max-items", "2")
	if len(list(f, "events")) != 2 || str(f, "NextToken") == "" {
		t.Errorf("filter-log-events --max-items: %v", f)
	}

	d := logsCLI(c, "describe-log-groups", "--log-group-name-prefix", "/cli/a")
	groups := list(d, "logGroups")
	if len(groups) != 1 || str(groups[0], "logGroupName") != "/cli/app" || str(groups[0], "retentionInDays") != "30" ||
		str(groups[0], "arn") != "arn:aws:logs:us-east-1:123456789012:log-group:/cli/app:*" {
		t.Errorf("describe-log-groups: %v", d)
	}
	d = logsCLI(c, "describe-log-groups", "--log-group-name-prefix", "/cli/", "--page-size", "1")
	if len(list(d, "logGroups")) != 2 {
		t.Errorf("describe-log-groups paged by the CLI: %v", d)
	}
	tags := logsCLI(c, "list-tags-for-resource", "--resource-arn", "arn:aws:logs:us-east-1:123456789012:log-group:/cli/app")
	if str(tags, "tags", "env") != "test" {
		t.Errorf("list-tags-for-resource: %v", tags)
	}

	for _, tc := range []struct {
		code string
		args []string
	}{
		{"ResourceAlreadyExistsException", []string{"create-log-group", "--log-group-name", "/cli/app"}},
		{"ResourceNotFoundException", []string{"delete-log-group", "--log-group-name", "/cli/none"}},
		{"InvalidParameterException", []string{"put-retention-policy", "--log-group-name", "/cli/app", "--retention-in-days", "2"}},
		{"InvalidParameterException", []string{"filter-log-events", "--log-group-name", "/cli/app", "--filter-pattern", "{ $.a = "}},
	} {
		exit, _, errOut := runLogsCLI(c, tc.args...)
		if exit != 254 && exit != 255 || !strings.Contains(errOut, "("+tc.code+")") {
			t.Errorf("aws logs %s: exit %d %q, want (%s)", strings.Join(tc.args, " "), exit, strings.TrimSpace(errOut), tc.code)
		}
	}
	logsCLI(c, "delete-log-group", "--log-group-name", "/cli/app")
	logsCLI(c, "delete-log-group", "--log-group-name", "/cli/other")
	d = logsCLI(c, "describe-log-groups")
	if len(list(d, "logGroups")) != 0 {
		t.Errorf("groups left: %v", d)
	}
}
