// Package iam serves AWS Identity and Access Management on the query
// protocol: generated shapes (shapes_gen.go) and thin handlers that
// translate between the wire and internal/control/iam. Policy documents
// leave as IAM sends them: URL-encoded JSON (RFC 3986).
package iam

import (
	"github.com/vpcsim/vpcsim/internal/api"
	iamctl "github.com/vpcsim/vpcsim/internal/control/iam"
	"github.com/vpcsim/vpcsim/internal/store"
)

// handlers binds the operations to one control plane.
type handlers struct {
	ctl *iamctl.Service
}

// StoreProvider is what the binding needs from the server's control plane:
// the one store of the world (*control.Service provides it).
type StoreProvider interface{ Store() *store.Store }

// New returns the IAM binding over the store of ctl.
func New(ctl StoreProvider) *api.Binding {
	h := &handlers{ctl: iamctl.New(ctl.Store())}
	r := api.NewRouter()
	h.roles(r)
	h.policies(r)
	h.attachments(r)
	h.instanceProfiles(r)
	h.serviceLinked(r)
	return &api.Binding{Service: Service, Handler: r}
}
