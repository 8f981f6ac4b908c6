package policy

import (
	"encoding/base64"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// evalCondition evaluates one condition entry against the request.
//
// Semantics (Condition operators; Creating a condition with multiple keys
// or values):
//   - the values of one entry are OR-ed: a positive operator holds when a
//     request value matches any policy value; a negated operator holds when
//     no request value matches any policy value ("the string cannot match
//     any of the values listed");
//   - a missing key makes positive operators false and negated operators
//     true, except ...IfExists (true) and Null (tests presence);
//   - ForAnyValue holds when some request value satisfies the operator,
//     false for a missing key or empty value set; ForAllValues holds when
//     every request value does, true for a missing key or empty value set.
//     For the set qualifiers, empty-string request values are a "null data
//     set" and are ignored.
func (ec *evalCtx) evalCondition(d *Document, c *Condition) bool {
	op := &c.Operator
	vals := ec.lookup(c.Key)
	present := len(vals) > 0
	if op.Family == FamilyNull {
		for _, p := range c.Values {
			if b, ok := parseBool(p); ok && b != present {
				return true
			}
		}
		return false
	}
	var exp []polValue
	if op.AllowsVariables() && d.VariablesEnabled() {
		exp = ec.expandValues(c.Values, op.cmp == cmpLike)
	}
	// one reports whether a single request value satisfies the operator.
	one := func(r string) bool {
		m := matchAny(op, r, c.Values, exp)
		if op.Negated {
			return !m
		}
		return m
	}
	switch op.Qualifier {
	case ForAnyValue:
		if !present {
			return op.IfExists
		}
		for _, r := range vals {
			if r != "" && one(r) {
				return true
			}
		}
		return false
	case ForAllValues:
		for _, r := range vals {
			if r != "" && !one(r) {
				return false
			}
		}
		return true
	}
	if !present {
		return op.IfExists || op.Negated
	}
	if op.Negated {
		for _, r := range vals {
			if !one(r) {
				return false
			}
		}
		return true
	}
	for _, r := range vals {
		if one(r) {
			return true
		}
	}
	return false
}

// polValue is a policy value after variable substitution. A null value (a
// variable without a value and without a default) matches nothing.
type polValue struct {
	s    string
	esc  bool
	null bool
}

// expandValues substitutes variables in condition values. It returns nil
// when no value has a variable (the common case), so that callers use the
// values as written without allocating.
func (ec *evalCtx) expandValues(vs []string, pattern bool) []polValue {
	has := false
	for _, v := range vs {
		if strings.Contains(v, "${") {
			has = true
			break
		}
	}
	if !has {
		return nil
	}
	out := make([]polValue, len(vs))
	for i, v := range vs {
		s, esc, ok := expand(v, ec.variable, pattern)
		out[i] = polValue{s: s, esc: esc, null: !ok}
	}
	return out
}

// matchAny reports whether request value r matches (in the operator's
// positive sense) any policy value: the expanded values when exp is not
// nil, else the values as written.
func matchAny(op *Operator, r string, pol []string, exp []polValue) bool {
	if exp != nil {
		for _, p := range exp {
			if !p.null && matchOne(op, r, p) {
				return true
			}
		}
		return false
	}
	for _, p := range pol {
		if matchOne(op, r, polValue{s: p}) {
			return true
		}
	}
	return false
}

func matchOne(op *Operator, r string, p polValue) bool {
	switch op.Family {
	case FamilyString:
		switch op.cmp {
		case cmpEq:
			return r == p.s
		case cmpEqFold:
			return strings.EqualFold(r, p.s)
		case cmpLike:
			return glob(p.s, r, false, p.esc)
		}
	case FamilyARN:
		return matchARN(p.s, r, p.esc)
	case FamilyBool:
		a, ok1 := parseBool(r)
		b, ok2 := parseBool(p.s)
		return ok1 && ok2 && a == b
	case FamilyNumeric:
		a, ok1 := parseNumber(r)
		b, ok2 := parseNumber(p.s)
		return ok1 && ok2 && compare(op.cmp, cmpFloat(a, b))
	case FamilyDate:
		a, ok1 := ParseDate(r)
		b, ok2 := ParseDate(p.s)
		return ok1 && ok2 && compare(op.cmp, a.Compare(b))
	case FamilyBinary:
		b, ok := decodeBase64(p.s)
		return ok && r == string(b)
	case FamilyIP:
		a, ok1 := parseRequestIP(r)
		pfx, ok2 := ParseCIDR(p.s)
		return ok1 && ok2 && pfx.Contains(a)
	}
	return false
}

func compare(c cmp, sign int) bool {
	switch c {
	case cmpEq:
		return sign == 0
	case cmpLT:
		return sign < 0
	case cmpLE:
		return sign <= 0
	case cmpGT:
		return sign > 0
	case cmpGE:
		return sign >= 0
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func parseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// parseNumber parses an integer or decimal ("Numeric condition operators
// ... comparing a key to an integer or decimal value").
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// dateLayouts are the W3C profile of ISO 8601 ("Date and time condition
// operators": "one of the W3C implementations of the ISO 8601 date
// formats"), plus the same forms without a time zone designator, read as
// UTC.
var dateLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
	"2006-01",
}

// ParseDate parses a date condition value: a W3C ISO 8601 date (YYYY-MM,
// YYYY-MM-DD, YYYY-MM-DDThh:mmTZD, YYYY-MM-DDThh:mm:ssTZD,
// YYYY-MM-DDThh:mm:ss.sTZD) or epoch (UNIX) seconds. A string of digits is
// always epoch seconds, so the year-only form YYYY is read as epoch time.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if f, ok := parseNumber(s); ok && !strings.ContainsAny(s, "eE") {
		sec, frac := math.Modf(f)
		if math.Abs(sec) > 1e15 {
			return time.Time{}, false
		}
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ParseCIDR parses an IP address condition value: a CIDR block, IPv4 or
// IPv6, or a bare address, which means a single address ("If you specify
// an IP address without the associated routing prefix, IAM uses the default
// prefix value of /32", /128 for IPv6). Host bits are ignored.
func ParseCIDR(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	if p, err := netip.ParsePrefix(s); err == nil {
		a := p.Addr()
		if a.Is4In6() {
			bits := p.Bits() - 96
			if bits < 0 {
				return netip.Prefix{}, false
			}
			p = netip.PrefixFrom(a.Unmap(), bits)
		}
		return p.Masked(), true
	}
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	return netip.Prefix{}, false
}

func parseRequestIP(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.WithZone("").Unmap(), true
	}
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

func decodeBase64(s string) ([]byte, bool) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, true
	}
	if b, err := base64.RawStdEncoding.DecodeString(s); err == nil {
		return b, true
	}
	return nil, false
}
