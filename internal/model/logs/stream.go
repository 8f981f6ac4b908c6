package logs

import "github.com/vpcsim/vpcsim/internal/model"

// LogStream is one log stream. Meta.ID is StreamKey(group key, name); its
// parent in the store is the group's key. The stream's events are stored
// apart, one EventBatch per accepted PutLogEvents call, so appending does
// not copy the stream's history.
type LogStream struct {
	model.Meta
	GroupKey  string `json:"groupKey"`
	GroupName string `json:"groupName"`
	Name      string `json:"name"`
	// Number is the stream's ordinal within its group (from 1).
	Number int64 `json:"number"`
	// FirstEventTimestamp, LastEventTimestamp and LastIngestionTime are
	// milliseconds since the epoch; 0 until the first event is stored.
	FirstEventTimestamp int64 `json:"firstEventTimestamp,omitempty"`
	LastEventTimestamp  int64 `json:"lastEventTimestamp,omitempty"`
	LastIngestionTime   int64 `json:"lastIngestionTime,omitempty"`
	// Batches counts the stored batches; the next batch gets Batches+1.
	Batches int64 `json:"batches,omitempty"`
	// Events counts the stored events.
	Events int64 `json:"events,omitempty"`
	// StoredBytes is the stream's share of the group's storedBytes.
	StoredBytes int64 `json:"storedBytes,omitempty"`
	// Unordered is set once a batch started before the latest event
	// already stored: reads then sort the stream by timestamp.
	Unordered bool `json:"unordered,omitempty"`
}

// StreamKey is the table key of a log stream. ':' cannot appear in a log
// group name, so the key is unambiguous, and a group's streams sort by name.
func StreamKey(groupKey, name string) string { return groupKey + ":" + name }

// StreamARN is the ARN of a log stream.
func StreamARN(region, account, group, stream string) string {
	return GroupARN(region, account, group) + ":log-stream:" + stream
}
