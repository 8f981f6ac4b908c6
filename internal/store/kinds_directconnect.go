package store

import (
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
)

// Direct Connect's resource kinds, declared in the store rather than in
// internal/control/directconnect because EC2's control plane (route
// propagation from virtual interfaces into virtual private gateways and
// transit gateway route tables) and the data plane read them, and
// internal/control/directconnect imports EC2's control plane. Keys are
// AWS's ids (unique across accounts and regions).
var (
	// DXConnectionKind holds dedicated and hosted connections, indexed by
	// their LAG.
	DXConnectionKind = Define[dx.Connection](model.KindSpec{Name: "directconnect-connection", Service: "directconnect"},
		func(v *dx.Connection) string { return v.LagID })
	// DXLagKind holds link aggregation groups.
	DXLagKind = Define[dx.Lag](model.KindSpec{Name: "directconnect-lag", Service: "directconnect"}, nil)
	// DXVifKind holds virtual interfaces, indexed by their connection or
	// LAG.
	DXVifKind = Define[dx.VirtualInterface](model.KindSpec{Name: "directconnect-virtual-interface", Service: "directconnect"},
		func(v *dx.VirtualInterface) string { return v.ConnectionID })
	// DXGatewayKind holds Direct Connect gateways (global).
	DXGatewayKind = Define[dx.Gateway](model.KindSpec{Name: "directconnect-gateway", Service: "directconnect", Global: true}, nil)
	// DXAssociationKind holds gateway associations, indexed by their
	// Direct Connect gateway.
	DXAssociationKind = Define[dx.Association](model.KindSpec{Name: "directconnect-gateway-association", Service: "directconnect"},
		func(v *dx.Association) string { return v.GatewayID })
)

// DXVifsOn returns a function listing the virtual interfaces of w on a
// Direct Connect gateway (the vifsOn argument of
// directconnect.HybridPropagation), in id order.
func DXVifsOn(w *World) func(dxgwID string) []*dx.VirtualInterface {
	return func(id string) []*dx.VirtualInterface {
		var out []*dx.VirtualInterface
		DXVifKind.In(w).All(func(v *dx.VirtualInterface) bool {
			if v.DxGatewayID == id {
				out = append(out, v)
			}
			return true
		})
		return out
	}
}
