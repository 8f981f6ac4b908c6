package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/dns"
	"github.com/vpcsim/vpcsim/internal/endpointcheck"
	"github.com/vpcsim/vpcsim/internal/model"
)

// TestEndpointToolsRoutes: POST /_vpcsim/endpoint-check walks the
// checklist in the caller's account and POST /_vpcsim/resolve answers a
// DNS query; bad input is a 400 naming it, another account's ids are
// unknown, and GET is refused.
func TestEndpointToolsRoutes(t *testing.T) {
	ts := newTestServer(t, Options{})
	ctx := context.Background()
	ctl := ts.srv.ctl
	scope := model.Scope{Account: ts.srv.opts.DefaultAccount, Region: ts.srv.opts.DefaultRegion}
	if err := ctl.EnsureScope(ctx, scope); err != nil {
		t.Fatal(err)
	}
	v, err := ctl.CreateVpc(ctx, scope, control.CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	on := true
	if err := ctl.ModifyVpcAttribute(ctx, scope, control.ModifyVpcAttributeInput{VpcID: v.ID, EnableDnsHostnames: &on}); err != nil {
		t.Fatal(err)
	}
	sn, err := ctl.CreateSubnet(ctx, scope, control.CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.1.0/24", AvailabilityZone: scope.Region + "a"})
	if err != nil {
		t.Fatal(err)
	}
	one := int32(1)
	insts, err := ctl.RunInstances(ctx, scope, control.RunInstancesInput{ImageID: "ami-12345678", InstanceType: "t3.micro", MinCount: &one, MaxCount: &one, SubnetID: sn.ID})
	if err != nil {
		t.Fatal(err)
	}
	main := control.MainRouteTable(ctl.Snapshot(), v.ID)
	ep, err := ctl.CreateVpcEndpoint(ctx, scope, control.CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws." + scope.Region + ".s3", RouteTableIDs: []string{main.ID}})
	if err != nil {
		t.Fatal(err)
	}
	post := func(path, body string, header map[string]string) (int, http.Header, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, raw
	}
	q := `{"source":"` + insts[0].ID + `","endpoint":"` + ep.ID + `","action":"s3:GetObject","resource":"arn:aws:s3:::nobucket/k"}`
	code, h, raw := post(EndpointCheckPath, q, nil)
	var res endpointcheck.Result
	if code != http.StatusOK || json.Unmarshal(raw, &res) != nil {
		t.Fatalf("%d %s", code, raw)
	}
	// No such bucket: step 5 fails.
	if res.OK || res.Failed != 5 || h.Get("X-Vpcsim-Ok") != "false" || res.Context["aws:SourceVpce"][0] != ep.ID {
		t.Fatalf("result %+v", res)
	}
	if code, _, raw := post(EndpointCheckPath+"?format=text", q, nil); code != http.StatusOK || !strings.Contains(string(raw), "FAILED at step 5") {
		t.Fatalf("text: %d %s", code, raw)
	}
	// Another account does not see the source.
	if code, _, raw := post(EndpointCheckPath, q, map[string]string{AccountHeader: "210987654321"}); code != http.StatusBadRequest || !strings.Contains(string(raw), "unknown source") {
		t.Fatalf("other account: %d %s", code, raw)
	}
	if code, _, raw := post(EndpointCheckPath, `{"source":"`+insts[0].ID+`","endpoint":"`+ep.ID+`","action":"GetObject","resource":"x"}`, nil); code != http.StatusBadRequest || !strings.Contains(string(raw), "service:Action") {
		t.Fatalf("bad action: %d %s", code, raw)
	}
	eni, _ := ctl.Snapshot().NetworkInterfaces.Get(insts[0].PrimaryENI)
	name := control.PrivateDNSName(scope.Region, eni.PrimaryIP())
	code, _, raw = post(ResolvePath, `{"from":"`+sn.ID+`","name":"`+name+`"}`, nil)
	var a dns.Answer
	if code != http.StatusOK || json.Unmarshal(raw, &a) != nil || a.Status != dns.StatusNoError || len(a.Records) != 1 || a.Records[0].Value != eni.PrimaryIP().String() {
		t.Fatalf("resolve: %d %s", code, raw)
	}
	if code, _, _ := post(ResolvePath, `{"from":"`+sn.ID+`","name":"bad name"}`, nil); code != http.StatusBadRequest {
		t.Fatalf("bad name: %d", code)
	}
	resp, err := http.Get(ts.URL + ResolvePath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %d", resp.StatusCode)
	}
}
