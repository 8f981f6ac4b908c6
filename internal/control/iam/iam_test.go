package iam

import (
	"context"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

const acct = "123456789012"

const ec2Trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

const accountTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`

const s3Read = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`

func newService(t testing.TB) *Service {
	t.Helper()
	st, err := store.Open(store.Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return New(st)
}

// wantCode fails unless err is an AWS error with code (and status when
// status is not 0).
func wantCode(t *testing.T, err error, code string, status int) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	ae, ok := awserr.As(err)
	if !ok {
		t.Fatalf("got %v, want %s", err, code)
	}
	if ae.Code != code || status != 0 && ae.Status != status {
		t.Fatalf("got %s (%d) %q, want %s (%d)", ae.Code, ae.Status, ae.Message, code, status)
	}
}

func mustRole(t *testing.T, s *Service, name, trust string) {
	t.Helper()
	if _, err := s.CreateRole(context.Background(), RoleInput{Account: acct, Name: name, TrustPolicy: trust}); err != nil {
		t.Fatalf("CreateRole %s: %v", name, err)
	}
}

// TestCreateRole pins CreateRole's rules: IAM API reference CreateRole
// (defaults Path "/" and MaxSessionDuration 3600), "IAM name requirements"
// (names unique ignoring case, [\w+=,.@-]+, role name 64 characters), role
// trust policy rules (MalformedPolicyDocument) and PermissionsBoundary.
func TestCreateRole(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	r, err := s.CreateRole(ctx, RoleInput{Account: acct, Name: "web", TrustPolicy: ec2Trust, Tags: []model.Tag{{Key: "env", Value: "dev"}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Path != "/" || r.MaxSessionDuration != 3600 || r.ARN != "arn:aws:iam::123456789012:role/web" {
		t.Errorf("defaults: path %q max %d arn %s", r.Path, r.MaxSessionDuration, r.ARN)
	}
	if len(r.RoleID) != 21 || !strings.HasPrefix(r.RoleID, "AROA") || strings.ToUpper(r.RoleID) != r.RoleID {
		t.Errorf("RoleId %q: want AROA + 17 uppercase alphanumerics", r.RoleID)
	}
	tests := []struct {
		name   string
		in     RoleInput
		code   string
		status int
	}{
		{"same name other case", RoleInput{Name: "WEB", TrustPolicy: ec2Trust}, "EntityAlreadyExists", 409},
		{"name too long", RoleInput{Name: strings.Repeat("a", 65), TrustPolicy: ec2Trust}, "ValidationError", 400},
		{"name bad char", RoleInput{Name: "a/b", TrustPolicy: ec2Trust}, "ValidationError", 400},
		{"path without trailing slash", RoleInput{Name: "p1", Path: "/svc", TrustPolicy: ec2Trust}, "ValidationError", 400},
		{"path ok", RoleInput{Name: "p2", Path: "/svc/team/", TrustPolicy: ec2Trust}, "", 0},
		{"trust not json", RoleInput{Name: "t1", TrustPolicy: "{"}, "MalformedPolicyDocument", 400},
		{"trust without principal", RoleInput{Name: "t2", TrustPolicy: s3Read}, "MalformedPolicyDocument", 400},
		{"trust with resource", RoleInput{Name: "t3", TrustPolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}`}, "MalformedPolicyDocument", 400},
		{"trust too large", RoleInput{Name: "t4", TrustPolicy: `{"Version":"2012-10-17","Statement":[{"Sid":"` + strings.Repeat("A", 2100) + `","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`}, "LimitExceeded", 409},
		{"boundary unknown", RoleInput{Name: "b1", TrustPolicy: ec2Trust, PermissionsBoundary: "arn:aws:iam::123456789012:policy/none"}, "NoSuchEntity", 404},
		{"boundary aws managed", RoleInput{Name: "b2", TrustPolicy: ec2Trust, PermissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess"}, "", 0},
		{"duplicate tag keys ignoring case", RoleInput{Name: "g1", TrustPolicy: ec2Trust, Tags: []model.Tag{{Key: "a", Value: "1"}, {Key: "A", Value: "2"}}}, "InvalidInput", 400},
		{"aws: tag prefix", RoleInput{Name: "g2", TrustPolicy: ec2Trust, Tags: []model.Tag{{Key: "aws:x", Value: "1"}}}, "InvalidInput", 400},
		{"description bad char", RoleInput{Name: "d1", TrustPolicy: ec2Trust, Description: "tab\u0080"}, "ValidationError", 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Account = acct
			_, err := s.CreateRole(ctx, tc.in)
			wantCode(t, err, tc.code, tc.status)
		})
	}
	// Another account may reuse the name.
	if _, err := s.CreateRole(ctx, RoleInput{Account: "210987654321", Name: "web", TrustPolicy: ec2Trust}); err != nil {
		t.Errorf("same name in another account: %v", err)
	}
}

// TestDeleteRoleConflicts pins DeleteRole: "you must delete the items
// attached to the role manually": managed policies, inline policies and
// instance profile memberships each block deletion with DeleteConflict.
func TestDeleteRoleConflicts(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	mustRole(t, s, "app", ec2Trust)
	admin := "arn:aws:iam::aws:policy/AdministratorAccess"
	wantCode(t, s.AttachRolePolicy(ctx, acct, "app", admin), "", 0)
	wantCode(t, s.DeleteRole(ctx, acct, "app"), "DeleteConflict", 409)
	wantCode(t, s.DetachRolePolicy(ctx, acct, "app", admin), "", 0)
	wantCode(t, s.PutRolePolicy(ctx, acct, "app", "inline", s3Read), "", 0)
	wantCode(t, s.DeleteRole(ctx, acct, "app"), "DeleteConflict", 409)
	wantCode(t, s.DeleteRolePolicy(ctx, acct, "app", "inline"), "", 0)
	if _, err := s.CreateInstanceProfile(ctx, acct, "app", "", nil); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.AddRoleToInstanceProfile(ctx, acct, "app", "app"), "", 0)
	wantCode(t, s.DeleteRole(ctx, acct, "app"), "DeleteConflict", 409)
	wantCode(t, s.DeleteInstanceProfile(ctx, acct, "app"), "DeleteConflict", 409)
	wantCode(t, s.RemoveRoleFromInstanceProfile(ctx, acct, "app", "app"), "", 0)
	wantCode(t, s.DeleteRole(ctx, acct, "app"), "", 0)
	wantCode(t, s.DeleteRole(ctx, acct, "app"), "NoSuchEntity", 404)
	_, err := s.GetRole(acct, "app")
	wantCode(t, err, "NoSuchEntity", 404)
}

// TestAttachLimits pins "Managed policies attached to an IAM role: 10",
// NoSuchEntity for unknown policies and PolicyNotAttachable for
// service-linked role policies.
func TestAttachLimits(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	mustRole(t, s, "r", ec2Trust)
	wantCode(t, s.AttachRolePolicy(ctx, acct, "r", "arn:aws:iam::123456789012:policy/nope"), "NoSuchEntity", 404)
	wantCode(t, s.AttachRolePolicy(ctx, acct, "r", "arn:aws:iam::aws:policy/aws-service-role/AWSElasticLoadBalancingServiceRolePolicy"), "PolicyNotAttachable", 400)
	wantCode(t, s.AttachRolePolicy(ctx, acct, "r", "not-an-arn-at-all-xx"), "InvalidInput", 400)
	for i := range 10 {
		p, err := s.CreatePolicy(ctx, PolicyInput{Account: acct, Name: "p" + itoa(i), Document: s3Read})
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.AttachRolePolicy(ctx, acct, "r", p.ARN), "", 0)
		// Attaching again changes nothing.
		wantCode(t, s.AttachRolePolicy(ctx, acct, "r", p.ARN), "", 0)
	}
	wantCode(t, s.AttachRolePolicy(ctx, acct, "r", "arn:aws:iam::aws:policy/ReadOnlyAccess"), "LimitExceeded", 409)
	got, pg, err := s.ListAttachedRolePolicies(acct, "r", "", Page{MaxItems: 4})
	if err != nil || len(got) != 4 || !pg.IsTruncated {
		t.Fatalf("page 1: %d items, %+v, %v", len(got), pg, err)
	}
	var all []AttachedPolicy
	all = append(all, got...)
	for pg.IsTruncated {
		got, pg, err = s.ListAttachedRolePolicies(acct, "r", "", Page{MaxItems: 4, Marker: pg.Marker})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, got...)
	}
	if len(all) != 10 || all[0].Name != "p0" || all[9].Name != "p9" {
		t.Errorf("paged attachments: %v", all)
	}
	v, err := s.GetPolicy(acct, "arn:aws:iam::123456789012:policy/p3")
	if err != nil || v.AttachmentCount != 1 {
		t.Errorf("AttachmentCount: %+v %v", v.AttachmentCount, err)
	}
	wantCode(t, s.DeletePolicy(ctx, acct, v.ARN), "DeleteConflict", 409)
}

// TestPolicyVersions pins "Versions of a managed policy that can be
// stored: 5", DeletePolicyVersion refusing the default version, and
// DeletePolicy refusing a policy with non-default versions.
func TestPolicyVersions(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	p, err := s.CreatePolicy(ctx, PolicyInput{Account: acct, Name: "ver", Path: "/team/", Document: s3Read, Description: "d"})
	if err != nil {
		t.Fatal(err)
	}
	if p.ARN != "arn:aws:iam::123456789012:policy/team/ver" || p.DefaultVersion != "v1" || !strings.HasPrefix(p.PolicyID, "ANPA") {
		t.Fatalf("policy %+v", p.ManagedPolicy)
	}
	for i := 2; i <= 5; i++ {
		v, err := s.CreatePolicyVersion(ctx, acct, p.ARN, s3Read, i == 3)
		if err != nil || v.ID != "v"+itoa(i) {
			t.Fatalf("version %d: %+v %v", i, v, err)
		}
	}
	_, err = s.CreatePolicyVersion(ctx, acct, p.ARN, s3Read, false)
	wantCode(t, err, "LimitExceeded", 409)
	wantCode(t, s.DeletePolicyVersion(ctx, acct, p.ARN, "v3"), "DeleteConflict", 409)
	wantCode(t, s.DeletePolicyVersion(ctx, acct, p.ARN, "v9"), "NoSuchEntity", 404)
	wantCode(t, s.DeletePolicyVersion(ctx, acct, p.ARN, "x1"), "ValidationError", 400)
	wantCode(t, s.DeletePolicy(ctx, acct, p.ARN), "DeleteConflict", 409)
	for _, id := range []string{"v1", "v2", "v4", "v5"} {
		wantCode(t, s.DeletePolicyVersion(ctx, acct, p.ARN, id), "", 0)
	}
	v, err := s.CreatePolicyVersion(ctx, acct, p.ARN, s3Read, false)
	if err != nil || v.ID != "v6" {
		t.Errorf("numbering continues after deletions: %+v %v", v, err)
	}
	wantCode(t, s.SetDefaultPolicyVersion(ctx, acct, p.ARN, "v6"), "", 0)
	_, isDefault, err := s.GetPolicyVersion(acct, p.ARN, "v6")
	if err != nil || !isDefault {
		t.Errorf("v6 default: %v %v", isDefault, err)
	}
	wantCode(t, s.DeletePolicyVersion(ctx, acct, p.ARN, "v3"), "", 0)
	wantCode(t, s.DeletePolicy(ctx, acct, p.ARN), "", 0)
	_, err = s.GetPolicy(acct, p.ARN)
	wantCode(t, err, "NoSuchEntity", 404)
	// Identity policy rules and the managed policy size quota.
	_, err = s.CreatePolicy(ctx, PolicyInput{Account: acct, Name: "bad", Document: ec2Trust})
	wantCode(t, err, "MalformedPolicyDocument", 400)
	big := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + strings.Repeat("b", 6200) + `"}]}`
	_, err = s.CreatePolicy(ctx, PolicyInput{Account: acct, Name: "big", Document: big})
	wantCode(t, err, "LimitExceeded", 409)
}

// TestAWSManagedPolicies checks the catalogue: every document is a valid
// identity policy, GetPolicy and GetPolicyVersion answer, and ListPolicies
// scopes select it.
func TestAWSManagedPolicies(t *testing.T) {
	s := newService(t)
	for arn, p := range awsPolicies {
		if err := checkIdentityDocument(p.DefaultDocument(), 0, ""); err != nil {
			t.Errorf("%s: %v", arn, err)
		}
		if _, _, err := s.GetPolicyVersion(acct, arn, p.DefaultVersion); err != nil {
			t.Errorf("GetPolicyVersion %s: %v", arn, err)
		}
	}
	for _, arn := range []string{"arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM",
		"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
		"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
		"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"} {
		if _, err := s.GetPolicy(acct, arn); err != nil {
			t.Errorf("GetPolicy %s: %v", arn, err)
		}
	}
	ctx := context.Background()
	if _, err := s.CreatePolicy(ctx, PolicyInput{Account: acct, Name: "mine", Document: s3Read}); err != nil {
		t.Fatal(err)
	}
	local, _, _ := s.ListPolicies(acct, PolicyFilter{Scope: "Local"}, Page{})
	aws, _, _ := s.ListPolicies(acct, PolicyFilter{Scope: "AWS"}, Page{MaxItems: 1000})
	all, _, _ := s.ListPolicies(acct, PolicyFilter{}, Page{MaxItems: 1000})
	if len(local) != 1 || len(aws) != len(awsPolicies) || len(all) != len(aws)+1 {
		t.Errorf("scopes: local %d aws %d all %d", len(local), len(aws), len(all))
	}
	attached, _, _ := s.ListPolicies(acct, PolicyFilter{OnlyAttached: true}, Page{})
	if len(attached) != 0 {
		t.Errorf("OnlyAttached with nothing attached: %d", len(attached))
	}
	_, err := s.CreatePolicyVersion(ctx, acct, "arn:aws:iam::aws:policy/AdministratorAccess", s3Read, true)
	wantCode(t, err, "AccessDenied", 403)
}

// TestInstanceProfiles pins "Roles in an instance profile: 1".
func TestInstanceProfiles(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	mustRole(t, s, "a", ec2Trust)
	mustRole(t, s, "b", ec2Trust)
	p, err := s.CreateInstanceProfile(ctx, acct, "prof", "/x/", []model.Tag{{Key: "k", Value: "v"}})
	if err != nil || !strings.HasPrefix(p.ProfileID, "AIPA") || p.ARN != "arn:aws:iam::123456789012:instance-profile/x/prof" {
		t.Fatalf("%+v %v", p.InstanceProfile, err)
	}
	_, err = s.CreateInstanceProfile(ctx, acct, "PROF", "", nil)
	wantCode(t, err, "EntityAlreadyExists", 409)
	wantCode(t, s.AddRoleToInstanceProfile(ctx, acct, "prof", "a"), "", 0)
	wantCode(t, s.AddRoleToInstanceProfile(ctx, acct, "prof", "b"), "LimitExceeded", 409)
	wantCode(t, s.AddRoleToInstanceProfile(ctx, acct, "prof", "nobody"), "NoSuchEntity", 404)
	got, _, err := s.ListInstanceProfilesForRole(acct, "a", Page{})
	if err != nil || len(got) != 1 || len(got[0].Roles) != 1 || got[0].Roles[0].Name != "a" {
		t.Errorf("ListInstanceProfilesForRole: %+v %v", got, err)
	}
	wantCode(t, s.RemoveRoleFromInstanceProfile(ctx, acct, "prof", "b"), "NoSuchEntity", 404)
}

// TestServiceLinkedRoles pins AWS's names and paths for service-linked
// roles, UnmodifiableEntity for changes, and deletion tasks.
func TestServiceLinkedRoles(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	r, err := s.CreateServiceLinkedRole(ctx, acct, "elasticloadbalancing.amazonaws.com", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "AWSServiceRoleForElasticLoadBalancing" || r.Path != "/aws-service-role/elasticloadbalancing.amazonaws.com/" {
		t.Errorf("name %s path %s", r.Name, r.Path)
	}
	_, err = s.CreateServiceLinkedRole(ctx, acct, "elasticloadbalancing.amazonaws.com", "", "")
	wantCode(t, err, "InvalidInput", 400)
	_, err = s.CreateServiceLinkedRole(ctx, acct, "rds.amazonaws.com", "", "x")
	wantCode(t, err, "InvalidInput", 400)
	a, err := s.CreateServiceLinkedRole(ctx, acct, "autoscaling.amazonaws.com", "", "blue")
	if err != nil || a.Name != "AWSServiceRoleForAutoScaling_blue" {
		t.Errorf("suffix: %v %v", a, err)
	}
	wantCode(t, s.DeleteRole(ctx, acct, r.Name), "UnmodifiableEntity", 400)
	wantCode(t, s.UpdateAssumeRolePolicy(ctx, acct, r.Name, ec2Trust), "UnmodifiableEntity", 400)
	desc := "new"
	if _, err := s.UpdateRole(ctx, acct, r.Name, &desc, nil); err != nil {
		t.Errorf("description of a service-linked role may change: %v", err)
	}
	id, err := s.DeleteServiceLinkedRole(ctx, acct, r.Name)
	if err != nil || !strings.HasPrefix(id, "task/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing/") {
		t.Fatalf("%s %v", id, err)
	}
	st, err := s.GetServiceLinkedRoleDeletionStatus(acct, id)
	if err != nil || st != "SUCCEEDED" {
		t.Errorf("status %s %v", st, err)
	}
	_, err = s.GetRole(acct, r.Name)
	wantCode(t, err, "NoSuchEntity", 404)
}

// TestRoleTagsAndPaging pins "Tags that can be attached to an IAM role:
// 50" and ListRoles' PathPrefix and Marker paging.
func TestRoleTagsAndPaging(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	for i := range 25 {
		path := "/"
		if i%2 == 0 {
			path = "/even/"
		}
		if _, err := s.CreateRole(ctx, RoleInput{Account: acct, Name: "role" + itoa(100+i), Path: path, TrustPolicy: ec2Trust}); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	p := Page{MaxItems: 5}
	for {
		rs, pg, err := s.ListRoles(acct, "/even/", p)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			names = append(names, r.Name)
		}
		if !pg.IsTruncated {
			break
		}
		p.Marker = pg.Marker
	}
	if len(names) != 13 {
		t.Errorf("paged /even/ roles: %d %v", len(names), names)
	}
	var tags []model.Tag
	for i := range 50 {
		tags = append(tags, model.Tag{Key: "k" + itoa(i), Value: "v"})
	}
	wantCode(t, s.TagRole(ctx, acct, "role100", tags), "", 0)
	wantCode(t, s.TagRole(ctx, acct, "role100", []model.Tag{{Key: "K0", Value: "replaced"}}), "", 0)
	wantCode(t, s.TagRole(ctx, acct, "role100", []model.Tag{{Key: "one-more", Value: "v"}}), "LimitExceeded", 409)
	wantCode(t, s.UntagRole(ctx, acct, "role100", []string{"k1", "absent"}), "", 0)
	got, _, err := s.ListRoleTags(acct, "role100", Page{MaxItems: 100})
	if err != nil || len(got) != 49 {
		t.Errorf("tags after untag: %d %v", len(got), err)
	}
}
