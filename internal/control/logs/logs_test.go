package logs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	mlogs "github.com/vpcsim/vpcsim/internal/model/logs"
	"github.com/vpcsim/vpcsim/internal/store"
)

var sc = Scope{Account: "123456789012", Region: "us-east-1"}

func newSvc(t testing.TB) (*Service, *store.Store) {
	t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return New(st, Options{}), st
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	e, ok := awserr.As(err)
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	if !ok || e.Code != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

func sp(s string) *string { return &s }

func ev(ts int64, msg string) Event { return Event{Timestamp: ts, Message: msg} }
func ip(n int32) *int32             { return &n }
func lp(n int64) *int64             { return &n }

func mustGroup(t *testing.T, s *Service, name string) {
	t.Helper()
	if err := s.CreateLogGroup(context.Background(), sc, CreateGroupInput{Name: name}); err != nil {
		t.Fatal(err)
	}
}

func mustStream(t *testing.T, s *Service, group, name string) {
	t.Helper()
	if err := s.CreateLogStream(context.Background(), sc, group, name); err != nil {
		t.Fatal(err)
	}
}

// TestCreateLogGroupRules pins CreateLogGroup's naming guidelines (API
// reference, CreateLogGroup): 1..512 characters of a-z A-Z 0-9 _ - / . #,
// unique per account and region, not starting with "aws/"; logGroupClass
// defaults to STANDARD.
func TestCreateLogGroupRules(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	cases := []struct {
		name string
		in   CreateGroupInput
		code string
	}{
		{"simple", CreateGroupInput{Name: "/aws/lambda/fn-1_x.y#z"}, ""},
		{"duplicate", CreateGroupInput{Name: "/aws/lambda/fn-1_x.y#z"}, codeAlreadyExists},
		{"colon", CreateGroupInput{Name: "a:b"}, codeInvalidParameter},
		{"space", CreateGroupInput{Name: "a b"}, codeInvalidParameter},
		{"512", CreateGroupInput{Name: strings.Repeat("a", 512)}, ""},
		{"513", CreateGroupInput{Name: strings.Repeat("b", 513)}, codeInvalidParameter},
		{"aws prefix", CreateGroupInput{Name: "aws/x"}, codeInvalidParameter},
		{"kms", CreateGroupInput{Name: "k", KmsKeyID: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}, ""},
		{"kms not arn", CreateGroupInput{Name: "k2", KmsKeyID: "alias/x"}, codeInvalidParameter},
		{"kms other region", CreateGroupInput{Name: "k3", KmsKeyID: "arn:aws:kms:eu-west-1:123456789012:key/1"}, codeInvalidParameter},
		{"bad tag key", CreateGroupInput{Name: "t", Tags: map[string]string{"a*": "v"}}, codeInvalidParameter},
		{"class", CreateGroupInput{Name: "ia", Class: mlogs.ClassInfrequentAccess}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, s.CreateLogGroup(ctx, sc, tc.in), tc.code)
		})
	}
	page, err := s.DescribeLogGroups(sc, DescribeGroupsInput{Prefix: sp("ia")})
	if err != nil || len(page.Groups) != 1 || page.Groups[0].Class != mlogs.ClassInfrequentAccess {
		t.Fatalf("ia: %+v %v", page, err)
	}
	page, _ = s.DescribeLogGroups(sc, DescribeGroupsInput{Prefix: sp("/aws/")})
	if len(page.Groups) != 1 || page.Groups[0].Class != mlogs.ClassStandard {
		t.Fatalf("default class: %+v", page.Groups)
	}
	// Another region does not see the group.
	other := Scope{Account: sc.Account, Region: "eu-west-1"}
	page, _ = s.DescribeLogGroups(other, DescribeGroupsInput{})
	if len(page.Groups) != 0 {
		t.Fatalf("other region sees %d groups", len(page.Groups))
	}
	wantCode(t, s.DeleteLogGroup(ctx, other, "ia"), codeNotFound)
	err = s.DeleteLogGroup(ctx, sc, "nope")
	if e, _ := awserr.As(err); e == nil || e.Message != "The specified log group does not exist." {
		t.Fatalf("delete missing: %v", err)
	}
}

// TestRetentionValues pins the Days shape: only the listed values.
func TestRetentionValues(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	mustGroup(t, s, "g")
	for _, d := range retentionDays {
		wantCode(t, s.PutRetentionPolicy(ctx, sc, "g", d), "")
	}
	for _, d := range []int32{0, 2, 8, 366, 3654, -1} {
		wantCode(t, s.PutRetentionPolicy(ctx, sc, "g", d), codeInvalidParameter)
	}
	wantCode(t, s.PutRetentionPolicy(ctx, sc, "missing", 7), codeNotFound)
	wantCode(t, s.DeleteRetentionPolicy(ctx, sc, "g"), "")
	page, _ := s.DescribeLogGroups(sc, DescribeGroupsInput{})
	if page.Groups[0].RetentionInDays != 0 {
		t.Fatal("retention not removed")
	}
}

// TestDescribeLogGroupsPaging pins ASCII order, limit paging and the
// prefix / pattern filters (DescribeLogGroups' documentation).
func TestDescribeLogGroupsPaging(t *testing.T) {
	s, _ := newSvc(t)
	for i := range 7 {
		mustGroup(t, s, fmt.Sprintf("/app/g%d", i))
	}
	mustGroup(t, s, "DataLogs")
	mustGroup(t, s, "GroupDataLogs")
	mustGroup(t, s, "datalogs")
	var names []string
	var tok *string
	for pages := 0; ; pages++ {
		p, err := s.DescribeLogGroups(sc, DescribeGroupsInput{Prefix: sp("/app/"), Limit: ip(3), NextToken: tok})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range p.Groups {
			names = append(names, g.Name)
		}
		if p.NextToken == "" {
			break
		}
		tok = &p.NextToken
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	if strings.Join(names, ",") != "/app/g0,/app/g1,/app/g2,/app/g3,/app/g4,/app/g5,/app/g6" {
		t.Fatalf("paged names: %v", names)
	}
	p, _ := s.DescribeLogGroups(sc, DescribeGroupsInput{Pattern: sp("DataLogs")})
	if len(p.Groups) != 2 || p.Groups[0].Name != "DataLogs" || p.Groups[1].Name != "GroupDataLogs" || !p.Groups[0].NameOnly {
		t.Fatalf("pattern: %+v", p.Groups)
	}
	_, err := s.DescribeLogGroups(sc, DescribeGroupsInput{Pattern: sp("a"), Prefix: sp("b")})
	wantCode(t, err, codeInvalidParameter)
	_, err = s.DescribeLogGroups(sc, DescribeGroupsInput{NextToken: sp("!!")})
	wantCode(t, err, codeInvalidParameter)
	p, _ = s.DescribeLogGroups(sc, DescribeGroupsInput{Identifiers: []string{"datalogs", "arn:aws:logs:us-east-1:123456789012:log-group:DataLogs:*"}})
	if len(p.Groups) != 2 {
		t.Fatalf("identifiers: %+v", p.Groups)
	}
}

// TestTags pins TagResource / UntagResource / ListTagsForResource on the
// log group ARN without ":*", the legacy *LogGroup forms, and the 50-tag
// limit (TooManyTagsException).
func TestTags(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	if err := s.CreateLogGroup(ctx, sc, CreateGroupInput{Name: "g", Tags: map[string]string{"a": "1"}}); err != nil {
		t.Fatal(err)
	}
	arn := mlogs.GroupARN(sc.Region, sc.Account, "g")
	wantCode(t, s.TagResource(ctx, sc, arn, map[string]string{"b": "2"}), "")
	wantCode(t, s.TagLogGroup(ctx, sc, "g", map[string]string{"c": "3"}), "")
	wantCode(t, s.UntagResource(ctx, sc, arn, []string{"a"}), "")
	tags, err := s.ListTagsForResource(sc, arn)
	if err != nil || len(tags) != 2 || tags["b"] != "2" || tags["c"] != "3" {
		t.Fatalf("tags %v %v", tags, err)
	}
	wantCode(t, s.UntagLogGroup(ctx, sc, "g", []string{"b"}), "")
	tags, _ = s.ListTagsLogGroup(sc, "g")
	if len(tags) != 1 {
		t.Fatalf("legacy tags %v", tags)
	}
	many := map[string]string{}
	for i := range 50 {
		many[fmt.Sprintf("k%d", i)] = "v"
	}
	wantCode(t, s.TagResource(ctx, sc, arn, many), codeTooManyTags)
	wantCode(t, s.TagResource(ctx, sc, "arn:aws:logs:us-east-1:123456789012:log-group:nope", map[string]string{"a": "b"}), codeNotFound)
	wantCode(t, s.TagResource(ctx, sc, "not-an-arn", map[string]string{"a": "b"}), codeInvalidParameter)
	_, err = s.ListTagsForResource(sc, "arn:aws:logs:eu-west-1:123456789012:log-group:g")
	wantCode(t, err, codeNotFound)
}

// TestStreams pins CreateLogStream's names ([^:*]{1,512}) and uniqueness,
// DescribeLogStreams' orderings and the documented conflict between
// orderBy LastEventTime and logStreamNamePrefix.
func TestStreams(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	mustGroup(t, s, "g")
	for _, n := range []string{"c", "a", "b", "a/b#1"} {
		mustStream(t, s, "g", n)
	}
	wantCode(t, s.CreateLogStream(ctx, sc, "g", "a"), codeAlreadyExists)
	wantCode(t, s.CreateLogStream(ctx, sc, "g", "x:y"), codeInvalidParameter)
	wantCode(t, s.CreateLogStream(ctx, sc, "g", "x*"), codeInvalidParameter)
	wantCode(t, s.CreateLogStream(ctx, sc, "nope", "x"), codeNotFound)
	now := time.Now().UnixMilli()
	for i, n := range []string{"c", "a", "b"} {
		if _, err := s.PutLogEvents(ctx, sc, "g", n, []Event{{Timestamp: now - int64(10-i)*1000, Message: "m"}}); err != nil {
			t.Fatal(err)
		}
	}
	names := func(p *StreamPage) string {
		var out []string
		for _, st := range p.Streams {
			out = append(out, st.Name)
		}
		return strings.Join(out, ",")
	}
	p, _ := s.DescribeLogStreams(sc, DescribeStreamsInput{GroupName: sp("g")})
	if names(p) != "a,a/b#1,b,c" {
		t.Fatalf("by name: %s", names(p))
	}
	p, _ = s.DescribeLogStreams(sc, DescribeStreamsInput{GroupName: sp("g"), OrderBy: sp(OrderByLastEventTime), Descending: true, Limit: ip(2)})
	if names(p) != "b,a" || p.NextToken == "" {
		t.Fatalf("by time desc: %s", names(p))
	}
	p, _ = s.DescribeLogStreams(sc, DescribeStreamsInput{GroupName: sp("g"), OrderBy: sp(OrderByLastEventTime), Descending: true, Limit: ip(2), NextToken: &p.NextToken})
	if names(p) != "c,a/b#1" || p.NextToken != "" {
		t.Fatalf("by time desc page 2: %s %q", names(p), p.NextToken)
	}
	p, _ = s.DescribeLogStreams(sc, DescribeStreamsInput{GroupIdentifier: sp("arn:aws:logs:us-east-1:123456789012:log-group:g"), Prefix: sp("a")})
	if names(p) != "a,a/b#1" {
		t.Fatalf("prefix: %s", names(p))
	}
	_, err := s.DescribeLogStreams(sc, DescribeStreamsInput{GroupName: sp("g"), OrderBy: sp(OrderByLastEventTime), Prefix: sp("a")})
	wantCode(t, err, codeInvalidParameter)
	_, err = s.DescribeLogStreams(sc, DescribeStreamsInput{GroupName: sp("g"), GroupIdentifier: sp("g")})
	wantCode(t, err, codeInvalidParameter)
	wantCode(t, s.DeleteLogStream(ctx, sc, "g", "a"), "")
	wantCode(t, s.DeleteLogStream(ctx, sc, "g", "a"), codeNotFound)
}

// TestPutLogEventsRules pins PutLogEvents' batch constraints (its API
// documentation): chronological order, 10,000 events, 1,048,576 bytes
// counting 26 bytes per event, a 24-hour span, and the rejected (not
// failed) events too new, too old or expired.
func TestPutLogEventsRules(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	mustGroup(t, s, "g")
	mustStream(t, s, "g", "s")
	now := time.Now().UnixMilli()
	day := int64(24 * 3600 * 1000)
	put := func(evs []Event) (*PutResult, error) { return s.PutLogEvents(ctx, sc, "g", "s", evs) }

	_, err := put([]Event{ev(now, "b"), ev(now-1, "a")})
	wantCode(t, err, codeInvalidParameter)
	many := make([]Event, 10001)
	for i := range many {
		many[i] = ev(now, "x")
	}
	_, err = put(many)
	wantCode(t, err, codeInvalidParameter)
	_, err = put(many[:10000])
	wantCode(t, err, "")
	// 1,048,576 bytes exactly fits: one event of 1,048,550 bytes + 26.
	_, err = put([]Event{ev(now, strings.Repeat("x", 1048576-26))})
	wantCode(t, err, "")
	_, err = put([]Event{ev(now, strings.Repeat("x", 1048576-25))})
	wantCode(t, err, codeInvalidParameter)
	_, err = put([]Event{ev(now-2*day+1000, "a"), ev(now, "b")})
	wantCode(t, err, codeInvalidParameter)
	_, err = s.PutLogEvents(ctx, sc, "g", "nope", []Event{ev(now, "a")})
	wantCode(t, err, codeNotFound)
	_, err = s.PutLogEvents(ctx, sc, "nope", "s", []Event{ev(now, "a")})
	wantCode(t, err, codeNotFound)

	res, err := put([]Event{ev(now-15*day, "old"), ev(now-1000, "ok"), ev(now+3*3600*1000, "new"), ev(now+4*3600*1000, "new2")})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Rejected
	if r == nil || r.TooOldEnd == nil || *r.TooOldEnd != 0 || r.TooNewStart == nil || *r.TooNewStart != 2 || r.ExpiredEnd != nil {
		t.Fatalf("rejected: %+v", r)
	}
	wantCode(t, s.PutRetentionPolicy(ctx, sc, "g", 1), "")
	res, _ = put([]Event{ev(now-3*day, "expired"), ev(now, "ok")})
	if res.Rejected == nil || res.Rejected.ExpiredEnd == nil || *res.Rejected.ExpiredEnd != 0 || res.Rejected.TooOldEnd != nil {
		t.Fatalf("expired: %+v", res.Rejected)
	}
	// A batch whose every event is rejected stores nothing and still answers.
	res, err = put([]Event{ev(now-20*day, "x")})
	if err != nil || res.Rejected == nil || res.NextSequenceToken == "" {
		t.Fatalf("all rejected: %+v %v", res, err)
	}
}

// TestGetLogEventsTokens pins GetLogEvents' paging: startFromHead, limit,
// startTime inclusive / endTime exclusive, and tokens that come back
// unchanged at the end of the stream.
func TestGetLogEventsTokens(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	mustGroup(t, s, "g")
	mustStream(t, s, "g", "s")
	base := time.Now().Add(-time.Hour).UnixMilli()
	for b := range 3 {
		var evs []Event
		for i := range 4 {
			n := b*4 + i
			evs = append(evs, ev(base+int64(n), fmt.Sprintf("m%02d", n)))
		}
		if _, err := s.PutLogEvents(ctx, sc, "g", "s", evs); err != nil {
			t.Fatal(err)
		}
	}
	msgs := func(p *EventsPage) string {
		var out []string
		for _, e := range p.Events {
			out = append(out, e.Message)
		}
		return strings.Join(out, ",")
	}
	in := GetEventsInput{GroupName: sp("g"), Stream: "s"}
	p, err := s.GetLogEvents(sc, in)
	if err != nil || len(p.Events) != 12 || p.Events[0].Message != "m00" {
		t.Fatalf("all: %v %v", msgs(p), err)
	}
	in.StartFromHead, in.Limit = true, ip(5)
	var got []string
	for range 10 {
		p, err = s.GetLogEvents(sc, in)
		if err != nil {
			t.Fatal(err)
		}
		if m := msgs(p); m != "" {
			got = append(got, m)
		}
		if in.NextToken != nil && p.ForwardToken == *in.NextToken {
			break
		}
		in.NextToken = &p.ForwardToken
	}
	if strings.Join(got, "|") != "m00,m01,m02,m03,m04|m05,m06,m07,m08,m09|m10,m11" {
		t.Fatalf("forward pages: %v", got)
	}
	// Backward from the end: the last 5, then the 5 before.
	in = GetEventsInput{GroupName: sp("g"), Stream: "s", Limit: ip(5)}
	p, _ = s.GetLogEvents(sc, in)
	if msgs(p) != "m07,m08,m09,m10,m11" {
		t.Fatalf("tail: %s", msgs(p))
	}
	in.NextToken = &p.BackwardToken
	p, _ = s.GetLogEvents(sc, in)
	if msgs(p) != "m02,m03,m04,m05,m06" {
		t.Fatalf("backward: %s", msgs(p))
	}
	in.NextToken = &p.BackwardToken
	p, _ = s.GetLogEvents(sc, in)
	if msgs(p) != "m00,m01" {
		t.Fatalf("backward 2: %s", msgs(p))
	}
	b := p.BackwardToken
	in.NextToken = &b
	p, _ = s.GetLogEvents(sc, in)
	if msgs(p) != "" || p.BackwardToken != b {
		t.Fatalf("backward end: %s %s", msgs(p), p.BackwardToken)
	}
	p, _ = s.GetLogEvents(sc, GetEventsInput{GroupName: sp("g"), Stream: "s", StartTime: lp(base + 3), EndTime: lp(base + 6), StartFromHead: true})
	if msgs(p) != "m03,m04,m05" {
		t.Fatalf("window: %s", msgs(p))
	}
	_, err = s.GetLogEvents(sc, GetEventsInput{GroupName: sp("g"), Stream: "s", NextToken: sp("x/1")})
	wantCode(t, err, codeInvalidParameter)
	_, err = s.GetLogEvents(sc, GetEventsInput{GroupName: sp("g"), Stream: "nope"})
	wantCode(t, err, codeNotFound)
	// An empty stream answers tokens, never nulls.
	mustStream(t, s, "g", "empty")
	p, _ = s.GetLogEvents(sc, GetEventsInput{GroupName: sp("g"), Stream: "empty"})
	if p.ForwardToken == "" || p.BackwardToken == "" {
		t.Fatal("empty stream: null tokens")
	}
}

// TestUnorderedStream: batches arriving out of timestamp order are read in
// timestamp order.
func TestUnorderedStream(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	mustGroup(t, s, "g")
	mustStream(t, s, "g", "s")
	base := time.Now().Add(-time.Hour).UnixMilli()
	for _, evs := range [][]Event{{ev(base+10, "c"), ev(base+11, "d")}, {ev(base+1, "a"), ev(base+2, "b")}, {ev(base+20, "e")}} {
		if _, err := s.PutLogEvents(ctx, sc, "g", "s", evs); err != nil {
			t.Fatal(err)
		}
	}
	in := GetEventsInput{GroupName: sp("g"), Stream: "s", StartFromHead: true, Limit: ip(3)}
	p, _ := s.GetLogEvents(sc, in)
	if len(p.Events) != 3 || p.Events[0].Message != "a" || p.Events[2].Message != "c" {
		t.Fatalf("page 1: %+v", p.Events)
	}
	in.NextToken = &p.ForwardToken
	p, _ = s.GetLogEvents(sc, in)
	if len(p.Events) != 2 || p.Events[0].Message != "d" || p.Events[1].Message != "e" {
		t.Fatalf("page 2: %+v", p.Events)
	}
	st, _ := s.DescribeLogStreams(sc, DescribeStreamsInput{GroupName: sp("g")})
	if st.Streams[0].FirstEventTimestamp != base+1 || st.Streams[0].LastEventTimestamp != base+20 {
		t.Fatalf("stream times: %+v", st.Streams[0])
	}
}

// TestFilterLogEvents pins FilterLogEvents: interleaving across streams by
// timestamp, stream selection, inclusive time range, filter patterns,
// paging with nextToken, and "Invalid filter pattern".
func TestFilterLogEvents(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	mustGroup(t, s, "g")
	mustStream(t, s, "g", "web-1")
	mustStream(t, s, "g", "web-2")
	mustStream(t, s, "g", "db")
	base := time.Now().Add(-time.Hour).UnixMilli()
	put := func(stream string, evs ...Event) {
		if _, err := s.PutLogEvents(ctx, sc, "g", stream, evs); err != nil {
			t.Fatal(err)
		}
	}
	put("web-1", ev(base, `ERROR disk full`), ev(base+2, `{"level":"info","latency":30}`))
	put("web-2", ev(base+1, `INFO ok`), ev(base+3, `{"level":"error","latency":300}`))
	put("db", ev(base+4, `ERROR lock timeout`))
	msgs := func(p *FilterPage) string {
		var out []string
		for _, e := range p.Events {
			out = append(out, e.Stream.Name+":"+e.Message)
		}
		return strings.Join(out, ",")
	}
	p, err := s.FilterLogEvents(sc, FilterInput{GroupName: sp("g"), Pattern: sp("ERROR")})
	if err != nil || msgs(p) != "web-1:ERROR disk full,db:ERROR lock timeout" {
		t.Fatalf("terms: %s %v", msgs(p), err)
	}
	p, _ = s.FilterLogEvents(sc, FilterInput{GroupName: sp("g"), Pattern: sp(`{ $.latency > 100 }`)})
	if msgs(p) != `web-2:{"level":"error","latency":300}` {
		t.Fatalf("json: %s", msgs(p))
	}
	p, _ = s.FilterLogEvents(sc, FilterInput{GroupName: sp("g"), StreamPrefix: sp("web"), StartTime: lp(base + 1), EndTime: lp(base + 3)})
	if len(p.Events) != 3 || p.Events[0].Message != "INFO ok" {
		t.Fatalf("window: %s", msgs(p))
	}
	p, _ = s.FilterLogEvents(sc, FilterInput{GroupName: sp("g"), StreamNames: []string{"db", "web-2"}})
	if len(p.Events) != 3 {
		t.Fatalf("names: %s", msgs(p))
	}
	var all []string
	in := FilterInput{GroupIdentifier: sp("arn:aws:logs:us-east-1:123456789012:log-group:g:*"), Limit: ip(2)}
	for range 5 {
		p, err = s.FilterLogEvents(sc, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Events {
			all = append(all, e.Message)
			if len(e.EventID()) != 56 {
				t.Fatalf("event id %q", e.EventID())
			}
		}
		if p.NextToken == "" {
			break
		}
		in.NextToken = &p.NextToken
	}
	if len(all) != 5 || all[0] != "ERROR disk full" || all[4] != "ERROR lock timeout" {
		t.Fatalf("paged: %v", all)
	}
	_, err = s.FilterLogEvents(sc, FilterInput{GroupName: sp("g"), Pattern: sp(`{ $.x = `)})
	if e, _ := awserr.As(err); e == nil || e.Code != codeInvalidParameter || e.Message != "Invalid filter pattern" {
		t.Fatalf("bad pattern: %v", err)
	}
	_, err = s.FilterLogEvents(sc, FilterInput{GroupName: sp("g"), StreamNames: []string{"a"}, StreamPrefix: sp("a")})
	wantCode(t, err, codeInvalidParameter)
	_, err = s.FilterLogEvents(sc, FilterInput{GroupName: sp("g"), NextToken: sp("garbage")})
	wantCode(t, err, codeInvalidParameter)
}

// TestRetentionOnRead: events older than the retention period are stored
// but never returned.
func TestRetentionOnRead(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	mustGroup(t, s, "g")
	mustStream(t, s, "g", "s")
	now := time.Now()
	if _, err := s.PutLogEvents(ctx, sc, "g", "s", []Event{ev(now.Add(-3*24*time.Hour).UnixMilli(), "old")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutLogEvents(ctx, sc, "g", "s", []Event{ev(now.UnixMilli(), "new")}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.PutRetentionPolicy(ctx, sc, "g", 1), "")
	p, _ := s.GetLogEvents(sc, GetEventsInput{GroupName: sp("g"), Stream: "s"})
	if len(p.Events) != 1 || p.Events[0].Message != "new" {
		t.Fatalf("get: %+v", p.Events)
	}
	f, _ := s.FilterLogEvents(sc, FilterInput{GroupName: sp("g")})
	if len(f.Events) != 1 {
		t.Fatalf("filter: %+v", f.Events)
	}
}

// TestDeleteLogGroupCascades: a deleted group takes its streams, events,
// filters and resource policy with it; storedBytes counts 26 bytes per event.
func TestDeleteLogGroupCascades(t *testing.T) {
	s, st := newSvc(t)
	ctx := context.Background()
	mustGroup(t, s, "g")
	mustStream(t, s, "g", "s")
	if _, err := s.PutLogEvents(ctx, sc, "g", "s", []Event{ev(time.Now().UnixMilli(), "abcd")}); err != nil {
		t.Fatal(err)
	}
	page, _ := s.DescribeLogGroups(sc, DescribeGroupsInput{})
	if page.Groups[0].StoredBytes != 30 {
		t.Fatalf("storedBytes %d", page.Groups[0].StoredBytes)
	}
	wantCode(t, s.PutMetricFilter(ctx, sc, MetricFilterInput{Group: "g", Name: "m", Pattern: "ERROR",
		Transformations: []mlogs.MetricTransformation{{MetricName: "Errors", MetricNamespace: "App", MetricValue: "1"}}}), "")
	wantCode(t, s.PutSubscriptionFilter(ctx, sc, SubscriptionInput{Group: "g", Name: "sub", DestinationARN: "arn:aws:lambda:us-east-1:123456789012:function:f"}), "")
	_, err := s.PutResourcePolicy(ctx, sc, PutPolicyInput{ResourceARN: sp(mlogs.GroupARN(sc.Region, sc.Account, "g")), Document: sp(testPolicy)})
	wantCode(t, err, "")
	wantCode(t, s.DeleteLogGroup(ctx, sc, "g"), "")
	w := st.Snapshot()
	for name, n := range map[string]int{"groups": GroupKind.In(w).Len(), "streams": StreamKind.In(w).Len(), "batches": BatchKind.In(w).Len(),
		"metric": MetricFilterKind.In(w).Len(), "subs": SubscriptionKind.In(w).Len(), "policies": PolicyKind.In(w).Len()} {
		if n != 0 {
			t.Errorf("%s left: %d", name, n)
		}
	}
}

// TestDeletionProtection: a protected group cannot be deleted until the
// protection is disabled (PutLogGroupDeletionProtection).
func TestDeletionProtection(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	wantCode(t, s.CreateLogGroup(ctx, sc, CreateGroupInput{Name: "p", DeletionProtection: true}), "")
	wantCode(t, s.DeleteLogGroup(ctx, sc, "p"), "InvalidOperationException")
	wantCode(t, s.PutDeletionProtection(ctx, sc, "p", false), "")
	wantCode(t, s.DeleteLogGroup(ctx, sc, "p"), "")
}

const testPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"route53.amazonaws.com"},"Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:*:*:log-group:/aws/route53/*"}]}`

// TestResourcePolicies pins 10 account policies per region
// (cloudwatch_limits_cwl.md), replacement by name, document validation and
// paging.
func TestResourcePolicies(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	for i := range 10 {
		_, err := s.PutResourcePolicy(ctx, sc, PutPolicyInput{Name: sp(fmt.Sprintf("p%d", i)), Document: sp(testPolicy)})
		wantCode(t, err, "")
	}
	_, err := s.PutResourcePolicy(ctx, sc, PutPolicyInput{Name: sp("p10"), Document: sp(testPolicy)})
	wantCode(t, err, codeLimitExceeded)
	_, err = s.PutResourcePolicy(ctx, sc, PutPolicyInput{Name: sp("p3"), Document: sp(testPolicy)})
	wantCode(t, err, "")
	_, err = s.PutResourcePolicy(ctx, sc, PutPolicyInput{Name: sp("bad"), Document: sp(`{"Statement":[`)})
	wantCode(t, err, codeInvalidParameter)
	_, err = s.PutResourcePolicy(ctx, sc, PutPolicyInput{Name: sp("noprincipal"), Document: sp(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}]}`)})
	wantCode(t, err, codeInvalidParameter)
	p, _ := s.DescribeResourcePolicies(sc, DescribePoliciesInput{Limit: ip(4)})
	if len(p.Policies) != 4 || p.NextToken == "" {
		t.Fatalf("page: %d %q", len(p.Policies), p.NextToken)
	}
	p, _ = s.DescribeResourcePolicies(sc, DescribePoliciesInput{Limit: ip(50), NextToken: &p.NextToken})
	if len(p.Policies) != 6 || p.NextToken != "" {
		t.Fatalf("page 2: %d", len(p.Policies))
	}
	wantCode(t, s.DeleteResourcePolicy(ctx, sc, DeletePolicyInput{Name: sp("p1")}), "")
	wantCode(t, s.DeleteResourcePolicy(ctx, sc, DeletePolicyInput{Name: sp("p1")}), codeNotFound)
	// Resource-scoped: one per group, replaced with the current revision.
	mustGroup(t, s, "g")
	arn := sp(mlogs.GroupARN(sc.Region, sc.Account, "g"))
	rp, err := s.PutResourcePolicy(ctx, sc, PutPolicyInput{ResourceARN: arn, Document: sp(testPolicy)})
	wantCode(t, err, "")
	_, err = s.PutResourcePolicy(ctx, sc, PutPolicyInput{ResourceARN: arn, Document: sp(testPolicy)})
	wantCode(t, err, codeOperationAborted)
	_, err = s.PutResourcePolicy(ctx, sc, PutPolicyInput{ResourceARN: arn, Document: sp(testPolicy), ExpectedRevisionID: &rp.RevisionID})
	wantCode(t, err, "")
	p, _ = s.DescribeResourcePolicies(sc, DescribePoliciesInput{ResourceARN: arn})
	if len(p.Policies) != 1 || p.Policies[0].Scope != mlogs.ScopeResource {
		t.Fatalf("resource policy: %+v", p.Policies)
	}
}

// TestFilters pins subscription filters (2 per group) and metric filters
// (pattern validation, transformation rules, TestMetricFilter).
func TestFilters(t *testing.T) {
	s, _ := newSvc(t)
	ctx := context.Background()
	mustGroup(t, s, "g")
	sub := func(name string) error {
		return s.PutSubscriptionFilter(ctx, sc, SubscriptionInput{Group: "g", Name: name, Pattern: "ERROR", DestinationARN: "arn:aws:kinesis:us-east-1:123456789012:stream/s", RoleARN: "arn:aws:iam::123456789012:role/r"})
	}
	wantCode(t, sub("a"), "")
	wantCode(t, sub("b"), "")
	wantCode(t, sub("a"), "")
	wantCode(t, sub("c"), codeLimitExceeded)
	wantCode(t, s.PutSubscriptionFilter(ctx, sc, SubscriptionInput{Group: "g", Name: "a", Pattern: "{", DestinationARN: "arn:aws:kinesis:us-east-1:1:stream/s"}), codeInvalidParameter)
	fs, _, err := s.DescribeSubscriptionFilters(sc, "g", nil, nil, nil)
	if err != nil || len(fs) != 2 || fs[0].Distribution != "ByLogStream" {
		t.Fatalf("subs %+v %v", fs, err)
	}
	wantCode(t, s.DeleteSubscriptionFilter(ctx, sc, "g", "a"), "")
	wantCode(t, s.DeleteSubscriptionFilter(ctx, sc, "g", "a"), codeNotFound)

	mt := func(value string, dims map[string]string, def *float64) []mlogs.MetricTransformation {
		return []mlogs.MetricTransformation{{MetricName: "Bytes", MetricNamespace: "Web", MetricValue: value, Dimensions: dims, DefaultValue: def}}
	}
	zero := 0.0
	cases := []struct {
		name, pattern string
		mts           []mlogs.MetricTransformation
		code          string
	}{
		{"count", "ERROR", mt("1", nil, &zero), ""},
		{"bytes", "[ip, id, user, timestamp, request, status_code, size]", mt("$size", map[string]string{"Status": "$status_code"}, nil), ""},
		{"field on terms", "ERROR", mt("$size", nil, nil), codeInvalidParameter},
		{"not a number", "ERROR", mt("abc", nil, nil), codeInvalidParameter},
		{"dims and default", "{ $.a = 1 }", mt("1", map[string]string{"A": "$.a"}, &zero), codeInvalidParameter},
		{"four dims", "{ $.a = 1 }", mt("1", map[string]string{"A": "$.a", "B": "$.b", "C": "$.c", "D": "$.d"}, nil), codeInvalidParameter},
		{"bad pattern", "[a,", mt("1", nil, nil), codeInvalidParameter},
		{"bad name", "ERROR", []mlogs.MetricTransformation{{MetricName: "a:b", MetricNamespace: "n", MetricValue: "1"}}, codeInvalidParameter},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, s.PutMetricFilter(ctx, sc, MetricFilterInput{Group: "g", Name: tc.name, Pattern: tc.pattern, Transformations: tc.mts}), tc.code)
		})
	}
	mfs, _, _ := s.DescribeMetricFilters(sc, DescribeMetricFiltersInput{Group: sp("g")})
	if len(mfs) != 2 || mfs[0].Name != "bytes" {
		t.Fatalf("metric filters: %+v", mfs)
	}
	mfs, _, _ = s.DescribeMetricFilters(sc, DescribeMetricFiltersInput{MetricName: sp("Bytes"), Namespace: sp("Web"), Limit: ip(1)})
	if len(mfs) != 1 {
		t.Fatalf("by metric: %+v", mfs)
	}
	_, _, err = s.DescribeMetricFilters(sc, DescribeMetricFiltersInput{MetricName: sp("Bytes")})
	wantCode(t, err, codeInvalidParameter)
	page, _ := s.DescribeLogGroups(sc, DescribeGroupsInput{})
	if page.Groups[0].MetricFilterCount != 2 {
		t.Fatalf("metricFilterCount %d", page.Groups[0].MetricFilterCount)
	}
	ms, err := s.TestMetricFilter("[ip, id, user, timestamp, request, status_code=4*, size]", []string{
		`127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534`,
		`127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534`,
	})
	if err != nil || len(ms) != 1 || ms[0].EventNumber != 1 || ms[0].Extracted["$size"] != "1534" || ms[0].Extracted["$status_code"] != "404" {
		t.Fatalf("test metric filter: %+v %v", ms, err)
	}
	_, err = s.TestMetricFilter("{", []string{"x"})
	wantCode(t, err, codeInvalidParameter)
}

// TestAppendEventsInTransaction: other control packages append inside
// their own transaction; a failing transaction stores nothing.
func TestAppendEventsInTransaction(t *testing.T) {
	s, st := newSvc(t)
	ctx := context.Background()
	mustGroup(t, s, "flow")
	now := time.Now().UnixMilli()
	_, err := st.Update(ctx, func(tx *store.Tx) error {
		if err := s.EnsureLogStream(tx, sc.Account, sc.Region, "flow", "eni-1-all"); err != nil {
			return err
		}
		_, err := s.AppendEvents(tx, sc.Account, sc.Region, "flow", "eni-1-all", []Event{ev(now, "2 123 eni-1 ACCEPT")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	_, err = st.Update(ctx, func(tx *store.Tx) error {
		if _, err := s.AppendEvents(tx, sc.Account, sc.Region, "flow", "eni-1-all", []Event{ev(now, "lost")}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	p, _ := s.GetLogEvents(sc, GetEventsInput{GroupName: sp("flow"), Stream: "eni-1-all"})
	if len(p.Events) != 1 {
		t.Fatalf("events %+v", p.Events)
	}
	_, err = st.Update(ctx, func(tx *store.Tx) error {
		return s.EnsureLogStream(tx, sc.Account, sc.Region, "missing", "x")
	})
	wantCode(t, err, codeNotFound)
}

// TestKindsSurviveRestart writes one object of each logs kind to a data
// directory and reads it back after reopening.
func TestKindsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := New(st, Options{})
	ctx := context.Background()
	mustGroup(t, s, "g")
	mustStream(t, s, "g", "s")
	if _, err := s.PutLogEvents(ctx, sc, "g", "s", []Event{ev(time.Now().UnixMilli(), "persisted")}); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	st, err = store.Open(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s = New(st, Options{})
	p, err := s.GetLogEvents(sc, GetEventsInput{GroupName: sp("g"), Stream: "s"})
	if err != nil || len(p.Events) != 1 || p.Events[0].Message != "persisted" {
		t.Fatalf("after restart: %+v %v", p, err)
	}
}
