package e2e

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// inventory is every live resource id in the region, by kind. Terminated
// instances and deleted NAT gateways (which AWS keeps visible for a while)
// are not live.
type inventory map[string][]string

// takeInventory lists the region's resources through the SDK. A Describe
// that fails is reported in the returned errors under its kind.
func takeInventory(ctx context.Context, c *ec2.Client) (inventory, []string) {
	inv := inventory{}
	var errs []string
	add := func(kind string, ids ...string) { inv[kind] = append(inv[kind], ids...) }
	fail := func(op string, err error) { errs = append(errs, fmt.Sprintf("%s: %s", op, describeErr(err))) }

	if p := ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeVpcs", err)
				break
			}
			for _, v := range out.Vpcs {
				add("vpc", aws.ToString(v.VpcId))
			}
		}
	}
	if p := ec2.NewDescribeSubnetsPaginator(c, &ec2.DescribeSubnetsInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeSubnets", err)
				break
			}
			for _, v := range out.Subnets {
				add("subnet", aws.ToString(v.SubnetId))
			}
		}
	}
	if p := ec2.NewDescribeRouteTablesPaginator(c, &ec2.DescribeRouteTablesInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeRouteTables", err)
				break
			}
			for _, v := range out.RouteTables {
				add("route-table", aws.ToString(v.RouteTableId))
				for _, a := range v.Associations {
					add("route-table-association", aws.ToString(a.RouteTableAssociationId))
				}
				for _, r := range v.Routes {
					add("route", aws.ToString(v.RouteTableId)+":"+routeDest(r)+"->"+routeTarget(r))
				}
			}
		}
	}
	if p := ec2.NewDescribeInternetGatewaysPaginator(c, &ec2.DescribeInternetGatewaysInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeInternetGateways", err)
				break
			}
			for _, v := range out.InternetGateways {
				add("internet-gateway", aws.ToString(v.InternetGatewayId))
			}
		}
	}
	if p := ec2.NewDescribeEgressOnlyInternetGatewaysPaginator(c, &ec2.DescribeEgressOnlyInternetGatewaysInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeEgressOnlyInternetGateways", err)
				break
			}
			for _, v := range out.EgressOnlyInternetGateways {
				add("egress-only-internet-gateway", aws.ToString(v.EgressOnlyInternetGatewayId))
			}
		}
	}
	if p := ec2.NewDescribeNatGatewaysPaginator(c, &ec2.DescribeNatGatewaysInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeNatGateways", err)
				break
			}
			for _, v := range out.NatGateways {
				if v.State != types.NatGatewayStateDeleted && v.State != types.NatGatewayStateFailed {
					add("natgateway", aws.ToString(v.NatGatewayId))
				}
			}
		}
	}
	if p := ec2.NewDescribeVolumesPaginator(c, &ec2.DescribeVolumesInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeVolumes", err)
				break
			}
			for _, v := range out.Volumes {
				add("volume", aws.ToString(v.VolumeId))
			}
		}
	}
	if out, err := c.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{}); err != nil {
		fail("DescribeAddresses", err)
	} else {
		for _, v := range out.Addresses {
			add("elastic-ip", aws.ToString(v.AllocationId))
		}
	}
	if p := ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeSecurityGroups", err)
				break
			}
			for _, v := range out.SecurityGroups {
				add("security-group", aws.ToString(v.GroupId))
			}
		}
	}
	if p := ec2.NewDescribeNetworkAclsPaginator(c, &ec2.DescribeNetworkAclsInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeNetworkAcls", err)
				break
			}
			for _, v := range out.NetworkAcls {
				add("network-acl", aws.ToString(v.NetworkAclId))
			}
		}
	}
	if p := ec2.NewDescribeNetworkInterfacesPaginator(c, &ec2.DescribeNetworkInterfacesInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeNetworkInterfaces", err)
				break
			}
			for _, v := range out.NetworkInterfaces {
				add("network-interface", aws.ToString(v.NetworkInterfaceId))
			}
		}
	}
	if p := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeInstances", err)
				break
			}
			for _, r := range out.Reservations {
				for _, v := range r.Instances {
					if v.State == nil || v.State.Name != types.InstanceStateNameTerminated {
						add("instance", aws.ToString(v.InstanceId))
					}
				}
			}
		}
	}
	if p := ec2.NewDescribeDhcpOptionsPaginator(c, &ec2.DescribeDhcpOptionsInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeDhcpOptions", err)
				break
			}
			for _, v := range out.DhcpOptions {
				add("dhcp-options", aws.ToString(v.DhcpOptionsId))
			}
		}
	}
	if p := ec2.NewDescribeManagedPrefixListsPaginator(c, &ec2.DescribeManagedPrefixListsInput{}); true {
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				fail("DescribeManagedPrefixLists", err)
				break
			}
			for _, v := range out.PrefixLists {
				add("prefix-list", aws.ToString(v.PrefixListId))
			}
		}
	}
	if out, err := c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{}); err != nil {
		fail("DescribeVpnGateways", err)
	} else {
		for _, v := range out.VpnGateways {
			if v.State != types.VpnStateDeleted {
				add("vpn-gateway", aws.ToString(v.VpnGatewayId))
			}
		}
	}
	takeMoreInventory(ctx, c, add, fail)
	for k := range inv {
		sort.Strings(inv[k])
	}
	return inv, errs
}

// takeMoreInventory lists the resources that are not part of any VPC's
// default set: launch templates, the account's snapshots, key pairs, flow
// logs, endpoints, transit gateways, peering connections, customer
// gateways, VPN connections and Network Insights paths. Resources AWS
// keeps visible in a final state (deleted, rejected, failed, expired) are
// not live.
func takeMoreInventory(ctx context.Context, c *ec2.Client, add func(string, ...string), fail func(string, error)) {
	if out, err := c.DescribeLaunchTemplates(ctx, &ec2.DescribeLaunchTemplatesInput{}); err != nil {
		fail("DescribeLaunchTemplates", err)
	} else {
		for _, v := range out.LaunchTemplates {
			add("launch-template", aws.ToString(v.LaunchTemplateId))
		}
	}
	if out, err := c.DescribeSnapshots(ctx, &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}}); err != nil {
		fail("DescribeSnapshots", err)
	} else {
		for _, v := range out.Snapshots {
			add("snapshot", aws.ToString(v.SnapshotId))
		}
	}
	if out, err := c.DescribeKeyPairs(ctx, &ec2.DescribeKeyPairsInput{}); err != nil {
		fail("DescribeKeyPairs", err)
	} else {
		for _, v := range out.KeyPairs {
			add("key-pair", aws.ToString(v.KeyPairId))
		}
	}
	if out, err := c.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{}); err != nil {
		fail("DescribeFlowLogs", err)
	} else {
		for _, v := range out.FlowLogs {
			add("flow-log", aws.ToString(v.FlowLogId))
		}
	}
	if out, err := c.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{}); err != nil {
		fail("DescribeVpcEndpoints", err)
	} else {
		for _, v := range out.VpcEndpoints {
			if v.State != types.StateDeleted {
				add("vpc-endpoint", aws.ToString(v.VpcEndpointId))
			}
		}
	}
	if out, err := c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{}); err != nil {
		fail("DescribeTransitGateways", err)
	} else {
		for _, v := range out.TransitGateways {
			if v.State != types.TransitGatewayStateDeleted {
				add("transit-gateway", aws.ToString(v.TransitGatewayId))
			}
		}
	}
	if out, err := c.DescribeVpcPeeringConnections(ctx, &ec2.DescribeVpcPeeringConnectionsInput{}); err != nil {
		fail("DescribeVpcPeeringConnections", err)
	} else {
		for _, v := range out.VpcPeeringConnections {
			switch v.Status.Code {
			case types.VpcPeeringConnectionStateReasonCodeDeleted, types.VpcPeeringConnectionStateReasonCodeRejected,
				types.VpcPeeringConnectionStateReasonCodeFailed, types.VpcPeeringConnectionStateReasonCodeExpired:
			default:
				add("vpc-peering-connection", aws.ToString(v.VpcPeeringConnectionId))
			}
		}
	}
	if out, err := c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{}); err != nil {
		fail("DescribeCustomerGateways", err)
	} else {
		for _, v := range out.CustomerGateways {
			if aws.ToString(v.State) != "deleted" {
				add("customer-gateway", aws.ToString(v.CustomerGatewayId))
			}
		}
	}
	if out, err := c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{}); err != nil {
		fail("DescribeVpnConnections", err)
	} else {
		for _, v := range out.VpnConnections {
			if v.State != types.VpnStateDeleted {
				add("vpn-connection", aws.ToString(v.VpnConnectionId))
			}
		}
	}
	if out, err := c.DescribeNetworkInsightsPaths(ctx, &ec2.DescribeNetworkInsightsPathsInput{}); err != nil {
		fail("DescribeNetworkInsightsPaths", err)
	} else {
		for _, v := range out.NetworkInsightsPaths {
			add("network-insights-path", aws.ToString(v.NetworkInsightsPathId))
		}
	}
}

func routeDest(r types.Route) string {
	switch {
	case r.DestinationCidrBlock != nil:
		return *r.DestinationCidrBlock
	case r.DestinationIpv6CidrBlock != nil:
		return *r.DestinationIpv6CidrBlock
	default:
		return aws.ToString(r.DestinationPrefixListId)
	}
}

func routeTarget(r types.Route) string {
	for _, s := range []*string{r.GatewayId, r.NatGatewayId, r.EgressOnlyInternetGatewayId, r.NetworkInterfaceId, r.InstanceId, r.TransitGatewayId, r.VpcPeeringConnectionId} {
		if s != nil && *s != "" {
			return *s
		}
	}
	return "?"
}

// diff lists what after has that before has not ("+kind id") and what it
// lost ("-kind id").
func (before inventory) diff(after inventory) []string {
	var out []string
	kinds := map[string]bool{}
	for k := range before {
		kinds[k] = true
	}
	for k := range after {
		kinds[k] = true
	}
	var ks []string
	for k := range kinds {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		b, a := setOf(before[k]), setOf(after[k])
		for _, id := range after[k] {
			if !b[id] {
				out = append(out, "+"+k+" "+id)
			}
		}
		for _, id := range before[k] {
			if !a[id] {
				out = append(out, "-"+k+" "+id)
			}
		}
	}
	return out
}

func setOf(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// assertOnlyDefaults checks that the region holds only the default VPC and
// what AWS creates with it: one VPC (isDefault), and nothing that differs
// from the inventory taken before the test created anything. Routes may
// differ only where a test deliberately changed the default VPC.
func assertOnlyDefaults(t *testing.T, ctx context.Context, c *ec2.Client, before inventory, ignoreKinds ...string) {
	t.Helper()
	after, errs := takeInventory(ctx, c)
	for _, e := range errs {
		t.Errorf("inventory after destroy: %s", e)
	}
	ignore := setOf(ignoreKinds)
	var leftovers []string
	for _, d := range before.diff(after) {
		kind := strings.Fields(d[1:])[0]
		if !ignore[kind] {
			leftovers = append(leftovers, d)
		}
	}
	if len(leftovers) > 0 {
		t.Errorf("after destroy the region differs from its initial state:\n  %s", strings.Join(leftovers, "\n  "))
	}
	vpcs, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err == nil {
		for _, v := range vpcs.Vpcs {
			if !aws.ToBool(v.IsDefault) {
				t.Errorf("non-default VPC %s (%s) remains", aws.ToString(v.VpcId), aws.ToString(v.CidrBlock))
			}
		}
		if len(vpcs.Vpcs) != 1 {
			t.Errorf("%d VPCs remain, want only the default VPC", len(vpcs.Vpcs))
		}
	}
}
