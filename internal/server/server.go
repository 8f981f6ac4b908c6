// Package server is vpcsim's HTTP front. It reads the caller's identity from
// the SigV4 credential scope, finds the service the request is for in the
// service registry (by X-Amz-Target, the credential scope's service, the Host
// for S3's virtual-hosted style, or the query protocols' Version), lets that
// service's protocol codec decode the operation, runs the service's handler
// and encodes the answer. It also serves the /_vpcsim admin routes. It holds
// no service semantics.
package server

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/api/ec2"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/ec2query"
)

// maxBody bounds a request body of every service but S3; the query and
// JSON services' own limits are far below this.
const maxBody = 8 << 20

// maxObjectBody bounds one S3 request body (larger objects use multipart).
const maxObjectBody = 256 << 20

// Options configure a Server.
type Options struct {
	DefaultAccount string // default 123456789012
	DefaultRegion  string // used when a request carries no credential scope; default us-east-1
	Version        string
	Logger         *slog.Logger
	// ListenAddr is the address the server listens on; its host is an
	// allowed Host besides the loopback names.
	ListenAddr string
	// AllowedHosts are further Host names requests may address ("*.x"
	// allows subdomains), for example a name in /etc/hosts.
	AllowedHosts []string
	// AllowRemote turns the Host check off, for a server deliberately
	// listening on a non-loopback address.
	AllowRemote bool
	// MaxInFlight bounds concurrent API requests (default 256) and
	// MaxInFlightBytes the request body bytes they hold (default 512 MiB);
	// beyond them a request gets the service's throttling error.
	MaxInFlight      int
	MaxInFlightBytes int64
	// BodyGrace is the time a client has to send a request body, plus one
	// second per MiB declared (default 30 s).
	BodyGrace time.Duration
	// StrictAuth verifies every request's SigV4 signature (API and admin
	// routes) against Credentials and the STS temporary credentials
	// vpcsim issued; the access key selects the account. Without it
	// signatures are not checked and the key id alone names the account.
	StrictAuth  bool
	Credentials Credentials
	// Clock is the time signatures are checked against (tests); nil means
	// the system clock.
	Clock func() time.Time
}

// Server is the HTTP handler for every service vpcsim speaks.
type Server struct {
	opts      Options
	ctl       *control.Service
	ec2       *ec2.API
	services  []*api.Binding
	bySigning map[string]*api.Binding
	byTarget  map[string]*api.Binding
	codecs    map[string]protocol.Codec
	limits    *limiter
	started   time.Time // for /_vpcsim/status
}

// New returns a Server over ctl serving every registered service.
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
	s := &Server{opts: opts, ctl: ctl, bySigning: map[string]*api.Binding{}, byTarget: map[string]*api.Binding{}, codecs: codecs(), limits: newLimiter(opts.MaxInFlight, opts.MaxInFlightBytes), started: time.Now()}
	s.ec2 = ec2.New(ctl)
	for _, b := range bindings(ctl, s.ec2) {
		if _, ok := s.codecs[b.Service.Protocol]; !ok {
			panic("server: no codec for protocol " + b.Service.Protocol + " of " + b.Service.Name)
		}
		s.services = append(s.services, b)
		s.bySigning[b.Service.SigningName] = b
		if b.Service.TargetPrefix != "" {
			s.byTarget[b.Service.TargetPrefix] = b
		}
	}
	return s
}

// EC2 returns the EC2 API (for listing served operations).
func (s *Server) EC2() *ec2.API { return s.ec2 }

// Services returns the served services' bindings, in registration order.
func (s *Server) Services() []*api.Binding { return s.services }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	requestID := newRequestID()
	lg := &requestLog{ResponseWriter: rw, start: time.Now(), requestID: requestID}
	w := http.ResponseWriter(lg)
	var codec protocol.Codec = ec2query.Codec{}
	var svc *protocol.Service
	defer lg.done(s.opts.Logger, r)
	defer func() {
		if p := recover(); p != nil {
			s.opts.Logger.Error("panic serving request", "panic", p, "stack", string(debug.Stack()))
			e := awserr.Internal(fmt.Errorf("%v", p))
			lg.failed(e.Code, e.Message)
			codec.WriteError(w, svc, e, requestID)
		}
	}()
	if aerr := s.guard(r); aerr != nil {
		lg.failed(aerr.Code, aerr.Message)
		codec.WriteError(w, svc, aerr, requestID)
		return
	}
	switch r.URL.Path {
	case "/_vpcsim/status":
		s.serveStatus(w, r)
		return
	case "/_vpcsim/health":
		s.health(w)
		return
	case "/_vpcsim/trace":
		s.serveTrace(w, r)
		return
	case "/_vpcsim/reset":
		s.serveReset(w, r)
		return
	case "/_vpcsim/traffic":
		s.serveTraffic(w, r)
		return
	case VPNTunnelPath:
		s.serveVPNTunnel(w, r)
		return
	case DXBGPPath:
		s.serveDXBGP(w, r)
		return
	case EndpointCheckPath, ResolvePath:
		s.serveEndpointTools(w, r)
		return
	}
	if r.URL.Path == "/_vpcsim" || strings.HasPrefix(r.URL.Path, "/_vpcsim/") {
		adminNotFound(w, r)
		return
	}
	bodyDeadline(w, r.ContentLength, s.opts.BodyGrace)
	cred := parseCredential(r)
	lg.account, lg.region = accountFor(cred.accessKey, s.opts.DefaultAccount), cred.region
	if lg.region == "" {
		lg.region = s.opts.DefaultRegion
	}
	b, r, aerr := s.route(r, cred)
	if aerr != nil {
		ucodec, usvc, op, uerr := unserved(r, cred, s.services)
		lg.service, lg.action = usvc.Name, op
		lg.failed(uerr.Code, uerr.Message)
		ucodec.WriteError(w, usvc, uerr, requestID)
		return
	}
	svc = b.Service
	lg.service = svc.Name
	codec = s.codecs[svc.Protocol]
	fail := func(e *awserr.Error) {
		lg.failed(e.Code, e.Message)
		codec.WriteError(w, svc, e, requestID)
	}
	limit := int64(maxBody)
	if svc.Name == "s3" {
		limit = maxObjectBody
	}
	if r.ContentLength > limit {
		fail(&awserr.Error{Code: "RequestEntityTooLarge", Message: fmt.Sprintf("The request body exceeds %d bytes", limit), Status: http.StatusRequestEntityTooLarge})
		return
	}
	reserve := r.ContentLength
	if reserve < 0 {
		reserve = limit
	}
	if !s.limits.acquire(reserve) {
		fail(throttled(svc))
		return
	}
	defer s.limits.release(reserve)
	body, aerr := readBody(r, limit)
	if aerr != nil {
		fail(aerr)
		return
	}
	account, aerr := s.authenticate(r, body, svc)
	if aerr != nil {
		fail(aerr)
		return
	}
	lg.account = account
	req := &protocol.Request{HTTP: r, Body: body}
	name, err := codec.Resolve(svc, req)
	if err != nil {
		fail(toAWS(err))
		return
	}
	lg.action = name
	op := svc.Operations[name]
	if op == nil || !b.Handler.Serves(name) {
		if op == nil && !knownOperation(svc, name) {
			fail(awserr.InvalidAction(name))
			return
		}
		fail(protocol.UnsupportedOperation(svc, name))
		return
	}
	in := op.NewInput()
	if err := codec.Decode(svc, op, req, in); err != nil {
		fail(toAWS(err))
		return
	}
	if vs := protocol.Validate(in, svc.Enums); len(vs) > 0 {
		fail(b.Validation(vs))
		return
	}
	region := cred.region
	if region == "" {
		region = s.opts.DefaultRegion
	}
	call := &protocol.Call{
		Account:   account,
		Region:    region,
		AccessKey: cred.accessKey,
		Service:   svc.Name,
		Operation: name,
		RequestID: requestID,
		HTTP:      r,
		Body:      body,
	}
	out, err := b.Handler.Handle(r.Context(), call, in)
	if err != nil {
		fail(toAWS(err))
		return
	}
	if err := codec.WriteOutput(w, svc, op, out, requestID); err != nil {
		fail(awserr.Internal(err))
	}
}

func knownOperation(svc *protocol.Service, name string) bool {
	i := sort.SearchStrings(svc.AllOperations, name)
	return i < len(svc.AllOperations) && svc.AllOperations[i] == name
}

// readBody reads a request body bounded by limit.
func readBody(r *http.Request, limit int64) ([]byte, *awserr.Error) {
	if r.Body == nil {
		return nil, nil
	}
	var raw []byte
	var err error
	if n := r.ContentLength; n >= 0 && n <= limit {
		raw = make([]byte, n)
		_, err = io.ReadFull(r.Body, raw)
		if err == nil {
			// Anything beyond the declared length is a protocol error.
			var extra [1]byte
			if m, _ := r.Body.Read(extra[:]); m > 0 {
				err = fmt.Errorf("body longer than its Content-Length")
			}
		}
	} else {
		raw, err = io.ReadAll(io.LimitReader(r.Body, limit+1))
	}
	if err != nil {
		return nil, awserr.New("IncompleteBody", "The request body could not be read: %s", err.Error())
	}
	if int64(len(raw)) > limit {
		return nil, &awserr.Error{Code: "RequestEntityTooLarge", Message: fmt.Sprintf("The request body exceeds %d bytes", limit), Status: http.StatusRequestEntityTooLarge}
	}
	return raw, nil
}

func toAWS(err error) *awserr.Error {
	if e, ok := awserr.As(err); ok {
		return e
	}
	if e, ok := storageFailure(err); ok {
		return e
	}
	return awserr.Internal(err)
}

// health answers GET /_vpcsim/health: status, version, revision and the
// services served with their protocols and operation counts.
func (s *Server) health(w http.ResponseWriter) {
	type service struct {
		Name       string `json:"name"`
		Protocol   string `json:"protocol"`
		APIVersion string `json:"apiVersion"`
		Operations int    `json:"operations"`
	}
	svcs := make([]service, 0, len(s.services))
	for _, b := range s.services {
		svcs = append(svcs, service{b.Service.Name, b.Service.Protocol, b.Service.APIVersion, len(b.Handler.Served())})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"status":   "ok",
		"version":  s.opts.Version,
		"revision": s.ctl.Store().Revision(),
		"services": svcs,
	})
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
