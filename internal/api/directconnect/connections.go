package directconnect

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/directconnect"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) describeLocations(_ context.Context, c *protocol.Call, _ *struct{}) (*Locations, error) {
	out := &Locations{Locations: []Location{}}
	for _, l := range h.svc.DescribeLocations(api.Scope(c)) {
		out.Locations = append(out.Locations, Location{LocationCode: ptr(l.Code), LocationName: ptr(l.Name), Region: ptr(l.Region),
			AvailablePortSpeeds: l.PortSpeeds, AvailableMacSecPortSpeeds: l.MacSecPortSpeeds, AvailableProviders: l.Providers})
	}
	return out, nil
}

func connection(v *dx.Connection) *Connection {
	c := &Connection{
		OwnerAccount:         ptr(v.Account),
		ConnectionId:         ptr(v.ID),
		ConnectionName:       ptr(v.Name),
		ConnectionState:      ptr(v.State),
		Region:               ptr(v.Region),
		Location:             ptr(v.Location),
		Bandwidth:            ptr(v.Bandwidth),
		LagId:                optString(v.LagID),
		AwsDevice:            ptr(v.AWSDevice),
		AwsDeviceV2:          ptr(v.AWSDevice),
		AwsLogicalDeviceId:   ptr(v.AWSDevice),
		JumboFrameCapable:    ptr(v.JumboFrames),
		HasLogicalRedundancy: ptr("no"),
		Tags:                 tagsOut(v.Tags),
		ProviderName:         optString(v.ProviderName),
		MacSecCapable:        ptr(v.MacSecCapable),
		EncryptionMode:       optString(v.EncryptionMode),
		PartnerName:          optString(v.PartnerName),
	}
	if v.Hosted {
		c.Vlan = ptr(v.Vlan)
	}
	if !v.Hosted && v.State != dx.ConnRequested {
		c.LoaIssueTime = ptr(v.Created)
	}
	return c
}

func connections(vs []*dx.Connection, next string) *Connections {
	out := &Connections{Connections: make([]Connection, 0, len(vs)), NextToken: optString(next)}
	for _, v := range vs {
		out.Connections = append(out.Connections, *connection(v))
	}
	return out
}

func (h *handlers) createConnection(ctx context.Context, c *protocol.Call, in *CreateConnectionRequest) (*Connection, error) {
	tags, err := tagsIn(in.Tags)
	if err != nil {
		return nil, err
	}
	v, err := h.svc.CreateConnection(ctx, api.Scope(c), ctl.CreateConnectionInput{Location: api.Str(in.Location), Bandwidth: api.Str(in.Bandwidth),
		Name: api.Str(in.ConnectionName), LagID: api.Str(in.LagId), ProviderName: api.Str(in.ProviderName),
		RequestMACSec: in.RequestMACSec != nil && *in.RequestMACSec, Tags: tags})
	if err != nil {
		return nil, err
	}
	return connection(v), nil
}

func (h *handlers) describeConnections(ctx context.Context, c *protocol.Call, in *DescribeConnectionsRequest) (*Connections, error) {
	vs, next, err := h.svc.DescribeConnections(ctx, api.Scope(c), api.Str(in.ConnectionId), page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	return connections(vs, next), nil
}

func (h *handlers) updateConnection(ctx context.Context, c *protocol.Call, in *UpdateConnectionRequest) (*Connection, error) {
	v, err := h.svc.UpdateConnection(ctx, api.Scope(c), api.Str(in.ConnectionId), in.ConnectionName, in.EncryptionMode)
	if err != nil {
		return nil, err
	}
	return connection(v), nil
}

func (h *handlers) deleteConnection(ctx context.Context, c *protocol.Call, in *DeleteConnectionRequest) (*Connection, error) {
	v, err := h.svc.DeleteConnection(ctx, api.Scope(c), api.Str(in.ConnectionId))
	if err != nil {
		return nil, err
	}
	return connection(v), nil
}

func (h *handlers) confirmConnection(ctx context.Context, c *protocol.Call, in *ConfirmConnectionRequest) (*ConfirmConnectionResponse, error) {
	state, err := h.svc.ConfirmConnection(ctx, api.Scope(c), api.Str(in.ConnectionId))
	if err != nil {
		return nil, err
	}
	return &ConfirmConnectionResponse{ConnectionState: ptr(state)}, nil
}

func (h *handlers) describeLoa(ctx context.Context, c *protocol.Call, in *DescribeLoaRequest) (*Loa, error) {
	pdf, err := h.svc.DescribeLoa(ctx, api.Scope(c), api.Str(in.ConnectionId), api.Str(in.ProviderName))
	if err != nil {
		return nil, err
	}
	return &Loa{LoaContent: pdf, LoaContentType: ptr("application/pdf")}, nil
}

func (h *handlers) allocateHostedConnection(ctx context.Context, c *protocol.Call, in *AllocateHostedConnectionRequest) (*Connection, error) {
	tags, err := tagsIn(in.Tags)
	if err != nil {
		return nil, err
	}
	v, err := h.svc.AllocateHostedConnection(ctx, api.Scope(c), ctl.AllocateHostedConnectionInput{ParentID: api.Str(in.ConnectionId),
		OwnerAccount: api.Str(in.OwnerAccount), Bandwidth: api.Str(in.Bandwidth), Name: api.Str(in.ConnectionName), Vlan: *in.Vlan, Tags: tags})
	if err != nil {
		return nil, err
	}
	return connection(v), nil
}

func (h *handlers) describeHostedConnections(ctx context.Context, c *protocol.Call, in *DescribeHostedConnectionsRequest) (*Connections, error) {
	vs, next, err := h.svc.DescribeHostedConnections(ctx, api.Scope(c), api.Str(in.ConnectionId), page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	return connections(vs, next), nil
}

func lag(v ctl.LagView) *Lag {
	l := v.Lag
	out := &Lag{
		ConnectionsBandwidth:    ptr(l.ConnectionsBandwidth),
		NumberOfConnections:     ptr(int32(len(v.Connections))),
		LagId:                   ptr(l.ID),
		OwnerAccount:            ptr(l.Account),
		LagName:                 ptr(l.Name),
		LagState:                ptr(l.State),
		Location:                ptr(l.Location),
		Region:                  ptr(l.Region),
		MinimumLinks:            ptr(l.MinimumLinks),
		AwsDevice:               ptr(l.AWSDevice),
		AwsDeviceV2:             ptr(l.AWSDevice),
		AwsLogicalDeviceId:      ptr(l.AWSDevice),
		Connections:             make([]Connection, 0, len(v.Connections)),
		AllowsHostedConnections: ptr(false),
		JumboFrameCapable:       ptr(true),
		HasLogicalRedundancy:    ptr("no"),
		Tags:                    tagsOut(l.Tags),
		ProviderName:            optString(l.ProviderName),
		MacSecCapable:           ptr(l.MacSecCapable),
		EncryptionMode:          optString(l.EncryptionMode),
	}
	for _, c := range v.Connections {
		out.Connections = append(out.Connections, *connection(c))
	}
	return out
}

func (h *handlers) createLag(ctx context.Context, c *protocol.Call, in *CreateLagRequest) (*Lag, error) {
	tags, err := tagsIn(in.Tags)
	if err != nil {
		return nil, err
	}
	child, err := tagsIn(in.ChildConnectionTags)
	if err != nil {
		return nil, err
	}
	l, conns, err := h.svc.CreateLag(ctx, api.Scope(c), ctl.CreateLagInput{NumberOfConnections: *in.NumberOfConnections,
		Location: api.Str(in.Location), Bandwidth: api.Str(in.ConnectionsBandwidth), Name: api.Str(in.LagName),
		ConnectionID: api.Str(in.ConnectionId), ProviderName: api.Str(in.ProviderName),
		RequestMACSec: in.RequestMACSec != nil && *in.RequestMACSec, Tags: tags, ChildConnectionTags: child})
	if err != nil {
		return nil, err
	}
	return lag(ctl.LagView{Lag: l, Connections: conns}), nil
}

func (h *handlers) describeLags(ctx context.Context, c *protocol.Call, in *DescribeLagsRequest) (*Lags, error) {
	vs, next, err := h.svc.DescribeLags(ctx, api.Scope(c), api.Str(in.LagId), page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &Lags{Lags: make([]Lag, 0, len(vs)), NextToken: optString(next)}
	for _, v := range vs {
		out.Lags = append(out.Lags, *lag(v))
	}
	return out, nil
}

func (h *handlers) updateLag(ctx context.Context, c *protocol.Call, in *UpdateLagRequest) (*Lag, error) {
	v, err := h.svc.UpdateLag(ctx, api.Scope(c), api.Str(in.LagId), ctl.UpdateLagInput{Name: in.LagName, MinimumLinks: in.MinimumLinks, EncryptionMode: in.EncryptionMode})
	if err != nil {
		return nil, err
	}
	return lag(v), nil
}

func (h *handlers) deleteLag(ctx context.Context, c *protocol.Call, in *DeleteLagRequest) (*Lag, error) {
	v, err := h.svc.DeleteLag(ctx, api.Scope(c), api.Str(in.LagId))
	if err != nil {
		return nil, err
	}
	return lag(v), nil
}

func (h *handlers) associateConnectionWithLag(ctx context.Context, c *protocol.Call, in *AssociateConnectionWithLagRequest) (*Connection, error) {
	v, err := h.svc.AssociateConnectionWithLag(ctx, api.Scope(c), api.Str(in.ConnectionId), api.Str(in.LagId))
	if err != nil {
		return nil, err
	}
	return connection(v), nil
}

func (h *handlers) disassociateConnectionFromLag(ctx context.Context, c *protocol.Call, in *DisassociateConnectionFromLagRequest) (*Connection, error) {
	v, err := h.svc.DisassociateConnectionFromLag(ctx, api.Scope(c), api.Str(in.ConnectionId), api.Str(in.LagId))
	if err != nil {
		return nil, err
	}
	return connection(v), nil
}
