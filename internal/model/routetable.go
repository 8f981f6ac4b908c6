package model

import "net/netip"

// RouteTable is a VPC route table. Its main flag lives in its associations.
type RouteTable struct {
	Meta
	VpcID           string            `json:"vpcId"`
	Associations    []RouteTableAssoc `json:"associations,omitempty"`
	Routes          []Route           `json:"routes"`
	PropagatingVgws []string          `json:"propagatingVgws,omitempty"`
}

// RouteTableAssoc associates a route table with a subnet, with a gateway
// (edge association), or marks it as the VPC's main table.
type RouteTableAssoc struct {
	ID        string `json:"id"`
	Main      bool   `json:"main,omitempty"`
	SubnetID  string `json:"subnetId,omitempty"`
	GatewayID string `json:"gatewayId,omitempty"` // igw- or vgw- for edge associations
}

// IsMain reports whether the table is its VPC's main route table.
func (rt *RouteTable) IsMain() bool {
	for _, a := range rt.Associations {
		if a.Main {
			return true
		}
	}
	return false
}

// TargetKind names what a route points at.
type TargetKind string

// Route target kinds.
const (
	TargetLocal        TargetKind = "local"
	TargetIGW          TargetKind = "igw"  // internet gateway (gatewayId igw-)
	TargetVGW          TargetKind = "vgw"  // virtual private gateway (gatewayId vgw-)
	TargetEIGW         TargetKind = "eigw" // egress-only internet gateway
	TargetNAT          TargetKind = "nat"
	TargetInstance     TargetKind = "instance"
	TargetENI          TargetKind = "eni"
	TargetPeering      TargetKind = "pcx"
	TargetTGW          TargetKind = "tgw"
	TargetVPCEndpoint  TargetKind = "vpce" // gateway endpoint (gatewayId vpce-) or GWLB endpoint
	TargetCarrierGW    TargetKind = "cagw"
	TargetLocalGateway TargetKind = "lgw"
	TargetCoreNetwork  TargetKind = "core"
)

// Route origins as EC2 reports them.
const (
	OriginCreateRouteTable  = "CreateRouteTable"
	OriginCreateRoute       = "CreateRoute"
	OriginEnableVgwRoutePro = "EnableVgwRoutePropagation"
)

// Route is one entry of a route table. Exactly one destination is set:
// Destination (IPv4 or IPv6) or DestinationPrefixListID.
type Route struct {
	Destination             netip.Prefix `json:"destination,omitempty"`
	DestinationPrefixListID string       `json:"destinationPrefixListId,omitempty"`
	Target                  TargetKind   `json:"target"`
	// TargetID is the gateway, NAT gateway, instance, ENI, peering connection,
	// transit gateway or endpoint id; "local" for the local route.
	TargetID string `json:"targetId"`
	// InstanceID is set with TargetENI when the ENI is attached to an instance
	// (EC2 reports both), and TargetID is the instance's primary ENI for
	// TargetInstance.
	InstanceID string `json:"instanceId,omitempty"`
	Origin     string `json:"origin"`
}

// DestinationKey identifies the route's destination for duplicate checks.
func (r *Route) DestinationKey() string {
	if r.DestinationPrefixListID != "" {
		return r.DestinationPrefixListID
	}
	return r.Destination.String()
}
