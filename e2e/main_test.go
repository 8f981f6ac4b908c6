package e2e

import (
	"flag"
	"os"
	"strconv"
	"testing"
)

// e2eParallel is more than the package's tests and Terraform groups, so
// that all of them start at once.
const e2eParallel = 64

// TestMain raises -test.parallel to at least e2eParallel unless it was
// given: every test of the package is parallel (TestEveryTestIsParallel),
// the Terraform groups spend their time waiting on terraform and the
// provider, not on this process's CPUs, and the default (GOMAXPROCS) would
// run two tests at a time on a small machine, the groups queued behind the
// CLI walkthroughs. It removes the vpcsim command built for the tests
// afterwards.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "test.parallel" {
			set = true
		}
	})
	if !set {
		if f := flag.Lookup("test.parallel"); f != nil {
			if n, err := strconv.Atoi(f.Value.String()); err == nil && n < e2eParallel {
				_ = flag.Set("test.parallel", strconv.Itoa(e2eParallel))
			}
		}
	}
	code := m.Run()
	removeVpcsimBuild()
	os.Exit(code)
}
