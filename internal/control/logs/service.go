// Package logs is the control plane of Amazon CloudWatch Logs: log groups
// and streams, stored log events (PutLogEvents, GetLogEvents,
// FilterLogEvents), tags, retention, KMS association, resource policies,
// subscription filters and metric filters, with the semantics documented in
// the CloudWatch Logs User Guide and the API reference (the botocore model's
// documentation strings). Every resource is regional, scoped by account and
// region.
//
// Storage: a log stream object carries only its summary (first and last
// event timestamps, last ingestion time, batch and event counters); each
// accepted PutLogEvents batch is stored as its own object (kind
// "logs-event-batch") whose parent is the stream and whose key sorts by
// (stream, sequence). Appending is therefore O(batch) whatever the stream's
// history, and reads walk the stream's batches in order.
//
// Retention is applied on read: CloudWatch Logs deletes expired events
// asynchronously; vpcsim keeps them stored and never returns an event older
// than the group's retention period from GetLogEvents or FilterLogEvents.
// Like AWS, vpcsim bounds neither the number of streams per group nor the
// number of events per stream.
package logs

import (
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Options configure the Service.
type Options struct {
	// Now is the clock read-only operations use to apply retention on
	// read (writes use the transaction's clock). Nil means time.Now.
	Now func() time.Time
}

// Service is the CloudWatch Logs control plane over a store.
type Service struct {
	st  *store.Store
	now func() time.Time
}

// New returns the CloudWatch Logs control plane over st.
func New(st *store.Store, opts Options) *Service {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now}
}

// Scope is the account and region a request acts on.
type Scope = model.Scope

func millis(t time.Time) int64 { return t.UnixMilli() }

const (
	dayMillis  = int64(24 * time.Hour / time.Millisecond)
	hourMillis = int64(time.Hour / time.Millisecond)
)
