package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// withFlags completes c: define declares c's flags and returns the run,
// which gets the positional arguments.
func withFlags(c *cobra.Command, std streams, define func(fs *pflag.FlagSet, std streams) func(ctx context.Context, args []string) int) *cobra.Command {
	run := define(c.Flags(), std)
	c.RunE = func(cmd *cobra.Command, args []string) error { return done(run(cmd.Context(), args)) }
	return c
}

func newTrafficCmd(std streams) *cobra.Command {
	return withFlags(&cobra.Command{
		Use:   "traffic --file F (--data DIR | --endpoint URL) [--log RESOURCE]...",
		Short: "Run a traffic file and write the VPC Flow Log records AWS would write",
		Long:  trafficLong,
		Example: `  vpcsim traffic --file flows.json --data ~/.local/share/vpcsim --log vpc-0abc
  vpcsim traffic --file flows.json --data ./state --format '${srcaddr} ${dstaddr} ${action}' --interval 60
  vpcsim traffic --file flows.json --endpoint http://127.0.0.1:4566`,
		Args: cobra.NoArgs,
	}, std, trafficFlags)
}

func newFlowlogsCmd(std streams) *cobra.Command {
	parent := &cobra.Command{
		Use:   "flowlogs",
		Short: "Work with VPC Flow Log records (see flowlogs analyze)",
		Long: `Commands on VPC Flow Log records. The one command, analyze, finds the
rejected flows and their likely cause (docs/flowlogs.md).`,
		Example: "  vpcsim flowlogs analyze records.log",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(std.stderr)
			_ = cmd.Usage()
			return exitCode(2)
		},
	}
	parent.AddCommand(withFlags(&cobra.Command{
		Use:   "analyze [FILE|DIR|-]...",
		Short: "Find rejected flows and their cause in flow log records",
		Long:  flowlogsLong,
		Example: `  vpcsim flowlogs analyze records.log.gz
  aws s3 cp --recursive s3://bucket/AWSLogs ./logs && vpcsim flowlogs analyze ./logs
  vpcsim flowlogs analyze --endpoint http://127.0.0.1:4566 --log-group my-flow-logs
  vpcsim flowlogs analyze --data ./state --s3 s3://bucket/prefix --json`,
	}, std, flowlogsAnalyzeFlags))
	return parent
}

func newExportCmd(std streams) *cobra.Command {
	return withFlags(&cobra.Command{
		Use:   "export [--data DIR] [--out FILE]",
		Short: "Write a stopped data directory's world as JSON (a backup)",
		Long: `Writes the whole world of a data directory (every account, region and
service, with S3 objects) as one JSON document, a backup that vpcsim import
loads. The server using the directory must be stopped. SOURCE_DATE_EPOCH
fixes the recorded export time, so that one world exports to the same
bytes.`,
		Example: "  vpcsim export --out backup.json\n  vpcsim export --data ./state > backup.json",
		Args:    cobra.NoArgs,
	}, std, exportFlags)
}

func newImportCmd(std streams) *cobra.Command {
	return withFlags(&cobra.Command{
		Use:   "import [--data DIR] [--in FILE] [--replace]",
		Short: "Load a backup made by vpcsim export into a data directory",
		Long: `Loads an export document into a data directory (created if missing). A
directory whose world has objects is refused unless --replace discards
it. The server using the directory must be stopped.`,
		Example: "  vpcsim import --in backup.json --data ./restored\n  vpcsim import --replace < backup.json",
		Args:    cobra.NoArgs,
	}, std, importFlags)
}

func newCheckCmd(std streams) *cobra.Command {
	return withFlags(&cobra.Command{
		Use:   "check [--data DIR]",
		Short: "Check a data directory's database for damage",
		Long: fmt.Sprintf(`Runs the consistency checks of a data directory's database (the server
must be stopped) and prints its revision and the number of objects of each
kind; a damaged database is reported with what to do.

The default data directory is %s.

Exit status: 0 healthy, 1 damaged or unreadable, 2 usage error.`, defaultDataDir()),
		Example: "  vpcsim check\n  vpcsim check --data ./state",
		Args:    cobra.NoArgs,
	}, std, checkFlags)
}
