package s3

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/store"
)

// CanonicalID is the S3 canonical user id of an account: 64 hex digits,
// stable for the account.
func CanonicalID(account string) string {
	sum := sha256.Sum256([]byte("vpcsim-canonical-user:" + account))
	return hex.EncodeToString(sum[:])
}

// DisplayName is the owner display name vpcsim reports for an account.
func DisplayName(account string) string { return "vpcsim-" + account }

// ValidBucketName checks the general purpose bucket naming rules (S3 User
// Guide, "Bucket naming rules").
func ValidBucketName(name string) error {
	bad := func(why string) error {
		return errInvalidBucketName("The specified bucket is not valid. " + why)
	}
	if len(name) < 3 || len(name) > 63 {
		return bad("Bucket names must be between 3 and 63 characters long.")
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return bad("Bucket names can consist only of lowercase letters, numbers, dots (.), and hyphens (-).")
		}
	}
	if !alnum(name[0]) || !alnum(name[len(name)-1]) {
		return bad("Bucket names must begin and end with a letter or number.")
	}
	if strings.Contains(name, "..") {
		return bad("Bucket names must not contain two adjacent periods.")
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return bad("Bucket names must not be formatted as an IP address.")
	}
	if strings.HasPrefix(name, "xn--") || strings.HasPrefix(name, "sthree-") {
		return bad("Bucket names must not start with a reserved prefix.")
	}
	for _, suffix := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3"} {
		if strings.HasSuffix(name, suffix) {
			return bad("Bucket names must not end with a reserved suffix.")
		}
	}
	return nil
}

func alnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

func errInvalidBucketName(msg string) *awserr.Error {
	return s3err(http.StatusBadRequest, "InvalidBucketName", msg)
}

// CreateBucketInput is a CreateBucket request.
type CreateBucketInput struct {
	Name string
	// HasConfiguration is true when the request carried a
	// CreateBucketConfiguration; LocationConstraint is its value.
	LocationConstraint string
	ACL                string
	// Grants are the x-amz-grant-* headers' grants.
	Grants          []s3m.Grant
	ObjectOwnership string
	ObjectLock      bool
	Tags            map[string]string
}

// CreateBucket creates a bucket in the caller's region (S3 API Reference,
// CreateBucket): the LocationConstraint must name the region the request
// was sent to, and us-east-1 is the absence of a constraint.
func (s *Service) CreateBucket(ctx context.Context, sc model.Scope, in CreateBucketInput) (*s3m.Bucket, error) {
	if err := ValidBucketName(in.Name); err != nil {
		return nil, err
	}
	region, err := bucketRegion(sc.Region, in.LocationConstraint)
	if err != nil {
		return nil, err
	}
	ownership := in.ObjectOwnership
	if ownership == "" {
		// Since April 2023 new buckets have ACLs disabled (S3 User Guide,
		// "Controlling ownership of objects").
		ownership = OwnershipEnforced
	}
	grants, err := aclGrants(sc.Account, in.ACL, in.Grants, ownership, true)
	if err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags, maxBucketTags); err != nil {
		return nil, err
	}
	var out *s3m.Bucket
	err = s.update(ctx, func(tx *store.Tx) ([]string, error) {
		t := BucketKind.In(tx.World)
		if b, ok := t.Get(in.Name); ok {
			if b.Account != sc.Account {
				return nil, s3err(http.StatusConflict, "BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.")
			}
			if b.Region == "us-east-1" && region == "us-east-1" {
				// Legacy us-east-1 behaviour: re-creating your own bucket
				// succeeds and changes nothing.
				out = b
				return nil, nil
			}
			return nil, s3err(http.StatusConflict, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.")
		}
		b := &s3m.Bucket{
			Meta: model.Meta{ID: in.Name, Account: sc.Account, Region: region, Created: tx.Now(), Tags: in.Tags},
			Name: in.Name, Ownership: ownership, Grants: grants,
			PublicAccessBlock: &s3m.PublicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
			ObjectLockEnabled: in.ObjectLock,
		}
		if in.ObjectLock {
			// Object Lock requires versioning, which S3 enables with it.
			b.Versioning = s3m.VersioningEnabled
		}
		t.Put(b)
		out = b
		return nil, nil
	})
	return out, err
}

func bucketRegion(reqRegion, constraint string) (string, error) {
	if constraint == "EU" {
		constraint = "eu-west-1"
	}
	if constraint == "" {
		if reqRegion != "us-east-1" {
			return "", awserr.New("IllegalLocationConstraintException", "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.")
		}
		return "us-east-1", nil
	}
	if constraint == "us-east-1" {
		return "", awserr.New("InvalidLocationConstraint", "The specified location-constraint is not valid")
	}
	if constraint != reqRegion {
		return "", awserr.New("IllegalLocationConstraintException", "The %s location constraint is incompatible for the region specific endpoint this request was sent to.", constraint)
	}
	return constraint, nil
}

// Bucket returns a bucket the caller may act on with action (an IAM
// action such as "s3:GetBucketPolicy").
func (s *Service) Bucket(sc model.Scope, name, action string) (*s3m.Bucket, error) {
	return bucketFor(s.st.Snapshot(), sc, name, action, "")
}

// HeadBucket answers HeadBucket: the bucket exists and the caller may list
// it.
func (s *Service) HeadBucket(sc model.Scope, name string) (*s3m.Bucket, error) {
	return s.Bucket(sc, name, "s3:ListBucket")
}

// ListBucketsResult is one page of ListBuckets.
type ListBucketsResult struct {
	Buckets []*s3m.Bucket
	// Next is the continuation token ("" on the last page).
	Next string
}

// ListBuckets lists the caller's buckets by name, filtered by prefix and
// region, max per page (0 = all), after the continuation token (a name).
func (s *Service) ListBuckets(sc model.Scope, prefix, region, after string, max int) ListBucketsResult {
	var out ListBucketsResult
	var all []*s3m.Bucket
	BucketKind.In(s.st.Snapshot()).From(after, func(b *s3m.Bucket) bool {
		if b.Account == sc.Account && strings.HasPrefix(b.Name, prefix) && (region == "" || b.Region == region) {
			all = append(all, b)
		}
		return true
	})
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	if max > 0 && len(all) > max {
		all = all[:max]
		out.Next = all[max-1].Name
	}
	out.Buckets = all
	return out
}

// DeleteBucket deletes an empty bucket (S3 API Reference, DeleteBucket:
// "All objects (including all object versions and delete markers) in the
// bucket must be deleted before the bucket itself can be deleted"). Its
// incomplete multipart uploads go with it.
func (s *Service) DeleteBucket(ctx context.Context, sc model.Scope, name string) error {
	return s.update(ctx, func(tx *store.Tx) ([]string, error) {
		if _, err := bucketFor(tx.World, sc, name, "s3:DeleteBucket", ""); err != nil {
			return nil, err
		}
		empty := true
		ObjectKind.In(tx.World).From(s3m.ObjectPrefix(name), func(o *s3m.Object) bool {
			if o.Bucket == name {
				empty = false
			}
			return false
		})
		if !empty {
			return nil, s3err(http.StatusConflict, "BucketNotEmpty", "The bucket you tried to delete is not empty")
		}
		var released, uploads []string
		UploadKind.In(tx.World).From(s3m.ObjectPrefix(name), func(u *s3m.Upload) bool {
			if u.Bucket != name {
				return false
			}
			uploads = append(uploads, u.ID)
			for _, p := range u.Parts {
				released = append(released, p.Blob)
			}
			return true
		})
		for _, id := range uploads {
			UploadKind.In(tx.World).Delete(id)
		}
		BucketKind.In(tx.World).Delete(name)
		return released, nil
	})
}

// mutateBucket applies fn to a private copy of the bucket and stores it.
func (s *Service) mutateBucket(ctx context.Context, sc model.Scope, name, action string, fn func(b *s3m.Bucket) error) error {
	return s.update(ctx, func(tx *store.Tx) ([]string, error) {
		b, err := bucketFor(tx.World, sc, name, action, "")
		if err != nil {
			return nil, err
		}
		c := model.Clone(b)
		if err := fn(c); err != nil {
			return nil, err
		}
		BucketKind.In(tx.World).Put(c)
		return nil, nil
	})
}

// bucketFor returns the bucket if the caller may perform action on it (or
// on its key when key is not empty).
func bucketFor(w *store.World, sc model.Scope, name, action, key string) (*s3m.Bucket, error) {
	b, ok := BucketKind.In(w).Get(name)
	if !ok {
		return nil, errNoSuchBucket()
	}
	if err := authorize(b, sc, action, key); err != nil {
		return nil, err
	}
	return b, nil
}
