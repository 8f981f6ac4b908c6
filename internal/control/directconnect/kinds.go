package directconnect

import (
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Direct Connect's resource kinds, declared once here. Keys are AWS's ids
// (unique across accounts and regions).
var (
	// ConnectionKind holds dedicated and hosted connections, indexed by
	// their LAG.
	ConnectionKind = store.Define[dx.Connection](model.KindSpec{Name: "directconnect-connection", Service: "directconnect"},
		func(v *dx.Connection) string { return v.LagID })
	// LagKind holds link aggregation groups.
	LagKind = store.Define[dx.Lag](model.KindSpec{Name: "directconnect-lag", Service: "directconnect"}, nil)
	// VifKind holds virtual interfaces, indexed by their connection or LAG.
	VifKind = store.Define[dx.VirtualInterface](model.KindSpec{Name: "directconnect-virtual-interface", Service: "directconnect"},
		func(v *dx.VirtualInterface) string { return v.ConnectionID })
	// GatewayKind holds Direct Connect gateways (global).
	GatewayKind = store.Define[dx.Gateway](model.KindSpec{Name: "directconnect-gateway", Service: "directconnect", Global: true}, nil)
	// AssociationKind holds gateway associations, indexed by their Direct
	// Connect gateway.
	AssociationKind = store.Define[dx.Association](model.KindSpec{Name: "directconnect-gateway-association", Service: "directconnect"},
		func(v *dx.Association) string { return v.GatewayID })
)
