package policy

import "fmt"

// PolicyType says which kind of policy a statement came from.
type PolicyType uint8

// Policy types.
const (
	// NoPolicy means no statement decided (implicit deny, root user).
	NoPolicy PolicyType = iota
	IdentityPolicy
	ResourcePolicy
	PermissionsBoundary
	SessionPolicy
)

// String names the policy type in words.
func (t PolicyType) String() string {
	switch t {
	case IdentityPolicy:
		return "identity-based policy"
	case ResourcePolicy:
		return "resource-based policy"
	case PermissionsBoundary:
		return "permissions boundary"
	case SessionPolicy:
		return "session policy"
	}
	return "none"
}

// Reason is the kind of decision.
type Reason uint8

// Decision reasons (Policy evaluation logic: "The difference between
// explicit and implicit denies").
const (
	// ImplicitDeny: no applicable Allow (or an Allow that another policy
	// type limits), and no applicable Deny.
	ImplicitDeny Reason = iota
	// ExplicitAllow: allowed.
	ExplicitAllow
	// ExplicitDeny: an applicable Deny statement.
	ExplicitDeny
)

// String returns the reason's name, e.g. "ExplicitDeny".
func (r Reason) String() string {
	switch r {
	case ExplicitAllow:
		return "ExplicitAllow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return "ImplicitDeny"
}

// PolicySet is every policy that applies to a request.
type PolicySet struct {
	// Identity holds the caller's identity-based policies (user, group
	// and role policies, inline and managed).
	Identity []*Document
	// Resource holds the resource-based policies of the resource (bucket
	// policy, VPC endpoint policy, role trust policy, ...).
	Resource []*Document
	// PermissionsBoundary is the boundary of the caller's IAM entity, or
	// nil.
	PermissionsBoundary *Document
	// Session holds the session policies passed when the caller's session
	// was created; empty means none were passed.
	Session []*Document
	// SameAccount says the caller and the resource are in the same
	// account. Otherwise both the caller's account (identity side) and the
	// resource's account (resource side) must allow.
	SameAccount bool
	// ResourcePolicyRequired is set for resources whose policy must allow
	// the caller even within one account: IAM role trust policies and KMS
	// key policies ("they must explicitly allow access for principals").
	ResourcePolicyRequired bool
}

// StatementRef identifies a statement in a PolicySet.
type StatementRef struct {
	// Type is the kind of policy; NoPolicy when there is no statement.
	Type PolicyType
	// Policy is the index in PolicySet.Identity, .Resource or .Session
	// (0 for the boundary).
	Policy int
	// Statement is the statement's index in its document.
	Statement int
	// Sid is the statement's Sid, if any.
	Sid string
}

// String describes the statement, e.g. "identity-based policy 0 statement 2 (DenyS3Logs)".
func (r StatementRef) String() string {
	if r.Type == NoPolicy {
		return "none"
	}
	s := fmt.Sprintf("%s %d statement %d", r.Type, r.Policy, r.Statement)
	if r.Sid != "" {
		s += " (" + r.Sid + ")"
	}
	return s
}

// Decision is the result of Evaluate.
type Decision struct {
	// Allowed is the final answer.
	Allowed bool
	// Reason is ExplicitAllow, ExplicitDeny or ImplicitDeny.
	Reason Reason
	// Statement is the deciding statement: the Deny for ExplicitDeny, the
	// Allow that granted access for ExplicitAllow (the identity-based one
	// when both sides were needed). Its Type is NoPolicy for an implicit
	// deny and for the account root user.
	Statement StatementRef
	// Supporting lists the other Allow statements the decision needed:
	// permissions boundary, session policy, and the resource-based policy
	// across accounts.
	Supporting []StatementRef
	// Note explains the decision in words.
	Note string
}

// String summarizes the decision for logs and error messages.
func (d Decision) String() string {
	return fmt.Sprintf("%s by %s: %s", d.Reason, d.Statement, d.Note)
}

type scope struct {
	typ  PolicyType
	docs []*Document
}

// Evaluate decides whether req is allowed by set, following "Policy
// evaluation logic" and "Cross-account policy evaluation logic":
//
//  1. Deny evaluation: an applicable Deny statement in any policy
//     (identity, resource, boundary, session) is an explicit deny.
//  2. Callers without identity policies (AWS services, anonymous callers,
//     web identity or SAML callers) are allowed only by a resource-based
//     policy statement that names them.
//  3. Same account: the account root user is allowed (it "has full
//     access"); otherwise a resource-based Allow naming the caller itself
//     (user, session, "*") allows; one naming the role of a role session or
//     the user of a federated session allows if the permissions boundary
//     and session policies (when present) allow too; otherwise the
//     identity path applies: an identity-based Allow, then the boundary,
//     then the session policy (a role session without session policies is
//     allowed, a federated-user session is not). ResourcePolicyRequired
//     makes a resource-based Allow mandatory.
//  4. Cross account: the identity path in the caller's account and a
//     resource-based Allow naming the caller (or its account, role, ...)
//     in the resource's account are both required.
func Evaluate(req Request, set PolicySet) Decision {
	ec := &evalCtx{req: &req}
	ec.ctype = req.Caller.Type()

	var boundary []*Document
	if set.PermissionsBoundary != nil {
		boundary = []*Document{set.PermissionsBoundary}
	}
	scopes := [...]scope{
		{IdentityPolicy, set.Identity},
		{ResourcePolicy, set.Resource},
		{PermissionsBoundary, boundary},
		{SessionPolicy, set.Session},
	}

	// 1. Explicit deny.
	for _, sc := range scopes {
		if ref, _, ok := ec.find(sc, Deny); ok {
			return Decision{Reason: ExplicitDeny, Statement: ref,
				Note: "explicitly denied by a Deny statement in a " + sc.typ.String()}
		}
	}

	resRef, resGrant, hasRes := ec.find(scopes[1], Allow)

	// 2. Callers that have no identity-based policies.
	switch ec.ctype {
	case CallerAnonymous, CallerService, CallerFederatedIdentity, CallerOther:
		if hasRes {
			return allow(resRef, nil, "allowed by a resource-based policy that names the caller")
		}
		return implicit("no resource-based policy allows the caller")
	}

	if set.SameAccount {
		// 3. Same account.
		if ec.ctype == CallerRoot {
			if set.ResourcePolicyRequired && !hasRes {
				return implicit("the resource-based policy does not allow the caller")
			}
			return Decision{Allowed: true, Reason: ExplicitAllow, Statement: resRef,
				Note: "the AWS account root user has full access within its account"}
		}
		switch resGrant {
		case grantDirect:
			return allow(resRef, nil, "allowed by a resource-based policy that names the caller")
		case grantIssuer:
			sup, d, ok := ec.limits(scopes[2], scopes[3])
			if !ok {
				return d
			}
			return allow(resRef, sup, "allowed by a resource-based policy that names the caller's "+issuerWord(ec.ctype))
		}
		if set.ResourcePolicyRequired && !hasRes {
			return implicit("the resource-based policy does not allow the caller")
		}
		d := ec.identityPath(scopes)
		if d.Allowed && hasRes {
			d.Supporting = append(d.Supporting, resRef)
		}
		return d
	}

	// 4. Cross account.
	var d Decision
	if ec.ctype == CallerRoot {
		d = Decision{Allowed: true, Reason: ExplicitAllow,
			Note: "the AWS account root user has full access within its account"}
	} else {
		d = ec.identityPath(scopes)
		if !d.Allowed {
			d.Note = "cross-account: the caller's account does not allow: " + d.Note
			return d
		}
	}
	if !hasRes {
		return implicit("cross-account: no resource-based policy in the resource's account allows the caller")
	}
	d.Supporting = append(d.Supporting, resRef)
	d.Note = "cross-account: allowed by both the caller's account and a resource-based policy"
	return d
}

// identityPath applies steps 4 to 6 of "Determining whether a request is
// allowed or denied within an account": identity-based policies, then the
// permissions boundary, then session policies.
func (ec *evalCtx) identityPath(scopes [4]scope) Decision {
	ref, _, ok := ec.find(scopes[0], Allow)
	if !ok {
		return implicit("no identity-based policy allows the request")
	}
	sup, d, ok := ec.limits(scopes[2], scopes[3])
	if !ok {
		return d
	}
	return allow(ref, sup, "allowed by an identity-based policy")
}

// limits checks the permissions boundary and session policies.
func (ec *evalCtx) limits(boundary, session scope) ([]StatementRef, Decision, bool) {
	var sup []StatementRef
	if len(boundary.docs) > 0 {
		ref, _, ok := ec.find(boundary, Allow)
		if !ok {
			return nil, implicit("the permissions boundary does not allow the request"), false
		}
		sup = append(sup, ref)
	}
	switch ec.ctype {
	case CallerRoleSession, CallerFederatedUser:
		if len(session.docs) > 0 {
			ref, _, ok := ec.find(session, Allow)
			if !ok {
				return nil, implicit("the session policy does not allow the request"), false
			}
			sup = append(sup, ref)
		} else if ec.ctype == CallerFederatedUser {
			return nil, implicit("a federated-user session without a session policy has no permissions"), false
		}
	}
	return sup, Decision{}, true
}

func issuerWord(t CallerType) string {
	if t == CallerFederatedUser {
		return "IAM user"
	}
	return "role"
}

func allow(ref StatementRef, sup []StatementRef, note string) Decision {
	return Decision{Allowed: true, Reason: ExplicitAllow, Statement: ref, Supporting: sup, Note: note}
}

func implicit(note string) Decision {
	return Decision{Reason: ImplicitDeny, Note: note}
}

// find returns the first statement with the given effect that applies to
// the request. For resource-based policies it returns the strongest grant
// among applicable statements (so that a statement naming the caller wins
// over one naming its account), the first one on ties.
func (ec *evalCtx) find(sc scope, eff Effect) (StatementRef, grant, bool) {
	var best StatementRef
	bestG := grantNone
	found := false
	for i, d := range sc.docs {
		if d == nil {
			continue
		}
		for j := range d.Statements {
			st := &d.Statements[j]
			if st.Effect != eff {
				continue
			}
			g := grantDirect
			if sc.typ == ResourcePolicy {
				g = ec.principalGrant(st)
				if g == grantNone {
					continue
				}
			}
			if !ec.applies(d, st) {
				continue
			}
			ref := StatementRef{Type: sc.typ, Policy: i, Statement: j, Sid: st.Sid}
			if sc.typ != ResourcePolicy || g == grantDirect {
				return ref, g, true
			}
			if g > bestG {
				best, bestG, found = ref, g, true
			}
		}
	}
	return best, bestG, found
}

// principalGrant evaluates a resource-based statement's Principal or
// NotPrincipal. A statement with neither applies to every caller.
func (ec *evalCtx) principalGrant(st *Statement) grant {
	switch {
	case st.Principal != nil:
		return ec.matchPrincipal(st.Principal)
	case st.NotPrincipal != nil:
		if ec.notPrincipalExcludes(st.NotPrincipal) {
			return grantNone
		}
		return grantDirect
	}
	return grantDirect
}

// applies reports whether a statement's Action, Resource and Condition
// elements match the request.
func (ec *evalCtx) applies(d *Document, st *Statement) bool {
	if st.Action != nil {
		if !anyAction(st.Action, ec.req.Action) {
			return false
		}
	} else if anyAction(st.NotAction, ec.req.Action) {
		return false
	}
	switch {
	case st.Resource != nil:
		if !ec.anyResource(d, st.Resource) {
			return false
		}
	case st.NotResource != nil:
		if ec.anyResource(d, st.NotResource) {
			return false
		}
	}
	for i := range st.Conditions {
		if !ec.evalCondition(d, &st.Conditions[i]) {
			return false
		}
	}
	return true
}

func anyAction(patterns []string, action string) bool {
	for _, p := range patterns {
		if MatchAction(p, action) {
			return true
		}
	}
	return false
}

// anyResource matches the request resource against Resource patterns,
// substituting variables in 2012-10-17 documents. A pattern whose variable
// has no value matches nothing ("the resource that includes a policy
// variable with no value will not match any resource").
func (ec *evalCtx) anyResource(d *Document, patterns []string) bool {
	vars := d.VariablesEnabled()
	for _, p := range patterns {
		esc := false
		if vars {
			var ok bool
			p, esc, ok = expandResource(p, ec.variable)
			if !ok {
				continue
			}
		}
		if matchARN(p, ec.req.Resource, esc) {
			return true
		}
	}
	return false
}
