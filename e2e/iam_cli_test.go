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

// iamCLI runs `aws --endpoint-url URL --output json <args>` with the
// environment findAWSCLI prepared, optionally with other credentials.
func iamCLI(t *testing.T, c *awsCLI, extraEnv []string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, append([]string{"--endpoint-url", c.endpoint, "--output", "json"}, args...)...)
	cmd.Env = append(append([]string(nil), c.env...), extraEnv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return code, stdout.String(), stderr.String()
}

func iamJSON(t *testing.T, c *awsCLI, env []string, args ...string) map[string]any {
	t.Helper()
	code, out, errOut := iamCLI(t, c, env, args...)
	if code != 0 {
		t.Fatalf("aws %s: exit %d: %s", strings.Join(args, " "), code, strings.TrimSpace(errOut))
	}
	m := map[string]any{}
	if strings.TrimSpace(out) != "" {
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("aws %s: not JSON: %s", strings.Join(args, " "), out)
		}
	}
	return m
}

// TestAWSCLIIAM drives IAM and STS with the AWS CLI: create a role, attach
// and list policies, put an inline policy (the CLI decodes IAM's
// URL-encoded documents), check error codes, assume the role and ask STS
// who the temporary credentials are.
func TestAWSCLIIAM(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := findAWSCLI(t, srv.URL)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`
	role := iamJSON(t, c, nil, "iam", "create-role", "--role-name", "cli-role", "--assume-role-policy-document", trust,
		"--description", "from the CLI", "--tags", "Key=env,Value=test")
	arn := str(role, "Role", "Arn")
	if arn != "arn:aws:iam::123456789012:role/cli-role" {
		t.Fatalf("create-role Arn %q", arn)
	}
	// The CLI decodes the URL-encoded trust policy into JSON.
	if got := str(role, "Role", "AssumeRolePolicyDocument", "Statement", 0, "Action"); got != "sts:AssumeRole" {
		t.Errorf("decoded trust policy action %q", got)
	}
	iamJSON(t, c, nil, "iam", "attach-role-policy", "--role-name", "cli-role", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")
	att := iamJSON(t, c, nil, "iam", "list-attached-role-policies", "--role-name", "cli-role")
	if ps := list(att, "AttachedPolicies"); len(ps) != 1 || str(ps[0], "PolicyName") != "ReadOnlyAccess" {
		t.Errorf("list-attached-role-policies: %v", att)
	}
	iamJSON(t, c, nil, "iam", "put-role-policy", "--role-name", "cli-role", "--policy-name", "inline",
		"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	rp := iamJSON(t, c, nil, "iam", "get-role-policy", "--role-name", "cli-role", "--policy-name", "inline")
	if got := str(rp, "PolicyDocument", "Statement", 0, "Action"); got != "s3:GetObject" {
		t.Errorf("get-role-policy: %v", rp)
	}
	for _, tc := range []struct {
		code string
		args []string
	}{
		{"NoSuchEntity", []string{"iam", "get-role", "--role-name", "nobody"}},
		{"EntityAlreadyExists", []string{"iam", "create-role", "--role-name", "CLI-ROLE", "--assume-role-policy-document", trust}},
		{"DeleteConflict", []string{"iam", "delete-role", "--role-name", "cli-role"}},
		{"MalformedPolicyDocument", []string{"iam", "create-policy", "--policy-name", "bad", "--policy-document", trust}},
	} {
		code, _, errOut := iamCLI(t, c, nil, tc.args...)
		if code != 254 && code != 255 || !strings.Contains(errOut, "("+tc.code+")") {
			t.Errorf("aws %s: exit %d %q, want (%s)", strings.Join(tc.args, " "), code, strings.TrimSpace(errOut), tc.code)
		}
	}

	assumed := iamJSON(t, c, nil, "sts", "assume-role", "--role-arn", arn, "--role-session-name", "cli-session")
	key, secret, token := str(assumed, "Credentials", "AccessKeyId"), str(assumed, "Credentials", "SecretAccessKey"), str(assumed, "Credentials", "SessionToken")
	if !strings.HasPrefix(key, "ASIA123456789012") {
		t.Fatalf("assume-role credentials: %v", assumed)
	}
	env := []string{"AWS_ACCESS_KEY_ID=" + key, "AWS_SECRET_ACCESS_KEY=" + secret, "AWS_SESSION_TOKEN=" + token}
	who := iamJSON(t, c, env, "sts", "get-caller-identity")
	if str(who, "Arn") != "arn:aws:sts::123456789012:assumed-role/cli-role/cli-session" || str(who, "Account") != "123456789012" {
		t.Errorf("get-caller-identity with the role's credentials: %v", who)
	}
	root := iamJSON(t, c, nil, "sts", "get-caller-identity")
	if str(root, "Arn") != "arn:aws:iam::123456789012:root" {
		t.Errorf("get-caller-identity with plain keys: %v", root)
	}

	iamJSON(t, c, nil, "iam", "detach-role-policy", "--role-name", "cli-role", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")
	iamJSON(t, c, nil, "iam", "delete-role-policy", "--role-name", "cli-role", "--policy-name", "inline")
	iamJSON(t, c, nil, "iam", "delete-role", "--role-name", "cli-role")
}
