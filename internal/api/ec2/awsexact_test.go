package ec2_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

// wantAPIError asserts err is the EC2 error code, and its message when msg
// is not empty.
func wantAPIError(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v, want API error %s", err, code)
	}
	if ae.ErrorCode() != code || msg != "" && ae.ErrorMessage() != msg {
		t.Fatalf("error %s: %s, want %s: %s", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
}

// TestAWSExactVpcAndGroupWire pins, through the real SDK, the answers the
// peer's suite and the analyzer checks found wrong (issue 11 item 6): the
// ::/0 egress rule of a new group in an IPv6 VPC (VPC-UG
// vpc-migrate-ipv6.md "Step 3"), ModifySecurityGroupRules without a
// protocol, the group-id filter of DescribeSecurityGroupRules, DescribeVpcs
// with a malformed id (EC2 API errors-overview), five IPv6 blocks per VPC
// (amazon-vpc-limits.md) and Ipv6CidrBlock without Ipv6Pool (EC2 API
// CreateVpc), CreateTags without resources ("resourceIdSet").
func TestAWSExactVpcAndGroupWire(t *testing.T) {
	ctx := context.Background()
	url, _ := startTestServer(t, 21)
	c := newSDKClient(url, "us-east-1")

	vpc, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), AmazonProvidedIpv6CidrBlock: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	vpcID := aws.ToString(vpc.Vpc.VpcId)
	g, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("web"), Description: aws.String("web"), VpcId: aws.String(vpcID)})
	if err != nil {
		t.Fatal(err)
	}
	dg, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{aws.ToString(g.GroupId)}})
	if err != nil {
		t.Fatal(err)
	}
	var egress []string
	for _, p := range dg.SecurityGroups[0].IpPermissionsEgress {
		for _, r := range p.IpRanges {
			egress = append(egress, aws.ToString(p.IpProtocol)+" "+aws.ToString(r.CidrIp))
		}
		for _, r := range p.Ipv6Ranges {
			egress = append(egress, aws.ToString(p.IpProtocol)+" "+aws.ToString(r.CidrIpv6))
		}
	}
	if strings.Join(egress, ",") != "-1 0.0.0.0/0,-1 ::/0" {
		t.Errorf("egress of a new group in an IPv6 VPC: %v", egress)
	}

	// ModifySecurityGroupRules with a rule lacking IpProtocol.
	rules, err := c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{Filters: []types.Filter{{Name: aws.String("group-id"), Values: []string{aws.ToString(g.GroupId)}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rules.SecurityGroupRules) != 2 {
		t.Fatalf("rules %d, want 2", len(rules.SecurityGroupRules))
	}
	_, err = c.ModifySecurityGroupRules(ctx, &ec2.ModifySecurityGroupRulesInput{GroupId: g.GroupId, SecurityGroupRules: []types.SecurityGroupRuleUpdate{{
		SecurityGroupRuleId: rules.SecurityGroupRules[0].SecurityGroupRuleId,
		SecurityGroupRule:   &types.SecurityGroupRuleRequest{CidrIpv4: aws.String("10.0.0.0/8")},
	}}})
	wantAPIError(t, err, "InvalidParameterValue", "")

	// describe-security-group-rules --filters Name=group-id,Values=foobar
	_, err = c.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{Filters: []types.Filter{{Name: aws.String("group-id"), Values: []string{"foobar"}}}})
	wantAPIError(t, err, "InvalidGroupId.Malformed", "")

	// DescribeVpcs with a malformed id.
	_, err = c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{"foo"}})
	wantAPIError(t, err, "InvalidVpcID.Malformed", "")

	// Five IPv6 blocks, then CidrLimitExceeded.
	for i := 2; i <= 5; i++ {
		if _, err := c.AssociateVpcCidrBlock(ctx, &ec2.AssociateVpcCidrBlockInput{VpcId: aws.String(vpcID), AmazonProvidedIpv6CidrBlock: aws.Bool(true)}); err != nil {
			t.Fatalf("IPv6 block %d: %v", i, err)
		}
	}
	_, err = c.AssociateVpcCidrBlock(ctx, &ec2.AssociateVpcCidrBlockInput{VpcId: aws.String(vpcID), AmazonProvidedIpv6CidrBlock: aws.Bool(true)})
	wantAPIError(t, err, "CidrLimitExceeded", "This network '"+vpcID+"' has met its maximum number of allowed CIDRs: 5")

	// Ipv6CidrBlock without Ipv6Pool is an error, not a dropped parameter.
	_, err = c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.1.0.0/16"), Ipv6CidrBlock: aws.String("2001:db8:1234:1a00::/56")})
	wantAPIError(t, err, "MissingParameter", "The request must contain the parameter Ipv6Pool")
	_, err = c.AssociateVpcCidrBlock(ctx, &ec2.AssociateVpcCidrBlockInput{VpcId: aws.String(vpcID), Ipv6CidrBlock: aws.String("2001:db8:1234:1a00::/56")})
	wantAPIError(t, err, "MissingParameter", "The request must contain the parameter Ipv6Pool")

	// CreateTags and DeleteTags with an empty resource list (the SDK sends
	// "ResourceId=") and, raw, with none at all (the SDK refuses to send it).
	_, err = c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{}, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	wantAPIError(t, err, "MissingParameter", "The request must contain the parameter resourceIdSet")
	_, err = c.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{}})
	wantAPIError(t, err, "MissingParameter", "The request must contain the parameter resourceIdSet")
	for _, action := range []string{"CreateTags", "DeleteTags"} {
		resp, err := http.Post(url+"/", "application/x-www-form-urlencoded; charset=utf-8", strings.NewReader("Action="+action+"&Version=2016-11-15&Tag.1.Key=k&Tag.1.Value=v"))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(body), "<Message>The request must contain the parameter resourceIdSet</Message>") {
			t.Errorf("%s without ResourceId: %d %s", action, resp.StatusCode, body)
		}
	}
}

// TestDescribeRegionsPartitions pins DescribeRegions per partition: the
// caller's region chooses the partition ("You can't describe or access the
// Regions of one type of account from another" [AWS Regions and
// Availability Zones]); opt-in regions report opted-in, the others
// opt-in-not-required [EC2 API Region]; endpoints carry the partition's DNS
// suffix (botocore endpoints.json).
func TestDescribeRegionsPartitions(t *testing.T) {
	ctx := context.Background()
	url, _ := startTestServer(t, 22)
	cases := []struct {
		region string
		want   map[string]string // region -> endpoint
		n      int
	}{
		{"cn-north-1", map[string]string{"cn-north-1": "ec2.cn-north-1.amazonaws.com.cn", "cn-northwest-1": "ec2.cn-northwest-1.amazonaws.com.cn"}, 2},
		{"us-gov-west-1", map[string]string{"us-gov-west-1": "ec2.us-gov-west-1.amazonaws.com", "us-gov-east-1": "ec2.us-gov-east-1.amazonaws.com"}, 2},
		{"us-east-1", map[string]string{"us-east-1": "ec2.us-east-1.amazonaws.com", "ap-southeast-5": "ec2.ap-southeast-5.amazonaws.com"}, 34},
	}
	for _, tc := range cases {
		c := newSDKClient(url, tc.region)
		out, err := c.DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
		if err != nil {
			t.Fatalf("%s: %v", tc.region, err)
		}
		if len(out.Regions) != tc.n {
			t.Errorf("%s: %d regions, want %d", tc.region, len(out.Regions), tc.n)
		}
		got := map[string]types.Region{}
		for _, r := range out.Regions {
			got[aws.ToString(r.RegionName)] = r
		}
		for name, ep := range tc.want {
			if aws.ToString(got[name].Endpoint) != ep {
				t.Errorf("%s: %s endpoint %q, want %q", tc.region, name, aws.ToString(got[name].Endpoint), ep)
			}
		}
		if tc.region == "us-east-1" {
			if s := aws.ToString(got["af-south-1"].OptInStatus); s != "opted-in" {
				t.Errorf("af-south-1 %s, want opted-in", s)
			}
			if s := aws.ToString(got["eu-west-1"].OptInStatus); s != "opt-in-not-required" {
				t.Errorf("eu-west-1 %s, want opt-in-not-required", s)
			}
		}
	}
	c := newSDKClient(url, "us-east-1")
	out, err := c.DescribeRegions(ctx, &ec2.DescribeRegionsInput{Filters: []types.Filter{{Name: aws.String("opt-in-status"), Values: []string{"opted-in"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Regions) != 17 {
		t.Errorf("opted-in regions %d, want the 17 opt-in regions", len(out.Regions))
	}
	// A China-region caller sees its own zones and default VPC.
	cn := newSDKClient(url, "cn-north-1")
	az, err := cn.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(az.AvailabilityZones) != 3 || aws.ToString(az.AvailabilityZones[2].ZoneId) != "cnn1-az4" {
		t.Errorf("cn-north-1 zones %+v", az.AvailabilityZones)
	}
	vpcs, err := cn.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil || len(vpcs.Vpcs) != 1 || !aws.ToBool(vpcs.Vpcs[0].IsDefault) {
		t.Fatalf("cn-north-1 default VPC: %v %+v", err, vpcs)
	}
}
