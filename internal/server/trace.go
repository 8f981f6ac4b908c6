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
// The trace sees the caller's account (adminCaller says who that is) and
// the accounts the query lists in "additionalAccounts", as a Network
// Insights analysis sees its AdditionalAccounts (every account of a vpcsim
// server is a member of one organization): its endpoints and VPC must be
// of those accounts, an IP address endpoint is looked up in their VPCs,
// and a trace that would cross a component of any other account is
// refused, naming the account to add, so nothing of an account not listed
// is revealed. A trace follows peering connections and transit gateways
// into other Regions as the data plane does. The caller's region shows
// its default VPC from the first request on, as for any EC2 call.
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
	var tq traceQuery
	w.Header().Set("Content-Type", "application/json")
	if err := json.Unmarshal(body, &tq); err != nil {
		traceError(w, http.StatusBadRequest, "malformed query: "+err.Error())
		return
	}
	q := tq.Query
	accounts, msg := traceAccounts(scope.Account, tq.AdditionalAccounts)
	if msg != "" {
		traceError(w, http.StatusBadRequest, msg)
		return
	}
	world, plane, err := s.tracePlane(r, scope)
	if err != nil {
		traceError(w, http.StatusInternalServerError, err.Error())
		return
	}
	var ambiguous string
	if msg := scopeQuery(world, accounts, &q, &ambiguous); msg != "" {
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
	case tr.Err == nil:
		other := crossesAccount(tr, accounts)
		switch {
		case other == "":
		case connects(world, tr, accounts):
			// Through a peering connection or transit gateway the
			// caller's accounts are party to, whose owners they see:
			// name the account to add, as SuggestedAccounts does.
			traceError(w, http.StatusBadRequest, fmt.Sprintf("%v: the path goes on into account %s, which the trace does not include; list it in additionalAccounts (vpcsim trace --additional-accounts %s) to trace across it",
				dataplane.ErrUnknownID, other, other))
			return
		default:
			traceError(w, http.StatusBadRequest, fmt.Sprintf("%v: the path leaves the resources of account %s (an address of no interface of the account?)", dataplane.ErrUnknownID, strings.Join(accounts.list, ", ")))
			return
		}
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

// traceQuery is the body of POST /_vpcsim/trace: a data plane query and
// the accounts besides the caller's it may see.
type traceQuery struct {
	dataplane.Query
	AdditionalAccounts []string `json:"additionalAccounts,omitempty"`
}

// maxTraceAccounts bounds a trace's additionalAccounts (as
// StartNetworkInsightsAnalysis's AdditionalAccounts).
const maxTraceAccounts = 100

// traceAccountSet is the accounts a trace may see, in the order given.
type traceAccountSet struct {
	list []string
	set  map[string]bool
}

func (a traceAccountSet) has(account string) bool { return a.set[account] }

// traceAccounts returns the caller's account and the additional ones, or
// the error to answer for a malformed one.
func traceAccounts(caller string, additional []string) (traceAccountSet, string) {
	out := traceAccountSet{list: []string{caller}, set: map[string]bool{caller: true}}
	if len(additional) > maxTraceAccounts {
		return out, fmt.Sprintf("%v: at most %d additionalAccounts", dataplane.ErrBadQuery, maxTraceAccounts)
	}
	for _, a := range additional {
		if !twelveDigits(a) {
			return out, fmt.Sprintf("%v: additional account %q is not a 12-digit account id", dataplane.ErrBadQuery, a)
		}
		if !out.set[a] {
			out.set[a] = true
			out.list = append(out.list, a)
		}
	}
	return out, ""
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

// scopeQuery confines q to accounts: resource ids (and the VPC) must be of
// one of them, answered as unknown otherwise, exactly as ids that do not
// exist; an IP address endpoint without a VPC is looked up in the
// accounts' VPCs that contain it (the query's VPC is set when that names
// one VPC). It returns the error to answer, or "", and sets *ambiguous to
// the error to answer should the plane find an address ambiguous.
func scopeQuery(w *store.World, accounts traceAccountSet, q *dataplane.Query, ambiguous *string) string {
	foreign := func(side, id string) string {
		k, prefix, ok := store.KindOfID(id)
		if !ok {
			return ""
		}
		if m, ok := k.Meta(w, id); ok && m.Account != "" && !accounts.has(m.Account) {
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
	// IP address endpoints: the accounts' VPCs holding each.
	hint := ""
	for _, sd := range sides {
		a, err := netip.ParseAddr(sd.id)
		if err != nil {
			continue
		}
		vpcs := accountVPCsHolding(w, accounts, a.Unmap())
		switch {
		case len(vpcs) > 1:
			// Overlapping VPCs of the account: the plane tells whether
			// more than one holds the address.
			if *ambiguous == "" {
				*ambiguous = fmt.Sprintf("%v: %s %s is a private address in %d VPCs of account %s (%s); name the VPC", dataplane.ErrAmbiguous, sd.name, a, len(vpcs), strings.Join(accounts.list, ", "), strings.Join(vpcs, ", "))
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

// accountVPCsHolding lists the accounts' VPCs with a CIDR block holding a.
func accountVPCsHolding(w *store.World, accounts traceAccountSet, a netip.Addr) []string {
	var out []string
	w.VPCs.All(func(v *model.VPC) bool {
		if !accounts.has(v.Account) {
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

// connects reports whether tr passes a peering connection or a transit
// gateway (attachment) one of accounts is party to: its owner, a peering
// connection's accepter, an attachment's transit gateway owner.
func connects(w *store.World, tr *dataplane.Trace, accounts traceAccountSet) bool {
	party := func(id, owner string) bool {
		if accounts.has(owner) {
			return true
		}
		if p, ok := w.PeeringConnections.Get(id); ok {
			return accounts.has(p.Requester.OwnerID) || accounts.has(p.Accepter.OwnerID)
		}
		if a, ok := w.TGWAttachments.Get(id); ok {
			return accounts.has(a.Account) || accounts.has(a.TransitGatewayOwnerID)
		}
		return false
	}
	for _, hops := range [][]dataplane.Hop{tr.Forward, tr.Return} {
		for _, h := range hops {
			id := h.Component.ID
			if (strings.HasPrefix(id, "pcx-") || strings.HasPrefix(id, "tgw-")) && party(id, h.Component.Account()) {
				return true
			}
		}
	}
	return false
}

// crossesAccount returns the first account a hop or explanation of tr
// names a component of that is not one of accounts, or "".
func crossesAccount(tr *dataplane.Trace, accounts traceAccountSet) string {
	other := func(refs ...dataplane.Ref) string {
		for _, r := range refs {
			if a := r.Account(); a != "" && !accounts.has(a) {
				return a
			}
		}
		return ""
	}
	for _, hops := range [][]dataplane.Hop{tr.Forward, tr.Return} {
		for _, h := range hops {
			if a := other(h.Component, h.AttachedTo, h.VPC); a != "" {
				return a
			}
		}
	}
	for _, e := range tr.Explanations {
		if a := other(e.Component, e.AttachedTo, e.Subnet, e.VPC); a != "" {
			return a
		}
		if a := other(e.SecurityGroups...); a != "" {
			return a
		}
	}
	return ""
}
