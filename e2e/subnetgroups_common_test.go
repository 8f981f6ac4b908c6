package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
)

// The subnet group tests: RDS DB subnet groups, ElastiCache cache subnet
// groups and Redshift cluster subnet groups through the real SDK clients.

func (s *testServer) rdsClient() *rds.Client {
	return rds.New(rds.Options{
		Region: testRegion, BaseEndpoint: aws.String(s.URL), RetryMaxAttempts: 3,
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
	})
}

func (s *testServer) elastiCacheClient() *elasticache.Client {
	return elasticache.New(elasticache.Options{
		Region: testRegion, BaseEndpoint: aws.String(s.URL), RetryMaxAttempts: 3,
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
	})
}

func (s *testServer) redshiftClient() *redshift.Client {
	return redshift.New(redshift.Options{
		Region: testRegion, BaseEndpoint: aws.String(s.URL), RetryMaxAttempts: 3,
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
	})
}

// sgWorld is what the subnet group tests build on: the default VPC's
// default subnets (one per AZ, sorted by AZ) and a second, dual-stack VPC
// with one subnet in each of the first three AZs.
type sgWorld struct {
	defaultVPC     string
	defaultSubnets []types.Subnet
	otherVPC       string
	dualSubnets    []types.Subnet
}

func newSGWorld(t *testing.T, ctx context.Context, c *ec2.Client) *sgWorld {
	t.Helper()
	out := must[*ec2.DescribeSubnetsOutput](t, "DescribeSubnets default-for-az")(c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{
		Filters: []types.Filter{{Name: aws.String("default-for-az"), Values: []string{"true"}}},
	}))
	if len(out.Subnets) < 3 {
		t.Fatalf("default subnets: %d, want at least 3", len(out.Subnets))
	}
	w := &sgWorld{defaultVPC: aws.ToString(out.Subnets[0].VpcId), defaultSubnets: out.Subnets}
	sort.Slice(w.defaultSubnets, func(i, j int) bool {
		return aws.ToString(w.defaultSubnets[i].AvailabilityZone) < aws.ToString(w.defaultSubnets[j].AvailabilityZone)
	})
	v := createVPC(t, ctx, c, "10.40.0.0/16", true)
	w.otherVPC = aws.ToString(v.VpcId)
	v6 := vpcIPv6(describeVPC(t, ctx, c, w.otherVPC))
	if v6 == "" {
		t.Fatalf("VPC %s has no IPv6 block", w.otherVPC)
	}
	for i := range 3 {
		az := aws.ToString(w.defaultSubnets[i].AvailabilityZone)
		s := must[*ec2.CreateSubnetOutput](t, "CreateSubnet dual")(c.CreateSubnet(ctx, &ec2.CreateSubnetInput{
			VpcId: aws.String(w.otherVPC), AvailabilityZone: aws.String(az),
			CidrBlock:     aws.String(fmt.Sprintf("10.40.%d.0/24", i)),
			Ipv6CidrBlock: aws.String(subnet6(t, v6, i)),
		}))
		w.dualSubnets = append(w.dualSubnets, *s.Subnet)
	}
	return w
}

// defaultIDs returns the ids of the first n default subnets.
func (w *sgWorld) defaultIDs(n int) []string {
	out := make([]string, 0, n)
	for _, s := range w.defaultSubnets[:n] {
		out = append(out, aws.ToString(s.SubnetId))
	}
	return out
}

func (w *sgWorld) dualIDs() []string {
	out := make([]string, 0, len(w.dualSubnets))
	for _, s := range w.dualSubnets {
		out = append(out, aws.ToString(s.SubnetId))
	}
	return out
}

// fakeSubnetIDs returns n well-formed subnet ids that do not exist.
func fakeSubnetIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("subnet-%017x", 0xabc000+i)
	}
	return out
}

// httpStatus returns the HTTP status of an SDK error, or 0.
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// wantCodeStatus asserts an AWS error's code and HTTP status.
func wantCodeStatus(t testing.TB, what string, err error, code string, status int) {
	t.Helper()
	wantCode(t, what, err, code)
	if err != nil && status != 0 && httpStatus(err) != status {
		t.Errorf("%s: HTTP %d, want %d", what, httpStatus(err), status)
	}
}

var _ = http.StatusOK
