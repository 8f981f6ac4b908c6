package logs

import (
	"context"

	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/store"
)

// PutLogEvents' batch constraints (its API documentation).
const (
	maxBatchEvents  = 10000
	maxBatchBytes   = 1048576
	eventOverhead   = 26
	maxBatchSpan    = 24 * hourMillis
	maxPastMillis   = 14 * dayMillis
	maxFutureMillis = 2 * hourMillis
)

// Event is one log event to store: a timestamp in milliseconds since the
// epoch and a message.
type Event = mlogs.Event

// Rejected reports the events of a batch that were not stored, as indexes
// into the batch; nil fields mean none (PutLogEvents' rejectedLogEventsInfo).
type Rejected struct {
	TooNewStart *int32
	TooOldEnd   *int32
	ExpiredEnd  *int32
}

// PutResult is PutLogEvents' answer.
type PutResult struct {
	NextSequenceToken string
	Rejected          *Rejected
}

// PutLogEvents stores a batch of events in a stream (PutLogEvents). The
// sequence token is ignored, as CloudWatch Logs now does.
func (s *Service) PutLogEvents(ctx context.Context, sc Scope, group, stream string, events []Event) (*PutResult, error) {
	var res *PutResult
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		r, err := s.append(tx, sc, group, stream, events)
		res = r
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// AppendEvents stores events in an existing stream inside the caller's
// transaction, with PutLogEvents' rules: chronological order, at most
// 10,000 events and 1,048,576 bytes (26 bytes per event plus the UTF-8
// message), a 24-hour span; events more than 2 hours in the future, older
// than 14 days or older than the group's retention are skipped and
// reported in the result. Other control packages (flow-log delivery) call
// it; EnsureLogStream creates the stream first when needed.
func (s *Service) AppendEvents(tx *store.Tx, account, region, group, stream string, events []Event) (*Rejected, error) {
	r, err := s.append(tx, Scope{Account: account, Region: region}, group, stream, events)
	if err != nil {
		return nil, err
	}
	return r.Rejected, nil
}

func (s *Service) append(tx *store.Tx, sc Scope, group, stream string, events []Event) (*PutResult, error) {
	if len(events) == 0 {
		return nil, validationError(constraint{"logEvents", "[]", "Member must have length greater than or equal to 1"})
	}
	if len(events) > maxBatchEvents {
		return nil, validationError(constraint{"logEvents", "list", "Member must have length less than or equal to 10000"})
	}
	size := 0
	for i, e := range events {
		if e.Message == "" {
			return nil, validationError(constraint{"logEvents." + itoa(int64(i+1)) + ".member.message", "", "Member must have length greater than or equal to 1"})
		}
		if e.Timestamp < 0 {
			return nil, validationError(constraint{"logEvents." + itoa(int64(i+1)) + ".member.timestamp", itoa(e.Timestamp), "Member must have value greater than or equal to 0"})
		}
		size += len(e.Message) + eventOverhead
		if i > 0 && e.Timestamp < events[i-1].Timestamp {
			return nil, invalidParameter("Log events in a single PutLogEvents request must be in chronological order.")
		}
	}
	if size > maxBatchBytes {
		return nil, invalidParameter("Upload too large: %d bytes exceeds limit of %d", size, maxBatchBytes)
	}
	g, err := groupIn(tx.World, sc, group)
	if err != nil {
		return nil, err
	}
	streams := StreamKind.In(tx.World)
	st, ok := streams.Get(mlogs.StreamKey(g.ID, stream))
	if !ok {
		return nil, streamNotFound()
	}
	now := millis(tx.Now())
	lo, hi := 0, len(events)
	var rej Rejected
	for i, e := range events {
		if e.Timestamp < now-maxPastMillis {
			rej.TooOldEnd = ptr32(i)
			lo = i + 1
		}
		if g.RetentionInDays > 0 && e.Timestamp < now-int64(g.RetentionInDays)*dayMillis {
			rej.ExpiredEnd = ptr32(i)
			lo = max(lo, i+1)
		}
		if e.Timestamp > now+maxFutureMillis && hi == len(events) {
			rej.TooNewStart = ptr32(i)
			hi = i
		}
	}
	res := &PutResult{}
	if rej != (Rejected{}) {
		res.Rejected = &rej
	}
	if lo >= hi {
		res.NextSequenceToken = SequenceToken(st.Batches)
		return res, nil
	}
	kept := events[lo:hi]
	if kept[len(kept)-1].Timestamp-kept[0].Timestamp > maxBatchSpan {
		return nil, invalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
	}
	bytes := int64(0)
	for _, e := range kept {
		bytes += int64(len(e.Message) + eventOverhead)
	}
	sc2 := *st
	sc2.Batches++
	b := &mlogs.EventBatch{StreamKey: st.ID, Seq: sc2.Batches, IngestionTime: now, Events: append([]Event(nil), kept...)}
	b.ID, b.Account, b.Region, b.Created = mlogs.BatchKey(st.ID, sc2.Batches), st.Account, st.Region, tx.Now()
	BatchKind.In(tx.World).Put(b)
	first, last := kept[0].Timestamp, kept[len(kept)-1].Timestamp
	if st.Events > 0 && first < st.LastEventTimestamp {
		sc2.Unordered = true
	}
	if st.Events == 0 || first < sc2.FirstEventTimestamp {
		sc2.FirstEventTimestamp = first
	}
	if st.Events == 0 || last > sc2.LastEventTimestamp {
		sc2.LastEventTimestamp = last
	}
	sc2.LastIngestionTime = now
	sc2.Events += int64(len(kept))
	sc2.StoredBytes += bytes
	streams.Put(&sc2)
	gc := *g
	gc.StoredBytes += bytes
	GroupKind.In(tx.World).Put(&gc)
	res.NextSequenceToken = SequenceToken(sc2.Batches)
	return res, nil
}

func ptr32(i int) *int32 { v := int32(i); return &v }
