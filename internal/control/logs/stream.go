package logs

import (
	"context"
	"fmt"
	"sort"
	"strings"

	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/store"
)

// CreateLogStream creates a log stream in a log group (CreateLogStream):
// names are unique within the group, 1..512 characters without ':' or '*'.
func (s *Service) CreateLogStream(ctx context.Context, sc Scope, group, name string) error {
	if err := checkStreamName("logStreamName", name); err != nil {
		return err
	}
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		g, err := groupIn(tx.World, sc, group)
		if err != nil {
			return err
		}
		if _, ok := StreamKind.In(tx.World).Get(mlogs.StreamKey(g.ID, name)); ok {
			return awsErr(codeAlreadyExists, "The specified log stream already exists")
		}
		createStreamTx(tx, g, name)
		return nil
	})
	return err
}

// createStreamTx adds stream name to g, numbering it from g's counter.
func createStreamTx(tx *store.Tx, g *mlogs.LogGroup, name string) *mlogs.LogStream {
	gc := *g
	gc.StreamCounter++
	GroupKind.In(tx.World).Put(&gc)
	st := &mlogs.LogStream{GroupKey: g.ID, GroupName: g.Name, Name: name, Number: gc.StreamCounter}
	st.ID, st.Account, st.Region, st.Created = mlogs.StreamKey(g.ID, name), g.Account, g.Region, tx.Now()
	StreamKind.In(tx.World).Put(st)
	return st
}

// EnsureLogStream creates the log stream if it does not exist yet, inside
// the caller's transaction (for services that deliver logs, such as VPC
// flow logs). The log group must exist.
func (s *Service) EnsureLogStream(tx *store.Tx, account, region, group, stream string) error {
	if err := checkStreamName("logStreamName", stream); err != nil {
		return err
	}
	g, err := groupIn(tx.World, Scope{Account: account, Region: region}, group)
	if err != nil {
		return err
	}
	if _, ok := StreamKind.In(tx.World).Get(mlogs.StreamKey(g.ID, stream)); !ok {
		createStreamTx(tx, g, stream)
	}
	return nil
}

// DeleteLogStream deletes a log stream and its stored events.
func (s *Service) DeleteLogStream(ctx context.Context, sc Scope, group, name string) error {
	_, err := s.st.Update(ctx, func(tx *store.Tx) error {
		g, err := groupIn(tx.World, sc, group)
		if err != nil {
			return err
		}
		if g.DeletionProtection {
			return awsErr("InvalidOperationException", "Log group %s has deletion protection enabled.", g.Name)
		}
		streams := StreamKind.In(tx.World)
		st, ok := streams.Get(mlogs.StreamKey(g.ID, name))
		if !ok {
			return streamNotFound()
		}
		batches := BatchKind.In(tx.World)
		for _, b := range batches.Children(st.ID) {
			batches.Delete(b.ID)
		}
		streams.Delete(st.ID)
		if st.StoredBytes > 0 {
			gc := *g
			gc.StoredBytes -= st.StoredBytes
			GroupKind.In(tx.World).Put(&gc)
		}
		return nil
	})
	return err
}

// Stream orderings of DescribeLogStreams.
const (
	OrderByName          = "LogStreamName"
	OrderByLastEventTime = "LastEventTime"
)

// DescribeStreamsInput is DescribeLogStreams' input.
type DescribeStreamsInput struct {
	GroupName       *string
	GroupIdentifier *string
	Prefix          *string
	OrderBy         *string
	Descending      bool
	NextToken       *string
	Limit           *int32
}

// StreamPage is one page of DescribeLogStreams.
type StreamPage struct {
	Streams   []*mlogs.LogStream
	NextToken string
}

// DescribeLogStreams lists a group's streams ordered by name (default) or
// by last event time, ascending or descending, 1..50 per page (default 50).
// A name prefix cannot be combined with ordering by LastEventTime.
func (s *Service) DescribeLogStreams(sc Scope, in DescribeStreamsInput) (*StreamPage, error) {
	group, err := ResolveGroup(sc, in.GroupName, in.GroupIdentifier)
	if err != nil {
		return nil, err
	}
	byTime := in.OrderBy != nil && *in.OrderBy == OrderByLastEventTime
	if byTime && in.Prefix != nil {
		return nil, invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.")
	}
	after, paged, err := decodeToken(in.NextToken)
	if err != nil {
		return nil, err
	}
	w := s.st.Snapshot()
	g, err := groupIn(w, sc, group)
	if err != nil {
		return nil, err
	}
	key := func(st *mlogs.LogStream) string {
		if byTime {
			return fmt.Sprintf("%020d/%s", st.LastEventTimestamp, st.Name)
		}
		return st.Name
	}
	var all []*mlogs.LogStream
	StreamKind.In(w).ByParent(g.ID, func(st *mlogs.LogStream) bool {
		if in.Prefix != nil && !strings.HasPrefix(st.Name, *in.Prefix) {
			return true
		}
		if paged {
			k := key(st)
			if (!in.Descending && k <= after) || (in.Descending && k >= after) {
				return true
			}
		}
		all = append(all, st)
		return true
	})
	if byTime {
		sort.SliceStable(all, func(i, j int) bool { return key(all[i]) < key(all[j]) })
	}
	if in.Descending {
		for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
			all[i], all[j] = all[j], all[i]
		}
	}
	limit := pageLimit(in.Limit, 50)
	page := &StreamPage{Streams: all}
	if len(all) > limit {
		page.Streams = all[:limit]
		page.NextToken = encodeToken(key(all[limit-1]))
	}
	return page, nil
}

// SequenceToken is the upload sequence token shown for a stream after n
// accepted batches. CloudWatch Logs ignores sequence tokens on input now;
// they are still returned.
func SequenceToken(n int64) string { return fmt.Sprintf("%056d", n) }
