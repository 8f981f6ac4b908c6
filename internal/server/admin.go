package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// AccountHeader names the account of an unsigned admin request (not in
// strict mode).
const AccountHeader = "X-Vpcsim-Account"

// adminService is the admin routes' identity for authentication errors:
// they answer in the vocabulary of AWS's query services.
var adminService = &protocol.Service{Name: "vpcsim", Protocol: "query"}

// maxAdminBody bounds an admin request's body.
const maxAdminBody = 1 << 20

// adminCaller returns the account-region an admin request
// (/_vpcsim/trace, /_vpcsim/reset) acts in; the admin routes see and change
// that account only:
//
//   - a SigV4-signed request (any service in its credential scope; `vpcsim
//     trace` signs as "vpcsim") acts in its access key's account, exactly
//     as an API request signed with that key does; in strict mode the
//     signature is verified;
//   - an unsigned request acts in the account of the X-Vpcsim-Account
//     header (12 digits) or, without it, in the default account; strict
//     mode refuses unsigned admin requests.
//
// The region is the credential scope's, else the default region. A
// header naming another account than the signature's is refused.
func (s *Server) adminCaller(r *http.Request, body []byte) (model.Scope, *awserr.Error) {
	scope := model.Scope{Account: s.opts.DefaultAccount, Region: s.opts.DefaultRegion}
	header := r.Header.Get(AccountHeader)
	if header != "" && !twelveDigits(header) {
		return scope, awserr.New("InvalidParameterValue", "%s must be a 12-digit account id, not %q", AccountHeader, header)
	}
	if signed(r) || s.opts.StrictAuth {
		account, aerr := s.authenticate(r, body, adminService)
		if aerr != nil {
			return scope, aerr
		}
		if header != "" && header != account {
			return scope, forbidden("the %s header (%s) names another account than the request's credentials (%s)", AccountHeader, header, account)
		}
		scope.Account = account
		if c := parseCredential(r); c.region != "" {
			scope.Region = c.region
		}
		return scope, nil
	}
	if header != "" {
		scope.Account = header
	}
	return scope, nil
}

// adminBody reads an admin request's body (at most 1 MiB).
func adminBody(r *http.Request) ([]byte, *awserr.Error) {
	if r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxAdminBody+1))
	if err != nil {
		return nil, awserr.New("IncompleteBody", "The request body could not be read: %s", err.Error())
	}
	if len(body) > maxAdminBody {
		return nil, &awserr.Error{Code: "RequestEntityTooLarge", Message: "An admin request body is at most 1 MiB", Status: http.StatusRequestEntityTooLarge}
	}
	return body, nil
}

// adminJSONPost reads a POST admin request in the caller's account
// (adminCaller) and decodes its JSON body into in, refusing unknown
// fields. On a wrong method or a bad request it answers the error itself
// and reports false.
func (s *Server) adminJSONPost(w http.ResponseWriter, r *http.Request, in any) (model.Scope, bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		adminError(w, &awserr.Error{Code: "MethodNotAllowed", Message: "use POST with a JSON body", Status: http.StatusMethodNotAllowed})
		return model.Scope{}, false
	}
	body, aerr := adminBody(r)
	if aerr != nil {
		adminError(w, aerr)
		return model.Scope{}, false
	}
	scope, aerr := s.adminCaller(r, body)
	if aerr != nil {
		adminError(w, aerr)
		return model.Scope{}, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(in); err != nil {
		adminError(w, awserr.New("MalformedInput", "malformed request: %s", err.Error()))
		return model.Scope{}, false
	}
	return scope, true
}

// adminError answers an admin request with {"code", "error"} and e's status.
func adminError(w http.ResponseWriter, e *awserr.Error) {
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": e.Code, "error": e.Message})
}

// serveReset answers POST /_vpcsim/reset: it deletes everything of the
// caller's account (every region and service) so that its next request
// sees AWS's initial world. With ?all=true it empties the whole world, every
// account; strict mode refuses that (no key may wipe other accounts).
func (s *Server) serveReset(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		adminError(w, &awserr.Error{Code: "MethodNotAllowed", Message: "use POST", Status: http.StatusMethodNotAllowed})
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
	out := map[string]any{"status": "ok"}
	if r.URL.Query().Get("all") == "true" {
		if s.opts.StrictAuth {
			adminError(w, forbidden("strict mode resets one account at a time: the credentials' own (drop ?all=true)"))
			return
		}
		if err := s.ctl.Store().Reset(r.Context()); err != nil {
			adminError(w, toAWS(err)) // a failed store: 503 saying what to do, like every write
			return
		}
		out["reset"] = "all"
	} else {
		n, err := s.ctl.ResetAccount(r.Context(), scope.Account)
		if err != nil {
			adminError(w, toAWS(err))
			return
		}
		out["reset"] = scope.Account
		out["deleted"] = n
	}
	out["revision"] = s.ctl.Store().Revision()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}
