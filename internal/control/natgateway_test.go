package control

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/internal/store"
)

// TestPublicNatGateway pins vpc-nat-gateway.md: a public NAT gateway takes
// an Elastic IP at creation and gets a requester-managed interface in its
// subnet; deleting it disassociates (not releases) the address, deletes the
// interface and leaves the gateway visible as deleted for about an hour.
func TestPublicNatGateway(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sn := gwVpc(t, s)
	gwAttachedIGW(t, s, v.ID)
	addr, _ := s.AllocateAddress(ctx, testScope, AllocateAddressInput{})
	g, err := s.CreateNatGateway(ctx, testScope, CreateNatGatewayInput{SubnetID: sn.ID, AllocationID: addr.ID, Tags: map[string]string{"Name": "nat"}})
	if err != nil {
		t.Fatal(err)
	}
	if !validID(g.ID, "nat") || g.State != "available" || g.ConnectivityType != "public" || g.VpcID != v.ID || g.PublicIP != addr.PublicIP {
		t.Fatalf("nat = %+v", g)
	}
	w := s.Snapshot()
	eni, ok := w.NetworkInterfaces.Get(g.NetworkInterfaceID)
	if !ok {
		t.Fatal("no interface")
	}
	if eni.InterfaceType != "nat_gateway" || !eni.RequesterManaged || eni.SourceDestCheck || eni.Description != "Interface for NAT Gateway "+g.ID || eni.SubnetID != sn.ID {
		t.Fatalf("interface = %+v", eni)
	}
	if eni.PrimaryIP() != g.PrivateIP || !sn.CidrBlock.Contains(g.PrivateIP) || isReservedIPv4(sn.CidrBlock, g.PrivateIP) {
		t.Fatalf("private IP %s", g.PrivateIP)
	}
	if len(eni.MacAddress) != 17 || eni.MacAddress[:3] != "02:" {
		t.Fatalf("mac %q", eni.MacAddress)
	}
	if p := eni.PrivateIPs[0]; p.PublicIP != addr.PublicIP || p.AllocationID != addr.ID || p.AssociationID == "" {
		t.Fatalf("interface address = %+v", p)
	}
	a, _ := w.Addresses.Get(addr.ID)
	if a.NetworkInterfaceID != eni.ID || a.PrivateIP != g.PrivateIP || a.AssociationID != g.AssociationID {
		t.Fatalf("address = %+v", a)
	}
	// The NAT gateway owns its address and interface.
	wantCode(t, s.DisassociateAddress(ctx, testScope, a.AssociationID, ""), "AuthFailure")
	wantCode(t, s.ReleaseAddress(ctx, testScope, addr.ID, "", ""), "AuthFailure")
	_, err = s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr.ID, NetworkInterfaceID: eni.ID, AllowReassociation: true})
	wantCode(t, err, "AuthFailure")
	// Its mapped address blocks detaching the internet gateway; the subnet is in use.
	igw := attachedIGWs(w, v.ID)[0]
	wantCode(t, s.DetachInternetGateway(ctx, testScope, igw.ID, v.ID), "DependencyViolation")
	wantCode(t, s.DeleteSubnet(ctx, testScope, sn.ID), "DependencyViolation")

	del, err := s.DeleteNatGateway(ctx, testScope, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if del.State != "deleting" {
		t.Fatalf("delete answers %s", del.State)
	}
	w = s.Snapshot()
	got, _ := w.NatGateways.Get(g.ID)
	if got.State != "deleted" || got.DeleteTime.IsZero() {
		t.Fatalf("after delete: %+v", got)
	}
	if _, ok := w.NetworkInterfaces.Get(eni.ID); ok {
		t.Fatal("interface not deleted")
	}
	a, ok = w.Addresses.Get(addr.ID)
	if !ok || a.AssociationID != "" || a.NetworkInterfaceID != "" {
		t.Fatalf("address after delete = %+v", a)
	}
	// Visible for about an hour, then gone.
	if !NatGatewayVisible(got, time.Now()) || NatGatewayVisible(got, got.DeleteTime.Add(61*time.Minute)) {
		t.Fatal("retention")
	}
	if _, err := GetNatGateway(w, testScope, g.ID, got.DeleteTime.Add(2*time.Hour)); err == nil {
		t.Fatal("expired gateway still found")
	}
	// Deleting again is harmless; the address can be released and the
	// subnet deleted.
	if _, err := s.DeleteNatGateway(ctx, testScope, g.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseAddress(ctx, testScope, addr.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSubnet(ctx, testScope, sn.ID); err != nil {
		t.Fatal(err)
	}
}

// TestNatGatewayFailures pins nat-gateway-troubleshooting.md "NAT gateway
// creation fails": the create is accepted and the gateway goes to failed
// with AWS's message when the VPC has no internet gateway or the Elastic IP
// is already associated.
func TestNatGatewayFailures(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sn := gwVpc(t, s)
	addr, _ := s.AllocateAddress(ctx, testScope, AllocateAddressInput{})
	g, err := s.CreateNatGateway(ctx, testScope, CreateNatGatewayInput{SubnetID: sn.ID, AllocationID: addr.ID})
	if err != nil {
		t.Fatal(err)
	}
	if g.State != "failed" || g.FailureCode != "Gateway.NotAttached" || g.FailureMessage != "Network "+v.ID+" has no Internet gateway attached" {
		t.Fatalf("nat = %+v", g)
	}
	if g.NetworkInterfaceID != "" || len(s.Snapshot().NetworkInterfaces.Children(sn.ID)) != 0 {
		t.Fatal("failed gateway kept an interface")
	}
	if a, _ := s.Snapshot().Addresses.Get(addr.ID); a.AssociationID != "" {
		t.Fatal("failed gateway took the address")
	}
	gwAttachedIGW(t, s, v.ID)
	eni := gwPutENI(t, s, sn, "10.0.1.50", "", "")
	if _, err := s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr.ID, NetworkInterfaceID: eni.ID}); err != nil {
		t.Fatal(err)
	}
	g, err = s.CreateNatGateway(ctx, testScope, CreateNatGatewayInput{SubnetID: sn.ID, AllocationID: addr.ID})
	if err != nil {
		t.Fatal(err)
	}
	if g.State != "failed" || g.FailureCode != "Resource.AlreadyAssociated" || g.FailureMessage != "Elastic IP address ["+addr.ID+"] is already associated" {
		t.Fatalf("nat = %+v", g)
	}
}

// TestPrivateNatGateway pins vpc-nat-gateway.md "Private": no Elastic IP;
// the private IPv4 address may be chosen.
func TestPrivateNatGateway(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := gwVpc(t, s)
	g, err := s.CreateNatGateway(ctx, testScope, CreateNatGatewayInput{SubnetID: sn.ID, ConnectivityType: "private", PrivateIPAddress: "10.0.1.77"})
	if err != nil {
		t.Fatal(err)
	}
	if g.State != "available" || g.PrivateIP != netip.MustParseAddr("10.0.1.77") || g.PublicIP.IsValid() || g.AllocationID != "" {
		t.Fatalf("nat = %+v", g)
	}
	addr, _ := s.AllocateAddress(ctx, testScope, AllocateAddressInput{})
	cases := []struct {
		name string
		in   CreateNatGatewayInput
		code string
	}{
		{"no subnet", CreateNatGatewayInput{ConnectivityType: "private"}, "MissingParameter"},
		{"public without EIP", CreateNatGatewayInput{SubnetID: sn.ID}, "MissingParameter"},
		{"private with EIP", CreateNatGatewayInput{SubnetID: sn.ID, ConnectivityType: "private", AllocationID: addr.ID}, "InvalidParameterCombination"},
		{"bad type", CreateNatGatewayInput{SubnetID: sn.ID, ConnectivityType: "both"}, "InvalidParameterValue"},
		{"taken private IP", CreateNatGatewayInput{SubnetID: sn.ID, ConnectivityType: "private", PrivateIPAddress: "10.0.1.77"}, "InvalidIPAddress.InUse"},
		{"reserved private IP", CreateNatGatewayInput{SubnetID: sn.ID, ConnectivityType: "private", PrivateIPAddress: "10.0.1.1"}, "InvalidParameterValue"},
		{"outside subnet", CreateNatGatewayInput{SubnetID: sn.ID, ConnectivityType: "private", PrivateIPAddress: "10.0.2.9"}, "InvalidParameterValue"},
		{"unknown subnet", CreateNatGatewayInput{SubnetID: "subnet-0123456789abcdef0", ConnectivityType: "private"}, "InvalidSubnetID.NotFound"},
		{"unknown allocation", CreateNatGatewayInput{SubnetID: sn.ID, AllocationID: "eipalloc-0123456789abcdef0"}, "InvalidAllocationID.NotFound"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.CreateNatGateway(ctx, testScope, c.in)
			wantCode(t, err, c.code)
		})
	}
	_, err = s.DeleteNatGateway(ctx, testScope, "nat-0123456789abcdef0")
	wantCode(t, err, "NatGatewayNotFound")
	_, err = s.DeleteNatGateway(ctx, testScope, "")
	wantCode(t, err, "MissingParameter")
}

// TestNatGatewayQuota pins amazon-vpc-limits.md "NAT gateways per
// Availability Zone: 5" (pending, available and deleting count) under
// --quotas=aws; deleted ones do not count.
func TestNatGatewayQuota(t *testing.T) {
	st, err := store.Open(store.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := New(st, Options{AWSQuotas: true})
	ctx := context.Background()
	if err := s.EnsureScope(ctx, testScope); err != nil {
		t.Fatal(err)
	}
	_, sn := gwVpc(t, s)
	var first string
	for i := 0; i < 5; i++ {
		g, err := s.CreateNatGateway(ctx, testScope, CreateNatGatewayInput{SubnetID: sn.ID, ConnectivityType: "private"})
		if err != nil {
			t.Fatal(err)
		}
		if first == "" {
			first = g.ID
		}
	}
	_, err = s.CreateNatGateway(ctx, testScope, CreateNatGatewayInput{SubnetID: sn.ID, ConnectivityType: "private"})
	wantCode(t, err, "NatGatewayLimitExceeded")
	if _, err := s.DeleteNatGateway(ctx, testScope, first); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateNatGateway(ctx, testScope, CreateNatGatewayInput{SubnetID: sn.ID, ConnectivityType: "private"}); err != nil {
		t.Fatal(err)
	}
}
