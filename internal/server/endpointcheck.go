package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/dns"
	"github.com/vpcsim/vpcsim/internal/endpointcheck"
)

// Admin paths of the endpoint tools.
const (
	// EndpointCheckPath walks the seven-step VPC endpoint checklist.
	EndpointCheckPath = "/_vpcsim/endpoint-check"
	// ResolvePath answers what the Amazon DNS server of a VPC returns.
	ResolvePath = "/_vpcsim/resolve"
)

// resolveQuery is the body of POST /_vpcsim/resolve.
type resolveQuery struct {
	From string `json:"from"`
	Name string `json:"name"`
}

// serveEndpointTools answers POST /_vpcsim/endpoint-check (an
// endpointcheck.Input as JSON in, the endpointcheck.Result out; header
// X-Vpcsim-Ok; ?format=text for the table) and POST /_vpcsim/resolve
// ({"from","name"} in, the dns.Answer out). Both see only the caller's
// account (adminCaller), as a trace does: other accounts' ids are
// unknown. Malformed queries and unknown ids answer 400 with "error".
func (s *Server) serveEndpointTools(w http.ResponseWriter, r *http.Request) {
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
	world, plane, err := s.tracePlane(r, scope)
	if err != nil {
		adminError(w, toAWS(err))
		return
	}
	text := r.URL.Query().Get("format") == "text"
	if r.URL.Path == ResolvePath {
		var q resolveQuery
		if err := json.Unmarshal(body, &q); err != nil {
			adminError(w, awserr.New("InvalidParameterValue", "malformed query: %s", err.Error()))
			return
		}
		src, err := dns.FindSource(world, scope.Account, q.From)
		if err != nil {
			adminError(w, awserr.New("InvalidParameterValue", "%s", err.Error()))
			return
		}
		a, err := dns.Resolve(world, scope.Account, src, q.Name)
		if err != nil {
			adminError(w, awserr.New("InvalidParameterValue", "%s", err.Error()))
			return
		}
		writeAdminJSON(w, a)
		return
	}
	var in endpointcheck.Input
	if err := json.Unmarshal(body, &in); err != nil {
		adminError(w, awserr.New("InvalidParameterValue", "malformed query: %s", err.Error()))
		return
	}
	res, err := endpointcheck.Check(world, plane, scope.Account, in)
	if err != nil {
		if errors.Is(err, endpointcheck.ErrBadInput) {
			adminError(w, awserr.New("InvalidParameterValue", "%s", strings.TrimPrefix(err.Error(), endpointcheck.ErrBadInput.Error()+": ")))
			return
		}
		adminError(w, awserr.Internal(err))
		return
	}
	w.Header().Set("X-Vpcsim-Ok", strconv.FormatBool(res.OK))
	if text {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		res.Format(w)
		return
	}
	writeAdminJSON(w, res)
}

func writeAdminJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
