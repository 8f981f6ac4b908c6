package logfilter

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// jsonTest is what a JSON comparison checks.
type jsonTest uint8

const (
	testCompare   jsonTest = iota // selector op value
	testNull                      // IS NULL
	testTrue                      // IS TRUE
	testFalse                     // IS FALSE
	testNotExists                 // NOT EXISTS
)

// step is one step of a property selector: .name or [index].
type step struct {
	name  string
	index int
	isIdx bool
}

type jsonLeaf struct {
	path []step
	test jsonTest
	cond condition
}

type jsonPattern struct {
	leaves []jsonLeaf
	root   *expr
}

// compileJSON parses "{ expression }".
func compileJSON(s string) (*jsonPattern, *Error) {
	sc := &scanner{s: s, pos: 1}
	jp := &jsonPattern{}
	primary := func() (int, *Error) {
		leaf, err := sc.jsonComparison()
		if err != nil {
			return 0, err
		}
		jp.leaves = append(jp.leaves, leaf)
		return len(jp.leaves) - 1, nil
	}
	sc.skipBlanks()
	if sc.peek() == '}' {
		return nil, sc.fail("empty JSON filter pattern")
	}
	root, err := sc.parseExpr(primary)
	if err != nil {
		return nil, err
	}
	sc.skipBlanks()
	if sc.peek() != '}' {
		return nil, sc.fail("expected && or || or }")
	}
	sc.pos++
	sc.skipBlanks()
	if !sc.eof() {
		return nil, sc.fail("unexpected text after }")
	}
	jp.root = root
	return jp, nil
}

// jsonComparison parses "selector op value", "selector IS NULL|TRUE|FALSE"
// or "selector NOT EXISTS".
func (sc *scanner) jsonComparison() (jsonLeaf, *Error) {
	var leaf jsonLeaf
	sc.skipBlanks()
	if sc.peek() != '$' {
		return leaf, sc.fail("expected a property selector starting with $.")
	}
	sc.pos++
	for {
		switch sc.peek() {
		case '.':
			sc.pos++
			n := sc.name()
			if n == "" {
				return leaf, sc.fail("missing property name after .")
			}
			leaf.path = append(leaf.path, step{name: n})
			continue
		case '[':
			sc.pos++
			start := sc.pos
			for sc.pos < len(sc.s) && isDigit(sc.s[sc.pos]) {
				sc.pos++
			}
			digits := sc.s[start:sc.pos]
			if digits == "" || sc.peek() != ']' {
				return leaf, sc.fail("array index must be [digits]")
			}
			idx, err := strconv.Atoi(digits)
			if err != nil {
				return leaf, sc.fail("array index out of range")
			}
			sc.pos++
			leaf.path = append(leaf.path, step{index: idx, isIdx: true})
			continue
		}
		break
	}
	if len(leaf.path) == 0 {
		return leaf, sc.fail("a property selector needs a property after $")
	}
	sc.skipBlanks()
	if c := sc.peek(); c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
		w1 := strings.ToUpper(sc.name())
		sc.skipBlanks()
		w2 := strings.ToUpper(sc.name())
		switch {
		case w1 == "IS" && w2 == "NULL":
			leaf.test = testNull
		case w1 == "IS" && w2 == "TRUE":
			leaf.test = testTrue
		case w1 == "IS" && w2 == "FALSE":
			leaf.test = testFalse
		case w1 == "NOT" && w2 == "EXISTS":
			leaf.test = testNotExists
		default:
			// Includes IS NOT and EXISTS, which the guide says aren't
			// supported.
			return leaf, sc.fail("expected IS NULL, IS TRUE, IS FALSE or NOT EXISTS")
		}
		return leaf, nil
	}
	op, ok := sc.operator()
	if !ok {
		return leaf, sc.fail("expected a comparison operator")
	}
	lit, err := sc.value(op)
	if err != nil {
		return leaf, err
	}
	leaf.cond = condition{op: op, lit: lit}
	return leaf, nil
}

// parseEvent decodes a JSON log event. Only an object or array counts.
func parseEvent(msg string) (any, bool) {
	i := 0
	for i < len(msg) && isBlank(msg[i]) {
		i++
	}
	if i == len(msg) || (msg[i] != '{' && msg[i] != '[') {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(msg))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

// resolve follows a selector; ok is false when the property doesn't exist.
func resolve(v any, path []step) (any, bool) {
	for _, st := range path {
		if st.isIdx {
			a, ok := v.([]any)
			if !ok || st.index >= len(a) {
				return nil, false
			}
			v = a[st.index]
		} else {
			m, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = m[st.name]; !ok {
				return nil, false
			}
		}
	}
	return v, true
}

// toScalar turns a JSON string, number or boolean into a comparable value.
func toScalar(v any) (scalar, bool) {
	switch x := v.(type) {
	case string:
		return scalar{text: x}, true
	case json.Number:
		f, ok := parseNumber(string(x))
		return scalar{text: string(x), num: f, isNum: ok}, true
	case bool:
		return scalar{text: strconv.FormatBool(x)}, true
	}
	// null, objects and arrays: "If a property selector points to an array
	// or object, the metric filter won't match the log format."
	return scalar{}, false
}

func (l *jsonLeaf) eval(event any) bool {
	v, exists := resolve(event, l.path)
	switch l.test {
	case testNotExists:
		return !exists
	case testNull:
		return exists && v == nil
	case testTrue:
		b, ok := v.(bool)
		return exists && ok && b
	case testFalse:
		b, ok := v.(bool)
		return exists && ok && !b
	}
	if !exists {
		return false
	}
	s, ok := toScalar(v)
	if !ok {
		return false
	}
	return l.cond.eval(s)
}

func (jp *jsonPattern) matchEvent(event any) bool {
	return jp.root.eval(func(i int) bool { return jp.leaves[i].eval(event) })
}

func (jp *jsonPattern) match(msg string) bool {
	event, ok := parseEvent(msg)
	return ok && jp.matchEvent(event)
}

func (jp *jsonPattern) extract(msg string) (map[string]string, bool) {
	event, ok := parseEvent(msg)
	if !ok || !jp.matchEvent(event) {
		return nil, false
	}
	fields := map[string]string{}
	flatten(fields, []byte("$"), event)
	return fields, true
}

// flatten records every string, number and boolean under its selector.
func flatten(out map[string]string, path []byte, v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			flatten(out, append(append(path, '.'), k...), e)
		}
	case []any:
		for i, e := range x {
			p := append(path, '[')
			p = strconv.AppendInt(p, int64(i), 10)
			flatten(out, append(p, ']'), e)
		}
	default:
		if s, ok := toScalar(v); ok {
			out[string(path)] = s.text
		}
	}
}
