package logs

import (
	"encoding/base64"
)

// Paging tokens of the Describe operations are the opaque (base64url)
// encoding of the sort key of the last item returned; the next page starts
// after it, so a page is stable under concurrent creates and deletes.

func encodeToken(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(key))
}

func decodeToken(tok *string) (string, bool, error) {
	if tok == nil {
		return "", false, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*tok)
	if err != nil || len(b) == 0 {
		return "", false, invalidToken()
	}
	return string(b), true, nil
}

// pageLimit returns the page size: limit when set (the generic validator
// bounds it), else def.
func pageLimit(limit *int32, def int) int {
	if limit == nil || *limit <= 0 {
		return def
	}
	return int(*limit)
}
