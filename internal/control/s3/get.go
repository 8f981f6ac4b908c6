package s3

import (
	"context"
	"crypto/md5"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Conditions are the HTTP preconditions of a read (RFC 7232 as the S3 API
// Reference's GetObject applies them).
type Conditions struct {
	IfMatch, IfNoneMatch               string
	IfModifiedSince, IfUnmodifiedSince *time.Time
}

// check applies the preconditions: If-Match (else If-Unmodified-Since)
// failing is 412; If-None-Match matching (else If-Modified-Since not
// modified) is 304, or 412 when notModified is false (CopyObject's
// x-amz-copy-source-if-* headers).
func (c Conditions) check(v *s3m.Version, notModified bool) error {
	last := v.LastModified.Truncate(time.Second)
	if c.IfMatch != "" {
		if !etagMatches(c.IfMatch, v.ETag) {
			return errPreconditionFailed()
		}
	} else if c.IfUnmodifiedSince != nil && last.After(*c.IfUnmodifiedSince) {
		return errPreconditionFailed()
	}
	unchanged := false
	if c.IfNoneMatch != "" {
		unchanged = etagMatches(c.IfNoneMatch, v.ETag)
	} else if c.IfModifiedSince != nil {
		unchanged = !last.After(*c.IfModifiedSince)
	}
	if unchanged {
		if notModified {
			return errNotModified()
		}
		return errPreconditionFailed()
	}
	return nil
}

// etagMatches compares an If-Match / If-None-Match list with an ETag.
func etagMatches(list, etag string) bool {
	want := strings.Trim(etag, `"`)
	for _, e := range strings.Split(list, ",") {
		e = strings.TrimSpace(e)
		e = strings.TrimPrefix(e, "W/")
		if e == "*" || strings.Trim(e, `"`) == want {
			return true
		}
	}
	return false
}

// GetInput is a GetObject or HeadObject request.
type GetInput struct {
	Bucket, Key, VersionID string
	// PartNumber selects one part of a multipart object (0 = none).
	PartNumber int32
	// Range is the Range header ("" = whole object).
	Range string
	Conditions
	// Head skips reading the body.
	Head bool
}

// GetResult is a read version and the bytes asked for.
type GetResult struct {
	ObjectResult
	// Body is the bytes read (nil for HEAD).
	Body []byte
	// Partial is set for a range or part read: Start..End (inclusive) of
	// the version's Size.
	Partial    bool
	Start, End int64
}

// GetObject reads an object (S3 API Reference, GetObject and HeadObject).
func (s *Service) GetObject(_ context.Context, sc model.Scope, in GetInput) (GetResult, error) {
	w := s.st.Snapshot()
	_, v, err := s.version(w, sc, in.Bucket, in.Key, in.VersionID, "s3:GetObject")
	if err != nil {
		return GetResult{}, err
	}
	if in.VersionID != "" {
		if err := authorize(mustBucket(w, in.Bucket), sc, "s3:GetObjectVersion", in.Key); err != nil {
			return GetResult{}, err
		}
	}
	if err := in.Conditions.check(v, true); err != nil {
		return GetResult{}, err
	}
	res := GetResult{ObjectResult: ObjectResult{Version: v, Versioning: mustBucket(w, in.Bucket).Versioning}, Start: 0, End: v.Size - 1}
	switch {
	case in.PartNumber != 0:
		start, end, err := partRange(v, in.PartNumber)
		if err != nil {
			return GetResult{}, err
		}
		res.Start, res.End, res.Partial = start, end, v.Parts > 0
	case in.Range != "":
		start, end, ok, err := parseRange(in.Range, v.Size)
		if err != nil {
			return GetResult{}, err
		}
		if ok {
			res.Start, res.End, res.Partial = start, end, true
		}
	}
	if in.Head {
		return res, nil
	}
	body, err := s.ReadBody(v, res.Start, res.End-res.Start+1)
	if err != nil {
		return GetResult{}, err
	}
	res.Body = body
	return res, nil
}

func mustBucket(w *store.World, name string) *s3m.Bucket {
	b, _ := BucketKind.In(w).Get(name)
	if b == nil {
		return &s3m.Bucket{}
	}
	return b
}

// partRange returns the bytes of part n of a version.
func partRange(v *s3m.Version, n int32) (int64, int64, error) {
	parts := int32(v.Parts)
	if parts == 0 {
		parts = 1
	}
	if n < 1 || n > parts {
		return 0, 0, s3err(http.StatusRequestedRangeNotSatisfiable, "InvalidPartNumber", "The requested partnumber is not satisfiable")
	}
	if v.Parts == 0 {
		return 0, v.Size - 1, nil
	}
	var off int64
	for i := int32(0); i < n-1; i++ {
		off += v.Blobs[i].Size
	}
	return off, off + v.Blobs[n-1].Size - 1, nil
}

// parseRange reads a single "bytes=" range (RFC 9110 section 14.1.2). A
// header it cannot parse, or one asking for several ranges, is ignored (ok
// false) as S3 does; a range beginning past the end is 416 InvalidRange.
func parseRange(h string, size int64) (start, end int64, ok bool, err error) {
	spec, found := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, 0, false, nil
	}
	first, last, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return 0, 0, false, nil
	}
	if first == "" {
		n, perr := strconv.ParseInt(last, 10, 64)
		if perr != nil || n < 0 {
			return 0, 0, false, nil
		}
		if n == 0 || size == 0 {
			return 0, 0, false, errInvalidRange()
		}
		return max(size-n, 0), size - 1, true, nil
	}
	start, perr := strconv.ParseInt(first, 10, 64)
	if perr != nil || start < 0 {
		return 0, 0, false, nil
	}
	end = size - 1
	if last != "" {
		end, perr = strconv.ParseInt(last, 10, 64)
		if perr != nil || end < start {
			return 0, 0, false, nil
		}
		end = min(end, size-1)
	}
	if start >= size {
		return 0, 0, false, errInvalidRange()
	}
	return start, end, true, nil
}

// CopyInput is a CopyObject request.
type CopyInput struct {
	SrcBucket, SrcKey, SrcVersion string
	Bucket, Key                   string
	// ReplaceMetadata and ReplaceTags are the REPLACE directives; Attrs
	// holds the request's attributes (used for what is replaced, and for
	// storage class, encryption and redirect always).
	ReplaceMetadata, ReplaceTags bool
	Attrs                        s3m.Attrs
	ACL                          string
	// Source preconditions (x-amz-copy-source-if-*).
	Source Conditions
}

// CopyResult is a copy's new version and the source version read.
type CopyResult struct {
	ObjectResult
	SourceVersionID string
}

// CopyObject copies an object (S3 API Reference, CopyObject): the bytes
// are streamed into a new blob, the metadata copied or replaced.
func (s *Service) CopyObject(ctx context.Context, sc model.Scope, in CopyInput) (CopyResult, error) {
	if err := checkKey(in.Key); err != nil {
		return CopyResult{}, err
	}
	w := s.st.Snapshot()
	_, src, err := s.version(w, sc, in.SrcBucket, in.SrcKey, in.SrcVersion, "s3:GetObject")
	if err != nil {
		return CopyResult{}, err
	}
	srcBucket := mustBucket(w, in.SrcBucket)
	if err := in.Source.check(src, false); err != nil {
		return CopyResult{}, err
	}
	if src.Size > maxCopySize {
		return CopyResult{}, errInvalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120")
	}
	dst, err := bucketFor(w, sc, in.Bucket, "s3:PutObject", in.Key)
	if err != nil {
		return CopyResult{}, err
	}
	if err := objectACL(dst, in.ACL); err != nil {
		return CopyResult{}, err
	}
	attrs := src.Attrs
	if in.ReplaceMetadata {
		attrs.ContentType, attrs.CacheControl, attrs.ContentDisposition = in.Attrs.ContentType, in.Attrs.CacheControl, in.Attrs.ContentDisposition
		attrs.ContentEncoding, attrs.ContentLanguage, attrs.Expires = in.Attrs.ContentEncoding, in.Attrs.ContentLanguage, in.Attrs.Expires
		attrs.Metadata = in.Attrs.Metadata
	}
	if in.ReplaceTags {
		if err := validateTags(in.Attrs.Tags, maxObjectTags); err != nil {
			return CopyResult{}, err
		}
		attrs.Tags = in.Attrs.Tags
	}
	attrs.StorageClass = in.Attrs.StorageClass
	attrs.WebsiteRedirect = in.Attrs.WebsiteRedirect
	attrs.SSE, attrs.KMSKeyID, attrs.BucketKeyEnabled = in.Attrs.SSE, in.Attrs.KMSKeyID, in.Attrs.BucketKeyEnabled
	if in.SrcBucket == in.Bucket && in.SrcKey == in.Key && (in.SrcVersion == "" || in.SrcVersion == src.VersionID) &&
		!in.ReplaceMetadata && in.Attrs.StorageClass == "" && in.Attrs.WebsiteRedirect == "" && in.Attrs.SSE == "" {
		return CopyResult{}, errInvalidRequest(copyToSelfMessage)
	}
	h := md5.New()
	id, err := s.blobs.Write(func(wr io.Writer) error {
		return s.copyBody(io.MultiWriter(wr, h), src, 0, src.Size)
	})
	if err != nil {
		return CopyResult{}, err
	}
	v := s3m.Version{Owner: sc.Account, ETag: quotedETag(h.Sum(nil)), Size: src.Size,
		Blobs: []s3m.BlobRef{{ID: id, Size: src.Size}}, Attrs: attrs}
	res, err := s.commitVersion(ctx, sc, in.Bucket, in.Key, v, "s3:PutObject", nil)
	if err != nil {
		s.release([]string{id})
		return CopyResult{}, err
	}
	out := CopyResult{ObjectResult: res}
	if srcBucket.Versioning != "" {
		out.SourceVersionID = src.VersionID
	}
	return out, nil
}
