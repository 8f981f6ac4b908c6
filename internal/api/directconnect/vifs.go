package directconnect

import (
	"context"
	"math"

	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/directconnect"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// asnIn prefers asnLong (32-bit ASNs) over asn.
func asnIn(asn *int32, long *int64) int64 {
	if long != nil {
		return *long
	}
	if asn != nil {
		return int64(*asn)
	}
	return 0
}

// asnOut renders an ASN in both members; asn only when it fits.
func asnOut(v int64) (*int32, *int64) {
	if v <= math.MaxInt32 {
		return ptr(int32(v)), ptr(v)
	}
	return ptr(int32(0)), ptr(v)
}

func vif(v *dx.VirtualInterface) *VirtualInterface {
	asn, long := asnOut(v.Asn)
	out := &VirtualInterface{
		OwnerAccount:           ptr(v.Account),
		VirtualInterfaceId:     ptr(v.ID),
		Location:               ptr(v.Location),
		ConnectionId:           ptr(v.ConnectionID),
		VirtualInterfaceType:   ptr(v.Type),
		VirtualInterfaceName:   ptr(v.Name),
		Vlan:                   ptr(v.Vlan),
		Asn:                    asn,
		AsnLong:                long,
		AmazonSideAsn:          ptr(v.AmazonSideAsn),
		VirtualInterfaceState:  ptr(v.State),
		CustomerRouterConfig:   ptr(""),
		Mtu:                    ptr(v.Mtu),
		JumboFrameCapable:      ptr(true),
		VirtualGatewayId:       optString(v.VgwID),
		DirectConnectGatewayId: optString(v.DxGatewayID),
		RouteFilterPrefixes:    prefixesOut(v.RouteFilterPrefixes),
		BgpPeers:               make([]BGPPeer, 0, len(v.BGPPeers)),
		Region:                 ptr(v.Region),
		AwsDeviceV2:            ptr(v.AWSDevice),
		AwsLogicalDeviceId:     ptr(v.AWSDevice),
		Tags:                   tagsOut(v.Tags),
		SiteLinkEnabled:        ptr(v.SiteLink),
	}
	if len(v.BGPPeers) > 0 {
		p := v.BGPPeers[0]
		out.AddressFamily, out.AuthKey = ptr(p.AddressFamily), ptr(p.AuthKey)
		out.AmazonAddress, out.CustomerAddress = ptr(p.AmazonAddress), ptr(p.CustomerAddress)
	}
	for _, p := range v.BGPPeers {
		a, l := asnOut(p.Asn)
		out.BgpPeers = append(out.BgpPeers, BGPPeer{BgpPeerId: ptr(p.ID), Asn: a, AsnLong: l, AuthKey: ptr(p.AuthKey),
			AddressFamily: ptr(p.AddressFamily), AmazonAddress: ptr(p.AmazonAddress), CustomerAddress: ptr(p.CustomerAddress),
			BgpPeerState: ptr(p.State), BgpStatus: ptr(p.Status), AwsDeviceV2: ptr(v.AWSDevice), AwsLogicalDeviceId: ptr(v.AWSDevice)})
	}
	return out
}

func (h *handlers) createVif(ctx context.Context, c *protocol.Call, in ctl.VifInput, tags []Tag) (*VirtualInterface, error) {
	m, err := tagsIn(tags)
	if err != nil {
		return nil, err
	}
	in.Tags = m
	v, err := h.svc.CreateVirtualInterface(ctx, api.Scope(c), in)
	if err != nil {
		return nil, err
	}
	return vif(v), nil
}

func (h *handlers) createPrivateVif(ctx context.Context, c *protocol.Call, in *CreatePrivateVirtualInterfaceRequest) (*VirtualInterface, error) {
	n := in.NewPrivateVirtualInterface
	return h.createVif(ctx, c, ctl.VifInput{Type: dx.VifPrivate, PortID: api.Str(in.ConnectionId), Name: api.Str(n.VirtualInterfaceName),
		Vlan: *n.Vlan, Asn: asnIn(n.Asn, n.AsnLong), Mtu: n.Mtu, AuthKey: api.Str(n.AuthKey), AmazonAddress: api.Str(n.AmazonAddress),
		CustomerAddr: api.Str(n.CustomerAddress), AddressFamily: api.Str(n.AddressFamily), VgwID: api.Str(n.VirtualGatewayId),
		DxGatewayID: api.Str(n.DirectConnectGatewayId), SiteLink: n.EnableSiteLink != nil && *n.EnableSiteLink}, n.Tags)
}

func (h *handlers) createPublicVif(ctx context.Context, c *protocol.Call, in *CreatePublicVirtualInterfaceRequest) (*VirtualInterface, error) {
	n := in.NewPublicVirtualInterface
	return h.createVif(ctx, c, ctl.VifInput{Type: dx.VifPublic, PortID: api.Str(in.ConnectionId), Name: api.Str(n.VirtualInterfaceName),
		Vlan: *n.Vlan, Asn: asnIn(n.Asn, n.AsnLong), AuthKey: api.Str(n.AuthKey), AmazonAddress: api.Str(n.AmazonAddress),
		CustomerAddr: api.Str(n.CustomerAddress), AddressFamily: api.Str(n.AddressFamily), RouteFilterPrefixes: prefixesIn(n.RouteFilterPrefixes)}, n.Tags)
}

func (h *handlers) createTransitVif(ctx context.Context, c *protocol.Call, in *CreateTransitVirtualInterfaceRequest) (*CreateTransitVirtualInterfaceResult, error) {
	n := in.NewTransitVirtualInterface
	v, err := h.createVif(ctx, c, ctl.VifInput{Type: dx.VifTransit, PortID: api.Str(in.ConnectionId), Name: api.Str(n.VirtualInterfaceName),
		Vlan: deref(n.Vlan), Asn: asnIn(n.Asn, n.AsnLong), Mtu: n.Mtu, AuthKey: api.Str(n.AuthKey), AmazonAddress: api.Str(n.AmazonAddress),
		CustomerAddr: api.Str(n.CustomerAddress), AddressFamily: api.Str(n.AddressFamily),
		DxGatewayID: api.Str(n.DirectConnectGatewayId), SiteLink: n.EnableSiteLink != nil && *n.EnableSiteLink}, n.Tags)
	if err != nil {
		return nil, err
	}
	return &CreateTransitVirtualInterfaceResult{VirtualInterface: v}, nil
}

func deref(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}

func (h *handlers) allocateVif(ctx context.Context, c *protocol.Call, owner string, in ctl.VifInput, tags []Tag) (*VirtualInterface, error) {
	m, err := tagsIn(tags)
	if err != nil {
		return nil, err
	}
	in.Tags = m
	v, err := h.svc.AllocateVirtualInterface(ctx, api.Scope(c), owner, in)
	if err != nil {
		return nil, err
	}
	return vif(v), nil
}

func (h *handlers) allocatePrivateVif(ctx context.Context, c *protocol.Call, in *AllocatePrivateVirtualInterfaceRequest) (*VirtualInterface, error) {
	n := in.NewPrivateVirtualInterfaceAllocation
	return h.allocateVif(ctx, c, api.Str(in.OwnerAccount), ctl.VifInput{Type: dx.VifPrivate, PortID: api.Str(in.ConnectionId),
		Name: api.Str(n.VirtualInterfaceName), Vlan: *n.Vlan, Asn: asnIn(n.Asn, n.AsnLong), Mtu: n.Mtu, AuthKey: api.Str(n.AuthKey),
		AmazonAddress: api.Str(n.AmazonAddress), CustomerAddr: api.Str(n.CustomerAddress), AddressFamily: api.Str(n.AddressFamily)}, n.Tags)
}

func (h *handlers) allocatePublicVif(ctx context.Context, c *protocol.Call, in *AllocatePublicVirtualInterfaceRequest) (*VirtualInterface, error) {
	n := in.NewPublicVirtualInterfaceAllocation
	return h.allocateVif(ctx, c, api.Str(in.OwnerAccount), ctl.VifInput{Type: dx.VifPublic, PortID: api.Str(in.ConnectionId),
		Name: api.Str(n.VirtualInterfaceName), Vlan: *n.Vlan, Asn: asnIn(n.Asn, n.AsnLong), AuthKey: api.Str(n.AuthKey),
		AmazonAddress: api.Str(n.AmazonAddress), CustomerAddr: api.Str(n.CustomerAddress), AddressFamily: api.Str(n.AddressFamily),
		RouteFilterPrefixes: prefixesIn(n.RouteFilterPrefixes)}, n.Tags)
}

func (h *handlers) allocateTransitVif(ctx context.Context, c *protocol.Call, in *AllocateTransitVirtualInterfaceRequest) (*AllocateTransitVirtualInterfaceResult, error) {
	n := in.NewTransitVirtualInterfaceAllocation
	v, err := h.allocateVif(ctx, c, api.Str(in.OwnerAccount), ctl.VifInput{Type: dx.VifTransit, PortID: api.Str(in.ConnectionId),
		Name: api.Str(n.VirtualInterfaceName), Vlan: deref(n.Vlan), Asn: asnIn(n.Asn, n.AsnLong), Mtu: n.Mtu, AuthKey: api.Str(n.AuthKey),
		AmazonAddress: api.Str(n.AmazonAddress), CustomerAddr: api.Str(n.CustomerAddress), AddressFamily: api.Str(n.AddressFamily)}, n.Tags)
	if err != nil {
		return nil, err
	}
	return &AllocateTransitVirtualInterfaceResult{VirtualInterface: v}, nil
}

func (h *handlers) confirmPrivateVif(ctx context.Context, c *protocol.Call, in *ConfirmPrivateVirtualInterfaceRequest) (*ConfirmPrivateVirtualInterfaceResponse, error) {
	st, err := h.svc.ConfirmVirtualInterface(ctx, api.Scope(c), dx.VifPrivate, api.Str(in.VirtualInterfaceId), api.Str(in.VirtualGatewayId), api.Str(in.DirectConnectGatewayId))
	if err != nil {
		return nil, err
	}
	return &ConfirmPrivateVirtualInterfaceResponse{VirtualInterfaceState: ptr(st)}, nil
}

func (h *handlers) confirmPublicVif(ctx context.Context, c *protocol.Call, in *ConfirmPublicVirtualInterfaceRequest) (*ConfirmPublicVirtualInterfaceResponse, error) {
	st, err := h.svc.ConfirmVirtualInterface(ctx, api.Scope(c), dx.VifPublic, api.Str(in.VirtualInterfaceId), "", "")
	if err != nil {
		return nil, err
	}
	return &ConfirmPublicVirtualInterfaceResponse{VirtualInterfaceState: ptr(st)}, nil
}

func (h *handlers) confirmTransitVif(ctx context.Context, c *protocol.Call, in *ConfirmTransitVirtualInterfaceRequest) (*ConfirmTransitVirtualInterfaceResponse, error) {
	st, err := h.svc.ConfirmVirtualInterface(ctx, api.Scope(c), dx.VifTransit, api.Str(in.VirtualInterfaceId), "", api.Str(in.DirectConnectGatewayId))
	if err != nil {
		return nil, err
	}
	return &ConfirmTransitVirtualInterfaceResponse{VirtualInterfaceState: ptr(st)}, nil
}

func (h *handlers) describeVifs(ctx context.Context, c *protocol.Call, in *DescribeVirtualInterfacesRequest) (*VirtualInterfaces, error) {
	vs, next, err := h.svc.DescribeVirtualInterfaces(ctx, api.Scope(c), api.Str(in.ConnectionId), api.Str(in.VirtualInterfaceId), page(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &VirtualInterfaces{VirtualInterfaces: make([]VirtualInterface, 0, len(vs)), NextToken: optString(next)}
	for _, v := range vs {
		out.VirtualInterfaces = append(out.VirtualInterfaces, *vif(v))
	}
	return out, nil
}

func (h *handlers) updateVif(ctx context.Context, c *protocol.Call, in *UpdateVirtualInterfaceAttributesRequest) (*VirtualInterface, error) {
	v, err := h.svc.UpdateVirtualInterfaceAttributes(ctx, api.Scope(c), api.Str(in.VirtualInterfaceId),
		ctl.UpdateVifInput{Mtu: in.Mtu, SiteLink: in.EnableSiteLink, Name: in.VirtualInterfaceName})
	if err != nil {
		return nil, err
	}
	return vif(v), nil
}

func (h *handlers) deleteVif(ctx context.Context, c *protocol.Call, in *DeleteVirtualInterfaceRequest) (*DeleteVirtualInterfaceResponse, error) {
	st, err := h.svc.DeleteVirtualInterface(ctx, api.Scope(c), api.Str(in.VirtualInterfaceId))
	if err != nil {
		return nil, err
	}
	return &DeleteVirtualInterfaceResponse{VirtualInterfaceState: ptr(st)}, nil
}

func (h *handlers) createBGPPeer(ctx context.Context, c *protocol.Call, in *CreateBGPPeerRequest) (*CreateBGPPeerResponse, error) {
	var p ctl.NewPeerInput
	if n := in.NewBGPPeer; n != nil {
		p = ctl.NewPeerInput{AddressFamily: api.Str(n.AddressFamily), AmazonAddress: api.Str(n.AmazonAddress),
			CustomerAddress: api.Str(n.CustomerAddress), AuthKey: api.Str(n.AuthKey), Asn: asnIn(n.Asn, n.AsnLong)}
	}
	v, err := h.svc.CreateBGPPeer(ctx, api.Scope(c), api.Str(in.VirtualInterfaceId), p)
	if err != nil {
		return nil, err
	}
	return &CreateBGPPeerResponse{VirtualInterface: vif(v)}, nil
}

func (h *handlers) deleteBGPPeer(ctx context.Context, c *protocol.Call, in *DeleteBGPPeerRequest) (*DeleteBGPPeerResponse, error) {
	v, err := h.svc.DeleteBGPPeer(ctx, api.Scope(c), api.Str(in.VirtualInterfaceId),
		ctl.DeletePeerInput{PeerID: api.Str(in.BgpPeerId), CustomerAddress: api.Str(in.CustomerAddress), Asn: asnIn(in.Asn, in.AsnLong)})
	if err != nil {
		return nil, err
	}
	return &DeleteBGPPeerResponse{VirtualInterface: vif(v)}, nil
}

func (h *handlers) describeVirtualGateways(ctx context.Context, c *protocol.Call, _ *struct{}) (*VirtualGateways, error) {
	out := &VirtualGateways{VirtualGateways: []VirtualGateway{}}
	for _, g := range h.svc.DescribeVirtualGateways(ctx, api.Scope(c)) {
		out.VirtualGateways = append(out.VirtualGateways, VirtualGateway{VirtualGatewayId: ptr(g.ID), VirtualGatewayState: ptr(g.State)})
	}
	return out, nil
}
