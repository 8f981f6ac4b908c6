package control

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// AccountAttribute is one of DescribeAccountAttributes' attributes.
type AccountAttribute struct {
	Name   string
	Values []string
}

// AccountAttributes returns the account-region's attributes in EC2's order
// [EC2 API DescribeAccountAttributes]: VPC-only platform, its default VPC
// ("none" when deleted) and the default quotas.
func AccountAttributes(w *store.World, scope model.Scope) []AccountAttribute {
	defaultVpc := "none"
	if st, ok := w.Scopes.Get(scopeKey(scope)); ok && st.DefaultVpcID != "" {
		defaultVpc = st.DefaultVpcID
	}
	return []AccountAttribute{
		{"supported-platforms", []string{"VPC"}},
		{"default-vpc", []string{defaultVpc}},
		{"max-instances", []string{"20"}},
		{"vpc-max-security-groups-per-interface", []string{"5"}},
		{"max-elastic-ips", []string{"5"}},
		{"vpc-max-elastic-ips", []string{"5"}},
	}
}
