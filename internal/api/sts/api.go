// Package sts serves AWS Security Token Service on the query protocol:
// generated shapes (shapes_gen.go) and thin handlers over the IAM control
// plane (internal/control/iam), which owns roles and sessions.
package sts

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	iamctl "github.com/vpcsim/vpcsim/internal/control/iam"
	"github.com/vpcsim/vpcsim/internal/model"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/store"
)

type handlers struct {
	ctl *iamctl.Service
}

// StoreProvider is what the binding needs from the server's control plane:
// the one store of the world (*control.Service provides it).
type StoreProvider interface{ Store() *store.Store }

// New returns the STS binding over the store of ctl.
func New(ctl StoreProvider) *api.Binding {
	h := &handlers{ctl: iamctl.New(ctl.Store())}
	r := api.NewRouter()
	api.Handle(r, "GetCallerIdentity", h.getCallerIdentity)
	api.Handle(r, "AssumeRole", h.assumeRole)
	api.Handle(r, "GetSessionToken", h.getSessionToken)
	return &api.Binding{Service: Service, Handler: r}
}

// getCallerIdentity answers with the caller's identity: an assumed-role
// session for temporary credentials AssumeRole issued, otherwise the
// account root (a 12-digit access key id is its own account; any other key
// the default account's).
func (h *handlers) getCallerIdentity(ctx context.Context, c *protocol.Call, _ *GetCallerIdentityRequest) (*GetCallerIdentityResponse, error) {
	id, err := h.ctl.CallerIdentity(ctx, c.AccessKey, c.Account)
	if err != nil {
		return nil, err
	}
	return &GetCallerIdentityResponse{UserId: &id.UserID, Account: &id.Account, Arn: &id.ARN}, nil
}

func credentialsOut(s *iammodel.Session) *Credentials {
	exp := s.Expiration
	return &Credentials{AccessKeyId: ptr(s.ID), SecretAccessKey: ptr(s.SecretAccessKey), SessionToken: ptr(s.SessionToken), Expiration: &exp}
}

func (h *handlers) assumeRole(ctx context.Context, c *protocol.Call, in *AssumeRoleRequest) (*AssumeRoleResponse, error) {
	ar := iamctl.AssumeRoleInput{AccessKey: c.AccessKey, Account: c.Account, Region: c.Region,
		RoleARN: api.Str(in.RoleArn), SessionName: api.Str(in.RoleSessionName), Policy: api.Str(in.Policy),
		ExternalID: api.Str(in.ExternalId), SourceIdentity: api.Str(in.SourceIdentity),
		MFA: in.SerialNumber != nil && in.TokenCode != nil}
	if in.DurationSeconds != nil {
		ar.DurationSeconds = *in.DurationSeconds
	}
	for _, p := range in.PolicyArns {
		ar.PolicyARNs = append(ar.PolicyARNs, api.Str(p.Arn))
	}
	for _, t := range in.Tags {
		ar.Tags = append(ar.Tags, model.Tag{Key: api.Str(t.Key), Value: api.Str(t.Value)})
	}
	res, err := h.ctl.AssumeRole(ctx, ar)
	if err != nil {
		return nil, err
	}
	out := &AssumeRoleResponse{Credentials: credentialsOut(res.Session),
		AssumedRoleUser:  &AssumedRoleUser{AssumedRoleId: ptr(res.AssumedRoleID), Arn: ptr(res.Session.ARN)},
		PackedPolicySize: res.PackedPolicySize}
	if in.SourceIdentity != nil {
		out.SourceIdentity = in.SourceIdentity
	}
	return out, nil
}

func (h *handlers) getSessionToken(ctx context.Context, c *protocol.Call, in *GetSessionTokenRequest) (*GetSessionTokenResponse, error) {
	var d int32
	if in.DurationSeconds != nil {
		d = *in.DurationSeconds
	}
	s, err := h.ctl.GetSessionToken(ctx, c.AccessKey, c.Account, d)
	if err != nil {
		return nil, err
	}
	return &GetSessionTokenResponse{Credentials: credentialsOut(s)}, nil
}

func ptr[T any](v T) *T { return &v }
