package control

import (
	"context"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// TestPeeringAddCidrBlock pins vpc-cidr-blocks.md, "The following rules
// apply when you add IPv4 CIDR blocks to a VPC that's part of a VPC
// peering connection": active -> no overlap with the peer VPC; pending ->
// the requester VPC adds nothing, the accepter VPC may, and an overlapping
// block fails the request.
func TestPeeringAddCidrBlock(t *testing.T) {
	ctx := context.Background()
	n := newPcxNet(t, Options{})
	add := func(sc model.Scope, vpc, cidr string) error {
		_, _, err := n.s.AssociateVpcCidrBlock(ctx, sc, AssociateVpcCidrInput{VpcID: vpc, CidrBlock: cidr})
		return err
	}

	// Active.
	a := n.vpc(t, testScope, "10.0.0.0/16")
	b := n.vpc(t, peerScope, "10.1.0.0/16")
	p := n.create(t, testScope, CreatePeeringInput{VpcID: a.ID, PeerVpcID: b.ID, PeerOwnerID: peerScope.Account})
	if _, err := n.s.AcceptVpcPeeringConnection(ctx, peerScope, p.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, add(testScope, a.ID, "10.1.128.0/17"), "InvalidVpc.Range")
	wantCode(t, add(peerScope, b.ID, "10.0.0.0/17"), "InvalidVpc.Range")
	if err := add(testScope, a.ID, "10.2.0.0/16"); err != nil {
		t.Errorf("active, no overlap: %v", err)
	}

	// Pending acceptance.
	c := n.vpc(t, testScope, "10.10.0.0/16")
	d := n.vpc(t, peerScope, "10.11.0.0/16")
	q := n.create(t, testScope, CreatePeeringInput{VpcID: c.ID, PeerVpcID: d.ID, PeerOwnerID: peerScope.Account})
	wantCode(t, add(testScope, c.ID, "10.12.0.0/16"), "OperationNotPermitted")
	if err := add(peerScope, d.ID, "10.13.0.0/16"); err != nil {
		t.Errorf("accepter, pending, no overlap: %v", err)
	}
	if got := n.status(peerScope, q.ID); got != model.PeeringPendingAcceptance {
		t.Errorf("after a non-overlapping block: %s, want pending-acceptance", got)
	}
	if err := add(peerScope, d.ID, "10.10.128.0/17"); err != nil {
		t.Errorf("accepter, pending, overlapping: %v (the request fails, the block is added)", err)
	}
	if got := n.status(testScope, q.ID); got != model.PeeringFailed {
		t.Errorf("after an overlapping block: %s, want failed", got)
	}
	_, err := n.s.AcceptVpcPeeringConnection(ctx, peerScope, q.ID)
	if err == nil {
		t.Error("a failed request was accepted")
	}
}
