package query_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	iamsdk "github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	rdssdk "github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	stssdk "github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/api/iam"
	"github.com/vpcsim/vpcsim/internal/api/rds"
	"github.com/vpcsim/vpcsim/internal/api/sts"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/query"
)

// handlerFunc answers one decoded operation in a test.
type handlerFunc func(op string, in any) (any, error)

// serve runs svc's operations through the query codec on a loopback server:
// the codec resolves, decodes and renders; handle fills the output.
func serve(t *testing.T, svc *protocol.Service, handle handlerFunc) string {
	t.Helper()
	var c query.Codec
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		const rid = "b3f1c2d4-0000-4000-8000-000000000001"
		body, _ := io.ReadAll(r.Body)
		req := &protocol.Request{HTTP: r, Body: body}
		fail := func(err error) {
			e, ok := awserr.As(err)
			if !ok {
				e = awserr.Internal(err)
			}
			c.WriteError(w, svc, e, rid)
		}
		name, err := c.Resolve(svc, req)
		if err != nil {
			fail(err)
			return
		}
		op := svc.Operations[name]
		if op == nil {
			fail(awserr.New("InvalidAction", "no %s", name))
			return
		}
		in := op.NewInput()
		if err := c.Decode(svc, op, req, in); err != nil {
			fail(err)
			return
		}
		out, err := handle(name, in)
		if err != nil {
			fail(err)
			return
		}
		if err := c.WriteOutput(w, svc, op, out, rid); err != nil {
			t.Errorf("WriteOutput: %v", err)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func sp(s string) *string { return &s }

// sdkConfig is a real SDK configuration for url; retries are off so that
// error assertions see the first answer.
func sdkConfig(url string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}

func TestSDKIAMRoles(t *testing.T) {
	created := time.Date(2026, 11, 29, 22, 15, 4, 0, time.UTC)
	used := time.Date(2026, 12, 1, 8, 0, 0, 123e6, time.UTC)
	role := func(name string) iam.Role {
		return iam.Role{
			Path: sp("/svc/"), RoleName: sp(name), RoleId: sp("AROAEXAMPLEID0000001"),
			Arn: sp("arn:aws:iam::123456789012:role/svc/" + name), CreateDate: &created,
			AssumeRolePolicyDocument: sp(`{"Version":"2012-10-17","Statement":[]}`),
			MaxSessionDuration:       new(int32(7200)),
			PermissionsBoundary:      &iam.AttachedPermissionsBoundary{PermissionsBoundaryType: sp("PermissionsBoundaryPolicy"), PermissionsBoundaryArn: sp("arn:aws:iam::aws:policy/PB")},
			Tags:                     []iam.Tag{{Key: sp("team"), Value: sp("net & <ops>")}, {Key: sp("empty"), Value: sp("")}},
			RoleLastUsed:             &iam.RoleLastUsed{LastUsedDate: &used, Region: sp("eu-west-1")},
		}
	}
	var mu sync.Mutex
	var gotCreate *iam.CreateRoleRequest
	var gotList *iam.ListRolesRequest
	url := serve(t, iam.Service, func(op string, in any) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		switch op {
		case "CreateRole":
			gotCreate = in.(*iam.CreateRoleRequest)
			r := role(*gotCreate.RoleName)
			return &iam.CreateRoleResponse{Role: &r}, nil
		case "ListRoles":
			gotList = in.(*iam.ListRolesRequest)
			if gotList.Marker != nil {
				return &iam.ListRolesResponse{Roles: []iam.Role{}, IsTruncated: new(false)}, nil
			}
			return &iam.ListRolesResponse{Roles: []iam.Role{role("a"), role("b")}, IsTruncated: new(true), Marker: sp("m1")}, nil
		case "GetRole":
			return nil, &awserr.Error{Code: "NoSuchEntity", Message: "The role with name " + *in.(*iam.GetRoleRequest).RoleName + " cannot be found.", Status: 404}
		case "GetAccountSummary":
			return &iam.GetAccountSummaryResponse{SummaryMap: map[string]int32{"Roles": 2, "RolesQuota": 1000}}, nil
		case "DeleteRole":
			return nil, nil
		}
		return nil, awserr.New("InvalidAction", "unexpected %s", op)
	})
	client := iamsdk.NewFromConfig(sdkConfig(url))
	ctx := context.Background()

	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	cr, err := client.CreateRole(ctx, &iamsdk.CreateRoleInput{
		RoleName: sp("web+app"), AssumeRolePolicyDocument: sp(policy), Description: sp(""),
		MaxSessionDuration: aws.Int32(7200),
		Tags:               []iamtypes.Tag{{Key: sp("a"), Value: sp("1")}, {Key: sp("b"), Value: sp("x=y&z")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if *gotCreate.RoleName != "web+app" || *gotCreate.AssumeRolePolicyDocument != policy || *gotCreate.MaxSessionDuration != 7200 ||
		gotCreate.Description == nil || *gotCreate.Description != "" {
		t.Errorf("decoded input: %+v", gotCreate)
	}
	if len(gotCreate.Tags) != 2 || *gotCreate.Tags[1].Key != "b" || *gotCreate.Tags[1].Value != "x=y&z" {
		t.Errorf("decoded tags: %+v", gotCreate.Tags)
	}
	r := cr.Role
	if *r.RoleName != "web+app" || !r.CreateDate.Equal(created) || *r.MaxSessionDuration != 7200 || *r.Path != "/svc/" {
		t.Errorf("role: %+v", r)
	}
	if r.RoleLastUsed == nil || !r.RoleLastUsed.LastUsedDate.Equal(used) || *r.RoleLastUsed.Region != "eu-west-1" {
		t.Errorf("RoleLastUsed: %+v", r.RoleLastUsed)
	}
	if r.PermissionsBoundary == nil || r.PermissionsBoundary.PermissionsBoundaryType != iamtypes.PermissionsBoundaryAttachmentTypePolicy {
		t.Errorf("PermissionsBoundary: %+v", r.PermissionsBoundary)
	}
	if len(r.Tags) != 2 || *r.Tags[0].Value != "net & <ops>" || *r.Tags[1].Value != "" {
		t.Errorf("tags: %+v", r.Tags)
	}

	lr, err := client.ListRoles(ctx, &iamsdk.ListRolesInput{PathPrefix: sp("/svc/"), MaxItems: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	if *gotList.PathPrefix != "/svc/" || *gotList.MaxItems != 2 {
		t.Errorf("list input: %+v", gotList)
	}
	if len(lr.Roles) != 2 || *lr.Roles[1].RoleName != "b" || !lr.IsTruncated || *lr.Marker != "m1" {
		t.Errorf("list: %+v", lr)
	}
	lr, err = client.ListRoles(ctx, &iamsdk.ListRolesInput{Marker: sp("m1")})
	if err != nil {
		t.Fatal(err)
	}
	if lr.Roles == nil || len(lr.Roles) != 0 || lr.IsTruncated {
		t.Errorf("empty page: %+v", lr)
	}

	sum, err := client.GetAccountSummary(ctx, &iamsdk.GetAccountSummaryInput{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sum.SummaryMap, map[string]int32{"Roles": 2, "RolesQuota": 1000}) {
		t.Errorf("SummaryMap = %v", sum.SummaryMap)
	}

	if _, err := client.DeleteRole(ctx, &iamsdk.DeleteRoleInput{RoleName: sp("a")}); err != nil {
		t.Errorf("no-output operation: %v", err)
	}

	_, err = client.GetRole(ctx, &iamsdk.GetRoleInput{RoleName: sp("ghost")})
	var nse *iamtypes.NoSuchEntityException
	if !errors.As(err, &nse) {
		t.Fatalf("GetRole error = %v, want NoSuchEntityException", err)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "NoSuchEntity" || apiErr.ErrorMessage() != "The role with name ghost cannot be found." ||
		apiErr.ErrorFault() != smithy.FaultClient {
		t.Errorf("api error: %v", err)
	}
}

func TestSDKSTSGetCallerIdentity(t *testing.T) {
	url := serve(t, sts.Service, func(op string, in any) (any, error) {
		if op != "GetCallerIdentity" {
			return nil, &awserr.Error{Code: "ServiceUnavailable", Message: "down", Status: 503}
		}
		return &sts.GetCallerIdentityResponse{UserId: sp("AIDAEXAMPLE"), Account: sp("123456789012"), Arn: sp("arn:aws:iam::123456789012:user/alice")}, nil
	})
	client := stssdk.NewFromConfig(sdkConfig(url))
	out, err := client.GetCallerIdentity(context.Background(), &stssdk.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if *out.Account != "123456789012" || *out.Arn != "arn:aws:iam::123456789012:user/alice" || *out.UserId != "AIDAEXAMPLE" {
		t.Errorf("identity: %+v", out)
	}
	_, err = client.GetSessionToken(context.Background(), &stssdk.GetSessionTokenInput{})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ServiceUnavailable" {
		t.Errorf("server error: %v", err)
	}
}

func TestSDKRDSSubnetGroup(t *testing.T) {
	var got *rds.CreateDBSubnetGroupMessage
	url := serve(t, rds.Service, func(op string, in any) (any, error) {
		switch op {
		case "CreateDBSubnetGroup":
			got = in.(*rds.CreateDBSubnetGroupMessage)
			g := &rds.DBSubnetGroup{
				DBSubnetGroupName: got.DBSubnetGroupName, DBSubnetGroupDescription: got.DBSubnetGroupDescription,
				VpcId: sp("vpc-1"), SubnetGroupStatus: sp("Complete"),
				DBSubnetGroupArn:      sp("arn:aws:rds:us-east-1:123456789012:subgrp:" + *got.DBSubnetGroupName),
				SupportedNetworkTypes: []string{"IPV4", "DUAL"},
			}
			for i, id := range got.SubnetIds {
				az := []string{"us-east-1a", "us-east-1b", "us-east-1c"}[i%3]
				g.Subnets = append(g.Subnets, rds.Subnet{SubnetIdentifier: sp(id), SubnetAvailabilityZone: &rds.AvailabilityZone{Name: sp(az)}, SubnetStatus: sp("Active")})
			}
			return &rds.CreateDBSubnetGroupResult{DBSubnetGroup: g}, nil
		case "DescribeDBSubnetGroups":
			return nil, &awserr.Error{Code: "DBSubnetGroupNotFoundFault", Message: "DBSubnetGroup not found", Status: 404}
		}
		return nil, awserr.New("InvalidAction", "unexpected %s", op)
	})
	client := rdssdk.NewFromConfig(sdkConfig(url))
	ids := []string{"subnet-1", "subnet-2", "subnet-3", "subnet-4", "subnet-5", "subnet-6", "subnet-7", "subnet-8", "subnet-9", "subnet-10", "subnet-11"}
	out, err := client.CreateDBSubnetGroup(context.Background(), &rdssdk.CreateDBSubnetGroupInput{
		DBSubnetGroupName: sp("db"), DBSubnetGroupDescription: sp("my group"), SubnetIds: ids,
		Tags: []rdstypes.Tag{{Key: sp("env"), Value: sp("dev")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.SubnetIds, ids) || len(got.Tags) != 1 || *got.Tags[0].Value != "dev" {
		t.Errorf("decoded input: %+v", got)
	}
	g := out.DBSubnetGroup
	if *g.DBSubnetGroupName != "db" || *g.VpcId != "vpc-1" || len(g.Subnets) != 11 || *g.Subnets[10].SubnetIdentifier != "subnet-11" ||
		*g.Subnets[1].SubnetAvailabilityZone.Name != "us-east-1b" || !reflect.DeepEqual(g.SupportedNetworkTypes, []string{"IPV4", "DUAL"}) {
		t.Errorf("group: %+v", g)
	}
	_, err = client.DescribeDBSubnetGroups(context.Background(), &rdssdk.DescribeDBSubnetGroupsInput{DBSubnetGroupName: sp("nope")})
	var nf *rdstypes.DBSubnetGroupNotFoundFault
	if !errors.As(err, &nf) {
		t.Errorf("error = %v, want DBSubnetGroupNotFoundFault", err)
	}
}
