package dataplane

// Code is a Reachability Analyzer explanation code, spelled exactly as AWS
// documents it (https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html).
// Only the codes the plane can produce today are declared; the rest of AWS's
// list belongs to components that are not modelled yet (Classic and Gateway
// Load Balancers, Direct Connect, Network Firewall).
type Code string

// Path is not reachable.
const (
	CodeNone                                Code = ""
	BadState                                Code = "BAD_STATE"
	BadStateRoute                           Code = "BAD_STATE_ROUTE"
	BadStateAttachment                      Code = "BAD_STATE_ATTACHMENT"
	EniAddressRestriction                   Code = "ENI_ADDRESS_RESTRICTION"
	EniSGRulesMismatch                      Code = "ENI_SG_RULES_MISMATCH"
	EniSourceDestCheckRestriction           Code = "ENI_SOURCE_DEST_CHECK_RESTRICTION"
	GatewayRejectsSpoofedTraffic            Code = "GATEWAY_REJECTS_SPOOFED_TRAFFIC"
	IgwDestinationAddressInVpcCidrs         Code = "IGW_DESTINATION_ADDRESS_IN_VPC_CIDRS"
	IgwDestinationAddressNotInRFC1918Egress Code = "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
	IgwDestinationAddressNotInRFC6598Egress Code = "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS"
	IgwPrivateIPAssociationForIngress       Code = "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
	IgwPublicIPAssociationForEgress         Code = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"
	IgwSourceAddressNotInRFC1918Ingress     Code = "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS"
	IgwSourceAddressNotInRFC6598Ingress     Code = "IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS"
	IngressRtbNoPublicIP                    Code = "INGRESS_RTB_NO_PUBLIC_IP"
	IngressRtbTrafficRedirection            Code = "INGRESS_RTB_TRAFFIC_REDIRECTION"
	NgwRequiresSourceInVpc                  Code = "NGW_REQUIRES_SOURCE_IN_VPC"
	NoPossibleDestination                   Code = "NO_POSSIBLE_DESTINATION"
	NoRouteToDestination                    Code = "NO_ROUTE_TO_DESTINATION"
	PcxRequiresAddressInVpcCidr             Code = "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"
	ProtocolRestriction                     Code = "PROTOCOL_RESTRICTION"
	SGHasNoRules                            Code = "SG_HAS_NO_RULES"
	SGReferencesNotPreserved                Code = "SG_REFERENCES_NOT_PRESERVED"
	SGReferencingSupport                    Code = "SG_REFERENCING_SUPPORT"
	SubnetACLRestriction                    Code = "SUBNET_ACL_RESTRICTION"
	TgwAttachMissingTgwRtbAssociation       Code = "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION"
	TgwAttachVpcAZRestriction               Code = "TGW_ATTACH_VPC_AZ_RESTRICTION"
	TgwRouteAZRestriction                   Code = "TGW_ROUTE_AZ_RESTRICTION"
	TgwRtbBadStateRoute                     Code = "TGW_RTB_BAD_STATE_ROUTE"
	TgwRtbCannotRoute                       Code = "TGW_RTB_CANNOT_ROUTE"
	UnknownDestination                      Code = "UNKNOWN_DESTINATION"
	VpcLocalRouteCidrRestriction            Code = "VPC_LOCAL_ROUTE_CIDR_RESTRICTION"
	// VPN (vpn.go).
	BadStateVPN                       Code = "BAD_STATE_VPN"
	TgwBadStateVPN                    Code = "TGW_BAD_STATE_VPN"
	VgwPrivateIPAssociationForEgress  Code = "VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS"
	VgwPrivateIPAssociationForIngress Code = "VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
	// VPC endpoints, PrivateLink and load balancers (endpoint.go,
	// privatelink.go, loadbalancer.go).
	VpceGatewayProtocolRestriction Code = "VPCE_GATEWAY_PROTOCOL_RESTRICTION"
	VpceIntraVpcTraffic            Code = "VPCE_INTRA_VPC_TRAFFIC"
	VpceServiceNotInstalledInAZ    Code = "VPCE_SERVICE_NOT_INSTALLED_IN_AZ"
	Elbv2ListenersMismatch         Code = "ELBV2_LISTENERS_MISMATCH"
	Elbv2ListenerHasNoTG           Code = "ELBV2_LISTENER_HAS_NO_TG"
	Elbv2ListenerRequiresTGAccept  Code = "ELBV2_LISTENER_REQUIRES_TG_ACCEPT"
	Elbv2NoTargetsInAZ             Code = "ELBV2_NO_TARGETS_IN_AZ"
)

// Configuration: no path is possible.
const (
	DisconnectedVpcs       Code = "DISCONNECTED_VPCS"
	NoPath                 Code = "NO_PATH"
	NoSourceOrDestination  Code = "NO_SOURCE_OR_DESTINATION"
	UnassociatedComponent  Code = "UNASSOCIATED_COMPONENT"
	UnsupportedComponent   Code = "UNSUPPORTED_COMPONENT"
	IgwExpectsPublicAddres Code = "IGW_EXPECTS_PUBLIC_ADDRESS"
	// VpcBlockPublicAccessEnabled: internet traffic blocked by VPC Block
	// Public Access (aws-semantics.md, explanation codes).
	VpcBlockPublicAccessEnabled Code = "VPC_BLOCK_PUBLIC_ACCESS_ENABLED"
)

// Search filter codes: no path satisfies the analysis's component filters
// (StartNetworkInsightsAnalysis FilterInArns / FilterOutArns).
const (
	ComponentFilterRestriction                 Code = "COMPONENT_FILTER_RESTRICTION"
	ComponentFilterRestrictionRemovedComponent Code = "COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT"
)

// Informational codes attached to hops that change the packet; they are not
// reasons for a blocked path.
const (
	NgwSourceAddressReassign Code = "NGW_SOURCE_ADDRESS_REASSIGN"
	NgwDestAddressPreserve   Code = "NGW_DEST_ADDRESS_PRESERVATION"
	RemapEphemeralPort       Code = "REMAP_EPHEMERAL_PORT"
	// Elbv2SourceAddressPreservation: a Network Load Balancer forwards
	// with the client's address as the source (client IP preservation).
	Elbv2SourceAddressPreservation Code = "ELBV2_SOURCE_ADDRESS_PRESERVATION"
	// PathThroughGwlbNotChecked: the path goes through a Gateway Load
	// Balancer endpoint; Reachability Analyzer does not check the load
	// balancer and its targets (an additional detail code, gwlb.go).
	PathThroughGwlbNotChecked Code = "PATH_THROUGH_GWLB_NOT_CHECKED"
)

// Verdict is what a hop did with the packet.
type Verdict uint8

// Verdicts.
const (
	// Pass: the component admitted the packet (a rule allowed it, or the
	// component has nothing to decide) and it continues.
	Pass Verdict = iota
	// Forward: a route or gateway sent the packet on towards a next hop.
	Forward
	// Translate: the component rewrote the header (IGW 1:1 NAT, NAT
	// gateway, NAT instance) and forwarded the packet.
	Translate
	// Deliver: the packet reached its final destination.
	Deliver
	// Drop: the packet stops here; Hop.Code says why.
	Drop
)

func (v Verdict) String() string {
	switch v {
	case Pass:
		return "pass"
	case Forward:
		return "forward"
	case Translate:
		return "translate"
	case Deliver:
		return "deliver"
	case Drop:
		return "drop"
	}
	return "verdict(?)"
}

// MarshalText renders the verdict as its name.
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// Reason is the typed cause of a hop's verdict (in the style of Tailscale's
// wgengine/filter): every decision carries one. Hop.Code is the matching
// Reachability Analyzer code when AWS has one.
type Reason uint8

// Reasons.
const (
	ReasonNone Reason = iota
	ReasonSource
	ReasonSGRuleAllows
	ReasonSGNoRule
	ReasonSGTracked
	ReasonSGNotEvaluated
	ReasonACLRuleAllows
	ReasonACLRuleDenies
	ReasonACLSameSubnet
	ReasonRouteMatch
	ReasonRouteBlackhole
	ReasonNoRoute
	ReasonSameSubnet
	ReasonSourceDestCheck
	ReasonDelivered
	ReasonNoInterface
	ReasonReservedAddress
	ReasonDNS
	ReasonDNSDisabled
	ReasonDNSPort
	ReasonIGWOut
	ReasonIGWOut6
	ReasonIGWIn6
	ReasonSpoofed
	ReasonNATNotFromVPC
	ReasonIGWIn
	ReasonIGWNoPublicIP
	ReasonIGWPrivateDest
	ReasonIGWPrivateSource
	ReasonIGWNotInVPC
	ReasonIGWDetached
	ReasonEIGWOut
	ReasonEIGWIn
	ReasonEIGWUnsolicited
	ReasonEIGWIPv4
	ReasonNATOut
	ReasonNATIn
	ReasonNATUnsolicited
	ReasonNATProtocol
	ReasonNATState
	ReasonNATIPv6
	ReasonNATInstance
	ReasonNATInstanceReturn
	ReasonInternet
	ReasonApplianceForward
	ReasonNotModelled
	ReasonLoop
	ReasonInstanceState
	ReasonNoGateway
	ReasonWrongEndpoint
	ReasonEdgeRoute
	ReasonEdgeNoPublicIP
	ReasonEdgeAsymmetric
	ReasonSGRefNotPreserved
	ReasonSGRefInterRegion
	ReasonSGRefPrivateLink
	ReasonSGRefTGW
	ReasonPeering
	ReasonPcxSourceNotInVPC
	ReasonPcxDestNotInPeer
	ReasonPcxPeerUnknown
	ReasonTGWNoSubnetInAZ
	ReasonTGWAttachIn
	ReasonTGWAttachOut
	ReasonTGWAttachState
	ReasonTGWState
	ReasonTGWRouted
	ReasonTGWPass
	ReasonTGWNoAssociation
	ReasonTGWNoRoute
	ReasonTGWBlackhole
	ReasonTGWRouteState
	ReasonTGWNoIPv6
	ReasonTGWPeering
	ReasonTGWAsymmetric
	ReasonTGWAttachNoENI
	// VPN and on-premises (vpn.go).
	ReasonOnPremSource
	ReasonCGWOut
	ReasonCGWIn
	ReasonOnPremDelivered
	ReasonOnPremUnknown
	ReasonVPNTunnel
	ReasonVPNTunnelsDown
	ReasonVPNAttachState
	ReasonVGWIn
	ReasonVGWRouted
	ReasonVGWNoRoute
	ReasonVGWNoIPv6
	ReasonVGWSpoofed
	ReasonVGWNotInVPC
	ReasonVGWDetached
	ReasonCloudHub
	ReasonCloudHubASN
	ReasonBPAIngress
	ReasonBPAEgress
	// VPC endpoints, PrivateLink and load balancers.
	ReasonVPCEGateway
	ReasonVPCEGatewayReply
	ReasonVPCEGatewayOutside
	ReasonVPCEGatewayProtocol
	ReasonVPCEState
	ReasonVPCEInterface
	ReasonVPCEInterfaceTCP
	ReasonVPCEPrivateLink
	ReasonVPCEInitiates
	ReasonPLService
	ReasonPLServiceState
	ReasonPLNotInAZ
	ReasonPLReturn
	ReasonPLEndpointReturn
	ReasonLBState
	ReasonLBNoListener
	ReasonLBListener
	ReasonLBAnswers
	ReasonLBNoTargetGroup
	ReasonLBForward
	ReasonLBNoTargets
	ReasonLBNoTargetInAZ
	ReasonLBALBConnect
	ReasonLBPreserve
	ReasonLBSourceNAT
	ReasonLBReturn
	ReasonLBWeighted
	ReasonLBZeroWeights
	ReasonLBLambda
	ReasonLBNoAddress
	// Target choice (lbtargets.go): vpcsim's, beyond Reachability
	// Analyzer, which ignores target health (Reason.BeyondAnalyzer).
	ReasonLBHealthy
	ReasonLBFailover
	ReasonLBFailOpen
	// Direct Connect (dx.go).
	ReasonDXVifIn
	ReasonDXVifOut
	ReasonDXVifDown
	ReasonDXNoRoute
	ReasonDXGatewayIn
	ReasonDXGatewayOut
	ReasonDXGatewayNoVif
	ReasonVGWInDX
	// Gateway Load Balancer endpoints (gwlb.go). The reasons from
	// ReasonGWLBService to ReasonGWLBEOut are vpcsim's hops beyond what
	// Reachability Analyzer checks (Reason.BeyondAnalyzer).
	ReasonGWLBEIn
	ReasonGWLBENoInterface
	ReasonGWLBEOtherVPC
	ReasonGWLBEIPv4
	ReasonGWLBENoService
	ReasonGWLBEFromVGW
	ReasonGWLBService
	ReasonGWLBServiceState
	ReasonGWLBNotInAZ
	ReasonGWLBNode
	ReasonGWLBState
	ReasonGWLBNoListener
	ReasonGWLBNoTargetGroup
	ReasonGWLBNoTargets
	ReasonGWLBNoTargetInAZ
	ReasonGWLBNoHealthy
	ReasonGWLBTarget
	ReasonGWLBAppliance
	ReasonGWLBBack
	ReasonGWLBEOut
	// NAT64 and IPv6-only subnets (nat64.go).
	ReasonNAT64Out
	ReasonNAT64In
	ReasonIPv6OnlyNoIPv4
	// SiteLink and tunnel ECMP (sitelink.go, vpn_ecmp.go).
	ReasonDXSiteLink
	ReasonDXSiteLinkNoRoute
	ReasonVPNTunnelECMP
	// Private IP VPN over Direct Connect (vpnoverdx.go).
	ReasonVPNTunnelOverDX
	ReasonVPNTunnelECMPOverDX
	ReasonVPNTransportDown
	reasonCount
)

var reasonText = [reasonCount]string{
	ReasonNone:                "",
	ReasonSource:              "packet originates here",
	ReasonSGRuleAllows:        "a security group rule allows the packet",
	ReasonSGNoRule:            "no security group rule allows the packet",
	ReasonSGTracked:           "response to a tracked connection (security groups are stateful)",
	ReasonSGNotEvaluated:      "security groups do not apply",
	ReasonACLRuleAllows:       "network ACL entry allows",
	ReasonACLRuleDenies:       "network ACL entry denies",
	ReasonACLSameSubnet:       "network ACLs are not evaluated inside one subnet",
	ReasonRouteMatch:          "longest-prefix route",
	ReasonRouteBlackhole:      "route target no longer exists (blackhole)",
	ReasonNoRoute:             "no route matches the destination",
	ReasonSameSubnet:          "destination is in the same subnet: delivered without route table or network ACL",
	ReasonSourceDestCheck:     "source/destination check is enabled and the address is not the interface's own",
	ReasonDelivered:           "destination reached",
	ReasonNoInterface:         "no network interface holds the destination address",
	ReasonReservedAddress:     "address is reserved by AWS in the subnet",
	ReasonDNS:                 "Amazon-provided DNS answers; security groups and network ACLs cannot block it",
	ReasonDNSDisabled:         "enableDnsSupport is false: the Amazon DNS server does not answer",
	ReasonDNSPort:             "the Amazon DNS server answers only TCP and UDP port 53",
	ReasonIGWOut:              "internet gateway: 1:1 NAT of the private address to its public address",
	ReasonIGWIn:               "internet gateway: 1:1 NAT of the public address to its private address",
	ReasonIGWOut6:             "internet gateway: IPv6 is not translated",
	ReasonIGWIn6:              "internet gateway: IPv6 is not translated",
	ReasonSpoofed:             "the source address does not belong to the VPC",
	ReasonNATNotFromVPC:       "a NAT gateway serves only traffic from its own VPC",
	ReasonIGWNoPublicIP:       "the source has no public IPv4 address or Elastic IP",
	ReasonIGWPrivateDest:      "the internet gateway does not forward to private (RFC 1918 / RFC 6598) addresses",
	ReasonIGWPrivateSource:    "the internet gateway drops traffic from private (RFC 1918 / RFC 6598) sources",
	ReasonIGWNotInVPC:         "the destination is not a public address of an interface in the gateway's VPC",
	ReasonIGWDetached:         "the internet gateway is not attached to the VPC",
	ReasonEIGWOut:             "egress-only internet gateway: outbound IPv6, connection tracked",
	ReasonEIGWIn:              "egress-only internet gateway: response to a tracked connection",
	ReasonEIGWUnsolicited:     "egress-only internet gateway blocks connections initiated from the internet",
	ReasonEIGWIPv4:            "egress-only internet gateway carries IPv6 only",
	ReasonNATOut:              "NAT gateway: source NAT to its private address",
	ReasonNATIn:               "NAT gateway: response translated back to the original source",
	ReasonNATUnsolicited:      "NAT gateway accepts no unsolicited inbound connections",
	ReasonNATProtocol:         "NAT gateway supports TCP, UDP and ICMP only",
	ReasonNATState:            "NAT gateway is not available",
	ReasonNATIPv6:             "NAT gateway translates IPv6 only to destinations in 64:ff9b::/96 (NAT64)",
	ReasonNATInstance:         "NAT instance: source NAT to the instance's private address",
	ReasonNATInstanceReturn:   "NAT instance: response translated back to the original source",
	ReasonInternet:            "internet",
	ReasonApplianceForward:    "middlebox forwards the packet (source/destination check disabled)",
	ReasonNotModelled:         "route target type is not modelled yet",
	ReasonLoop:                "hop limit exceeded (routing loop)",
	ReasonInstanceState:       "instance is not running",
	ReasonNoGateway:           "no internet gateway attached to the VPC",
	ReasonWrongEndpoint:       "the packet was delivered to a different endpoint than requested",
	ReasonEdgeRoute:           "gateway route table (edge association)",
	ReasonEdgeNoPublicIP:      "the middlebox a gateway route table sends internet traffic to has no public IP address",
	ReasonEdgeAsymmetric:      "the gateway route table sends this subnet's inbound traffic through a middlebox, so its traffic cannot use a direct route to the internet gateway (asymmetric routing)",
	ReasonSGRefNotPreserved:   "the packet crossed a middlebox, which does not preserve security group information: rules that reference a security group cannot match",
	ReasonSGRefInterRegion:    "the packet crossed an inter-Region peering connection: rules that reference a security group of the peer VPC cannot match",
	ReasonSGRefPrivateLink:    "the packet came through AWS PrivateLink from the consumer's VPC: rules that reference a security group cannot match it",
	ReasonSGRefTGW:            "the packet crossed a transit gateway without security group referencing support (it needs the gateway and both VPC attachments enabled, and never crosses a peering attachment): rules that reference a security group cannot match",
	ReasonPeering:             "VPC peering connection to the peer VPC",
	ReasonPcxSourceNotInVPC:   "the source is not in the VPC's CIDR blocks: peering is not transitive and carries no edge-to-edge traffic",
	ReasonPcxDestNotInPeer:    "the destination is not in the peer VPC's CIDR blocks: peering is not transitive and carries no edge-to-edge traffic",
	ReasonPcxPeerUnknown:      "the peer VPC of the peering connection does not exist",
	ReasonTGWNoSubnetInAZ:     "the transit gateway VPC attachment has no subnet in the Availability Zone of the source subnet",
	ReasonTGWAttachIn:         "enters the transit gateway through the attachment's network interface",
	ReasonTGWAttachOut:        "leaves the transit gateway through the attachment's network interface",
	ReasonTGWAttachState:      "the transit gateway attachment is not available",
	ReasonTGWState:            "the transit gateway is not available",
	ReasonTGWRouted:           "longest-prefix transit gateway route (static before propagated)",
	ReasonTGWPass:             "transit gateway routes by the route table associated with the ingress attachment",
	ReasonTGWNoAssociation:    "the ingress attachment is not associated with a transit gateway route table",
	ReasonTGWNoRoute:          "no route of the transit gateway route table matches the destination",
	ReasonTGWBlackhole:        "blackhole route: the transit gateway drops the packet",
	ReasonTGWRouteState:       "the route's attachment is not available (blackhole)",
	ReasonTGWNoIPv6:           "the VPC attachment does not have IPv6 support",
	ReasonTGWPeering:          "transit gateway peering attachment to the peer transit gateway",
	ReasonTGWAsymmetric:       "the response crosses the appliance VPC in another Availability Zone than the request (stateful appliance; enable appliance mode on the attachment)",
	ReasonTGWAttachNoENI:      "the transit gateway VPC attachment has no subnet",
	ReasonOnPremSource:        "packet originates in the on-premises network",
	ReasonCGWOut:              "customer gateway device sends the packet into the VPN connection",
	ReasonCGWIn:               "customer gateway device receives the packet from the VPN connection",
	ReasonOnPremDelivered:     "destination reached in the on-premises network",
	ReasonOnPremUnknown:       "the destination is not in the on-premises network behind the customer gateway (its BGP advertisements or the connection's static routes)",
	ReasonVPNTunnel:           "IPsec tunnel of the VPN connection (the first tunnel that is up)",
	ReasonVPNTunnelsDown:      "both tunnels of the VPN connection are down",
	ReasonVPNAttachState:      "the VPN connection's transit gateway attachment is not available",
	ReasonVGWIn:               "virtual private gateway: traffic from the VPN into its VPC",
	ReasonVGWRouted:           "virtual private gateway route (Direct Connect BGP, then VPN static, then VPN BGP; shortest AS path, then lowest MED)",
	ReasonVGWNoRoute:          "the virtual private gateway has no BGP or static route for the destination",
	ReasonVGWNoIPv6:           "virtual private gateways do not support IPv6 traffic",
	ReasonVGWSpoofed:          "the virtual private gateway forwards only traffic whose source is in its VPC's CIDR blocks",
	ReasonVGWNotInVPC:         "the virtual private gateway accepts from the VPN only traffic for its VPC's CIDR blocks (or another site: CloudHub)",
	ReasonVGWDetached:         "the virtual private gateway is not attached to a VPC",
	ReasonCloudHub:            "VPN CloudHub: the virtual private gateway relays the packet to another site",
	ReasonCloudHubASN:         "VPN CloudHub: the virtual private gateway does not re-advertise this route to the source site (each customer gateway needs a unique BGP ASN)",
	ReasonBPAIngress:          "VPC Block Public Access blocks internet traffic into this subnet",
	ReasonBPAEgress:           "VPC Block Public Access blocks this subnet's traffic to the internet (ingress-only mode lets out only NAT gateway and egress-only internet gateway traffic)",
	ReasonVPCEGateway:         "gateway endpoint: the AWS service (S3 or DynamoDB) receives the packet from the VPC's private address",
	ReasonVPCEGatewayReply:    "gateway endpoint: the service's response enters the VPC",
	ReasonVPCEGatewayOutside:  "a gateway endpoint is usable only from inside its VPC: the source is not in the VPC's CIDR blocks (traffic over a transit gateway, VPN, Direct Connect or peering cannot use it)",
	ReasonVPCEGatewayProtocol: "a gateway endpoint carries only TCP and ICMP echo",
	ReasonVPCEState:           "the VPC endpoint is not available (a PrivateLink connection must be accepted by the service owner)",
	ReasonVPCEInterface:       "interface endpoint: the AWS service receives the packet",
	ReasonVPCEInterfaceTCP:    "an interface endpoint carries TCP traffic only",
	ReasonVPCEPrivateLink:     "interface endpoint: the packet goes to the endpoint service (AWS PrivateLink)",
	ReasonVPCEInitiates:       "a VPC endpoint does not initiate connections: it only answers traffic sent to it",
	ReasonPLService:           "endpoint service: the Network Load Balancer node in the endpoint's Availability Zone receives the packet with its own private address as the source",
	ReasonPLServiceState:      "the endpoint service is not available",
	ReasonPLNotInAZ:           "the endpoint service has no load balancer in the endpoint's Availability Zone",
	ReasonPLReturn:            "endpoint service: the response goes back to the endpoint",
	ReasonPLEndpointReturn:    "interface endpoint: response translated back to the consumer",
	ReasonLBState:             "the load balancer is not active",
	ReasonLBNoListener:        "no listener of the load balancer accepts the packet's protocol and destination port",
	ReasonLBListener:          "load balancer node: the listener of the protocol and port takes the packet",
	ReasonLBAnswers:           "the listener's default action answers (fixed response or redirect)",
	ReasonLBNoTargetGroup:     "the listener's default action forwards to no target group of the plane",
	ReasonLBForward:           "the listener's default action forwards to the target group (listener rules are not evaluated)",
	ReasonLBNoTargets:         "the target group has no registered targets",
	ReasonLBNoTargetInAZ:      "no target in the load balancer node's Availability Zone and cross-zone load balancing is off",
	ReasonLBALBConnect:        "Application Load Balancer: a new connection from the node's address to the target",
	ReasonLBPreserve:          "Network Load Balancer: to the target with the client's address preserved",
	ReasonLBSourceNAT:         "Network Load Balancer: to the target from the node's private address (client IP preservation off, or PrivateLink traffic)",
	ReasonLBReturn:            "load balancer node: response translated back to the client",
	ReasonLBWeighted:          "the listener's default action forwards to weighted target groups: the flow hash picks one by weight (weight 0: never; target group stickiness is not modelled; listener rules are not evaluated)",
	ReasonLBZeroWeights:       "every target group of the listener's forward action has weight 0",
	ReasonLBLambda:            "lambda targets are not traced (vpcsim does not simulate Lambda functions)",
	ReasonLBNoAddress:         "the chosen target has no address in the plane (an Application Load Balancer target without nodes)",
	ReasonLBHealthy:           "vpcsim (beyond Reachability Analyzer, which ignores target health): the flow hash (5-tuple, or source IP stickiness; a flow and its response alike) picks one of the healthy targets in the node's Availability Zone (every enabled zone with cross-zone load balancing)",
	ReasonLBFailover:          "vpcsim (beyond Reachability Analyzer): the node's Availability Zone has fewer healthy targets than the routing failover threshold (default: none healthy): the node routes to all its targets, healthy or not (DNS failover takes the node's address out of the load balancer's DNS name); the flow hash picks one",
	ReasonLBFailOpen:          "vpcsim (beyond Reachability Analyzer): no target is healthy in any enabled Availability Zone: the load balancer fails open to all targets regardless of their health; the flow hash picks one",
	ReasonDXVifIn:             "Direct Connect virtual interface: the on-premises router sends the packet over the interface's BGP session (Reachability Analyzer does not analyze Direct Connect; traced by vpcsim)",
	ReasonDXVifOut:            "Direct Connect virtual interface: to the on-premises router that advertised the destination's prefix (Reachability Analyzer does not analyze Direct Connect; traced by vpcsim)",
	ReasonDXVifDown:           "the virtual interface is not available or none of its BGP sessions is up",
	ReasonDXNoRoute:           "the on-premises network received no route for the destination over this virtual interface (a Direct Connect gateway advertises its transit gateway associations' allowed prefixes, and a VPC CIDR block only when an allowed prefix covers it)",
	ReasonDXGatewayIn:         "Direct Connect gateway: to the associated gateway whose advertised prefixes hold the destination",
	ReasonDXGatewayOut:        "Direct Connect gateway: to the virtual interface that advertised the destination's prefix",
	ReasonDXGatewayNoVif:      "no virtual interface of the Direct Connect gateway that is up advertises the destination",
	ReasonVGWInDX:             "virtual private gateway: traffic from Direct Connect into its VPC",
	ReasonGWLBEIn:             "Gateway Load Balancer endpoint: the packet goes to the endpoint service's Gateway Load Balancer (Reachability Analyzer does not check the load balancer and its targets; vpcsim traces them in the next hops)",
	ReasonGWLBENoInterface:    "the Gateway Load Balancer endpoint has no network interface",
	ReasonGWLBEOtherVPC:       "the Gateway Load Balancer endpoint is not in the route table's VPC",
	ReasonGWLBEIPv4:           "the Gateway Load Balancer endpoint carries IPv4 only (its IP address type is not dualstack)",
	ReasonGWLBENoService:      "the Gateway Load Balancer endpoint's endpoint service does not exist",
	ReasonGWLBEFromVGW:        "traffic from a virtual private gateway cannot be routed to a Gateway Load Balancer endpoint: it is dropped",
	ReasonGWLBService:         "vpcsim (beyond Reachability Analyzer): the endpoint service sends the packet, GENEVE encapsulated, to its Gateway Load Balancer node in the endpoint's Availability Zone",
	ReasonGWLBServiceState:    "vpcsim (beyond Reachability Analyzer): the endpoint service is not available",
	ReasonGWLBNotInAZ:         "vpcsim (beyond Reachability Analyzer): the endpoint service has no Gateway Load Balancer in the endpoint's Availability Zone",
	ReasonGWLBNode:            "vpcsim (beyond Reachability Analyzer): Gateway Load Balancer node: its listener forwards to the target group",
	ReasonGWLBState:           "vpcsim (beyond Reachability Analyzer): the Gateway Load Balancer is not active",
	ReasonGWLBNoListener:      "vpcsim (beyond Reachability Analyzer): the Gateway Load Balancer has no listener",
	ReasonGWLBNoTargetGroup:   "vpcsim (beyond Reachability Analyzer): the Gateway Load Balancer's listener forwards to no target group of the plane",
	ReasonGWLBNoTargets:       "vpcsim (beyond Reachability Analyzer): the target group has no registered appliances",
	ReasonGWLBNoTargetInAZ:    "vpcsim (beyond Reachability Analyzer): no appliance in the Gateway Load Balancer node's Availability Zone and cross-zone load balancing is off",
	ReasonGWLBNoHealthy:       "vpcsim (beyond Reachability Analyzer, which ignores target health): no healthy appliance for the Gateway Load Balancer node (health check from the node to the appliance's health check port fails, or the instance is not running)",
	ReasonGWLBTarget:          "vpcsim (beyond Reachability Analyzer): the flow hash picks a healthy appliance (5-tuple, or the 3-/2-tuple of flow stickiness; both directions of a flow pick the same one)",
	ReasonGWLBAppliance:       "vpcsim (beyond Reachability Analyzer): the appliance inspects the packet and returns it unchanged (a bump in the wire)",
	ReasonGWLBBack:            "vpcsim (beyond Reachability Analyzer): the Gateway Load Balancer returns the packet to the endpoint it came from",
	ReasonGWLBEOut:            "vpcsim (beyond Reachability Analyzer): Gateway Load Balancer endpoint: the inspected packet is routed by the endpoint subnet's route table",
	ReasonNAT64Out:            "NAT gateway: NAT64, IPv6 to IPv4: source to its private address, destination the IPv4 address in the last 32 bits of 64:ff9b::/96",
	ReasonNAT64In:             "NAT gateway: NAT64 response, IPv4 to IPv6: destination back to the original source, source prefixed with 64:ff9b::/96",
	ReasonIPv6OnlyNoIPv4:      "the interface is in an IPv6-only subnet and has no IPv4 address: IPv4 destinations are reached through DNS64 and a 64:ff9b::/96 route to a NAT gateway (NAT64)",
	ReasonDXSiteLink:          "Direct Connect gateway: SiteLink, to the SiteLink-enabled virtual interface whose advertised prefix is the longest holding the destination (the packet does not enter an AWS Region)",
	ReasonDXSiteLinkNoRoute:   "the on-premises network received no route for the destination over this virtual interface: a Direct Connect gateway re-advertises another virtual interface's prefixes only between virtual interfaces that both have SiteLink enabled and are up",
	ReasonVPNTunnelECMP:       "IPsec tunnel of the VPN connection chosen by the flow hash: with VPN ECMP support on the transit gateway and dynamic routing, flows are spread over both tunnels that are up (a flow and its response take one tunnel)",
	ReasonVPNTunnelOverDX:     "IPsec tunnel of the Private IP VPN connection (the first tunnel that is up), carried over Direct Connect by the transit virtual interface named with the tunnel, not over the internet",
	ReasonVPNTunnelECMPOverDX: "IPsec tunnel of the Private IP VPN connection chosen by the flow hash (VPN ECMP support, dynamic routing), carried over Direct Connect by the transit virtual interface named with the tunnel, not over the internet",
	ReasonVPNTransportDown:    "the Private IP VPN connection's tunnels are down: its Direct Connect transport is down (no transit virtual interface of the Direct Connect gateway behind its transport attachment is up)",
}

func (r Reason) String() string {
	if r < reasonCount {
		return reasonText[r]
	}
	return "reason(?)"
}

// BeyondAnalyzer reports whether a hop with reason r is one vpcsim traces
// past what Reachability Analyzer checks: the Gateway Load Balancer and
// its appliances behind an endpoint (gwlb.go), and the target choice by
// health of Network and Application Load Balancers (lbtargets.go). Network Insights results
// leave such hops out unless the packet was dropped there.
func (r Reason) BeyondAnalyzer() bool {
	return r >= ReasonGWLBService && r <= ReasonGWLBEOut || r >= ReasonLBHealthy && r <= ReasonLBFailOpen
}

// MarshalText renders the reason as its sentence.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }
