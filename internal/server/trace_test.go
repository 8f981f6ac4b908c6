package server

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestTraceFreshServer: /_vpcsim/trace works as the first request of a
// server, on the default account-region's initial world, and names what is
// wrong with a bad query.
func TestTraceFreshServer(t *testing.T) {
	ts := newTestServer(t, Options{})
	// The default VPC's router address is 172.31.0.1; an address in a
	// default subnet that nobody holds is not a destination.
	body := `{"source":"198.51.100.7","destination":"i-00000000000000000","protocol":"tcp","destinationPort":22}`
	resp, err := http.Post(ts.URL+"/_vpcsim/trace", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d: %s", resp.StatusCode, raw)
	}
	var out struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || !strings.Contains(out.Error, "i-00000000000000000") {
		t.Fatalf("error should name the unknown id: %s", raw)
	}
	// The trace saw the default world without storing it.
	if ts.st.Snapshot().VPCs.Len() != 0 {
		t.Fatal("the first trace stored the default world")
	}
}
