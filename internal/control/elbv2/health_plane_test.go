package elbv2

import (
	"context"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
)

// TestPlaneHealthAgrees holds the data plane's target health (which picks
// the targets of Network and Application Load Balancers: dataplane
// lbtargets.go) to DescribeTargetHealth [ALB-UG, NLB-UG
// target-group-health-checks.md] on a world with healthy targets, a
// target whose security group refuses the health check, a stopped
// instance, Network Load Balancer targets that admit only their own group
// and ip targets, in several zones.
func TestPlaneHealthAgrees(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ids := f.instances(t, 3)
	closed, err := f.ec2.CreateSecurityGroup(ctx, testScope, control.CreateSecurityGroupInput{GroupName: "closed", Description: "no ingress", VpcID: f.vpc})
	if err != nil {
		t.Fatal(err)
	}
	one := int32(1)
	refused, err := f.ec2.RunInstances(ctx, testScope, control.RunInstancesInput{ImageID: "ami-12345678", InstanceType: "t3.micro",
		MinCount: &one, MaxCount: &one, SubnetID: f.subnets[1].ID, SecurityGroupIDs: []string{closed.ID}})
	if err != nil {
		t.Fatal(err)
	}
	targets := []elbv2.Target{{ID: ids[0]}, {ID: ids[1]}, {ID: ids[2]}, {ID: refused[0].ID}}

	// An Application Load Balancer in the default group: its targets
	// (in the default group too) admit it, except the closed one.
	lb := f.alb(t, "app", nil)
	web, err := f.svc.CreateTargetGroup(ctx, testScope, CreateTargetGroupInput{Name: "web", Protocol: "HTTP", Port: 80, VpcID: f.vpc})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RegisterTargets(ctx, testScope, web.ID, targets); err != nil {
		t.Fatal(err)
	}
	forward := func(tg string) []elbv2.Action {
		return []elbv2.Action{{Type: "forward", Forward: []elbv2.WeightedTargetGroup{{ARN: tg, Weight: 1}}}}
	}
	if _, err := f.svc.CreateListener(ctx, testScope, CreateListenerInput{LoadBalancerARN: lb.ID, Protocol: "HTTP", Port: 80, DefaultActions: forward(web.ID)}); err != nil {
		t.Fatal(err)
	}

	// A Network Load Balancer without security groups: the default group
	// does not admit its nodes, so its instance targets are unhealthy;
	// an ip target group on the same instances with cross-zone off.
	nlb, err := f.svc.CreateLoadBalancer(ctx, testScope, CreateLoadBalancerInput{Name: "net", Type: elbv2.TypeNetwork,
		Subnets: []string{f.subnets[0].ID, f.subnets[1].ID}})
	if err != nil {
		t.Fatal(err)
	}
	tcp, err := f.svc.CreateTargetGroup(ctx, testScope, CreateTargetGroupInput{Name: "tcp", Protocol: "TCP", Port: 80, VpcID: f.vpc})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RegisterTargets(ctx, testScope, tcp.ID, targets); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateListener(ctx, testScope, CreateListenerInput{LoadBalancerARN: nlb.ID, Protocol: "TCP", Port: 80, DefaultActions: forward(tcp.ID)}); err != nil {
		t.Fatal(err)
	}
	ips, err := f.svc.CreateTargetGroup(ctx, testScope, CreateTargetGroupInput{Name: "ips", TargetType: elbv2.TargetIP, Protocol: "TCP", Port: 443, VpcID: f.vpc})
	if err != nil {
		t.Fatal(err)
	}
	w := f.ec2.Store().Snapshot()
	var ipTargets []elbv2.Target
	for _, id := range ids {
		in, _ := w.Instances.Get(id)
		e, _ := w.NetworkInterfaces.Get(in.PrimaryENI)
		ipTargets = append(ipTargets, elbv2.Target{ID: e.PrimaryIP().String()})
	}
	if err := f.svc.RegisterTargets(ctx, testScope, ips.ID, ipTargets); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateListener(ctx, testScope, CreateListenerInput{LoadBalancerARN: nlb.ID, Protocol: "TCP", Port: 443, DefaultActions: forward(ips.ID)}); err != nil {
		t.Fatal(err)
	}

	// Stopped after registration: unused, Target.InvalidState.
	if _, err := f.ec2.StopInstances(ctx, testScope, []string{ids[2]}); err != nil {
		t.Fatal(err)
	}
	plane := dataplane.Compile(f.ec2.Store().Snapshot())
	counts := map[bool]int{}
	for _, tg := range []string{web.ID, tcp.ID, ips.ID} {
		hs, err := f.svc.DescribeTargetHealth(testScope, tg, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			got, ok := plane.TargetHealthy(tg, h.Target.ID, h.Target.Port)
			if !ok {
				t.Errorf("%s %s: the plane has no health for the target", tg, h.Target.ID)
				continue
			}
			if want := h.State == StateHealthy; got != want {
				t.Errorf("%s %s: DescribeTargetHealth %s/%s (%s), plane healthy=%v", tg, h.Target.ID, h.State, h.Reason, h.Description, got)
			}
			t.Logf("%s %s: %s/%s, plane healthy=%v", tg[len(tg)-30:], h.Target.ID, h.State, h.Reason, got)
			counts[got]++
		}
	}
	if counts[true] < 2 || counts[false] < 2 {
		t.Errorf("want healthy and unhealthy targets compared, got %v", counts)
	}
}
