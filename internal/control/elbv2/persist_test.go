package elbv2

import (
	"context"
	"reflect"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestPersistence writes a load balancer, target group, listener and rule
// to a data directory, reopens it and compares the objects.
func TestPersistence(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(store.Options{Dir: dir, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	ec2 := control.New(st, control.Options{})
	ctx := context.Background()
	if err := ec2.EnsureScope(ctx, testScope); err != nil {
		t.Fatal(err)
	}
	var subnets []string
	zones := map[string]bool{}
	for _, sn := range st.Snapshot().Subnets.Children(func() string {
		id := ""
		st.Snapshot().VPCs.All(func(v *model.VPC) bool { id = v.ID; return false })
		return id
	}()) {
		if !zones[sn.AvailabilityZone] {
			zones[sn.AvailabilityZone] = true
			subnets = append(subnets, sn.ID)
		}
	}
	s := New(ec2)
	lb, err := s.CreateLoadBalancer(ctx, testScope, CreateLoadBalancerInput{Name: "p", Subnets: subnets[:2]})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := s.CreateTargetGroup(ctx, testScope, CreateTargetGroupInput{Name: "p", Protocol: "HTTP", Port: 80, VpcID: lb.VpcID})
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.CreateListener(ctx, testScope, CreateListenerInput{LoadBalancerARN: lb.ID, Protocol: "HTTP", Port: 80,
		DefaultActions: []elbv2.Action{{Type: "forward", Forward: []elbv2.WeightedTargetGroup{{ARN: tg.ID, Weight: 1}}}}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.CreateRule(ctx, testScope, CreateRuleInput{ListenerARN: l.ID, Priority: 1,
		Conditions: []elbv2.Condition{{Field: "path-pattern", Values: []string{"/a"}}},
		Actions:    []elbv2.Action{{Type: "redirect", Redirect: &elbv2.Redirect{Path: "/b", StatusCode: "HTTP_301"}}}})
	if err != nil {
		t.Fatal(err)
	}
	before := st.Snapshot()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2, err := store.Open(store.Options{Dir: dir, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	after := st2.Snapshot()
	for _, c := range []struct {
		a, b any
	}{
		{get(store.LoadBalancerKind, before, lb.ID), get(store.LoadBalancerKind, after, lb.ID)},
		{get(TargetGroupKind, before, tg.ID), get(TargetGroupKind, after, tg.ID)},
		{get(ListenerKind, before, l.ID), get(ListenerKind, after, l.ID)},
		{get(RuleKind, before, r.ID), get(RuleKind, after, r.ID)},
	} {
		if !reflect.DeepEqual(c.a, c.b) {
			t.Errorf("after restart\n got %+v\nwant %+v", c.b, c.a)
		}
	}
}

func get[T any](k *store.Kind[T], w *store.World, id string) *T {
	v, _ := k.In(w).Get(id)
	return v
}
