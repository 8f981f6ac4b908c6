package logfilter

import (
	"errors"
	"regexp"
	"strings"
)

// ErrInvalidPattern is the error every *Error returned by Compile wraps;
// its text is the message of CloudWatch Logs' InvalidParameterException.
var ErrInvalidPattern = errors.New("Invalid filter pattern")

// Error describes a filter pattern that CloudWatch Logs would reject.
// Error() returns the service's message, "Invalid filter pattern"; Reason
// and Offset say what is wrong, for logs and tests.
type Error struct {
	// Offset is the byte offset in the pattern where the problem was found.
	Offset int
	// Reason is a short human-readable description of the problem.
	Reason string
}

// Error returns "Invalid filter pattern", the text CloudWatch Logs uses.
func (e *Error) Error() string { return ErrInvalidPattern.Error() }

// Unwrap returns ErrInvalidPattern, so errors.Is(err, ErrInvalidPattern)
// holds for every error from Compile.
func (e *Error) Unwrap() error { return ErrInvalidPattern }

// Kind is the kind of a compiled filter pattern.
type Kind uint8

const (
	// KindAll is the empty pattern, or one whose only terms are blank quoted
	// phrases (" "): it matches every log event.
	KindAll Kind = iota
	// KindTerms is an unstructured pattern of terms and quoted phrases.
	KindTerms
	// KindRegex is a standalone %regex% pattern.
	KindRegex
	// KindJSON is a { ... } pattern over JSON log events.
	KindJSON
	// KindDelimited is a [ ... ] pattern over space-delimited log events.
	KindDelimited
)

// String returns a lower-case name for the kind.
func (k Kind) String() string {
	switch k {
	case KindAll:
		return "all"
	case KindTerms:
		return "terms"
	case KindRegex:
		return "regex"
	case KindJSON:
		return "json"
	case KindDelimited:
		return "delimited"
	}
	return "unknown"
}

// Pattern is a compiled filter pattern. It is immutable and safe for
// concurrent use.
type Pattern struct {
	src   string
	kind  Kind
	terms termPattern
	re    *regexp.Regexp
	json  *jsonPattern
	delim *delimPattern
}

// Compile parses a CloudWatch Logs filter pattern. An empty or blank pattern
// matches every event. A pattern the service would reject yields an *Error
// (text "Invalid filter pattern"). Compile never panics.
func Compile(pattern string) (*Pattern, error) {
	p := &Pattern{src: pattern}
	body := strings.TrimLeft(pattern, " \t\n\r\v\f")
	offset := len(pattern) - len(body)
	body = strings.TrimRight(body, " \t\n\r\v\f")
	var err *Error
	switch {
	case body == "":
		p.kind = KindAll
	case body[0] == '{':
		p.kind = KindJSON
		p.json, err = compileJSON(body)
	case body[0] == '[':
		p.kind = KindDelimited
		p.delim, err = compileDelimited(body)
	case len(body) >= 2 && body[0] == '%' && body[len(body)-1] == '%' && strings.Count(body, "%") == 2:
		p.kind = KindRegex
		var why string
		p.re, why = compileRegex(body[1 : len(body)-1])
		if p.re == nil {
			err = &Error{Offset: 1, Reason: why}
		}
	default:
		p.kind = KindTerms
		p.terms, err = compileTerms(body)
		if err == nil && p.terms.all {
			p.kind = KindAll
		}
	}
	if err != nil {
		err.Offset += offset
		return nil, err
	}
	return p, nil
}

// MustCompile is like Compile but panics on an invalid pattern. It is meant
// for patterns written in source code.
func MustCompile(pattern string) *Pattern {
	p, err := Compile(pattern)
	if err != nil {
		e := err.(*Error)
		panic("logfilter: Compile(" + pattern + "): " + e.Reason)
	}
	return p
}

// String returns the pattern's source text.
func (p *Pattern) String() string { return p.src }

// Kind returns the kind of the pattern.
func (p *Pattern) Kind() Kind { return p.kind }

// Structured reports whether the pattern is a JSON or space-delimited
// pattern, the only kinds whose fields metric filters can publish as metric
// values and dimensions.
func (p *Pattern) Structured() bool { return p.kind == KindJSON || p.kind == KindDelimited }

// Match reports whether the log event message matches the pattern.
func (p *Pattern) Match(message string) bool {
	switch p.kind {
	case KindAll:
		return true
	case KindTerms:
		return p.terms.match(message)
	case KindRegex:
		return p.re.MatchString(message)
	case KindJSON:
		return p.json.match(message)
	case KindDelimited:
		return p.delim.match(message)
	}
	return false
}

// Extract matches the message and, when it matches, returns the values a
// metric filter can use as its metric value or dimensions, keyed the way a
// metric transformation refers to them:
//
//   - space-delimited patterns: "$name" for each named field (for
//     [ip, id, user, timestamp, request, status_code, size], "$size" is the
//     seventh field), and "$N" for the N-th field of the pattern, counting
//     from 1 (ExtractBytesExample.md's "$7"); an ellipsis takes a position
//     but yields no value. Bracketed and quoted fields are given without
//     their brackets or quotes.
//   - JSON patterns: "$.path" for every string, number and boolean in the
//     event ("$.latency", "$.objectList[1].id"), numbers as written in the
//     event, booleans as true or false.
//   - other patterns: an empty map.
//
// ok is false, and fields nil, when the message does not match.
func (p *Pattern) Extract(message string) (fields map[string]string, ok bool) {
	switch p.kind {
	case KindJSON:
		return p.json.extract(message)
	case KindDelimited:
		return p.delim.extract(message)
	}
	if !p.Match(message) {
		return nil, false
	}
	return map[string]string{}, true
}

// termPattern is an unstructured pattern: required terms, excluded terms
// ('-'), and alternatives ('?').
type termPattern struct {
	all     bool // only blank phrases: matches everything
	must    []string
	not     []string
	any     []string
	anyTrue bool // a blank phrase among the alternatives
	neverOK bool // an excluded blank phrase
}

func compileTerms(s string) (termPattern, *Error) {
	var t termPattern
	blankOnly := true
	i := 0
	for {
		for i < len(s) && isBlank(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		start := i
		prefix := byte(0)
		if s[i] == '-' || s[i] == '?' {
			prefix = s[i]
			i++
		}
		var term string
		blank := false
		if i < len(s) && s[i] == '"' {
			sc := &scanner{s: s, pos: i + 1}
			text, parts, ok := sc.unescape('"')
			if !ok {
				return t, &Error{Offset: i, Reason: "unterminated quoted phrase"}
			}
			if parts != nil {
				// Wildcards are not documented for terms: keep the
				// asterisks literally.
				text = strings.Join(parts, "*")
			}
			term = text
			blank = strings.TrimSpace(text) == ""
			i = sc.pos
		} else {
			j := i
			for j < len(s) && !isBlank(s[j]) {
				j++
			}
			term = s[i:j]
			i = j
		}
		if term == "" && !blank {
			return t, &Error{Offset: start, Reason: "missing term after " + string(prefix)}
		}
		if !blank {
			blankOnly = false
		}
		switch prefix {
		case '-':
			if blank {
				t.neverOK = true
			} else {
				t.not = append(t.not, term)
			}
		case '?':
			if blank {
				t.anyTrue = true
			} else {
				t.any = append(t.any, term)
			}
		default:
			if !blank {
				t.must = append(t.must, term)
			}
		}
	}
	t.all = blankOnly && !t.neverOK
	return t, nil
}

func (t *termPattern) match(msg string) bool {
	if t.neverOK {
		return false
	}
	for _, m := range t.must {
		if !strings.Contains(msg, m) {
			return false
		}
	}
	for _, n := range t.not {
		if strings.Contains(msg, n) {
			return false
		}
	}
	if len(t.any) == 0 {
		return true
	}
	if t.anyTrue {
		return true
	}
	for _, a := range t.any {
		if strings.Contains(msg, a) {
			return true
		}
	}
	return false
}
