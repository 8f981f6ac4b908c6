package query

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

type tTag struct {
	Key   *string `aws:"Key"`
	Value *string `aws:"Value"`
}

type tInner struct {
	Name *string `aws:"Name"`
	N    *int32  `aws:"N"`
}

type tInput struct {
	S       *string            `aws:"S"`
	I32     *int32             `aws:"I32"`
	I64     *int64             `aws:"I64"`
	B       *bool              `aws:"B"`
	F       *float64           `aws:"F"`
	T       *time.Time         `aws:"T"`
	TU      *time.Time         `aws:"TU,ts=unixTimestamp"`
	Blob    []byte             `aws:"Blob"`
	Inner   *tInner            `aws:"Inner"`
	Strs    []string           `aws:"Strs"`
	Ints    []int64            `aws:"Ints"`
	Tags    []tTag             `aws:"Tags,member=Tag"`
	Flat    []string           `aws:"Flat,flat"`
	M       map[string]string  `aws:"M"`
	MK      map[string]string  `aws:"MK,key=Name,value=Val"`
	FM      map[string]string  `aws:"FM,flat"`
	MS      map[string]*tInner `aws:"MS"`
	MI      map[string]int32   `aws:"MI"`
	Nested  [][]string         `aws:"Nested"`
	Renamed *string            `aws:"wire-name"`
	Doc     any                `aws:"Doc"`
}

func formRequest(body, rawQuery string) *protocol.Request {
	method := http.MethodPost
	if body == "" {
		method = http.MethodGet
	}
	r := httptest.NewRequest(method, "/?"+rawQuery, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	}
	return &protocol.Request{HTTP: r, Body: []byte(body)}
}

func decodeForm(t *testing.T, body string) (*tInput, error) {
	t.Helper()
	var in tInput
	err := Codec{}.Decode(nil, nil, formRequest(body, ""), &in)
	return &in, err
}

func sp(s string) *string { return &s }

func TestResolve(t *testing.T) {
	c := Codec{}
	for _, tc := range []struct {
		body, query, want string
	}{
		{"Action=ListRoles&Version=2010-05-08", "", "ListRoles"},
		{"", "Action=GetCallerIdentity&Version=2011-06-15", "GetCallerIdentity"},
		{"Version=x&%41ction=Create%52ole", "", "CreateRole"},
		{"Action=FromBody", "Action=FromQuery", "FromBody"},
		{"Version=1", "Action=FromQuery", "FromQuery"},
	} {
		got, err := c.Resolve(nil, formRequest(tc.body, tc.query))
		if err != nil || got != tc.want {
			t.Errorf("Resolve(%q, %q) = %q, %v; want %q", tc.body, tc.query, got, err, tc.want)
		}
	}
	for _, body := range []string{"Version=1", "Action=", "action=ListRoles", ""} {
		_, err := c.Resolve(nil, formRequest(body, ""))
		e, ok := awserr.As(err)
		if !ok || e.Code != "MissingAction" || e.Status != 400 {
			t.Errorf("Resolve(%q): %v, want MissingAction 400", body, err)
		}
	}
	// A JSON body is not a form: its "Action" is not read.
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	r.Header.Set("Content-Type", "application/json")
	if _, err := c.Resolve(nil, &protocol.Request{HTTP: r, Body: []byte("Action=X")}); err == nil {
		t.Error("a non-form body was parsed as a form")
	}
}

func TestDecodeScalars(t *testing.T) {
	in, err := decodeForm(t, "Action=X&S=a+b%26c&I32=-42&I64=9007199254740993&B=true&F=1.5e3"+
		"&T=2026-11-29T22:15:04.25Z&TU=1700000000.5&Blob=aGVsbG8%3D&Inner.Name=n&Inner.N=7&wire-name=&Unknown.1.X=y")
	if err != nil {
		t.Fatal(err)
	}
	if *in.S != "a b&c" || *in.I32 != -42 || *in.I64 != 9007199254740993 || !*in.B || *in.F != 1500 {
		t.Errorf("scalars: %+v", in)
	}
	if want := time.Date(2026, 11, 29, 22, 15, 4, 250e6, time.UTC); !in.T.Equal(want) {
		t.Errorf("T = %v", in.T)
	}
	if want := time.Unix(1700000000, 5e8); !in.TU.Equal(want) {
		t.Errorf("TU = %v", in.TU)
	}
	if string(in.Blob) != "hello" {
		t.Errorf("Blob = %q", in.Blob)
	}
	if in.Inner == nil || *in.Inner.Name != "n" || *in.Inner.N != 7 {
		t.Errorf("Inner = %+v", in.Inner)
	}
	if in.Renamed == nil || *in.Renamed != "" {
		t.Errorf("an empty value must be a present empty string, got %v", in.Renamed)
	}
	if in.Doc != nil || in.Strs != nil || in.M != nil {
		t.Errorf("absent members set: %+v", in)
	}
}

func TestDecodeListsByNumericIndex(t *testing.T) {
	var b strings.Builder
	b.WriteString("Action=X")
	for _, i := range []string{"10", "2", "1", "11", "3", "4", "5", "6", "7", "8", "9"} {
		b.WriteString("&Tags.Tag." + i + ".Key=k" + i + "&Tags.Tag." + i + ".Value=v" + i)
		b.WriteString("&Strs.member." + i + "=s" + i)
	}
	b.WriteString("&Flat.3=c&Flat.1=a&Ints.member.2=20&Ints.member.1=10")
	b.WriteString("&Nested.member.2.member.1=b1&Nested.member.1.member.2=a2&Nested.member.1.member.1=a1")
	in, err := decodeForm(t, b.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Tags) != 11 || len(in.Strs) != 11 {
		t.Fatalf("got %d tags, %d strings", len(in.Tags), len(in.Strs))
	}
	for i := range 11 {
		want := "k" + itoa(i+1)
		if *in.Tags[i].Key != want || *in.Tags[i].Value != "v"+itoa(i+1) || in.Strs[i] != "s"+itoa(i+1) {
			t.Errorf("element %d = %s/%s/%s", i, *in.Tags[i].Key, *in.Tags[i].Value, in.Strs[i])
		}
	}
	if !reflect.DeepEqual(in.Flat, []string{"a", "c"}) {
		t.Errorf("Flat = %q (gaps close up)", in.Flat)
	}
	if !reflect.DeepEqual(in.Ints, []int64{10, 20}) {
		t.Errorf("Ints = %v", in.Ints)
	}
	if !reflect.DeepEqual(in.Nested, [][]string{{"a1", "a2"}, {"b1"}}) {
		t.Errorf("Nested = %q", in.Nested)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestDecodeEmptyListAndMap(t *testing.T) {
	in, err := decodeForm(t, "Strs=&Tags=&M=&Flat=")
	if err != nil {
		t.Fatal(err)
	}
	if in.Strs == nil || len(in.Strs) != 0 || in.Tags == nil || in.M == nil || in.Flat == nil {
		t.Errorf("Name= must be an empty list/map: %+v", in)
	}
}

func TestDecodeMaps(t *testing.T) {
	in, err := decodeForm(t, "M.entry.2.key=b&M.entry.2.value=2&M.entry.1.key=a&M.entry.1.value=1"+
		"&MK.entry.1.Name=x&MK.entry.1.Val=y&FM.1.key=f&FM.1.value=g"+
		"&MS.entry.1.key=s&MS.entry.1.value.Name=nm&MS.entry.1.value.N=3&MI.entry.1.key=i&MI.entry.1.value=9"+
		"&M.entry.3.key=empty")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in.M, map[string]string{"a": "1", "b": "2", "empty": ""}) {
		t.Errorf("M = %v", in.M)
	}
	if !reflect.DeepEqual(in.MK, map[string]string{"x": "y"}) || !reflect.DeepEqual(in.FM, map[string]string{"f": "g"}) {
		t.Errorf("MK = %v, FM = %v", in.MK, in.FM)
	}
	if s := in.MS["s"]; s == nil || *s.Name != "nm" || *s.N != 3 {
		t.Errorf("MS = %v", in.MS)
	}
	if in.MI["i"] != 9 {
		t.Errorf("MI = %v", in.MI)
	}
}

func TestDecodeQueryStringAndPrecedence(t *testing.T) {
	var in tInput
	req := formRequest("S=body&Strs.member.1=b", "Action=X&S=query&I32=5&S=query2")
	if err := (Codec{}).Decode(nil, nil, req, &in); err != nil {
		t.Fatal(err)
	}
	if *in.S != "body" || *in.I32 != 5 || in.Strs[0] != "b" {
		t.Errorf("merge: %+v", in)
	}
}

func TestDecodeRejectsMalformed(t *testing.T) {
	for _, body := range []string{
		"I32=five", "I32=2147483648", "I32=", "I64=1.0", "B=yes", "B=True", "B=", "F=x",
		"T=yesterday", "T=2026-13-01T00:00:00Z", "TU=soon", "Blob=***",
		"Strs.member.0=a", "Strs.member.-1=a", "Strs.member.01=a", "Strs.member.x=a", "Strs.member.99999999999=a",
		"Flat.a=x", "M.entry.1.value=v", "M.entry.0.key=k", "Tags.Tag.1.Key=a&Tags.Tag.+1.Key=b",
		"Inner.N=1.5", "MI.entry.1.key=a&MI.entry.1.value=b", "S=%zz", "%zz=1",
	} {
		_, err := decodeForm(t, body)
		e, ok := awserr.As(err)
		if !ok || e.Status != 400 {
			t.Errorf("%q: got %v, want a 400 *awserr.Error", body, err)
			continue
		}
		if e.Code != "InvalidParameterValue" && e.Code != "MalformedQueryString" {
			t.Errorf("%q: code %s", body, e.Code)
		}
	}
	_, err := decodeForm(t, "Tags.Tag.1.Key=a&I32=x1")
	if e, _ := awserr.As(err); e == nil || !strings.Contains(e.Message, "I32") || !strings.Contains(e.Message, "x1") {
		t.Errorf("message must name the parameter and value: %v", err)
	}
	_, err = decodeForm(t, "Tags.Tag.0.Key=a")
	if e, _ := awserr.As(err); e == nil || !strings.Contains(e.Message, "Tags.Tag.0") {
		t.Errorf("message must name the parameter: %v", err)
	}
}

type tOutTag struct {
	Key   *string `aws:"Key"`
	Value *string `aws:"Value"`
}

type tOutput struct {
	Name    *string            `aws:"Name"`
	Count   *int32             `aws:"Count"`
	Big     *int64             `aws:"Big"`
	Ok      *bool              `aws:"Ok"`
	Ratio   *float64           `aws:"Ratio"`
	When    *time.Time         `aws:"When"`
	WhenMs  *time.Time         `aws:"WhenMs"`
	Epoch   *time.Time         `aws:"Epoch,ts=unixTimestamp"`
	Blob    []byte             `aws:"Blob"`
	Tags    []tOutTag          `aws:"Tags,member=Tag"`
	Strs    []string           `aws:"Strs"`
	Empty   []string           `aws:"Empty"`
	Flat    []string           `aws:"Flat,flat"`
	M       map[string]string  `aws:"M"`
	MS      map[string]*tInner `aws:"MS,key=K,value=V"`
	Inner   *tInner            `aws:"Inner"`
	Missing *string            `aws:"Missing"`
	NilList []string           `aws:"NilList"`
}

func TestWriteOutput(t *testing.T) {
	when := time.Date(2026, 11, 29, 22, 15, 4, 0, time.FixedZone("x", 3600))
	whenMs := time.Date(2026, 11, 29, 22, 15, 4, 120e6, time.UTC)
	out := &tOutput{
		Name: sp("a<b>&\"c\"\r\n\x01"), Count: new(int32(3)), Big: new(int64(-9007199254740993)), Ok: new(false), Ratio: new(0.25),
		When: &when, WhenMs: &whenMs, Epoch: &whenMs, Blob: []byte("hi"),
		Tags:  []tOutTag{{sp("k1"), sp("v1")}, {Key: sp("k2")}},
		Strs:  []string{"x", "y"},
		Empty: []string{},
		Flat:  []string{"f1", "f2"},
		M:     map[string]string{"b": "2", "a": "1"},
		MS:    map[string]*tInner{"s": {Name: sp("n")}},
		Inner: &tInner{N: new(int32(0))},
	}
	svc := &protocol.Service{XMLNamespace: "https://iam.amazonaws.com/doc/2010-05-08/"}
	op := &protocol.Operation{Name: "GetThing", ResultWrapper: "GetThingResult"}
	rec := httptest.NewRecorder()
	if err := (Codec{}).WriteOutput(rec, svc, op, out, "rid-1"); err != nil {
		t.Fatal(err)
	}
	want := `<GetThingResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetThingResult>` +
		`<Name>a&lt;b&gt;&amp;"c"&#xD;` + "\n\uFFFD" + `</Name><Count>3</Count><Big>-9007199254740993</Big><Ok>false</Ok><Ratio>0.25</Ratio>` +
		`<When>2026-11-29T21:15:04Z</When><WhenMs>2026-11-29T22:15:04.12Z</WhenMs><Epoch>1795990504.12</Epoch><Blob>aGk=</Blob>` +
		`<Tags><Tag><Key>k1</Key><Value>v1</Value></Tag><Tag><Key>k2</Key></Tag></Tags>` +
		`<Strs><member>x</member><member>y</member></Strs><Empty/><Flat>f1</Flat><Flat>f2</Flat>` +
		`<M><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>2</value></entry></M>` +
		`<MS><entry><K>s</K><V><Name>n</Name></V></entry></MS><Inner><N>0</N></Inner>` +
		`</GetThingResult><ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></GetThingResponse>`
	if got := rec.Body.String(); got != want {
		t.Errorf("body:\n got %s\nwant %s", got, want)
	}
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/xml" || rec.Header().Get("x-amzn-RequestId") != "rid-1" ||
		rec.Header().Get("Content-Length") != itoa(len(want)) {
		t.Errorf("status %d headers %v", rec.Code, rec.Header())
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), new(struct{})); err != nil {
		t.Errorf("not well-formed XML: %v", err)
	}

	rec = httptest.NewRecorder()
	if err := (Codec{}).WriteOutput(rec, svc, &protocol.Operation{Name: "DeleteThing"}, nil, "rid-2"); err != nil {
		t.Fatal(err)
	}
	if want := `<DeleteThingResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>rid-2</RequestId></ResponseMetadata></DeleteThingResponse>`; rec.Body.String() != want {
		t.Errorf("no-output body = %s", rec.Body)
	}
	if err := (Codec{}).WriteOutput(httptest.NewRecorder(), svc, op, 42, "r"); err == nil {
		t.Error("a non-struct output must fail")
	}
}

func TestWriteError(t *testing.T) {
	svc := &protocol.Service{XMLNamespace: "https://sts.amazonaws.com/doc/2011-06-15/"}
	for _, tc := range []struct {
		e          *awserr.Error
		status     int
		typ        string
		code, mesg string
	}{
		{&awserr.Error{Code: "NoSuchEntity", Message: "The role with name x<y> cannot be found.", Status: 404}, 404, "Sender", "NoSuchEntity", "The role with name x&lt;y&gt; cannot be found."},
		{awserr.Internal(errTest("boom")), 500, "Receiver", "InternalError", "An internal error has occurred: boom"},
		{&awserr.Error{Code: "Odd", Message: "m"}, 500, "Receiver", "Odd", "m"},
	} {
		rec := httptest.NewRecorder()
		Codec{}.WriteError(rec, svc, tc.e, "rid")
		want := `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>` + tc.typ + `</Type><Code>` + tc.code +
			`</Code><Message>` + tc.mesg + `</Message></Error><RequestId>rid</RequestId></ErrorResponse>`
		if rec.Code != tc.status || rec.Body.String() != want || rec.Header().Get("Content-Type") != "text/xml" {
			t.Errorf("%s: %d %s", tc.code, rec.Code, rec.Body)
		}
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

func TestAppendISOMatchesLayout(t *testing.T) {
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, d := range []time.Duration{0, time.Millisecond, 10 * time.Millisecond, 100 * time.Millisecond, 120 * time.Millisecond,
		999*time.Millisecond + 999, 500 * time.Microsecond, 1000 * 24 * time.Hour} {
		tm := base.Add(d)
		if got, want := string(appendISO(nil, tm)), tm.Format("2006-01-02T15:04:05.999Z"); got != want {
			t.Errorf("%v: %s, want %s", tm, got, want)
		}
	}
	for _, tm := range []time.Time{time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if got, want := string(appendISO(nil, tm)), tm.Format("2006-01-02T15:04:05.999Z"); got != want {
			t.Errorf("%v: %s, want %s", tm, got, want)
		}
	}
}
