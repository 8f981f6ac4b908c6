package iam

import "github.com/vpcsim/vpcsim/internal/awserr"

// Page is one page of a List operation: IAM's Marker/MaxItems/IsTruncated
// paging. MaxItems defaults to 100 (the IAM API reference: "If you do not
// include this parameter, the number of items defaults to 100").
type Page struct {
	Marker   string
	MaxItems int32
}

// Paged is the paging part of a List answer.
type Paged struct {
	IsTruncated bool
	// Marker is the value to pass to get the next page, when truncated.
	Marker string
}

// paginate returns the page of items (sorted by key) after p.Marker. A
// marker is the key of the last item of the previous page; an unknown
// marker that is not the key of an item still starts after it, so a page
// never repeats an item.
func paginate[T any](items []T, key func(T) string, p Page) ([]T, Paged, *awserr.Error) {
	max := int(p.MaxItems)
	if max <= 0 {
		max = 100
	}
	start := 0
	if p.Marker != "" {
		start = len(items)
		for i, it := range items {
			if key(it) > p.Marker {
				start = i
				break
			}
		}
	}
	rest := items[start:]
	if len(rest) <= max {
		return rest, Paged{}, nil
	}
	out := rest[:max]
	return out, Paged{IsTruncated: true, Marker: key(out[max-1])}, nil
}
