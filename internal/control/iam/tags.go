package iam

import (
	"strings"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
)

// maxTags is "Tags that can be attached to an IAM role" (and to customer
// managed policies and instance profiles): 50.
const maxTags = 50

// checkTags validates tags as IAM does: keys 1..128 and values 0..256 of
// [\p{L}\p{Z}\p{N}_.:/=+\-@], no "aws:" prefix, no key twice ignoring case.
func checkTags(tags []model.Tag) *awserr.Error {
	seen := map[string]bool{}
	for i, t := range tags {
		member := "tags." + itoa(i+1) + ".member."
		if n := utf8.RuneCountInString(t.Key); n < 1 || n > 128 {
			return validation(member+"key", t.Key, "Member must have length less than or equal to 128")
		}
		if utf8.RuneCountInString(t.Value) > 256 {
			return validation(member+"value", t.Value, "Member must have length less than or equal to 256")
		}
		for _, r := range t.Key {
			if !isTagChar(r) {
				return validation(member+"key", t.Key, `Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+`)
			}
		}
		for _, r := range t.Value {
			if !isTagChar(r) {
				return validation(member+"value", t.Value, `Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]*`)
			}
		}
		if strings.HasPrefix(strings.ToLower(t.Key), "aws:") {
			return invalidInput("User is not authorized to perform tag operation with prefix 'aws:' on the resource.")
		}
		k := strings.ToLower(t.Key)
		if seen[k] {
			return invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[k] = true
	}
	return nil
}

// applyTags returns tags with add merged in (a key given again ignoring
// case replaces the old one), or LimitExceeded beyond 50 tags.
func applyTags(tags map[string]string, add []model.Tag) (map[string]string, *awserr.Error) {
	if err := checkTags(add); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(tags)+len(add))
	for k, v := range tags {
		out[k] = v
	}
	for _, t := range add {
		for k := range out {
			if strings.EqualFold(k, t.Key) {
				delete(out, k)
			}
		}
		out[t.Key] = t.Value
	}
	if len(out) > maxTags {
		return nil, limitExceeded("The number of tags has reached the maximum limit.")
	}
	return out, nil
}

// removeTags returns tags without keys (compared ignoring case).
func removeTags(tags map[string]string, keys []string) (map[string]string, *awserr.Error) {
	if len(keys) > maxTags {
		return nil, validation("tagKeys", strings.Join(keys, ","), "Member must have length less than or equal to 50")
	}
	out := make(map[string]string, len(tags))
	for k, v := range tags {
		drop := false
		for _, key := range keys {
			if strings.EqualFold(k, key) {
				drop = true
				break
			}
		}
		if !drop {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// tagMap turns a validated tag list into Meta.Tags (nil when empty).
func tagMap(tags []model.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}
