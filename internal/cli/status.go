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
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vpcsim/vpcsim/internal/server"
)

// defaultEndpoint is where `vpcsim serve` listens by default.
const defaultEndpoint = "http://127.0.0.1:4566"

// adminCall sends an admin request to a running server and returns the
// body of a 200 answer; any other answer is an error carrying the
// server's message.
func adminCall(ctx context.Context, method, url string, header http.Header) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return nil, fmt.Errorf("bad endpoint: %w", err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if err := signAdmin(ctx, req, nil); err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("cannot reach vpcsim at %s: %w", url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("read the answer of %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(raw, &e) == nil && e.Error != "" {
			return nil, errors.New(e.Error)
		}
		return nil, fmt.Errorf("%s answered %s (is it a vpcsim server?)", url, resp.Status)
	}
	return raw, nil
}

func newStatusCmd(std streams) *cobra.Command {
	var endpoint, output string
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show a running server's health, services, revision and data directory",
		Long: `Asks a running server (GET /_vpcsim/status) for its health, version,
revision (the number of committed transactions), data directory (or that
it keeps everything in memory), default account and region, whether it
verifies signatures, and the services it serves with the number of
operations served out of those in AWS's model.

Exit status: 0 the server is up and healthy, 1 it cannot be reached or is
not healthy, 2 usage error.`,
		Example: "  vpcsim status\n  vpcsim status --endpoint http://127.0.0.1:4567 --output json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if output != "table" && output != "json" {
				fmt.Fprintln(std.stderr, "vpcsim status: --output is table or json")
				return exitCode(2)
			}
			raw, err := adminCall(cmd.Context(), http.MethodGet, strings.TrimRight(endpoint, "/")+"/_vpcsim/status", nil)
			if err != nil {
				fmt.Fprintf(std.stderr, "vpcsim status: %v\n", err)
				return exitCode(1)
			}
			var st server.Status
			if err := json.Unmarshal(raw, &st); err != nil {
				fmt.Fprintf(std.stderr, "vpcsim status: %s did not answer a status: %v\n", endpoint, err)
				return exitCode(1)
			}
			if output == "json" {
				_, _ = std.stdout.Write(raw)
			} else {
				writeStatus(std.stdout, endpoint, &st)
			}
			if st.Status != "ok" {
				return exitCode(1)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&endpoint, "endpoint", defaultEndpoint, "URL of the running vpcsim")
	cmd.Flags().StringVar(&output, "output", "table", "table or json")
	return cmd
}

// writeStatus prints a status as aligned text.
func writeStatus(w io.Writer, endpoint string, st *server.Status) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	data := st.DataDir
	if st.Ephemeral {
		data = "in memory (--ephemeral)"
	}
	auth := "off (the access key id names the account)"
	if st.StrictAuth {
		auth = "strict (SigV4 signatures verified)"
	}
	for _, kv := range [][2]string{
		{"endpoint", endpoint}, {"status", st.Status}, {"version", st.Version},
		{"revision", fmt.Sprint(st.Revision)}, {"data", data},
		{"account", st.DefaultAccount + " (default)"}, {"region", st.DefaultRegion + " (default)"},
		{"auth", auth}, {"up since", st.Started.Format(time.RFC3339) + " (" + st.Uptime + ")"},
	} {
		fmt.Fprintf(tw, "%s:\t%s\n", kv[0], kv[1])
	}
	_ = tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVICE\tPROTOCOL\tAPI VERSION\tOPERATIONS SERVED")
	for _, s := range st.Services {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d of %d\n", s.Name, s.Protocol, s.APIVersion, s.Served, s.InModel)
	}
	_ = tw.Flush()
}

func newResetCmd(std streams) *cobra.Command {
	var endpoint, account string
	var all bool
	cmd := &cobra.Command{
		Use:   "reset",
		Short: "Delete everything of an account (or the whole world) on a running server",
		Long: `Asks a running server (POST /_vpcsim/reset) to delete everything of the
caller's account, in every region and service, so that its next request
sees AWS's initial world (the default VPC is created again on first use).
The account is the one the environment's AWS credentials name
(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: the request is signed, as
a --strict-auth server requires), else --account, else the server's
default account. --all empties the whole world, every account (refused
by a --strict-auth server). There is no undo: export a backup first
(vpcsim export) if the world matters.`,
		Example: "  vpcsim reset\n  vpcsim reset --account 111122223333\n  vpcsim reset --all --endpoint http://127.0.0.1:4567",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if account != "" && !twelveDigitAccount(account) {
				fmt.Fprintf(std.stderr, "vpcsim reset: --account must be a 12-digit account id, not %q\n", account)
				return exitCode(2)
			}
			if all && account != "" {
				fmt.Fprintln(std.stderr, "vpcsim reset: give --all or --account, not both")
				return exitCode(2)
			}
			url := strings.TrimRight(endpoint, "/") + "/_vpcsim/reset"
			if all {
				url += "?all=true"
			}
			h := http.Header{}
			if account != "" {
				h.Set(server.AccountHeader, account)
			}
			raw, err := adminCall(cmd.Context(), http.MethodPost, url, h)
			if err != nil {
				fmt.Fprintf(std.stderr, "vpcsim reset: %v\n", err)
				return exitCode(1)
			}
			var out struct {
				Reset    string `json:"reset"`
				Deleted  int    `json:"deleted"`
				Revision uint64 `json:"revision"`
			}
			if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&out); err != nil {
				fmt.Fprintf(std.stderr, "vpcsim reset: unexpected answer: %v\n", err)
				return exitCode(1)
			}
			if out.Reset == "all" {
				fmt.Fprintf(std.stdout, "reset the whole world (revision %d)\n", out.Revision)
			} else {
				fmt.Fprintf(std.stdout, "reset account %s: %d objects deleted (revision %d)\n", out.Reset, out.Deleted, out.Revision)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&endpoint, "endpoint", defaultEndpoint, "URL of the running vpcsim")
	cmd.Flags().StringVar(&account, "account", "", "unsigned: the 12-digit account to reset (default: the server's default account)")
	cmd.Flags().BoolVar(&all, "all", false, "empty the whole world, every account")
	return cmd
}
