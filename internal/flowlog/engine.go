package flowlog

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

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
	// Unresolved counts flows the data plane could not run (an unknown
	// id, an ambiguous address); CheckEndpoints names them before a run.
	Unresolved int64
}

// Not-logged destinations (VPC-UG flow-logs.md "Flow log limitations"):
// instance metadata, Time Sync and the Amazon DNS server, IPv4 and IPv6.
var (
	linkLocalNotLogged = netip.MustParsePrefix("169.254.169.0/24")
	ec2NotLogged       = netip.MustParsePrefix("fd00:ec2::/112")
)

func notLogged(a netip.Addr) bool {
	switch {
	case a.Is4() && linkLocalNotLogged.Contains(a):
		b := a.As4()[3]
		return b == 254 || b == 123 || b == 253
	case a.Is6() && ec2NotLogged.Contains(a):
		b := a.As16()
		g := uint16(b[14])<<8 | uint16(b[15]) // fd00:ec2::254, ::123, ::253
		return g == 0x254 || g == 0x123 || g == 0x253
	}
	return false
}

type eniInfo struct {
	id, account, region, vpc, subnet, instance, azID string
	primary4                                         netip.Addr
	v6                                               []netip.Addr
	nitro                                            bool
	lanes                                            []int32
	lanePos                                          []int32   // position in each lane's interface order
	tgw                                              *tgwPoint // a transit gateway flow log's pseudo interface (tgwlog.go)
}

// publicAddr is a covered interface's public IPv4 address's target.
type publicAddr struct {
	eni     int32
	private netip.Addr
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
	// byPublic maps the public IPv4 addresses of covered interfaces to
	// the interface and the private address behind each.
	byPublic map[netip.Addr]publicAddr
	lanes    []*lane
	tgw      tgwIndex // transit gateway flow logs (tgwlog.go)
	sink     Sink
	stats    Stats
	// tracers trace flow occurrences, one per goroutine.
	tracers []*tracer

	// nextClose is the earliest end of a lane's next window to close.
	nextClose int64

	// Reused storage: closed windows, counting-sort buffers, the records
	// and batches of one delivery.
	free    []*window
	cnt     []int32
	order   []int32
	recs    []Record
	pend    []pending
	batches []Batch
}

// lane is one subscription's capture at one interval (a flow log's
// Nitro-based interfaces capture at 60 s whatever the maximum).
type lane struct {
	sub      *Subscription
	interval int64
	origin   int64
	enis     []int32 // sorted by interface id
	open     map[int64]*window
	next     int64 // next window index to close
	last     int64 // last window index overlapping the traffic
	explicit []int64
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
	e := &engine{w: w, plane: opts.Plane, opts: opts, sink: sink, eniIdx: map[string]int32{}, byAddr: map[vpcAddr]int32{},
		byPublic: map[netip.Addr]publicAddr{}}
	if e.plane == nil {
		e.plane = dataplane.Compile(w)
	}
	e.index(subs, t)
	if t.Background != nil {
		var err error
		if t, err = e.background(t); err != nil {
			return Stats{}, err
		}
	}
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
				e.lanes = append(e.lanes, &lane{sub: &subs[i], interval: iv, origin: origin,
					open: map[int64]*window{}, explicit: e.opts.Windows})
			}
			info.lanes = append(info.lanes, li)
			info.lanePos = append(info.lanePos, 0)
			e.lanes[li].enis = append(e.lanes[li].enis, idx)
		}
		e.enis = append(e.enis, info)
		e.eniIdx[n.ID] = idx
		for _, p := range n.PrivateIPs {
			e.byAddr[vpcAddr{n.VpcID, p.Address}] = idx
			if p.PublicIP.IsValid() {
				e.byPublic[p.PublicIP] = publicAddr{idx, p.Address}
			}
		}
		for _, a := range n.Ipv6Addresses {
			e.byAddr[vpcAddr{n.VpcID, a}] = idx
		}
		return true
	})
	e.indexTGW(subs)
	// Lanes in flow log id order; the interfaces' lane indexes follow.
	perm := make([]int32, len(e.lanes))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(a, b int32) int { return cmp.Compare(e.lanes[a].sub.FlowLogID, e.lanes[b].sub.FlowLogID) })
	sorted := make([]*lane, len(e.lanes))
	newIdx := make([]int32, len(e.lanes))
	for i, old := range perm {
		sorted[i] = e.lanes[old]
		newIdx[old] = int32(i)
	}
	e.lanes = sorted
	for i := range e.enis {
		for j, li := range e.enis[i].lanes {
			e.enis[i].lanes[j] = newIdx[li]
		}
	}
	for li, l := range e.lanes {
		slices.SortFunc(l.enis, func(a, b int32) int { return strings.Compare(e.enis[a].id, e.enis[b].id) })
		for i, x := range l.enis {
			info := &e.enis[x]
			info.lanePos[slices.Index(info.lanes, int32(li))] = int32(i)
		}
		l.next = l.windowOf(t.Start)
		if l.explicit != nil && l.next < 0 {
			l.next = 0
		}
		l.last = l.windowOf(t.End - 1)
	}
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

func (x item) less(y item) bool {
	if x.at != y.at {
		return x.at < y.at
	}
	return x.flow < y.flow
}

// flowHeap orders the flow lines' next occurrences by time, then by line.
type flowHeap []item

func (h flowHeap) down(i int) {
	n := len(h)
	for {
		j := 2*i + 1
		if j >= n {
			return
		}
		if r := j + 1; r < n && h[r].less(h[j]) {
			j = r
		}
		if !h[j].less(h[i]) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}

func (h flowHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *flowHeap) pop() {
	old := *h
	n := len(old) - 1
	old[0] = old[n]
	*h = old[:n]
	h.down(0)
}

func (e *engine) run(ctx context.Context, t *Traffic) error {
	h := make(flowHeap, 0, len(t.Flows))
	for i := range t.Flows {
		h = append(h, item{at: float64(t.Start) + t.Flows[i].At, flow: int32(i)})
	}
	h.init()
	// Queries are checked here and built again for each occurrence (a
	// slice of a million queries would cost more than building them).
	protos := make([]int32, len(t.Flows))
	for i := range t.Flows {
		if _, err := t.Flows[i].query(); err != nil {
			return fmt.Errorf("flow %d: %w", i+1, err)
		}
		p, _ := protocolNumber(t.Flows[i].Protocol)
		protos[i] = int32(p)
	}
	e.updateNextClose()
	e.tracers = make([]*tracer, max(1, runtime.GOMAXPROCS(0)))
	for i := range e.tracers {
		e.tracers[i] = &tracer{}
	}
	chunk := make([]traced, 0, min(chunkSize, len(t.Flows)+1))
	n := 0
	for len(h) > 0 {
		chunk = chunk[:0]
		for len(h) > 0 && len(chunk) < chunkSize {
			it := h[0]
			f := &t.Flows[it.flow]
			if int(it.rep)+1 < max(1, f.Repeat) {
				h[0].rep++
				h[0].at += f.Every
				h.down(0)
			} else {
				h.pop()
			}
			chunk = append(chunk, traced{it: it})
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		e.traceChunk(t, protos, chunk)
		for i := range chunk {
			x := &chunk[i]
			if n++; n&1023 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if sec := int64(math.Floor(x.it.at)); sec >= e.nextClose {
				if err := e.closeBefore(ctx, sec); err != nil {
					return err
				}
			}
			e.flow(&t.Flows[x.it.flow], protos[x.it.flow], x)
		}
	}
	return e.flush(ctx)
}

// CheckEndpoints reports the first flow whose endpoints plane p cannot
// resolve (an unknown id, an address in no VPC or in several, a
// malformed sourceIp or destinationIp), as "flow N: ...". Run skips such
// flows (Stats.Unresolved); a command checks first to say why.
func CheckEndpoints(p *dataplane.Plane, t *Traffic) error {
	var tr dataplane.Trace
	for i := range t.Flows {
		q, err := t.Flows[i].query()
		if err == nil {
			p.TraceInto(&q, &tr)
			err = tr.Err
		}
		if err != nil {
			return fmt.Errorf("flow %d: %w", i+1, err)
		}
	}
	return nil
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

// Flow occurrences are traced in chunks: the trace and the walk of each
// occurrence (the costly, read-only part) run on several goroutines, then
// the observations are aggregated in simulated time order on one, so
// the records do not depend on the number of goroutines.
const (
	chunkSize       = 4096
	minPerGoroutine = 512
)

// Outcomes of tracing one occurrence.
const (
	flowSilent     = iota // nothing to record (no covered interface, no hop)
	flowOK                // observations to record
	flowNotLogged         // traffic AWS does not log
	flowUnresolved        // the data plane could not resolve an endpoint
)

// traced is one flow occurrence and what tracing it found.
type traced struct {
	it          item
	h           uint64
	lo, hi, n   int32 // observations [lo, hi) of tracer w; the first n are the request's
	w           int32
	status      uint8
	established bool
}

// tracer is one goroutine's trace state.
type tracer struct {
	trace dataplane.Trace
	obs   []obs
	seen  []int32
}

// traceChunk traces the occurrences of chunk, in parallel when it is
// large enough.
func (e *engine) traceChunk(t *Traffic, protos []int32, chunk []traced) {
	workers := min(len(e.tracers), (len(chunk)+minPerGoroutine-1)/minPerGoroutine)
	for _, tc := range e.tracers {
		tc.obs = tc.obs[:0]
	}
	if workers <= 1 {
		e.traceRange(e.tracers[0], 0, t, protos, chunk)
		return
	}
	var wg sync.WaitGroup
	per := (len(chunk) + workers - 1) / workers
	for w := range workers {
		lo, hi := w*per, min((w+1)*per, len(chunk))
		wg.Go(func() { e.traceRange(e.tracers[w], int32(w), t, protos, chunk[lo:hi]) })
	}
	wg.Wait()
}

func (e *engine) traceRange(tc *tracer, w int32, t *Traffic, protos []int32, xs []traced) {
	for i := range xs {
		x := &xs[i]
		x.w = w
		e.traceOne(tc, &t.Flows[x.it.flow], protos[x.it.flow], x)
	}
}

// traceOne traces one occurrence of flow f into tc's observations. It
// only reads the engine.
func (e *engine) traceOne(tc *tracer, f *Flow, proto int32, x *traced) {
	x.status = flowSilent
	x.lo = int32(len(tc.obs))
	x.hi = x.lo
	if len(e.enis) == 0 {
		return
	}
	it := x.it
	h := e.hash(uint64(it.flow), uint64(it.rep))
	x.h = h
	sport := f.SourcePort
	if proto == 6 || proto == 17 {
		if sport == 0 {
			sport = uint16(32768 + h%(60999-32768+1))
		} else if it.rep > 0 {
			sport = uint16((int(sport)+int(it.rep)-1)%65535 + 1)
		}
		if f.Port == 67 || f.Port == 68 || sport == 67 || sport == 68 {
			if proto == 17 {
				x.status = flowNotLogged // DHCP
				return
			}
		}
	}
	q, _ := f.query()
	q.SourcePort = sport
	e.plane.TraceInto(&q, &tc.trace)
	tr := &tc.trace
	if tr.Err != nil {
		x.status = flowUnresolved
		return
	}
	if len(tr.Forward) == 0 {
		return
	}
	if notLogged(tr.Forward[0].In.Dst) || notLogged(tr.Forward[0].In.Src) {
		x.status = flowNotLogged
		return
	}
	fw := walkState{e: e, out: tc.obs, ingressed: tc.seen[:0], lbNode: -1}
	fw.walk(tr.Forward)
	tc.seen = fw.ingressed
	if fw.notLogged {
		tc.obs = fw.out[:x.lo]
		x.status = flowNotLogged
		return
	}
	n := len(fw.out) - int(x.lo)
	if tr.ForwardOK && f.replyPackets() > 0 {
		rw := walkState{e: e, out: fw.out, reply: true, ingressed: tc.seen[:0], lbNode: -1}
		rw.walk(tr.Return)
		tc.seen = rw.ingressed
		fw.out = rw.out
		if rw.notLogged {
			tc.obs = fw.out[:x.lo]
			x.status = flowNotLogged
			return
		}
	}
	tc.obs = fw.out
	x.hi, x.n = int32(len(tc.obs)), int32(n)
	x.established = tr.Reachable && f.replyPackets() > 0
	x.status = flowOK
}

// flow records one traced occurrence.
func (e *engine) flow(f *Flow, proto int32, x *traced) {
	e.stats.Flows++
	switch x.status {
	case flowNotLogged:
		e.stats.NotLogged++
		return
	case flowUnresolved:
		e.stats.Unresolved++
		return
	case flowSilent:
		return
	}
	obs := e.tracers[x.w].obs[x.lo:x.hi]
	for i := range obs {
		o := &obs[i]
		var st stream
		if i < int(x.n) {
			st = stream{t0: x.it.at, dur: f.duration(), n: f.Packets, bytes: f.Bytes}
		} else {
			st = f.replyStream(x.it.at)
		}
		st.proto = proto
		st.syn = f.SYN == nil || *f.SYN
		st.fin = (f.FIN == nil || *f.FIN) && x.established
		st.retry = !x.established
		st.reply = o.reply
		e.record(o, &st, x.h)
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
	k := aggKey{eni: o.eni, dir: o.dir, action: o.action, proto: s.proto, path: o.path, bpa: o.bpa}
	k.psrc, k.psrcLen = packAddr(o.hdr.Src)
	k.pdst, k.pdstLen = packAddr(o.hdr.Dst)
	if o.hdr.HasPorts() {
		k.sport, k.dport = concretePort(o.hdr.SrcPort, h), concretePort(o.hdr.DstPort, h)
	}
	if o.dir == Ingress && info.tgw == nil {
		k.path = NoValue
	}
	kh := k.hash()
	tEnd := s.at(s.n - 1)
	t0 := int64(math.Floor(s.t0))
	for j, li := range info.lanes {
		l := e.lanes[li]
		pos := info.lanePos[j]
		for w := l.windowOf(t0); ; w++ {
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
				e.add(l, w, ws, we, &k, kh, pos, s, lo, hi)
			}
		}
	}
}

// maxPendingRecords bounds the records held for one delivery: past it,
// the windows closed so far are delivered before the next one closes.
const maxPendingRecords = 1 << 14

// closeBefore delivers every window that ends at or before second t.
func (e *engine) closeBefore(ctx context.Context, t int64) error {
	for _, l := range e.lanes {
		for {
			ws, we, ok := l.bounds(l.next)
			if !ok || we > t {
				break
			}
			e.closeWindow(l, l.next, ws, we)
			l.next++
			if err := e.deliverIfFull(ctx); err != nil {
				return err
			}
		}
	}
	e.updateNextClose()
	return e.deliver(ctx)
}

// updateNextClose finds the earliest second at which a lane's next
// window closes, so that flows before it skip closeBefore.
func (e *engine) updateNextClose() {
	e.nextClose = math.MaxInt64
	for _, l := range e.lanes {
		if _, we, ok := l.bounds(l.next); ok {
			e.nextClose = min(e.nextClose, we)
		}
	}
}

// flush delivers every remaining window.
func (e *engine) flush(ctx context.Context) error {
	for _, l := range e.lanes {
		for k := l.next; k <= l.last; k++ {
			ws, we, ok := l.bounds(k)
			if ok {
				e.closeWindow(l, k, ws, we)
				if err := e.deliverIfFull(ctx); err != nil {
					return err
				}
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
			e.closeWindow(l, k, w.start, w.end)
			if err := e.deliverIfFull(ctx); err != nil {
				return err
			}
		}
	}
	return e.deliver(ctx)
}

func (e *engine) deliverIfFull(ctx context.Context) error {
	if len(e.recs) < maxPendingRecords {
		return nil
	}
	return e.deliver(ctx)
}

// deliver hands the pending batches to the sink; their records are
// reused afterwards (Batch.Records is valid only during Deliver).
func (e *engine) deliver(ctx context.Context) error {
	if len(e.pend) == 0 {
		return nil
	}
	bs := e.batches[:0]
	for _, p := range e.pend {
		bs = append(bs, Batch{FlowLogID: p.lane.sub.FlowLogID, InterfaceID: e.enis[p.eni].id, Subscription: p.lane.sub,
			Records: e.recs[p.lo:p.hi:p.hi]})
	}
	e.batches = bs
	e.pend = e.pend[:0]
	e.stats.Batches += int64(len(bs))
	err := e.sink.Deliver(ctx, bs)
	clear(bs) // drop the sink's view of the records
	e.recs = e.recs[:0]
	if err != nil {
		return fmt.Errorf("deliver flow log records: %w", err)
	}
	return nil
}
