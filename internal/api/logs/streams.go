package logs

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/api"
	ctl "github.com/vpcsim/vpcsim/internal/control/logs"
	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/protocol"
)

func (h *handlers) createLogStream(ctx context.Context, c *protocol.Call, in *CreateLogStreamRequest) error {
	return h.svc.CreateLogStream(ctx, scope(c), api.Str(in.LogGroupName), api.Str(in.LogStreamName))
}

func (h *handlers) deleteLogStream(ctx context.Context, c *protocol.Call, in *DeleteLogStreamRequest) error {
	return h.svc.DeleteLogStream(ctx, scope(c), api.Str(in.LogGroupName), api.Str(in.LogStreamName))
}

func (h *handlers) describeLogStreams(_ context.Context, c *protocol.Call, in *DescribeLogStreamsRequest) (*DescribeLogStreamsResponse, error) {
	page, err := h.svc.DescribeLogStreams(scope(c), ctl.DescribeStreamsInput{GroupName: in.LogGroupName, GroupIdentifier: in.LogGroupIdentifier,
		Prefix: in.LogStreamNamePrefix, OrderBy: in.OrderBy, Descending: in.Descending != nil && *in.Descending,
		NextToken: in.NextToken, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	out := &DescribeLogStreamsResponse{LogStreams: make([]LogStream, 0, len(page.Streams)), NextToken: optString(page.NextToken)}
	for _, st := range page.Streams {
		out.LogStreams = append(out.LogStreams, logStream(st))
	}
	return out, nil
}

// logStream renders a stream; storedBytes "is always reported as zero" for
// streams (LogStream.storedBytes' documentation).
func logStream(st *mlogs.LogStream) LogStream {
	ls := LogStream{LogStreamName: ptr(st.Name), CreationTime: ptr(st.Created.UnixMilli()),
		Arn: ptr(mlogs.StreamARN(st.Region, st.Account, st.GroupName, st.Name)), StoredBytes: ptr(int64(0))}
	if st.Events > 0 {
		ls.FirstEventTimestamp = ptr(st.FirstEventTimestamp)
		ls.LastEventTimestamp = ptr(st.LastEventTimestamp)
		ls.LastIngestionTime = ptr(st.LastIngestionTime)
		ls.UploadSequenceToken = ptr(ctl.SequenceToken(st.Batches))
	}
	return ls
}
