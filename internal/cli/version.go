package cli

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// buildInfo is what `vpcsim version` prints: the ldflags Version, the
// main module's version and the VCS revision the binary was built from.
type buildInfo struct {
	Version   string // Version (ldflags)
	Module    string // main module path
	ModuleVer string // "(devel)" for a build from a checkout
	Commit    string // vcs.revision; "" when unknown (go run, go test)
	Time      string // vcs.time
	Modified  bool   // vcs.modified: uncommitted changes
	GoVersion string
}

// readBuildInfo reads the binary's build information.
func readBuildInfo() buildInfo {
	b := buildInfo{Version: Version}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.Module, b.ModuleVer, b.GoVersion = bi.Main.Path, bi.Main.Version, bi.GoVersion
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// buildCommit is the short commit for log lines ("unknown" without VCS
// information).
func buildCommit() string {
	c := readBuildInfo().Commit
	switch {
	case c == "":
		return "unknown"
	case len(c) > 12:
		return c[:12]
	}
	return c
}

func (b buildInfo) write(w io.Writer) {
	fmt.Fprintf(w, "vpcsim %s\n", b.Version)
	mod, ver := b.Module, b.ModuleVer
	if mod == "" {
		mod = "github.com/vpcsim/vpcsim"
	}
	if ver == "" {
		ver = "unknown"
	}
	fmt.Fprintf(w, "module  %s %s\n", mod, ver)
	commit := b.Commit
	if commit == "" {
		commit = "unknown (built without VCS information, e.g. go run or go test)"
	} else if b.Modified {
		commit += " (with uncommitted changes)"
	}
	fmt.Fprintf(w, "commit  %s\n", commit)
	if b.Time != "" {
		fmt.Fprintf(w, "date    %s\n", b.Time)
	}
	if b.GoVersion != "" {
		fmt.Fprintf(w, "go      %s\n", b.GoVersion)
	}
}

func newVersionCmd(std streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, module version and commit",
		Long: `Prints the vpcsim version (set at build time with
-ldflags "-X github.com/vpcsim/vpcsim/internal/cli.Version=..."), the main
module's version and the VCS commit the binary was built from (from the
build information Go embeds; "(devel)" and the commit for a build from a
checkout, unknown for go run).`,
		Example: "  vpcsim version\n  vpcsim --version   # the version only",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			readBuildInfo().write(std.stdout)
			return nil
		},
	}
}
