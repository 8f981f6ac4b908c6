package endpointcheck

import (
	"fmt"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/policy"
)

// Verdict is one policy's (or the whole chain's) answer.
type Verdict struct {
	Allowed bool `json:"allowed"`
	// Reason is ExplicitAllow, ExplicitDeny or ImplicitDeny.
	Reason string `json:"reason"`
	// Policy names the policy that decided: "identity-based policy",
	// "endpoint policy", "bucket policy" or "" (none applied).
	Policy string `json:"policy,omitempty"`
	// Statement is the deciding statement ("statement 1 (DenyOtherVpce)").
	Statement string `json:"statement,omitempty"`
	Note      string `json:"note"`
}

// Request is an API request made through a VPC endpoint.
type Request struct {
	Principal *Principal
	Action    string
	Resource  string
	// ResourceAccount owns the resource ("" when unknown).
	ResourceAccount string
	// Context is the request context (RequestContext).
	Context map[string][]string
	// Time is the request time (zero: now).
	Time time.Time
}

func (r *Request) policyRequest() policy.Request {
	return policy.Request{Caller: r.Principal.Caller, Action: r.Action, Resource: r.Resource,
		ResourceAccount: r.ResourceAccount, Time: r.Time, Context: r.Context}
}

// allowAll stands for the caller's side when a policy is evaluated on its
// own as a gate.
var allowAll = mustParse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)

func mustParse(doc string) *policy.Document {
	d, err := policy.Parse(doc)
	if err != nil {
		panic(fmt.Sprintf("endpointcheck: built-in policy: %v", err))
	}
	return d
}

// statementName describes statement ref of doc: "statement 1 (Sid)".
func statementName(ref policy.StatementRef) string {
	if ref.Type == policy.NoPolicy {
		return ""
	}
	s := fmt.Sprintf("statement %d", ref.Statement)
	if ref.Sid != "" {
		s += " (" + ref.Sid + ")"
	}
	return s
}

// gate evaluates a policy that must allow the request on its own (a VPC
// endpoint policy, or a bucket policy across accounts): an applicable Deny
// refuses, and otherwise an Allow statement whose principal matches the
// caller (the caller itself, its role or account, or "*") is needed. It
// is evaluated as a resource-based policy across accounts whose identity
// side allows everything, which is exactly that rule.
func gate(name string, doc *policy.Document, req *Request) Verdict {
	pr := req.policyRequest()
	d := policy.Evaluate(pr, policy.PolicySet{Identity: []*policy.Document{allowAll}, Resource: []*policy.Document{doc}})
	v := Verdict{Allowed: d.Allowed, Reason: d.Reason.String(), Policy: name}
	switch {
	case d.Reason == policy.ExplicitDeny:
		v.Statement = statementName(d.Statement)
		v.Note = "denied by a Deny statement of the " + name
	case d.Allowed && len(d.Supporting) > 0:
		v.Statement = statementName(d.Supporting[len(d.Supporting)-1])
		v.Note = "allowed by an Allow statement of the " + name
	default:
		v.Allowed, v.Reason = false, policy.ImplicitDeny.String()
		v.Note = "no statement of the " + name + " allows " + req.Action + " on " + req.Resource + " for " + callerName(req.Principal)
	}
	return v
}

func callerName(p *Principal) string {
	if p.Caller.ARN != "" {
		return p.Caller.ARN
	}
	return "the caller"
}

// EndpointPolicy decides whether e's endpoint policy lets the request
// through. An endpoint policy "does not override or replace identity-based
// policies or resource-based policies"; it controls "which AWS principals
// can use the VPC endpoint to access the endpoint service" (PrivateLink
// Guide, "Control access to VPC endpoints using endpoint policies"), so it
// is a gate: a Deny refuses, and an Allow naming the caller is needed. An
// endpoint without a policy (services that do not support policies)
// allows full access: "If the service does not support endpoint policies,
// the endpoint allows full access to the service."
func EndpointPolicy(e *model.VpcEndpoint, req *Request) Verdict {
	if strings.TrimSpace(e.PolicyDocument) == "" {
		return Verdict{Allowed: true, Reason: policy.ExplicitAllow.String(), Policy: "endpoint policy",
			Note: e.ID + " has no endpoint policy: full access"}
	}
	doc, err := policy.Parse(e.PolicyDocument)
	if err != nil {
		return Verdict{Reason: policy.ImplicitDeny.String(), Policy: "endpoint policy", Note: "the endpoint policy of " + e.ID + " does not parse: " + err.Error()}
	}
	v := gate("endpoint policy", doc, req)
	v.Note += " (" + e.ID + ")"
	return v
}

// ResourcePolicy decides the resource side of the request for a bucket
// policy (doc "" = none): an applicable Deny refuses; across accounts
// ("Cross-account policy evaluation logic") an Allow naming the caller is
// required; within the account the identity-based policies may grant
// alone, so no applicable statement is not a refusal.
func ResourcePolicy(doc string, req *Request) Verdict {
	same := req.ResourceAccount == "" || req.ResourceAccount == req.Principal.Caller.Account
	if strings.TrimSpace(doc) == "" {
		if same {
			return Verdict{Allowed: true, Reason: policy.ImplicitDeny.String(), Policy: "bucket policy",
				Note: "no bucket policy: within account " + req.ResourceAccount + " the identity-based policies decide"}
		}
		return Verdict{Reason: policy.ImplicitDeny.String(), Policy: "bucket policy",
			Note: "cross-account: the bucket of account " + req.ResourceAccount + " has no bucket policy allowing " + callerName(req.Principal)}
	}
	d, err := policy.Parse(doc)
	if err != nil {
		return Verdict{Reason: policy.ImplicitDeny.String(), Policy: "bucket policy", Note: "the bucket policy does not parse: " + err.Error()}
	}
	v := gate("bucket policy", d, req)
	if !v.Allowed && v.Reason == policy.ImplicitDeny.String() && same {
		v.Allowed = true
		v.Note = "no statement of the bucket policy applies: within account " + req.ResourceAccount + " the identity-based policies decide"
	}
	if !same && !v.Allowed && v.Reason == policy.ImplicitDeny.String() {
		v.Note = "cross-account: " + v.Note
	}
	return v
}

// Identity decides the caller's side: its identity-based policies (with
// the permissions boundary), and within one account a bucket policy that
// grants the caller directly (bucketDoc, "" for none). The account root
// user has full access within its account.
func Identity(req *Request, bucketDoc string) Verdict {
	p := req.Principal
	same := req.ResourceAccount == "" || req.ResourceAccount == p.Caller.Account
	set := policy.PolicySet{Identity: p.Identity, PermissionsBoundary: p.Boundary, SameAccount: true}
	pr := req.policyRequest()
	d := policy.Evaluate(pr, set)
	if !d.Allowed && d.Reason != policy.ExplicitDeny && same && bucketDoc != "" {
		if doc, err := policy.Parse(bucketDoc); err == nil {
			set.Resource = []*policy.Document{doc}
			if full := policy.Evaluate(pr, set); full.Allowed {
				return Verdict{Allowed: true, Reason: full.Reason.String(), Policy: "bucket policy", Statement: statementName(full.Statement),
					Note: "no identity-based policy allows it, but the bucket policy grants " + callerName(p) + " within the account"}
			}
		}
	}
	v := Verdict{Allowed: d.Allowed, Reason: d.Reason.String(), Note: d.Note}
	if d.Statement.Type != policy.NoPolicy {
		v.Policy = d.Statement.Type.String()
		v.Statement = statementName(d.Statement)
		if p.Role != nil && d.Statement.Type == policy.IdentityPolicy {
			v.Policy += " of role " + p.Role.Name
		}
	}
	return v
}

// Authorize is the whole decision for a request through endpoint e: the
// caller's identity-based policies, the endpoint policy and the bucket
// policy (bucketDoc, "" for none or for resources without one) must all
// allow, and an explicit Deny in any of them wins (IAM User Guide, "Policy
// evaluation logic"). The Verdict names the deciding statement: the Deny,
// else the first policy that does not allow, else the endpoint policy's
// Allow.
func Authorize(e *model.VpcEndpoint, req *Request, bucketDoc string) Verdict {
	vs := []Verdict{Identity(req, bucketDoc), EndpointPolicy(e, req), ResourcePolicy(bucketDoc, req)}
	for _, v := range vs {
		if v.Reason == policy.ExplicitDeny.String() {
			return v
		}
	}
	for _, v := range vs {
		if !v.Allowed {
			return v
		}
	}
	return vs[1]
}
