package server

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
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
func (s *Server) serveTrace(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "use POST with a JSON query", http.StatusMethodNotAllowed)
		return
	}
	var q dataplane.Query
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err == nil {
		err = json.Unmarshal(body, &q)
	}
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(traceResponse{Error: "malformed query: " + err.Error()})
		return
	}
	// The default account-region exists from the first request on, as for
	// any EC2 call.
	if err := s.ctl.EnsureScope(r.Context(), model.Scope{Account: s.opts.DefaultAccount, Region: s.opts.DefaultRegion}); err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		_ = json.NewEncoder(w).Encode(traceResponse{Error: err.Error()})
		return
	}
	tr := s.ctl.Plane().Trace(q)
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
