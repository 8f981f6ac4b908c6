package ec2_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

// newSecurityGroupTestClient serves vpcsim in-process and returns a real
// SDK client for it.
func newSecurityGroupTestClient(t *testing.T) *ec2.Client {
	t.Helper()
	url, _ := startTestServer(t, 11)
	return newSDKClient(url, "us-east-1")
}

func sgWantCode(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v, want API error %s", err, code)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("error %v, want %s", err, code)
	}
}

func sgNewVpc(t *testing.T, c *ec2.Client) string {
	t.Helper()
	out, err := c.CreateVpc(context.Background(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	return *out.Vpc.VpcId
}

// TestSecurityGroupWire walks the Terraform aws_security_group and
// aws_vpc_security_group_ingress_rule flows (ec2-api-surface.md §2) with
// the Go SDK.
func TestSecurityGroupWire(t *testing.T) {
	ctx := context.Background()
	c := newSecurityGroupTestClient(t)
	vpc := sgNewVpc(t, c)

	cg, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
		GroupName: aws.String("web"), Description: aws.String("Managed by Terraform"), VpcId: aws.String(vpc),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeSecurityGroup, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("web")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	gid := aws.ToString(cg.GroupId)
	if aws.ToString(cg.SecurityGroupArn) != "arn:aws:ec2:us-east-1:123456789012:security-group/"+gid || len(cg.Tags) != 1 {
		t.Fatalf("create = %+v", cg)
	}
	db, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("db"), Description: aws.String("d"), VpcId: aws.String(vpc)})
	if err != nil {
		t.Fatal(err)
	}
	// Terraform revokes the default egress rules after create.
	if _, err := c.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: aws.String(gid), IpPermissions: []types.IpPermission{{IpProtocol: aws.String("-1"), FromPort: aws.Int32(0), ToPort: aws.Int32(0), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: aws.String(gid), IpPermissions: []types.IpPermission{{IpProtocol: aws.String("-1"), FromPort: aws.Int32(0), ToPort: aws.Int32(0), Ipv6Ranges: []types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}}}})
	sgWantCode(t, err, "InvalidPermission.NotFound")

	// Authorize with several peers: one rule per peer, all returned.
	az, err := c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{
		GroupId: aws.String(gid),
		IpPermissions: []types.IpPermission{
			{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []types.IpRange{{CidrIp: aws.String("203.0.113.0/24"), Description: aws.String("SSH")}}},
			{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443),
				UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: db.GroupId}},
				Ipv6Ranges:       []types.Ipv6Range{{CidrIpv6: aws.String("2001:db8::/32")}},
				IpRanges:         []types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}},
		},
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeSecurityGroupRule, Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("b")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToBool(az.Return) || len(az.SecurityGroupRules) != 4 {
		t.Fatalf("authorize = %+v", az)
	}
	r0 := az.SecurityGroupRules[0]
	if aws.ToString(r0.CidrIpv4) != "203.0.113.0/24" || aws.ToString(r0.Description) != "SSH" || aws.ToBool(r0.IsEgress) || aws.ToString(r0.GroupOwnerId) != "123456789012" || len(r0.Tags) != 1 {
		t.Fatalf("rule 0 = %+v", r0)
	}
	var refRule string
	for _, r := range az.SecurityGroupRules {
		if r.ReferencedGroupInfo != nil {
			refRule = aws.ToString(r.SecurityGroupRuleId)
			if aws.ToString(r.ReferencedGroupInfo.GroupId) != aws.ToString(db.GroupId) || aws.ToString(r.ReferencedGroupInfo.UserId) != "123456789012" {
				t.Fatalf("referenced group info %+v", r.ReferencedGroupInfo)
			}
		}
	}
	_, err = c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(gid), IpPermissions: []types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22), IpRanges: []types.IpRange{{CidrIp: aws.String("203.0.113.0/24")}}}}})
	sgWantCode(t, err, "InvalidPermission.Duplicate")

	// DescribeSecurityGroups groups rules back into IpPermissions.
	ds, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{gid}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.SecurityGroups) != 1 {
		t.Fatalf("%d groups", len(ds.SecurityGroups))
	}
	g := ds.SecurityGroups[0]
	if aws.ToString(g.GroupName) != "web" || aws.ToString(g.Description) != "Managed by Terraform" || aws.ToString(g.VpcId) != vpc || len(g.IpPermissionsEgress) != 0 || len(g.IpPermissions) != 2 {
		t.Fatalf("group = %+v", g)
	}
	var p443 types.IpPermission
	for _, p := range g.IpPermissions {
		if aws.ToInt32(p.FromPort) == 443 {
			p443 = p
		}
	}
	if len(p443.IpRanges) != 1 || len(p443.Ipv6Ranges) != 1 || len(p443.UserIdGroupPairs) != 1 || aws.ToString(p443.IpProtocol) != "tcp" {
		t.Fatalf("443 permission = %+v", p443)
	}

	// Filters: group-name + vpc-id (Terraform's default group lookup), and
	// the ip-permission.* filters.
	for _, f := range []struct {
		filters []types.Filter
		want    int
	}{
		{[]types.Filter{{Name: aws.String("group-name"), Values: []string{"default"}}, {Name: aws.String("vpc-id"), Values: []string{vpc}}}, 1},
		{[]types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpc}}}, 3},
		{[]types.Filter{{Name: aws.String("ip-permission.cidr"), Values: []string{"203.0.113.*"}}}, 1},
		{[]types.Filter{{Name: aws.String("ip-permission.group-name"), Values: []string{"db"}}}, 1},
		{[]types.Filter{{Name: aws.String("ip-permission.from-port"), Values: []string{"443"}}, {Name: aws.String("ip-permission.protocol"), Values: []string{"tcp"}}}, 1},
		{[]types.Filter{{Name: aws.String("egress.ip-permission.cidr"), Values: []string{"0.0.0.0/0"}}, {Name: aws.String("vpc-id"), Values: []string{vpc}}}, 2},
		{[]types.Filter{{Name: aws.String("tag:Name"), Values: []string{"web"}}}, 1},
	} {
		out, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: f.filters})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.SecurityGroups) != f.want {
			t.Errorf("filters %v: %d groups, want %d", aws.ToString(f.filters[0].Name), len(out.SecurityGroups), f.want)
		}
	}
	_, err = c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{"sg-0123456789abcdef0"}})
	sgWantCode(t, err, "InvalidGroup.NotFound")
	_, err = c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupNames: []string{"web"}}) // not in the default VPC
	sgWantCode(t, err, "InvalidGroup.NotFound")
	dd, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupNames: []string{"default"}})
	if err != nil || len(dd.SecurityGroups) != 1 {
		t.Fatalf("default group by name: %v", err)
	}

	// DescribeSecurityGroupRules by id and by group-id filter.
	dr, err := c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{SecurityGroupRuleIds: []string{refRule}})
	if err != nil || len(dr.SecurityGroupRules) != 1 || aws.ToInt32(dr.SecurityGroupRules[0].FromPort) != 443 {
		t.Fatalf("describe rule: %v %+v", err, dr)
	}
	dr, err = c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{Filters: []types.Filter{{Name: aws.String("group-id"), Values: []string{gid}}}})
	if err != nil || len(dr.SecurityGroupRules) != 4 {
		t.Fatalf("rules by group: %v %d", err, len(dr.SecurityGroupRules))
	}
	_, err = c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{SecurityGroupRuleIds: []string{"sgr-0123456789abcdef0"}})
	sgWantCode(t, err, "InvalidSecurityGroupRuleId.NotFound")
	_, err = c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{MaxResults: aws.Int32(2)})
	sgWantCode(t, err, "InvalidParameterValue")

	// ModifySecurityGroupRules keeps the id.
	if _, err := c.ModifySecurityGroupRules(ctx, &ec2.ModifySecurityGroupRulesInput{GroupId: aws.String(gid), SecurityGroupRules: []types.SecurityGroupRuleUpdate{{
		SecurityGroupRuleId: aws.String(refRule),
		SecurityGroupRule:   &types.SecurityGroupRuleRequest{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(8443), ToPort: aws.Int32(8443), ReferencedGroupId: db.GroupId, Description: aws.String("alt")},
	}}}); err != nil {
		t.Fatal(err)
	}
	dr, _ = c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{SecurityGroupRuleIds: []string{refRule}})
	if r := dr.SecurityGroupRules[0]; aws.ToInt32(r.FromPort) != 8443 || aws.ToString(r.Description) != "alt" {
		t.Fatalf("modified rule %+v", r)
	}
	if _, err := c.UpdateSecurityGroupRuleDescriptionsIngress(ctx, &ec2.UpdateSecurityGroupRuleDescriptionsIngressInput{GroupId: aws.String(gid),
		SecurityGroupRuleDescriptions: []types.SecurityGroupRuleDescription{{SecurityGroupRuleId: aws.String(refRule), Description: aws.String("d2")}}}); err != nil {
		t.Fatal(err)
	}

	// Referenced group cannot be deleted; revoke by rule id, then it can.
	_, err = c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: db.GroupId})
	sgWantCode(t, err, "DependencyViolation")
	rv, err := c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: aws.String(gid), SecurityGroupRuleIds: []string{refRule}})
	if err != nil || !aws.ToBool(rv.Return) || len(rv.RevokedSecurityGroupRules) != 1 {
		t.Fatalf("revoke by id: %v %+v", err, rv)
	}
	if _, err := c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: db.GroupId}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{aws.ToString(db.GroupId)}})
	sgWantCode(t, err, "InvalidGroup.NotFound")

	// The default group cannot be deleted.
	_, err = c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: dd.SecurityGroups[0].GroupId})
	sgWantCode(t, err, "CannotDelete")

	// DryRun changes nothing.
	_, err = c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("dry"), Description: aws.String("d"), VpcId: aws.String(vpc), DryRun: aws.Bool(true)})
	sgWantCode(t, err, "DryRunOperation")

	// Default VPC revoke of an unknown rule: success with the unknown set.
	def, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("indef"), Description: aws.String("d")})
	if err != nil {
		t.Fatal(err)
	}
	rv, err = c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: def.GroupId, IpPermissions: []types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80), IpRanges: []types.IpRange{{CidrIp: aws.String("1.2.3.0/24")}}}}})
	if err != nil || len(rv.UnknownIpPermissions) != 1 || aws.ToString(rv.UnknownIpPermissions[0].IpRanges[0].CidrIp) != "1.2.3.0/24" {
		t.Fatalf("default VPC revoke: %v %+v", err, rv)
	}
	// The legacy top-level parameters (CLI --protocol/--port/--cidr) work too.
	if _, err := c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: def.GroupId, IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80), CidrIp: aws.String("0.0.0.0/0")}); err != nil {
		t.Fatal(err)
	}
}
