package ec2

import (
	"context"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

// registerVPN registers the Site-to-Site VPN operations: customer
// gateways, VPN connections, their static routes and modifications, and
// the device configuration helpers.
func (a *API) registerVPN() {
	a.registerCustomerGateways()
	handle(a, "CreateVpnConnection", a.createVpnConnection)
	handleNoOutput(a, "DeleteVpnConnection", func(ctx context.Context, r *Request, in *DeleteVpnConnectionRequest) error {
		return a.ctl.DeleteVpnConnection(ctx, r.Scope, deref(in.VpnConnectionId))
	})
	handle(a, "DescribeVpnConnections", a.describeVpnConnections)
	handleNoOutput(a, "CreateVpnConnectionRoute", func(ctx context.Context, r *Request, in *CreateVpnConnectionRouteRequest) error {
		return a.ctl.CreateVpnConnectionRoute(ctx, r.Scope, deref(in.VpnConnectionId), deref(in.DestinationCidrBlock))
	})
	handleNoOutput(a, "DeleteVpnConnectionRoute", func(ctx context.Context, r *Request, in *DeleteVpnConnectionRouteRequest) error {
		return a.ctl.DeleteVpnConnectionRoute(ctx, r.Scope, deref(in.VpnConnectionId), deref(in.DestinationCidrBlock))
	})
	handle(a, "ModifyVpnConnection", func(ctx context.Context, r *Request, in *ModifyVpnConnectionRequest) (*ModifyVpnConnectionResult, error) {
		c, err := a.ctl.ModifyVpnConnection(ctx, r.Scope, deref(in.VpnConnectionId), control.ModifyVpnConnectionInput{
			CustomerGatewayID: deref(in.CustomerGatewayId), VpnGatewayID: deref(in.VpnGatewayId), TransitGatewayID: deref(in.TransitGatewayId),
		})
		if err != nil {
			return nil, err
		}
		return &ModifyVpnConnectionResult{VpnConnection: vpnConnectionOut(c)}, nil
	})
	handle(a, "ModifyVpnConnectionOptions", func(ctx context.Context, r *Request, in *ModifyVpnConnectionOptionsRequest) (*ModifyVpnConnectionOptionsResult, error) {
		c, err := a.ctl.ModifyVpnConnectionOptions(ctx, r.Scope, deref(in.VpnConnectionId), control.ModifyVpnConnectionOptionsInput{
			LocalIPv4NetworkCidr: deref(in.LocalIpv4NetworkCidr), RemoteIPv4NetworkCidr: deref(in.RemoteIpv4NetworkCidr),
			LocalIPv6NetworkCidr: deref(in.LocalIpv6NetworkCidr), RemoteIPv6NetworkCidr: deref(in.RemoteIpv6NetworkCidr),
			TunnelBandwidth: deref(in.TunnelBandwidth),
		})
		if err != nil {
			return nil, err
		}
		return &ModifyVpnConnectionOptionsResult{VpnConnection: vpnConnectionOut(c)}, nil
	})
	handle(a, "ModifyVpnTunnelOptions", func(ctx context.Context, r *Request, in *ModifyVpnTunnelOptionsRequest) (*ModifyVpnTunnelOptionsResult, error) {
		var spec control.TunnelSpec
		if o := in.TunnelOptions; o != nil {
			spec = tunnelSpec(VpnTunnelOptionsSpecification{
				TunnelInsideCidr: o.TunnelInsideCidr, TunnelInsideIpv6Cidr: o.TunnelInsideIpv6Cidr, PreSharedKey: o.PreSharedKey,
				Phase1LifetimeSeconds: o.Phase1LifetimeSeconds, Phase2LifetimeSeconds: o.Phase2LifetimeSeconds,
				RekeyMarginTimeSeconds: o.RekeyMarginTimeSeconds, RekeyFuzzPercentage: o.RekeyFuzzPercentage,
				ReplayWindowSize: o.ReplayWindowSize, DPDTimeoutSeconds: o.DPDTimeoutSeconds, DPDTimeoutAction: o.DPDTimeoutAction,
				Phase1EncryptionAlgorithms: o.Phase1EncryptionAlgorithms, Phase2EncryptionAlgorithms: o.Phase2EncryptionAlgorithms,
				Phase1IntegrityAlgorithms: o.Phase1IntegrityAlgorithms, Phase2IntegrityAlgorithms: o.Phase2IntegrityAlgorithms,
				Phase1DHGroupNumbers: o.Phase1DHGroupNumbers, Phase2DHGroupNumbers: o.Phase2DHGroupNumbers,
				IKEVersions: o.IKEVersions, StartupAction: o.StartupAction, LogOptions: o.LogOptions,
				EnableTunnelLifecycleControl: o.EnableTunnelLifecycleControl,
			})
		}
		c, err := a.ctl.ModifyVpnTunnelOptions(ctx, r.Scope, deref(in.VpnConnectionId), deref(in.VpnTunnelOutsideIpAddress), spec)
		if err != nil {
			return nil, err
		}
		return &ModifyVpnTunnelOptionsResult{VpnConnection: vpnConnectionOut(c)}, nil
	})
	handle(a, "GetVpnConnectionDeviceTypes", func(ctx context.Context, r *Request, in *GetVpnConnectionDeviceTypesRequest) (*GetVpnConnectionDeviceTypesResult, error) {
		p, err := newPage(in.MaxResults, in.NextToken, 200, 1000)
		if err != nil {
			return nil, err
		}
		out := &GetVpnConnectionDeviceTypesResult{}
		for _, d := range control.VpnDeviceTypes {
			if p.after != "" && d.ID <= p.after {
				continue
			}
			if p.max > 0 && int32(len(out.VpnConnectionDeviceTypes)) == p.max {
				out.NextToken = token(*out.VpnConnectionDeviceTypes[len(out.VpnConnectionDeviceTypes)-1].VpnConnectionDeviceTypeId)
				break
			}
			out.VpnConnectionDeviceTypes = append(out.VpnConnectionDeviceTypes, VpnConnectionDeviceType{
				VpnConnectionDeviceTypeId: str(d.ID), Vendor: str(d.Vendor), Platform: str(d.Platform), Software: str(d.Software),
			})
		}
		return out, nil
	})
	handle(a, "GetVpnConnectionDeviceSampleConfiguration", func(ctx context.Context, r *Request, in *GetVpnConnectionDeviceSampleConfigurationRequest) (*GetVpnConnectionDeviceSampleConfigurationResult, error) {
		s, err := a.ctl.GetVpnConnectionDeviceSampleConfiguration(ctx, r.Scope, control.SampleConfigInput{
			VpnConnectionID: deref(in.VpnConnectionId), DeviceTypeID: deref(in.VpnConnectionDeviceTypeId),
			IKEVersion: deref(in.InternetKeyExchangeVersion), SampleType: deref(in.SampleType),
		})
		if err != nil {
			return nil, err
		}
		return &GetVpnConnectionDeviceSampleConfigurationResult{VpnConnectionDeviceSampleConfiguration: str(s)}, nil
	})
	handle(a, "GetVpnTunnelReplacementStatus", func(ctx context.Context, r *Request, in *GetVpnTunnelReplacementStatusRequest) (*GetVpnTunnelReplacementStatusResult, error) {
		st, err := a.ctl.GetVpnTunnelReplacementStatus(ctx, r.Scope, deref(in.VpnConnectionId), deref(in.VpnTunnelOutsideIpAddress))
		if err != nil {
			return nil, err
		}
		c := st.Connection
		return &GetVpnTunnelReplacementStatusResult{
			VpnConnectionId: str(c.ID), CustomerGatewayId: str(c.CustomerGatewayID),
			VpnGatewayId: optStr(c.VpnGatewayID), TransitGatewayId: optStr(c.TransitGatewayID),
			VpnTunnelOutsideIpAddress: str(st.OutsideIP), MaintenanceDetails: &MaintenanceDetails{},
		}, nil
	})
	handle(a, "ReplaceVpnTunnel", func(ctx context.Context, r *Request, in *ReplaceVpnTunnelRequest) (*ReplaceVpnTunnelResult, error) {
		if err := a.ctl.ReplaceVpnTunnel(ctx, r.Scope, deref(in.VpnConnectionId), deref(in.VpnTunnelOutsideIpAddress)); err != nil {
			return nil, err
		}
		return &ReplaceVpnTunnelResult{Return: boolp(true)}, nil
	})
}

func (a *API) createVpnConnection(ctx context.Context, r *Request, in *CreateVpnConnectionRequest) (*CreateVpnConnectionResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "vpn-connection")
	if err != nil {
		return nil, err
	}
	ci := control.CreateVpnConnectionInput{
		Type: deref(in.Type), CustomerGatewayID: deref(in.CustomerGatewayId),
		VpnGatewayID: deref(in.VpnGatewayId), TransitGatewayID: deref(in.TransitGatewayId), Tags: tags,
	}
	if o := in.Options; o != nil {
		ci.StaticRoutesOnly = derefBool(o.StaticRoutesOnly)
		ci.EnableAcceleration = derefBool(o.EnableAcceleration)
		ci.TunnelInsideIPVersion = deref(o.TunnelInsideIpVersion)
		ci.LocalIPv4NetworkCidr = deref(o.LocalIpv4NetworkCidr)
		ci.RemoteIPv4NetworkCidr = deref(o.RemoteIpv4NetworkCidr)
		ci.LocalIPv6NetworkCidr = deref(o.LocalIpv6NetworkCidr)
		ci.RemoteIPv6NetworkCidr = deref(o.RemoteIpv6NetworkCidr)
		ci.OutsideIPAddressType = deref(o.OutsideIpAddressType)
		ci.TransportTransitGatewayAttachmentID = deref(o.TransportTransitGatewayAttachmentId)
		ci.TunnelBandwidth = deref(o.TunnelBandwidth)
		for _, t := range o.TunnelOptions {
			ci.Tunnels = append(ci.Tunnels, tunnelSpec(t))
		}
	}
	c, err := a.ctl.CreateVpnConnection(ctx, r.Scope, ci)
	if err != nil {
		return nil, err
	}
	out := vpnConnectionOut(c)
	out.State = str(model.VPNStatePending) // EC2 answers create with pending; reads show available.
	return &CreateVpnConnectionResult{VpnConnection: out}, nil
}

// tunnelSpec converts a wire tunnel specification.
func tunnelSpec(t VpnTunnelOptionsSpecification) control.TunnelSpec {
	s := control.TunnelSpec{InsideCidr: deref(t.TunnelInsideCidr), InsideIPv6Cidr: deref(t.TunnelInsideIpv6Cidr), PreSharedKey: deref(t.PreSharedKey)}
	p := &s.Params
	p.Phase1LifetimeSeconds = t.Phase1LifetimeSeconds
	p.Phase2LifetimeSeconds = t.Phase2LifetimeSeconds
	p.RekeyMarginTimeSeconds = t.RekeyMarginTimeSeconds
	p.RekeyFuzzPercentage = t.RekeyFuzzPercentage
	p.ReplayWindowSize = t.ReplayWindowSize
	p.DPDTimeoutSeconds = t.DPDTimeoutSeconds
	p.DPDTimeoutAction = deref(t.DPDTimeoutAction)
	p.StartupAction = deref(t.StartupAction)
	p.EnableTunnelLifecycleControl = derefBool(t.EnableTunnelLifecycleControl)
	for _, v := range t.Phase1EncryptionAlgorithms {
		p.Phase1EncryptionAlgorithms = append(p.Phase1EncryptionAlgorithms, deref(v.Value))
	}
	for _, v := range t.Phase2EncryptionAlgorithms {
		p.Phase2EncryptionAlgorithms = append(p.Phase2EncryptionAlgorithms, deref(v.Value))
	}
	for _, v := range t.Phase1IntegrityAlgorithms {
		p.Phase1IntegrityAlgorithms = append(p.Phase1IntegrityAlgorithms, deref(v.Value))
	}
	for _, v := range t.Phase2IntegrityAlgorithms {
		p.Phase2IntegrityAlgorithms = append(p.Phase2IntegrityAlgorithms, deref(v.Value))
	}
	for _, v := range t.Phase1DHGroupNumbers {
		if v.Value != nil {
			p.Phase1DHGroupNumbers = append(p.Phase1DHGroupNumbers, *v.Value)
		}
	}
	for _, v := range t.Phase2DHGroupNumbers {
		if v.Value != nil {
			p.Phase2DHGroupNumbers = append(p.Phase2DHGroupNumbers, *v.Value)
		}
	}
	for _, v := range t.IKEVersions {
		p.IKEVersions = append(p.IKEVersions, deref(v.Value))
	}
	if l := t.LogOptions; l != nil && l.CloudWatchLogOptions != nil {
		cw := l.CloudWatchLogOptions
		p.LogEnabled = derefBool(cw.LogEnabled)
		p.LogGroupArn = deref(cw.LogGroupArn)
		p.LogOutputFormat = deref(cw.LogOutputFormat)
		p.BgpLogEnabled = derefBool(cw.BgpLogEnabled)
		p.BgpLogGroupArn = deref(cw.BgpLogGroupArn)
		p.BgpLogOutputFormat = deref(cw.BgpLogOutputFormat)
	}
	return s
}

// vpnConnectionFilters are DescribeVpnConnections' filters [EC2 API
// DescribeVpnConnections; ec2-api-surface.md §4].
var vpnConnectionFilters = filterTable[model.VpnConnection]{
	"customer-gateway-configuration": func(c *model.VpnConnection) []string { return one(c.CustomerGatewayConfiguration) },
	"customer-gateway-id":            func(c *model.VpnConnection) []string { return one(c.CustomerGatewayID) },
	"state":                          func(c *model.VpnConnection) []string { return one(c.State) },
	"option.static-routes-only":      func(c *model.VpnConnection) []string { return one(boolStr(c.StaticRoutesOnly)) },
	"route.destination-cidr-block": func(c *model.VpnConnection) []string {
		out := make([]string, len(c.Routes))
		for i, r := range c.Routes {
			out[i] = r.Destination.String()
		}
		return out
	},
	"type":               func(c *model.VpnConnection) []string { return one(c.Type) },
	"vpn-connection-id":  func(c *model.VpnConnection) []string { return one(c.ID) },
	"vpn-gateway-id":     func(c *model.VpnConnection) []string { return optOne(c.VpnGatewayID) },
	"transit-gateway-id": func(c *model.VpnConnection) []string { return optOne(c.TransitGatewayID) },
}

func (a *API) describeVpnConnections(ctx context.Context, r *Request, in *DescribeVpnConnectionsRequest) (*DescribeVpnConnectionsResult, error) {
	w := a.ctl.View(ctx)
	tbl := filterTable[model.VpnConnection]{}
	for k, f := range vpnConnectionFilters {
		tbl[k] = f
	}
	// bgp-asn is the customer gateway's ASN.
	tbl["bgp-asn"] = func(c *model.VpnConnection) []string {
		if g, ok := w.CustomerGateways.Get(c.CustomerGatewayID); ok {
			return one(strconv.FormatInt(g.BgpAsn, 10))
		}
		return nil
	}
	m, err := compileFilters(tbl, in.Filters)
	if err != nil {
		return nil, err
	}
	now := a.ctl.Now()
	m.preds = append(m.preds, func(c *model.VpnConnection) bool { return control.VPNObjectVisible(c.State, c.DeleteTime, now) })
	cs, _, err := describe(w.VpnConnections, r.Scope, in.VpnConnectionIds, m, page{})
	if err != nil {
		return nil, err
	}
	out := &DescribeVpnConnectionsResult{VpnConnections: make([]VpnConnection, len(cs))}
	for i, c := range cs {
		out.VpnConnections[i] = *vpnConnectionOut(c)
		// A Private IP VPN's tunnels are down while its Direct Connect transport is.
		out.VpnConnections[i].VgwTelemetry = vgwTelemetryOut(control.VpnTelemetryIn(w, c))
	}
	return out, nil
}

func i32p(v *int32) *int32 {
	if v == nil {
		return nil
	}
	n := *v
	return &n
}

// vpnConnectionOut is the wire form of a connection: the tunnel options
// show what was set (plus the generated addresses and keys), as on AWS.
func vpnConnectionOut(c *model.VpnConnection) *VpnConnection {
	out := &VpnConnection{
		VpnConnectionId:   str(c.ID),
		State:             str(c.State),
		Type:              str(c.Type),
		Category:          str(orDefaultStr(c.Category, control.VPNCategory)),
		CustomerGatewayId: str(c.CustomerGatewayID),
		VpnGatewayId:      optStr(c.VpnGatewayID),
		TransitGatewayId:  optStr(c.TransitGatewayID),
		Tags:              tagSet(&c.Meta),
	}
	if c.State != model.VPNStateDeleted {
		out.CustomerGatewayConfiguration = optStr(c.CustomerGatewayConfiguration)
	}
	o := &VpnConnectionOptions{
		StaticRoutesOnly:      boolp(c.StaticRoutesOnly),
		EnableAcceleration:    boolp(c.EnableAcceleration),
		TunnelInsideIpVersion: str(c.TunnelInsideIPVersion),
		LocalIpv4NetworkCidr:  optPrefix(c.LocalIPv4NetworkCidr),
		RemoteIpv4NetworkCidr: optPrefix(c.RemoteIPv4NetworkCidr),
		LocalIpv6NetworkCidr:  optPrefix(c.LocalIPv6NetworkCidr),
		RemoteIpv6NetworkCidr: optPrefix(c.RemoteIPv6NetworkCidr),
		OutsideIpAddressType:  optStr(c.OutsideIPAddressType),
		TunnelBandwidth:       str(orDefaultStr(c.TunnelBandwidth, "standard")),
	}
	if id := c.Options["transportTransitGatewayAttachmentId"]; id != "" {
		o.TransportTransitGatewayAttachmentId = str(id)
	}
	for _, t := range c.Tunnels {
		o.TunnelOptions = append(o.TunnelOptions, tunnelOptionOut(t))
	}
	out.Options = o
	for _, r := range c.Routes {
		out.Routes = append(out.Routes, VpnStaticRoute{DestinationCidrBlock: str(r.Destination.String()), Source: str(r.Source), State: str(r.State)})
	}
	out.VgwTelemetry = vgwTelemetryOut(control.VpnTelemetry(c))
	return out
}

func vgwTelemetryOut(ts []control.TunnelTelemetry) []VgwTelemetry {
	var out []VgwTelemetry
	for _, t := range ts {
		out = append(out, VgwTelemetry{
			OutsideIpAddress: str(t.OutsideIP), Status: str(t.Status), StatusMessage: str(t.StatusMessage),
			AcceptedRouteCount: i32(t.AcceptedRouteCount), LastStatusChange: timep(t.LastStatusChange),
		})
	}
	return out
}

func orDefaultStr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func tunnelOptionOut(t model.VpnTunnel) TunnelOption {
	p := t.Params
	o := TunnelOption{
		OutsideIpAddress:             str(t.OutsideIPAddress.String()),
		TunnelInsideCidr:             optPrefix(t.InsideCidr),
		TunnelInsideIpv6Cidr:         optPrefix(t.InsideIPv6Cidr),
		PreSharedKey:                 str(t.PreSharedKey),
		Phase1LifetimeSeconds:        i32p(p.Phase1LifetimeSeconds),
		Phase2LifetimeSeconds:        i32p(p.Phase2LifetimeSeconds),
		RekeyMarginTimeSeconds:       i32p(p.RekeyMarginTimeSeconds),
		RekeyFuzzPercentage:          i32p(p.RekeyFuzzPercentage),
		ReplayWindowSize:             i32p(p.ReplayWindowSize),
		DpdTimeoutSeconds:            i32p(p.DPDTimeoutSeconds),
		DpdTimeoutAction:             optStr(p.DPDTimeoutAction),
		StartupAction:                optStr(p.StartupAction),
		EnableTunnelLifecycleControl: boolp(p.EnableTunnelLifecycleControl),
		LogOptions: &VpnTunnelLogOptions{CloudWatchLogOptions: &CloudWatchLogOptions{
			LogEnabled: boolp(p.LogEnabled), LogGroupArn: optStr(p.LogGroupArn), LogOutputFormat: optStr(p.LogOutputFormat),
			BgpLogEnabled: boolp(p.BgpLogEnabled), BgpLogGroupArn: optStr(p.BgpLogGroupArn), BgpLogOutputFormat: optStr(p.BgpLogOutputFormat),
		}},
	}
	for _, v := range p.Phase1EncryptionAlgorithms {
		o.Phase1EncryptionAlgorithms = append(o.Phase1EncryptionAlgorithms, Phase1EncryptionAlgorithmsListValue{Value: str(v)})
	}
	for _, v := range p.Phase2EncryptionAlgorithms {
		o.Phase2EncryptionAlgorithms = append(o.Phase2EncryptionAlgorithms, Phase2EncryptionAlgorithmsListValue{Value: str(v)})
	}
	for _, v := range p.Phase1IntegrityAlgorithms {
		o.Phase1IntegrityAlgorithms = append(o.Phase1IntegrityAlgorithms, Phase1IntegrityAlgorithmsListValue{Value: str(v)})
	}
	for _, v := range p.Phase2IntegrityAlgorithms {
		o.Phase2IntegrityAlgorithms = append(o.Phase2IntegrityAlgorithms, Phase2IntegrityAlgorithmsListValue{Value: str(v)})
	}
	for _, v := range p.Phase1DHGroupNumbers {
		o.Phase1DHGroupNumbers = append(o.Phase1DHGroupNumbers, Phase1DHGroupNumbersListValue{Value: i32(v)})
	}
	for _, v := range p.Phase2DHGroupNumbers {
		o.Phase2DHGroupNumbers = append(o.Phase2DHGroupNumbers, Phase2DHGroupNumbersListValue{Value: i32(v)})
	}
	for _, v := range p.IKEVersions {
		o.IkeVersions = append(o.IkeVersions, IKEVersionsListValue{Value: str(v)})
	}
	return o
}
