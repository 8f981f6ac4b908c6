package server

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/vpcsim/vpcsim/internal/store"
)

// TestStorageFailureIsServiceUnavailable: a write refused because the data
// directory failed (issue 11 item 1) answers 503 ServiceUnavailable with
// the store's message, not a 500 InternalError.
func TestStorageFailureIsServiceUnavailable(t *testing.T) {
	se := &store.StorageError{Dir: "/data", Err: &os.PathError{Op: "write", Path: "/data/vpcsim.db", Err: syscall.ENOSPC}}
	e := toAWS(fmt.Errorf("commit revision 7: %w", se))
	if e.Code != "ServiceUnavailable" || e.Status != http.StatusServiceUnavailable {
		t.Fatalf("got %d %s, want 503 ServiceUnavailable", e.Status, e.Code)
	}
	want := "vpcsim cannot write its data directory /data: no space left on device; free space and restart vpcsim"
	if !strings.HasPrefix(e.Message, want) {
		t.Fatalf("message %q, want it to start with %q", e.Message, want)
	}
	if e := toAWS(fmt.Errorf("other")); e.Code != "InternalError" {
		t.Fatalf("an unrelated error mapped to %s", e.Code)
	}
}
