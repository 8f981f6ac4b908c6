package logs

import (
	"fmt"

	"github.com/vpcsim/vpcsim/internal/model"
)

// Event is one stored log event. Times are milliseconds since the epoch.
type Event struct {
	Timestamp int64  `json:"t"`
	Message   string `json:"m"`
}

// EventBatch is the events one PutLogEvents call (or one AppendEvents)
// stored in a stream, in the order given, which is chronological. Its
// parent in the store is the stream's key.
type EventBatch struct {
	model.Meta
	StreamKey string `json:"stream"`
	// Seq is the batch's number in its stream, from 1.
	Seq int64 `json:"seq"`
	// IngestionTime is when the batch was accepted (ms).
	IngestionTime int64   `json:"ingestionTime"`
	Events        []Event `json:"events"`
}

// BatchKey is the table key of batch seq of a stream: zero-padded, so a
// stream's batches sort by sequence.
func BatchKey(streamKey string, seq int64) string {
	return fmt.Sprintf("%s#%016d", streamKey, seq)
}
