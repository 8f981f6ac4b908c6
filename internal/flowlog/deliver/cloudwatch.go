package deliver

import (
	"context"
	"fmt"
	"sort"

	"github.com/vpcsim/vpcsim/internal/control"
	logsc "github.com/vpcsim/vpcsim/internal/control/logs"
	"github.com/vpcsim/vpcsim/internal/flowlog"
	"github.com/vpcsim/vpcsim/internal/model"
	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/store"
)

// PutLogEvents' batch bounds (CloudWatch Logs API reference): a delivery
// is cut into batches that respect them.
const (
	cwlMaxEvents   = 10000
	cwlMaxBytes    = 1048576
	cwlEventBytes  = 26
	cwlMaxSpanMsec = 24 * 3600 * 1000
)

type streamKey struct{ account, region, group, stream string }

type streamEvents struct {
	flowLogs map[string]bool
	events   []logsc.Event
}

// deliverCloudWatch writes the batches as log events, one stream per
// interface, in one transaction: the role is evaluated for each flow log
// and stream; a log group that does not exist is created when the role
// may create it (flow-logs-cwl.md: "a new log group that will be created").
func (s *Sink) deliverCloudWatch(ctx context.Context, batches []flowlog.Batch) error {
	streams := map[streamKey]*streamEvents{}
	var order []streamKey
	var buf []byte
	for _, b := range batches {
		fl := s.logs[b.FlowLogID]
		region, account, group := control.CloudWatchTarget(fl)
		k := streamKey{account, region, group, control.LogStreamName(b.InterfaceID)}
		se := streams[k]
		if se == nil {
			se = &streamEvents{flowLogs: map[string]bool{}}
			streams[k] = se
			order = append(order, k)
		}
		se.flowLogs[fl.ID] = true
		for i := range b.Records {
			buf = b.Subscription.Format.AppendText(buf[:0], &b.Records[i])
			se.events = append(se.events, logsc.Event{Timestamp: b.Records[i].Start * 1000, Message: string(buf)})
		}
	}
	var events, rejected int64
	outcome := map[string]string{}
	_, err := s.d.st.Update(ctx, func(tx *store.Tx) error {
		events, rejected = 0, 0
		clear(outcome)
		for _, k := range order {
			se := streams[k]
			_, exists := logsc.GroupKind.In(tx.World).Get(mlogs.GroupKey(k.account, k.region, k.group))
			// Every flow log writing to the stream must be allowed; one
			// that is not records its failure and adds nothing.
			allowed := false
			ids := make([]string, 0, len(se.flowLogs))
			for id := range se.flowLogs {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			for _, id := range ids {
				msg := control.CloudWatchDeliveryError(tx.World, s.logs[id], k.stream, !exists)
				if _, seen := outcome[id]; !seen || msg != "" {
					outcome[id] = msg
				}
				allowed = allowed || msg == ""
			}
			if !allowed {
				continue
			}
			if !exists {
				createGroup(tx, k.account, k.region, k.group)
			}
			if err := s.d.logs.EnsureLogStream(tx, k.account, k.region, k.group, k.stream); err != nil {
				return fmt.Errorf("log stream %s: %w", k.stream, err)
			}
			sort.SliceStable(se.events, func(i, j int) bool { return se.events[i].Timestamp < se.events[j].Timestamp })
			for _, chunk := range chunks(se.events) {
				rej, err := s.d.logs.AppendEvents(tx, k.account, k.region, k.group, k.stream, chunk)
				if err != nil {
					return fmt.Errorf("put log events to %s/%s: %w", k.group, k.stream, err)
				}
				n := int64(len(chunk)) - rejectedCount(rej, len(chunk))
				events += n
				rejected += int64(len(chunk)) - n
			}
		}
		for id, msg := range outcome {
			control.SetFlowLogDelivery(tx, id, msg)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("deliver to CloudWatch Logs: %w", err)
	}
	s.res.Events += events
	s.res.Rejected += rejected
	for id, msg := range outcome {
		if msg != "" {
			s.res.Failed[id] = msg
		}
	}
	return nil
}

// createGroup creates a STANDARD log group as CreateLogGroup would.
func createGroup(tx *store.Tx, account, region, name string) {
	g := &mlogs.LogGroup{Name: name, Class: mlogs.ClassStandard}
	g.Meta = model.Meta{ID: mlogs.GroupKey(account, region, name), Account: account, Region: region, Created: tx.Now()}
	logsc.GroupKind.In(tx.World).Put(g)
}

// chunks cuts chronologically sorted events into PutLogEvents batches.
func chunks(events []logsc.Event) [][]logsc.Event {
	var out [][]logsc.Event
	start, size := 0, 0
	for i, e := range events {
		n := len(e.Message) + cwlEventBytes
		if i > start && (i-start == cwlMaxEvents || size+n > cwlMaxBytes || e.Timestamp-events[start].Timestamp > cwlMaxSpanMsec) {
			out = append(out, events[start:i])
			start, size = i, 0
		}
		size += n
	}
	if start < len(events) {
		out = append(out, events[start:])
	}
	return out
}

// rejectedCount counts the events of a batch CloudWatch Logs skipped: the
// ranges before TooOldEnd/ExpiredEnd and from TooNewStart.
func rejectedCount(r *logsc.Rejected, n int) int64 {
	if r == nil {
		return 0
	}
	lo, hi := 0, n
	if r.TooOldEnd != nil {
		lo = max(lo, int(*r.TooOldEnd)+1)
	}
	if r.ExpiredEnd != nil {
		lo = max(lo, int(*r.ExpiredEnd)+1)
	}
	if r.TooNewStart != nil {
		hi = min(hi, int(*r.TooNewStart))
	}
	if hi < lo {
		return int64(n)
	}
	return int64(n - (hi - lo))
}
