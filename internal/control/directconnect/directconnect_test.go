package directconnect

import (
	"context"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	dx "github.com/vpcsim/vpcsim/internal/model/directconnect"
	"github.com/vpcsim/vpcsim/internal/store"
)

var (
	ctx   = context.Background()
	scope = Scope{Account: "123456789012", Region: "us-east-1"}
	other = Scope{Account: "210987654321", Region: "us-east-1"}
)

type world struct {
	st  *store.Store
	ec2 *control.Service
	dx  *Service
}

func newWorld(t *testing.T) *world {
	t.Helper()
	st, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &world{st: st, ec2: control.New(st, control.Options{}), dx: New(st, Options{})}
	for _, sc := range []Scope{scope, other} {
		if err := w.ec2.EnsureScope(ctx, sc); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// wantErr checks err is Direct Connect's code with a message containing
// sub.
func wantErr(t *testing.T, err error, code, sub string) {
	t.Helper()
	e, ok := awserr.As(err)
	if !ok || e.Code != code || !strings.Contains(e.Message, sub) {
		t.Fatalf("error = %v, want %s containing %q", err, code, sub)
	}
}

func (w *world) conn(t *testing.T, bw string) *dx.Connection {
	t.Helper()
	return must[*dx.Connection](t)(w.dx.CreateConnection(ctx, scope, CreateConnectionInput{Location: "EqDC2", Bandwidth: bw, Name: "c"}))
}

// attachedVGW returns a virtual private gateway attached to a new VPC.
func (w *world) attachedVGW(t *testing.T, cidr string) string {
	t.Helper()
	v := must[*model.VPC](t)(w.ec2.CreateVpc(ctx, scope, control.CreateVpcInput{CidrBlock: cidr}))
	g := must[*model.VpnGateway](t)(w.ec2.CreateVpnGateway(ctx, scope, control.CreateVpnGatewayInput{Type: "ipsec.1"}))
	if err := w.ec2.AttachVpnGateway(ctx, scope, g.ID, v.ID); err != nil {
		t.Fatal(err)
	}
	return g.ID
}

// Connections [DX dedicated_connection.md]: requested in the answer,
// available on the next read; bandwidths 1/10/100/400 Gbps at a location
// of the region; deleted connections are gone ("Could not find
// Connection").
func TestConnectionLifecycle(t *testing.T) {
	w := newWorld(t)
	c := w.conn(t, "10Gbps")
	if c.State != dx.ConnRequested || !strings.HasPrefix(c.ID, "dxcon-") {
		t.Fatalf("create answer = %s %s", c.ID, c.State)
	}
	got, _, err := w.dx.DescribeConnections(ctx, scope, c.ID, Page{})
	if err != nil || len(got) != 1 || got[0].State != dx.ConnAvailable {
		t.Fatalf("describe = %v, %v", got, err)
	}
	if _, _, err := w.dx.DescribeConnections(ctx, other, c.ID, Page{}); err == nil {
		t.Fatal("another account sees the connection")
	}
	for _, tc := range []struct {
		name string
		in   CreateConnectionInput
		sub  string
	}{
		{"bad location", CreateConnectionInput{Location: "Nowhere", Bandwidth: "1Gbps", Name: "x"}, "not a valid location"},
		{"hosted speed", CreateConnectionInput{Location: "EqDC2", Bandwidth: "50Mbps", Name: "x"}, "Bandwidth 50Mbps is not available"},
		{"macsec on 1G", CreateConnectionInput{Location: "EqDC2", Bandwidth: "1Gbps", Name: "x", RequestMACSec: true}, "MACsec"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.dx.CreateConnection(ctx, scope, tc.in)
			wantErr(t, err, codeClient, tc.sub)
		})
	}
	_, err = w.dx.UpdateConnection(ctx, scope, c.ID, nil, ptr("must_encrypt"))
	wantErr(t, err, codeClient, "not MACsec capable")
	n := must[*dx.Connection](t)(w.dx.UpdateConnection(ctx, scope, c.ID, ptr("renamed"), nil))
	if n.Name != "renamed" {
		t.Fatalf("name = %s", n.Name)
	}
	pdf := must[[]byte](t)(w.dx.DescribeLoa(ctx, scope, c.ID, ""))
	if !strings.HasPrefix(string(pdf), "%PDF-") || !strings.Contains(string(pdf), c.ID) {
		t.Fatalf("LOA = %q", pdf[:20])
	}
	d := must[*dx.Connection](t)(w.dx.DeleteConnection(ctx, scope, c.ID))
	if d.State != dx.ConnDeleted {
		t.Fatalf("delete answer state = %s", d.State)
	}
	_, _, err = w.dx.DescribeConnections(ctx, scope, c.ID, Page{})
	wantErr(t, err, codeClient, "Could not find Connection with ID "+c.ID)
}

// "Active AWS Direct Connect connections per Direct Connect location per
// Region per account: 10" [DX limits.md].
func TestConnectionQuotaPerLocation(t *testing.T) {
	w := newWorld(t)
	for range maxConnectionsPerLocation {
		w.conn(t, "1Gbps")
	}
	_, err := w.dx.CreateConnection(ctx, scope, CreateConnectionInput{Location: "EqDC2", Bandwidth: "1Gbps", Name: "x"})
	wantErr(t, err, codeClient, "limit of 10")
	if _, err := w.dx.CreateConnection(ctx, scope, CreateConnectionInput{Location: "CSVA1", Bandwidth: "1Gbps", Name: "x"}); err != nil {
		t.Fatalf("another location: %v", err)
	}
	all, next, err := w.dx.DescribeConnections(ctx, scope, "", Page{MaxResults: 4})
	if err != nil || len(all) != 4 || next == "" {
		t.Fatalf("page 1 = %d %q %v", len(all), next, err)
	}
	seen := len(all)
	for next != "" {
		all, next, err = w.dx.DescribeConnections(ctx, scope, "", Page{MaxResults: 4, NextToken: next})
		if err != nil {
			t.Fatal(err)
		}
		seen += len(all)
	}
	if seen != 11 {
		t.Fatalf("paged %d connections, want 11", seen)
	}
}

// Hosted connections [DX hosted_connection.md; ConfirmConnection]: the
// owner sees a hosted connection ordering until it confirms it; the
// partner lists it with DescribeHostedConnections.
func TestHostedConnection(t *testing.T) {
	w := newWorld(t)
	parent := w.conn(t, "10Gbps")
	h := must[*dx.Connection](t)(w.dx.AllocateHostedConnection(ctx, scope, AllocateHostedConnectionInput{ParentID: parent.ID,
		OwnerAccount: other.Account, Bandwidth: "500Mbps", Name: "h", Vlan: 101}))
	if h.State != dx.ConnOrdering || h.Account != other.Account {
		t.Fatalf("hosted = %+v", h)
	}
	mine, _, _ := w.dx.DescribeConnections(ctx, other, "", Page{})
	if len(mine) != 1 || mine[0].State != dx.ConnOrdering {
		t.Fatalf("owner sees %v", mine)
	}
	on, _, err := w.dx.DescribeHostedConnections(ctx, scope, parent.ID, Page{})
	if err != nil || len(on) != 1 {
		t.Fatalf("hosted on parent = %v %v", on, err)
	}
	_, err = w.dx.AllocateHostedConnection(ctx, scope, AllocateHostedConnectionInput{ParentID: parent.ID,
		OwnerAccount: other.Account, Bandwidth: "1Gbps", Name: "h2", Vlan: 101})
	wantErr(t, err, codeClient, "VLAN 101 is already in use")
	_, err = w.dx.AllocateHostedConnection(ctx, scope, AllocateHostedConnectionInput{ParentID: parent.ID,
		OwnerAccount: other.Account, Bandwidth: "25Gbps", Name: "h2", Vlan: 102})
	wantErr(t, err, codeClient, "Insufficient capacity")
	if st := must[string](t)(w.dx.ConfirmConnection(ctx, other, h.ID)); st != dx.ConnPending {
		t.Fatalf("confirm answer = %s", st)
	}
	mine, _, _ = w.dx.DescribeConnections(ctx, other, h.ID, Page{})
	if mine[0].State != dx.ConnAvailable {
		t.Fatalf("after confirm = %s", mine[0].State)
	}
	_, err = w.dx.ConfirmConnection(ctx, other, h.ID)
	wantErr(t, err, codeClient, "not in the ordering state")
	_, err = w.dx.DeleteConnection(ctx, scope, parent.ID)
	wantErr(t, err, codeClient, "hosted connections")
}

// LAGs [DX lags.md, create-lag.md; CreateLag, DisassociateConnectionFromLag]:
// same bandwidth and location, at most 4 links below 100G and 2 at 100G,
// minimum links, a LAG outlives its last connection.
func TestLagRules(t *testing.T) {
	w := newWorld(t)
	l, conns, err := w.dx.CreateLag(ctx, scope, CreateLagInput{NumberOfConnections: 1, Location: "EqDC2", Bandwidth: "10Gbps", Name: "lag"})
	if err != nil || l.State != dx.LagPending || len(conns) != 1 || conns[0].State != dx.ConnRequested {
		t.Fatalf("create = %+v %v %v", l, conns, err)
	}
	// Terraform's aws_dx_lag deletes the connection CreateLag made.
	must[*dx.Connection](t)(w.dx.DeleteConnection(ctx, scope, conns[0].ID))
	views, _, err := w.dx.DescribeLags(ctx, scope, l.ID, Page{})
	if err != nil || views[0].State != dx.LagAvailable || len(views[0].Connections) != 0 {
		t.Fatalf("lag after delete of its connection = %+v %v", views, err)
	}
	_, _, err = w.dx.CreateLag(ctx, scope, CreateLagInput{NumberOfConnections: 3, Location: "EqDC2", Bandwidth: "100Gbps", Name: "big"})
	wantErr(t, err, codeClient, "between 1 and 2")
	c1 := w.conn(t, "10Gbps")
	c2 := w.conn(t, "10Gbps")
	slow := w.conn(t, "1Gbps")
	must[*dx.Connection](t)(w.dx.AssociateConnectionWithLag(ctx, scope, c1.ID, l.ID))
	must[*dx.Connection](t)(w.dx.AssociateConnectionWithLag(ctx, scope, c2.ID, l.ID))
	_, err = w.dx.AssociateConnectionWithLag(ctx, scope, slow.ID, l.ID)
	wantErr(t, err, codeClient, "has bandwidth 1Gbps")
	_, err = w.dx.UpdateLag(ctx, scope, l.ID, UpdateLagInput{MinimumLinks: ptr(int32(3))})
	wantErr(t, err, codeClient, "minimumLinks 3")
	must[LagView](t)(w.dx.UpdateLag(ctx, scope, l.ID, UpdateLagInput{MinimumLinks: ptr(int32(2))}))
	_, err = w.dx.DisassociateConnectionFromLag(ctx, scope, c1.ID, l.ID)
	wantErr(t, err, codeClient, "minimum links")
	must[LagView](t)(w.dx.UpdateLag(ctx, scope, l.ID, UpdateLagInput{MinimumLinks: ptr(int32(1))}))
	must[*dx.Connection](t)(w.dx.DisassociateConnectionFromLag(ctx, scope, c1.ID, l.ID))
	// A LAG with a virtual interface cannot be deleted.
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "g", 0, nil))
	v := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: l.ID, Name: "v", Vlan: 10, Asn: 65000, DxGatewayID: gw.ID}))
	_, err = w.dx.DeleteLag(ctx, scope, l.ID)
	wantErr(t, err, codeClient, "virtual interfaces")
	must[string](t)(w.dx.DeleteVirtualInterface(ctx, scope, v.ID))
	d := must[LagView](t)(w.dx.DeleteLag(ctx, scope, l.ID))
	if d.State != dx.LagDeleted {
		t.Fatalf("delete answer = %s", d.State)
	}
	if _, _, err := w.dx.DescribeConnections(ctx, scope, c2.ID, Page{}); err == nil {
		t.Fatal("the LAG's member connection survived DeleteLag")
	}
	_, _, err = w.dx.DescribeLags(ctx, scope, l.ID, Page{})
	wantErr(t, err, codeClient, "Could not find Lag with ID")
}

// Virtual interfaces [DX create-vif.md, set-jumbo-frames-vif.md,
// limits.md]: VLAN 1-4094 unique per connection, MTU 1500/9001 (private)
// and 1500/8500 (transit), a private interface to exactly one gateway, a
// transit one to a Direct Connect gateway, generated BGP addresses and key.
func TestVirtualInterfaceRules(t *testing.T) {
	w := newWorld(t)
	c := w.conn(t, "10Gbps")
	vgw := w.attachedVGW(t, "10.1.0.0/16")
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "g", 64999, nil))
	tgwGw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "t", 65001, nil))
	priv := VifInput{Type: dx.VifPrivate, PortID: c.ID, Name: "p", Vlan: 100, Asn: 65000, VgwID: vgw}
	v := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, priv))
	if v.State != dx.VifPending || v.Mtu != 1500 || v.AmazonSideAsn != 64512 || len(v.BGPPeers) != 1 {
		t.Fatalf("vif = %+v", v)
	}
	p := v.BGPPeers[0]
	if !strings.HasPrefix(p.AmazonAddress, "169.254.") || !strings.HasSuffix(p.AmazonAddress, "/30") || p.AuthKey == "" || p.Status != dx.BGPUp {
		t.Fatalf("peer = %+v", p)
	}
	got, _, _ := w.dx.DescribeVirtualInterfaces(ctx, scope, "", v.ID, Page{})
	if len(got) != 1 || got[0].State != dx.VifAvailable || !got[0].Up() {
		t.Fatalf("describe = %+v", got)
	}
	if id, isDX := got[0].Gateway(); id != vgw || isDX {
		t.Fatalf("gateway = %s %v", id, isDX)
	}
	for _, tc := range []struct {
		name string
		mod  func(*VifInput)
		sub  string
	}{
		{"vlan taken", func(in *VifInput) {}, "VLAN 100 is already in use"},
		{"vlan range", func(in *VifInput) { in.Vlan = 4095 }, "between 1 and 4094"},
		{"private mtu 8500", func(in *VifInput) { in.Vlan = 2; in.Mtu = ptr(int32(8500)) }, "Valid values: 1500, 9001"},
		{"two gateways", func(in *VifInput) { in.Vlan = 2; in.DxGatewayID = gw.ID }, "either a virtual private gateway or a Direct Connect gateway"},
		{"no gateway", func(in *VifInput) { in.Vlan = 2; in.VgwID = "" }, "either a virtual private gateway"},
		{"ipv6 custom", func(in *VifInput) {
			in.Vlan = 2
			in.AddressFamily = "ipv6"
			in.AmazonAddress = "fd00::1/125"
			in.CustomerAddr = "fd00::2/125"
		}, "custom IPv6"},
		{"one address", func(in *VifInput) { in.Vlan = 2; in.AmazonAddress = "169.254.1.1/30" }, "both"},
		{"same asn", func(in *VifInput) { in.Vlan = 2; in.Asn = 64512 }, "cannot be the same as the Amazon side ASN"},
		{"sitelink on vgw", func(in *VifInput) { in.Vlan = 2; in.SiteLink = true }, "SiteLink"},
		{"unknown vgw", func(in *VifInput) { in.Vlan = 2; in.VgwID = "vgw-0123456789abcdef0" }, "does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := priv
			tc.mod(&in)
			_, err := w.dx.CreateVirtualInterface(ctx, scope, in)
			wantErr(t, err, codeClient, tc.sub)
		})
	}
	tr := VifInput{Type: dx.VifTransit, PortID: c.ID, Name: "t", Vlan: 200, Asn: 65000, DxGatewayID: tgwGw.ID, Mtu: ptr(int32(8500)), SiteLink: true}
	tv := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, tr))
	if tv.Mtu != 8500 || !tv.SiteLink || tv.AmazonSideAsn != 65001 {
		t.Fatalf("transit = %+v", tv)
	}
	tr.Vlan, tr.Mtu = 201, ptr(int32(9001))
	_, err := w.dx.CreateVirtualInterface(ctx, scope, tr)
	wantErr(t, err, codeClient, "Valid values: 1500, 8500")
	// A Direct Connect gateway with a private interface takes no transit
	// interface [DX direct-connect-transit-gateways.md].
	must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: c.ID, Name: "p2", Vlan: 300, Asn: 65000, DxGatewayID: gw.ID}))
	_, err = w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifTransit, PortID: c.ID, Name: "t2", Vlan: 301, Asn: 65000, DxGatewayID: gw.ID})
	wantErr(t, err, codeClient, "cannot take a transit virtual interface")
	// Public interfaces need the customer's public addresses.
	_, err = w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPublic, PortID: c.ID, Name: "pub", Vlan: 400, Asn: 65000})
	wantErr(t, err, codeClient, "public IPv4 addresses")
	pub := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPublic, PortID: c.ID, Name: "pub", Vlan: 400, Asn: 65000,
		AmazonAddress: "203.0.113.1/30", CustomerAddr: "203.0.113.2/30", RouteFilterPrefixes: []string{"203.0.113.0/24"}}))
	if len(pub.RouteFilterPrefixes) != 1 {
		t.Fatalf("public = %+v", pub)
	}
	// Jumbo frames and SiteLink after creation.
	u := must[*dx.VirtualInterface](t)(w.dx.UpdateVirtualInterfaceAttributes(ctx, scope, v.ID, UpdateVifInput{Mtu: ptr(int32(9001))}))
	if u.Mtu != 9001 {
		t.Fatalf("mtu = %d", u.Mtu)
	}
	_, err = w.dx.UpdateVirtualInterfaceAttributes(ctx, scope, v.ID, UpdateVifInput{SiteLink: ptr(true)})
	wantErr(t, err, codeClient, "SiteLink")
	_, err = w.dx.DeleteConnection(ctx, scope, c.ID)
	wantErr(t, err, codeClient, "virtual interfaces")
	if st := must[string](t)(w.dx.DeleteVirtualInterface(ctx, scope, v.ID)); st != dx.VifDeleting {
		t.Fatalf("delete answer = %s", st)
	}
	if got, _, _ := w.dx.DescribeVirtualInterfaces(ctx, scope, "", v.ID, Page{}); len(got) != 0 {
		t.Fatalf("deleted interface still listed: %v", got)
	}
}

// "Private, public, or transit virtual interfaces per AWS Direct Connect
// hosted connection: 1" and "Transit virtual interfaces per dedicated
// connection: 4" [DX limits.md].
func TestVirtualInterfaceQuotas(t *testing.T) {
	w := newWorld(t)
	c := w.conn(t, "10Gbps")
	for i := range maxTransitVifsPerConnection {
		gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "g", 65001, nil))
		must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifTransit, PortID: c.ID, Name: "t", Vlan: int32(10 + i), Asn: 65000, DxGatewayID: gw.ID}))
	}
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "g", 65001, nil))
	_, err := w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifTransit, PortID: c.ID, Name: "t", Vlan: 99, Asn: 65000, DxGatewayID: gw.ID})
	wantErr(t, err, codeClient, "limit of 4 transit")
	h := must[*dx.Connection](t)(w.dx.AllocateHostedConnection(ctx, other, AllocateHostedConnectionInput{ParentID: w.connOf(t, other).ID,
		OwnerAccount: scope.Account, Bandwidth: "1Gbps", Name: "h", Vlan: 7}))
	_, err = w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: h.ID, Name: "p", Vlan: 7, Asn: 65000, DxGatewayID: gw.ID})
	wantErr(t, err, codeClient, "not available")
	must[string](t)(w.dx.ConfirmConnection(ctx, scope, h.ID))
	_, err = w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: h.ID, Name: "p", Vlan: 8, Asn: 65000, DxGatewayID: gw.ID})
	wantErr(t, err, codeClient, "must be 7")
	must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: h.ID, Name: "p", Vlan: 7, Asn: 65000, DxGatewayID: gw.ID}))
	_, err = w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: h.ID, Name: "p", Vlan: 7, Asn: 65000, DxGatewayID: gw.ID})
	wantErr(t, err, codeClient, "already has a virtual interface")
}

func (w *world) connOf(t *testing.T, sc Scope) *dx.Connection {
	t.Helper()
	return must[*dx.Connection](t)(w.dx.CreateConnection(ctx, sc, CreateConnectionInput{Location: "EqDC2", Bandwidth: "10Gbps", Name: "c"}))
}

// Hosted virtual interfaces [DX createhostedvirtualinterface.md,
// accepthostedvirtualinterface.md]: confirming until the owner accepts
// them with a gateway; the allocator sees them too.
func TestHostedVirtualInterface(t *testing.T) {
	w := newWorld(t)
	c := w.conn(t, "10Gbps")
	v := must[*dx.VirtualInterface](t)(w.dx.AllocateVirtualInterface(ctx, scope, other.Account, VifInput{Type: dx.VifTransit, PortID: c.ID, Name: "h", Vlan: 5, Asn: 65000}))
	if v.State != dx.VifConfirming || v.Account != other.Account || v.Up() {
		t.Fatalf("allocated = %+v", v)
	}
	if got, _, _ := w.dx.DescribeVirtualInterfaces(ctx, scope, c.ID, "", Page{}); len(got) != 1 {
		t.Fatalf("allocator sees %d interfaces", len(got))
	}
	_, err := w.dx.ConfirmVirtualInterface(ctx, other, dx.VifTransit, v.ID, "", "")
	wantErr(t, err, codeClient, "Direct Connect gateway")
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, other, "g", 65010, nil))
	if st := must[string](t)(w.dx.ConfirmVirtualInterface(ctx, other, dx.VifTransit, v.ID, "", gw.ID)); st != dx.VifPending {
		t.Fatalf("confirm answer = %s", st)
	}
	got, _, _ := w.dx.DescribeVirtualInterfaces(ctx, other, "", v.ID, Page{})
	if got[0].State != dx.VifAvailable || got[0].DxGatewayID != gw.ID || !got[0].Up() {
		t.Fatalf("confirmed = %+v", got[0])
	}
}

// BGP peers [CreateBGPPeer, DeleteBGPPeer]: one peer per address family
// without logical redundancy, IPv6 addresses allocated, the last peer
// cannot be deleted; SetBGPStatus takes sessions down and up (failover).
func TestBGPPeers(t *testing.T) {
	w := newWorld(t)
	c := w.conn(t, "10Gbps")
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "g", 0, nil))
	v := must[*dx.VirtualInterface](t)(w.dx.CreateVirtualInterface(ctx, scope, VifInput{Type: dx.VifPrivate, PortID: c.ID, Name: "p", Vlan: 1, Asn: 65000, DxGatewayID: gw.ID}))
	_, err := w.dx.CreateBGPPeer(ctx, scope, v.ID, NewPeerInput{AddressFamily: "ipv4", Asn: 65000})
	wantErr(t, err, codeClient, "already has an ipv4 BGP peer")
	n := must[*dx.VirtualInterface](t)(w.dx.CreateBGPPeer(ctx, scope, v.ID, NewPeerInput{AddressFamily: "ipv6", Asn: 65000}))
	p6 := n.BGPPeers[1]
	if p6.State != dx.PeerPending || !strings.HasPrefix(p6.AmazonAddress, "fd") || !strings.HasSuffix(p6.CustomerAddress, "::2/125") {
		t.Fatalf("ipv6 peer = %+v", p6)
	}
	down := must[*dx.VirtualInterface](t)(w.dx.SetBGPStatus(ctx, v.ID, "", false))
	if down.State != dx.VifDown || down.Up() {
		t.Fatalf("after down = %s", down.State)
	}
	half := must[*dx.VirtualInterface](t)(w.dx.SetBGPStatus(ctx, v.ID, p6.ID, true))
	if half.State != dx.VifAvailable || !half.Up() {
		t.Fatalf("one peer up = %s", half.State)
	}
	must[*dx.VirtualInterface](t)(w.dx.DeleteBGPPeer(ctx, scope, v.ID, DeletePeerInput{PeerID: p6.ID}))
	_, err = w.dx.DeleteBGPPeer(ctx, scope, v.ID, DeletePeerInput{PeerID: v.BGPPeers[0].ID})
	wantErr(t, err, codeClient, "last BGP peer")
	got, _, _ := w.dx.DescribeVirtualInterfaces(ctx, scope, "", v.ID, Page{})
	if got[0].State != dx.VifDown {
		t.Fatalf("remaining peer is down, state = %s", got[0].State)
	}
}

// Direct Connect gateways and associations [DX direct-connect-gateways.md,
// virtualgateways.md, direct-connect-transit-gateways.md,
// allowed-to-prefixes.md].
func TestGatewayAssociations(t *testing.T) {
	w := newWorld(t)
	_, err := w.dx.CreateGateway(ctx, scope, "bad", 65535, nil)
	wantErr(t, err, codeClient, "64512 to 65534")
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "g", 0, nil))
	if gw.State != dx.GwPending || gw.AmazonSideAsn != 64512 || gw.Region != "" {
		t.Fatalf("gateway = %+v", gw)
	}
	// A virtual private gateway must be attached to a VPC.
	lone := must[*model.VpnGateway](t)(w.ec2.CreateVpnGateway(ctx, scope, control.CreateVpnGatewayInput{Type: "ipsec.1"}))
	_, err = w.dx.CreateAssociation(ctx, scope, gw.ID, lone.ID, nil)
	wantErr(t, err, codeClient, "not attached to a VPC")
	vgw := w.attachedVGW(t, "10.2.0.0/16")
	a := must[*dx.Association](t)(w.dx.CreateAssociation(ctx, scope, gw.ID, vgw, nil))
	if a.State != dx.AssocAssociating || len(a.AllowedPrefixes) != 1 || a.AllowedPrefixes[0] != "10.2.0.0/16" {
		t.Fatalf("association = %+v", a)
	}
	gw2 := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "g2", 65100, nil))
	_, err = w.dx.CreateAssociation(ctx, scope, gw2.ID, vgw, nil)
	wantErr(t, err, codeClient, "already associated")
	// A gateway with a virtual private gateway takes no transit gateway.
	tgw := must[*model.TransitGateway](t)(w.ec2.CreateTransitGateway(ctx, scope, control.CreateTransitGatewayInput{}))
	_, err = w.dx.CreateAssociation(ctx, scope, gw.ID, tgw.ID, []string{"10.0.0.0/8"})
	wantErr(t, err, codeClient, "cannot be associated with a transit gateway")
	// Transit gateways: allowed prefixes required, ASNs differ.
	sameAsn := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "same", 64512, nil))
	_, err = w.dx.CreateAssociation(ctx, scope, sameAsn.ID, tgw.ID, []string{"10.0.0.0/8"})
	wantErr(t, err, codeClient, "must be different")
	_, err = w.dx.CreateAssociation(ctx, scope, gw2.ID, tgw.ID, nil)
	wantErr(t, err, codeClient, "Allowed prefixes are required")
	ta := must[*dx.Association](t)(w.dx.CreateAssociation(ctx, scope, gw2.ID, tgw.ID, []string{"10.0.0.0/16"}))
	att, ok := w.st.Snapshot().TGWAttachments.Get(ta.TGWAttachmentID)
	if !ok || att.ResourceType != model.TGWAttachDXGW || att.ResourceID != gw2.ID || att.State != model.TGWAvailable || att.Association == nil {
		t.Fatalf("tgw attachment = %+v", att)
	}
	// Overlapping allowed prefixes across transit gateways are refused.
	tgw2 := must[*model.TransitGateway](t)(w.ec2.CreateTransitGateway(ctx, scope, control.CreateTransitGatewayInput{AmazonSideAsn: 64600}))
	_, err = w.dx.CreateAssociation(ctx, scope, gw2.ID, tgw2.ID, []string{"10.0.0.0/8"})
	wantErr(t, err, codeClient, "overlaps")
	u := must[*dx.Association](t)(w.dx.UpdateAssociation(ctx, scope, ta.ID, []string{"172.16.0.0/12"}, []string{"10.0.0.0/16"}))
	if u.State != dx.AssocUpdating || len(u.AllowedPrefixes) != 1 || u.AllowedPrefixes[0] != "172.16.0.0/12" {
		t.Fatalf("update = %+v", u)
	}
	_, err = w.dx.UpdateAssociation(ctx, scope, ta.ID, nil, []string{"172.16.0.0/12"})
	wantErr(t, err, codeClient, "required")
	_, err = w.dx.DeleteGateway(ctx, scope, gw2.ID)
	wantErr(t, err, codeClient, "has associations")
	list, _, _ := w.dx.DescribeAssociations(ctx, scope, AssociationFilter{AssociatedGatewayID: tgw.ID}, Page{})
	if len(list) != 1 || list[0].State != dx.AssocAssociated {
		t.Fatalf("describe = %+v", list)
	}
	d := must[*dx.Association](t)(w.dx.DeleteAssociation(ctx, scope, ta.ID, "", ""))
	if d.State != dx.AssocDisassociating {
		t.Fatalf("delete answer = %s", d.State)
	}
	att, _ = w.st.Snapshot().TGWAttachments.Get(ta.TGWAttachmentID)
	if att.State != model.TGWDeleted {
		t.Fatalf("attachment after disassociation = %s", att.State)
	}
	must[*dx.Association](t)(w.dx.DeleteAssociation(ctx, scope, "", gw.ID, vgw))
	if d := must[*dx.Gateway](t)(w.dx.DeleteGateway(ctx, scope, gw2.ID)); d.State != dx.GwDeleting {
		t.Fatalf("delete gateway answer = %s", d.State)
	}
	if got, _, _ := w.dx.DescribeGateways(ctx, scope, gw2.ID, Page{}); len(got) != 0 {
		t.Fatal("deleted gateway still listed")
	}
}

// Tags [DX using-tags.md; TagResource]: by ARN, at most 50, duplicate keys
// refused, the aws: prefix reserved.
func TestTags(t *testing.T) {
	w := newWorld(t)
	c := w.conn(t, "1Gbps")
	gw := must[*dx.Gateway](t)(w.dx.CreateGateway(ctx, scope, "g", 0, nil))
	if err := w.dx.TagResource(ctx, scope, c.ARN(), map[string]string{"env": "prod"}); err != nil {
		t.Fatal(err)
	}
	if err := w.dx.TagResource(ctx, scope, gw.ARN(), map[string]string{"a": "1", "b": "2"}); err != nil {
		t.Fatal(err)
	}
	if err := w.dx.UntagResource(ctx, scope, gw.ARN(), []string{"a"}); err != nil {
		t.Fatal(err)
	}
	rts := must[[]ResourceTags](t)(w.dx.DescribeTags(ctx, scope, []string{c.ARN(), gw.ARN()}))
	if rts[0].Tags["env"] != "prod" || len(rts[1].Tags) != 1 || rts[1].Tags["b"] != "2" {
		t.Fatalf("tags = %+v", rts)
	}
	_, err := TagMap([]model.Tag{{Key: "k"}, {Key: "k"}})
	wantErr(t, err, codeDuplicateTags, "k")
	many := map[string]string{}
	for i := range 50 {
		many[strings.Repeat("k", i+1)] = "v"
	}
	err = w.dx.TagResource(ctx, scope, c.ARN(), many)
	wantErr(t, err, codeTooManyTags, "50")
	err = w.dx.TagResource(ctx, scope, c.ARN(), map[string]string{"aws:x": "v"})
	wantErr(t, err, codeClient, "reserved")
	_, err = w.dx.DescribeTags(ctx, other, []string{c.ARN()})
	wantErr(t, err, codeClient, "does not exist")
}

func ptr[T any](v T) *T { return &v }
