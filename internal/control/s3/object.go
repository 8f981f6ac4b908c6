package s3

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Limits from the S3 User Guide ("Amazon S3 multipart upload limits",
// "Creating object key names").
const (
	maxKeyBytes       = 1024
	maxCopySize       = 5 << 30
	defaultType       = "binary/octet-stream"
	storageStandard   = "STANDARD"
	copyToSelfMessage = "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes."
)

// ObjectResult is a written or read version with the bucket's versioning
// state (a version id is reported only for buckets that ever had
// versioning).
type ObjectResult struct {
	Version    *s3m.Version
	Versioning string
}

// VersionID returns the version id to report ("" for a bucket that never
// had versioning).
func (r ObjectResult) VersionID() string {
	if r.Versioning == "" || r.Version == nil {
		return ""
	}
	return r.Version.VersionID
}

// PutInput is a PutObject request.
type PutInput struct {
	Bucket, Key string
	Body        []byte
	// ContentMD5 is the Content-MD5 header ("" when absent).
	ContentMD5 string
	ACL        string
	Attrs      s3m.Attrs
	// IfMatch and IfNoneMatch make the write conditional.
	IfMatch, IfNoneMatch string
}

func checkKey(key string) error {
	if len(key) > maxKeyBytes {
		return s3err(http.StatusBadRequest, "KeyTooLongError", "Your key is too long")
	}
	if !utf8.ValidString(key) {
		// Object keys are Unicode characters in UTF-8 (S3 User Guide,
		// "Naming Amazon S3 objects").
		return errInvalidArgument("Object key is not valid UTF-8")
	}
	return nil
}

// checkMD5 compares the Content-MD5 header with the body's digest (S3 User
// Guide, "Checking object integrity").
func checkMD5(header string, sum []byte) error {
	if header == "" {
		return nil
	}
	want, err := base64.StdEncoding.DecodeString(header)
	if err != nil || len(want) != md5.Size {
		return errInvalidDigest()
	}
	if !bytes.Equal(want, sum) {
		return s3err(http.StatusBadRequest, "BadDigest", "The Content-MD5 you specified did not match what we received.")
	}
	return nil
}

func errInvalidDigest() error {
	return s3err(http.StatusBadRequest, "InvalidDigest", "The Content-MD5 you specified was invalid.")
}

func quotedETag(sum []byte) string { return `"` + hex.EncodeToString(sum) + `"` }

// objectACL checks an object ACL against the bucket's ownership setting.
func objectACL(b *s3m.Bucket, acl string) error {
	if acl == "" || acl == cannedBucketOwnerFull || b.Ownership != OwnershipEnforced {
		if _, ok := cannedGrants(b.Account, acl); !ok {
			return errInvalidArgument("Invalid canned ACL " + acl)
		}
		return nil
	}
	return s3err(http.StatusBadRequest, "AccessControlListNotSupported", errACLNotSupportedMsg)
}

// defaults fills what S3 fills for a new object: the content type, the
// bucket's default encryption.
func defaults(b *s3m.Bucket, a *s3m.Attrs) {
	if a.ContentType == "" {
		a.ContentType = defaultType
	}
	if a.StorageClass == storageStandard {
		a.StorageClass = ""
	}
	if a.SSE == "" {
		rule := s3m.EncryptionRule{Algorithm: "AES256"}
		if len(b.Encryption) > 0 {
			rule = b.Encryption[0]
		}
		a.SSE, a.KMSKeyID, a.BucketKeyEnabled = rule.Algorithm, rule.KMSKeyID, rule.BucketKeyEnabled
	}
}

// PutObject stores an object: the body is written durably first, then the
// version is committed; a replaced null version's body is deleted after
// the commit.
func (s *Service) PutObject(ctx context.Context, sc model.Scope, in PutInput) (ObjectResult, error) {
	if err := checkKey(in.Key); err != nil {
		return ObjectResult{}, err
	}
	sum := md5.Sum(in.Body)
	if err := checkMD5(in.ContentMD5, sum[:]); err != nil {
		return ObjectResult{}, err
	}
	b, err := bucketFor(s.st.Snapshot(), sc, in.Bucket, "s3:PutObject", in.Key)
	if err != nil {
		return ObjectResult{}, err
	}
	if err := objectACL(b, in.ACL); err != nil {
		return ObjectResult{}, err
	}
	if err := validateTags(in.Attrs.Tags, maxObjectTags); err != nil {
		return ObjectResult{}, err
	}
	id, err := s.blobs.Put(in.Body)
	if err != nil {
		return ObjectResult{}, err
	}
	v := s3m.Version{Owner: sc.Account, ETag: quotedETag(sum[:]), Size: int64(len(in.Body)),
		Blobs: []s3m.BlobRef{{ID: id, Size: int64(len(in.Body))}}, Attrs: in.Attrs}
	res, err := s.commitVersion(ctx, sc, in.Bucket, in.Key, v, "s3:PutObject", func(cur *s3m.Version) error {
		return writeConditions(cur, in.IfMatch, in.IfNoneMatch)
	})
	if err != nil {
		s.release([]string{id})
	}
	return res, err
}

// writeConditions applies conditional writes (S3 User Guide, "Add
// preconditions to S3 operations with conditional requests").
func writeConditions(cur *s3m.Version, ifMatch, ifNoneMatch string) error {
	exists := cur != nil && !cur.DeleteMarker
	if ifNoneMatch != "" && exists && etagMatches(ifNoneMatch, cur.ETag) {
		return errPreconditionFailed()
	}
	if ifMatch != "" {
		if !exists {
			return errNoSuchKey()
		}
		if !etagMatches(ifMatch, cur.ETag) {
			return errPreconditionFailed()
		}
	}
	return nil
}

// commitVersion adds v as the key's current version in one transaction.
func (s *Service) commitVersion(ctx context.Context, sc model.Scope, bucket, key string, v s3m.Version, action string, check func(cur *s3m.Version) error) (ObjectResult, error) {
	var res ObjectResult
	err := s.update(ctx, func(tx *store.Tx) ([]string, error) {
		b, err := bucketFor(tx.World, sc, bucket, action, key)
		if err != nil {
			return nil, err
		}
		o, _ := ObjectKind.In(tx.World).Get(s3m.ObjectID(bucket, key))
		if check != nil {
			var cur *s3m.Version
			if o != nil {
				cur = o.Current()
			}
			if err := check(cur); err != nil {
				return nil, err
			}
		}
		defaults(b, &v.Attrs)
		v.LastModified = tx.Now()
		o, released := addVersion(tx, b, o, key, v)
		res = ObjectResult{Version: o.Current(), Versioning: b.Versioning}
		return released, nil
	})
	return res, err
}

// addVersion makes v the current version of key (S3 User Guide, "Adding
// objects to versioning-enabled buckets" and "... versioning-suspended
// buckets": a suspended or unversioned bucket replaces the null version).
func addVersion(tx *store.Tx, b *s3m.Bucket, o *s3m.Object, key string, v s3m.Version) (*s3m.Object, []string) {
	var c *s3m.Object
	if o == nil {
		c = &s3m.Object{Meta: model.Meta{ID: s3m.ObjectID(b.Name, key), Account: b.Account, Region: b.Region, Created: tx.Now()},
			Bucket: b.Name, Key: key}
	} else {
		c = model.Clone(o)
	}
	var released []string
	if b.Versioning == s3m.VersioningEnabled {
		v.VersionID = tx.NewHex(32)
	} else {
		v.VersionID = s3m.NullVersion
		kept := c.Versions[:0]
		for _, old := range c.Versions {
			if old.VersionID == s3m.NullVersion {
				released = append(released, versionBlobs(&old)...)
				continue
			}
			kept = append(kept, old)
		}
		c.Versions = kept
	}
	c.Versions = append([]s3m.Version{v}, c.Versions...)
	ObjectKind.In(tx.World).Put(c)
	return c, released
}

// version finds a key's current version or the version named.
func (s *Service) version(w *store.World, sc model.Scope, bucket, key, versionID, action string) (*s3m.Object, *s3m.Version, error) {
	b, err := bucketFor(w, sc, bucket, action, key)
	if err != nil {
		return nil, nil, err
	}
	o, ok := ObjectKind.In(w).Get(s3m.ObjectID(b.Name, key))
	if versionID == "" {
		if !ok || o.Current().DeleteMarker {
			return nil, nil, errNoSuchKey()
		}
		return o, o.Current(), nil
	}
	if !ok {
		return nil, nil, versionMissing(versionID)
	}
	for i := range o.Versions {
		if o.Versions[i].VersionID == versionID {
			if o.Versions[i].DeleteMarker {
				return nil, nil, errMethodNotAllowed()
			}
			return o, &o.Versions[i], nil
		}
	}
	return nil, nil, versionMissing(versionID)
}

func versionMissing(id string) error {
	if id != s3m.NullVersion && !validVersionID(id) {
		return errInvalidArgument("Invalid version id specified")
	}
	return errNoSuchVersion()
}

func validVersionID(id string) bool {
	if len(id) == 0 || len(id) > 1024 {
		return false
	}
	return strings.Trim(id, "0123456789abcdefABCDEFghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ._-") == ""
}

// ReadBody returns n bytes of a version's body from offset off.
func (s *Service) ReadBody(v *s3m.Version, off, n int64) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(n))
	if err := s.copyBody(&buf, v, off, n); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// copyBody streams n bytes of a version's body from offset off to w.
func (s *Service) copyBody(w io.Writer, v *s3m.Version, off, n int64) error {
	for _, b := range v.Blobs {
		if n <= 0 {
			break
		}
		if off >= b.Size {
			off -= b.Size
			continue
		}
		take := min(b.Size-off, n)
		if err := s.blobs.CopyTo(w, b.ID, off, take); err != nil {
			return err
		}
		n -= take
		off = 0
	}
	return nil
}

// DeleteResult is the outcome of deleting one key or version.
type DeleteResult struct {
	Key          string
	VersionID    string
	DeleteMarker bool
	// MarkerVersionID is the version id of a delete marker created or
	// removed.
	MarkerVersionID string
}

// DeleteObject deletes a key (adding a delete marker in a versioned
// bucket) or one version permanently (S3 User Guide, "Deleting object
// versions"). Deleting a key that does not exist succeeds.
func (s *Service) DeleteObject(ctx context.Context, sc model.Scope, bucket, key, versionID string) (DeleteResult, error) {
	var res DeleteResult
	err := s.update(ctx, func(tx *store.Tx) ([]string, error) {
		action := "s3:DeleteObject"
		if versionID != "" {
			action = "s3:DeleteObjectVersion"
		}
		b, err := bucketFor(tx.World, sc, bucket, action, key)
		if err != nil {
			return nil, err
		}
		var released []string
		res, released, err = deleteKey(tx, sc, b, key, versionID)
		return released, err
	})
	return res, err
}

func deleteKey(tx *store.Tx, sc model.Scope, b *s3m.Bucket, key, versionID string) (DeleteResult, []string, error) {
	res := DeleteResult{Key: key, VersionID: versionID}
	t := ObjectKind.In(tx.World)
	o, ok := t.Get(s3m.ObjectID(b.Name, key))
	if versionID != "" {
		if !ok {
			if versionID != s3m.NullVersion && !validVersionID(versionID) {
				return res, nil, errInvalidArgument("Invalid version id specified")
			}
			return res, nil, nil
		}
		c := model.Clone(o)
		var released []string
		kept := c.Versions[:0]
		for _, v := range c.Versions {
			if v.VersionID == versionID {
				if v.DeleteMarker {
					res.DeleteMarker = true
					res.MarkerVersionID = v.VersionID
				}
				released = append(released, versionBlobs(&v)...)
				continue
			}
			kept = append(kept, v)
		}
		c.Versions = kept
		if len(c.Versions) == 0 {
			t.Delete(c.ID)
		} else {
			t.Put(c)
		}
		return res, released, nil
	}
	if b.Versioning == "" {
		if ok {
			t.Delete(o.ID)
			return res, versionBlobs(o.Current()), nil
		}
		return res, nil, nil
	}
	marker := s3m.Version{DeleteMarker: true, Owner: sc.Account}
	marker.LastModified = tx.Now()
	c, released := addVersion(tx, b, o, key, marker)
	res.DeleteMarker = true
	res.MarkerVersionID = c.Current().VersionID
	return res, released, nil
}

// DeleteEntry is one key of a DeleteObjects request.
type DeleteEntry struct {
	Key, VersionID string
}

// DeleteError is a key DeleteObjects could not delete.
type DeleteError struct {
	Key, VersionID, Code, Message string
}

// DeleteObjects deletes up to 1,000 keys in one transaction, reporting
// each key's outcome.
func (s *Service) DeleteObjects(ctx context.Context, sc model.Scope, bucket string, entries []DeleteEntry) ([]DeleteResult, []DeleteError, error) {
	if len(entries) == 0 || len(entries) > 1000 {
		return nil, nil, errMalformedXML()
	}
	var done []DeleteResult
	var failed []DeleteError
	err := s.update(ctx, func(tx *store.Tx) ([]string, error) {
		done, failed = nil, nil
		b, ok := BucketKind.In(tx.World).Get(bucket)
		if !ok {
			return nil, errNoSuchBucket()
		}
		var released []string
		for _, e := range entries {
			action := "s3:DeleteObject"
			if e.VersionID != "" {
				action = "s3:DeleteObjectVersion"
			}
			err := authorize(b, sc, action, e.Key)
			var res DeleteResult
			var rel []string
			if err == nil {
				res, rel, err = deleteKey(tx, sc, b, e.Key, e.VersionID)
			}
			if err != nil {
				ae := toS3(err)
				failed = append(failed, DeleteError{Key: e.Key, VersionID: e.VersionID, Code: ae.Code, Message: ae.Message})
				continue
			}
			released = append(released, rel...)
			done = append(done, res)
		}
		return released, nil
	})
	return done, failed, err
}
