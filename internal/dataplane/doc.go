// Package dataplane decides where a packet goes in the simulated AWS world
// and says why at every hop.
//
// # Design
//
// Compile turns one immutable revision of the world (a *store.World) into
// a Plane: a graph whose nodes are VPCs, subnets, network interfaces and
// gateways, and whose edges are the routes of longest-prefix-match route
// tables (github.com/gaissmai/bart, IPv4 and IPv6 independent). Security
// groups and network ACLs are compiled into flat rule slices (ACL entries
// sorted by rule number, with the `*` deny rules always present), every
// route target is resolved to a node once, and route state (active or
// blackhole) is computed at compile time. A Plane holds pointers into the
// world's objects and copies nothing else; it is immutable and safe for
// concurrent use. Cache compiles at most once per revision.
//
// Plane.Trace walks a Query through the graph: the forward path from the
// source to the destination, then the return path of the response, routed
// on its own. Each step appends a Hop naming the component, the route,
// security group rule or network ACL entry that decided, the header in and
// out (it changes through internet gateways, NAT gateways and NAT
// instances), a typed Verdict and Reason, and — when the packet stops — the
// Reachability Analyzer explanation Code. Trace.AnalysisResult renders the
// same trace in Reachability Analyzer's vocabulary (model.AnalysisResult)
// for the Network Insights API; Trace.String is the hop table of
// `vpcsim trace`.
//
// # Semantics
//
// The rules follow the Amazon VPC User Guide; each is pinned by a golden
// scenario in testdata/ whose comment cites the section:
//
//   - Routes: longest prefix first; then local, static, prefix-list and
//     propagated routes in that order for one prefix. A subnet uses its
//     associated table, else the main table. An internet gateway with an
//     edge-associated (gateway) route table routes inbound traffic by it;
//     the middlebox it sends internet traffic to must have a public IP
//     address (INGRESS_RTB_NO_PUBLIC_IP), and a subnet it redirects to a
//     middlebox cannot send straight to the gateway, as the reply would be
//     asymmetric (INGRESS_RTB_TRAFFIC_REDIRECTION). A route to an interface
//     or instance forwards to a middlebox, which must have
//     source/destination check disabled. Route states follow
//     control.RouteState exactly (a test holds the two to agreement):
//     blackhole for a detached gateway, a stopped or terminated instance,
//     an interface detached from its instance, a NAT gateway that is not
//     available.
//   - Security groups are stateful and allow-only, the union of all groups
//     on the interface; a referenced group matches the private addresses
//     (IPv4 and IPv6) of the interfaces that carry it, but not past a
//     middlebox, which does not preserve security group information
//     (SG_REFERENCES_NOT_PRESERVED). Responses are admitted at every
//     interface whose groups admitted the request.
//   - An address endpoint is looked up where the packet is: a destination
//     address in the source's VPC, a source address in the destination's
//     VPC. Overlapping VPCs make it ambiguous only when neither side (nor
//     Query.VPC) names a VPC.
//   - Network ACLs are stateless, ordered, first match wins, and are not
//     evaluated for traffic that stays in one subnet. TCP and UDP ports are
//     ranges: a response is admitted only if every port of the initiator's
//     ephemeral range is admitted. When the query gives no source port the
//     range is EphemeralLinux (32768-60999) for interfaces and EphemeralNAT
//     (1024-65535) after a NAT gateway (VPC-UG vpc-network-acls.md).
//   - Internet gateways do 1:1 NAT between private and public IPv4 (an
//     auto-assigned address or an Elastic IP) and do not translate IPv6.
//     Egress-only internet gateways pass IPv6 out and responses back only.
//   - NAT gateways translate the source to their private address (and at
//     the IGW to their Elastic IP), remap ports into 1024-65535, carry TCP,
//     UDP and ICMP only and accept no unsolicited inbound traffic. Only an
//     available NAT gateway holds its addresses and forwards: a pending,
//     deleted or failed one owns neither its private address nor its
//     Elastic IP, and routes to it are blackholes. A NAT
//     instance is a middlebox that, forwarding towards an internet gateway
//     a source without a public address, translates it to its own address
//     (the EC2 model has no NAT flag; this is the documented heuristic).
//   - The Amazon DNS server (VPC base + 2, 169.254.169.253, fd00:ec2::253)
//     answers TCP and UDP port 53 when enableDnsSupport is true; security
//     groups and network ACLs cannot block it. Other reserved subnet
//     addresses are no destination; the DNS server of a peer VPC cannot be
//     queried.
//   - VPC peering (VPC Peering Guide vpc-peering-basics.md): a route to an
//     active peering connection moves the packet into the peer VPC, where
//     it is delivered like local traffic (the destination subnet's network
//     ACL and the interface's security groups apply; the peer's route
//     tables do not). Routes to a connection that is not active (pending
//     acceptance, failed for overlapping CIDRs, rejected, deleted) are
//     blackholes. The source must be in the sending VPC's CIDR blocks and
//     the destination in the peer's (PCX_REQUIRES_ADDRESS_IN_VPC_CIDR): so
//     peering is not transitive and carries no edge-to-edge traffic
//     through the peer's internet gateway, NAT gateway or NAT instance
//     (the guide's "NAT device"), egress-only internet gateway, VPN or
//     gateway endpoint. Longest prefix decides between peering routes, and
//     the response is routed on its own (no unicast reverse path
//     forwarding). A rule referencing a peer VPC's security group matches
//     across a same-Region connection, in any account; across Regions
//     such references never match (SG_REFERENCES_NOT_PRESERVED).
//   - Transit gateways (Transit Gateway Guide how-transit-gateways-work.md,
//     tgw-route-tables.md, tgw-nacls.md): a VPC route to a transit gateway
//     is active when the gateway is available and has an available
//     attachment for the VPC. The packet enters through the attachment's
//     interface in the source subnet's Availability Zone
//     (TGW_ROUTE_AZ_RESTRICTION when there is none); the attachment
//     subnet's inbound ACL rules evaluate it. The route table associated
//     with the ingress attachment routes it
//     (TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION without one): longest prefix,
//     then static, prefix-list, VPC-propagated, other propagated routes;
//     blackhole routes and routes to an attachment that is not available
//     drop (TGW_RTB_BAD_STATE_ROUTE), no match is TGW_RTB_CANNOT_ROUTE. The
//     egress VPC attachment's interface in the ingress zone takes the
//     packet out (another zone's if it has none there); with appliance
//     mode one zone chosen by a symmetric hash of the flow, so both
//     directions cross one appliance; without it a response that would
//     cross an inspection VPC in another zone than its request drops
//     (TGW_ATTACH_VPC_AZ_RESTRICTION). In the destination VPC the
//     attachment subnet's outbound ACL rules and route table apply (its
//     ACL is not evaluated for an instance in the same subnet). IPv6
//     crosses only attachments with IPv6 support. A peering attachment
//     hands the packet to the peer gateway (any Region or account), which
//     routes it by its own association of the attachment. Security group
//     references match across a transit gateway only with referencing
//     support on the gateway and both VPC attachments, never across a
//     peering attachment (SG_REFERENCING_SUPPORT). A NAT gateway serves
//     traffic a transit gateway delivered into its VPC (centralized
//     egress), not traffic from a peered VPC.
//
// # Extension points
//
// New edges plug in as node kinds: a nodeKind constant, a node slice in
// Plane filled by Compile, a case in compileTarget resolving the route
// target, and an entry in the forwarders table that moves the packet
// across the edge. Peering connections (peering.go: kindPeering, to the
// peer VPC's deliverLocal) and transit gateways (tgw.go: kindTGW, through
// a transit gateway route table compiled like rtbNode into one slab of
// TGWRoute with a bart table each) are built this way, and so are
// virtual private gateways (vpn.go: kindVGW) and gateway endpoints
// (endpoint.go: kindVPCE). Interface endpoints and load balancer nodes are
// interfaces with an owner (eniNode.owner): arriving at their own address,
// the walk hands the packet to the endpoint, the endpoint service
// (privatelink.go) or the load balancer's listener and target group
// (loadbalancer.go), recording the translation to undo on the return path
// (svcWalk; docs/dataplane-services.md). A route to a Gateway Load
// Balancer endpoint compiles to kindGWLBE (gwlb.go: the endpoint, its load
// balancer node, one healthy appliance, back to the endpoint's subnet).
// Direct Connect (a TGW route to a Direct Connect gateway attachment:
// tgwRoute's default case) still stops with NO_POSSIBLE_DESTINATION; and a
// hybrid attachment's propagated
// routes come in through model.PropagatedRoutes' extra argument. Nodes
// carry their owner account and region (Ref.Account, Ref.Region), so paths
// span accounts and regions. The attachment interfaces of a transit
// gateway appear in hops (Hop.AttachedTo of a transit-gateway-attachment
// hop, Direction ingress into the gateway, egress out of it) so that flow
// logs can record at them.
//
// The package imports only the standard library, bart, model (with
// model/elbv2) and store.
package dataplane
