package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// glob matches s against pattern p where * matches any run of characters
// (including none) and ? matches exactly one character. With fold, letters
// compare without regard to case. With esc, a backslash makes the next
// character literal; escaped patterns come only from variable substitution,
// which escapes substituted text and the ${*} ${?} ${$} specials.
func glob(p, s string, fold, esc bool) bool {
	px, sx := 0, 0
	nextPx, nextSx := 0, -1
	for px < len(p) || sx < len(s) {
		if px < len(p) {
			c := p[px]
			switch {
			case c == '*':
				nextPx = px
				if sx < len(s) {
					_, n := utf8.DecodeRuneInString(s[sx:])
					nextSx = sx + n
				} else {
					nextSx = len(s) + 1
				}
				px++
				continue
			case c == '?':
				if sx < len(s) {
					_, n := utf8.DecodeRuneInString(s[sx:])
					px++
					sx += n
					continue
				}
			default:
				lp := px
				if esc && c == '\\' && px+1 < len(p) {
					lp = px + 1
				}
				if sx < len(s) {
					pr, pn := utf8.DecodeRuneInString(p[lp:])
					sr, sn := utf8.DecodeRuneInString(s[sx:])
					if pr == sr || fold && foldEq(pr, sr) {
						px = lp + pn
						sx += sn
						continue
					}
				}
			}
		}
		if nextSx >= 0 && nextSx <= len(s) {
			px, sx = nextPx, nextSx
			continue
		}
		return false
	}
	return true
}

func foldEq(a, b rune) bool {
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		return a == b
	}
	return unicode.ToLower(a) == unicode.ToLower(b)
}

// MatchAction reports whether action (e.g. "s3:PutObject") matches the
// Action pattern (e.g. "s3:Put*", "*"). "The prefix and the action name are
// case insensitive"; * and ? are wildcards.
func MatchAction(pattern, action string) bool {
	if pattern == "*" {
		return true
	}
	return glob(pattern, action, true, false)
}

// MatchResource reports whether resource (an ARN, or "*" for actions that
// do not take a resource) matches the Resource pattern. "*" matches
// everything; otherwise each of the six colon-separated ARN components is
// matched on its own, case-sensitively, with * and ? wildcards (the last
// component is the whole resource part, colons included, and * in it
// crosses "/" freely).
func MatchResource(pattern, resource string) bool {
	return matchARN(pattern, resource, false)
}

// matchARN matches component-wise: both strings are split at their first
// five colons and must have the same number of components, each matched on
// its own. Only the pattern "*" matches regardless of components.
func matchARN(pattern, value string, esc bool) bool {
	if pattern == "*" {
		return true
	}
	for i := 0; i < 5; i++ {
		pp, prest, pok := strings.Cut(pattern, ":")
		vp, vrest, vok := strings.Cut(value, ":")
		if pok != vok || !glob(pp, vp, false, esc) {
			return false
		}
		if !pok {
			return true
		}
		pattern, value = prest, vrest
	}
	return glob(pattern, value, false, esc)
}
