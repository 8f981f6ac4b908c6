// Package server is vpcsim's HTTP front: it reads the caller's identity
// from the SigV4 credential scope, dispatches to the service the scope names
// (EC2, or STS on the same port), and serves the /_vpcsim admin routes.
package server

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/api/ec2"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// maxBody bounds a request body; EC2's own limit is far below this.
const maxBody = 8 << 20

// Options configure a Server.
type Options struct {
	DefaultAccount string // default 123456789012
	DefaultRegion  string // used when a request carries no credential scope; default us-east-1
	Version        string
	Logger         *slog.Logger
}

// Server is the HTTP handler for every service vpcsim speaks.
type Server struct {
	opts Options
	ctl  *control.Service
	ec2  *ec2.API
}

// New returns a Server over ctl.
func New(ctl *control.Service, opts Options) *Server {
	if opts.DefaultAccount == "" {
		opts.DefaultAccount = "123456789012"
	}
	if opts.DefaultRegion == "" {
		opts.DefaultRegion = "us-east-1"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Server{opts: opts, ctl: ctl, ec2: ec2.New(ctl)}
}

// EC2 returns the EC2 API (for listing served operations).
func (s *Server) EC2() *ec2.API { return s.ec2 }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	requestID := newRequestID()
	defer func() {
		if p := recover(); p != nil {
			s.opts.Logger.Error("panic serving request", "panic", p, "stack", string(debug.Stack()))
			protocol.WriteError(w, awserr.Internal(fmt.Errorf("%v", p)), requestID)
		}
	}()
	switch r.URL.Path {
	case "/_vpcsim/health":
		s.health(w)
		return
	case "/_vpcsim/trace":
		s.serveTrace(w, r)
		return
	case "/_vpcsim/reset":
		if r.Method != http.MethodPost {
			http.Error(w, "use POST", http.StatusMethodNotAllowed)
			return
		}
		if err := s.ctl.Store().Reset(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		s.health(w)
		return
	}
	params, err := readParams(r)
	if err != nil {
		protocol.WriteError(w, awserr.New("MalformedQueryString", "%s", err.Error()), requestID)
		return
	}
	cred := parseCredential(r)
	account := accountFor(cred.accessKey, s.opts.DefaultAccount)
	region := cred.region
	if region == "" {
		region = s.opts.DefaultRegion
	}
	action := params["Action"]
	if cred.service == "sts" || (cred.service == "" && params["Version"] == "2011-06-15") {
		s.serveSTS(w, action, cred.accessKey, account, requestID)
		return
	}
	req := &ec2.Request{Scope: model.Scope{Account: account, Region: region}, Action: action, RequestID: requestID}
	body, aerr := s.ec2.Serve(r.Context(), req, params)
	if aerr != nil {
		if aerr.Status >= 500 {
			s.opts.Logger.Error("request failed", "action", action, "code", aerr.Code, "message", aerr.Message)
		}
		protocol.WriteError(w, aerr, requestID)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/xml;charset=UTF-8")
	h.Set("x-amzn-RequestId", requestID)
	h.Set("Server", "AmazonEC2")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// readParams merges the query string and the form body; a repeated key
// keeps its first value.
func readParams(r *http.Request) (protocol.Params, error) {
	p := protocol.Params{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			p[k] = v[0]
		}
	}
	if r.Body != nil && (r.Method == http.MethodPost || r.Method == http.MethodPut) {
		raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil {
			return nil, fmt.Errorf("read body: %w", err)
		}
		if len(raw) > maxBody {
			return nil, fmt.Errorf("request body exceeds %d bytes", maxBody)
		}
		form, err := url.ParseQuery(string(raw))
		if err != nil {
			return nil, fmt.Errorf("malformed form body: %w", err)
		}
		for k, v := range form {
			if len(v) > 0 {
				p[k] = v[0]
			}
		}
	}
	return p, nil
}

func (s *Server) health(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"status":   "ok",
		"version":  s.opts.Version,
		"revision": s.ctl.Store().Revision(),
	})
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
