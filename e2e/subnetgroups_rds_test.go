package e2e

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

// TestSDKRDSSubnetGroups drives every served RDS operation and error code
// through the real SDK client [RDS API CreateDBSubnetGroup,
// DescribeDBSubnetGroups, ModifyDBSubnetGroup, DeleteDBSubnetGroup,
// AddTagsToResource, RemoveTagsFromResource, ListTagsForResource].
func TestSDKRDSSubnetGroups(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	ctx := testCtx(t)
	w := newSGWorld(t, ctx, srv.ec2Client())
	c := srv.rdsClient()

	// Create: the name is stored lower-case; the group is Complete, its
	// subnets Active, IPv4 only on the default subnets.
	out := must[*rds.CreateDBSubnetGroupOutput](t, "CreateDBSubnetGroup")(c.CreateDBSubnetGroup(ctx, &rds.CreateDBSubnetGroupInput{
		DBSubnetGroupName:        aws.String("App DB_1.main"),
		DBSubnetGroupDescription: aws.String("app database"),
		SubnetIds:                w.defaultIDs(3),
		Tags:                     []rdstypes.Tag{{Key: aws.String("env"), Value: aws.String("test")}},
	}))
	g := out.DBSubnetGroup
	arn := "arn:aws:rds:us-east-1:" + testAccount + ":subgrp:app db_1.main"
	if aws.ToString(g.DBSubnetGroupName) != "app db_1.main" || aws.ToString(g.DBSubnetGroupArn) != arn ||
		aws.ToString(g.VpcId) != w.defaultVPC || aws.ToString(g.SubnetGroupStatus) != "Complete" ||
		aws.ToString(g.DBSubnetGroupDescription) != "app database" || !slices.Equal(g.SupportedNetworkTypes, []string{"IPV4"}) {
		t.Errorf("created group: %+v", g)
	}
	if len(g.Subnets) != 3 {
		t.Fatalf("subnets: %+v", g.Subnets)
	}
	for i, s := range g.Subnets {
		if aws.ToString(s.SubnetIdentifier) != w.defaultIDs(3)[i] || aws.ToString(s.SubnetStatus) != "Active" ||
			s.SubnetAvailabilityZone == nil || aws.ToString(s.SubnetAvailabilityZone.Name) != aws.ToString(w.defaultSubnets[i].AvailabilityZone) {
			t.Errorf("subnet %d: %+v", i, s)
		}
	}

	create := func(name string, subnets []string) error {
		_, err := c.CreateDBSubnetGroup(ctx, &rds.CreateDBSubnetGroupInput{
			DBSubnetGroupName: aws.String(name), DBSubnetGroupDescription: aws.String("d"), SubnetIds: subnets,
		})
		return err
	}
	// Errors of CreateDBSubnetGroup.
	wantCode(t, "duplicate (other case)", create("APP DB_1.MAIN", w.defaultIDs(2)), "DBSubnetGroupAlreadyExists")
	wantCode(t, "name default", create("Default", w.defaultIDs(2)), "InvalidParameterValue")
	wantCode(t, "name starts with a digit", create("1db", w.defaultIDs(2)), "InvalidParameterValue")
	wantCode(t, "name with a slash", create("a/b", w.defaultIDs(2)), "InvalidParameterValue")
	wantCode(t, "name of 256", create("a"+strings.Repeat("b", 255), w.defaultIDs(2)), "InvalidParameterValue")
	wantCode(t, "one AZ", create("one-az", w.defaultIDs(1)), "DBSubnetGroupDoesNotCoverEnoughAZs")
	wantCode(t, "unknown subnet", create("unknown", append(w.defaultIDs(1), fakeSubnetIDs(1)...)), "InvalidSubnet")
	wantCode(t, "two VPCs", create("two-vpcs", []string{w.defaultIDs(1)[0], w.dualIDs()[1]}), "InvalidSubnet")
	wantCode(t, "21 subnets", create("too-many", fakeSubnetIDs(21)), "DBSubnetQuotaExceededFault")

	// Describe one, case-insensitively; an unknown one is 404.
	d := must[*rds.DescribeDBSubnetGroupsOutput](t, "DescribeDBSubnetGroups one")(c.DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{DBSubnetGroupName: aws.String("App DB_1.Main")}))
	if len(d.DBSubnetGroups) != 1 || aws.ToString(d.DBSubnetGroups[0].DBSubnetGroupArn) != arn {
		t.Errorf("describe one: %+v", d.DBSubnetGroups)
	}
	_, err := c.DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{DBSubnetGroupName: aws.String("nope")})
	wantCodeStatus(t, "describe unknown", err, "DBSubnetGroupNotFoundFault", http.StatusNotFound)
	_, err = c.DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{MaxRecords: aws.Int32(19)})
	wantCode(t, "MaxRecords 19", err, "InvalidParameterValue")
	_, err = c.DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{Filters: []rdstypes.Filter{{Name: aws.String("x"), Values: []string{"y"}}}})
	wantCode(t, "Filters", err, "InvalidParameterValue")

	// Modify: a new description and the dual-stack VPC's subnets.
	m := must[*rds.ModifyDBSubnetGroupOutput](t, "ModifyDBSubnetGroup")(c.ModifyDBSubnetGroup(ctx, &rds.ModifyDBSubnetGroupInput{
		DBSubnetGroupName: aws.String("app db_1.main"), DBSubnetGroupDescription: aws.String("moved"), SubnetIds: w.dualIDs(),
	}))
	if g := m.DBSubnetGroup; aws.ToString(g.VpcId) != w.otherVPC || aws.ToString(g.DBSubnetGroupDescription) != "moved" ||
		len(g.Subnets) != 3 || !slices.Equal(g.SupportedNetworkTypes, []string{"IPV4", "DUAL"}) {
		t.Errorf("modified group: %+v", g)
	}
	_, err = c.ModifyDBSubnetGroup(ctx, &rds.ModifyDBSubnetGroupInput{DBSubnetGroupName: aws.String("nope"), SubnetIds: w.defaultIDs(2)})
	wantCodeStatus(t, "modify unknown", err, "DBSubnetGroupNotFoundFault", http.StatusNotFound)
	_, err = c.ModifyDBSubnetGroup(ctx, &rds.ModifyDBSubnetGroupInput{DBSubnetGroupName: aws.String("app db_1.main"), SubnetIds: w.dualIDs()[:1]})
	wantCode(t, "modify to one AZ", err, "DBSubnetGroupDoesNotCoverEnoughAZs")
	_, err = c.ModifyDBSubnetGroup(ctx, &rds.ModifyDBSubnetGroupInput{DBSubnetGroupName: aws.String("app db_1.main"), SubnetIds: fakeSubnetIDs(2)})
	wantCode(t, "modify to unknown subnets", err, "InvalidSubnet")

	// Tags by ARN.
	tags := func() map[string]string {
		t.Helper()
		out := must[*rds.ListTagsForResourceOutput](t, "ListTagsForResource")(c.ListTagsForResource(ctx, &rds.ListTagsForResourceInput{ResourceName: aws.String(arn)}))
		m := map[string]string{}
		for _, tg := range out.TagList {
			m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
		}
		return m
	}
	if got := tags(); fmt.Sprint(got) != "map[env:test]" {
		t.Errorf("tags after create: %v", got)
	}
	must[*rds.AddTagsToResourceOutput](t, "AddTagsToResource")(c.AddTagsToResource(ctx, &rds.AddTagsToResourceInput{
		ResourceName: aws.String(arn), Tags: []rdstypes.Tag{{Key: aws.String("env"), Value: aws.String("prod")}, {Key: aws.String("team"), Value: aws.String("db")}},
	}))
	must[*rds.RemoveTagsFromResourceOutput](t, "RemoveTagsFromResource")(c.RemoveTagsFromResource(ctx, &rds.RemoveTagsFromResourceInput{
		ResourceName: aws.String(arn), TagKeys: []string{"team", "absent"},
	}))
	if got := tags(); fmt.Sprint(got) != "map[env:prod]" {
		t.Errorf("tags after add and remove: %v", got)
	}
	_, err = c.ListTagsForResource(ctx, &rds.ListTagsForResourceInput{ResourceName: aws.String("arn:aws:rds:us-east-1:" + testAccount + ":subgrp:nope")})
	wantCodeStatus(t, "tags of unknown group", err, "DBSubnetGroupNotFoundFault", http.StatusNotFound)
	_, err = c.AddTagsToResource(ctx, &rds.AddTagsToResourceInput{ResourceName: aws.String("arn:aws:rds:us-east-1:" + testAccount + ":db:mydb"), Tags: []rdstypes.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	wantCodeStatus(t, "tags of unknown DB instance", err, "DBInstanceNotFound", http.StatusNotFound)
	_, err = c.ListTagsForResource(ctx, &rds.ListTagsForResourceInput{ResourceName: aws.String("not-an-arn")})
	wantCode(t, "tags of a malformed ARN", err, "InvalidParameterValue")
	_, err = c.AddTagsToResource(ctx, &rds.AddTagsToResourceInput{ResourceName: aws.String(arn), Tags: []rdstypes.Tag{{Key: aws.String("aws:x"), Value: aws.String("v")}}})
	wantCode(t, "reserved tag prefix", err, "InvalidParameterValue")
	many := make([]rdstypes.Tag, 50)
	for i := range many {
		many[i] = rdstypes.Tag{Key: aws.String(fmt.Sprintf("k%02d", i)), Value: aws.String("v")}
	}
	_, err = c.AddTagsToResource(ctx, &rds.AddTagsToResourceInput{ResourceName: aws.String(arn), Tags: many})
	wantCode(t, "51 tags", err, "TagQuotaPerResourceExceeded")

	// Paging and the quota of 50 groups per region.
	for i := 2; i <= 50; i++ {
		if err := create(fmt.Sprintf("group-%02d", i), w.defaultIDs(2)); err != nil {
			t.Fatalf("create group-%02d: %s", i, describeErr(err))
		}
	}
	wantCode(t, "51st group", create("group-51", w.defaultIDs(2)), "DBSubnetGroupQuotaExceeded")
	var names []string
	pages := 0
	p := rds.NewDescribeDBSubnetGroupsPaginator(c, &rds.DescribeDBSubnetGroupsInput{MaxRecords: aws.Int32(20)})
	for p.HasMorePages() {
		page := must[*rds.DescribeDBSubnetGroupsOutput](t, "DescribeDBSubnetGroups page")(p.NextPage(ctx))
		pages++
		if len(page.DBSubnetGroups) > 20 {
			t.Errorf("page of %d", len(page.DBSubnetGroups))
		}
		for _, g := range page.DBSubnetGroups {
			names = append(names, aws.ToString(g.DBSubnetGroupName))
		}
	}
	if pages != 3 || len(names) != 50 || !slices.IsSorted(names) || names[0] != "app db_1.main" {
		t.Errorf("paged %d pages, %d names: %v", pages, len(names), names)
	}
	_, err = c.DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{Marker: aws.String("!!")})
	wantCode(t, "bad marker", err, "InvalidParameterValue")

	// Delete, then the group is gone.
	must[*rds.DeleteDBSubnetGroupOutput](t, "DeleteDBSubnetGroup")(c.DeleteDBSubnetGroup(ctx, &rds.DeleteDBSubnetGroupInput{DBSubnetGroupName: aws.String("App DB_1.main")}))
	_, err = c.DeleteDBSubnetGroup(ctx, &rds.DeleteDBSubnetGroupInput{DBSubnetGroupName: aws.String("app db_1.main")})
	wantCodeStatus(t, "delete again", err, "DBSubnetGroupNotFoundFault", http.StatusNotFound)
	if err := create("group-51", w.defaultIDs(2)); err != nil {
		t.Errorf("create after a delete freed the quota: %s", describeErr(err))
	}

	// An operation vpcsim does not serve answers InvalidAction.
	_, err = c.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{})
	wantCode(t, "DescribeDBInstances", err, "InvalidAction")
}
