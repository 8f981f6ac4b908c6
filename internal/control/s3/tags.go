package s3

import (
	"context"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/store"
)

const maxObjectTags = 10

// validateTags applies the tag rules (S3 User Guide, "Categorizing your
// storage using tags": keys up to 128 Unicode characters, values up to
// 256, no aws: prefix, up to 10 tags per object and 50 per bucket).
func validateTags(tags map[string]string, max int) error {
	if len(tags) > max {
		if max == maxObjectTags {
			return errInvalidTag("Object tags cannot be greater than 10")
		}
		return errInvalidTag("Bucket tag count cannot be greater than 50")
	}
	for k, v := range tags {
		if k == "" || utf8.RuneCountInString(k) > 128 {
			return errInvalidTag("The TagKey you have provided is invalid")
		}
		if utf8.RuneCountInString(v) > 256 {
			return errInvalidTag("The TagValue you have provided is invalid")
		}
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			return errInvalidTag("Your TagKey cannot be prefixed with aws:")
		}
	}
	return nil
}

// TagList turns key/value pairs into a tag map, refusing duplicate keys.
func TagList(keys, values []string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	for i, k := range keys {
		if _, dup := out[k]; dup {
			return nil, errInvalidTag("Cannot provide multiple Tags with the same key")
		}
		out[k] = values[i]
	}
	return out, nil
}

// ParseTagHeader parses the x-amz-tagging header (URL query encoded
// key=value pairs).
func ParseTagHeader(h string) (map[string]string, error) {
	if h == "" {
		return nil, nil
	}
	q, err := url.ParseQuery(h)
	if err != nil {
		return nil, errInvalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.")
	}
	out := make(map[string]string, len(q))
	for k, vs := range q {
		if len(vs) != 1 {
			return nil, errInvalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.")
		}
		out[k] = vs[0]
	}
	if err := validateTags(out, maxObjectTags); err != nil {
		return nil, err
	}
	return out, nil
}

// ObjectTags returns a version's tags.
func (s *Service) ObjectTags(sc model.Scope, bucket, key, versionID string) (*s3m.Version, error) {
	_, v, err := s.version(s.st.Snapshot(), sc, bucket, key, versionID, "s3:GetObjectTagging")
	if err != nil {
		return nil, err
	}
	return v, nil
}

// SetObjectTags replaces (nil deletes) a version's tags.
func (s *Service) SetObjectTags(ctx context.Context, sc model.Scope, bucket, key, versionID string, tags map[string]string) (*s3m.Version, error) {
	if err := validateTags(tags, maxObjectTags); err != nil {
		return nil, err
	}
	action := "s3:PutObjectTagging"
	if tags == nil {
		action = "s3:DeleteObjectTagging"
	}
	var out *s3m.Version
	err := s.update(ctx, func(tx *store.Tx) ([]string, error) {
		o, v, err := s.version(tx.World, sc, bucket, key, versionID, action)
		if err != nil {
			return nil, err
		}
		c := model.Clone(o)
		for i := range c.Versions {
			if c.Versions[i].VersionID == v.VersionID {
				c.Versions[i].Tags = tags
				out = &c.Versions[i]
			}
		}
		ObjectKind.In(tx.World).Put(c)
		return nil, nil
	})
	return out, err
}
