package control

import (
	"context"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestValidateTagsCountsCharacters pins the EC2 User Guide's "Tag
// restrictions": a key of up to 128 Unicode characters and a value of up to
// 256, counted in characters (not UTF-8 bytes); aws: keys (any case) are
// reserved.
func TestValidateTagsCountsCharacters(t *testing.T) {
	for _, tc := range []struct {
		name string
		tags map[string]string
		code string
	}{
		{"128 two-byte characters", map[string]string{strings.Repeat("é", 128): "v"}, ""},
		{"128 four-byte characters", map[string]string{strings.Repeat("😀", 128): "v"}, ""},
		{"129 characters", map[string]string{strings.Repeat("a", 129): "v"}, "InvalidParameterValue"},
		{"256 three-byte characters", map[string]string{"k": strings.Repeat("€", 256)}, ""},
		{"257 characters", map[string]string{"k": strings.Repeat("€", 257)}, "InvalidParameterValue"},
		{"empty value", map[string]string{"k": ""}, ""},
		{"empty key", map[string]string{"": "v"}, "InvalidParameterValue"},
		{"aws: key", map[string]string{"aws:x": "v"}, "InvalidParameterValue"},
		{"AWS: key", map[string]string{"AwS:x": "v"}, "InvalidParameterValue"},
		{"aws in the middle", map[string]string{"my-aws:x": "v"}, ""},
		{"any character", map[string]string{"a b/c=d+e-f@g.h_i:j*k#\u2028\x00": "<&>\"'"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := validateTags(tc.tags)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantCode(t, err, tc.code)
		})
	}
}

// tagVpc creates a VPC and returns its id.
func tagVpc(t *testing.T, s *Service) string {
	t.Helper()
	v, err := s.CreateVpc(context.Background(), testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// setSystemTag gives id an aws: tag, as AWS itself would.
func setSystemTag(t *testing.T, s *Service, id, k, v string) {
	t.Helper()
	_, err := s.Store().Update(context.Background(), func(tx *store.Tx) error {
		kind, _ := taggable(id)
		kind.Retag(tx, id, func(m *model.Meta) {
			if m.Tags == nil {
				m.Tags = map[string]string{}
			}
			m.Tags[k] = v
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func tagsOf(s *Service, id string) map[string]string {
	kind, _ := taggable(id)
	m, _ := kind.Meta(s.Snapshot(), id)
	return m.Tags
}

// TestDeleteTagsReservedPrefix pins the DeleteTags reference: aws: tags
// cannot be deleted (naming one is AWS's InvalidParameterValue "Tag keys
// starting with 'aws:' are reserved for internal use"), and "If you omit
// this parameter, we delete all user-defined tags ... We do not delete
// Amazon Web Services-generated tags".
func TestDeleteTagsReservedPrefix(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t)
	id := tagVpc(t, s)
	if err := s.CreateTags(ctx, testScope, []string{id}, map[string]string{"Name": "a", "env": "dev"}); err != nil {
		t.Fatal(err)
	}
	setSystemTag(t, s, id, "aws:cloudformation:stack-name", "stack")

	for _, key := range []string{"aws:cloudformation:stack-name", "AWS:Other"} {
		err := s.DeleteTags(ctx, testScope, []string{id}, []TagFilter{{Key: "env"}, {Key: key}})
		wantCode(t, err, "InvalidParameterValue")
		if want := "Value ( " + key + " ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use"; err.Error() != "InvalidParameterValue: "+want {
			t.Errorf("message: %v", err)
		}
	}
	if got := tagsOf(s, id); len(got) != 3 {
		t.Fatalf("a refused DeleteTags changed tags: %v", got)
	}

	// An empty value deletes only a tag whose value is empty.
	if err := s.DeleteTags(ctx, testScope, []string{id}, []TagFilter{{Key: "Name", Value: "", HasValue: true}}); err != nil {
		t.Fatal(err)
	}
	if got := tagsOf(s, id); got["Name"] != "a" {
		t.Fatalf("Name deleted by a non-matching empty value: %v", got)
	}

	if err := s.DeleteTags(ctx, testScope, []string{id}, nil); err != nil {
		t.Fatal(err)
	}
	got := tagsOf(s, id)
	if len(got) != 1 || got["aws:cloudformation:stack-name"] != "stack" {
		t.Fatalf("delete-all kept %v, want only the aws: tag", got)
	}

	// aws: tags do not count against the 50-tag limit.
	fifty := map[string]string{}
	for i := range 50 {
		fifty[strings.Repeat("k", i+1)] = "v"
	}
	if err := s.CreateTags(ctx, testScope, []string{id}, fifty); err != nil {
		t.Fatalf("50 user tags beside an aws: tag: %v", err)
	}
	wantCode(t, s.CreateTags(ctx, testScope, []string{id}, map[string]string{"one-more": "v"}), "TagLimitExceeded")
}

// TestTagsRoundTripRestartByteForByte: what a tag holds in memory is what
// a restarted server reads back from disk, byte for byte (issue 11 item 5).
// The codecs refuse invalid UTF-8 at decode, because JSON on disk would
// turn it into U+FFFD; every valid string, control characters included,
// must survive unchanged.
func TestTagsRoundTripRestartByteForByte(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	tags := map[string]string{
		"Name":                       "plain",
		"é😀€":                        strings.Repeat("😀", 256),
		strings.Repeat("键", 128):     "",
		"ctl\x00\x01\x1f\x7f":        "nul\x00tab\tnl\n",
		"\u2028\u2029":               "\ufeffbom",
		"<&>\"'":                     "\\u0000 not an escape",
		"replacement \ufffd already": "\xef\xbf\xbd",
	}
	open := func() (*store.Store, *Service) {
		st, err := store.Open(store.Options{Dir: dir, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		s := New(st, Options{})
		if err := s.EnsureScope(ctx, testScope); err != nil {
			t.Fatal(err)
		}
		return st, s
	}
	st, s := open()
	id := tagVpc(t, s)
	if err := s.CreateTags(ctx, testScope, []string{id}, tags); err != nil {
		t.Fatal(err)
	}
	before := tagsOf(s, id)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st, s = open()
	defer st.Close()
	after := tagsOf(s, id)
	if len(after) != len(tags) || len(before) != len(tags) {
		t.Fatalf("tag count: before %d after %d want %d", len(before), len(after), len(tags))
	}
	for k, v := range tags {
		if got, ok := after[k]; !ok || got != v {
			t.Errorf("after restart %q = %q (present %v), want %q", k, got, ok, v)
		}
		if before[k] != v {
			t.Errorf("in memory %q = %q, want %q", k, before[k], v)
		}
	}
}
