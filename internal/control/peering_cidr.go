package control

import (
	"net/netip"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// peeringCidrCheck applies the rules for adding an IPv4 CIDR block to a VPC
// that is part of a VPC peering connection (Amazon VPC User Guide,
// vpc-cidr-blocks.md): over an active connection the block must not
// overlap the peer VPC's blocks; while a request is pending acceptance the
// requester VPC can add no block at all; the accepter VPC can, and a block
// overlapping the requester VPC makes the request fail (it can no longer
// be accepted). It returns the error to answer, or nil after marking such
// requests failed in tx.
func peeringCidrCheck(tx *store.Tx, v *model.VPC, cidr netip.Prefix) error {
	now := tx.Now()
	var refuse error
	var fail []*model.VpcPeeringConnection
	tx.PeeringConnections.All(func(p *model.VpcPeeringConnection) bool {
		p = PeeringAt(p, now)
		this, other, ok := p.Side(v.ID)
		if !ok || !peeringLive(p) {
			return true
		}
		peer, found := tx.VPCs.Get(other.VpcID)
		overlapsPeer := found && cidrOverlapsAny(cidr, peer)
		switch {
		case p.Status == model.PeeringActive || p.Status == model.PeeringProvisioning:
			if overlapsPeer {
				refuse = awserr.New("InvalidVpc.Range", "The CIDR '%s' conflicts with a CIDR block of VPC %s, peered with %s through %s.", cidr, other.VpcID, v.ID, p.ID)
			}
		case this == &p.Requester:
			refuse = awserr.New("OperationNotPermitted", "Cannot add a CIDR block to VPC %s while its VPC peering connection request %s is pending acceptance; the accepter must accept it, or delete the request first.", v.ID, p.ID)
		case overlapsPeer:
			fail = append(fail, p)
		}
		return refuse == nil
	})
	if refuse != nil {
		return refuse
	}
	for _, p := range fail {
		c := model.Clone(p)
		c.Status, c.StatusMessage, c.StatusChanged = model.PeeringFailed, peeringFailedMessage, now
		c.ExpirationTime = time.Time{}
		tx.PeeringConnections.Put(c)
	}
	return nil
}

// cidrOverlapsAny reports whether cidr overlaps an associated IPv4 block
// of v.
func cidrOverlapsAny(cidr netip.Prefix, v *model.VPC) bool {
	for _, c := range v.CidrBlocks {
		if c.State == "associated" && c.Prefix.Overlaps(cidr) {
			return true
		}
	}
	return false
}
