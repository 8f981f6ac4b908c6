package ec2

import (
	"context"
	"slices"
	"sort"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// registerEndpointServices registers the PrivateLink provider operations.
func (a *API) registerEndpointServices() {
	handle(a, "CreateVpcEndpointServiceConfiguration", a.createEndpointService)
	handle(a, "DescribeVpcEndpointServiceConfigurations", a.describeEndpointServices)
	handle(a, "ModifyVpcEndpointServiceConfiguration", func(ctx context.Context, r *Request, in *ModifyVpcEndpointServiceConfigurationRequest) (*ModifyVpcEndpointServiceConfigurationResult, error) {
		if len(in.AddSupportedRegions) > 0 || len(in.RemoveSupportedRegions) > 0 {
			return nil, endpointUnsupported("Cross-Region endpoint services")
		}
		err := a.ctl.ModifyVpcEndpointServiceConfiguration(ctx, r.Scope, control.ModifyEndpointServiceInput{
			ID:                            deref(in.ServiceId),
			PrivateDNSName:                deref(in.PrivateDnsName),
			RemovePrivateDNSName:          derefBool(in.RemovePrivateDnsName),
			AcceptanceRequired:            in.AcceptanceRequired,
			AddNetworkLoadBalancerArns:    in.AddNetworkLoadBalancerArns,
			RemoveNetworkLoadBalancerArns: in.RemoveNetworkLoadBalancerArns,
			AddGatewayLoadBalancerArns:    in.AddGatewayLoadBalancerArns,
			RemoveGatewayLoadBalancerArns: in.RemoveGatewayLoadBalancerArns,
			AddSupportedIPAddressTypes:    in.AddSupportedIpAddressTypes,
			RemoveSupportedIPAddressTypes: in.RemoveSupportedIpAddressTypes,
		})
		if err != nil {
			return nil, err
		}
		return &ModifyVpcEndpointServiceConfigurationResult{Return: boolp(true)}, nil
	})
	handle(a, "DeleteVpcEndpointServiceConfigurations", func(ctx context.Context, r *Request, in *DeleteVpcEndpointServiceConfigurationsRequest) (*DeleteVpcEndpointServiceConfigurationsResult, error) {
		failed, err := a.ctl.DeleteVpcEndpointServiceConfigurations(ctx, r.Scope, in.ServiceIds)
		if err != nil {
			return nil, err
		}
		return &DeleteVpcEndpointServiceConfigurationsResult{Unsuccessful: endpointFailures(failed)}, nil
	})
	handle(a, "ModifyVpcEndpointServicePermissions", func(ctx context.Context, r *Request, in *ModifyVpcEndpointServicePermissionsRequest) (*ModifyVpcEndpointServicePermissionsResult, error) {
		added, err := a.ctl.ModifyVpcEndpointServicePermissions(ctx, r.Scope, deref(in.ServiceId), in.AddAllowedPrincipals, in.RemoveAllowedPrincipals)
		if err != nil {
			return nil, err
		}
		out := &ModifyVpcEndpointServicePermissionsResult{ReturnValue: boolp(true)}
		for _, p := range added {
			out.AddedPrincipals = append(out.AddedPrincipals, AddedPrincipal{PrincipalType: str(p.Type), Principal: str(p.Principal), ServicePermissionId: str(p.PermissionID), ServiceId: str(p.ServiceID)})
		}
		return out, nil
	})
	handle(a, "DescribeVpcEndpointServicePermissions", a.describeServicePermissions)
	handle(a, "AcceptVpcEndpointConnections", func(ctx context.Context, r *Request, in *AcceptVpcEndpointConnectionsRequest) (*AcceptVpcEndpointConnectionsResult, error) {
		failed, err := a.ctl.SetEndpointConnections(ctx, r.Scope, deref(in.ServiceId), in.VpcEndpointIds, true)
		if err != nil {
			return nil, err
		}
		return &AcceptVpcEndpointConnectionsResult{Unsuccessful: endpointFailures(failed)}, nil
	})
	handle(a, "RejectVpcEndpointConnections", func(ctx context.Context, r *Request, in *RejectVpcEndpointConnectionsRequest) (*RejectVpcEndpointConnectionsResult, error) {
		failed, err := a.ctl.SetEndpointConnections(ctx, r.Scope, deref(in.ServiceId), in.VpcEndpointIds, false)
		if err != nil {
			return nil, err
		}
		return &RejectVpcEndpointConnectionsResult{Unsuccessful: endpointFailures(failed)}, nil
	})
	handle(a, "DescribeVpcEndpointConnections", a.describeEndpointConnections)
	handle(a, "StartVpcEndpointServicePrivateDnsVerification", func(ctx context.Context, r *Request, in *StartVpcEndpointServicePrivateDnsVerificationRequest) (*StartVpcEndpointServicePrivateDnsVerificationResult, error) {
		if err := a.ctl.StartPrivateDNSVerification(ctx, r.Scope, deref(in.ServiceId)); err != nil {
			return nil, err
		}
		return &StartVpcEndpointServicePrivateDnsVerificationResult{ReturnValue: boolp(true)}, nil
	})
	handle(a, "ModifyVpcEndpointServicePayerResponsibility", func(ctx context.Context, r *Request, in *ModifyVpcEndpointServicePayerResponsibilityRequest) (*ModifyVpcEndpointServicePayerResponsibilityResult, error) {
		if err := a.ctl.ModifyPayerResponsibility(ctx, r.Scope, deref(in.ServiceId), deref(in.PayerResponsibility)); err != nil {
			return nil, err
		}
		return &ModifyVpcEndpointServicePayerResponsibilityResult{ReturnValue: boolp(true)}, nil
	})
	handle(a, "CreateVpcEndpointConnectionNotification", func(ctx context.Context, r *Request, in *CreateVpcEndpointConnectionNotificationRequest) (*CreateVpcEndpointConnectionNotificationResult, error) {
		n, err := a.ctl.CreateConnectionNotification(ctx, r.Scope, deref(in.ServiceId), deref(in.VpcEndpointId), deref(in.ConnectionNotificationArn), in.ConnectionEvents)
		if err != nil {
			return nil, err
		}
		return &CreateVpcEndpointConnectionNotificationResult{ConnectionNotification: notificationOut(n), ClientToken: in.ClientToken}, nil
	})
	handle(a, "ModifyVpcEndpointConnectionNotification", func(ctx context.Context, r *Request, in *ModifyVpcEndpointConnectionNotificationRequest) (*ModifyVpcEndpointConnectionNotificationResult, error) {
		if err := a.ctl.ModifyConnectionNotification(ctx, r.Scope, deref(in.ConnectionNotificationId), deref(in.ConnectionNotificationArn), in.ConnectionEvents); err != nil {
			return nil, err
		}
		return &ModifyVpcEndpointConnectionNotificationResult{ReturnValue: boolp(true)}, nil
	})
	handle(a, "DeleteVpcEndpointConnectionNotifications", func(ctx context.Context, r *Request, in *DeleteVpcEndpointConnectionNotificationsRequest) (*DeleteVpcEndpointConnectionNotificationsResult, error) {
		failed, err := a.ctl.DeleteConnectionNotifications(ctx, r.Scope, in.ConnectionNotificationIds)
		if err != nil {
			return nil, err
		}
		return &DeleteVpcEndpointConnectionNotificationsResult{Unsuccessful: endpointFailures(failed)}, nil
	})
	handle(a, "DescribeVpcEndpointConnectionNotifications", a.describeNotifications)
}

func (a *API) createEndpointService(ctx context.Context, r *Request, in *CreateVpcEndpointServiceConfigurationRequest) (*CreateVpcEndpointServiceConfigurationResult, error) {
	if len(in.SupportedRegions) > 0 {
		return nil, endpointUnsupported("Cross-Region endpoint services")
	}
	tags, err := tagsFor(in.TagSpecifications, "vpc-endpoint-service")
	if err != nil {
		return nil, err
	}
	svc, err := a.ctl.CreateVpcEndpointServiceConfiguration(ctx, r.Scope, control.CreateEndpointServiceInput{
		AcceptanceRequired:      in.AcceptanceRequired,
		PrivateDNSName:          deref(in.PrivateDnsName),
		NetworkLoadBalancerArns: in.NetworkLoadBalancerArns,
		GatewayLoadBalancerArns: in.GatewayLoadBalancerArns,
		SupportedIPAddressTypes: in.SupportedIpAddressTypes,
		Tags:                    tags,
	})
	if err != nil {
		return nil, err
	}
	return &CreateVpcEndpointServiceConfigurationResult{ServiceConfiguration: serviceConfigOut(svc), ClientToken: in.ClientToken}, nil
}

var endpointServiceConfigFilters = filterTable[model.VpcEndpointService]{
	"service-name":               func(s *model.VpcEndpointService) []string { return one(s.ServiceName) },
	"service-id":                 func(s *model.VpcEndpointService) []string { return one(s.ID) },
	"service-state":              func(s *model.VpcEndpointService) []string { return one(s.State) },
	"service-type":               func(s *model.VpcEndpointService) []string { return one(s.ServiceType) },
	"supported-ip-address-types": func(s *model.VpcEndpointService) []string { return s.SupportedIPAddressTypes },
}

func (a *API) describeEndpointServices(ctx context.Context, r *Request, in *DescribeVpcEndpointServiceConfigurationsRequest) (*DescribeVpcEndpointServiceConfigurationsResult, error) {
	m, err := compileFilters(endpointServiceConfigFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := endpointPage(in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	w := a.ctl.View(ctx)
	ss, next, err := describe(w.VpcEndpointServices, r.Scope, in.ServiceIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeVpcEndpointServiceConfigurationsResult{NextToken: next}
	for _, s := range ss {
		out.ServiceConfigurations = append(out.ServiceConfigurations, *serviceConfigOut(s))
	}
	return out, nil
}

func serviceConfigOut(s *model.VpcEndpointService) *ServiceConfiguration {
	out := &ServiceConfiguration{
		ServiceType:             []ServiceTypeDetail{{ServiceType: str(s.ServiceType)}},
		ServiceId:               str(s.ID),
		ServiceName:             str(s.ServiceName),
		ServiceState:            str(s.State),
		AvailabilityZones:       s.AvailabilityZones,
		AcceptanceRequired:      boolp(s.AcceptanceRequired),
		ManagesVpcEndpoints:     boolp(s.ManagesVpcEndpoints),
		NetworkLoadBalancerArns: s.NetworkLoadBalancerArns,
		GatewayLoadBalancerArns: s.GatewayLoadBalancerArns,
		SupportedIpAddressTypes: s.SupportedIPAddressTypes,
		BaseEndpointDnsNames:    s.BaseEndpointDNSNames,
		PrivateDnsName:          optStr(s.PrivateDNSName),
		PayerResponsibility:     optStr(s.PayerResponsibility),
		Tags:                    tagSet(&s.Meta),
		RemoteAccessEnabled:     boolp(false),
	}
	if r, err := control.RegionByName(s.Region); err == nil {
		for _, name := range s.AvailabilityZones {
			for _, z := range r.Zones {
				if z.Name == name {
					out.AvailabilityZoneIds = append(out.AvailabilityZoneIds, z.ID)
				}
			}
		}
	}
	if s.PrivateDNSName != "" {
		out.PrivateDnsNameConfiguration = &PrivateDnsNameConfiguration{State: str(s.PrivateDNSState), Type: str("TXT"), Name: str(s.PrivateDNSTXTName), Value: str(s.PrivateDNSTXTValue)}
	}
	return out
}

// permissionRow is one allowed principal, for the filter machinery.
type permissionRow struct {
	model.Meta
	typ string
}

var permissionFilters = filterTable[permissionRow]{
	"principal":      func(p *permissionRow) []string { return one(p.ID) },
	"principal-type": func(p *permissionRow) []string { return one(p.typ) },
}

func (a *API) describeServicePermissions(ctx context.Context, r *Request, in *DescribeVpcEndpointServicePermissionsRequest) (*DescribeVpcEndpointServicePermissionsResult, error) {
	m, err := compileFilters(permissionFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := endpointPage(in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	svc, err := control.GetEndpointService(a.ctl.View(ctx), r.Scope, deref(in.ServiceId))
	if err != nil {
		return nil, err
	}
	ps := slices.Clone(svc.AllowedPrincipals)
	sort.Strings(ps)
	out := &DescribeVpcEndpointServicePermissionsResult{}
	for _, pr := range ps {
		row := &permissionRow{Meta: model.Meta{ID: pr}, typ: control.PrincipalType(pr)}
		if p.after != "" && pr <= p.after || !m.match(row) {
			continue
		}
		if p.max > 0 && int32(len(out.AllowedPrincipals)) == p.max {
			out.NextToken = token(deref(out.AllowedPrincipals[len(out.AllowedPrincipals)-1].Principal))
			break
		}
		out.AllowedPrincipals = append(out.AllowedPrincipals, AllowedPrincipal{
			PrincipalType:       str(row.typ),
			Principal:           str(pr),
			ServicePermissionId: optStr(svc.PermissionIDs[pr]),
			ServiceId:           str(svc.ID),
		})
	}
	return out, nil
}

var endpointConnectionFilters = filterTable[model.VpcEndpoint]{
	"ip-address-type":     func(e *model.VpcEndpoint) []string { return one(e.IPAddressType) },
	"service-id":          func(e *model.VpcEndpoint) []string { return one(e.ServiceID) },
	"vpc-endpoint-owner":  func(e *model.VpcEndpoint) []string { return one(e.Account) },
	"vpc-endpoint-region": func(e *model.VpcEndpoint) []string { return one(e.Region) },
	"vpc-endpoint-state":  func(e *model.VpcEndpoint) []string { return one(e.State) },
	"vpc-endpoint-id":     func(e *model.VpcEndpoint) []string { return one(e.ID) },
}

func (a *API) describeEndpointConnections(ctx context.Context, r *Request, in *DescribeVpcEndpointConnectionsRequest) (*DescribeVpcEndpointConnectionsResult, error) {
	m, err := compileFilters(endpointConnectionFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := endpointPage(in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	w := a.ctl.View(ctx)
	owned := control.OwnedServiceIDs(w, r.Scope)
	out := &DescribeVpcEndpointConnectionsResult{}
	w.VpcEndpoints.From(p.after, func(e *model.VpcEndpoint) bool {
		svc, ok := owned[e.ServiceID]
		if !ok || !m.match(e) {
			return true
		}
		if p.max > 0 && int32(len(out.VpcEndpointConnections)) == p.max {
			out.NextToken = token(deref(out.VpcEndpointConnections[len(out.VpcEndpointConnections)-1].VpcEndpointId))
			return false
		}
		out.VpcEndpointConnections = append(out.VpcEndpointConnections, connectionOut(w, svc, e))
		return true
	})
	return out, nil
}

func connectionOut(_ *store.World, svc *model.VpcEndpointService, e *model.VpcEndpoint) VpcEndpointConnection {
	return VpcEndpointConnection{
		ServiceId:               str(svc.ID),
		VpcEndpointId:           str(e.ID),
		VpcEndpointOwner:        str(e.Account),
		VpcEndpointState:        str(e.State),
		CreationTimestamp:       timep(e.Created),
		DnsEntries:              dnsEntriesOut(e.DNSEntries),
		NetworkLoadBalancerArns: svc.NetworkLoadBalancerArns,
		GatewayLoadBalancerArns: svc.GatewayLoadBalancerArns,
		IpAddressType:           optStr(e.IPAddressType),
		VpcEndpointConnectionId: optStr(e.ConnectionID),
		VpcEndpointRegion:       str(e.Region),
	}
}

var notificationFilters = filterTable[model.VpcEndpointConnectionNotification]{
	"connection-notification-arn":   func(n *model.VpcEndpointConnectionNotification) []string { return one(n.TopicARN) },
	"connection-notification-id":    func(n *model.VpcEndpointConnectionNotification) []string { return one(n.ID) },
	"connection-notification-state": func(n *model.VpcEndpointConnectionNotification) []string { return one(n.State) },
	"connection-notification-type":  func(n *model.VpcEndpointConnectionNotification) []string { return one("Topic") },
	"service-id":                    func(n *model.VpcEndpointConnectionNotification) []string { return one(n.ServiceID) },
	"vpc-endpoint-id":               func(n *model.VpcEndpointConnectionNotification) []string { return one(n.VpcEndpointID) },
}

func (a *API) describeNotifications(ctx context.Context, r *Request, in *DescribeVpcEndpointConnectionNotificationsRequest) (*DescribeVpcEndpointConnectionNotificationsResult, error) {
	m, err := compileFilters(notificationFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := endpointPage(in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	var ids []string
	if id := deref(in.ConnectionNotificationId); id != "" {
		ids = []string{id}
	}
	w := a.ctl.View(ctx)
	if len(ids) > 0 {
		if _, err := control.GetConnectionNotification(w, r.Scope, ids[0]); err != nil {
			return nil, err
		}
	}
	ns, next, err := describe(control.ConnectionNotificationKind.In(w), r.Scope, ids, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeVpcEndpointConnectionNotificationsResult{NextToken: next}
	for _, n := range ns {
		out.ConnectionNotificationSet = append(out.ConnectionNotificationSet, *notificationOut(n))
	}
	return out, nil
}

func notificationOut(n *model.VpcEndpointConnectionNotification) *ConnectionNotification {
	return &ConnectionNotification{
		ConnectionNotificationId:    str(n.ID),
		ServiceId:                   optStr(n.ServiceID),
		VpcEndpointId:               optStr(n.VpcEndpointID),
		ConnectionNotificationType:  str("Topic"),
		ConnectionNotificationArn:   str(n.TopicARN),
		ConnectionEvents:            n.Events,
		ConnectionNotificationState: str(n.State),
		ServiceRegion:               str(n.Region),
	}
}
