package s3

import (
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/store"
)

// MaxListKeys is the most keys one listing page returns (S3 API
// Reference, ListObjectsV2: "MaxKeys ... returns up to 1,000 key names").
const MaxListKeys = 1000

// ListInput is a listing request (ListObjects, ListObjectsV2,
// ListObjectVersions).
type ListInput struct {
	Bucket, Prefix, Delimiter string
	// After is where the page starts: the marker, start-after or
	// continuation token (exclusive), or for versions the key marker.
	After string
	// AfterVersion is ListObjectVersions' version-id-marker.
	AfterVersion string
	// MaxKeys is clamped to 0..1000 (negative = 1000).
	MaxKeys int

	includeAfter bool // the page starts at After itself
}

// ListEntry is one listed key (and version, for ListObjectVersions).
type ListEntry struct {
	Key      string
	Version  *s3m.Version
	IsLatest bool
}

// ListResult is one page of a listing.
type ListResult struct {
	Bucket         *s3m.Bucket
	Entries        []ListEntry
	CommonPrefixes []string
	Truncated      bool
	// NextKey is the last key or common prefix returned; NextVersion the
	// last version id (versions listing).
	NextKey, NextVersion string
}

func (in *ListInput) max() int {
	if in.MaxKeys < 0 || in.MaxKeys > MaxListKeys {
		return MaxListKeys
	}
	return in.MaxKeys
}

// walk visits a bucket's keys at or after the page start in key order,
// rolling keys up into common prefixes. visit returns false to stop.
// A key is visited once; a common prefix is reported once through cp.
func walk(w *store.World, in *ListInput, visit func(o *s3m.Object) bool, cp func(p string) bool) {
	t := ObjectKind.In(w)
	base := s3m.ObjectPrefix(in.Bucket)
	start := in.After
	inclusive := false
	if start < in.Prefix {
		start, inclusive = in.Prefix, true
	} else if in.includeAfter {
		inclusive = true
	} else if in.Delimiter != "" && start != "" && strings.HasSuffix(start, in.Delimiter) && strings.HasPrefix(start, in.Prefix) && in.AfterVersion == "" {
		// A continuation at a common prefix resumes after every key in it.
		start += "\xff"
	}
	handle := func(o *s3m.Object) (cont bool, restart string) {
		if !strings.HasPrefix(o.ID, base) {
			return false, ""
		}
		if !strings.HasPrefix(o.Key, in.Prefix) {
			return false, ""
		}
		if in.Delimiter != "" {
			rest := o.Key[len(in.Prefix):]
			if i := strings.Index(rest, in.Delimiter); i >= 0 {
				p := in.Prefix + rest[:i+len(in.Delimiter)]
				if !cp(p) {
					return false, ""
				}
				return false, base + p + "\xff"
			}
		}
		return visit(o), ""
	}
	if inclusive {
		if o, ok := t.Get(base + start); ok {
			cont, restart := handle(o)
			if !cont && restart == "" {
				return
			}
			if restart != "" {
				start = restart[len(base):]
			}
		}
	}
	cursor := base + start
	for {
		restart := ""
		stopped := false
		t.From(cursor, func(o *s3m.Object) bool {
			cont, r := handle(o)
			if !cont {
				restart, stopped = r, r == ""
				return false
			}
			return true
		})
		if stopped || restart <= cursor {
			return
		}
		cursor = restart
	}
}

// ListObjects lists the current versions of a bucket's keys (delete
// markers hide their key) for ListObjects and ListObjectsV2.
func (s *Service) ListObjects(sc model.Scope, in ListInput) (ListResult, error) {
	w := s.st.Snapshot()
	b, err := bucketFor(w, sc, in.Bucket, "s3:ListBucket", "")
	if err != nil {
		return ListResult{}, err
	}
	res := ListResult{Bucket: b}
	max := in.max()
	n := 0
	walk(w, &in, func(o *s3m.Object) bool {
		cur := o.Current()
		if cur == nil || cur.DeleteMarker {
			return true
		}
		if n == max {
			res.Truncated = max > 0
			return false
		}
		n++
		res.Entries = append(res.Entries, ListEntry{Key: o.Key, Version: cur, IsLatest: true})
		res.NextKey = o.Key
		return true
	}, func(p string) bool {
		if n == max {
			res.Truncated = max > 0
			return false
		}
		n++
		res.CommonPrefixes = append(res.CommonPrefixes, p)
		res.NextKey = p
		return true
	})
	return res, nil
}

// ListVersions lists every version and delete marker, keys in order and
// each key's versions newest first (S3 API Reference, ListObjectVersions).
func (s *Service) ListVersions(sc model.Scope, in ListInput) (ListResult, error) {
	w := s.st.Snapshot()
	b, err := bucketFor(w, sc, in.Bucket, "s3:ListBucketVersions", "")
	if err != nil {
		return ListResult{}, err
	}
	res := ListResult{Bucket: b}
	max := in.max()
	n := 0
	keyMarker, versionMarker := in.After, in.AfterVersion
	if versionMarker != "" && keyMarker != "" {
		// Resume inside the marker's key, after the marker's version.
		in.includeAfter = true
	}
	walk(w, &in, func(o *s3m.Object) bool {
		if versionMarker != "" && o.Key < keyMarker {
			return true
		}
		skipping := versionMarker != "" && o.Key == keyMarker
		for i := range o.Versions {
			v := &o.Versions[i]
			if skipping {
				if v.VersionID == versionMarker {
					skipping = false
				}
				continue
			}
			if n == max {
				res.Truncated = max > 0
				return false
			}
			n++
			res.Entries = append(res.Entries, ListEntry{Key: o.Key, Version: v, IsLatest: i == 0})
			res.NextKey, res.NextVersion = o.Key, v.VersionID
		}
		return true
	}, func(p string) bool {
		if n == max {
			res.Truncated = max > 0
			return false
		}
		n++
		res.CommonPrefixes = append(res.CommonPrefixes, p)
		res.NextKey, res.NextVersion = p, ""
		return true
	})
	return res, nil
}
