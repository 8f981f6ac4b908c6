package ec2query

import (
	"strings"
	"testing"
)

type tagT struct {
	Key *string `xml:"key,omitempty"`
}

type resT struct {
	ID   *string `xml:"id,omitempty"`
	Tags []tagT  `xml:"tagSet>item,omitempty"`
}

type outT struct {
	Items []resT `xml:"itemSet>item,omitempty"`
	Tags  []tagT `xml:"tagSet>item,omitempty"`
}

// TestEncodeOmitsEmptyTagSets pins that a resource without tags has no
// tagSet element (as EC2 answers: an untagged VPC or instance has no Tags
// in the SDKs and the CLI), while a tagged one keeps it and a response
// whose own member is the tag list (DescribeTags) keeps it even empty.
func TestEncodeOmitsEmptyTagSets(t *testing.T) {
	k, id := "Name", "r-1"
	b, err := EncodeResponse("DescribeX", "req", &outT{Items: []resT{{ID: &id}, {ID: &id, Tags: []tagT{{Key: &k}}}}})
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	want := "<itemSet><item><id>r-1</id></item><item><id>r-1</id><tagSet><item><key>Name</key></item></tagSet></item></itemSet><tagSet></tagSet>"
	if !strings.Contains(got, want) {
		t.Fatalf("got %s\nwant it to contain %s", got, want)
	}
}
