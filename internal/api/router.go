// Package api holds what every service's API package shares: a Router that
// dispatches decoded operations to typed handlers, and the Binding that
// declares a served service to the server. Handlers translate between wire
// shapes and the control layer and hold no business logic.
package api

import (
	"context"
	"sort"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// Binding declares one served service: its generated model and its handler.
type Binding struct {
	Service *protocol.Service
	Handler protocol.Handler
	// ValidationError turns model constraint violations (missing required
	// members, out-of-range integers, unknown enum values) into the
	// service's error. Nil uses ValidationError (query) or
	// ValidationException (json and rest protocols) with AWS's message.
	ValidationError func([]protocol.Violation) *awserr.Error
}

// Validation returns the service's error for violations.
func (b *Binding) Validation(vs []protocol.Violation) *awserr.Error {
	if b.ValidationError != nil {
		return b.ValidationError(vs)
	}
	code := "ValidationException"
	if b.Service.Protocol == "query" {
		code = "ValidationError"
	}
	return awserr.New(code, "%s", protocol.ValidationMessage(vs))
}

type opFunc func(ctx context.Context, c *protocol.Call, in any) (any, error)

// Router dispatches operations by name. Its zero value is not usable; use
// NewRouter.
type Router struct {
	ops map[string]opFunc
}

// NewRouter returns an empty Router.
func NewRouter() *Router { return &Router{ops: map[string]opFunc{}} }

// Handle registers fn for the operation name.
func Handle[I, O any](r *Router, name string, fn func(ctx context.Context, c *protocol.Call, in *I) (*O, error)) {
	r.ops[name] = func(ctx context.Context, c *protocol.Call, in any) (any, error) {
		out, err := fn(ctx, c, in.(*I))
		if err != nil || out == nil {
			return nil, err
		}
		return out, nil
	}
}

// HandleNoOutput registers fn for an operation without output.
func HandleNoOutput[I any](r *Router, name string, fn func(ctx context.Context, c *protocol.Call, in *I) error) {
	r.ops[name] = func(ctx context.Context, c *protocol.Call, in any) (any, error) {
		return nil, fn(ctx, c, in.(*I))
	}
}

// Serves reports whether the operation has a handler.
func (r *Router) Serves(name string) bool { _, ok := r.ops[name]; return ok }

// Handle runs the operation's handler.
func (r *Router) Handle(ctx context.Context, c *protocol.Call, in any) (any, error) {
	fn, ok := r.ops[c.Operation]
	if !ok {
		return nil, awserr.InvalidAction(c.Operation)
	}
	return fn(ctx, c, in)
}

// Served returns the names of the served operations, sorted.
func (r *Router) Served() []string {
	out := make([]string, 0, len(r.ops))
	for n := range r.ops {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
