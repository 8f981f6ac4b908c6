// Package cli implements vpcsim's subcommands. Main is testable in-process.
package cli

import (
	"context"
	"fmt"
	"io"
)

// Version is the vpcsim version, set at build time with
// -ldflags "-X github.com/vpcsim/vpcsim/internal/cli.Version=...".
var Version = "0.1.0-dev"

const usage = `vpcsim - an AWS VPC you can run offline

Usage:
  vpcsim serve [flags]     serve the EC2 API (and STS GetCallerIdentity) on one port
  vpcsim trace [flags]     decide and explain a packet's path (see vpcsim trace --help)
  vpcsim traffic [flags]   run a traffic file and write the flow log records (docs/traffic.md)
  vpcsim flowlogs analyze  find rejected flows and their cause in flow log records (docs/flowlogs.md)
  vpcsim export [flags]    write a stopped data directory's world as JSON (a backup)
  vpcsim import [flags]    load such a backup into a data directory
  vpcsim check [flags]     check a data directory's database for damage
  vpcsim version           print the version
  vpcsim help              this text

Run 'vpcsim <command> --help' for a command's flags.
`

// Main runs vpcsim with args (without the program name) and returns the exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "trace":
		return trace(ctx, args[1:], stdout, stderr)
	case "traffic":
		return traffic(ctx, args[1:], stdin, stdout, stderr)
	case "flowlogs":
		return flowlogsCmd(ctx, args[1:], stdin, stdout, stderr)
	case "export":
		return exportCmd(ctx, args[1:], stdout, stderr)
	case "import":
		return importCmd(ctx, args[1:], stdin, stdout, stderr)
	case "check":
		return checkCmd(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "vpcsim %s\n", Version)
		return 0
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "vpcsim: unknown command %q\n\n%s", args[0], usage)
	return 2
}
