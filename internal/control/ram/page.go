package ram

import (
	"encoding/base64"
	"sort"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// maxPage is the largest page (maxResults 1-500 in the API reference);
// it is also the page size when maxResults is not given.
const maxPage = 500

// Page is a page request: MaxResults 0 means the largest page.
type Page struct {
	MaxResults int32
	NextToken  string
}

func badToken(t string) *awserr.Error {
	return awserr.New(codeInvalidNextToken, "The specified value for NextToken (%s) is not valid.", t)
}

// paginate sorts items by key and returns the page p asks for and the
// token of the next one ("" at the end). The token is the last key
// returned, encoded.
func paginate[T any](items []T, key func(T) string, p Page) ([]T, string, error) {
	sort.SliceStable(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
	start := 0
	if p.NextToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(p.NextToken)
		if err != nil || len(b) == 0 {
			return nil, "", badToken(p.NextToken)
		}
		after := string(b)
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) > after })
	}
	n := maxPage
	if p.MaxResults > 0 && int(p.MaxResults) < n {
		n = int(p.MaxResults)
	}
	end := min(start+n, len(items))
	next := ""
	if end < len(items) {
		next = base64.RawURLEncoding.EncodeToString([]byte(key(items[end-1])))
	}
	return items[start:end], next, nil
}
