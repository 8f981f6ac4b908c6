package model

// AnalysisResult is what a Reachability Analyzer analysis found, in AWS's
// vocabulary (botocore NetworkInsightsAnalysis): whether a path exists, the
// forward and return path components, the explanations of a blocked path and
// hints for alternative paths. It is produced by the data plane
// (dataplane.Trace.AnalysisResult) and persisted with the analysis; the
// Network Insights API renders it field by field. All fields are exported
// and JSON-serialisable; nil pointers and empty slices mean "absent".
type AnalysisResult struct {
	NetworkPathFound      bool                `json:"networkPathFound"`
	ForwardPathComponents []PathComponent     `json:"forwardPathComponents,omitempty"`
	ReturnPathComponents  []PathComponent     `json:"returnPathComponents,omitempty"`
	Explanations          []Explanation       `json:"explanations,omitempty"`
	AlternatePathHints    []AlternatePathHint `json:"alternatePathHints,omitempty"`
	SuggestedAccounts     []string            `json:"suggestedAccounts,omitempty"`
}

// AnalysisComponent names one resource (AnalysisComponent: Id, Arn, Name).
type AnalysisComponent struct {
	ID   string `json:"id"`
	Arn  string `json:"arn,omitempty"`
	Name string `json:"name,omitempty"`
}

// AnalysisPacketHeader is a packet header as RA reports it. Protocol is the
// IP protocol number as a decimal string ("6").
type AnalysisPacketHeader struct {
	SourceAddresses       []string    `json:"sourceAddresses,omitempty"`
	DestinationAddresses  []string    `json:"destinationAddresses,omitempty"`
	SourcePortRanges      []PortRange `json:"sourcePortRanges,omitempty"`
	DestinationPortRanges []PortRange `json:"destinationPortRanges,omitempty"`
	Protocol              string      `json:"protocol,omitempty"`
}

// AnalysisAclRule is the network ACL entry that decided (AnalysisAclRule).
type AnalysisAclRule struct {
	Cidr       string     `json:"cidr,omitempty"`
	Egress     bool       `json:"egress"`
	PortRange  *PortRange `json:"portRange,omitempty"`
	Protocol   string     `json:"protocol,omitempty"` // "all" or a number
	RuleAction string     `json:"ruleAction,omitempty"`
	RuleNumber int32      `json:"ruleNumber"`
}

// AnalysisSecurityGroupRule is the security group rule that decided.
type AnalysisSecurityGroupRule struct {
	Cidr            string     `json:"cidr,omitempty"`
	Direction       string     `json:"direction,omitempty"` // ingress | egress
	SecurityGroupID string     `json:"securityGroupId,omitempty"`
	PortRange       *PortRange `json:"portRange,omitempty"`
	PrefixListID    string     `json:"prefixListId,omitempty"`
	Protocol        string     `json:"protocol,omitempty"`
}

// AnalysisRouteTableRoute is the route that decided (AnalysisRouteTableRoute).
type AnalysisRouteTableRoute struct {
	DestinationCidr             string `json:"destinationCidr,omitempty"`
	DestinationPrefixListID     string `json:"destinationPrefixListId,omitempty"`
	EgressOnlyInternetGatewayID string `json:"egressOnlyInternetGatewayId,omitempty"`
	GatewayID                   string `json:"gatewayId,omitempty"`
	InstanceID                  string `json:"instanceId,omitempty"`
	NatGatewayID                string `json:"natGatewayId,omitempty"`
	NetworkInterfaceID          string `json:"networkInterfaceId,omitempty"`
	TransitGatewayID            string `json:"transitGatewayId,omitempty"`
	VpcPeeringConnectionID      string `json:"vpcPeeringConnectionId,omitempty"`
	Origin                      string `json:"origin,omitempty"`
	State                       string `json:"state,omitempty"` // active | blackhole
}

// AdditionalDetail is PathComponent.AdditionalDetails[].
type AdditionalDetail struct {
	AdditionalDetailType string             `json:"additionalDetailType"`
	Component            *AnalysisComponent `json:"component,omitempty"`
}

// PathComponent is one component of a forward or return path.
type PathComponent struct {
	SequenceNumber    int32                      `json:"sequenceNumber"`
	Component         *AnalysisComponent         `json:"component,omitempty"`
	AttachedTo        *AnalysisComponent         `json:"attachedTo,omitempty"`
	Subnet            *AnalysisComponent         `json:"subnet,omitempty"`
	Vpc               *AnalysisComponent         `json:"vpc,omitempty"`
	SourceVpc         *AnalysisComponent         `json:"sourceVpc,omitempty"`
	DestinationVpc    *AnalysisComponent         `json:"destinationVpc,omitempty"`
	AclRule           *AnalysisAclRule           `json:"aclRule,omitempty"`
	SecurityGroupRule *AnalysisSecurityGroupRule `json:"securityGroupRule,omitempty"`
	RouteTableRoute   *AnalysisRouteTableRoute   `json:"routeTableRoute,omitempty"`
	InboundHeader     *AnalysisPacketHeader      `json:"inboundHeader,omitempty"`
	OutboundHeader    *AnalysisPacketHeader      `json:"outboundHeader,omitempty"`
	AdditionalDetails []AdditionalDetail         `json:"additionalDetails,omitempty"`
	Explanations      []Explanation              `json:"explanations,omitempty"`
	// TransitGateway and TransitGatewayRouteTableRoute are set on the
	// components of a path through a transit gateway.
	TransitGateway                *AnalysisComponent             `json:"transitGateway,omitempty"`
	TransitGatewayRouteTableRoute *TransitGatewayRouteTableRoute `json:"transitGatewayRouteTableRoute,omitempty"`
}

// TransitGatewayRouteTableRoute is the transit gateway route that decided
// (botocore TransitGatewayRouteTableRoute).
type TransitGatewayRouteTableRoute struct {
	DestinationCidr string `json:"destinationCidr,omitempty"`
	State           string `json:"state,omitempty"`       // active | blackhole
	RouteOrigin     string `json:"routeOrigin,omitempty"` // static | propagated
	PrefixListID    string `json:"prefixListId,omitempty"`
	AttachmentID    string `json:"attachmentId,omitempty"`
	ResourceID      string `json:"resourceId,omitempty"`
	ResourceType    string `json:"resourceType,omitempty"`
}

// Explanation says why a path is blocked (or how a component changed the
// packet), in Reachability Analyzer terms. ExplanationCode is one of AWS's
// documented codes (ENI_SG_RULES_MISMATCH, NO_ROUTE_TO_DESTINATION, ...).
type Explanation struct {
	ExplanationCode   string                     `json:"explanationCode"`
	Direction         string                     `json:"direction,omitempty"` // ingress | egress
	Component         *AnalysisComponent         `json:"component,omitempty"`
	Acl               *AnalysisComponent         `json:"acl,omitempty"`
	AclRule           *AnalysisAclRule           `json:"aclRule,omitempty"`
	Address           string                     `json:"address,omitempty"`
	Addresses         []string                   `json:"addresses,omitempty"`
	AttachedTo        *AnalysisComponent         `json:"attachedTo,omitempty"`
	Cidrs             []string                   `json:"cidrs,omitempty"`
	Destination       *AnalysisComponent         `json:"destination,omitempty"`
	InternetGateway   *AnalysisComponent         `json:"internetGateway,omitempty"`
	NatGateway        *AnalysisComponent         `json:"natGateway,omitempty"`
	NetworkInterface  *AnalysisComponent         `json:"networkInterface,omitempty"`
	PacketField       string                     `json:"packetField,omitempty"`
	Port              int32                      `json:"port,omitempty"`
	PortRanges        []PortRange                `json:"portRanges,omitempty"`
	PrefixList        *AnalysisComponent         `json:"prefixList,omitempty"`
	Protocols         []string                   `json:"protocols,omitempty"`
	RouteTable        *AnalysisComponent         `json:"routeTable,omitempty"`
	RouteTableRoute   *AnalysisRouteTableRoute   `json:"routeTableRoute,omitempty"`
	SecurityGroup     *AnalysisComponent         `json:"securityGroup,omitempty"`
	SecurityGroupRule *AnalysisSecurityGroupRule `json:"securityGroupRule,omitempty"`
	SecurityGroups    []AnalysisComponent        `json:"securityGroups,omitempty"`
	SourceVpc         *AnalysisComponent         `json:"sourceVpc,omitempty"`
	DestinationVpc    *AnalysisComponent         `json:"destinationVpc,omitempty"`
	State             string                     `json:"state,omitempty"`
	Subnet            *AnalysisComponent         `json:"subnet,omitempty"`
	SubnetRouteTable  *AnalysisComponent         `json:"subnetRouteTable,omitempty"`
	Vpc               *AnalysisComponent         `json:"vpc,omitempty"`
	MissingComponent  string                     `json:"missingComponent,omitempty"`
	ComponentAccount  string                     `json:"componentAccount,omitempty"`
	ComponentRegion   string                     `json:"componentRegion,omitempty"`
	// The peering and transit gateway components an explanation names.
	VpcPeeringConnection          *AnalysisComponent             `json:"vpcPeeringConnection,omitempty"`
	TransitGateway                *AnalysisComponent             `json:"transitGateway,omitempty"`
	TransitGatewayRouteTable      *AnalysisComponent             `json:"transitGatewayRouteTable,omitempty"`
	TransitGatewayRouteTableRoute *TransitGatewayRouteTableRoute `json:"transitGatewayRouteTableRoute,omitempty"`
	TransitGatewayAttachment      *AnalysisComponent             `json:"transitGatewayAttachment,omitempty"`
	// The load balancer, endpoint and VPN components an explanation names.
	LoadBalancerArn             string             `json:"loadBalancerArn,omitempty"`
	LoadBalancerListenerPort    int32              `json:"loadBalancerListenerPort,omitempty"`
	ElasticLoadBalancerListener *AnalysisComponent `json:"elasticLoadBalancerListener,omitempty"`
	LoadBalancerTargetGroup     *AnalysisComponent `json:"loadBalancerTargetGroup,omitempty"`
	VpcEndpoint                 *AnalysisComponent `json:"vpcEndpoint,omitempty"`
	VpnConnection               *AnalysisComponent `json:"vpnConnection,omitempty"`
	VpnGateway                  *AnalysisComponent `json:"vpnGateway,omitempty"`
	CustomerGateway             *AnalysisComponent `json:"customerGateway,omitempty"`
	// Detail is vpcsim's own sentence for humans; AWS has no such field and
	// the API layer does not render it.
	Detail string `json:"detail,omitempty"`
}

// AlternatePathHint names a component through which a feasible path may
// exist (AlternatePathHint: ComponentId, ComponentArn).
type AlternatePathHint struct {
	ComponentID  string `json:"componentId"`
	ComponentArn string `json:"componentArn,omitempty"`
}
