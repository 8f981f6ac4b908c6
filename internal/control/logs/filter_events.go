package logs

import (
	"cmp"
	"container/heap"
	"encoding/base64"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/internal/logfilter"
	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
)

// FilterInput is FilterLogEvents' input.
type FilterInput struct {
	GroupName       *string
	GroupIdentifier *string
	StreamNames     []string
	StreamPrefix    *string
	StartTime       *int64 // inclusive
	EndTime         *int64 // inclusive
	Pattern         *string
	NextToken       *string
	Limit           *int32
}

// FilterPage is one page of FilterLogEvents.
type FilterPage struct {
	Events    []StoredEvent
	NextToken string
}

// fkey orders FilterLogEvents' results: "sorted by event timestamp, the
// timestamp when the event was ingested by CloudWatch Logs, and the ID of
// the PutLogEvents request" (its documentation); stream and index break
// the remaining ties.
type fkey struct {
	ts, ingest, stream, seq int64
	idx                     int
}

func (a fkey) cmp(b fkey) int {
	if c := cmp.Compare(a.ts, b.ts); c != 0 {
		return c
	}
	if c := cmp.Compare(a.ingest, b.ingest); c != 0 {
		return c
	}
	if c := cmp.Compare(a.stream, b.stream); c != 0 {
		return c
	}
	if c := cmp.Compare(a.seq, b.seq); c != 0 {
		return c
	}
	return cmp.Compare(a.idx, b.idx)
}

func (e *StoredEvent) fkey() fkey {
	return fkey{e.Timestamp, e.IngestionTime, e.Stream.Number, e.Seq, e.Index}
}

// FilterLogEvents searches a log group's events (FilterLogEvents): from
// every stream, the streams named, or the streams with a name prefix; in a
// time range (both ends inclusive); matching a filter pattern (see
// internal/logfilter). Results are interleaved across streams in the
// documented order and paged by limit (default 10,000) and 1 MB.
func (s *Service) FilterLogEvents(sc Scope, in FilterInput) (*FilterPage, error) {
	group, err := ResolveGroup(sc, in.GroupName, in.GroupIdentifier)
	if err != nil {
		return nil, err
	}
	if len(in.StreamNames) > 0 && in.StreamPrefix != nil {
		return nil, invalidParameter("Cannot specify both logStreamNames and logStreamNamePrefix.")
	}
	if len(in.StreamNames) > 100 {
		return nil, validationError(constraint{"logStreamNames", "list", "Member must have length less than or equal to 100"})
	}
	pattern := ""
	if in.Pattern != nil {
		pattern = *in.Pattern
	}
	if len(pattern) > 1024 {
		return nil, tooLong("filterPattern", pattern, 1024)
	}
	pat, err := logfilter.Compile(pattern)
	if err != nil {
		return nil, invalidParameter("Invalid filter pattern")
	}
	after := fkey{ts: math.MinInt64}
	if in.NextToken != nil {
		k, ok := parseFilterToken(*in.NextToken)
		if !ok {
			return nil, invalidToken()
		}
		after = k
	}
	w := s.st.Snapshot()
	g, err := groupIn(w, sc, group)
	if err != nil {
		return nil, err
	}
	lo := max(retentionCutoff(g, millis(s.now())), 0)
	if in.StartTime != nil {
		lo = max(lo, *in.StartTime)
	}
	hi := int64(math.MaxInt64)
	if in.EndTime != nil {
		hi = *in.EndTime
	}
	var names map[string]bool
	if len(in.StreamNames) > 0 {
		names = make(map[string]bool, len(in.StreamNames))
		for _, n := range in.StreamNames {
			names[n] = true
		}
	}
	limit := pageLimit(in.Limit, maxPageEvents)
	// best keeps the limit+1 smallest matching events after the token.
	best := &eventHeap{}
	batches := BatchKind.In(w)
	StreamKind.In(w).ByParent(g.ID, func(st *mlogs.LogStream) bool {
		if names != nil && !names[st.Name] {
			return true
		}
		if in.StreamPrefix != nil && !strings.HasPrefix(st.Name, *in.StreamPrefix) {
			return true
		}
		if st.Events == 0 || st.LastEventTimestamp < lo || st.FirstEventTimestamp > hi {
			return true
		}
		batches.ByParent(st.ID, func(b *mlogs.EventBatch) bool {
			for i, e := range b.Events {
				if e.Timestamp < lo || e.Timestamp > hi {
					continue
				}
				ev := StoredEvent{Stream: st, Timestamp: e.Timestamp, Message: e.Message, IngestionTime: b.IngestionTime, Seq: b.Seq, Index: i}
				k := ev.fkey()
				if k.cmp(after) <= 0 {
					continue
				}
				if best.Len() > limit && k.cmp((*best)[0].fkey()) >= 0 {
					continue
				}
				if !pat.Match(e.Message) {
					continue
				}
				heap.Push(best, ev)
				if best.Len() > limit+1 {
					heap.Pop(best)
				}
			}
			return true
		})
		return true
	})
	evs := []StoredEvent(*best)
	slices.SortFunc(evs, func(a, b StoredEvent) int { return a.fkey().cmp(b.fkey()) })
	page := &FilterPage{Events: trimPage(evs, limit, true)}
	if len(page.Events) < len(evs) && len(page.Events) > 0 {
		page.NextToken = filterToken(page.Events[len(page.Events)-1].fkey())
	}
	return page, nil
}

// eventHeap is a max-heap of events by fkey.
type eventHeap []StoredEvent

func (h eventHeap) Len() int           { return len(h) }
func (h eventHeap) Less(i, j int) bool { return h[i].fkey().cmp(h[j].fkey()) > 0 }
func (h eventHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)        { *h = append(*h, x.(StoredEvent)) }
func (h *eventHeap) Pop() any {
	old := *h
	v := old[len(old)-1]
	*h = old[:len(old)-1]
	return v
}

func filterToken(k fkey) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%d/%d/%d/%d/%d", k.ts, k.ingest, k.stream, k.seq, k.idx))
}

func parseFilterToken(tok string) (fkey, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return fkey{}, false
	}
	var k fkey
	n, err := fmt.Sscanf(string(b), "%d/%d/%d/%d/%d", &k.ts, &k.ingest, &k.stream, &k.seq, &k.idx)
	if err != nil || n != 5 || filterToken(k) != tok {
		return fkey{}, false
	}
	return k, true
}
