package subnetgroup

import (
	"context"
	"fmt"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/dbsubnet"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Scopes creates an account-region's initial EC2 world (default VPC and
// subnets) on first use; *control.Service implements it.
type Scopes interface {
	EnsureScope(ctx context.Context, scope model.Scope) error
}

// Engine applies one service's Rules over the store. It is safe for
// concurrent use.
type Engine struct {
	st     *store.Store
	scopes Scopes
	r      Rules
}

// New returns an Engine for rules over st.
func New(st *store.Store, scopes Scopes, rules Rules) *Engine {
	return &Engine{st: st, scopes: scopes, r: rules}
}

// Rules returns the engine's rules.
func (e *Engine) Rules() *Rules { return &e.r }

// Partition returns the ARN partition of region.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	}
	return "aws"
}

// ARN returns the ARN of the group name (already lower-case) in scope.
func (e *Engine) ARN(scope model.Scope, name string) string {
	return e.prefix(scope) + name
}

// prefix is the ARN of scope's groups up to the name: every group of the
// scope has an id that starts with it, so a table scan from it lists the
// scope's groups in name order.
func (e *Engine) prefix(scope model.Scope) string {
	return "arn:" + Partition(scope.Region) + ":" + e.r.Service + ":" + scope.Region + ":" + scope.Account + ":" + e.r.ARNType + ":"
}

// normalizeName checks name against the service's rules and returns it
// lower-case, as the three services store it.
func (e *Engine) normalizeName(name string) (string, error) {
	if msg := e.r.CheckName(name); msg != "" {
		return "", awserr.New(e.r.Codes.InvalidParameter, "%s", msg)
	}
	return strings.ToLower(name), nil
}

func (e *Engine) notFound(name string) error {
	return &awserr.Error{Code: e.r.Codes.NotFound, Status: e.r.notFoundStatus(),
		Message: fmt.Sprintf("%s %s not found.", upperFirst(e.r.Noun), name)}
}

// lookup returns scope's group name (lower-case) from w.
func (e *Engine) lookup(w *store.World, scope model.Scope, name string) (*dbsubnet.Group, error) {
	g, ok := e.r.Kind.In(w).Get(e.ARN(scope, name))
	if !ok {
		return nil, e.notFound(name)
	}
	return g, nil
}

// count returns the number of scope's groups in w.
func (e *Engine) count(w *store.World, scope model.Scope) int {
	p := e.prefix(scope)
	n := 0
	e.r.Kind.In(w).From(p, func(g *dbsubnet.Group) bool {
		if !strings.HasPrefix(g.ID, p) {
			return false
		}
		n++
		return true
	})
	return n
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
