package logfilter

import (
	"regexp"
	"strconv"
	"strings"
)

// cmpOp is a comparison operator of a JSON or space-delimited condition.
type cmpOp uint8

const (
	opEq cmpOp = iota // =
	opNe              // !=
	opLt              // <
	opLe              // <=
	opGt              // >
	opGe              // >=
)

func (o cmpOp) ordering() bool { return o >= opLt }

// literal is the right-hand side of a comparison.
type literal struct {
	text  string         // unescaped text (for a glob, the text with its stars)
	num   float64        // value when isNum
	isNum bool           // an unquoted number without wildcards
	glob  []string       // pieces between unescaped '*'s; nil when there is no wildcard
	re    *regexp.Regexp // a %regex% value
}

// condition is "op literal".
type condition struct {
	op  cmpOp
	lit literal
}

// scalar is a value found in a log event, ready for comparison.
type scalar struct {
	text  string
	num   float64
	isNum bool
}

// eval reports whether the value satisfies the condition.
func (c *condition) eval(v scalar) bool {
	l := &c.lit
	switch {
	case l.re != nil:
		m := l.re.MatchString(v.text)
		return m == (c.op == opEq)
	case l.glob != nil:
		m := globMatch(l.glob, v.text)
		return m == (c.op == opEq)
	case l.isNum && v.isNum:
		a, b := v.num, l.num
		switch c.op {
		case opEq:
			return a == b
		case opNe:
			return a != b
		case opLt:
			return a < b
		case opLe:
			return a <= b
		case opGt:
			return a > b
		case opGe:
			return a >= b
		}
		return false
	case c.op.ordering():
		// Ordering needs a number on both sides.
		return false
	default:
		return (v.text == l.text) == (c.op == opEq)
	}
}

// globMatch reports whether s matches the wildcard pattern whose literal
// pieces (the text between '*'s) are parts; len(parts) >= 2. The first piece
// must be a prefix, the last a suffix, and the middle ones are found left to
// right at their leftmost position, which is always a correct choice for '*'
// wildcards: the match runs in linear time and never backtracks.
func globMatch(parts []string, s string) bool {
	first, last := parts[0], parts[len(parts)-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

// parseNumber parses the documented number syntax: an optional sign,
// digits with an optional fraction, and an optional exponent (1e-3, +5,
// -2.5, 1E+3). It accepts nothing else (no hex, inf or nan).
func parseNumber(s string) (float64, bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && isDigit(s[i]) {
			i++
			exp++
		}
		if exp == 0 {
			return 0, false
		}
	}
	if i != len(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// Only a range error is possible here; ParseFloat returns ±Inf or 0,
		// which still orders correctly.
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	return f, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// isNameByte reports whether c may appear in a property selector name or a
// space-delimited field name: "alphanumeric strings that support hyphen
// ("-") and underscore ("_") characters".
func isNameByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// regexAllowed lists the characters the guide allows between the %s of a
// regular expression besides ASCII letters and digits: the symbols
// _ # = @ / ; , - : and the operators ^ $ ? [ ] { } | \ * + .
const regexAllowed = "_#=@/;,-:^$?[]{}|\\*+."

// compileRegex validates and compiles the body of a %regex%.
func compileRegex(body string) (*regexp.Regexp, string) {
	if body == "" {
		return nil, "empty regular expression"
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c >= 0x80 {
			return nil, "multi-byte characters are not supported in a regular expression"
		}
		if c == '(' || c == ')' {
			return nil, "parentheses are not supported in a regular expression"
		}
		if !isAlnum(c) && strings.IndexByte(regexAllowed, c) < 0 {
			return nil, "unsupported character " + strconv.QuoteRune(rune(c)) + " in a regular expression"
		}
	}
	re, err := regexp.Compile(body)
	if err != nil {
		return nil, "invalid regular expression: " + err.Error()
	}
	return re, ""
}
