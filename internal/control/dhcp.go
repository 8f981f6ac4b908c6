package control

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// defaultDhcpOptionsID returns the scope's default DHCP options set, which
// initScope creates (domain-name for the region, AmazonProvidedDNS).
func defaultDhcpOptionsID(tx *store.Tx, scope model.Scope) string {
	st, ok := tx.Scopes.Get(scopeKey(scope))
	if !ok {
		return ""
	}
	return st.DefaultDhcpOptionsID
}

// createDefaultDhcpOptions creates AWS's default DHCP options for a region.
func createDefaultDhcpOptions(tx *store.Tx, scope model.Scope) *model.DhcpOptions {
	domain := scope.Region + ".compute.internal"
	if scope.Region == "us-east-1" {
		domain = "ec2.internal"
	}
	d := &model.DhcpOptions{
		Meta: newMeta(tx, scope, tx.NewID("dopt"), nil),
		Configurations: []model.DhcpConfiguration{
			{Key: "domain-name", Values: []string{domain}},
			{Key: "domain-name-servers", Values: []string{"AmazonProvidedDNS"}},
		},
	}
	tx.DhcpOptions.Put(d)
	return d
}
