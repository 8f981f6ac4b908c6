package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	ec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/vpcsim/vpcsim/internal/cli"
	"github.com/vpcsim/vpcsim/internal/flowlog"
	"github.com/vpcsim/vpcsim/internal/flowlog/troubleshoot"
)

func (s *testServer) s3Client() *s3.Client {
	return s3.New(s3.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		RetryMaxAttempts: 3,
		UsePathStyle:     true,
	})
}

// TestFlowLogsParquet creates two S3 flow logs with the SDK for the same
// subnet and format, one Parquet with Hive-compatible and per-hour
// partitions, one plain text with per-hour partitions, runs traffic over
// two 5-minute periods, and checks (VPC-UG flow-logs-s3.md): a file per
// flow log and period, the four-part key layouts and the .log.parquet
// name, and that the Parquet files hold exactly the text files' records,
// value for value ('-' as null).
func TestFlowLogsParquet(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	ctx := testCtx(t)
	c := srv.ec2Client()
	s3c := srv.s3Client()
	account := aws.ToString(must[*sts.GetCallerIdentityOutput](t, "GetCallerIdentity")(srv.stsClient().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})).Account)
	vpc := must[*ec2.CreateVpcOutput](t, "CreateVpc")(c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.60.0.0/16")})).Vpc.VpcId
	subnet := must[*ec2.CreateSubnetOutput](t, "CreateSubnet")(c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc, CidrBlock: aws.String("10.60.1.0/24")})).Subnet.SubnetId
	eni := func(ip string) string {
		return aws.ToString(must[*ec2.CreateNetworkInterfaceOutput](t, "CreateNetworkInterface")(c.CreateNetworkInterface(ctx,
			&ec2.CreateNetworkInterfaceInput{SubnetId: subnet, PrivateIpAddress: aws.String(ip)})).NetworkInterface.NetworkInterfaceId)
	}
	a, b := eni("10.60.1.10"), eni("10.60.1.20")
	closed := must[*ec2.CreateSecurityGroupOutput](t, "CreateSecurityGroup")(c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
		GroupName: aws.String("closed"), Description: aws.String("no inbound rules"), VpcId: vpc})).GroupId
	cENI := aws.ToString(must[*ec2.CreateNetworkInterfaceOutput](t, "CreateNetworkInterface")(c.CreateNetworkInterface(ctx,
		&ec2.CreateNetworkInterfaceInput{SubnetId: subnet, PrivateIpAddress: aws.String("10.60.1.30"), Groups: []string{aws.ToString(closed)}})).NetworkInterface.NetworkInterfaceId)
	ic := srv.iamClient()
	role := must[*iam.CreateRoleOutput](t, "CreateRole")(ic.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("fl"), AssumeRolePolicyDocument: aws.String(flowLogsTrust)})).Role.Arn
	must[*iam.PutRolePolicyOutput](t, "PutRolePolicy")(ic.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("fl"), PolicyName: aws.String("p"), PolicyDocument: aws.String(flowLogsPublish)}))
	must[*s3.CreateBucketOutput](t, "CreateBucket")(s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("pq-bucket")}))

	const format = "${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${tcp-flags} ${type} ${pkt-srcaddr} ${flow-direction} ${traffic-path}"
	create := func(prefix string, opts *types.DestinationOptionsRequest) {
		out := must[*ec2.CreateFlowLogsOutput](t, "CreateFlowLogs")(c.CreateFlowLogs(ctx, &ec2.CreateFlowLogsInput{
			ResourceType: types.FlowLogsResourceTypeSubnet, ResourceIds: []string{aws.ToString(subnet)}, TrafficType: types.TrafficTypeAll,
			LogDestinationType: types.LogDestinationTypeS3, LogDestination: aws.String("arn:aws:s3:::pq-bucket/" + prefix),
			LogFormat: aws.String(format), MaxAggregationInterval: aws.Int32(60), DestinationOptions: opts}))
		if len(out.FlowLogIds) != 1 || len(out.Unsuccessful) != 0 {
			t.Fatalf("CreateFlowLogs %s: %+v", prefix, out)
		}
	}
	create("pq/", &types.DestinationOptionsRequest{FileFormat: types.DestinationFileFormatParquet,
		HiveCompatiblePartitions: aws.Bool(true), PerHourPartition: aws.Bool(true)})
	create("text/", &types.DestinationOptionsRequest{FileFormat: types.DestinationFileFormatPlainText, PerHourPartition: aws.Bool(true)})
	cwlOut := must[*ec2.CreateFlowLogsOutput](t, "CreateFlowLogs")(c.CreateFlowLogs(ctx, &ec2.CreateFlowLogsInput{
		ResourceType: types.FlowLogsResourceTypeSubnet, ResourceIds: []string{aws.ToString(subnet)}, TrafficType: types.TrafficTypeAll,
		LogGroupName: aws.String("fl-group"), DeliverLogsPermissionArn: role, LogFormat: aws.String(format), MaxAggregationInterval: aws.Int32(60)}))
	if len(cwlOut.FlowLogIds) != 1 || len(cwlOut.Unsuccessful) != 0 {
		t.Fatalf("CreateFlowLogs to CloudWatch Logs: %+v", cwlOut)
	}
	fls := must[*ec2.DescribeFlowLogsOutput](t, "DescribeFlowLogs")(c.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{}))
	sawParquet := false
	for _, fl := range fls.FlowLogs {
		if fl.DestinationOptions != nil && fl.DestinationOptions.FileFormat == types.DestinationFileFormatParquet {
			sawParquet = aws.ToBool(fl.DestinationOptions.HiveCompatiblePartitions) && aws.ToBool(fl.DestinationOptions.PerHourPartition)
		}
	}
	if !sawParquet {
		t.Fatalf("DescribeFlowLogs does not report the Parquet options: %+v", fls.FlowLogs)
	}

	start := time.Now().Add(-2*time.Hour).Truncate(time.Hour).Unix() + 30
	traffic := fmt.Sprintf(`{"start": %d, "duration": 900, "flows": [
		{"source": %q, "destination": %q, "protocol": "tcp", "port": 443, "sourcePort": 40000, "at": 5, "duration": 10, "packets": 10, "bytes": 5000},
		{"source": %q, "destination": %q, "protocol": "udp", "port": 53, "sourcePort": 41000, "at": 400, "duration": 5, "packets": 3, "bytes": 300},
		{"source": %q, "destination": %q, "protocol": "tcp", "port": 22, "sourcePort": 42000, "at": 30, "packets": 2, "bytes": 120}]}`,
		start, a, b, b, a, a, cENI)
	post := func(body string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/_vpcsim/traffic?seed=1", strings.NewReader(body))
		req.Header.Set("X-Vpcsim-Account", account)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}
	if code, body := post(traffic); code != http.StatusOK {
		t.Fatalf("traffic: %d %s", code, body)
	}

	objects := map[string][]byte{}
	list := must[*s3.ListObjectsV2Output](t, "ListObjectsV2")(s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("pq-bucket")}))
	for _, o := range list.Contents {
		got := must[*s3.GetObjectOutput](t, "GetObject")(s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("pq-bucket"), Key: o.Key}))
		body, err := io.ReadAll(got.Body)
		got.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		objects[aws.ToString(o.Key)] = body
	}
	hour := time.Unix(start, 0).UTC()
	hive := regexp.MustCompile(fmt.Sprintf(`^pq/AWSLogs/aws-account-id=%s/aws-service=vpcflowlogs/aws-region=%s/year=%s/month=%s/day=%s/hour=%s/%s_vpcflowlogs_%s_fl-[0-9a-f]+_%s\d{2}Z_[0-9a-f]{8}\.log\.parquet$`,
		account, testRegion, hour.Format("2006"), hour.Format("01"), hour.Format("02"), hour.Format("15"), account, testRegion, hour.Format("20060102T15")))
	plain := regexp.MustCompile(fmt.Sprintf(`^text/AWSLogs/%s/vpcflowlogs/%s/%s/%s_vpcflowlogs_%s_fl-[0-9a-f]+_%s\d{2}Z_[0-9a-f]{8}\.log\.gz$`,
		account, testRegion, hour.Format("2006/01/02/15"), account, testRegion, hour.Format("20060102T15")))
	var pqLines, textLines []string
	var pqFiles, textFiles int
	f := flowlog.MustParseFormat(format)
	for key, body := range objects {
		var lines *[]string
		switch {
		case hive.MatchString(key):
			pqFiles++
			lines = &pqLines
			if !bytes.HasPrefix(body, []byte("PAR1")) {
				t.Fatalf("%s is not a Parquet file", key)
			}
		case plain.MatchString(key):
			textFiles++
			lines = &textLines
		default:
			t.Fatalf("unexpected key %s", key)
		}
		r := &troubleshoot.Reader{Format: f, Add: func(e *troubleshoot.Entry) { *lines = append(*lines, f.Text(&e.Record)) }}
		if err := r.Read(bytes.NewReader(body), key); err != nil || r.Bad > 0 {
			t.Fatalf("%s: %v %v", key, err, r.BadLines)
		}
	}
	// Two periods with traffic (0-5 and 5-10 minutes): two files each.
	if pqFiles < 2 || pqFiles != textFiles {
		t.Fatalf("%d Parquet and %d text files, want one per period each (>= 2): %v", pqFiles, textFiles, slices.Sorted(maps.Keys(objects)))
	}
	slices.Sort(pqLines)
	slices.Sort(textLines)
	if len(pqLines) == 0 || !slices.Equal(pqLines, textLines) {
		t.Fatalf("Parquet records differ from the text records:\n%s\n---\n%s", strings.Join(pqLines, "\n"), strings.Join(textLines, "\n"))
	}

	// vpcsim flowlogs analyze reads the same records from the bucket and
	// from the log group, and names the security group that refused the
	// SSH request, through the server's trace route.
	analyze := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := cli.Main(ctx, append([]string{"flowlogs", "analyze", "--endpoint", srv.URL}, args...), strings.NewReader(""), &out, &errb)
		return code, out.String(), errb.String()
	}
	for _, src := range [][]string{{"--s3", "s3://pq-bucket/pq/"}, {"--s3", "s3://pq-bucket/text/"}, {"--log-group", "fl-group"}} {
		code, out, errOut := analyze(append(src, "--json")...)
		var rep troubleshoot.Report
		if err := json.Unmarshal([]byte(out), &rep); code != 1 || err != nil {
			t.Fatalf("analyze %v: exit %d %v %s", src, code, err, errOut)
		}
		if rep.Summary.Records != int64(len(pqLines)) || len(rep.Rejections) != 1 {
			t.Fatalf("analyze %v: %d records (want %d), rejections %+v", src, rep.Summary.Records, len(pqLines), rep.Rejections)
		}
		x := rep.Rejections[0]
		if x.InterfaceID != cENI || x.Flow.DestinationPort != 22 || x.Side != troubleshoot.SideInbound || x.Rule == nil ||
			!slices.Contains(x.Rule.SecurityGroups, aws.ToString(closed)) {
			t.Fatalf("analyze %v: %+v rule %+v", src, x, x.Rule)
		}
	}
}
