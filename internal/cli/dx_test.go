package cli

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestDXBGP takes a virtual interface's BGP sessions down and up through
// the admin route POST /_vpcsim/dx/bgp, in the caller's account.
func TestDXBGP(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	st, err := store.Open(store.Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = st.Update(context.Background(), func(tx *store.Tx) error {
		store.DXVifKind.In(tx.World).Put(&dx.VirtualInterface{Meta: model.Meta{ID: "dxvif-fgabc123", Account: "123456789012", Region: "us-east-1"},
			Type: dx.VifPrivate, State: dx.VifAvailable, Asn: 65100, DxGatewayID: "gw",
			BGPPeers: []dx.BGPPeer{{ID: "dxpeer-1", AddressFamily: "ipv4", State: dx.PeerAvailable, Status: dx.BGPUp},
				{ID: "dxpeer-2", AddressFamily: "ipv6", State: dx.PeerAvailable, Status: dx.BGPUp}}})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	defer srv.Close()
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := dxCmd(context.Background(), append(args, "--endpoint", srv.URL), &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, out, _ := run("bgp", "down", "dxvif-fgabc123", "dxpeer-1"); code != 0 || !strings.Contains(out, "dxvif-fgabc123 available") || !strings.Contains(out, "dxpeer-1             ipv4  down") {
		t.Fatalf("one down: %d %q", code, out)
	}
	if code, out, _ := run("bgp", "down", "dxvif-fgabc123"); code != 0 || !strings.Contains(out, "dxvif-fgabc123 down") {
		t.Fatalf("all down: %d %q", code, out)
	}
	if v, _ := store.DXVifKind.In(st.Snapshot()).Get("dxvif-fgabc123"); v.Up() {
		t.Fatalf("stored interface is up: %+v", v)
	}
	if code, out, _ := run("bgp", "up", "dxvif-fgabc123"); code != 0 || strings.Contains(out, "down") {
		t.Fatalf("up: %d %q", code, out)
	}
	if code, _, e := run("bgp", "down", "dxvif-fgabc123", "dxpeer-9"); code != 1 || !strings.Contains(e, "DirectConnectClientException") {
		t.Fatalf("unknown peer: %d %q", code, e)
	}
	if code, _, e := run("bgp", "down", "dxvif-fgabc123", "--account", "210987654321"); code != 1 || !strings.Contains(e, "does not exist") {
		t.Fatalf("other account: %d %q", code, e)
	}
	if code, _, _ := run("bgp", "sideways", "dxvif-fgabc123"); code != 2 {
		t.Fatalf("bad state: exit %d", code)
	}
}
