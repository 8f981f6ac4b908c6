package policy

import (
	"fmt"
	"strings"
)

// Family groups condition operators by the type of value they compare
// (IAM JSON policy elements: Condition operators).
type Family uint8

// Operator families.
const (
	FamilyString Family = iota + 1
	FamilyNumeric
	FamilyDate
	FamilyBool
	FamilyBinary
	FamilyIP
	FamilyARN
	FamilyNull
)

// Qualifier is a set operator prefix for multivalued keys.
type Qualifier uint8

// Set qualifiers (Creating a condition with multiple keys or values).
const (
	// NoQualifier is a plain operator.
	NoQualifier Qualifier = iota
	// ForAnyValue: at least one request value matches at least one policy
	// value; false when the key is missing or its values are empty.
	ForAnyValue
	// ForAllValues: every request value matches at least one policy value;
	// true when the key is missing or its values are empty.
	ForAllValues
)

// cmp is the comparison an operator performs.
type cmp uint8

const (
	cmpEq cmp = iota
	cmpEqFold
	cmpLike
	cmpLT
	cmpLE
	cmpGT
	cmpGE
)

type baseOp struct {
	name    string
	family  Family
	cmp     cmp
	negated bool
}

// baseOps is the documented operator list.
var baseOps = []baseOp{
	{"StringEquals", FamilyString, cmpEq, false},
	{"StringNotEquals", FamilyString, cmpEq, true},
	{"StringEqualsIgnoreCase", FamilyString, cmpEqFold, false},
	{"StringNotEqualsIgnoreCase", FamilyString, cmpEqFold, true},
	{"StringLike", FamilyString, cmpLike, false},
	{"StringNotLike", FamilyString, cmpLike, true},
	{"NumericEquals", FamilyNumeric, cmpEq, false},
	{"NumericNotEquals", FamilyNumeric, cmpEq, true},
	{"NumericLessThan", FamilyNumeric, cmpLT, false},
	{"NumericLessThanEquals", FamilyNumeric, cmpLE, false},
	{"NumericGreaterThan", FamilyNumeric, cmpGT, false},
	{"NumericGreaterThanEquals", FamilyNumeric, cmpGE, false},
	{"DateEquals", FamilyDate, cmpEq, false},
	{"DateNotEquals", FamilyDate, cmpEq, true},
	{"DateLessThan", FamilyDate, cmpLT, false},
	{"DateLessThanEquals", FamilyDate, cmpLE, false},
	{"DateGreaterThan", FamilyDate, cmpGT, false},
	{"DateGreaterThanEquals", FamilyDate, cmpGE, false},
	{"Bool", FamilyBool, cmpEq, false},
	{"BinaryEquals", FamilyBinary, cmpEq, false},
	{"IpAddress", FamilyIP, cmpEq, false},
	{"NotIpAddress", FamilyIP, cmpEq, true},
	{"ArnEquals", FamilyARN, cmpLike, false},
	{"ArnLike", FamilyARN, cmpLike, false},
	{"ArnNotEquals", FamilyARN, cmpLike, true},
	{"ArnNotLike", FamilyARN, cmpLike, true},
	{"Null", FamilyNull, cmpEq, false},
}

// OperatorNames returns the documented base operator names (without
// qualifiers or the IfExists suffix), in documentation order.
func OperatorNames() []string {
	out := make([]string, len(baseOps))
	for i, b := range baseOps {
		out[i] = b.name
	}
	return out
}

// Operator is a parsed condition operator such as
// "ForAnyValue:StringLikeIfExists".
type Operator struct {
	// Name is the operator as written in the policy.
	Name string
	// Base is the documented operator name, e.g. "StringLike".
	Base string
	// Family is the kind of value the operator compares.
	Family Family
	// Qualifier is ForAnyValue, ForAllValues or NoQualifier.
	Qualifier Qualifier
	// IfExists is set for the ...IfExists form: a missing key satisfies
	// the condition.
	IfExists bool
	// Negated is set for the negated operators (StringNotEquals,
	// NotIpAddress, ArnNotLike, ...): they hold when no policy value
	// matches, including when the key is missing.
	Negated bool

	cmp cmp
}

// ParseOperator parses a condition operator name. Names compare without
// regard to case. The error reads like IAM's message for an unknown
// condition type.
func ParseOperator(name string) (Operator, error) {
	op := Operator{Name: name}
	rest := name
	if q, r, ok := strings.Cut(rest, ":"); ok {
		switch {
		case strings.EqualFold(q, "ForAnyValue"):
			op.Qualifier = ForAnyValue
		case strings.EqualFold(q, "ForAllValues"):
			op.Qualifier = ForAllValues
		default:
			return Operator{}, fmt.Errorf("Invalid Condition type : %s", name)
		}
		rest = r
	}
	const suffix = "IfExists"
	if len(rest) > len(suffix) && strings.EqualFold(rest[len(rest)-len(suffix):], suffix) {
		op.IfExists = true
		rest = rest[:len(rest)-len(suffix)]
	}
	for _, b := range baseOps {
		if strings.EqualFold(b.name, rest) {
			if b.family == FamilyNull && op.IfExists {
				// "You can add IfExists to the end of any condition
				// operator name except the Null condition."
				break
			}
			op.Base, op.Family, op.cmp, op.Negated = b.name, b.family, b.cmp, b.negated
			return op, nil
		}
	}
	return Operator{}, fmt.Errorf("Invalid Condition type : %s", name)
}

// AllowsVariables reports whether policy variables are substituted in this
// operator's values: for String, ARN and Bool operators ("You can use a
// policy variable with the Boolean condition operator" — the operator
// reference; the variables page lists only String and ARN), not for
// Numeric, Date, Binary, IP address or Null.
func (o Operator) AllowsVariables() bool {
	switch o.Family {
	case FamilyString, FamilyARN, FamilyBool:
		return true
	}
	return false
}
