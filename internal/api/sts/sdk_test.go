package sts_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

type clients struct {
	url string
}

func start(t *testing.T) clients {
	t.Helper()
	st, err := store.Open(store.Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	t.Cleanup(func() {
		hs.Close()
		_ = st.Close()
	})
	return clients{url: hs.URL}
}

func (c clients) sts(key, secret, token string) *sts.Client {
	return sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(c.url),
		Credentials: credentials.NewStaticCredentialsProvider(key, secret, token), RetryMaxAttempts: 3})
}

func (c clients) iam(key string) *iam.Client {
	return iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: aws.String(c.url),
		Credentials: credentials.NewStaticCredentialsProvider(key, "secret", ""), RetryMaxAttempts: 3})
}

func wantErr(t *testing.T, what string, err error, code string, status int) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Errorf("%s: got %v, want %s", what, err, code)
		return
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() != status {
		t.Errorf("%s: HTTP %d, want %d", what, re.HTTPStatusCode(), status)
	}
}

// TestAssumeRoleWire assumes a role with the SDK, then calls
// GetCallerIdentity with the temporary credentials.
func TestAssumeRoleWire(t *testing.T) {
	c := start(t)
	ctx := context.Background()
	root := c.sts("AKIDTEST", "secret", "")
	id, err := root.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(id.Arn) != "arn:aws:iam::123456789012:root" || aws.ToString(id.Account) != "123456789012" {
		t.Fatalf("root identity: %+v %v", id, err)
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`
	role, err := c.iam("AKIDTEST").CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("deploy"), Path: aws.String("/ci/"), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatal(err)
	}
	out, err := root.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("build-42"), DurationSeconds: aws.Int32(900)})
	if err != nil {
		t.Fatal(err)
	}
	cr := out.Credentials
	if k := aws.ToString(cr.AccessKeyId); len(k) != 20 || !strings.HasPrefix(k, "ASIA123456789012") || aws.ToString(cr.SessionToken) == "" || len(aws.ToString(cr.SecretAccessKey)) != 40 {
		t.Errorf("credentials: %+v", cr)
	}
	if aws.ToString(out.AssumedRoleUser.Arn) != "arn:aws:sts::123456789012:assumed-role/deploy/build-42" ||
		aws.ToString(out.AssumedRoleUser.AssumedRoleId) != aws.ToString(role.Role.RoleId)+":build-42" {
		t.Errorf("AssumedRoleUser: %+v", out.AssumedRoleUser)
	}
	sess := c.sts(aws.ToString(cr.AccessKeyId), aws.ToString(cr.SecretAccessKey), aws.ToString(cr.SessionToken))
	who, err := sess.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != aws.ToString(out.AssumedRoleUser.Arn) || aws.ToString(who.UserId) != aws.ToString(out.AssumedRoleUser.AssumedRoleId) {
		t.Errorf("session identity: %+v %v", who, err)
	}
	_, err = sess.GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	wantErr(t, "GetSessionToken with session credentials", err, "AccessDenied", 403)

	// Another account's root is not trusted.
	_, err = c.sts("210987654321", "secret", "").AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("x1")})
	wantErr(t, "untrusted account", err, "AccessDenied", 403)
	_, err = root.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::123456789012:role/ci/none"), RoleSessionName: aws.String("x1")})
	wantErr(t, "unknown role", err, "AccessDenied", 403)
	_, err = root.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("x1"), DurationSeconds: aws.Int32(7200)})
	wantErr(t, "duration above MaxSessionDuration", err, "ValidationError", 400)
	_, err = root.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("x")})
	wantErr(t, "session name too short", err, "ValidationError", 400)
	_, err = root.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("x1"), Policy: aws.String("{")})
	wantErr(t, "malformed session policy", err, "MalformedPolicyDocument", 400)
	_, err = c.sts("ASIA123456789012ZZZZ", "s", "t").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantErr(t, "unknown session key", err, "InvalidClientTokenId", 403)

	st, err := root.GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(900)})
	if err != nil {
		t.Fatal(err)
	}
	who, err = c.sts(aws.ToString(st.Credentials.AccessKeyId), aws.ToString(st.Credentials.SecretAccessKey), aws.ToString(st.Credentials.SessionToken)).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:iam::123456789012:root" {
		t.Errorf("GetSessionToken identity: %+v %v", who, err)
	}
	// The role records its last use.
	got, err := c.iam("AKIDTEST").GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("deploy")})
	if err != nil || got.Role.RoleLastUsed == nil || got.Role.RoleLastUsed.LastUsedDate == nil {
		t.Errorf("RoleLastUsed: %+v %v", got, err)
	}
}
