// Package deliver publishes VPC Flow Log records where AWS publishes them:
// CloudWatch Logs (one log stream per network interface, one log event per
// record, the event timestamp being the record's start; VPC-UG
// flow-logs-cwl.md) and Amazon S3 (gzip text files per flow log and
// 5-minute period under AWSLogs/..., VPC-UG flow-logs-s3.md). It runs the
// flowlog engine over the stored flow logs (Deliverer.Run) and implements
// its Sink; whether the destination accepts a delivery is decided with the
// IAM policy evaluator (control.CloudWatchDeliveryError,
// control.S3DeliveryAllowed) and recorded in the flow log's
// DeliverLogsStatus.
package deliver

import (
	"context"
	"fmt"

	"github.com/vpcsim/vpcsim/internal/control"
	logsc "github.com/vpcsim/vpcsim/internal/control/logs"
	s3c "github.com/vpcsim/vpcsim/internal/control/s3"
	"github.com/vpcsim/vpcsim/internal/flowlog"
	"github.com/vpcsim/vpcsim/internal/model"
	s3m "github.com/vpcsim/vpcsim/internal/model/s3"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Deliverer runs traffic through the world and delivers the records of
// the stored flow logs. It is safe for concurrent use; runs are
// independent.
type Deliverer struct {
	st   *store.Store
	logs *logsc.Service
	s3   ObjectWriter
}

// ObjectWriter stores an S3 object in a bucket as its owner (scope is the
// bucket's account and region), with the bucket-owner-full-control ACL the
// log delivery service writes with. The server passes its S3 service, so
// that the objects live in the blob store the S3 API reads.
type ObjectWriter interface {
	PutObject(ctx context.Context, scope model.Scope, bucket, key string, body []byte) error
}

// S3Writer adapts an S3 control plane to ObjectWriter.
func S3Writer(svc *s3c.Service) ObjectWriter { return s3Writer{svc} }

type s3Writer struct{ svc *s3c.Service }

func (w s3Writer) PutObject(ctx context.Context, scope model.Scope, bucket, key string, body []byte) error {
	_, err := w.svc.PutObject(ctx, scope, s3c.PutInput{Bucket: bucket, Key: key, Body: body, ACL: "bucket-owner-full-control",
		Attrs: s3m.Attrs{ContentType: s3ContentTyp}})
	return err
}

// New returns a Deliverer writing log events through the CloudWatch Logs
// control plane over st and S3 files through s3. s3 may be nil when S3 is
// unavailable (S3 flow logs then record "Unknown error").
func New(st *store.Store, logs *logsc.Service, s3 ObjectWriter) *Deliverer {
	return &Deliverer{st: st, logs: logs, s3: s3}
}

// Result summarises a run.
type Result struct {
	flowlog.Stats
	// FlowLogs is the number of flow logs the run wrote for.
	FlowLogs int `json:"flowLogs"`
	// Events is the number of CloudWatch Logs events stored; Rejected
	// those CloudWatch Logs refused (too old, too new, past retention).
	Events   int64 `json:"events"`
	Rejected int64 `json:"rejected"`
	// Objects is the number of S3 log files written.
	Objects int64 `json:"objects"`
	// Failed lists the flow logs whose delivery failed, with the
	// DeliverLogsErrorMessage recorded for them.
	Failed map[string]string `json:"failed,omitempty"`
}

// Run runs traffic t through the current world for the flow logs of
// account ("" for every account) and delivers their records.
func (d *Deliverer) Run(ctx context.Context, account string, t *flowlog.Traffic, opts flowlog.Options) (*Result, error) {
	w := d.st.Snapshot()
	subs, fls := control.FlowLogSubscriptions(w, account)
	sink := &Sink{d: d, logs: map[string]*model.FlowLog{}, res: &Result{FlowLogs: len(subs), Failed: map[string]string{}}}
	for _, fl := range fls {
		sink.logs[fl.ID] = fl
	}
	stats, err := flowlog.Run(ctx, w, subs, t, sink, opts)
	sink.res.Stats = stats
	if ferr := sink.Flush(ctx); err == nil {
		err = ferr
	}
	if err != nil {
		return sink.res, err
	}
	return sink.res, nil
}

// Sink is the flowlog.Sink of one run: CloudWatch Logs batches are
// written as each Deliver call arrives; S3 files are buffered per
// 5-minute period and written by Flush (or earlier when the buffer grows
// past its bound).
type Sink struct {
	d    *Deliverer
	logs map[string]*model.FlowLog
	res  *Result
	s3   s3Buffer
}

var _ flowlog.Sink = (*Sink)(nil)

// Deliver publishes batches to their flow logs' destinations.
func (s *Sink) Deliver(ctx context.Context, batches []flowlog.Batch) error {
	var cwl []flowlog.Batch
	for _, b := range batches {
		fl := s.logs[b.FlowLogID]
		if fl == nil {
			continue
		}
		switch fl.LogDestinationType {
		case control.DestinationCloudWatchLogs:
			cwl = append(cwl, b)
		case control.DestinationS3:
			s.s3.add(fl, b)
		}
	}
	if len(cwl) > 0 {
		if err := s.deliverCloudWatch(ctx, cwl); err != nil {
			return err
		}
	}
	if s.s3.size > maxS3Buffer {
		return s.flushS3(ctx)
	}
	return nil
}

// Flush writes the buffered S3 files.
func (s *Sink) Flush(ctx context.Context) error { return s.flushS3(ctx) }

// setStatus records delivery outcomes in one transaction.
func (s *Sink) setStatus(ctx context.Context, outcome map[string]string) error {
	if len(outcome) == 0 {
		return nil
	}
	_, err := s.d.st.Update(ctx, func(tx *store.Tx) error {
		for id, msg := range outcome {
			control.SetFlowLogDelivery(tx, id, msg)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record flow log delivery status: %w", err)
	}
	for id, msg := range outcome {
		if msg != "" {
			s.res.Failed[id] = msg
		}
	}
	return nil
}
