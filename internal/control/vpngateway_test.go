package control

import (
	"context"
	"testing"
)

// TestVpnGatewayLifecycle pins the virtual private gateway rules of
// S2S-VPN how_it_works.md and SetUpVPNConnections.md: type ipsec.1, default
// Amazon-side ASN 64512, custom ASNs in 64512-65534 or
// 4200000000-4294967294, one gateway per VPC, detach before delete.
func TestVpnGatewayLifecycle(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		in   CreateVpnGatewayInput
		code string
	}{
		{"no type", CreateVpnGatewayInput{}, "MissingParameter"},
		{"bad type", CreateVpnGatewayInput{Type: "ipsec.2"}, "InvalidParameterValue"},
		{"public asn", CreateVpnGatewayInput{Type: "ipsec.1", AmazonSideAsn: 7224}, "InvalidParameterValue"},
		{"bad az", CreateVpnGatewayInput{Type: "ipsec.1", AvailabilityZone: "eu-west-1a"}, "InvalidParameterValue"},
	} {
		_, err := s.CreateVpnGateway(ctx, testScope, c.in)
		t.Run(c.name, func(t *testing.T) { wantCode(t, err, c.code) })
	}
	g, err := s.CreateVpnGateway(ctx, testScope, CreateVpnGatewayInput{Type: "ipsec.1", Tags: map[string]string{"Name": "vgw"}})
	if err != nil {
		t.Fatal(err)
	}
	if g.AmazonSideAsn != 64512 || g.State != "available" || g.Type != "ipsec.1" || len(g.Attachments) != 0 {
		t.Fatalf("vgw %+v", g)
	}
	g32, err := s.CreateVpnGateway(ctx, testScope, CreateVpnGatewayInput{Type: "ipsec.1", AmazonSideAsn: 4200000000})
	if err != nil || g32.AmazonSideAsn != 4200000000 {
		t.Fatalf("32-bit ASN: %v %+v", err, g32)
	}
	v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DetachVpnGateway(ctx, testScope, g.ID, v.ID), "InvalidVpnGatewayAttachment.NotFound")
	wantCode(t, s.AttachVpnGateway(ctx, testScope, "vgw-0123456789abcdef0", v.ID), "InvalidVpnGatewayID.NotFound")
	wantCode(t, s.AttachVpnGateway(ctx, testScope, g.ID, "vpc-0123456789abcdef0"), "InvalidVpcID.NotFound")
	if err := s.AttachVpnGateway(ctx, testScope, g.ID, v.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Snapshot().VpnGateways.Get(g.ID)
	if len(got.Attachments) != 1 || got.Attachments[0].State != "attached" || got.Attachments[0].VpcID != v.ID {
		t.Fatalf("attachments %+v", got.Attachments)
	}
	wantCode(t, s.AttachVpnGateway(ctx, testScope, g32.ID, v.ID), "InvalidVpcState")
	v2, _ := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.1.0.0/16"})
	wantCode(t, s.AttachVpnGateway(ctx, testScope, g.ID, v2.ID), "Resource.AlreadyAssociated")
	wantCode(t, s.DeleteVpnGateway(ctx, testScope, g.ID), "DependencyViolation")
	wantCode(t, s.DeleteVpc(ctx, testScope, v.ID), "DependencyViolation")

	// An edge association ends with the attachment.
	rt, _ := s.CreateRouteTable(ctx, testScope, v.ID, nil)
	if _, err := s.AssociateRouteTable(ctx, testScope, rt.ID, "", g.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DetachVpnGateway(ctx, testScope, g.ID, v.ID); err != nil {
		t.Fatal(err)
	}
	w := s.Snapshot()
	got, _ = w.VpnGateways.Get(g.ID)
	if len(got.Attachments) != 1 || got.Attachments[0].State != "detached" {
		t.Fatalf("after detach %+v", got.Attachments)
	}
	if r, _ := w.RouteTables.Get(rt.ID); len(r.Associations) != 0 {
		t.Fatalf("edge association survived detach: %+v", r.Associations)
	}
	// Detached: it may attach elsewhere, and be deleted.
	if err := s.AttachVpnGateway(ctx, testScope, g.ID, v2.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DetachVpnGateway(ctx, testScope, g.ID, v2.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteVpnGateway(ctx, testScope, g.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteVpnGateway(ctx, testScope, g.ID), "InvalidVpnGatewayID.NotFound")
	if err := s.DeleteRouteTable(ctx, testScope, rt.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteVpc(ctx, testScope, v.ID); err != nil {
		t.Fatal(err)
	}
}
