package e2e

import (
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func TestSDKDhcpOptions(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	v := createVPC(t, ctx, c, "10.0.0.0/16", false)
	vpc := aws.ToString(v.VpcId)
	defaultDopt := aws.ToString(describeVPC(t, ctx, c, vpc).DhcpOptionsId)

	def := must[*ec2.DescribeDhcpOptionsOutput](t, "DescribeDhcpOptions default")(c.DescribeDhcpOptions(ctx, &ec2.DescribeDhcpOptionsInput{DhcpOptionsIds: []string{defaultDopt}}))
	if len(def.DhcpOptions) != 1 {
		t.Fatalf("default DHCP options %s: %+v", defaultDopt, def.DhcpOptions)
	}
	conf := dhcpConf(def.DhcpOptions[0])
	if conf["domain-name"] != "ec2.internal" || conf["domain-name-servers"] != "AmazonProvidedDNS" {
		t.Errorf("default DHCP options: %v", conf)
	}

	out := must[*ec2.CreateDhcpOptionsOutput](t, "CreateDhcpOptions")(c.CreateDhcpOptions(ctx, &ec2.CreateDhcpOptionsInput{
		DhcpConfigurations: []types.NewDhcpConfiguration{
			{Key: aws.String("domain-name"), Values: []string{"corp.example"}},
			{Key: aws.String("domain-name-servers"), Values: []string{"10.0.0.2", "10.0.0.3"}},
			{Key: aws.String("ntp-servers"), Values: []string{"169.254.169.123"}},
		},
		TagSpecifications: tagSpec(types.ResourceTypeDhcpOptions, "Name", "corp"),
	}))
	dopt := aws.ToString(out.DhcpOptions.DhcpOptionsId)
	conf = dhcpConf(*out.DhcpOptions)
	if conf["domain-name"] != "corp.example" || conf["domain-name-servers"] != "10.0.0.2,10.0.0.3" || conf["ntp-servers"] != "169.254.169.123" {
		t.Errorf("created DHCP options: %v", conf)
	}
	_, err := c.CreateDhcpOptions(ctx, &ec2.CreateDhcpOptionsInput{DhcpConfigurations: []types.NewDhcpConfiguration{{Key: aws.String("no-such-key"), Values: []string{"x"}}}})
	wantCode(t, "CreateDhcpOptions unknown key", err, "InvalidParameterValue")

	must[*ec2.AssociateDhcpOptionsOutput](t, "AssociateDhcpOptions")(c.AssociateDhcpOptions(ctx, &ec2.AssociateDhcpOptionsInput{DhcpOptionsId: aws.String(dopt), VpcId: aws.String(vpc)}))
	if got := aws.ToString(describeVPC(t, ctx, c, vpc).DhcpOptionsId); got != dopt {
		t.Errorf("VPC DHCP options %s, want %s", got, dopt)
	}
	byVpc := must[*ec2.DescribeVpcsOutput](t, "DescribeVpcs dhcp-options-id")(c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []types.Filter{filter("dhcp-options-id", dopt)}}))
	if len(byVpc.Vpcs) != 1 {
		t.Errorf("dhcp-options-id filter: %d VPCs", len(byVpc.Vpcs))
	}
	f := must[*ec2.DescribeDhcpOptionsOutput](t, "DescribeDhcpOptions filters")(c.DescribeDhcpOptions(ctx, &ec2.DescribeDhcpOptionsInput{Filters: []types.Filter{filter("key", "domain-name"), filter("value", "corp.*")}}))
	if len(f.DhcpOptions) != 1 || aws.ToString(f.DhcpOptions[0].DhcpOptionsId) != dopt {
		t.Errorf("key/value filters: %+v", f.DhcpOptions)
	}
	_, err = c.DeleteDhcpOptions(ctx, &ec2.DeleteDhcpOptionsInput{DhcpOptionsId: aws.String(dopt)})
	wantCode(t, "DeleteDhcpOptions in use", err, "DependencyViolation")

	// "default" associates no DHCP options: the VPC then shows "default".
	must[*ec2.AssociateDhcpOptionsOutput](t, "AssociateDhcpOptions default")(c.AssociateDhcpOptions(ctx, &ec2.AssociateDhcpOptionsInput{DhcpOptionsId: aws.String("default"), VpcId: aws.String(vpc)}))
	if got := aws.ToString(describeVPC(t, ctx, c, vpc).DhcpOptionsId); got != "default" {
		t.Errorf("VPC DHCP options after associating \"default\": %s", got)
	}
	must[*ec2.DeleteDhcpOptionsOutput](t, "DeleteDhcpOptions")(c.DeleteDhcpOptions(ctx, &ec2.DeleteDhcpOptionsInput{DhcpOptionsId: aws.String(dopt)}))
	_, err = c.DescribeDhcpOptions(ctx, &ec2.DescribeDhcpOptionsInput{DhcpOptionsIds: []string{dopt}})
	wantCode(t, "DescribeDhcpOptions deleted", err, "InvalidDhcpOptionID.NotFound")
}

func dhcpConf(d types.DhcpOptions) map[string]string {
	m := map[string]string{}
	for _, c := range d.DhcpConfigurations {
		var vs []string
		for _, v := range c.Values {
			vs = append(vs, aws.ToString(v.Value))
		}
		sort.Strings(vs)
		s := ""
		for i, v := range vs {
			if i > 0 {
				s += ","
			}
			s += v
		}
		m[aws.ToString(c.Key)] = s
	}
	return m
}

func TestSDKPrefixLists(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)

	// AWS-managed lists for the gateway-endpoint services.
	pls := must[*ec2.DescribePrefixListsOutput](t, "DescribePrefixLists")(c.DescribePrefixLists(ctx, &ec2.DescribePrefixListsInput{}))
	names := map[string]bool{}
	for _, p := range pls.PrefixLists {
		names[aws.ToString(p.PrefixListName)] = true
		if len(p.Cidrs) == 0 {
			t.Errorf("prefix list %s has no CIDRs", aws.ToString(p.PrefixListName))
		}
	}
	for _, want := range []string{"com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.dynamodb"} {
		if !names[want] {
			t.Errorf("DescribePrefixLists lacks %s", want)
		}
	}
	aws1 := must[*ec2.DescribeManagedPrefixListsOutput](t, "DescribeManagedPrefixLists owner-id")(c.DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{Filters: []types.Filter{filter("owner-id", "AWS")}}))
	if len(aws1.PrefixLists) != 2 {
		t.Errorf("AWS-owned managed prefix lists: %d", len(aws1.PrefixLists))
	}

	out := must[*ec2.CreateManagedPrefixListOutput](t, "CreateManagedPrefixList")(c.CreateManagedPrefixList(ctx, &ec2.CreateManagedPrefixListInput{
		PrefixListName: aws.String("office"), AddressFamily: aws.String("IPv4"), MaxEntries: aws.Int32(5),
		Entries: []types.AddPrefixListEntry{
			{Cidr: aws.String("203.0.113.0/24"), Description: aws.String("hq")},
			{Cidr: aws.String("198.51.100.0/24")},
		},
		TagSpecifications: tagSpec(types.ResourceTypePrefixList, "Name", "office"),
	}))
	id := aws.ToString(out.PrefixList.PrefixListId)
	if aws.ToInt64(out.PrefixList.Version) != 1 || aws.ToString(out.PrefixList.OwnerId) != testAccount || aws.ToString(out.PrefixList.PrefixListArn) == "" {
		t.Errorf("CreateManagedPrefixList: %+v", out.PrefixList)
	}
	d := must[*ec2.DescribeManagedPrefixListsOutput](t, "DescribeManagedPrefixLists")(c.DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{PrefixListIds: []string{id}}))
	if len(d.PrefixLists) != 1 || d.PrefixLists[0].State != types.PrefixListStateCreateComplete || tagMap(d.PrefixLists[0].Tags)["Name"] != "office" {
		t.Errorf("DescribeManagedPrefixLists: %+v", d.PrefixLists)
	}
	entries := must[*ec2.GetManagedPrefixListEntriesOutput](t, "GetManagedPrefixListEntries")(c.GetManagedPrefixListEntries(ctx, &ec2.GetManagedPrefixListEntriesInput{PrefixListId: aws.String(id)}))
	if len(entries.Entries) != 2 {
		t.Errorf("entries: %+v", entries.Entries)
	}

	mod := must[*ec2.ModifyManagedPrefixListOutput](t, "ModifyManagedPrefixList")(c.ModifyManagedPrefixList(ctx, &ec2.ModifyManagedPrefixListInput{
		PrefixListId: aws.String(id), CurrentVersion: aws.Int64(1),
		AddEntries:    []types.AddPrefixListEntry{{Cidr: aws.String("192.0.2.0/24"), Description: aws.String("lab")}},
		RemoveEntries: []types.RemovePrefixListEntry{{Cidr: aws.String("198.51.100.0/24")}},
	}))
	if mod.PrefixList == nil {
		t.Fatalf("ModifyManagedPrefixList returned no prefix list")
	}
	d = must[*ec2.DescribeManagedPrefixListsOutput](t, "DescribeManagedPrefixLists after modify")(c.DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{PrefixListIds: []string{id}}))
	if len(d.PrefixLists) != 1 || aws.ToInt64(d.PrefixLists[0].Version) != 2 || d.PrefixLists[0].State != types.PrefixListStateModifyComplete {
		t.Errorf("after modify: %+v", d.PrefixLists)
	}
	_, err := c.ModifyManagedPrefixList(ctx, &ec2.ModifyManagedPrefixListInput{PrefixListId: aws.String(id), CurrentVersion: aws.Int64(1), AddEntries: []types.AddPrefixListEntry{{Cidr: aws.String("192.0.3.0/24")}}})
	if err == nil {
		t.Errorf("ModifyManagedPrefixList with a stale CurrentVersion succeeded")
	}
	v1 := must[*ec2.GetManagedPrefixListEntriesOutput](t, "GetManagedPrefixListEntries version 1")(c.GetManagedPrefixListEntries(ctx, &ec2.GetManagedPrefixListEntriesInput{PrefixListId: aws.String(id), TargetVersion: aws.Int64(1)}))
	if len(v1.Entries) != 2 {
		t.Errorf("version 1 entries: %+v", v1.Entries)
	}
	var many []types.AddPrefixListEntry
	for _, cidr := range []string{"10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16"} {
		many = append(many, types.AddPrefixListEntry{Cidr: aws.String(cidr)})
	}
	_, err = c.ModifyManagedPrefixList(ctx, &ec2.ModifyManagedPrefixListInput{PrefixListId: aws.String(id), CurrentVersion: aws.Int64(2), AddEntries: many})
	if err == nil {
		t.Errorf("ModifyManagedPrefixList past MaxEntries succeeded")
	}

	// A route and an SG rule may reference it; then it cannot go.
	vpc := aws.ToString(createVPC(t, ctx, c, "10.0.0.0/16", false).VpcId)
	sg := must[*ec2.CreateSecurityGroupOutput](t, "CreateSecurityGroup")(c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("pl"), Description: aws.String("pl"), VpcId: aws.String(vpc)}))
	perm := tcp(22, 22)
	perm.PrefixListIds = []types.PrefixListId{{PrefixListId: aws.String(id)}}
	must[*ec2.AuthorizeSecurityGroupIngressOutput](t, "AuthorizeSecurityGroupIngress prefix list")(c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sg.GroupId, IpPermissions: []types.IpPermission{perm}}))
	_, err = c.DeleteManagedPrefixList(ctx, &ec2.DeleteManagedPrefixListInput{PrefixListId: aws.String(id)})
	if err == nil {
		t.Errorf("a prefix list referenced by a security group rule was deleted")
	}
	must[*ec2.RevokeSecurityGroupIngressOutput](t, "RevokeSecurityGroupIngress")(c.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: sg.GroupId, IpPermissions: []types.IpPermission{perm}}))

	must[*ec2.DeleteManagedPrefixListOutput](t, "DeleteManagedPrefixList")(c.DeleteManagedPrefixList(ctx, &ec2.DeleteManagedPrefixListInput{PrefixListId: aws.String(id)}))
	d, err = c.DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{PrefixListIds: []string{id}})
	if err == nil && len(d.PrefixLists) == 1 && d.PrefixLists[0].State != types.PrefixListStateDeleteComplete {
		t.Errorf("deleted prefix list: %+v", d.PrefixLists)
	} else if err != nil && errorCode(err) != "InvalidPrefixListID.NotFound" {
		t.Errorf("DescribeManagedPrefixLists deleted: %s", describeErr(err))
	}
	_, err = c.DeleteManagedPrefixList(ctx, &ec2.DeleteManagedPrefixListInput{PrefixListId: aws1.PrefixLists[0].PrefixListId})
	if err == nil {
		t.Errorf("an AWS-managed prefix list was deleted")
	}
}
