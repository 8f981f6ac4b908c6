package logfilter

import (
	"strconv"
	"strings"
)

// delimField is one field of a space-delimited pattern.
type delimField struct {
	ellipsis bool
	name     string
	pos      int         // 1-based position in the pattern, for "$N"
	conds    []condition // leaves of cond; empty when the field has none
	cond     *expr       // nil when the field has no condition
}

type delimPattern struct {
	fields []delimField
}

// compileDelimited parses "[field, field, ...]".
func compileDelimited(s string) (*delimPattern, *Error) {
	sc := &scanner{s: s, pos: 1}
	dp := &delimPattern{}
	pos := 0
	for {
		sc.skipBlanks()
		if sc.eof() {
			return nil, sc.fail("missing ]")
		}
		pos++
		if sc.hasPrefix("...") {
			sc.pos += 3
			// Consecutive ellipses are one ellipsis.
			if n := len(dp.fields); n == 0 || !dp.fields[n-1].ellipsis {
				dp.fields = append(dp.fields, delimField{ellipsis: true, pos: pos})
			}
		} else {
			f, err := sc.delimField()
			if err != nil {
				return nil, err
			}
			f.pos = pos
			dp.fields = append(dp.fields, f)
		}
		sc.skipBlanks()
		switch sc.peek() {
		case ',':
			sc.pos++
			continue
		case ']':
			sc.pos++
			sc.skipBlanks()
			if !sc.eof() {
				return nil, sc.fail("unexpected text after ]")
			}
			return dp, nil
		}
		return nil, sc.fail("expected , or ]")
	}
}

// delimField parses a field: a name, or conditions on a name
// ("status_code = 404 || status_code = 410"). Every condition of a field
// must name that field (names compare case-insensitively, as in the guide's
// "w1=ERROR || W1=WARNING").
func (sc *scanner) delimField() (delimField, *Error) {
	var f delimField
	start := sc.pos
	if sc.peek() != '(' {
		name := sc.name()
		if name == "" {
			return f, sc.fail("expected a field name or ...")
		}
		sc.skipBlanks()
		if c := sc.peek(); c == ',' || c == ']' {
			f.name = name
			return f, nil
		}
		sc.pos = start
	}
	primary := func() (int, *Error) {
		sc.skipBlanks()
		at := sc.pos
		n := sc.name()
		if n == "" {
			return 0, sc.fail("expected a field name")
		}
		if f.name == "" {
			f.name = n
		} else if !strings.EqualFold(n, f.name) {
			sc.pos = at
			return 0, sc.fail("a condition can only test its own field " + strconv.Quote(f.name))
		}
		op, ok := sc.operator()
		if !ok {
			return 0, sc.fail("expected a comparison operator")
		}
		lit, err := sc.value(op)
		if err != nil {
			return 0, err
		}
		f.conds = append(f.conds, condition{op: op, lit: lit})
		return len(f.conds) - 1, nil
	}
	e, err := sc.parseExpr(primary)
	if err != nil {
		return f, err
	}
	f.cond = e
	return f, nil
}

// token is one field of a space-delimited log event.
type token struct {
	start, end int    // raw extent in the message, brackets or quotes included
	val        string // value, without enclosing brackets or quotes
}

// tokenize splits a log event into fields: runs of non-blank characters,
// except that text between [ and ] or between double quotes is one field
// ("Characters between brackets and double quotation marks are considered
// single fields"). A backslash escapes a quote inside a quoted field.
func tokenize(msg string, buf []token) []token {
	toks := buf[:0]
	i := 0
	for {
		for i < len(msg) && isBlank(msg[i]) {
			i++
		}
		if i >= len(msg) {
			return toks
		}
		start := i
		if c := msg[i]; c == '"' || c == '[' {
			closer := byte('"')
			if c == '[' {
				closer = ']'
			}
			j := i + 1
			for j < len(msg) && msg[j] != closer {
				if c == '"' && msg[j] == '\\' {
					j++
				}
				j++
			}
			if j < len(msg) {
				toks = append(toks, token{start: start, end: j + 1, val: msg[i+1 : j]})
				i = j + 1
				continue
			}
			// No closing character: an ordinary field.
		}
		for i < len(msg) && !isBlank(msg[i]) {
			i++
		}
		toks = append(toks, token{start: start, end: i, val: msg[start:i]})
	}
}

// fieldValue is the value field f takes when it starts at token t; the last
// field of the pattern takes the rest of the line.
func (dp *delimPattern) fieldValue(msg string, toks []token, f, t int) string {
	if f == len(dp.fields)-1 && t < len(toks)-1 {
		return msg[toks[t].start:toks[len(toks)-1].end]
	}
	return toks[t].val
}

func (fd *delimField) accepts(v string) bool {
	if fd.cond == nil {
		return true
	}
	n, isNum := parseNumber(v)
	s := scalar{text: v, num: n, isNum: isNum}
	return fd.cond.eval(func(i int) bool { return fd.conds[i].eval(s) })
}

// table computes ok[f][t]: fields f.. of the pattern match tokens t.. of the
// message. It is a dynamic programme, O(fields × tokens), with no
// backtracking. When full is false only row 0 is kept.
func (dp *delimPattern) table(msg string, toks []token, full bool) [][]bool {
	F, T := len(dp.fields), len(toks)
	rows := 1
	if full {
		rows = F + 1
	}
	tab := make([][]bool, rows)
	next := make([]bool, T+1)
	next[T] = true // no fields left: every token must be used
	if full {
		tab[F] = next
	}
	var spare []bool
	if !full {
		spare = make([]bool, T+1)
	}
	for f := F - 1; f >= 0; f-- {
		var cur []bool
		if full {
			cur = make([]bool, T+1)
		} else {
			cur, spare = spare, next
		}
		fd := &dp.fields[f]
		last := f == F-1
		for t := T; t >= 0; t-- {
			switch {
			case fd.ellipsis:
				cur[t] = next[t] || (t < T && cur[t+1])
			case t == T:
				cur[t] = false
			case last:
				cur[t] = fd.accepts(dp.fieldValue(msg, toks, f, t))
			default:
				cur[t] = next[t+1] && fd.accepts(toks[t].val)
			}
		}
		if full {
			tab[f] = cur
		}
		next = cur
	}
	if !full {
		tab[0] = next
	}
	return tab
}

func (dp *delimPattern) match(msg string) bool {
	var buf [32]token
	toks := tokenize(msg, buf[:])
	return dp.table(msg, toks, false)[0][0]
}

func (dp *delimPattern) extract(msg string) (map[string]string, bool) {
	toks := tokenize(msg, nil)
	tab := dp.table(msg, toks, true)
	if !tab[0][0] {
		return nil, false
	}
	fields := map[string]string{}
	T := len(toks)
	f, t := 0, 0
	for f < len(dp.fields) {
		fd := &dp.fields[f]
		if fd.ellipsis {
			// Greedy: an ellipsis takes as many fields as it can, so the
			// named fields after it line up with the end of the line.
			if t < T && tab[f][t+1] {
				t++
			} else {
				f++
			}
			continue
		}
		v := dp.fieldValue(msg, toks, f, t)
		fields["$"+fd.name] = v
		fields["$"+strconv.Itoa(fd.pos)] = v
		if f == len(dp.fields)-1 {
			t = T
		} else {
			t++
		}
		f++
	}
	return fields, true
}
