package control

import (
	"sort"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// SGReference is one VPC on the other side of a connection whose
// security group rules reference a group.
type SGReference struct {
	GroupID          string
	ReferencingVpcID string
	PeeringID        string
	TransitGatewayID string
}

// SecurityGroupReferences answers DescribeSecurityGroupReferences [EC2 API
// reference: "Describes the VPCs on the other side of a VPC peering or
// Transit Gateway connection that are referencing the security groups
// you've specified"]: each group must be one of scope's
// (InvalidGroup.NotFound otherwise); for each, the other VPCs with rules
// that reference it over a connection still active (stale rules, see
// peering_sg.go, reference nothing). vpcsim creates cross-VPC references
// over peering connections only, so TransitGatewayID stays empty.
func SecurityGroupReferences(w *store.World, scope model.Scope, groupIDs []string, now time.Time) ([]SGReference, error) {
	if len(groupIDs) == 0 {
		return nil, awserr.MissingParameter("GroupId")
	}
	want := map[string]*model.SecurityGroup{}
	for _, id := range groupIDs {
		g, err := find(kindSG, w.SecurityGroups, scope, id)
		if err != nil {
			return nil, err
		}
		want[g.ID] = g
	}
	type key struct{ group, vpc string }
	seen := map[key]bool{}
	var out []SGReference
	w.SecurityGroupRules.All(func(r *model.SecurityGroupRule) bool {
		g, ok := want[r.RefGroupID]
		if !ok || r.RefPeeringID == "" {
			return true
		}
		owner, ok := w.SecurityGroups.Get(r.GroupID)
		if !ok || owner.VpcID == g.VpcID {
			return true
		}
		if _, stale := staleRule(w, owner.VpcID, r, now); stale {
			return true
		}
		k := key{g.ID, owner.VpcID}
		if seen[k] {
			return true
		}
		seen[k] = true
		ref := SGReference{GroupID: g.ID, ReferencingVpcID: owner.VpcID}
		if pcx := activePeeringBetween(w, owner.VpcID, g.VpcID); pcx != nil {
			ref.PeeringID = pcx.ID
		}
		out = append(out, ref)
		return true
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].GroupID != out[j].GroupID {
			return out[i].GroupID < out[j].GroupID
		}
		return out[i].ReferencingVpcID < out[j].ReferencingVpcID
	})
	return out, nil
}
