package ec2

import (
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
)

// filterTable maps a Describe filter name (AWS's, plus the legacy aliases
// clients send) to the attribute values of an object. A resource matches a
// filter when any of its values matches any of the filter's values.
type filterTable[T any] map[string]func(v *T) []string

// matcher is a compiled filter list: different filters are ANDed, the
// values of one filter ORed; `tag:Key`, `tag-key` and `tag-value` work on
// every taggable resource.
type matcher[T any] struct {
	preds []func(v *T) bool
}

func (m matcher[T]) match(v *T) bool {
	for _, p := range m.preds {
		if !p(v) {
			return false
		}
	}
	return true
}

// compileFilters validates filters against tbl and returns a matcher.
func compileFilters[T any](tbl filterTable[T], filters []Filter) (matcher[T], error) {
	var m matcher[T]
	for _, f := range filters {
		name := deref(f.Name)
		if name == "" {
			return m, awserr.MissingParameter("Filter.Name")
		}
		// A filter with no values matches nothing (AWS answers
		// `describe-subnets --filters Name=vpc-id` with no subnets):
		// skipping it would widen the request to everything.
		values := f.Values
		pats := make([]pattern, len(values))
		for i, v := range values {
			pats[i] = compilePattern(v)
		}
		anyMatch := func(got []string) bool {
			for _, g := range got {
				for _, p := range pats {
					if p.match(g) {
						return true
					}
				}
			}
			return false
		}
		switch {
		case strings.HasPrefix(name, "tag:"):
			key := name[len("tag:"):]
			m.preds = append(m.preds, func(v *T) bool {
				val, ok := any(v).(model.Object).GetMeta().Tags[key]
				return ok && anyMatch([]string{val})
			})
			continue
		case name == "tag-key" && tbl["tag-key"] == nil:
			m.preds = append(m.preds, func(v *T) bool {
				tags := any(v).(model.Object).GetMeta().Tags
				keys := make([]string, 0, len(tags))
				for k := range tags {
					keys = append(keys, k)
				}
				return anyMatch(keys)
			})
			continue
		case name == "tag-value" && tbl["tag-value"] == nil:
			m.preds = append(m.preds, func(v *T) bool {
				tags := any(v).(model.Object).GetMeta().Tags
				vals := make([]string, 0, len(tags))
				for _, val := range tags {
					vals = append(vals, val)
				}
				return anyMatch(vals)
			})
			continue
		}
		get, ok := tbl[name]
		if !ok {
			return m, awserr.InvalidParameterValue("The filter '%s' is invalid", name)
		}
		m.preds = append(m.preds, func(v *T) bool { return anyMatch(get(v)) })
	}
	return m, nil
}

// pattern is a filter value with EC2's wildcards: `*` (any run), `?` (one
// character), and `\` escaping either or itself.
type pattern struct {
	literal string
	toks    []patTok
	wild    bool
}

type patTok struct {
	kind byte // 'c' literal rune, '*', '?'
	r    rune
}

func compilePattern(s string) pattern {
	if !strings.ContainsAny(s, `*?\`) {
		return pattern{literal: s}
	}
	p := pattern{wild: true}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '\\':
			if i+1 < len(rs) {
				i++
			}
			p.toks = append(p.toks, patTok{kind: 'c', r: rs[i]})
		case '*':
			p.toks = append(p.toks, patTok{kind: '*'})
		case '?':
			p.toks = append(p.toks, patTok{kind: '?'})
		default:
			p.toks = append(p.toks, patTok{kind: 'c', r: rs[i]})
		}
	}
	return p
}

func (p pattern) match(s string) bool {
	if !p.wild {
		return p.literal == s
	}
	return globMatch(p.toks, []rune(s))
}

// globMatch is the classic iterative wildcard match with backtracking to
// the last star; linear in practice, never exponential.
func globMatch(toks []patTok, s []rune) bool {
	ti, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case ti < len(toks) && (toks[ti].kind == '?' || toks[ti].kind == 'c' && toks[ti].r == s[si]):
			ti++
			si++
		case ti < len(toks) && toks[ti].kind == '*':
			star, mark = ti, si
			ti++
		case star >= 0:
			ti = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for ti < len(toks) && toks[ti].kind == '*' {
		ti++
	}
	return ti == len(toks)
}

// one wraps a single attribute value.
func one(s string) []string { return []string{s} }

// boolStr renders a boolean as a filter value.
func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
