package main

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// elbSvc is ELBv2's service name in /_vpcsim/health.
const elbSvc = "elasticloadbalancing"

// ELBv2 workload: one VPC, one subnet, one internal network load balancer
// and one ip target group made at setup, per server.
const (
	elbTargets = 16 // distinct ip targets registered in turn
	// elbMaxOps bounds a phase of the mix: each phase creates a quarter of
	// its operations as new target groups (deleted again, untimed, after
	// the phase, so every phase starts from the same state), and AWS's
	// quota is 3,000 target groups per Region (vpcsim enforces it).
	elbMaxOps = 1600
)

// elbState is what setup made on one server (by URL).
type elbState struct {
	vpc, lbARN, tgARN string

	mu      sync.Mutex
	created []string // target groups the current phase made
}

// made records a target group a phase created.
func (st *elbState) made(arn string) {
	st.mu.Lock()
	st.created = append(st.created, arn)
	st.mu.Unlock()
}

var (
	elbMu     sync.Mutex
	elbStates = map[string]*elbState{}
)

func elbOf(url string) *elbState {
	elbMu.Lock()
	defer elbMu.Unlock()
	return elbStates[url]
}

// setupELBv2 makes the VPC, subnet, load balancer and target group.
func setupELBv2(ctx context.Context, url string) error {
	cfg := sdkConfig(url)
	ec := ec2.NewFromConfig(cfg)
	lb := elb.NewFromConfig(cfg)
	v, err := ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		return fmt.Errorf("CreateVpc: %w", err)
	}
	sn, err := ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v.Vpc.VpcId, CidrBlock: aws.String("10.0.1.0/24"), AvailabilityZone: aws.String("us-east-1a")})
	if err != nil {
		return fmt.Errorf("CreateSubnet: %w", err)
	}
	l, err := lb.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: aws.String("svcbench-nlb"), Type: elbtypes.LoadBalancerTypeEnumNetwork,
		Scheme: elbtypes.LoadBalancerSchemeEnumInternal, Subnets: []string{aws.ToString(sn.Subnet.SubnetId)}})
	if err != nil {
		return fmt.Errorf("CreateLoadBalancer: %w", err)
	}
	tg, err := lb.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: aws.String("svcbench-tg"), Protocol: elbtypes.ProtocolEnumTcp,
		Port: aws.Int32(80), VpcId: v.Vpc.VpcId, TargetType: elbtypes.TargetTypeEnumIp})
	if err != nil {
		return fmt.Errorf("CreateTargetGroup: %w", err)
	}
	if len(l.LoadBalancers) != 1 || len(tg.TargetGroups) != 1 {
		return fmt.Errorf("setup answered %d load balancers, %d target groups", len(l.LoadBalancers), len(tg.TargetGroups))
	}
	elbMu.Lock()
	elbStates[url] = &elbState{vpc: aws.ToString(v.Vpc.VpcId), lbARN: aws.ToString(l.LoadBalancers[0].LoadBalancerArn), tgARN: aws.ToString(tg.TargetGroups[0].TargetGroupArn)}
	elbMu.Unlock()
	return nil
}

// elbCount is a phase's operations in an ELBv2 row.
func elbCount() int { return min(*countSmall, elbMaxOps) }

// The ELBv2 rows' keys (-rows).
const (
	elbMixKey     = "elbv2-mix"
	elbMixHTTPKey = "elbv2-mix-http"
)

// elbTarget is the ip target operation i registers.
func elbTarget(i int) string { return fmt.Sprintf("10.0.1.%d", 10+i%elbTargets) }

// elbv2Row is the ELBv2 API mix: operation i is, by i mod 4,
// CreateTargetGroup (a new ip target group of the setup VPC), RegisterTargets
// (one of 16 ip targets into the setup group, re-registering after the
// first round), DescribeTargetHealth of the setup group, or
// DescribeLoadBalancers by the setup load balancer's ARN. Every answer is
// checked; after the phase, the group's targets must all be described.
var elbv2Row = row{
	key: elbMixKey, title: "ELBv2 mix (CreateTargetGroup / RegisterTargets / DescribeTargetHealth / DescribeLoadBalancers)", svc: elbSvc,
	count: elbCount,
	op: func(ctx context.Context, c *clients, p *phase, i int) (int, error) {
		st := elbOf(c.url)
		if st == nil {
			return 0, fmt.Errorf("no ELBv2 setup for %s", c.url)
		}
		switch i % 4 {
		case 0:
			name := "sb-" + p.tag + "-" + fmt.Sprint(i)
			out, err := c.elbv2.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: aws.String(name), Protocol: elbtypes.ProtocolEnumTcp,
				Port: aws.Int32(80), VpcId: aws.String(st.vpc), TargetType: elbtypes.TargetTypeEnumIp})
			if err != nil {
				return 0, err
			}
			if len(out.TargetGroups) != 1 || aws.ToString(out.TargetGroups[0].TargetGroupName) != name {
				return retries(out.ResultMetadata), fmt.Errorf("CreateTargetGroup answered %+v", out.TargetGroups)
			}
			st.made(aws.ToString(out.TargetGroups[0].TargetGroupArn))
			return retries(out.ResultMetadata), nil
		case 1:
			out, err := c.elbv2.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: aws.String(st.tgARN),
				Targets: []elbtypes.TargetDescription{{Id: aws.String(elbTarget(i / 4)), Port: aws.Int32(80)}}})
			if err != nil {
				return 0, err
			}
			return retries(out.ResultMetadata), nil
		case 2:
			out, err := c.elbv2.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(st.tgARN)})
			if err != nil {
				return 0, err
			}
			if len(out.TargetHealthDescriptions) > elbTargets {
				return retries(out.ResultMetadata), fmt.Errorf("DescribeTargetHealth answered %d targets, at most %d were registered", len(out.TargetHealthDescriptions), elbTargets)
			}
			return retries(out.ResultMetadata), nil
		default:
			out, err := c.elbv2.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{st.lbARN}})
			if err != nil {
				return 0, err
			}
			if len(out.LoadBalancers) != 1 || aws.ToString(out.LoadBalancers[0].LoadBalancerName) != "svcbench-nlb" {
				return retries(out.ResultMetadata), fmt.Errorf("DescribeLoadBalancers answered %+v", out.LoadBalancers)
			}
			return retries(out.ResultMetadata), nil
		}
	},
	verify: verifyELBv2,
}

// verifyELBv2 checks after a phase that every target the phase registered
// is described.
func verifyELBv2(ctx context.Context, c *clients, p *phase) error {
	st := elbOf(c.url)
	out, err := c.elbv2.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(st.tgARN)})
	if err != nil {
		return fmt.Errorf("verify DescribeTargetHealth: %w", err)
	}
	seen := map[string]bool{}
	for _, d := range out.TargetHealthDescriptions {
		if d.Target != nil {
			seen[aws.ToString(d.Target.Id)] = true
		}
	}
	var missing []string
	for i := range min(elbTargets, elbCount()/4) {
		if !seen[elbTarget(i)] {
			missing = append(missing, elbTarget(i))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("verify DescribeTargetHealth: registered targets missing: %s", strings.Join(missing, ", "))
	}
	return nil
}

func init() { allRows = append(allRows, elbv2Row) }
