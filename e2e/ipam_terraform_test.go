package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// checkIpamApplied checks through the SDK what the ipam scenario created:
// the VPCs' blocks come from the pool (the netmask VPC the pool's first
// /24, the explicit one the previewed CIDR outside 10.90.0.0/20), the pool
// lists both as vpc allocations, and the IPv6 VPC has a /56 of the
// Amazon-provided pool. After destroy no IPAM, scope or pool is left
// (the generic inventory does not list IPAM objects).
func checkIpamApplied(t *testing.T, ctx context.Context, srv *testServer) {
	c := srv.ec2Client()
	pools, err := c.DescribeIpamPools(ctx, &ec2.DescribeIpamPoolsInput{Filters: []types.Filter{{Name: aws.String("address-family"), Values: []string{"ipv4"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(pools.IpamPools) != 1 {
		t.Fatalf("%d ipv4 pools, want 1", len(pools.IpamPools))
	}
	allocs, err := c.GetIpamPoolAllocations(ctx, &ec2.GetIpamPoolAllocationsInput{IpamPoolId: pools.IpamPools[0].IpamPoolId,
		Filters: []types.Filter{{Name: aws.String("resource-type"), Values: []string{"vpc"}}}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, a := range allocs.IpamPoolAllocations {
		got[aws.ToString(a.Cidr)] = true
	}
	if len(got) != 2 || !got["10.90.0.0/24"] || !got["10.90.16.0/24"] {
		t.Errorf("vpc allocations %v, want 10.90.0.0/24 and 10.90.16.0/24", got)
	}
	vpcs, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []types.Filter{{Name: aws.String("tag:Name"), Values: []string{"ipam-ipv6"}}}})
	if err != nil || len(vpcs.Vpcs) != 1 || len(vpcs.Vpcs[0].Ipv6CidrBlockAssociationSet) != 1 {
		t.Fatalf("ipv6 vpc: %v %+v", err, vpcs)
	}
	if b := vpcs.Vpcs[0].Ipv6CidrBlockAssociationSet[0]; aws.ToString(b.Ipv6Pool) != "IPAM Managed" {
		t.Errorf("ipv6 block %s from pool %s", aws.ToString(b.Ipv6CidrBlock), aws.ToString(b.Ipv6Pool))
	}
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		ipams, err := c.DescribeIpams(ctx, &ec2.DescribeIpamsInput{})
		if err != nil {
			t.Fatal(err)
		}
		pools, err := c.DescribeIpamPools(ctx, &ec2.DescribeIpamPoolsInput{})
		if err != nil {
			t.Fatal(err)
		}
		scopes, err := c.DescribeIpamScopes(ctx, &ec2.DescribeIpamScopesInput{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(ipams.Ipams) + len(pools.IpamPools) + len(scopes.IpamScopes); n != 0 {
			t.Errorf("after destroy: %d IPAMs, %d pools, %d scopes left", len(ipams.Ipams), len(pools.IpamPools), len(scopes.IpamScopes))
		}
	})
}
