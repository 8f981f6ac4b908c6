package store

import (
	"github.com/vpcsim/vpcsim/internal/model"
)

// World is the whole simulated state at one revision: one table per kind.
// A World from Store.Snapshot is immutable and safe for concurrent readers.
type World struct {
	Revision uint64

	VPCs               *Table[model.VPC]
	Subnets            *Table[model.Subnet]     // parent: VPC
	RouteTables        *Table[model.RouteTable] // parent: VPC
	InternetGateways   *Table[model.InternetGateway]
	EgressOnlyIGWs     *Table[model.EgressOnlyInternetGateway]
	VpnGateways        *Table[model.VpnGateway]
	NatGateways        *Table[model.NatGateway] // parent: subnet
	Addresses          *Table[model.Address]
	SecurityGroups     *Table[model.SecurityGroup]     // parent: VPC
	SecurityGroupRules *Table[model.SecurityGroupRule] // parent: security group
	NetworkACLs        *Table[model.NetworkACL]        // parent: VPC
	NetworkInterfaces  *Table[model.NetworkInterface]  // parent: subnet
	Instances          *Table[model.Instance]          // parent: subnet
	KeyPairs           *Table[model.KeyPair]
	DhcpOptions        *Table[model.DhcpOptions]
	PrefixLists        *Table[model.ManagedPrefixList]
	InsightsPaths      *Table[model.NetworkInsightsPath]
	InsightsAnalyses   *Table[model.NetworkInsightsAnalysis] // parent: path
	ClientTokens       *Table[model.ClientToken]
	Scopes             *Table[model.ScopeState]
}

// tables lists every table of w for generic persistence.
func (w *World) tables() []anyTable {
	return []anyTable{
		w.VPCs, w.Subnets, w.RouteTables, w.InternetGateways, w.EgressOnlyIGWs, w.VpnGateways,
		w.NatGateways, w.Addresses, w.SecurityGroups, w.SecurityGroupRules, w.NetworkACLs,
		w.NetworkInterfaces, w.Instances, w.KeyPairs, w.DhcpOptions, w.PrefixLists,
		w.InsightsPaths, w.InsightsAnalyses, w.ClientTokens, w.Scopes,
	}
}

// newWorld returns an empty world.
func newWorld() *World {
	return &World{
		VPCs:               newTable("vpc", func(v *model.VPC) *model.Meta { return &v.Meta }, nil),
		Subnets:            newTable("subnet", func(v *model.Subnet) *model.Meta { return &v.Meta }, func(v *model.Subnet) string { return v.VpcID }),
		RouteTables:        newTable("route-table", func(v *model.RouteTable) *model.Meta { return &v.Meta }, func(v *model.RouteTable) string { return v.VpcID }),
		InternetGateways:   newTable("internet-gateway", func(v *model.InternetGateway) *model.Meta { return &v.Meta }, nil),
		EgressOnlyIGWs:     newTable("egress-only-internet-gateway", func(v *model.EgressOnlyInternetGateway) *model.Meta { return &v.Meta }, nil),
		VpnGateways:        newTable("vpn-gateway", func(v *model.VpnGateway) *model.Meta { return &v.Meta }, nil),
		NatGateways:        newTable("natgateway", func(v *model.NatGateway) *model.Meta { return &v.Meta }, func(v *model.NatGateway) string { return v.SubnetID }),
		Addresses:          newTable("elastic-ip", func(v *model.Address) *model.Meta { return &v.Meta }, nil),
		SecurityGroups:     newTable("security-group", func(v *model.SecurityGroup) *model.Meta { return &v.Meta }, func(v *model.SecurityGroup) string { return v.VpcID }),
		SecurityGroupRules: newTable("security-group-rule", func(v *model.SecurityGroupRule) *model.Meta { return &v.Meta }, func(v *model.SecurityGroupRule) string { return v.GroupID }),
		NetworkACLs:        newTable("network-acl", func(v *model.NetworkACL) *model.Meta { return &v.Meta }, func(v *model.NetworkACL) string { return v.VpcID }),
		NetworkInterfaces:  newTable("network-interface", func(v *model.NetworkInterface) *model.Meta { return &v.Meta }, func(v *model.NetworkInterface) string { return v.SubnetID }),
		Instances:          newTable("instance", func(v *model.Instance) *model.Meta { return &v.Meta }, func(v *model.Instance) string { return v.SubnetID }),
		KeyPairs:           newTable("key-pair", func(v *model.KeyPair) *model.Meta { return &v.Meta }, nil),
		DhcpOptions:        newTable("dhcp-options", func(v *model.DhcpOptions) *model.Meta { return &v.Meta }, nil),
		PrefixLists:        newTable("prefix-list", func(v *model.ManagedPrefixList) *model.Meta { return &v.Meta }, nil),
		InsightsPaths:      newTable("network-insights-path", func(v *model.NetworkInsightsPath) *model.Meta { return &v.Meta }, nil),
		InsightsAnalyses:   newTable("network-insights-analysis", func(v *model.NetworkInsightsAnalysis) *model.Meta { return &v.Meta }, func(v *model.NetworkInsightsAnalysis) string { return v.PathID }),
		ClientTokens:       newTable("client-token", func(v *model.ClientToken) *model.Meta { return &v.Meta }, nil),
		Scopes:             newTable("scope", func(v *model.ScopeState) *model.Meta { return &v.Meta }, nil),
	}
}

// clone returns a copy-on-write copy of w whose tables record into tx.
func (w *World) clone(tx *Tx) *World {
	return &World{
		Revision:           w.Revision,
		VPCs:               w.VPCs.clone(tx),
		Subnets:            w.Subnets.clone(tx),
		RouteTables:        w.RouteTables.clone(tx),
		InternetGateways:   w.InternetGateways.clone(tx),
		EgressOnlyIGWs:     w.EgressOnlyIGWs.clone(tx),
		VpnGateways:        w.VpnGateways.clone(tx),
		NatGateways:        w.NatGateways.clone(tx),
		Addresses:          w.Addresses.clone(tx),
		SecurityGroups:     w.SecurityGroups.clone(tx),
		SecurityGroupRules: w.SecurityGroupRules.clone(tx),
		NetworkACLs:        w.NetworkACLs.clone(tx),
		NetworkInterfaces:  w.NetworkInterfaces.clone(tx),
		Instances:          w.Instances.clone(tx),
		KeyPairs:           w.KeyPairs.clone(tx),
		DhcpOptions:        w.DhcpOptions.clone(tx),
		PrefixLists:        w.PrefixLists.clone(tx),
		InsightsPaths:      w.InsightsPaths.clone(tx),
		InsightsAnalyses:   w.InsightsAnalyses.clone(tx),
		ClientTokens:       w.ClientTokens.clone(tx),
		Scopes:             w.Scopes.clone(tx),
	}
}
