package control

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// reservedPerSubnet is the number of addresses AWS keeps in every subnet:
// network, VPC router, DNS, future use, broadcast [VPC-UG subnet-sizing.md].
const reservedPerSubnet = 5

type subnetSpec struct {
	cidr                netip.Prefix
	ipv6                netip.Prefix // zero when none
	zone                Zone
	tags                map[string]string
	defaultForAz        bool
	mapPublicIPOnLaunch bool
}

// createSubnet creates a subnet (validated by the caller) with its implicit
// association to the VPC's default network ACL.
func createSubnet(tx *store.Tx, v *model.VPC, spec subnetSpec) *model.Subnet {
	sn := &model.Subnet{
		Meta:                newMeta(tx, v.Scope(), tx.NewID("subnet"), spec.tags),
		VpcID:               v.ID,
		State:               "available",
		AvailabilityZone:    spec.zone.Name,
		AvailabilityZoneID:  spec.zone.ID,
		CidrBlock:           spec.cidr,
		DefaultForAz:        spec.defaultForAz,
		MapPublicIpOnLaunch: spec.mapPublicIPOnLaunch,
		HostnameType:        "ip-name",
	}
	if spec.ipv6.IsValid() {
		sn.Ipv6CidrBlocks = []model.Ipv6CidrAssoc{{AssociationID: tx.NewID("subnet-cidr-assoc"), Prefix: spec.ipv6, State: "associated"}}
	}
	tx.Subnets.Put(sn)
	for _, acl := range tx.NetworkACLs.Children(v.ID) {
		if acl.IsDefault {
			c := model.Clone(acl)
			c.Associations = append(c.Associations, model.NetworkACLAssoc{ID: tx.NewID("aclassoc"), SubnetID: sn.ID})
			tx.NetworkACLs.Put(c)
		}
	}
	return sn
}
