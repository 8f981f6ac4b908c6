package policy

import (
	"strings"
)

// Policy language versions (IAM JSON policy elements: Version).
const (
	// Version2012 is the current policy language; it enables policy
	// variables.
	Version2012 = "2012-10-17"
	// Version2008 is the earlier language; variables are literal text.
	Version2008 = "2008-10-17"
)

// Effect is a statement's Effect: Allow or Deny (case-sensitive).
type Effect string

// The two documented effects.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Document is a parsed policy document. Fields hold the values as written;
// a missing optional element is the zero value (see HasID for Id).
type Document struct {
	// Version is the Version element, or "" when absent.
	Version string
	// ID is the Id element; HasID says whether it was present.
	ID    string
	HasID bool
	// Statements are the statements in document order.
	Statements []Statement
	// SingleStatement is true when Statement was one object rather than an
	// array.
	SingleStatement bool

	raw string
}

// Raw returns the text the document was parsed from.
func (d *Document) Raw() string { return d.raw }

// VariablesEnabled reports whether policy variables are substituted in this
// document, that is whether its Version is 2012-10-17.
func (d *Document) VariablesEnabled() bool { return d.Version == Version2012 }

// Statement is one policy statement. List elements are nil when absent;
// Parse never produces an empty non-nil list.
type Statement struct {
	// Sid is the statement id ("" when absent; HasSid tells them apart).
	Sid    string
	HasSid bool
	// Effect is Allow or Deny ("" only if Effect was absent, which
	// Parse rejects).
	Effect Effect
	// Principal and NotPrincipal are nil when absent.
	Principal    *Principal
	NotPrincipal *Principal
	// Action and NotAction are the action patterns, e.g. "s3:Get*" or "*".
	Action    []string
	NotAction []string
	// Resource and NotResource are ARN patterns or "*".
	Resource    []string
	NotResource []string
	// Conditions are the Condition block flattened to one entry per
	// (operator, key) pair in document order. All entries must hold for the
	// statement to apply (they are AND-ed; the values of one entry are
	// OR-ed).
	Conditions []Condition
}

// Principal is the value of a Principal or NotPrincipal element: "*"
// (Wildcard) or a map of principal types to identifiers.
type Principal struct {
	// Wildcard is true for the bare string "*" (all principals, including
	// anonymous ones). {"AWS":"*"} is equivalent and is kept in AWS.
	Wildcard bool
	// AWS holds account ids, account root ARNs, user, role, assumed-role
	// session and federated-user ARNs, unique ids, or "*".
	AWS []string
	// Service holds service principals such as "ec2.amazonaws.com".
	Service []string
	// Federated holds web identity providers or SAML provider ARNs.
	Federated []string
	// CanonicalUser holds S3 canonical user ids.
	CanonicalUser []string
}

// Condition is one condition test: an operator applied to one key with one
// or more values.
type Condition struct {
	// Operator is the parsed condition operator.
	Operator Operator
	// Key is the condition key as written (matching is case-insensitive).
	Key string
	// Values are the policy values as strings ("true", "10", ...).
	Values []string
}

var topLevelKeys = map[string]bool{"Version": true, "Id": true, "Statement": true}

var statementKeys = map[string]bool{
	"Sid": true, "Effect": true, "Principal": true, "NotPrincipal": true,
	"Action": true, "NotAction": true, "Resource": true, "NotResource": true,
	"Condition": true,
}

// Parse parses a JSON policy document and checks everything that does not
// depend on where the policy is attached: JSON syntax, element names and
// types, no duplicate keys, Version value, Effect, exactly one of
// Action/NotAction, at most one of Resource/NotResource and of
// Principal/NotPrincipal, action and resource formats, principal map types,
// condition operators and condition key prefixes. Use Document.Validate (or
// the Validate* functions) for the attachment-specific rules.
//
// The error is a *SyntaxError or a *ValidationError.
func Parse(doc string) (*Document, error) {
	root, err := decodeJSON(doc)
	if err != nil {
		return nil, err
	}
	if root.kind != jObject {
		return nil, syntaxErr(root.offset, "policy is a JSON %s, not an object", root.kind)
	}
	d := &Document{raw: doc}
	var stmts *jvalue
	for i := range root.obj {
		m := &root.obj[i]
		if !topLevelKeys[m.key] {
			return nil, syntaxErr(m.val.offset, "unknown policy element %q", m.key)
		}
		switch m.key {
		case "Version":
			if m.val.kind != jString {
				return nil, syntaxErr(m.val.offset, "Version is a %s", m.val.kind)
			}
			if m.val.text != Version2012 && m.val.text != Version2008 {
				return nil, syntaxErr(m.val.offset, "Version %q is not 2012-10-17 or 2008-10-17", m.val.text)
			}
			d.Version = m.val.text
		case "Id":
			if m.val.kind != jString {
				return nil, syntaxErr(m.val.offset, "Id is a %s", m.val.kind)
			}
			d.ID, d.HasID = m.val.text, true
		case "Statement":
			stmts = &m.val
		}
	}
	if stmts == nil {
		return nil, syntaxErr(-1, "missing Statement")
	}
	switch stmts.kind {
	case jObject:
		d.SingleStatement = true
		st, err := parseStatement(0, stmts)
		if err != nil {
			return nil, err
		}
		d.Statements = []Statement{st}
	case jArray:
		if len(stmts.arr) == 0 {
			return nil, syntaxErr(stmts.offset, "Statement is an empty array")
		}
		d.Statements = make([]Statement, 0, len(stmts.arr))
		for i := range stmts.arr {
			st, err := parseStatement(i, &stmts.arr[i])
			if err != nil {
				return nil, err
			}
			d.Statements = append(d.Statements, st)
		}
	default:
		return nil, syntaxErr(stmts.offset, "Statement is a %s", stmts.kind)
	}
	return d, nil
}

func parseStatement(idx int, v *jvalue) (Statement, error) {
	var st Statement
	if v.kind != jObject {
		return st, syntaxErr(v.offset, "statement %d is a %s, not an object", idx, v.kind)
	}
	// First pass: shapes and types.
	for i := range v.obj {
		m := &v.obj[i]
		if !statementKeys[m.key] {
			return st, syntaxErr(m.val.offset, "unknown statement element %q", m.key)
		}
		var err error
		switch m.key {
		case "Sid":
			if m.val.kind != jString {
				return st, syntaxErr(m.val.offset, "Sid is a %s", m.val.kind)
			}
			st.Sid, st.HasSid = m.val.text, true
		case "Effect":
			if m.val.kind != jString {
				return st, syntaxErr(m.val.offset, "Effect is a %s", m.val.kind)
			}
			st.Effect = Effect(m.val.text)
		case "Principal":
			st.Principal, err = parsePrincipal(&m.val)
		case "NotPrincipal":
			st.NotPrincipal, err = parsePrincipal(&m.val)
		case "Action":
			st.Action, err = stringList(&m.val, "Action")
		case "NotAction":
			st.NotAction, err = stringList(&m.val, "NotAction")
		case "Resource":
			st.Resource, err = stringList(&m.val, "Resource")
		case "NotResource":
			st.NotResource, err = stringList(&m.val, "NotResource")
		case "Condition":
			st.Conditions, err = parseConditions(idx, &st, &m.val)
		}
		if err != nil {
			return st, err
		}
	}
	// Second pass: the grammar's rules.
	switch st.Effect {
	case Allow, Deny:
	case "":
		return st, stmtErr(idx, &st, MsgMissingEffect)
	default:
		return st, stmtErr(idx, &st, "Invalid effect: %s", st.Effect)
	}
	if st.Principal != nil && st.NotPrincipal != nil {
		return st, stmtErr(idx, &st, "Statement cannot contain both Principal and NotPrincipal.")
	}
	if st.Action != nil && st.NotAction != nil {
		return st, stmtErr(idx, &st, "Statement cannot contain both Action and NotAction.")
	}
	if st.Action == nil && st.NotAction == nil {
		return st, stmtErr(idx, &st, MsgNoActions)
	}
	if st.Resource != nil && st.NotResource != nil {
		return st, stmtErr(idx, &st, "Statement cannot contain both Resource and NotResource.")
	}
	for _, a := range st.actions() {
		if err := checkAction(a); err != "" {
			return st, stmtErr(idx, &st, "%s", err)
		}
	}
	for _, r := range st.resources() {
		if !validResource(r) {
			return st, stmtErr(idx, &st, "Resource %s must be in ARN format or \"*\".", r)
		}
	}
	return st, nil
}

func (st *Statement) actions() []string {
	if st.Action != nil {
		return st.Action
	}
	return st.NotAction
}

func (st *Statement) resources() []string {
	if st.Resource != nil {
		return st.Resource
	}
	return st.NotResource
}

// stringList reads a string or a non-empty array of strings.
func stringList(v *jvalue, elem string) ([]string, error) {
	switch v.kind {
	case jString:
		return []string{v.text}, nil
	case jArray:
		if len(v.arr) == 0 {
			return nil, syntaxErr(v.offset, "%s is an empty array", elem)
		}
		out := make([]string, len(v.arr))
		for i, e := range v.arr {
			if e.kind != jString {
				return nil, syntaxErr(e.offset, "%s entry is a %s", elem, e.kind)
			}
			out[i] = e.text
		}
		return out, nil
	}
	return nil, syntaxErr(v.offset, "%s is a %s", elem, v.kind)
}

func parsePrincipal(v *jvalue) (*Principal, error) {
	switch v.kind {
	case jString:
		if v.text != "*" {
			return nil, docErr("Invalid principal in policy: %q", v.text)
		}
		return &Principal{Wildcard: true}, nil
	case jObject:
		if len(v.obj) == 0 {
			return nil, syntaxErr(v.offset, "empty principal map")
		}
		p := &Principal{}
		for i := range v.obj {
			m := &v.obj[i]
			list, err := stringList(&m.val, "Principal "+m.key)
			if err != nil {
				return nil, err
			}
			switch m.key {
			case "AWS":
				p.AWS = list
			case "Service":
				p.Service = list
			case "Federated":
				p.Federated = list
			case "CanonicalUser":
				p.CanonicalUser = list
			default:
				return nil, docErr("Invalid principal in policy: %q", m.key)
			}
		}
		return p, nil
	}
	return nil, syntaxErr(v.offset, "principal is a %s", v.kind)
}

func parseConditions(idx int, st *Statement, v *jvalue) ([]Condition, error) {
	if v.kind != jObject {
		return nil, syntaxErr(v.offset, "Condition is a %s", v.kind)
	}
	var out []Condition
	for i := range v.obj {
		om := &v.obj[i]
		op, err := ParseOperator(om.key)
		if err != nil {
			return nil, stmtErr(idx, st, "%s", err.Error())
		}
		if om.val.kind != jObject {
			return nil, syntaxErr(om.val.offset, "condition operator %s value is a %s", om.key, om.val.kind)
		}
		for j := range om.val.obj {
			km := &om.val.obj[j]
			if !validConditionKey(km.key) {
				return nil, stmtErr(idx, st, MsgVendor)
			}
			vals, err := conditionValues(&km.val)
			if err != nil {
				return nil, err
			}
			out = append(out, Condition{Operator: op, Key: km.key, Values: vals})
		}
	}
	return out, nil
}

// conditionValues reads a string, number or boolean, or a non-empty array of
// them, converting numbers and booleans to their text as AWS does.
func conditionValues(v *jvalue) ([]string, error) {
	scalar := func(e *jvalue) (string, bool) {
		switch e.kind {
		case jString, jNumber, jBool:
			return e.text, true
		}
		return "", false
	}
	if s, ok := scalar(v); ok {
		return []string{s}, nil
	}
	if v.kind != jArray {
		return nil, syntaxErr(v.offset, "condition value is a %s", v.kind)
	}
	if len(v.arr) == 0 {
		return nil, syntaxErr(v.offset, "condition value is an empty array")
	}
	out := make([]string, len(v.arr))
	for i := range v.arr {
		s, ok := scalar(&v.arr[i])
		if !ok {
			return nil, syntaxErr(v.arr[i].offset, "condition value entry is a %s", v.arr[i].kind)
		}
		out[i] = s
	}
	return out, nil
}

// checkAction returns "" when a is "*" or service:action (letters, digits
// and hyphens in the service prefix; action name characters and the * and ?
// wildcards in the name), else the error message.
func checkAction(a string) string {
	if a == "*" {
		return ""
	}
	svc, name, ok := strings.Cut(a, ":")
	if !ok || svc == "" {
		return MsgVendor
	}
	for i := 0; i < len(svc); i++ {
		c := svc[i]
		if !isAlnum(c) && c != '-' {
			return "Vendor " + svc + " is not valid"
		}
	}
	if name == "" {
		return "Action " + a + " is not valid"
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isAlnum(c) && c != '*' && c != '?' && c != '-' && c != '_' && c != '.' {
			return "Action " + a + " is not valid"
		}
	}
	return ""
}

// validResource reports whether r is "*" or an ARN: "arn:" and at least six
// colon-separated components, with no wildcard in the service component
// ("You can't use a wildcard in the service segment").
func validResource(r string) bool {
	if r == "*" {
		return true
	}
	parts := strings.SplitN(r, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" || parts[2] == "" {
		return false
	}
	return !strings.ContainsAny(parts[2], "*?")
}

// validConditionKey reports whether k has a service prefix ("aws:", "s3:").
func validConditionKey(k string) bool {
	svc, name, ok := strings.Cut(k, ":")
	return ok && svc != "" && name != ""
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
