package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	ec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/spf13/pflag"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/flowlog"
	"github.com/vpcsim/vpcsim/internal/flowlog/troubleshoot"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

const flowlogsLong = `Reads VPC Flow Log records and answers the troubleshooting questions:
which flows were rejected, on which side of the interface, whether a
security group or a network ACL is the likely cause (an accepted request
whose response is rejected is a network ACL; a rejected request is a
security group or a network ACL), the rejected ports and the top talkers.

Records come from files exported from AWS or written by vpcsim (text with
the default format, --format, or the header line AWS writes first in S3
files; gzip or plain; Parquet), from directories of such files (an
'aws s3 cp --recursive' download), or from vpcsim's own destinations:
--log-group NAME (CloudWatch Logs) and --s3 s3://BUCKET/PREFIX, read from
a running server (--endpoint URL) or a stopped one's data directory
(--data DIR). With --endpoint or --data, each rejected flow is re-traced
in that world and the security group or network ACL entry that rejects it
is named (--no-rules to skip).

Exit status: 0 no rejected flow, 1 rejected flows found, 2 error.`

func flowlogsAnalyzeFlags(fs *pflag.FlagSet, std streams) func(ctx context.Context, args []string) int {
	stdin, stdout, stderr := std.stdin, std.stdout, std.stderr

	format := fs.String("format", "", "format of text records without a header line (${field} ...); default: AWS's default format, or the flow log's for --log-group")
	group := fs.String("log-group", "", "read the events of this CloudWatch Logs group (vpcsim's)")
	s3url := fs.String("s3", "", "read the flow log files under s3://BUCKET/PREFIX (vpcsim's)")
	endpoint := fs.String("endpoint", "", "URL of a running vpcsim")
	data := fs.String("data", "", "data directory of a stopped vpcsim")
	region := fs.String("region", "", "region of the log group or bucket (default: AWS_REGION, else us-east-1)")
	top := fs.Int("top", 10, "length of the top-talker, rejected-port and rejected-flow lists")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	noRules := fs.Bool("no-rules", false, "do not re-trace rejected flows in the world")
	return func(ctx context.Context, args []string) int {
		bad := func(format string, a ...any) int {
			fmt.Fprintf(stderr, "vpcsim flowlogs: "+format+"\n", a...)
			return 2
		}
		paths := args
		switch {
		case *endpoint != "" && *data != "":
			return bad("give --endpoint or --data, not both")
		case (*group != "" || *s3url != "") && *endpoint == "" && *data == "":
			return bad("--log-group and --s3 read from vpcsim: give --endpoint URL or --data DIR")
		case len(paths) == 0 && *group == "" && *s3url == "":
			return bad("nothing to read: give files, --log-group or --s3")
		case *top < 1 || *top > 10000:
			return bad("--top must be 1..10000")
		}
		var fmtv flowlog.Format
		if *format != "" {
			f, err := troubleshoot.ParseAnyFormat(*format)
			if err != nil {
				return bad("--format: %v", err)
			}
			fmtv = f
		}
		if *region == "" {
			*region = os.Getenv("AWS_REGION")
		}
		if *region == "" {
			*region = "us-east-1"
		}

		var src *vpcsimSource
		if *endpoint != "" || *data != "" {
			var err error
			src, err = openVpcsim(ctx, *endpoint, *data, *region)
			if err != nil {
				fmt.Fprintf(stderr, "vpcsim flowlogs: %v\n", err)
				return 2
			}
			defer src.close()
		}
		opts := troubleshoot.Options{Top: *top}
		if src != nil && !*noRules {
			addrs, _, err := src.interfaces(ctx)
			if err != nil {
				fmt.Fprintf(stderr, "vpcsim flowlogs: %v\n", err)
				return 2
			}
			opts.Addresses = addrs
		}
		an := troubleshoot.NewAnalyzer(opts)
		rd := &troubleshoot.Reader{Format: fmtv, Add: an.Add}
		for _, p := range paths {
			var err error
			if p == "-" {
				err = rd.Read(stdin, "stdin")
			} else {
				err = rd.ReadPath(p)
			}
			if err != nil {
				fmt.Fprintf(stderr, "vpcsim flowlogs: %v\n", err)
				return 2
			}
		}
		if *group != "" {
			if err := src.readGroup(ctx, rd, *group, *format != "", fmtv); err != nil {
				fmt.Fprintf(stderr, "vpcsim flowlogs: %v\n", err)
				return 2
			}
		}
		if *s3url != "" {
			if err := src.readS3(ctx, rd, *s3url); err != nil {
				fmt.Fprintf(stderr, "vpcsim flowlogs: %v\n", err)
				return 2
			}
		}
		for _, l := range rd.BadLines {
			fmt.Fprintf(stderr, "vpcsim flowlogs: skipped %s\n", l)
		}
		if rd.Bad > int64(len(rd.BadLines)) {
			fmt.Fprintf(stderr, "vpcsim flowlogs: skipped %d more lines that are not records of the format\n", rd.Bad-int64(len(rd.BadLines)))
		}
		rep := an.Report()
		if src != nil && !*noRules && len(rep.Rejections) > 0 {
			if err := src.explain(ctx, rep); err != nil {
				fmt.Fprintf(stderr, "vpcsim flowlogs: %v\n", err)
				return 2
			}
		}
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(rep); err != nil {
				return 2
			}
		} else if err := rep.WriteText(stdout, *top); err != nil {
			return 2
		}
		if rep.RejectedFlows > 0 {
			return 1
		}
		return 0
	}
}

// vpcsimSource reads vpcsim's destinations through its APIs: a running
// server's, or a stopped one's served in-process over its data directory.
type vpcsimSource struct {
	url    string
	http   *http.Client
	region string
	st     *store.Store // --data
	ec2    *ec2.Client
	logs   *cwl.Client
	s3     *s3.Client
}

// inProcess is an http.RoundTripper that serves requests with a handler.
type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

func openVpcsim(ctx context.Context, url, dir, region string) (*vpcsimSource, error) {
	s := &vpcsimSource{url: strings.TrimRight(url, "/"), region: region, http: &http.Client{Timeout: 5 * time.Minute}}
	if dir != "" {
		if fi, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		} else if !fi.IsDir() {
			return nil, fmt.Errorf("data directory: %s is not a directory", dir)
		}
		st, err := store.Open(store.Options{Dir: dir})
		if err != nil {
			return nil, fmt.Errorf("%w (is a server using this data directory? use --endpoint)", err)
		}
		s.st = st
		s.url = "http://127.0.0.1" // served in-process: no connection is made
		s.http = &http.Client{Transport: inProcess{server.New(control.New(st, control.Options{}), server.Options{})}}
	}
	key, secret, token := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), os.Getenv("AWS_SESSION_TOKEN")
	if key == "" || secret == "" {
		key, secret, token = "test", "test", ""
	}
	creds := credentials.NewStaticCredentialsProvider(key, secret, token)
	s.ec2 = ec2.New(ec2.Options{Region: region, BaseEndpoint: aws.String(s.url), Credentials: creds, HTTPClient: s.http})
	s.logs = cwl.New(cwl.Options{Region: region, BaseEndpoint: aws.String(s.url), Credentials: creds, HTTPClient: s.http})
	s.s3 = s3.New(s3.Options{Region: region, BaseEndpoint: aws.String(s.url), Credentials: creds, HTTPClient: s.http, UsePathStyle: true})
	return s, nil
}

func (s *vpcsimSource) close() {
	if s.st != nil {
		_ = s.st.Close()
	}
}

// interfaces returns the caller's network interfaces' addresses and VPCs.
func (s *vpcsimSource) interfaces(ctx context.Context) (map[string][]netip.Addr, map[string]string, error) {
	if s.st != nil {
		return troubleshoot.Addresses(s.st.Snapshot()), nil, nil
	}
	addrs, vpcs := map[string][]netip.Addr{}, map[string]string{}
	p := ec2.NewDescribeNetworkInterfacesPaginator(s.ec2, &ec2.DescribeNetworkInterfacesInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("describe network interfaces: %w", err)
		}
		for _, n := range out.NetworkInterfaces {
			id := aws.ToString(n.NetworkInterfaceId)
			var as []netip.Addr
			add := func(s *string) {
				if a, err := netip.ParseAddr(aws.ToString(s)); err == nil {
					as = append(as, a)
				}
			}
			add(n.PrivateIpAddress)
			for _, p := range n.PrivateIpAddresses {
				if aws.ToString(p.PrivateIpAddress) != aws.ToString(n.PrivateIpAddress) {
					add(p.PrivateIpAddress)
				}
			}
			for _, p := range n.PrivateIpAddresses {
				if p.Association != nil {
					add(p.Association.PublicIp)
				}
			}
			for _, v6 := range n.Ipv6Addresses {
				add(v6.Ipv6Address)
			}
			addrs[id], vpcs[id] = as, aws.ToString(n.VpcId)
		}
	}
	return addrs, vpcs, nil
}

// readGroup reads a log group's events. Without --format, the format is
// that of the flow logs delivering to the group (DescribeFlowLogs), when
// they agree.
func (s *vpcsimSource) readGroup(ctx context.Context, rd *troubleshoot.Reader, group string, given bool, f flowlog.Format) error {
	if !given {
		out, err := s.ec2.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{Filter: []ec2types.Filter{{Name: aws.String("log-group-name"), Values: []string{group}}}})
		if err != nil {
			return fmt.Errorf("describe flow logs: %w", err)
		}
		formats := map[string]bool{}
		for _, fl := range out.FlowLogs {
			formats[aws.ToString(fl.LogFormat)] = true
		}
		if len(formats) > 1 {
			return fmt.Errorf("the flow logs of log group %s use %d formats; give --format", group, len(formats))
		}
		for lf := range formats {
			pf, err := troubleshoot.ParseAnyFormat(lf)
			if err != nil {
				return fmt.Errorf("flow log format %q: %w", lf, err)
			}
			f = pf
		}
	}
	line := troubleshoot.NewLine(f)
	p := cwl.NewFilterLogEventsPaginator(s.logs, &cwl.FilterLogEventsInput{LogGroupName: aws.String(group)})
	var n int64
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("log group %s: %w", group, err)
		}
		for _, e := range out.Events {
			n++
			rd.AddLine(line, aws.ToString(e.Message), group+"/"+aws.ToString(e.LogStreamName), n)
		}
	}
	return nil
}

// readS3 reads every object under s3://bucket/prefix.
func (s *vpcsimSource) readS3(ctx context.Context, rd *troubleshoot.Reader, url string) error {
	rest, ok := strings.CutPrefix(url, "s3://")
	if !ok || rest == "" {
		return fmt.Errorf("--s3 %q: want s3://BUCKET/PREFIX", url)
	}
	bucket, prefix, _ := strings.Cut(rest, "/")
	p := s3.NewListObjectsV2Paginator(s.s3, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list s3://%s/%s: %w", bucket, prefix, err)
		}
		for _, o := range out.Contents {
			if aws.ToInt64(o.Size) > troubleshoot.MaxParquetBytes {
				return fmt.Errorf("s3://%s/%s is larger than %d bytes", bucket, aws.ToString(o.Key), troubleshoot.MaxParquetBytes)
			}
			got, err := s.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: o.Key})
			if err != nil {
				return fmt.Errorf("get s3://%s/%s: %w", bucket, aws.ToString(o.Key), err)
			}
			err = rd.Read(got.Body, "s3://"+bucket+"/"+aws.ToString(o.Key))
			got.Body.Close()
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// explain names the rule rejecting each flow: with the data directory's
// world directly, or with the running server's trace route.
func (s *vpcsimSource) explain(ctx context.Context, rep *troubleshoot.Report) error {
	if s.st != nil {
		w := s.st.Snapshot()
		troubleshoot.Explain(rep, dataplane.Compile(w), w)
		return nil
	}
	addrs, vpcs, err := s.interfaces(ctx)
	if err != nil {
		return err
	}
	troubleshoot.ExplainWith(rep, addrs, vpcs, func(q dataplane.Query) (*troubleshoot.Culprit, error) {
		body, _ := json.Marshal(q)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url+"/_vpcsim/trace?format=json", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		if err := signAdmin(ctx, req, body); err != nil {
			return nil, err
		}
		resp, err := s.http.Do(req)
		if err != nil {
			return nil, fmt.Errorf("cannot reach vpcsim at %s: %w", s.url, err)
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
		if err != nil {
			return nil, err
		}
		return troubleshoot.CulpritFromTraceJSON(raw)
	})
	return nil
}
