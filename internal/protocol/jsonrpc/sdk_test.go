package jsonrpc_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	logssdk "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/smithy-go"

	"github.com/vpcsim/vpcsim/internal/api/logs"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/jsonrpc"
)

// serve runs svc's operations through the JSON codec on a loopback server;
// handle fills the output.
func serve(t *testing.T, svc *protocol.Service, handle func(op string, in any) (any, error)) string {
	t.Helper()
	var c jsonrpc.Codec
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		const rid = "0d3c8a8e-0000-4000-8000-000000000002"
		body, _ := io.ReadAll(r.Body)
		req := &protocol.Request{HTTP: r, Body: body}
		fail := func(err error) {
			e, ok := awserr.As(err)
			if !ok {
				e = awserr.Internal(err)
			}
			c.WriteError(w, svc, e, rid)
		}
		name, err := c.Resolve(svc, req)
		if err != nil {
			fail(err)
			return
		}
		op := svc.Operations[name]
		if op == nil {
			fail(&awserr.Error{Code: "UnknownOperationException", Message: name, Status: 400})
			return
		}
		in := op.NewInput()
		if err := c.Decode(svc, op, req, in); err != nil {
			fail(err)
			return
		}
		out, err := handle(name, in)
		if err != nil {
			fail(err)
			return
		}
		if err := c.WriteOutput(w, svc, op, out, rid); err != nil {
			t.Errorf("WriteOutput: %v", err)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func sp(s string) *string { return &s }

func TestSDKCloudWatchLogs(t *testing.T) {
	var mu sync.Mutex
	groups := map[string]map[string]string{} // name -> tags
	events := map[string][]logs.OutputLogEvent{}
	url := serve(t, logs.Service, func(op string, in any) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		notFound := &awserr.Error{Code: "ResourceNotFoundException", Message: "The specified log group does not exist.", Status: 400}
		switch op {
		case "CreateLogGroup":
			in := in.(*logs.CreateLogGroupRequest)
			if _, ok := groups[*in.LogGroupName]; ok {
				return nil, &awserr.Error{Code: "ResourceAlreadyExistsException", Message: "The specified log group already exists", Status: 400}
			}
			groups[*in.LogGroupName] = in.Tags
			return nil, nil
		case "DescribeLogGroups":
			in := in.(*logs.DescribeLogGroupsRequest)
			out := &logs.DescribeLogGroupsResponse{LogGroups: []logs.LogGroup{}}
			for name := range groups {
				if in.LogGroupNamePrefix != nil && name[:len(*in.LogGroupNamePrefix)] != *in.LogGroupNamePrefix {
					continue
				}
				out.LogGroups = append(out.LogGroups, logs.LogGroup{
					LogGroupName: sp(name), CreationTime: new(int64(1764454504123)), RetentionInDays: new(int32(30)),
					StoredBytes: new(int64(1 << 40)), Arn: sp("arn:aws:logs:us-east-1:123456789012:log-group:" + name + ":*"),
					InheritedProperties: []string{"ACCOUNT_DATA_PROTECTION"}, DeletionProtectionEnabled: new(false),
				})
			}
			if in.Limit != nil && *in.Limit == 1 {
				out.NextToken = sp("t1")
			}
			return out, nil
		case "PutLogEvents":
			in := in.(*logs.PutLogEventsRequest)
			if _, ok := groups[*in.LogGroupName]; !ok {
				return nil, notFound
			}
			for _, e := range in.LogEvents {
				events[*in.LogStreamName] = append(events[*in.LogStreamName], logs.OutputLogEvent{Timestamp: e.Timestamp, Message: e.Message, IngestionTime: new(int64(1764454509000))})
			}
			return &logs.PutLogEventsResponse{NextSequenceToken: sp("seq-2"), RejectedLogEventsInfo: &logs.RejectedLogEventsInfo{TooOldLogEventEndIndex: new(int32(0))}}, nil
		case "GetLogEvents":
			in := in.(*logs.GetLogEventsRequest)
			return &logs.GetLogEventsResponse{Events: events[*in.LogStreamName], NextForwardToken: sp("f/1"), NextBackwardToken: sp("b/1")}, nil
		case "ListTagsLogGroup":
			in := in.(*logs.ListTagsLogGroupRequest)
			tags, ok := groups[*in.LogGroupName]
			if !ok {
				return nil, notFound
			}
			return &logs.ListTagsLogGroupResponse{Tags: tags}, nil
		}
		return nil, &awserr.Error{Code: "InvalidOperationException", Message: op, Status: 400}
	})
	client := logssdk.New(logssdk.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		Retryer:      aws.NopRetryer{},
	})
	ctx := context.Background()

	if _, err := client.CreateLogGroup(ctx, &logssdk.CreateLogGroupInput{
		LogGroupName: sp("/app/web"), Tags: map[string]string{"team": "net", "quote": `"x" & <y>`},
	}); err != nil {
		t.Fatal(err)
	}
	_, err := client.CreateLogGroup(ctx, &logssdk.CreateLogGroupInput{LogGroupName: sp("/app/web")})
	var exists *logstypes.ResourceAlreadyExistsException
	if !errors.As(err, &exists) {
		t.Errorf("duplicate CreateLogGroup: %v", err)
	}

	dg, err := client.DescribeLogGroups(ctx, &logssdk.DescribeLogGroupsInput{LogGroupNamePrefix: sp("/app/"), Limit: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(dg.LogGroups) != 1 || *dg.NextToken != "t1" {
		t.Fatalf("DescribeLogGroups: %+v", dg)
	}
	g := dg.LogGroups[0]
	if *g.LogGroupName != "/app/web" || *g.CreationTime != 1764454504123 || *g.RetentionInDays != 30 || *g.StoredBytes != 1<<40 ||
		!reflect.DeepEqual(g.InheritedProperties, []logstypes.InheritedProperty{logstypes.InheritedPropertyAccountDataProtection}) || *g.DeletionProtectionEnabled {
		t.Errorf("log group: %+v", g)
	}
	dg, err = client.DescribeLogGroups(ctx, &logssdk.DescribeLogGroupsInput{LogGroupNamePrefix: sp("/none/")})
	if err != nil || dg.LogGroups == nil || len(dg.LogGroups) != 0 {
		t.Errorf("empty DescribeLogGroups: %+v, %v", dg, err)
	}

	tags, err := client.ListTagsLogGroup(ctx, &logssdk.ListTagsLogGroupInput{LogGroupName: sp("/app/web")})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tags.Tags, map[string]string{"team": "net", "quote": `"x" & <y>`}) {
		t.Errorf("tags = %v", tags.Tags)
	}

	put, err := client.PutLogEvents(ctx, &logssdk.PutLogEventsInput{
		LogGroupName: sp("/app/web"), LogStreamName: sp("s1"),
		LogEvents: []logstypes.InputLogEvent{
			{Timestamp: aws.Int64(1764454504000), Message: sp("GET / 200")},
			{Timestamp: aws.Int64(1764454504001), Message: sp("línea \"2\"\n\ttab")},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if *put.NextSequenceToken != "seq-2" || put.RejectedLogEventsInfo == nil || *put.RejectedLogEventsInfo.TooOldLogEventEndIndex != 0 ||
		put.RejectedLogEventsInfo.TooNewLogEventStartIndex != nil {
		t.Errorf("PutLogEvents: %+v", put)
	}

	ge, err := client.GetLogEvents(ctx, &logssdk.GetLogEventsInput{LogGroupName: sp("/app/web"), LogStreamName: sp("s1"), StartFromHead: aws.Bool(true), Limit: aws.Int32(10)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ge.Events) != 2 || *ge.Events[1].Message != "línea \"2\"\n\ttab" || *ge.Events[1].Timestamp != 1764454504001 ||
		*ge.Events[0].IngestionTime != 1764454509000 || *ge.NextForwardToken != "f/1" {
		t.Errorf("GetLogEvents: %+v", ge)
	}

	_, err = client.PutLogEvents(ctx, &logssdk.PutLogEventsInput{
		LogGroupName: sp("/missing"), LogStreamName: sp("s1"),
		LogEvents: []logstypes.InputLogEvent{{Timestamp: aws.Int64(1), Message: sp("m")}},
	})
	var rnf *logstypes.ResourceNotFoundException
	if !errors.As(err, &rnf) {
		t.Fatalf("error = %v, want ResourceNotFoundException", err)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ResourceNotFoundException" || apiErr.ErrorMessage() != "The specified log group does not exist." {
		t.Errorf("api error: %v", err)
	}

	_, err = client.DeleteLogGroup(ctx, &logssdk.DeleteLogGroupInput{LogGroupName: sp("/app/web")})
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidOperationException" {
		t.Errorf("unhandled op: %v", err)
	}
}

// TestSDKUnknownTarget sends a foreign X-Amz-Target with a plain HTTP
// client.
func TestSDKUnknownTarget(t *testing.T) {
	url := serve(t, logs.Service, func(string, any) (any, error) { return nil, nil })
	req, _ := http.NewRequest(http.MethodPost, url, nil)
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810.ListTables")
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || resp.Header.Get("x-amzn-ErrorType") != "UnknownOperationException" {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}
