package redshift

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control/subnetgroup"
	"github.com/vpcsim/vpcsim/internal/control/subnetgroup/sgtest"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/dbsubnet"
)

func code(err error) string {
	if e, ok := awserr.As(err); ok {
		return e.Code
	}
	if err != nil {
		return "non-AWS: " + err.Error()
	}
	return ""
}

// TestCheckName pins ClusterSubnetGroupName: "Must contain no more than
// 255 alphanumeric characters or hyphens. Must not be "Default"."
// [Redshift API CreateClusterSubnetGroup].
func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"examplesubnetgroup", true},
		{"Example-1", true},
		{strings.Repeat("r", 255), true},
		{strings.Repeat("r", 256), false},
		{"", false},
		{"a_b", false},
		{"Default", false},
		{"default", false},
	} {
		if got := checkName(tc.name) == ""; got != tc.ok {
			t.Errorf("checkName(%q) ok = %v, want %v", tc.name, got, tc.ok)
		}
	}
}

// TestTagFilter pins "If you specify both tag keys and tag values in the
// same request, Amazon Redshift returns all subnet groups that match any
// combination of the specified keys and values." [Redshift API
// DescribeClusterSubnetGroups].
func TestTagFilter(t *testing.T) {
	g := &dbsubnet.Group{Meta: model.Meta{Tags: map[string]string{"owner": "admin", "environment": "prod"}}}
	for _, tc := range []struct {
		keys, values []string
		want         bool
	}{
		{nil, nil, true},
		{[]string{"owner"}, nil, true},
		{[]string{"team"}, nil, false},
		{nil, []string{"prod"}, true},
		{[]string{"owner", "environment"}, []string{"admin", "test"}, true},
		{[]string{"owner"}, []string{"prod"}, false},
		{[]string{"environment"}, []string{"prod"}, true},
	} {
		m := TagFilter(tc.keys, tc.values)
		if got := m == nil || m(g); got != tc.want {
			t.Errorf("keys %v values %v: %v, want %v", tc.keys, tc.values, got, tc.want)
		}
	}
}

// TestQuotaAndTags pins the 20 groups per region [Redshift MGMT
// amazon-redshift-limits] and DescribeTags' rules [Redshift API
// DescribeTags: "You cannot specify an ARN and a resource-type value
// together", "MaxRecords ... from 10 to 50"].
func TestQuotaAndTags(t *testing.T) {
	f := sgtest.New(t, "")
	s := New(f.Store, f.EC2)
	ctx := context.Background()
	for i := range MaxClusterSubnetGroups {
		if _, err := s.Create(ctx, f.Scope, subnetgroup.CreateInput{Name: fmt.Sprintf("g%02d", i), Description: "d",
			SubnetIDs: sgtest.IDs(f.Default[0]), Tags: []model.Tag{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Create(ctx, f.Scope, subnetgroup.CreateInput{Name: "more", Description: "d", SubnetIDs: sgtest.IDs(f.Default[0])}); code(err) != "ClusterSubnetGroupQuotaExceeded" {
		t.Errorf("21st group: %v", err)
	}
	arn := "arn:aws:redshift:us-east-1:123456789012:subnetgroup:g00"
	typ := "Subnet group"
	ten := int32(10)
	for _, tc := range []struct {
		what string
		in   DescribeTagsInput
		n    int
		want string
	}{
		{"by ARN", DescribeTagsInput{ResourceName: &arn}, 2, ""},
		{"by ARN, key a", DescribeTagsInput{ResourceName: &arn, TagKeys: []string{"a"}}, 1, ""},
		{"by type", DescribeTagsInput{ResourceType: &typ}, 40, ""},
		{"all, 10 a page", DescribeTagsInput{MaxRecords: &ten}, 10, ""},
		{"ARN and type", DescribeTagsInput{ResourceName: &arn, ResourceType: &typ}, 0, "InvalidParameterCombination"},
		{"ARN and MaxRecords", DescribeTagsInput{ResourceName: &arn, MaxRecords: &ten}, 0, "InvalidParameterCombination"},
		{"MaxRecords 51", DescribeTagsInput{MaxRecords: new(int32(51))}, 0, "InvalidParameterValue"},
		{"unknown ARN", DescribeTagsInput{ResourceName: new("arn:aws:redshift:us-east-1:123456789012:subnetgroup:nope")}, 0, "ResourceNotFoundFault"},
	} {
		got, _, err := s.DescribeTags(f.Scope, tc.in)
		if code(err) != tc.want || len(got) != tc.n {
			t.Errorf("%s: %d tags, %v; want %d, %q", tc.what, len(got), err, tc.n, tc.want)
		}
	}
	// Paging DescribeTags visits every tag once.
	seen := map[string]bool{}
	var marker *string
	for {
		page, next, err := s.DescribeTags(f.Scope, DescribeTagsInput{MaxRecords: &ten, Marker: marker})
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range page {
			seen[tr.ResourceName+"/"+tr.Tag.Key] = true
		}
		if next == "" {
			break
		}
		marker = &next
	}
	if len(seen) != 40 {
		t.Errorf("paged %d distinct tags, want 40", len(seen))
	}
	if err := s.CreateTags(ctx, f.Scope, "arn:aws:redshift:us-east-1:123456789012:cluster:c", []model.Tag{{Key: "k"}}); code(err) != "ResourceNotFoundFault" {
		t.Errorf("tag a cluster: %v", err)
	}
}
