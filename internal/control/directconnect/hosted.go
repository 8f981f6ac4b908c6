package directconnect

import (
	"context"
	"slices"

	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// AllocateHostedConnectionInput is AllocateHostedConnection's request.
type AllocateHostedConnectionInput struct {
	ParentID, OwnerAccount, Bandwidth, Name string
	Vlan                                    int32
	Tags                                    map[string]string
}

// AllocateHostedConnection carves a hosted connection (a VLAN and a share
// of the bandwidth) from a connection or LAG of the caller, for
// OwnerAccount [DX hosted_connection.md]. The owner sees it ordering
// until it confirms it (ConfirmConnection). The parent's hosted
// connections together cannot exceed its bandwidth.
func (s *Service) AllocateHostedConnection(ctx context.Context, sc Scope, in AllocateHostedConnectionInput) (*dx.Connection, error) {
	if !validAccount(in.OwnerAccount) {
		return nil, clientErr("Account ID %s is not valid.", in.OwnerAccount)
	}
	if !slices.Contains(hostedSpeeds, in.Bandwidth) {
		return nil, clientErr("Bandwidth %s is not available for hosted connections.", in.Bandwidth)
	}
	if err := checkVlan(in.Vlan); err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	var out *dx.Connection
	err := s.update(ctx, func(tx *store.Tx) error {
		p, err := ownPort(tx.World, sc, in.ParentID)
		if err != nil {
			return err
		}
		if p.hosted {
			return clientErr("Hosted connections cannot be allocated on hosted connection %s.", p.id)
		}
		if p.state != dx.ConnAvailable {
			return clientErr("Connection %s is not available (state %s).", p.id, p.state)
		}
		used := bandwidthMbps(in.Bandwidth)
		for _, h := range hostedOn(tx.World, p.id) {
			used += bandwidthMbps(h.Bandwidth)
		}
		if used > p.capacityMbps(tx.World) {
			return clientErr("Insufficient capacity on %s for a hosted connection of %s.", p.id, in.Bandwidth)
		}
		if err := vlanFree(tx.World, p.id, in.Vlan); err != nil {
			return err
		}
		c := &dx.Connection{
			Meta:           meta(tx, in.OwnerAccount, sc.Region, shortID(tx, "dxcon"), in.Tags),
			Name:           in.Name,
			State:          dx.ConnOrdering,
			Location:       p.location,
			Bandwidth:      in.Bandwidth,
			AWSDevice:      p.device,
			JumboFrames:    true,
			Hosted:         true,
			ParentID:       p.id,
			Vlan:           in.Vlan,
			PartnerAccount: sc.Account,
			PartnerName:    "vpcsim partner " + sc.Account,
		}
		ConnectionKind.In(tx.World).Put(c)
		out = c
		return nil
	})
	return out, err
}

// ConfirmConnection confirms a hosted connection in the ordering state:
// the answer shows it pending and it is available from the next read.
func (s *Service) ConfirmConnection(ctx context.Context, sc Scope, id string) (string, error) {
	err := s.update(ctx, func(tx *store.Tx) error {
		c, err := ownConnection(tx.World, sc, id)
		if err != nil {
			return err
		}
		if c.State != dx.ConnOrdering {
			return clientErr("Connection %s is not in the ordering state (state %s).", c.ID, c.State)
		}
		n := model.Clone(c)
		n.State = dx.ConnAvailable
		ConnectionKind.In(tx.World).Put(n)
		return nil
	})
	if err != nil {
		return "", err
	}
	return dx.ConnPending, nil
}

// DescribeHostedConnections lists the hosted connections carved from a
// connection or LAG of the caller.
func (s *Service) DescribeHostedConnections(ctx context.Context, sc Scope, parentID string, p Page) ([]*dx.Connection, string, error) {
	w := s.view(ctx)
	if _, err := ownPort(w, sc, parentID); err != nil {
		return nil, "", err
	}
	return paginate(hostedOn(w, parentID), func(c *dx.Connection) string { return c.ID }, p)
}

// port is what virtual interfaces and hosted connections are placed on: a
// connection or a LAG of the caller.
type port struct {
	id, location, device, state, bandwidth string
	hosted, lag                            bool
	vlan                                   int32
}

// capacityMbps is the port's bandwidth: a LAG's is its members' sum.
func (p port) capacityMbps(w *store.World) int {
	if !p.lag {
		return bandwidthMbps(p.bandwidth)
	}
	return bandwidthMbps(p.bandwidth) * len(ConnectionKind.In(w).Children(p.id))
}

// ownPort resolves a connection id (dxcon-) or LAG id (dxlag-) of scope.
func ownPort(w *store.World, sc Scope, id string) (port, error) {
	if l, ok := LagKind.In(w).Get(id); ok {
		if !l.InScope(sc) {
			return port{}, lagNotFound(id)
		}
		return port{id: l.ID, location: l.Location, device: l.AWSDevice, state: l.State, bandwidth: l.ConnectionsBandwidth, lag: true}, nil
	}
	if len(id) > 6 && id[:6] == "dxlag-" {
		return port{}, lagNotFound(id)
	}
	c, err := ownConnection(w, sc, id)
	if err != nil {
		return port{}, err
	}
	return port{id: c.ID, location: c.Location, device: c.AWSDevice, state: c.State, bandwidth: c.Bandwidth, hosted: c.Hosted, vlan: c.Vlan}, nil
}

func validAccount(a string) bool {
	if len(a) != 12 {
		return false
	}
	for _, r := range a {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
