package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// traceResponse is the JSON answer of POST /_vpcsim/trace.
type traceResponse struct {
	*dataplane.Trace
	Error string `json:"error,omitempty"`
}

// serveTrace answers POST /_vpcsim/trace: a dataplane.Query as JSON in, the
// trace (forward and return hops, explanations) as JSON out. A query that
// ?format=text answers the readable hop table instead. The header
// X-Vpcsim-Reachable says whether the path is reachable. A query that
// names an unknown id or an ambiguous address answers 400 with "error".
//
// The trace sees the caller's account only (adminCaller says who that
// is): its endpoints and VPC must be the account's, an IP address endpoint
// is looked up in the account's VPCs, and a trace that would cross another
// account's component is refused, so nothing of another account is
// revealed. The caller's region shows its default VPC from the first
// request on, as for any EC2 call.
func (s *Server) serveTrace(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		adminError(w, &awserr.Error{Code: "MethodNotAllowed", Message: "use POST with a JSON query", Status: http.StatusMethodNotAllowed})
		return
	}
	body, aerr := adminBody(r)
	if aerr != nil {
		adminError(w, aerr)
		return
	}
	scope, aerr := s.adminCaller(r, body)
	if aerr != nil {
		adminError(w, aerr)
		return
	}
	var q dataplane.Query
	w.Header().Set("Content-Type", "application/json")
	if err := json.Unmarshal(body, &q); err != nil {
		traceError(w, http.StatusBadRequest, "malformed query: "+err.Error())
		return
	}
	world, plane, err := s.tracePlane(r, scope)
	if err != nil {
		traceError(w, http.StatusInternalServerError, err.Error())
		return
	}
	var ambiguous string
	if msg := scopeQuery(world, scope.Account, &q, &ambiguous); msg != "" {
		traceError(w, http.StatusBadRequest, msg)
		return
	}
	tr := plane.Trace(q)
	switch {
	case tr.Err != nil && errors.Is(tr.Err, dataplane.ErrAmbiguous):
		// The plane's count spans every account: answer the caller's own.
		if ambiguous == "" {
			ambiguous = fmt.Sprintf("%v: name the VPC", dataplane.ErrAmbiguous)
		}
		traceError(w, http.StatusBadRequest, ambiguous)
		return
	case tr.Err == nil && crossesAccount(tr, scope.Account):
		traceError(w, http.StatusBadRequest, fmt.Sprintf("%v: the path leaves account %s's resources (an address of no interface of the account?)", dataplane.ErrUnknownID, scope.Account))
		return
	}
	resp := traceResponse{Trace: tr}
	w.Header().Set("X-Vpcsim-Reachable", strconv.FormatBool(tr.Reachable))
	if tr.Err != nil {
		resp.Error = tr.Err.Error()
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(resp)
		return
	}
	if r.URL.Query().Get("format") == "text" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		tr.Format(w)
		return
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(resp)
}

// tracePlane returns the world and plane a trace of scope reads: the
// current revision's (cached), or when nothing is stored for scope yet,
// one compiled from the world with scope's defaults computed in (stored by
// nothing).
func (s *Server) tracePlane(r *http.Request, scope model.Scope) (*store.World, *dataplane.Plane, error) {
	snap := s.ctl.Snapshot()
	if _, ok := snap.Scopes.Get(scope.Account + "/" + scope.Region); ok {
		return snap, s.ctl.Plane(), nil
	}
	w, err := s.ctl.DefaultView(r.Context(), scope)
	if err != nil {
		return nil, nil, err
	}
	return w, dataplane.Compile(w), nil
}

func traceError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(traceResponse{Error: msg})
}

// endpointNouns name the resource kinds a trace endpoint may be, as the
// plane's errors do.
var endpointNouns = map[string]string{"eni": "network interface", "i": "instance", "nat": "NAT gateway", "igw": "internet gateway", "vpc": "VPC"}

// scopeQuery confines q to account: resource ids (and the VPC) must be the
// account's, answered as unknown otherwise, exactly as ids that do not
// exist; an IP address endpoint without a VPC is looked up in the
// account's VPCs that contain it (the query's VPC is set when that names
// one VPC). It returns the error to answer, or "", and sets *ambiguous to
// the error to answer should the plane find an address ambiguous.
func scopeQuery(w *store.World, account string, q *dataplane.Query, ambiguous *string) string {
	foreign := func(side, id string) string {
		k, prefix, ok := store.KindOfID(id)
		if !ok {
			return ""
		}
		if m, ok := k.Meta(w, id); ok && m.Account != "" && m.Account != account {
			noun := endpointNouns[prefix]
			if noun == "" {
				noun = k.Spec().Noun
			}
			return fmt.Sprintf("%v: %s %s %s", dataplane.ErrUnknownID, side, noun, id)
		}
		return ""
	}
	dst := q.Destination
	if dst == "" && q.DestinationIP.IsValid() {
		dst = q.DestinationIP.String()
	}
	sides := []struct{ name, id string }{{"source", q.Source}, {"destination", dst}}
	for _, sd := range sides {
		if msg := foreign(sd.name, sd.id); msg != "" {
			return msg
		}
	}
	if q.VPC != "" {
		if msg := foreign("the", q.VPC); msg != "" {
			return msg
		}
		return ""
	}
	// IP address endpoints: the account's VPCs holding each.
	hint := ""
	for _, sd := range sides {
		a, err := netip.ParseAddr(sd.id)
		if err != nil {
			continue
		}
		vpcs := accountVPCsHolding(w, account, a.Unmap())
		switch {
		case len(vpcs) > 1:
			// Overlapping VPCs of the account: the plane tells whether
			// more than one holds the address.
			if *ambiguous == "" {
				*ambiguous = fmt.Sprintf("%v: %s %s is a private address in %d VPCs of account %s (%s); name the VPC", dataplane.ErrAmbiguous, sd.name, a, len(vpcs), account, strings.Join(vpcs, ", "))
			}
			return ""
		case len(vpcs) == 1 && hint == "":
			hint = vpcs[0]
		case len(vpcs) == 1 && hint != vpcs[0]:
			return "" // two VPCs: leave them to the plane (crossesAccount guards)
		}
	}
	q.VPC = hint
	return ""
}

// accountVPCsHolding lists account's VPCs with a CIDR block holding a.
func accountVPCsHolding(w *store.World, account string, a netip.Addr) []string {
	var out []string
	w.VPCs.All(func(v *model.VPC) bool {
		if v.Account != account {
			return true
		}
		held := false
		for _, c := range v.CidrBlocks {
			held = held || c.State == "associated" && c.Prefix.Contains(a)
		}
		for _, c := range v.Ipv6CidrBlocks {
			held = held || c.State == "associated" && c.Prefix.Contains(a)
		}
		if held {
			out = append(out, v.ID)
		}
		return true
	})
	return out
}

// crossesAccount reports whether a hop or explanation of tr names a
// component of another account than account.
func crossesAccount(tr *dataplane.Trace, account string) bool {
	other := func(refs ...dataplane.Ref) bool {
		for _, r := range refs {
			if a := r.Account(); a != "" && a != account {
				return true
			}
		}
		return false
	}
	for _, hops := range [][]dataplane.Hop{tr.Forward, tr.Return} {
		for _, h := range hops {
			if other(h.Component, h.AttachedTo, h.VPC) {
				return true
			}
		}
	}
	for _, e := range tr.Explanations {
		if other(e.Component, e.AttachedTo, e.Subnet, e.VPC) || other(e.SecurityGroups...) {
			return true
		}
	}
	return false
}
