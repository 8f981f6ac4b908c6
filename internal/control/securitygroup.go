package control

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// createDefaultSecurityGroup creates a VPC's default security group: inbound
// from itself, outbound to everywhere (and ::/0 when the VPC has IPv6)
// [VPC-UG default-security-group.md].
func createDefaultSecurityGroup(tx *store.Tx, v *model.VPC) *model.SecurityGroup {
	g := &model.SecurityGroup{
		Meta:        newMeta(tx, v.Scope(), tx.NewID("sg"), nil),
		VpcID:       v.ID,
		Name:        "default",
		Description: "default VPC security group",
	}
	tx.SecurityGroups.Put(g)
	tx.SecurityGroupRules.Put(&model.SecurityGroupRule{Meta: newMeta(tx, v.Scope(), tx.NewID("sgr"), nil), GroupID: g.ID, Protocol: "-1", FromPort: -1, ToPort: -1, RefGroupID: g.ID, RefUserID: v.Account})
	tx.SecurityGroupRules.Put(&model.SecurityGroupRule{Meta: newMeta(tx, v.Scope(), tx.NewID("sgr"), nil), GroupID: g.ID, Egress: true, Protocol: "-1", FromPort: -1, ToPort: -1, CidrIPv4: anyIPv4})
	if len(v.Ipv6CidrBlocks) > 0 {
		tx.SecurityGroupRules.Put(&model.SecurityGroupRule{Meta: newMeta(tx, v.Scope(), tx.NewID("sgr"), nil), GroupID: g.ID, Egress: true, Protocol: "-1", FromPort: -1, ToPort: -1, CidrIPv6: anyIPv6})
	}
	return g
}
