package e2e

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// One test per operation family, each against its own server, so a failure
// names the family. The SDK is aws-sdk-go-v2, unchanged.

func filter(name string, values ...string) types.Filter {
	return types.Filter{Name: aws.String(name), Values: values}
}

func tagSpec(resourceType types.ResourceType, kv ...string) []types.TagSpecification {
	ts := types.TagSpecification{ResourceType: resourceType}
	for i := 0; i+1 < len(kv); i += 2 {
		ts.Tags = append(ts.Tags, types.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return []types.TagSpecification{ts}
}

// createVPC creates a VPC (with an Amazon-provided IPv6 /56 when ipv6).
func createVPC(t *testing.T, ctx context.Context, c *ec2.Client, cidr string, ipv6 bool) types.Vpc {
	t.Helper()
	out := must[*ec2.CreateVpcOutput](t, "CreateVpc "+cidr)(c.CreateVpc(ctx, &ec2.CreateVpcInput{
		CidrBlock:                   aws.String(cidr),
		AmazonProvidedIpv6CidrBlock: aws.Bool(ipv6),
	}))
	return *out.Vpc
}

// describeVPC reads one VPC by id.
func describeVPC(t *testing.T, ctx context.Context, c *ec2.Client, id string) types.Vpc {
	t.Helper()
	out := must[*ec2.DescribeVpcsOutput](t, "DescribeVpcs "+id)(c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{id}}))
	if len(out.Vpcs) != 1 || aws.ToString(out.Vpcs[0].VpcId) != id {
		t.Fatalf("DescribeVpcs %s: got %d VPCs", id, len(out.Vpcs))
	}
	return out.Vpcs[0]
}

func vpcIPv6(v types.Vpc) string {
	for _, a := range v.Ipv6CidrBlockAssociationSet {
		if a.Ipv6CidrBlockState != nil && a.Ipv6CidrBlockState.State == types.VpcCidrBlockStateCodeAssociated {
			return aws.ToString(a.Ipv6CidrBlock)
		}
	}
	return ""
}

// subnet6 returns the n-th /64 of a /56.
func subnet6(t *testing.T, block string, n int) string {
	t.Helper()
	p, err := netip.ParsePrefix(block)
	if err != nil || p.Bits() != 56 {
		t.Fatalf("IPv6 block %q is not a /56", block)
	}
	a := p.Addr().As16()
	a[7] = byte(n)
	return netip.PrefixFrom(netip.AddrFrom16(a), 64).String()
}

func TestSDKSTS(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	ctx := testCtx(t)
	out := must[*sts.GetCallerIdentityOutput](t, "GetCallerIdentity")(srv.stsClient().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	if aws.ToString(out.Account) != testAccount {
		t.Errorf("Account = %q, want %s", aws.ToString(out.Account), testAccount)
	}
	if !strings.HasPrefix(aws.ToString(out.Arn), "arn:aws:") || aws.ToString(out.UserId) == "" {
		t.Errorf("Arn = %q, UserId = %q", aws.ToString(out.Arn), aws.ToString(out.UserId))
	}
}

func TestSDKRegionsAndZones(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)

	regions := must[*ec2.DescribeRegionsOutput](t, "DescribeRegions")(c.DescribeRegions(ctx, &ec2.DescribeRegionsInput{}))
	names := map[string]bool{}
	for _, r := range regions.Regions {
		names[aws.ToString(r.RegionName)] = true
		if aws.ToString(r.Endpoint) == "" {
			t.Errorf("region %s has no endpoint", aws.ToString(r.RegionName))
		}
	}
	for _, want := range []string{"us-east-1", "us-west-2", "eu-west-1"} {
		if !names[want] {
			t.Errorf("DescribeRegions lacks %s", want)
		}
	}
	one := must[*ec2.DescribeRegionsOutput](t, "DescribeRegions region-name filter")(c.DescribeRegions(ctx, &ec2.DescribeRegionsInput{Filters: []types.Filter{filter("region-name", "eu-*")}}))
	for _, r := range one.Regions {
		if !strings.HasPrefix(aws.ToString(r.RegionName), "eu-") {
			t.Errorf("region-name=eu-* returned %s", aws.ToString(r.RegionName))
		}
	}

	zones := must[*ec2.DescribeAvailabilityZonesOutput](t, "DescribeAvailabilityZones")(c.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{}))
	if len(zones.AvailabilityZones) < 2 {
		t.Fatalf("us-east-1 has %d zones", len(zones.AvailabilityZones))
	}
	for _, z := range zones.AvailabilityZones {
		if aws.ToString(z.RegionName) != testRegion || !strings.HasPrefix(aws.ToString(z.ZoneName), testRegion) ||
			!strings.HasPrefix(aws.ToString(z.ZoneId), "use1-az") || z.State != types.AvailabilityZoneStateAvailable {
			t.Errorf("zone %s / %s in %s, state %s", aws.ToString(z.ZoneName), aws.ToString(z.ZoneId), aws.ToString(z.RegionName), z.State)
		}
	}
	byID := must[*ec2.DescribeAvailabilityZonesOutput](t, "DescribeAvailabilityZones zone-id")(c.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{ZoneIds: []string{aws.ToString(zones.AvailabilityZones[0].ZoneId)}}))
	if len(byID.AvailabilityZones) != 1 || aws.ToString(byID.AvailabilityZones[0].ZoneName) != aws.ToString(zones.AvailabilityZones[0].ZoneName) {
		t.Errorf("ZoneIds lookup: %+v", byID.AvailabilityZones)
	}
	// Terraform's data.aws_availability_zones sends this filter.
	must[*ec2.DescribeAvailabilityZonesOutput](t, "DescribeAvailabilityZones opt-in-status")(c.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{
		AllAvailabilityZones: aws.Bool(true),
		Filters:              []types.Filter{filter("opt-in-status", "opt-in-not-required")},
	}))

	attrs := must[*ec2.DescribeAccountAttributesOutput](t, "DescribeAccountAttributes")(c.DescribeAccountAttributes(ctx, &ec2.DescribeAccountAttributesInput{}))
	found := map[string]bool{}
	for _, a := range attrs.AccountAttributes {
		found[aws.ToString(a.AttributeName)] = true
	}
	for _, want := range []string{"supported-platforms", "default-vpc"} {
		if !found[want] {
			t.Errorf("DescribeAccountAttributes lacks %s", want)
		}
	}

	// Another region is another world with its own default VPC.
	west := ec2.New(ec2.Options{Region: "us-west-2", BaseEndpoint: aws.String(srv.URL), Credentials: c.Options().Credentials, RetryMaxAttempts: 3})
	wz := must[*ec2.DescribeAvailabilityZonesOutput](t, "DescribeAvailabilityZones us-west-2")(west.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{}))
	for _, z := range wz.AvailabilityZones {
		if !strings.HasPrefix(aws.ToString(z.ZoneName), "us-west-2") || !strings.HasPrefix(aws.ToString(z.ZoneId), "usw2-az") {
			t.Errorf("us-west-2 zone %s / %s", aws.ToString(z.ZoneName), aws.ToString(z.ZoneId))
		}
	}
	wv := must[*ec2.DescribeVpcsOutput](t, "DescribeVpcs us-west-2")(west.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{}))
	ev := must[*ec2.DescribeVpcsOutput](t, "DescribeVpcs us-east-1")(c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{}))
	if len(wv.Vpcs) != 1 || len(ev.Vpcs) != 1 || aws.ToString(wv.Vpcs[0].VpcId) == aws.ToString(ev.Vpcs[0].VpcId) {
		t.Errorf("us-west-2 and us-east-1 should each have their own default VPC")
	}
}

func TestSDKVpcs(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)

	// The default VPC (Terraform's aws_default_vpc uses the legacy isDefault filter).
	def := must[*ec2.DescribeVpcsOutput](t, "DescribeVpcs isDefault")(c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []types.Filter{filter("isDefault", "true")}}))
	if len(def.Vpcs) != 1 || aws.ToString(def.Vpcs[0].CidrBlock) != "172.31.0.0/16" {
		t.Fatalf("default VPC: %+v", def.Vpcs)
	}

	out := must[*ec2.CreateVpcOutput](t, "CreateVpc")(c.CreateVpc(ctx, &ec2.CreateVpcInput{
		CidrBlock:                   aws.String("10.0.0.0/16"),
		AmazonProvidedIpv6CidrBlock: aws.Bool(true),
		TagSpecifications:           tagSpec(types.ResourceTypeVpc, "Name", "e2e-main", "env", "test"),
	}))
	id := aws.ToString(out.Vpc.VpcId)
	if !strings.HasPrefix(id, "vpc-") || len(id) != len("vpc-")+17 {
		t.Errorf("VPC id %q does not look like AWS's", id)
	}
	if out.Vpc.State != types.VpcStatePending && out.Vpc.State != types.VpcStateAvailable {
		t.Errorf("CreateVpc state %q", out.Vpc.State)
	}
	v := describeVPC(t, ctx, c, id)
	if v.State != types.VpcStateAvailable || aws.ToBool(v.IsDefault) || aws.ToString(v.OwnerId) != testAccount ||
		aws.ToString(v.DhcpOptionsId) == "" || v.InstanceTenancy != types.TenancyDefault {
		t.Errorf("described VPC: state %s default %v owner %s dopt %s tenancy %s", v.State, aws.ToBool(v.IsDefault), aws.ToString(v.OwnerId), aws.ToString(v.DhcpOptionsId), v.InstanceTenancy)
	}
	if got := tagMap(v.Tags); got["Name"] != "e2e-main" || got["env"] != "test" {
		t.Errorf("tags %v", got)
	}
	v6 := vpcIPv6(v)
	if p, err := netip.ParsePrefix(v6); err != nil || p.Bits() != 56 {
		t.Errorf("IPv6 block %q, want an associated /56", v6)
	}

	// Filters: tag:Name with a wildcard, cidr, and an unknown filter name.
	for _, f := range [][]types.Filter{
		{filter("tag:Name", "e2e-*")},
		{filter("tag:Name", "e2e-mai?")},
		{filter("cidr", "10.0.0.0/16"), filter("state", "available")},
		{filter("tag-key", "env")},
		{filter("ipv6-cidr-block-association.ipv6-cidr-block", v6)},
	} {
		got := must[*ec2.DescribeVpcsOutput](t, fmt.Sprintf("DescribeVpcs %s", aws.ToString(f[0].Name)))(c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: f}))
		if len(got.Vpcs) != 1 || aws.ToString(got.Vpcs[0].VpcId) != id {
			t.Errorf("DescribeVpcs filter %s=%v: %d VPCs", aws.ToString(f[0].Name), f[0].Values, len(got.Vpcs))
		}
	}
	_, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []types.Filter{filter("no-such-filter", "x")}})
	wantCode(t, "DescribeVpcs unknown filter", err, "InvalidParameterValue")
	_, err = c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{"vpc-0123456789abcdef0"}})
	wantCode(t, "DescribeVpcs unknown id", err, "InvalidVpcID.NotFound")
	_, err = c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{"vpc-nothex"}})
	wantCode(t, "DescribeVpcs malformed id", err, "InvalidVpcID.Malformed")

	// Errors on create.
	_, err = c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/8")})
	wantCode(t, "CreateVpc /8", err, "InvalidVpc.Range")
	_, err = c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/29")})
	wantCode(t, "CreateVpc /29", err, "InvalidVpc.Range")
	_, err = c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/33")})
	wantCode(t, "CreateVpc /33", err, "InvalidParameterValue")
	_, err = c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.1.0.0/16"), DryRun: aws.Bool(true)})
	wantCode(t, "CreateVpc DryRun", err, "DryRunOperation")

	// Attributes.
	for _, attr := range []types.VpcAttributeName{types.VpcAttributeNameEnableDnsSupport, types.VpcAttributeNameEnableDnsHostnames, types.VpcAttributeNameEnableNetworkAddressUsageMetrics} {
		a := must[*ec2.DescribeVpcAttributeOutput](t, "DescribeVpcAttribute "+string(attr))(c.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: aws.String(id), Attribute: attr}))
		var got *types.AttributeBooleanValue
		want := false
		switch attr {
		case types.VpcAttributeNameEnableDnsSupport:
			got, want = a.EnableDnsSupport, true
		case types.VpcAttributeNameEnableDnsHostnames:
			got = a.EnableDnsHostnames
		default:
			got = a.EnableNetworkAddressUsageMetrics
		}
		if got == nil || aws.ToBool(got.Value) != want {
			t.Errorf("%s = %v, want %v", attr, got, want)
		}
	}
	must[*ec2.ModifyVpcAttributeOutput](t, "ModifyVpcAttribute")(c.ModifyVpcAttribute(ctx, &ec2.ModifyVpcAttributeInput{VpcId: aws.String(id), EnableDnsHostnames: &types.AttributeBooleanValue{Value: aws.Bool(true)}}))
	a := must[*ec2.DescribeVpcAttributeOutput](t, "DescribeVpcAttribute")(c.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: aws.String(id), Attribute: types.VpcAttributeNameEnableDnsHostnames}))
	if a.EnableDnsHostnames == nil || !aws.ToBool(a.EnableDnsHostnames.Value) {
		t.Errorf("enableDnsHostnames not set")
	}

	// Secondary CIDRs: up to 5 in all.
	var assocs []string
	for i := 1; i <= 4; i++ {
		o := must[*ec2.AssociateVpcCidrBlockOutput](t, "AssociateVpcCidrBlock")(c.AssociateVpcCidrBlock(ctx, &ec2.AssociateVpcCidrBlockInput{VpcId: aws.String(id), CidrBlock: aws.String(fmt.Sprintf("10.%d.0.0/16", i))}))
		assocs = append(assocs, aws.ToString(o.CidrBlockAssociation.AssociationId))
	}
	_, err = c.AssociateVpcCidrBlock(ctx, &ec2.AssociateVpcCidrBlockInput{VpcId: aws.String(id), CidrBlock: aws.String("10.9.0.0/16")})
	wantCode(t, "AssociateVpcCidrBlock sixth", err, "CidrLimitExceeded")
	v = describeVPC(t, ctx, c, id)
	if len(v.CidrBlockAssociationSet) != 5 {
		t.Errorf("%d CIDR associations, want 5", len(v.CidrBlockAssociationSet))
	}
	must[*ec2.DisassociateVpcCidrBlockOutput](t, "DisassociateVpcCidrBlock")(c.DisassociateVpcCidrBlock(ctx, &ec2.DisassociateVpcCidrBlockInput{AssociationId: aws.String(assocs[0])}))
	for _, as := range v.CidrBlockAssociationSet {
		if aws.ToString(as.CidrBlock) == "10.0.0.0/16" {
			_, err = c.DisassociateVpcCidrBlock(ctx, &ec2.DisassociateVpcCidrBlockInput{AssociationId: as.AssociationId})
			wantCode(t, "DisassociateVpcCidrBlock primary", err, "OperationNotPermitted")
		}
	}

	// Pagination: MaxResults 5 over 12 VPCs terminates, sees each once, and
	// the last page has no token.
	for i := 0; i < 11; i++ {
		createVPC(t, ctx, c, fmt.Sprintf("10.%d.0.0/16", 100+i), false)
	}
	seen := map[string]bool{}
	pages := 0
	p := ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(5)})
	for p.HasMorePages() && pages < 20 {
		page := must[*ec2.DescribeVpcsOutput](t, "DescribeVpcs page")(p.NextPage(ctx))
		pages++
		for _, v := range page.Vpcs {
			if seen[aws.ToString(v.VpcId)] {
				t.Errorf("VPC %s on two pages", aws.ToString(v.VpcId))
			}
			seen[aws.ToString(v.VpcId)] = true
		}
		if len(page.Vpcs) > 5 {
			t.Errorf("page of %d VPCs with MaxResults 5", len(page.Vpcs))
		}
	}
	if len(seen) != 13 || pages != 3 {
		t.Errorf("paginated %d VPCs in %d pages, want 13 in 3", len(seen), pages)
	}
	_, err = c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(4)})
	wantCode(t, "DescribeVpcs MaxResults 4", err, "InvalidParameterValue")

	// Delete: the main route table, default SG and NACL go with the VPC.
	must[*ec2.DeleteVpcOutput](t, "DeleteVpc")(c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(id)}))
	_, err = c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{id}})
	wantCode(t, "DescribeVpcs deleted", err, "InvalidVpcID.NotFound")
	_, err = c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(id)})
	wantCode(t, "DeleteVpc twice", err, "InvalidVpcID.NotFound")
}

// TestSDKVpcDefaults checks what CreateVpc creates with the VPC (it needs
// the route table, security group and network ACL Describes).
func TestSDKVpcDefaults(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	v := createVPC(t, ctx, c, "10.0.0.0/16", true)
	id := aws.ToString(v.VpcId)
	v6 := vpcIPv6(describeVPC(t, ctx, c, id))

	rts := must[*ec2.DescribeRouteTablesOutput](t, "DescribeRouteTables main")(c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("vpc-id", id), filter("association.main", "true")}}))
	if len(rts.RouteTables) != 1 {
		t.Errorf("%d main route tables", len(rts.RouteTables))
	} else {
		local := 0
		for _, r := range rts.RouteTables[0].Routes {
			if aws.ToString(r.GatewayId) == "local" {
				local++
				if r.Origin != types.RouteOriginCreateRouteTable || r.State != types.RouteStateActive {
					t.Errorf("local route origin %s state %s", r.Origin, r.State)
				}
				if d := routeDest(r); d != "10.0.0.0/16" && d != v6 {
					t.Errorf("local route to %s", d)
				}
			}
		}
		if local != 2 {
			t.Errorf("%d local routes, want 2 (IPv4 and IPv6)", local)
		}
	}

	sgs := must[*ec2.DescribeSecurityGroupsOutput](t, "DescribeSecurityGroups default")(c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{filter("vpc-id", id), filter("group-name", "default")}}))
	if len(sgs.SecurityGroups) != 1 {
		t.Errorf("%d default security groups", len(sgs.SecurityGroups))
	} else {
		g := sgs.SecurityGroups[0]
		if len(g.IpPermissions) != 1 || len(g.IpPermissions[0].UserIdGroupPairs) != 1 || aws.ToString(g.IpPermissions[0].UserIdGroupPairs[0].GroupId) != aws.ToString(g.GroupId) {
			t.Errorf("default SG ingress %+v, want one self-reference", g.IpPermissions)
		}
		if len(g.IpPermissionsEgress) != 1 || aws.ToString(g.IpPermissionsEgress[0].IpProtocol) != "-1" {
			t.Errorf("default SG egress %+v, want allow all", g.IpPermissionsEgress)
		}
	}

	acls := must[*ec2.DescribeNetworkAclsOutput](t, "DescribeNetworkAcls default")(c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{filter("vpc-id", id), filter("default", "true")}}))
	if len(acls.NetworkAcls) != 1 {
		t.Errorf("%d default network ACLs", len(acls.NetworkAcls))
	} else {
		rules := map[string]bool{}
		for _, e := range acls.NetworkAcls[0].Entries {
			rules[fmt.Sprintf("%d/%v/%s", aws.ToInt32(e.RuleNumber), aws.ToBool(e.Egress), e.RuleAction)] = true
		}
		for _, want := range []string{"100/false/allow", "100/true/allow", "32767/false/deny", "32767/true/deny", "101/false/allow", "101/true/allow", "32768/false/deny", "32768/true/deny"} {
			if !rules[want] {
				t.Errorf("default NACL lacks entry %s (has %v)", want, rules)
			}
		}
	}
}

func TestSDKTags(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	c := srv.ec2Client()
	ctx := testCtx(t)
	v := createVPC(t, ctx, c, "10.0.0.0/16", false)
	id := aws.ToString(v.VpcId)

	must[*ec2.CreateTagsOutput](t, "CreateTags")(c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: []types.Tag{
		{Key: aws.String("Name"), Value: aws.String("tagged")},
		{Key: aws.String("env"), Value: aws.String("dev")},
		{Key: aws.String("empty"), Value: aws.String("")},
	}}))
	// Eleven tags: the SDK sorts keys, so Tag.10 precedes Tag.2 on the wire.
	var many []types.Tag
	for i := 1; i <= 11; i++ {
		many = append(many, types.Tag{Key: aws.String(fmt.Sprintf("k%02d", i)), Value: aws.String(fmt.Sprint(i))})
	}
	must[*ec2.CreateTagsOutput](t, "CreateTags 11")(c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: many}))
	got := tagMap(describeVPC(t, ctx, c, id).Tags)
	if len(got) != 14 || got["k10"] != "10" || got["k02"] != "2" || got["Name"] != "tagged" {
		t.Errorf("tags after CreateTags: %v", got)
	}

	dt := must[*ec2.DescribeTagsOutput](t, "DescribeTags")(c.DescribeTags(ctx, &ec2.DescribeTagsInput{Filters: []types.Filter{filter("resource-id", id), filter("key", "env")}}))
	if len(dt.Tags) != 1 || aws.ToString(dt.Tags[0].Value) != "dev" || dt.Tags[0].ResourceType != types.ResourceTypeVpc {
		t.Errorf("DescribeTags: %+v", dt.Tags)
	}
	dt = must[*ec2.DescribeTagsOutput](t, "DescribeTags resource-type")(c.DescribeTags(ctx, &ec2.DescribeTagsInput{Filters: []types.Filter{filter("resource-type", "vpc"), filter("value", "tagged")}}))
	if len(dt.Tags) != 1 {
		t.Errorf("DescribeTags resource-type=vpc value=tagged: %d tags", len(dt.Tags))
	}

	// DeleteTags with a value deletes only on a match (Terraform sends the old value).
	must[*ec2.DeleteTagsOutput](t, "DeleteTags mismatch")(c.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{id}, Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}}))
	if got := tagMap(describeVPC(t, ctx, c, id).Tags); got["env"] != "dev" {
		t.Errorf("DeleteTags env=prod removed env=dev: %v", got)
	}
	must[*ec2.DeleteTagsOutput](t, "DeleteTags match")(c.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{id}, Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("dev")}, {Key: aws.String("k01")}}}))
	got = tagMap(describeVPC(t, ctx, c, id).Tags)
	if _, ok := got["env"]; ok {
		t.Errorf("DeleteTags env=dev kept it: %v", got)
	}
	if _, ok := got["k01"]; ok {
		t.Errorf("DeleteTags k01 (no value) kept it: %v", got)
	}

	_, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{"vpc-0123456789abcdef0"}, Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("b")}}})
	wantCode(t, "CreateTags unknown vpc", err, "InvalidVpcID.NotFound")
	_, err = c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: []types.Tag{{Key: aws.String("aws:reserved"), Value: aws.String("x")}}})
	wantCode(t, "CreateTags aws: prefix", err, "InvalidParameterValue")
	var fifty []types.Tag
	for i := 0; i < 51; i++ {
		fifty = append(fifty, types.Tag{Key: aws.String(fmt.Sprintf("t%d", i)), Value: aws.String("v")})
	}
	_, err = c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: fifty})
	wantCode(t, "CreateTags over 50", err, "TagLimitExceeded")
}
