package elbv2

import (
	"context"
	"testing"
)

// TestPrivateLinkInboundSetting pins EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic
// (ELBv2 API SetSecurityGroups: "Indicates whether to evaluate inbound
// security group rules for traffic sent to a Network Load Balancer through
// AWS PrivateLink. The default is on."): "on" for a Network Load Balancer
// created with security groups, settable to "off" and back, absent for a
// Network Load Balancer without groups and for other types, and refused on
// an Application Load Balancer.
func TestPrivateLinkInboundSetting(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	nlb, err := f.svc.CreateLoadBalancer(ctx, testScope, CreateLoadBalancerInput{Name: "nlb-sg", Type: "network", Scheme: "internal",
		Subnets: []string{f.subnets[0].ID}, SecurityGroups: []string{f.sg}})
	if err != nil {
		t.Fatal(err)
	}
	if got := nlb.PrivateLinkInboundSetting(); got != "on" {
		t.Errorf("new NLB with groups: setting %q, want on", got)
	}
	off, err := f.svc.SetSecurityGroups(ctx, testScope, nlb.ID, []string{f.sg}, "off")
	if err != nil || off.PrivateLinkInboundSetting() != "off" {
		t.Fatalf("SetSecurityGroups off: %+v %v", off, err)
	}
	// Groups changed without the setting: it stays off.
	kept, err := f.svc.SetSecurityGroups(ctx, testScope, nlb.ID, []string{f.sg}, "")
	if err != nil || kept.PrivateLinkInboundSetting() != "off" {
		t.Fatalf("SetSecurityGroups without the setting: %+v %v", kept, err)
	}
	on, err := f.svc.SetSecurityGroups(ctx, testScope, nlb.ID, []string{f.sg}, "on")
	if err != nil || on.PrivateLinkInboundSetting() != "on" {
		t.Fatalf("SetSecurityGroups on: %+v %v", on, err)
	}

	bare, err := f.svc.CreateLoadBalancer(ctx, testScope, CreateLoadBalancerInput{Name: "nlb-bare", Type: "network", Scheme: "internal",
		Subnets: []string{f.subnets[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if got := bare.PrivateLinkInboundSetting(); got != "" {
		t.Errorf("NLB without groups: setting %q, want none", got)
	}
	alb, err := f.svc.CreateLoadBalancer(ctx, testScope, CreateLoadBalancerInput{Name: "alb", Subnets: []string{f.subnets[0].ID, f.subnets[1].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if got := alb.PrivateLinkInboundSetting(); got != "" {
		t.Errorf("ALB: setting %q, want none", got)
	}
	_, err = f.svc.SetSecurityGroups(ctx, testScope, alb.ID, []string{f.sg}, "off")
	wantCode(t, "the setting on an ALB", err, "InvalidConfigurationRequest")
}
