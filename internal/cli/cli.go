// Package cli implements vpcsim's subcommands on cobra. Main is testable
// in-process: it takes the arguments and the standard streams and returns
// the exit status.
//
// Exit statuses: 0 success (and --help), 1 a run that failed (or, for
// trace and flowlogs analyze, a negative answer), 2 a usage error or a
// wrong input, with the message on stderr.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Version is the vpcsim version, set at build time with
// -ldflags "-X github.com/vpcsim/vpcsim/internal/cli.Version=...".
var Version = "0.1.0-dev"

// exitCode is a subcommand's exit status carried through cobra as an
// error; the subcommand has already written its message.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// done turns a subcommand's exit status into RunE's result.
func done(code int) error {
	if code == 0 {
		return nil
	}
	return exitCode(code)
}

// streams are the standard streams a command runs with.
type streams struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

const rootLong = `vpcsim is an AWS VPC you can run offline: AWS's own APIs (EC2, STS, IAM,
S3, CloudWatch Logs, RDS, ElastiCache, Redshift) on one port, so that
Terraform, the AWS CLI and the SDKs work unchanged, and a data plane that
decides where every packet goes and explains why.

Everything the clients create persists in a data directory (--data) unless
the server runs --ephemeral. An operation vpcsim does not emulate answers
the protocol's own error naming it, never a fake success.

Exit status: 0 success, 1 failure (trace: not reachable; flowlogs analyze:
rejected flows found), 2 usage error. Reference: docs/cli.md.`

const rootExample = `  vpcsim serve                          # serve on 127.0.0.1:4566, data in ~/.local/share/vpcsim
  vpcsim serve --ephemeral --log-level debug
  aws --endpoint-url http://127.0.0.1:4566 ec2 create-vpc --cidr-block 10.0.0.0/16
  vpcsim trace --from i-0abc... --to igw-0def... --port 443
  vpcsim status`

// newRoot builds the command tree.
func newRoot(ctx context.Context, std streams) *cobra.Command {
	root := &cobra.Command{
		Use:           "vpcsim",
		Short:         "An AWS VPC you can run offline",
		Long:          rootLong,
		Example:       rootExample,
		Args:          cobra.NoArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		// Without a subcommand: the usage on stderr, a usage error.
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(std.stderr)
			_ = cmd.Usage()
			return exitCode(2)
		},
	}
	root.SetIn(std.stdin)
	root.SetOut(std.stdout)
	root.SetErr(std.stderr)
	root.SetContext(ctx)
	root.Version = Version
	root.SetVersionTemplate("vpcsim {{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newServeCmd(std),
		newTraceCmd(std),
		newTrafficCmd(std),
		newFlowlogsCmd(std),
		newExportCmd(std),
		newImportCmd(std),
		newCheckCmd(std),
		newResolveCmd(std),
		newEndpointCheckCmd(std),
		newStatusCmd(std),
		newResetCmd(std),
		newVersionCmd(std),
	)
	onprem := passThrough("onprem", "take a VPN tunnel down or up on the simulated on-premises side (docs/onprem.md)", onpremCmd, std)
	onprem.Long = "vpcsim onprem tunnel down|up VPN-CONNECTION-ID TUNNEL takes one tunnel of a Site-to-Site VPN\n" +
		"connection down or up (TUNNEL is 1, 2 or its outside IP address), so failover can be exercised:\n" +
		"telemetry, propagated routes and traces follow. What each customer gateway advertises over BGP is\n" +
		"declared with vpcsim:bgp tags (docs/onprem.md)."
	onprem.Example = "  vpcsim onprem tunnel down vpn-0123456789abcdef0 1\n  vpcsim onprem tunnel up vpn-0123456789abcdef0 1 --endpoint http://127.0.0.1:4566"
	root.AddCommand(onprem)
	root.AddCommand(newDXCmd(std))
	return root
}

// passThrough wraps a subcommand that parses its own arguments (with Go's
// flag package or by hand) as a cobra command.
func passThrough(use, short string, run func(ctx context.Context, args []string, stdout, stderr io.Writer) int, std streams) *cobra.Command {
	return &cobra.Command{
		Use:                use,
		Short:              short,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return done(run(cmd.Context(), args, std.stdout, std.stderr))
		},
	}
}

// usageError is a flag or argument error cobra found.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }

// Main runs vpcsim with args (without the program name) and returns the
// exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(ctx, streams{stdin, stdout, stderr})
	root.SetArgs(singleDash(root, args))
	cmd, err := root.ExecuteC()
	var code exitCode
	switch {
	case err == nil:
		return 0
	case errors.As(err, &code):
		return int(code)
	}
	name := "vpcsim"
	if cmd != nil {
		name = cmd.CommandPath()
	}
	fmt.Fprintf(stderr, "%s: %v\nRun '%s --help' for usage.\n", name, err, name)
	return 2
}

// singleDash rewrites the single-dash long flags Go's flag package
// accepted (-data DIR, -listen=ADDR) to pflag's double-dash form, for the
// flag names some command defines; a flag's separate value is never
// rewritten, and nothing after "--" is.
func singleDash(root *cobra.Command, args []string) []string {
	long := map[string]bool{} // name -> takes a value
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		visit := func(f *pflag.Flag) { long[f.Name] = f.NoOptDefVal == "" }
		c.Flags().VisitAll(visit)
		c.PersistentFlags().VisitAll(visit)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	long["help"], long["version"] = false, false
	out := make([]string, 0, len(args))
	skipValue := false
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if skipValue {
			skipValue = false
			out = append(out, a)
			continue
		}
		name, hasValue := "", false
		switch {
		case strings.HasPrefix(a, "--"):
			name, _, hasValue = strings.Cut(a[2:], "=")
		case strings.HasPrefix(a, "-") && len(a) > 2:
			name, _, hasValue = strings.Cut(a[1:], "=")
			if _, ok := long[name]; ok {
				a = "-" + a
			}
		}
		if takes, ok := long[name]; ok && takes && !hasValue {
			skipValue = true
		}
		out = append(out, a)
	}
	return out
}
