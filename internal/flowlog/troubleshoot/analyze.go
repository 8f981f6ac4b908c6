// Package troubleshoot answers the questions flow logs are read for
// (which flows were rejected, on which side, whether a security group or
// a network ACL is the likely cause, the top talkers, the rejected ports)
// from VPC Flow Log records: text exported from a real AWS account
// (default or custom format, with or without the S3 header line, gzip or
// plain), Parquet files, or vpcsim's own destinations. When the world
// that produced the records is at hand, Explain names the security group
// or network ACL entry that rejected each flow by re-tracing it with the
// data plane.
//
// The pairing rule is the VPC User Guide's (flow-logs-records-examples.md,
// "Security group and network ACL rules"): security groups are stateful,
// so the response to an accepted request is always accepted by them; an
// accepted request followed by a rejected response is therefore a
// network ACL (stateless) refusing the response. A rejected request is a
// security group or a network ACL: the records alone cannot tell which.
package troubleshoot

import (
	"cmp"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/internal/flowlog"
)

// Causes a rejection is attributed to.
const (
	CauseNetworkACL   = "network ACL"
	CauseSGOrACL      = "security group or network ACL"
	CauseBlockPublic  = "VPC Block Public Access"
	CauseUnknownOrder = "network ACL or security group (the request is not in these records)"
)

// Sides of a rejection relative to the interface that logged it.
const (
	SideInbound  = "inbound"
	SideOutbound = "outbound"
	SideUnknown  = "unknown"
)

// Options tunes an Analyzer.
type Options struct {
	// Top is the length of the top-talker and rejected-port lists and of
	// the rejected-flow list (0: 10).
	Top int
	// Addresses maps an interface id to its addresses, when known (the
	// world's network interfaces), to tell inbound from outbound without
	// the flow-direction field.
	Addresses map[string][]netip.Addr
}

// endpointKey is one side of a conversation.
type endpointKey struct {
	addr netip.Addr
	port int32
}

// convKey identifies a conversation at one interface: the protocol and
// its two endpoints, the lower first.
type convKey struct {
	eni   string
	proto int32
	a, b  endpointKey
}

func lessEndpoint(x, y endpointKey) bool {
	if c := x.addr.Compare(y.addr); c != 0 {
		return c < 0
	}
	return x.port < y.port
}

// half is one direction of a conversation.
type half struct {
	seen                     bool
	acceptRecs, rejectRecs   int64
	acceptPkts, rejectPkts   int64
	acceptBytes, rejectBytes int64
	first, last              int64
	flags                    int32
	dir                      flowlog.Direction
	bpa                      bool
	vpc, subnet, instance    string
	account                  string
}

type conv struct {
	halves [2]half // [0]: a -> b, [1]: b -> a
}

type pairKey struct{ src, dst netip.Addr }

type portKey struct {
	proto, port int32
}

type portStat struct {
	flows, records, packets int64
	sources                 map[netip.Addr]struct{}
}

// maxSourcesPerPort bounds the distinct sources counted per rejected port.
const maxSourcesPerPort = 100000

// Analyzer accumulates records (Add) and produces a Report. Its memory is
// bounded by the number of distinct conversations, not of records.
type Analyzer struct {
	opts  Options
	convs map[convKey]*conv
	pairs map[pairKey]*Talker
	// per interface: how often each address appears, to find the
	// interface's own address without flow-direction.
	seen map[string]map[netip.Addr]int64
	sum  Summary
	// losses: transit gateway flow log records with lost packets.
	losses map[lossKey]*TGWLoss
}

// NewAnalyzer returns an empty Analyzer.
func NewAnalyzer(opts Options) *Analyzer {
	if opts.Top <= 0 {
		opts.Top = 10
	}
	return &Analyzer{opts: opts, convs: map[convKey]*conv{}, pairs: map[pairKey]*Talker{}, seen: map[string]map[netip.Addr]int64{},
		losses: map[lossKey]*TGWLoss{}}
}

// Add accounts for one record.
func (a *Analyzer) Add(e *Entry) {
	r := &e.Record
	a.sum.Records++
	switch r.LogStatus {
	case flowlog.StatusNoData:
		a.sum.NoData++
		return
	case flowlog.StatusSkipData:
		a.sum.SkipData++
		return
	}
	switch r.Action {
	case flowlog.ActionAccept:
		a.sum.Accepted++
	case flowlog.ActionReject:
		a.sum.Rejected++
	}
	if r.Packets > 0 {
		a.sum.Packets += r.Packets
	}
	if r.Bytes > 0 {
		a.sum.Bytes += r.Bytes
	}
	if r.Start >= 0 && (a.sum.First == 0 || r.Start < a.sum.First) {
		a.sum.First = r.Start
	}
	a.sum.Last = max(a.sum.Last, r.End)
	if !r.SrcAddr.IsValid() || !r.DstAddr.IsValid() {
		return
	}
	pk := pairKey{r.SrcAddr, r.DstAddr}
	t := a.pairs[pk]
	if t == nil {
		t = &Talker{Source: r.SrcAddr.String(), Destination: r.DstAddr.String()}
		a.pairs[pk] = t
	}
	t.Records++
	t.Packets += max(r.Packets, 0)
	t.Bytes += max(r.Bytes, 0)
	if r.Action == flowlog.ActionReject {
		t.Rejected++
	}
	if e.IsTransitGateway() {
		// A transit gateway record has no action and no interface: what
		// it tells about drops is in its packets-lost-* fields.
		a.addTGW(r)
		return
	}
	m := a.seen[r.InterfaceID]
	if m == nil {
		m = map[netip.Addr]int64{}
		a.seen[r.InterfaceID] = m
	}
	m[r.SrcAddr]++
	m[r.DstAddr]++

	src, dst := endpointKey{r.SrcAddr, max(r.SrcPort, 0)}, endpointKey{r.DstAddr, max(r.DstPort, 0)}
	k := convKey{eni: r.InterfaceID, proto: r.Protocol, a: src, b: dst}
	side := 0
	if lessEndpoint(dst, src) {
		k.a, k.b, side = dst, src, 1
	}
	c := a.convs[k]
	if c == nil {
		c = &conv{}
		a.convs[k] = c
	}
	h := &c.halves[side]
	if !h.seen || (r.Start >= 0 && r.Start < h.first) {
		h.first = r.Start
	}
	h.seen = true
	h.last = max(h.last, r.End)
	if r.TCPFlags > 0 {
		h.flags |= r.TCPFlags
	}
	if e.Has(flowlog.FieldFlowDirection) && r.FlowDirection != flowlog.DirNone {
		h.dir = r.FlowDirection
	}
	h.vpc, h.subnet, h.instance, h.account = or(h.vpc, r.VpcID), or(h.subnet, r.SubnetID), or(h.instance, r.InstanceID), or(h.account, r.AccountID)
	switch r.Action {
	case flowlog.ActionAccept:
		h.acceptRecs++
		h.acceptPkts += max(r.Packets, 0)
		h.acceptBytes += max(r.Bytes, 0)
	case flowlog.ActionReject:
		h.rejectRecs++
		h.rejectPkts += max(r.Packets, 0)
		h.rejectBytes += max(r.Bytes, 0)
		h.bpa = h.bpa || r.RejectReason == "BPA"
	}
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Summary counts the records read.
type Summary struct {
	Records  int64 `json:"records"`
	Accepted int64 `json:"accepted"`
	Rejected int64 `json:"rejected"`
	NoData   int64 `json:"nodata"`
	SkipData int64 `json:"skipdata"`
	Packets  int64 `json:"packets"`
	Bytes    int64 `json:"bytes"`
	// First and Last are the earliest start and latest end (Unix seconds).
	First int64 `json:"first,omitempty"`
	Last  int64 `json:"last,omitempty"`
}

// Talker is a source and destination pair with its traffic.
type Talker struct {
	Source      string `json:"source"`
	Destination string `json:"destination"`
	Records     int64  `json:"records"`
	Packets     int64  `json:"packets"`
	Bytes       int64  `json:"bytes"`
	Rejected    int64  `json:"rejectedRecords"`
}

// RejectedPort is a destination port whose requests were rejected.
type RejectedPort struct {
	Protocol int32 `json:"protocol"`
	Port     int32 `json:"port"`
	Flows    int64 `json:"flows"`
	Records  int64 `json:"records"`
	Packets  int64 `json:"packets"`
	Sources  int   `json:"distinctSources"`
}

// Flow is a 5-tuple from the initiator's point of view.
type Flow struct {
	Protocol        int32  `json:"protocol"`
	Source          string `json:"source"`
	SourcePort      int32  `json:"sourcePort"`
	Destination     string `json:"destination"`
	DestinationPort int32  `json:"destinationPort"`
}

// Rejection is one conversation at one interface with rejected records.
type Rejection struct {
	InterfaceID string `json:"interfaceId"`
	VpcID       string `json:"vpcId,omitempty"`
	SubnetID    string `json:"subnetId,omitempty"`
	InstanceID  string `json:"instanceId,omitempty"`
	// Flow is the request (initiator to responder) as far as the
	// records tell (TCP flags, first packet time, then ports).
	Flow Flow `json:"flow"`
	// Rejected is "request" or "response": which half was rejected.
	Rejected string `json:"rejected"`
	// Side is inbound or outbound at the interface (for the rejected
	// half), or unknown.
	Side string `json:"side"`
	// RequestAccepted tells whether the request half was accepted here.
	RequestAccepted bool   `json:"requestAccepted"`
	Cause           string `json:"likelyCause"`
	Records         int64  `json:"rejectedRecords"`
	Packets         int64  `json:"rejectedPackets"`
	Bytes           int64  `json:"rejectedBytes"`
	First           int64  `json:"first"`
	Last            int64  `json:"last"`
	// Rule is set by Explain: what rejected the flow in vpcsim's world.
	Rule *Culprit `json:"rule,omitempty"`
}

// Report is the Analyzer's answer.
type Report struct {
	Summary         Summary        `json:"summary"`
	RejectedFlows   int            `json:"rejectedFlows"`
	Rejections      []Rejection    `json:"rejections"`
	TopByBytes      []Talker       `json:"topTalkersByBytes"`
	TopByPackets    []Talker       `json:"topTalkersByPackets"`
	RejectedPorts   []RejectedPort `json:"rejectedPorts"`
	NetworkACLCount int            `json:"networkAclRejections"`
	SGOrACLCount    int            `json:"securityGroupOrAclRejections"`
	// TGWLosses are the flows transit gateway flow logs record packets
	// lost for, most packets lost first (at most Options.Top).
	TGWLosses []TGWLoss `json:"transitGatewayLosses,omitempty"`
}

// requestSide decides which half of a conversation is the request: the
// SYN without SYN-ACK, else the half whose first packet came first, else
// the half sent to the lower (service) port.
func requestSide(c *conv, k convKey) int {
	h0, h1 := &c.halves[0], &c.halves[1]
	syn := func(h *half) bool { return h.flags&0x2 != 0 && h.flags&0x12 != 0x12 }
	synack := func(h *half) bool { return h.flags&0x12 == 0x12 }
	switch {
	case syn(h0) && !syn(h1), synack(h1) && !synack(h0):
		return 0
	case syn(h1) && !syn(h0), synack(h0) && !synack(h1):
		return 1
	}
	if h0.seen && h1.seen && h0.first != h1.first {
		if h0.first < h1.first {
			return 0
		}
		return 1
	}
	// Ports: half 0 goes a -> b, to port k.b.port.
	if k.proto == 6 || k.proto == 17 {
		if k.b.port != k.a.port {
			if k.b.port < k.a.port {
				return 0
			}
			return 1
		}
	}
	if h0.seen && !h1.seen {
		return 0
	}
	if h1.seen && !h0.seen {
		return 1
	}
	return 0
}

// ownAddress is the interface's own address: from Options.Addresses, else
// the address seen most often in its records (a private one winning a
// tie, as flow logs show an interface's private address).
func (a *Analyzer) ownAddress(eni string) (netip.Addr, []netip.Addr) {
	if as, ok := a.opts.Addresses[eni]; ok && len(as) > 0 {
		return as[0], as
	}
	var best netip.Addr
	var bestN int64
	tie := false
	for ad, n := range a.seen[eni] {
		switch {
		case n > bestN:
			best, bestN, tie = ad, n, false
		case n == bestN:
			if ad.IsPrivate() != best.IsPrivate() {
				if ad.IsPrivate() {
					best, tie = ad, false
				}
			} else {
				tie = true
			}
		}
	}
	if tie || !best.IsValid() {
		return netip.Addr{}, nil
	}
	return best, []netip.Addr{best}
}

// Report analyses what was added.
func (a *Analyzer) Report() *Report {
	rep := &Report{Summary: a.sum}
	ports := map[portKey]*portStat{}
	var rejs []Rejection
	for k, c := range a.convs {
		if c.halves[0].rejectRecs == 0 && c.halves[1].rejectRecs == 0 {
			continue
		}
		req := requestSide(c, k)
		rq, rs := &c.halves[req], &c.halves[1-req]
		from, to := k.a, k.b
		if req == 1 {
			from, to = k.b, k.a
		}
		x := Rejection{InterfaceID: k.eni,
			Flow: Flow{Protocol: k.proto, Source: from.addr.String(), SourcePort: from.port, Destination: to.addr.String(), DestinationPort: to.port}}
		var rej *half
		switch {
		case rq.rejectRecs > 0:
			x.Rejected, rej = "request", rq
			x.Cause = CauseSGOrACL
		default:
			x.Rejected, rej = "response", rs
			x.RequestAccepted = rq.acceptRecs > 0
			if x.RequestAccepted {
				x.Cause = CauseNetworkACL
			} else {
				x.Cause = CauseUnknownOrder
			}
		}
		if rej.bpa {
			x.Cause = CauseBlockPublic
		}
		x.VpcID, x.SubnetID, x.InstanceID = or(rq.vpc, rs.vpc), or(rq.subnet, rs.subnet), or(rq.instance, rs.instance)
		x.Records, x.Packets, x.Bytes, x.First, x.Last = rej.rejectRecs, rej.rejectPkts, rej.rejectBytes, rej.first, rej.last
		x.Side = a.side(k.eni, rej, rej == rq, from.addr, to.addr)
		switch x.Cause {
		case CauseNetworkACL:
			rep.NetworkACLCount++
		case CauseSGOrACL:
			rep.SGOrACLCount++
		}
		rejs = append(rejs, x)
		if x.Rejected == "request" {
			pk := portKey{k.proto, to.port}
			ps := ports[pk]
			if ps == nil {
				ps = &portStat{sources: map[netip.Addr]struct{}{}}
				ports[pk] = ps
			}
			ps.flows++
			ps.records += rej.rejectRecs
			ps.packets += rej.rejectPkts
			if len(ps.sources) < maxSourcesPerPort {
				ps.sources[from.addr] = struct{}{}
			}
		}
	}
	slices.SortFunc(rejs, func(x, y Rejection) int {
		return cmp.Or(cmp.Compare(y.Packets, x.Packets), cmp.Compare(x.First, y.First), cmp.Compare(x.InterfaceID, y.InterfaceID),
			cmp.Compare(x.Flow.Source, y.Flow.Source), cmp.Compare(x.Flow.Destination, y.Flow.Destination),
			cmp.Compare(x.Flow.SourcePort, y.Flow.SourcePort), cmp.Compare(x.Flow.DestinationPort, y.Flow.DestinationPort))
	})
	rep.RejectedFlows = len(rejs)
	rep.Rejections = rejs
	talkers := make([]Talker, 0, len(a.pairs))
	for _, t := range a.pairs {
		talkers = append(talkers, *t)
	}
	tie := func(x, y Talker) int {
		return cmp.Or(cmp.Compare(x.Source, y.Source), cmp.Compare(x.Destination, y.Destination))
	}
	slices.SortFunc(talkers, func(x, y Talker) int { return cmp.Or(cmp.Compare(y.Bytes, x.Bytes), tie(x, y)) })
	rep.TopByBytes = slices.Clone(talkers[:min(len(talkers), a.opts.Top)])
	slices.SortFunc(talkers, func(x, y Talker) int { return cmp.Or(cmp.Compare(y.Packets, x.Packets), tie(x, y)) })
	rep.TopByPackets = slices.Clone(talkers[:min(len(talkers), a.opts.Top)])
	for k, ps := range ports {
		rep.RejectedPorts = append(rep.RejectedPorts, RejectedPort{Protocol: k.proto, Port: k.port, Flows: ps.flows, Records: ps.records, Packets: ps.packets, Sources: len(ps.sources)})
	}
	slices.SortFunc(rep.RejectedPorts, func(x, y RejectedPort) int {
		return cmp.Or(cmp.Compare(y.Records, x.Records), cmp.Compare(x.Protocol, y.Protocol), cmp.Compare(x.Port, y.Port))
	})
	rep.RejectedPorts = rep.RejectedPorts[:min(len(rep.RejectedPorts), a.opts.Top)]
	rep.TGWLosses = a.tgwLosses()
	return rep
}

// side tells whether the rejected half entered or left the interface:
// flow-direction when recorded, else by the interface's own address.
func (a *Analyzer) side(eni string, h *half, isRequest bool, from, to netip.Addr) string {
	switch h.dir {
	case flowlog.Ingress:
		return SideInbound
	case flowlog.Egress:
		return SideOutbound
	}
	_, own := a.ownAddress(eni)
	src, dst := from, to
	if !isRequest {
		src, dst = to, from
	}
	for _, o := range own {
		switch o {
		case dst:
			return SideInbound
		case src:
			return SideOutbound
		}
	}
	return SideUnknown
}
