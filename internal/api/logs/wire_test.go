package logs_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// newClient starts an in-process vpcsim and returns a CloudWatch Logs
// client of the real SDK pointed at it.
func newClient(t testing.TB) *cwl.Client {
	t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	t.Cleanup(func() { hs.Close(); _ = st.Close() })
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIAVPCSIMTEST", "secret", ""),
		BaseEndpoint: aws.String(hs.URL),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.RateLimiter = ratelimit.None
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
			})
		},
	}
	return cwl.NewFromConfig(cfg)
}

// wantAPIError checks err is the service error code (and, when msg is not
// empty, its message contains msg).
func wantAPIError(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("got %v, want %s", err, code)
	}
	if ae.ErrorCode() != code || !strings.Contains(ae.ErrorMessage(), msg) {
		t.Fatalf("got %s %q, want %s %q", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestWireLogGroups(t *testing.T) {
	c := newClient(t)
	ctx := context.Background()
	_, err := c.CreateLogGroup(ctx, &cwl.CreateLogGroupInput{LogGroupName: aws.String("/app/web"), Tags: map[string]string{"env": "dev"}})
	must(t, err)
	_, err = c.CreateLogGroup(ctx, &cwl.CreateLogGroupInput{LogGroupName: aws.String("/app/web")})
	var exists *types.ResourceAlreadyExistsException
	if !errors.As(err, &exists) {
		t.Fatalf("duplicate: %v", err)
	}
	wantAPIError(t, err, "ResourceAlreadyExistsException", "The specified log group already exists")
	_, err = c.CreateLogGroup(ctx, &cwl.CreateLogGroupInput{LogGroupName: aws.String("bad name")})
	wantAPIError(t, err, "InvalidParameterException", "Member must satisfy regular expression pattern")
	_, err = c.PutRetentionPolicy(ctx, &cwl.PutRetentionPolicyInput{LogGroupName: aws.String("/app/web"), RetentionInDays: aws.Int32(14)})
	must(t, err)
	_, err = c.PutRetentionPolicy(ctx, &cwl.PutRetentionPolicyInput{LogGroupName: aws.String("/app/web"), RetentionInDays: aws.Int32(13)})
	wantAPIError(t, err, "InvalidParameterException", "retentionInDays")
	_, err = c.AssociateKmsKey(ctx, &cwl.AssociateKmsKeyInput{LogGroupName: aws.String("/app/web"), KmsKeyId: aws.String("arn:aws:kms:us-east-1:123456789012:key/abc")})
	must(t, err)
	out, err := c.DescribeLogGroups(ctx, &cwl.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/app/")})
	must(t, err)
	if len(out.LogGroups) != 1 {
		t.Fatalf("groups: %+v", out.LogGroups)
	}
	g := out.LogGroups[0]
	if aws.ToString(g.Arn) != "arn:aws:logs:us-east-1:123456789012:log-group:/app/web:*" ||
		aws.ToString(g.LogGroupArn) != "arn:aws:logs:us-east-1:123456789012:log-group:/app/web" ||
		aws.ToInt32(g.RetentionInDays) != 14 || g.LogGroupClass != types.LogGroupClassStandard ||
		aws.ToString(g.KmsKeyId) == "" || g.DataProtectionStatus != "" || aws.ToInt64(g.CreationTime) < time.Now().Add(-time.Minute).UnixMilli() {
		t.Fatalf("group: %+v", g)
	}
	_, err = c.DisassociateKmsKey(ctx, &cwl.DisassociateKmsKeyInput{LogGroupName: aws.String("/app/web")})
	must(t, err)
	_, err = c.DeleteRetentionPolicy(ctx, &cwl.DeleteRetentionPolicyInput{LogGroupName: aws.String("/app/web")})
	must(t, err)

	// Tags, both API generations.
	arn := "arn:aws:logs:us-east-1:123456789012:log-group:/app/web"
	_, err = c.TagResource(ctx, &cwl.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"team": "a"}})
	must(t, err)
	_, err = c.UntagResource(ctx, &cwl.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"env"}})
	must(t, err)
	tags, err := c.ListTagsForResource(ctx, &cwl.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	must(t, err)
	if len(tags.Tags) != 1 || tags.Tags["team"] != "a" {
		t.Fatalf("tags: %v", tags.Tags)
	}
	_, err = c.TagLogGroup(ctx, &cwl.TagLogGroupInput{LogGroupName: aws.String("/app/web"), Tags: map[string]string{"x": "y"}})
	must(t, err)
	_, err = c.UntagLogGroup(ctx, &cwl.UntagLogGroupInput{LogGroupName: aws.String("/app/web"), Tags: []string{"team"}})
	must(t, err)
	lt, err := c.ListTagsLogGroup(ctx, &cwl.ListTagsLogGroupInput{LogGroupName: aws.String("/app/web")})
	must(t, err)
	if len(lt.Tags) != 1 || lt.Tags["x"] != "y" {
		t.Fatalf("legacy tags: %v", lt.Tags)
	}
	many := map[string]string{}
	for i := range 50 {
		many[fmt.Sprintf("k%02d", i)] = "v"
	}
	_, err = c.TagResource(ctx, &cwl.TagResourceInput{ResourceArn: aws.String(arn), Tags: many})
	var tooMany *types.TooManyTagsException
	if !errors.As(err, &tooMany) {
		t.Fatalf("51 tags: %v", err)
	}

	// Paging with the SDK's paginator.
	for i := range 12 {
		_, err := c.CreateLogGroup(ctx, &cwl.CreateLogGroupInput{LogGroupName: aws.String(fmt.Sprintf("/page/g%02d", i))})
		must(t, err)
	}
	p := cwl.NewDescribeLogGroupsPaginator(c, &cwl.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/page/"), Limit: aws.Int32(5)})
	var names []string
	pages := 0
	for p.HasMorePages() {
		o, err := p.NextPage(ctx)
		must(t, err)
		pages++
		for _, g := range o.LogGroups {
			names = append(names, aws.ToString(g.LogGroupName))
		}
	}
	if pages != 3 || len(names) != 12 || names[11] != "/page/g11" {
		t.Fatalf("paging: %d pages %v", pages, names)
	}
	_, err = c.DescribeLogGroups(ctx, &cwl.DescribeLogGroupsInput{Limit: aws.Int32(51)})
	wantAPIError(t, err, "InvalidParameterException", "limit")
	_, err = c.DeleteLogGroup(ctx, &cwl.DeleteLogGroupInput{LogGroupName: aws.String("/app/web")})
	must(t, err)
	_, err = c.DeleteLogGroup(ctx, &cwl.DeleteLogGroupInput{LogGroupName: aws.String("/app/web")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("delete twice: %v", err)
	}
	wantAPIError(t, err, "ResourceNotFoundException", "The specified log group does not exist.")
}

func TestWireStreamsAndEvents(t *testing.T) {
	c := newClient(t)
	ctx := context.Background()
	_, err := c.CreateLogGroup(ctx, &cwl.CreateLogGroupInput{LogGroupName: aws.String("g")})
	must(t, err)
	for _, s := range []string{"s1", "s2"} {
		_, err = c.CreateLogStream(ctx, &cwl.CreateLogStreamInput{LogGroupName: aws.String("g"), LogStreamName: aws.String(s)})
		must(t, err)
	}
	_, err = c.CreateLogStream(ctx, &cwl.CreateLogStreamInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s1")})
	wantAPIError(t, err, "ResourceAlreadyExistsException", "")
	_, err = c.CreateLogStream(ctx, &cwl.CreateLogStreamInput{LogGroupName: aws.String("nope"), LogStreamName: aws.String("s1")})
	wantAPIError(t, err, "ResourceNotFoundException", "log group")

	now := time.Now().UnixMilli()
	var evs []types.InputLogEvent
	for i := range 30 {
		msg := fmt.Sprintf("INFO request %d ok", i)
		if i%10 == 0 {
			msg = fmt.Sprintf(`{"level":"ERROR","n":%d}`, i)
		}
		evs = append(evs, types.InputLogEvent{Timestamp: aws.Int64(now - 30000 + int64(i)*1000), Message: aws.String(msg)})
	}
	put, err := c.PutLogEvents(ctx, &cwl.PutLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s1"), LogEvents: evs, SequenceToken: aws.String("ignored")})
	must(t, err)
	if aws.ToString(put.NextSequenceToken) == "" || put.RejectedLogEventsInfo != nil {
		t.Fatalf("put: %+v", put)
	}
	_, err = c.PutLogEvents(ctx, &cwl.PutLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s2"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(now - 15*86400000), Message: aws.String("old")}, {Timestamp: aws.Int64(now - 500), Message: aws.String("ERROR s2")}, {Timestamp: aws.Int64(now + 3*3600000), Message: aws.String("future")}}})
	must(t, err)
	put, err = c.PutLogEvents(ctx, &cwl.PutLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s2"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(now - 15*86400000), Message: aws.String("old")}, {Timestamp: aws.Int64(now + 3*3600000), Message: aws.String("future")}}})
	must(t, err)
	if r := put.RejectedLogEventsInfo; r == nil || aws.ToInt32(r.TooOldLogEventEndIndex) != 0 || aws.ToInt32(r.TooNewLogEventStartIndex) != 1 {
		t.Fatalf("rejected: %+v", put.RejectedLogEventsInfo)
	}
	_, err = c.PutLogEvents(ctx, &cwl.PutLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s2"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(now), Message: aws.String("b")}, {Timestamp: aws.Int64(now - 1), Message: aws.String("a")}}})
	wantAPIError(t, err, "InvalidParameterException", "chronological")
	_, err = c.PutLogEvents(ctx, &cwl.PutLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("nope"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(now), Message: aws.String("b")}}})
	wantAPIError(t, err, "ResourceNotFoundException", "log stream")

	ds, err := c.DescribeLogStreams(ctx, &cwl.DescribeLogStreamsInput{LogGroupName: aws.String("g"), OrderBy: types.OrderByLastEventTime, Descending: aws.Bool(true)})
	must(t, err)
	if len(ds.LogStreams) != 2 || aws.ToString(ds.LogStreams[0].LogStreamName) != "s2" ||
		aws.ToString(ds.LogStreams[1].Arn) != "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s1" ||
		aws.ToInt64(ds.LogStreams[1].FirstEventTimestamp) != now-30000 || aws.ToInt64(ds.LogStreams[1].LastIngestionTime) == 0 ||
		aws.ToString(ds.LogStreams[1].UploadSequenceToken) == "" {
		t.Fatalf("streams: %+v", ds.LogStreams)
	}
	_, err = c.DescribeLogStreams(ctx, &cwl.DescribeLogStreamsInput{LogGroupName: aws.String("g"), OrderBy: types.OrderByLastEventTime, LogStreamNamePrefix: aws.String("s")})
	wantAPIError(t, err, "InvalidParameterException", "")
	sp := cwl.NewDescribeLogStreamsPaginator(c, &cwl.DescribeLogStreamsInput{LogGroupIdentifier: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:g"), Limit: aws.Int32(1)})
	n := 0
	for sp.HasMorePages() {
		o, err := sp.NextPage(ctx)
		must(t, err)
		n += len(o.LogStreams)
	}
	if n != 2 {
		t.Fatalf("stream pages: %d", n)
	}

	// GetLogEvents forward paging until the token repeats.
	var got []string
	in := &cwl.GetLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s1"), StartFromHead: aws.Bool(true), Limit: aws.Int32(7)}
	for range 10 {
		o, err := c.GetLogEvents(ctx, in)
		must(t, err)
		for _, e := range o.Events {
			got = append(got, aws.ToString(e.Message))
			if aws.ToInt64(e.IngestionTime) < now-60000 {
				t.Fatalf("ingestion time %d", aws.ToInt64(e.IngestionTime))
			}
		}
		if !strings.HasPrefix(aws.ToString(o.NextForwardToken), "f/") || !strings.HasPrefix(aws.ToString(o.NextBackwardToken), "b/") {
			t.Fatalf("tokens %q %q", aws.ToString(o.NextForwardToken), aws.ToString(o.NextBackwardToken))
		}
		if in.NextToken != nil && aws.ToString(o.NextForwardToken) == aws.ToString(in.NextToken) {
			break
		}
		in.NextToken = o.NextForwardToken
	}
	if len(got) != 30 || got[0] != `{"level":"ERROR","n":0}` {
		t.Fatalf("get: %d %v", len(got), got)
	}
	// The SDK's paginator, told to stop on a repeated token, ends.
	gp := cwl.NewGetLogEventsPaginator(c, &cwl.GetLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s1"), StartFromHead: aws.Bool(true), Limit: aws.Int32(10)},
		func(o *cwl.GetLogEventsPaginatorOptions) { o.StopOnDuplicateToken = true })
	total := 0
	for i := 0; gp.HasMorePages() && i < 10; i++ {
		o, err := gp.NextPage(ctx)
		must(t, err)
		total += len(o.Events)
	}
	if total != 30 || gp.HasMorePages() {
		t.Fatalf("paginator: %d events, more=%v", total, gp.HasMorePages())
	}

	// FilterLogEvents across streams with a pattern and paging.
	fo, err := c.FilterLogEvents(ctx, &cwl.FilterLogEventsInput{LogGroupName: aws.String("g"), FilterPattern: aws.String(`{ $.level = "ERROR" }`)})
	must(t, err)
	if len(fo.Events) != 3 || aws.ToString(fo.Events[0].LogStreamName) != "s1" || aws.ToString(fo.Events[0].EventId) == "" {
		t.Fatalf("filter json: %+v", fo.Events)
	}
	fo, err = c.FilterLogEvents(ctx, &cwl.FilterLogEventsInput{LogGroupName: aws.String("g"), FilterPattern: aws.String(`ERROR`), LogStreamNames: []string{"s2"}})
	must(t, err)
	if len(fo.Events) != 1 || aws.ToString(fo.Events[0].Message) != "ERROR s2" {
		t.Fatalf("filter terms: %+v", fo.Events)
	}
	fp := cwl.NewFilterLogEventsPaginator(c, &cwl.FilterLogEventsInput{LogGroupName: aws.String("g"), Limit: aws.Int32(4)})
	total = 0
	for fp.HasMorePages() {
		o, err := fp.NextPage(ctx)
		must(t, err)
		total += len(o.Events)
	}
	if total != 31 {
		t.Fatalf("filter paging: %d", total)
	}
	_, err = c.FilterLogEvents(ctx, &cwl.FilterLogEventsInput{LogGroupName: aws.String("g"), FilterPattern: aws.String(`{ $.a = `)})
	wantAPIError(t, err, "InvalidParameterException", "Invalid filter pattern")
	_, err = c.FilterLogEvents(ctx, &cwl.FilterLogEventsInput{LogGroupName: aws.String("g"), LogGroupIdentifier: aws.String("g")})
	wantAPIError(t, err, "InvalidParameterException", "")

	_, err = c.DeleteLogStream(ctx, &cwl.DeleteLogStreamInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s2")})
	must(t, err)
	_, err = c.DeleteLogStream(ctx, &cwl.DeleteLogStreamInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s2")})
	wantAPIError(t, err, "ResourceNotFoundException", "log stream")
}

const route53Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"Route53LogsToCloudWatchLogs","Effect":"Allow","Principal":{"Service":["route53.amazonaws.com"]},"Action":"logs:PutLogEvents","Resource":"arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/*"}]}`

func TestWirePoliciesAndFilters(t *testing.T) {
	c := newClient(t)
	ctx := context.Background()
	_, err := c.CreateLogGroup(ctx, &cwl.CreateLogGroupInput{LogGroupName: aws.String("g")})
	must(t, err)
	rp, err := c.PutResourcePolicy(ctx, &cwl.PutResourcePolicyInput{PolicyName: aws.String("r53"), PolicyDocument: aws.String(route53Policy)})
	must(t, err)
	if aws.ToString(rp.ResourcePolicy.PolicyName) != "r53" || aws.ToString(rp.ResourcePolicy.PolicyDocument) != route53Policy || aws.ToInt64(rp.ResourcePolicy.LastUpdatedTime) == 0 {
		t.Fatalf("put policy: %+v", rp.ResourcePolicy)
	}
	_, err = c.PutResourcePolicy(ctx, &cwl.PutResourcePolicyInput{PolicyName: aws.String("bad"), PolicyDocument: aws.String(`{"Version":"2012-10-17"`)})
	wantAPIError(t, err, "InvalidParameterException", "")
	for i := range 9 {
		_, err = c.PutResourcePolicy(ctx, &cwl.PutResourcePolicyInput{PolicyName: aws.String(fmt.Sprintf("p%d", i)), PolicyDocument: aws.String(route53Policy)})
		must(t, err)
	}
	_, err = c.PutResourcePolicy(ctx, &cwl.PutResourcePolicyInput{PolicyName: aws.String("eleventh"), PolicyDocument: aws.String(route53Policy)})
	var le *types.LimitExceededException
	if !errors.As(err, &le) {
		t.Fatalf("11th policy: %v", err)
	}
	dp, err := c.DescribeResourcePolicies(ctx, &cwl.DescribeResourcePoliciesInput{})
	must(t, err)
	if len(dp.ResourcePolicies) != 10 {
		t.Fatalf("policies: %d", len(dp.ResourcePolicies))
	}
	_, err = c.DeleteResourcePolicy(ctx, &cwl.DeleteResourcePolicyInput{PolicyName: aws.String("r53")})
	must(t, err)
	_, err = c.DeleteResourcePolicy(ctx, &cwl.DeleteResourcePolicyInput{PolicyName: aws.String("r53")})
	wantAPIError(t, err, "ResourceNotFoundException", "")

	_, err = c.PutSubscriptionFilter(ctx, &cwl.PutSubscriptionFilterInput{LogGroupName: aws.String("g"), FilterName: aws.String("to-kinesis"),
		FilterPattern: aws.String("[ip, user, status=5*]"), DestinationArn: aws.String("arn:aws:kinesis:us-east-1:123456789012:stream/s"),
		RoleArn: aws.String("arn:aws:iam::123456789012:role/cwl"), Distribution: types.DistributionRandom})
	must(t, err)
	_, err = c.PutSubscriptionFilter(ctx, &cwl.PutSubscriptionFilterInput{LogGroupName: aws.String("g"), FilterName: aws.String("bad"),
		FilterPattern: aws.String("[ip,"), DestinationArn: aws.String("arn:aws:kinesis:us-east-1:123456789012:stream/s")})
	wantAPIError(t, err, "InvalidParameterException", "Invalid filter pattern")
	sf, err := c.DescribeSubscriptionFilters(ctx, &cwl.DescribeSubscriptionFiltersInput{LogGroupName: aws.String("g")})
	must(t, err)
	if len(sf.SubscriptionFilters) != 1 || sf.SubscriptionFilters[0].Distribution != types.DistributionRandom || aws.ToString(sf.SubscriptionFilters[0].LogGroupName) != "g" {
		t.Fatalf("subscription filters: %+v", sf.SubscriptionFilters)
	}
	_, err = c.DeleteSubscriptionFilter(ctx, &cwl.DeleteSubscriptionFilterInput{LogGroupName: aws.String("g"), FilterName: aws.String("to-kinesis")})
	must(t, err)

	_, err = c.PutMetricFilter(ctx, &cwl.PutMetricFilterInput{LogGroupName: aws.String("g"), FilterName: aws.String("404s"),
		FilterPattern:         aws.String("[ip, id, user, timestamp, request, status_code=404, size]"),
		MetricTransformations: []types.MetricTransformation{{MetricName: aws.String("NotFound"), MetricNamespace: aws.String("Web"), MetricValue: aws.String("1"), DefaultValue: aws.Float64(0)}}})
	must(t, err)
	mf, err := c.DescribeMetricFilters(ctx, &cwl.DescribeMetricFiltersInput{LogGroupName: aws.String("g"), FilterNamePrefix: aws.String("404")})
	must(t, err)
	if len(mf.MetricFilters) != 1 || aws.ToFloat64(mf.MetricFilters[0].MetricTransformations[0].DefaultValue) != 0 || aws.ToString(mf.MetricFilters[0].LogGroupName) != "g" {
		t.Fatalf("metric filters: %+v", mf.MetricFilters)
	}
	dg, err := c.DescribeLogGroups(ctx, &cwl.DescribeLogGroupsInput{})
	must(t, err)
	if aws.ToInt32(dg.LogGroups[0].MetricFilterCount) != 1 {
		t.Fatalf("metricFilterCount: %+v", dg.LogGroups[0])
	}
	tm, err := c.TestMetricFilter(ctx, &cwl.TestMetricFilterInput{FilterPattern: aws.String("[ip, id, user, timestamp, request, status_code, size]"),
		LogEventMessages: []string{`127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534`}})
	must(t, err)
	if len(tm.Matches) != 1 || tm.Matches[0].ExtractedValues["$size"] != "1534" || tm.Matches[0].EventNumber != 1 {
		t.Fatalf("test metric filter: %+v", tm.Matches)
	}
	_, err = c.DeleteMetricFilter(ctx, &cwl.DeleteMetricFilterInput{LogGroupName: aws.String("g"), FilterName: aws.String("404s")})
	must(t, err)
	_, err = c.DeleteMetricFilter(ctx, &cwl.DeleteMetricFilterInput{LogGroupName: aws.String("g"), FilterName: aws.String("404s")})
	wantAPIError(t, err, "ResourceNotFoundException", "")
	// An operation vpcsim does not serve answers the protocol's error.
	_, err = c.StartQuery(ctx, &cwl.StartQueryInput{LogGroupName: aws.String("g"), QueryString: aws.String("fields @message"), StartTime: aws.Int64(0), EndTime: aws.Int64(1)})
	wantAPIError(t, err, "UnknownOperationException", "")
}

// TestWireMissingMember: CloudWatch Logs answers a missing required member
// with InvalidParameterException and the usual validation message (the SDK
// checks required members itself, so the request is sent raw).
func TestWireMissingMember(t *testing.T) {
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	defer func() { hs.Close(); _ = st.Close() }()
	req, _ := http.NewRequest("POST", hs.URL+"/", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "Logs_20140328.CreateLogGroup")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAVPCSIMTEST/20260101/us-east-1/logs/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var e struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	if resp.StatusCode != 400 || e.Type != "InvalidParameterException" ||
		e.Message != "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null" {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
}
