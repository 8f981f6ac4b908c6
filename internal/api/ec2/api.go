// Package ec2 serves the EC2 Query API: generated wire shapes
// (shapes_gen.go), thin handlers that translate between wire shapes and the
// control layer, Describe filter tables and pagination. Handlers hold no
// business logic.
package ec2

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/ec2query"
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
	ctl *control.Service
	ops map[string]operation
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
	a.registerFlowLogs()
	a.registerTransitGateways()
	a.registerPeering()
	a.registerBlockPublicAccess()
	a.registerVPN()
	a.registerEndpoints()
	a.registerCompute()
	a.registerTGWSharing()
	a.registerSGReferences()
	a.registerIpam() // ipam.go
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

// Serves reports whether vpcsim implements the EC2 action.
func (a *API) Serves(action string) bool { _, ok := a.ops[action]; return ok }

// Handle runs one decoded action and returns its encoded EC2 response as a
// protocol.RawBody (the same bytes a repeated ClientToken request replays),
// or an AWS error. DryRun runs the whole operation in a discarded
// transaction and answers DryRunOperation.
func (a *API) Handle(ctx context.Context, c *protocol.Call, in any) (any, error) {
	r := &Request{Scope: model.Scope{Account: c.Account, Region: c.Region}, Action: c.Operation, RequestID: c.RequestID}
	op, ok := a.ops[r.Action]
	if !ok {
		return nil, awserr.InvalidAction(r.Action)
	}
	dryRun := boolField(in, "DryRun")
	if dryRun {
		ctx = store.WithDryRun(ctx)
	}
	// Reads and dry runs of a new account-region see its defaults without
	// storing them (control.InScope).
	var out any
	err := a.ctl.InScope(ctx, r.Scope, dryRun || control.ReadOnlyAction(r.Action), func(ctx context.Context) error {
		var aerr *awserr.Error
		if out, aerr = a.handleInScope(ctx, r, op, in, dryRun); aerr != nil {
			return aerr
		}
		return nil
	})
	if err != nil {
		return nil, toAWS(err)
	}
	return out, nil
}

// handleInScope is Handle once the account-region's defaults are visible.
func (a *API) handleInScope(ctx context.Context, r *Request, op operation, in any, dryRun bool) (any, *awserr.Error) {
	token := stringField(in, "ClientToken")
	var (
		body []byte
		aerr *awserr.Error
	)
	if token != "" && !dryRun {
		body, aerr = a.serveIdempotent(ctx, r, op, in, token)
	} else {
		body, aerr = a.run(ctx, r, op, in, dryRun)
	}
	if aerr != nil {
		return nil, aerr
	}
	return protocol.RawBody(body), nil
}

func (a *API) run(ctx context.Context, r *Request, op operation, in any, dryRun bool) ([]byte, *awserr.Error) {
	out, err := op.run(ctx, r, in)
	if err != nil {
		return nil, toAWS(err)
	}
	if dryRun {
		return nil, awserr.DryRunOperation()
	}
	body, err := ec2query.EncodeResponse(r.Action, r.RequestID, out)
	if err != nil {
		return nil, awserr.Internal(err)
	}
	return body, nil
}

// serveIdempotent answers a repeated ClientToken with the original response,
// or IdempotentParameterMismatch when the parameters differ. A new token
// runs the operation, encodes its response and records the token in ONE
// store transaction (control.Atomic): a crash or failure anywhere in
// between leaves neither the operation's changes nor the token, so a retry
// cannot run the operation twice.
func (a *API) serveIdempotent(ctx context.Context, r *Request, op operation, in any, token string) ([]byte, *awserr.Error) {
	key := control.ClientTokenKey(r.Scope, r.Action, token)
	hash, err := inputHash(in)
	if err != nil {
		return nil, awserr.Internal(err)
	}
	// Fast path: a replay needs no write transaction.
	if prev, ok, err := a.ctl.ClientTokenReplay(ctx, key, hash); err != nil {
		return nil, toAWS(err)
	} else if ok {
		return prev, nil
	}
	var body []byte
	err = a.ctl.Atomic(ctx, func(ctx context.Context) error {
		// Re-check under the writer lock: a concurrent retry may have
		// committed the token since the fast path looked.
		prev, ok, err := a.ctl.ClientTokenReplay(ctx, key, hash)
		if err != nil {
			return err
		}
		if ok {
			body = prev
			return nil
		}
		b, aerr := a.run(ctx, r, op, in, false)
		if aerr != nil {
			return aerr
		}
		if afterOperation != nil {
			if err := afterOperation(r.Action); err != nil {
				return err
			}
		}
		body = b
		return a.ctl.RememberClientToken(ctx, key, r.Scope, hash, b)
	})
	if err != nil {
		return nil, toAWS(err)
	}
	return body, nil
}

// afterOperation, when set (tests only, see export_test.go), runs between
// an idempotent operation and the recording of its token; an error from it
// fails the request as a crash at that point would.
var afterOperation func(action string) error

// inputHash fingerprints a decoded input: equal parameters, in whatever
// order or list spelling they arrived, give the same hash.
func inputHash(in any) (string, error) {
	raw, err := json.Marshal(in)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(raw)
	return hex.EncodeToString(h[:]), nil
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
