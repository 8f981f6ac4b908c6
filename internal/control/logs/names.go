package logs

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// Name rules from the API model (LogGroupName, LogStreamName, FilterName,
// TagKey, TagValue) and CreateLogGroup's documentation.
const (
	maxNameLen     = 512
	maxTagKeyLen   = 128
	maxTagValueLen = 256
	maxTags        = 50
	groupPatternRE = `[\.\-_/#A-Za-z0-9]+`
	streamRE       = `[^:*]*`
	tagKeyRE       = `^([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$`
	tagValueRE     = `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`
)

var (
	groupNameChars = regexp.MustCompile(`^` + groupPatternRE + `$`)
	tagKeyChars    = regexp.MustCompile(tagKeyRE)
	tagValueChars  = regexp.MustCompile(tagValueRE)
)

func tooLong(path, v string, max int) *awserr.Error {
	return validationError(constraint{path, v, "Member must have length less than or equal to " + strconv.Itoa(max)})
}

// checkGroupName applies the LogGroupName rules: 1..512 characters of
// [\.\-_/#A-Za-z0-9]. (Empty names are caught by the generic validator.)
func checkGroupName(path, name string) error {
	if utf8.RuneCountInString(name) > maxNameLen {
		return tooLong(path, name, maxNameLen)
	}
	if !groupNameChars.MatchString(name) {
		return validationError(constraint{path, name, "Member must satisfy regular expression pattern: " + groupPatternRE})
	}
	return nil
}

// checkStreamName applies the LogStreamName (and FilterName) rules: at most
// 512 characters, no ':' and no '*'.
func checkStreamName(path, name string) error {
	if utf8.RuneCountInString(name) > maxNameLen {
		return tooLong(path, name, maxNameLen)
	}
	if strings.ContainsAny(name, ":*") {
		return validationError(constraint{path, name, "Member must satisfy regular expression pattern: " + streamRE})
	}
	return nil
}

// checkTags applies the TagKey and TagValue rules to every pair.
func checkTags(path string, tags map[string]string) error {
	if len(tags) > maxTags {
		return validationError(constraint{path, "map", "Member must have length less than or equal to 50"})
	}
	for k, v := range tags {
		if err := checkTagKey(path+".key", k); err != nil {
			return err
		}
		if utf8.RuneCountInString(v) > maxTagValueLen {
			return tooLong(path+".value", v, maxTagValueLen)
		}
		if !tagValueChars.MatchString(v) {
			return validationError(constraint{path + ".value", v, "Member must satisfy regular expression pattern: " + tagValueRE})
		}
	}
	return nil
}

func checkTagKey(path, k string) error {
	if k == "" {
		return validationError(constraint{path, k, "Member must have length greater than or equal to 1"})
	}
	if utf8.RuneCountInString(k) > maxTagKeyLen {
		return tooLong(path, k, maxTagKeyLen)
	}
	if !tagKeyChars.MatchString(k) {
		return validationError(constraint{path, k, "Member must satisfy regular expression pattern: " + tagKeyRE})
	}
	return nil
}
