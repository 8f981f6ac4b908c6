package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/flowlog"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

const trafficLong = `Runs the flows of a traffic file (docs/traffic.md) through the world in
DIR on a simulated clock and writes the VPC Flow Log records AWS would
write, one text line each. Each --log names a VPC, subnet or network
interface to log (vpc-..., subnet-..., eni-...); --format and --interval
apply to all of them.

With --endpoint URL instead of --data, a running server runs the file
(POST /_vpcsim/traffic): the records of the caller's flow logs go to their
destinations (CloudWatch Logs, S3) and the run's summary is printed.

Exit status: 0 the run completed, 1 it failed, 2 a wrong invocation or
input.`

type multiFlag []string

// String joins the values.
func (m *multiFlag) String() string { return strings.Join(*m, ",") }

// Set adds a value.
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// Type names the value in the help.
func (m *multiFlag) Type() string { return "id" }

// trafficFlags defines `vpcsim traffic`'s flags on fs and returns the run.
func trafficFlags(fs *pflag.FlagSet, std streams) func(ctx context.Context, args []string) int {
	stdin, stdout, stderr := std.stdin, std.stdout, std.stderr

	file := fs.String("file", "", "traffic file (JSON, see docs/traffic.md); - reads stdin")
	data := fs.String("data", "", "data directory of the world to run the traffic through")
	endpoint := fs.String("endpoint", "", "URL of a running vpcsim (uses its admin route)")
	out := fs.String("out", "-", "where to write the records (- is stdout)")
	format := fs.String("format", "", "record format (${field} ...); default: AWS's default format")
	interval := fs.Int("interval", 600, "maximum aggregation interval in seconds: 60 or 600")
	traffic := fs.String("traffic-type", "ALL", "ALL, ACCEPT or REJECT")
	seed := fs.Uint64("seed", 0, "seed for chosen ports (same seed, same records)")
	prefix := fs.Bool("prefix", false, "start each line with the flow log and interface ids")
	var logs multiFlag
	fs.Var(&logs, "log", "resource to log: vpc-..., subnet-... or eni-... (repeatable; default: every VPC)")
	return func(ctx context.Context, args []string) int {
		// bad reports a wrong invocation or input (exit 2); fail a run
		// that could not complete (exit 1).
		bad := func(format string, a ...any) int {
			fmt.Fprintf(stderr, "vpcsim traffic: "+format+"\n", a...)
			return 2
		}
		fail := func(format string, a ...any) int {
			fmt.Fprintf(stderr, "vpcsim traffic: "+format+"\n", a...)
			return 1
		}
		switch {
		case *file == "":
			fmt.Fprintln(stderr, "vpcsim traffic: --file is required")
			return 2
		case *endpoint != "" && *data != "":
			fmt.Fprintln(stderr, "vpcsim traffic: give --endpoint or --data, not both")
			return 2
		case *endpoint != "":
			return trafficEndpoint(ctx, *endpoint, *file, *seed, stdin, stdout, stderr)
		case *data == "":
			fmt.Fprintln(stderr, "vpcsim traffic: --data is required")
			return 2
		case *interval != 60 && *interval != 600:
			fmt.Fprintln(stderr, "vpcsim traffic: --interval must be 60 or 600")
			return 2
		}
		tf := flowlog.TrafficFilter(strings.ToUpper(*traffic))
		if tf != flowlog.TrafficAll && tf != flowlog.TrafficAccept && tf != flowlog.TrafficReject {
			fmt.Fprintln(stderr, "vpcsim traffic: --traffic-type must be ALL, ACCEPT or REJECT")
			return 2
		}
		fmtv, err := flowlog.ParseFormat(*format)
		if err != nil {
			return bad("--format: %v", err)
		}
		var in io.Reader = stdin
		name := "stdin"
		if *file != "-" {
			f, err := os.Open(*file)
			if err != nil {
				return bad("traffic file: %v", err)
			}
			defer f.Close()
			in, name = f, *file
		}
		tr, err := flowlog.ParseTraffic(in)
		if err != nil {
			return bad("%s: %v", name, err)
		}
		if fi, err := os.Stat(*data); err != nil {
			return bad("data directory: %v", err)
		} else if !fi.IsDir() {
			return bad("data directory: %s is not a directory", *data)
		}
		st, err := store.Open(store.Options{Dir: *data})
		if err != nil {
			return fail("%v (is a server using this data directory? stop it first)", err)
		}
		defer st.Close()
		w := st.Snapshot()
		plane := dataplane.Compile(w)
		if err := flowlog.CheckEndpoints(plane, tr); err != nil {
			return bad("%s: %v", name, err)
		}
		var subs []flowlog.Subscription
		add := func(id string) error {
			var rt flowlog.ResourceType
			switch {
			case strings.HasPrefix(id, "vpc-"):
				rt = flowlog.ResourceVPC
			case strings.HasPrefix(id, "subnet-"):
				rt = flowlog.ResourceSubnet
			case strings.HasPrefix(id, "eni-"):
				rt = flowlog.ResourceNetworkInterface
			default:
				return fmt.Errorf("--log %q: want vpc-..., subnet-... or eni-...", id)
			}
			subs = append(subs, flowlog.Subscription{FlowLogID: "fl-" + strings.SplitN(id, "-", 2)[1], ResourceID: id,
				ResourceType: rt, TrafficType: tf, Format: fmtv, MaxAggregationInterval: *interval})
			return nil
		}
		for _, id := range logs {
			if err := add(id); err != nil {
				fmt.Fprintln(stderr, "vpcsim traffic:", err)
				return 2
			}
		}
		if len(logs) == 0 {
			var ids []string
			w.VPCs.All(func(v *model.VPC) bool { ids = append(ids, v.ID); return true })
			for _, id := range ids {
				_ = add(id)
			}
		}
		var dst io.Writer = stdout
		if *out != "-" {
			f, err := os.Create(*out)
			if err != nil {
				return fail("%v", err)
			}
			defer f.Close()
			dst = f
		}
		sink := flowlog.NewTextSink(dst)
		sink.Prefix = *prefix
		stats, err := flowlog.Run(ctx, w, subs, tr, sink, flowlog.Options{Seed: *seed, Plane: plane})
		if ferr := sink.Flush(); err == nil && ferr != nil {
			err = ferr
		}
		if err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stderr, "vpcsim traffic: %d flows (%d not logged), %d records, %d NODATA, %d SKIPDATA\n",
			stats.Flows, stats.NotLogged, stats.Records, stats.NoData, stats.SkipData)
		return 0
	}
}
