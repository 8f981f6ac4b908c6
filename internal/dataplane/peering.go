package dataplane

import (
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VPC peering as an edge of the plane (VPC Peering Guide
// vpc-peering-basics.md, peering-configurations.md, vpc-peering-routing.md):
// a route to an active peering connection moves the packet into the peer
// VPC, where it is delivered like local traffic. Peering is not
// transitive and carries no edge-to-edge traffic: the packet's source must
// be in the sending VPC's CIDR blocks and its destination in the peer's
// (PCX_REQUIRES_ADDRESS_IN_VPC_CIDR), so a packet that arrived over
// peering cannot leave through the peer's internet gateway (it has no
// public address there), NAT gateway (NGW_REQUIRES_SOURCE_IN_VPC), egress-
// only internet gateway (GATEWAY_REJECTS_SPOOFED_TRAFFIC) or another
// peering connection. A middlebox or NAT instance in the peer VPC is an
// instance: it may forward (and translate) the packet.

type pcxNode struct {
	m        *model.VpcPeeringConnection
	req, acc int32 // VPC indexes, -1 when the VPC is not in the world
	active   bool
	// interRegion: the two VPCs are in different regions; security group
	// references do not cross (vpc-peering-basics.md "Limitations").
	interRegion bool
}

// other returns the VPC on the other side of the connection from vi, or
// -1.
func (c *pcxNode) other(vi int32) int32 {
	switch vi {
	case c.req:
		return c.acc
	case c.acc:
		return c.req
	}
	return -1
}

func (p *Plane) compilePeering(w *store.World) {
	p.pcxs = make([]pcxNode, 0, w.PeeringConnections.Len())
	p.pcxByID = make(map[string]int32, w.PeeringConnections.Len())
	w.PeeringConnections.All(func(c *model.VpcPeeringConnection) bool {
		n := pcxNode{m: c, req: p.vpcIndex(c.Requester.VpcID), acc: p.vpcIndex(c.Accepter.VpcID), active: c.Active()}
		rr, ar := c.Requester.Region, c.Accepter.Region
		if n.req >= 0 {
			rr = p.vpcs[n.req].m.Region
		}
		if n.acc >= 0 {
			ar = p.vpcs[n.acc].m.Region
		}
		n.interRegion = rr != ar
		p.pcxByID[c.ID] = int32(len(p.pcxs))
		p.pcxs = append(p.pcxs, n)
		return true
	})
}

// peeringTarget resolves a route to a peering connection from VPC vi. The
// route is active when the connection is active and vi is one of its
// sides, as control.RouteState says.
func (p *Plane) peeringTarget(vi int32, id string) (nodeRef, RouteState) {
	ci, ok := p.pcxByID[id]
	if !ok {
		return nodeRef{kindPeering, -1}, RouteBlackhole
	}
	c := &p.pcxs[ci]
	if !c.active {
		return nodeRef{kindPeering, ci}, RouteBlackhole
	}
	if _, _, side := c.m.Side(p.vpcs[vi].m.ID); !side {
		return nodeRef{kindPeering, ci}, RouteBlackhole
	}
	return nodeRef{kindPeering, ci}, RouteActive
}

func (p *Plane) pcxRef(i int32) Ref {
	return Ref{Type: TypeVpcPeeringConnection, ID: p.pcxs[i].m.ID, meta: &p.pcxs[i].m.Meta}
}

// pcxOut: VPC w.vpc's route table sends the packet to peering connection
// ci.
func (w *walker) pcxOut(ci int32) {
	p := w.p
	c := &p.pcxs[ci]
	here := w.vpc
	hop := w.hop(p.pcxRef(ci))
	hop.VPC = p.vpcRef(here)
	peer := c.other(here)
	switch {
	case peer < 0:
		x := w.drop(hop, NoPossibleDestination, ReasonPcxPeerUnknown, DirNone)
		x.PeeringConnection = hop.Component
		return
	case !inAny(p.vpcs[here].cidrs, w.h.Src):
		x := w.drop(hop, PcxRequiresAddressInVpcCidr, ReasonPcxSourceNotInVPC, DirNone)
		x.PeeringConnection, x.Address, x.PacketField = hop.Component, w.h.Src, "source-address"
		return
	case !inAny(p.vpcs[peer].cidrs, w.h.Dst):
		x := w.drop(hop, PcxRequiresAddressInVpcCidr, ReasonPcxDestNotInPeer, DirNone)
		x.PeeringConnection, x.Address, x.PacketField = hop.Component, w.h.Dst, "destination-address"
		return
	}
	hop.Verdict, hop.Reason = Forward, ReasonPeering
	if c.interRegion {
		w.loseRefs(refsInterRegion)
	}
	w.tgwVPC = -1
	w.deliverLocal(peer, -1)
}
