package directconnect

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// LAG quotas [DX limits.md, lags.md]: 10 LAGs per region; 4 dedicated
// connections per LAG below 100 Gbps, 2 at 100 Gbps and above.
const maxLagsPerRegion = 10

func maxLagLinks(bandwidth string) int {
	if bandwidthMbps(bandwidth) >= 100000 {
		return 2
	}
	return 4
}

// CreateLagInput is CreateLag's request.
type CreateLagInput struct {
	NumberOfConnections        int32
	Location, Bandwidth, Name  string
	ConnectionID, ProviderName string
	RequestMACSec              bool
	Tags, ChildConnectionTags  map[string]string
}

// CreateLag creates a LAG of NumberOfConnections dedicated connections of
// one bandwidth at one location [DX create-lag.md]. With ConnectionID, that
// existing connection (same location and bandwidth) joins the LAG and
// counts towards NumberOfConnections. The answer shows the LAG pending
// with its connections requested; both are available from the next read.
func (s *Service) CreateLag(ctx context.Context, sc Scope, in CreateLagInput) (*dx.Lag, []*dx.Connection, error) {
	if err := validLocation(sc.Region, in.Location); err != nil {
		return nil, nil, err
	}
	if err := checkDedicatedBandwidth(in.Bandwidth); err != nil {
		return nil, nil, err
	}
	if err := checkProvider(in.ProviderName); err != nil {
		return nil, nil, err
	}
	if max := maxLagLinks(in.Bandwidth); in.NumberOfConnections < 1 || int(in.NumberOfConnections) > max {
		return nil, nil, clientErr("numberOfConnections must be between 1 and %d for %s connections.", max, in.Bandwidth)
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, nil, err
	}
	if err := checkTags(in.ChildConnectionTags); err != nil {
		return nil, nil, err
	}
	var lag *dx.Lag
	var conns []*dx.Connection
	err := s.update(ctx, func(tx *store.Tx) error {
		n := 0
		LagKind.In(tx.World).All(func(l *dx.Lag) bool {
			if l.InScope(sc) {
				n++
			}
			return true
		})
		if n >= maxLagsPerRegion {
			return clientErr("Exceeded the limit of %d LAGs per region.", maxLagsPerRegion)
		}
		l := &dx.Lag{
			Meta:                 meta(tx, sc.Account, sc.Region, shortID(tx, "dxlag"), in.Tags),
			Name:                 in.Name,
			State:                dx.LagAvailable,
			Location:             in.Location,
			ConnectionsBandwidth: in.Bandwidth,
			ProviderName:         in.ProviderName,
			AWSDevice:            awsDevice(tx, in.Location),
		}
		if in.RequestMACSec {
			if bandwidthMbps(in.Bandwidth) < 10000 {
				return clientErr("MACsec is only available on 10Gbps, 100Gbps and 400Gbps connections.")
			}
			l.MacSecCapable, l.EncryptionMode = true, "no_encrypt"
		}
		newConns := int(in.NumberOfConnections)
		if in.ConnectionID != "" {
			c, err := ownConnection(tx.World, sc, in.ConnectionID)
			if err != nil {
				return err
			}
			if err := canJoinLag(tx.World, l, c); err != nil {
				return err
			}
			if c.LagID != "" {
				return clientErr("Connection %s is already a member of LAG %s.", c.ID, c.LagID)
			}
			LagKind.In(tx.World).Put(l)
			joined := joinLag(tx, c, l)
			conns = append(conns, joined)
			newConns--
		}
		if activeConnectionsAt(tx.World, sc, in.Location)+newConns > maxConnectionsPerLocation {
			return clientErr("Exceeded the limit of %d active connections at location %s.", maxConnectionsPerLocation, in.Location)
		}
		LagKind.In(tx.World).Put(l)
		for range newConns {
			c := &dx.Connection{
				Meta:          meta(tx, sc.Account, sc.Region, shortID(tx, "dxcon"), in.ChildConnectionTags),
				Name:          "Requested Connection " + l.ID,
				State:         dx.ConnAvailable,
				Location:      l.Location,
				Bandwidth:     l.ConnectionsBandwidth,
				LagID:         l.ID,
				ProviderName:  l.ProviderName,
				AWSDevice:     l.AWSDevice,
				JumboFrames:   true,
				MacSecCapable: l.MacSecCapable,
			}
			c.EncryptionMode = l.EncryptionMode
			ConnectionKind.In(tx.World).Put(c)
			shown := model.Clone(c)
			shown.State = dx.ConnRequested
			conns = append(conns, shown)
		}
		lag = model.Clone(l)
		lag.State = dx.LagPending
		return nil
	})
	return lag, conns, err
}

// canJoinLag checks a connection may be a member of l: same location and
// bandwidth, a dedicated connection, room left in the LAG.
func canJoinLag(w *store.World, l *dx.Lag, c *dx.Connection) error {
	if c.Hosted {
		return clientErr("Hosted connection %s cannot be a member of a LAG.", c.ID)
	}
	if c.Location != l.Location {
		return clientErr("Connection %s is at location %s; LAG %s is at %s.", c.ID, c.Location, l.ID, l.Location)
	}
	if c.Bandwidth != l.ConnectionsBandwidth {
		return clientErr("Connection %s has bandwidth %s; the connections of LAG %s have %s.", c.ID, c.Bandwidth, l.ID, l.ConnectionsBandwidth)
	}
	if n := len(ConnectionKind.In(w).Children(l.ID)); n >= maxLagLinks(l.ConnectionsBandwidth) {
		return clientErr("LAG %s already has the maximum of %d connections.", l.ID, n)
	}
	return nil
}

// joinLag makes c a member of l; its virtual interfaces move to the LAG
// (AssociateConnectionWithLag's documentation).
func joinLag(tx *store.Tx, c *dx.Connection, l *dx.Lag) *dx.Connection {
	n := model.Clone(c)
	n.LagID, n.AWSDevice = l.ID, l.AWSDevice
	ConnectionKind.In(tx.World).Put(n)
	for _, v := range VifKind.In(tx.World).Children(c.ID) {
		m := model.Clone(v)
		m.ConnectionID = l.ID
		VifKind.In(tx.World).Put(m)
	}
	return n
}

// ownLag returns a LAG of the scope.
func ownLag(w *store.World, sc Scope, id string) (*dx.Lag, error) {
	l, ok := LagKind.In(w).Get(id)
	if !ok || !l.InScope(sc) {
		return nil, lagNotFound(id)
	}
	return l, nil
}

// LagView is a LAG with its member connections.
type LagView struct {
	*dx.Lag
	Connections []*dx.Connection
}

// DescribeLags lists the scope's LAGs, or the one id names.
func (s *Service) DescribeLags(ctx context.Context, sc Scope, id string, p Page) ([]LagView, string, error) {
	w := s.view(ctx)
	var lags []*dx.Lag
	if id != "" {
		l, err := ownLag(w, sc, id)
		if err != nil {
			return nil, "", err
		}
		lags = []*dx.Lag{l}
	} else {
		LagKind.In(w).All(func(l *dx.Lag) bool {
			if l.InScope(sc) {
				lags = append(lags, l)
			}
			return true
		})
	}
	page, next, err := paginate(lags, func(l *dx.Lag) string { return l.ID }, p)
	if err != nil {
		return nil, "", err
	}
	out := make([]LagView, 0, len(page))
	for _, l := range page {
		out = append(out, lagView(w, l))
	}
	return out, next, nil
}

func lagView(w *store.World, l *dx.Lag) LagView {
	return LagView{Lag: l, Connections: ConnectionKind.In(w).Children(l.ID)}
}

// UpdateLagInput is UpdateLag's request; nil fields are unchanged.
type UpdateLagInput struct {
	Name           *string
	MinimumLinks   *int32
	EncryptionMode *string
}

// UpdateLag renames a LAG, sets its minimum links (0 to its number of
// connections) or its MACsec encryption mode, which applies to every
// member connection.
func (s *Service) UpdateLag(ctx context.Context, sc Scope, id string, in UpdateLagInput) (LagView, error) {
	var out LagView
	err := s.update(ctx, func(tx *store.Tx) error {
		l, err := ownLag(tx.World, sc, id)
		if err != nil {
			return err
		}
		n := model.Clone(l)
		members := ConnectionKind.In(tx.World).Children(l.ID)
		if in.Name != nil {
			n.Name = *in.Name
		}
		if in.MinimumLinks != nil {
			if m := *in.MinimumLinks; m < 0 || int(m) > len(members) {
				return clientErr("minimumLinks %d is not valid: LAG %s has %d connections.", m, l.ID, len(members))
			}
			n.MinimumLinks = *in.MinimumLinks
		}
		if in.EncryptionMode != nil {
			if !encryptionModes[*in.EncryptionMode] {
				return clientErr("Invalid encryption mode %s. Valid modes: no_encrypt, should_encrypt, must_encrypt.", *in.EncryptionMode)
			}
			if !l.MacSecCapable {
				return clientErr("LAG %s is not MACsec capable.", l.ID)
			}
			n.EncryptionMode = *in.EncryptionMode
			for _, c := range members {
				m := model.Clone(c)
				m.EncryptionMode = n.EncryptionMode
				ConnectionKind.In(tx.World).Put(m)
			}
		}
		LagKind.In(tx.World).Put(n)
		out = lagView(tx.World, n)
		return nil
	})
	return out, err
}

// DeleteLag deletes a LAG and its member connections. A LAG with virtual
// interfaces or hosted connections cannot be deleted (DeleteLag's
// documentation).
func (s *Service) DeleteLag(ctx context.Context, sc Scope, id string) (LagView, error) {
	var out LagView
	err := s.update(ctx, func(tx *store.Tx) error {
		l, err := ownLag(tx.World, sc, id)
		if err != nil {
			return err
		}
		if vifs := VifKind.In(tx.World).Children(l.ID); len(vifs) > 0 {
			return clientErr("LAG %s has virtual interfaces (%s). Delete them first.", l.ID, vifs[0].ID)
		}
		if h := hostedOn(tx.World, l.ID); len(h) > 0 {
			return clientErr("LAG %s has hosted connections (%s). Delete them first.", l.ID, h[0].ID)
		}
		out = lagView(tx.World, l)
		for _, c := range out.Connections {
			if vifs := VifKind.In(tx.World).Children(c.ID); len(vifs) > 0 {
				return clientErr("Connection %s of LAG %s has virtual interfaces. Delete them first.", c.ID, l.ID)
			}
			ConnectionKind.In(tx.World).Delete(c.ID)
		}
		LagKind.In(tx.World).Delete(l.ID)
		shown := model.Clone(l)
		shown.State = dx.LagDeleted
		out.Lag = shown
		return nil
	})
	return out, err
}

// AssociateConnectionWithLag makes a connection a member of a LAG (same
// location and bandwidth). A member of another LAG moves, unless leaving
// would take that LAG below its minimum links.
func (s *Service) AssociateConnectionWithLag(ctx context.Context, sc Scope, connID, lagID string) (*dx.Connection, error) {
	var out *dx.Connection
	err := s.update(ctx, func(tx *store.Tx) error {
		c, err := ownConnection(tx.World, sc, connID)
		if err != nil {
			return err
		}
		l, err := ownLag(tx.World, sc, lagID)
		if err != nil {
			return err
		}
		if c.LagID == l.ID {
			out = c
			return nil
		}
		if err := canJoinLag(tx.World, l, c); err != nil {
			return err
		}
		if c.LagID != "" {
			if err := canLeaveLag(tx.World, sc, c); err != nil {
				return err
			}
		}
		out = joinLag(tx, c, l)
		return nil
	})
	return out, err
}

func canLeaveLag(w *store.World, sc Scope, c *dx.Connection) error {
	old, err := ownLag(w, sc, c.LagID)
	if err != nil {
		return nil
	}
	left := len(ConnectionKind.In(w).Children(old.ID)) - 1
	if left > 0 && int32(left) < old.MinimumLinks {
		return clientErr("Removing connection %s would take LAG %s below its minimum links (%d).", c.ID, old.ID, old.MinimumLinks)
	}
	return nil
}

// DisassociateConnectionFromLag makes a member connection standalone
// again; the LAG's virtual interfaces stay on the LAG. It fails when the
// LAG would fall below its minimum links, except for its last member.
func (s *Service) DisassociateConnectionFromLag(ctx context.Context, sc Scope, connID, lagID string) (*dx.Connection, error) {
	var out *dx.Connection
	err := s.update(ctx, func(tx *store.Tx) error {
		c, err := ownConnection(tx.World, sc, connID)
		if err != nil {
			return err
		}
		l, err := ownLag(tx.World, sc, lagID)
		if err != nil {
			return err
		}
		if c.LagID != l.ID {
			return clientErr("Connection %s is not a member of LAG %s.", c.ID, l.ID)
		}
		if err := canLeaveLag(tx.World, sc, c); err != nil {
			return err
		}
		n := model.Clone(c)
		n.LagID = ""
		ConnectionKind.In(tx.World).Put(n)
		out = n
		return nil
	})
	return out, err
}
