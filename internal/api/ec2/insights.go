package ec2

import (
	"context"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

func (a *API) registerInsights() {
	handle(a, "CreateNetworkInsightsPath", a.createNetworkInsightsPath)
	handle(a, "DescribeNetworkInsightsPaths", a.describeNetworkInsightsPaths)
	handle(a, "DeleteNetworkInsightsPath", func(ctx context.Context, r *Request, in *DeleteNetworkInsightsPathRequest) (*DeleteNetworkInsightsPathResult, error) {
		if err := a.ctl.DeleteNetworkInsightsPath(ctx, r.Scope, deref(in.NetworkInsightsPathId)); err != nil {
			return nil, err
		}
		return &DeleteNetworkInsightsPathResult{NetworkInsightsPathId: in.NetworkInsightsPathId}, nil
	})
	handle(a, "StartNetworkInsightsAnalysis", a.startNetworkInsightsAnalysis)
	handle(a, "DescribeNetworkInsightsAnalyses", a.describeNetworkInsightsAnalyses)
	handle(a, "DeleteNetworkInsightsAnalysis", func(ctx context.Context, r *Request, in *DeleteNetworkInsightsAnalysisRequest) (*DeleteNetworkInsightsAnalysisResult, error) {
		if err := a.ctl.DeleteNetworkInsightsAnalysis(ctx, r.Scope, deref(in.NetworkInsightsAnalysisId)); err != nil {
			return nil, err
		}
		return &DeleteNetworkInsightsAnalysisResult{NetworkInsightsAnalysisId: in.NetworkInsightsAnalysisId}, nil
	})
}

func pathFilterIn(f *PathRequestFilter) *model.PathFilter {
	if f == nil {
		return nil
	}
	out := &model.PathFilter{SourceAddress: deref(f.SourceAddress), DestinationAddress: deref(f.DestinationAddress)}
	conv := func(r *RequestFilterPortRange) *model.PortRange {
		if r == nil {
			return nil
		}
		return &model.PortRange{From: derefI32(r.FromPort, 0), To: derefI32(r.ToPort, 65535)}
	}
	out.SourcePortRange = conv(f.SourcePortRange)
	out.DestinationPortRange = conv(f.DestinationPortRange)
	return out
}

func (a *API) createNetworkInsightsPath(ctx context.Context, r *Request, in *CreateNetworkInsightsPathRequest) (*CreateNetworkInsightsPathResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "network-insights-path")
	if err != nil {
		return nil, err
	}
	p, err := a.ctl.CreateNetworkInsightsPath(ctx, r.Scope, control.CreateInsightsPathInput{
		Source: deref(in.Source), Destination: deref(in.Destination),
		SourceIP: deref(in.SourceIp), DestinationIP: deref(in.DestinationIp),
		Protocol: deref(in.Protocol), DestinationPort: in.DestinationPort,
		FilterAtSource: pathFilterIn(in.FilterAtSource), FilterAtDestination: pathFilterIn(in.FilterAtDestination),
		Tags: tags,
	})
	if err != nil {
		return nil, err
	}
	return &CreateNetworkInsightsPathResult{NetworkInsightsPath: pathOut(r.Scope, p)}, nil
}

func pathFilterOut(f *model.PathFilter) *PathFilter {
	if f == nil {
		return nil
	}
	conv := func(r *model.PortRange) *FilterPortRange {
		if r == nil {
			return nil
		}
		return &FilterPortRange{FromPort: i32(r.From), ToPort: i32(r.To)}
	}
	return &PathFilter{SourceAddress: optStr(f.SourceAddress), DestinationAddress: optStr(f.DestinationAddress), SourcePortRange: conv(f.SourcePortRange), DestinationPortRange: conv(f.DestinationPortRange)}
}

func pathOut(scope model.Scope, p *model.NetworkInsightsPath) *NetworkInsightsPath {
	out := &NetworkInsightsPath{
		NetworkInsightsPathId:  str(p.ID),
		NetworkInsightsPathArn: str(control.ARN(scope, p.ID)),
		CreatedDate:            timep(p.Created),
		Source:                 str(p.Source),
		Destination:            optStr(p.Destination),
		SourceArn:              optStr(p.SourceArn),
		DestinationArn:         optStr(p.DestinationArn),
		SourceIp:               optStr(p.SourceIP),
		DestinationIp:          optStr(p.DestinationIP),
		Protocol:               str(p.Protocol),
		Tags:                   tagSet(&p.Meta),
		FilterAtSource:         pathFilterOut(p.FilterAtSource),
		FilterAtDestination:    pathFilterOut(p.FilterAtDestination),
	}
	if p.HasDestinationPort {
		out.DestinationPort = i32(p.DestinationPort)
	}
	return out
}

func portRangeStr(r *model.PortRange) []string {
	if r == nil {
		return nil
	}
	return one(strconv.Itoa(int(r.From)) + "-" + strconv.Itoa(int(r.To)))
}

var insightsPathFilters = filterTable[model.NetworkInsightsPath]{
	"destination": func(p *model.NetworkInsightsPath) []string { return []string{p.Destination, p.DestinationArn} },
	"source":      func(p *model.NetworkInsightsPath) []string { return []string{p.Source, p.SourceArn} },
	"protocol":    func(p *model.NetworkInsightsPath) []string { return one(p.Protocol) },
	"filter-at-source.source-address": func(p *model.NetworkInsightsPath) []string {
		if p.FilterAtSource == nil {
			return nil
		}
		return one(p.FilterAtSource.SourceAddress)
	},
	"filter-at-source.source-port-range": func(p *model.NetworkInsightsPath) []string {
		if p.FilterAtSource == nil {
			return nil
		}
		return portRangeStr(p.FilterAtSource.SourcePortRange)
	},
	"filter-at-source.destination-address": func(p *model.NetworkInsightsPath) []string {
		if p.FilterAtSource == nil {
			return nil
		}
		return one(p.FilterAtSource.DestinationAddress)
	},
	"filter-at-source.destination-port-range": func(p *model.NetworkInsightsPath) []string {
		if p.FilterAtSource == nil {
			return nil
		}
		return portRangeStr(p.FilterAtSource.DestinationPortRange)
	},
	"filter-at-destination.source-address": func(p *model.NetworkInsightsPath) []string {
		if p.FilterAtDestination == nil {
			return nil
		}
		return one(p.FilterAtDestination.SourceAddress)
	},
	"filter-at-destination.source-port-range": func(p *model.NetworkInsightsPath) []string {
		if p.FilterAtDestination == nil {
			return nil
		}
		return portRangeStr(p.FilterAtDestination.SourcePortRange)
	},
	"filter-at-destination.destination-address": func(p *model.NetworkInsightsPath) []string {
		if p.FilterAtDestination == nil {
			return nil
		}
		return one(p.FilterAtDestination.DestinationAddress)
	},
	"filter-at-destination.destination-port-range": func(p *model.NetworkInsightsPath) []string {
		if p.FilterAtDestination == nil {
			return nil
		}
		return portRangeStr(p.FilterAtDestination.DestinationPortRange)
	},
}

func (a *API) describeNetworkInsightsPaths(ctx context.Context, r *Request, in *DescribeNetworkInsightsPathsRequest) (*DescribeNetworkInsightsPathsResult, error) {
	m, err := compileFilters(insightsPathFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	pg, err := newPage(in.MaxResults, in.NextToken, 1, 100)
	if err != nil {
		return nil, err
	}
	ps, next, err := describe(a.ctl.View(ctx).InsightsPaths, r.Scope, in.NetworkInsightsPathIds, m, pg)
	if err != nil {
		return nil, err
	}
	out := &DescribeNetworkInsightsPathsResult{NextToken: next}
	for _, p := range ps {
		out.NetworkInsightsPaths = append(out.NetworkInsightsPaths, *pathOut(r.Scope, p))
	}
	return out, nil
}

func (a *API) startNetworkInsightsAnalysis(ctx context.Context, r *Request, in *StartNetworkInsightsAnalysisRequest) (*StartNetworkInsightsAnalysisResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "network-insights-analysis")
	if err != nil {
		return nil, err
	}
	an, err := a.ctl.StartNetworkInsightsAnalysis(ctx, r.Scope, control.StartAnalysisInput{
		PathID: deref(in.NetworkInsightsPathId), AdditionalAccounts: in.AdditionalAccounts,
		FilterInArns: in.FilterInArns, FilterOutArns: in.FilterOutArns, Tags: tags,
	})
	if err != nil {
		return nil, err
	}
	// The answer shows the analysis as AWS does when it starts: running,
	// without results; every read shows it complete.
	return &StartNetworkInsightsAnalysisResult{NetworkInsightsAnalysis: &NetworkInsightsAnalysis{
		NetworkInsightsAnalysisId:  str(an.ID),
		NetworkInsightsAnalysisArn: str(control.ARN(r.Scope, an.ID)),
		NetworkInsightsPathId:      str(an.PathID),
		AdditionalAccounts:         an.AdditionalAccounts,
		FilterInArns:               an.FilterInArns,
		FilterOutArns:              an.FilterOutArns,
		StartDate:                  timep(an.StartDate),
		Status:                     str("running"),
		Tags:                       tagSet(&an.Meta),
	}}, nil
}

var insightsAnalysisFilters = filterTable[model.NetworkInsightsAnalysis]{
	"path-found": func(an *model.NetworkInsightsAnalysis) []string { return one(boolStr(an.NetworkPathFound)) },
	"status":     func(an *model.NetworkInsightsAnalysis) []string { return one(an.Status) },
}

func (a *API) describeNetworkInsightsAnalyses(ctx context.Context, r *Request, in *DescribeNetworkInsightsAnalysesRequest) (*DescribeNetworkInsightsAnalysesResult, error) {
	m, err := compileFilters(insightsAnalysisFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	if pathID := deref(in.NetworkInsightsPathId); pathID != "" {
		m.preds = append(m.preds, func(an *model.NetworkInsightsAnalysis) bool { return an.PathID == pathID })
	}
	if in.AnalysisStartTime != nil {
		t := *in.AnalysisStartTime
		m.preds = append(m.preds, func(an *model.NetworkInsightsAnalysis) bool { return !an.StartDate.Before(t) })
	}
	if in.AnalysisEndTime != nil {
		t := *in.AnalysisEndTime
		m.preds = append(m.preds, func(an *model.NetworkInsightsAnalysis) bool { return !an.StartDate.After(t) })
	}
	pg, err := newPage(in.MaxResults, in.NextToken, 1, 100)
	if err != nil {
		return nil, err
	}
	w := a.ctl.View(ctx)
	if pathID := deref(in.NetworkInsightsPathId); pathID != "" {
		if _, err := control.Lookup(w.InsightsPaths, r.Scope, pathID); err != nil {
			return nil, err
		}
	}
	as, next, err := describe(w.InsightsAnalyses, r.Scope, in.NetworkInsightsAnalysisIds, m, pg)
	if err != nil {
		return nil, err
	}
	out := &DescribeNetworkInsightsAnalysesResult{NextToken: next}
	for _, an := range as {
		out.NetworkInsightsAnalyses = append(out.NetworkInsightsAnalyses, analysisOut(r.Scope, an))
	}
	return out, nil
}

func analysisOut(scope model.Scope, an *model.NetworkInsightsAnalysis) NetworkInsightsAnalysis {
	out := NetworkInsightsAnalysis{
		NetworkInsightsAnalysisId:  str(an.ID),
		NetworkInsightsAnalysisArn: str(control.ARN(scope, an.ID)),
		NetworkInsightsPathId:      str(an.PathID),
		AdditionalAccounts:         an.AdditionalAccounts,
		FilterInArns:               an.FilterInArns,
		FilterOutArns:              an.FilterOutArns,
		StartDate:                  timep(an.StartDate),
		Status:                     str(an.Status),
		StatusMessage:              optStr(an.StatusMessage),
		WarningMessage:             optStr(an.WarningMessage),
		Tags:                       tagSet(&an.Meta),
	}
	if an.Status != "succeeded" || an.Result == nil {
		return out
	}
	res := an.Result
	out.NetworkPathFound = boolp(res.NetworkPathFound)
	for _, c := range res.ForwardPathComponents {
		out.ForwardPathComponents = append(out.ForwardPathComponents, pathComponentOut(c))
	}
	for _, c := range res.ReturnPathComponents {
		out.ReturnPathComponents = append(out.ReturnPathComponents, pathComponentOut(c))
	}
	for _, e := range res.Explanations {
		out.Explanations = append(out.Explanations, explanationOut(e))
	}
	for _, h := range res.AlternatePathHints {
		out.AlternatePathHints = append(out.AlternatePathHints, AlternatePathHint{ComponentId: str(h.ComponentID), ComponentArn: optStr(h.ComponentArn)})
	}
	out.SuggestedAccounts = res.SuggestedAccounts
	return out
}

func componentOut(c *model.AnalysisComponent) *AnalysisComponent {
	if c == nil {
		return nil
	}
	return &AnalysisComponent{Id: str(c.ID), Arn: optStr(c.Arn), Name: optStr(c.Name)}
}

func portRangeOut(r *model.PortRange) *PortRange {
	if r == nil {
		return nil
	}
	return &PortRange{From: i32(r.From), To: i32(r.To)}
}

func portRangesOut(rs []model.PortRange) []PortRange {
	var out []PortRange
	for i := range rs {
		out = append(out, *portRangeOut(&rs[i]))
	}
	return out
}

func aclRuleOut(r *model.AnalysisAclRule) *AnalysisAclRule {
	if r == nil {
		return nil
	}
	return &AnalysisAclRule{Cidr: optStr(r.Cidr), Egress: boolp(r.Egress), PortRange: portRangeOut(r.PortRange), Protocol: optStr(r.Protocol), RuleAction: optStr(r.RuleAction), RuleNumber: i32(r.RuleNumber)}
}

func sgRuleOut(r *model.AnalysisSecurityGroupRule) *AnalysisSecurityGroupRule {
	if r == nil {
		return nil
	}
	return &AnalysisSecurityGroupRule{Cidr: optStr(r.Cidr), Direction: optStr(r.Direction), SecurityGroupId: optStr(r.SecurityGroupID), PortRange: portRangeOut(r.PortRange), PrefixListId: optStr(r.PrefixListID), Protocol: optStr(r.Protocol)}
}

func routeOut(r *model.AnalysisRouteTableRoute) *AnalysisRouteTableRoute {
	if r == nil {
		return nil
	}
	return &AnalysisRouteTableRoute{
		DestinationCidr: optStr(r.DestinationCidr), DestinationPrefixListId: optStr(r.DestinationPrefixListID),
		EgressOnlyInternetGatewayId: optStr(r.EgressOnlyInternetGatewayID), GatewayId: optStr(r.GatewayID),
		InstanceId: optStr(r.InstanceID), NatGatewayId: optStr(r.NatGatewayID), NetworkInterfaceId: optStr(r.NetworkInterfaceID),
		TransitGatewayId: optStr(r.TransitGatewayID), VpcPeeringConnectionId: optStr(r.VpcPeeringConnectionID),
		Origin: optStr(r.Origin), State: optStr(r.State),
	}
}

func tgwRouteOut(r *model.TransitGatewayRouteTableRoute) *TransitGatewayRouteTableRoute {
	if r == nil {
		return nil
	}
	return &TransitGatewayRouteTableRoute{DestinationCidr: optStr(r.DestinationCidr), State: optStr(r.State), RouteOrigin: optStr(r.RouteOrigin),
		PrefixListId: optStr(r.PrefixListID), AttachmentId: optStr(r.AttachmentID), ResourceId: optStr(r.ResourceID), ResourceType: optStr(r.ResourceType)}
}

func headerOut(h *model.AnalysisPacketHeader) *AnalysisPacketHeader {
	if h == nil {
		return nil
	}
	return &AnalysisPacketHeader{SourceAddresses: h.SourceAddresses, DestinationAddresses: h.DestinationAddresses, SourcePortRanges: portRangesOut(h.SourcePortRanges), DestinationPortRanges: portRangesOut(h.DestinationPortRanges), Protocol: optStr(h.Protocol)}
}

func pathComponentOut(c model.PathComponent) PathComponent {
	out := PathComponent{
		SequenceNumber: i32(c.SequenceNumber), Component: componentOut(c.Component), AttachedTo: componentOut(c.AttachedTo),
		Subnet: componentOut(c.Subnet), Vpc: componentOut(c.Vpc), SourceVpc: componentOut(c.SourceVpc), DestinationVpc: componentOut(c.DestinationVpc),
		AclRule: aclRuleOut(c.AclRule), SecurityGroupRule: sgRuleOut(c.SecurityGroupRule), RouteTableRoute: routeOut(c.RouteTableRoute),
		InboundHeader: headerOut(c.InboundHeader), OutboundHeader: headerOut(c.OutboundHeader),
		TransitGateway: componentOut(c.TransitGateway), TransitGatewayRouteTableRoute: tgwRouteOut(c.TransitGatewayRouteTableRoute),
	}
	for _, d := range c.AdditionalDetails {
		out.AdditionalDetails = append(out.AdditionalDetails, AdditionalDetail{AdditionalDetailType: str(d.AdditionalDetailType), Component: componentOut(d.Component)})
	}
	for _, e := range c.Explanations {
		out.Explanations = append(out.Explanations, explanationOut(e))
	}
	return out
}

func explanationOut(e model.Explanation) Explanation {
	out := Explanation{
		ExplanationCode: str(e.ExplanationCode), Direction: optStr(e.Direction), Component: componentOut(e.Component),
		Acl: componentOut(e.Acl), AclRule: aclRuleOut(e.AclRule), Address: optStr(e.Address), Addresses: e.Addresses,
		AttachedTo: componentOut(e.AttachedTo), Cidrs: e.Cidrs, Destination: componentOut(e.Destination),
		InternetGateway: componentOut(e.InternetGateway), NatGateway: componentOut(e.NatGateway), NetworkInterface: componentOut(e.NetworkInterface),
		PacketField: optStr(e.PacketField), PortRanges: portRangesOut(e.PortRanges), PrefixList: componentOut(e.PrefixList), Protocols: e.Protocols,
		RouteTable: componentOut(e.RouteTable), RouteTableRoute: routeOut(e.RouteTableRoute), SecurityGroup: componentOut(e.SecurityGroup),
		SecurityGroupRule: sgRuleOut(e.SecurityGroupRule), SourceVpc: componentOut(e.SourceVpc), DestinationVpc: componentOut(e.DestinationVpc),
		State: optStr(e.State), Subnet: componentOut(e.Subnet), SubnetRouteTable: componentOut(e.SubnetRouteTable), Vpc: componentOut(e.Vpc),
		MissingComponent: optStr(e.MissingComponent), ComponentAccount: optStr(e.ComponentAccount), ComponentRegion: optStr(e.ComponentRegion),
		VpcPeeringConnection: componentOut(e.VpcPeeringConnection), TransitGateway: componentOut(e.TransitGateway),
		TransitGatewayRouteTable: componentOut(e.TransitGatewayRouteTable), TransitGatewayRouteTableRoute: tgwRouteOut(e.TransitGatewayRouteTableRoute),
		TransitGatewayAttachment: componentOut(e.TransitGatewayAttachment),
	}
	if e.Port != 0 {
		out.Port = i32(e.Port)
	}
	out.LoadBalancerArn = optStr(e.LoadBalancerArn)
	if e.LoadBalancerListenerPort != 0 {
		out.LoadBalancerListenerPort = i32(e.LoadBalancerListenerPort)
	}
	out.ElasticLoadBalancerListener = componentOut(e.ElasticLoadBalancerListener)
	out.LoadBalancerTargetGroup = componentOut(e.LoadBalancerTargetGroup)
	out.VpcEndpoint = componentOut(e.VpcEndpoint)
	out.VpnConnection = componentOut(e.VpnConnection)
	out.VpnGateway = componentOut(e.VpnGateway)
	out.CustomerGateway = componentOut(e.CustomerGateway)
	for _, g := range e.SecurityGroups {
		out.SecurityGroups = append(out.SecurityGroups, *componentOut(&g))
	}
	return out
}
