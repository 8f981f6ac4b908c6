package iam

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// Name and path rules from the IAM API model (roleNameType, policyNameType,
// instanceProfileNameType: [\w+=,.@-]+; pathType:
// (\u002F)|(\u002F[\u0021-\u007E]+\u002F); pathPrefixType:
// \u002F[\u0021-\u007F]*) and "IAM and STS character limits" (role name 64,
// policy and instance profile names 128, path 512, description 1000).

const namePattern = `[\w+=,.@-]+`

// isNameChar reports whether c matches [\w+=,.@-].
func isNameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("_+=,.@-", c) >= 0
}

// checkName validates an entity name of 1..max characters.
func checkName(member, v string, max int) *awserr.Error {
	if len(v) > max {
		return validation(member, v, "Member must have length less than or equal to "+strconv.Itoa(max))
	}
	if v == "" {
		return validation(member, v, "Member must have length greater than or equal to 1")
	}
	for i := 0; i < len(v); i++ {
		if !isNameChar(v[i]) {
			return validation(member, v, "Member must satisfy regular expression pattern: "+namePattern)
		}
	}
	return nil
}

// checkPath validates a path (default "/" when empty) and returns it.
func checkPath(member, v string) (string, *awserr.Error) {
	if v == "" {
		return "/", nil
	}
	if len(v) > 512 {
		return "", validation(member, v, "Member must have length less than or equal to 512")
	}
	ok := v == "/" || len(v) >= 3 && v[0] == '/' && v[len(v)-1] == '/'
	for i := 0; ok && i < len(v); i++ {
		ok = v[i] >= 0x21 && v[i] <= 0x7e
	}
	if !ok {
		return "", validation(member, v, `Member must satisfy regular expression pattern: (\u002F)|(\u002F[\u0021-\u007E]+\u002F)`)
	}
	return v, nil
}

// checkPathPrefix validates a PathPrefix filter (default "/").
func checkPathPrefix(v string) (string, *awserr.Error) {
	if v == "" {
		return "/", nil
	}
	ok := len(v) <= 512 && v[0] == '/'
	for i := 0; ok && i < len(v); i++ {
		ok = v[i] >= 0x21 && v[i] <= 0x7f
	}
	if !ok {
		return "", validation("pathPrefix", v, `Member must satisfy regular expression pattern: \u002F[\u0021-\u007F]*`)
	}
	return v, nil
}

// checkDescription validates a role or policy description: at most 1000
// characters of [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF].
func checkDescription(v string) *awserr.Error {
	if utf8.RuneCountInString(v) > 1000 {
		return validation("description", v, "Member must have length less than or equal to 1000")
	}
	for _, r := range v {
		if !(r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0x7e || r >= 0xa1 && r <= 0xff) {
			return validation("description", v, `Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*`)
		}
	}
	return nil
}

// isTagChar reports whether r matches [\p{L}\p{Z}\p{N}_.:/=+\-@].
func isTagChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Z, r) || unicode.IsNumber(r) || strings.ContainsRune("_.:/=+-@", r)
}
