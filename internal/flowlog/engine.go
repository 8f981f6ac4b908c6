package flowlog

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Options tune a run.
type Options struct {
	// Seed makes the chosen ephemeral and NAT ports deterministic; runs
	// with the same world, traffic and seed write the same records.
	Seed uint64
	// RecordLimit is the most records one interface keeps in one capture
	// window; further flows are skipped and the window ends with a
	// SKIPDATA record (AWS: "records were skipped ... internal capacity
	// constraint"). 0 means no limit.
	RecordLimit int
	// Windows, when set, are explicit capture window boundaries (Unix
	// seconds, ascending) used instead of the aggregation interval:
	// window i is [Windows[i], Windows[i+1]). For replaying captured
	// timings; packets outside every window are not captured.
	Windows []int64
	// Plane is a data plane compiled from the world; nil compiles one.
	Plane *dataplane.Plane
}

// Stats summarises a run.
type Stats struct {
	Flows     int64 // flows run (after repeat expansion)
	NotLogged int64 // flows AWS does not log (Amazon DNS, metadata, DHCP, VPC router)
	Records   int64 // OK records delivered
	NoData    int64 // NODATA records delivered
	SkipData  int64 // SKIPDATA records delivered
	Batches   int64
}

// Not-logged destinations (VPC-UG flow-logs.md "Flow log limitations").
var notLoggedAddrs = map[netip.Addr]bool{
	netip.MustParseAddr("169.254.169.254"): true, // instance metadata
	netip.MustParseAddr("169.254.169.123"): true, // Time Sync
	netip.MustParseAddr("169.254.169.253"): true, // Amazon DNS
	netip.MustParseAddr("fd00:ec2::254"):   true,
	netip.MustParseAddr("fd00:ec2::123"):   true,
	netip.MustParseAddr("fd00:ec2::253"):   true,
}

type eniInfo struct {
	id, account, region, vpc, subnet, instance, azID string
	primary4                                         netip.Addr
	v6                                               []netip.Addr
	nitro                                            bool
	lanes                                            []int32
}

type vpcAddr struct {
	vpc  string
	addr netip.Addr
}

// engine is one run's state.
type engine struct {
	w      *store.World
	plane  *dataplane.Plane
	opts   Options
	enis   []eniInfo
	eniIdx map[string]int32
	byAddr map[vpcAddr]int32
	lanes  []*lane
	sink   Sink
	stats  Stats
	trace  dataplane.Trace
	obs    []obs
}

// lane is one subscription's capture at one interval (a flow log's
// Nitro-based interfaces capture at 60 s whatever the maximum).
type lane struct {
	sub      *Subscription
	interval int64
	origin   int64
	enis     []int32 // sorted by interface id
	pos      map[int32]int32
	open     map[int64]*window
	next     int64 // next window index to close
	last     int64 // last window index overlapping the traffic
	explicit []int64
}

type recKey struct {
	eni                  int32
	dir                  Direction
	action               Action
	src, dst, psrc, pdst netip.Addr
	sport, dport, proto  int32
	path                 int32
}

type window struct {
	start, end int64
	recs       []Record
	eniOf      []int32
	keys       map[recKey]int32
	count      map[int32]int
	skipped    map[int32]bool
}

// Run runs traffic t through world w and delivers the records of the
// subscriptions' flow logs to sink, in simulated time order. It is what
// `vpcsim traffic` and the server's admin route call.
func Run(ctx context.Context, w *store.World, subs []Subscription, t *Traffic, sink Sink, opts Options) (Stats, error) {
	if w == nil || t == nil || sink == nil {
		return Stats{}, errors.New("flowlog: world, traffic and sink are required")
	}
	if err := t.Validate(); err != nil {
		return Stats{}, err
	}
	if !slices.IsSorted(opts.Windows) {
		return Stats{}, errors.New("flowlog: windows must be ascending")
	}
	e := &engine{w: w, plane: opts.Plane, opts: opts, sink: sink, eniIdx: map[string]int32{}, byAddr: map[vpcAddr]int32{}}
	if e.plane == nil {
		e.plane = dataplane.Compile(w)
	}
	e.index(subs, t)
	if err := e.run(ctx, t); err != nil {
		return e.stats, err
	}
	return e.stats, nil
}

// index finds the interfaces each subscription covers.
func (e *engine) index(subs []Subscription, t *Traffic) {
	type laneKey struct {
		sub      int
		interval int64
	}
	lanes := map[laneKey]int32{}
	e.w.NetworkInterfaces.All(func(n *model.NetworkInterface) bool {
		var match []int
		for i := range subs {
			s := &subs[i]
			if s.Account != "" && s.Account != n.Account {
				continue
			}
			switch s.ResourceType {
			case ResourceNetworkInterface:
				if s.ResourceID == n.ID {
					match = append(match, i)
				}
			case ResourceSubnet:
				if s.ResourceID == n.SubnetID {
					match = append(match, i)
				}
			case ResourceVPC:
				if s.ResourceID == n.VpcID {
					match = append(match, i)
				}
			}
		}
		if len(match) == 0 {
			return true
		}
		info := eniInfo{id: n.ID, account: n.Account, region: n.Region, vpc: n.VpcID, subnet: n.SubnetID, v6: n.Ipv6Addresses}
		if len(n.PrivateIPs) > 0 {
			info.primary4 = n.PrivateIPs[0].Address
		}
		if sn, ok := e.w.Subnets.Get(n.SubnetID); ok {
			info.azID = sn.AvailabilityZoneID
		}
		if n.Attachment != nil && !n.RequesterManaged {
			info.instance = n.Attachment.InstanceID
			if in, ok := e.w.Instances.Get(info.instance); ok {
				info.nitro = IsNitro(in.InstanceType)
			}
		}
		idx := int32(len(e.enis))
		for _, i := range match {
			iv := subs[i].Interval()
			if info.nitro && len(e.opts.Windows) == 0 {
				iv = Aggregation60 // VPC-UG: Nitro interfaces aggregate at 1 minute or less
			}
			k := laneKey{i, iv}
			li, ok := lanes[k]
			if !ok {
				li = int32(len(e.lanes))
				lanes[k] = li
				origin := int64(0)
				if !subs[i].Created.IsZero() {
					origin = subs[i].Created.Unix()
				}
				e.lanes = append(e.lanes, &lane{sub: &subs[i], interval: iv, origin: origin, pos: map[int32]int32{},
					open: map[int64]*window{}, explicit: e.opts.Windows})
			}
			info.lanes = append(info.lanes, li)
			e.lanes[li].enis = append(e.lanes[li].enis, idx)
		}
		e.enis = append(e.enis, info)
		e.eniIdx[n.ID] = idx
		for _, p := range n.PrivateIPs {
			e.byAddr[vpcAddr{n.VpcID, p.Address}] = idx
		}
		for _, a := range n.Ipv6Addresses {
			e.byAddr[vpcAddr{n.VpcID, a}] = idx
		}
		return true
	})
	for _, l := range e.lanes {
		slices.SortFunc(l.enis, func(a, b int32) int { return strings.Compare(e.enis[a].id, e.enis[b].id) })
		for i, x := range l.enis {
			l.pos[x] = int32(i)
		}
		l.next = l.windowOf(t.Start)
		if l.explicit != nil && l.next < 0 {
			l.next = 0
		}
		l.last = l.windowOf(t.End - 1)
	}
	slices.SortStableFunc(e.lanes, func(a, b *lane) int { return cmp.Compare(a.sub.FlowLogID, b.sub.FlowLogID) })
}

// IsNitro reports whether an instance type is built on the Nitro System.
// The previous-generation Xen families are listed; every other type is
// Nitro-based (EC2 User Guide "Instances built on the Nitro System").
func IsNitro(instanceType string) bool {
	fam, _, _ := strings.Cut(instanceType, ".")
	switch fam {
	case "t1", "t2", "m1", "m2", "m3", "m4", "c1", "c3", "c4", "r3", "r4", "x1", "x1e",
		"i2", "i3", "d2", "h1", "g2", "g3", "g3s", "p2", "p3", "f1", "cc2", "cr1", "hs1":
		return false
	}
	return true
}

// windowOf is the index of the capture window holding second t.
func (l *lane) windowOf(t int64) int64 {
	if l.explicit != nil {
		i := sort.Search(len(l.explicit), func(i int) bool { return l.explicit[i] > t })
		return int64(i) - 1 // -1: before the first; len-1: after the last
	}
	d := t - l.origin
	k := d / l.interval
	if d < 0 && d%l.interval != 0 {
		k--
	}
	return k
}

// bounds is window k's [start, end).
func (l *lane) bounds(k int64) (int64, int64, bool) {
	if l.explicit != nil {
		if k < 0 || k+1 >= int64(len(l.explicit)) {
			return 0, 0, false
		}
		return l.explicit[k], l.explicit[k+1], true
	}
	s := l.origin + k*l.interval
	return s, s + l.interval, true
}

// item is one flow line's next occurrence.
type item struct {
	at   float64
	flow int32
	rep  int32
}

type flowHeap []item

func (h flowHeap) Len() int { return len(h) }
func (h flowHeap) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].flow < h[j].flow
}
func (h flowHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *flowHeap) Push(x any)   { *h = append(*h, x.(item)) }
func (h *flowHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (e *engine) run(ctx context.Context, t *Traffic) error {
	h := make(flowHeap, 0, len(t.Flows))
	for i := range t.Flows {
		h = append(h, item{at: float64(t.Start) + t.Flows[i].At, flow: int32(i)})
	}
	heap.Init(&h)
	queries := make([]dataplane.Query, len(t.Flows))
	for i := range t.Flows {
		q, err := t.Flows[i].query()
		if err != nil {
			return fmt.Errorf("flow %d: %w", i+1, err)
		}
		queries[i] = q
	}
	n := 0
	for h.Len() > 0 {
		it := h[0]
		f := &t.Flows[it.flow]
		if int(it.rep)+1 < max(1, f.Repeat) {
			h[0].rep++
			h[0].at += f.Every
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
		if n++; n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := e.closeBefore(ctx, int64(math.Floor(it.at))); err != nil {
			return err
		}
		e.flow(f, &queries[it.flow], it)
	}
	return e.flush(ctx)
}

func (f *Flow) query() (dataplane.Query, error) {
	q := dataplane.Query{Source: f.Source, Destination: f.Destination, Protocol: strings.ToLower(f.Protocol),
		DestinationPort: f.Port, IPv6: f.IPv6}
	var err error
	if f.SourceIP != "" {
		if q.SourceIP, err = netip.ParseAddr(f.SourceIP); err != nil {
			return q, fmt.Errorf("sourceIp: %w", err)
		}
	}
	if f.DestinationIP != "" {
		if q.DestinationIP, err = netip.ParseAddr(f.DestinationIP); err != nil {
			return q, fmt.Errorf("destinationIp: %w", err)
		}
	}
	return q, nil
}

func (e *engine) hash(a, b uint64) uint64 {
	x := e.opts.Seed ^ a*0x9E3779B97F4A7C15 ^ b*0xC2B2AE3D27D4EB4F
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// flow runs one occurrence of a flow.
func (e *engine) flow(f *Flow, q *dataplane.Query, it item) {
	e.stats.Flows++
	if len(e.enis) == 0 {
		return
	}
	proto, _ := protocolNumber(f.Protocol)
	h := e.hash(uint64(it.flow), uint64(it.rep))
	sport := f.SourcePort
	if proto == 6 || proto == 17 {
		if sport == 0 {
			sport = uint16(32768 + h%(60999-32768+1))
		} else if it.rep > 0 {
			sport = uint16((int(sport)+int(it.rep)-1)%65535 + 1)
		}
		if f.Port == 67 || f.Port == 68 || sport == 67 || sport == 68 {
			if proto == 17 {
				e.stats.NotLogged++ // DHCP
				return
			}
		}
	}
	q.SourcePort = sport
	e.plane.TraceInto(q, &e.trace)
	tr := &e.trace
	if tr.Err != nil || len(tr.Forward) == 0 {
		return
	}
	if notLoggedAddrs[tr.Forward[0].In.Dst] || notLoggedAddrs[tr.Forward[0].In.Src] {
		e.stats.NotLogged++
		return
	}
	fw := walkState{e: e, out: e.obs[:0]}
	fw.walk(tr.Forward)
	if fw.notLogged {
		e.stats.NotLogged++
		e.obs = fw.out
		return
	}
	n := len(fw.out)
	if tr.ForwardOK && f.replyPackets() > 0 {
		rw := walkState{e: e, out: fw.out, reply: true}
		rw.walk(tr.Return)
		fw.out = rw.out
		if rw.notLogged {
			e.stats.NotLogged++
			e.obs = fw.out[:0]
			return
		}
	}
	e.obs = fw.out
	established := tr.Reachable && f.replyPackets() > 0
	start := float64(0)
	for i := range e.obs {
		o := &e.obs[i]
		var st stream
		if i < n {
			start = it.at
			st = stream{t0: it.at, dur: f.duration(), n: f.Packets, bytes: f.Bytes}
		} else {
			st = f.replyStream(it.at)
		}
		_ = start
		st.proto = int32(proto)
		st.syn = f.SYN == nil || *f.SYN
		st.fin = (f.FIN == nil || *f.FIN) && established
		st.retry = !established
		st.reply = o.reply
		e.record(o, &st, h)
	}
}

func (f *Flow) replyPackets() int64 {
	if f.Reply == nil {
		return f.Packets
	}
	return f.Reply.Packets
}

func (f *Flow) replyStream(at float64) stream {
	s := stream{t0: at, dur: f.duration(), n: f.Packets, bytes: f.Bytes}
	if r := f.Reply; r != nil {
		s.n, s.bytes = r.Packets, r.Bytes
		if r.At != nil {
			s.t0 = at + *r.At
		}
		if r.Duration != nil {
			s.dur = *r.Duration
		}
	}
	return s
}

// stream is one direction's packets: n packets evenly spread over
// [t0, t0+dur], bytes spread evenly (the first bytes%n one byte larger).
type stream struct {
	t0, dur         float64
	n, bytes        int64
	proto           int32
	syn, fin, retry bool
	reply           bool
}

func (s *stream) at(j int64) float64 {
	if s.n <= 1 || s.dur == 0 {
		return s.t0
	}
	return s.t0 + s.dur*float64(j)/float64(s.n-1)
}

// first returns the first packet index at or after time x.
func (s *stream) first(x float64) int64 {
	if s.n <= 1 || s.dur == 0 {
		if s.t0 >= x {
			return 0
		}
		return s.n
	}
	j := int64(math.Ceil((x - s.t0) * float64(s.n-1) / s.dur))
	j = min(max(j, 0), s.n)
	for j > 0 && s.at(j-1) >= x {
		j--
	}
	for j < s.n && s.at(j) < x {
		j++
	}
	return j
}

func (s *stream) bytesOf(lo, hi int64) int64 { // packets [lo, hi)
	base, rem := s.bytes/s.n, s.bytes%s.n
	return (hi-lo)*base + max(0, min(hi, rem)-lo)
}

func concretePort(p dataplane.PortRange, h uint64) int32 {
	if p.From == p.To {
		return int32(p.From)
	}
	return int32(uint64(p.From) + h%(uint64(p.To)-uint64(p.From)+1))
}

// record adds one observed stream to the windows of every lane of its
// interface.
func (e *engine) record(o *obs, s *stream, h uint64) {
	if s.n <= 0 {
		return
	}
	info := &e.enis[o.eni]
	k := recKey{eni: o.eni, dir: o.dir, action: o.action, proto: s.proto, path: o.path,
		psrc: o.hdr.Src, pdst: o.hdr.Dst}
	if o.hdr.HasPorts() {
		k.sport, k.dport = concretePort(o.hdr.SrcPort, h), concretePort(o.hdr.DstPort, h)
	}
	if o.dir == Egress {
		k.src, k.dst = info.ownAddr(o.hdr.Src), o.hdr.Dst
	} else {
		k.src, k.dst = o.hdr.Src, info.ownAddr(o.hdr.Dst)
	}
	if o.dir == Ingress {
		k.path = NoValue
	}
	tEnd := s.at(s.n - 1)
	for _, li := range info.lanes {
		l := e.lanes[li]
		for w := l.windowOf(int64(math.Floor(s.t0))); ; w++ {
			ws, we, ok := l.bounds(w)
			if !ok {
				if w < 0 {
					continue
				}
				break
			}
			if float64(ws) > tEnd {
				break
			}
			lo, hi := s.first(float64(ws)), s.first(float64(we))
			if hi > lo {
				e.add(l, w, ws, we, &k, info, s, lo, hi)
			}
		}
	}
}

func (e *engine) add(l *lane, w, ws, we int64, k *recKey, info *eniInfo, s *stream, lo, hi int64) {
	win := l.open[w]
	if win == nil {
		win = &window{start: ws, end: we, keys: map[recKey]int32{}}
		l.open[w] = win
	}
	var flags int32
	if s.proto == 6 {
		synBit := int32(FlagSYN)
		if s.reply {
			synBit = FlagSYNACK
		}
		if s.syn && (lo == 0 || s.retry) {
			flags |= synBit
		}
		if s.fin && hi == s.n {
			flags |= FlagFIN
		}
	}
	start := int64(math.Floor(s.at(lo)))
	end := int64(math.Ceil(s.at(hi - 1)))
	pk, by := hi-lo, s.bytesOf(lo, hi)
	if i, ok := win.keys[*k]; ok {
		r := &win.recs[i]
		r.Packets += pk
		r.Bytes += by
		r.Start = min(r.Start, start)
		r.End = max(r.End, end)
		r.TCPFlags |= flags
		return
	}
	if e.opts.RecordLimit > 0 {
		if win.count == nil {
			win.count = map[int32]int{}
		}
		if win.count[k.eni] >= e.opts.RecordLimit {
			if win.skipped == nil {
				win.skipped = map[int32]bool{}
			}
			win.skipped[k.eni] = true
			return
		}
		win.count[k.eni]++
	}
	r := Record{AccountID: info.account, InterfaceID: info.id, SrcAddr: k.src, DstAddr: k.dst,
		SrcPort: k.sport, DstPort: k.dport, Protocol: k.proto, Packets: pk, Bytes: by, Start: start, End: end,
		Action: k.action, LogStatus: StatusOK, VpcID: info.vpc, SubnetID: info.subnet, InstanceID: info.instance,
		TCPFlags: flags, Type: TypeIPv4, PktSrcAddr: k.psrc, PktDstAddr: k.pdst, Region: info.region, AzID: info.azID,
		FlowDirection: k.dir, TrafficPath: k.path, EncryptionStatus: NoValue}
	if k.pdst.Is6() {
		r.Type = TypeIPv6
	}
	r.PktSrcAWSService = AWSService(k.psrc)
	r.PktDstAWSService = AWSService(k.pdst)
	win.keys[*k] = int32(len(win.recs))
	win.recs = append(win.recs, r)
	win.eniOf = append(win.eniOf, k.eni)
}

// closeBefore delivers every window that ends at or before second t.
func (e *engine) closeBefore(ctx context.Context, t int64) error {
	var batches []Batch
	for _, l := range e.lanes {
		for {
			ws, we, ok := l.bounds(l.next)
			if !ok || we > t {
				break
			}
			batches = e.closeWindow(l, l.next, ws, we, batches)
			l.next++
		}
	}
	return e.deliver(ctx, batches)
}

// flush delivers every remaining window.
func (e *engine) flush(ctx context.Context) error {
	var batches []Batch
	for _, l := range e.lanes {
		for k := l.next; k <= l.last; k++ {
			ws, we, ok := l.bounds(k)
			if ok {
				batches = e.closeWindow(l, k, ws, we, batches)
			}
		}
		l.next = l.last + 1
		rest := make([]int64, 0, len(l.open))
		for k := range l.open {
			rest = append(rest, k)
		}
		slices.Sort(rest)
		for _, k := range rest {
			w := l.open[k]
			batches = e.closeWindow(l, k, w.start, w.end, batches)
		}
	}
	return e.deliver(ctx, batches)
}

func (e *engine) deliver(ctx context.Context, batches []Batch) error {
	if len(batches) == 0 {
		return nil
	}
	e.stats.Batches += int64(len(batches))
	if err := e.sink.Deliver(ctx, batches); err != nil {
		return fmt.Errorf("deliver flow log records: %w", err)
	}
	return nil
}

// closeWindow appends the batches of window k of lane l: each covered
// interface's records in order of first packet, NODATA for an interface
// without traffic, SKIPDATA after records a limit skipped.
func (e *engine) closeWindow(l *lane, k, ws, we int64, out []Batch) []Batch {
	win := l.open[k]
	delete(l.open, k)
	inSpan := k <= l.last
	if win == nil {
		if !inSpan {
			return out
		}
		win = &window{start: ws, end: we}
	}
	// Group records by interface, keeping first-seen order within one.
	order := make([]int32, len(win.recs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(l.pos[win.eniOf[a]], l.pos[win.eniOf[b]]) })
	j := 0
	for _, eni := range l.enis {
		var recs []Record
		run := 0
		for j < len(order) && win.eniOf[order[j]] == eni {
			r := win.recs[order[j]]
			j++
			run++
			if l.sub.Keeps(r.Action) {
				recs = append(recs, r)
			}
		}
		info := &e.enis[eni]
		if win.skipped[eni] {
			recs = append(recs, e.statusRecord(info, StatusSkipData, ws, we))
			e.stats.SkipData++
		} else if run == 0 && inSpan {
			recs = append(recs, e.statusRecord(info, StatusNoData, ws, we))
			e.stats.NoData++
		}
		if len(recs) == 0 {
			continue
		}
		for i := range recs {
			if recs[i].LogStatus == StatusOK {
				e.stats.Records++
			}
		}
		out = append(out, Batch{FlowLogID: l.sub.FlowLogID, InterfaceID: info.id, Subscription: l.sub, Records: recs})
	}
	return out
}

// statusRecord is a NODATA or SKIPDATA record: the interface's identity,
// the window's bounds, '-' for every traffic field.
func (e *engine) statusRecord(info *eniInfo, st LogStatus, ws, we int64) Record {
	r := Blank()
	r.AccountID, r.InterfaceID, r.VpcID, r.SubnetID, r.InstanceID = info.account, info.id, info.vpc, info.subnet, info.instance
	r.Region, r.AzID = info.region, info.azID
	r.Start, r.End, r.LogStatus = ws, we, st
	return r
}
