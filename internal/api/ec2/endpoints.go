package ec2

import (
	"context"
	"math"
	"sort"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// registerEndpoints registers the VPC endpoint (consumer) operations and
// the PrivateLink endpoint service (provider) operations.
func (a *API) registerEndpoints() {
	handle(a, "CreateVpcEndpoint", a.createVpcEndpoint)
	handle(a, "DescribeVpcEndpoints", a.describeVpcEndpoints)
	handle(a, "ModifyVpcEndpoint", a.modifyVpcEndpoint)
	handle(a, "DeleteVpcEndpoints", func(ctx context.Context, r *Request, in *DeleteVpcEndpointsRequest) (*DeleteVpcEndpointsResult, error) {
		failed, err := a.ctl.DeleteVpcEndpoints(ctx, r.Scope, in.VpcEndpointIds)
		if err != nil {
			return nil, err
		}
		return &DeleteVpcEndpointsResult{Unsuccessful: endpointFailures(failed)}, nil
	})
	handle(a, "DescribeVpcEndpointServices", a.describeVpcEndpointServices)
	a.registerEndpointServices()
}

// endpointPage is the pagination of the endpoint Describe operations:
// MaxResults has no documented minimum, and above 1,000 AWS returns 1,000.
func endpointPage(maxResults *int32, nextToken *string) (page, error) {
	p, err := newPage(maxResults, nextToken, 1, math.MaxInt32)
	if err == nil && p.max > 1000 {
		p.max = 1000
	}
	return p, err
}

func endpointFailures(failed []control.EndpointDeleteResult) []UnsuccessfulItem {
	if len(failed) == 0 {
		return nil
	}
	out := make([]UnsuccessfulItem, len(failed))
	for i, f := range failed {
		out[i] = UnsuccessfulItem{ResourceId: str(f.ID), Error: &UnsuccessfulItemError{Code: str(f.Err.Code), Message: str(f.Err.Message)}}
	}
	return out
}

func subnetConfigs(in []SubnetConfiguration) []control.EndpointSubnetConfig {
	var out []control.EndpointSubnetConfig
	for _, c := range in {
		out = append(out, control.EndpointSubnetConfig{SubnetID: deref(c.SubnetId), IPv4: deref(c.Ipv4), IPv6: deref(c.Ipv6)})
	}
	return out
}

func (a *API) createVpcEndpoint(ctx context.Context, r *Request, in *CreateVpcEndpointRequest) (*CreateVpcEndpointResult, error) {
	if in.ServiceNetworkArn != nil || in.ResourceConfigurationArn != nil {
		return nil, endpointUnsupported("VPC endpoints to service networks and resource configurations")
	}
	if reg := deref(in.ServiceRegion); reg != "" && reg != r.Scope.Region {
		return nil, endpointUnsupported("Cross-Region VPC endpoints")
	}
	tags, err := tagsFor(in.TagSpecifications, "vpc-endpoint")
	if err != nil {
		return nil, err
	}
	ci := control.CreateVpcEndpointInput{
		Type:              deref(in.VpcEndpointType),
		VpcID:             deref(in.VpcId),
		ServiceName:       deref(in.ServiceName),
		PolicyDocument:    deref(in.PolicyDocument),
		RouteTableIDs:     in.RouteTableIds,
		SubnetIDs:         in.SubnetIds,
		SecurityGroupIDs:  in.SecurityGroupIds,
		IPAddressType:     deref(in.IpAddressType),
		PrivateDNSEnabled: in.PrivateDnsEnabled,
		SubnetConfigs:     subnetConfigs(in.SubnetConfigurations),
		ClientToken:       deref(in.ClientToken),
		Tags:              tags,
	}
	if o := in.DnsOptions; o != nil {
		if derefBool(o.PrivateDnsOnlyForInboundResolverEndpoint) || o.PrivateDnsPreference != nil || len(o.PrivateDnsSpecifiedDomains) > 0 {
			return nil, endpointUnsupported("Private DNS options for inbound Resolver endpoints and specified domains")
		}
		ci.DNSRecordIPType = deref(o.DnsRecordIpType)
	}
	e, err := a.ctl.CreateVpcEndpoint(ctx, r.Scope, ci)
	if err != nil {
		return nil, err
	}
	out := vpcEndpointOut(a.ctl.View(ctx), e)
	// EC2 answers the create with pending; a later Describe shows the
	// endpoint available (or pendingAcceptance).
	if e.State == model.EndpointAvailable {
		out.State = str(model.EndpointPending)
	}
	return &CreateVpcEndpointResult{VpcEndpoint: out, ClientToken: in.ClientToken}, nil
}

func (a *API) modifyVpcEndpoint(ctx context.Context, r *Request, in *ModifyVpcEndpointRequest) (*ModifyVpcEndpointResult, error) {
	mi := control.ModifyVpcEndpointInput{
		ID:                     deref(in.VpcEndpointId),
		ResetPolicy:            derefBool(in.ResetPolicy),
		PolicyDocument:         in.PolicyDocument,
		AddRouteTableIDs:       in.AddRouteTableIds,
		RemoveRouteTableIDs:    in.RemoveRouteTableIds,
		AddSubnetIDs:           in.AddSubnetIds,
		RemoveSubnetIDs:        in.RemoveSubnetIds,
		AddSecurityGroupIDs:    in.AddSecurityGroupIds,
		RemoveSecurityGroupIDs: in.RemoveSecurityGroupIds,
		IPAddressType:          deref(in.IpAddressType),
		PrivateDNSEnabled:      in.PrivateDnsEnabled,
		SubnetConfigs:          subnetConfigs(in.SubnetConfigurations),
	}
	if o := in.DnsOptions; o != nil {
		if derefBool(o.PrivateDnsOnlyForInboundResolverEndpoint) || o.PrivateDnsPreference != nil || len(o.PrivateDnsSpecifiedDomains) > 0 {
			return nil, endpointUnsupported("Private DNS options for inbound Resolver endpoints and specified domains")
		}
		mi.DNSRecordIPType = deref(o.DnsRecordIpType)
	}
	if err := a.ctl.ModifyVpcEndpoint(ctx, r.Scope, mi); err != nil {
		return nil, err
	}
	return &ModifyVpcEndpointResult{Return: boolp(true)}, nil
}

var vpcEndpointFilters = filterTable[model.VpcEndpoint]{
	"ip-address-type":    func(e *model.VpcEndpoint) []string { return one(e.IPAddressType) },
	"service-name":       func(e *model.VpcEndpoint) []string { return one(e.ServiceName) },
	"service-region":     func(e *model.VpcEndpoint) []string { return one(e.ServiceRegion) },
	"vpc-id":             func(e *model.VpcEndpoint) []string { return one(e.VpcID) },
	"vpc-endpoint-id":    func(e *model.VpcEndpoint) []string { return one(e.ID) },
	"vpc-endpoint-state": func(e *model.VpcEndpoint) []string { return one(e.State) },
	"vpc-endpoint-type":  func(e *model.VpcEndpoint) []string { return one(e.Type) },
}

func (a *API) describeVpcEndpoints(ctx context.Context, r *Request, in *DescribeVpcEndpointsRequest) (*DescribeVpcEndpointsResult, error) {
	m, err := compileFilters(vpcEndpointFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := endpointPage(in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	w := a.ctl.View(ctx)
	es, next, err := describe(w.VpcEndpoints, r.Scope, in.VpcEndpointIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeVpcEndpointsResult{NextToken: next, VpcEndpoints: make([]VpcEndpoint, len(es))}
	for i, e := range es {
		out.VpcEndpoints[i] = *vpcEndpointOut(w, e)
	}
	return out, nil
}

func dnsEntriesOut(es []model.EndpointDNSName) []DnsEntry {
	var out []DnsEntry
	for _, d := range es {
		out = append(out, DnsEntry{DnsName: str(d.DNSName), HostedZoneId: str(d.HostedZoneID)})
	}
	return out
}

func vpcEndpointOut(w *store.World, e *model.VpcEndpoint) *VpcEndpoint {
	out := &VpcEndpoint{
		VpcEndpointId:       str(e.ID),
		VpcEndpointType:     str(e.Type),
		VpcId:               str(e.VpcID),
		ServiceName:         str(e.ServiceName),
		State:               str(e.State),
		PolicyDocument:      optStr(e.PolicyDocument),
		RouteTableIds:       control.EndpointRouteTables(w, e),
		SubnetIds:           e.SubnetIDs,
		IpAddressType:       optStr(e.IPAddressType),
		PrivateDnsEnabled:   boolp(e.PrivateDNSEnabled),
		RequesterManaged:    boolp(e.RequesterManaged),
		NetworkInterfaceIds: e.NetworkInterfaceIDs,
		DnsEntries:          dnsEntriesOut(e.DNSEntries),
		CreationTimestamp:   timep(e.Created),
		Tags:                tagSet(&e.Meta),
		OwnerId:             str(e.Account),
		ServiceRegion:       optStr(e.ServiceRegion),
	}
	if e.DNSRecordIPType != "" {
		out.DnsOptions = &DnsOptions{DnsRecordIpType: str(e.DNSRecordIPType), PrivateDnsOnlyForInboundResolverEndpoint: boolp(false)}
	}
	for _, g := range e.SecurityGroupIDs {
		id := SecurityGroupIdentifier{GroupId: str(g)}
		if sg, ok := w.SecurityGroups.Get(g); ok {
			id.GroupName = str(sg.Name)
		}
		out.Groups = append(out.Groups, id)
	}
	return out
}

// serviceRow is a catalogue entry with metadata, for the filter machinery.
type serviceRow struct {
	model.Meta
	info *control.EndpointServiceInfo
}

var endpointServiceFilters = filterTable[serviceRow]{
	"owner":                      func(s *serviceRow) []string { return one(s.info.Owner) },
	"service-name":               func(s *serviceRow) []string { return one(s.info.ServiceName) },
	"service-region":             func(s *serviceRow) []string { return one(s.info.Region) },
	"service-type":               func(s *serviceRow) []string { return one(s.info.Type) },
	"supported-ip-address-types": func(s *serviceRow) []string { return s.info.SupportedIPTypes },
}

func (a *API) describeVpcEndpointServices(ctx context.Context, r *Request, in *DescribeVpcEndpointServicesRequest) (*DescribeVpcEndpointServicesResult, error) {
	m, err := compileFilters(endpointServiceFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := endpointPage(in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	all, err := control.EndpointServices(a.ctl.View(ctx), r.Scope)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, n := range in.ServiceNames {
		found := false
		for _, s := range all {
			found = found || s.ServiceName == n
		}
		if !found {
			return nil, awserr.New("InvalidServiceName", "The Vpc Endpoint Service '%s' does not exist", n)
		}
		names[n] = true
	}
	regions := map[string]bool{}
	for _, reg := range in.ServiceRegions {
		regions[reg] = true
	}
	out := &DescribeVpcEndpointServicesResult{}
	seen := map[string]bool{}
	for _, s := range all {
		row := &serviceRow{Meta: model.Meta{ID: s.ServiceName + "|" + s.Type, Tags: s.Tags}, info: s}
		if p.after != "" && row.ID <= p.after {
			continue
		}
		if len(names) > 0 && !names[s.ServiceName] || len(regions) > 0 && !regions[s.Region] || !m.match(row) {
			continue
		}
		if p.max > 0 && int32(len(out.ServiceDetails)) == p.max {
			last := out.ServiceDetails[len(out.ServiceDetails)-1]
			out.NextToken = token(deref(last.ServiceName) + "|" + deref(last.ServiceType[0].ServiceType))
			break
		}
		out.ServiceDetails = append(out.ServiceDetails, serviceDetailOut(s))
		if !seen[s.ServiceName] {
			seen[s.ServiceName] = true
			out.ServiceNames = append(out.ServiceNames, s.ServiceName)
		}
	}
	sort.Strings(out.ServiceNames)
	return out, nil
}

func serviceDetailOut(s *control.EndpointServiceInfo) ServiceDetail {
	d := ServiceDetail{
		ServiceName:                     str(s.ServiceName),
		ServiceId:                       str(s.ServiceID),
		ServiceType:                     []ServiceTypeDetail{{ServiceType: str(s.Type)}},
		ServiceRegion:                   str(s.Region),
		AvailabilityZoneIds:             s.AvailabilityZoneIDs,
		AvailabilityZones:               s.AvailabilityZones,
		Owner:                           str(s.Owner),
		BaseEndpointDnsNames:            s.BaseEndpointDNSNames,
		PrivateDnsName:                  optStr(s.PrivateDNSName),
		VpcEndpointPolicySupported:      boolp(s.PolicySupported),
		AcceptanceRequired:              boolp(s.AcceptanceRequired),
		ManagesVpcEndpoints:             boolp(s.ManagesVpcEndpoints),
		PayerResponsibility:             optStr(s.PayerResponsibility),
		PrivateDnsNameVerificationState: optStr(s.PrivateDNSState),
		SupportedIpAddressTypes:         s.SupportedIPTypes,
	}
	if s.PrivateDNSName != "" {
		d.PrivateDnsNames = []PrivateDnsDetails{{PrivateDnsName: str(s.PrivateDNSName)}}
	}
	if len(s.Tags) > 0 {
		m := model.Meta{Tags: s.Tags}
		d.Tags = tagSet(&m)
	}
	return d
}

// endpointUnsupported is the answer to a feature of an endpoint operation
// vpcsim does not simulate.
func endpointUnsupported(what string) error {
	return awserr.New("UnsupportedOperation", "%s are not supported by vpcsim.", what)
}
