package s3

import (
	"context"
	"net/http"

	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
)

// Object ownership settings (S3 User Guide, "Controlling ownership of
// objects and disabling ACLs").
const (
	OwnershipEnforced       = "BucketOwnerEnforced"
	OwnershipPreferred      = "BucketOwnerPreferred"
	OwnershipObjectWriter   = "ObjectWriter"
	allUsersURI             = "http://acs.amazonaws.com/groups/global/AllUsers"
	authenticatedUsersURI   = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
	logDeliveryURI          = "http://acs.amazonaws.com/groups/s3/LogDelivery"
	permFullControl         = "FULL_CONTROL"
	permRead                = "READ"
	permWrite               = "WRITE"
	cannedPrivate           = "private"
	cannedBucketOwnerFull   = "bucket-owner-full-control"
	errACLNotSupportedMsg   = "The bucket does not allow ACLs"
	errACLWithOwnershipText = "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"
)

// cannedGrants expands a canned ACL (S3 User Guide, "Canned ACL") for the
// owner account.
func cannedGrants(owner, acl string) ([]s3m.Grant, bool) {
	own := s3m.Grant{Type: s3m.GranteeCanonicalUser, ID: CanonicalID(owner), Permission: permFullControl}
	group := func(uri, perm string) s3m.Grant { return s3m.Grant{Type: s3m.GranteeGroup, URI: uri, Permission: perm} }
	switch acl {
	case "", cannedPrivate, cannedBucketOwnerFull, "bucket-owner-read", "aws-exec-read":
		return []s3m.Grant{own}, true
	case "public-read":
		return []s3m.Grant{own, group(allUsersURI, permRead)}, true
	case "public-read-write":
		return []s3m.Grant{own, group(allUsersURI, permRead), group(allUsersURI, permWrite)}, true
	case "authenticated-read":
		return []s3m.Grant{own, group(authenticatedUsersURI, permRead)}, true
	case "log-delivery-write":
		return []s3m.Grant{own, group(logDeliveryURI, permWrite), group(logDeliveryURI, "READ_ACP")}, true
	}
	return nil, false
}

// aclGrants resolves a canned ACL or explicit grants under an ownership
// setting: with BucketOwnerEnforced only the owner-full-control forms are
// accepted.
func aclGrants(owner, canned string, explicit []s3m.Grant, ownership string, creating bool) ([]s3m.Grant, error) {
	if canned != "" && len(explicit) > 0 {
		return nil, errInvalidRequest("Specifying both Canned ACLs and Header Grants is not allowed")
	}
	if ownership == OwnershipEnforced {
		ok := canned == "" && len(explicit) == 0 || canned == cannedBucketOwnerFull || creating && canned == cannedPrivate
		if !ok && len(explicit) == 1 && explicit[0].Type == s3m.GranteeCanonicalUser && explicit[0].ID == CanonicalID(owner) && explicit[0].Permission == permFullControl {
			ok = true
		}
		if !ok {
			if creating {
				return nil, s3err(http.StatusBadRequest, "InvalidBucketAclWithObjectOwnership", errACLWithOwnershipText)
			}
			return nil, s3err(http.StatusBadRequest, "AccessControlListNotSupported", errACLNotSupportedMsg)
		}
	}
	if len(explicit) > 0 {
		return explicit, nil
	}
	g, ok := cannedGrants(owner, canned)
	if !ok {
		return nil, errInvalidArgument("Invalid canned ACL " + canned)
	}
	return g, nil
}

// PutBucketACL replaces the bucket ACL.
func (s *Service) PutBucketACL(ctx context.Context, sc model.Scope, name, canned string, grants []s3m.Grant) error {
	return s.mutateBucket(ctx, sc, name, "s3:PutBucketAcl", func(b *s3m.Bucket) error {
		g, err := aclGrants(b.Account, canned, grants, b.Ownership, false)
		if err != nil {
			return err
		}
		b.Grants = g
		return nil
	})
}

// BucketACL returns the bucket ACL (the owner's full control when none was
// set).
func (s *Service) BucketACL(sc model.Scope, name string) (*s3m.Bucket, []s3m.Grant, error) {
	b, err := s.Bucket(sc, name, "s3:GetBucketAcl")
	if err != nil {
		return nil, nil, err
	}
	if len(b.Grants) == 0 {
		g, _ := cannedGrants(b.Account, cannedPrivate)
		return b, g, nil
	}
	return b, b.Grants, nil
}
