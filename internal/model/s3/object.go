package s3

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// NullVersion is the version id of an object written while versioning was
// never enabled or is suspended.
const NullVersion = "null"

// Object is every version of one key. Meta.ID is ObjectID(bucket, key);
// Meta.Account and Meta.Region are the bucket's.
type Object struct {
	model.Meta

	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	// Versions, newest first; Versions[0] is the current version.
	Versions []Version `json:"versions"`
}

// ObjectID is the table key of a bucket's key: listing a bucket's keys in
// order is a range scan from ObjectPrefix(bucket).
func ObjectID(bucket, key string) string { return bucket + "/" + key }

// ObjectPrefix is the table key prefix of a bucket's objects.
func ObjectPrefix(bucket string) string { return bucket + "/" }

// Current returns the current version, or nil.
func (o *Object) Current() *Version {
	if len(o.Versions) == 0 {
		return nil
	}
	return &o.Versions[0]
}

// Version is one version of an object, or a delete marker.
type Version struct {
	VersionID    string    `json:"versionId"`
	DeleteMarker bool      `json:"deleteMarker,omitempty"`
	LastModified time.Time `json:"lastModified"`
	// Owner is the account that wrote the version.
	Owner string `json:"owner"`
	// ETag is quoted: "<md5 hex>" or "<md5 of part md5s>-<parts>".
	ETag string `json:"etag,omitempty"`
	Size int64  `json:"size"`
	// Blobs hold the body in order (one per uploaded part).
	Blobs []BlobRef `json:"blobs,omitempty"`
	// Parts is the number of parts of a multipart object (0 otherwise).
	Parts int `json:"parts,omitempty"`

	Attrs
}

// BlobRef names one stored blob and its length.
type BlobRef struct {
	ID   string `json:"id"`
	Size int64  `json:"size"`
}

// Attrs are the attributes a writer sets on an object: its
// representation headers, user metadata, storage class, tags and
// encryption.
type Attrs struct {
	ContentType        string            `json:"contentType,omitempty"`
	CacheControl       string            `json:"cacheControl,omitempty"`
	ContentDisposition string            `json:"contentDisposition,omitempty"`
	ContentEncoding    string            `json:"contentEncoding,omitempty"`
	ContentLanguage    string            `json:"contentLanguage,omitempty"`
	Expires            string            `json:"expires,omitempty"`
	WebsiteRedirect    string            `json:"websiteRedirect,omitempty"`
	Metadata           map[string]string `json:"metadata,omitempty"`
	StorageClass       string            `json:"storageClass,omitempty"`
	Tags               map[string]string `json:"tags,omitempty"`
	// SSE is the server-side encryption algorithm (AES256, aws:kms, ...).
	SSE              string `json:"sse,omitempty"`
	KMSKeyID         string `json:"kmsKeyId,omitempty"`
	BucketKeyEnabled bool   `json:"bucketKeyEnabled,omitempty"`
}
