package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// awsCLI runs the AWS CLI against one server.
type awsCLI struct {
	t        *testing.T
	bin      string
	endpoint string
	env      []string
}

func findAWSCLI(t *testing.T, endpoint string) *awsCLI {
	t.Helper()
	bin, err := exec.LookPath("aws")
	if err != nil {
		t.Skipf("aws (the AWS CLI) not found in PATH: %v", err)
	}
	dir := t.TempDir()
	// The caller's environment minus anything AWS-related (a profile or a
	// region there must not leak in), plus test credentials.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"AWS_ACCESS_KEY_ID=test",
		"AWS_SECRET_ACCESS_KEY=test",
		"AWS_DEFAULT_REGION="+testRegion,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE="+filepath.Join(dir, "config-absent"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials-absent"),
		"AWS_MAX_ATTEMPTS=1",
		"AWS_PAGER=",
	)
	c := &awsCLI{t: t, bin: bin, endpoint: endpoint, env: env}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--version")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("aws --version fails (%v): %s", err, out)
	}
	return c
}

// run runs `aws --endpoint-url URL --output json ec2 args...` and returns
// the exit status, stdout and stderr.
func (c *awsCLI) run(args ...string) (int, string, string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	full := append([]string{"--endpoint-url", c.endpoint, "--output", "json", "ec2"}, args...)
	cmd := exec.CommandContext(ctx, c.bin, full...)
	cmd.Env = c.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			c.t.Fatalf("aws ec2 %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return code, stdout.String(), stderr.String()
}

// json runs a command that must succeed and decodes its JSON output.
func (c *awsCLI) json(args ...string) map[string]any {
	c.t.Helper()
	code, out, errOut := c.run(args...)
	if code != 0 {
		c.t.Fatalf("aws ec2 %s: exit %d: %s", strings.Join(args, " "), code, strings.TrimSpace(errOut))
	}
	m := map[string]any{}
	if strings.TrimSpace(out) == "" {
		return m
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		c.t.Fatalf("aws ec2 %s: output is not JSON (%v): %s", strings.Join(args, " "), err, out)
	}
	return m
}

// fails runs a command that must fail with exit status 255 and code in
// stderr.
func (c *awsCLI) fails(code string, args ...string) {
	c.t.Helper()
	exit, out, errOut := c.run(args...)
	if exit != 255 || !strings.Contains(errOut, "("+code+")") {
		c.t.Errorf("aws ec2 %s: exit %d, stderr %q, stdout %q; want exit 255 and (%s)", strings.Join(args, " "), exit, strings.TrimSpace(errOut), abbreviate(out, 200), code)
	}
}

// str walks a decoded JSON value by keys and indexes ("Vpc", "VpcId").
func str(v any, path ...any) string {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return ""
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return ""
			}
			v = l[k]
		}
	}
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	default:
		return fmt.Sprint(x)
	}
}

func list(v any, key string) []any {
	m, _ := v.(map[string]any)
	l, _ := m[key].([]any)
	return l
}

func TestAWSCLIWalkthrough(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	cli := findAWSCLI(t, srv.URL)
	// Each CLI call starts a Python interpreter: give the walkthrough time.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	before, errs := takeInventory(ctx, srv.ec2Client())
	for _, e := range errs {
		t.Logf("inventory before: %s", e)
	}

	// A VPC with tags; describe with a wildcard tag filter.
	vpc := str(cli.json("create-vpc", "--cidr-block", "10.0.0.0/16", "--amazon-provided-ipv6-cidr-block",
		"--tag-specifications", "ResourceType=vpc,Tags=[{Key=Name,Value=cli-main},{Key=team,Value=net}]"), "Vpc", "VpcId")
	if !strings.HasPrefix(vpc, "vpc-") {
		t.Fatalf("create-vpc returned VpcId %q", vpc)
	}
	got := cli.json("describe-vpcs", "--filters", "Name=tag:Name,Values=cli-*")
	if l := list(got, "Vpcs"); len(l) != 1 || str(l[0], "VpcId") != vpc {
		t.Errorf("describe-vpcs tag:Name=cli-*: %v", got)
	}
	if tags := list(list(got, "Vpcs")[0], "Tags"); len(tags) != 2 {
		t.Errorf("describe-vpcs tags: %v", tags)
	}
	cli.json("modify-vpc-attribute", "--vpc-id", vpc, "--enable-dns-hostnames", `{"Value":true}`)
	attr := cli.json("describe-vpc-attribute", "--vpc-id", vpc, "--attribute", "enableDnsHostnames")
	if str(attr, "EnableDnsHostnames", "Value") != "true" {
		t.Errorf("describe-vpc-attribute: %v", attr)
	}

	// Pagination: 7 VPCs more; --max-items/--page-size must terminate and
	// see every VPC once.
	for i := 1; i <= 6; i++ {
		cli.json("create-vpc", "--cidr-block", fmt.Sprintf("10.%d.0.0/16", 10+i))
	}
	seen := map[string]bool{}
	token := ""
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatalf("describe-vpcs --max-items 3 did not terminate after 10 pages")
		}
		args := []string{"describe-vpcs", "--max-items", "3", "--page-size", "5"}
		if token != "" {
			args = append(args, "--starting-token", token)
		}
		page := cli.json(args...)
		for _, v := range list(page, "Vpcs") {
			id := str(v, "VpcId")
			if seen[id] {
				t.Errorf("describe-vpcs pagination returned %s twice", id)
			}
			seen[id] = true
		}
		token = str(page, "NextToken")
		if token == "" {
			break
		}
	}
	if len(seen) != 8 {
		t.Errorf("paginated describe-vpcs saw %d VPCs, want 8", len(seen))
	}
	all := cli.json("describe-vpcs", "--page-size", "5")
	if n := len(list(all, "Vpcs")); n != 8 {
		t.Errorf("describe-vpcs --page-size 5 (auto-paginated): %d VPCs, want 8", n)
	}

	// Subnet, IGW, route table, route, association.
	subnet := str(cli.json("create-subnet", "--vpc-id", vpc, "--cidr-block", "10.0.1.0/24", "--availability-zone", "us-east-1a"), "Subnet", "SubnetId")
	if sn := cli.json("describe-subnets", "--subnet-ids", subnet); str(sn, "Subnets", 0, "AvailableIpAddressCount") != "251" {
		t.Errorf("describe-subnets: %v", sn)
	}
	igw := str(cli.json("create-internet-gateway"), "InternetGateway", "InternetGatewayId")
	cli.json("attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc)
	rtb := str(cli.json("create-route-table", "--vpc-id", vpc), "RouteTable", "RouteTableId")
	if r := cli.json("create-route", "--route-table-id", rtb, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", igw); str(r, "Return") != "true" {
		t.Errorf("create-route: %v", r)
	}
	assoc := str(cli.json("associate-route-table", "--route-table-id", rtb, "--subnet-id", subnet), "AssociationId")
	rt := cli.json("describe-route-tables", "--filters", "Name=association.subnet-id,Values="+subnet)
	if str(rt, "RouteTables", 0, "RouteTableId") != rtb {
		t.Errorf("describe-route-tables association.subnet-id: %v", rt)
	}

	// Security group and a rule.
	sg := str(cli.json("create-security-group", "--group-name", "cli", "--description", "cli walkthrough", "--vpc-id", vpc), "GroupId")
	rule := cli.json("authorize-security-group-ingress", "--group-id", sg, "--protocol", "tcp", "--port", "22", "--cidr", "10.0.0.0/8")
	if !strings.HasPrefix(str(rule, "SecurityGroupRules", 0, "SecurityGroupRuleId"), "sgr-") {
		t.Errorf("authorize-security-group-ingress: %v", rule)
	}
	cli.fails("InvalidPermission.Duplicate", "authorize-security-group-ingress", "--group-id", sg, "--protocol", "tcp", "--port", "22", "--cidr", "10.0.0.0/8")

	// Network ACL and an ephemeral-port entry.
	acl := str(cli.json("create-network-acl", "--vpc-id", vpc), "NetworkAcl", "NetworkAclId")
	cli.json("create-network-acl-entry", "--network-acl-id", acl, "--ingress", "--rule-number", "100", "--protocol", "tcp",
		"--port-range", "From=1024,To=65535", "--cidr-block", "0.0.0.0/0", "--rule-action", "allow")
	entries := cli.json("describe-network-acls", "--network-acl-ids", acl)
	found := false
	for _, e := range list(list(entries, "NetworkAcls")[0], "Entries") {
		if str(e, "RuleNumber") == "100" && str(e, "PortRange", "From") == "1024" && str(e, "PortRange", "To") == "65535" {
			found = true
		}
	}
	if !found {
		t.Errorf("describe-network-acls lacks the ephemeral entry: %v", entries)
	}
	cli.fails("NetworkAclEntryAlreadyExists", "create-network-acl-entry", "--network-acl-id", acl, "--ingress", "--rule-number", "100",
		"--protocol", "tcp", "--port-range", "From=80,To=80", "--cidr-block", "0.0.0.0/0", "--rule-action", "allow")

	// Error cases: exit status 255 and AWS's code on stderr.
	cli.fails("InvalidVpc.Range", "create-vpc", "--cidr-block", "10.0.0.0/8")
	cli.fails("InvalidSubnet.Conflict", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.0.1.128/25")
	cli.fails("InvalidSubnet.Range", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.99.0.0/24")
	cli.fails("DryRunOperation", "create-vpc", "--cidr-block", "10.200.0.0/16", "--dry-run")
	cli.fails("InvalidParameterValue", "describe-vpcs", "--filters", "Name=no-such-filter,Values=x")
	cli.fails("InvalidVpcID.NotFound", "describe-vpcs", "--vpc-ids", "vpc-0123456789abcdef0")
	cli.fails("DependencyViolation", "delete-vpc", "--vpc-id", vpc)
	if n := len(list(cli.json("describe-vpcs", "--filters", "Name=cidr,Values=10.200.0.0/16"), "Vpcs")); n != 0 {
		t.Errorf("--dry-run created a VPC")
	}

	// An unknown action is not reachable through the CLI: a raw POST.
	resp, err := http.Post(srv.URL, "application/x-www-form-urlencoded", strings.NewReader(url.Values{"Action": {"NoSuchAction"}, "Version": {"2016-11-15"}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "<Code>InvalidAction</Code>") {
		t.Errorf("unknown action: %d %s", resp.StatusCode, body)
	}

	// Teardown, in dependency order.
	cli.json("delete-network-acl", "--network-acl-id", acl)
	cli.json("revoke-security-group-ingress", "--group-id", sg, "--protocol", "tcp", "--port", "22", "--cidr", "10.0.0.0/8")
	cli.json("delete-security-group", "--group-id", sg)
	cli.json("disassociate-route-table", "--association-id", assoc)
	cli.json("delete-route", "--route-table-id", rtb, "--destination-cidr-block", "0.0.0.0/0")
	cli.json("delete-route-table", "--route-table-id", rtb)
	cli.json("detach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc)
	cli.json("delete-internet-gateway", "--internet-gateway-id", igw)
	cli.json("delete-subnet", "--subnet-id", subnet)
	for id := range seen {
		if id == vpc {
			continue
		}
		if v := cli.json("describe-vpcs", "--vpc-ids", id); str(v, "Vpcs", 0, "IsDefault") == "true" {
			continue
		}
		cli.json("delete-vpc", "--vpc-id", id)
	}
	cli.json("delete-vpc", "--vpc-id", vpc)
	assertOnlyDefaults(t, ctx, srv.ec2Client(), before)
}
