package directconnect

import (
	"context"

	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// SetBGPStatusAs is SetBGPStatus for the caller sc (vpcsim's admin route
// and `vpcsim dx bgp`): the interface must belong to sc's account (its
// owner, or the connection owner that allocated it); another account's
// interface answers as an unknown one. Taking a session down withdraws
// the interface's routes from the gateways it reaches (docs/onprem.md).
func (s *Service) SetBGPStatusAs(ctx context.Context, sc Scope, vifID, peerID string, up bool) (*dx.VirtualInterface, error) {
	if vifID == "" {
		return nil, clientErr("Specify the virtual interface (virtualInterfaceId).")
	}
	v, ok := store.DXVifKind.In(s.view(ctx)).Get(vifID)
	if !ok || (v.Account != sc.Account && v.AllocatorAccount != sc.Account) {
		return nil, vifNotFound(vifID)
	}
	return s.SetBGPStatus(ctx, vifID, peerID, up)
}
