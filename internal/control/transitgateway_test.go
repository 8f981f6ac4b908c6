package control

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/model"
)

// TestCreateTransitGatewayValidation pins CreateTransitGateway's rules [TGW
// tgw-transit-gateways.md "Create a transit gateway"; EC2 API
// TransitGatewayRequestOptions]: private ASNs only (default 64512), CIDR
// blocks /24 or larger (IPv4) or /64 or larger (IPv6), none in
// 169.254.0.0/16, at most 5, not overlapping; enable|disable options.
func TestCreateTransitGatewayValidation(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		in   CreateTransitGatewayInput
		code string
	}{
		{"public asn", CreateTransitGatewayInput{AmazonSideAsn: 7224}, "InvalidParameterValue"},
		{"asn above 16-bit range", CreateTransitGatewayInput{AmazonSideAsn: 65535}, "InvalidParameterValue"},
		{"ipv4 cidr too small", CreateTransitGatewayInput{CidrBlocks: []string{"10.99.0.0/25"}}, "InvalidParameterValue"},
		{"ipv6 cidr too small", CreateTransitGatewayInput{CidrBlocks: []string{"2001:db8::/65"}}, "InvalidParameterValue"},
		{"link-local cidr", CreateTransitGatewayInput{CidrBlocks: []string{"169.254.0.0/24"}}, "InvalidParameterValue"},
		{"overlapping cidrs", CreateTransitGatewayInput{CidrBlocks: []string{"10.99.0.0/16", "10.99.1.0/24"}}, "InvalidParameterValue"},
		{"six cidrs", CreateTransitGatewayInput{CidrBlocks: []string{"10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24", "10.4.0.0/24", "10.5.0.0/24", "10.6.0.0/24"}}, "InvalidParameterValue"},
		{"bad option", CreateTransitGatewayInput{DNSSupport: "yes"}, "InvalidParameterValue"},
	} {
		_, err := s.CreateTransitGateway(ctx, testScope, c.in)
		t.Run(c.name, func(t *testing.T) { wantCode(t, err, c.code) })
	}
	for _, c := range []struct {
		name        string
		in          CreateTransitGatewayInput
		assoc, prop bool
	}{
		{"defaults", CreateTransitGatewayInput{}, true, true},
		{"association only", CreateTransitGatewayInput{DefaultRouteTablePropagation: "disable"}, true, false},
		{"no default table", CreateTransitGatewayInput{DefaultRouteTableAssociation: "disable", DefaultRouteTablePropagation: "disable"}, false, false},
		{"32-bit asn and cidrs", CreateTransitGatewayInput{AmazonSideAsn: 4200000000, CidrBlocks: []string{"10.99.0.0/24", "2001:db8::/64"}}, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := s.CreateTransitGateway(ctx, testScope, c.in)
			if err != nil {
				t.Fatal(err)
			}
			o := g.Options
			if g.State != model.TGWAvailable || (o.AssociationDefaultRouteTableID != "") != c.assoc || (o.PropagationDefaultRouteTableID != "") != c.prop {
				t.Fatalf("gateway %+v", g)
			}
			if c.in.AmazonSideAsn == 0 && o.AmazonSideAsn != 64512 {
				t.Fatalf("default ASN %d", o.AmazonSideAsn)
			}
			if o.DNSSupport != "enable" || o.VpnEcmpSupport != "enable" || o.AutoAcceptSharedAttachments != "disable" || o.MulticastSupport != "disable" {
				t.Fatalf("default options %+v", o)
			}
			n := 0
			s.Snapshot().TGWRouteTables.ByParent(g.ID, func(rt *model.TransitGatewayRouteTable) bool {
				n++
				if rt.DefaultAssociationRouteTable != c.assoc || rt.DefaultPropagationRouteTable != c.prop {
					t.Fatalf("default table %+v", rt)
				}
				return true
			})
			if want := map[bool]int{true: 1, false: 0}[c.assoc || c.prop]; n != want {
				t.Fatalf("%d tables, want %d", n, want)
			}
		})
	}
}

// TestTransitGatewayQuotas pins transit-gateway-quotas.md: 5 gateways per
// account (with AWS quotas on) and 20 route tables per gateway.
func TestTransitGatewayQuotas(t *testing.T) {
	s := newTestService(t)
	s.opts.AWSQuotas = true
	ctx := context.Background()
	var g *model.TransitGateway
	for i := 0; i < maxTGWsPerScope; i++ {
		var err error
		if g, err = s.CreateTransitGateway(ctx, testScope, CreateTransitGatewayInput{}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.CreateTransitGateway(ctx, testScope, CreateTransitGatewayInput{})
	wantCode(t, err, "TransitGatewayLimitExceeded")
	for i := 1; i < maxTGWRouteTablesPerTGW; i++ { // the default table is one
		if _, err := s.CreateTransitGatewayRouteTable(ctx, testScope, g.ID, nil); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.CreateTransitGatewayRouteTable(ctx, testScope, g.ID, nil)
	wantCode(t, err, "TransitGatewayRouteTableLimitExceeded")
	// A deleted gateway stops counting, and stays visible for a while.
	other, _ := s.CreateTransitGateway(ctx, model.Scope{Account: "210987654321", Region: "us-east-1"}, CreateTransitGatewayInput{})
	if other == nil {
		t.Fatal("another account has its own quota")
	}
	d, err := s.DeleteTransitGateway(ctx, testScope, g.ID)
	if err != nil || d.State != model.TGWDeleting {
		t.Fatalf("delete %v %+v", err, d)
	}
	got, _ := s.Snapshot().TransitGateways.Get(g.ID)
	if got.State != model.TGWDeleted || !TGWVisible(got, s.Now()) || TGWVisible(got, s.Now().Add(TGWRetention+time.Minute)) {
		t.Fatalf("deleted gateway %+v", got)
	}
	if _, err := s.CreateTransitGateway(ctx, testScope, CreateTransitGatewayInput{}); err != nil {
		t.Fatalf("after a deletion: %v", err)
	}
}

// tgwNet is a transit gateway with VPCs to attach.
type tgwNet struct {
	s    *Service
	g    *model.TransitGateway
	vpcs []*model.VPC
	sns  [][]*model.Subnet // per VPC: us-east-1a, us-east-1b, another us-east-1a
}

func newTGWNet(t *testing.T, in CreateTransitGatewayInput) *tgwNet {
	t.Helper()
	s := newTestService(t)
	ctx := context.Background()
	g, err := s.CreateTransitGateway(ctx, testScope, in)
	if err != nil {
		t.Fatal(err)
	}
	n := &tgwNet{s: s, g: g}
	for i, cidr := range []string{"10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"} {
		v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: cidr})
		if err != nil {
			t.Fatal(err)
		}
		n.vpcs = append(n.vpcs, v)
		var sns []*model.Subnet
		for j, az := range []string{"us-east-1a", "us-east-1b", "us-east-1a"} {
			p := netip.MustParsePrefix(cidr)
			b := p.Addr().As4()
			b[2] = byte(j + 1)
			sn, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: netip.PrefixFrom(netip.AddrFrom4(b), 24).String(), AvailabilityZone: az})
			if err != nil {
				t.Fatalf("vpc %d subnet %d: %v", i, j, err)
			}
			sns = append(sns, sn)
		}
		n.sns = append(n.sns, sns)
	}
	return n
}

func (n *tgwNet) attach(t *testing.T, vpc int, subnets ...int) *model.TransitGatewayAttachment {
	t.Helper()
	var ids []string
	for _, i := range subnets {
		ids = append(ids, n.sns[vpc][i].ID)
	}
	a, err := n.s.CreateTransitGatewayVpcAttachment(context.Background(), testScope, VpcAttachmentInput{TransitGatewayID: n.g.ID, VpcID: n.vpcs[vpc].ID, SubnetIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestVpcAttachmentRules pins tgw-vpc-attachments.md: one subnet per
// Availability Zone, one attachment per VPC and gateway, a
// requester-managed interface in each subnet (freed on delete), the IPv6
// option needing IPv6 subnets, automatic association and propagation to
// the default tables, deleted attachments visible, DependencyViolation for
// the subnets and VPC while attached.
func TestVpcAttachmentRules(t *testing.T) {
	n := newTGWNet(t, CreateTransitGatewayInput{})
	s, ctx := n.s, context.Background()
	for _, c := range []struct {
		name string
		in   VpcAttachmentInput
		code string
	}{
		{"two subnets in one AZ", VpcAttachmentInput{TransitGatewayID: n.g.ID, VpcID: n.vpcs[0].ID, SubnetIDs: []string{n.sns[0][0].ID, n.sns[0][2].ID}}, "DuplicateSubnetsInSameZone"},
		{"subnet of another VPC", VpcAttachmentInput{TransitGatewayID: n.g.ID, VpcID: n.vpcs[0].ID, SubnetIDs: []string{n.sns[1][0].ID}}, "InvalidParameterValue"},
		{"unknown gateway", VpcAttachmentInput{TransitGatewayID: "tgw-0123456789abcdef0", VpcID: n.vpcs[0].ID, SubnetIDs: []string{n.sns[0][0].ID}}, "InvalidTransitGatewayID.NotFound"},
		{"malformed gateway", VpcAttachmentInput{TransitGatewayID: "tgw-xyz", VpcID: n.vpcs[0].ID, SubnetIDs: []string{n.sns[0][0].ID}}, "InvalidTransitGatewayID.Malformed"},
		{"ipv6 without ipv6 subnets", VpcAttachmentInput{TransitGatewayID: n.g.ID, VpcID: n.vpcs[0].ID, SubnetIDs: []string{n.sns[0][0].ID}, Ipv6Support: "enable"}, "InvalidParameterValue"},
		{"no subnets", VpcAttachmentInput{TransitGatewayID: n.g.ID, VpcID: n.vpcs[0].ID}, "MissingParameter"},
	} {
		_, err := s.CreateTransitGatewayVpcAttachment(ctx, testScope, c.in)
		t.Run(c.name, func(t *testing.T) { wantCode(t, err, c.code) })
	}
	// Another account cannot attach to an unshared gateway (no AWS RAM).
	other := model.Scope{Account: "210987654321", Region: "us-east-1"}
	ov, _ := s.CreateVpc(ctx, other, CreateVpcInput{CidrBlock: "10.9.0.0/16"})
	osn, _ := s.CreateSubnet(ctx, other, CreateSubnetInput{VpcID: ov.ID, CidrBlock: "10.9.0.0/24", AvailabilityZone: "us-east-1a"})
	_, err := s.CreateTransitGatewayVpcAttachment(ctx, other, VpcAttachmentInput{TransitGatewayID: n.g.ID, VpcID: ov.ID, SubnetIDs: []string{osn.ID}})
	wantCode(t, err, "InvalidTransitGatewayID.NotFound")

	a := n.attach(t, 0, 0, 1)
	_, err = s.CreateTransitGatewayVpcAttachment(ctx, testScope, VpcAttachmentInput{TransitGatewayID: n.g.ID, VpcID: n.vpcs[0].ID, SubnetIDs: []string{n.sns[0][0].ID}})
	wantCode(t, err, "DuplicateTransitGatewayAttachment")
	w := s.Snapshot()
	if a.State != model.TGWAvailable || len(a.VPC.ENIs) != 2 || a.Association == nil || a.Association.RouteTableID != n.g.Options.AssociationDefaultRouteTableID {
		t.Fatalf("attachment %+v", a)
	}
	for sn, id := range a.VPC.ENIs {
		e, ok := w.NetworkInterfaces.Get(id)
		if !ok || e.SubnetID != sn || e.InterfaceType != "transit_gateway" || !e.RequesterManaged || e.Description != "Network Interface for Transit Gateway Attachment "+a.ID {
			t.Fatalf("interface %+v", e)
		}
	}
	rt, _ := w.TGWRouteTables.Get(n.g.Options.PropagationDefaultRouteTableID)
	if len(rt.Propagations) != 1 || rt.Propagations[0].AttachmentID != a.ID {
		t.Fatalf("propagations %+v", rt.Propagations)
	}
	routes := TGWTableRoutes(w, rt)
	if len(routes) != 1 || routes[0].Destination != netip.MustParsePrefix("10.0.0.0/16") || routes[0].Type != "propagated" {
		t.Fatalf("routes %+v", routes)
	}
	wantCode(t, s.DeleteSubnet(ctx, testScope, n.sns[0][0].ID), "DependencyViolation")
	wantCode(t, s.DeleteVpc(ctx, testScope, n.vpcs[0].ID), "DependencyViolation")

	// Modify: replace the us-east-1a subnet by another of its zone; a
	// second subnet in a zone is refused.
	_, err = s.ModifyTransitGatewayVpcAttachment(ctx, testScope, a.ID, ModifyVpcAttachmentInput{AddSubnetIDs: []string{n.sns[0][2].ID}})
	wantCode(t, err, "DuplicateSubnetsInSameZone")
	m, err := s.ModifyTransitGatewayVpcAttachment(ctx, testScope, a.ID, ModifyVpcAttachmentInput{AddSubnetIDs: []string{n.sns[0][2].ID}, RemoveSubnetIDs: []string{n.sns[0][0].ID}, ApplianceModeSupport: "enable"})
	if err != nil || len(m.SubnetIDs) != 2 || m.VPC.ApplianceModeSupport != "enable" || m.VPC.ENIs[n.sns[0][0].ID] != "" {
		t.Fatalf("modify %v %+v", err, m)
	}
	if err := s.DeleteSubnet(ctx, testScope, n.sns[0][0].ID); err != nil {
		t.Fatalf("a removed subnet is free: %v", err)
	}

	d, err := s.DeleteTransitGatewayAttachment(ctx, testScope, a.ID, model.TGWAttachVPC)
	if err != nil || d.State != model.TGWDeleting {
		t.Fatalf("delete %v %+v", err, d)
	}
	w = s.Snapshot()
	got, _ := w.TGWAttachments.Get(a.ID)
	if got.State != model.TGWDeleted || !TGWAttachmentVisible(got, s.Now()) || got.Association != nil {
		t.Fatalf("deleted attachment %+v", got)
	}
	for _, id := range m.VPC.ENIs {
		if _, ok := w.NetworkInterfaces.Get(id); ok {
			t.Fatalf("interface %s outlived its attachment", id)
		}
	}
	rt, _ = w.TGWRouteTables.Get(rt.ID)
	if len(rt.Propagations) != 0 {
		t.Fatalf("propagation outlived its attachment: %+v", rt.Propagations)
	}
	_, err = s.DeleteTransitGatewayAttachment(ctx, testScope, a.ID, model.TGWAttachVPC)
	wantCode(t, err, "InvalidTransitGatewayAttachmentID.NotFound")
	// The VPC can be attached again.
	n.attach(t, 0, 1)
}

// TestTGWRouteTableRules pins tgw-route-tables.md and
// how-transit-gateways-work.md: one association per attachment
// (Resource.AlreadyAssociated), default and associated tables cannot be
// deleted, static routes win over propagated ones for the same prefix, a
// static route to a deleted attachment is a blackhole, peering
// attachments cannot propagate.
func TestTGWRouteTableRules(t *testing.T) {
	n := newTGWNet(t, CreateTransitGatewayInput{DefaultRouteTableAssociation: "disable", DefaultRouteTablePropagation: "disable"})
	s, ctx := n.s, context.Background()
	dev, prod, shared := n.attach(t, 0, 0), n.attach(t, 1, 0), n.attach(t, 2, 0, 1)
	if dev.Association != nil {
		t.Fatalf("associated with defaults disabled: %+v", dev.Association)
	}
	spokes, _ := s.CreateTransitGatewayRouteTable(ctx, testScope, n.g.ID, map[string]string{"Name": "spokes"})
	sharedRT, _ := s.CreateTransitGatewayRouteTable(ctx, testScope, n.g.ID, nil)
	for _, c := range []struct {
		rt *model.TransitGatewayRouteTable
		a  *model.TransitGatewayAttachment
	}{{spokes, dev}, {spokes, prod}, {sharedRT, shared}} {
		if _, err := s.AssociateTransitGatewayRouteTable(ctx, testScope, c.rt.ID, c.a.ID); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.AssociateTransitGatewayRouteTable(ctx, testScope, sharedRT.ID, dev.ID)
	wantCode(t, err, "Resource.AlreadyAssociated")
	_, err = s.DisassociateTransitGatewayRouteTable(ctx, testScope, sharedRT.ID, dev.ID)
	wantCode(t, err, "InvalidAssociation.NotFound")
	for _, c := range []struct {
		rt *model.TransitGatewayRouteTable
		a  *model.TransitGatewayAttachment
	}{{spokes, shared}, {sharedRT, dev}, {sharedRT, prod}} {
		if _, err := s.SetTransitGatewayRouteTablePropagation(ctx, testScope, c.rt.ID, c.a.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.SetTransitGatewayRouteTablePropagation(ctx, testScope, spokes.ID, shared.ID, true)
	wantCode(t, err, "TransitGatewayRouteTablePropagation.Duplicate")
	_, err = s.SetTransitGatewayRouteTablePropagation(ctx, testScope, spokes.ID, dev.ID, false)
	wantCode(t, err, "TransitGatewayRouteTablePropagation.NotFound")

	// Isolation: spokes reach shared only; shared reaches both.
	dests := func(rt *model.TransitGatewayRouteTable) []string {
		w := s.Snapshot()
		cur, _ := w.TGWRouteTables.Get(rt.ID)
		var out []string
		for _, r := range TGWTableRoutes(w, cur) {
			out = append(out, r.Destination.String()+" "+r.Type+" "+r.State)
		}
		return out
	}
	if got := dests(spokes); len(got) != 1 || got[0] != "10.2.0.0/16 propagated active" {
		t.Fatalf("spokes %v", got)
	}
	if got := dests(sharedRT); len(got) != 2 {
		t.Fatalf("shared %v", got)
	}
	for _, c := range []struct {
		name string
		in   TGWRouteInput
		code string
	}{
		{"no target", TGWRouteInput{RouteTableID: spokes.ID, Destination: "0.0.0.0/0"}, "MissingParameter"},
		{"two targets", TGWRouteInput{RouteTableID: spokes.ID, Destination: "0.0.0.0/0", AttachmentID: shared.ID, Blackhole: true}, "InvalidParameterCombination"},
		{"bad cidr", TGWRouteInput{RouteTableID: spokes.ID, Destination: "10.0.0.0/33", Blackhole: true}, "InvalidParameterValue"},
		{"unknown table", TGWRouteInput{RouteTableID: "tgw-rtb-0123456789abcdef0", Destination: "0.0.0.0/0", Blackhole: true}, "InvalidRouteTableID.NotFound"},
		{"unknown attachment", TGWRouteInput{RouteTableID: spokes.ID, Destination: "0.0.0.0/0", AttachmentID: "tgw-attach-0123456789abcdef0"}, "InvalidTransitGatewayAttachmentID.NotFound"},
	} {
		_, err := s.CreateTransitGatewayRoute(ctx, testScope, c.in)
		t.Run(c.name, func(t *testing.T) { wantCode(t, err, c.code) })
	}
	// A static route hides the propagated route with the same prefix;
	// deleting it restores the propagated one.
	if _, err := s.CreateTransitGatewayRoute(ctx, testScope, TGWRouteInput{RouteTableID: spokes.ID, Destination: "10.2.0.0/16", Blackhole: true}); err != nil {
		t.Fatal(err)
	}
	if got := dests(spokes); len(got) != 1 || got[0] != "10.2.0.0/16 static blackhole" {
		t.Fatalf("static over propagated %v", got)
	}
	if _, err := s.DeleteTransitGatewayRoute(ctx, testScope, spokes.ID, "10.2.0.0/16"); err != nil {
		t.Fatal(err)
	}
	_, err = s.DeleteTransitGatewayRoute(ctx, testScope, spokes.ID, "10.2.0.0/16")
	wantCode(t, err, "InvalidRoute.NotFound")
	if got := dests(spokes); len(got) != 1 || got[0] != "10.2.0.0/16 propagated active" {
		t.Fatalf("propagated restored %v", got)
	}
	if _, err := s.CreateTransitGatewayRoute(ctx, testScope, TGWRouteInput{RouteTableID: sharedRT.ID, Destination: "0.0.0.0/0", AttachmentID: shared.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplaceTransitGatewayRoute(ctx, testScope, TGWRouteInput{RouteTableID: sharedRT.ID, Destination: "0.0.0.0/0", AttachmentID: dev.ID}); err != nil {
		t.Fatal(err)
	}
	// Prefix list references route each entry; static wins over them.
	pl, err := s.CreateManagedPrefixList(ctx, testScope, CreatePrefixListInput{Name: "onprem", AddressFamily: "IPv4", MaxEntries: ptrTo(int32(5)),
		Entries: []PrefixListEntryInput{{Cidr: "192.168.0.0/16"}, {Cidr: "0.0.0.0/0"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateTransitGatewayPrefixListReference(ctx, testScope, TGWRouteInput{RouteTableID: sharedRT.ID, PrefixListID: pl.ID, Blackhole: true}); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateTransitGatewayPrefixListReference(ctx, testScope, TGWRouteInput{RouteTableID: sharedRT.ID, PrefixListID: pl.ID, Blackhole: true})
	wantCode(t, err, "RouteAlreadyExists")
	w := s.Snapshot()
	cur, _ := w.TGWRouteTables.Get(sharedRT.ID)
	var def, onprem model.TGWEffectiveRoute
	for _, r := range TGWTableRoutes(w, cur) {
		switch r.Destination.String() {
		case "0.0.0.0/0":
			def = r
		case "192.168.0.0/16":
			onprem = r
		}
	}
	if def.Type != "static" || def.PrefixListID != "" || def.AttachmentID != dev.ID || onprem.PrefixListID != pl.ID || onprem.State != "blackhole" {
		t.Fatalf("prefix list routes: %+v %+v", def, onprem)
	}
	if _, err := s.DeleteTransitGatewayPrefixListReference(ctx, testScope, sharedRT.ID, pl.ID); err != nil {
		t.Fatal(err)
	}

	_, err = s.DeleteTransitGatewayRouteTable(ctx, testScope, spokes.ID)
	wantCode(t, err, "IncorrectState")
	_, err = s.DeleteTransitGateway(ctx, testScope, n.g.ID)
	wantCode(t, err, "IncorrectState")
	// A deleted attachment's static route is a blackhole.
	if _, err := s.DeleteTransitGatewayAttachment(ctx, testScope, dev.ID, model.TGWAttachVPC); err != nil {
		t.Fatal(err)
	}
	w = s.Snapshot()
	cur, _ = w.TGWRouteTables.Get(sharedRT.ID)
	for _, r := range TGWTableRoutes(w, cur) {
		if r.Destination.String() == "0.0.0.0/0" && r.State != "blackhole" {
			t.Fatalf("route to a deleted attachment %+v", r)
		}
	}
}

// TestPeeringAttachmentLifecycle pins tgw-peering.md: the accepter (another
// account and Region) sees the request as pendingAcceptance and alone may
// accept or reject it; one peering between two gateways; peering
// attachments carry static routes only; either side may delete it.
func TestPeeringAttachmentLifecycle(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	peer := model.Scope{Account: "210987654321", Region: "eu-west-1"}
	ga, _ := s.CreateTransitGateway(ctx, testScope, CreateTransitGatewayInput{})
	gb, _ := s.CreateTransitGateway(ctx, peer, CreateTransitGatewayInput{AmazonSideAsn: 64513})
	req := PeeringAttachmentInput{TransitGatewayID: ga.ID, PeerTransitGatewayID: gb.ID, PeerAccountID: peer.Account, PeerRegion: peer.Region}
	a, err := s.CreateTransitGatewayPeeringAttachment(ctx, testScope, req)
	if err != nil || a.State != model.TGWPendingAcceptance {
		t.Fatalf("create %v %+v", err, a)
	}
	_, err = s.CreateTransitGatewayPeeringAttachment(ctx, testScope, req)
	wantCode(t, err, "DuplicateTransitGatewayAttachment")
	// A peer that does not exist where named fails the request.
	f, err := s.CreateTransitGatewayPeeringAttachment(ctx, testScope, PeeringAttachmentInput{TransitGatewayID: ga.ID, PeerTransitGatewayID: gb.ID, PeerAccountID: peer.Account, PeerRegion: "us-west-2"})
	if err == nil && f.State != model.TGWFailed {
		t.Fatalf("peer in the wrong Region: %+v", f)
	}
	if !TGWAttachmentVisibleTo(a, peer) || TGWAttachmentVisibleTo(a, model.Scope{Account: "999999999999", Region: "us-east-1"}) {
		t.Fatal("visibility")
	}
	_, err = s.AcceptTransitGatewayPeeringAttachment(ctx, testScope, a.ID)
	wantCode(t, err, "InvalidTransitGatewayAttachmentID.NotFound")
	acc, err := s.AcceptTransitGatewayPeeringAttachment(ctx, peer, a.ID)
	if err != nil || acc.State != model.TGWAvailable || acc.Association == nil || acc.PeerAssociation == nil ||
		acc.PeerAssociation.RouteTableID != gb.Options.AssociationDefaultRouteTableID {
		t.Fatalf("accept %v %+v", err, acc)
	}
	_, err = s.RejectTransitGatewayPeeringAttachment(ctx, peer, a.ID)
	wantCode(t, err, "IncorrectState")
	_, err = s.SetTransitGatewayRouteTablePropagation(ctx, peer, gb.Options.PropagationDefaultRouteTableID, a.ID, true)
	wantCode(t, err, "InvalidParameterValue")
	r, err := s.CreateTransitGatewayRoute(ctx, peer, TGWRouteInput{RouteTableID: gb.Options.AssociationDefaultRouteTableID, Destination: "10.0.0.0/8", AttachmentID: a.ID})
	if err != nil || r.State != "active" {
		t.Fatalf("static route %v %+v", err, r)
	}
	_, err = s.DeleteTransitGateway(ctx, peer, gb.ID)
	wantCode(t, err, "IncorrectState")
	if _, err := s.DeleteTransitGatewayAttachment(ctx, peer, a.ID, model.TGWAttachPeering); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteTransitGateway(ctx, peer, gb.ID); err != nil {
		t.Fatal(err)
	}
	// Reject: a second request, rejected, stays visible as rejected.
	gc, _ := s.CreateTransitGateway(ctx, peer, CreateTransitGatewayInput{})
	b, _ := s.CreateTransitGatewayPeeringAttachment(ctx, testScope, PeeringAttachmentInput{TransitGatewayID: ga.ID, PeerTransitGatewayID: gc.ID, PeerAccountID: peer.Account, PeerRegion: peer.Region})
	if _, err := s.RejectTransitGatewayPeeringAttachment(ctx, peer, b.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Snapshot().TGWAttachments.Get(b.ID)
	if got.State != model.TGWRejected || !TGWAttachmentVisible(got, s.Now()) {
		t.Fatalf("rejected %+v", got)
	}
}

// TestVpcRouteToTransitGateway pins what EC2 answers for a VPC route to a
// gateway the VPC has no attachment to (InvalidTransitGatewayID.NotFound,
// on which the Terraform provider retries CreateRoute), and that the route
// is a blackhole once the attachment is deleted.
func TestVpcRouteToTransitGateway(t *testing.T) {
	n := newTGWNet(t, CreateTransitGatewayInput{})
	s, ctx := n.s, context.Background()
	rt, err := s.CreateRouteTable(ctx, testScope, n.vpcs[0].ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rt.ID, DestinationCidrBlock: "10.1.0.0/16", TransitGatewayID: n.g.ID})
	wantCode(t, err, "InvalidTransitGatewayID.NotFound")
	err = s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rt.ID, DestinationCidrBlock: "10.1.0.0/16", TransitGatewayID: "tgw-nope"})
	wantCode(t, err, "InvalidTransitGatewayID.Malformed")
	a := n.attach(t, 0, 0)
	if err := s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rt.ID, DestinationCidrBlock: "10.1.0.0/16", TransitGatewayID: n.g.ID}); err != nil {
		t.Fatal(err)
	}
	w := s.Snapshot()
	cur, _ := w.RouteTables.Get(rt.ID)
	if len(cur.Routes) < 2 {
		t.Fatalf("routes %+v", cur.Routes)
	}
	for _, r := range cur.Routes {
		if r.TargetID == n.g.ID && RouteState(w, cur, &r) != RouteActive {
			t.Fatalf("route %+v not active", r)
		}
	}
	if _, err := s.DeleteTransitGatewayAttachment(ctx, testScope, a.ID, model.TGWAttachVPC); err != nil {
		t.Fatal(err)
	}
	w = s.Snapshot()
	for _, r := range cur.Routes {
		if r.TargetID == n.g.ID && RouteState(w, cur, &r) != RouteBlackhole {
			t.Fatalf("route %+v not a blackhole", r)
		}
	}
}

func ptrTo[T any](v T) *T { return &v }
