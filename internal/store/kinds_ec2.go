package store

import "github.com/vpcsim/vpcsim/internal/model"

// EC2's resource kinds. Each is declared once, here; World's typed fields
// name them by their `kind` tag.
var (
	VPCKind = Define[model.VPC](model.KindSpec{Name: "vpc", Service: "ec2", IDPrefix: "vpc", ResourceType: "vpc",
		NotFound: "InvalidVpcID.NotFound", Malformed: "InvalidVpcID.Malformed", Noun: "vpc ID"}, nil)
	SubnetKind = Define[model.Subnet](model.KindSpec{Name: "subnet", Service: "ec2", IDPrefix: "subnet", ResourceType: "subnet",
		NotFound: "InvalidSubnetID.NotFound", Malformed: "InvalidSubnetID.Malformed", Noun: "subnet ID"},
		func(v *model.Subnet) string { return v.VpcID })
	RouteTableKind = Define[model.RouteTable](model.KindSpec{Name: "route-table", Service: "ec2", IDPrefix: "rtb", ResourceType: "route-table",
		NotFound: "InvalidRouteTableID.NotFound", Malformed: "InvalidRouteTableId.Malformed", Noun: "routeTable ID"},
		func(v *model.RouteTable) string { return v.VpcID })
	InternetGatewayKind = Define[model.InternetGateway](model.KindSpec{Name: "internet-gateway", Service: "ec2", IDPrefix: "igw", ResourceType: "internet-gateway",
		NotFound: "InvalidInternetGatewayID.NotFound", Malformed: "InvalidInternetGatewayId.Malformed", Noun: "internetGateway ID"}, nil)
	EgressOnlyIGWKind = Define[model.EgressOnlyInternetGateway](model.KindSpec{Name: "egress-only-internet-gateway", Service: "ec2", IDPrefix: "eigw", ResourceType: "egress-only-internet-gateway",
		NotFound: "InvalidEgressOnlyInternetGatewayId.NotFound", Malformed: "InvalidEgressOnlyInternetGatewayId.Malformed", Noun: "egressOnlyInternetGateway ID"}, nil)
	VpnGatewayKind = Define[model.VpnGateway](model.KindSpec{Name: "vpn-gateway", Service: "ec2", IDPrefix: "vgw", ResourceType: "vpn-gateway",
		NotFound: "InvalidVpnGatewayID.NotFound", Malformed: "InvalidVpnGatewayID.Malformed", Noun: "vpnGateway ID"}, nil)
	NatGatewayKind = Define[model.NatGateway](model.KindSpec{Name: "natgateway", Service: "ec2", IDPrefix: "nat", ResourceType: "natgateway",
		NotFound: "NatGatewayNotFound", Malformed: "NatGatewayMalformed", Noun: "natGateway ID"},
		func(v *model.NatGateway) string { return v.SubnetID })
	AddressKind = Define[model.Address](model.KindSpec{Name: "elastic-ip", Service: "ec2", IDPrefix: "eipalloc", ResourceType: "elastic-ip",
		NotFound: "InvalidAllocationID.NotFound", Malformed: "InvalidAllocationID.Malformed", Noun: "allocation ID"}, nil)
	SecurityGroupKind = Define[model.SecurityGroup](model.KindSpec{Name: "security-group", Service: "ec2", IDPrefix: "sg", ResourceType: "security-group",
		NotFound: "InvalidGroup.NotFound", Malformed: "InvalidGroupId.Malformed", Noun: "security group ID"},
		func(v *model.SecurityGroup) string { return v.VpcID })
	SecurityGroupRuleKind = Define[model.SecurityGroupRule](model.KindSpec{Name: "security-group-rule", Service: "ec2", IDPrefix: "sgr", ResourceType: "security-group-rule",
		NotFound: "InvalidSecurityGroupRuleId.NotFound", Malformed: "InvalidSecurityGroupRuleId.Malformed", Noun: "security group rule ID"},
		func(v *model.SecurityGroupRule) string { return v.GroupID })
	NetworkACLKind = Define[model.NetworkACL](model.KindSpec{Name: "network-acl", Service: "ec2", IDPrefix: "acl", ResourceType: "network-acl",
		NotFound: "InvalidNetworkAclID.NotFound", Malformed: "InvalidNetworkAclId.Malformed", Noun: "networkAcl ID"},
		func(v *model.NetworkACL) string { return v.VpcID })
	NetworkInterfaceKind = Define[model.NetworkInterface](model.KindSpec{Name: "network-interface", Service: "ec2", IDPrefix: "eni", ResourceType: "network-interface",
		NotFound: "InvalidNetworkInterfaceID.NotFound", Malformed: "InvalidNetworkInterfaceId.Malformed", Noun: "networkInterface ID"},
		func(v *model.NetworkInterface) string { return v.SubnetID })
	InstanceKind = Define[model.Instance](model.KindSpec{Name: "instance", Service: "ec2", IDPrefix: "i", ResourceType: "instance",
		NotFound: "InvalidInstanceID.NotFound", Malformed: "InvalidInstanceID.Malformed", Noun: "instance ID"},
		func(v *model.Instance) string { return v.SubnetID })
	KeyPairKind = Define[model.KeyPair](model.KindSpec{Name: "key-pair", Service: "ec2", IDPrefix: "key", ResourceType: "key-pair",
		NotFound: "InvalidKeyPair.NotFound", Malformed: "InvalidKeyPair.Malformed", Noun: "key pair ID"}, nil)
	DhcpOptionsKind = Define[model.DhcpOptions](model.KindSpec{Name: "dhcp-options", Service: "ec2", IDPrefix: "dopt", ResourceType: "dhcp-options",
		NotFound: "InvalidDhcpOptionID.NotFound", Malformed: "InvalidDhcpOptionsId.Malformed", Noun: "dhcpOption ID"}, nil)
	PrefixListKind = Define[model.ManagedPrefixList](model.KindSpec{Name: "prefix-list", Service: "ec2", IDPrefix: "pl", ResourceType: "prefix-list",
		NotFound: "InvalidPrefixListID.NotFound", Malformed: "InvalidPrefixListId.Malformed", Noun: "prefix list ID"}, nil)
	InsightsPathKind = Define[model.NetworkInsightsPath](model.KindSpec{Name: "network-insights-path", Service: "ec2", IDPrefix: "nip", ResourceType: "network-insights-path",
		NotFound: "InvalidNetworkInsightsPathId.NotFound", Malformed: "InvalidNetworkInsightsPathId.Malformed", Noun: "network insights path ID"}, nil)
	InsightsAnalysisKind = Define[model.NetworkInsightsAnalysis](model.KindSpec{Name: "network-insights-analysis", Service: "ec2", IDPrefix: "nia", ResourceType: "network-insights-analysis",
		NotFound: "InvalidNetworkInsightsAnalysisId.NotFound", Malformed: "InvalidNetworkInsightsAnalysisId.Malformed", Noun: "network insights analysis ID"},
		func(v *model.NetworkInsightsAnalysis) string { return v.PathID })
	PeeringConnectionKind = Define[model.VpcPeeringConnection](model.KindSpec{Name: "vpc-peering-connection", Service: "ec2", IDPrefix: "pcx", ResourceType: "vpc-peering-connection",
		NotFound: "InvalidVpcPeeringConnectionID.NotFound", Malformed: "InvalidVpcPeeringConnectionId.Malformed", Noun: "vpcPeeringConnection ID"}, nil)
	TransitGatewayKind = Define[model.TransitGateway](model.KindSpec{Name: "transit-gateway", Service: "ec2", IDPrefix: "tgw", ResourceType: "transit-gateway",
		NotFound: "InvalidTransitGatewayID.NotFound", Malformed: "InvalidTransitGatewayID.Malformed", Noun: "transit gateway ID"}, nil)
	TGWAttachmentKind = Define[model.TransitGatewayAttachment](model.KindSpec{Name: "transit-gateway-attachment", Service: "ec2", IDPrefix: "tgw-attach", ResourceType: "transit-gateway-attachment",
		NotFound: "InvalidTransitGatewayAttachmentID.NotFound", Malformed: "InvalidTransitGatewayAttachmentID.Malformed", Noun: "transit gateway attachment ID"},
		func(v *model.TransitGatewayAttachment) string { return v.TransitGatewayID })
	TGWRouteTableKind = Define[model.TransitGatewayRouteTable](model.KindSpec{Name: "transit-gateway-route-table", Service: "ec2", IDPrefix: "tgw-rtb", ResourceType: "transit-gateway-route-table",
		NotFound: "InvalidRouteTableID.NotFound", Malformed: "InvalidRouteTableId.Malformed", Noun: "transit gateway route table ID"},
		func(v *model.TransitGatewayRouteTable) string { return v.TransitGatewayID })
	TGWRouteKind = Define[model.TransitGatewayRoute](model.KindSpec{Name: "transit-gateway-route", Service: "ec2", Internal: true},
		func(v *model.TransitGatewayRoute) string { return v.RouteTableID })
	CustomerGatewayKind = Define[model.CustomerGateway](model.KindSpec{Name: "customer-gateway", Service: "ec2", IDPrefix: "cgw", ResourceType: "customer-gateway",
		NotFound: "InvalidCustomerGatewayID.NotFound", Malformed: "InvalidCustomerGatewayId.Malformed", Noun: "customerGateway ID"}, nil)
	VpnConnectionKind = Define[model.VpnConnection](model.KindSpec{Name: "vpn-connection", Service: "ec2", IDPrefix: "vpn", ResourceType: "vpn-connection",
		NotFound: "InvalidVpnConnectionID.NotFound", Malformed: "InvalidVpnConnectionID.Malformed", Noun: "vpnConnection ID"}, nil)
	VpcEndpointKind = Define[model.VpcEndpoint](model.KindSpec{Name: "vpc-endpoint", Service: "ec2", IDPrefix: "vpce", ResourceType: "vpc-endpoint",
		NotFound: "InvalidVpcEndpointId.NotFound", Malformed: "InvalidVpcEndpointId.Malformed", Noun: "vpcEndpoint ID"},
		func(v *model.VpcEndpoint) string { return v.VpcID })
	VpcEndpointServiceKind = Define[model.VpcEndpointService](model.KindSpec{Name: "vpc-endpoint-service", Service: "ec2", IDPrefix: "vpce-svc", ResourceType: "vpc-endpoint-service",
		NotFound: "InvalidVpcEndpointServiceId.NotFound", Malformed: "InvalidVpcEndpointServiceId.Malformed", Noun: "vpcEndpointService ID"}, nil)
	// BPAExclusionKind holds VPC Block Public Access exclusions by id
	// (vpcbpa-exclude-...), under the excluded subnet or VPC.
	BPAExclusionKind = Define[model.BlockPublicAccessExclusion](model.KindSpec{Name: "vpc-block-public-access-exclusion", Service: "ec2",
		IDPrefix: "vpcbpa-exclude", ResourceType: "vpc-block-public-access-exclusion",
		NotFound: "InvalidVpcBlockPublicAccessExclusionId.NotFound", Malformed: "InvalidVpcBlockPublicAccessExclusionId.Malformed", Noun: "exclusion ID"},
		func(v *model.BlockPublicAccessExclusion) string {
			if v.SubnetID != "" {
				return v.SubnetID
			}
			return v.VpcID
		})
	ClientTokenKind = Define[model.ClientToken](model.KindSpec{Name: "client-token", Service: "ec2", Internal: true}, nil)
	ScopeKind       = Define[model.ScopeState](model.KindSpec{Name: "scope", Service: "ec2", Internal: true}, nil)
)
