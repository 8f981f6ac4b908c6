package control

import (
	"context"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

type rtFixture struct {
	s      *Service
	vpc    *model.VPC
	subnet *model.Subnet
	rt     *model.RouteTable
	igw    string
	eni    string
	inst   string
	nat    string
}

// newRTFixture builds a VPC (10.0.0.0/16 + IPv6) with a subnet, a custom
// route table, an attached IGW, a running instance with one ENI and a NAT
// gateway. Objects of other families are stored directly.
func newRTFixture(t *testing.T) *rtFixture {
	t.Helper()
	s := newTestService(t)
	ctx := context.Background()
	f := &rtFixture{s: s, vpc: subnetTestVpc(t, s)}
	var err error
	if f.subnet, err = s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: f.vpc.ID, CidrBlock: "10.0.1.0/24", Ipv6CidrBlock: ipv6Subnet(f.vpc, 1)}); err != nil {
		t.Fatal(err)
	}
	if f.rt, err = s.CreateRouteTable(ctx, testScope, f.vpc.ID, map[string]string{"Name": "rt"}); err != nil {
		t.Fatal(err)
	}
	f.igw, f.eni, f.inst, f.nat = "igw-00000000000000001", "eni-00000000000000001", "i-00000000000000001", "nat-00000000000000001"
	putObjects(t, s, func(tx *store.Tx) {
		tx.InternetGateways.Put(&model.InternetGateway{Meta: newMeta(tx, testScope, f.igw, nil), Attachments: []model.GatewayAttachment{{VpcID: f.vpc.ID, State: "available"}}})
		tx.Instances.Put(&model.Instance{Meta: newMeta(tx, testScope, f.inst, nil), State: "running", SubnetID: f.subnet.ID, VpcID: f.vpc.ID, PrimaryENI: f.eni})
		tx.NetworkInterfaces.Put(&model.NetworkInterface{Meta: newMeta(tx, testScope, f.eni, nil), SubnetID: f.subnet.ID, VpcID: f.vpc.ID,
			Attachment: &model.ENIAttachment{ID: "eni-attach-00000000000000001", InstanceID: f.inst, Status: "attached"}})
		tx.NatGateways.Put(&model.NatGateway{Meta: newMeta(tx, testScope, f.nat, nil), SubnetID: f.subnet.ID, VpcID: f.vpc.ID, State: "available"})
	})
	return f
}

func (f *rtFixture) routes(t *testing.T) (*model.RouteTable, map[string]*model.Route) {
	t.Helper()
	rt, _ := f.s.Snapshot().RouteTables.Get(f.rt.ID)
	out := map[string]*model.Route{}
	for i := range rt.Routes {
		out[rt.Routes[i].DestinationKey()] = &rt.Routes[i]
	}
	return rt, out
}

// TestCreateRouteTargets pins routes to each simulated target kind, with
// origin CreateRoute and state active, and the local routes (origin
// CreateRouteTable) of a new table [VPC-UG VPC_Route_Tables.md].
func TestCreateRouteTargets(t *testing.T) {
	f := newRTFixture(t)
	ctx := context.Background()
	eigw := "eigw-00000000000000001"
	putObjects(t, f.s, func(tx *store.Tx) {
		tx.EgressOnlyIGWs.Put(&model.EgressOnlyInternetGateway{Meta: newMeta(tx, testScope, eigw, nil), Attachments: []model.GatewayAttachment{{VpcID: f.vpc.ID, State: "attached"}}})
	})
	vgw, err := f.s.CreateVpnGateway(ctx, testScope, CreateVpnGatewayInput{Type: "ipsec.1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.AttachVpnGateway(ctx, testScope, vgw.ID, f.vpc.ID); err != nil {
		t.Fatal(err)
	}
	sub2, err := f.s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: f.vpc.ID, CidrBlock: "10.0.2.0/24"})
	if err != nil {
		t.Fatal(err)
	}
	pl := managedPrefixListID("us-east-1", "s3")
	for _, in := range []RouteInput{
		{DestinationCidrBlock: "0.0.0.0/0", GatewayID: f.igw},
		{DestinationIpv6CidrBlock: "::/0", EgressOnlyInternetGatewayID: eigw},
		{DestinationCidrBlock: "192.168.0.0/16", GatewayID: vgw.ID},
		{DestinationCidrBlock: "172.16.0.0/12", NatGatewayID: f.nat},
		{DestinationCidrBlock: "100.64.0.0/10", InstanceID: f.inst},
		{DestinationCidrBlock: "10.0.2.0/24", NetworkInterfaceID: f.eni}, // a whole subnet CIDR, more specific than local
		{DestinationPrefixListID: pl, NatGatewayID: f.nat},
	} {
		in.RouteTableID = f.rt.ID
		if err := f.s.CreateRoute(ctx, testScope, in); err != nil {
			t.Fatalf("CreateRoute %+v: %v", in, err)
		}
	}
	_ = sub2
	rt, rs := f.routes(t)
	want := map[string]model.TargetKind{
		"10.0.0.0/16": model.TargetLocal, f.vpc.Ipv6CidrBlocks[0].Prefix.String(): model.TargetLocal,
		"0.0.0.0/0": model.TargetIGW, "::/0": model.TargetEIGW, "192.168.0.0/16": model.TargetVGW,
		"172.16.0.0/12": model.TargetNAT, "100.64.0.0/10": model.TargetInstance, "10.0.2.0/24": model.TargetENI, pl: model.TargetNAT,
	}
	if len(rs) != len(want) {
		t.Fatalf("routes %v", rs)
	}
	w := f.s.Snapshot()
	for k, kind := range want {
		r := rs[k]
		if r == nil || r.Target != kind {
			t.Fatalf("route %s = %+v, want target %s", k, r, kind)
		}
		wantOrigin := model.OriginCreateRoute
		if kind == model.TargetLocal {
			wantOrigin = model.OriginCreateRouteTable
		}
		if r.Origin != wantOrigin || RouteState(w, rt, r) != RouteActive {
			t.Errorf("route %s origin %s state %s", k, r.Origin, RouteState(w, rt, r))
		}
	}
	// An instance target is stored as its primary ENI with the instance id.
	if r := rs["100.64.0.0/10"]; r.TargetID != f.eni || r.InstanceID != f.inst {
		t.Errorf("instance route %+v", r)
	}
	if RouteInstance(w, rs["10.0.2.0/24"]) != f.inst {
		t.Error("ENI route does not report its instance")
	}
}

// TestCreateRouteErrors pins AWS's route errors: RouteAlreadyExists, the
// "equal to or more specific than one of this VPC's CIDR blocks" rule,
// targets in another network, unknown targets and destinations, the
// reserved 169.254.168.0/22 and fd00:ec2::/32 ranges [VPC-UG
// VPC_Route_Tables.md "Rules and considerations"; aws-semantics.md §5].
func TestCreateRouteErrors(t *testing.T) {
	f := newRTFixture(t)
	ctx := context.Background()
	if err := f.s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: f.rt.ID, DestinationCidrBlock: "0.0.0.0/0", GatewayID: f.igw}); err != nil {
		t.Fatal(err)
	}
	other, err := f.s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.9.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	otherRT := MainRouteTable(f.s.Snapshot(), other.ID)
	detached := "igw-00000000000000002"
	twoENIs := "i-00000000000000002"
	putObjects(t, f.s, func(tx *store.Tx) {
		tx.InternetGateways.Put(&model.InternetGateway{Meta: newMeta(tx, testScope, detached, nil)})
		tx.Instances.Put(&model.Instance{Meta: newMeta(tx, testScope, twoENIs, nil), State: "running", SubnetID: f.subnet.ID, VpcID: f.vpc.ID, PrimaryENI: "eni-00000000000000002"})
		for _, id := range []string{"eni-00000000000000002", "eni-00000000000000003"} {
			tx.NetworkInterfaces.Put(&model.NetworkInterface{Meta: newMeta(tx, testScope, id, nil), SubnetID: f.subnet.ID, VpcID: f.vpc.ID,
				Attachment: &model.ENIAttachment{InstanceID: twoENIs, Status: "attached"}})
		}
	})
	cases := []struct {
		name string
		in   RouteInput
		code string
	}{
		{"duplicate", RouteInput{DestinationCidrBlock: "0.0.0.0/0", NatGatewayID: f.nat}, "RouteAlreadyExists"},
		{"duplicate canonical", RouteInput{DestinationCidrBlock: "0.0.0.1/0", NatGatewayID: f.nat}, "RouteAlreadyExists"},
		{"local dup", RouteInput{DestinationCidrBlock: "10.0.0.0/16", NetworkInterfaceID: f.eni}, "RouteAlreadyExists"},
		{"more specific than local to igw", RouteInput{DestinationCidrBlock: "10.0.1.0/24", GatewayID: f.igw}, "InvalidParameterValue"},
		{"more specific not a subnet", RouteInput{DestinationCidrBlock: "10.0.7.0/24", NetworkInterfaceID: f.eni}, "InvalidParameterValue"},
		{"ipv6 more specific to eigw-like", RouteInput{DestinationIpv6CidrBlock: ipv6Subnet(f.vpc, 1), GatewayID: f.igw}, "InvalidParameterValue"},
		{"local gateway", RouteInput{DestinationCidrBlock: "1.0.0.0/8", GatewayID: "local"}, "InvalidGatewayID.NotFound"},
		{"unknown igw", RouteInput{DestinationCidrBlock: "1.0.0.0/8", GatewayID: "igw-0123456789abcdef0"}, "InvalidGatewayID.NotFound"},
		{"nat as gateway", RouteInput{DestinationCidrBlock: "1.0.0.0/8", GatewayID: f.nat}, "InvalidGatewayID.NotFound"},
		{"detached igw", RouteInput{DestinationCidrBlock: "1.0.0.0/8", GatewayID: detached}, "InvalidParameterValue"},
		{"unknown nat", RouteInput{DestinationCidrBlock: "1.0.0.0/8", NatGatewayID: "nat-0123456789abcdef0"}, "InvalidNatGatewayID.NotFound"},
		{"unknown eni", RouteInput{DestinationCidrBlock: "1.0.0.0/8", NetworkInterfaceID: "eni-0123456789abcdef0"}, "InvalidNetworkInterfaceID.NotFound"},
		{"unknown instance", RouteInput{DestinationCidrBlock: "1.0.0.0/8", InstanceID: "i-0123456789abcdef0"}, "InvalidInstanceID.NotFound"},
		{"instance with two ENIs", RouteInput{DestinationCidrBlock: "1.0.0.0/8", InstanceID: twoENIs}, "InvalidInstanceID"},
		{"unknown eigw", RouteInput{DestinationIpv6CidrBlock: "::/0", EgressOnlyInternetGatewayID: "eigw-0123456789abcdef0"}, "InvalidEgressOnlyInternetGatewayId.NotFound"},
		{"unknown pcx", RouteInput{DestinationCidrBlock: "1.0.0.0/8", VpcPeeringConnectionID: "pcx-0123456789abcdef0"}, "InvalidVpcPeeringConnectionID.NotFound"},
		{"unknown tgw", RouteInput{DestinationCidrBlock: "1.0.0.0/8", TransitGatewayID: "tgw-0123456789abcdef0"}, "InvalidTransitGatewayID.NotFound"},
		{"unknown prefix list", RouteInput{DestinationPrefixListID: "pl-0123abcd", NatGatewayID: f.nat}, "InvalidPrefixListID.NotFound"},
		{"no destination", RouteInput{NatGatewayID: f.nat}, "MissingParameter"},
		{"two destinations", RouteInput{DestinationCidrBlock: "1.0.0.0/8", DestinationIpv6CidrBlock: "::/0", NatGatewayID: f.nat}, "InvalidParameterCombination"},
		{"no target", RouteInput{DestinationCidrBlock: "1.0.0.0/8"}, "InvalidParameterCombination"},
		{"two targets", RouteInput{DestinationCidrBlock: "1.0.0.0/8", NatGatewayID: f.nat, GatewayID: f.igw}, "InvalidParameterCombination"},
		{"bad cidr", RouteInput{DestinationCidrBlock: "1.0.0.0/99", NatGatewayID: f.nat}, "InvalidParameterValue"},
		{"ipv6 in v4 field", RouteInput{DestinationCidrBlock: "::/0", NatGatewayID: f.nat}, "InvalidParameterValue"},
		{"reserved v4", RouteInput{DestinationCidrBlock: "169.254.169.0/24", NatGatewayID: f.nat}, "InvalidParameterValue"},
		{"reserved v6", RouteInput{DestinationIpv6CidrBlock: "fd00:ec2::/48", NatGatewayID: f.nat}, "InvalidParameterValue"},
		{"unknown table", RouteInput{RouteTableID: "rtb-0123456789abcdef0", DestinationCidrBlock: "1.0.0.0/8", NatGatewayID: f.nat}, "InvalidRouteTableID.NotFound"},
		{"nat of another vpc", RouteInput{RouteTableID: otherRT.ID, DestinationCidrBlock: "1.0.0.0/8", NatGatewayID: f.nat}, "InvalidParameterValue"},
		{"eni of another vpc", RouteInput{RouteTableID: otherRT.ID, DestinationCidrBlock: "1.0.0.0/8", NetworkInterfaceID: f.eni}, "InvalidParameterValue"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.in.RouteTableID == "" {
				c.in.RouteTableID = f.rt.ID
			}
			wantCode(t, f.s.CreateRoute(ctx, testScope, c.in), c.code)
		})
	}
	// Wider than the VPC CIDR is fine: longest prefix match keeps local.
	if err := f.s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: f.rt.ID, DestinationCidrBlock: "10.0.0.0/8", GatewayID: f.igw}); err != nil {
		t.Fatal(err)
	}
	// A larger range overlapping 169.254.168.0/22 is allowed.
	if err := f.s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: f.rt.ID, DestinationCidrBlock: "169.254.0.0/16", NatGatewayID: f.nat}); err != nil {
		t.Fatal(err)
	}
}

// TestReplaceAndDeleteRoute pins ReplaceRoute/DeleteRoute: a missing route
// (AWS answers InvalidParameterValue for replace and InvalidRoute.NotFound
// for delete), the local route cannot be deleted, and its target can only be
// replaced by an interface and restored [VPC-UG WorkWithRouteTables.md
// "Replace or restore the target for a local route"].
func TestReplaceAndDeleteRoute(t *testing.T) {
	f := newRTFixture(t)
	ctx := context.Background()
	id := f.rt.ID
	if err := f.s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: id, DestinationCidrBlock: "0.0.0.0/0", GatewayID: f.igw}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.ReplaceRoute(ctx, testScope, RouteInput{RouteTableID: id, DestinationCidrBlock: "0.0.0.0/0", NatGatewayID: f.nat}); err != nil {
		t.Fatal(err)
	}
	if _, rs := f.routes(t); rs["0.0.0.0/0"].Target != model.TargetNAT || rs["0.0.0.0/0"].Origin != model.OriginCreateRoute {
		t.Fatalf("replaced route %+v", rs["0.0.0.0/0"])
	}
	wantCode(t, f.s.ReplaceRoute(ctx, testScope, RouteInput{RouteTableID: id, DestinationCidrBlock: "1.0.0.0/8", NatGatewayID: f.nat}), "InvalidParameterValue")
	// Local route: an ENI target, then restored.
	wantCode(t, f.s.ReplaceRoute(ctx, testScope, RouteInput{RouteTableID: id, DestinationCidrBlock: "10.0.0.0/16", GatewayID: f.igw}), "InvalidParameterValue")
	if err := f.s.ReplaceRoute(ctx, testScope, RouteInput{RouteTableID: id, DestinationCidrBlock: "10.0.0.0/16", NetworkInterfaceID: f.eni}); err != nil {
		t.Fatal(err)
	}
	if _, rs := f.routes(t); rs["10.0.0.0/16"].Target != model.TargetENI || rs["10.0.0.0/16"].Origin != model.OriginCreateRouteTable {
		t.Fatalf("local route after replace %+v", rs["10.0.0.0/16"])
	}
	wantCode(t, f.s.DeleteRoute(ctx, testScope, id, "10.0.0.0/16", "", ""), "InvalidParameterValue")
	if err := f.s.ReplaceRoute(ctx, testScope, RouteInput{RouteTableID: id, DestinationCidrBlock: "10.0.0.0/16", LocalTarget: true}); err != nil {
		t.Fatal(err)
	}
	if _, rs := f.routes(t); rs["10.0.0.0/16"].Target != model.TargetLocal || rs["10.0.0.0/16"].TargetID != "local" {
		t.Fatalf("local route not restored %+v", rs["10.0.0.0/16"])
	}
	wantCode(t, f.s.ReplaceRoute(ctx, testScope, RouteInput{RouteTableID: id, DestinationCidrBlock: "0.0.0.0/0", LocalTarget: true}), "InvalidParameterValue")
	// Delete.
	if err := f.s.DeleteRoute(ctx, testScope, id, "0.0.0.0/0", "", ""); err != nil {
		t.Fatal(err)
	}
	wantCode(t, f.s.DeleteRoute(ctx, testScope, id, "0.0.0.0/0", "", ""), "InvalidRoute.NotFound")
	wantCode(t, f.s.DeleteRoute(ctx, testScope, id, "", "::/0", ""), "InvalidRoute.NotFound")
	wantCode(t, f.s.DeleteRoute(ctx, testScope, id, "", f.vpc.Ipv6CidrBlocks[0].Prefix.String(), ""), "InvalidParameterValue")
}

// TestRouteBlackhole pins the read-time route state: blackhole when the
// target is gone, detached or (instance) stopped [VPC-UG VPC_Route_Tables.md].
func TestRouteBlackhole(t *testing.T) {
	f := newRTFixture(t)
	ctx := context.Background()
	for _, in := range []RouteInput{
		{DestinationCidrBlock: "0.0.0.0/0", GatewayID: f.igw},
		{DestinationCidrBlock: "172.16.0.0/12", NatGatewayID: f.nat},
		{DestinationCidrBlock: "100.64.0.0/10", InstanceID: f.inst},
	} {
		in.RouteTableID = f.rt.ID
		if err := f.s.CreateRoute(ctx, testScope, in); err != nil {
			t.Fatal(err)
		}
	}
	state := func(dest string) string {
		rt, rs := f.routes(t)
		return RouteState(f.s.Snapshot(), rt, rs[dest])
	}
	putObjects(t, f.s, func(tx *store.Tx) {
		g, _ := tx.InternetGateways.Get(f.igw)
		g = model.Clone(g)
		g.Attachments = nil
		tx.InternetGateways.Put(g)
		tx.NatGateways.Delete(f.nat)
		in, _ := tx.Instances.Get(f.inst)
		in = model.Clone(in)
		in.State = "stopped"
		tx.Instances.Put(in)
	})
	for _, d := range []string{"0.0.0.0/0", "172.16.0.0/12", "100.64.0.0/10"} {
		if got := state(d); got != RouteBlackhole {
			t.Errorf("%s state %s, want blackhole", d, got)
		}
	}
	if got := state("10.0.0.0/16"); got != RouteActive {
		t.Errorf("local route %s", got)
	}
	// A blackhole route can still be deleted.
	if err := f.s.DeleteRoute(ctx, testScope, f.rt.ID, "0.0.0.0/0", "", ""); err != nil {
		t.Fatal(err)
	}
}

// TestRouteTableAssociations pins subnet and main associations [VPC-UG
// VPC_Route_Tables.md "Main route table", WorkWithRouteTables.md]: one
// explicit association per subnet (Resource.AlreadyAssociated), the main
// table cannot be deleted or disassociated, the main flag moves with
// ReplaceRouteTableAssociation, an associated table cannot be deleted.
func TestRouteTableAssociations(t *testing.T) {
	f := newRTFixture(t)
	ctx := context.Background()
	s := f.s
	main := MainRouteTable(s.Snapshot(), f.vpc.ID)
	assoc, err := s.AssociateRouteTable(ctx, testScope, f.rt.ID, f.subnet.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if rt := SubnetRouteTable(s.Snapshot(), f.subnet); rt.ID != f.rt.ID {
		t.Fatal("subnet does not use its explicit table")
	}
	_, err = s.AssociateRouteTable(ctx, testScope, main.ID, f.subnet.ID, "")
	wantCode(t, err, "Resource.AlreadyAssociated")
	_, err = s.AssociateRouteTable(ctx, testScope, f.rt.ID, "subnet-0123456789abcdef0", "")
	wantCode(t, err, "InvalidSubnetID.NotFound")
	_, err = s.AssociateRouteTable(ctx, testScope, f.rt.ID, "", "")
	wantCode(t, err, "MissingParameter")
	other, _ := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.9.0.0/16"})
	_, err = s.AssociateRouteTable(ctx, testScope, MainRouteTable(s.Snapshot(), other.ID).ID, f.subnet.ID, "")
	wantCode(t, err, "InvalidParameterValue")

	wantCode(t, s.DeleteRouteTable(ctx, testScope, f.rt.ID), "DependencyViolation")
	wantCode(t, s.DeleteRouteTable(ctx, testScope, main.ID), "DependencyViolation")
	wantCode(t, s.DisassociateRouteTable(ctx, testScope, main.Associations[0].ID), "InvalidParameterValue")
	wantCode(t, s.DisassociateRouteTable(ctx, testScope, "rtbassoc-0123456789abcdef0"), "InvalidAssociationID.NotFound")

	// Move the subnet back to the main table with Replace.
	newAssoc, err := s.ReplaceRouteTableAssociation(ctx, testScope, assoc, main.ID)
	if err != nil || newAssoc == assoc {
		t.Fatalf("replace: %v %s", err, newAssoc)
	}
	// Make the custom table main.
	mainAssoc, err := s.ReplaceRouteTableAssociation(ctx, testScope, main.Associations[0].ID, f.rt.ID)
	if err != nil {
		t.Fatal(err)
	}
	w := s.Snapshot()
	if m := MainRouteTable(w, f.vpc.ID); m.ID != f.rt.ID || m.Associations[0].ID != mainAssoc {
		t.Fatalf("main table %+v", m)
	}
	if old, _ := w.RouteTables.Get(main.ID); old.IsMain() || len(old.Associations) != 1 {
		t.Fatalf("old main %+v", old)
	}
	if err := s.DisassociateRouteTable(ctx, testScope, newAssoc); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRouteTable(ctx, testScope, main.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.ReplaceRouteTableAssociation(ctx, testScope, mainAssoc, "rtb-0123456789abcdef0")
	wantCode(t, err, "InvalidRouteTableID.NotFound")
}

// TestGatewayRouteTable pins edge associations [VPC-UG VPC_Route_Tables.md
// "Gateway route tables"]: with an IGW or VGW attached to the VPC, not the
// main table, only local/ENI targets inside the VPC, no propagation.
func TestGatewayRouteTable(t *testing.T) {
	f := newRTFixture(t)
	ctx := context.Background()
	s := f.s
	main := MainRouteTable(s.Snapshot(), f.vpc.ID)
	_, err := s.AssociateRouteTable(ctx, testScope, main.ID, "", f.igw)
	wantCode(t, err, "InvalidParameterValue")
	_, err = s.AssociateRouteTable(ctx, testScope, f.rt.ID, "", "igw-0123456789abcdef0")
	wantCode(t, err, "InvalidInternetGatewayID.NotFound")
	// A table with an IGW route cannot become a gateway table.
	if err := s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: f.rt.ID, DestinationCidrBlock: "0.0.0.0/0", GatewayID: f.igw}); err != nil {
		t.Fatal(err)
	}
	_, err = s.AssociateRouteTable(ctx, testScope, f.rt.ID, "", f.igw)
	wantCode(t, err, "InvalidParameterValue")
	if err := s.DeleteRoute(ctx, testScope, f.rt.ID, "0.0.0.0/0", "", ""); err != nil {
		t.Fatal(err)
	}
	assoc, err := s.AssociateRouteTable(ctx, testScope, f.rt.ID, "", f.igw)
	if err != nil {
		t.Fatal(err)
	}
	rt2, _ := s.CreateRouteTable(ctx, testScope, f.vpc.ID, nil)
	_, err = s.AssociateRouteTable(ctx, testScope, rt2.ID, "", f.igw)
	wantCode(t, err, "Resource.AlreadyAssociated")
	// Gateway table rules for new routes.
	wantCode(t, s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: f.rt.ID, DestinationCidrBlock: "1.0.0.0/8", NatGatewayID: f.nat}), "InvalidParameterValue")
	if err := s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: f.rt.ID, DestinationCidrBlock: "10.0.1.0/24", NetworkInterfaceID: f.eni}); err != nil {
		t.Fatal(err)
	}
	// The gateway table cannot become main, nor take a subnet.
	wantCode(t, func() error {
		_, err := s.ReplaceRouteTableAssociation(ctx, testScope, main.Associations[0].ID, f.rt.ID)
		return err
	}(), "InvalidParameterValue")
	_, err = s.AssociateRouteTable(ctx, testScope, f.rt.ID, f.subnet.ID, "")
	wantCode(t, err, "InvalidParameterValue")
	w := s.Snapshot()
	if got, _ := w.RouteTables.Get(f.rt.ID); got.Associations[0].GatewayID != f.igw || got.Associations[0].ID != assoc {
		t.Fatalf("edge association %+v", got.Associations)
	}
	wantCode(t, s.DeleteRouteTable(ctx, testScope, f.rt.ID), "DependencyViolation")
	if err := s.DisassociateRouteTable(ctx, testScope, assoc); err != nil {
		t.Fatal(err)
	}
}

// TestVgwRoutePropagation pins EnableVgwRoutePropagation: the gateway must
// be attached to the table's VPC; propagation ends when it is detached.
func TestVgwRoutePropagation(t *testing.T) {
	f := newRTFixture(t)
	ctx := context.Background()
	s := f.s
	g, err := s.CreateVpnGateway(ctx, testScope, CreateVpnGatewayInput{Type: "ipsec.1"})
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.EnableVgwRoutePropagation(ctx, testScope, f.rt.ID, g.ID), "Gateway.NotAttached")
	wantCode(t, s.EnableVgwRoutePropagation(ctx, testScope, f.rt.ID, "vgw-0123456789abcdef0"), "InvalidVpnGatewayID.NotFound")
	if err := s.AttachVpnGateway(ctx, testScope, g.ID, f.vpc.ID); err != nil {
		t.Fatal(err)
	}
	for range 2 { // idempotent
		if err := s.EnableVgwRoutePropagation(ctx, testScope, f.rt.ID, g.ID); err != nil {
			t.Fatal(err)
		}
	}
	if rt, _ := f.routes(t); len(rt.PropagatingVgws) != 1 || rt.PropagatingVgws[0] != g.ID {
		t.Fatalf("propagating %v", rt.PropagatingVgws)
	}
	if err := s.DisableVgwRoutePropagation(ctx, testScope, f.rt.ID, g.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.EnableVgwRoutePropagation(ctx, testScope, f.rt.ID, g.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DetachVpnGateway(ctx, testScope, g.ID, f.vpc.ID); err != nil {
		t.Fatal(err)
	}
	if rt, _ := f.routes(t); len(rt.PropagatingVgws) != 0 {
		t.Fatalf("propagation survived detach: %v", rt.PropagatingVgws)
	}
}

// TestLocalRoutesFollowVpcCidrs checks that secondary VPC CIDRs add and
// remove local routes in every table, including a replaced local route.
func TestLocalRoutesFollowVpcCidrs(t *testing.T) {
	f := newRTFixture(t)
	ctx := context.Background()
	v, assoc, err := f.s.AssociateVpcCidrBlock(ctx, testScope, AssociateVpcCidrInput{VpcID: f.vpc.ID, CidrBlock: "10.1.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	_ = v
	if _, rs := f.routes(t); rs["10.1.0.0/16"] == nil || rs["10.1.0.0/16"].Target != model.TargetLocal {
		t.Fatal("no local route for the secondary CIDR")
	}
	if err := f.s.ReplaceRoute(ctx, testScope, RouteInput{RouteTableID: f.rt.ID, DestinationCidrBlock: "10.1.0.0/16", NetworkInterfaceID: f.eni}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.DisassociateVpcCidrBlock(ctx, testScope, assoc); err != nil {
		t.Fatal(err)
	}
	if _, rs := f.routes(t); rs["10.1.0.0/16"] != nil {
		t.Fatal("replaced local route survived the CIDR's disassociation")
	}
}
