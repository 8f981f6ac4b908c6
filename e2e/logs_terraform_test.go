package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

func (s *testServer) logsClient() *cwl.Client {
	return cwl.New(cwl.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		RetryMaxAttempts: 3,
	})
}

// checkLogsApplied checks what the logs scenario's first apply created.
func checkLogsApplied(t *testing.T, ctx context.Context, srv *testServer) {
	c := srv.logsClient()
	g := must[*cwl.DescribeLogGroupsOutput](t, "DescribeLogGroups")(c.DescribeLogGroups(ctx, &cwl.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/vpcsim/e2e/")}))
	if len(g.LogGroups) != 1 || aws.ToInt32(g.LogGroups[0].RetentionInDays) != 14 || aws.ToInt32(g.LogGroups[0].MetricFilterCount) != 1 {
		t.Errorf("log group after apply: %+v", g.LogGroups)
		return
	}
	tags := must[*cwl.ListTagsForResourceOutput](t, "ListTagsForResource")(c.ListTagsForResource(ctx, &cwl.ListTagsForResourceInput{ResourceArn: g.LogGroups[0].LogGroupArn}))
	if tags.Tags["env"] != "dev" || tags.Tags["Name"] != "app" {
		t.Errorf("tags after apply: %v", tags.Tags)
	}
}
