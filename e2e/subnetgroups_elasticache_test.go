package e2e

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// TestSDKElastiCacheSubnetGroups drives every served ElastiCache operation
// and error code through the real SDK client [ElastiCache API
// CreateCacheSubnetGroup, DescribeCacheSubnetGroups, ModifyCacheSubnetGroup,
// DeleteCacheSubnetGroup, AddTagsToResource, RemoveTagsFromResource,
// ListTagsForResource].
func TestSDKElastiCacheSubnetGroups(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	ctx := testCtx(t)
	w := newSGWorld(t, ctx, srv.ec2Client())
	c := srv.elastiCacheClient()

	// One subnet is enough for ElastiCache; the name is stored lower-case.
	out := must[*elasticache.CreateCacheSubnetGroupOutput](t, "CreateCacheSubnetGroup")(c.CreateCacheSubnetGroup(ctx, &elasticache.CreateCacheSubnetGroupInput{
		CacheSubnetGroupName:        aws.String("Cache-A"),
		CacheSubnetGroupDescription: aws.String("cache"),
		SubnetIds:                   w.defaultIDs(1),
		Tags:                        []ectypes.Tag{{Key: aws.String("env"), Value: aws.String("test")}},
	}))
	g := out.CacheSubnetGroup
	arn := "arn:aws:elasticache:us-east-1:" + testAccount + ":subnetgroup:cache-a"
	if aws.ToString(g.CacheSubnetGroupName) != "cache-a" || aws.ToString(g.ARN) != arn || aws.ToString(g.VpcId) != w.defaultVPC ||
		aws.ToString(g.CacheSubnetGroupDescription) != "cache" || len(g.Subnets) != 1 ||
		!slices.Equal(networkTypes(g.SupportedNetworkTypes), []string{"ipv4"}) {
		t.Errorf("created group: %+v", g)
	}
	if s := g.Subnets[0]; aws.ToString(s.SubnetIdentifier) != w.defaultIDs(1)[0] || s.SubnetAvailabilityZone == nil ||
		aws.ToString(s.SubnetAvailabilityZone.Name) != aws.ToString(w.defaultSubnets[0].AvailabilityZone) {
		t.Errorf("subnet: %+v", s)
	}

	create := func(name string, subnets []string) error {
		_, err := c.CreateCacheSubnetGroup(ctx, &elasticache.CreateCacheSubnetGroupInput{
			CacheSubnetGroupName: aws.String(name), CacheSubnetGroupDescription: aws.String("d"), SubnetIds: subnets,
		})
		return err
	}
	wantCode(t, "duplicate", create("CACHE-A", w.defaultIDs(2)), "CacheSubnetGroupAlreadyExists")
	wantCode(t, "name with underscore", create("a_b", w.defaultIDs(1)), "InvalidParameterValue")
	wantCode(t, "name of 256", create(strings.Repeat("c", 256), w.defaultIDs(1)), "InvalidParameterValue")
	wantCode(t, "name default", create("default", w.defaultIDs(1)), "InvalidParameterValue")
	wantCode(t, "unknown subnet", create("unknown", fakeSubnetIDs(1)), "InvalidSubnet")
	wantCode(t, "two VPCs", create("two-vpcs", []string{w.defaultIDs(1)[0], w.dualIDs()[0]}), "InvalidSubnet")
	wantCode(t, "256 subnets", create("too-many", fakeSubnetIDs(256)), "CacheSubnetQuotaExceededFault")

	d := must[*elasticache.DescribeCacheSubnetGroupsOutput](t, "DescribeCacheSubnetGroups")(c.DescribeCacheSubnetGroups(ctx, &elasticache.DescribeCacheSubnetGroupsInput{CacheSubnetGroupName: aws.String("CACHE-A")}))
	if len(d.CacheSubnetGroups) != 1 || aws.ToString(d.CacheSubnetGroups[0].ARN) != arn {
		t.Errorf("describe one: %+v", d.CacheSubnetGroups)
	}
	_, err := c.DescribeCacheSubnetGroups(ctx, &elasticache.DescribeCacheSubnetGroupsInput{CacheSubnetGroupName: aws.String("nope")})
	wantCodeStatus(t, "describe unknown", err, "CacheSubnetGroupNotFoundFault", http.StatusBadRequest)
	_, err = c.DescribeCacheSubnetGroups(ctx, &elasticache.DescribeCacheSubnetGroupsInput{MaxRecords: aws.Int32(101)})
	wantCode(t, "MaxRecords 101", err, "InvalidParameterValue")

	// Modify: the description alone keeps the subnets; then the dual-stack
	// subnets.
	m := must[*elasticache.ModifyCacheSubnetGroupOutput](t, "ModifyCacheSubnetGroup description")(c.ModifyCacheSubnetGroup(ctx, &elasticache.ModifyCacheSubnetGroupInput{
		CacheSubnetGroupName: aws.String("cache-a"), CacheSubnetGroupDescription: aws.String("renamed"),
	}))
	if g := m.CacheSubnetGroup; aws.ToString(g.CacheSubnetGroupDescription) != "renamed" || len(g.Subnets) != 1 {
		t.Errorf("description-only modify: %+v", g)
	}
	m = must[*elasticache.ModifyCacheSubnetGroupOutput](t, "ModifyCacheSubnetGroup subnets")(c.ModifyCacheSubnetGroup(ctx, &elasticache.ModifyCacheSubnetGroupInput{
		CacheSubnetGroupName: aws.String("cache-a"), SubnetIds: w.dualIDs(),
	}))
	if g := m.CacheSubnetGroup; aws.ToString(g.VpcId) != w.otherVPC || aws.ToString(g.CacheSubnetGroupDescription) != "renamed" || len(g.Subnets) != 3 ||
		!slices.Equal(networkTypes(g.SupportedNetworkTypes), []string{"ipv4", "ipv6", "dual_stack"}) ||
		!slices.Equal(networkTypes(g.Subnets[0].SupportedNetworkTypes), []string{"ipv4", "ipv6", "dual_stack"}) {
		t.Errorf("subnet modify: %+v", g)
	}
	_, err = c.ModifyCacheSubnetGroup(ctx, &elasticache.ModifyCacheSubnetGroupInput{CacheSubnetGroupName: aws.String("nope"), SubnetIds: w.defaultIDs(1)})
	wantCode(t, "modify unknown", err, "CacheSubnetGroupNotFoundFault")
	_, err = c.ModifyCacheSubnetGroup(ctx, &elasticache.ModifyCacheSubnetGroupInput{CacheSubnetGroupName: aws.String("cache-a"), SubnetIds: fakeSubnetIDs(1)})
	wantCode(t, "modify to unknown subnet", err, "InvalidSubnet")

	// Tags: Add and Remove answer the resulting tag list.
	add := must[*elasticache.AddTagsToResourceOutput](t, "AddTagsToResource")(c.AddTagsToResource(ctx, &elasticache.AddTagsToResourceInput{
		ResourceName: aws.String(arn), Tags: []ectypes.Tag{{Key: aws.String("team"), Value: aws.String("cache")}},
	}))
	if got := ecTags(add.TagList); got != "map[env:test team:cache]" {
		t.Errorf("AddTagsToResource answered %s", got)
	}
	rm := must[*elasticache.RemoveTagsFromResourceOutput](t, "RemoveTagsFromResource")(c.RemoveTagsFromResource(ctx, &elasticache.RemoveTagsFromResourceInput{
		ResourceName: aws.String(arn), TagKeys: []string{"env"},
	}))
	if got := ecTags(rm.TagList); got != "map[team:cache]" {
		t.Errorf("RemoveTagsFromResource answered %s", got)
	}
	l := must[*elasticache.ListTagsForResourceOutput](t, "ListTagsForResource")(c.ListTagsForResource(ctx, &elasticache.ListTagsForResourceInput{ResourceName: aws.String(arn)}))
	if got := ecTags(l.TagList); got != "map[team:cache]" {
		t.Errorf("ListTagsForResource answered %s", got)
	}
	_, err = c.RemoveTagsFromResource(ctx, &elasticache.RemoveTagsFromResourceInput{ResourceName: aws.String(arn), TagKeys: []string{"absent"}})
	wantCodeStatus(t, "remove an absent tag", err, "TagNotFound", http.StatusNotFound)
	_, err = c.ListTagsForResource(ctx, &elasticache.ListTagsForResourceInput{ResourceName: aws.String("arn:aws:elasticache:us-east-1:" + testAccount + ":subnetgroup:nope")})
	wantCode(t, "tags of unknown group", err, "CacheSubnetGroupNotFoundFault")
	_, err = c.ListTagsForResource(ctx, &elasticache.ListTagsForResourceInput{ResourceName: aws.String("arn:aws:elasticache:us-east-1:" + testAccount + ":cluster:c1")})
	wantCodeStatus(t, "tags of unknown cluster", err, "CacheClusterNotFound", http.StatusNotFound)
	_, err = c.ListTagsForResource(ctx, &elasticache.ListTagsForResourceInput{ResourceName: aws.String("cache-a")})
	wantCode(t, "tags of a malformed ARN", err, "InvalidARN")
	many := make([]ectypes.Tag, 50)
	for i := range many {
		many[i] = ectypes.Tag{Key: aws.String(fmt.Sprintf("k%02d", i)), Value: aws.String("v")}
	}
	_, err = c.AddTagsToResource(ctx, &elasticache.AddTagsToResourceInput{ResourceName: aws.String(arn), Tags: many})
	wantCode(t, "51 tags", err, "TagQuotaPerResourceExceeded")

	// Paging over 45 groups, 20 at a time.
	for i := 2; i <= 45; i++ {
		if err := create(fmt.Sprintf("cache-%02d", i), w.defaultIDs(2)); err != nil {
			t.Fatalf("create cache-%02d: %s", i, describeErr(err))
		}
	}
	var names []string
	p := elasticache.NewDescribeCacheSubnetGroupsPaginator(c, &elasticache.DescribeCacheSubnetGroupsInput{MaxRecords: aws.Int32(20)})
	for p.HasMorePages() {
		page := must[*elasticache.DescribeCacheSubnetGroupsOutput](t, "DescribeCacheSubnetGroups page")(p.NextPage(ctx))
		for _, g := range page.CacheSubnetGroups {
			names = append(names, aws.ToString(g.CacheSubnetGroupName))
		}
	}
	if len(names) != 45 || !slices.IsSorted(names) {
		t.Errorf("paged %d names: %v", len(names), names)
	}

	must[*elasticache.DeleteCacheSubnetGroupOutput](t, "DeleteCacheSubnetGroup")(c.DeleteCacheSubnetGroup(ctx, &elasticache.DeleteCacheSubnetGroupInput{CacheSubnetGroupName: aws.String("Cache-A")}))
	_, err = c.DeleteCacheSubnetGroup(ctx, &elasticache.DeleteCacheSubnetGroupInput{CacheSubnetGroupName: aws.String("cache-a")})
	wantCode(t, "delete again", err, "CacheSubnetGroupNotFoundFault")

	_, err = c.DescribeCacheClusters(ctx, &elasticache.DescribeCacheClustersInput{})
	wantCode(t, "DescribeCacheClusters", err, "InvalidAction")
}

// TestSDKElastiCacheSubnetGroupQuota pins the 150 groups per region.
func TestSDKElastiCacheSubnetGroupQuota(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	ctx := testCtx(t)
	w := newSGWorld(t, ctx, srv.ec2Client())
	c := srv.elastiCacheClient()
	for i := range 150 {
		if _, err := c.CreateCacheSubnetGroup(ctx, &elasticache.CreateCacheSubnetGroupInput{
			CacheSubnetGroupName: aws.String(fmt.Sprintf("q%03d", i)), CacheSubnetGroupDescription: aws.String("d"), SubnetIds: w.defaultIDs(1),
		}); err != nil {
			t.Fatalf("create %d: %s", i, describeErr(err))
		}
	}
	_, err := c.CreateCacheSubnetGroup(ctx, &elasticache.CreateCacheSubnetGroupInput{
		CacheSubnetGroupName: aws.String("q150"), CacheSubnetGroupDescription: aws.String("d"), SubnetIds: w.defaultIDs(1),
	})
	wantCode(t, "151st group", err, "CacheSubnetGroupQuotaExceeded")
}

func networkTypes(ts []ectypes.NetworkType) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, string(t))
	}
	return out
}

func ecTags(ts []ectypes.Tag) string {
	m := map[string]string{}
	for _, t := range ts {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return fmt.Sprint(m)
}
