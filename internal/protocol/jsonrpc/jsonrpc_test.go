package jsonrpc

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

type tEvent struct {
	Timestamp *int64  `aws:"timestamp"`
	Message   *string `aws:"message"`
}

type tInput struct {
	S       *string            `aws:"s"`
	I32     *int32             `aws:"i32"`
	I64     *int64             `aws:"i64"`
	B       *bool              `aws:"b"`
	F       *float64           `aws:"f"`
	T       *time.Time         `aws:"t"`
	TISO    *time.Time         `aws:"tIso,ts=iso8601"`
	Blob    []byte             `aws:"blob"`
	Events  []tEvent           `aws:"events"`
	Strs    []string           `aws:"strs"`
	Nested  [][]string         `aws:"nested"`
	Tags    map[string]string  `aws:"tags"`
	Counts  map[string]int64   `aws:"counts"`
	Structs map[string]*tEvent `aws:"structs"`
	Inner   *tEvent            `aws:"inner"`
	Doc     any                `aws:"doc"`
}

func decodeJSON(body string) (*tInput, error) {
	var in tInput
	err := Codec{}.Decode(nil, nil, &protocol.Request{Body: []byte(body)}, &in)
	return &in, err
}

func TestResolve(t *testing.T) {
	svc := &protocol.Service{TargetPrefix: "Logs_20140328", JSONVersion: "1.1"}
	c := Codec{}
	req := func(target string) *protocol.Request {
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		if target != "" {
			r.Header.Set("X-Amz-Target", target)
		}
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		return &protocol.Request{HTTP: r}
	}
	if op, err := c.Resolve(svc, req("Logs_20140328.CreateLogGroup")); err != nil || op != "CreateLogGroup" {
		t.Errorf("Resolve = %q, %v", op, err)
	}
	for _, target := range []string{"", "Logs_20140328", "Logs_20140328.", "DynamoDB_20120810.PutItem", "logs_20140328.CreateLogGroup", ".CreateLogGroup"} {
		_, err := c.Resolve(svc, req(target))
		if e, ok := awserr.As(err); !ok || e.Code != "UnknownOperationException" || e.Status != 400 {
			t.Errorf("Resolve(%q) = %v, want UnknownOperationException", target, err)
		}
	}
}

func TestDecodeMembers(t *testing.T) {
	in, err := decodeJSON(` {"s":"a\"b\\c\u00e9\ud83d\ude00\n","i32":-2147483648,"i64":9007199254740993,"b":false,"f":1.5e3,
		"t":1700000000.123,"tIso":"2026-11-29T22:15:04Z","blob":"aGVsbG8=","unknown":{"x":[1,{"y":null}],"z":"w"},
		"events":[{"timestamp":1,"message":"m1"},null,{"timestamp":2e0,"message":"m2","extra":true}],
		"strs":[],"nested":[["a"],[],["b","c"]],"tags":{"k":"v","e":""},"counts":{"n":-1},
		"structs":{"x":{"message":"y"}},"inner":{},"doc":{"a":[1,"two",null]}} `)
	if err != nil {
		t.Fatal(err)
	}
	if *in.S != "a\"b\\cé😀\n" || *in.I32 != math.MinInt32 || *in.I64 != 9007199254740993 || *in.B || *in.F != 1500 {
		t.Errorf("scalars: s=%q %d %d %v %v", *in.S, *in.I32, *in.I64, *in.B, *in.F)
	}
	if !in.T.Equal(time.Unix(1700000000, 123e6)) || in.T.Location() != time.UTC {
		t.Errorf("t = %v", in.T)
	}
	if !in.TISO.Equal(time.Date(2026, 11, 29, 22, 15, 4, 0, time.UTC)) {
		t.Errorf("tIso = %v", in.TISO)
	}
	if string(in.Blob) != "hello" {
		t.Errorf("blob = %q", in.Blob)
	}
	if len(in.Events) != 2 || *in.Events[0].Message != "m1" || *in.Events[1].Timestamp != 2 {
		t.Errorf("events = %+v (null elements are dropped)", in.Events)
	}
	if in.Strs == nil || len(in.Strs) != 0 {
		t.Errorf("[] must be an empty non-nil list: %#v", in.Strs)
	}
	if !reflect.DeepEqual(in.Nested, [][]string{{"a"}, {}, {"b", "c"}}) {
		t.Errorf("nested = %q", in.Nested)
	}
	if !reflect.DeepEqual(in.Tags, map[string]string{"k": "v", "e": ""}) || in.Counts["n"] != -1 || *in.Structs["x"].Message != "y" {
		t.Errorf("maps: %v %v %v", in.Tags, in.Counts, in.Structs)
	}
	if in.Inner == nil || in.Inner.Message != nil {
		t.Errorf("inner = %+v", in.Inner)
	}
	if !reflect.DeepEqual(in.Doc, map[string]any{"a": []any{1.0, "two", nil}}) {
		t.Errorf("doc = %#v", in.Doc)
	}
}

func TestDecodeEmptyAndNull(t *testing.T) {
	for _, body := range []string{"", "  \n", "{}", "null", `{"s":null,"events":null,"tags":null}`} {
		in, err := decodeJSON(body)
		if err != nil || !reflect.DeepEqual(in, &tInput{}) {
			t.Errorf("%q: %+v, %v", body, in, err)
		}
	}
}

func TestDecodeNumbersAndTimes(t *testing.T) {
	for _, tc := range []struct {
		body string
		want int64
	}{
		{`{"i64":-9223372036854775808}`, math.MinInt64},
		{`{"i64":9223372036854775807}`, math.MaxInt64},
		{`{"i64":1e3}`, 1000},
		{`{"i64":-0}`, 0},
		{`{"i64":12.0}`, 12},
	} {
		in, err := decodeJSON(tc.body)
		if err != nil || *in.I64 != tc.want {
			t.Errorf("%s: %v %v", tc.body, in.I64, err)
		}
	}
	for _, tc := range []struct {
		body string
		want time.Time
	}{
		{`{"t":0}`, time.Unix(0, 0)},
		{`{"t":-1.5}`, time.Unix(-2, 5e8)},
		{`{"t":1.7e9}`, time.Unix(1.7e9, 0)},
		{`{"t":1700000000.000001}`, time.Unix(1700000000, 1000)},
		{`{"t":"2026-11-29T22:15:04.5Z"}`, time.Date(2026, 11, 29, 22, 15, 4, 5e8, time.UTC)},
		{`{"t":"Sun, 29 Nov 2026 22:15:04 GMT"}`, time.Date(2026, 11, 29, 22, 15, 4, 0, time.UTC)},
	} {
		in, err := decodeJSON(tc.body)
		if err != nil || !in.T.Equal(tc.want) {
			t.Errorf("%s: %v %v", tc.body, in.T, err)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct{ body, member string }{
		{`{"s":1}`, "s"},
		{`{"i32":"1"}`, "i32"},
		{`{"i32":2147483648}`, "i32"},
		{`{"i32":1.5}`, "i32"},
		{`{"i64":9223372036854775808}`, "i64"},
		{`{"i64":18446744073709551616}`, "i64"},
		{`{"i64":-9223372036854775809}`, "i64"},
		{`{"i64":184467440737095516160}`, "i64"},
		{`{"i32":-2147483649}`, "i32"},
		{`{"b":"true"}`, "b"},
		{`{"b":1}`, "b"},
		{`{"f":"1"}`, "f"},
		{`{"f":true}`, "f"},
		{`{"t":"yesterday"}`, "t"},
		{`{"t":true}`, "t"},
		{`{"t":1e300}`, "t"},
		{`{"blob":"***"}`, "blob"},
		{`{"blob":[1]}`, "blob"},
		{`{"events":{}}`, "events"},
		{`{"events":[{"timestamp":"x"}]}`, "events[0].timestamp"},
		{`{"events":[{},{"message":false}]}`, "events[1].message"},
		{`{"tags":[]}`, "tags"},
		{`{"tags":{"k":1}}`, "tags.k"},
		{`{"inner":"x"}`, "inner"},
		{`{"nested":[["a",1]]}`, "nested[0][1]"},
		{`[]`, "(request body)"},
		{`"x"`, "(request body)"},
	} {
		_, err := decodeJSON(tc.body)
		e, ok := awserr.As(err)
		if !ok || e.Code != "SerializationException" || e.Status != 400 {
			t.Errorf("%s: %v, want SerializationException", tc.body, err)
			continue
		}
		if !strings.Contains(e.Message, tc.member) {
			t.Errorf("%s: message %q does not name %s", tc.body, e.Message, tc.member)
		}
	}
	for _, body := range []string{
		`{`, `{"s"}`, `{"s":}`, `{"s":"a",}`, `{"s":"a"`, `{"s":"a" "i32":1}`, `{s:1}`, `{"s":"\x"}`,
		`{"s":"` + "\x01" + `"}`, `{"s":"\u12"}`, `{"x":01}`, `{"x":1.}`, `{"x":-}`, `{"x":1e}`, `{"x":tru}`,
		`{"x":nul}`, `{} {}`, `{"x":[1,]}`, `{"x":[1 2]}`, `{"x":{"a" 1}}`, `{"s":"unterminated`,
		strings.Repeat(`{"x":`, 300) + "1" + strings.Repeat("}", 300),
		`{"nested":` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "}",
	} {
		_, err := decodeJSON(body)
		e, ok := awserr.As(err)
		if !ok || e.Code != "SerializationException" || e.Status != 400 {
			t.Errorf("%.40s: %v, want SerializationException", body, err)
		}
	}
}

func TestDecodeInvalidUTF8(t *testing.T) {
	in, err := decodeJSON("{\"s\":\"a\xffb\",\"tags\":{\"k\\u00e9\xfe\":\"\\ud800x\"}}")
	if err != nil {
		t.Fatal(err)
	}
	if *in.S != "a\uFFFDb" || in.Tags["ké\uFFFD"] != "\uFFFDx" {
		t.Errorf("s=%q tags=%q", *in.S, in.Tags)
	}
}

type tOutput struct {
	Name    *string            `aws:"name"`
	Count   *int32             `aws:"count"`
	Big     *int64             `aws:"big"`
	Ok      *bool              `aws:"ok"`
	Ratio   *float64           `aws:"ratio"`
	Huge    *float64           `aws:"huge"`
	NaN     *float64           `aws:"nan"`
	When    *time.Time         `aws:"when"`
	WhenMs  *time.Time         `aws:"whenMs"`
	Before  *time.Time         `aws:"before"`
	ISO     *time.Time         `aws:"iso,ts=iso8601"`
	Blob    []byte             `aws:"blob"`
	Events  []tEvent           `aws:"events"`
	Empty   []string           `aws:"empty"`
	EmptyM  map[string]string  `aws:"emptyMap"`
	Tags    map[string]string  `aws:"tags"`
	Structs map[string]*tEvent `aws:"structs"`
	Doc     any                `aws:"doc"`
	Missing *string            `aws:"missing"`
	NilList []string           `aws:"nilList"`
}

func TestWriteOutput(t *testing.T) {
	when := time.Date(2026, 11, 29, 22, 15, 4, 0, time.FixedZone("x", 3600))
	whenMs := time.Date(2026, 11, 29, 22, 15, 4, 120e6, time.UTC)
	before := time.Unix(-2, 5e8)
	out := &tOutput{
		Name: new("a\"b\\c\n\x01\u2028é\xff"), Count: new(int32(3)), Big: new(int64(math.MaxInt64)), Ok: new(true),
		Ratio: new(0.1), Huge: new(1e21), NaN: new(math.NaN()), When: &when, WhenMs: &whenMs, Before: &before, ISO: &whenMs,
		Blob:    []byte("hi"),
		Events:  []tEvent{{Timestamp: new(int64(1)), Message: new("m")}, {}},
		Empty:   []string{},
		EmptyM:  map[string]string{},
		Tags:    map[string]string{"b": "2", "a": "1"},
		Structs: map[string]*tEvent{"x": {Message: new("y")}, "n": nil},
		Doc:     map[string]any{"k": []any{1, "v"}},
	}
	rec := httptest.NewRecorder()
	svc := &protocol.Service{JSONVersion: "1.1"}
	if err := (Codec{}).WriteOutput(rec, svc, &protocol.Operation{Name: "Op"}, out, "rid"); err != nil {
		t.Fatal(err)
	}
	want := `{"name":"a\"b\\c\n\u0001` + "\u2028é\uFFFD" + `","count":3,"big":9223372036854775807,"ok":true,"ratio":0.1,"huge":1e+21,"nan":"NaN",` +
		`"when":1795986904,"whenMs":1795990504.12,"before":-1.5,"iso":"2026-11-29T22:15:04.12Z","blob":"aGk=",` +
		`"events":[{"timestamp":1,"message":"m"},{}],"empty":[],"emptyMap":{},"tags":{"a":"1","b":"2"},` +
		`"structs":{"n":null,"x":{"message":"y"}},"doc":{"k":[1,"v"]}}`
	if got := rec.Body.String(); got != want {
		t.Errorf("body:\n got %s\nwant %s", got, want)
	}
	if !json.Valid(rec.Body.Bytes()) {
		t.Error("invalid JSON")
	}
	h := rec.Header()
	if rec.Code != 200 || h.Get("Content-Type") != "application/x-amz-json-1.1" || h.Get("x-amzn-RequestId") != "rid" || h.Get("Content-Length") != strconv.Itoa(len(want)) {
		t.Errorf("%d %v", rec.Code, h)
	}

	rec = httptest.NewRecorder()
	if err := (Codec{}).WriteOutput(rec, &protocol.Service{JSONVersion: "1.0"}, &protocol.Operation{Name: "Op"}, nil, "rid"); err != nil {
		t.Fatal(err)
	}
	if rec.Body.String() != "{}" || rec.Header().Get("Content-Type") != "application/x-amz-json-1.0" {
		t.Errorf("no output: %s %v", rec.Body, rec.Header())
	}
	if err := (Codec{}).WriteOutput(httptest.NewRecorder(), svc, &protocol.Operation{Name: "Op"}, "x", "rid"); err == nil {
		t.Error("a non-struct output must fail")
	}
}

func TestWriteError(t *testing.T) {
	rec := httptest.NewRecorder()
	Codec{}.WriteError(rec, &protocol.Service{JSONVersion: "1.1"}, &awserr.Error{Code: "ResourceNotFoundException", Message: `The specified log group "x" does not exist.`, Status: 400}, "rid")
	want := `{"__type":"ResourceNotFoundException","message":"The specified log group \"x\" does not exist."}`
	if rec.Code != 400 || rec.Body.String() != want || rec.Header().Get("x-amzn-ErrorType") != "ResourceNotFoundException" ||
		rec.Header().Get("Content-Type") != "application/x-amz-json-1.1" {
		t.Errorf("%d %s %v", rec.Code, rec.Body, rec.Header())
	}
	rec = httptest.NewRecorder()
	Codec{}.WriteError(rec, nil, awserr.Internal(errString("boom")), "rid")
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"__type":"InternalError"`) {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
