// Package iam implements the semantics of AWS Identity and Access Management
// (roles, managed policies and their versions, role attachments and inline
// policies, instance profiles, service-linked roles) and of the AWS
// Security Token Service operations that issue and describe credentials
// (AssumeRole, GetSessionToken, GetCallerIdentity), each operation as one
// store transaction.
//
// IAM is global: objects are scoped by account and carry no region. Policy
// documents are validated with internal/policy and kept as sent; encoding
// them for the wire (URL-encoding) is the API layer's job. Errors are
// *awserr.Error with IAM's codes and HTTP statuses (NoSuchEntity 404,
// EntityAlreadyExists/DeleteConflict/LimitExceeded 409, MalformedPolicyDocument,
// InvalidInput, ValidationError 400); a rejected request changes nothing.
package iam

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/store"
)

// Service is the IAM and STS control plane over a store. It is safe for
// concurrent use: reads use immutable snapshots, writes are transactions.
type Service struct {
	st *store.Store
}

// New returns a Service over st.
func New(st *store.Store) *Service { return &Service{st: st} }

// snapshot returns the current immutable world.
func (s *Service) snapshot() *store.World { return s.st.Snapshot() }

// update runs fn as one durable transaction.
func (s *Service) update(ctx context.Context, fn func(tx *store.Tx) error) error {
	_, err := s.st.Update(ctx, fn)
	return err
}
