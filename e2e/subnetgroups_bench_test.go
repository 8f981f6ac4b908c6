package e2e

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// BenchmarkDescribeDBSubnetGroups measures DescribeDBSubnetGroups through
// the server and the real SDK client: one page of all 50 groups (the
// region's quota) of three subnets each, and one group by name.
func BenchmarkDescribeDBSubnetGroups(b *testing.B) {
	srv := startServer(b)
	ctx := testCtx(b)
	out, err := srv.ec2Client().DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{
		Filters: []types.Filter{{Name: aws.String("default-for-az"), Values: []string{"true"}}},
	})
	if err != nil || len(out.Subnets) < 3 {
		b.Fatalf("DescribeSubnets: %v", err)
	}
	subnets := []string{aws.ToString(out.Subnets[0].SubnetId), aws.ToString(out.Subnets[1].SubnetId), aws.ToString(out.Subnets[2].SubnetId)}
	c := srv.rdsClient()
	for i := range 50 {
		if _, err := c.CreateDBSubnetGroup(ctx, &rds.CreateDBSubnetGroupInput{
			DBSubnetGroupName: aws.String(fmt.Sprintf("bench-%02d", i)), DBSubnetGroupDescription: aws.String("bench"), SubnetIds: subnets,
		}); err != nil {
			b.Fatalf("CreateDBSubnetGroup: %s", describeErr(err))
		}
	}
	b.Run("all-50", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d, err := c.DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{})
			if err != nil || len(d.DBSubnetGroups) != 50 {
				b.Fatalf("DescribeDBSubnetGroups: %v", err)
			}
		}
	})
	b.Run("by-name", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d, err := c.DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{DBSubnetGroupName: aws.String("bench-17")})
			if err != nil || len(d.DBSubnetGroups) != 1 {
				b.Fatalf("DescribeDBSubnetGroups: %v", err)
			}
		}
	})
}
