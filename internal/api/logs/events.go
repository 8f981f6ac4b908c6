package logs

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/logs"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

// putLogEvents ignores sequenceToken, as CloudWatch Logs does, and the
// optional entity (telemetry metadata vpcsim does not use).
func (h *handlers) putLogEvents(ctx context.Context, c *protocol.Call, in *PutLogEventsRequest) (*PutLogEventsResponse, error) {
	events := make([]ctl.Event, len(in.LogEvents))
	for i, e := range in.LogEvents {
		events[i] = ctl.Event{Timestamp: *e.Timestamp, Message: *e.Message}
	}
	res, err := h.svc.PutLogEvents(ctx, scope(c), api.Str(in.LogGroupName), api.Str(in.LogStreamName), events)
	if err != nil {
		return nil, err
	}
	out := &PutLogEventsResponse{NextSequenceToken: ptr(res.NextSequenceToken)}
	if r := res.Rejected; r != nil {
		out.RejectedLogEventsInfo = &RejectedLogEventsInfo{TooNewLogEventStartIndex: r.TooNewStart,
			TooOldLogEventEndIndex: r.TooOldEnd, ExpiredLogEventEndIndex: r.ExpiredEnd}
	}
	return out, nil
}

func (h *handlers) getLogEvents(_ context.Context, c *protocol.Call, in *GetLogEventsRequest) (*GetLogEventsResponse, error) {
	page, err := h.svc.GetLogEvents(scope(c), ctl.GetEventsInput{GroupName: in.LogGroupName, GroupIdentifier: in.LogGroupIdentifier,
		Stream: api.Str(in.LogStreamName), StartTime: in.StartTime, EndTime: in.EndTime, NextToken: in.NextToken, Limit: in.Limit,
		StartFromHead: in.StartFromHead != nil && *in.StartFromHead})
	if err != nil {
		return nil, err
	}
	out := &GetLogEventsResponse{Events: make([]OutputLogEvent, 0, len(page.Events)),
		NextForwardToken: ptr(page.ForwardToken), NextBackwardToken: ptr(page.BackwardToken)}
	for _, e := range page.Events {
		out.Events = append(out.Events, OutputLogEvent{Timestamp: ptr(e.Timestamp), Message: ptr(e.Message), IngestionTime: ptr(e.IngestionTime)})
	}
	return out, nil
}

func (h *handlers) filterLogEvents(_ context.Context, c *protocol.Call, in *FilterLogEventsRequest) (*FilterLogEventsResponse, error) {
	page, err := h.svc.FilterLogEvents(scope(c), ctl.FilterInput{GroupName: in.LogGroupName, GroupIdentifier: in.LogGroupIdentifier,
		StreamNames: in.LogStreamNames, StreamPrefix: in.LogStreamNamePrefix, StartTime: in.StartTime, EndTime: in.EndTime,
		Pattern: in.FilterPattern, NextToken: in.NextToken, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	out := &FilterLogEventsResponse{Events: make([]FilteredLogEvent, 0, len(page.Events)), SearchedLogStreams: []SearchedLogStream{},
		NextToken: optString(page.NextToken)}
	for i := range page.Events {
		e := &page.Events[i]
		out.Events = append(out.Events, FilteredLogEvent{LogStreamName: ptr(e.Stream.Name), Timestamp: ptr(e.Timestamp),
			Message: ptr(e.Message), IngestionTime: ptr(e.IngestionTime), EventId: ptr(e.EventID())})
	}
	return out, nil
}
