package directconnect

import (
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Direct Connect's resource kinds: declared once in the store
// (store/kinds_directconnect.go), where EC2's control plane and the data
// plane read them too; these names keep this package's call sites short.
var (
	// ConnectionKind holds dedicated and hosted connections.
	ConnectionKind = store.DXConnectionKind
	// LagKind holds link aggregation groups.
	LagKind = store.DXLagKind
	// VifKind holds virtual interfaces.
	VifKind = store.DXVifKind
	// GatewayKind holds Direct Connect gateways (global).
	GatewayKind = store.DXGatewayKind
	// AssociationKind holds gateway associations.
	AssociationKind = store.DXAssociationKind
)

// FailoverTestKind holds virtual interface failover tests (their history:
// ListVirtualInterfaceTestHistory). Only this package reads them.
var FailoverTestKind = store.Define[dx.FailoverTest](model.KindSpec{Name: "directconnect-failover-test", Service: "directconnect"}, nil)
