package cli

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/server"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestOnpremTunnel takes a tunnel down and up through the admin route
// POST /_vpcsim/vpn/tunnel, in the caller's account.
func TestOnpremTunnel(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	st, err := store.Open(store.Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = st.Update(context.Background(), func(tx *store.Tx) error {
		tx.CustomerGateways.Put(&model.CustomerGateway{Meta: model.Meta{ID: "cgw-0123456789abcdef0", Account: "123456789012", Region: "us-east-1"},
			State: "available", Type: "ipsec.1", BgpAsn: 65000})
		tx.VpnConnections.Put(&model.VpnConnection{Meta: model.Meta{ID: "vpn-0123456789abcdef0", Account: "123456789012", Region: "us-east-1"},
			State: "available", Type: "ipsec.1", CustomerGatewayID: "cgw-0123456789abcdef0", VpnGatewayID: "vgw-0123456789abcdef0",
			Tunnels: []model.VpnTunnel{{OutsideIPAddress: netip.MustParseAddr("203.0.113.1")}, {OutsideIPAddress: netip.MustParseAddr("203.0.113.2")}}})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(control.New(st, control.Options{}), server.Options{}))
	defer srv.Close()
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := onpremCmd(context.Background(), append(args, "--endpoint", srv.URL), &out, &errb)
		return code, out.String(), errb.String()
	}
	code, out, _ := run("tunnel", "down", "vpn-0123456789abcdef0", "2")
	if code != 0 || !strings.Contains(out, "tunnel 2 203.0.113.2     DOWN") || !strings.Contains(out, "tunnel 1 203.0.113.1     UP") {
		t.Fatalf("down: %d %q", code, out)
	}
	c, _ := st.Snapshot().VpnConnections.Get("vpn-0123456789abcdef0")
	if !c.Tunnels[1].AdminDown || c.Tunnels[0].AdminDown {
		t.Fatalf("stored tunnels %+v", c.Tunnels)
	}
	if code, out, _ := run("tunnel", "up", "vpn-0123456789abcdef0", "203.0.113.2"); code != 0 || strings.Contains(out, "DOWN") {
		t.Fatalf("up: %d %q", code, out)
	}
	if code, _, e := run("tunnel", "down", "vpn-0123456789abcdef0", "3"); code != 1 || !strings.Contains(e, "InvalidParameterValue") {
		t.Fatalf("bad tunnel: %d %q", code, e)
	}
	if code, _, e := run("tunnel", "down", "vpn-0123456789abcdef0", "1", "--account", "210987654321"); code != 1 || !strings.Contains(e, "InvalidVpnConnectionID.NotFound") {
		t.Fatalf("other account: %d %q", code, e)
	}
	if code, _, _ := run("tunnel", "sideways", "vpn-0123456789abcdef0", "1"); code != 2 {
		t.Fatalf("usage: %d", code)
	}
}
