package control

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// onPremFixture builds a VPC with an attached virtual private gateway whose
// route propagation is enabled on the main route table, and nConns VPN
// connections on it, each from its own customer gateway advertising
// perConn prefixes over BGP (vpcsim:bgp tags, docs/onprem.md).
func onPremFixture(tb testing.TB, s *Service, nConns, perConn int) (rt *model.RouteTable, conns []string) {
	tb.Helper()
	ctx := context.Background()
	v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		tb.Fatal(err)
	}
	g, err := s.CreateVpnGateway(ctx, testScope, CreateVpnGatewayInput{Type: "ipsec.1"})
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.AttachVpnGateway(ctx, testScope, g.ID, v.ID); err != nil {
		tb.Fatal(err)
	}
	main := MainRouteTable(s.Snapshot(), v.ID)
	if err := s.EnableVgwRoutePropagation(ctx, testScope, main.ID, g.ID); err != nil {
		tb.Fatal(err)
	}
	err = s.update(ctx, func(tx *store.Tx) error {
		for c := 0; c < nConns; c++ {
			tags := map[string]string{}
			var vals []string
			cur := ""
			for i := 0; i < perConn; i++ {
				n := c*perConn + i
				e := fmt.Sprintf("%d.%d.%d.0/24", 100+n>>16, n>>8&255, n&255)
				if len(cur)+len(e)+2 > 256 {
					vals = append(vals, cur)
					cur = ""
				}
				if cur != "" {
					cur += "; "
				}
				cur += e
			}
			vals = append(vals, cur)
			for i, val := range vals {
				k := model.BGPTagKey
				if i > 0 {
					k += fmt.Sprintf(":%d", i+1)
				}
				tags[k] = val
			}
			cgw := &model.CustomerGateway{Meta: newMeta(tx, testScope, tx.NewID("cgw"), tags), State: "available", Type: "ipsec.1", BgpAsn: int64(65000 + c)}
			tx.CustomerGateways.Put(cgw)
			vpn := &model.VpnConnection{Meta: newMeta(tx, testScope, tx.NewID("vpn"), nil), State: "available", Type: "ipsec.1",
				CustomerGatewayID: cgw.ID, VpnGatewayID: g.ID,
				Tunnels: []model.VpnTunnel{{OutsideIPAddress: netip.MustParseAddr("203.0.113.1")}, {OutsideIPAddress: netip.MustParseAddr("203.0.113.2")}}}
			tx.VpnConnections.Put(vpn)
			conns = append(conns, vpn.ID)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	rt, _ = s.Snapshot().RouteTables.Get(main.ID)
	return rt, conns
}

func propagated(w *store.World, rt *model.RouteTable) []model.Route {
	var out []model.Route
	for _, r := range RouteTableRoutes(w, rt) {
		if r.Origin == model.OriginEnableVgwRoutePro {
			out = append(out, r)
		}
	}
	return out
}

// TestVpnTunnelDownUp: routes propagated from a VGW appear in the route
// table as EC2 shows them (origin EnableVgwRoutePropagation, the gateway as
// target, state active) and are withdrawn when both tunnels of the
// connection are down (S2S-VPN VPNRoutingTypes.md; docs/onprem.md).
func TestVpnTunnelDownUp(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	rt, conns := onPremFixture(t, s, 1, 2)
	w := s.Snapshot()
	got := propagated(w, rt)
	if len(got) != 2 || got[0].Target != model.TargetVGW || !strings.HasPrefix(got[0].TargetID, "vgw-") || RouteState(w, rt, &got[0]) != RouteActive {
		t.Fatalf("propagated routes %+v", got)
	}
	// Errors.
	for _, c := range []struct {
		name string
		in   SetVpnTunnelInput
		code string
	}{
		{"no id", SetVpnTunnelInput{Tunnel: "1"}, "MissingParameter"},
		{"no tunnel", SetVpnTunnelInput{VpnConnectionID: conns[0]}, "MissingParameter"},
		{"unknown", SetVpnTunnelInput{VpnConnectionID: "vpn-0123456789abcdef0", Tunnel: "1"}, "InvalidVpnConnectionID.NotFound"},
		{"index 3", SetVpnTunnelInput{VpnConnectionID: conns[0], Tunnel: "3"}, "InvalidParameterValue"},
		{"unknown ip", SetVpnTunnelInput{VpnConnectionID: conns[0], Tunnel: "192.0.2.1"}, "InvalidParameterValue"},
	} {
		_, err := s.SetVpnTunnelState(ctx, testScope, c.in)
		t.Run(c.name, func(t *testing.T) { wantCode(t, err, c.code) })
	}
	other := model.Scope{Account: "210987654321", Region: "us-east-1"}
	_, err := s.SetVpnTunnelState(ctx, other, SetVpnTunnelInput{VpnConnectionID: conns[0], Tunnel: "1", Down: true})
	wantCode(t, err, "InvalidVpnConnectionID.NotFound")

	// One tunnel down: the routes stay.
	c, err := s.SetVpnTunnelState(ctx, testScope, SetVpnTunnelInput{VpnConnectionID: conns[0], Tunnel: "1", Down: true})
	if err != nil || !c.Tunnels[0].AdminDown || TunnelStatus(&c.Tunnels[0]) != "DOWN" || c.Tunnels[0].LastStatusChange.IsZero() {
		t.Fatalf("tunnel 1 down: %v %+v", err, c)
	}
	if got := propagated(s.Snapshot(), rt); len(got) != 2 {
		t.Fatalf("one tunnel down: %d routes", len(got))
	}
	// Both down (tunnel 2 by outside IP): withdrawn.
	if _, err := s.SetVpnTunnelState(ctx, testScope, SetVpnTunnelInput{VpnConnectionID: conns[0], Tunnel: "203.0.113.2", Down: true}); err != nil {
		t.Fatal(err)
	}
	if got := propagated(s.Snapshot(), rt); len(got) != 0 {
		t.Fatalf("both tunnels down: %+v", got)
	}
	// The plane agrees.
	if p := s.Plane(); len(p.RouteStates(rt.ID)) != len(RouteTableRoutes(s.Snapshot(), rt)) {
		t.Fatal("plane and control disagree on the routes")
	}
	// Up again: back; repeating a state is not an error.
	for i := 0; i < 2; i++ {
		if _, err := s.SetVpnTunnelState(ctx, testScope, SetVpnTunnelInput{VpnConnectionID: conns[0], Tunnel: "2"}); err != nil {
			t.Fatal(err)
		}
	}
	if got := propagated(s.Snapshot(), rt); len(got) != 2 {
		t.Fatalf("tunnel up: %d routes", len(got))
	}
	// Disabling propagation removes them.
	g := got[0].TargetID
	if err := s.DisableVgwRoutePropagation(ctx, testScope, rt.ID, g); err != nil {
		t.Fatal(err)
	}
	rt2, _ := s.Snapshot().RouteTables.Get(rt.ID)
	if got := propagated(s.Snapshot(), rt2); len(got) != 0 {
		t.Fatalf("propagation disabled: %+v", got)
	}
}

// BenchmarkTunnelDownRecompute: 10,000 BGP prefixes over 100 VPN
// connections on one VGW; one connection's tunnels go down (two writes)
// and the propagated routes of the route table are recomputed.
func BenchmarkTunnelDownRecompute(b *testing.B) {
	st, err := store.Open(store.Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s := New(st, Options{})
	ctx := context.Background()
	if err := s.EnsureScope(ctx, testScope); err != nil {
		b.Fatal(err)
	}
	rt, conns := onPremFixture(b, s, 100, 100)
	if n := len(propagated(s.Snapshot(), rt)); n != 10000 {
		b.Fatalf("%d propagated routes", n)
	}
	down := true
	for b.Loop() {
		for _, t := range []string{"1", "2"} {
			if _, err := s.SetVpnTunnelState(ctx, testScope, SetVpnTunnelInput{VpnConnectionID: conns[42], Tunnel: t, Down: down}); err != nil {
				b.Fatal(err)
			}
		}
		want := 10000
		if down {
			want = 9900
		}
		if n := len(propagated(s.Snapshot(), rt)); n != want {
			b.Fatalf("%d propagated routes, want %d", n, want)
		}
		down = !down
	}
}

// BenchmarkPropagatedRecompute: the recomputation alone (10,000 BGP
// prefixes over 100 VPN connections, one connection down).
func BenchmarkPropagatedRecompute(b *testing.B) {
	st, err := store.Open(store.Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s := New(st, Options{})
	ctx := context.Background()
	if err := s.EnsureScope(ctx, testScope); err != nil {
		b.Fatal(err)
	}
	rt, conns := onPremFixture(b, s, 100, 100)
	for _, t := range []string{"1", "2"} {
		if _, err := s.SetVpnTunnelState(ctx, testScope, SetVpnTunnelInput{VpnConnectionID: conns[42], Tunnel: t, Down: true}); err != nil {
			b.Fatal(err)
		}
	}
	w := s.Snapshot()
	for b.Loop() {
		if n := len(RouteTableRoutes(w, rt)); n < 9900 {
			b.Fatal(n)
		}
	}
}
