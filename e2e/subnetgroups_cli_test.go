package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// svcRun runs `aws --endpoint-url URL --output json <service> args...` with
// the CLI found by findAWSCLI and returns the exit status, stdout and
// stderr.
func (c *awsCLI) svcRun(service string, args ...string) (int, string, string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	full := append([]string{"--endpoint-url", c.endpoint, "--output", "json", service}, args...)
	cmd := exec.CommandContext(ctx, c.bin, full...)
	cmd.Env = c.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			c.t.Fatalf("aws %s %s: %v", service, strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return code, stdout.String(), stderr.String()
}

// svcJSON runs a command that must succeed and decodes its JSON output.
func (c *awsCLI) svcJSON(service string, args ...string) map[string]any {
	c.t.Helper()
	code, out, errOut := c.svcRun(service, args...)
	if code != 0 {
		c.t.Fatalf("aws %s %s: exit %d: %s", service, strings.Join(args, " "), code, strings.TrimSpace(errOut))
	}
	m := map[string]any{}
	if strings.TrimSpace(out) == "" {
		return m
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		c.t.Fatalf("aws %s %s: output is not JSON (%v): %s", service, strings.Join(args, " "), err, out)
	}
	return m
}

// svcFails runs a command that must fail with code in stderr.
func (c *awsCLI) svcFails(code, service string, args ...string) {
	c.t.Helper()
	exit, out, errOut := c.svcRun(service, args...)
	if exit != 254 && exit != 255 || !strings.Contains(errOut, "("+code+")") {
		c.t.Errorf("aws %s %s: exit %d, stderr %q, stdout %q; want a failure with (%s)", service, strings.Join(args, " "), exit, strings.TrimSpace(errOut), abbreviate(out, 200), code)
	}
}

// TestAWSCLISubnetGroups runs the three services' subnet group commands
// with the AWS CLI: create, describe, modify, tag, delete, and an error
// each.
func TestAWSCLISubnetGroups(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	cli := findAWSCLI(t, srv.URL)
	ctx := testCtx(t)
	w := newSGWorld(t, ctx, srv.ec2Client())
	two := w.defaultIDs(2)

	// RDS.
	g := cli.svcJSON("rds", "create-db-subnet-group", "--db-subnet-group-name", "CLI-DB",
		"--db-subnet-group-description", "from the CLI", "--subnet-ids", two[0], two[1], "--tags", "Key=env,Value=cli")
	arn := str(g, "DBSubnetGroup", "DBSubnetGroupArn")
	if str(g, "DBSubnetGroup", "DBSubnetGroupName") != "cli-db" || arn != "arn:aws:rds:us-east-1:"+testAccount+":subgrp:cli-db" ||
		str(g, "DBSubnetGroup", "Subnets", 1, "SubnetAvailabilityZone", "Name") != *w.defaultSubnets[1].AvailabilityZone {
		t.Errorf("create-db-subnet-group: %v", g)
	}
	d := cli.svcJSON("rds", "describe-db-subnet-groups")
	if l := list(d, "DBSubnetGroups"); len(l) != 1 || str(l[0], "SubnetGroupStatus") != "Complete" {
		t.Errorf("describe-db-subnet-groups: %v", d)
	}
	cli.svcJSON("rds", append([]string{"modify-db-subnet-group", "--db-subnet-group-name", "cli-db", "--db-subnet-group-description", "changed", "--subnet-ids"}, w.dualIDs()...)...)
	cli.svcJSON("rds", "add-tags-to-resource", "--resource-name", arn, "--tags", "Key=team,Value=db")
	tl := cli.svcJSON("rds", "list-tags-for-resource", "--resource-name", arn)
	if len(list(tl, "TagList")) != 2 {
		t.Errorf("list-tags-for-resource: %v", tl)
	}
	cli.svcJSON("rds", "remove-tags-from-resource", "--resource-name", arn, "--tag-keys", "team")
	cli.svcFails("DBSubnetGroupDoesNotCoverEnoughAZs", "rds", "create-db-subnet-group", "--db-subnet-group-name", "one",
		"--db-subnet-group-description", "d", "--subnet-ids", two[0])
	cli.svcJSON("rds", "delete-db-subnet-group", "--db-subnet-group-name", "cli-db")
	cli.svcFails("DBSubnetGroupNotFoundFault", "rds", "describe-db-subnet-groups", "--db-subnet-group-name", "cli-db")

	// ElastiCache.
	e := cli.svcJSON("elasticache", "create-cache-subnet-group", "--cache-subnet-group-name", "cli-cache",
		"--cache-subnet-group-description", "from the CLI", "--subnet-ids", two[0], "--tags", "Key=env,Value=cli")
	earn := str(e, "CacheSubnetGroup", "ARN")
	if earn != "arn:aws:elasticache:us-east-1:"+testAccount+":subnetgroup:cli-cache" {
		t.Errorf("create-cache-subnet-group: %v", e)
	}
	ed := cli.svcJSON("elasticache", "describe-cache-subnet-groups")
	if l := list(ed, "CacheSubnetGroups"); len(l) != 1 || str(l[0], "VpcId") != w.defaultVPC {
		t.Errorf("describe-cache-subnet-groups: %v", ed)
	}
	cli.svcJSON("elasticache", "modify-cache-subnet-group", "--cache-subnet-group-name", "cli-cache", "--subnet-ids", two[0], two[1])
	at := cli.svcJSON("elasticache", "add-tags-to-resource", "--resource-name", earn, "--tags", "Key=team,Value=cache")
	if len(list(at, "TagList")) != 2 {
		t.Errorf("add-tags-to-resource: %v", at)
	}
	cli.svcJSON("elasticache", "remove-tags-from-resource", "--resource-name", earn, "--tag-keys", "team")
	cli.svcJSON("elasticache", "list-tags-for-resource", "--resource-name", earn)
	cli.svcFails("CacheSubnetGroupAlreadyExists", "elasticache", "create-cache-subnet-group", "--cache-subnet-group-name", "CLI-cache",
		"--cache-subnet-group-description", "d", "--subnet-ids", two[0])
	cli.svcJSON("elasticache", "delete-cache-subnet-group", "--cache-subnet-group-name", "cli-cache")

	// Redshift.
	r := cli.svcJSON("redshift", "create-cluster-subnet-group", "--cluster-subnet-group-name", "cli-dw",
		"--description", "from the CLI", "--subnet-ids", two[0], two[1], "--tags", "Key=env,Value=cli")
	if str(r, "ClusterSubnetGroup", "ClusterSubnetGroupName") != "cli-dw" || str(r, "ClusterSubnetGroup", "Subnets", 0, "SubnetStatus") != "Active" {
		t.Errorf("create-cluster-subnet-group: %v", r)
	}
	rarn := "arn:aws:redshift:us-east-1:" + testAccount + ":subnetgroup:cli-dw"
	cli.svcJSON("redshift", "modify-cluster-subnet-group", "--cluster-subnet-group-name", "cli-dw", "--description", "changed", "--subnet-ids", two[0])
	cli.svcJSON("redshift", "create-tags", "--resource-name", rarn, "--tags", "Key=team,Value=dw")
	dt := cli.svcJSON("redshift", "describe-tags", "--resource-name", rarn)
	if len(list(dt, "TaggedResources")) != 2 {
		t.Errorf("describe-tags: %v", dt)
	}
	cli.svcJSON("redshift", "delete-tags", "--resource-name", rarn, "--tag-keys", "team")
	rd := cli.svcJSON("redshift", "describe-cluster-subnet-groups", "--tag-keys", "env")
	if l := list(rd, "ClusterSubnetGroups"); len(l) != 1 || str(l[0], "Description") != "changed" {
		t.Errorf("describe-cluster-subnet-groups: %v", rd)
	}
	cli.svcFails("InvalidSubnet", "redshift", "create-cluster-subnet-group", "--cluster-subnet-group-name", "bad",
		"--description", "d", "--subnet-ids", fakeSubnetIDs(1)[0])
	cli.svcJSON("redshift", "delete-cluster-subnet-group", "--cluster-subnet-group-name", "cli-dw")
	cli.svcFails("ClusterSubnetGroupNotFoundFault", "redshift", "delete-cluster-subnet-group", "--cluster-subnet-group-name", "cli-dw")
}
