package flowlog

import (
	"encoding/binary"
	"math"
	"net/netip"
)

// Aggregation state is pointer-free: the garbage collector never scans
// it and a window's map and slices are reused from a pool, so a long run
// allocates little once its windows have grown. A Record (with its
// strings) is built only when a window closes, into one buffer reused
// from delivery to delivery.

// aggKey identifies one record of a capture window: the interface, the
// direction, the action and the packet's 5-tuple and traffic path. The
// record's srcaddr and dstaddr follow from the interface and the packet
// addresses (eniInfo.ownAddr), so they are not part of the key. The
// key is compared with == and hashed word by word (hash).
type aggKey struct {
	psrc, pdst       [2]uint64 // packet addresses, 16-byte form, big-endian halves
	eni              int32
	sport, dport     int32
	proto, path      int32
	dir              Direction
	action           Action
	psrcLen, pdstLen uint8 // address bit length: 0 (none), 32 or 128
	bpa              bool  // rejected by VPC Block Public Access (reject-reason BPA)
}

// packAddr stores a in the key's 16-byte form. Zones are not kept: the
// data plane's addresses have none.
func packAddr(a netip.Addr) (v [2]uint64, bits uint8) {
	if !a.IsValid() {
		return v, 0
	}
	b := a.As16()
	return [2]uint64{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}, uint8(a.BitLen())
}

// unpackAddr reverses packAddr.
func unpackAddr(v [2]uint64, bits uint8) netip.Addr {
	switch bits {
	case 32:
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], uint32(v[1]))
		return netip.AddrFrom4(b)
	case 128:
		var b [16]byte
		binary.BigEndian.PutUint64(b[:8], v[0])
		binary.BigEndian.PutUint64(b[8:], v[1])
		return netip.AddrFrom16(b)
	}
	return netip.Addr{}
}

// agg is one record being aggregated.
type agg struct {
	key            aggKey
	packets, bytes int64
	start, end     int64
	flags          int32
	pos            int32 // the interface's position in its lane
}

// hash mixes the key's words (a multiply-xorshift per word) into the
// 32 bits the window's index uses.
func (k *aggKey) hash() uint32 {
	const m = 0x9E3779B97F4A7C15
	h := uint64(0x243F6A8885A308D3)
	for _, w := range [...]uint64{k.psrc[0], k.psrc[1], k.pdst[0], k.pdst[1],
		uint64(uint32(k.eni))<<32 | uint64(uint32(k.sport)),
		uint64(uint32(k.dport))<<32 | uint64(uint32(k.proto)),
		uint64(uint32(k.path))<<32 | uint64(k.dir)<<24 | uint64(k.action|boolBit(k.bpa)<<4)<<16 | uint64(k.psrcLen)<<8 | uint64(k.pdstLen)} {
		h = (h ^ w) * m
		h ^= h >> 29
	}
	return uint32(h >> 32)
}

func boolBit(b bool) Action {
	if b {
		return 1
	}
	return 0
}

// window is one lane's capture window while it is open.
type window struct {
	start, end int64
	aggs       []agg
	// slots is an open-addressing hash index over aggs: a slot holds the
	// key's hash (high half) and the agg's index + 1 (low half; 0 is
	// empty), at most half full. It is small, so that a lookup that
	// misses, the common case, touches no agg; it grows by rehashing the
	// slots alone.
	slots []uint64
	// With a record limit: records kept and whether some were skipped,
	// per lane position (nil without a limit).
	count   []int32
	skipped []bool
}

// getWindow returns an empty window from the pool (or a new one).
func (e *engine) getWindow(l *lane, ws, we int64) *window {
	var w *window
	if n := len(e.free); n > 0 {
		w = e.free[n-1]
		e.free = e.free[:n-1]
	} else {
		w = &window{slots: make([]uint64, 64)}
	}
	w.start, w.end = ws, we
	if e.opts.RecordLimit > 0 {
		n := len(l.enis)
		if cap(w.count) < n {
			w.count, w.skipped = make([]int32, n), make([]bool, n)
		}
		w.count, w.skipped = w.count[:n], w.skipped[:n]
	}
	return w
}

// putWindow returns a closed window to the pool.
func (e *engine) putWindow(w *window) {
	w.aggs = w.aggs[:0]
	clear(w.slots)
	clear(w.count)
	clear(w.skipped)
	e.free = append(e.free, w)
}

// add aggregates packets [lo, hi) of stream s seen at an interface into
// window w of lane l; h is k.hash().
func (e *engine) add(l *lane, w, ws, we int64, k *aggKey, h uint32, pos int32, s *stream, lo, hi int64) {
	win := l.open[w]
	if win == nil {
		win = e.getWindow(l, ws, we)
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
	mask := uint32(len(win.slots) - 1)
	slot := h & mask
	for {
		v := win.slots[slot]
		if v == 0 {
			break
		}
		if uint32(v>>32) == h {
			if a := &win.aggs[uint32(v)-1]; a.key == *k {
				a.packets += pk
				a.bytes += by
				a.start = min(a.start, start)
				a.end = max(a.end, end)
				a.flags |= flags
				return
			}
		}
		slot = (slot + 1) & mask
	}
	if e.opts.RecordLimit > 0 {
		if int(win.count[pos]) >= e.opts.RecordLimit {
			win.skipped[pos] = true
			return
		}
		win.count[pos]++
	}
	win.aggs = append(win.aggs, agg{key: *k, packets: pk, bytes: by, start: start, end: end, flags: flags, pos: pos})
	win.slots[slot] = uint64(h)<<32 | uint64(len(win.aggs))
	if 2*len(win.aggs) > len(win.slots) {
		win.grow()
	}
}

// grow doubles the index: each slot moves to the position of its hash
// in the larger table.
func (w *window) grow() {
	old := w.slots
	w.slots = make([]uint64, 2*len(old))
	mask := uint32(len(w.slots) - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		s := uint32(v>>32) & mask
		for w.slots[s] != 0 {
			s = (s + 1) & mask
		}
		w.slots[s] = v
	}
}

// okRecord builds the record of an aggregated flow at interface info.
func okRecord(r *Record, info *eniInfo, a *agg) {
	k := &a.key
	psrc, pdst := unpackAddr(k.psrc, k.psrcLen), unpackAddr(k.pdst, k.pdstLen)
	src, dst := psrc, pdst
	if k.dir == Egress {
		src = info.ownAddr(psrc)
	} else {
		dst = info.ownAddr(pdst)
	}
	typ := TypeIPv4
	if pdst.Is6() {
		typ = TypeIPv6
	}
	*r = Record{AccountID: info.account, InterfaceID: info.id, SrcAddr: src, DstAddr: dst,
		SrcPort: k.sport, DstPort: k.dport, Protocol: k.proto, Packets: a.packets, Bytes: a.bytes, Start: a.start, End: a.end,
		Action: k.action, LogStatus: StatusOK, VpcID: info.vpc, SubnetID: info.subnet, InstanceID: info.instance,
		TCPFlags: a.flags, Type: typ, PktSrcAddr: psrc, PktDstAddr: pdst, Region: info.region, AzID: info.azID,
		FlowDirection: k.dir, TrafficPath: k.path, EncryptionStatus: NoValue,
		PktSrcAWSService: AWSService(psrc), PktDstAWSService: AWSService(pdst)}
	if k.bpa {
		r.RejectReason = RejectReasonBPA
	}
	if info.tgw != nil {
		info.tgw.record(r, k, a.packets)
	}
}

// statusRecord is a NODATA or SKIPDATA record: the interface's identity,
// the window's bounds, '-' for every traffic field.
func statusRecord(r *Record, info *eniInfo, st LogStatus, ws, we int64) {
	*r = Blank()
	r.AccountID, r.InterfaceID, r.VpcID, r.SubnetID, r.InstanceID = info.account, info.id, info.vpc, info.subnet, info.instance
	r.Region, r.AzID = info.region, info.azID
	r.Start, r.End, r.LogStatus = ws, we, st
	if info.tgw != nil {
		info.tgw.status(r)
	}
}

// pending is a batch built but not yet delivered: records [lo, hi) of
// the engine's record buffer.
type pending struct {
	lane   *lane
	eni    int32
	lo, hi int
}

// nextRecord extends the engine's record buffer by one and returns it.
func (e *engine) nextRecord() *Record {
	if len(e.recs) == cap(e.recs) {
		e.recs = append(e.recs, Record{})
	} else {
		e.recs = e.recs[:len(e.recs)+1]
	}
	return &e.recs[len(e.recs)-1]
}

// closeWindow builds the records of window k of lane l: each covered
// interface's records in order of first packet, NODATA for an interface
// without traffic, SKIPDATA after records a limit skipped. Interfaces
// come in lane order (a counting sort by lane position keeps each one's
// records in first-seen order).
func (e *engine) closeWindow(l *lane, k, ws, we int64) {
	win := l.open[k]
	inSpan := k <= l.last
	if win == nil && !inSpan {
		return
	}
	var aggs []agg
	if win != nil {
		delete(l.open, k)
		aggs = win.aggs
	}
	n := len(l.enis)
	e.cnt = grow(e.cnt, n+1)
	cnt := e.cnt[:n+1]
	clear(cnt)
	for i := range aggs {
		cnt[aggs[i].pos+1]++
	}
	for p := 1; p <= n; p++ {
		cnt[p] += cnt[p-1]
	}
	e.order = grow(e.order, len(aggs))
	order := e.order[:len(aggs)]
	for i := range aggs {
		p := aggs[i].pos
		order[cnt[p]] = int32(i)
		cnt[p]++
	}
	// cnt[p] is now the end of position p's run in order.
	from := int32(0)
	for p, eni := range l.enis {
		to := cnt[p]
		info := &e.enis[eni]
		first := len(e.recs)
		for _, i := range order[from:to] {
			a := &aggs[i]
			if l.sub.Keeps(a.key.action) {
				okRecord(e.nextRecord(), info, a)
				e.stats.Records++
			}
		}
		switch {
		case win != nil && win.skipped != nil && win.skipped[p]:
			statusRecord(e.nextRecord(), info, StatusSkipData, ws, we)
			e.stats.SkipData++
		case to == from && inSpan:
			statusRecord(e.nextRecord(), info, StatusNoData, ws, we)
			e.stats.NoData++
		}
		if len(e.recs) > first {
			e.pend = append(e.pend, pending{lane: l, eni: eni, lo: first, hi: len(e.recs)})
		}
		from = to
	}
	if win != nil {
		e.putWindow(win)
	}
}

// grow returns s with capacity for at least n elements (contents kept).
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s
	}
	return append(s[:cap(s)], make([]T, n-cap(s))...)
}
