package ec2_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestNetworkAclWire walks the Terraform aws_network_acl, aws_network_acl_rule
// and aws_default_network_acl flows (ec2-api-surface.md §2) with the Go SDK.
func TestNetworkAclWire(t *testing.T) {
	ctx := context.Background()
	c := newSecurityGroupTestClient(t)
	vo, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), AmazonProvidedIpv6CidrBlock: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	vpc := aws.ToString(vo.Vpc.VpcId)
	so, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc), CidrBlock: aws.String("10.0.1.0/24")})
	if err != nil {
		t.Fatal(err)
	}
	subnet := aws.ToString(so.Subnet.SubnetId)

	co, err := c.CreateNetworkAcl(ctx, &ec2.CreateNetworkAclInput{VpcId: aws.String(vpc), ClientToken: aws.String("tok-1"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeNetworkAcl, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("custom")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	acl := aws.ToString(co.NetworkAcl.NetworkAclId)
	if aws.ToBool(co.NetworkAcl.IsDefault) || len(co.NetworkAcl.Entries) != 4 || len(co.NetworkAcl.Tags) != 1 {
		t.Fatalf("create = %+v", co.NetworkAcl)
	}
	// The `*` rules: 32767 for IPv4, 32768 for IPv6, all deny.
	nums := map[int32]bool{}
	for _, e := range co.NetworkAcl.Entries {
		nums[aws.ToInt32(e.RuleNumber)] = true
		if e.RuleAction != types.RuleActionDeny || aws.ToString(e.Protocol) != "-1" {
			t.Errorf("entry %+v", e)
		}
	}
	if !nums[32767] || !nums[32768] {
		t.Fatalf("rule numbers %v", nums)
	}
	again, err := c.CreateNetworkAcl(ctx, &ec2.CreateNetworkAclInput{VpcId: aws.String(vpc), ClientToken: aws.String("tok-1"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeNetworkAcl, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("custom")}}}}})
	if err != nil || aws.ToString(again.NetworkAcl.NetworkAclId) != acl {
		t.Fatalf("idempotent create: %v", err)
	}

	// Entries as Terraform sends them: protocol numbers, PortRange, Icmp.
	for _, in := range []*ec2.CreateNetworkAclEntryInput{
		{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(100), Protocol: aws.String("6"), RuleAction: types.RuleActionAllow, Egress: aws.Bool(false), CidrBlock: aws.String("0.0.0.0/0"), PortRange: &types.PortRange{From: aws.Int32(1024), To: aws.Int32(65535)}},
		{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(100), Protocol: aws.String("6"), RuleAction: types.RuleActionAllow, Egress: aws.Bool(true), CidrBlock: aws.String("0.0.0.0/0"), PortRange: &types.PortRange{From: aws.Int32(443), To: aws.Int32(443)}},
		{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(110), Protocol: aws.String("1"), RuleAction: types.RuleActionAllow, Egress: aws.Bool(false), CidrBlock: aws.String("10.0.0.0/8"), IcmpTypeCode: &types.IcmpTypeCode{Type: aws.Int32(8), Code: aws.Int32(0)}},
		{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(120), Protocol: aws.String("udp"), RuleAction: types.RuleActionDeny, Egress: aws.Bool(false), Ipv6CidrBlock: aws.String("::/0"), PortRange: &types.PortRange{From: aws.Int32(53), To: aws.Int32(53)}},
	} {
		if _, err := c.CreateNetworkAclEntry(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	_, err = c.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(100), Protocol: aws.String("-1"), RuleAction: types.RuleActionAllow, Egress: aws.Bool(false), CidrBlock: aws.String("0.0.0.0/0")})
	sgWantCode(t, err, "NetworkAclEntryAlreadyExists")
	_, err = c.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(32767), Protocol: aws.String("-1"), RuleAction: types.RuleActionAllow, Egress: aws.Bool(false), CidrBlock: aws.String("0.0.0.0/0")})
	sgWantCode(t, err, "InvalidParameterValue")

	// aws_network_acl_rule's read: NetworkAclId.1 + entry.egress + entry.rule-number.
	do, err := c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{acl}, Filters: []types.Filter{
		{Name: aws.String("entry.egress"), Values: []string{"false"}}, {Name: aws.String("entry.rule-number"), Values: []string{"110"}},
	}})
	if err != nil || len(do.NetworkAcls) != 1 {
		t.Fatalf("entry filters: %v", err)
	}
	var icmp, udp *types.NetworkAclEntry
	for i, e := range do.NetworkAcls[0].Entries {
		switch aws.ToInt32(e.RuleNumber) {
		case 110:
			icmp = &do.NetworkAcls[0].Entries[i]
		case 120:
			udp = &do.NetworkAcls[0].Entries[i]
		}
	}
	if icmp == nil || icmp.IcmpTypeCode == nil || aws.ToInt32(icmp.IcmpTypeCode.Type) != 8 || aws.ToString(icmp.Protocol) != "1" || icmp.PortRange != nil {
		t.Fatalf("icmp entry %+v", icmp)
	}
	if udp == nil || aws.ToString(udp.Protocol) != "17" || aws.ToString(udp.Ipv6CidrBlock) != "::/0" || aws.ToInt32(udp.PortRange.From) != 53 {
		t.Fatalf("udp entry %+v", udp)
	}
	do, err = c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{acl}, Filters: []types.Filter{{Name: aws.String("entry.rule-number"), Values: []string{"999"}}}})
	if err != nil || len(do.NetworkAcls) != 0 {
		t.Fatalf("non-matching filter: %v %d", err, len(do.NetworkAcls))
	}

	// The subnet's current association, then the move (Terraform's flow).
	do, err = c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{{Name: aws.String("association.subnet-id"), Values: []string{subnet}}}})
	if err != nil || len(do.NetworkAcls) != 1 || !aws.ToBool(do.NetworkAcls[0].IsDefault) {
		t.Fatalf("association lookup: %v %+v", err, do)
	}
	defACL := aws.ToString(do.NetworkAcls[0].NetworkAclId)
	var assoc string
	for _, a := range do.NetworkAcls[0].Associations {
		if aws.ToString(a.SubnetId) == subnet {
			assoc = aws.ToString(a.NetworkAclAssociationId)
			if aws.ToString(a.NetworkAclId) != defACL {
				t.Errorf("association %+v", a)
			}
		}
	}
	ro, err := c.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{AssociationId: aws.String(assoc), NetworkAclId: aws.String(acl)})
	if err != nil || aws.ToString(ro.NewAssociationId) == "" || aws.ToString(ro.NewAssociationId) == assoc {
		t.Fatalf("replace association: %v %+v", err, ro)
	}
	_, err = c.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{AssociationId: aws.String(assoc), NetworkAclId: aws.String(acl)})
	sgWantCode(t, err, "InvalidAssociationID.NotFound")
	_, err = c.DeleteNetworkAcl(ctx, &ec2.DeleteNetworkAclInput{NetworkAclId: aws.String(acl)})
	sgWantCode(t, err, "DependencyViolation")

	// default=true + vpc-id (aws_vpc read and aws_default_network_acl).
	do, err = c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{{Name: aws.String("default"), Values: []string{"true"}}, {Name: aws.String("vpc-id"), Values: []string{vpc}}}})
	if err != nil || len(do.NetworkAcls) != 1 || aws.ToString(do.NetworkAcls[0].NetworkAclId) != defACL {
		t.Fatalf("default lookup: %v", err)
	}
	// aws_default_network_acl deletes every entry but the `*` ones.
	for _, e := range do.NetworkAcls[0].Entries {
		n := aws.ToInt32(e.RuleNumber)
		if n == 32767 || n == 32768 {
			continue
		}
		if _, err := c.DeleteNetworkAclEntry(ctx, &ec2.DeleteNetworkAclEntryInput{NetworkAclId: aws.String(defACL), RuleNumber: aws.Int32(n), Egress: e.Egress}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = c.DeleteNetworkAclEntry(ctx, &ec2.DeleteNetworkAclEntryInput{NetworkAclId: aws.String(defACL), RuleNumber: aws.Int32(100), Egress: aws.Bool(false)})
	sgWantCode(t, err, "InvalidNetworkAclEntry.NotFound")
	if _, err := c.ReplaceNetworkAclEntry(ctx, &ec2.ReplaceNetworkAclEntryInput{NetworkAclId: aws.String(acl), RuleNumber: aws.Int32(100), Protocol: aws.String("-1"), RuleAction: types.RuleActionDeny, Egress: aws.Bool(false), CidrBlock: aws.String("0.0.0.0/0")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteNetworkAcl(ctx, &ec2.DeleteNetworkAclInput{NetworkAclId: aws.String(defACL)})
	sgWantCode(t, err, "InvalidParameterValue")

	// Back to the default ACL, then the custom one can go.
	do, _ = c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{{Name: aws.String("association.subnet-id"), Values: []string{subnet}}}})
	if _, err := c.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{AssociationId: do.NetworkAcls[0].Associations[0].NetworkAclAssociationId, NetworkAclId: aws.String(defACL)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteNetworkAcl(ctx, &ec2.DeleteNetworkAclInput{NetworkAclId: aws.String(acl)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{acl}})
	sgWantCode(t, err, "InvalidNetworkAclID.NotFound")
	_, err = c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{{Name: aws.String("entry.bogus"), Values: []string{"x"}}}})
	sgWantCode(t, err, "InvalidParameterValue")
}
