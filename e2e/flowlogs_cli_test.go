package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const flowLogsTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

const flowLogsPublish = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogGroups","logs:DescribeLogStreams"],"Resource":"*"}]}`

// TestFlowLogsCLI creates flow logs to CloudWatch Logs and S3 with the AWS
// CLI, runs a traffic file through the admin route, and reads the records
// back with `aws logs get-log-events` and `aws s3 cp` (VPC-UG
// flow-logs-cwl.md: one stream per interface, one event per record;
// flow-logs-s3.md: AWSLogs/<account>/vpcflowlogs/<region>/yyyy/mm/dd/
// gzip files with the field names on the first line).
func TestFlowLogsCLI(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	cli := findAWSCLI(t, srv.URL)
	str := func(m map[string]any, path ...string) string {
		var v any = m
		for _, p := range path {
			mm, ok := v.(map[string]any)
			if !ok {
				return ""
			}
			v = mm[p]
		}
		s, _ := v.(string)
		return s
	}
	account := str(cli.svcJSON("sts", "get-caller-identity"), "Account")
	vpc := str(cli.json("create-vpc", "--cidr-block", "10.50.0.0/16"), "Vpc", "VpcId")
	subnet := str(cli.json("create-subnet", "--vpc-id", vpc, "--cidr-block", "10.50.1.0/24"), "Subnet", "SubnetId")
	a := str(cli.json("create-network-interface", "--subnet-id", subnet, "--private-ip-address", "10.50.1.10"), "NetworkInterface", "NetworkInterfaceId")
	b := str(cli.json("create-network-interface", "--subnet-id", subnet, "--private-ip-address", "10.50.1.20"), "NetworkInterface", "NetworkInterfaceId")
	role := str(cli.svcJSON("iam", "create-role", "--role-name", "flow-logs", "--assume-role-policy-document", flowLogsTrust), "Role", "Arn")
	cli.svcJSON("iam", "put-role-policy", "--role-name", "flow-logs", "--policy-name", "publish", "--policy-document", flowLogsPublish)
	cli.svcJSON("s3api", "create-bucket", "--bucket", "flow-bucket")

	cwl := cli.json("create-flow-logs", "--resource-type", "VPC", "--resource-ids", vpc, "--traffic-type", "ALL",
		"--log-group-name", "flow-group", "--deliver-logs-permission-arn", role, "--max-aggregation-interval", "60")
	s3 := cli.json("create-flow-logs", "--resource-type", "Subnet", "--resource-ids", subnet, "--traffic-type", "ALL",
		"--log-destination-type", "s3", "--log-destination", "arn:aws:s3:::flow-bucket/net/")
	for _, out := range []map[string]any{cwl, s3} {
		if ids, _ := out["FlowLogIds"].([]any); len(ids) != 1 || out["Unsuccessful"] != nil && len(out["Unsuccessful"].([]any)) != 0 {
			t.Fatalf("create-flow-logs: %v", out)
		}
	}
	// A second flow log with the same configuration is reported, not created.
	dup := cli.json("create-flow-logs", "--resource-type", "VPC", "--resource-ids", vpc, "--traffic-type", "ALL",
		"--log-group-name", "flow-group", "--deliver-logs-permission-arn", role)
	if u, _ := dup["Unsuccessful"].([]any); len(u) != 1 || !strings.Contains(fmt.Sprint(u[0]), "FlowLogAlreadyExists") {
		t.Fatalf("duplicate: %v", dup)
	}

	start := time.Now().Add(-time.Hour).Unix()
	traffic := fmt.Sprintf(`{"start": %d, "duration": 600, "flows": [
		{"source": %q, "destination": %q, "protocol": "tcp", "port": 443, "sourcePort": 40000, "at": 5, "duration": 10, "packets": 10, "bytes": 5000}]}`, start, a, b)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/_vpcsim/traffic?seed=1", strings.NewReader(traffic))
	req.Header.Set("X-Vpcsim-Account", account)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("traffic: %s: %s", resp.Status, body)
	}

	// CloudWatch Logs: the group was created by the role, one stream per
	// interface, the request's egress record at a.
	ev := cli.svcJSON("logs", "get-log-events", "--log-group-name", "flow-group", "--log-stream-name", a+"-all", "--start-from-head")
	events, _ := ev["events"].([]any)
	want := fmt.Sprintf("2 %s %s 10.50.1.10 10.50.1.20 40000 443 6 10 5000 ", account, a)
	found := false
	for _, e := range events {
		msg := str(e.(map[string]any), "message")
		if strings.HasPrefix(msg, want) && strings.HasSuffix(msg, " ACCEPT OK") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no record %q... in %s", want, ev)
	}

	// S3: one file per 5 minutes under the documented layout.
	list := cli.svcJSON("s3api", "list-objects-v2", "--bucket", "flow-bucket")
	contents, _ := list["Contents"].([]any)
	if len(contents) == 0 {
		t.Fatalf("no flow log files: %v", list)
	}
	key := str(contents[0].(map[string]any), "Key")
	day := time.Unix(start, 0).UTC().Format("2006/01/02")
	prefix := "net/AWSLogs/" + account + "/vpcflowlogs/" + testRegion + "/" + day + "/" + account + "_vpcflowlogs_" + testRegion + "_fl-"
	if !strings.HasPrefix(key, prefix) || !strings.HasSuffix(key, ".log.gz") {
		t.Fatalf("key %q, want %s...", key, prefix)
	}
	file := filepath.Join(t.TempDir(), "f.log.gz")
	if code, _, errOut := cli.svcRun("s3", "cp", "s3://flow-bucket/"+key, file); code != 0 {
		t.Fatalf("aws s3 cp: %s", errOut)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(zr)
	lines := strings.Split(strings.TrimSpace(string(text)), "\n")
	if lines[0] != "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status" || len(lines) < 2 {
		t.Fatalf("file:\n%s", text)
	}
}

// checkFlowLogsApplied checks the flow-logs scenario's flow logs through
// the SDK: both deliver (their role and bucket policy allow it).
func checkFlowLogsApplied(t *testing.T, ctx context.Context, srv *testServer) {
	out := must[*ec2.DescribeFlowLogsOutput](t, "DescribeFlowLogs")(srv.ec2Client().DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{
		Filter: []types.Filter{{Name: aws.String("tag:env"), Values: []string{"dev"}}}}))
	if len(out.FlowLogs) != 2 {
		t.Errorf("flow logs after apply: %d", len(out.FlowLogs))
		return
	}
	for _, f := range out.FlowLogs {
		if aws.ToString(f.DeliverLogsStatus) != "SUCCESS" || aws.ToString(f.FlowLogStatus) != "ACTIVE" {
			t.Errorf("flow log %s: %s %s", aws.ToString(f.FlowLogId), aws.ToString(f.DeliverLogsStatus), aws.ToString(f.DeliverLogsErrorMessage))
		}
	}
}
