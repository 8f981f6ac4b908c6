package logfilter

import (
	"strings"
	"testing"
)

// FuzzCompileMatch checks that Compile and Match never panic, that Extract
// agrees with Match, and that a compiled pattern evaluates quickly (the
// fuzzer's per-input timeout catches runaway matching).
func FuzzCompileMatch(f *testing.F) {
	seeds := []struct{ pattern, message string }{
		{"", ""},
		{`" "`, "x"},
		{"ERROR -ARGUMENTS", err419},
		{"?ERROR ?ARGUMENTS", err400},
		{`"INTERNAL SERVER ERROR"`, err500},
		{`%AUTHORIZED%`, err401},
		{`{ $.eventType = "UpdateTrail" }`, trailEvent},
		{`{ $.sourceIPAddress != 123.123.* }`, trailEvent},
		{`{ $.objectList[1].id = 2 }`, trailEvent},
		{`{ $.SomeObject IS NULL }`, trailEvent},
		{`{ $.SomeOtherObject NOT EXISTS }`, trailEvent},
		{`{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }`, compoundEvent},
		{`{ $.number[0] = 1e-3 }`, `{"number": [0.001]}`},
		{`[ip, user, username, timestamp, request =*.html*, status_code = 4*, bytes]`, apacheProd},
		{`[..., request =*.html*, status_code = 404 || status_code = 410, bytes > 1000]`, apacheProd},
		{`[w1!=ERROR && w1!=WARNING, w2]`, "INFO ok"},
		{`[a, s = %^4[0-9]{2}$%, ...]`, `x 404 "y z" [w`},
		{`{ $.a = "*a*b*" }`, `{"a": "aab"}`},
	}
	for _, s := range seeds {
		f.Add(s.pattern, s.message)
	}
	f.Fuzz(func(t *testing.T, pattern, message string) {
		if len(pattern) > 2048 || len(message) > 1<<16 {
			return
		}
		p, err := Compile(pattern)
		if err != nil {
			if err.Error() != "Invalid filter pattern" {
				t.Fatalf("Compile(%q): error text %q", pattern, err)
			}
			return
		}
		m := p.Match(message)
		fields, ok := p.Extract(message)
		if ok != m {
			t.Fatalf("%q on %q: Match %v, Extract ok %v", pattern, message, m, ok)
		}
		if ok != (fields != nil) {
			t.Fatalf("%q on %q: Extract ok %v, fields %v", pattern, message, ok, fields)
		}
		if p.Kind() == KindAll && !m {
			t.Fatalf("%q matches everything but not %q", pattern, message)
		}
		_ = strings.Clone(p.String())
	})
}
