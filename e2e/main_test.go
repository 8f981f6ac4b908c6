package e2e

import (
	"flag"
	"os"
	"strconv"
	"testing"
)

// TestMain raises -test.parallel to at least the number of Terraform
// scenario groups unless it was given: the groups spend their time waiting on
// terraform and the provider, not on this process's CPUs, and the default
// (GOMAXPROCS) would run them two at a time on a small machine.
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
			if n, err := strconv.Atoi(f.Value.String()); err == nil && n < len(tfGroups) {
				_ = flag.Set("test.parallel", strconv.Itoa(len(tfGroups)))
			}
		}
	}
	os.Exit(m.Run())
}
