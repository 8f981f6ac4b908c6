package dataplane

import (
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
)

// AnalysisResult converts the trace to Reachability Analyzer's vocabulary
// for the Network Insights API: path components with their rules and
// headers, and explanations with the components they name.
func (t *Trace) AnalysisResult() *model.AnalysisResult {
	r := &model.AnalysisResult{NetworkPathFound: t.Reachable}
	r.ForwardPathComponents = components(t.Forward)
	r.ReturnPathComponents = components(t.Return)
	for i := range t.Explanations {
		r.Explanations = append(r.Explanations, explanation(&t.Explanations[i]))
	}
	// AlternatePathHints stays empty. AWS documents it only as the
	// "potential intermediate component of a feasible path" when several
	// paths exist (RA shows the shortest and names the alternatives'
	// intermediate components). The plane models no multipath: route
	// selection (VPC and transit gateway route tables) is longest prefix
	// then a fixed priority, one route per destination, a transit gateway
	// picks one attachment interface per flow, and the components that
	// could branch (load balancers, Network Firewall, ECMP over VPN) are
	// not modelled, so there is never a second feasible path to hint at.
	return r
}

func component(r Ref) *model.AnalysisComponent {
	if r.IsZero() {
		return nil
	}
	return &model.AnalysisComponent{ID: r.ID, Arn: r.ARN(), Name: r.Name()}
}

func header(h Header) *model.AnalysisPacketHeader {
	if !h.Dst.IsValid() {
		return nil
	}
	out := &model.AnalysisPacketHeader{
		SourceAddresses:      []string{h.Src.String()},
		DestinationAddresses: []string{h.Dst.String()},
		Protocol:             strconv.Itoa(int(h.Proto)),
	}
	if h.HasPorts() {
		out.SourcePortRanges = []model.PortRange{{From: int32(h.SrcPort.From), To: int32(h.SrcPort.To)}}
		out.DestinationPortRanges = []model.PortRange{{From: int32(h.DstPort.From), To: int32(h.DstPort.To)}}
	}
	return out
}

func components(hops []Hop) []model.PathComponent {
	if len(hops) == 0 {
		return nil
	}
	out := make([]model.PathComponent, 0, len(hops))
	for i := range hops {
		h := &hops[i]
		if h.Component.Type == TypeInternet {
			// The internet is not a path component: a path from or to it
			// starts or ends at the internet gateway, whose headers show
			// the internet address.
			continue
		}
		if h.Reason.BeyondAnalyzer() && h.Verdict != Drop {
			// The Gateway Load Balancer and its appliances behind an
			// endpoint: "A path through a GWLB endpoint does not include
			// the GWLB or its targets" (gwlb.go); a drop there stays, so
			// that the explanation has its component.
			continue
		}
		c := model.PathComponent{SequenceNumber: int32(len(out) + 1), Component: component(h.Component),
			AttachedTo: component(h.AttachedTo), Vpc: component(h.VPC)}
		if h.AttachedTo.Type == TypeSubnet {
			c.Subnet = c.AttachedTo
		}
		// "Fields of an inbound header are null except for the first
		// component of a path." A path from the internet keeps the
		// header the packet had when it left the internet.
		if len(out) == 0 {
			c.InboundHeader = header(hops[0].In)
		}
		if h.Verdict != Drop {
			c.OutboundHeader = header(h.Out)
		}
		if h.Route != nil {
			c.RouteTableRoute = route(h.Route)
		}
		if h.SGRule != nil {
			c.SecurityGroupRule = sgRule(h.SGRule)
		}
		if h.ACLRule != nil {
			c.AclRule = aclRule(h.ACLRule)
		}
		if h.TGWRoute != nil {
			c.TransitGatewayRouteTableRoute = tgwRoute(h.TGWRoute)
		}
		if h.Code == PathThroughGwlbNotChecked {
			c.AdditionalDetails = append(c.AdditionalDetails, model.AdditionalDetail{AdditionalDetailType: string(h.Code), Component: c.Component})
		}
		switch {
		case h.Component.Type == TypeTransitGateway:
			c.TransitGateway = c.Component
		case h.AttachedTo.Type == TypeTransitGateway:
			c.TransitGateway = c.AttachedTo
		}
		out = append(out, c)
	}
	return out
}

func route(r *Route) *model.AnalysisRouteTableRoute {
	o := &model.AnalysisRouteTableRoute{DestinationPrefixListID: r.PrefixListID, Origin: r.Origin, State: r.State.String()}
	if r.Destination.IsValid() {
		o.DestinationCidr = r.Destination.String()
	}
	switch r.Target {
	case model.TargetIGW, model.TargetVGW, model.TargetLocal, model.TargetVPCEndpoint:
		o.GatewayID = r.TargetID
	case model.TargetEIGW:
		o.EgressOnlyInternetGatewayID = r.TargetID
	case model.TargetNAT:
		o.NatGatewayID = r.TargetID
	case model.TargetInstance:
		o.InstanceID = r.InstanceID
		if o.InstanceID == "" {
			o.InstanceID = r.TargetID
		}
	case model.TargetENI:
		o.NetworkInterfaceID = r.TargetID
		o.InstanceID = r.InstanceID
	case model.TargetTGW:
		o.TransitGatewayID = r.TargetID
	case model.TargetPeering:
		o.VpcPeeringConnectionID = r.TargetID
	}
	return o
}

func tgwRoute(r *TGWRoute) *model.TransitGatewayRouteTableRoute {
	o := &model.TransitGatewayRouteTableRoute{State: r.State.String(), RouteOrigin: r.Type, PrefixListID: r.PrefixListID,
		AttachmentID: r.AttachmentID, ResourceID: r.ResourceID, ResourceType: r.ResourceType}
	if r.Destination.IsValid() {
		o.DestinationCidr = r.Destination.String()
	}
	return o
}

func sgRule(r *SGRule) *model.AnalysisSecurityGroupRule {
	o := &model.AnalysisSecurityGroupRule{SecurityGroupID: r.GroupID, PrefixListID: r.PrefixListID, Direction: "ingress"}
	if r.Egress {
		o.Direction = "egress"
	}
	if r.Cidr.IsValid() {
		o.Cidr = r.Cidr.String()
	}
	switch r.proto {
	case -1:
		o.Protocol = "all"
	case ProtoTCP, ProtoUDP:
		o.Protocol = protoName(uint8(r.proto))
		if r.FromPort >= 0 {
			o.PortRange = &model.PortRange{From: r.FromPort, To: r.ToPort}
		}
	default:
		o.Protocol = protoName(uint8(r.proto))
	}
	return o
}

func aclRule(r *ACLRule) *model.AnalysisAclRule {
	o := &model.AnalysisAclRule{Cidr: r.Cidr.String(), Egress: r.Egress, RuleAction: r.Action(), RuleNumber: r.RuleNumber}
	if r.proto == -1 {
		o.Protocol = "all"
	} else {
		o.Protocol = strconv.Itoa(int(r.proto))
	}
	if r.PortFrom >= 0 {
		o.PortRange = &model.PortRange{From: r.PortFrom, To: r.PortTo}
	}
	return o
}

func explanation(x *Explanation) model.Explanation {
	o := model.Explanation{ExplanationCode: string(x.Code), Direction: x.Direction.String(), Component: component(x.Component),
		AttachedTo: component(x.AttachedTo), Subnet: component(x.Subnet), Vpc: component(x.VPC), PacketField: x.PacketField,
		Port: int32(x.Port), Detail: x.Detail, ComponentAccount: x.Component.Account(), ComponentRegion: x.Component.Region()}
	if x.Address.IsValid() {
		o.Address = x.Address.String()
	}
	if x.Protocol != 0 {
		o.Protocols = []string{protoName(x.Protocol)}
	}
	switch x.Component.Type {
	case TypeNetworkACL:
		o.Acl = component(x.Component)
	case TypeRouteTable:
		o.RouteTable = component(x.Component)
	case TypeInternetGateway:
		o.InternetGateway = component(x.Component)
	case TypeNatGateway:
		o.NatGateway = component(x.Component)
	case TypeNetworkInterface:
		o.NetworkInterface = component(x.Component)
	case TypeSecurityGroup:
		o.SecurityGroup = component(x.Component)
	}
	if x.AttachedTo.Type == TypeNetworkInterface {
		o.NetworkInterface = component(x.AttachedTo)
	}
	if x.AttachedTo.Type == TypeSubnet {
		o.Subnet = component(x.AttachedTo)
	}
	if !x.Gateway.IsZero() {
		o.InternetGateway = component(x.Gateway)
	}
	if !x.RouteTable.IsZero() {
		o.RouteTable = component(x.RouteTable)
	}
	if !x.SubnetRouteTable.IsZero() {
		o.SubnetRouteTable = component(x.SubnetRouteTable)
	}
	if x.Route != nil {
		o.RouteTableRoute = route(x.Route)
	}
	if x.ACLRule != nil {
		o.AclRule = aclRule(x.ACLRule)
	}
	switch x.Component.Type {
	case TypeVpcPeeringConnection:
		o.VpcPeeringConnection = component(x.Component)
	case TypeTransitGateway:
		o.TransitGateway = component(x.Component)
	case TypeTransitGatewayRouteTable:
		o.TransitGatewayRouteTable = component(x.Component)
	case TypeTransitGatewayAttachment:
		o.TransitGatewayAttachment = component(x.Component)
	}
	if !x.PeeringConnection.IsZero() {
		o.VpcPeeringConnection = component(x.PeeringConnection)
	}
	if !x.TransitGateway.IsZero() {
		o.TransitGateway = component(x.TransitGateway)
	}
	if !x.TGWRouteTable.IsZero() {
		o.TransitGatewayRouteTable = component(x.TGWRouteTable)
	}
	if !x.TGWAttachment.IsZero() {
		o.TransitGatewayAttachment = component(x.TGWAttachment)
	}
	if x.TGWRoute != nil {
		o.TransitGatewayRouteTableRoute = tgwRoute(x.TGWRoute)
	}
	for _, g := range x.SecurityGroups {
		o.SecurityGroups = append(o.SecurityGroups, *component(g))
	}
	serviceFields(&o, x)
	return o
}

// serviceFields fills the explanation fields Reachability Analyzer gives
// the load balancer, endpoint and VPN components it names (EC2 API
// Explanation: LoadBalancerArn, LoadBalancerListenerPort,
// ElasticLoadBalancerListener, LoadBalancerTargetGroup, VpcEndpoint,
// VpnConnection, VpnGateway, CustomerGateway).
func serviceFields(o *model.Explanation, x *Explanation) {
	c := x.Component
	switch c.Type {
	case TypeLoadBalancer:
		o.LoadBalancerArn = c.ID
		if x.PacketField == "destination-port" && x.Port != 0 {
			o.LoadBalancerListenerPort = int32(x.Port)
		}
	case TypeListener:
		o.ElasticLoadBalancerListener = component(c)
		o.LoadBalancerArn = listenerLoadBalancer(c.ID)
	case TypeTargetGroup:
		o.LoadBalancerTargetGroup = component(c)
	case TypeVpcEndpoint:
		o.VpcEndpoint = component(c)
	case TypeVpnConnection:
		o.VpnConnection = component(c)
	case TypeVpnGateway:
		o.VpnGateway = component(c)
	case TypeCustomerGateway:
		o.CustomerGateway = component(c)
	}
}

// listenerLoadBalancer returns the ARN of the load balancer of listener
// ARN arn (arn:...:listener/net/name/lb-id/listener-id ->
// arn:...:loadbalancer/net/name/lb-id), or "" when arn is not one.
func listenerLoadBalancer(arn string) string {
	head, path, ok := strings.Cut(arn, ":listener/")
	if !ok {
		return ""
	}
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return ""
	}
	return head + ":loadbalancer/" + path[:i]
}
