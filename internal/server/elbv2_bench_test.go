package server

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// BenchmarkELBv2Mix is bench/cmd/svcbench's ELBv2 row in one process (the
// SDK client over loopback HTTP to an in-memory server), for profiling:
// operation i is, by i mod 4, CreateTargetGroup, RegisterTargets,
// DescribeTargetHealth or DescribeLoadBalancers.
func BenchmarkELBv2Mix(b *testing.B) {
	ts := newTestServer(b, Options{})
	ctx := context.Background()
	cfg := sdkConfig(ts.URL, "123456789012")
	e2 := ec2.NewFromConfig(cfg)
	lb := elb.NewFromConfig(cfg)
	v, err := e2.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		b.Fatal(err)
	}
	sn, err := e2.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.Vpc.VpcId, CidrBlock: aws.String("10.0.1.0/24"), AvailabilityZone: aws.String("us-east-1a")})
	if err != nil {
		b.Fatal(err)
	}
	l, err := lb.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: aws.String("bench-nlb"), Type: elbtypes.LoadBalancerTypeEnumNetwork,
		Scheme: elbtypes.LoadBalancerSchemeEnumInternal, Subnets: []string{aws.ToString(sn.Subnet.SubnetId)}})
	if err != nil {
		b.Fatal(err)
	}
	tg, err := lb.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: aws.String("bench-tg"), Protocol: elbtypes.ProtocolEnumTcp,
		Port: aws.Int32(80), VpcId: v.Vpc.VpcId, TargetType: elbtypes.TargetTypeEnumIp})
	if err != nil {
		b.Fatal(err)
	}
	lbARN, tgARN := l.LoadBalancers[0].LoadBalancerArn, tg.TargetGroups[0].TargetGroupArn
	i := 0
	for b.Loop() {
		switch i % 4 {
		case 0:
			if i/4 >= 2900 { // AWS's quota: 3,000 target groups per Region
				break
			}
			_, err = lb.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: aws.String(fmt.Sprint("tg-", i)), Protocol: elbtypes.ProtocolEnumTcp,
				Port: aws.Int32(80), VpcId: v.Vpc.VpcId, TargetType: elbtypes.TargetTypeEnumIp})
		case 1:
			_, err = lb.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: tgARN,
				Targets: []elbtypes.TargetDescription{{Id: aws.String(fmt.Sprintf("10.0.1.%d", 10+i/4%16)), Port: aws.Int32(80)}}})
		case 2:
			_, err = lb.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tgARN})
		default:
			_, err = lb.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{aws.ToString(lbARN)}})
		}
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}
