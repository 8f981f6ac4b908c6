package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/store"
)

const traceUsage = `Usage: vpcsim trace --from ID|IP --to ID|IP [--protocol tcp] [--port N] [flags]

Decides and explains a packet's path, forward and return, as AWS would.
Sources and destinations: instance (i-), network interface (eni-), internet
gateway (igw-: the internet), NAT gateway (nat-), or an IP address.

Against a running server (--endpoint, default http://127.0.0.1:4566) or a
data directory (--data DIR, with the server stopped).

Exit status: 0 reachable, 1 not reachable, 2 error.
`

func trace(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("trace", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, traceUsage); fs.PrintDefaults() }
	from := fs.String("from", "", "source: a resource id or an IP address")
	to := fs.String("to", "", "destination: a resource id or an IP address")
	protocol := fs.String("protocol", "tcp", "tcp, udp, icmp, icmpv6, -1 or a protocol number")
	port := fs.Uint("port", 0, "destination port")
	sport := fs.Uint("source-port", 0, "source port (default: the initiator's ephemeral range)")
	fromIP := fs.String("from-ip", "", "pin the source address (e.g. a secondary IP or an internet address behind an IGW)")
	toIP := fs.String("to-ip", "", "pin the destination address")
	ipv6 := fs.Bool("ipv6", false, "use the endpoints' IPv6 addresses")
	vpc := fs.String("vpc", "", "VPC id to disambiguate an IP address endpoint")
	endpoint := fs.String("endpoint", "", "URL of a running vpcsim (default http://127.0.0.1:4566)")
	data := fs.String("data", "", "data directory to read instead of a running server")
	output := fs.String("output", "table", "table or json")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *from == "" || *to == "" {
		fmt.Fprintln(stderr, "vpcsim trace: --from and --to are required")
		return 2
	}
	if *port > 65535 || *sport > 65535 {
		fmt.Fprintln(stderr, "vpcsim trace: ports are 0..65535")
		return 2
	}
	if *output != "table" && *output != "json" {
		fmt.Fprintln(stderr, "vpcsim trace: --output is table or json")
		return 2
	}
	q := dataplane.Query{Source: *from, Destination: *to, Protocol: strings.ToLower(*protocol), DestinationPort: uint16(*port), SourcePort: uint16(*sport), IPv6: *ipv6, VPC: *vpc}
	for _, pin := range []struct {
		s   string
		dst *netip.Addr
	}{{*fromIP, &q.SourceIP}, {*toIP, &q.DestinationIP}} {
		if pin.s == "" {
			continue
		}
		a, err := netip.ParseAddr(pin.s)
		if err != nil {
			fmt.Fprintf(stderr, "vpcsim trace: %q is not an IP address\n", pin.s)
			return 2
		}
		*pin.dst = a
	}
	if *data != "" && *endpoint != "" {
		fmt.Fprintln(stderr, "vpcsim trace: give --endpoint or --data, not both")
		return 2
	}
	var out []byte
	var reachable bool
	var err error
	if *data != "" {
		out, reachable, err = traceData(*data, q, *output)
	} else {
		url := *endpoint
		if url == "" {
			url = "http://127.0.0.1:4566"
		}
		out, reachable, err = traceEndpoint(ctx, url, q, *output)
	}
	if err != nil {
		fmt.Fprintf(stderr, "vpcsim trace: %v\n", err)
		return 2
	}
	_, _ = stdout.Write(out)
	if reachable {
		return 0
	}
	return 1
}

// render formats a trace as the hop table or indented JSON.
func render(tr *dataplane.Trace, output string) []byte {
	var b bytes.Buffer
	if output == "json" {
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		_ = enc.Encode(tr)
	} else {
		tr.Format(&b)
	}
	return b.Bytes()
}

func traceData(dir string, q dataplane.Query, output string) ([]byte, bool, error) {
	st, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		return nil, false, fmt.Errorf("%w (is a server using this data directory? use --endpoint)", err)
	}
	defer st.Close()
	tr := dataplane.Compile(st.Snapshot()).Trace(q)
	if tr.Err != nil {
		return nil, false, tr.Err
	}
	return render(tr, output), tr.Reachable, nil
}

func traceEndpoint(ctx context.Context, url string, q dataplane.Query, output string) ([]byte, bool, error) {
	body, _ := json.Marshal(q)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	format := "json"
	if output == "table" {
		format = "text"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(url, "/")+"/_vpcsim/trace?format="+format, bytes.NewReader(body))
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, false, fmt.Errorf("cannot reach vpcsim at %s: %w", url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, false, err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(raw, &e) == nil && e.Error != "" {
			return nil, false, errors.New(e.Error)
		}
		return nil, false, fmt.Errorf("vpcsim at %s answered %s", url, resp.Status)
	}
	return raw, resp.Header.Get("X-Vpcsim-Reachable") == "true", nil
}
