package s3

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Multipart upload limits (S3 User Guide, "Amazon S3 multipart upload
// limits").
const (
	MinPartSize = 5 << 20
	MaxPartSize = 5 << 30
	MaxParts    = 10000
)

// CreateUpload starts a multipart upload.
func (s *Service) CreateUpload(ctx context.Context, sc model.Scope, bucket, key, acl string, attrs s3m.Attrs) (*s3m.Upload, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if err := validateTags(attrs.Tags, maxObjectTags); err != nil {
		return nil, err
	}
	var out *s3m.Upload
	err := s.update(ctx, func(tx *store.Tx) ([]string, error) {
		b, err := bucketFor(tx.World, sc, bucket, "s3:PutObject", key)
		if err != nil {
			return nil, err
		}
		if err := objectACL(b, acl); err != nil {
			return nil, err
		}
		defaults(b, &attrs)
		id := tx.NewHex(64)
		u := &s3m.Upload{Meta: model.Meta{ID: s3m.UploadKey(bucket, key, id), Account: b.Account, Region: b.Region, Created: tx.Now()},
			Bucket: bucket, Key: key, UploadID: id, Initiated: tx.Now(), Initiator: sc.Account, Attrs: attrs}
		UploadKind.In(tx.World).Put(u)
		out = u
		return nil, nil
	})
	return out, err
}

func upload(w *store.World, sc model.Scope, bucket, key, id, action string) (*s3m.Upload, error) {
	if _, err := bucketFor(w, sc, bucket, action, key); err != nil {
		return nil, err
	}
	u, ok := UploadKind.In(w).Get(s3m.UploadKey(bucket, key, id))
	if !ok {
		return nil, errNoSuchUpload()
	}
	return u, nil
}

// UploadPart stores one part (numbers 1 to 10,000; a part uploaded again
// replaces the earlier one).
func (s *Service) UploadPart(ctx context.Context, sc model.Scope, bucket, key, uploadID string, number int32, body []byte, contentMD5 string) (*s3m.Part, error) {
	if number < 1 || number > MaxParts {
		return nil, errInvalidArgument("Part number must be an integer between 1 and 10000, inclusive")
	}
	sum := md5.Sum(body)
	if err := checkMD5(contentMD5, sum[:]); err != nil {
		return nil, err
	}
	if _, err := upload(s.st.Snapshot(), sc, bucket, key, uploadID, "s3:PutObject"); err != nil {
		return nil, err
	}
	id, err := s.blobs.Put(body)
	if err != nil {
		return nil, err
	}
	p := &s3m.Part{Number: number, ETag: quotedETag(sum[:]), Size: int64(len(body)), Blob: id}
	if err := s.storePart(ctx, sc, bucket, key, uploadID, p); err != nil {
		s.release([]string{id})
		return nil, err
	}
	return p, nil
}

func (s *Service) storePart(ctx context.Context, sc model.Scope, bucket, key, uploadID string, p *s3m.Part) error {
	return s.update(ctx, func(tx *store.Tx) ([]string, error) {
		u, err := upload(tx.World, sc, bucket, key, uploadID, "s3:PutObject")
		if err != nil {
			return nil, err
		}
		p.LastModified = tx.Now()
		c := model.Clone(u)
		var released []string
		i := sort.Search(len(c.Parts), func(i int) bool { return c.Parts[i].Number >= p.Number })
		if i < len(c.Parts) && c.Parts[i].Number == p.Number {
			released = append(released, c.Parts[i].Blob)
			c.Parts[i] = *p
		} else {
			c.Parts = append(c.Parts, s3m.Part{})
			copy(c.Parts[i+1:], c.Parts[i:])
			c.Parts[i] = *p
		}
		UploadKind.In(tx.World).Put(c)
		return released, nil
	})
}

// UploadPartCopy stores a part copied from (a byte range of) an object.
func (s *Service) UploadPartCopy(ctx context.Context, sc model.Scope, bucket, key, uploadID string, number int32, src CopyInput, rng string) (*s3m.Part, string, error) {
	if number < 1 || number > MaxParts {
		return nil, "", errInvalidArgument("Part number must be an integer between 1 and 10000, inclusive")
	}
	w := s.st.Snapshot()
	if _, err := upload(w, sc, bucket, key, uploadID, "s3:PutObject"); err != nil {
		return nil, "", err
	}
	_, v, err := s.version(w, sc, src.SrcBucket, src.SrcKey, src.SrcVersion, "s3:GetObject")
	if err != nil {
		return nil, "", err
	}
	if err := src.Source.check(v, false); err != nil {
		return nil, "", err
	}
	start, end := int64(0), v.Size-1
	if rng != "" {
		var a, b int64
		if n, _ := fmt.Sscanf(rng, "bytes=%d-%d", &a, &b); n != 2 || a > b || b >= v.Size {
			return nil, "", errInvalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy")
		}
		start, end = a, b
	}
	body, err := s.ReadBody(v, start, end-start+1)
	if err != nil {
		return nil, "", err
	}
	sum := md5.Sum(body)
	id, err := s.blobs.Put(body)
	if err != nil {
		return nil, "", err
	}
	p := &s3m.Part{Number: number, ETag: quotedETag(sum[:]), Size: int64(len(body)), Blob: id}
	if err := s.storePart(ctx, sc, bucket, key, uploadID, p); err != nil {
		s.release([]string{id})
		return nil, "", err
	}
	srcVersion := ""
	if b := mustBucket(w, src.SrcBucket); b.Versioning != "" {
		srcVersion = v.VersionID
	}
	return p, srcVersion, nil
}

// CompletedPart is one part named in CompleteMultipartUpload.
type CompletedPart struct {
	Number int32
	ETag   string
}

// CompleteUpload assembles the named parts into the object (S3 API
// Reference, CompleteMultipartUpload): parts in ascending order, each
// uploaded with the given ETag, all but the last at least 5 MiB. The
// object's ETag is the MD5 of the parts' binary MD5s, "-" and the part
// count. Parts not named are discarded.
func (s *Service) CompleteUpload(ctx context.Context, sc model.Scope, bucket, key, uploadID string, parts []CompletedPart, ifNoneMatch string) (ObjectResult, error) {
	if len(parts) == 0 {
		return ObjectResult{}, errMalformedXML()
	}
	var res ObjectResult
	err := s.update(ctx, func(tx *store.Tx) ([]string, error) {
		b, err := bucketFor(tx.World, sc, bucket, "s3:PutObject", key)
		if err != nil {
			return nil, err
		}
		u, ok := UploadKind.In(tx.World).Get(s3m.UploadKey(bucket, key, uploadID))
		if !ok {
			return nil, errNoSuchUpload()
		}
		have := make(map[int32]s3m.Part, len(u.Parts))
		for _, p := range u.Parts {
			have[p.Number] = p
		}
		var digests bytes.Buffer
		blobs := make([]s3m.BlobRef, 0, len(parts))
		used := map[string]bool{}
		var size int64
		for i := 1; i < len(parts); i++ {
			if parts[i].Number <= parts[i-1].Number {
				return nil, errInvalidPartOrder()
			}
		}
		for i, cp := range parts {
			p, ok := have[cp.Number]
			if !ok || strings.Trim(cp.ETag, `"`) != strings.Trim(p.ETag, `"`) {
				return nil, s3err(http.StatusBadRequest, "InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.")
			}
			if i < len(parts)-1 && p.Size < MinPartSize {
				return nil, s3err(http.StatusBadRequest, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.")
			}
			raw, _ := hex.DecodeString(strings.Trim(p.ETag, `"`))
			digests.Write(raw)
			blobs = append(blobs, s3m.BlobRef{ID: p.Blob, Size: p.Size})
			used[p.Blob] = true
			size += p.Size
		}
		o, _ := ObjectKind.In(tx.World).Get(s3m.ObjectID(bucket, key))
		if ifNoneMatch != "" && o != nil {
			if err := writeConditions(o.Current(), "", ifNoneMatch); err != nil {
				return nil, err
			}
		}
		sum := md5.Sum(digests.Bytes())
		v := s3m.Version{Owner: u.Initiator, ETag: fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(sum[:]), len(parts)),
			Size: size, Blobs: blobs, Parts: len(parts), Attrs: u.Attrs, LastModified: tx.Now()}
		o, released := addVersion(tx, b, o, key, v)
		for _, p := range u.Parts {
			if !used[p.Blob] {
				released = append(released, p.Blob)
			}
		}
		UploadKind.In(tx.World).Delete(u.ID)
		res = ObjectResult{Version: o.Current(), Versioning: b.Versioning}
		return released, nil
	})
	return res, err
}

func errInvalidPartOrder() error {
	return s3err(http.StatusBadRequest, "InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.")
}

// AbortUpload discards an upload and its parts.
func (s *Service) AbortUpload(ctx context.Context, sc model.Scope, bucket, key, uploadID string) error {
	return s.update(ctx, func(tx *store.Tx) ([]string, error) {
		u, err := upload(tx.World, sc, bucket, key, uploadID, "s3:AbortMultipartUpload")
		if err != nil {
			return nil, err
		}
		released := make([]string, 0, len(u.Parts))
		for _, p := range u.Parts {
			released = append(released, p.Blob)
		}
		UploadKind.In(tx.World).Delete(u.ID)
		return released, nil
	})
}

// ListUploadsInput is a ListMultipartUploads request.
type ListUploadsInput struct {
	Bucket, Prefix, Delimiter, KeyMarker, UploadIDMarker string
	MaxUploads                                           int
}

// ListUploadsResult is one page of uploads.
type ListUploadsResult struct {
	Uploads                     []*s3m.Upload
	CommonPrefixes              []string
	Truncated                   bool
	NextKeyMarker, NextUploadID string
}

// ListUploads lists a bucket's uploads in progress by key (and upload id
// within a key).
func (s *Service) ListUploads(sc model.Scope, in ListUploadsInput) (ListUploadsResult, error) {
	w := s.st.Snapshot()
	if _, err := bucketFor(w, sc, in.Bucket, "s3:ListBucketMultipartUploads", ""); err != nil {
		return ListUploadsResult{}, err
	}
	max := in.MaxUploads
	if max < 0 || max > MaxListKeys {
		max = MaxListKeys
	}
	var res ListUploadsResult
	base := s3m.ObjectPrefix(in.Bucket)
	seen := map[string]bool{}
	n := 0
	UploadKind.In(w).From(base, func(u *s3m.Upload) bool {
		if u.Bucket != in.Bucket {
			return false
		}
		if !strings.HasPrefix(u.Key, in.Prefix) {
			return true
		}
		if in.KeyMarker != "" && (u.Key < in.KeyMarker || u.Key == in.KeyMarker && (in.UploadIDMarker == "" || u.UploadID <= in.UploadIDMarker)) {
			return true
		}
		if in.Delimiter != "" {
			rest := u.Key[len(in.Prefix):]
			if i := strings.Index(rest, in.Delimiter); i >= 0 {
				p := in.Prefix + rest[:i+len(in.Delimiter)]
				if seen[p] {
					return true
				}
				if n == max {
					res.Truncated = max > 0
					return false
				}
				seen[p] = true
				n++
				res.CommonPrefixes = append(res.CommonPrefixes, p)
				res.NextKeyMarker, res.NextUploadID = p, ""
				return true
			}
		}
		if n == max {
			res.Truncated = max > 0
			return false
		}
		n++
		res.Uploads = append(res.Uploads, u)
		res.NextKeyMarker, res.NextUploadID = u.Key, u.UploadID
		return true
	})
	return res, nil
}

// ListParts returns an upload and its parts after marker, at most max.
func (s *Service) ListParts(sc model.Scope, bucket, key, uploadID string, marker int32, max int) (*s3m.Upload, []s3m.Part, bool, error) {
	u, err := upload(s.st.Snapshot(), sc, bucket, key, uploadID, "s3:ListMultipartUploadParts")
	if err != nil {
		return nil, nil, false, err
	}
	if max < 0 || max > MaxListKeys {
		max = MaxListKeys
	}
	var out []s3m.Part
	for _, p := range u.Parts {
		if p.Number <= marker {
			continue
		}
		if len(out) == max {
			return u, out, max > 0, nil
		}
		out = append(out, p)
	}
	return u, out, false, nil
}
