package logs

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
)

// maxPageBytes bounds one page of GetLogEvents and FilterLogEvents: "up to
// 1 MB of log events or up to 10,000 log events" (their documentation),
// counted like PutLogEvents counts a batch.
const (
	maxPageBytes  = 1048576
	maxPageEvents = 10000
)

// StoredEvent is one event as the read operations return it.
type StoredEvent struct {
	Stream        *mlogs.LogStream
	Timestamp     int64
	Message       string
	IngestionTime int64
	Seq           int64
	Index         int
}

// pos is an event's position in its stream: the order GetLogEvents reads
// in (timestamp, then arrival).
type pos struct {
	ts, seq int64
	idx     int
}

func (p pos) less(q pos) bool {
	if p.ts != q.ts {
		return p.ts < q.ts
	}
	if p.seq != q.seq {
		return p.seq < q.seq
	}
	return p.idx < q.idx
}

func (e *StoredEvent) pos() pos { return pos{e.Timestamp, e.Seq, e.Index} }

// EventID is the event's id in FilterLogEvents: 56 digits made of its
// timestamp, its stream's number, its batch and its index.
func (e *StoredEvent) EventID() string {
	return fmt.Sprintf("%020d%012d%016d%08d", e.Timestamp, e.Stream.Number, e.Seq, e.Index)
}

// retentionCutoff returns the oldest timestamp still readable in g at now
// (retention is applied on read).
func retentionCutoff(g *mlogs.LogGroup, now int64) int64 {
	if g.RetentionInDays <= 0 {
		return math.MinInt64
	}
	return now - int64(g.RetentionInDays)*dayMillis
}

// GetEventsInput is GetLogEvents' input.
type GetEventsInput struct {
	GroupName       *string
	GroupIdentifier *string
	Stream          string
	StartTime       *int64 // inclusive
	EndTime         *int64 // exclusive
	NextToken       *string
	Limit           *int32
	StartFromHead   bool
}

// EventsPage is one page of GetLogEvents.
type EventsPage struct {
	Events        []StoredEvent
	ForwardToken  string
	BackwardToken string
}

// GetLogEvents reads a stream (GetLogEvents). Without a token it returns
// the first events (startFromHead) or the last ones; "f/..." tokens move
// forward from a position and "b/..." tokens backward. When a direction
// has nothing more, its token is the one passed in, so a client that
// repeats a token until it comes back unchanged terminates.
func (s *Service) GetLogEvents(sc Scope, in GetEventsInput) (*EventsPage, error) {
	group, err := ResolveGroup(sc, in.GroupName, in.GroupIdentifier)
	if err != nil {
		return nil, err
	}
	forward := in.StartFromHead
	var at pos
	hasToken := in.NextToken != nil
	if hasToken {
		var ok bool
		forward, at, ok = parseStreamToken(*in.NextToken)
		if !ok {
			return nil, invalidParameter("The specified nextToken is invalid.")
		}
	} else if !forward {
		at = pos{math.MaxInt64, math.MaxInt64, math.MaxInt}
	} else {
		at = pos{-1, 0, 0}
	}
	w := s.st.Snapshot()
	g, err := groupIn(w, sc, group)
	if err != nil {
		return nil, err
	}
	st, ok := StreamKind.In(w).Get(mlogs.StreamKey(g.ID, in.Stream))
	if !ok {
		return nil, streamNotFound()
	}
	lo := max(retentionCutoff(g, millis(s.now())), 0)
	if in.StartTime != nil {
		lo = max(lo, *in.StartTime)
	}
	hi := int64(math.MaxInt64)
	if in.EndTime != nil {
		hi = *in.EndTime
	}
	limit := pageLimit(in.Limit, maxPageEvents)
	inWindow := func(ts int64) bool { return ts >= lo && ts < hi }
	batches := BatchKind.In(w).Children(st.ID)
	var evs []StoredEvent
	if st.Unordered {
		evs = sortedStream(st, batches, inWindow)
		evs = selectPage(evs, at, forward, limit)
	} else {
		evs = walkOrdered(st, batches, inWindow, at, forward, limit)
	}
	page := &EventsPage{Events: evs}
	if len(evs) > 0 {
		page.ForwardToken = streamToken(true, evs[len(evs)-1].pos())
		page.BackwardToken = streamToken(false, evs[0].pos())
		return page, nil
	}
	switch {
	case hasToken:
		page.ForwardToken = streamToken(true, at)
		page.BackwardToken = streamToken(false, at)
		if forward {
			page.ForwardToken = *in.NextToken
		} else {
			page.BackwardToken = *in.NextToken
		}
	default:
		page.ForwardToken = streamToken(true, pos{})
		page.BackwardToken = streamToken(false, pos{})
	}
	return page, nil
}

// walkOrdered reads a stream whose batches are in timestamp order: the
// events after at (forward) or the last ones before at (backward), at most
// limit events and maxPageBytes bytes.
func walkOrdered(st *mlogs.LogStream, batches []*mlogs.EventBatch, inWindow func(int64) bool, at pos, forward bool, limit int) []StoredEvent {
	var out []StoredEvent
	bytes := 0
	take := func(b *mlogs.EventBatch, i int) bool {
		e := b.Events[i]
		n := len(e.Message) + eventOverhead
		if len(out) >= limit || bytes+n > maxPageBytes {
			return false
		}
		bytes += n
		out = append(out, StoredEvent{Stream: st, Timestamp: e.Timestamp, Message: e.Message, IngestionTime: b.IngestionTime, Seq: b.Seq, Index: i})
		return true
	}
	if forward {
		for _, b := range batches {
			if len(b.Events) == 0 || !at.less(pos{b.Events[len(b.Events)-1].Timestamp, b.Seq, len(b.Events) - 1}) {
				continue
			}
			for i, e := range b.Events {
				if !at.less(pos{e.Timestamp, b.Seq, i}) || !inWindow(e.Timestamp) {
					continue
				}
				if !take(b, i) {
					return out
				}
			}
		}
		return out
	}
	for j := len(batches) - 1; j >= 0; j-- {
		b := batches[j]
		if len(b.Events) == 0 || !(pos{b.Events[0].Timestamp, b.Seq, 0}).less(at) {
			continue
		}
		for i := len(b.Events) - 1; i >= 0; i-- {
			e := b.Events[i]
			if !(pos{e.Timestamp, b.Seq, i}).less(at) || !inWindow(e.Timestamp) {
				continue
			}
			if !take(b, i) {
				slices.Reverse(out)
				return out
			}
		}
	}
	slices.Reverse(out)
	return out
}

// sortedStream returns every event of the stream in the window, sorted by
// position (for streams whose batches arrived out of timestamp order).
func sortedStream(st *mlogs.LogStream, batches []*mlogs.EventBatch, inWindow func(int64) bool) []StoredEvent {
	var out []StoredEvent
	for _, b := range batches {
		for i, e := range b.Events {
			if inWindow(e.Timestamp) {
				out = append(out, StoredEvent{Stream: st, Timestamp: e.Timestamp, Message: e.Message, IngestionTime: b.IngestionTime, Seq: b.Seq, Index: i})
			}
		}
	}
	slices.SortFunc(out, func(a, b StoredEvent) int {
		switch {
		case a.pos().less(b.pos()):
			return -1
		case b.pos().less(a.pos()):
			return 1
		}
		return 0
	})
	return out
}

// selectPage picks the page after (forward) or before at from sorted events.
func selectPage(evs []StoredEvent, at pos, forward bool, limit int) []StoredEvent {
	if forward {
		i, _ := slices.BinarySearchFunc(evs, at, func(e StoredEvent, p pos) int {
			if p.less(e.pos()) {
				return 1
			}
			return -1
		})
		out := evs[i:]
		return trimPage(out, limit, true)
	}
	i, _ := slices.BinarySearchFunc(evs, at, func(e StoredEvent, p pos) int {
		if e.pos().less(p) {
			return -1
		}
		return 1
	})
	return trimPage(evs[:i], limit, false)
}

// trimPage keeps at most limit events and maxPageBytes bytes from the head
// (forward) or the tail of evs.
func trimPage(evs []StoredEvent, limit int, head bool) []StoredEvent {
	bytes, n := 0, 0
	for n < len(evs) && n < limit {
		k := n
		if !head {
			k = len(evs) - 1 - n
		}
		sz := len(evs[k].Message) + eventOverhead
		if bytes+sz > maxPageBytes {
			break
		}
		bytes += sz
		n++
	}
	if head {
		return evs[:n]
	}
	return evs[len(evs)-n:]
}

// streamToken renders a GetLogEvents token: "f/" or "b/" and 56 digits
// (timestamp, batch, index).
func streamToken(forward bool, p pos) string {
	d := "b/"
	if forward {
		d = "f/"
	}
	if p.ts < 0 {
		p = pos{}
	}
	return fmt.Sprintf("%s%020d%020d%016d", d, p.ts, p.seq, p.idx)
}

func parseStreamToken(tok string) (forward bool, p pos, ok bool) {
	if len(tok) != 58 || tok[1] != '/' || (tok[0] != 'f' && tok[0] != 'b') {
		return false, pos{}, false
	}
	ts, err1 := strconv.ParseInt(tok[2:22], 10, 64)
	seq, err2 := strconv.ParseInt(tok[22:42], 10, 64)
	idx, err3 := strconv.ParseInt(tok[42:58], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || ts < 0 || seq < 0 || idx < 0 || idx > math.MaxInt32 {
		return false, pos{}, false
	}
	return tok[0] == 'f', pos{ts, seq, int(idx)}, true
}
