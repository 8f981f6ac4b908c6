package store

import (
	"github.com/vpcsim/vpcsim/internal/model"
)

// World is the whole simulated state at one revision: one table per
// registered kind (see Define). A World from Store.Snapshot is immutable
// and safe for concurrent readers.
//
// The typed fields are shortcuts to the tables of EC2's kinds, bound from
// their `kind` tag; kinds of other services are reached with Kind.In.
type World struct {
	Revision uint64

	tables []anyTable // indexed by kind registration order

	VPCs                *Table[model.VPC]                       `kind:"vpc"`
	Subnets             *Table[model.Subnet]                    `kind:"subnet"`
	RouteTables         *Table[model.RouteTable]                `kind:"route-table"`
	InternetGateways    *Table[model.InternetGateway]           `kind:"internet-gateway"`
	EgressOnlyIGWs      *Table[model.EgressOnlyInternetGateway] `kind:"egress-only-internet-gateway"`
	VpnGateways         *Table[model.VpnGateway]                `kind:"vpn-gateway"`
	NatGateways         *Table[model.NatGateway]                `kind:"natgateway"`
	Addresses           *Table[model.Address]                   `kind:"elastic-ip"`
	SecurityGroups      *Table[model.SecurityGroup]             `kind:"security-group"`
	SecurityGroupRules  *Table[model.SecurityGroupRule]         `kind:"security-group-rule"`
	NetworkACLs         *Table[model.NetworkACL]                `kind:"network-acl"`
	NetworkInterfaces   *Table[model.NetworkInterface]          `kind:"network-interface"`
	Instances           *Table[model.Instance]                  `kind:"instance"`
	KeyPairs            *Table[model.KeyPair]                   `kind:"key-pair"`
	DhcpOptions         *Table[model.DhcpOptions]               `kind:"dhcp-options"`
	PrefixLists         *Table[model.ManagedPrefixList]         `kind:"prefix-list"`
	InsightsPaths       *Table[model.NetworkInsightsPath]       `kind:"network-insights-path"`
	InsightsAnalyses    *Table[model.NetworkInsightsAnalysis]   `kind:"network-insights-analysis"`
	PeeringConnections  *Table[model.VpcPeeringConnection]      `kind:"vpc-peering-connection"`
	TransitGateways     *Table[model.TransitGateway]            `kind:"transit-gateway"`
	TGWAttachments      *Table[model.TransitGatewayAttachment]  `kind:"transit-gateway-attachment"`
	TGWRouteTables      *Table[model.TransitGatewayRouteTable]  `kind:"transit-gateway-route-table"`
	TGWRoutes           *Table[model.TransitGatewayRoute]       `kind:"transit-gateway-route"`
	CustomerGateways    *Table[model.CustomerGateway]           `kind:"customer-gateway"`
	VpnConnections      *Table[model.VpnConnection]             `kind:"vpn-connection"`
	VpcEndpoints        *Table[model.VpcEndpoint]               `kind:"vpc-endpoint"`
	VpcEndpointServices *Table[model.VpcEndpointService]        `kind:"vpc-endpoint-service"`
	ClientTokens        *Table[model.ClientToken]               `kind:"client-token"`
	Scopes              *Table[model.ScopeState]                `kind:"scope"`
}

// newWorld returns an empty world with a table for every registered kind.
func newWorld() *World {
	worldsMade.Store(true)
	w := &World{tables: make([]anyTable, len(registry))}
	for i, k := range registry {
		w.tables[i] = k.newTable()
	}
	w.bindFields()
	return w
}

// tableList returns every table of w, for persistence.
func (w *World) tableList() []anyTable { return w.tables }

// clone returns a copy-on-write copy of w whose tables record into tx.
func (w *World) clone(tx *Tx) *World {
	c := &World{Revision: w.Revision, tables: make([]anyTable, len(w.tables))}
	for i, t := range w.tables {
		c.tables[i] = t.cloneAny(tx)
	}
	c.bindFields()
	return c
}

// freeze makes w, a committed transaction's world, read-only so that it
// can be published as the next revision without another copy.
func (w *World) freeze() {
	for _, t := range w.tables {
		t.freeze()
	}
}
