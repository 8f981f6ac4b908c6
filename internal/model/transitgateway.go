package model

import (
	"net/netip"
	"sort"
	"time"
)

// Transit gateway, attachment and route table states (EC2
// TransitGatewayState, TransitGatewayAttachmentState,
// TransitGatewayRouteTableState).
const (
	TGWPending           = "pending"
	TGWAvailable         = "available"
	TGWModifying         = "modifying"
	TGWDeleting          = "deleting"
	TGWDeleted           = "deleted"
	TGWPendingAcceptance = "pendingAcceptance"
	TGWRejected          = "rejected"
	TGWFailed            = "failed"
)

// Transit gateway attachment resource types (EC2
// TransitGatewayAttachmentResourceType).
const (
	TGWAttachVPC     = "vpc"
	TGWAttachPeering = "peering"
	TGWAttachVPN     = "vpn"
	TGWAttachDXGW    = "direct-connect-gateway"
	TGWAttachConnect = "connect"
)

// TransitGateway is a regional router that connects VPCs, VPNs, Direct
// Connect gateways and other transit gateways.
type TransitGateway struct {
	Meta
	State       string                `json:"state"`
	Description string                `json:"description,omitempty"`
	Options     TransitGatewayOptions `json:"options"`
	// DeleteTime is when the gateway was deleted (state deleted); it
	// stays visible for a while, as on AWS.
	DeleteTime time.Time `json:"deleteTime,omitzero"`
}

// TransitGatewayOptions are a transit gateway's settings; the flags hold
// EC2's "enable"/"disable" strings.
type TransitGatewayOptions struct {
	AmazonSideAsn                   int64          `json:"amazonSideAsn"`
	AutoAcceptSharedAttachments     string         `json:"autoAcceptSharedAttachments"`
	DefaultRouteTableAssociation    string         `json:"defaultRouteTableAssociation"`
	DefaultRouteTablePropagation    string         `json:"defaultRouteTablePropagation"`
	AssociationDefaultRouteTableID  string         `json:"associationDefaultRouteTableId,omitempty"`
	PropagationDefaultRouteTableID  string         `json:"propagationDefaultRouteTableId,omitempty"`
	DNSSupport                      string         `json:"dnsSupport"`
	VpnEcmpSupport                  string         `json:"vpnEcmpSupport"`
	MulticastSupport                string         `json:"multicastSupport"`
	SecurityGroupReferencingSupport string         `json:"securityGroupReferencingSupport"`
	CidrBlocks                      []netip.Prefix `json:"cidrBlocks,omitempty"`
}

// TransitGatewayAttachment connects a resource (a VPC, a peer transit
// gateway, a VPN connection, a Direct Connect gateway) to a transit
// gateway. It is stored in the account and region of the resource owner
// (for a VPC attachment, the VPC's owner; for a peering attachment, the
// requester); the transit gateway may belong to another account.
type TransitGatewayAttachment struct {
	Meta
	TransitGatewayID      string `json:"transitGatewayId"`
	TransitGatewayOwnerID string `json:"transitGatewayOwnerId"`
	ResourceType          string `json:"resourceType"` // TGWAttach*
	ResourceID            string `json:"resourceId"`
	ResourceOwnerID       string `json:"resourceOwnerId"`
	State                 string `json:"state"`
	// Association is the one route table the attachment is associated
	// with (its traffic is routed by it); empty when none.
	Association *TGWAssociation `json:"association,omitempty"`

	// VPC attachments: one subnet per Availability Zone, and options.
	VpcID     string            `json:"vpcId,omitempty"`
	SubnetIDs []string          `json:"subnetIds,omitempty"`
	VPC       *TGWVpcAttachment `json:"vpcOptions,omitempty"`

	// Peering attachments: the peer transit gateway.
	Peer *TGWPeer `json:"peer,omitempty"`
	// PeerAssociation is a peering attachment's association with a route
	// table of the accepter (peer) transit gateway: each side of a
	// peering attachment associates it with one of its own tables.
	PeerAssociation *TGWAssociation `json:"peerAssociation,omitempty"`
	// StatusMessage explains a peering attachment's state.
	StatusMessage string `json:"statusMessage,omitempty"`
	// DeleteTime is when the attachment reached deleted or rejected; it
	// stays visible for two hours (Transit Gateway Guide, "VPC attachment
	// lifecycle").
	DeleteTime time.Time `json:"deleteTime,omitzero"`
	// PeerTags are the tags of the attachment's other party (OtherScope)
	// when it is another account or Region: tags on an attachment apply
	// only in the account in which they were created, so the transit
	// gateway's owner tags a cross-account VPC attachment, and the
	// accepter a peering attachment, without changing the requester's.
	PeerTags map[string]string `json:"peerTags,omitempty"`
}

// OtherScope is the account and Region of the attachment's other party,
// which sees it in its own account and keeps its own tags: the transit
// gateway's owner for a VPC attachment of another account's VPC, the
// accepter for a peering attachment to another account or Region. ok is
// false when there is no such party.
func (a *TransitGatewayAttachment) OtherScope() (other Scope, ok bool) {
	switch {
	case a.Peer != nil:
		other = Scope{Account: a.Peer.OwnerID, Region: a.Peer.Region}
	case a.ResourceType == TGWAttachVPC && a.TransitGatewayOwnerID != "":
		other = Scope{Account: a.TransitGatewayOwnerID, Region: a.Region}
	default:
		return Scope{}, false
	}
	return other, other != a.Scope()
}

// AssociationFor returns the attachment's association on transit gateway
// tgwID: the requester's for TransitGatewayID, the accepter's (peering
// attachments) for Peer.TransitGatewayID; nil when there is none.
func (a *TransitGatewayAttachment) AssociationFor(tgwID string) *TGWAssociation {
	switch {
	case tgwID == a.TransitGatewayID:
		return a.Association
	case a.Peer != nil && tgwID == a.Peer.TransitGatewayID:
		return a.PeerAssociation
	}
	return nil
}

// TGWAssociation is an attachment's association with a route table.
type TGWAssociation struct {
	RouteTableID string `json:"routeTableId"`
	State        string `json:"state"` // associating | associated | disassociating
}

// TGWVpcAttachment holds a VPC attachment's options ("enable"/"disable")
// and the requester-managed network interfaces created in its subnets.
type TGWVpcAttachment struct {
	DNSSupport                      string `json:"dnsSupport"`
	Ipv6Support                     string `json:"ipv6Support"`
	ApplianceModeSupport            string `json:"applianceModeSupport"`
	SecurityGroupReferencingSupport string `json:"securityGroupReferencingSupport"`
	// ENIs maps each attachment subnet to the interface in it.
	ENIs map[string]string `json:"enis,omitempty"`
}

// TGWPeer is the accepter side of a transit gateway peering attachment.
type TGWPeer struct {
	TransitGatewayID string `json:"transitGatewayId"`
	OwnerID          string `json:"ownerId"`
	Region           string `json:"region"`
	// DynamicRouting is the option as requested ("disable", or empty when
	// the request gave no options: EC2 then describes no options).
	DynamicRouting string `json:"dynamicRouting,omitempty"`
}

// TransitGatewayRouteTable routes the traffic of the attachments associated
// with it. Its static and blackhole routes are TransitGatewayRoute objects
// (their own kind, so that a table of 100,000 routes is not copied on every
// change); propagated routes are derived from Propagations by
// PropagatedRoutes.
type TransitGatewayRouteTable struct {
	Meta
	TransitGatewayID             string           `json:"transitGatewayId"`
	State                        string           `json:"state"`
	DefaultAssociationRouteTable bool             `json:"defaultAssociationRouteTable"`
	DefaultPropagationRouteTable bool             `json:"defaultPropagationRouteTable"`
	Propagations                 []TGWPropagation `json:"propagations,omitempty"`
	// DeleteTime is when the table was deleted (state deleted).
	DeleteTime time.Time `json:"deleteTime,omitzero"`
}

// TGWPropagation is an attachment propagating its routes into a table.
type TGWPropagation struct {
	AttachmentID string `json:"attachmentId"`
	State        string `json:"state"` // enabling | enabled | disabling
}

// TransitGatewayRoute is a static route (to an attachment) or a blackhole
// route in a transit gateway route table. Meta.ID is
// "<route table id>/<destination>" (a CIDR or a prefix list id), unique
// per table as AWS requires.
type TransitGatewayRoute struct {
	Meta
	RouteTableID string       `json:"routeTableId"`
	Destination  netip.Prefix `json:"destination,omitzero"`
	PrefixListID string       `json:"prefixListId,omitempty"`
	AttachmentID string       `json:"attachmentId,omitempty"`
	Blackhole    bool         `json:"blackhole,omitempty"`
}

// TGWRouteID is the key of a static route in a table.
func TGWRouteID(routeTableID, destination string) string { return routeTableID + "/" + destination }

// TGWPropagatedRoute is a route a propagation puts in a route table.
type TGWPropagatedRoute struct {
	Destination  netip.Prefix
	AttachmentID string
	ResourceType string
	ResourceID   string
	// ECMP are the other attachments of an equal-cost VPN route
	// (TGWSelectVPN), in attachment id order.
	ECMP []TGWNextHop
}

// PropagatedRoutes returns the routes the enabled propagations of rt put
// in it, in propagation order: a VPC attachment propagates the VPC's
// associated IPv4 CIDR blocks, and its IPv6 blocks when the attachment has
// IPv6 support (Transit Gateway Guide, "Route propagation"). Peering
// attachments do not propagate (static routes only). VPN and Direct
// Connect gateway attachments propagate their BGP routes; the hybrid
// issue adds them through extra. Attachments that are not available
// propagate nothing.
func PropagatedRoutes(rt *TransitGatewayRouteTable,
	attachment func(id string) (*TransitGatewayAttachment, bool),
	vpc func(id string) (*VPC, bool),
	extra func(a *TransitGatewayAttachment) []netip.Prefix,
) []TGWPropagatedRoute {
	var out []TGWPropagatedRoute
	for _, p := range rt.Propagations {
		if p.State != "enabled" {
			continue
		}
		a, ok := attachment(p.AttachmentID)
		if !ok || a.State != TGWAvailable {
			continue
		}
		add := func(d netip.Prefix) {
			out = append(out, TGWPropagatedRoute{Destination: d, AttachmentID: a.ID, ResourceType: a.ResourceType, ResourceID: a.ResourceID})
		}
		switch a.ResourceType {
		case TGWAttachVPC:
			v, ok := vpc(a.VpcID)
			if !ok {
				continue
			}
			for _, c := range v.CidrBlocks {
				if c.State == "associated" {
					add(c.Prefix)
				}
			}
			if a.VPC != nil && a.VPC.Ipv6Support == "enable" {
				for _, c := range v.Ipv6CidrBlocks {
					if c.State == "associated" {
						add(c.Prefix)
					}
				}
			}
		case TGWAttachPeering:
		default:
			if extra != nil {
				for _, d := range extra(a) {
					add(d)
				}
			}
		}
	}
	return out
}

// TGWEffectiveRoute is one route of a transit gateway route table as
// SearchTransitGatewayRoutes shows it and the data plane uses it.
type TGWEffectiveRoute struct {
	Destination  netip.Prefix
	PrefixListID string // set for routes of a prefix list reference
	Type         string // static | propagated
	State        string // active | blackhole
	AttachmentID string // empty for blackhole routes
	ResourceType string
	ResourceID   string
	// ECMP are the other attachments of an equal-cost VPN route
	// (TGWSelectVPN), besides AttachmentID.
	ECMP []TGWNextHop
}

// TGWRoutes merges a table's static routes (and prefix list references,
// expanded with prefixList) with its propagated routes, keeping one route
// per destination by AWS's preference: static, then prefix-list
// referenced, then propagated: VPC, then Direct Connect gateway, then
// Connect, then Site-to-Site VPN (TGWPropagatedRank; Transit Gateway
// Guide, "Route evaluation order"); among propagated routes of one rank
// for the same destination the earliest propagation wins (an identical CIDR attached later is not propagated).
// A static route to an attachment that is not available is a blackhole.
// The result is ordered by destination (address, then length).
func TGWRoutes(static []*TransitGatewayRoute, propagated []TGWPropagatedRoute,
	prefixList func(id string) []netip.Prefix,
	attachment func(id string) (*TransitGatewayAttachment, bool),
) []TGWEffectiveRoute {
	rank := map[netip.Prefix]int{}
	best := map[netip.Prefix]TGWEffectiveRoute{}
	offer := func(r TGWEffectiveRoute, pref int) {
		if cur, ok := rank[r.Destination]; ok && cur <= pref {
			return
		}
		rank[r.Destination] = pref
		best[r.Destination] = r
	}
	target := func(r *TransitGatewayRoute, e *TGWEffectiveRoute) {
		e.State = "blackhole"
		if r.Blackhole || r.AttachmentID == "" {
			return
		}
		e.AttachmentID = r.AttachmentID
		if a, ok := attachment(r.AttachmentID); ok {
			e.ResourceType, e.ResourceID = a.ResourceType, a.ResourceID
			if a.State == TGWAvailable {
				e.State = "active"
			}
		}
	}
	for _, r := range static {
		if r.PrefixListID != "" {
			for _, d := range prefixList(r.PrefixListID) {
				e := TGWEffectiveRoute{Destination: d, PrefixListID: r.PrefixListID, Type: "static"}
				target(r, &e)
				offer(e, 1)
			}
			continue
		}
		e := TGWEffectiveRoute{Destination: r.Destination, Type: "static"}
		target(r, &e)
		offer(e, 0)
	}
	for _, p := range propagated {
		offer(TGWEffectiveRoute{Destination: p.Destination, Type: "propagated", State: "active",
			AttachmentID: p.AttachmentID, ResourceType: p.ResourceType, ResourceID: p.ResourceID, ECMP: p.ECMP}, 2+int(TGWPropagatedRank(p.ResourceType)))
	}
	out := make([]TGWEffectiveRoute, 0, len(best))
	for _, r := range best {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Destination, out[j].Destination
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c < 0
		}
		return a.Bits() < b.Bits()
	})
	return out
}

// TGWPropagatedRank orders propagated routes of one destination by the
// attachment type that propagated them, lower preferred (Transit Gateway
// Guide how-transit-gateways-work.md "Route evaluation order": VPC
// propagated routes, Direct Connect gateway propagated routes, Transit
// Gateway Connect propagated routes, Site-to-Site VPN propagated routes).
func TGWPropagatedRank(resourceType string) uint8 {
	switch resourceType {
	case TGWAttachVPC:
		return 0
	case TGWAttachDXGW:
		return 1
	case TGWAttachConnect:
		return 2
	case TGWAttachVPN:
		return 3
	}
	return 4
}
