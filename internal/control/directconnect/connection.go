package directconnect

import (
	"context"
	"fmt"

	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Connection quotas [DX limits.md]: 10 active connections per location
// per region per account.
const maxConnectionsPerLocation = 10

// Encryption modes of MACsec connections and LAGs [DX MACsec.md].
var encryptionModes = map[string]bool{"no_encrypt": true, "should_encrypt": true, "must_encrypt": true}

// CreateConnectionInput is CreateConnection's request.
type CreateConnectionInput struct {
	Location, Bandwidth, Name string
	LagID                     string
	ProviderName              string
	RequestMACSec             bool
	Tags                      map[string]string
}

// CreateConnection orders a dedicated connection at a location of the
// region [DX dedicated_connection.md]. The answer shows it requested;
// it is available from the next read. With LagID the connection joins that
// LAG (same location and bandwidth).
func (s *Service) CreateConnection(ctx context.Context, sc Scope, in CreateConnectionInput) (*dx.Connection, error) {
	if err := validLocation(sc.Region, in.Location); err != nil {
		return nil, err
	}
	if err := checkDedicatedBandwidth(in.Bandwidth); err != nil {
		return nil, err
	}
	if err := checkProvider(in.ProviderName); err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	var out *dx.Connection
	err := s.update(ctx, func(tx *store.Tx) error {
		if n := activeConnectionsAt(tx.World, sc, in.Location); n >= maxConnectionsPerLocation {
			return clientErr("Exceeded the limit of %d active connections at location %s.", maxConnectionsPerLocation, in.Location)
		}
		c := &dx.Connection{
			Meta:         meta(tx, sc.Account, sc.Region, shortID(tx, "dxcon"), in.Tags),
			Name:         in.Name,
			State:        dx.ConnAvailable,
			Location:     in.Location,
			Bandwidth:    in.Bandwidth,
			ProviderName: in.ProviderName,
			AWSDevice:    awsDevice(tx, in.Location),
			JumboFrames:  true,
		}
		if in.RequestMACSec {
			if bandwidthMbps(in.Bandwidth) < 10000 {
				return clientErr("MACsec is only available on 10Gbps, 100Gbps and 400Gbps dedicated connections.")
			}
			c.MacSecCapable, c.EncryptionMode = true, "no_encrypt"
		}
		if in.LagID != "" {
			l, err := ownLag(tx.World, sc, in.LagID)
			if err != nil {
				return err
			}
			if err := canJoinLag(tx.World, l, c); err != nil {
				return err
			}
			c.LagID, c.AWSDevice = l.ID, l.AWSDevice
		}
		ConnectionKind.In(tx.World).Put(c)
		out = model.Clone(c)
		out.State = dx.ConnRequested
		return nil
	})
	return out, err
}

func activeConnectionsAt(w *store.World, sc Scope, location string) int {
	n := 0
	ConnectionKind.In(w).All(func(c *dx.Connection) bool {
		if c.InScope(sc) && !c.Hosted && c.Location == location {
			n++
		}
		return true
	})
	return n
}

// ownConnection returns a connection of the scope (its owner's view).
func ownConnection(w *store.World, sc Scope, id string) (*dx.Connection, error) {
	c, ok := ConnectionKind.In(w).Get(id)
	if !ok || !c.InScope(sc) {
		return nil, connNotFound(id)
	}
	return c, nil
}

// DescribeConnections lists the scope's connections (hosted ones included,
// as their owner sees them), or the one connection id names.
func (s *Service) DescribeConnections(ctx context.Context, sc Scope, id string, p Page) ([]*dx.Connection, string, error) {
	w := s.view(ctx)
	if id != "" {
		c, err := ownConnection(w, sc, id)
		if err != nil {
			return nil, "", err
		}
		return []*dx.Connection{c}, "", nil
	}
	var all []*dx.Connection
	ConnectionKind.In(w).All(func(c *dx.Connection) bool {
		if c.InScope(sc) {
			all = append(all, c)
		}
		return true
	})
	return paginate(all, func(c *dx.Connection) string { return c.ID }, p)
}

// UpdateConnection renames a connection or changes its MACsec encryption
// mode (MACsec-capable connections only).
func (s *Service) UpdateConnection(ctx context.Context, sc Scope, id string, name, mode *string) (*dx.Connection, error) {
	var out *dx.Connection
	err := s.update(ctx, func(tx *store.Tx) error {
		c, err := ownConnection(tx.World, sc, id)
		if err != nil {
			return err
		}
		n := model.Clone(c)
		if name != nil {
			n.Name = *name
		}
		if mode != nil {
			if !encryptionModes[*mode] {
				return clientErr("Invalid encryption mode %s. Valid modes: no_encrypt, should_encrypt, must_encrypt.", *mode)
			}
			if !c.MacSecCapable {
				return clientErr("Connection %s is not MACsec capable.", c.ID)
			}
			n.EncryptionMode = *mode
		}
		ConnectionKind.In(tx.World).Put(n)
		out = n
		return nil
	})
	return out, err
}

// DeleteConnection deletes a connection of the scope. A connection that
// still carries virtual interfaces or hosted connections cannot be
// deleted; the answer shows it deleted.
func (s *Service) DeleteConnection(ctx context.Context, sc Scope, id string) (*dx.Connection, error) {
	var out *dx.Connection
	err := s.update(ctx, func(tx *store.Tx) error {
		c, err := ownConnection(tx.World, sc, id)
		if err != nil {
			return err
		}
		if vifs := VifKind.In(tx.World).Children(c.ID); len(vifs) > 0 {
			return clientErr("Connection %s has virtual interfaces (%s). Delete them first.", c.ID, vifs[0].ID)
		}
		if h := hostedOn(tx.World, c.ID); len(h) > 0 {
			return clientErr("Connection %s has hosted connections (%s). Delete them first.", c.ID, h[0].ID)
		}
		ConnectionKind.In(tx.World).Delete(c.ID)
		out = model.Clone(c)
		out.State = dx.ConnDeleted
		return nil
	})
	return out, err
}

// hostedOn returns the hosted connections carved from connection or LAG id.
func hostedOn(w *store.World, id string) []*dx.Connection {
	var out []*dx.Connection
	ConnectionKind.In(w).All(func(c *dx.Connection) bool {
		if c.Hosted && c.ParentID == id {
			out = append(out, c)
		}
		return true
	})
	return out
}

// DescribeLoa returns the Letter of Authorization and Connecting Facility
// Assignment (LOA-CFA) of a dedicated connection, a PDF document the
// customer gives the colocation provider [DX Colocation.md].
func (s *Service) DescribeLoa(ctx context.Context, sc Scope, id, provider string) ([]byte, error) {
	c, err := ownConnection(s.view(ctx), sc, id)
	if err != nil {
		return nil, err
	}
	if c.Hosted {
		return nil, clientErr("Connection %s is a hosted connection; its LOA-CFA is issued by the partner.", c.ID)
	}
	if provider == "" {
		provider = c.ProviderName
	}
	return loaPDF(c, provider), nil
}

// loaPDF renders a minimal one-page PDF naming the connection's port.
func loaPDF(c *dx.Connection, provider string) []byte {
	text := fmt.Sprintf("LOA-CFA %s %s %s %s %s", c.ID, c.Name, c.Location, c.AWSDevice, provider)
	stream := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (%s) Tj ET", pdfEscape(text))
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	b := []byte("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = len(b)
		b = fmt.Appendf(b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := len(b)
	b = fmt.Appendf(b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		b = fmt.Appendf(b, "%010d 00000 n \n", off)
	}
	b = fmt.Appendf(b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b
}

func pdfEscape(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; ch {
		case '(', ')', '\\':
			out = append(out, '\\', ch)
		default:
			if ch >= 32 && ch < 127 {
				out = append(out, ch)
			}
		}
	}
	return string(out)
}
