package ec2

import (
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// TestPatternWildcards pins ec2-api-surface.md §4: `*` is any run, `?` one
// character, `\` escapes; matching is exact and case-sensitive otherwise.
func TestPatternWildcards(t *testing.T) {
	cases := []struct {
		pat, s string
		want   bool
	}{
		{"demo", "demo", true},
		{"demo", "Demo", false},
		{"dem?", "demo", true},
		{"dem?", "dem", false},
		{"*", "", true},
		{"*mo", "demo", true},
		{"d*o", "demo", true},
		{"d*x", "demo", false},
		{"a*b*c", "axxbyyc", true},
		{`a\*`, "a*", true},
		{`a\*`, "ab", false},
		{`a\?`, "a?", true},
		{`a\\`, `a\`, true},
		{"10.0.0.0/16", "10.0.0.0/16", true},
		{"10.0.*", "10.0.0.0/16", true},
	}
	for _, c := range cases {
		if got := compilePattern(c.pat).match(c.s); got != c.want {
			t.Errorf("%q ~ %q = %v, want %v", c.pat, c.s, got, c.want)
		}
	}
}

func TestFiltersAndOrAndTags(t *testing.T) {
	v := &model.VPC{Meta: model.Meta{ID: "vpc-1", Tags: map[string]string{"Name": "web", "env": "prod"}}, State: "available"}
	name := func(s string) *string { return &s }
	cases := []struct {
		filters []Filter
		want    bool
	}{
		{[]Filter{{Name: name("state"), Values: []string{"pending", "available"}}}, true},
		{[]Filter{{Name: name("state"), Values: []string{"available"}}, {Name: name("vpc-id"), Values: []string{"vpc-2"}}}, false},
		{[]Filter{{Name: name("tag:Name"), Values: []string{"w*"}}}, true},
		{[]Filter{{Name: name("tag:name"), Values: []string{"web"}}}, false}, // keys are case-sensitive
		{[]Filter{{Name: name("tag-key"), Values: []string{"env"}}}, true},
		{[]Filter{{Name: name("tag-value"), Values: []string{"prod"}}}, true},
	}
	for i, c := range cases {
		m, err := compileFilters(vpcFilters, c.filters)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.match(v); got != c.want {
			t.Errorf("case %d: got %v", i, got)
		}
	}
	if _, err := compileFilters(vpcFilters, []Filter{{Name: name("nope"), Values: []string{"x"}}}); err == nil {
		t.Error("unknown filter accepted")
	}
}
