package e2e

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func tcp(from, to int32) types.IpPermission {
	return types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(from), ToPort: aws.Int32(to)}
}

func TestSDKSecurityGroups(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	vpc := aws.ToString(createVPC(t, ctx, c, "10.0.0.0/16", true).VpcId)

	web := must[*ec2.CreateSecurityGroupOutput](t, "CreateSecurityGroup web")(c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
		GroupName: aws.String("web"), Description: aws.String("web tier"), VpcId: aws.String(vpc),
		TagSpecifications: tagSpec(types.ResourceTypeSecurityGroup, "Name", "web"),
	}))
	webID := aws.ToString(web.GroupId)
	app := must[*ec2.CreateSecurityGroupOutput](t, "CreateSecurityGroup app")(c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
		GroupName: aws.String("app"), Description: aws.String("app tier"), VpcId: aws.String(vpc),
	}))
	appID := aws.ToString(app.GroupId)
	_, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("web"), Description: aws.String("again"), VpcId: aws.String(vpc)})
	wantCode(t, "CreateSecurityGroup duplicate name", err, "InvalidGroup.Duplicate")
	_, err = c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("default"), Description: aws.String("no"), VpcId: aws.String(vpc)})
	wantCode(t, "CreateSecurityGroup named default", err, "InvalidGroup.Reserved")

	d := must[*ec2.DescribeSecurityGroupsOutput](t, "DescribeSecurityGroups")(c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{webID}}))
	if len(d.SecurityGroups) != 1 || aws.ToString(d.SecurityGroups[0].GroupName) != "web" || aws.ToString(d.SecurityGroups[0].VpcId) != vpc ||
		len(d.SecurityGroups[0].IpPermissions) != 0 || len(d.SecurityGroups[0].IpPermissionsEgress) != 1 || tagMap(d.SecurityGroups[0].Tags)["Name"] != "web" {
		t.Errorf("new group: %+v", d.SecurityGroups)
	}

	// Ingress with an IPv4 CIDR, an IPv6 CIDR, a group reference and a
	// prefix list; the response carries the rules with their sgr- ids.
	pl := must[*ec2.DescribePrefixListsOutput](t, "DescribePrefixLists")(c.DescribePrefixLists(ctx, &ec2.DescribePrefixListsInput{Filters: []types.Filter{filter("prefix-list-name", "com.amazonaws.us-east-1.s3")}}))
	if len(pl.PrefixLists) != 1 {
		t.Fatalf("S3 prefix list: %+v", pl.PrefixLists)
	}
	https := tcp(443, 443)
	https.IpRanges = []types.IpRange{{CidrIp: aws.String("0.0.0.0/0"), Description: aws.String("anywhere")}}
	https.Ipv6Ranges = []types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}
	fromApp := tcp(8080, 8080)
	fromApp.UserIdGroupPairs = []types.UserIdGroupPair{{GroupId: aws.String(appID)}}
	fromPL := tcp(22, 22)
	fromPL.PrefixListIds = []types.PrefixListId{{PrefixListId: pl.PrefixLists[0].PrefixListId}}
	icmp := types.IpPermission{IpProtocol: aws.String("icmp"), FromPort: aws.Int32(8), ToPort: aws.Int32(-1), IpRanges: []types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}}
	auth := must[*ec2.AuthorizeSecurityGroupIngressOutput](t, "AuthorizeSecurityGroupIngress")(c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{
		GroupId: aws.String(webID), IpPermissions: []types.IpPermission{https, fromApp, fromPL, icmp},
		TagSpecifications: tagSpec(types.ResourceTypeSecurityGroupRule, "Name", "in"),
	}))
	if !aws.ToBool(auth.Return) || len(auth.SecurityGroupRules) != 5 {
		t.Fatalf("AuthorizeSecurityGroupIngress: return %v, %d rules (want 5: one per peer)", aws.ToBool(auth.Return), len(auth.SecurityGroupRules))
	}
	var refRule string
	for _, r := range auth.SecurityGroupRules {
		if aws.ToString(r.GroupId) != webID || aws.ToBool(r.IsEgress) || len(aws.ToString(r.SecurityGroupRuleId)) != len("sgr-")+17 {
			t.Errorf("rule: %+v", r)
		}
		if r.ReferencedGroupInfo != nil && aws.ToString(r.ReferencedGroupInfo.GroupId) == appID {
			refRule = aws.ToString(r.SecurityGroupRuleId)
		}
	}
	if refRule == "" {
		t.Errorf("no rule references %s", appID)
	}
	_, err = c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(webID), IpPermissions: []types.IpPermission{https}})
	wantCode(t, "AuthorizeSecurityGroupIngress duplicate", err, "InvalidPermission.Duplicate")
	bad := tcp(80, 80)
	bad.IpRanges = []types.IpRange{{CidrIp: aws.String("not-a-cidr")}}
	_, err = c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(webID), IpPermissions: []types.IpPermission{bad}})
	if code := errorCode(err); code != "InvalidParameterValue" && code != "InvalidPermission.Malformed" {
		t.Errorf("AuthorizeSecurityGroupIngress bad CIDR: %v", err)
	}

	// The reverse reference, on egress.
	toWeb := tcp(8080, 8080)
	toWeb.UserIdGroupPairs = []types.UserIdGroupPair{{GroupId: aws.String(webID)}}
	eg := must[*ec2.AuthorizeSecurityGroupEgressOutput](t, "AuthorizeSecurityGroupEgress")(c.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: aws.String(appID), IpPermissions: []types.IpPermission{toWeb}}))
	if len(eg.SecurityGroupRules) != 1 || !aws.ToBool(eg.SecurityGroupRules[0].IsEgress) {
		t.Errorf("AuthorizeSecurityGroupEgress rules: %+v", eg.SecurityGroupRules)
	}

	// DescribeSecurityGroupRules by id and by group-id.
	rules := must[*ec2.DescribeSecurityGroupRulesOutput](t, "DescribeSecurityGroupRules group-id")(c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{Filters: []types.Filter{filter("group-id", webID)}}))
	// 5 ingress + the default egress to 0.0.0.0/0 and, the VPC having an
	// IPv6 block, to ::/0 (VPC guide, vpc-migrate-ipv6.md).
	if len(rules.SecurityGroupRules) != 7 {
		t.Errorf("web has %d rules, want 7", len(rules.SecurityGroupRules))
	}
	one := must[*ec2.DescribeSecurityGroupRulesOutput](t, "DescribeSecurityGroupRules id")(c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{SecurityGroupRuleIds: []string{refRule}}))
	if len(one.SecurityGroupRules) != 1 || aws.ToInt32(one.SecurityGroupRules[0].FromPort) != 8080 {
		t.Errorf("DescribeSecurityGroupRules %s: %+v", refRule, one.SecurityGroupRules)
	}
	_, err = c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{SecurityGroupRuleIds: []string{"sgr-0123456789abcdef0"}})
	wantCode(t, "DescribeSecurityGroupRules unknown", err, "InvalidSecurityGroupRuleId.NotFound")

	// ModifySecurityGroupRules (Terraform's in-place rule update).
	must[*ec2.ModifySecurityGroupRulesOutput](t, "ModifySecurityGroupRules")(c.ModifySecurityGroupRules(ctx, &ec2.ModifySecurityGroupRulesInput{
		GroupId: aws.String(webID),
		SecurityGroupRules: []types.SecurityGroupRuleUpdate{{SecurityGroupRuleId: aws.String(refRule), SecurityGroupRule: &types.SecurityGroupRuleRequest{
			IpProtocol: aws.String("tcp"), FromPort: aws.Int32(9090), ToPort: aws.Int32(9090), ReferencedGroupId: aws.String(appID), Description: aws.String("from app"),
		}}},
	}))
	one = must[*ec2.DescribeSecurityGroupRulesOutput](t, "DescribeSecurityGroupRules after modify")(c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{SecurityGroupRuleIds: []string{refRule}}))
	if len(one.SecurityGroupRules) != 1 || aws.ToInt32(one.SecurityGroupRules[0].FromPort) != 9090 || aws.ToString(one.SecurityGroupRules[0].Description) != "from app" {
		t.Errorf("after ModifySecurityGroupRules: %+v", one.SecurityGroupRules)
	}

	// A referenced group cannot be deleted.
	_, err = c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: aws.String(appID)})
	if code := errorCode(err); code != "DependencyViolation" && code != "InvalidGroup.InUse" {
		t.Errorf("DeleteSecurityGroup referenced: %v, want DependencyViolation", err)
	}

	// Revoke by rule id and by permission; revoking a missing rule.
	must[*ec2.RevokeSecurityGroupIngressOutput](t, "RevokeSecurityGroupIngress rule id")(c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: aws.String(webID), SecurityGroupRuleIds: []string{refRule}}))
	must[*ec2.RevokeSecurityGroupIngressOutput](t, "RevokeSecurityGroupIngress permission")(c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: aws.String(webID), IpPermissions: []types.IpPermission{https, fromPL, icmp}}))
	_, err = c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: aws.String(webID), SecurityGroupRuleIds: []string{refRule}})
	wantCode(t, "RevokeSecurityGroupIngress missing rule id", err, "InvalidSecurityGroupRuleId.NotFound")
	allOut := types.IpPermission{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}},
		Ipv6Ranges: []types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}}
	must[*ec2.RevokeSecurityGroupEgressOutput](t, "RevokeSecurityGroupEgress default")(c.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: aws.String(webID), IpPermissions: []types.IpPermission{allOut}}))
	d = must[*ec2.DescribeSecurityGroupsOutput](t, "DescribeSecurityGroups after revoke")(c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{webID}}))
	if len(d.SecurityGroups) == 1 && (len(d.SecurityGroups[0].IpPermissions) != 0 || len(d.SecurityGroups[0].IpPermissionsEgress) != 0) {
		t.Errorf("web after revoking everything: in %+v out %+v", d.SecurityGroups[0].IpPermissions, d.SecurityGroups[0].IpPermissionsEgress)
	}

	// Filters.
	f := must[*ec2.DescribeSecurityGroupsOutput](t, "DescribeSecurityGroups filters")(c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{filter("vpc-id", vpc), filter("group-name", "a*")}}))
	if len(f.SecurityGroups) != 1 || aws.ToString(f.SecurityGroups[0].GroupId) != appID {
		t.Errorf("group-name=a*: %d groups", len(f.SecurityGroups))
	}
	_, err = c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{"sg-0123456789abcdef0"}})
	wantCode(t, "DescribeSecurityGroups unknown", err, "InvalidGroup.NotFound")

	// The default group cannot be deleted; the others can, then the VPC.
	def := must[*ec2.DescribeSecurityGroupsOutput](t, "DescribeSecurityGroups default")(c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{filter("vpc-id", vpc), filter("group-name", "default")}}))
	if len(def.SecurityGroups) == 1 {
		_, err = c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: def.SecurityGroups[0].GroupId})
		wantCode(t, "DeleteSecurityGroup default", err, "CannotDelete")
	}
	_, err = c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(vpc)})
	wantCode(t, "DeleteVpc with groups", err, "DependencyViolation")
	must[*ec2.RevokeSecurityGroupEgressOutput](t, "RevokeSecurityGroupEgress reference")(c.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: aws.String(appID), IpPermissions: []types.IpPermission{toWeb}}))
	for _, g := range []string{webID, appID} {
		must[*ec2.DeleteSecurityGroupOutput](t, "DeleteSecurityGroup")(c.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: aws.String(g)}))
	}
	must[*ec2.DeleteVpcOutput](t, "DeleteVpc")(c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(vpc)}))
}

func TestSDKNetworkAcls(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	vpc := aws.ToString(createVPC(t, ctx, c, "10.0.0.0/16", true).VpcId)
	sn := aws.ToString(createSubnet(t, ctx, c, vpc, "10.0.1.0/24", "us-east-1a").SubnetId)

	// The subnet is implicitly associated with the default NACL.
	byAssoc := must[*ec2.DescribeNetworkAclsOutput](t, "DescribeNetworkAcls association.subnet-id")(c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{filter("association.subnet-id", sn)}}))
	if len(byAssoc.NetworkAcls) != 1 || !aws.ToBool(byAssoc.NetworkAcls[0].IsDefault) || len(byAssoc.NetworkAcls[0].Associations) != 1 {
		t.Fatalf("default NACL of the new subnet: %+v", byAssoc.NetworkAcls)
	}
	defACL := aws.ToString(byAssoc.NetworkAcls[0].NetworkAclId)
	assoc := aws.ToString(byAssoc.NetworkAcls[0].Associations[0].NetworkAclAssociationId)

	out := must[*ec2.CreateNetworkAclOutput](t, "CreateNetworkAcl")(c.CreateNetworkAcl(ctx, &ec2.CreateNetworkAclInput{
		VpcId: aws.String(vpc), TagSpecifications: tagSpec(types.ResourceTypeNetworkAcl, "Name", "custom"),
	}))
	acl := aws.ToString(out.NetworkAcl.NetworkAclId)
	entries := map[string]bool{}
	for _, e := range out.NetworkAcl.Entries {
		entries[fmt.Sprintf("%d/%v/%s", aws.ToInt32(e.RuleNumber), aws.ToBool(e.Egress), e.RuleAction)] = true
	}
	for _, want := range []string{"32767/false/deny", "32767/true/deny"} {
		if !entries[want] {
			t.Errorf("new NACL lacks %s: %v", want, entries)
		}
	}
	if entries["100/false/allow"] {
		t.Errorf("a custom NACL starts with allow rules: %v", entries)
	}

	// Ephemeral ports, both directions, IPv4 and IPv6; ICMP; a deny.
	type entry struct {
		n        int32
		egress   bool
		proto    string
		cidr     string
		v6       string
		from, to int32
		action   types.RuleAction
		icmp     *types.IcmpTypeCode
	}
	for _, e := range []entry{
		{n: 100, proto: "6", cidr: "0.0.0.0/0", from: 443, to: 443, action: types.RuleActionAllow},
		{n: 110, proto: "6", cidr: "0.0.0.0/0", from: 1024, to: 65535, action: types.RuleActionAllow},
		{n: 120, proto: "6", v6: "::/0", from: 1024, to: 65535, action: types.RuleActionAllow},
		{n: 130, proto: "1", cidr: "10.0.0.0/8", action: types.RuleActionAllow, icmp: &types.IcmpTypeCode{Type: aws.Int32(8), Code: aws.Int32(-1)}},
		{n: 90, proto: "17", cidr: "192.0.2.0/24", from: 53, to: 53, action: types.RuleActionDeny},
		{n: 100, egress: true, proto: "-1", cidr: "0.0.0.0/0", action: types.RuleActionAllow},
		{n: 110, egress: true, proto: "6", cidr: "0.0.0.0/0", from: 1024, to: 65535, action: types.RuleActionAllow},
	} {
		in := &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(e.n), Egress: aws.Bool(e.egress), Protocol: aws.String(e.proto), RuleAction: e.action, IcmpTypeCode: e.icmp}
		if e.cidr != "" {
			in.CidrBlock = aws.String(e.cidr)
		} else {
			in.Ipv6CidrBlock = aws.String(e.v6)
		}
		if e.from != 0 {
			in.PortRange = &types.PortRange{From: aws.Int32(e.from), To: aws.Int32(e.to)}
		}
		must[*ec2.CreateNetworkAclEntryOutput](t, fmt.Sprintf("CreateNetworkAclEntry %d egress=%v", e.n, e.egress))(c.CreateNetworkAclEntry(ctx, in))
	}
	_, err := c.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(100), Egress: aws.Bool(false), Protocol: aws.String("6"), RuleAction: types.RuleActionAllow, CidrBlock: aws.String("10.0.0.0/8"), PortRange: &types.PortRange{From: aws.Int32(80), To: aws.Int32(80)}})
	wantCode(t, "CreateNetworkAclEntry duplicate", err, "NetworkAclEntryAlreadyExists")
	_, err = c.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(32767), Egress: aws.Bool(false), Protocol: aws.String("-1"), RuleAction: types.RuleActionAllow, CidrBlock: aws.String("10.0.0.0/8")})
	wantCode(t, "CreateNetworkAclEntry 32767", err, "InvalidParameterValue")

	must[*ec2.ReplaceNetworkAclEntryOutput](t, "ReplaceNetworkAclEntry")(c.ReplaceNetworkAclEntry(ctx, &ec2.ReplaceNetworkAclEntryInput{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(100), Egress: aws.Bool(false), Protocol: aws.String("6"), RuleAction: types.RuleActionAllow, CidrBlock: aws.String("0.0.0.0/0"), PortRange: &types.PortRange{From: aws.Int32(8443), To: aws.Int32(8443)}}))
	_, err = c.ReplaceNetworkAclEntry(ctx, &ec2.ReplaceNetworkAclEntryInput{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(200), Egress: aws.Bool(false), Protocol: aws.String("6"), RuleAction: types.RuleActionAllow, CidrBlock: aws.String("0.0.0.0/0"), PortRange: &types.PortRange{From: aws.Int32(1), To: aws.Int32(1)}})
	wantCode(t, "ReplaceNetworkAclEntry missing", err, "InvalidNetworkAclEntry.NotFound")
	d := must[*ec2.DescribeNetworkAclsOutput](t, "DescribeNetworkAcls")(c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{acl}}))
	if len(d.NetworkAcls) != 1 {
		t.Fatalf("DescribeNetworkAcls %s: %d", acl, len(d.NetworkAcls))
	}
	var sawICMP, saw8443, sawV6 bool
	for _, e := range d.NetworkAcls[0].Entries {
		switch {
		case aws.ToInt32(e.RuleNumber) == 100 && !aws.ToBool(e.Egress):
			saw8443 = e.PortRange != nil && aws.ToInt32(e.PortRange.From) == 8443
		case aws.ToInt32(e.RuleNumber) == 130:
			sawICMP = e.IcmpTypeCode != nil && aws.ToInt32(e.IcmpTypeCode.Type) == 8 && aws.ToString(e.Protocol) == "1"
		case aws.ToInt32(e.RuleNumber) == 120:
			sawV6 = aws.ToString(e.Ipv6CidrBlock) == "::/0"
		}
	}
	if !saw8443 || !sawICMP || !sawV6 {
		t.Errorf("entries after replace: 8443 %v icmp %v v6 %v: %+v", saw8443, sawICMP, sawV6, d.NetworkAcls[0].Entries)
	}
	ef := must[*ec2.DescribeNetworkAclsOutput](t, "DescribeNetworkAcls entry filters")(c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{filter("entry.rule-number", "130"), filter("vpc-id", vpc)}}))
	if len(ef.NetworkAcls) != 1 {
		t.Errorf("entry.rule-number=130: %d", len(ef.NetworkAcls))
	}

	// Move the subnet to the custom NACL and back.
	rep := must[*ec2.ReplaceNetworkAclAssociationOutput](t, "ReplaceNetworkAclAssociation")(c.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{AssociationId: aws.String(assoc), NetworkAclId: aws.String(acl)}))
	now := must[*ec2.DescribeNetworkAclsOutput](t, "DescribeNetworkAcls association.subnet-id")(c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{filter("association.subnet-id", sn)}}))
	if len(now.NetworkAcls) != 1 || aws.ToString(now.NetworkAcls[0].NetworkAclId) != acl {
		t.Errorf("subnet's NACL after replace: %+v", now.NetworkAcls)
	}
	_, err = c.DeleteNetworkAcl(ctx, &ec2.DeleteNetworkAclInput{NetworkAclId: aws.String(acl)})
	wantCode(t, "DeleteNetworkAcl associated", err, "DependencyViolation")
	must[*ec2.ReplaceNetworkAclAssociationOutput](t, "ReplaceNetworkAclAssociation back")(c.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{AssociationId: rep.NewAssociationId, NetworkAclId: aws.String(defACL)}))

	must[*ec2.DeleteNetworkAclEntryOutput](t, "DeleteNetworkAclEntry")(c.DeleteNetworkAclEntry(ctx, &ec2.DeleteNetworkAclEntryInput{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(90), Egress: aws.Bool(false)}))
	_, err = c.DeleteNetworkAclEntry(ctx, &ec2.DeleteNetworkAclEntryInput{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(90), Egress: aws.Bool(false)})
	wantCode(t, "DeleteNetworkAclEntry twice", err, "InvalidNetworkAclEntry.NotFound")
	_, err = c.DeleteNetworkAcl(ctx, &ec2.DeleteNetworkAclInput{NetworkAclId: aws.String(defACL)})
	if err == nil {
		t.Errorf("the default NACL was deleted")
	}
	must[*ec2.DeleteNetworkAclOutput](t, "DeleteNetworkAcl")(c.DeleteNetworkAcl(ctx, &ec2.DeleteNetworkAclInput{NetworkAclId: aws.String(acl)}))
	_, err = c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{acl}})
	wantCode(t, "DescribeNetworkAcls deleted", err, "InvalidNetworkAclID.NotFound")
}
