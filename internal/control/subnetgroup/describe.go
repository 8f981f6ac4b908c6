package subnetgroup

import (
	"encoding/base64"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/dbsubnet"
)

// ListInput selects groups for a Describe operation.
type ListInput struct {
	// Name, when set, selects one group; an unknown name is the service's
	// not-found error.
	Name *string
	// Marker continues a previous page; MaxRecords bounds the page
	// (default 100, 20 to 100).
	Marker     *string
	MaxRecords *int32
	// Match, when set, keeps only the groups it accepts (Redshift's tag
	// filters).
	Match func(*dbsubnet.Group) bool
}

// List returns one page of scope's groups in name order and the marker of
// the next page ("" on the last).
func (e *Engine) List(scope model.Scope, in ListInput) ([]*View, string, error) {
	limit := DefaultMaxRecords
	if in.MaxRecords != nil {
		n := int(*in.MaxRecords)
		if n < MinMaxRecords || n > MaxMaxRecords {
			return nil, "", awserr.New(e.r.Codes.InvalidParameter, "Invalid value %d for MaxRecords. Must be between %d and %d.", n, MinMaxRecords, MaxMaxRecords)
		}
		limit = n
	}
	w := e.st.Snapshot()
	if in.Name != nil {
		g, err := e.lookup(w, scope, strings.ToLower(*in.Name))
		if err != nil {
			return nil, "", err
		}
		if in.Match != nil && !in.Match(g) {
			return nil, "", nil
		}
		return []*View{e.view(w, g)}, "", nil
	}
	prefix := e.prefix(scope)
	after := prefix
	if in.Marker != nil && *in.Marker != "" {
		name, err := decodeMarker(*in.Marker)
		if err != nil {
			return nil, "", awserr.New(e.r.Codes.InvalidParameter, "The marker %q is not valid.", *in.Marker)
		}
		after = prefix + name
	}
	var out []*View
	next := ""
	e.r.Kind.In(w).From(after, func(g *dbsubnet.Group) bool {
		if !strings.HasPrefix(g.ID, prefix) {
			return false
		}
		if in.Match != nil && !in.Match(g) {
			return true
		}
		if len(out) == limit {
			next = encodeMarker(out[len(out)-1].Name)
			return false
		}
		out = append(out, e.view(w, g))
		return true
	})
	return out, next, nil
}

// A marker is the last name of the page, opaque to clients.
func encodeMarker(name string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(name))
}

func decodeMarker(m string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(m)
	if err != nil || len(b) == 0 || len(b) > 255 {
		return "", awserr.New("InvalidParameterValue", "invalid marker")
	}
	return string(b), nil
}
