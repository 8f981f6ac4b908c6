package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vpcsim/vpcsim/internal/dns"
	"github.com/vpcsim/vpcsim/internal/store"
)

const resolveLong = `Answers what the Amazon DNS server (the Route 53 Resolver at the VPC's
CIDR base plus two) in the source's VPC returns for NAME, from the stored
world:

  - the private DNS name of an interface endpoint with private DNS in the
    VPC (e.g. ssm.us-east-1.amazonaws.com): the endpoint's interface
    addresses, only when the VPC has enableDnsSupport and
    enableDnsHostnames
  - an endpoint's own Regional and zonal names (*.vpce.amazonaws.com):
    all its interfaces, or the one in the named zone
  - EC2 private host names (ip-10-0-0-5.ec2.internal,
    ip-10-0-0-5.REGION.compute.internal): the address, when the VPC has
    both DNS attributes
  - EC2 public host names (ec2-203-0-113-5.compute-1.amazonaws.com): the
    private address from inside the instance's VPC, the public one from
    elsewhere; only when the instance's VPC has both DNS attributes
  - nothing when enableDnsSupport is false (NO_ANSWER)

Other names would be resolved on the public internet or in Route 53
private hosted zones, which vpcsim does not model (NOT_MODELLED). The
rules and their sources: docs/dns.md.

--from is an instance (i-), a network interface (eni-) or a subnet.
Against a running server (--endpoint, default %s; the caller's account
only) or a data directory (--data DIR, the server stopped).

Exit status: 0 the name resolves, 1 it does not (NXDOMAIN, NO_ANSWER,
NOT_MODELLED), 2 error.`

// resolveOptions are `vpcsim resolve`'s flags.
type resolveOptions struct {
	from, endpoint, data, output, account string
}

func newResolveCmd(std streams) *cobra.Command {
	var o resolveOptions
	cmd := &cobra.Command{
		Use:   "resolve --from ID NAME",
		Short: "Answer a DNS query as the Amazon DNS server of a VPC would",
		Long:  fmt.Sprintf(resolveLong, defaultEndpoint),
		Example: `  vpcsim resolve --from i-0abc ssm.us-east-1.amazonaws.com
  vpcsim resolve --from subnet-0abc ip-10-0-1-5.ec2.internal
  vpcsim resolve --data ./state --from eni-0abc vpce-0def-1a2b3c4d.s3.us-east-1.vpce.amazonaws.com --output json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return done(runResolve(cmd.Context(), o, args[0], std.stdout, std.stderr))
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.from, "from", "", "the source: an instance (i-), network interface (eni-) or subnet (subnet-)")
	fs.StringVar(&o.endpoint, "endpoint", "", "URL of a running vpcsim (default "+defaultEndpoint+")")
	fs.StringVar(&o.data, "data", "", "data directory to read instead of a running server (the server must be stopped)")
	fs.StringVar(&o.output, "output", "table", "table or json")
	fs.StringVar(&o.account, "account", "", "with --endpoint and unsigned: the 12-digit account to resolve in (default: the server's default account)")
	return cmd
}

func runResolve(ctx context.Context, o resolveOptions, name string, stdout, stderr io.Writer) int {
	const cmd = "vpcsim resolve"
	switch {
	case o.from == "":
		fmt.Fprintln(stderr, cmd+": --from is required")
		return 2
	case o.output != "table" && o.output != "json":
		fmt.Fprintln(stderr, cmd+": --output is table or json")
		return 2
	case o.data != "" && o.endpoint != "":
		fmt.Fprintln(stderr, cmd+": give --endpoint or --data, not both")
		return 2
	}
	var a dns.Answer
	if o.data != "" {
		got, err := resolveData(o.data, o.from, name)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
			return 2
		}
		a = *got
	} else {
		raw, err := adminPost(ctx, o.endpoint, "/_vpcsim/resolve", map[string]string{"from": o.from, "name": name}, o.account)
		if err == nil {
			err = json.Unmarshal(raw, &a)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
			return 2
		}
	}
	if o.output == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(&a)
	} else {
		writeAnswer(stdout, &a)
	}
	if a.Status == dns.StatusNoError {
		return 0
	}
	return 1
}

func resolveData(dir, from, name string) (*dns.Answer, error) {
	st, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		return nil, fmt.Errorf("%w (is a server using this data directory? use --endpoint)", err)
	}
	defer st.Close()
	w := st.Snapshot()
	src, err := dns.FindSource(w, "", from)
	if err != nil {
		return nil, err
	}
	return dns.Resolve(w, "", src, name)
}

// writeAnswer prints an answer in the style of dig: the status, the
// records, and the rule that answered with its source.
func writeAnswer(w io.Writer, a *dns.Answer) {
	server := a.Server
	if server == "" {
		server = "-"
	}
	fmt.Fprintf(w, ";; %s from %s (%s, Amazon DNS server %s): %s\n", a.Name, a.Source, a.VPC, server, a.Status)
	for _, r := range a.Records {
		fmt.Fprintf(w, "%s.\t%s\t%s\n", strings.TrimSuffix(r.Name, "."), r.Type, r.Value)
	}
	fmt.Fprintf(w, ";; %s\n;; source: %s\n", a.Rule, a.Reference)
	if a.DHCPNote != "" {
		fmt.Fprintf(w, ";; note: %s\n", a.DHCPNote)
	}
}
