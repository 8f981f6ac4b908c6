package query

import (
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// TestResolveVersion pins the answers of the query services to a missing or
// unknown Version: InvalidAction "Could not find operation X for version
// Y" (NO_VERSION_SPECIFIED when missing), 400.
func TestResolveVersion(t *testing.T) {
	iam := &protocol.Service{Name: "iam", APIVersion: "2010-05-08"}
	for _, tc := range []struct {
		body, query, msg string
	}{
		{"Action=ListRoles&Version=2010-05-08", "", ""},
		{"", "Action=ListRoles&Version=2010-05-08", ""},
		{"Action=ListRoles", "", "Could not find operation ListRoles for version NO_VERSION_SPECIFIED"},
		{"Action=ListRoles&Version=", "", "Could not find operation ListRoles for version NO_VERSION_SPECIFIED"},
		{"Action=ListRoles&Version=2011-06-15", "", "Could not find operation ListRoles for version 2011-06-15"},
		{"", "Action=ListRoles&Version=2099-01-01", "Could not find operation ListRoles for version 2099-01-01"},
	} {
		got, err := Codec{}.Resolve(iam, formRequest(tc.body, tc.query))
		if tc.msg == "" {
			if err != nil || got != "ListRoles" {
				t.Errorf("%q %q: %q %v", tc.body, tc.query, got, err)
			}
			continue
		}
		e, ok := awserr.As(err)
		if !ok || e.Code != "InvalidAction" || e.Status != 400 || e.Message != tc.msg {
			t.Errorf("%q %q: got %v, want 400 InvalidAction %q", tc.body, tc.query, err, tc.msg)
		}
	}
	// A missing Action is still MissingAction, whatever the Version.
	if _, err := (Codec{}).Resolve(iam, formRequest("Version=2010-05-08", "")); err == nil {
		t.Error("no Action accepted")
	} else if e, _ := awserr.As(err); e.Code != "MissingAction" {
		t.Errorf("no Action: %v", err)
	}
}

// TestDecodeNeverWidens pins issue 11 item 5 for the query protocol: what
// the decoder cannot place is refused, never dropped.
func TestDecodeNeverWidens(t *testing.T) {
	for _, tc := range []struct{ name, body, code string }{
		{"index zero", "Strs.member.0=a", "InvalidParameterValue"},
		{"negative index", "Strs.member.-1=a", "InvalidParameterValue"},
		{"overflowing index", "Strs.member.99999999999999999999=a", "InvalidParameterValue"},
		{"non-ASCII digit", "Strs.member.%D9%A1=a", "InvalidParameterValue"},
		{"wrong member name", "Tags.member.1.Key=a", "InvalidParameterValue"},
		{"wrong member beside right one", "Tags.Tag.1.Key=a&Tags.member.2.Key=b", "InvalidParameterValue"},
		{"value on the member segment", "Strs.member=a", "InvalidParameterValue"},
		{"wrong map entry name", "M.item.1.key=k&M.item.1.value=v", "InvalidParameterValue"},
		{"value on the entry segment", "M.entry=x", "InvalidParameterValue"},
		{"invalid UTF-8 value", "S=%FF", "InvalidParameterValue"},
		{"invalid UTF-8 in a list", "Tags.Tag.1.Key=k&Tags.Tag.1.Value=%C3%28", "InvalidParameterValue"},
		{"invalid UTF-8 name", "S%FF=x", "InvalidParameterValue"},
		{"bad escape", "S=%zz", "MalformedQueryString"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeForm(t, tc.body)
			e, ok := awserr.As(err)
			if !ok || e.Code != tc.code || e.Status != 400 {
				t.Fatalf("%q: got %v, want 400 %s", tc.body, err, tc.code)
			}
		})
	}
	// Invalid UTF-8 in the query string is refused too.
	var in tInput
	err := Codec{}.Decode(nil, nil, formRequest("", "Action=X&S=%80"), &in)
	if e, ok := awserr.As(err); !ok || e.Code != "InvalidParameterValue" {
		t.Errorf("query string: %v", err)
	}
	// Well-formed input is unchanged: valid multi-byte UTF-8 round-trips.
	got, err := decodeForm(t, "S=%E2%82%AC%F0%9F%98%80&Tags.Tag.1.Key=%C3%A9&Strs=")
	if err != nil || *got.S != "€😀" || *got.Tags[0].Key != "é" || got.Strs == nil || len(got.Strs) != 0 {
		t.Errorf("well-formed: %+v %v", got, err)
	}
}
