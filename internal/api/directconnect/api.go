// Package directconnect serves AWS Direct Connect on the json protocol
// (1.1, X-Amz-Target OvertureService.*): generated shapes (shapes_gen.go,
// the operations of operations.txt) and thin handlers over
// internal/control/directconnect.
package directconnect

import (
	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/control"
	ctl "github.com/vpcsim/vpcsim/internal/control/directconnect"
	"github.com/vpcsim/vpcsim/internal/model"
)

// handlers holds the control plane the handlers call.
type handlers struct {
	svc *ctl.Service
}

// New returns the Direct Connect binding over the world of the EC2
// control plane (one store for every service).
func New(c *control.Service) *api.Binding {
	return NewWith(ctl.New(c.Store(), ctl.Options{}))
}

// NewWith returns the Direct Connect binding over the control plane svc.
func NewWith(svc *ctl.Service) *api.Binding {
	h := &handlers{svc: svc}
	r := api.NewRouter()
	// Locations, connections, hosted connections.
	api.Handle(r, "DescribeLocations", h.describeLocations)
	api.Handle(r, "CreateConnection", h.createConnection)
	api.Handle(r, "DescribeConnections", h.describeConnections)
	api.Handle(r, "UpdateConnection", h.updateConnection)
	api.Handle(r, "DeleteConnection", h.deleteConnection)
	api.Handle(r, "ConfirmConnection", h.confirmConnection)
	api.Handle(r, "DescribeLoa", h.describeLoa)
	api.Handle(r, "AllocateHostedConnection", h.allocateHostedConnection)
	api.Handle(r, "DescribeHostedConnections", h.describeHostedConnections)
	// LAGs.
	api.Handle(r, "CreateLag", h.createLag)
	api.Handle(r, "DescribeLags", h.describeLags)
	api.Handle(r, "UpdateLag", h.updateLag)
	api.Handle(r, "DeleteLag", h.deleteLag)
	api.Handle(r, "AssociateConnectionWithLag", h.associateConnectionWithLag)
	api.Handle(r, "DisassociateConnectionFromLag", h.disassociateConnectionFromLag)
	// Virtual interfaces and BGP peers.
	api.Handle(r, "CreatePrivateVirtualInterface", h.createPrivateVif)
	api.Handle(r, "CreatePublicVirtualInterface", h.createPublicVif)
	api.Handle(r, "CreateTransitVirtualInterface", h.createTransitVif)
	api.Handle(r, "AllocatePrivateVirtualInterface", h.allocatePrivateVif)
	api.Handle(r, "AllocatePublicVirtualInterface", h.allocatePublicVif)
	api.Handle(r, "AllocateTransitVirtualInterface", h.allocateTransitVif)
	api.Handle(r, "ConfirmPrivateVirtualInterface", h.confirmPrivateVif)
	api.Handle(r, "ConfirmPublicVirtualInterface", h.confirmPublicVif)
	api.Handle(r, "ConfirmTransitVirtualInterface", h.confirmTransitVif)
	api.Handle(r, "DescribeVirtualInterfaces", h.describeVifs)
	api.Handle(r, "UpdateVirtualInterfaceAttributes", h.updateVif)
	api.Handle(r, "DeleteVirtualInterface", h.deleteVif)
	api.Handle(r, "CreateBGPPeer", h.createBGPPeer)
	api.Handle(r, "DeleteBGPPeer", h.deleteBGPPeer)
	api.Handle(r, "DescribeVirtualGateways", h.describeVirtualGateways)
	registerFailoverTests(r, h)
	registerProposals(r, h)
	// Direct Connect gateways and associations.
	api.Handle(r, "CreateDirectConnectGateway", h.createGateway)
	api.Handle(r, "DescribeDirectConnectGateways", h.describeGateways)
	api.Handle(r, "UpdateDirectConnectGateway", h.updateGateway)
	api.Handle(r, "DeleteDirectConnectGateway", h.deleteGateway)
	api.Handle(r, "CreateDirectConnectGatewayAssociation", h.createAssociation)
	api.Handle(r, "UpdateDirectConnectGatewayAssociation", h.updateAssociation)
	api.Handle(r, "DescribeDirectConnectGatewayAssociations", h.describeAssociations)
	api.Handle(r, "DeleteDirectConnectGatewayAssociation", h.deleteAssociation)
	api.Handle(r, "DescribeDirectConnectGatewayAttachments", h.describeAttachments)
	// Tags.
	api.Handle(r, "TagResource", h.tagResource)
	api.Handle(r, "UntagResource", h.untagResource)
	api.Handle(r, "DescribeTags", h.describeTags)
	return &api.Binding{Service: Service, Handler: r}
}

func ptr[T any](v T) *T { return &v }

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func page(max *int32, token *string) ctl.Page {
	p := ctl.Page{NextToken: api.Str(token)}
	if max != nil {
		p.MaxResults = *max
	}
	return p
}

// tagsIn turns wire tags into a map (a key given twice is refused).
func tagsIn(ts []Tag) (map[string]string, error) {
	list := make([]model.Tag, 0, len(ts))
	for _, t := range ts {
		list = append(list, model.Tag{Key: api.Str(t.Key), Value: api.Str(t.Value)})
	}
	return ctl.TagMap(list)
}

// tagsOut renders tags sorted by key; nil when there are none.
func tagsOut(m map[string]string) []Tag {
	if len(m) == 0 {
		return nil
	}
	meta := model.Meta{Tags: m}
	out := make([]Tag, 0, len(m))
	for _, t := range meta.SortedTags() {
		out = append(out, Tag{Key: ptr(t.Key), Value: ptr(t.Value)})
	}
	return out
}

func prefixesIn(ps []RouteFilterPrefix) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, api.Str(p.Cidr))
	}
	return out
}

func prefixesOut(ps []string) []RouteFilterPrefix {
	out := make([]RouteFilterPrefix, 0, len(ps))
	for _, p := range ps {
		out = append(out, RouteFilterPrefix{Cidr: ptr(p)})
	}
	return out
}
