package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vpcsim/vpcsim/internal/dataplane"
	"github.com/vpcsim/vpcsim/internal/endpointcheck"
	"github.com/vpcsim/vpcsim/internal/store"
)

const endpointCheckLong = `Walks the checklist AWS gives for a VPC endpoint that does not work, for
one request (an action on a resource, by a principal, from a source through
an endpoint), and says which step fails and why:

  0 the endpoint: available, for the action's service, and (gateway
    endpoints) used from inside its VPC
  1 the caller's permission: its identity-based policies (IAM)
  2 the security groups: the caller's egress and the endpoint's ingress
    on the HTTPS port (a data plane trace to the endpoint interface; for a
    gateway endpoint, to the service's prefix list)
  3 the route table: the source subnet's route to the endpoint (gateway
    endpoints: the prefix-list route; interface endpoints: the trace)
  4 the endpoint policy
  5 the resource policy (S3 bucket policies)
  6 private DNS: the service name resolves to the endpoint interfaces
  7 the VPC's enableDnsSupport and enableDnsHostnames

Policies are evaluated with the request context of endpoint traffic:
aws:SourceVpce and aws:SourceVpc are set, aws:VpcSourceIp is the source's
private address and aws:SourceIp is absent (docs/endpoints.md).

--principal is a role ARN (evaluated as a session of the role with its
policies), an assumed-role ARN, an account root ARN or an account id;
without it, the source account's root user.

Against a running server (--server, default %s; the caller's account
only, as for trace) or a data directory (--data DIR, the server stopped).

Exit status: 0 every step passes, 1 a step fails, 2 error.`

// endpointCheckOptions are `vpcsim endpoint-check`'s flags.
type endpointCheckOptions struct {
	in                            endpointcheck.Input
	server, data, output, account string
	port                          uint
}

func newEndpointCheckCmd(std streams) *cobra.Command {
	var o endpointCheckOptions
	cmd := &cobra.Command{
		Use:   "endpoint-check --from SOURCE --endpoint VPCE --action ACTION --resource ARN [--principal ARN]",
		Short: "Walk the seven-step VPC endpoint checklist for one request",
		Long:  fmt.Sprintf(endpointCheckLong, defaultEndpoint),
		Example: `  vpcsim endpoint-check --from i-0abc --endpoint vpce-0def --action s3:GetObject --resource arn:aws:s3:::bucket/key
  vpcsim endpoint-check --from eni-0abc --endpoint vpce-0def --action ssm:GetParameter \
      --resource arn:aws:ssm:us-east-1:123456789012:parameter/app --principal arn:aws:iam::123456789012:role/app
  vpcsim endpoint-check --data ./state --from i-0abc --endpoint vpce-0def --action s3:PutObject --resource arn:aws:s3:::bucket/k --output json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return done(runEndpointCheck(cmd.Context(), o, std.stdout, std.stderr))
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.in.Source, "from", "", "source: an instance (i-) or network interface (eni-)")
	fs.StringVar(&o.in.Endpoint, "endpoint", "", "the VPC endpoint (vpce-)")
	fs.StringVar(&o.in.Action, "action", "", "the API action, service:Action (s3:GetObject)")
	fs.StringVar(&o.in.Resource, "resource", "", "the resource ARN (arn:aws:s3:::bucket/key)")
	fs.StringVar(&o.in.Principal, "principal", "", "the caller: role, assumed-role or root ARN, or an account id (default: the source account's root user)")
	fs.UintVar(&o.port, "port", 443, "the HTTPS port of the request")
	fs.StringVar(&o.server, "server", "", "URL of a running vpcsim (default "+defaultEndpoint+")")
	fs.StringVar(&o.data, "data", "", "data directory to read instead of a running server (the server must be stopped)")
	fs.StringVar(&o.output, "output", "table", "table or json")
	fs.StringVar(&o.account, "account", "", "with --server and unsigned: the 12-digit account to check in (default: the server's default account)")
	return cmd
}

func runEndpointCheck(ctx context.Context, o endpointCheckOptions, stdout, stderr io.Writer) int {
	const name = "vpcsim endpoint-check"
	switch {
	case o.in.Source == "" || o.in.Endpoint == "" || o.in.Action == "" || o.in.Resource == "":
		fmt.Fprintln(stderr, name+": --from, --endpoint, --action and --resource are required")
		return 2
	case o.port == 0 || o.port > 65535:
		fmt.Fprintln(stderr, name+": --port is 1..65535")
		return 2
	case o.output != "table" && o.output != "json":
		fmt.Fprintln(stderr, name+": --output is table or json")
		return 2
	case o.data != "" && o.server != "":
		fmt.Fprintln(stderr, name+": give --server or --data, not both")
		return 2
	}
	o.in.Port = uint16(o.port)
	var res endpointcheck.Result
	if o.data != "" {
		r, err := endpointCheckData(o.data, o.in)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			return 2
		}
		res = *r
	} else {
		raw, err := adminPost(ctx, o.server, "/_vpcsim/endpoint-check", o.in, o.account)
		if err == nil {
			err = json.Unmarshal(raw, &res)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			return 2
		}
	}
	if o.output == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(&res)
	} else {
		res.Format(stdout)
	}
	if res.OK {
		return 0
	}
	return 1
}

func endpointCheckData(dir string, in endpointcheck.Input) (*endpointcheck.Result, error) {
	st, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		return nil, fmt.Errorf("%w (is a server using this data directory? use --server)", err)
	}
	defer st.Close()
	w := st.Snapshot()
	return endpointcheck.Check(w, dataplane.Compile(w), "", in)
}

// adminPost sends body as JSON to a running server's admin path, signed
// as `vpcsim trace` signs (signAdmin) or with the X-Vpcsim-Account header,
// and returns the 200 answer's body; any other status is an error with
// the server's code and message.
func adminPost(ctx context.Context, url, path string, body any, account string) ([]byte, error) {
	if url == "" {
		url = defaultEndpoint
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encode the query: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(url, "/")+path, bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if account != "" {
		req.Header.Set("X-Vpcsim-Account", account)
	}
	if err := signAdmin(ctx, req, raw); err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("cannot reach vpcsim at %s: %w", url, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("read the answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Code  string `json:"code"`
			Error string `json:"error"`
		}
		if json.Unmarshal(out, &e) == nil && e.Error != "" {
			if e.Code != "" {
				return nil, fmt.Errorf("%s: %s", e.Code, e.Error)
			}
			return nil, errors.New(e.Error)
		}
		return nil, fmt.Errorf("vpcsim at %s answered %s", url, resp.Status)
	}
	return out, nil
}
