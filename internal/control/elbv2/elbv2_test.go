package elbv2

import (
	"context"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

var testScope = model.Scope{Account: "123456789012", Region: "us-east-1"}

type fixture struct {
	ec2     *control.Service
	svc     *Service
	vpc     string
	subnets []*model.Subnet // default subnets, one per zone
	sg      string          // the default VPC's default group
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st, err := store.Open(store.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	ec2 := control.New(st, control.Options{})
	if err := ec2.EnsureScope(context.Background(), testScope); err != nil {
		t.Fatal(err)
	}
	f := &fixture{ec2: ec2, svc: New(ec2)}
	w := st.Snapshot()
	w.VPCs.All(func(v *model.VPC) bool {
		if v.InScope(testScope) && v.IsDefault {
			f.vpc = v.ID
		}
		return true
	})
	zones := map[string]bool{}
	w.Subnets.All(func(sn *model.Subnet) bool {
		if sn.VpcID == f.vpc && !zones[sn.AvailabilityZone] {
			zones[sn.AvailabilityZone] = true
			f.subnets = append(f.subnets, sn)
		}
		return true
	})
	f.sg = defaultGroup(w, f.vpc)
	if f.vpc == "" || len(f.subnets) < 2 || f.sg == "" {
		t.Fatalf("no default VPC with two subnets: %+v", f)
	}
	return f
}

func (f *fixture) instances(t testing.TB, n int32) []string {
	t.Helper()
	one := int32(1)
	insts, err := f.ec2.RunInstances(context.Background(), testScope, control.RunInstancesInput{
		ImageID: "ami-12345678", InstanceType: "t3.micro", MinCount: &one, MaxCount: &n, SubnetID: f.subnets[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(insts))
	for i, in := range insts {
		ids[i] = in.ID
	}
	return ids
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	e, ok := awserr.As(err)
	if !ok || e.Code != code {
		t.Errorf("%s: got %v, want %s", what, err, code)
	}
}

func (f *fixture) alb(t *testing.T, name string, groups []string) *elbv2.LoadBalancer {
	t.Helper()
	lb, err := f.svc.CreateLoadBalancer(context.Background(), testScope, CreateLoadBalancerInput{
		Name: name, Subnets: []string{f.subnets[0].ID, f.subnets[1].ID}, SecurityGroups: groups})
	if err != nil {
		t.Fatal(err)
	}
	return lb
}

// TestCreateLoadBalancer pins CreateLoadBalancer's rules [ALB-UG
// application-load-balancers.md, load-balancer-subnets.md; API
// CreateLoadBalancer].
func TestCreateLoadBalancer(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	lb := f.alb(t, "web", nil)
	if !strings.HasPrefix(lb.ID, "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/") || len(lbPath(lb.ID)) != len("app/web/")+16 {
		t.Errorf("ARN %s", lb.ID)
	}
	if !strings.HasPrefix(lb.DNSName, "web-") || !strings.HasSuffix(lb.DNSName, ".us-east-1.elb.amazonaws.com") || lb.CanonicalHostedZoneID != "Z35SXDOTRQ7X7K" {
		t.Errorf("DNS %s zone %s", lb.DNSName, lb.CanonicalHostedZoneID)
	}
	if len(lb.SecurityGroupIDs) != 1 || lb.SecurityGroupIDs[0] != f.sg {
		t.Errorf("ALB groups %v, want the default group %s", lb.SecurityGroupIDs, f.sg)
	}
	w := f.svc.st.Snapshot()
	for _, z := range lb.Zones {
		n, ok := w.NetworkInterfaces.Get(z.NetworkInterfaceID)
		if !ok || n.Description != "ELB "+lbPath(lb.ID) || !n.RequesterManaged || n.InterfaceType != "interface" || n.SubnetID != z.SubnetID || len(n.SecurityGroupIDs) != 1 || !n.PrivateIPs[0].PublicIP.IsValid() {
			t.Errorf("node ENI %+v", n)
		}
	}
	again := f.alb(t, "web", nil)
	if again.ID != lb.ID {
		t.Errorf("same settings: %s, want %s", again.ID, lb.ID)
	}
	internal, err := f.svc.CreateLoadBalancer(ctx, testScope, CreateLoadBalancerInput{Name: "nlb", Type: "network", Scheme: "internal",
		SubnetMappings: []SubnetMapping{{SubnetID: f.subnets[0].ID, PrivateIPv4: ""}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(internal.DNSName, ".elb.us-east-1.amazonaws.com") || internal.CanonicalHostedZoneID != "Z26RNL4JYFTOTI" || len(internal.SecurityGroupIDs) != 0 {
		t.Errorf("NLB %+v", internal)
	}
	if n, _ := f.svc.st.Snapshot().NetworkInterfaces.Get(internal.Zones[0].NetworkInterfaceID); n.InterfaceType != "network_load_balancer" || n.PrivateIPs[0].PublicIP.IsValid() {
		t.Errorf("NLB ENI %+v", n)
	}
	for _, c := range []struct {
		what string
		in   CreateLoadBalancerInput
		code string
	}{
		{"duplicate name, other settings", CreateLoadBalancerInput{Name: "web", Subnets: []string{f.subnets[0].ID, f.subnets[2%len(f.subnets)].ID}, Scheme: "internal"}, "DuplicateLoadBalancerName"},
		{"one zone", CreateLoadBalancerInput{Name: "one", Subnets: []string{f.subnets[0].ID}}, "ValidationError"},
		{"internal- prefix", CreateLoadBalancerInput{Name: "internal-x", Subnets: []string{f.subnets[0].ID, f.subnets[1].ID}}, "ValidationError"},
		{"trailing hyphen", CreateLoadBalancerInput{Name: "x-", Subnets: []string{f.subnets[0].ID, f.subnets[1].ID}}, "ValidationError"},
		{"33 characters", CreateLoadBalancerInput{Name: strings.Repeat("a", 33), Subnets: []string{f.subnets[0].ID, f.subnets[1].ID}}, "ValidationError"},
		{"unknown subnet", CreateLoadBalancerInput{Name: "u", Subnets: []string{"subnet-0000000000000000f", f.subnets[1].ID}}, "SubnetNotFound"},
		{"unknown group", CreateLoadBalancerInput{Name: "g", Subnets: []string{f.subnets[0].ID, f.subnets[1].ID}, SecurityGroups: []string{"sg-00000000000000000"}}, "InvalidSecurityGroup"},
		{"dualstack without IPv6", CreateLoadBalancerInput{Name: "d", Subnets: []string{f.subnets[0].ID, f.subnets[1].ID}, IPAddressType: "dualstack"}, "InvalidConfigurationRequest"},
		{"EIP on an ALB", CreateLoadBalancerInput{Name: "e", SubnetMappings: []SubnetMapping{{SubnetID: f.subnets[0].ID, AllocationID: "eipalloc-1"}, {SubnetID: f.subnets[1].ID}}}, "InvalidConfigurationRequest"},
	} {
		_, err := f.svc.CreateLoadBalancer(ctx, testScope, c.in)
		wantCode(t, c.what, err, c.code)
	}
	// The node interfaces block DeleteSubnet and go with the load balancer.
	wantCode(t, "DeleteSubnet", f.ec2.DeleteSubnet(ctx, testScope, f.subnets[0].ID), "DependencyViolation")
	if _, err := f.svc.ModifyLoadBalancerAttributes(ctx, testScope, lb.ID, []Attribute{{"deletion_protection.enabled", "true"}}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "protected delete", f.svc.DeleteLoadBalancer(ctx, testScope, lb.ID), "OperationNotPermitted")
	_, err = f.svc.ModifyLoadBalancerAttributes(ctx, testScope, lb.ID, []Attribute{{"deletion_protection.enabled", "false"}, {"no.such.key", "1"}})
	wantCode(t, "unknown attribute", err, "InvalidConfigurationRequest")
	if _, err := f.svc.ModifyLoadBalancerAttributes(ctx, testScope, lb.ID, []Attribute{{"deletion_protection.enabled", "false"}}); err != nil {
		t.Fatal(err)
	}
	for _, arn := range []string{lb.ID, internal.ID} {
		if err := f.svc.DeleteLoadBalancer(ctx, testScope, arn); err != nil {
			t.Fatal(err)
		}
	}
	w = f.svc.st.Snapshot()
	w.NetworkInterfaces.All(func(n *model.NetworkInterface) bool {
		if n.RequesterID == "amazon-elb" {
			t.Errorf("ENI %s left after delete", n.ID)
		}
		return true
	})
	if err := f.svc.DeleteLoadBalancer(ctx, testScope, lb.ID); err != nil {
		t.Errorf("deleting a deleted load balancer: %v, want success", err)
	}
}

// TestListenersRulesAndHealth pins listeners, rules and target health
// [ALB-UG load-balancer-listeners.md, target-group-health-checks.md
// "Health check reason codes"].
func TestListenersRulesAndHealth(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	lb := f.alb(t, "app", nil)
	ids := f.instances(t, 2)
	tg, err := f.svc.CreateTargetGroup(ctx, testScope, CreateTargetGroupInput{Name: "web", Protocol: "HTTP", Port: 80, VpcID: f.vpc})
	if err != nil {
		t.Fatal(err)
	}
	if hc := tg.HealthCheck; !hc.Enabled || hc.Protocol != "HTTP" || hc.Port != "traffic-port" || hc.Path != "/" || hc.IntervalSeconds != 30 || hc.TimeoutSeconds != 5 || hc.HealthyThreshold != 5 || hc.UnhealthyThreshold != 2 || hc.HTTPCode != "200" {
		t.Errorf("ALB health check defaults %+v", hc)
	}
	if err := f.svc.RegisterTargets(ctx, testScope, tg.ID, []elbv2.Target{{ID: ids[0]}, {ID: ids[1]}}); err != nil {
		t.Fatal(err)
	}
	health := func(want ...string) {
		t.Helper()
		hs, err := f.svc.DescribeTargetHealth(testScope, tg.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, h := range hs {
			if got := h.State + "/" + h.Reason; i < len(want) && got != want[i] {
				t.Errorf("target %s: %s (%s), want %s", h.Target.ID, got, h.Description, want[i])
			}
		}
	}
	health("unused/Target.NotInUse", "unused/Target.NotInUse")
	l, err := f.svc.CreateListener(ctx, testScope, CreateListenerInput{LoadBalancerARN: lb.ID, Protocol: "HTTP", Port: 80,
		DefaultActions: []elbv2.Action{{Type: "forward", Forward: []elbv2.WeightedTargetGroup{{ARN: tg.ID, Weight: 1}}}}})
	if err != nil {
		t.Fatal(err)
	}
	health("healthy/", "healthy/")
	if _, err := f.ec2.StopInstances(ctx, testScope, []string{ids[1]}); err != nil {
		t.Fatal(err)
	}
	health("healthy/", "unused/Target.InvalidState")

	_, err = f.svc.CreateListener(ctx, testScope, CreateListenerInput{LoadBalancerARN: lb.ID, Protocol: "HTTP", Port: 80,
		DefaultActions: []elbv2.Action{{Type: "fixed-response", FixedResponse: &elbv2.FixedResponse{StatusCode: "404"}}}})
	wantCode(t, "same port", err, "DuplicateListener")
	_, err = f.svc.CreateListener(ctx, testScope, CreateListenerInput{LoadBalancerARN: lb.ID, Protocol: "HTTPS", Port: 443,
		DefaultActions: []elbv2.Action{{Type: "fixed-response", FixedResponse: &elbv2.FixedResponse{StatusCode: "404"}}}})
	wantCode(t, "HTTPS without certificate", err, "CertificateNotFound")
	_, err = f.svc.CreateListener(ctx, testScope, CreateListenerInput{LoadBalancerARN: lb.ID, Protocol: "TCP", Port: 81,
		DefaultActions: []elbv2.Action{{Type: "fixed-response", FixedResponse: &elbv2.FixedResponse{StatusCode: "404"}}}})
	wantCode(t, "TCP on an ALB", err, "UnsupportedProtocol")
	wantCode(t, "delete group in use", f.svc.DeleteTargetGroup(ctx, testScope, tg.ID), "ResourceInUse")

	rule := func(prio int32) (*elbv2.Rule, error) {
		return f.svc.CreateRule(ctx, testScope, CreateRuleInput{ListenerARN: l.ID, Priority: prio,
			Conditions: []elbv2.Condition{{Field: "path-pattern", Values: []string{"/api/*"}}},
			Actions:    []elbv2.Action{{Type: "fixed-response", FixedResponse: &elbv2.FixedResponse{StatusCode: "200", ContentType: "text/plain"}}}})
	}
	r, err := rule(10)
	if err != nil {
		t.Fatal(err)
	}
	_, err = rule(10)
	wantCode(t, "same priority", err, "PriorityInUse")
	rs, _, err := f.svc.DescribeRules(testScope, l.ID, nil, "", 0)
	if err != nil || len(rs) != 2 || rs[0].ARN != r.ID || rs[0].Priority != "10" || !rs[1].IsDefault || rs[1].Priority != "default" {
		t.Errorf("DescribeRules %+v %v", rs, err)
	}
	wantCode(t, "delete default rule", f.svc.DeleteRule(ctx, testScope, rs[1].ARN), "OperationNotPermitted")
	_, err = f.svc.CreateRule(ctx, testScope, CreateRuleInput{ListenerARN: l.ID, Priority: 11,
		Conditions: []elbv2.Condition{{Field: "host-header", Values: []string{"a", "b", "c", "d", "e", "f"}}},
		Actions:    []elbv2.Action{{Type: "fixed-response", FixedResponse: &elbv2.FixedResponse{StatusCode: "200"}}}})
	if err == nil {
		t.Error("six condition values accepted")
	}

	// A load balancer whose group the targets' group does not admit: the
	// health check times out.
	g, err := f.ec2.CreateSecurityGroup(ctx, testScope, control.CreateSecurityGroupInput{GroupName: "lb", Description: "lb", VpcID: f.vpc})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetSecurityGroups(ctx, testScope, lb.ID, []string{g.ID}, ""); err != nil {
		t.Fatal(err)
	}
	health("unhealthy/Target.Timeout")
	hs, _ := f.svc.DescribeTargetHealth(testScope, tg.ID, []elbv2.Target{{ID: "i-0123456789abcdef0"}})
	if len(hs) != 1 || hs[0].Reason != "Target.NotRegistered" {
		t.Errorf("unregistered target: %+v", hs)
	}
}

// TestTags pins the tag rules [ALB-UG load-balancer-tags.md].
func TestTags(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tg, err := f.svc.CreateTargetGroup(ctx, testScope, CreateTargetGroupInput{Name: "t", Protocol: "TCP", Port: 22, VpcID: f.vpc,
		Tags: []model.Tag{{Key: "a", Value: "1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if hc := tg.HealthCheck; hc.Protocol != "TCP" || hc.Path != "" || hc.TimeoutSeconds != 10 {
		t.Errorf("NLB health check defaults %+v", hc)
	}
	if err := f.svc.AddTags(ctx, testScope, []string{tg.ID}, []model.Tag{{Key: "b", Value: "2"}}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "duplicate keys", f.svc.AddTags(ctx, testScope, []string{tg.ID}, []model.Tag{{Key: "c"}, {Key: "c"}}), "DuplicateTagKeys")
	if err := f.svc.RemoveTags(ctx, testScope, []string{tg.ID}, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	rts, err := f.svc.DescribeTags(testScope, []string{tg.ID})
	if err != nil || len(rts) != 1 || len(rts[0].Tags) != 1 || rts[0].Tags[0].Key != "b" {
		t.Errorf("DescribeTags %+v %v", rts, err)
	}
	_, err = f.svc.DescribeTags(testScope, []string{strings.Replace(tg.ID, tg.ID[len(tg.ID)-4:], "ffff", 1)})
	wantCode(t, "unknown group", err, "TargetGroupNotFound")
}
