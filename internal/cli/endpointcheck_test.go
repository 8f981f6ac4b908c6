package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/endpointcheck"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// endpointWorld stores a VPC with an instance and an S3 gateway endpoint
// in a data directory and returns their ids.
func endpointWorld(t *testing.T) (dir, instance, endpoint, subnet string) {
	t.Helper()
	dir = t.TempDir()
	st, err := store.Open(store.Options{Dir: dir, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	scope := model.Scope{Account: "123456789012", Region: "us-east-1"}
	ctl := control.New(st, control.Options{})
	if err := ctl.EnsureScope(ctx, scope); err != nil {
		t.Fatal(err)
	}
	v, err := ctl.CreateVpc(ctx, scope, control.CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	sn, err := ctl.CreateSubnet(ctx, scope, control.CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.1.0/24", AvailabilityZone: "us-east-1a"})
	if err != nil {
		t.Fatal(err)
	}
	one := int32(1)
	insts, err := ctl.RunInstances(ctx, scope, control.RunInstancesInput{ImageID: "ami-12345678", InstanceType: "t3.micro", MinCount: &one, MaxCount: &one, SubnetID: sn.ID})
	if err != nil {
		t.Fatal(err)
	}
	ep, err := ctl.CreateVpcEndpoint(ctx, scope, control.CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.s3"})
	if err != nil {
		t.Fatal(err)
	}
	return dir, insts[0].ID, ep.ID, sn.ID
}

// TestEndpointCheckCommand: a gateway endpoint without route tables fails
// at step 3 (exit 1); usage errors exit 2.
func TestEndpointCheckCommand(t *testing.T) {
	dir, inst, ep, _ := endpointWorld(t)
	code, out, errs := runCLI(t, "endpoint-check", "--data", dir, "--from", inst, "--endpoint", ep, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k", "--output", "json")
	var res endpointcheck.Result
	if code != 1 || json.Unmarshal([]byte(out), &res) != nil || res.Failed != 3 {
		t.Fatalf("exit %d, %s %s", code, out, errs)
	}
	code, out, _ = runCLI(t, "endpoint-check", "--data", dir, "--from", inst, "--endpoint", ep, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k")
	if code != 1 || !strings.Contains(out, "FAILED at step 3 (route table)") {
		t.Fatalf("table: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"endpoint-check", "--data", dir, "--from", inst},
		{"endpoint-check", "--data", dir, "--server", "http://x", "--from", inst, "--endpoint", ep, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k"},
		{"endpoint-check", "--data", dir, "--from", "i-0000", "--endpoint", ep, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k"},
	} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestResolveCommand: a private IP DNS name resolves only with both DNS
// attributes (the new VPC has enableDnsHostnames false: NXDOMAIN, exit 1).
func TestResolveCommand(t *testing.T) {
	dir, _, _, subnet := endpointWorld(t)
	code, out, errs := runCLI(t, "resolve", "--data", dir, "--from", subnet, "ip-10-0-1-4.ec2.internal")
	if code != 1 || !strings.Contains(out, "NXDOMAIN") || !strings.Contains(out, "enableDnsHostnames") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if code, _, _ := runCLI(t, "resolve", "--data", dir, subnet); code != 2 {
		t.Errorf("no --from: exit %d", code)
	}
}
