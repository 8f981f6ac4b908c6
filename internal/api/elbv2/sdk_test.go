package elbv2_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// startServer serves a fresh world and returns ELBv2 and EC2 clients.
func startServer(t *testing.T) (*elb.Client, *ec2.Client) {
	t.Helper()
	st, err := store.Open(store.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	t.Cleanup(func() {
		hs.Close()
		_ = st.Close()
	})
	creds := credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", "")
	return elb.New(elb.Options{Region: "us-east-1", BaseEndpoint: aws.String(hs.URL), Credentials: creds, RetryMaxAttempts: 3}),
		ec2.New(ec2.Options{Region: "us-east-1", BaseEndpoint: aws.String(hs.URL), Credentials: creds, RetryMaxAttempts: 3})
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Errorf("%s: got %v, want %s", what, err, code)
	}
}

// TestSDKLoadBalancerLifecycle drives the service with aws-sdk-go-v2's
// elasticloadbalancingv2 client: load balancer, target group, targets,
// listener, rule, tags, attributes, health and teardown.
func TestSDKLoadBalancerLifecycle(t *testing.T) {
	c, e := startServer(t)
	ctx := context.Background()
	sns, err := e.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: aws.String("default-for-az"), Values: []string{"true"}}}})
	if err != nil || len(sns.Subnets) < 2 {
		t.Fatalf("default subnets: %v", err)
	}
	vpc := aws.ToString(sns.Subnets[0].VpcId)
	run, err := e.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sns.Subnets[0].SubnetId})
	if err != nil {
		t.Fatal(err)
	}
	inst := aws.ToString(run.Instances[0].InstanceId)

	cr, err := c.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: aws.String("web"),
		Subnets: []string{aws.ToString(sns.Subnets[0].SubnetId), aws.ToString(sns.Subnets[1].SubnetId)},
		Tags:    []types.Tag{{Key: aws.String("env"), Value: aws.String("test")}}})
	if err != nil {
		t.Fatal(err)
	}
	lb := cr.LoadBalancers[0]
	if lb.State.Code != types.LoadBalancerStateEnumProvisioning || lb.Type != types.LoadBalancerTypeEnumApplication || lb.Scheme != types.LoadBalancerSchemeEnumInternetFacing || len(lb.AvailabilityZones) != 2 || len(lb.SecurityGroups) != 1 {
		t.Errorf("created %+v", lb)
	}
	d, err := c.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{"web"}})
	if err != nil || len(d.LoadBalancers) != 1 || d.LoadBalancers[0].State.Code != types.LoadBalancerStateEnumActive {
		t.Fatalf("describe %+v %v", d, err)
	}
	_, err = c.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{"nope"}})
	wantCode(t, "unknown name", err, "LoadBalancerNotFound")
	enis, err := e.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{Filters: []ec2types.Filter{{Name: aws.String("description"), Values: []string{"ELB app/web/*"}}}})
	if err != nil || len(enis.NetworkInterfaces) != 2 {
		t.Errorf("node ENIs: %d, %v", len(enis.NetworkInterfaces), err)
	}

	tg, err := c.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: aws.String("web"), Protocol: types.ProtocolEnumHttp, Port: aws.Int32(80), VpcId: &vpc,
		HealthCheckPath: aws.String("/health")})
	if err != nil {
		t.Fatal(err)
	}
	tgARN := tg.TargetGroups[0].TargetGroupArn
	if _, err := c.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: tgARN, Targets: []types.TargetDescription{{Id: &inst}}}); err != nil {
		t.Fatal(err)
	}
	l, err := c.CreateListener(ctx, &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Protocol: types.ProtocolEnumHttp, Port: aws.Int32(80),
		DefaultActions: []types.Action{{Type: types.ActionTypeEnumForward, TargetGroupArn: tgARN}}})
	if err != nil {
		t.Fatal(err)
	}
	lARN := l.Listeners[0].ListenerArn
	if a := l.Listeners[0].DefaultActions[0]; aws.ToString(a.TargetGroupArn) != aws.ToString(tgARN) || a.ForwardConfig == nil || len(a.ForwardConfig.TargetGroups) != 1 {
		t.Errorf("default action %+v", a)
	}
	_, err = c.CreateListener(ctx, &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Protocol: types.ProtocolEnumHttp, Port: aws.Int32(80),
		DefaultActions: []types.Action{{Type: types.ActionTypeEnumForward, TargetGroupArn: tgARN}}})
	wantCode(t, "duplicate listener", err, "DuplicateListener")
	r, err := c.CreateRule(ctx, &elb.CreateRuleInput{ListenerArn: lARN, Priority: aws.Int32(5),
		Conditions: []types.RuleCondition{{Field: aws.String("path-pattern"), PathPatternConfig: &types.PathPatternConditionConfig{Values: []string{"/static/*"}}}},
		Actions: []types.Action{{Type: types.ActionTypeEnumFixedResponse, FixedResponseConfig: &types.FixedResponseActionConfig{StatusCode: aws.String("404"),
			ContentType: aws.String("text/plain"), MessageBody: aws.String("none")}}}})
	if err != nil {
		t.Fatal(err)
	}
	rules, err := c.DescribeRules(ctx, &elb.DescribeRulesInput{ListenerArn: lARN})
	if err != nil || len(rules.Rules) != 2 || aws.ToString(rules.Rules[0].RuleArn) != aws.ToString(r.Rules[0].RuleArn) || !aws.ToBool(rules.Rules[1].IsDefault) {
		t.Errorf("rules %+v %v", rules, err)
	}
	th, err := c.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tgARN})
	if err != nil || len(th.TargetHealthDescriptions) != 1 || th.TargetHealthDescriptions[0].TargetHealth.State != types.TargetHealthStateEnumHealthy ||
		aws.ToString(th.TargetHealthDescriptions[0].HealthCheckPort) != "80" {
		t.Errorf("health %+v %v", th, err)
	}
	tgs, err := c.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{LoadBalancerArn: lb.LoadBalancerArn})
	if err != nil || len(tgs.TargetGroups) != 1 || len(tgs.TargetGroups[0].LoadBalancerArns) != 1 || aws.ToString(tgs.TargetGroups[0].HealthCheckPath) != "/health" {
		t.Errorf("target groups %+v %v", tgs, err)
	}
	attrs, err := c.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn})
	found := false
	for _, a := range attrs.Attributes {
		found = found || (aws.ToString(a.Key) == "idle_timeout.timeout_seconds" && aws.ToString(a.Value) == "60")
	}
	if err != nil || !found {
		t.Errorf("attributes %+v %v", attrs, err)
	}
	tags, err := c.DescribeTags(ctx, &elb.DescribeTagsInput{ResourceArns: []string{aws.ToString(lb.LoadBalancerArn)}})
	if err != nil || len(tags.TagDescriptions) != 1 || len(tags.TagDescriptions[0].Tags) != 1 {
		t.Errorf("tags %+v %v", tags, err)
	}
	_, err = c.DeleteTargetGroup(ctx, &elb.DeleteTargetGroupInput{TargetGroupArn: tgARN})
	wantCode(t, "group in use", err, "ResourceInUse")
	limits, err := c.DescribeAccountLimits(ctx, &elb.DescribeAccountLimitsInput{})
	if err != nil || len(limits.Limits) == 0 {
		t.Errorf("limits %v", err)
	}
	pol, err := c.DescribeSSLPolicies(ctx, &elb.DescribeSSLPoliciesInput{Names: []string{"ELBSecurityPolicy-2016-08"}})
	if err != nil || len(pol.SslPolicies) != 1 {
		t.Errorf("policies %v", err)
	}
	_, err = c.DescribeTrustStores(ctx, &elb.DescribeTrustStoresInput{})
	if err == nil || !strings.Contains(err.Error(), "") {
		t.Errorf("unserved operation answered %v", err)
	}

	if _, err := c.DeleteLoadBalancer(ctx, &elb.DeleteLoadBalancerInput{LoadBalancerArn: lb.LoadBalancerArn}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteTargetGroup(ctx, &elb.DeleteTargetGroupInput{TargetGroupArn: tgARN}); err != nil {
		t.Fatal(err)
	}
	enis, _ = e.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{Filters: []ec2types.Filter{{Name: aws.String("description"), Values: []string{"ELB *"}}}})
	if len(enis.NetworkInterfaces) != 0 {
		t.Errorf("%d node ENIs left", len(enis.NetworkInterfaces))
	}
}

// TestSDKNotEmulatedMembersRefused pins that request members vpcsim does not
// emulate are refused with a ValidationError naming them, never accepted and
// dropped.
func TestSDKNotEmulatedMembersRefused(t *testing.T) {
	c, e := startServer(t)
	ctx := context.Background()
	sns, err := e.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: aws.String("default-for-az"), Values: []string{"true"}}}})
	if err != nil || len(sns.Subnets) < 2 {
		t.Fatalf("default subnets: %v", err)
	}
	subnets := []string{aws.ToString(sns.Subnets[0].SubnetId), aws.ToString(sns.Subnets[1].SubnetId)}
	_, err = c.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: aws.String("ipam"), Subnets: subnets,
		IpamPools: &types.IpamPools{Ipv4IpamPoolId: aws.String("ipam-pool-0123456789abcdef0")}})
	wantCode(t, "IPAM pools", err, "ValidationError")
	cr, err := c.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: aws.String("web"), Subnets: subnets})
	if err != nil {
		t.Fatal(err)
	}
	lbARN := cr.LoadBalancers[0].LoadBalancerArn
	fixed := []types.Action{{Type: types.ActionTypeEnumFixedResponse, FixedResponseConfig: &types.FixedResponseActionConfig{StatusCode: aws.String("200")}}}
	_, err = c.CreateListener(ctx, &elb.CreateListenerInput{LoadBalancerArn: lbARN, Protocol: types.ProtocolEnumHttp, Port: aws.Int32(81), DefaultActions: fixed,
		MutualAuthentication: &types.MutualAuthenticationAttributes{Mode: aws.String("verify")}})
	wantCode(t, "mutual TLS", err, "ValidationError")
	l, err := c.CreateListener(ctx, &elb.CreateListenerInput{LoadBalancerArn: lbARN, Protocol: types.ProtocolEnumHttp, Port: aws.Int32(80), DefaultActions: fixed,
		MutualAuthentication: &types.MutualAuthenticationAttributes{Mode: aws.String("off")}})
	if err != nil {
		t.Fatalf("mode off is the default and accepted: %v", err)
	}
	_, err = c.CreateRule(ctx, &elb.CreateRuleInput{ListenerArn: l.Listeners[0].ListenerArn, Priority: aws.Int32(1), Actions: fixed,
		Conditions: []types.RuleCondition{{Field: aws.String("path-pattern"), PathPatternConfig: &types.PathPatternConditionConfig{RegexValues: []string{"^/a.*$"}}}}})
	wantCode(t, "regex condition", err, "ValidationError")
	if err != nil && !strings.Contains(err.Error(), "RegexValues") {
		t.Errorf("the refusal does not name the member: %v", err)
	}
}
