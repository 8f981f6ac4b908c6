package control

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

var (
	anyIPv4 = netip.MustParsePrefix("0.0.0.0/0")
	anyIPv6 = netip.MustParsePrefix("::/0")
)

// defaultACLEntries returns AWS's default network ACL rules: rule 100 allows
// all traffic and `*` denies the rest, in both directions, with IPv6 twins
// (101 and the IPv6 `*`) when the VPC has an IPv6 block [VPC-UG
// default-network-acl.md].
func defaultACLEntries(ipv6 bool) []model.NetworkACLEntry {
	var out []model.NetworkACLEntry
	for _, egress := range []bool{false, true} {
		out = append(out,
			model.NetworkACLEntry{RuleNumber: 100, Egress: egress, Protocol: "-1", Action: "allow", CidrBlock: anyIPv4},
			model.NetworkACLEntry{RuleNumber: model.DefaultRuleNumber, Egress: egress, Protocol: "-1", Action: "deny", CidrBlock: anyIPv4},
		)
		if ipv6 {
			out = append(out,
				model.NetworkACLEntry{RuleNumber: 101, Egress: egress, Protocol: "-1", Action: "allow", Ipv6Cidr: anyIPv6},
				model.NetworkACLEntry{RuleNumber: model.DefaultRuleNumber + 1, Egress: egress, Protocol: "-1", Action: "deny", Ipv6Cidr: anyIPv6},
			)
		}
	}
	return out
}

// createDefaultNetworkACL creates a VPC's default network ACL.
func createDefaultNetworkACL(tx *store.Tx, v *model.VPC) *model.NetworkACL {
	acl := &model.NetworkACL{
		Meta:      newMeta(tx, v.Scope(), tx.NewID("acl"), nil),
		VpcID:     v.ID,
		IsDefault: true,
		Entries:   defaultACLEntries(len(v.Ipv6CidrBlocks) > 0),
	}
	tx.NetworkACLs.Put(acl)
	return acl
}
