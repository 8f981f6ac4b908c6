package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
)

// checkSubnetGroupsApplied checks that the subnet-groups scenario's first
// apply created one group per service.
func checkSubnetGroupsApplied(t *testing.T, ctx context.Context, srv *testServer) {
	if n := countSubnetGroups(t, ctx, srv); n != 3 {
		t.Errorf("after apply: %d subnet groups, want 3 (one per service)", n)
	}
}

func countSubnetGroups(t *testing.T, ctx context.Context, srv *testServer) int {
	t.Helper()
	r := must[*rds.DescribeDBSubnetGroupsOutput](t, "DescribeDBSubnetGroups")(srv.rdsClient().DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{}))
	e := must[*elasticache.DescribeCacheSubnetGroupsOutput](t, "DescribeCacheSubnetGroups")(srv.elastiCacheClient().DescribeCacheSubnetGroups(ctx, &elasticache.DescribeCacheSubnetGroupsInput{}))
	s := must[*redshift.DescribeClusterSubnetGroupsOutput](t, "DescribeClusterSubnetGroups")(srv.redshiftClient().DescribeClusterSubnetGroups(ctx, &redshift.DescribeClusterSubnetGroupsInput{}))
	return len(r.DBSubnetGroups) + len(e.CacheSubnetGroups) + len(s.ClusterSubnetGroups)
}
