package ec2

import (
	"encoding/base64"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// page is a Describe request's pagination.
type page struct {
	max      int32 // 0 = everything
	after    string
	min, top int32
}

// newPage validates MaxResults (within the operation's model range) and
// NextToken (an opaque cursor: the last id of the previous page).
func newPage(maxResults *int32, nextToken *string, min, top int32) (page, error) {
	p := page{min: min, top: top}
	if maxResults != nil {
		n := *maxResults
		if n < min || n > top {
			return p, awserr.InvalidParameterValue("Value ( %d ) for parameter maxResults is invalid. Expecting a value between %d and %d.", n, min, top)
		}
		p.max = n
	}
	if t := deref(nextToken); t != "" {
		raw, err := base64.RawURLEncoding.DecodeString(t)
		if err != nil || len(raw) == 0 {
			return p, awserr.New("InvalidNextToken", "The token '%s' is invalid.", t)
		}
		p.after = string(raw)
	}
	return p, nil
}

// token returns the NextToken for a page ending at id.
func token(id string) *string { return str(base64.RawURLEncoding.EncodeToString([]byte(id))) }

// describe selects the objects a Describe call asks for (control.Select:
// explicit ids, each of which must exist in scope, or every object in
// scope), then the filters, then one page in id order. It returns the page
// and the next token (nil on the last page).
func describe[T any](t *store.Table[T], scope model.Scope, ids []string, m matcher[T], p page) ([]*T, *string, error) {
	var out []*T
	var more bool
	err := control.Select(t, scope, ids, p.after, func(v *T) bool {
		if !m.match(v) {
			return true
		}
		if p.max > 0 && int32(len(out)) == p.max {
			more = true
			return false
		}
		out = append(out, v)
		return true
	})
	if err != nil {
		return nil, nil, err
	}
	if more && len(out) > 0 {
		return out, token(any(out[len(out)-1]).(model.Object).GetMeta().ID), nil
	}
	return out, nil, nil
}
