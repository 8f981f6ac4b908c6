package logfilter

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"
)

// Doc files cited below live in
// shared/reference/aws-docs/amazon-cloudwatch-logs-user-guide/.

// Log lines of FilterAndPatternSyntax.md, "Using filter patterns to match
// terms in log events".
const (
	err400 = "[ERROR 400] BAD REQUEST"
	err401 = "[ERROR 401] UNAUTHORIZED REQUEST"
	err419 = "[ERROR 419] MISSING ARGUMENTS"
	err420 = "[ERROR 420] INVALID ARGUMENTS"
	err500 = "[ERROR 500] INTERNAL SERVER ERROR"
)

// The JSON log event of FilterAndPatternSyntax.md, "Matching terms in JSON
// log events", on one line as the guide's note asks.
const trailEvent = `{"eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111", ` +
	`"arrayKey": ["value", "another value"], ` +
	`"objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}], "SomeObject": null}`

// The JSON object of FilterAndPatternSyntax.md, "Using compound expressions
// to match terms in JSON objects".
const compoundEvent = `{"user": {"id": 1, "email": "John.Stiles@example.com"}, ` +
	`"users": [{"id": 2, "email": "John.Doe@example.com"}, {"id": 3, "email": "Jane.Doe@example.com"}], ` +
	`"actions": ["GET", "PUT", "DELETE"], "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]}`

// The space-delimited log event of FilterAndPatternSyntax.md, "Using metric
// filters to extract values from space-delimited log events".
const apacheProd = `127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534`

// The test data of ExtractBytesExample.md and FindCountMetric.md.
var apacheLines = []string{
	`127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] "GET /index.html HTTP/1.1" 404 287`,
	`127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] "GET /index.html HTTP/1.1" 404 287`,
	`127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /~test/ HTTP/1.1" 200 3`,
	`127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /favicon.ico HTTP/1.1" 404 308`,
	`127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /favicon.ico HTTP/1.1" 404 308`,
	`127.0.0.1 - - [24/Sep/2013:11:51:34 -0700] "GET /~test/index.html HTTP/1.1" 200 3`,
}

type matchCase struct {
	doc     string // the guide page the case comes from
	pattern string
	message string
	want    bool
}

func runMatchCases(t *testing.T, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		p, err := Compile(c.pattern)
		if err != nil {
			t.Errorf("%s: Compile(%q): %v (%s)", c.doc, c.pattern, err, reason(err))
			continue
		}
		if got := p.Match(c.message); got != c.want {
			t.Errorf("%s: %q.Match(%q) = %v, want %v", c.doc, c.pattern, c.message, got, c.want)
		}
		if _, ok := p.Extract(c.message); ok != c.want {
			t.Errorf("%s: %q.Extract(%q) ok = %v, want %v", c.doc, c.pattern, c.message, ok, c.want)
		}
	}
}

func reason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

func TestTermPatterns(t *testing.T) {
	const doc = "FilterAndPatternSyntax.md#matching-terms-events"
	var cases []matchCase
	add := func(pattern string, want map[string]bool) {
		for _, m := range []string{err400, err401, err419, err420, err500} {
			w, listed := want[m]
			if !listed {
				continue
			}
			cases = append(cases, matchCase{doc, pattern, m, w})
		}
	}
	// Example: Match a single term.
	add("ERROR", map[string]bool{err400: true, err401: true, err419: true, err420: true})
	// Example: Match multiple terms.
	add("ERROR ARGUMENTS", map[string]bool{err400: false, err401: false, err419: true, err420: true})
	// Example: Match single and multiple terms.
	add("?ERROR ?ARGUMENTS", map[string]bool{err400: true, err401: true, err419: true, err420: true})
	// Example: Match exact phrases.
	add(`"INTERNAL SERVER ERROR"`, map[string]bool{err500: true, err400: false, err420: false})
	// Example: Include and exclude terms.
	add("ERROR -ARGUMENTS", map[string]bool{err400: true, err401: true, err419: false, err420: false})
	// Example: Match everything.
	add(`" "`, map[string]bool{err400: true, err401: true, err419: true, err420: true, err500: true})
	runMatchCases(t, cases)

	runMatchCases(t, []matchCase{
		// "Filter patterns are case sensitive."
		{doc, "error", err400, false},
		{doc, "?ARGUMENTS ?SERVER", err400, false},
		{doc, `"INTERNAL SERVER ERROR"`, "INTERNAL  SERVER ERROR", false},
		{doc, `ERROR -"MISSING ARGUMENTS"`, err419, false},
		{doc, `ERROR -"MISSING ARGUMENTS"`, err420, true},
		{doc, `?"BAD REQUEST" ?MISSING`, err419, true},
		{doc, `?"BAD REQUEST" ?MISSING`, err420, false},
		// CountOccurrencesExample.md: the term Error, case-sensitive.
		{"CountOccurrencesExample.md", "Error", "This message contains an Error", true},
		{"CountOccurrencesExample.md", "Error", "This message also contains an Error", true},
		{"CountOccurrencesExample.md", "Error", "this message has an error", false},
		// CountingLogEventsExample.md: " " matches any log event.
		{"CountingLogEventsExample.md", `" "`, "Test event 1", true},
		{"CountingLogEventsExample.md", `" "`, "", true},
		// SubscriptionFilters.md: an empty filter pattern (--filter-pattern "").
		{"SubscriptionFilters.md", "", "anything at all", true},
		{"SubscriptionFilters.md", "   ", "", true},
	})
}

func TestMatchAllKind(t *testing.T) {
	for _, s := range []string{"", "  ", `" "`, `""`} {
		p := MustCompile(s)
		if p.Kind() != KindAll {
			t.Errorf("Compile(%q).Kind() = %v, want all", s, p.Kind())
		}
	}
	if k := MustCompile("ERROR").Kind(); k != KindTerms {
		t.Errorf("ERROR: kind %v", k)
	}
}

func TestJSONPatterns(t *testing.T) {
	const doc = "FilterAndPatternSyntax.md#match-items-metric-filters"
	runMatchCases(t, []matchCase{
		{doc, `{ $.eventType = "UpdateTrail" }`, trailEvent, true},
		{doc, `{ $.sourceIPAddress != 123.123.* }`, trailEvent, true},
		{doc, `{ $.arrayKey[0] = "value" }`, trailEvent, true},
		{doc, `{ $.objectList[1].id = 2 }`, trailEvent, true},
		{doc, `{ $.SomeObject IS NULL }`, trailEvent, true},
		{doc, `{ $.SomeOtherObject NOT EXISTS }`, trailEvent, true},
		// Counterparts that must not match.
		{doc, `{ $.eventType = "DeleteTrail" }`, trailEvent, false},
		{doc, `{ $.sourceIPAddress = 123.123.* }`, trailEvent, false},
		{doc, `{ $.sourceIPAddress = 111.111.* }`, trailEvent, true},
		{doc, `{ $.arrayKey[1] = "value" }`, trailEvent, false},
		{doc, `{ $.arrayKey[2] = "value" }`, trailEvent, false},
		{doc, `{ $.objectList[1].id = 1 }`, trailEvent, false},
		{doc, `{ $.eventType IS NULL }`, trailEvent, false},
		{doc, `{ $.SomeObjectMissing IS NULL }`, trailEvent, false},
		{doc, `{ $.SomeObject NOT EXISTS }`, trailEvent, false},
		{doc, `{ $.eventType NOT EXISTS }`, trailEvent, false},
		// "If a property selector points to an array or object, the metric
		// filter won't match the log format."
		{doc, `{ $.arrayKey = "*" }`, trailEvent, false},
		{doc, `{ $.objectList[0] != "x" }`, trailEvent, false},
		// "Use the asterisk ("*") as a wild card to match text."
		{doc, `{ $.eventType = "Update*" }`, trailEvent, true},
		{doc, `{ $.eventType = "*Trail" }`, trailEvent, true},
		{doc, `{ $.eventType = "*date*" }`, trailEvent, true},
		{doc, `{ $.eventType = "*Delete*" }`, trailEvent, false},
		{doc, `{ $.arrayKey[1] = "another*" }`, trailEvent, true},

		// FilterAndPatternSyntax.md#compound-conditions.
		{"FilterAndPatternSyntax.md#compound-conditions", `{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }`, compoundEvent, true},
		{"FilterAndPatternSyntax.md#compound-conditions", `{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }`, compoundEvent, true},
		{"FilterAndPatternSyntax.md#compound-conditions", `{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }`, compoundEvent, false},
		{"FilterAndPatternSyntax.md#compound-conditions", `{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }`, compoundEvent, false},
		{"FilterAndPatternSyntax.md#compound-conditions", `{ $.coordinates[2][0] = 7 && $.actions[2] = "DELETE" }`, compoundEvent, true},
		{"FilterAndPatternSyntax.md#compound-conditions", `{ $.coordinates[0][1] = 1 }`, compoundEvent, true},

		// FilterAndPatternSyntax.md#logs-metric-filters-JSON.
		{"FilterAndPatternSyntax.md#logs-metric-filters-JSON", `{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }`, trailEvent, true},
		{"FilterAndPatternSyntax.md#logs-metric-filters-JSON", `{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }`, `{"eventType": "x", "sourceIPAddress": "123.123.0.1"}`, false},
		{"FilterAndPatternSyntax.md#logs-metric-filters-JSON", `{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }`, `{"sourceIPAddress": "1.2.3.4"}`, false},

		// FilterAndPatternSyntax.md#publishing-values-found-in-logs.
		{"FilterAndPatternSyntax.md#publishing-values-found-in-logs", `{ $.latency = * }`, `{"latency": 50, "requestType": "GET"}`, true},
		{"FilterAndPatternSyntax.md#publishing-values-found-in-logs", `{ $.latency = * }`, `{"requestType": "GET"}`, false},

		// SubscriptionFilters.md / CreateSubscriptionFilter.md: an unquoted
		// alphanumeric string.
		{"SubscriptionFilters.md", `{$.userIdentity.type = Root}`, `{"eventVersion":"1.02","userIdentity":{"type":"Root","principalId":"123456789012"},"eventName":"ConsoleLogin"}`, true},
		{"SubscriptionFilters.md", `{$.userIdentity.type = Root}`, `{"userIdentity":{"type":"IAMUser"}}`, false},

		// Messages that are not JSON never match a JSON pattern.
		{doc, `{ $.eventType = "UpdateTrail" }`, `eventType = UpdateTrail`, false},
		{doc, `{ $.missing NOT EXISTS }`, `plain text`, false},
		{doc, `{ $.missing NOT EXISTS }`, `{"a": 1} trailing`, false},
		{doc, `{ $.missing NOT EXISTS }`, `{"a": 1`, false},
		{doc, `{ $.missing NOT EXISTS }`, `"a string"`, false},
		{doc, `{ $.missing NOT EXISTS }`, `  {"a": 1}  `, true},
	})
}

func TestJSONNumbers(t *testing.T) {
	const doc = "FilterAndPatternSyntax.md#metric-filters-extract-json"
	ev := `{"bandwidth": 80, "latency": 50, "refreshRate": 60, "responseTime": 5, "errorCode": 400, "number": [0.001, 1000]}`
	runMatchCases(t, []matchCase{
		{doc, `{ $.bandwidth > 75 }`, ev, true},
		{doc, `{ $.latency < 50 }`, ev, false},
		{doc, `{ $.latency < 51 }`, ev, true},
		{doc, `{ $.refreshRate >= 60 }`, ev, true},
		{doc, `{ $.responseTime <= 5 }`, ev, true},
		{doc, `{ $.errorCode = 400}`, ev, true},
		{doc, `{ $.errorCode != 500 }`, ev, true},
		{doc, `{ $.number[0] = 1e-3 }`, ev, true},
		{doc, `{ $.number[0] != 1e+3 }`, ev, true},
		{doc, `{ $.number[1] != 1e+3 }`, ev, false},
		{doc, `{ $.number[1] = +1000 }`, ev, true},
		{doc, `{ $.errorCode > -1 }`, ev, true},
		// "Use the asterisk ("*") as a wild card to match numbers."
		{doc, `{ $.errorCode = 4* }`, ev, true},
		{doc, `{ $.errorCode = 5* }`, ev, false},
		// Ordering needs a number in the event.
		{doc, `{ $.name > 1 }`, `{"name": "abc"}`, false},
		{doc, `{ $.bandwidth > 75 }`, `{"bandwidth": "80"}`, false},
		// Equality with a number compares the text of a string value.
		{doc, `{ $.code = 400 }`, `{"code": "400"}`, true},
		{doc, `{ $.id = "2" }`, `{"id": 2}`, true},
	})
}

func TestJSONIs(t *testing.T) {
	const doc = "FilterAndPatternSyntax.md#match-items-metric-filters"
	ev := `{"on": true, "off": false, "none": null, "s": "true"}`
	runMatchCases(t, []matchCase{
		{doc, `{ $.on IS TRUE }`, ev, true},
		{doc, `{ $.on IS FALSE }`, ev, false},
		{doc, `{ $.off IS FALSE }`, ev, true},
		{doc, `{ $.off IS TRUE }`, ev, false},
		{doc, `{ $.s IS TRUE }`, ev, false},
		{doc, `{ $.none IS NULL }`, ev, true},
		{doc, `{ $.none IS TRUE }`, ev, false},
		{doc, `{ $.missing IS FALSE }`, ev, false},
		{doc, `{ $.none NOT EXISTS }`, ev, false},
		{doc, `{ $.on NOT EXISTS || $.none IS NULL }`, ev, true},
		// A null value is not a string or a number.
		{doc, `{ $.none = "*" }`, ev, false},
		{doc, `{ $.none != "x" }`, ev, false},
	})
}

func TestDelimitedPatterns(t *testing.T) {
	const doc = "FilterAndPatternSyntax.md#extract-log-event-values"
	runMatchCases(t, []matchCase{
		{doc, `[ip, user, username, timestamp, request =*.html*, status_code = 4*, bytes]`, apacheProd, true},
		{doc, `[..., request =*.html*, status_code = 4*, bytes]`, apacheProd, true},
		{doc, `[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]`, apacheProd, true},
		{doc, `[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]`, strings.Replace(apacheProd, " 404 ", " 410 ", 1), true},
		{doc, `[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]`, strings.Replace(apacheProd, " 404 ", " 200 ", 1), false},
		{doc, `[ip, user, username, timestamp, request =*.html*, status_code = 4*, bytes]`, strings.Replace(apacheProd, "index.html", "logo.gif", 1), false},
		{"FilterAndPatternSyntax.md#logs-metric-filters-dimensions-space-delimited", `[ip, server, username, timestamp, request, status_code, bytes > 1000]`, apacheProd, true},
		{"FilterAndPatternSyntax.md#logs-metric-filters-dimensions-space-delimited", `[ip, server, username, timestamp, request, status_code, bytes > 2000]`, apacheProd, false},
		// Too few fields in the event: no match.
		{doc, `[ip, user, username, timestamp, request, status_code, bytes, extra]`, apacheProd, false},
		{doc, `[a, b, c]`, "", false},
		{doc, `[...]`, "", true},
		{doc, `[...]`, apacheProd, true},
		{doc, `[a, ..., b]`, "x", false},
		{doc, `[a, ..., b]`, "x y", true},
		{doc, `[a, ..., b]`, "x y z", true},
		{doc, `[..., status_code = 404, ...]`, apacheProd, true},
		{doc, `[..., status_code = 500, ...]`, apacheProd, false},
	})

	const order = "FilterAndPatternSyntax.md#pattern-matching-space-delimited"
	runMatchCases(t, []matchCase{
		// Example: Match terms in order.
		{order, `[w1=ERROR, w2]`, "ERROR Unable to connect to the database", true},
		{order, `[w1=ERROR, w2]`, "WARNING ERROR later", false},
		{order, `[w1=ERROR, w2]`, "ERROR", false},
		// Without the trailing w2 the single field takes the whole line.
		{order, `[w1=ERROR]`, "ERROR Unable to connect", false},
		{order, `[w1=ERROR]`, "ERROR", true},
		// Example: Match terms with AND (&&) and OR (||).
		{order, `[w1=ERROR || W1=WARNING, w2]`, "ERROR disk full", true},
		{order, `[w1=ERROR || W1=WARNING, w2]`, "WARNING disk almost full", true},
		{order, `[w1=ERROR || W1=WARNING, w2]`, "INFO disk fine", false},
		// Example: Exclude terms from matches.
		{order, `[w1!=ERROR && w1!=WARNING, w2]`, "INFO disk fine", true},
		{order, `[w1!=ERROR && w1!=WARNING, w2]`, "ERROR disk full", false},
		{order, `[w1!=ERROR && w1!=WARNING, w2]`, "WARNING disk almost full", false},
	})

	// Counting404Responses.md: the two events put with put-log-events.
	bob404 := `127.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326`
	bob200 := `127.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] "GET /apache_pb2.gif HTTP/1.0" 200 2326`
	frank := `127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326`
	runMatchCases(t, []matchCase{
		{"Counting404Responses.md", `[IP, UserInfo, User, Timestamp, RequestInfo, StatusCode=404, Bytes]`, frank, true},
		{"Counting404Responses.md", `[ip, id, user, timestamp, request, status_code=404, size]`, bob404, true},
		{"Counting404Responses.md", `[ip, id, user, timestamp, request, status_code=404, size]`, bob200, false},
	})

	// FindCountMetric.md: status_code=4* counts the four 404 lines.
	p := MustCompile(`[ip, id, user, timestamp, request, status_code=4*, size]`)
	n := 0
	for _, l := range apacheLines {
		if p.Match(l) {
			n++
		}
	}
	if n != 4 {
		t.Errorf("FindCountMetric.md: status_code=4* matched %d of the example lines, want 4", n)
	}
}

func TestDelimitedComparisons(t *testing.T) {
	const doc = "FilterAndPatternSyntax.md#extract-log-event-values"
	runMatchCases(t, []matchCase{
		{doc, `[a, n > 10]`, "x 11", true},
		{doc, `[a, n > 10]`, "x 10", false},
		{doc, `[a, n >= 10]`, "x 10", true},
		{doc, `[a, n < 10]`, "x 9.5", true},
		{doc, `[a, n <= 10]`, "x 1e1", true},
		{doc, `[a, n != 10]`, "x 10.0", false},
		{doc, `[a, n = 10]`, "x 10.0", true},
		{doc, `[a, n > 10]`, "x abc", false},
		{doc, `[a, n != 10]`, "x abc", true},
		{doc, `[a, n > 10 && n < 20]`, "x 15", true},
		{doc, `[a, n > 10 && n < 20]`, "x 25", false},
		{doc, `[a, (n < 10 || n > 20) && n != 30]`, "x 30", false},
		{doc, `[a, (n < 10 || n > 20) && n != 30]`, "x 25", true},
		{doc, `[a, s = "GET /index.html HTTP/1.0"]`, `x "GET /index.html HTTP/1.0"`, true},
		{doc, `[a, s = "GET *"]`, `x "GET /index.html HTTP/1.0"`, true},
		{doc, `[a, s = "POST *"]`, `x "GET /index.html HTTP/1.0"`, false},
		{doc, `[a, s = *]`, `x y`, true},
		{doc, `[a, s = \*]`, `x *`, true},
		{doc, `[a, s = \*]`, `x y`, false},
		// Bracketed fields keep their blanks together.
		{doc, `[t = "10/Oct/2000:13:55:36 -0700", rest]`, `[10/Oct/2000:13:55:36 -0700] GET`, true},
		// An unclosed bracket is an ordinary field.
		{doc, `[a, b, c]`, `[x y z`, true},
	})
}

func TestExtract(t *testing.T) {
	// FilterAndPatternSyntax.md, "Example: Extracted fields and values".
	p := MustCompile(`[ip, user, username, timestamp, request =*.html*, status_code = 4*, bytes]`)
	got, ok := p.Extract(apacheProd)
	if !ok {
		t.Fatal("FilterAndPatternSyntax.md: extract example did not match")
	}
	want := map[string]string{
		"$bytes":       "1534",
		"$status_code": "404",
		"$request":     "GET /index.html HTTP/1.0",
		"$timestamp":   "10/Oct/2000:13:25:15 -0700",
		"$username":    "frank",
		"$user":        "Prod",
		"$ip":          "127.0.0.1",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("FilterAndPatternSyntax.md: %s = %q, want %q", k, got[k], v)
		}
	}

	// FilterAndPatternSyntax.md#logs-metric-filters-dimensions-space-delimited:
	// "server" : $server is "Prod".
	got, ok = MustCompile(`[ip, server, username, timestamp, request, status_code, bytes > 1000]`).Extract(apacheProd)
	if !ok || got["$server"] != "Prod" || got["$bytes"] != "1534" {
		t.Errorf("dimension example: %v %v", ok, got)
	}

	// With an ellipsis, the named fields line up with the end of the line.
	got, ok = MustCompile(`[..., request =*.html*, status_code = 4*, bytes]`).Extract(apacheProd)
	if !ok || got["$request"] != "GET /index.html HTTP/1.0" || got["$status_code"] != "404" || got["$bytes"] != "1534" {
		t.Errorf("ellipsis extract: %v %v", ok, got)
	}

	// ExtractBytesExample.md: metricValue $size, "the value of the seventh
	// matched token", "$7".
	p = MustCompile(`[ip, id, user, timestamp, request, status_code, size]`)
	sizes := []string{"287", "287", "3", "308", "308", "3"}
	for i, l := range apacheLines {
		got, ok := p.Extract(l)
		if !ok || got["$size"] != sizes[i] || got["$7"] != sizes[i] {
			t.Errorf("ExtractBytesExample.md line %d: ok=%v $size=%q $7=%q, want %s", i, ok, got["$size"], got["$7"], sizes[i])
		}
	}

	// The last field takes the rest of the line.
	got, _ = MustCompile(`[w1=ERROR, w2]`).Extract(`ERROR Unable to "connect" now`)
	if got["$w2"] != `Unable to "connect" now` || got["$w1"] != "ERROR" {
		t.Errorf("rest of line: %v", got)
	}

	// FilterAndPatternSyntax.md#publishing-values-found-in-logs:
	// metricValue $.latency publishes 50.
	got, ok = MustCompile(`{ $.latency = * }`).Extract(`{"latency": 50, "requestType": "GET"}`)
	if !ok || got["$.latency"] != "50" || got["$.requestType"] != "GET" {
		t.Errorf("$.latency: %v %v", ok, got)
	}

	// FilterAndPatternSyntax.md#logs-metric-filters-JSON: "eventType" :
	// $.eventType is "UpdateTrail".
	got, ok = MustCompile(`{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }`).Extract(trailEvent)
	wantJSON := map[string]string{
		"$.eventType":          "UpdateTrail",
		"$.sourceIPAddress":    "111.111.111.111",
		"$.arrayKey[0]":        "value",
		"$.arrayKey[1]":        "another value",
		"$.objectList[0].name": "a",
		"$.objectList[0].id":   "1",
		"$.objectList[1].name": "b",
		"$.objectList[1].id":   "2",
	}
	if !ok || !maps.Equal(got, wantJSON) {
		t.Errorf("JSON extract: %v\n got %v\nwant %v", ok, got, wantJSON)
	}

	// No match: nil, false.
	if got, ok := MustCompile(`{ $.eventType = "x" }`).Extract(trailEvent); ok || got != nil {
		t.Errorf("non-matching extract: %v %v", got, ok)
	}
	// Unstructured: empty map.
	if got, ok := MustCompile("ERROR").Extract(err400); !ok || got == nil || len(got) != 0 {
		t.Errorf("terms extract: %v %v", got, ok)
	}
}

// Regular expressions are not in the archived guide; these cases follow the
// current AWS page "Filter pattern syntax for metric filters, subscription
// filters, filter log events, and Live Tail" (FilterAndPatternSyntax.html),
// "Supported regular expressions (regex) syntax".
func TestRegex(t *testing.T) {
	const doc = "FilterAndPatternSyntax.html#regex"
	runMatchCases(t, []matchCase{
		{doc, `%AUTHORIZED%`, "[ERROR 401] UNAUTHORIZED REQUEST", true},
		{doc, `%AUTHORIZED%`, "[SUCCESS 200] AUTHORIZED REQUEST", true},
		{doc, `%AUTHORIZED%`, "[ERROR 400] BAD REQUEST", false},
		{doc, `%^\[ERROR%`, err400, true},
		{doc, `%REQUEST$%`, err401, true},
		{doc, `%ERROR|WARN%`, "WARN low disk", true},
		{doc, `%colou?r%`, "color", true},
		{doc, `%4[0-9]{2}%`, err419, true},
		{doc, `%5[0-9]{2}%`, err419, false},
		{doc, `{ $.eventType = %Trail$% }`, trailEvent, true},
		{doc, `{ $.eventType != %^Update% }`, trailEvent, false},
		{doc, `{ $.eventType = %^Update% && $.sourceIPAddress = %^111\.% }`, trailEvent, true},
		{doc, `[ip, user, username, timestamp, request, status_code = %^4[0-9]{2}$%, bytes]`, apacheProd, true},
		{doc, `[ip, user, username, timestamp, request, status_code = %^5%, bytes]`, apacheProd, false},
	})
}

func TestInvalid(t *testing.T) {
	cases := []struct{ doc, pattern string }{
		// "The variables IS NOT and EXISTS currently aren't supported."
		{"FilterAndPatternSyntax.md#match-items-metric-filters", `{ $.SomeObject IS NOT NULL }`},
		{"FilterAndPatternSyntax.md#match-items-metric-filters", `{ $.SomeObject EXISTS }`},
		{"FilterAndPatternSyntax.md#match-items-metric-filters", `{ $.SomeObject IS MAYBE }`},
		// Malformed JSON patterns.
		{"FilterAndPatternSyntax.md", `{ }`},
		{"FilterAndPatternSyntax.md", `{ $.eventType = "UpdateTrail"`},
		{"FilterAndPatternSyntax.md", `{ $.eventType = "UpdateTrail }`},
		{"FilterAndPatternSyntax.md", `{ $.eventType = }`},
		{"FilterAndPatternSyntax.md", `{ $.eventType "x" }`},
		{"FilterAndPatternSyntax.md", `{ eventType = "x" }`},
		{"FilterAndPatternSyntax.md", `{ $ = "x" }`},
		{"FilterAndPatternSyntax.md", `{ $. = "x" }`},
		{"FilterAndPatternSyntax.md", `{ $.a[x] = 1 }`},
		{"FilterAndPatternSyntax.md", `{ $.a[] = 1 }`},
		{"FilterAndPatternSyntax.md", `{ $.a = 1 } extra`},
		{"FilterAndPatternSyntax.md", `{ $.a = 1 && }`},
		{"FilterAndPatternSyntax.md", `{ ($.a = 1 }`},
		{"FilterAndPatternSyntax.md", `{ $.a = 1) }`},
		{"FilterAndPatternSyntax.md", `{ $.a > "x" }`},
		{"FilterAndPatternSyntax.md", `{ $.a > abc }`},
		{"FilterAndPatternSyntax.md", `{ $.a < 1* }`},
		{"FilterAndPatternSyntax.md", `{ $.a == 1 }`},
		// Malformed space-delimited patterns.
		{"FilterAndPatternSyntax.md", `[]`},
		{"FilterAndPatternSyntax.md", `[a, b`},
		{"FilterAndPatternSyntax.md", `[a,, b]`},
		{"FilterAndPatternSyntax.md", `[a, b,]`},
		{"FilterAndPatternSyntax.md", `[a b]`},
		{"FilterAndPatternSyntax.md", `[a, b] extra`},
		{"FilterAndPatternSyntax.md", `[a =, b]`},
		{"FilterAndPatternSyntax.md", `[a > x, b]`},
		{"FilterAndPatternSyntax.md", `[a = 1 || b = 2, c]`},
		{"FilterAndPatternSyntax.md", `[=ERROR, w2]`},
		{"FilterAndPatternSyntax.md", `[a = "x, b]`},
		// Malformed terms.
		{"FilterAndPatternSyntax.md", `"INTERNAL SERVER ERROR`},
		{"FilterAndPatternSyntax.md", `ERROR -`},
		{"FilterAndPatternSyntax.md", `? ERROR`},
		// Regular expressions (FilterAndPatternSyntax.html): "%something!%
		// would be rejected since '!' is not supported", no parentheses, no
		// multi-byte characters, at most 2 in a JSON or delimited pattern.
		{"FilterAndPatternSyntax.html#regex", `%something!%`},
		{"FilterAndPatternSyntax.html#regex", `%(ERROR)%`},
		{"FilterAndPatternSyntax.html#regex", `%ERROR 401%`},
		{"FilterAndPatternSyntax.html#regex", `%café%`},
		{"FilterAndPatternSyntax.html#regex", `%%`},
		{"FilterAndPatternSyntax.html#regex", `%a{2,1}%`},
		{"FilterAndPatternSyntax.html#regex", `{ $.a = %x% || $.b = %y% || $.c = %z% }`},
		{"FilterAndPatternSyntax.html#regex", `[a = %x%, b = %y%, c = %z%]`},
		{"FilterAndPatternSyntax.html#regex", `{ $.a > %1% }`},
		{"FilterAndPatternSyntax.html#regex", `{ $.a = %abc }`},
	}
	for _, c := range cases {
		p, err := Compile(c.pattern)
		if err == nil {
			t.Errorf("%s: Compile(%q) succeeded (kind %v), want an error", c.doc, c.pattern, p.Kind())
			continue
		}
		if err.Error() != "Invalid filter pattern" || !errors.Is(err, ErrInvalidPattern) {
			t.Errorf("%s: Compile(%q) error %q", c.doc, c.pattern, err)
		}
		var e *Error
		if !errors.As(err, &e) || e.Reason == "" || e.Offset < 0 || e.Offset > len(c.pattern) {
			t.Errorf("%s: Compile(%q) error detail %#v", c.doc, c.pattern, e)
		}
	}
}

func TestValidSyntax(t *testing.T) {
	// Patterns the guide shows, which must compile.
	for _, s := range []string{
		`{ $.bandwidth > 75 }`, `{ $.latency < 50 }`, `{ $.refreshRate >= 60 }`,
		`{ $.responseTime <= 5 }`, `{ $.errorCode = 400}`, `{ $.errorCode != 500 }`,
		`{ $.number[0] = 1e-3 }`, `{ $.number[0] != 1e+3 }`,
		`{$.userIdentity.type = Root}`, `{ $.a-b_c = x }`, `{ $.a is null }`,
		`{ $.a = 1 && $.b = 2 && $.c = 3 || $.d = 4 }`, `{ ((($.a = 1))) }`,
		`[ip, user, username, timestamp, request =*.html*, status_code = 4*, bytes]`,
		`[..., ..., a]`, `[a, ..., b, ...]`, `  [a]  `, `{ $.a = %x% && $.b = %y% }`,
	} {
		if _, err := Compile(s); err != nil {
			t.Errorf("Compile(%q): %v (%s)", s, err, reason(err))
		}
	}
}

func TestKinds(t *testing.T) {
	for s, k := range map[string]Kind{
		"":                KindAll,
		"ERROR":           KindTerms,
		"%ERROR%":         KindRegex,
		"{ $.a = 1 }":     KindJSON,
		"[a, b]":          KindDelimited,
		`"[a, b]"`:        KindTerms,
		"50% of 20% off%": KindTerms,
	} {
		p := MustCompile(s)
		if p.Kind() != k || p.String() != s {
			t.Errorf("Compile(%q): kind %v string %q", s, p.Kind(), p.String())
		}
		if p.Structured() != (k == KindJSON || k == KindDelimited) {
			t.Errorf("Compile(%q).Structured() = %v", s, p.Structured())
		}
	}
}

// Wildcards, ellipses and nesting must not blow up: each of these runs in
// time linear (or fields × tokens) in its input.
func TestPathological(t *testing.T) {
	long := strings.Repeat("a", 200000)
	many := strings.Repeat("a ", 50000)
	deep := strings.Repeat("(", maxDepth+1) + "$.a = 1" + strings.Repeat(")", maxDepth+1)
	cases := []struct {
		pattern, message string
		want             bool
	}{
		{`[x = ` + strings.Repeat("*a", 200) + `*b]`, long, false},
		{`{ $.x = "` + strings.Repeat("*a", 200) + `*b" }`, `{"x": "` + long + `"}`, false},
		{`[` + strings.Repeat("..., a = b, ", 100) + `...]`, many, false},
		{`[` + strings.Repeat("..., a, ", 100) + `...]`, many, true},
		{`%(a*)*b%`, long, false}, // rejected: parentheses
		{`%a*a*a*a*a*a*a*b%`, long, false},
	}
	for _, c := range cases {
		start := time.Now()
		p, err := Compile(c.pattern)
		if err != nil {
			continue
		}
		if got := p.Match(c.message); got != c.want {
			t.Errorf("%.40q: Match = %v, want %v", c.pattern, got, c.want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%.40q took %v", c.pattern, d)
		}
	}
	if _, err := Compile("{ " + deep + " }"); err == nil {
		t.Errorf("nesting deeper than %d accepted", maxDepth)
	}
	if _, err := Compile("{ " + strings.Repeat("(", maxDepth) + "$.a = 1" + strings.Repeat(")", maxDepth) + " }"); err != nil {
		t.Errorf("nesting of %d rejected: %s", maxDepth, reason(err))
	}
}

func TestMustCompilePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustCompile of an invalid pattern did not panic")
		}
	}()
	MustCompile("{")
}
