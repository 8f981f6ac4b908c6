package control

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Security group rules that reference a peer VPC's group [PEER
// vpc-peering-security-groups.md]:
//   - the peer VPC can be in the same or another account ("123456789012/
//     sg-1a2b3c4d"), and the peering connection must be active;
//   - a group of a peer VPC in another Region cannot be referenced (group
//     ids are regional: EC2 does not find it);
//   - when the peering connection is deleted, or the peer deletes the
//     group, the rule becomes stale: it stays until removed, and is no
//     longer stale if the same VPCs are peered again.

// differentNetworks is EC2's answer to a reference to a group of a VPC
// that is not peered with the rule's VPC.
func differentNetworks() error {
	return awserr.New("InvalidGroup.NotFound", "You have specified two resources that belong to different networks.")
}

// activePeeringBetween returns the active connection between VPCs a and b
// in one Region (security group references do not cross Regions), or nil.
func activePeeringBetween(w *store.World, a, b string) *model.VpcPeeringConnection {
	var found *model.VpcPeeringConnection
	w.PeeringConnections.All(func(p *model.VpcPeeringConnection) bool {
		if p.Active() && p.Requester.Region == p.Accepter.Region &&
			(p.Requester.VpcID == a && p.Accepter.VpcID == b || p.Requester.VpcID == b && p.Accepter.VpcID == a) {
			found = p
		}
		return found == nil
	})
	return found
}

// peerGroupRef resolves a UserIdGroupPair naming a group of a peer VPC
// (another account's, or with a VpcId or VpcPeeringConnectionId) for a
// rule of group g in scope.
func peerGroupRef(w *store.World, scope model.Scope, g *model.SecurityGroup, p SGGroupPeer) (*model.SecurityGroup, error) {
	if p.GroupID == "" {
		// A peer's group is referenced by id; a name is looked up in the
		// rule's own VPC only.
		return nil, sgNotFound(firstNonEmpty(p.GroupName, p.UserID))
	}
	if err := kindSG.check(p.GroupID); err != nil {
		return nil, err
	}
	ref, ok := w.SecurityGroups.Get(p.GroupID)
	if !ok || ref.Region != scope.Region || p.UserID != "" && p.UserID != ref.Account {
		return nil, sgNotFound(p.GroupID)
	}
	if p.VpcID != "" && p.VpcID != ref.VpcID {
		return nil, differentNetworks()
	}
	if ref.VpcID == g.VpcID {
		if p.PeeringID != "" {
			return nil, differentNetworks()
		}
		return ref, nil
	}
	pcx := activePeeringBetween(w, g.VpcID, ref.VpcID)
	if pcx == nil || p.PeeringID != "" && p.PeeringID != pcx.ID {
		return nil, differentNetworks()
	}
	return ref, nil
}

// setPeerRef records on rule r the peer VPC and the peering connection of
// a reference to ref, a group of another VPC than g's.
func setPeerRef(w *store.World, g, ref *model.SecurityGroup, r *model.SecurityGroupRule) {
	if ref.VpcID == g.VpcID {
		return
	}
	r.RefVpcID = ref.VpcID
	if pcx := activePeeringBetween(w, g.VpcID, ref.VpcID); pcx != nil {
		r.RefPeeringID = pcx.ID
	}
}

// StaleRule is a rule that references a deleted group, or a peer VPC's
// group over a peering connection that is no longer active.
type StaleRule struct {
	Rule *model.SecurityGroupRule
	// RefGroupName is the referenced group's name when it still exists.
	RefGroupName string
	// PeeringStatus is the status of the rule's peering connection
	// ("deleted" once it is gone), empty for a rule in the same VPC.
	PeeringStatus string
	// PeeringID is the connection the reference used.
	PeeringID string
}

// StaleGroup is a security group with stale rules.
type StaleGroup struct {
	Group   *model.SecurityGroup
	Ingress []StaleRule
	Egress  []StaleRule
}

// StaleSecurityGroups returns the groups of VPC vpcID (in scope) that have
// stale rules, in group id order after the cursor after [PEER
// vpc-peering-security-groups.md "Work with stale security group rules"].
func StaleSecurityGroups(w *store.World, scope model.Scope, vpcID, after string, now time.Time, visit func(StaleGroup) bool) error {
	if vpcID == "" {
		return awserr.MissingParameter("VpcId")
	}
	v, err := find(kindVPC, w.VPCs, scope, vpcID)
	if err != nil {
		return err
	}
	for _, g := range w.SecurityGroups.Children(v.ID) {
		if after != "" && g.ID <= after {
			continue
		}
		sg := StaleGroup{Group: g}
		for _, r := range w.SecurityGroupRules.Children(g.ID) {
			st, stale := staleRule(w, v.ID, r, now)
			if !stale {
				continue
			}
			if r.Egress {
				sg.Egress = append(sg.Egress, st)
			} else {
				sg.Ingress = append(sg.Ingress, st)
			}
		}
		if len(sg.Ingress)+len(sg.Egress) == 0 {
			continue
		}
		if !visit(sg) {
			return nil
		}
	}
	return nil
}

// staleRule reports whether rule r of a group in vpcID is stale.
func staleRule(w *store.World, vpcID string, r *model.SecurityGroupRule, now time.Time) (StaleRule, bool) {
	if r.RefGroupID == "" || r.RefGroupID == r.GroupID {
		return StaleRule{}, false
	}
	st := StaleRule{Rule: r}
	ref, exists := w.SecurityGroups.Get(r.RefGroupID)
	if exists {
		st.RefGroupName = ref.Name
	}
	if r.RefPeeringID == "" {
		return st, !exists
	}
	// A rule stale because its connection went is no longer stale once
	// the same VPCs are peered again.
	pcx := activePeeringBetween(w, vpcID, r.RefVpcID)
	if pcx != nil && exists {
		return StaleRule{}, false
	}
	st.PeeringID, st.PeeringStatus = r.RefPeeringID, model.PeeringDeleted
	if pcx != nil {
		st.PeeringID, st.PeeringStatus = pcx.ID, pcx.Status
	} else if p, ok := w.PeeringConnections.Get(r.RefPeeringID); ok {
		st.PeeringStatus = PeeringAt(p, now).Status
	}
	return st, true
}
