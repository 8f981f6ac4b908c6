// Package sts serves AWS Security Token Service on the query protocol:
// generated shapes (shapes_gen.go) and thin handlers.
package sts

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// New returns the STS binding.
func New() *api.Binding {
	r := api.NewRouter()
	api.Handle(r, "GetCallerIdentity", getCallerIdentity)
	return &api.Binding{Service: Service, Handler: r}
}

// getCallerIdentity answers with the caller's account: a 12-digit access
// key id is its own account's root; any other key the default account's.
func getCallerIdentity(_ context.Context, c *protocol.Call, _ *GetCallerIdentityRequest) (*GetCallerIdentityResponse, error) {
	user := c.AccessKey
	if user == "" {
		user = "AKIAVPCSIM"
	}
	arn := "arn:aws:iam::" + c.Account + ":root"
	return &GetCallerIdentityResponse{UserId: &user, Account: &c.Account, Arn: &arn}, nil
}
