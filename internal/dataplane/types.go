package dataplane

import (
	"encoding/json"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
)

// ComponentType is the kind of a path component. Its String is the resource
// type used in EC2 ARNs (arn:aws:ec2:<region>:<account>:<type>/<id>).
type ComponentType uint8

// Component types.
const (
	TypeNone ComponentType = iota
	TypeInstance
	TypeNetworkInterface
	TypeSecurityGroup
	TypeNetworkACL
	TypeRouteTable
	TypeSubnet
	TypeVPC
	TypeInternetGateway
	TypeEgressOnlyInternetGateway
	TypeNatGateway
	TypeVpnGateway
	TypePrefixList
	TypeInternet  // the internet beyond a gateway (no ARN)
	TypeAmazonDNS // the Amazon-provided DNS server of a VPC (no ARN)
	TypeVPCRouter // the implicit router of a VPC (no ARN)
	TypeVpcPeeringConnection
	TypeTransitGateway
	TypeTransitGatewayRouteTable
	TypeTransitGatewayAttachment
	TypeVpnConnection
	TypeCustomerGateway
	TypeOnPremises // the on-premises network behind a customer gateway (no ARN)
	// VPC endpoints, PrivateLink and Elastic Load Balancing (endpoint.go,
	// loadbalancer.go, privatelink.go). The ids of load balancers,
	// listeners and target groups are their ARNs.
	TypeVpcEndpoint
	TypeVpcEndpointService
	TypeLoadBalancer
	TypeListener
	TypeTargetGroup
	TypeLambdaFunction // a lambda target: not traced (lbtargets.go)
	// Direct Connect (dx.go): Reachability Analyzer does not analyze
	// paths through Direct Connect; these names are vpcsim's.
	TypeDXVirtualInterface
	TypeDXGateway
	typeCount
)

var typeNames = [typeCount]string{
	TypeNone:                      "",
	TypeInstance:                  "instance",
	TypeNetworkInterface:          "network-interface",
	TypeSecurityGroup:             "security-group",
	TypeNetworkACL:                "network-acl",
	TypeRouteTable:                "route-table",
	TypeSubnet:                    "subnet",
	TypeVPC:                       "vpc",
	TypeInternetGateway:           "internet-gateway",
	TypeEgressOnlyInternetGateway: "egress-only-internet-gateway",
	TypeNatGateway:                "natgateway",
	TypeVpnGateway:                "vpn-gateway",
	TypePrefixList:                "prefix-list",
	TypeInternet:                  "internet",
	TypeAmazonDNS:                 "amazon-dns",
	TypeVPCRouter:                 "vpc-router",
	TypeVpcPeeringConnection:      "vpc-peering-connection",
	TypeTransitGateway:            "transit-gateway",
	TypeTransitGatewayRouteTable:  "transit-gateway-route-table",
	TypeTransitGatewayAttachment:  "transit-gateway-attachment",
	TypeVpnConnection:             "vpn-connection",
	TypeCustomerGateway:           "customer-gateway",
	TypeOnPremises:                "on-premises",
	TypeVpcEndpoint:               "vpc-endpoint",
	TypeVpcEndpointService:        "vpc-endpoint-service",
	TypeLoadBalancer:              "load-balancer",
	TypeListener:                  "listener",
	TypeTargetGroup:               "target-group",
	TypeLambdaFunction:            "lambda-function",
	TypeDXVirtualInterface:        "direct-connect-virtual-interface",
	TypeDXGateway:                 "direct-connect-gateway",
}

func (t ComponentType) String() string {
	if t < typeCount {
		return typeNames[t]
	}
	return "component(?)"
}

// MarshalText renders the type name.
func (t ComponentType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// Ref names one component of the plane. The zero Ref names nothing. It is
// small and holds no copies: ID and the scope point into the compiled world.
type Ref struct {
	Type ComponentType
	ID   string
	meta *model.Meta
}

// IsZero reports whether r names nothing.
func (r Ref) IsZero() bool { return r.Type == TypeNone }

// Account returns the owning account, or "".
func (r Ref) Account() string {
	if r.meta == nil {
		return ""
	}
	return r.meta.Account
}

// Region returns the component's region, or "".
func (r Ref) Region() string {
	if r.meta == nil {
		return ""
	}
	return r.meta.Region
}

// Name returns the component's Name tag, or "".
func (r Ref) Name() string {
	if r.meta == nil {
		return ""
	}
	return r.meta.Tags["Name"]
}

// ARN returns arn:aws:ec2:<region>:<account>:<type>/<id>, or "" for
// pseudo-components (the internet, the Amazon DNS server).
func (r Ref) ARN() string {
	if r.Type == TypeLoadBalancer || r.Type == TypeListener || r.Type == TypeTargetGroup || r.Type == TypeLambdaFunction {
		return r.ID // Elastic Load Balancing ids and lambda targets are ARNs
	}
	if r.meta != nil && (r.Type == TypeDXVirtualInterface || r.Type == TypeDXGateway) {
		return dxARN(r)
	}
	if r.meta == nil || r.Type == TypeInternet || r.Type == TypeAmazonDNS || r.Type == TypeVPCRouter || r.Type == TypeOnPremises || r.Type == TypeNone {
		return ""
	}
	return "arn:aws:ec2:" + r.meta.Region + ":" + r.meta.Account + ":" + r.Type.String() + "/" + r.ID
}

func (r Ref) String() string {
	if r.IsZero() {
		return "-"
	}
	if r.Type == TypeLoadBalancer || r.Type == TypeListener || r.Type == TypeTargetGroup {
		// The resource part of the ARN: loadbalancer/net/NAME/ID.
		if i := strings.LastIndexByte(r.ID, ':'); i >= 0 {
			return r.ID[i+1:]
		}
	}
	return r.ID
}

// MarshalJSON renders {"type","id","arn"}.
func (r Ref) MarshalJSON() ([]byte, error) {
	if r.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(struct {
		Type string `json:"type"`
		ID   string `json:"id"`
		ARN  string `json:"arn,omitempty"`
	}{r.Type.String(), r.ID, r.ARN()})
}

// PortRange is an inclusive range of ports. {0,0} means "not applicable"
// (protocols without ports).
type PortRange struct {
	From, To uint16
}

// Single reports whether the range is one port.
func (p PortRange) Single() bool { return p.From == p.To }

// Contains reports whether port lies in the range.
func (p PortRange) Contains(port uint16) bool { return port >= p.From && port <= p.To }

func (p PortRange) String() string {
	if p.From == p.To {
		return strconv.Itoa(int(p.From))
	}
	return strconv.Itoa(int(p.From)) + "-" + strconv.Itoa(int(p.To))
}

// Default ephemeral port ranges (VPC-UG vpc-network-acls.md "Ephemeral
// ports"): the stateless return path of a network ACL is evaluated against
// every port in the initiator's range when the query gives no source port.
var (
	// EphemeralLinux is the Linux default (net.ipv4.ip_local_port_range),
	// used for instances and interfaces.
	EphemeralLinux = PortRange{32768, 60999}
	// EphemeralNAT is the range a NAT gateway (and ELB, Lambda) uses for
	// translated source ports (VPC-UG vpc-nat-gateway.md).
	EphemeralNAT = PortRange{1024, 65535}
)

// Protocol numbers.
const (
	ProtoICMP   = 1
	ProtoTCP    = 6
	ProtoUDP    = 17
	ProtoICMPv6 = 58
)

// Header is a packet header as it enters or leaves a hop. For TCP and UDP
// the ports are ranges (a single port, or the ephemeral range of an
// initiator whose port was not given); for ICMP, IcmpType and IcmpCode are
// set and the ports are zero.
type Header struct {
	Src, Dst netip.Addr
	Proto    uint8
	SrcPort  PortRange
	DstPort  PortRange
	IcmpType int16
	IcmpCode int16
}

// HasPorts reports whether the protocol carries ports (TCP or UDP).
func (h *Header) HasPorts() bool { return h.Proto == ProtoTCP || h.Proto == ProtoUDP }

// IsICMP reports whether the packet is ICMP or ICMPv6.
func (h *Header) IsICMP() bool { return h.Proto == ProtoICMP || h.Proto == ProtoICMPv6 }

// Is6 reports whether the packet is IPv6.
func (h *Header) Is6() bool { return h.Dst.Is6() }

// reply returns the header of the response to h.
func (h Header) reply() Header {
	r := Header{Src: h.Dst, Dst: h.Src, Proto: h.Proto, SrcPort: h.DstPort, DstPort: h.SrcPort, IcmpCode: 0, IcmpType: h.IcmpType}
	switch {
	case h.Proto == ProtoICMP && h.IcmpType == 8:
		r.IcmpType = 0
	case h.Proto == ProtoICMPv6 && h.IcmpType == 128:
		r.IcmpType = 129
	}
	return r
}

func (h Header) String() string {
	b := make([]byte, 0, 80)
	b = append(b, protoName(h.Proto)...)
	b = append(b, ' ')
	b = h.Src.AppendTo(b)
	if h.HasPorts() {
		b = append(b, ':')
		b = append(b, h.SrcPort.String()...)
	}
	b = append(b, " > "...)
	b = h.Dst.AppendTo(b)
	if h.HasPorts() {
		b = append(b, ':')
		b = append(b, h.DstPort.String()...)
	}
	if h.IsICMP() {
		b = append(b, " type "...)
		b = strconv.AppendInt(b, int64(h.IcmpType), 10)
		b = append(b, " code "...)
		b = strconv.AppendInt(b, int64(h.IcmpCode), 10)
	}
	return string(b)
}

// MarshalJSON renders the header with addresses and port ranges as text.
func (h Header) MarshalJSON() ([]byte, error) {
	if !h.Dst.IsValid() {
		return []byte("null"), nil
	}
	type hj struct {
		Protocol string `json:"protocol"`
		Src      string `json:"source"`
		Dst      string `json:"destination"`
		SrcPort  string `json:"sourcePort,omitempty"`
		DstPort  string `json:"destinationPort,omitempty"`
		IcmpType *int16 `json:"icmpType,omitempty"`
		IcmpCode *int16 `json:"icmpCode,omitempty"`
	}
	o := hj{Protocol: protoName(h.Proto), Src: h.Src.String(), Dst: h.Dst.String()}
	if h.HasPorts() {
		o.SrcPort, o.DstPort = h.SrcPort.String(), h.DstPort.String()
	}
	if h.IsICMP() {
		o.IcmpType, o.IcmpCode = &h.IcmpType, &h.IcmpCode
	}
	return json.Marshal(o)
}

func protoName(p uint8) string {
	switch p {
	case ProtoTCP:
		return "tcp"
	case ProtoUDP:
		return "udp"
	case ProtoICMP:
		return "icmp"
	case ProtoICMPv6:
		return "icmpv6"
	}
	return strconv.Itoa(int(p))
}

// RouteState is a compiled route's state as EC2 reports it.
type RouteState uint8

// Route states.
const (
	RouteActive RouteState = iota
	RouteBlackhole
)

func (s RouteState) String() string {
	if s == RouteBlackhole {
		return "blackhole"
	}
	return "active"
}

// MarshalText renders active or blackhole.
func (s RouteState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Route is one compiled route of a route table. Its state (blackhole when
// the target is gone, detached, stopped or deleted) is computed at compile
// time.
type Route struct {
	Table        string           `json:"routeTableId"`
	Destination  netip.Prefix     `json:"destinationCidr,omitzero"`
	PrefixListID string           `json:"destinationPrefixListId,omitempty"`
	Target       model.TargetKind `json:"targetType"`
	TargetID     string           `json:"targetId"`
	InstanceID   string           `json:"instanceId,omitempty"`
	Origin       string           `json:"origin,omitempty"`
	State        RouteState       `json:"state"`

	next nodeRef
	prio uint8
}

func (r *Route) String() string {
	dst := r.PrefixListID
	if dst == "" {
		dst = r.Destination.String()
	}
	s := dst + " -> " + r.TargetID
	if r.State == RouteBlackhole {
		s += " (blackhole)"
	}
	return s
}

// SGRule is one compiled security group rule.
type SGRule struct {
	ID           string       `json:"securityGroupRuleId,omitempty"`
	GroupID      string       `json:"groupId"`
	Egress       bool         `json:"egress"`
	Protocol     string       `json:"protocol"`
	FromPort     int32        `json:"fromPort"`
	ToPort       int32        `json:"toPort"`
	Cidr         netip.Prefix `json:"cidr,omitzero"`
	PrefixListID string       `json:"prefixListId,omitempty"`
	RefGroupID   string       `json:"referencedGroupId,omitempty"`

	proto int16 // -1 all, -2 unknown
	pl    int32 // prefix list index or -1
	ref   int32 // referenced group index or -1
}

func (r *SGRule) String() string {
	peer := r.Cidr.String()
	switch {
	case r.PrefixListID != "":
		peer = r.PrefixListID
	case r.RefGroupID != "":
		peer = r.RefGroupID
	}
	dir := "ingress"
	if r.Egress {
		dir = "egress"
	}
	id := r.ID
	if id == "" {
		id = r.GroupID
	}
	return id + " " + dir + " " + sgProtoText(r) + " " + peer
}

func sgProtoText(r *SGRule) string {
	switch r.proto {
	case -1:
		return "all"
	case ProtoTCP, ProtoUDP:
		return protoName(uint8(r.proto)) + "/" + portsText(r.FromPort, r.ToPort)
	case ProtoICMP, ProtoICMPv6:
		return protoName(uint8(r.proto)) + " type " + strconv.Itoa(int(r.FromPort)) + " code " + strconv.Itoa(int(r.ToPort))
	}
	return r.Protocol
}

func portsText(from, to int32) string {
	if from == -1 || (from == 0 && to == 65535) {
		return "all"
	}
	if from == to {
		return strconv.Itoa(int(from))
	}
	return strconv.Itoa(int(from)) + "-" + strconv.Itoa(int(to))
}

// ACLRule is one compiled network ACL entry (including the `*` deny).
type ACLRule struct {
	ACL        string       `json:"networkAclId"`
	RuleNumber int32        `json:"ruleNumber"`
	Egress     bool         `json:"egress"`
	Protocol   string       `json:"protocol"`
	Allow      bool         `json:"allow"`
	Cidr       netip.Prefix `json:"cidr"`
	PortFrom   int32        `json:"portFrom"` // -1: all
	PortTo     int32        `json:"portTo"`
	IcmpType   int32        `json:"icmpType"` // -1: all
	IcmpCode   int32        `json:"icmpCode"`

	proto int16
}

// IsDefaultDeny reports whether the entry is the `*` rule.
func (r *ACLRule) IsDefaultDeny() bool { return r.RuleNumber >= model.DefaultRuleNumber }

// Action returns "allow" or "deny".
func (r *ACLRule) Action() string {
	if r.Allow {
		return "allow"
	}
	return "deny"
}

func (r *ACLRule) String() string {
	n := strconv.Itoa(int(r.RuleNumber))
	if r.IsDefaultDeny() {
		n = "*"
	}
	dir := "in"
	if r.Egress {
		dir = "out"
	}
	p := "all"
	switch r.proto {
	case ProtoTCP, ProtoUDP:
		p = protoName(uint8(r.proto)) + "/" + portsText(r.PortFrom, r.PortTo)
	case ProtoICMP, ProtoICMPv6:
		p = protoName(uint8(r.proto))
		if r.IcmpType >= 0 {
			p += " type " + strconv.Itoa(int(r.IcmpType))
		}
	case -1:
	default:
		p = r.Protocol
	}
	return r.ACL + " " + dir + " " + n + " " + r.Action() + " " + p + " " + r.Cidr.String()
}

// Direction is ingress or egress, for rules and explanations.
type Direction uint8

// Directions.
const (
	DirNone Direction = iota
	Ingress
	Egress
)

func (d Direction) String() string {
	switch d {
	case Ingress:
		return "ingress"
	case Egress:
		return "egress"
	}
	return ""
}

// MarshalText renders ingress or egress.
func (d Direction) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Hop is one step of a path: the component, what decided (a route, a
// security group rule or a network ACL entry), the header in and out, the
// verdict with its typed reason and, when AWS has one, the Reachability
// Analyzer explanation code.
type Hop struct {
	Component  Ref       `json:"component"`
	AttachedTo Ref       `json:"attachedTo,omitzero"` // e.g. the ENI of an instance, the subnet of a NACL
	VPC        Ref       `json:"vpc,omitzero"`
	Direction  Direction `json:"direction,omitempty"`
	In         Header    `json:"inboundHeader"`
	Out        Header    `json:"outboundHeader"`
	Verdict    Verdict   `json:"verdict"`
	Reason     Reason    `json:"reason"`
	Code       Code      `json:"explanationCode,omitempty"`
	Route      *Route    `json:"route,omitempty"`
	SGRule     *SGRule   `json:"securityGroupRule,omitempty"`
	ACLRule    *ACLRule  `json:"aclRule,omitempty"`
	// TGWRoute is the transit gateway route that decided (on a transit
	// gateway route table hop).
	TGWRoute *TGWRoute `json:"transitGatewayRoute,omitempty"`
	// Port is the port that decided when a range was evaluated and one
	// port of it was refused (network ACL return path).
	Port uint16 `json:"port,omitempty"`
}

// Explanation is one reason a path is blocked, naming the components
// involved (Reachability Analyzer's Explanation).
type Explanation struct {
	Code           Code      `json:"explanationCode"`
	Direction      Direction `json:"direction,omitempty"`
	Component      Ref       `json:"component"`
	AttachedTo     Ref       `json:"attachedTo,omitzero"`
	Subnet         Ref       `json:"subnet,omitzero"`
	VPC            Ref       `json:"vpc,omitzero"`
	SecurityGroups []Ref     `json:"securityGroups,omitempty"`
	Route          *Route    `json:"route,omitempty"`
	ACLRule        *ACLRule  `json:"aclRule,omitempty"`
	// Gateway is the internet gateway, RouteTable the gateway (ingress)
	// route table and SubnetRouteTable the subnet's route table an
	// INGRESS_RTB_* explanation names.
	Gateway          Ref `json:"internetGateway,omitzero"`
	RouteTable       Ref `json:"routeTable,omitzero"`
	SubnetRouteTable Ref `json:"subnetRouteTable,omitzero"`
	// PeeringConnection, TransitGateway, TGWRouteTable, TGWAttachment and
	// TGWRoute name the peering and transit gateway components a PCX_* or
	// TGW_* explanation is about.
	PeeringConnection Ref       `json:"vpcPeeringConnection,omitzero"`
	TransitGateway    Ref       `json:"transitGateway,omitzero"`
	TGWRouteTable     Ref       `json:"transitGatewayRouteTable,omitzero"`
	TGWAttachment     Ref       `json:"transitGatewayAttachment,omitzero"`
	TGWRoute          *TGWRoute `json:"transitGatewayRoute,omitempty"`

	Address     netip.Addr `json:"address,omitzero"`
	PacketField string     `json:"packetField,omitempty"`
	Port        uint16     `json:"port,omitempty"`
	Protocol    uint8      `json:"protocol,omitempty"`
	Return      bool       `json:"returnPath,omitempty"`
	Detail      string     `json:"detail"`
}

// Query asks whether a packet can get from Source to Destination.
//
// Source is an ENI id (eni-), an instance id (i-), an internet gateway id
// (igw-: the internet as source), a NAT gateway id (nat-) or an IP address
// (a private address of an interface, or an internet address). Destination
// takes the same forms; an address outside every VPC is an internet
// destination.
type Query struct {
	Source      string `json:"source"`
	Destination string `json:"destination"`
	// SourceIP and DestinationIP pin the packet's addresses (for example an
	// internet address behind an IGW destination, or a secondary IP).
	SourceIP      netip.Addr `json:"sourceIp,omitzero"`
	DestinationIP netip.Addr `json:"destinationIp,omitzero"`
	// Protocol is tcp, udp, icmp, icmpv6, -1 or a protocol number.
	Protocol        string `json:"protocol"`
	DestinationPort uint16 `json:"destinationPort,omitempty"`
	// SourcePort is the initiator's port; 0 means the initiator's default
	// ephemeral range (EphemeralLinux for interfaces, EphemeralNAT for a
	// NAT gateway).
	SourcePort uint16 `json:"sourcePort,omitempty"`
	// IcmpType and IcmpCode for ICMP; the default is an echo request.
	IcmpType *int16 `json:"icmpType,omitempty"`
	IcmpCode *int16 `json:"icmpCode,omitempty"`
	// IPv6 selects the endpoints' IPv6 addresses.
	IPv6 bool `json:"ipv6,omitempty"`
	// VPC disambiguates an IP address endpoint when VPCs overlap.
	VPC string `json:"vpc,omitempty"`
}

// Default internet addresses used when the internet is an endpoint and the
// query names no address (documentation ranges, RFC 5737 / RFC 3849).
var (
	DefaultInternetIPv4 = netip.MustParseAddr("198.51.100.10")
	DefaultInternetIPv6 = netip.MustParseAddr("2001:db8::10")
)
