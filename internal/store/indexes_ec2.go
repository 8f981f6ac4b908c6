package store

import "github.com/vpcsim/vpcsim/internal/model"

// EC2's secondary indexes: the reverse references deletes must check.
var (
	// NetworkInterfacesBySecurityGroup files each network interface under
	// every security group it uses (DeleteSecurityGroup's DependencyViolation).
	NetworkInterfacesBySecurityGroup = DefineIndex(NetworkInterfaceKind, "security-group",
		func(n *model.NetworkInterface) []string { return n.SecurityGroupIDs })
	// SecurityGroupRulesByReferencedGroup files each security group rule
	// under the group it references as its peer, if any.
	SecurityGroupRulesByReferencedGroup = DefineIndex(SecurityGroupRuleKind, "referenced-group",
		func(r *model.SecurityGroupRule) []string { return []string{r.RefGroupID} })
)
