package elbv2

import (
	"context"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model/elbv2"
)

// BenchmarkDescribeTargetHealth1000 computes the health of 1,000 instance
// targets behind an Application Load Balancer in two zones (cross-zone on:
// two data-plane traces per target).
func BenchmarkDescribeTargetHealth1000(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	ids := f.instances(b, 1000)
	lb, err := f.svc.CreateLoadBalancer(ctx, testScope, CreateLoadBalancerInput{Name: "bench", Subnets: []string{f.subnets[0].ID, f.subnets[1].ID}})
	if err != nil {
		b.Fatal(err)
	}
	tg, err := f.svc.CreateTargetGroup(ctx, testScope, CreateTargetGroupInput{Name: "bench", Protocol: "HTTP", Port: 80, VpcID: f.vpc})
	if err != nil {
		b.Fatal(err)
	}
	targets := make([]elbv2.Target, len(ids))
	for i, id := range ids {
		targets[i] = elbv2.Target{ID: id}
	}
	if err := f.svc.RegisterTargets(ctx, testScope, tg.ID, targets); err != nil {
		b.Fatal(err)
	}
	if _, err := f.svc.CreateListener(ctx, testScope, CreateListenerInput{LoadBalancerARN: lb.ID, Protocol: "HTTP", Port: 80,
		DefaultActions: []elbv2.Action{{Type: "forward", Forward: []elbv2.WeightedTargetGroup{{ARN: tg.ID, Weight: 1}}}}}); err != nil {
		b.Fatal(err)
	}
	hs, err := f.svc.DescribeTargetHealth(testScope, tg.ID, nil)
	if err != nil || len(hs) != 1000 || hs[999].State != StateHealthy {
		b.Fatalf("health: %d targets, err %v", len(hs), err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := f.svc.DescribeTargetHealth(testScope, tg.ID, nil); err != nil {
			b.Fatal(err)
		}
	}
}
