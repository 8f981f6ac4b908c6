package iam_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

const s3Read = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}`

// startServer serves a fresh in-memory world on a loopback port.
func startServer(t testing.TB) (*iam.Client, *server.Server) {
	t.Helper()
	st, err := store.Open(store.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(control.New(st, control.Options{}), server.Options{})
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		_ = st.Close()
	})
	c := iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: aws.String(hs.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""), RetryMaxAttempts: 3})
	return c, srv
}

// wantErr fails unless err is the AWS error code with HTTP status.
func wantErr(t *testing.T, what string, err error, code string, status int) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Errorf("%s: got %v, want %s", what, err, code)
		return
	}
	if ae.ErrorCode() != code {
		t.Errorf("%s: got %s (%s), want %s", what, ae.ErrorCode(), ae.ErrorMessage(), code)
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() != status {
		t.Errorf("%s: HTTP %d, want %d", what, re.HTTPStatusCode(), status)
	}
}

func must[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

func decode(t *testing.T, s *string) string {
	t.Helper()
	if s == nil {
		t.Fatal("document missing")
	}
	d, err := url.QueryUnescape(*s)
	if err != nil {
		t.Fatalf("document is not URL-encoded: %v", err)
	}
	return d
}

func TestRolesWire(t *testing.T) {
	c, _ := startServer(t)
	ctx := context.Background()
	out := must[*iam.CreateRoleOutput](t, "CreateRole")(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("web"),
		Path: aws.String("/app/"), AssumeRolePolicyDocument: aws.String(trust), Description: aws.String("web tier"),
		Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("dev")}}}))
	r := out.Role
	if aws.ToString(r.Arn) != "arn:aws:iam::123456789012:role/app/web" || !strings.HasPrefix(aws.ToString(r.RoleId), "AROA") ||
		aws.ToInt32(r.MaxSessionDuration) != 3600 || r.CreateDate == nil || len(r.Tags) != 1 {
		t.Errorf("CreateRole: %+v", r)
	}
	if raw := aws.ToString(r.AssumeRolePolicyDocument); strings.Contains(raw, "{") || decode(t, r.AssumeRolePolicyDocument) != trust {
		t.Errorf("trust policy must be URL-encoded and round-trip: %s", raw)
	}
	_, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("WEB"), AssumeRolePolicyDocument: aws.String(trust)})
	wantErr(t, "CreateRole duplicate", err, "EntityAlreadyExists", 409)
	_, err = c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("bad"), AssumeRolePolicyDocument: aws.String(s3Read)})
	wantErr(t, "CreateRole trust without principal", err, "MalformedPolicyDocument", 400)
	_, err = c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("bad name!"), AssumeRolePolicyDocument: aws.String(trust)})
	wantErr(t, "CreateRole bad name", err, "ValidationError", 400)
	_, err = c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("long"), AssumeRolePolicyDocument: aws.String(trust), MaxSessionDuration: aws.Int32(50000)})
	wantErr(t, "CreateRole MaxSessionDuration", err, "ValidationError", 400)

	must[*iam.UpdateRoleOutput](t, "UpdateRole")(c.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: aws.String("web"),
		Description: aws.String("changed"), MaxSessionDuration: aws.Int32(7200)}))
	newTrust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`
	must[*iam.UpdateAssumeRolePolicyOutput](t, "UpdateAssumeRolePolicy")(c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("web"), PolicyDocument: aws.String(newTrust)}))
	must[*iam.TagRoleOutput](t, "TagRole")(c.TagRole(ctx, &iam.TagRoleInput{RoleName: aws.String("web"), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}}))
	must[*iam.UntagRoleOutput](t, "UntagRole")(c.UntagRole(ctx, &iam.UntagRoleInput{RoleName: aws.String("web"), TagKeys: []string{"env"}}))
	must[*iam.PutRolePermissionsBoundaryOutput](t, "PutRolePermissionsBoundary")(c.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{
		RoleName: aws.String("web"), PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/PowerUserAccess")}))
	_, err = c.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: aws.String("web"), PermissionsBoundary: aws.String("arn:aws:iam::123456789012:policy/none")})
	wantErr(t, "PutRolePermissionsBoundary unknown", err, "NoSuchEntity", 404)
	got := must[*iam.GetRoleOutput](t, "GetRole")(c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("Web")})).Role
	if aws.ToString(got.Description) != "changed" || aws.ToInt32(got.MaxSessionDuration) != 7200 || decode(t, got.AssumeRolePolicyDocument) != newTrust ||
		len(got.Tags) != 1 || aws.ToString(got.Tags[0].Key) != "team" || got.PermissionsBoundary == nil || got.RoleLastUsed == nil {
		t.Errorf("GetRole after updates: %+v", got)
	}
	tags := must[*iam.ListRoleTagsOutput](t, "ListRoleTags")(c.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: aws.String("web")}))
	if len(tags.Tags) != 1 || tags.IsTruncated {
		t.Errorf("ListRoleTags: %+v", tags)
	}
	must[*iam.DeleteRolePermissionsBoundaryOutput](t, "DeleteRolePermissionsBoundary")(c.DeleteRolePermissionsBoundary(ctx, &iam.DeleteRolePermissionsBoundaryInput{RoleName: aws.String("web")}))

	for i := range 7 {
		must[*iam.CreateRoleOutput](t, "CreateRole")(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r" + string(rune('a'+i))), AssumeRolePolicyDocument: aws.String(trust)}))
	}
	var names []string
	p := iam.NewListRolesPaginator(c, &iam.ListRolesInput{MaxItems: aws.Int32(3)})
	pages := 0
	for p.HasMorePages() {
		pg := must[*iam.ListRolesOutput](t, "ListRoles")(p.NextPage(ctx))
		pages++
		for _, r := range pg.Roles {
			names = append(names, aws.ToString(r.RoleName))
			if r.Tags != nil || r.RoleLastUsed != nil {
				t.Errorf("ListRoles carries tags or last use: %+v", r)
			}
		}
	}
	if len(names) != 8 || pages != 3 {
		t.Errorf("ListRoles paged: %d pages %v", pages, names)
	}
	byPath := must[*iam.ListRolesOutput](t, "ListRoles")(c.ListRoles(ctx, &iam.ListRolesInput{PathPrefix: aws.String("/app/")}))
	if len(byPath.Roles) != 1 {
		t.Errorf("PathPrefix: %d", len(byPath.Roles))
	}
	must[*iam.DeleteRoleOutput](t, "DeleteRole")(c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("web")}))
	_, err = c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("web")})
	wantErr(t, "GetRole deleted", err, "NoSuchEntity", 404)
	// Waiters in the SDK poll GetRole; the role exists at once.
	w := iam.NewRoleExistsWaiter(c)
	if err := w.Wait(ctx, &iam.GetRoleInput{RoleName: aws.String("ra")}, 5*time.Second); err != nil {
		t.Errorf("RoleExists waiter: %v", err)
	}
}

func TestPoliciesWire(t *testing.T) {
	c, _ := startServer(t)
	ctx := context.Background()
	pol := must[*iam.CreatePolicyOutput](t, "CreatePolicy")(c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("read"),
		PolicyDocument: aws.String(s3Read), Description: aws.String("reads"), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})).Policy
	arn := aws.ToString(pol.Arn)
	if arn != "arn:aws:iam::123456789012:policy/read" || aws.ToString(pol.DefaultVersionId) != "v1" || !pol.IsAttachable {
		t.Errorf("CreatePolicy: %+v", pol)
	}
	_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("read"), PolicyDocument: aws.String(s3Read)})
	wantErr(t, "CreatePolicy duplicate", err, "EntityAlreadyExists", 409)
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("bad"), PolicyDocument: aws.String(trust)})
	wantErr(t, "CreatePolicy with principal", err, "MalformedPolicyDocument", 400)

	v2 := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/*"}]}`
	cv := must[*iam.CreatePolicyVersionOutput](t, "CreatePolicyVersion")(c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: &arn, PolicyDocument: aws.String(v2), SetAsDefault: true}))
	if aws.ToString(cv.PolicyVersion.VersionId) != "v2" || !cv.PolicyVersion.IsDefaultVersion {
		t.Errorf("CreatePolicyVersion: %+v", cv.PolicyVersion)
	}
	gv := must[*iam.GetPolicyVersionOutput](t, "GetPolicyVersion")(c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: &arn, VersionId: aws.String("v2")}))
	if decode(t, gv.PolicyVersion.Document) != v2 {
		t.Errorf("GetPolicyVersion document: %s", aws.ToString(gv.PolicyVersion.Document))
	}
	for range 3 {
		must[*iam.CreatePolicyVersionOutput](t, "CreatePolicyVersion")(c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: &arn, PolicyDocument: aws.String(v2)}))
	}
	_, err = c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: &arn, PolicyDocument: aws.String(v2)})
	wantErr(t, "sixth version", err, "LimitExceeded", 409)
	lv := must[*iam.ListPolicyVersionsOutput](t, "ListPolicyVersions")(c.ListPolicyVersions(ctx, &iam.ListPolicyVersionsInput{PolicyArn: &arn}))
	if len(lv.Versions) != 5 || aws.ToString(lv.Versions[0].VersionId) != "v5" {
		t.Errorf("ListPolicyVersions: %+v", lv.Versions)
	}
	_, err = c.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: &arn, VersionId: aws.String("v2")})
	wantErr(t, "delete default version", err, "DeleteConflict", 409)
	_, err = c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: &arn})
	wantErr(t, "delete with versions", err, "DeleteConflict", 409)
	must[*iam.SetDefaultPolicyVersionOutput](t, "SetDefaultPolicyVersion")(c.SetDefaultPolicyVersion(ctx, &iam.SetDefaultPolicyVersionInput{PolicyArn: &arn, VersionId: aws.String("v1")}))
	for _, v := range []string{"v2", "v3", "v4", "v5"} {
		must[*iam.DeletePolicyVersionOutput](t, "DeletePolicyVersion")(c.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: &arn, VersionId: aws.String(v)}))
	}
	must[*iam.TagPolicyOutput](t, "TagPolicy")(c.TagPolicy(ctx, &iam.TagPolicyInput{PolicyArn: &arn, Tags: []types.Tag{{Key: aws.String("k2"), Value: aws.String("v")}}}))
	must[*iam.UntagPolicyOutput](t, "UntagPolicy")(c.UntagPolicy(ctx, &iam.UntagPolicyInput{PolicyArn: &arn, TagKeys: []string{"k"}}))
	pt := must[*iam.ListPolicyTagsOutput](t, "ListPolicyTags")(c.ListPolicyTags(ctx, &iam.ListPolicyTagsInput{PolicyArn: &arn}))
	if len(pt.Tags) != 1 || aws.ToString(pt.Tags[0].Key) != "k2" {
		t.Errorf("ListPolicyTags: %+v", pt.Tags)
	}

	admin := "arn:aws:iam::aws:policy/AdministratorAccess"
	ap := must[*iam.GetPolicyOutput](t, "GetPolicy AWS managed")(c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(admin)})).Policy
	apv := must[*iam.GetPolicyVersionOutput](t, "GetPolicyVersion AWS managed")(c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(admin), VersionId: ap.DefaultVersionId}))
	if !strings.Contains(decode(t, apv.PolicyVersion.Document), `"Action":"*"`) {
		t.Errorf("AdministratorAccess document: %s", decode(t, apv.PolicyVersion.Document))
	}
	local := must[*iam.ListPoliciesOutput](t, "ListPolicies Local")(c.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal}))
	if len(local.Policies) != 1 || aws.ToString(local.Policies[0].PolicyName) != "read" {
		t.Errorf("ListPolicies Local: %+v", local.Policies)
	}
	n := 0
	pp := iam.NewListPoliciesPaginator(c, &iam.ListPoliciesInput{Scope: types.PolicyScopeTypeAws, MaxItems: aws.Int32(4)})
	for pp.HasMorePages() {
		n += len(must[*iam.ListPoliciesOutput](t, "ListPolicies AWS")(pp.NextPage(ctx)).Policies)
	}
	if n < 10 {
		t.Errorf("AWS managed catalogue: %d policies", n)
	}
	_, err = c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::123456789012:policy/none")})
	wantErr(t, "GetPolicy unknown", err, "NoSuchEntity", 404)
	_, err = c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String("arn:aws:s3:::not-a-policy-arn")})
	wantErr(t, "GetPolicy bad arn", err, "InvalidInput", 400)
	must[*iam.DeletePolicyOutput](t, "DeletePolicy")(c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: &arn}))
}

func TestAttachmentsWire(t *testing.T) {
	c, _ := startServer(t)
	ctx := context.Background()
	must[*iam.CreateRoleOutput](t, "CreateRole")(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trust)}))
	ssm := "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
	must[*iam.AttachRolePolicyOutput](t, "AttachRolePolicy")(c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: aws.String(ssm)}))
	_, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: aws.String("arn:aws:iam::123456789012:policy/none")})
	wantErr(t, "attach unknown", err, "NoSuchEntity", 404)
	_, err = c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: aws.String("arn:aws:iam::aws:policy/aws-service-role/AmazonRDSServiceRolePolicy")})
	wantErr(t, "attach service role policy", err, "PolicyNotAttachable", 400)
	for i := range 9 {
		arn := must[*iam.CreatePolicyOutput](t, "CreatePolicy")(c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("p" + string(rune('0'+i))), PolicyDocument: aws.String(s3Read)})).Policy.Arn
		must[*iam.AttachRolePolicyOutput](t, "AttachRolePolicy")(c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: arn}))
	}
	_, err = c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")})
	wantErr(t, "eleventh policy", err, "LimitExceeded", 409)
	la := must[*iam.ListAttachedRolePoliciesOutput](t, "ListAttachedRolePolicies")(c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("app")}))
	if len(la.AttachedPolicies) != 10 || aws.ToString(la.AttachedPolicies[0].PolicyName) != "AmazonSSMManagedInstanceCore" {
		t.Errorf("ListAttachedRolePolicies: %+v", la.AttachedPolicies)
	}
	_, err = c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("app")})
	wantErr(t, "delete role with policies", err, "DeleteConflict", 409)
	_, err = c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: aws.String("arn:aws:iam::123456789012:policy/p0")})
	wantErr(t, "delete attached policy", err, "DeleteConflict", 409)
	for _, ap := range la.AttachedPolicies {
		must[*iam.DetachRolePolicyOutput](t, "DetachRolePolicy")(c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: ap.PolicyArn}))
	}
	_, err = c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: aws.String(ssm)})
	wantErr(t, "detach not attached", err, "NoSuchEntity", 404)

	must[*iam.PutRolePolicyOutput](t, "PutRolePolicy")(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("app"), PolicyName: aws.String("inline"), PolicyDocument: aws.String(s3Read)}))
	_, err = c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("app"), PolicyName: aws.String("bad"), PolicyDocument: aws.String(`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}`)})
	wantErr(t, "inline without resource", err, "MalformedPolicyDocument", 400)
	gp := must[*iam.GetRolePolicyOutput](t, "GetRolePolicy")(c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("app"), PolicyName: aws.String("inline")}))
	if decode(t, gp.PolicyDocument) != s3Read {
		t.Errorf("GetRolePolicy: %s", aws.ToString(gp.PolicyDocument))
	}
	lp := must[*iam.ListRolePoliciesOutput](t, "ListRolePolicies")(c.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String("app")}))
	if len(lp.PolicyNames) != 1 || lp.PolicyNames[0] != "inline" {
		t.Errorf("ListRolePolicies: %v", lp.PolicyNames)
	}
	_, err = c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("app")})
	wantErr(t, "delete role with inline", err, "DeleteConflict", 409)
	must[*iam.DeleteRolePolicyOutput](t, "DeleteRolePolicy")(c.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String("app"), PolicyName: aws.String("inline")}))
	_, err = c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("app"), PolicyName: aws.String("inline")})
	wantErr(t, "GetRolePolicy deleted", err, "NoSuchEntity", 404)
	must[*iam.DeleteRoleOutput](t, "DeleteRole")(c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("app")}))
}

func TestInstanceProfilesWire(t *testing.T) {
	c, _ := startServer(t)
	ctx := context.Background()
	must[*iam.CreateRoleOutput](t, "CreateRole")(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("node"), AssumeRolePolicyDocument: aws.String(trust)}))
	must[*iam.CreateRoleOutput](t, "CreateRole")(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("other"), AssumeRolePolicyDocument: aws.String(trust)}))
	ip := must[*iam.CreateInstanceProfileOutput](t, "CreateInstanceProfile")(c.CreateInstanceProfile(ctx, &iam.CreateInstanceProfileInput{
		InstanceProfileName: aws.String("node"), Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("b")}}})).InstanceProfile
	if !strings.HasPrefix(aws.ToString(ip.InstanceProfileId), "AIPA") || ip.Roles == nil || len(ip.Roles) != 0 {
		t.Errorf("CreateInstanceProfile: %+v", ip)
	}
	_, err := c.CreateInstanceProfile(ctx, &iam.CreateInstanceProfileInput{InstanceProfileName: aws.String("node")})
	wantErr(t, "duplicate profile", err, "EntityAlreadyExists", 409)
	must[*iam.AddRoleToInstanceProfileOutput](t, "AddRoleToInstanceProfile")(c.AddRoleToInstanceProfile(ctx, &iam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("node"), RoleName: aws.String("node")}))
	_, err = c.AddRoleToInstanceProfile(ctx, &iam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("node"), RoleName: aws.String("other")})
	wantErr(t, "second role", err, "LimitExceeded", 409)
	gp := must[*iam.GetInstanceProfileOutput](t, "GetInstanceProfile")(c.GetInstanceProfile(ctx, &iam.GetInstanceProfileInput{InstanceProfileName: aws.String("node")})).InstanceProfile
	if len(gp.Roles) != 1 || aws.ToString(gp.Roles[0].RoleName) != "node" {
		t.Errorf("GetInstanceProfile roles: %+v", gp.Roles)
	}
	fr := must[*iam.ListInstanceProfilesForRoleOutput](t, "ListInstanceProfilesForRole")(c.ListInstanceProfilesForRole(ctx, &iam.ListInstanceProfilesForRoleInput{RoleName: aws.String("node")}))
	lp := must[*iam.ListInstanceProfilesOutput](t, "ListInstanceProfiles")(c.ListInstanceProfiles(ctx, &iam.ListInstanceProfilesInput{}))
	if len(fr.InstanceProfiles) != 1 || len(lp.InstanceProfiles) != 1 {
		t.Errorf("lists: %d %d", len(fr.InstanceProfiles), len(lp.InstanceProfiles))
	}
	must[*iam.TagInstanceProfileOutput](t, "TagInstanceProfile")(c.TagInstanceProfile(ctx, &iam.TagInstanceProfileInput{InstanceProfileName: aws.String("node"), Tags: []types.Tag{{Key: aws.String("c"), Value: aws.String("d")}}}))
	must[*iam.UntagInstanceProfileOutput](t, "UntagInstanceProfile")(c.UntagInstanceProfile(ctx, &iam.UntagInstanceProfileInput{InstanceProfileName: aws.String("node"), TagKeys: []string{"a"}}))
	lt := must[*iam.ListInstanceProfileTagsOutput](t, "ListInstanceProfileTags")(c.ListInstanceProfileTags(ctx, &iam.ListInstanceProfileTagsInput{InstanceProfileName: aws.String("node")}))
	if len(lt.Tags) != 1 || aws.ToString(lt.Tags[0].Key) != "c" {
		t.Errorf("ListInstanceProfileTags: %+v", lt.Tags)
	}
	_, err = c.DeleteInstanceProfile(ctx, &iam.DeleteInstanceProfileInput{InstanceProfileName: aws.String("node")})
	wantErr(t, "delete profile with role", err, "DeleteConflict", 409)
	_, err = c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("node")})
	wantErr(t, "delete role in profile", err, "DeleteConflict", 409)
	must[*iam.RemoveRoleFromInstanceProfileOutput](t, "RemoveRoleFromInstanceProfile")(c.RemoveRoleFromInstanceProfile(ctx, &iam.RemoveRoleFromInstanceProfileInput{InstanceProfileName: aws.String("node"), RoleName: aws.String("node")}))
	must[*iam.DeleteInstanceProfileOutput](t, "DeleteInstanceProfile")(c.DeleteInstanceProfile(ctx, &iam.DeleteInstanceProfileInput{InstanceProfileName: aws.String("node")}))
	_, err = c.GetInstanceProfile(ctx, &iam.GetInstanceProfileInput{InstanceProfileName: aws.String("node")})
	wantErr(t, "deleted profile", err, "NoSuchEntity", 404)
}

func TestServiceLinkedWire(t *testing.T) {
	c, _ := startServer(t)
	ctx := context.Background()
	r := must[*iam.CreateServiceLinkedRoleOutput](t, "CreateServiceLinkedRole")(c.CreateServiceLinkedRole(ctx, &iam.CreateServiceLinkedRoleInput{
		AWSServiceName: aws.String("rds.amazonaws.com")})).Role
	if aws.ToString(r.Arn) != "arn:aws:iam::123456789012:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS" {
		t.Errorf("service-linked role ARN %s", aws.ToString(r.Arn))
	}
	_, err := c.CreateServiceLinkedRole(ctx, &iam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("rds.amazonaws.com")})
	wantErr(t, "second service-linked role", err, "InvalidInput", 400)
	_, err = c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("AWSServiceRoleForRDS")})
	wantErr(t, "DeleteRole on a service-linked role", err, "UnmodifiableEntity", 400)
	la := must[*iam.ListAttachedRolePoliciesOutput](t, "ListAttachedRolePolicies")(c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("AWSServiceRoleForRDS")}))
	if len(la.AttachedPolicies) != 1 || aws.ToString(la.AttachedPolicies[0].PolicyName) != "AmazonRDSServiceRolePolicy" {
		t.Errorf("service-linked role policy: %+v", la.AttachedPolicies)
	}
	d := must[*iam.DeleteServiceLinkedRoleOutput](t, "DeleteServiceLinkedRole")(c.DeleteServiceLinkedRole(ctx, &iam.DeleteServiceLinkedRoleInput{RoleName: aws.String("AWSServiceRoleForRDS")}))
	st := must[*iam.GetServiceLinkedRoleDeletionStatusOutput](t, "GetServiceLinkedRoleDeletionStatus")(c.GetServiceLinkedRoleDeletionStatus(ctx, &iam.GetServiceLinkedRoleDeletionStatusInput{DeletionTaskId: d.DeletionTaskId}))
	if st.Status != types.DeletionTaskStatusTypeSucceeded {
		t.Errorf("deletion status %s", st.Status)
	}
	// An operation vpcsim does not serve answers the protocol's error.
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("u")})
	wantErr(t, "unserved operation", err, "InvalidAction", 400)
}
