package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/store"
)

const traceUsage = `Usage: vpcsim trace --from ID|IP --to ID|IP [--protocol tcp] [--port N] [flags]

Decides and explains a packet's path, forward and return, as AWS would.
Sources and destinations: instance (i-), network interface (eni-), internet
gateway (igw-: the internet), NAT gateway (nat-), or an IP address.

Against a running server (--endpoint, default http://127.0.0.1:4566) or a
data directory (--data DIR, with the server stopped). A server traces in
the caller's account; --additional-accounts lets the path and its
endpoints be of other accounts too (across peering connections and transit
gateways, into other Regions), as AdditionalAccounts does for a Network
Insights analysis. A data directory is read whole, every account in it.

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
	additional := fs.String("additional-accounts", "", "comma-separated 12-digit accounts whose resources the trace may name and cross besides the caller's (with --endpoint)")
	account := fs.String("account", "", "with --endpoint and unsigned: the 12-digit account to trace in (default: the server's default account); requests are signed instead when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set")
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
	format := "json"
	if output == "table" {
		format = "text"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(url, "/")+"/_vpcsim/trace?format="+format, bytes.NewReader(body))
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
	return raw, resp.Header.Get("X-Vpcsim-Reachable") == "true", nil
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
