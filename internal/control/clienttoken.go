package control

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Idempotency of EC2 requests with a ClientToken [EC2 API "Ensuring
// idempotency"]: a retry with the same token and the same parameters
// answers the original response and changes nothing; the same token with
// different parameters is IdempotentParameterMismatch. The token record is
// written in the same transaction as the operation it belongs to (see
// Atomic), so a crash leaves both or neither.

// ClientTokenKey is the record key of token for action in scope.
func ClientTokenKey(scope model.Scope, action, token string) string {
	return scope.Account + "/" + scope.Region + "/" + action + "/" + token
}

// ClientTokenReplay returns the recorded response of a request already
// served under key (as View(ctx) sees it), or ok=false when the token is
// new. A token recorded with other parameters (hash) is
// IdempotentParameterMismatch.
func (s *Service) ClientTokenReplay(ctx context.Context, key, hash string) (response []byte, ok bool, err error) {
	prev, found := s.View(ctx).ClientTokens.Get(key)
	if !found {
		return nil, false, nil
	}
	if prev.ParamsHash != hash {
		return nil, false, awserr.New("IdempotentParameterMismatch", "The client token you have provided is associated with a resource that is already deleted or has different parameters. Please use a different client token.")
	}
	return prev.Response, true, nil
}

// RememberClientToken records the response to an idempotent request. Run
// inside Atomic, it commits with the operation it answers.
func (s *Service) RememberClientToken(ctx context.Context, key string, scope model.Scope, hash string, response []byte) error {
	return s.update(ctx, func(tx *store.Tx) error {
		tx.ClientTokens.Put(&model.ClientToken{Meta: model.Meta{ID: key, Account: scope.Account, Region: scope.Region, Created: tx.Now()}, ParamsHash: hash, Response: response})
		return nil
	})
}
