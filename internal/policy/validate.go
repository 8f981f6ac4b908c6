package policy

import "strings"

// Kind is where a policy is attached, which decides the rules it must
// follow.
type Kind uint8

// Policy kinds.
const (
	// Identity is an identity-based policy: inline or managed policies of
	// users, groups and roles, and also permissions boundaries and session
	// policies. No Principal, no Id, Resource required; IAM's Sid and
	// character rules apply.
	Identity Kind = iota + 1
	// Resource is a resource-based policy (S3 bucket policy, VPC endpoint
	// policy, ...): Principal and Resource required, Id allowed.
	Resource
	// Trust is an IAM role trust policy: Principal required, NotPrincipal
	// and Resource prohibited, only sts:AssumeRole-family actions; IAM's
	// Sid and character rules apply.
	Trust
)

// String names the kind: "identity", "resource" or "trust".
func (k Kind) String() string {
	switch k {
	case Identity:
		return "identity"
	case Resource:
		return "resource"
	case Trust:
		return "trust"
	}
	return "unknown"
}

// TrustActions are the actions a role trust policy may grant: the
// AssumeRole operations and the session attributes they can set.
var TrustActions = []string{
	"sts:AssumeRole",
	"sts:AssumeRoleWithSAML",
	"sts:AssumeRoleWithWebIdentity",
	"sts:TagSession",
	"sts:SetSourceIdentity",
	"sts:SetContext",
}

// ValidateIdentityPolicy parses and validates an identity-based policy.
func ValidateIdentityPolicy(doc string) (*Document, error) { return parseAndValidate(doc, Identity) }

// ValidateResourcePolicy parses and validates a resource-based policy.
func ValidateResourcePolicy(doc string) (*Document, error) { return parseAndValidate(doc, Resource) }

// ValidateTrustPolicy parses and validates an IAM role trust policy.
func ValidateTrustPolicy(doc string) (*Document, error) { return parseAndValidate(doc, Trust) }

// ValidatePolicy parses doc and validates it as kind k.
func ValidatePolicy(doc string, k Kind) (*Document, error) { return parseAndValidate(doc, k) }

func parseAndValidate(doc string, k Kind) (*Document, error) {
	if k == Identity || k == Trust {
		if err := checkCharset(doc); err != nil {
			return nil, err
		}
	}
	d, err := Parse(doc)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(k); err != nil {
		return nil, err
	}
	return d, nil
}

// checkCharset applies "Policy documents can contain only the following
// Unicode characters: horizontal tab (U+0009), linefeed (U+000A), carriage
// return (U+000D), and characters in the range U+0020 to U+00FF" (IAM
// quotas, name requirements).
func checkCharset(doc string) error {
	for i, r := range doc {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xFF {
			continue
		}
		return syntaxErr(int64(i), "character %U is not allowed in a policy document", r)
	}
	return nil
}

// Validate applies the rules for a policy attached as kind k. It does not
// repeat Parse's checks; the document must come from Parse.
func (d *Document) Validate(k Kind) error {
	iam := k == Identity || k == Trust
	if k == Identity && d.HasID {
		// Grammar notes: "The id_block is optional in resource-based
		// policies. It must not be included in identity-based policies."
		return docErr("Policy document should not specify an Id.")
	}
	sids := map[string]bool{}
	for i := range d.Statements {
		st := &d.Statements[i]
		if iam && st.Sid != "" {
			for j := 0; j < len(st.Sid); j++ {
				if !isAlnum(st.Sid[j]) {
					return stmtErr(i, st, MsgSidFormat)
				}
			}
			if sids[st.Sid] {
				return stmtErr(i, st, MsgSidUnique)
			}
			sids[st.Sid] = true
		}
		switch k {
		case Identity:
			if st.Principal != nil || st.NotPrincipal != nil {
				return stmtErr(i, st, MsgNoPrincipalAllowed)
			}
			if st.Resource == nil && st.NotResource == nil {
				return stmtErr(i, st, MsgNoResources)
			}
		case Resource:
			if st.Principal == nil && st.NotPrincipal == nil {
				return stmtErr(i, st, MsgMissingPrincipal)
			}
			if st.Resource == nil && st.NotResource == nil {
				return stmtErr(i, st, MsgNoResources)
			}
			if err := checkPrincipal(i, st, st.Principal, true); err != nil {
				return err
			}
			if err := checkPrincipal(i, st, st.NotPrincipal, true); err != nil {
				return err
			}
		case Trust:
			if st.NotPrincipal != nil {
				return stmtErr(i, st, "Has prohibited field NotPrincipal")
			}
			if st.Principal == nil {
				return stmtErr(i, st, MsgMissingPrincipal)
			}
			if st.Resource != nil {
				return stmtErr(i, st, "Has prohibited field Resource")
			}
			if st.NotResource != nil {
				return stmtErr(i, st, "Has prohibited field NotResource")
			}
			if err := checkPrincipal(i, st, st.Principal, false); err != nil {
				return err
			}
			for _, a := range st.Action {
				if !trustAction(a) {
					return stmtErr(i, st, "Trust policy action %s is not valid: a role trust policy can only grant %s", a, strings.Join(TrustActions, ", "))
				}
			}
			for _, a := range st.NotAction {
				if svc, _, _ := strings.Cut(a, ":"); a != "*" && !strings.EqualFold(svc, "sts") {
					return stmtErr(i, st, "Trust policy action %s is not valid: a role trust policy can only grant %s", a, strings.Join(TrustActions, ", "))
				}
			}
		default:
			return docErr("unknown policy kind %d", k)
		}
	}
	return nil
}

// trustAction reports whether an Action pattern of a trust policy names at
// least one trust action.
func trustAction(p string) bool {
	for _, a := range TrustActions {
		if MatchAction(p, a) {
			return true
		}
	}
	return false
}

// checkPrincipal validates principal identifiers: "*" only on its own ("You
// cannot use a wildcard to match part of a principal name or ARN"), AWS
// values as account ids, IAM/STS ARNs or unique ids, non-empty service,
// federated and canonical-user values. CanonicalUser is an Amazon S3
// extension ("Most resource-based policies do not support this mapping");
// it is refused in trust policies.
func checkPrincipal(i int, st *Statement, p *Principal, canonical bool) error {
	if p == nil {
		return nil
	}
	bad := func(typ, v string) error {
		return stmtErr(i, st, "Invalid principal in policy: \"%s\":\"%s\"", typ, v)
	}
	for _, v := range p.AWS {
		if !validAWSPrincipal(v) {
			return bad("AWS", v)
		}
	}
	for _, v := range p.Service {
		if v == "" || strings.ContainsAny(v, "*? \t\n") {
			return bad("Service", v)
		}
	}
	for _, v := range p.Federated {
		if v == "" || strings.ContainsAny(v, "*? \t\n") {
			return bad("Federated", v)
		}
	}
	for _, v := range p.CanonicalUser {
		if !canonical || v == "" || strings.ContainsAny(v, "*? \t\n") {
			return bad("CanonicalUser", v)
		}
	}
	return nil
}

func validAWSPrincipal(v string) bool {
	if v == "*" {
		return true
	}
	if isAccountID(v) {
		return true
	}
	if strings.ContainsAny(v, "*?") {
		return false
	}
	if a, ok := splitARN(v); ok {
		if a.partition == "" || a.account == "" || a.resource == "" || a.region != "" {
			return false
		}
		switch a.service {
		case "iam":
			return a.resource == "root" || strings.HasPrefix(a.resource, "user/") || strings.HasPrefix(a.resource, "role/")
		case "sts":
			return strings.HasPrefix(a.resource, "assumed-role/") || strings.HasPrefix(a.resource, "federated-user/")
		}
		return false
	}
	// Unique ids (AIDA..., AROA...): IAM shows them when the ARN's
	// principal was deleted; "Unique IDs created by IAM: 128 characters".
	if len(v) < 16 || len(v) > 128 || v[0] != 'A' {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < 12; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Size returns the length of a policy as IAM counts it against its size
// quotas: characters, not counting white space ("IAM does not count white
// space when calculating the size of a policy against these limits").
func Size(doc string) int {
	n := 0
	for _, r := range doc {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}
