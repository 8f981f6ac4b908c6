package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

func (s *testServer) elbv2Client() *elb.Client {
	return elb.New(elb.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		RetryMaxAttempts: 3,
	})
}

// checkELBv2Applied checks what the elbv2 scenario's first apply created:
// two load balancers, and the instance target healthy through the data
// plane (the app group admits port 80 from the load balancer's group).
func checkELBv2Applied(t *testing.T, ctx context.Context, srv *testServer) {
	c := srv.elbv2Client()
	lbs := must[*elb.DescribeLoadBalancersOutput](t, "DescribeLoadBalancers")(c.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{}))
	if len(lbs.LoadBalancers) != 2 {
		t.Errorf("load balancers after apply: %d, want 2", len(lbs.LoadBalancers))
	}
	tgs := must[*elb.DescribeTargetGroupsOutput](t, "DescribeTargetGroups")(c.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{Names: []string{"app"}}))
	if len(tgs.TargetGroups) != 1 {
		t.Fatalf("target group app: %+v", tgs.TargetGroups)
	}
	th := must[*elb.DescribeTargetHealthOutput](t, "DescribeTargetHealth")(c.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tgs.TargetGroups[0].TargetGroupArn}))
	if len(th.TargetHealthDescriptions) != 1 || th.TargetHealthDescriptions[0].TargetHealth.State != elbtypes.TargetHealthStateEnumHealthy {
		t.Errorf("target health after apply: %+v", th.TargetHealthDescriptions)
	}
}
