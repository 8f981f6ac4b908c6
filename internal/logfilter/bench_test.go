package logfilter

import "testing"

func BenchmarkMatch(b *testing.B) {
	cases := []struct {
		name, pattern, message string
	}{
		{"terms", "ERROR -ARGUMENTS", err400},
		{"phrase", `"INTERNAL SERVER ERROR"`, err500},
		{"regex", `%4[0-9]{2}%`, err419},
		{"json", `{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }`, compoundEvent},
		{"json-wildcard", `{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }`, trailEvent},
		{"delimited", `[ip, id, user, timestamp, request, status_code=4*, size]`, apacheLines[0]},
		{"delimited-ellipsis", `[..., request =*.html*, status_code = 4*, bytes > 1000]`, apacheProd},
	}
	for _, c := range cases {
		p := MustCompile(c.pattern)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.Match(c.message)
			}
		})
	}
}

func BenchmarkExtract(b *testing.B) {
	p := MustCompile(`[ip, id, user, timestamp, request, status_code, size]`)
	b.ReportAllocs()
	for b.Loop() {
		p.Extract(apacheLines[0])
	}
}
