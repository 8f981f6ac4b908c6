package s3

import "github.com/vpcsim/vpcsim/internal/model"

// Versioning states of a bucket ("" = never enabled).
const (
	VersioningEnabled   = "Enabled"
	VersioningSuspended = "Suspended"
)

// Bucket is one bucket. Meta.ID is the bucket name (global across
// accounts and regions), Meta.Account its owner, Meta.Region its region;
// Meta.Tags the bucket's tag set.
type Bucket struct {
	model.Meta

	Name string `json:"name"`
	// Versioning is "", Enabled or Suspended; MFADelete Enabled/Disabled.
	Versioning string `json:"versioning,omitempty"`
	MFADelete  string `json:"mfaDelete,omitempty"`
	// Policy is the bucket policy document as given ("" = none).
	Policy string `json:"policy,omitempty"`
	// Encryption overrides the default SSE-S3 configuration when set.
	Encryption []EncryptionRule `json:"encryption,omitempty"`
	// PublicAccessBlock is nil when the configuration was deleted.
	PublicAccessBlock *PublicAccessBlock `json:"publicAccessBlock,omitempty"`
	// Ownership is the object ownership setting ("" = no ownership
	// controls).
	Ownership string `json:"ownership,omitempty"`
	// Grants is the bucket ACL.
	Grants []Grant `json:"grants,omitempty"`
	// ObjectLockEnabled is set at creation; ObjectLock holds the default
	// retention rule.
	ObjectLockEnabled bool            `json:"objectLockEnabled,omitempty"`
	ObjectLock        *ObjectLockRule `json:"objectLock,omitempty"`
	// Accelerate is "", Enabled or Suspended; Payer BucketOwner or
	// Requester ("" = BucketOwner).
	Accelerate string `json:"accelerate,omitempty"`
	Payer      string `json:"payer,omitempty"`
	// Documents holds configurations vpcsim stores and returns without
	// acting on them (CORS, website, lifecycle, logging, notification),
	// keyed by configuration name, as JSON.
	Documents map[string]string `json:"documents,omitempty"`
}

// EncryptionRule is one default-encryption rule.
type EncryptionRule struct {
	Algorithm        string `json:"algorithm"`
	KMSKeyID         string `json:"kmsKeyId,omitempty"`
	BucketKeyEnabled bool   `json:"bucketKeyEnabled,omitempty"`
}

// PublicAccessBlock is the bucket's Block Public Access configuration.
type PublicAccessBlock struct {
	BlockPublicAcls       bool `json:"blockPublicAcls"`
	IgnorePublicAcls      bool `json:"ignorePublicAcls"`
	BlockPublicPolicy     bool `json:"blockPublicPolicy"`
	RestrictPublicBuckets bool `json:"restrictPublicBuckets"`
}

// Grantee types.
const (
	GranteeCanonicalUser = "CanonicalUser"
	GranteeGroup         = "Group"
	GranteeEmail         = "AmazonCustomerByEmail"
)

// Grant is one ACL entry.
type Grant struct {
	Type       string `json:"type"`
	ID         string `json:"id,omitempty"`
	URI        string `json:"uri,omitempty"`
	Email      string `json:"email,omitempty"`
	Permission string `json:"permission"`
}

// ObjectLockRule is a bucket's default retention.
type ObjectLockRule struct {
	Mode  string `json:"mode,omitempty"`
	Days  int32  `json:"days,omitempty"`
	Years int32  `json:"years,omitempty"`
}
