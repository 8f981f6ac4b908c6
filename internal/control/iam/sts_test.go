package iam

import (
	"context"
	"testing"
)

// TestAssumeRole pins AssumeRole (STS API reference): the trust policy must
// allow the caller (a role trust policy is required even within the
// account), an unknown role is AccessDenied, DurationSeconds is bounded by
// the role's MaxSessionDuration and by one hour for role chaining, and the
// credentials map back to the assumed-role identity.
func TestAssumeRole(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	mustRole(t, s, "ops", accountTrust)
	mustRole(t, s, "ec2only", ec2Trust)
	other := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"xyz"}}}]}`
	mustRole(t, s, "partner", other)
	base := AssumeRoleInput{AccessKey: "test", Account: acct, Region: "eu-west-1", SessionName: "me"}
	tests := []struct {
		name   string
		mod    func(in *AssumeRoleInput)
		code   string
		status int
	}{
		{"account root trusted", func(in *AssumeRoleInput) { in.RoleARN = RoleARN(acct, "/", "ops") }, "", 0},
		{"service-only trust", func(in *AssumeRoleInput) { in.RoleARN = RoleARN(acct, "/", "ec2only") }, "AccessDenied", 403},
		{"unknown role", func(in *AssumeRoleInput) { in.RoleARN = RoleARN(acct, "/", "ghost") }, "AccessDenied", 403},
		{"wrong path", func(in *AssumeRoleInput) { in.RoleARN = RoleARN(acct, "/x/", "ops") }, "AccessDenied", 403},
		{"cross account without external id", func(in *AssumeRoleInput) {
			in.AccessKey, in.Account, in.RoleARN = "210987654321", "210987654321", RoleARN(acct, "/", "partner")
		}, "AccessDenied", 403},
		{"cross account with external id", func(in *AssumeRoleInput) {
			in.AccessKey, in.Account, in.RoleARN, in.ExternalID = "210987654321", "210987654321", RoleARN(acct, "/", "partner"), "xyz"
		}, "", 0},
		{"duration above max session", func(in *AssumeRoleInput) { in.RoleARN, in.DurationSeconds = RoleARN(acct, "/", "ops"), 7200 }, "ValidationError", 400},
		{"bad session name", func(in *AssumeRoleInput) { in.RoleARN, in.SessionName = RoleARN(acct, "/", "ops"), "a b" }, "ValidationError", 400},
		{"malformed session policy", func(in *AssumeRoleInput) { in.RoleARN, in.Policy = RoleARN(acct, "/", "ops"), "{" }, "MalformedPolicyDocument", 400},
		{"bad role arn", func(in *AssumeRoleInput) { in.RoleARN = "arn:aws:s3:::bucket/key/x" }, "ValidationError", 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := base
			tc.mod(&in)
			_, err := s.AssumeRole(ctx, in)
			wantCode(t, err, tc.code, tc.status)
		})
	}

	in := base
	in.RoleARN = RoleARN(acct, "/", "ops")
	in.Policy = s3Read
	res, err := s.AssumeRole(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	key := res.Session.ID
	if !IsSessionKey(key) || key[4:16] != acct {
		t.Errorf("access key %q: want ASIA + account + 4", key)
	}
	if res.PackedPolicySize == nil || *res.PackedPolicySize <= 0 {
		t.Errorf("PackedPolicySize %v", res.PackedPolicySize)
	}
	role, _ := s.GetRole(acct, "ops")
	if res.AssumedRoleID != role.RoleID+":me" || res.Session.ARN != "arn:aws:sts::123456789012:assumed-role/ops/me" {
		t.Errorf("assumed role user %s %s", res.AssumedRoleID, res.Session.ARN)
	}
	if role.LastUsed == nil || role.LastUsedRegion != "eu-west-1" {
		t.Errorf("RoleLastUsed not recorded: %v %q", role.LastUsed, role.LastUsedRegion)
	}
	if d := res.Session.Expiration.Sub(res.Session.Created); d.Seconds() != 3600 {
		t.Errorf("default duration %v", d)
	}
	id, err := s.CallerIdentity(ctx, key, acct)
	if err != nil || id.ARN != res.Session.ARN || id.UserID != res.AssumedRoleID {
		t.Errorf("caller identity %+v %v", id, err)
	}
	_, err = s.CallerIdentity(ctx, "ASIA"+acct+"ZZZZ", acct)
	wantCode(t, err, "InvalidClientTokenId", 403)

	// Role chaining: the session may assume a role whose trust names the
	// session's role, for at most one hour.
	chainTrust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/ops"},"Action":"sts:AssumeRole"}]}`
	mustRole(t, s, "next", chainTrust)
	s.UpdateRole(ctx, acct, "next", nil, ptrInt32(43200))
	// The session above carries an s3-only session policy: it does not
	// grant sts:AssumeRole, and a trust policy naming the role (not the
	// session) is limited by it ("Session policies" in Policy evaluation
	// logic).
	chain := AssumeRoleInput{AccessKey: key, Account: acct, SessionName: "hop", RoleARN: RoleARN(acct, "/", "next")}
	_, err = s.AssumeRole(ctx, chain)
	wantCode(t, err, "AccessDenied", 403)
	in.Policy = ""
	plain, err := s.AssumeRole(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	chain.AccessKey = plain.Session.ID
	if _, err := s.AssumeRole(ctx, chain); err != nil {
		t.Errorf("role chaining: %v", err)
	}
	chain.DurationSeconds = 7200
	_, err = s.AssumeRole(ctx, chain)
	wantCode(t, err, "ValidationError", 400)
}

// TestGetSessionToken pins GetSessionToken: account owners' sessions last
// at most one hour, and session credentials cannot call it.
func TestGetSessionToken(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	sess, err := s.GetSessionToken(ctx, "test", acct, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d := sess.Expiration.Sub(sess.Created); d.Seconds() != 3600 {
		t.Errorf("root session duration %v", d)
	}
	id, err := s.CallerIdentity(ctx, sess.ID, acct)
	if err != nil || id.ARN != "arn:aws:iam::123456789012:root" {
		t.Errorf("identity %+v %v", id, err)
	}
	_, err = s.GetSessionToken(ctx, sess.ID, acct, 900)
	wantCode(t, err, "AccessDenied", 403)
}

func ptrInt32(v int32) *int32 { return &v }
