package e2e

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"
)

// TestSDKRedshiftSubnetGroups drives every served Redshift operation and
// error code through the real SDK client [Redshift API
// CreateClusterSubnetGroup, DescribeClusterSubnetGroups,
// ModifyClusterSubnetGroup, DeleteClusterSubnetGroup, CreateTags,
// DeleteTags, DescribeTags].
func TestSDKRedshiftSubnetGroups(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	ctx := testCtx(t)
	w := newSGWorld(t, ctx, srv.ec2Client())
	c := srv.redshiftClient()

	out := must[*redshift.CreateClusterSubnetGroupOutput](t, "CreateClusterSubnetGroup")(c.CreateClusterSubnetGroup(ctx, &redshift.CreateClusterSubnetGroupInput{
		ClusterSubnetGroupName: aws.String("Warehouse"),
		Description:            aws.String("dw"),
		SubnetIds:              w.defaultIDs(2),
		Tags:                   []rstypes.Tag{{Key: aws.String("owner"), Value: aws.String("admin")}},
	}))
	g := out.ClusterSubnetGroup
	if aws.ToString(g.ClusterSubnetGroupName) != "warehouse" || aws.ToString(g.VpcId) != w.defaultVPC || aws.ToString(g.Description) != "dw" ||
		aws.ToString(g.SubnetGroupStatus) != "Complete" || len(g.Subnets) != 2 || rsTags(g.Tags) != "map[owner:admin]" ||
		!slices.Equal(g.SupportedClusterIpAddressTypes, []string{"ipv4"}) {
		t.Errorf("created group: %+v", g)
	}
	for i, s := range g.Subnets {
		if aws.ToString(s.SubnetIdentifier) != w.defaultIDs(2)[i] || aws.ToString(s.SubnetStatus) != "Active" ||
			aws.ToString(s.SubnetAvailabilityZone.Name) != aws.ToString(w.defaultSubnets[i].AvailabilityZone) {
			t.Errorf("subnet %d: %+v", i, s)
		}
	}
	arn := "arn:aws:redshift:us-east-1:" + testAccount + ":subnetgroup:warehouse"

	create := func(name string, subnets []string, tags ...rstypes.Tag) error {
		_, err := c.CreateClusterSubnetGroup(ctx, &redshift.CreateClusterSubnetGroupInput{
			ClusterSubnetGroupName: aws.String(name), Description: aws.String("d"), SubnetIds: subnets, Tags: tags,
		})
		return err
	}
	wantCode(t, "duplicate", create("WAREHOUSE", w.defaultIDs(1)), "ClusterSubnetGroupAlreadyExists")
	wantCode(t, "name Default", create("Default", w.defaultIDs(1)), "InvalidParameterValue")
	wantCode(t, "name with a dot", create("a.b", w.defaultIDs(1)), "InvalidParameterValue")
	wantCode(t, "name of 256", create(strings.Repeat("r", 256), w.defaultIDs(1)), "InvalidParameterValue")
	wantCode(t, "unknown subnet", create("unknown", fakeSubnetIDs(1)), "InvalidSubnet")
	wantCode(t, "two VPCs", create("two-vpcs", []string{w.defaultIDs(1)[0], w.dualIDs()[0]}), "InvalidSubnet")
	wantCode(t, "21 subnets", create("too-many", fakeSubnetIDs(21)), "ClusterSubnetQuotaExceededFault")
	wantCode(t, "reserved tag", create("tagged", w.defaultIDs(1), rstypes.Tag{Key: aws.String("aws:x"), Value: aws.String("v")}), "InvalidTagFault")

	_, err := c.DescribeClusterSubnetGroups(ctx, &redshift.DescribeClusterSubnetGroupsInput{ClusterSubnetGroupName: aws.String("nope")})
	wantCodeStatus(t, "describe unknown", err, "ClusterSubnetGroupNotFoundFault", http.StatusBadRequest)
	_, err = c.DescribeClusterSubnetGroups(ctx, &redshift.DescribeClusterSubnetGroupsInput{MaxRecords: aws.Int32(5)})
	wantCode(t, "MaxRecords 5", err, "InvalidParameterValue")

	m := must[*redshift.ModifyClusterSubnetGroupOutput](t, "ModifyClusterSubnetGroup")(c.ModifyClusterSubnetGroup(ctx, &redshift.ModifyClusterSubnetGroupInput{
		ClusterSubnetGroupName: aws.String("warehouse"), Description: aws.String("dual"), SubnetIds: w.dualIDs(),
	}))
	if g := m.ClusterSubnetGroup; aws.ToString(g.VpcId) != w.otherVPC || aws.ToString(g.Description) != "dual" || len(g.Subnets) != 3 ||
		!slices.Equal(g.SupportedClusterIpAddressTypes, []string{"ipv4", "dualstack"}) {
		t.Errorf("modified group: %+v", g)
	}
	_, err = c.ModifyClusterSubnetGroup(ctx, &redshift.ModifyClusterSubnetGroupInput{ClusterSubnetGroupName: aws.String("nope"), SubnetIds: w.defaultIDs(1)})
	wantCode(t, "modify unknown", err, "ClusterSubnetGroupNotFoundFault")
	_, err = c.ModifyClusterSubnetGroup(ctx, &redshift.ModifyClusterSubnetGroupInput{ClusterSubnetGroupName: aws.String("warehouse"), SubnetIds: fakeSubnetIDs(21)})
	wantCode(t, "modify to 21 subnets", err, "ClusterSubnetQuotaExceededFault")

	// Tags by ARN.
	must[*redshift.CreateTagsOutput](t, "CreateTags")(c.CreateTags(ctx, &redshift.CreateTagsInput{
		ResourceName: aws.String(arn), Tags: []rstypes.Tag{{Key: aws.String("owner"), Value: aws.String("ops")}, {Key: aws.String("environment"), Value: aws.String("test")}},
	}))
	dt := must[*redshift.DescribeTagsOutput](t, "DescribeTags by ARN")(c.DescribeTags(ctx, &redshift.DescribeTagsInput{ResourceName: aws.String(arn)}))
	if len(dt.TaggedResources) != 2 || aws.ToString(dt.TaggedResources[0].ResourceName) != arn ||
		aws.ToString(dt.TaggedResources[0].ResourceType) != "subnetgroup" || aws.ToString(dt.TaggedResources[0].Tag.Key) != "environment" {
		t.Errorf("DescribeTags: %+v", dt.TaggedResources)
	}
	must[*redshift.DeleteTagsOutput](t, "DeleteTags")(c.DeleteTags(ctx, &redshift.DeleteTagsInput{ResourceName: aws.String(arn), TagKeys: []string{"environment", "absent"}}))
	d := must[*redshift.DescribeClusterSubnetGroupsOutput](t, "DescribeClusterSubnetGroups")(c.DescribeClusterSubnetGroups(ctx, &redshift.DescribeClusterSubnetGroupsInput{ClusterSubnetGroupName: aws.String("Warehouse")}))
	if len(d.ClusterSubnetGroups) != 1 || rsTags(d.ClusterSubnetGroups[0].Tags) != "map[owner:ops]" {
		t.Errorf("after DeleteTags: %+v", d.ClusterSubnetGroups)
	}
	_, err = c.CreateTags(ctx, &redshift.CreateTagsInput{ResourceName: aws.String("arn:aws:redshift:us-east-1:" + testAccount + ":subnetgroup:nope"), Tags: []rstypes.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	wantCodeStatus(t, "tags of unknown group", err, "ResourceNotFoundFault", http.StatusNotFound)
	_, err = c.DeleteTags(ctx, &redshift.DeleteTagsInput{ResourceName: aws.String("arn:aws:redshift:us-east-1:" + testAccount + ":cluster:c1"), TagKeys: []string{"k"}})
	wantCode(t, "tags of unknown cluster", err, "ResourceNotFoundFault")
	_, err = c.DescribeTags(ctx, &redshift.DescribeTagsInput{ResourceName: aws.String(arn), ResourceType: aws.String("Subnet group")})
	wantCode(t, "DescribeTags ARN and type", err, "InvalidParameterCombination")
	_, err = c.DescribeTags(ctx, &redshift.DescribeTagsInput{ResourceType: aws.String("bogus")})
	wantCode(t, "DescribeTags bogus type", err, "InvalidParameterValue")
	many := make([]rstypes.Tag, 50)
	for i := range many {
		many[i] = rstypes.Tag{Key: aws.String(fmt.Sprintf("k%02d", i)), Value: aws.String("v")}
	}
	_, err = c.CreateTags(ctx, &redshift.CreateTagsInput{ResourceName: aws.String(arn), Tags: many})
	wantCode(t, "51 tags", err, "TagLimitExceededFault")

	// The quota of 20 groups, paging, and the tag filters.
	for i := 2; i <= 20; i++ {
		tags := []rstypes.Tag{{Key: aws.String("environment"), Value: aws.String([]string{"test", "prod"}[i%2])}}
		if err := create(fmt.Sprintf("rs-%02d", i), w.defaultIDs(1), tags...); err != nil {
			t.Fatalf("create rs-%02d: %s", i, describeErr(err))
		}
	}
	wantCode(t, "21st group", create("rs-21", w.defaultIDs(1)), "ClusterSubnetGroupQuotaExceeded")
	first := must[*redshift.DescribeClusterSubnetGroupsOutput](t, "page 1")(c.DescribeClusterSubnetGroups(ctx, &redshift.DescribeClusterSubnetGroupsInput{MaxRecords: aws.Int32(20)}))
	if len(first.ClusterSubnetGroups) != 20 || first.Marker != nil {
		t.Errorf("one page of 20: %d groups, marker %v", len(first.ClusterSubnetGroups), first.Marker)
	}
	f := must[*redshift.DescribeClusterSubnetGroupsOutput](t, "tag filter")(c.DescribeClusterSubnetGroups(ctx, &redshift.DescribeClusterSubnetGroupsInput{
		TagKeys: []string{"environment", "owner"}, TagValues: []string{"prod", "ops"},
	}))
	// rs-03, 05, ..., 19 are prod (9 groups), and warehouse has owner=ops.
	if len(f.ClusterSubnetGroups) != 10 || aws.ToString(f.ClusterSubnetGroups[0].ClusterSubnetGroupName) != "rs-03" {
		t.Errorf("tag filter: %d groups", len(f.ClusterSubnetGroups))
	}
	var tagged []string
	tp := redshift.NewDescribeTagsPaginator(c, &redshift.DescribeTagsInput{ResourceType: aws.String("Subnet group"), MaxRecords: aws.Int32(10)})
	for tp.HasMorePages() {
		page := must[*redshift.DescribeTagsOutput](t, "DescribeTags page")(tp.NextPage(ctx))
		for _, r := range page.TaggedResources {
			tagged = append(tagged, aws.ToString(r.ResourceName))
		}
	}
	if len(tagged) != 20 {
		t.Errorf("DescribeTags by type: %d tags", len(tagged))
	}
	none := must[*redshift.DescribeTagsOutput](t, "DescribeTags clusters")(c.DescribeTags(ctx, &redshift.DescribeTagsInput{ResourceType: aws.String("Cluster")}))
	if len(none.TaggedResources) != 0 {
		t.Errorf("tagged clusters: %+v", none.TaggedResources)
	}

	must[*redshift.DeleteClusterSubnetGroupOutput](t, "DeleteClusterSubnetGroup")(c.DeleteClusterSubnetGroup(ctx, &redshift.DeleteClusterSubnetGroupInput{ClusterSubnetGroupName: aws.String("warehouse")}))
	_, err = c.DeleteClusterSubnetGroup(ctx, &redshift.DeleteClusterSubnetGroupInput{ClusterSubnetGroupName: aws.String("warehouse")})
	wantCode(t, "delete again", err, "ClusterSubnetGroupNotFoundFault")

	_, err = c.DescribeClusters(ctx, &redshift.DescribeClustersInput{})
	wantCode(t, "DescribeClusters", err, "InvalidAction")
}

func rsTags(ts []rstypes.Tag) string {
	m := map[string]string{}
	for _, t := range ts {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return fmt.Sprint(m)
}
