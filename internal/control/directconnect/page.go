package directconnect

import (
	"encoding/base64"
	"sort"
)

// maxPage is the largest page Direct Connect returns: "If MaxResults is
// given a value larger than 100, only 100 results are returned."
const maxPage = 100

// Page is a page request: MaxResults 0 means every result (the calls that
// predate pagination return everything when it is not given).
type Page struct {
	MaxResults int32
	NextToken  string
}

// paginate sorts items by key and returns the page p asks for and the
// token of the next one ("" at the end). The token is the last key
// returned, encoded.
func paginate[T any](items []T, key func(T) string, p Page) ([]T, string, error) {
	sort.Slice(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
	start := 0
	if p.NextToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(p.NextToken)
		if err != nil || len(b) == 0 {
			return nil, "", clientErr("The nextToken %s is not valid.", p.NextToken)
		}
		after := string(b)
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) > after })
	}
	if p.MaxResults <= 0 {
		return items[start:], "", nil
	}
	n := min(int(p.MaxResults), maxPage)
	end := min(start+n, len(items))
	next := ""
	if end < len(items) {
		next = base64.RawURLEncoding.EncodeToString([]byte(key(items[end-1])))
	}
	return items[start:end], next, nil
}
