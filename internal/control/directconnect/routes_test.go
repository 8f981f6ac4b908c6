package directconnect

import (
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

// mainTable returns the main route table of the VPC a virtual private
// gateway is attached to, with propagation from the gateway enabled.
func (w *world) propagatingTable(t *testing.T, vgwID string) string {
	t.Helper()
	snap := w.st.Snapshot()
	g, _ := snap.VpnGateways.Get(vgwID)
	var rtID string
	snap.RouteTables.All(func(rt *model.RouteTable) bool {
		if rt.VpcID == g.Attachments[0].VpcID {
			rtID = rt.ID
			return false
		}
		return true
	})
	if err := w.ec2.EnableVgwRoutePropagation(ctx, scope, rtID, vgwID); err != nil {
		t.Fatal(err)
	}
	return rtID
}

// propagated returns the propagated routes DescribeRouteTables shows for
// table rtID (control.RouteTableRoutes).
func (w *world) propagated(rtID string) map[string]string {
	snap := w.st.Snapshot()
	rt, _ := snap.RouteTables.Get(rtID)
	out := map[string]string{}
	for _, r := range control.RouteTableRoutes(snap, rt) {
		if r.Origin == model.OriginEnableVgwRoutePro {
			out[r.Destination.String()] = r.TargetID
		}
	}
	return out
}

// Direct Connect BGP routes in route selection [S2S-VPN VPNRoutingTypes.md
// "Route tables and VPN route priority"; VPC-UG VPC_Route_Tables.md "Route
// propagation"; DX direct-connect-gateways-intro.md]: a private virtual
// interface on a Direct Connect gateway associated with a virtual private
// gateway offers its vpcsim:bgp prefixes; they propagate into the VPC
// route table (origin EnableVgwRoutePropagation) while a BGP session is
// up, and Direct Connect wins over a VPN static route for the same prefix.
func TestDXRoutesPropagateToVPC(t *testing.T) {
	w := newWorld(t)
	vgw := w.attachedVGW(t, "10.0.0.0/16")
	rtID := w.propagatingTable(t, vgw)
	c := w.conn(t, "10Gbps")
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "g", 0, nil))
	must[*dx.Association](t)(w.dx.CreateAssociation(ctx, scope, gw.ID, vgw, nil))
	v := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: c.ID, Name: "p", Vlan: 1, Asn: 65100, DxGatewayID: gw.ID,
		Tags: map[string]string{model.BGPTagKey: "172.16.0.0/16 as-path=65100 + 192.168.0.0/24 med=5"}}))

	// A VPN static route for the same prefix: Direct Connect wins.
	cgw := must[*model.CustomerGateway](t)(w.ec2.CreateCustomerGateway(ctx, scope, control.CreateCustomerGatewayInput{Type: "ipsec.1", BgpAsn: 65001, IPAddress: "198.51.100.1"}))
	vpn := must[*model.VpnConnection](t)(w.ec2.CreateVpnConnection(ctx, scope, control.CreateVpnConnectionInput{Type: "ipsec.1", CustomerGatewayID: cgw.ID, VpnGatewayID: vgw, StaticRoutesOnly: true}))
	if err := w.ec2.CreateVpnConnectionRoute(ctx, scope, vpn.ID, "172.16.0.0/16"); err != nil {
		t.Fatal(err)
	}
	cands := control.VGWSelectedRoutes(w.st.Snapshot(), vgw)
	if len(cands) != 2 || cands[0].Best.NextHop != v.ID || cands[0].Best.Kind != model.SourceDirectConnect || cands[0].Backups != 1 {
		t.Fatalf("selected = %+v", cands)
	}
	got := w.propagated(rtID)
	if got["172.16.0.0/16"] != vgw || got["192.168.0.0/24"] != vgw || len(got) != 2 {
		t.Fatalf("propagated routes = %v", got)
	}

	// The BGP session goes down: the VPN's static route remains.
	must[*dx.VirtualInterface](t)(w.dx.SetBGPStatus(ctx, v.ID, "", false))
	cands = control.VGWSelectedRoutes(w.st.Snapshot(), vgw)
	if len(cands) != 1 || cands[0].Best.NextHop != vpn.ID {
		t.Fatalf("after down: selected = %+v", cands)
	}
	if got := w.propagated(rtID); len(got) != 1 || got["172.16.0.0/16"] != vgw {
		t.Fatalf("after down: propagated = %v", got)
	}
	must[*dx.VirtualInterface](t)(w.dx.SetBGPStatus(ctx, v.ID, "", true))
	if got := w.propagated(rtID); len(got) != 2 {
		t.Fatalf("after up: propagated = %v", got)
	}

	// Deleting the association withdraws the interface's routes.
	as, _, err := w.dx.DescribeAssociations(ctx, scope, AssociationFilter{GatewayID: gw.ID}, Page{})
	if err != nil || len(as) != 1 {
		t.Fatalf("associations = %v, %v", as, err)
	}
	must[*dx.Association](t)(w.dx.DeleteAssociation(ctx, scope, as[0].ID, "", ""))
	if got := w.propagated(rtID); len(got) != 1 || got["172.16.0.0/16"] != vgw {
		t.Fatalf("after disassociation: propagated = %v", got)
	}
}

// A transit virtual interface's prefixes propagate into the transit
// gateway route tables the Direct Connect gateway attachment propagates to
// [TGW how-transit-gateways-work.md "Route propagation", "Route evaluation
// order"; DX direct-connect-transit-gateways.md]: SearchTransitGatewayRoutes
// (control.TGWTableRoutes) shows them, of resource type
// direct-connect-gateway, while a BGP session is up.
func TestDXTransitVIFPropagatesToTGW(t *testing.T) {
	w := newWorld(t)
	tgw := must[*model.TransitGateway](t)(w.ec2.CreateTransitGateway(ctx, scope, control.CreateTransitGatewayInput{}))
	c := w.conn(t, "10Gbps")
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "g", 65010, nil))
	must[*dx.Association](t)(w.dx.CreateAssociation(ctx, scope, gw.ID, tgw.ID, []string{"10.0.0.0/8"}))
	v := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifTransit, PortID: c.ID, Name: "t", Vlan: 2, Asn: 65100, DxGatewayID: gw.ID}))
	if err := w.dx.TagResource(ctx, scope, v.ARN(), map[string]string{model.BGPTagKey: "172.16.0.0/16 + 172.17.0.0/16"}); err != nil {
		t.Fatal(err)
	}
	routes := func() map[netip.Prefix]string {
		snap := w.st.Snapshot()
		g, _ := snap.TransitGateways.Get(tgw.ID)
		rt, ok := snap.TGWRouteTables.Get(g.Options.PropagationDefaultRouteTableID)
		if !ok {
			t.Fatalf("no default propagation table on %+v", g)
		}
		out := map[netip.Prefix]string{}
		for _, r := range control.TGWTableRoutes(snap, rt) {
			if r.Type == "propagated" {
				out[r.Destination] = r.ResourceType + " " + r.ResourceID
			}
		}
		return out
	}
	want := model.TGWAttachDXGW + " " + gw.ID
	got := routes()
	if len(got) != 2 || got[netip.MustParsePrefix("172.16.0.0/16")] != want || got[netip.MustParsePrefix("172.17.0.0/16")] != want {
		t.Fatalf("propagated = %v", got)
	}
	must[*dx.VirtualInterface](t)(w.dx.SetBGPStatus(ctx, v.ID, "", false))
	if got := routes(); len(got) != 0 {
		t.Fatalf("after down: %v", got)
	}
}

// BGP declarations on virtual interfaces are validated on TagResource and
// at creation [DX TagResource: DirectConnectClientException for bad
// input]: Direct Connect's tag values allow neither ';' nor ',', so
// entries are separated by '+' and ASNs by ':' (docs/onprem.md).
func TestDXBGPTagsValidated(t *testing.T) {
	w := newWorld(t)
	c := w.conn(t, "10Gbps")
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "g", 0, nil))
	v := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: c.ID, Name: "p", Vlan: 1, Asn: 65100, DxGatewayID: gw.ID}))
	for _, tc := range []struct {
		tags map[string]string
		sub  string
	}{
		{map[string]string{model.BGPTagKey: "10.300.0.0/16"}, `entry 1: "10.300.0.0/16" is not a CIDR prefix`},
		{map[string]string{model.BGPTagKey: "10.1.2.3/16"}, "has host bits set"},
		{map[string]string{model.BGPTagKey: "10.1.0.0/16; 10.2.0.0/16"}, "separate vpcsim:bgp entries with +"},
		{map[string]string{model.BGPTagKey + ":1": "10.1.0.0/16"}, "the key must be"},
		{map[string]string{model.BGPTagKey: "10.1.0.0/16 med=x"}, `med: "x" is not a number`},
	} {
		wantErr(t, w.dx.TagResource(ctx, scope, v.ARN(), tc.tags), codeClient, tc.sub)
	}
	_, err := w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: c.ID, Name: "q", Vlan: 3, Asn: 65100, DxGatewayID: gw.ID,
		Tags: map[string]string{model.BGPTagKey: "10.1.0.0/16 weight=1"}})
	wantErr(t, err, codeClient, `unknown attribute "weight"`)
	if err := w.dx.TagResource(ctx, scope, v.ARN(), map[string]string{model.BGPTagKey: "10.1.0.0/16 as-path=65100:65100 med=7 + 10.2.0.0/16"}); err != nil {
		t.Fatal(err)
	}
	got, _ := store.DXVifKind.In(w.st.Snapshot()).Get(v.ID)
	if ads := dx.Advertised(got); len(ads) != 2 || len(ads[0].ASPath) != 2 || ads[0].MED != 7 {
		t.Fatalf("advertised = %+v", ads)
	}
}
