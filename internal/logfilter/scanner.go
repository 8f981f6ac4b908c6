package logfilter

import (
	"strings"
)

// maxDepth bounds the nesting of parentheses in a pattern so that parsing
// and evaluation recursion stay shallow whatever the input.
const maxDepth = 100

// maxRegexes is the documented limit of regular expressions in one JSON or
// space-delimited filter pattern.
const maxRegexes = 2

// scanner walks the text of a structured pattern.
type scanner struct {
	s       string
	pos     int
	depth   int
	regexes int
}

func (sc *scanner) fail(reason string) *Error {
	return &Error{Offset: sc.pos, Reason: reason}
}

func (sc *scanner) skipBlanks() {
	for sc.pos < len(sc.s) && isBlank(sc.s[sc.pos]) {
		sc.pos++
	}
}

func (sc *scanner) eof() bool { return sc.pos >= len(sc.s) }

func (sc *scanner) peek() byte {
	if sc.pos < len(sc.s) {
		return sc.s[sc.pos]
	}
	return 0
}

func (sc *scanner) hasPrefix(p string) bool { return strings.HasPrefix(sc.s[sc.pos:], p) }

// boolOp reads "&&" or "||" if present.
func (sc *scanner) boolOp(op string) bool {
	sc.skipBlanks()
	if sc.hasPrefix(op) {
		sc.pos += len(op)
		return true
	}
	return false
}

// operator reads a comparison operator.
func (sc *scanner) operator() (cmpOp, bool) {
	sc.skipBlanks()
	switch {
	case sc.hasPrefix("!="):
		sc.pos += 2
		return opNe, true
	case sc.hasPrefix("<="):
		sc.pos += 2
		return opLe, true
	case sc.hasPrefix(">="):
		sc.pos += 2
		return opGe, true
	case sc.hasPrefix("="):
		sc.pos++
		return opEq, true
	case sc.hasPrefix("<"):
		sc.pos++
		return opLt, true
	case sc.hasPrefix(">"):
		sc.pos++
		return opGt, true
	}
	return 0, false
}

// name reads a run of name bytes.
func (sc *scanner) name() string {
	start := sc.pos
	for sc.pos < len(sc.s) && isNameByte(sc.s[sc.pos]) {
		sc.pos++
	}
	return sc.s[start:sc.pos]
}

// bareStop lists the bytes that end an unquoted value.
const bareStop = ",()[]{}&|\"%<>=!"

// value reads the right-hand side of a comparison: a "quoted string", a
// %regex% or an unquoted word, and checks it suits the operator.
func (sc *scanner) value(op cmpOp) (literal, *Error) {
	sc.skipBlanks()
	if sc.eof() {
		return literal{}, sc.fail("missing value")
	}
	start := sc.pos
	switch sc.peek() {
	case '"':
		sc.pos++
		text, glob, ok := sc.unescape('"')
		if !ok {
			sc.pos = start
			return literal{}, sc.fail("unterminated quoted string")
		}
		if op.ordering() {
			sc.pos = start
			return literal{}, sc.fail("a string cannot be compared with " + opText(op))
		}
		return literal{text: text, glob: glob}, nil
	case '%':
		end := strings.IndexByte(sc.s[start+1:], '%')
		if end < 0 {
			return literal{}, sc.fail("unterminated regular expression")
		}
		body := sc.s[start+1 : start+1+end]
		re, why := compileRegex(body)
		if re == nil {
			return literal{}, sc.fail(why)
		}
		if op.ordering() {
			return literal{}, sc.fail("a regular expression cannot be compared with " + opText(op))
		}
		sc.regexes++
		if sc.regexes > maxRegexes {
			return literal{}, sc.fail("a filter pattern can contain at most 2 regular expressions")
		}
		sc.pos = start + 2 + end
		return literal{text: body, re: re}, nil
	}
	for sc.pos < len(sc.s) {
		c := sc.s[sc.pos]
		if isBlank(c) || strings.IndexByte(bareStop, c) >= 0 {
			break
		}
		if c == '\\' && sc.pos+1 < len(sc.s) {
			sc.pos++
		}
		sc.pos++
	}
	raw := sc.s[start:sc.pos]
	if raw == "" {
		return literal{}, sc.fail("missing value")
	}
	text, glob := unescapeBare(raw)
	if glob == nil {
		if n, ok := parseNumber(text); ok {
			return literal{text: text, num: n, isNum: true}, nil
		}
	}
	if op.ordering() {
		sc.pos = start
		return literal{}, sc.fail("a numeric comparison needs a number")
	}
	return literal{text: text, glob: glob}, nil
}

// unescape reads a quoted string up to the closing quote (already past the
// opening one). A backslash makes the next character literal, so \" is a
// quote and \* a literal asterisk; an unescaped '*' is a wildcard. It returns
// the text and, when the string has wildcards, its literal pieces.
func (sc *scanner) unescape(quote byte) (string, []string, bool) {
	var b strings.Builder
	var parts []string
	for sc.pos < len(sc.s) {
		c := sc.s[sc.pos]
		switch {
		case c == quote:
			sc.pos++
			if parts != nil {
				parts = append(parts, b.String())
				return strings.Join(parts, "*"), parts, true
			}
			return b.String(), nil, true
		case c == '\\' && sc.pos+1 < len(sc.s):
			b.WriteByte(sc.s[sc.pos+1])
			sc.pos += 2
		case c == '*':
			parts = append(parts, b.String())
			b.Reset()
			sc.pos++
		default:
			b.WriteByte(c)
			sc.pos++
		}
	}
	return "", nil, false
}

// unescapeBare resolves an unquoted value: '*' is a wildcard and a
// backslash escapes '*', '"' or '\'; any other backslash is literal.
func unescapeBare(raw string) (string, []string) {
	if strings.IndexByte(raw, '*') < 0 && strings.IndexByte(raw, '\\') < 0 {
		return raw, nil
	}
	var b strings.Builder
	var parts []string
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\\' && i+1 < len(raw) && strings.IndexByte(`*"\`, raw[i+1]) >= 0:
			b.WriteByte(raw[i+1])
			i++
		case c == '*':
			parts = append(parts, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	if parts != nil {
		parts = append(parts, b.String())
		return strings.Join(parts, "*"), parts
	}
	return b.String(), nil
}

func opText(op cmpOp) string {
	return [...]string{"=", "!=", "<", "<=", ">", ">="}[op]
}

// expr is a boolean combination of leaf conditions: && binds tighter than
// ||, and parentheses group. Inner nodes are n-ary, so the tree is only as
// deep as the parentheses nest.
type expr struct {
	or   bool    // for an inner node: || when set, && otherwise
	kids []*expr // nil for a leaf
	leaf int     // index of the leaf condition
}

func (e *expr) eval(leaf func(int) bool) bool {
	if e.kids == nil {
		return leaf(e.leaf)
	}
	for _, k := range e.kids {
		if k.eval(leaf) == e.or {
			return e.or
		}
	}
	return !e.or
}

// parseExpr parses "and ( || and )*" with primary parsing a leaf condition
// and returning its index.
func (sc *scanner) parseExpr(primary func() (int, *Error)) (*expr, *Error) {
	return sc.parseList(true, primary)
}

func (sc *scanner) parseList(or bool, primary func() (int, *Error)) (*expr, *Error) {
	op := "&&"
	if or {
		op = "||"
	}
	var kids []*expr
	for {
		var k *expr
		var err *Error
		if or {
			k, err = sc.parseList(false, primary)
		} else {
			k, err = sc.parsePrimary(primary)
		}
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
		if !sc.boolOp(op) {
			break
		}
	}
	if len(kids) == 1 {
		return kids[0], nil
	}
	return &expr{or: or, kids: kids}, nil
}

func (sc *scanner) parsePrimary(primary func() (int, *Error)) (*expr, *Error) {
	sc.skipBlanks()
	if sc.peek() == '(' {
		sc.depth++
		if sc.depth > maxDepth {
			return nil, sc.fail("parentheses nested too deeply")
		}
		sc.pos++
		e, err := sc.parseExpr(primary)
		if err != nil {
			return nil, err
		}
		sc.skipBlanks()
		if sc.peek() != ')' {
			return nil, sc.fail("missing )")
		}
		sc.pos++
		sc.depth--
		return e, nil
	}
	i, err := primary()
	if err != nil {
		return nil, err
	}
	return &expr{leaf: i}, nil
}
