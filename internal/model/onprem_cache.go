package model

import (
	"slices"
	"strings"
	"sync"
)

// Parsed BGP declarations are memoised by their text: route selection
// reads every customer gateway's (and virtual interface's) declarations
// on every recomputation (DescribeRouteTables, the data plane's compile),
// while they change only when the tags do. The key is the content of the
// vpcsim:bgp tags themselves, so a cached entry can never disagree with
// the tags it was parsed from. The cache is bounded: it is emptied when
// it reaches bgpCacheMax entries.

const bgpCacheMax = 4096

type bgpParsed struct {
	ads []BGPAdvertisement
	err error
}

var bgpCache = struct {
	sync.Mutex
	m map[string]bgpParsed
}{m: map[string]bgpParsed{}}

// bgpTagsKey renders the vpcsim:bgp tags of tags as one string (keys in
// order, each key and value NUL-terminated); "" when there are none.
func bgpTagsKey(tags map[string]string) string {
	var keys []string
	for k := range tags {
		if IsBGPTagKey(k) {
			keys = append(keys, k)
		}
	}
	switch len(keys) {
	case 0:
		return ""
	case 1:
		return keys[0] + "\x00" + tags[keys[0]]
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(tags[k])
		b.WriteByte(0)
	}
	return b.String()
}

// CachedBGPTags is ParseBGPTags through the memo. The returned slice and
// the AS paths in it are shared: callers must not modify them.
func CachedBGPTags(tags map[string]string) ([]BGPAdvertisement, error) {
	key := bgpTagsKey(tags)
	if key == "" {
		return nil, nil
	}
	bgpCache.Lock()
	e, ok := bgpCache.m[key]
	bgpCache.Unlock()
	if ok {
		return e.ads, e.err
	}
	ads, err := ParseBGPTags(tags)
	bgpCache.Lock()
	if len(bgpCache.m) >= bgpCacheMax {
		clear(bgpCache.m)
	}
	bgpCache.m[key] = bgpParsed{ads, err}
	bgpCache.Unlock()
	return ads, err
}
