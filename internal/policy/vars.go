package policy

import "strings"

// Policy variables (IAM policy elements: Variables and tags).
//
// A variable is ${key} or ${key, 'default'}; ${*}, ${?} and ${$} stand for a
// literal *, ? and $. Substitution happens only in documents with Version
// 2012-10-17. Substituted text is always literal: a user name containing *
// is not a wildcard.

// varLookup returns the single value of a condition key, or false when the
// key is missing or multivalued ("You can't use a multivalued condition key
// as a variable").
type varLookup func(key string) (string, bool)

// expand substitutes the variables in s. In pattern mode the result is an
// escaped glob pattern (see glob's esc) in which only the policy's own * and
// ? remain wildcards; the second result says whether it is escaped (false
// when s had no variables, in which case s is returned unchanged). In
// literal mode the result is plain text. ok is false when a variable has no
// value and no default: "the value is effectively null" and the element
// matches nothing.
func expand(s string, lookup varLookup, pattern bool) (out string, escaped, ok bool) {
	if !strings.Contains(s, "${") {
		return s, false, true
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	lit := func(t string) {
		if !pattern {
			b.WriteString(t)
			return
		}
		for i := 0; i < len(t); i++ {
			if t[i] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(t[i])
		}
	}
	sub := func(t string) {
		if !pattern {
			b.WriteString(t)
			return
		}
		for i := 0; i < len(t); i++ {
			switch t[i] {
			case '\\', '*', '?':
				b.WriteByte('\\')
			}
			b.WriteByte(t[i])
		}
	}
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			lit(s)
			break
		}
		lit(s[:i])
		body, rest, found := varBody(s[i+2:])
		if !found {
			lit(s[i:])
			break
		}
		switch body {
		case "*", "?", "$":
			sub(body)
		default:
			name, def, hasDef, good := splitDefault(body)
			if !good {
				lit(s[i : len(s)-len(rest)])
				break
			}
			v, have := lookup(name)
			switch {
			case have:
				sub(v)
			case hasDef:
				sub(def)
			default:
				return "", false, false
			}
		}
		s = rest
	}
	return b.String(), pattern, true
}

// varBody returns the text up to the closing brace (ignoring braces inside
// a single-quoted default) and what follows it.
func varBody(s string) (body, rest string, ok bool) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			quoted = !quoted
		case '}':
			if !quoted {
				return s[:i], s[i+1:], true
			}
		}
	}
	return "", "", false
}

// splitDefault splits "key, 'default'" into its parts. good is false for a
// body that is not a variable (empty name, or a default not in quotes).
func splitDefault(body string) (name, def string, hasDef, good bool) {
	name, d, hasDef := strings.Cut(body, ",")
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, "'${}") {
		return "", "", false, false
	}
	if !hasDef {
		return name, "", false, true
	}
	d = strings.TrimSpace(d)
	if len(d) < 2 || d[0] != '\'' || d[len(d)-1] != '\'' {
		return "", "", false, false
	}
	return name, d[1 : len(d)-1], true, true
}

// expandResource substitutes variables in the resource part of an ARN
// pattern only ("only in the resource portion of the ARN. This portion of
// the ARN appears after the fifth colon"). It returns an escaped pattern
// when anything was substituted.
func expandResource(p string, lookup varLookup) (out string, escaped, ok bool) {
	if !strings.Contains(p, "${") {
		return p, false, true
	}
	cut := 0
	for n := 0; n < 5; n++ {
		j := strings.IndexByte(p[cut:], ':')
		if j < 0 {
			// Not an ARN: nothing is a resource part, so nothing is
			// substituted.
			return p, false, true
		}
		cut += j + 1
	}
	res, esc, ok := expand(p[cut:], lookup, true)
	if !ok {
		return "", false, false
	}
	if !esc {
		return p, false, true
	}
	prefix := p[:cut]
	if strings.IndexByte(prefix, '\\') >= 0 {
		prefix = strings.ReplaceAll(prefix, `\`, `\\`)
	}
	return prefix + res, true, true
}
