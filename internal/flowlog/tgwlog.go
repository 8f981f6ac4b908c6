package flowlog

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
)

// Transit gateway flow logs (TGW guide tgw-flow-logs.md). A subscription
// on a transit gateway or on one of its attachments is a pseudo interface
// of the engine: its records go through the same capture windows,
// aggregation and Sink as the records of network interfaces. The
// observations of a flow crossing the transit gateway are made at its
// attachments: the attachment the packet enters the transit gateway by
// records it with flow-direction ingress, the attachment it leaves by
// records it with flow-direction egress; tgw-pair-attachment-id names the
// other one. A packet the transit gateway drops (no route, a blackhole
// route, a routing loop) counts in packets-lost-no-route,
// packets-lost-blackhole or packets-lost-ttl-expired of the ingress
// record.
//
// The attachments' sides (a VPC attachment's interface in one subnet) are
// "ports"; an observation's traffic-path slot of the aggregation key holds
// its source and destination ports and the loss cause (encodeTGW), so the
// record can be rebuilt when its window closes. Peering attachments carry
// no port: records across a transit gateway peering show '-' for the
// other gateway's side.

// Loss causes of a transit gateway record.
const (
	tgwLostNone = iota
	tgwLostNoRoute
	tgwLostBlackhole
	tgwLostMTU
	tgwLostTTL
	tgwLostCauses = 8
)

// tgwPort is one side of a VPC attachment: its interface in one subnet.
type tgwPort struct {
	att, tgw               string
	eni, subnet, vpc, azID string
	vpcAccount             string
	addr                   netip.Addr
}

// tgwIndex is the engine's transit gateway state for one run (built only
// when a subscription is on a transit gateway or an attachment).
type tgwIndex struct {
	active bool
	ports  []tgwPort
	byRef  map[[2]string]int32 // (attachment id, interface or subnet id) -> port
	byTGW  map[string][]int32  // transit gateway -> covering pseudo interfaces
	byAtt  map[string][]int32  // attachment -> covering pseudo interfaces
	radix  int32               // len(ports)+1 when ports fit the key, else 0
}

// tgwPoint marks a pseudo interface: what one transit gateway flow log
// covers.
type tgwPoint struct {
	rt           ResourceType
	tgwID, attID string
	idx          *tgwIndex
}

// maxTGWRadix keeps encodeTGW within an int32.
const maxTGWRadix = 16383

func (x *tgwIndex) encode(src, dst int32, lost int32) int32 {
	if x.radix == 0 {
		return lost
	}
	return ((src+1)*x.radix+(dst+1))*tgwLostCauses + lost
}

func (x *tgwIndex) decode(v int32) (src, dst, lost int32) {
	if v < 0 {
		return -1, -1, tgwLostNone
	}
	lost = v % tgwLostCauses
	if x.radix == 0 {
		return -1, -1, lost
	}
	v /= tgwLostCauses
	return v/x.radix - 1, v%x.radix - 1, lost
}

func (x *tgwIndex) port(i int32) *tgwPort {
	if i < 0 || int(i) >= len(x.ports) {
		return nil
	}
	return &x.ports[i]
}

func isTGWResource(rt ResourceType) bool {
	return rt == ResourceTransitGateway || rt == ResourceTransitGatewayAttachment
}

// indexTGW adds a pseudo interface, with its own lane, for every
// subscription on a transit gateway or an attachment, and indexes the
// attachments' ports. Transit gateway flow logs aggregate at 60 s.
func (e *engine) indexTGW(subs []Subscription) {
	x := &e.tgw
	for i := range subs {
		s := &subs[i]
		if !isTGWResource(s.ResourceType) {
			continue
		}
		pt := &tgwPoint{rt: s.ResourceType, idx: x}
		switch s.ResourceType {
		case ResourceTransitGateway:
			g, ok := e.w.TransitGateways.Get(s.ResourceID)
			if !ok || s.Account != "" && s.Account != g.Account {
				continue
			}
			pt.tgwID = g.ID
		default:
			a, ok := e.w.TGWAttachments.Get(s.ResourceID)
			if !ok || s.Account != "" && s.Account != a.Account {
				continue
			}
			pt.tgwID, pt.attID = a.TransitGatewayID, a.ID
		}
		if !x.active {
			x.active = true
			x.byRef, x.byTGW, x.byAtt = map[[2]string]int32{}, map[string][]int32{}, map[string][]int32{}
		}
		info := eniInfo{id: pt.tgwID, tgw: pt}
		if g, ok := e.w.TransitGateways.Get(pt.tgwID); ok {
			info.account, info.region = g.Account, g.Region
		}
		idx := int32(len(e.enis))
		origin := int64(0)
		if !s.Created.IsZero() {
			origin = s.Created.Unix()
		}
		li := int32(len(e.lanes))
		e.lanes = append(e.lanes, &lane{sub: s, interval: Aggregation60, origin: origin,
			open: map[int64]*window{}, explicit: e.opts.Windows, enis: []int32{idx}})
		info.lanes, info.lanePos = []int32{li}, []int32{0}
		e.enis = append(e.enis, info)
		if pt.attID != "" {
			x.byAtt[pt.attID] = append(x.byAtt[pt.attID], idx)
		} else {
			x.byTGW[pt.tgwID] = append(x.byTGW[pt.tgwID], idx)
		}
	}
	if !x.active {
		return
	}
	e.w.TGWAttachments.All(func(a *model.TransitGatewayAttachment) bool {
		if a.ResourceType != model.TGWAttachVPC || a.VPC == nil {
			return true
		}
		for _, sid := range a.SubnetIDs {
			p := tgwPort{att: a.ID, tgw: a.TransitGatewayID, eni: a.VPC.ENIs[sid], subnet: sid, vpc: a.VpcID, vpcAccount: a.ResourceOwnerID}
			if p.vpcAccount == "" {
				p.vpcAccount = a.Account
			}
			if sn, ok := e.w.Subnets.Get(sid); ok {
				p.azID = sn.AvailabilityZoneID
			}
			if n, ok := e.w.NetworkInterfaces.Get(p.eni); ok && len(n.PrivateIPs) > 0 {
				p.addr = n.PrivateIPs[0].Address
			}
			i := int32(len(x.ports))
			x.ports = append(x.ports, p)
			x.byRef[[2]string{a.ID, sid}] = i
			if p.eni != "" {
				x.byRef[[2]string{a.ID, p.eni}] = i
			}
		}
		return true
	})
	if len(x.ports) < maxTGWRadix {
		x.radix = int32(len(x.ports)) + 1
	}
}

// maxTGWPending bounds the ingress observations of one crossing awaiting
// their egress attachment (one per covering flow log).
const maxTGWPending = 8

// tgwWalk is a walk's transit gateway state: the port the packet entered
// the transit gateway by and its ingress observations, completed when the
// packet leaves (or is dropped).
type tgwWalk struct {
	in1  int32 // entry port + 1; 0: none
	pend [maxTGWPending]int32
	n    int
}

// tgwObserve records a crossing of attachment hop h at the covering
// transit gateway flow logs.
func (s *walkState) tgwObserve(h *dataplane.Hop, cur dataplane.Header) {
	x := &s.e.tgw
	if !x.active {
		return
	}
	if h.Verdict == dataplane.Drop {
		return
	}
	if h.Direction != dataplane.Ingress && h.Direction != dataplane.Egress {
		// A peering attachment: the other gateway's side is not a port.
		s.tgw = tgwWalk{}
		return
	}
	port, ok := x.byRef[[2]string{h.Component.ID, h.AttachedTo.ID}]
	if !ok {
		port = -1
	}
	if h.Direction == dataplane.Ingress {
		s.tgw = tgwWalk{in1: port + 1}
		if port < 0 {
			return
		}
		path := x.encode(port, -1, tgwLostNone)
		s.tgwAdd(x.ports[port], Ingress, path, cur, true)
		return
	}
	path := x.encode(s.tgw.in1-1, port, tgwLostNone)
	for _, i := range s.tgw.pend[:s.tgw.n] {
		s.out[i].path = path
	}
	if port >= 0 {
		s.tgwAdd(x.ports[port], Egress, path, cur, false)
	}
	s.tgw = tgwWalk{}
}

func (s *walkState) tgwAdd(p tgwPort, dir Direction, path int32, h dataplane.Header, pend bool) {
	x := &s.e.tgw
	for _, list := range [2][]int32{x.byTGW[p.tgw], x.byAtt[p.att]} {
		for _, eni := range list {
			if pend {
				if s.tgw.n == maxTGWPending {
					continue
				}
				s.tgw.pend[s.tgw.n] = int32(len(s.out))
				s.tgw.n++
			}
			s.out = append(s.out, obs{eni: eni, dir: dir, action: ActionAccept, hdr: h, path: path, reply: s.reply})
		}
	}
}

// tgwDrop marks the pending ingress observations with the cause of a
// drop inside the transit gateway.
func (s *walkState) tgwDrop(h *dataplane.Hop) {
	if !s.e.tgw.active || h.Verdict != dataplane.Drop || s.tgw.n == 0 {
		return
	}
	lost := int32(tgwLostNone)
	switch h.Reason {
	case dataplane.ReasonTGWNoRoute:
		lost = tgwLostNoRoute
	case dataplane.ReasonTGWBlackhole, dataplane.ReasonTGWRouteState:
		lost = tgwLostBlackhole
	case dataplane.ReasonLoop:
		lost = tgwLostTTL
	}
	path := s.e.tgw.encode(s.tgw.in1-1, -1, lost)
	for _, i := range s.tgw.pend[:s.tgw.n] {
		s.out[i].path = path
	}
	s.tgw.n = 0
}

// record fills the transit gateway fields of a record at pseudo interface
// p, and the transit gateway's own address: srcaddr is "the IPv4 address
// of the transit gateway for outgoing traffic", dstaddr for incoming
// traffic (tgw-flow-logs.md "Available fields"), the private address of
// the attachment interface the packet crosses.
func (p *tgwPoint) record(r *Record, k *aggKey, packets int64) {
	src, dst, lost := p.idx.decode(k.path)
	sp, dp := p.idx.port(src), p.idx.port(dst)
	m := &TGWMetadata{ResourceType: p.rt, TGWID: p.tgwID}
	own, pair := sp, dp
	if k.dir == Egress {
		own, pair = dp, sp
	}
	if own != nil {
		m.AttachmentID = own.att
		if own.addr.IsValid() {
			if k.dir == Egress {
				r.SrcAddr = own.addr
			} else {
				r.DstAddr = own.addr
			}
		}
	}
	if pair != nil {
		m.PairAttachmentID = pair.att
	}
	if sp != nil {
		m.SrcVpcAccountID, m.SrcVpcID, m.SrcSubnetID, m.SrcENI, m.SrcAzID = sp.vpcAccount, sp.vpc, sp.subnet, sp.eni, sp.azID
	}
	if dp != nil {
		m.DstVpcAccountID, m.DstVpcID, m.DstSubnetID, m.DstENI, m.DstAzID = dp.vpcAccount, dp.vpc, dp.subnet, dp.eni, dp.azID
	}
	switch lost {
	case tgwLostNoRoute:
		m.LostNoRoute = packets
	case tgwLostBlackhole:
		m.LostBlackhole = packets
	case tgwLostMTU:
		m.LostMTUExceeded = packets
	case tgwLostTTL:
		m.LostTTLExpired = packets
	}
	r.TGW = m
	r.InterfaceID, r.VpcID, r.SubnetID, r.InstanceID, r.AzID = "", "", "", "", ""
	r.TrafficPath = NoValue
}

// status fills the transit gateway fields of a NODATA or SKIPDATA record.
func (p *tgwPoint) status(r *Record) {
	r.TGW = &TGWMetadata{ResourceType: p.rt, TGWID: p.tgwID, AttachmentID: p.attID,
		LostNoRoute: NoValue, LostBlackhole: NoValue, LostMTUExceeded: NoValue, LostTTLExpired: NoValue}
	r.InterfaceID, r.VpcID, r.SubnetID, r.InstanceID, r.AzID = "", "", "", "", ""
}
