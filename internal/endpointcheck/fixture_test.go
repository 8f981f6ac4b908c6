package endpointcheck

import (
	"context"
	"fmt"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	iamctl "github.com/vpcsim/vpcsim/internal/control/iam"
	s3ctl "github.com/vpcsim/vpcsim/internal/control/s3"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

var testScope = model.Scope{Account: "123456789012", Region: "us-east-1"}

// world is a test topology: a VPC with both DNS attributes, two subnets,
// an instance, an S3 gateway endpoint on the main route table, an SSM
// interface endpoint with private DNS and a security group allowing
// HTTPS from the VPC, a bucket.
type world struct {
	t        testing.TB
	ctl      *control.Service
	s3       *s3ctl.Service
	iam      *iamctl.Service
	vpc      *model.VPC
	subnets  []*model.Subnet
	instance *model.Instance
	appSG    *model.SecurityGroup
	epSG     *model.SecurityGroup
	gateway  *model.VpcEndpoint
	iface    *model.VpcEndpoint
}

// must returns v, and panics (failing the test) on err: the fixture's
// calls do not fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("fixture: %v", err))
	}
	return v
}

func port(n int32) *int32 { return &n }

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	st := must(store.Open(store.Options{Seed: 1}))
	t.Cleanup(func() { st.Close() })
	w := &world{t: t, ctl: control.New(st, control.Options{}), iam: iamctl.New(st)}
	w.s3 = must(s3ctl.New(st))
	if err := w.ctl.EnsureScope(ctx, testScope); err != nil {
		t.Fatal(err)
	}
	v := must(w.ctl.CreateVpc(ctx, testScope, control.CreateVpcInput{CidrBlock: "10.0.0.0/16"}))
	on := true
	if err := w.ctl.ModifyVpcAttribute(ctx, testScope, control.ModifyVpcAttributeInput{VpcID: v.ID, EnableDnsHostnames: &on}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ cidr, az string }{{"10.0.1.0/24", "us-east-1a"}, {"10.0.2.0/24", "us-east-1b"}} {
		w.subnets = append(w.subnets, must(w.ctl.CreateSubnet(ctx, testScope, control.CreateSubnetInput{VpcID: v.ID, CidrBlock: c.cidr, AvailabilityZone: c.az})))
	}
	w.appSG = must(w.ctl.CreateSecurityGroup(ctx, testScope, control.CreateSecurityGroupInput{GroupName: "app", Description: "app", VpcID: v.ID}))
	w.epSG = must(w.ctl.CreateSecurityGroup(ctx, testScope, control.CreateSecurityGroupInput{GroupName: "endpoint", Description: "endpoint", VpcID: v.ID}))
	must(w.ctl.AuthorizeSecurityGroupRules(ctx, testScope, control.AuthorizeSecurityGroupRulesInput{GroupID: w.epSG.ID,
		Permissions: []control.SGPermission{{Protocol: "tcp", FromPort: port(443), ToPort: port(443), IPv4: []control.SGPeer{{Value: "10.0.0.0/16"}}}}}))
	one := int32(1)
	w.instance = must(w.ctl.RunInstances(ctx, testScope, control.RunInstancesInput{ImageID: "ami-12345678", InstanceType: "t3.micro",
		MinCount: &one, MaxCount: &one, SubnetID: w.subnets[0].ID, SecurityGroupIDs: []string{w.appSG.ID}}))[0]
	main := control.MainRouteTable(w.ctl.Snapshot(), v.ID)
	w.gateway = must(w.ctl.CreateVpcEndpoint(ctx, testScope, control.CreateVpcEndpointInput{VpcID: v.ID,
		ServiceName: "com.amazonaws.us-east-1.s3", RouteTableIDs: []string{main.ID}}))
	w.iface = must(w.ctl.CreateVpcEndpoint(ctx, testScope, control.CreateVpcEndpointInput{Type: model.EndpointTypeInterface, VpcID: v.ID,
		ServiceName: "com.amazonaws.us-east-1.ssm", SubnetIDs: []string{w.subnets[0].ID, w.subnets[1].ID}, SecurityGroupIDs: []string{w.epSG.ID}}))
	must(w.s3.CreateBucket(ctx, testScope, s3ctl.CreateBucketInput{Name: "reports"}))
	w.vpc, _ = w.ctl.Snapshot().VPCs.Get(v.ID)
	return w
}

// check runs the checklist on the current world.
func (w *world) check(in Input) *Result {
	w.t.Helper()
	snap := w.ctl.Snapshot()
	res, err := Check(snap, w.ctl.Plane(), "", in)
	if err != nil {
		w.t.Fatal(err)
	}
	return res
}
