package control

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// createInternetGateway creates a detached internet gateway.
func createInternetGateway(tx *store.Tx, scope model.Scope, tags map[string]string) *model.InternetGateway {
	g := &model.InternetGateway{Meta: newMeta(tx, scope, tx.NewID("igw"), tags)}
	tx.InternetGateways.Put(g)
	return g
}
