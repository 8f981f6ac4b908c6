package policy

import "fmt"

// Messages IAM uses in MalformedPolicyDocument errors. They are exported so
// that callers (and tests) can compare against them without repeating text.
const (
	// MsgSyntax is the message for a document that is not JSON or does not
	// have the grammar's shape.
	MsgSyntax = "Syntax errors in policy."
	// MsgNoActions is the message for a statement without Action/NotAction.
	MsgNoActions = "Policy statement must contain actions."
	// MsgNoResources is the message for a statement without
	// Resource/NotResource where one is required.
	MsgNoResources = "Policy statement must contain resources."
	// MsgNoPrincipalAllowed is the message for a Principal or NotPrincipal in
	// an identity-based policy.
	MsgNoPrincipalAllowed = "Policy document should not specify a principal."
	// MsgMissingPrincipal is the message for a resource-based or trust policy
	// statement without a Principal.
	MsgMissingPrincipal = "Missing required field Principal"
	// MsgMissingEffect is the message for a statement without Effect.
	MsgMissingEffect = "Missing required field Effect"
	// MsgVendor is the message for an action or condition key that has no
	// service prefix.
	MsgVendor = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
	// MsgSidUnique is the message for two statements with the same Sid.
	MsgSidUnique = "Statement IDs (SID) in a single policy must be unique."
	// MsgSidFormat is the message for a Sid with characters IAM rejects.
	MsgSidFormat = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
)

// SyntaxError reports a document that is not valid JSON or whose values do
// not have the types and shapes the policy grammar requires. Error returns
// MsgSyntax, as IAM does; Detail says what was wrong.
type SyntaxError struct {
	// Detail describes the problem for logs and tests.
	Detail string
	// Offset is the byte offset in the document near the problem, or -1.
	Offset int64
}

// Error returns IAM's message for a syntax error.
func (e *SyntaxError) Error() string { return MsgSyntax }

// String returns the message with its detail, for logs.
func (e *SyntaxError) String() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("%s (%s at offset %d)", MsgSyntax, e.Detail, e.Offset)
	}
	return fmt.Sprintf("%s (%s)", MsgSyntax, e.Detail)
}

// ValidationError reports a well-formed document that breaks a documented
// rule of the policy language (a missing Effect, a Principal in an identity
// policy, an unknown condition operator, ...). Error returns Msg, which reads
// like IAM's MalformedPolicyDocument message.
type ValidationError struct {
	// Msg is the IAM-style message.
	Msg string
	// Statement is the index of the offending statement, or -1 when the
	// problem is not in one statement.
	Statement int
	// Sid is the offending statement's Sid, if it has one.
	Sid string
}

// Error returns the IAM-style message.
func (e *ValidationError) Error() string { return e.Msg }

func syntaxErr(off int64, format string, args ...any) *SyntaxError {
	return &SyntaxError{Detail: fmt.Sprintf(format, args...), Offset: off}
}

func stmtErr(i int, st *Statement, format string, args ...any) *ValidationError {
	e := &ValidationError{Msg: fmt.Sprintf(format, args...), Statement: i}
	if st != nil {
		e.Sid = st.Sid
	}
	return e
}

func docErr(format string, args ...any) *ValidationError {
	return &ValidationError{Msg: fmt.Sprintf(format, args...), Statement: -1}
}
