package restjson_test

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/restjson"
)

// Hand-written shapes in the generator's style.

type tag struct {
	Key   *string `aws:"Key,req"`
	Value *string `aws:"Value"`
}

type config struct {
	Memory  *int32             `aws:"MemorySize"`
	Timeout *float64           `aws:"Timeout"`
	Env     map[string]string  `aws:"Environment"`
	Layers  []string           `aws:"Layers"`
	Tags    []tag              `aws:"Tags"`
	ByName  map[string]*tag    `aws:"ByName"`
	Created *time.Time         `aws:"Created"`
	Iso     *time.Time         `aws:"Iso,ts=iso8601"`
	Code    []byte             `aws:"Code"`
	Doc     any                `aws:"Document"`
	Active  *bool              `aws:"Active"`
	Nested  *config            `aws:"Nested"`
	Grid    [][]int64          `aws:"Grid"`
	Counts  map[string][]int32 `aws:"Counts"`
}

type createIn struct {
	Name      *string    `aws:"FunctionName,loc=uri,req"`
	Qualifier *string    `aws:"Qualifier,loc=querystring"`
	Since     *time.Time `aws:"If-Modified-Since,loc=header"`
	Trace     *string    `aws:"X-Trace,loc=header,jsonvalue"`
	Memory    *int32     `aws:"MemorySize"`
	Tags      []tag      `aws:"Tags"`
	Created   *time.Time `aws:"Created"`
	Config    *config    `aws:"Config"`
}

type createOut struct {
	Status   *int32            `aws:"Status,loc=statusCode"`
	Version  *string           `aws:"X-Version,loc=header"`
	Meta     map[string]string `aws:"x-meta-,loc=headers"`
	Arn      *string           `aws:"FunctionArn"`
	Modified *time.Time        `aws:"LastModified"`
	Config   *config           `aws:"Config"`
}

type putCodeIn struct {
	Name *string `aws:"FunctionName,loc=uri,req"`
	Body []byte  `aws:"Body,payload,streaming"`
}

type getConfigOut struct {
	ETag   *string `aws:"ETag,loc=header"`
	Config *config `aws:"Config,payload"`
}

type listIn struct {
	Marker   *string             `aws:"Marker,loc=querystring"`
	MaxItems *int32              `aws:"MaxItems,loc=querystring"`
	Filters  map[string][]string `aws:"Filters,loc=querystring"`
}

type invokeIn struct {
	Name    *string `aws:"FunctionName,loc=uri,req"`
	Payload any     `aws:"Payload,payload"`
}

type pathIn struct {
	Bucket *string `aws:"Bucket,loc=uri,req"`
	Path   *string `aws:"Path,loc=uri,req"`
}

var svc = &protocol.Service{
	Name: "lambda", Protocol: "rest-json", APIVersion: "2015-03-31",
	Operations: map[string]*protocol.Operation{
		"CreateFunction":  {Name: "CreateFunction", Method: "POST", RequestURI: "/2015-03-31/functions/{FunctionName}", ResponseCode: 201, NewInput: func() any { return new(createIn) }, NewOutput: func() any { return new(createOut) }},
		"PutCode":         {Name: "PutCode", Method: "PUT", RequestURI: "/2015-03-31/functions/{FunctionName}/code", NewInput: func() any { return new(putCodeIn) }},
		"GetConfig":       {Name: "GetConfig", Method: "GET", RequestURI: "/2015-03-31/functions/{FunctionName}/configuration", NewInput: func() any { return new(putCodeIn) }, NewOutput: func() any { return new(getConfigOut) }},
		"ListFunctions":   {Name: "ListFunctions", Method: "GET", RequestURI: "/2015-03-31/functions", NewInput: func() any { return new(listIn) }},
		"ListVersions":    {Name: "ListVersions", Method: "GET", RequestURI: "/2015-03-31/functions?versions", NewInput: func() any { return new(listIn) }},
		"Invoke":          {Name: "Invoke", Method: "POST", RequestURI: "/2015-03-31/functions/{FunctionName}/invocations", NewInput: func() any { return new(invokeIn) }},
		"DeleteFunction":  {Name: "DeleteFunction", Method: "DELETE", RequestURI: "/2015-03-31/functions/{FunctionName}", ResponseCode: 204, NewInput: func() any { return new(putCodeIn) }},
		"GetObjectByPath": {Name: "GetObjectByPath", Method: "GET", RequestURI: "/objects/{Bucket}/{Path+}", NewInput: func() any { return new(pathIn) }},
	},
}

var codec restjson.Codec

func newReq(method, target string, headers map[string]string, body string) *protocol.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	return &protocol.Request{HTTP: r, Body: []byte(body)}
}

func decode(t *testing.T, req *protocol.Request) (string, any, error) {
	t.Helper()
	name, err := codec.Resolve(svc, req)
	if err != nil {
		return "", nil, err
	}
	op := svc.Operations[name]
	in := op.NewInput()
	return name, in, codec.Decode(svc, op, req, in)
}

func ptr[T any](v T) *T { return &v }

func TestResolve(t *testing.T) {
	for _, tc := range []struct{ method, target, op string }{
		{"POST", "/2015-03-31/functions/f1", "CreateFunction"},
		{"DELETE", "/2015-03-31/functions/f1", "DeleteFunction"},
		{"PUT", "/2015-03-31/functions/f1/code", "PutCode"},
		{"GET", "/2015-03-31/functions/f1/configuration", "GetConfig"},
		{"GET", "/2015-03-31/functions", "ListFunctions"},
		{"GET", "/2015-03-31/functions/", "ListFunctions"},
		{"GET", "/2015-03-31/functions?versions&Marker=m", "ListVersions"},
		{"GET", "/objects/b/a/b/c.txt", "GetObjectByPath"},
	} {
		got, err := codec.Resolve(svc, newReq(tc.method, tc.target, nil, ""))
		if err != nil || got != tc.op {
			t.Errorf("%s %s = %q %v, want %s", tc.method, tc.target, got, err, tc.op)
		}
	}
	_, err := codec.Resolve(svc, newReq("PATCH", "/2015-03-31/functions/f1", nil, ""))
	if ae := err.(*awserr.Error); ae.Status != 405 || ae.Code != "MethodNotAllowedException" {
		t.Errorf("PATCH: %v", err)
	}
	_, err = codec.Resolve(svc, newReq("GET", "/nope", nil, ""))
	if ae := err.(*awserr.Error); ae.Status != 404 || ae.Code != "UnknownOperationException" {
		t.Errorf("unknown: %v", err)
	}
	_, err = codec.Resolve(svc, newReq("GET", "/objects/b", nil, ""))
	if err == nil {
		t.Errorf("greedy label must not match empty")
	}
}

func TestDecode(t *testing.T) {
	body := `{"MemorySize":128,"Tags":[{"Key":"a","Value":"b"}],"Created":1767323045.678,"Unknown":{"x":1},
	"Config":{"Timeout":3.5,"Environment":{"K":"V"},"Layers":["l1","l2"],"ByName":{"t":{"Key":"k"}},"Iso":"2026-01-02T03:04:05Z",
	"Code":"AAEC","Document":{"any":[1,"two",null]},"Active":false,"Nested":{"MemorySize":1},"Grid":[[1,2],[3]],"Counts":{"c":[1,2]},"Created":"Sun, 29 Nov 2026 22:15:04 GMT"}}`
	name, in, err := decode(t, newReq("POST", "/2015-03-31/functions/my%20fn?Qualifier=v1", map[string]string{
		"If-Modified-Since": "Sun, 29 Nov 2026 22:15:04 GMT",
		"X-Trace":           "eyJhIjoxfQ==",
	}, body))
	if err != nil || name != "CreateFunction" {
		t.Fatalf("%s: %v", name, err)
	}
	c := in.(*createIn)
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC)
	mod := time.Date(2026, 11, 29, 22, 15, 4, 0, time.UTC)
	want := &createIn{
		Name: ptr("my fn"), Qualifier: ptr("v1"), Since: &mod, Trace: ptr(`{"a":1}`),
		Memory: ptr(int32(128)), Tags: []tag{{Key: ptr("a"), Value: ptr("b")}}, Created: &stamp,
		Config: &config{
			Timeout: ptr(3.5), Env: map[string]string{"K": "V"}, Layers: []string{"l1", "l2"},
			ByName: map[string]*tag{"t": {Key: ptr("k")}}, Iso: ptr(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)),
			Code: []byte{0, 1, 2}, Doc: map[string]any{"any": []any{json.Number("1"), "two", nil}}, Active: ptr(false),
			Nested: &config{Memory: ptr(int32(1))}, Grid: [][]int64{{1, 2}, {3}}, Counts: map[string][]int32{"c": {1, 2}}, Created: &mod,
		},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("decoded\n %+v\n %+v\nwant\n %+v\n %+v", c, c.Config, want, want.Config)
	}

	// Raw payload, document payload, querystring map.
	_, in, err = decode(t, newReq("PUT", "/2015-03-31/functions/f/code", nil, "\x00binary"))
	if err != nil || string(in.(*putCodeIn).Body) != "\x00binary" {
		t.Errorf("raw payload: %v", err)
	}
	_, in, err = decode(t, newReq("POST", "/2015-03-31/functions/f/invocations", nil, `[1,{"a":true}]`))
	if err != nil || !reflect.DeepEqual(in.(*invokeIn).Payload, []any{json.Number("1"), map[string]any{"a": true}}) {
		t.Errorf("document payload: %#v %v", in.(*invokeIn).Payload, err)
	}
	_, in, err = decode(t, newReq("GET", "/2015-03-31/functions?Marker=m&MaxItems=5&runtime=go&runtime=py&x-id=ListFunctions", nil, ""))
	l := in.(*listIn)
	if err != nil || *l.Marker != "m" || *l.MaxItems != 5 || !reflect.DeepEqual(l.Filters, map[string][]string{"runtime": {"go", "py"}}) {
		t.Errorf("list: %+v %v", l, err)
	}
	// Empty body.
	_, in, err = decode(t, newReq("POST", "/2015-03-31/functions/f", nil, "  "))
	if err != nil || in.(*createIn).Memory != nil {
		t.Errorf("empty: %v", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		method, target string
		headers        map[string]string
		body, code     string
	}{
		{"POST", "/2015-03-31/functions/f", nil, `{"MemorySize":`, "SerializationException"},
		{"POST", "/2015-03-31/functions/f", nil, `{"MemorySize":"big"}`, "SerializationException"},
		{"POST", "/2015-03-31/functions/f", nil, `{"MemorySize":1.5}`, "SerializationException"},
		{"POST", "/2015-03-31/functions/f", nil, `{"MemorySize":99999999999}`, "SerializationException"},
		{"POST", "/2015-03-31/functions/f", nil, `{"Tags":{"a":1}}`, "SerializationException"},
		{"POST", "/2015-03-31/functions/f", nil, `[1]`, "SerializationException"},
		{"POST", "/2015-03-31/functions/f", nil, `{} {}`, "SerializationException"},
		{"POST", "/2015-03-31/functions/f", nil, `{"Created":"yesterday"}`, "SerializationException"},
		{"POST", "/2015-03-31/functions/f", nil, `{"Config":{"Code":"!!"}}`, "SerializationException"},
		{"POST", "/2015-03-31/functions/f", map[string]string{"If-Modified-Since": "someday"}, ``, "ValidationException"},
		{"POST", "/2015-03-31/functions/f", map[string]string{"X-Trace": "***"}, ``, "ValidationException"},
		{"GET", "/2015-03-31/functions?MaxItems=ten", nil, ``, "ValidationException"},
	} {
		_, _, err := decode(t, newReq(tc.method, tc.target, tc.headers, tc.body))
		ae, ok := err.(*awserr.Error)
		if !ok || ae.Code != tc.code || ae.Status != 400 {
			t.Errorf("%s %s %v %q: %v, want %s", tc.method, tc.target, tc.headers, tc.body, err, tc.code)
		}
	}
}

func TestWriteOutput(t *testing.T) {
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC)
	w := httptest.NewRecorder()
	out := &createOut{
		Version: ptr("3"), Meta: map[string]string{"a": "1"}, Arn: ptr("arn:aws:lambda:us-east-1:1:function:f<&>"), Modified: &stamp,
		Config: &config{Timeout: ptr(math.Inf(1)), Iso: &stamp, Code: []byte{1, 2}, Doc: map[string]any{"k": []int{1}}, Layers: []string{}, Env: map[string]string{"b": "2", "a": "1\n"}},
	}
	if err := codec.WriteOutput(w, svc, svc.Operations["CreateFunction"], out, "RID"); err != nil {
		t.Fatal(err)
	}
	want := `{"FunctionArn":"arn:aws:lambda:us-east-1:1:function:f\u003c\u0026\u003e","LastModified":1767323045.678,"Config":{"Timeout":"Infinity","Environment":{"a":"1\n","b":"2"},"Layers":[],"Iso":"2026-01-02T03:04:05.678Z","Code":"AQI=","Document":{"k":[1]}}}`
	if got := w.Body.String(); got != want {
		t.Errorf("body\n got %s\nwant %s", got, want)
	}
	h := w.Header()
	if w.Code != 201 || h.Get("X-Version") != "3" || h.Get("x-meta-a") != "1" || h.Get("Content-Type") != "application/json" || h.Get("x-amzn-RequestId") != "RID" {
		t.Errorf("status %d headers %v", w.Code, h)
	}
	var v map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Errorf("not JSON: %v", err)
	}
	// The output decodes back (output and input share the JSON mapping).
	w = httptest.NewRecorder()
	_ = codec.WriteOutput(w, svc, svc.Operations["CreateFunction"], &createOut{Status: ptr(int32(202))}, "RID")
	if w.Code != 202 || w.Body.String() != "{}" {
		t.Errorf("statusCode member: %d %q", w.Code, w.Body.String())
	}
	// Structure payload.
	w = httptest.NewRecorder()
	_ = codec.WriteOutput(w, svc, svc.Operations["GetConfig"], &getConfigOut{ETag: ptr("e"), Config: &config{Memory: ptr(int32(64))}}, "RID")
	if w.Body.String() != `{"MemorySize":64}` || w.Header().Get("ETag") != "e" {
		t.Errorf("payload: %q", w.Body.String())
	}
	w = httptest.NewRecorder()
	_ = codec.WriteOutput(w, svc, svc.Operations["DeleteFunction"], nil, "RID")
	if w.Code != 204 || w.Body.Len() != 0 {
		t.Errorf("delete: %d", w.Code)
	}
}

func TestRoundTrip(t *testing.T) {
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC)
	src := &config{Memory: ptr(int32(5)), Timeout: ptr(0.25), Env: map[string]string{"x": "y"}, Layers: []string{"a"},
		Tags: []tag{{Key: ptr("k")}}, ByName: map[string]*tag{"n": {Key: ptr("k2"), Value: ptr("")}}, Created: &stamp, Iso: &stamp,
		Code: []byte("code"), Active: ptr(true), Nested: &config{Layers: []string{}}, Grid: [][]int64{{-1}}, Counts: map[string][]int32{"z": {}}}
	w := httptest.NewRecorder()
	_ = codec.WriteOutput(w, svc, svc.Operations["GetConfig"], &getConfigOut{Config: src}, "R")
	op := &protocol.Operation{Name: "Echo", Method: "POST", RequestURI: "/echo"}
	type echoIn struct {
		Config *config `aws:"Config,payload"`
	}
	esvc := &protocol.Service{Name: "echo", Operations: map[string]*protocol.Operation{"Echo": op}}
	in := new(echoIn)
	if err := codec.Decode(esvc, op, newReq("POST", "/echo", nil, w.Body.String()), in); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in.Config, src) {
		t.Errorf("round trip\n got %+v\nwant %+v", in.Config, src)
	}
}

func TestWriteError(t *testing.T) {
	w := httptest.NewRecorder()
	codec.WriteError(w, svc, &awserr.Error{Code: "ResourceNotFoundException", Message: `Function not found: "f"`, Status: 404}, "RID")
	if w.Code != 404 || w.Header().Get("X-Amzn-ErrorType") != "ResourceNotFoundException" || w.Body.String() != `{"message":"Function not found: \"f\""}` || w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("%d %v %s", w.Code, w.Header(), w.Body.String())
	}
	var v struct{ Message string }
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || v.Message != `Function not found: "f"` {
		t.Errorf("body %v %v", v, err)
	}
	_ = http.StatusOK
}
