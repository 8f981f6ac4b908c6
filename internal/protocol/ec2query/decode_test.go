package ec2query

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

type tag struct {
	Key   *string `ec2:"Key" xml:"key,omitempty"`
	Value *string `ec2:"Value" xml:"value,omitempty"`
}

type filter struct {
	Name   *string  `ec2:"Name"`
	Values []string `ec2:"Value"`
}

type spec struct {
	ResourceType *string `ec2:"ResourceType"`
	Tags         []tag   `ec2:"Tag"`
}

type input struct {
	CidrBlock *string    `ec2:"CidrBlock"`
	DryRun    *bool      `ec2:"DryRun"`
	Max       *int32     `ec2:"MaxResults"`
	Filters   []filter   `ec2:"Filter"`
	Specs     []spec     `ec2:"TagSpecification"`
	IDs       []string   `ec2:"VpcId"`
	When      *time.Time `ec2:"When"`
	Attr      *struct {
		Value *bool `ec2:"Value"`
	} `ec2:"EnableDnsHostnames"`
}

// TestDecodeListsByNumericIndex pins ec2-api-surface.md §3.1: the Go SDK sorts
// keys lexicographically (Tag.10 before Tag.2); lists are rebuilt by index.
func TestDecodeListsByNumericIndex(t *testing.T) {
	p := Params{"Action": "X"}
	for i := 1; i <= 11; i++ {
		p["TagSpecification.1.Tag."+itoa(i)+".Key"] = "k" + itoa(i)
	}
	p["TagSpecification.1.ResourceType"] = "vpc"
	var in input
	if err := Decode(p, &in); err != nil {
		t.Fatal(err)
	}
	if len(in.Specs) != 1 || len(in.Specs[0].Tags) != 11 {
		t.Fatalf("specs = %+v", in.Specs)
	}
	for i, tg := range in.Specs[0].Tags {
		if *tg.Key != "k"+itoa(i+1) {
			t.Errorf("tag %d = %s", i, *tg.Key)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestDecodeScalarsAndEmptyValues(t *testing.T) {
	var in input
	err := Decode(Params{
		"CidrBlock": "10.0.0.0/16", "DryRun": "true", "MaxResults": "5",
		"Filter.1.Name": "tag:Name", "Filter.1.Value.1": "a", "Filter.1.Value.2": "b?",
		"VpcId.2": "vpc-2", "VpcId.1": "vpc-1", "VpcId.3": "",
		"EnableDnsHostnames.Value": "false", "When": "2024-05-01T12:00:00Z",
	}, &in)
	if err != nil {
		t.Fatal(err)
	}
	if *in.CidrBlock != "10.0.0.0/16" || !*in.DryRun || *in.Max != 5 {
		t.Errorf("scalars: %+v", in)
	}
	if len(in.IDs) != 3 || in.IDs[0] != "vpc-1" || in.IDs[1] != "vpc-2" || in.IDs[2] != "" {
		t.Errorf("ids = %q (an empty list element is kept: dropping it could widen the request)", in.IDs)
	}
	if len(in.Filters) != 1 || len(in.Filters[0].Values) != 2 {
		t.Errorf("filters = %+v", in.Filters)
	}
	if in.Attr == nil || in.Attr.Value == nil || *in.Attr.Value {
		t.Errorf("attribute value wrapper: %+v", in.Attr)
	}
	if in.When == nil || in.When.Year() != 2024 {
		t.Errorf("timestamp: %v", in.When)
	}
}

func TestDecodeBadScalarIsInvalidParameterValue(t *testing.T) {
	for _, p := range []Params{{"MaxResults": "five"}, {"DryRun": "yes"}, {"When": "yesterday"}} {
		var in input
		err := Decode(p, &in)
		e, ok := awserr.As(err)
		if !ok || e.Code != "InvalidParameterValue" || e.Status != 400 {
			t.Errorf("%v: got %v", p, err)
		}
	}
}

func TestEncodeResponse(t *testing.T) {
	type out struct {
		Tags []tag   `xml:"tagSet>item,omitempty"`
		ID   *string `xml:"vpcId,omitempty"`
	}
	id := "vpc-1"
	k, v := "Name", "x"
	body, err := EncodeResponse("CreateVpc", "rid", &out{Tags: []tag{{&k, &v}}, ID: &id})
	if err != nil {
		t.Fatal(err)
	}
	want := `<CreateVpcResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>rid</requestId><tagSet><item><key>Name</key><value>x</value></item></tagSet><vpcId>vpc-1</vpcId></CreateVpcResponse>`
	if !strings.HasSuffix(string(body), want) {
		t.Errorf("body = %s", body)
	}
	body, _ = EncodeResponse("DeleteVpc", "rid", nil)
	if !strings.Contains(string(body), "<return>true</return>") {
		t.Errorf("no-output body = %s", body)
	}
}
