package policy

import (
	"strconv"
	"strings"
	"time"
)

// Caller identifies the principal that makes a request.
type Caller struct {
	// ARN is the caller's ARN: an IAM user (arn:aws:iam::A:user/path/name),
	// an assumed-role session (arn:aws:sts::A:assumed-role/role/session),
	// a federated-user session (arn:aws:sts::A:federated-user/name), or the
	// account root user (arn:aws:iam::A:root). Empty for a service
	// principal or an anonymous caller.
	ARN string
	// Account is the caller's 12-digit account id (derived from ARN when
	// empty).
	Account string
	// Service is the service principal ("delivery.logs.amazonaws.com")
	// when an AWS service calls on its own behalf.
	Service string
	// SessionIssuer is, for a session, the ARN of the identity it was
	// created from: the role (with its path) for an assumed-role session,
	// the IAM user for a federated-user session. For an assumed-role
	// session without it, the role ARN is derived from the session ARN
	// (without a path).
	SessionIssuer string
	// Federated is the web identity or SAML provider for
	// AssumeRoleWithWebIdentity / AssumeRoleWithSAML callers, matched
	// against "Federated" principals.
	Federated string
	// CanonicalUser is the S3 canonical user id, if known.
	CanonicalUser string
	// UniqueID is the principal's unique id (AIDA..., AROA...), matched
	// against policies that hold ids instead of ARNs.
	UniqueID string
}

// CallerType classifies a Caller.
type CallerType uint8

// Caller types.
const (
	CallerAnonymous CallerType = iota
	CallerRoot
	CallerUser
	CallerRoleSession
	CallerFederatedUser
	CallerRole
	CallerService
	CallerFederatedIdentity
	CallerOther
)

// Type classifies the caller from its fields.
func (c *Caller) Type() CallerType {
	if c.ARN == "" {
		switch {
		case c.Service != "":
			return CallerService
		case c.Federated != "":
			return CallerFederatedIdentity
		case c.CanonicalUser != "":
			return CallerOther
		}
		return CallerAnonymous
	}
	a, ok := splitARN(c.ARN)
	if !ok {
		return CallerOther
	}
	switch {
	case a.service == "iam" && a.resource == "root":
		return CallerRoot
	case a.service == "iam" && strings.HasPrefix(a.resource, "user/"):
		return CallerUser
	case a.service == "iam" && strings.HasPrefix(a.resource, "role/"):
		return CallerRole
	case a.service == "sts" && strings.HasPrefix(a.resource, "assumed-role/"):
		return CallerRoleSession
	case a.service == "sts" && strings.HasPrefix(a.resource, "federated-user/"):
		return CallerFederatedUser
	}
	return CallerOther
}

// account returns the caller's account id.
func (c *Caller) account() string {
	if c.Account != "" {
		return c.Account
	}
	if a, ok := splitARN(c.ARN); ok {
		return a.account
	}
	return ""
}

// roleARN returns the role behind an assumed-role session.
func (c *Caller) roleARN() string {
	if c.SessionIssuer != "" {
		return c.SessionIssuer
	}
	a, ok := splitARN(c.ARN)
	if !ok {
		return ""
	}
	rest := strings.TrimPrefix(a.resource, "assumed-role/")
	role, _, _ := strings.Cut(rest, "/")
	return "arn:" + a.partition + ":iam::" + a.account + ":role/" + role
}

// Request is the request context an authorization decision is made on.
type Request struct {
	// Caller is the principal making the request.
	Caller Caller
	// Action is "service:Action", e.g. "s3:PutObject".
	Action string
	// Resource is the resource ARN, or "*" for actions without resources.
	Resource string
	// ResourceAccount is the account owning the resource; it supplies
	// aws:ResourceAccount when the context does not.
	ResourceAccount string
	// Time is the request time for aws:CurrentTime and aws:EpochTime when
	// the context does not set them; zero means time.Now().
	Time time.Time
	// Context holds condition keys and their values. Key lookup ignores
	// case ("Condition key names are not case-sensitive"); keys that differ
	// only in case are merged. A key with no values is missing.
	//
	// Keys not present are derived from Caller, ResourceAccount and Time
	// where the global condition keys page says they are always present:
	// aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType,
	// aws:username (IAM users only), aws:PrincipalIsAWSService,
	// aws:PrincipalServiceName, aws:ResourceAccount, aws:CurrentTime,
	// aws:EpochTime. Everything else (aws:SourceIp, aws:SourceVpc,
	// aws:SourceVpce, aws:SecureTransport, s3:prefix, tags, ...) must be
	// supplied.
	Context map[string][]string
}

// evalCtx is the per-Evaluate state.
type evalCtx struct {
	req   *Request
	ctype CallerType
}

// lookup returns the values of a condition key, ignoring case.
func (ec *evalCtx) lookup(key string) []string {
	var out []string
	merged := false
	for k, v := range ec.req.Context {
		if len(v) == 0 || !strings.EqualFold(k, key) {
			continue
		}
		if out == nil {
			out = v
			continue
		}
		if !merged {
			out = append([]string(nil), out...)
			merged = true
		}
		out = append(out, v...)
	}
	if out != nil {
		return out
	}
	if v, ok := ec.derived(key); ok {
		return []string{v}
	}
	return nil
}

// variable returns the single value of key for policy variables.
func (ec *evalCtx) variable(key string) (string, bool) {
	v := ec.lookup(key)
	if len(v) != 1 {
		return "", false
	}
	return v[0], true
}

// derived computes the global keys that follow from the request itself.
func (ec *evalCtx) derived(key string) (string, bool) {
	if len(key) < 4 || !strings.EqualFold(key[:4], "aws:") {
		return "", false
	}
	c := &ec.req.Caller
	t := ec.ctype
	signed := t != CallerAnonymous && t != CallerService && t != CallerOther
	switch strings.ToLower(key[4:]) {
	case "principalarn":
		switch t {
		case CallerRoleSession:
			return c.roleARN(), true
		case CallerRoot, CallerUser, CallerFederatedUser, CallerRole:
			return c.ARN, true
		}
	case "principalaccount":
		if t == CallerAnonymous {
			return "anonymous", true
		}
		if a := c.account(); a != "" {
			return a, true
		}
	case "principaltype":
		switch t {
		case CallerAnonymous:
			return "Anonymous", true
		case CallerRoot:
			return "Account", true
		case CallerUser:
			return "User", true
		case CallerRoleSession:
			return "AssumedRole", true
		case CallerFederatedUser:
			return "FederatedUser", true
		}
	case "username":
		if t == CallerUser {
			a, _ := splitARN(c.ARN)
			return a.resource[strings.LastIndexByte(a.resource, '/')+1:], true
		}
	case "principalisawsservice":
		if t == CallerService {
			return "true", true
		}
		if signed {
			return "false", true
		}
	case "principalservicename":
		if t == CallerService {
			return c.Service, true
		}
	case "resourceaccount":
		if ec.req.ResourceAccount != "" {
			return ec.req.ResourceAccount, true
		}
	case "currenttime":
		return ec.now().Format(time.RFC3339), true
	case "epochtime":
		return strconv.FormatInt(ec.now().Unix(), 10), true
	}
	return "", false
}

func (ec *evalCtx) now() time.Time {
	if ec.req.Time.IsZero() {
		return time.Now().UTC()
	}
	return ec.req.Time.UTC()
}

// arnParts are the six components of an ARN.
type arnParts struct {
	partition, service, region, account, resource string
}

func splitARN(s string) (arnParts, bool) {
	p := strings.SplitN(s, ":", 6)
	if len(p) != 6 || p[0] != "arn" {
		return arnParts{}, false
	}
	return arnParts{p[1], p[2], p[3], p[4], p[5]}, true
}
