package elbv2_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// TestSDKPrivateLinkInboundSetting: SetSecurityGroups carries
// EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic both ways and
// DescribeLoadBalancers shows it for a Network Load Balancer with groups.
func TestSDKPrivateLinkInboundSetting(t *testing.T) {
	c, e := startServer(t)
	ctx := context.Background()
	sns, err := e.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: aws.String("default-for-az"), Values: []string{"true"}}}})
	if err != nil || len(sns.Subnets) < 1 {
		t.Fatalf("default subnets: %v", err)
	}
	sgs, err := e.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{{Name: aws.String("group-name"), Values: []string{"default"}}}})
	if err != nil || len(sgs.SecurityGroups) == 0 {
		t.Fatalf("default group: %v", err)
	}
	sg := aws.ToString(sgs.SecurityGroups[0].GroupId)
	cr, err := c.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: aws.String("pl"), Type: types.LoadBalancerTypeEnumNetwork,
		Scheme: types.LoadBalancerSchemeEnumInternal, Subnets: []string{aws.ToString(sns.Subnets[0].SubnetId)}, SecurityGroups: []string{sg}})
	if err != nil {
		t.Fatal(err)
	}
	arn := cr.LoadBalancers[0].LoadBalancerArn
	if got := aws.ToString(cr.LoadBalancers[0].EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic); got != "on" {
		t.Errorf("created: setting %q, want on", got)
	}
	set, err := c.SetSecurityGroups(ctx, &elb.SetSecurityGroupsInput{LoadBalancerArn: arn, SecurityGroups: []string{sg},
		EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: types.EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnumOff})
	if err != nil || set.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic != types.EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnumOff {
		t.Fatalf("SetSecurityGroups off: %+v %v", set, err)
	}
	d, err := c.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{aws.ToString(arn)}})
	if err != nil || len(d.LoadBalancers) != 1 || aws.ToString(d.LoadBalancers[0].EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic) != "off" {
		t.Fatalf("described: %+v %v", d, err)
	}
	_, err = c.SetSecurityGroups(ctx, &elb.SetSecurityGroupsInput{LoadBalancerArn: arn, SecurityGroups: []string{sg},
		EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: "maybe"})
	wantCode(t, "a value outside the enum", err, "ValidationError")
}
