// Package ec2 serves the EC2 Query API: generated wire shapes
// (shapes_gen.go), thin handlers that translate between wire shapes and the
// control layer, Describe filter tables and pagination. Handlers hold no
// business logic.
package ec2

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Request is the caller's context for one operation.
type Request struct {
	Scope     model.Scope
	Action    string
	RequestID string
}

type operation struct {
	newInput func() any
	run      func(ctx context.Context, r *Request, in any) (any, error)
}

// API dispatches EC2 actions to their handlers.
type API struct {
	ctl     *control.Service
	ops     map[string]operation
	tokenMu sync.Mutex
}

// New returns the EC2 API over ctl with every served operation registered.
func New(ctl *control.Service) *API {
	a := &API{ctl: ctl, ops: map[string]operation{}}
	a.registerVpcs()
	a.registerSubnets()
	a.registerRouteTables()
	a.registerGateways()
	a.registerNatGateways()
	a.registerAddresses()
	a.registerSecurityGroups()
	a.registerNetworkACLs()
	a.registerNetworkInterfaces()
	a.registerInstances()
	a.registerDhcpOptions()
	a.registerPrefixLists()
	a.registerAccount()
	a.registerTags()
	a.registerInsights()
	return a
}

// handle registers an operation with an output shape.
func handle[I, O any](a *API, name string, fn func(ctx context.Context, r *Request, in *I) (*O, error)) {
	a.ops[name] = operation{
		newInput: func() any { return new(I) },
		run: func(ctx context.Context, r *Request, in any) (any, error) {
			out, err := fn(ctx, r, in.(*I))
			if err != nil {
				return nil, err
			}
			return out, nil
		},
	}
}

// handleNoOutput registers an operation that answers <return>true</return>.
func handleNoOutput[I any](a *API, name string, fn func(ctx context.Context, r *Request, in *I) error) {
	a.ops[name] = operation{
		newInput: func() any { return new(I) },
		run: func(ctx context.Context, r *Request, in any) (any, error) {
			return nil, fn(ctx, r, in.(*I))
		},
	}
}

// Served returns the names of the operations vpcsim implements, sorted.
func (a *API) Served() []string {
	out := make([]string, 0, len(a.ops))
	for n := range a.ops {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Serve runs one action and returns the XML body, or an AWS error.
func (a *API) Serve(ctx context.Context, r *Request, params protocol.Params) ([]byte, *awserr.Error) {
	op, ok := a.ops[r.Action]
	if !ok {
		if r.Action == "" {
			return nil, awserr.New("MissingAction", "The request must contain the parameter Action")
		}
		return nil, awserr.InvalidAction(r.Action)
	}
	in := op.newInput()
	if err := protocol.Decode(params, in); err != nil {
		return nil, toAWS(err)
	}
	dryRun := boolField(in, "DryRun")
	if dryRun {
		ctx = store.WithDryRun(ctx)
	}
	if err := a.ctl.EnsureScope(ctx, r.Scope); err != nil {
		return nil, toAWS(err)
	}
	token := stringField(in, "ClientToken")
	if token != "" && !dryRun {
		return a.serveIdempotent(ctx, r, params, op, in, token)
	}
	return a.run(ctx, r, op, in, dryRun)
}

func (a *API) run(ctx context.Context, r *Request, op operation, in any, dryRun bool) ([]byte, *awserr.Error) {
	out, err := op.run(ctx, r, in)
	if err != nil {
		return nil, toAWS(err)
	}
	if dryRun {
		return nil, awserr.DryRunOperation()
	}
	body, err := protocol.EncodeResponse(r.Action, r.RequestID, out)
	if err != nil {
		return nil, awserr.Internal(err)
	}
	return body, nil
}

// serveIdempotent answers a repeated ClientToken with the original response,
// or IdempotentParameterMismatch when the parameters differ.
func (a *API) serveIdempotent(ctx context.Context, r *Request, params protocol.Params, op operation, in any, token string) ([]byte, *awserr.Error) {
	a.tokenMu.Lock()
	defer a.tokenMu.Unlock()
	key := r.Scope.Account + "/" + r.Scope.Region + "/" + r.Action + "/" + token
	hash := paramsHash(params)
	if prev, ok := a.ctl.Snapshot().ClientTokens.Get(key); ok {
		if prev.ParamsHash != hash {
			return nil, awserr.New("IdempotentParameterMismatch", "The client token you have provided is associated with a resource that is already deleted or has different parameters. Please use a different client token.")
		}
		return prev.Response, nil
	}
	body, aerr := a.run(ctx, r, op, in, false)
	if aerr != nil {
		return nil, aerr
	}
	if err := a.ctl.RememberClientToken(ctx, key, r.Scope, hash, body); err != nil {
		return nil, toAWS(err)
	}
	return body, nil
}

func paramsHash(p protocol.Params) string {
	keys := make([]string, 0, len(p))
	for k, v := range p {
		if k == "Action" || k == "Version" || v == "" {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{0})
		h.Write([]byte(p[k]))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func toAWS(err error) *awserr.Error {
	if e, ok := awserr.As(err); ok {
		return e
	}
	return awserr.Internal(err)
}

func boolField(in any, name string) bool {
	f := reflect.ValueOf(in).Elem().FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() || f.Elem().Kind() != reflect.Bool {
		return false
	}
	return f.Elem().Bool()
}

func stringField(in any, name string) string {
	f := reflect.ValueOf(in).Elem().FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() || f.Elem().Kind() != reflect.String {
		return ""
	}
	return strings.TrimSpace(f.Elem().String())
}

func hasField(in any, name string) bool {
	return reflect.ValueOf(in).Elem().FieldByName(name).IsValid()
}
