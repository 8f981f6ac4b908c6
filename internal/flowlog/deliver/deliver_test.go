package deliver

import (
	"strings"
	"testing"
	"time"

	logsc "github.com/vpcsim/vpcsim/internal/control/logs"
	"github.com/vpcsim/vpcsim/internal/model"
)

// TestS3Key pins the four layouts and the file name of flow-logs-s3.md
// ("Log file S3 bucket structure", "Log file names").
func TestS3Key(t *testing.T) {
	at := time.Date(2018, 6, 20, 16, 20, 0, 0, time.UTC)
	fl := func(hive, hour bool) *model.FlowLog {
		return &model.FlowLog{Meta: model.Meta{ID: "fl-1234abcd", Account: "123456789012", Region: "us-east-1"},
			LogDestinationType: "s3", LogDestination: "arn:aws:s3:::my-bucket/my-logs/", HiveCompatiblePartitions: hive, PerHourPartition: hour}
	}
	name := "123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz"
	for _, c := range []struct {
		hive, hour bool
		want       string
	}{
		{false, false, "my-logs/AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/"},
		{false, true, "my-logs/AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/16/"},
		{true, false, "my-logs/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2018/month=06/day=20/"},
		{true, true, "my-logs/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2018/month=06/day=20/hour=16/"},
	} {
		if got := S3Key(fl(c.hive, c.hour), at, "fe123456"); got != c.want+name {
			t.Errorf("hive=%v hour=%v: %s", c.hive, c.hour, got)
		}
	}
	if h := headerLine(fl(false, false)); string(h) != "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" {
		t.Errorf("header %q", h)
	}
}

// TestS3KeyTransitGateway pins the transit gateway guide's
// flow-logs-s3.md: the same layouts and file names as VPC flow logs,
// except the Hive service partition "service=vpcflowlogs"; a text file's
// header names the transit gateway fields of the version 6 default format.
func TestS3KeyTransitGateway(t *testing.T) {
	at := time.Date(2018, 6, 20, 16, 20, 0, 0, time.UTC)
	name := "123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz"
	for _, c := range []struct {
		typ        string
		hive, hour bool
		want       string
	}{
		{"TransitGateway", false, false, "AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/"},
		{"TransitGateway", false, true, "AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/16/"},
		{"TransitGateway", true, false, "AWSLogs/aws-account-id=123456789012/service=vpcflowlogs/aws-region=us-east-1/year=2018/month=06/day=20/"},
		{"TransitGatewayAttachment", true, true, "AWSLogs/aws-account-id=123456789012/service=vpcflowlogs/aws-region=us-east-1/year=2018/month=06/day=20/hour=16/"},
	} {
		fl := &model.FlowLog{Meta: model.Meta{ID: "fl-1234abcd", Account: "123456789012", Region: "us-east-1"}, ResourceType: c.typ,
			LogDestinationType: "s3", LogDestination: "arn:aws:s3:::my-bucket", HiveCompatiblePartitions: c.hive, PerHourPartition: c.hour}
		if got := S3Key(fl, at, "fe123456"); got != c.want+name {
			t.Errorf("%s hive=%v hour=%v: %s", c.typ, c.hive, c.hour, got)
		}
	}
	fl := &model.FlowLog{Meta: model.Meta{ID: "fl-1234abcd", Account: "123456789012", Region: "us-east-1"}, ResourceType: "TransitGateway"}
	want := "version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service\n"
	if h := headerLine(fl); string(h) != want {
		t.Errorf("header %q", h)
	}
}

// TestChunks pins PutLogEvents' batch bounds: 10,000 events, 1 MiB
// (26 bytes per event plus the message), 24 hours.
func TestChunks(t *testing.T) {
	var ev []logsc.Event
	for i := 0; i < 25000; i++ {
		ev = append(ev, logsc.Event{Timestamp: int64(i), Message: "x"})
	}
	if c := chunks(ev); len(c) != 3 || len(c[0]) != 10000 || len(c[2]) != 5000 {
		t.Fatalf("count bound: %d chunks", len(c))
	}
	big := strings.Repeat("y", 100000)
	ev = ev[:0]
	for i := 0; i < 25; i++ {
		ev = append(ev, logsc.Event{Timestamp: 1, Message: big})
	}
	if c := chunks(ev); len(c) != 3 || len(c[0]) != 10 {
		t.Fatalf("size bound: %d chunks", len(c))
	}
	ev = []logsc.Event{{Timestamp: 0, Message: "a"}, {Timestamp: 24*3600*1000 + 1, Message: "b"}}
	if c := chunks(ev); len(c) != 2 {
		t.Fatalf("span bound: %d chunks", len(c))
	}
}
