package s3

import (
	"context"
	"net/http"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/policy"
)

// Document configurations: stored and returned as given, each with the
// error S3 answers when the bucket has none (S3 API Reference, the Get
// operation of each).
const (
	DocCORS         = "cors"
	DocWebsite      = "website"
	DocLifecycle    = "lifecycle"
	DocLogging      = "logging"
	DocNotification = "notification"
	DocReplication  = "replication"
)

var docNotFound = map[string][2]string{
	DocCORS:        {"NoSuchCORSConfiguration", "The CORS configuration does not exist"},
	DocWebsite:     {"NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration"},
	DocLifecycle:   {"NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist"},
	DocReplication: {"ReplicationConfigurationNotFoundError", "The replication configuration was not found"},
}

var docActions = map[string][2]string{
	DocCORS:         {"s3:PutBucketCORS", "s3:GetBucketCORS"},
	DocWebsite:      {"s3:PutBucketWebsite", "s3:GetBucketWebsite"},
	DocLifecycle:    {"s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration"},
	DocLogging:      {"s3:PutBucketLogging", "s3:GetBucketLogging"},
	DocNotification: {"s3:PutBucketNotification", "s3:GetBucketNotification"},
	DocReplication:  {"s3:PutReplicationConfiguration", "s3:GetReplicationConfiguration"},
}

// PutDocument stores configuration name ("" deletes it, as an empty
// logging status or notification configuration does).
func (s *Service) PutDocument(ctx context.Context, sc model.Scope, bucket, name, doc string) error {
	return s.mutateBucket(ctx, sc, bucket, docActions[name][0], func(b *s3m.Bucket) error {
		if name == DocReplication && b.Versioning != s3m.VersioningEnabled {
			return errInvalidRequest("Versioning must be 'Enabled' on the bucket to apply a replication configuration")
		}
		if b.Documents == nil {
			b.Documents = map[string]string{}
		}
		if doc == "" {
			delete(b.Documents, name)
		} else {
			b.Documents[name] = doc
		}
		return nil
	})
}

// Document returns configuration name: "" (and no error) for a
// configuration whose absence S3 answers with an empty document, the
// documented not-found error for the others.
func (s *Service) Document(sc model.Scope, bucket, name string) (string, error) {
	b, err := s.Bucket(sc, bucket, docActions[name][1])
	if err != nil {
		return "", err
	}
	if doc, ok := b.Documents[name]; ok {
		return doc, nil
	}
	if nf, ok := docNotFound[name]; ok {
		return "", errNotFound(nf[0], nf[1])
	}
	return "", nil
}

// DeleteDocument removes configuration name (idempotent, 204).
func (s *Service) DeleteDocument(ctx context.Context, sc model.Scope, bucket, name string) error {
	return s.PutDocument(ctx, sc, bucket, name, "")
}

// LifecycleRule is what the control plane checks of a lifecycle rule.
type LifecycleRule struct {
	ID string
	// Actions counts the rule's actions (expiration, transitions, ...).
	Actions int
	// Prefix and Filter say which of the two ways to select objects the
	// rule used.
	Prefix, Filter bool
}

// ValidateLifecycle checks a lifecycle configuration (S3 User Guide,
// "Lifecycle configuration elements": up to 1,000 rules, IDs unique and at
// most 255 characters, each rule with an action, Filter and the legacy
// Prefix not together).
func ValidateLifecycle(rules []LifecycleRule) error {
	if len(rules) == 0 || len(rules) > 1000 {
		return errMalformedXML()
	}
	ids := map[string]bool{}
	for _, r := range rules {
		if len(r.ID) > 255 {
			return errInvalidArgument("ID length should not exceed allowed limit of 255")
		}
		if r.ID != "" {
			if ids[r.ID] {
				return errInvalidArgument("Rule ID must be unique. Found same ID for more than one rule")
			}
			ids[r.ID] = true
		}
		if r.Actions == 0 {
			return errInvalidRequest("At least one action needs to be specified in a rule")
		}
		if r.Prefix && r.Filter {
			return errMalformedXML()
		}
	}
	return nil
}

// SetVersioning sets the bucket's versioning state (Enabled or
// Suspended); a bucket with Object Lock cannot suspend it.
func (s *Service) SetVersioning(ctx context.Context, sc model.Scope, bucket, status, mfaDelete string) error {
	if status != s3m.VersioningEnabled && status != s3m.VersioningSuspended {
		return errMalformedXML()
	}
	return s.mutateBucket(ctx, sc, bucket, "s3:PutBucketVersioning", func(b *s3m.Bucket) error {
		if b.ObjectLockEnabled && status == s3m.VersioningSuspended {
			return s3err(http.StatusConflict, "InvalidBucketState", "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.")
		}
		b.Versioning = status
		if mfaDelete != "" {
			b.MFADelete = mfaDelete
		}
		return nil
	})
}

// PutPolicy validates and stores a bucket policy: a resource-based policy
// whose resources are this bucket and its objects and whose actions are
// S3's; with BlockPublicPolicy, a public policy is refused.
func (s *Service) PutPolicy(ctx context.Context, sc model.Scope, bucket, doc string) error {
	if len(doc) > 20*1024 {
		return s3err(http.StatusBadRequest, "PolicyTooLarge", "Policy exceeds the maximum allowed document size.")
	}
	d, err := policy.ValidateResourcePolicy(doc)
	if err != nil {
		return s3err(http.StatusBadRequest, "MalformedPolicy", err.Error())
	}
	for _, st := range d.Statements {
		for _, r := range append(append([]string(nil), st.Resource...), st.NotResource...) {
			if r != "*" && r != "arn:aws:s3:::"+bucket && !strings.HasPrefix(r, "arn:aws:s3:::"+bucket+"/") {
				return s3err(http.StatusBadRequest, "MalformedPolicy", "Policy has invalid resource")
			}
		}
		for _, a := range append(append([]string(nil), st.Action...), st.NotAction...) {
			if a != "*" && !strings.HasPrefix(strings.ToLower(a), "s3:") {
				return s3err(http.StatusBadRequest, "MalformedPolicy", "Policy has invalid action")
			}
		}
	}
	return s.mutateBucket(ctx, sc, bucket, "s3:PutBucketPolicy", func(b *s3m.Bucket) error {
		if b.PublicAccessBlock != nil && b.PublicAccessBlock.BlockPublicPolicy && policyIsPublic(d) {
			return errAccessDenied()
		}
		b.Policy = doc
		return nil
	})
}

// Policy returns the bucket policy (NoSuchBucketPolicy when none).
func (s *Service) Policy(sc model.Scope, bucket string) (string, error) {
	b, err := s.Bucket(sc, bucket, "s3:GetBucketPolicy")
	if err != nil {
		return "", err
	}
	if b.Policy == "" {
		return "", errNotFound("NoSuchBucketPolicy", "The bucket policy does not exist")
	}
	return b.Policy, nil
}

// DeletePolicy removes the bucket policy (204 even when there is none).
func (s *Service) DeletePolicy(ctx context.Context, sc model.Scope, bucket string) error {
	return s.mutateBucket(ctx, sc, bucket, "s3:DeleteBucketPolicy", func(b *s3m.Bucket) error {
		b.Policy = ""
		return nil
	})
}

// PolicyStatus reports whether the bucket policy is public
// (NoSuchBucketPolicy when there is none).
func (s *Service) PolicyStatus(sc model.Scope, bucket string) (bool, error) {
	doc, err := s.Policy(sc, bucket)
	if err != nil {
		return false, err
	}
	d, err := policy.Parse(doc)
	if err != nil {
		return false, nil
	}
	return policyIsPublic(d), nil
}

// policyIsPublic applies the S3 User Guide's definition ("The meaning of
// public"): an Allow to a wildcard principal without a condition that
// fixes the caller to known values.
func policyIsPublic(d *policy.Document) bool {
	for _, st := range d.Statements {
		if st.Effect != policy.Allow || st.Principal == nil {
			continue
		}
		wild := st.Principal.Wildcard
		for _, p := range st.Principal.AWS {
			if p == "*" {
				wild = true
			}
		}
		if wild && len(st.Conditions) == 0 {
			return true
		}
	}
	return false
}

// SetEncryption replaces the default encryption rules; nil restores the
// default SSE-S3 (DeleteBucketEncryption: "resets the default encryption
// for the bucket as server-side encryption with Amazon S3 managed keys").
func (s *Service) SetEncryption(ctx context.Context, sc model.Scope, bucket string, rules []s3m.EncryptionRule) error {
	for _, r := range rules {
		switch r.Algorithm {
		case "AES256", "aws:kms", "aws:kms:dsse":
		default:
			return errMalformedXML()
		}
		if r.KMSKeyID != "" && r.Algorithm == "AES256" {
			return errInvalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse")
		}
	}
	action := "s3:PutEncryptionConfiguration"
	return s.mutateBucket(ctx, sc, bucket, action, func(b *s3m.Bucket) error {
		b.Encryption = rules
		return nil
	})
}

// Encryption returns the bucket's default encryption rules (SSE-S3 when
// none were set: since January 2023 every bucket has default encryption).
func (s *Service) Encryption(sc model.Scope, bucket string) ([]s3m.EncryptionRule, error) {
	b, err := s.Bucket(sc, bucket, "s3:GetEncryptionConfiguration")
	if err != nil {
		return nil, err
	}
	if len(b.Encryption) == 0 {
		return []s3m.EncryptionRule{{Algorithm: "AES256"}}, nil
	}
	return b.Encryption, nil
}

// SetPublicAccessBlock replaces (nil deletes) the Block Public Access
// configuration.
func (s *Service) SetPublicAccessBlock(ctx context.Context, sc model.Scope, bucket string, pab *s3m.PublicAccessBlock) error {
	return s.mutateBucket(ctx, sc, bucket, "s3:PutBucketPublicAccessBlock", func(b *s3m.Bucket) error {
		b.PublicAccessBlock = pab
		return nil
	})
}

// PublicAccessBlock returns the Block Public Access configuration.
func (s *Service) PublicAccessBlock(sc model.Scope, bucket string) (*s3m.PublicAccessBlock, error) {
	b, err := s.Bucket(sc, bucket, "s3:GetBucketPublicAccessBlock")
	if err != nil {
		return nil, err
	}
	if b.PublicAccessBlock == nil {
		return nil, errNotFound("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
	}
	return b.PublicAccessBlock, nil
}

// SetOwnership sets ("" deletes) the object ownership control.
func (s *Service) SetOwnership(ctx context.Context, sc model.Scope, bucket, ownership string) error {
	switch ownership {
	case "", OwnershipEnforced, OwnershipPreferred, OwnershipObjectWriter:
	default:
		return errMalformedXML()
	}
	return s.mutateBucket(ctx, sc, bucket, "s3:PutBucketOwnershipControls", func(b *s3m.Bucket) error {
		if ownership == OwnershipEnforced {
			for _, g := range b.Grants {
				if g.Type != s3m.GranteeCanonicalUser || g.ID != CanonicalID(b.Account) {
					return s3err(http.StatusBadRequest, "InvalidBucketAclWithObjectOwnership", errACLWithOwnershipText)
				}
			}
		}
		b.Ownership = ownership
		return nil
	})
}

// Ownership returns the object ownership control.
func (s *Service) Ownership(sc model.Scope, bucket string) (string, error) {
	b, err := s.Bucket(sc, bucket, "s3:GetBucketOwnershipControls")
	if err != nil {
		return "", err
	}
	if b.Ownership == "" {
		return "", errNotFound("OwnershipControlsNotFoundError", "The bucket ownership controls were not found")
	}
	return b.Ownership, nil
}

const maxBucketTags = 50

// SetBucketTags replaces (nil deletes) the bucket's tag set.
func (s *Service) SetBucketTags(ctx context.Context, sc model.Scope, bucket string, tags map[string]string) error {
	if err := validateTags(tags, maxBucketTags); err != nil {
		return err
	}
	return s.mutateBucket(ctx, sc, bucket, "s3:PutBucketTagging", func(b *s3m.Bucket) error {
		b.Tags = tags
		return nil
	})
}

// BucketTags returns the bucket's tags (NoSuchTagSet when it has none).
func (s *Service) BucketTags(sc model.Scope, bucket string) (map[string]string, error) {
	b, err := s.Bucket(sc, bucket, "s3:GetBucketTagging")
	if err != nil {
		return nil, err
	}
	if len(b.Tags) == 0 {
		return nil, errNotFound("NoSuchTagSet", "The TagSet does not exist")
	}
	return b.Tags, nil
}

// SetAccelerate sets transfer acceleration (Enabled or Suspended); bucket
// names with dots cannot use it.
func (s *Service) SetAccelerate(ctx context.Context, sc model.Scope, bucket, status string) error {
	if status != "Enabled" && status != "Suspended" {
		return errMalformedXML()
	}
	if strings.Contains(bucket, ".") {
		return errInvalidRequest("S3 Transfer Acceleration is not supported for buckets with periods (.) in their names")
	}
	return s.mutateBucket(ctx, sc, bucket, "s3:PutAccelerateConfiguration", func(b *s3m.Bucket) error {
		b.Accelerate = status
		return nil
	})
}

// SetPayer sets who pays for requests (BucketOwner or Requester).
func (s *Service) SetPayer(ctx context.Context, sc model.Scope, bucket, payer string) error {
	if payer != "BucketOwner" && payer != "Requester" {
		return errMalformedXML()
	}
	return s.mutateBucket(ctx, sc, bucket, "s3:PutBucketRequestPayment", func(b *s3m.Bucket) error {
		b.Payer = payer
		return nil
	})
}

// SetObjectLock sets the default retention of a bucket created with Object
// Lock (or enables Object Lock on a versioned bucket).
func (s *Service) SetObjectLock(ctx context.Context, sc model.Scope, bucket string, enabled bool, rule *s3m.ObjectLockRule) error {
	if rule != nil {
		if (rule.Days > 0) == (rule.Years > 0) {
			return errMalformedXML()
		}
		if rule.Mode != "GOVERNANCE" && rule.Mode != "COMPLIANCE" {
			return errMalformedXML()
		}
	}
	return s.mutateBucket(ctx, sc, bucket, "s3:PutBucketObjectLockConfiguration", func(b *s3m.Bucket) error {
		if !b.ObjectLockEnabled {
			if !enabled || b.Versioning != s3m.VersioningEnabled {
				return s3err(http.StatusConflict, "InvalidBucketState", "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration")
			}
			b.ObjectLockEnabled = true
		}
		b.ObjectLock = rule
		return nil
	})
}

// ObjectLock returns a bucket's Object Lock rule
// (ObjectLockConfigurationNotFoundError without Object Lock).
func (s *Service) ObjectLock(sc model.Scope, bucket string) (*s3m.ObjectLockRule, error) {
	b, err := s.Bucket(sc, bucket, "s3:GetBucketObjectLockConfiguration")
	if err != nil {
		return nil, err
	}
	if !b.ObjectLockEnabled {
		return nil, errNotFound("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket")
	}
	return b.ObjectLock, nil
}
