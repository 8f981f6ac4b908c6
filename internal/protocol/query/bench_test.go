package query_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/api/iam"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/query"
)

// BenchmarkDecodeCreateRole decodes a typical CreateRole request (policy
// document, description, five tags), Resolve included.
func BenchmarkDecodeCreateRole(b *testing.B) {
	v := url.Values{
		"Action": {"CreateRole"}, "Version": {"2010-05-08"}, "RoleName": {"web-app"}, "Path": {"/svc/"},
		"AssumeRolePolicyDocument": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`},
		"Description":              {"role for the web tier"}, "MaxSessionDuration": {"3600"},
	}
	for i := 1; i <= 5; i++ {
		v.Set("Tags.member."+strconv.Itoa(i)+".Key", "key"+strconv.Itoa(i))
		v.Set("Tags.member."+strconv.Itoa(i)+".Value", "value "+strconv.Itoa(i))
	}
	body := v.Encode()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req := &protocol.Request{HTTP: r, Body: []byte(body)}
	op := iam.Service.Operations["CreateRole"]
	var c query.Codec
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := c.Resolve(iam.Service, req); err != nil {
			b.Fatal(err)
		}
		in := new(iam.CreateRoleRequest)
		if err := c.Decode(iam.Service, op, req, in); err != nil || len(in.Tags) != 5 {
			b.Fatal(err)
		}
	}
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkEncodeListRoles renders a ListRoles page of ten roles, each
// with two tags and a last-used record.
func BenchmarkEncodeListRoles(b *testing.B) {
	now := time.Date(2026, 11, 29, 22, 15, 4, 0, time.UTC)
	out := &iam.ListRolesResponse{IsTruncated: new(true), Marker: sp("next")}
	for i := range 10 {
		n := "role-" + strconv.Itoa(i)
		out.Roles = append(out.Roles, iam.Role{
			Path: sp("/"), RoleName: sp(n), RoleId: sp("AROAEXAMPLE00000000" + strconv.Itoa(i)),
			Arn: sp("arn:aws:iam::123456789012:role/" + n), CreateDate: &now,
			AssumeRolePolicyDocument: sp("%7B%22Version%22%3A%222012-10-17%22%7D"), MaxSessionDuration: new(int32(3600)),
			Tags:         []iam.Tag{{Key: sp("team"), Value: sp("net")}, {Key: sp("env"), Value: sp("prod & test")}},
			RoleLastUsed: &iam.RoleLastUsed{LastUsedDate: &now, Region: sp("us-east-1")},
		})
	}
	op := iam.Service.Operations["ListRoles"]
	w := &discard{h: http.Header{}}
	var c query.Codec
	b.ReportAllocs()
	for b.Loop() {
		if err := c.WriteOutput(w, iam.Service, op, out, "b3f1c2d4-0000-4000-8000-000000000001"); err != nil {
			b.Fatal(err)
		}
	}
}
