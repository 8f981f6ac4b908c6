package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/spf13/cobra"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/store"
)

const traceLong = `Decides and explains a packet's path, forward and return, as AWS would,
and prints one row per hop: the component, the direction, the verdict, the
explanation code where a hop drops or is noteworthy, and the route, rule or
entry that decided, with the packet's header where it is set or changed.
The explanation codes are those of VPC Reachability Analyzer
(Explanation.ExplanationCode); a blocked path lists each with its detail.

Sources and destinations (--from, --to):
  i-...      an instance (its primary network interface)
  eni-...    a network interface
  nat-...    a NAT gateway
  igw-...    an internet gateway: the internet beyond it. Its address is
             %s (IPv6: %s) unless --from-ip / --to-ip pins another
  cgw-...    a customer gateway: the on-premises network behind a VPN
  an address a private address of an interface (--vpc names the VPC when
             several VPCs hold it), a public address of an interface (as
             destination), an on-premises address behind a VPN, or any
             other address: the internet
Subnets, VPCs and route tables are not endpoints: name an instance or
interface in them.

Against a running server (--endpoint, default %s) or a data directory
(--data DIR, with the server stopped). A server traces in the caller's
account (the environment's AWS credentials sign the request; else
--account; else the server's default account); --additional-accounts lets
the path and its endpoints be of other accounts too (across peering
connections and transit gateways, into other Regions), as
AdditionalAccounts does for a Network Insights analysis. A data directory
is read whole, every account in it.

Exit status: 0 reachable, 1 not reachable, 2 error.`

const traceExample = `  vpcsim trace --from i-0abc --to igw-0def --port 443
  vpcsim trace --from igw-0def --to i-0abc --port 22 --to-ip 10.0.1.10
  vpcsim trace --from 10.0.1.10 --vpc vpc-0123 --to 8.8.8.8 --protocol udp --port 53
  vpcsim trace --from eni-0aaa --to eni-0bbb --protocol icmp --output json
  vpcsim trace --data ~/.local/share/vpcsim --from i-0abc --to i-0def --port 5432`

// traceOptions are `vpcsim trace`'s flags.
type traceOptions struct {
	from, to, protocol, fromIP, toIP, vpc, endpoint, data, output, additional, account string
	port, sport                                                                        uint
	ipv6                                                                               bool
}

func newTraceCmd(std streams) *cobra.Command {
	var o traceOptions
	cmd := &cobra.Command{
		Use:     "trace --from ID|IP --to ID|IP [--protocol tcp] [--port N]",
		Short:   "Decide and explain a packet's path, forward and return",
		Long:    fmt.Sprintf(traceLong, dataplane.DefaultInternetIPv4, dataplane.DefaultInternetIPv6, defaultEndpoint),
		Example: traceExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return done(runTrace(cmd.Context(), o, std.stdout, std.stderr))
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.from, "from", "", "source: i-, eni-, nat-, igw-, cgw- id or an IP address")
	fs.StringVar(&o.to, "to", "", "destination: i-, eni-, nat-, igw-, cgw- id or an IP address")
	fs.StringVar(&o.protocol, "protocol", "tcp", "tcp, udp, icmp, icmpv6, -1 (all) or a protocol number")
	fs.UintVar(&o.port, "port", 0, "destination port (needed for tcp and udp)")
	fs.UintVar(&o.sport, "source-port", 0, "source port (default: the initiator's ephemeral range)")
	fs.StringVar(&o.fromIP, "from-ip", "", "pin the source address (a secondary IP, or an internet address behind an igw- source)")
	fs.StringVar(&o.toIP, "to-ip", "", "pin the destination address")
	fs.BoolVar(&o.ipv6, "ipv6", false, "use the endpoints' IPv6 addresses")
	fs.StringVar(&o.vpc, "vpc", "", "VPC id that says which VPC an address endpoint is in")
	fs.StringVar(&o.endpoint, "endpoint", "", "URL of a running vpcsim (default "+defaultEndpoint+")")
	fs.StringVar(&o.data, "data", "", "data directory to read instead of a running server (the server must be stopped)")
	fs.StringVar(&o.output, "output", "table", "table or json")
	fs.StringVar(&o.additional, "additional-accounts", "", "comma-separated 12-digit accounts whose resources the trace may name and cross besides the caller's (with --endpoint)")
	fs.StringVar(&o.account, "account", "", "with --endpoint and unsigned: the 12-digit account to trace in (default: the server's default account); requests are signed instead when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set")
	return cmd
}

func runTrace(ctx context.Context, o traceOptions, stdout, stderr io.Writer) int {
	from, to, protocol, port, sport, fromIP, toIP, ipv6, vpc := &o.from, &o.to, &o.protocol, &o.port, &o.sport, &o.fromIP, &o.toIP, &o.ipv6, &o.vpc
	endpoint, data, output, additional, account := &o.endpoint, &o.data, &o.output, &o.additional, &o.account
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
	var accounts []string
	for _, a := range strings.Split(*additional, ",") {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		if !twelveDigitAccount(a) {
			fmt.Fprintf(stderr, "vpcsim trace: --additional-accounts: %q is not a 12-digit account id\n", a)
			return 2
		}
		accounts = append(accounts, a)
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
		out, reachable, err = traceEndpoint(ctx, url, traceRequest{Query: q, AdditionalAccounts: accounts}, *output, *account)
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

// traceRequest is the body of POST /_vpcsim/trace.
type traceRequest struct {
	dataplane.Query
	AdditionalAccounts []string `json:"additionalAccounts,omitempty"`
}

// twelveDigitAccount reports whether s is a 12-digit account id.
func twelveDigitAccount(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// render formats a trace as the hop table or indented JSON.
func render(tr *dataplane.Trace, output string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tr); err != nil {
		return nil, fmt.Errorf("encode the trace: %w", err)
	}
	if output == "json" {
		return b.Bytes(), nil
	}
	return hopTable(b.Bytes())
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
	out, err := render(tr, output)
	return out, tr.Reachable, err
}

// traceEndpoint asks a running server. The server traces in the caller's
// account, the one the environment's credentials (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; region AWS_REGION) map to, as
// for the AWS CLI and SDKs against the same server (the request is SigV4
// signed with them, which a --strict-auth server requires), else account,
// else the server's default account; and in q's additional accounts.
func traceEndpoint(ctx context.Context, url string, q traceRequest, output, account string) ([]byte, bool, error) {
	body, _ := json.Marshal(q)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(url, "/")+"/_vpcsim/trace?format=json", bytes.NewReader(body))
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("Content-Type", "application/json")
	if account != "" {
		req.Header.Set("X-Vpcsim-Account", account)
	}
	if err := signAdmin(ctx, req, body); err != nil {
		return nil, false, err
	}
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
	reachable := resp.Header.Get("X-Vpcsim-Reachable") == "true"
	if output == "table" {
		raw, err = hopTable(raw)
	}
	return raw, reachable, err
}

// signAdmin signs an admin request with SigV4 (service "vpcsim") when the
// environment holds AWS credentials; otherwise it leaves it unsigned.
func signAdmin(ctx context.Context, req *http.Request, body []byte) error {
	key, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if key == "" || secret == "" {
		return nil
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = os.Getenv("AWS_DEFAULT_REGION")
	}
	if region == "" {
		region = "us-east-1"
	}
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: key, SecretAccessKey: secret, SessionToken: os.Getenv("AWS_SESSION_TOKEN")}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "vpcsim", region, time.Now()); err != nil {
		return fmt.Errorf("sign the request: %w", err)
	}
	return nil
}
