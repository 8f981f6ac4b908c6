package ec2_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestIpamSDK drives IPAM through the real SDK the way Terraform's
// aws_vpc_ipam, aws_vpc_ipam_pool, aws_vpc_ipam_pool_cidr,
// aws_vpc_ipam_preview_next_cidr and aws_vpc (ipv4_ipam_pool_id) do, and
// pins the wire details: ids and region-less ARNs, the default scopes and
// resource discovery, states, filters, pagination, tags, DryRun.
func TestIpamSDK(t *testing.T) {
	c := newInstanceTestClient(t)
	ctx := context.Background()
	cr, err := c.CreateIpam(ctx, &ec2.CreateIpamInput{Description: aws.String("test"),
		OperatingRegions:  []types.AddIpamOperatingRegion{{RegionName: aws.String("us-west-2")}},
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeIpam, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("main")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	ipam := cr.Ipam
	if len(ipam.OperatingRegions) != 2 || aws.ToString(ipam.OperatingRegions[0].RegionName) != "us-east-1" || ipam.Tier != types.IpamTierFree ||
		aws.ToString(ipam.IpamArn) != "arn:aws:ec2::"+aws.ToString(ipam.OwnerId)+":ipam/"+aws.ToString(ipam.IpamId) {
		t.Fatalf("ipam %+v", ipam)
	}
	d, err := c.DescribeIpams(ctx, &ec2.DescribeIpamsInput{Filters: []types.Filter{{Name: aws.String("tag:Name"), Values: []string{"main"}}}})
	if err != nil || len(d.Ipams) != 1 || d.Ipams[0].State != types.IpamStateCreateComplete || aws.ToInt32(d.Ipams[0].ScopeCount) != 2 {
		t.Fatalf("describe ipams: %v %+v", err, d)
	}
	disc, err := c.DescribeIpamResourceDiscoveryAssociations(ctx, &ec2.DescribeIpamResourceDiscoveryAssociationsInput{})
	if err != nil || len(disc.IpamResourceDiscoveryAssociations) != 1 ||
		aws.ToString(disc.IpamResourceDiscoveryAssociations[0].IpamResourceDiscoveryAssociationId) != aws.ToString(ipam.DefaultResourceDiscoveryAssociationId) {
		t.Fatalf("discovery associations: %v %+v", err, disc)
	}
	scopes, err := c.DescribeIpamScopes(ctx, &ec2.DescribeIpamScopesInput{MaxResults: aws.Int32(5), Filters: []types.Filter{{Name: aws.String("ipam-id"), Values: []string{aws.ToString(ipam.IpamId)}}}})
	if err != nil || len(scopes.IpamScopes) != 2 {
		t.Fatalf("scopes: %v %+v", err, scopes)
	}
	pool, err := c.CreateIpamPool(ctx, &ec2.CreateIpamPoolInput{IpamScopeId: ipam.PrivateDefaultScopeId, AddressFamily: types.AddressFamilyIpv4,
		Locale: aws.String("us-east-1"), AllocationDefaultNetmaskLength: aws.Int32(28), AllocationMaxNetmaskLength: aws.Int32(28)})
	if err != nil {
		t.Fatal(err)
	}
	poolID := pool.IpamPool.IpamPoolId
	if _, err := c.ProvisionIpamPoolCidr(ctx, &ec2.ProvisionIpamPoolCidrInput{IpamPoolId: poolID, Cidr: aws.String("10.90.0.0/16"), DryRun: aws.Bool(true)}); apiCode(err) != "DryRunOperation" {
		t.Fatalf("dry run: %v", err)
	}
	pc, err := c.ProvisionIpamPoolCidr(ctx, &ec2.ProvisionIpamPoolCidrInput{IpamPoolId: poolID, Cidr: aws.String("10.90.0.0/16")})
	if err != nil || pc.IpamPoolCidr.State != types.IpamPoolCidrStatePendingProvision {
		t.Fatalf("provision: %v %+v", err, pc)
	}
	cidrs, err := c.GetIpamPoolCidrs(ctx, &ec2.GetIpamPoolCidrsInput{IpamPoolId: poolID, Filters: []types.Filter{{Name: aws.String("cidr"), Values: []string{"10.90.0.0/16"}}}})
	if err != nil || len(cidrs.IpamPoolCidrs) != 1 || cidrs.IpamPoolCidrs[0].State != types.IpamPoolCidrStateProvisioned {
		t.Fatalf("pool cidrs: %v %+v", err, cidrs)
	}
	prev, err := c.AllocateIpamPoolCidr(ctx, &ec2.AllocateIpamPoolCidrInput{IpamPoolId: poolID, NetmaskLength: aws.Int32(24), PreviewNextCidr: aws.Bool(true), DisallowedCidrs: []string{"10.90.0.0/20"}})
	if err != nil || aws.ToString(prev.IpamPoolAllocation.Cidr) != "10.90.16.0/24" {
		t.Fatalf("preview: %v %+v", err, prev)
	}
	vpc, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{Ipv4IpamPoolId: poolID, Ipv4NetmaskLength: aws.Int32(24)})
	if err != nil || aws.ToString(vpc.Vpc.CidrBlock) != "10.90.0.0/24" {
		t.Fatalf("vpc: %v %+v", err, vpc)
	}
	_, err = c.CreateVpc(ctx, &ec2.CreateVpcInput{Ipv4IpamPoolId: poolID, Ipv4NetmaskLength: aws.Int32(12)})
	if apiCode(err) != "InvalidParameterValue" {
		t.Fatalf("netmask outside the rules: %v", err)
	}
	for range 3 {
		if _, err := c.AllocateIpamPoolCidr(ctx, &ec2.AllocateIpamPoolCidrInput{IpamPoolId: poolID, Description: aws.String("custom")}); err != nil {
			t.Fatal(err)
		}
	}
	allocs, err := c.GetIpamPoolAllocations(ctx, &ec2.GetIpamPoolAllocationsInput{IpamPoolId: poolID, MaxResults: aws.Int32(1000)})
	if err != nil || len(allocs.IpamPoolAllocations) != 4 {
		t.Fatalf("allocations: %v %+v", err, allocs)
	}
	if a := allocs.IpamPoolAllocations[1]; aws.ToString(a.Cidr) != "10.90.1.0/28" || a.ResourceType != types.IpamPoolAllocationResourceTypeCustom {
		t.Fatalf("first custom allocation %+v", a)
	}
	_, err = c.ReleaseIpamPoolAllocation(ctx, &ec2.ReleaseIpamPoolAllocationInput{IpamPoolId: poolID, IpamPoolAllocationId: allocs.IpamPoolAllocations[0].IpamPoolAllocationId, Cidr: aws.String("10.90.0.0/24")})
	if apiCode(err) == "" {
		t.Fatal("released a vpc allocation")
	}
	if _, err := c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: vpc.Vpc.VpcId}); err != nil {
		t.Fatal(err)
	}
	vpcAllocs, err := c.GetIpamPoolAllocations(ctx, &ec2.GetIpamPoolAllocationsInput{IpamPoolId: poolID,
		Filters: []types.Filter{{Name: aws.String("resource-type"), Values: []string{"vpc"}}}})
	if err != nil || len(vpcAllocs.IpamPoolAllocations) != 0 {
		t.Fatalf("vpc allocation after DeleteVpc: %v %+v", err, vpcAllocs)
	}
	if _, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{aws.ToString(poolID)}, Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("net")}}}); err != nil {
		t.Fatal(err)
	}
	pools, err := c.DescribeIpamPools(ctx, &ec2.DescribeIpamPoolsInput{Filters: []types.Filter{{Name: aws.String("tag:team"), Values: []string{"net"}}, {Name: aws.String("locale"), Values: []string{"us-east-1"}}}})
	if err != nil || len(pools.IpamPools) != 1 || aws.ToInt32(pools.IpamPools[0].AllocationDefaultNetmaskLength) != 28 || pools.IpamPools[0].AllocationMinNetmaskLength != nil {
		t.Fatalf("pools: %v %+v", err, pools)
	}
	_, err = c.DeleteIpamPool(ctx, &ec2.DeleteIpamPoolInput{IpamPoolId: poolID})
	if apiCode(err) == "" {
		t.Fatal("deleted a pool with a provisioned CIDR")
	}
	if _, err := c.DeleteIpamPool(ctx, &ec2.DeleteIpamPoolInput{IpamPoolId: poolID, Cascade: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteIpam(ctx, &ec2.DeleteIpamInput{IpamId: ipam.IpamId}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeIpams(ctx, &ec2.DescribeIpamsInput{IpamIds: []string{aws.ToString(ipam.IpamId)}})
	if apiCode(err) != "InvalidIpamId.NotFound" {
		t.Fatalf("describe deleted ipam: %v", err)
	}
}
