package server

import (
	"os"
	"testing"
)

// TestOperationsDocUpToDate keeps docs/operations.md true to the registry.
func TestOperationsDocUpToDate(t *testing.T) {
	got, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := OperationsDoc()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatal("docs/operations.md is stale: run `go run ./tools/opsdoc > docs/operations.md`")
	}
}
