package policy

import "strings"

// grant says how a resource-based policy statement names the caller, which
// decides whether implicit denies in the caller's other policies still apply
// (Policy evaluation logic: "Resource-based policies and implicit denies in
// other policy types").
type grant uint8

const (
	grantNone grant = iota
	// grantAccount: the statement names the caller's account (account id
	// or root ARN). This delegates to the account: within the account an
	// identity-based allow is still needed.
	grantAccount
	// grantIssuer: the statement names the role behind a role session, or
	// the IAM user behind a federated-user session. Such grants are
	// limited by an implicit deny in a permissions boundary or session
	// policy.
	grantIssuer
	// grantDirect: the statement names the caller itself (user, session,
	// root, service, federated provider, canonical user, unique id) or all
	// principals. Such grants are not limited by implicit denies in
	// identity-based policies, permissions boundaries or session policies.
	grantDirect
)

// matchPrincipal returns how p names the caller.
func (ec *evalCtx) matchPrincipal(p *Principal) grant {
	if p.Wildcard {
		return grantDirect
	}
	c := &ec.req.Caller
	best := grantNone
	up := func(g grant) {
		if g > best {
			best = g
		}
	}
	for _, v := range p.AWS {
		up(ec.matchAWS(v))
	}
	if c.Service != "" {
		for _, v := range p.Service {
			if strings.EqualFold(v, c.Service) {
				up(grantDirect)
			}
		}
	}
	if c.Federated != "" {
		for _, v := range p.Federated {
			if v == c.Federated {
				up(grantDirect)
			}
		}
	}
	if c.CanonicalUser != "" {
		for _, v := range p.CanonicalUser {
			if v == c.CanonicalUser {
				up(grantDirect)
			}
		}
	}
	return best
}

// matchAWS matches one "AWS" principal value.
func (ec *evalCtx) matchAWS(v string) grant {
	if v == "*" {
		return grantDirect
	}
	c := &ec.req.Caller
	t := ec.ctype
	switch t {
	case CallerAnonymous, CallerService, CallerFederatedIdentity:
		return grantNone
	}
	if c.ARN != "" && v == c.ARN {
		return grantDirect
	}
	if c.UniqueID != "" && v == c.UniqueID {
		return grantDirect
	}
	acct := c.account()
	if acct != "" && isAccountPrincipal(v, acct) {
		if t == CallerRoot {
			return grantDirect
		}
		return grantAccount
	}
	switch t {
	case CallerRoleSession:
		if c.SessionIssuer != "" {
			if v == c.SessionIssuer {
				return grantIssuer
			}
		} else if sameRole(v, c.roleARN()) {
			return grantIssuer
		}
	case CallerFederatedUser:
		if c.SessionIssuer != "" && v == c.SessionIssuer {
			return grantIssuer
		}
	}
	return grantNone
}

// isAccountPrincipal reports whether v names account acct: the 12-digit id
// or arn:PARTITION:iam::ACCOUNT:root.
func isAccountPrincipal(v, acct string) bool {
	if v == acct {
		return true
	}
	a, ok := splitARN(v)
	return ok && a.service == "iam" && a.region == "" && a.account == acct && a.resource == "root"
}

// sameRole compares a policy role ARN (which may carry a path) with a role
// ARN derived from a session (which cannot): same partition, account and
// role name.
func sameRole(policyARN, derived string) bool {
	if policyARN == derived {
		return true
	}
	p, ok1 := splitARN(policyARN)
	d, ok2 := splitARN(derived)
	if !ok1 || !ok2 || p.service != "iam" || p.partition != d.partition || p.account != d.account ||
		!strings.HasPrefix(p.resource, "role/") {
		return false
	}
	return p.resource[strings.LastIndexByte(p.resource, '/')+1:] == strings.TrimPrefix(d.resource, "role/")
}

// notPrincipalExcludes reports whether the caller is excluded by a
// NotPrincipal element, which is the case only when every identity AWS may
// check for the caller is listed: the account, then the role, then the
// session for a role session; the account and the user for a user ("you
// must also specify the account ARN of the not-denied principal. Otherwise,
// the policy might deny access to the entire account containing the
// principal").
func (ec *evalCtx) notPrincipalExcludes(p *Principal) bool {
	if p.Wildcard {
		return true
	}
	c := &ec.req.Caller
	listed := func(pred func(string) bool) bool {
		for _, v := range p.AWS {
			if v == "*" || pred(v) {
				return true
			}
		}
		return false
	}
	is := func(s string) func(string) bool { return func(v string) bool { return v == s } }
	acct := c.account()
	account := func(v string) bool { return acct != "" && isAccountPrincipal(v, acct) }
	switch ec.ctype {
	case CallerService:
		for _, v := range p.Service {
			if strings.EqualFold(v, c.Service) {
				return true
			}
		}
		return false
	case CallerFederatedIdentity:
		for _, v := range p.Federated {
			if v == c.Federated {
				return true
			}
		}
		return false
	case CallerAnonymous, CallerOther:
		if c.CanonicalUser != "" {
			for _, v := range p.CanonicalUser {
				if v == c.CanonicalUser {
					return true
				}
			}
		}
		return listed(func(string) bool { return false })
	case CallerRoot:
		return listed(account)
	case CallerRoleSession:
		role := c.roleARN()
		return listed(account) && listed(func(v string) bool { return sameRole(v, role) || v == c.SessionIssuer && v != "" }) &&
			listed(is(c.ARN))
	}
	return listed(account) && listed(func(v string) bool { return v == c.ARN || c.UniqueID != "" && v == c.UniqueID })
}
