package ec2query

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// TestDecodeRefusesWhatItCannotPlace pins issue 11 item 5: a parameter the
// decoder cannot place must not be dropped (dropping `VpcId.0` or
// `Filter.0.Name` turns a narrowed Describe into "everything"). EC2 answers
// UnknownParameter for "improperly formatted parameters" (EC2 API reference,
// Error codes: UnknownParameter).
func TestDecodeRefusesWhatItCannotPlace(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     Params
		param string // the parameter the message names
	}{
		{"index zero", Params{"VpcId.0": "vpc-1"}, "VpcId.0"},
		{"negative index", Params{"VpcId.-1": "vpc-1"}, "VpcId.-1"},
		{"overflowing index", Params{"VpcId.99999999999999999999": "vpc-1"}, "VpcId.99999999999999999999"},
		{"ten-digit index", Params{"VpcId.1000000000": "vpc-1"}, "VpcId.1000000000"},
		{"non-ASCII digit", Params{"VpcId.١": "vpc-1"}, "VpcId.١"},
		{"fullwidth digit", Params{"VpcId.１": "vpc-1"}, "VpcId.１"},
		{"leading zero", Params{"VpcId.01": "vpc-1"}, "VpcId.01"},
		{"plus sign", Params{"VpcId.+1": "vpc-1"}, "VpcId.+1"},
		{"empty index", Params{"VpcId.": "vpc-1"}, "VpcId."},
		{"filter index zero", Params{"Filter.0.Name": "vpc-id", "Filter.0.Value.1": "vpc-1"}, "Filter.0"},
		{"filter value index zero", Params{"Filter.1.Name": "vpc-id", "Filter.1.Value.0": "vpc-1"}, "Filter.1.Value.0"},
		{"list given a value", Params{"VpcId": "vpc-1"}, "VpcId"},
		{"list given a value and elements", Params{"VpcId": "vpc-1", "VpcId.1": "vpc-2"}, "VpcId"},
		{"struct element given a value", Params{"Filter.1": "vpc-id"}, "Filter.1"},
		{"misspelt member", Params{"Filters.1.Name": "vpc-id"}, "Filters"},
		{"misspelt nested member", Params{"Filter.1.Values.1": "vpc-1"}, "Filter.1.Values"},
		{"unknown top-level", Params{"Action": "X", "Colour": "red"}, "Colour"},
		{"structure given a value", Params{"EnableDnsHostnames": "true"}, "EnableDnsHostnames"},
		{"scalar with a sub-parameter", Params{"CidrBlock.1": "10.0.0.0/16"}, "CidrBlock.1"},
		{"scalar list element with a sub-parameter", Params{"VpcId.1.x": "vpc-1"}, "VpcId.1.x"},
		{"common parameter nested", Params{"Action.1": "X"}, "Action"},
		{"empty value of an unknown", Params{"Bogus": ""}, "Bogus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in input
			err := Decode(tc.p, &in)
			e, ok := awserr.As(err)
			if !ok || e.Code != "UnknownParameter" || e.Status != 400 {
				t.Fatalf("Decode(%v) = %v, want a 400 UnknownParameter", tc.p, err)
			}
			if want := "The parameter " + tc.param + " is not recognized"; e.Message != want {
				t.Errorf("message %q, want %q", e.Message, want)
			}
		})
	}
}

// TestDecodeWellFormedUnchanged: what SDKs, the CLI and Terraform send
// decodes as it always did.
func TestDecodeWellFormedUnchanged(t *testing.T) {
	var in input
	err := Decode(Params{
		"Action": "DescribeVpcs", "Version": "2016-11-15",
		"X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Credential": "AKID/20240101/us-east-1/ec2/aws4_request",
		"X-Amz-Date": "20240101T000000Z", "X-Amz-SignedHeaders": "host", "X-Amz-Signature": "abc",
		"Filter.10.Name": "tag:b", "Filter.10.Value.1": "y",
		"Filter.2.Name": "tag:a", "Filter.2.Value.3": "x3", "Filter.2.Value.1": "x1",
		"VpcId.7": "vpc-7", "VpcId.3": "vpc-3",
		"TagSpecification.1.ResourceType": "vpc", "TagSpecification.1.Tag.1.Key": "k", "TagSpecification.1.Tag.1.Value": "",
		"CidrBlock": "", "DryRun": "",
	}, &in)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Filters) != 2 || *in.Filters[0].Name != "tag:a" || *in.Filters[1].Name != "tag:b" {
		t.Fatalf("filters = %+v (numeric order, gaps allowed)", in.Filters)
	}
	if v := in.Filters[0].Values; len(v) != 2 || v[0] != "x1" || v[1] != "x3" {
		t.Errorf("values = %q", v)
	}
	if len(in.IDs) != 2 || in.IDs[0] != "vpc-3" || in.IDs[1] != "vpc-7" {
		t.Errorf("ids = %q", in.IDs)
	}
	if in.CidrBlock != nil || in.DryRun != nil {
		t.Errorf("an empty top-level value is absent: cidr %v dryrun %v", in.CidrBlock, in.DryRun)
	}
	tags := in.Specs[0].Tags
	if len(tags) != 1 || tags[0].Value == nil || *tags[0].Value != "" {
		t.Errorf("an empty value inside a list element is an explicit empty string: %+v", tags)
	}
}

// TestDecodeEmptyTagValueIsExplicit pins the EC2 DeleteTags reference: "If
// you specify a tag key with an empty string as the tag value, we delete the
// tag only if its value is an empty string" — so `Tag.1.Value=` must reach
// the handler as "" and not as "no value".
func TestDecodeEmptyTagValueIsExplicit(t *testing.T) {
	type deleteTags struct {
		Resources []string `ec2:"ResourceId,req"`
		Tags      []tag    `ec2:"Tag"`
	}
	var in deleteTags
	if err := Decode(Params{"ResourceId.1": "vpc-1", "Tag.1.Key": "a", "Tag.1.Value": "", "Tag.2.Key": "b"}, &in); err != nil {
		t.Fatal(err)
	}
	if len(in.Tags) != 2 || in.Tags[0].Value == nil || *in.Tags[0].Value != "" || in.Tags[1].Value != nil {
		t.Fatalf("tags = %+v", in.Tags)
	}
}

func readParams(t *testing.T, rawQuery, body string) (Params, error) {
	t.Helper()
	r := httptest.NewRequest("POST", "/?"+rawQuery, strings.NewReader(body))
	return ReadParams(&protocol.Request{HTTP: r, Body: []byte(body)})
}

// TestReadParamsStrict: a malformed pair is never skipped (Go's
// url.Values parser drops it, which turned `GET /?...&VpcId.1=%zz` into a
// request for every VPC), and invalid UTF-8 is refused so memory and disk
// hold the same bytes.
func TestReadParamsStrict(t *testing.T) {
	for _, tc := range []struct {
		name, query, body, code string
	}{
		{"bad escape in query value", "Action=DescribeVpcs&VpcId.1=%zz", "", "MalformedQueryString"},
		{"truncated escape in query", "Action=DescribeVpcs&VpcId.1=%4", "", "MalformedQueryString"},
		{"bad escape in query name", "Action=DescribeVpcs&VpcId.%zz=vpc-1", "", "MalformedQueryString"},
		{"bad escape in body", "", "Action=DescribeVpcs&Filter.1.Name=%zz", "MalformedQueryString"},
		{"invalid UTF-8 value", "", "Action=CreateTags&ResourceId.1=vpc-1&Tag.1.Key=k&Tag.1.Value=%ff", "InvalidParameterValue"},
		{"invalid UTF-8 key", "", "Action=CreateTags&ResourceId.1=vpc-1&Tag.1.Key=%c3%28", "InvalidParameterValue"},
		{"invalid UTF-8 name", "", "Action=CreateTags&Tag.1.%ff=x", "InvalidParameterValue"},
		{"surrogate half", "", "Action=CreateTags&Tag.1.Key=%ed%a0%80", "InvalidParameterValue"},
		{"invalid UTF-8 in query", "Tag.1.Key=%80", "Action=CreateTags", "InvalidParameterValue"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readParams(t, tc.query, tc.body)
			e, ok := awserr.As(err)
			if !ok || e.Code != tc.code || e.Status != 400 {
				t.Fatalf("got %v, want 400 %s", err, tc.code)
			}
		})
	}
	p, err := readParams(t, "Action=FromQuery&A=q&Only=q&Dup=1&Dup=2", "Action=FromBody&A=b&Tag.1.Key=%E2%82%AC+x&Tag.1.Value=&;x=1")
	if err != nil {
		t.Fatal(err)
	}
	want := Params{"Action": "FromBody", "A": "b", "Only": "q", "Dup": "1", "Tag.1.Key": "€ x", "Tag.1.Value": "", ";x": "1"}
	if len(p) != len(want) {
		t.Errorf("params = %q, want %q", p, want)
	}
	for k, v := range want {
		if got, ok := p[k]; !ok || got != v {
			t.Errorf("%s = %q (present %v), want %q", k, got, ok, v)
		}
	}
}

// TestCheckVersion pins the Version answers: MissingParameter when absent,
// NoSuchVersion (as AWS words it: "The requested version (2015-12-01) of
// service AmazonEC2 does not exist") when unknown.
func TestCheckVersion(t *testing.T) {
	svc := &protocol.Service{Name: "ec2", APIVersion: "2016-11-15"}
	for _, tc := range []struct {
		body, code, msg string
	}{
		{"Action=DescribeVpcs&Version=2016-11-15", "", ""},
		{"Action=DescribeVpcs", "MissingParameter", "The request must contain the parameter Version"},
		{"Action=DescribeVpcs&Version=", "MissingParameter", "The request must contain the parameter Version"},
		{"Action=DescribeVpcs&Version=2015-12-01", "NoSuchVersion", "The requested version (2015-12-01) of service AmazonEC2 does not exist"},
		{"Action=NoSuchThing&Version=2030-01-01", "NoSuchVersion", "The requested version (2030-01-01) of service AmazonEC2 does not exist"},
		{"Version=2016-11-15", "MissingAction", ""},
	} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(tc.body))
		name, err := Codec{}.Resolve(svc, &protocol.Request{HTTP: r, Body: []byte(tc.body)})
		if tc.code == "" {
			if err != nil || name != "DescribeVpcs" {
				t.Errorf("%s: %q %v", tc.body, name, err)
			}
			continue
		}
		e, ok := awserr.As(err)
		if !ok || e.Code != tc.code || e.Status != 400 || tc.msg != "" && e.Message != tc.msg {
			t.Errorf("%s: got %v, want 400 %s %q", tc.body, err, tc.code, tc.msg)
		}
	}
}
