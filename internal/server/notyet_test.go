package server

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeNotYetUpToDate keeps README.md's generated "not yet" block
// true to the registry.
func TestReadmeNotYetUpToDate(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	block, err := NotYetReadme()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), block) {
		t.Fatal("README.md's not-yet block is stale: run `make docs`")
	}
	if _, err := ReplaceNotYet("no markers", block); err == nil {
		t.Fatal("a README without markers was accepted")
	}
}
