package dataplane

import (
	"testing"

	"github.com/vpcsim/vpcsim/internal/store"
)

// TopologyWorld builds the world of a topology script (topology_test.go)
// for the external tests of this directory.
func TopologyWorld(t testing.TB, src string) *store.World { return newTopo(t).parse(src).world() }

// GoldenTopologies returns the topology section of every golden scenario,
// by file name.
func GoldenTopologies(t testing.TB) map[string]string {
	t.Helper()
	return goldenTopologies(t)
}
