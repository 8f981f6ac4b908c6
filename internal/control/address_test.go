package control

import (
	"context"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestAllocateAddress pins AllocateAddress: domain vpc, pool amazon, the
// region as network border group, an eipalloc- id, a public address that is
// never private, reserved or shared with another allocation.
func TestAllocateAddress(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	private := []netip.Prefix{rfc1918a, rfc1918b, rfc1918c, cgnat, linkLocal, loopback, multicast, reserved0,
		netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("203.0.113.0/24"),
		netip.MustParsePrefix("198.18.0.0/15"), netip.MustParsePrefix("240.0.0.0/4")}
	seen := map[netip.Addr]bool{}
	other := model.Scope{Account: "210987654321", Region: "eu-west-1"}
	if err := s.EnsureScope(ctx, other); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		scope := testScope
		if i%2 == 1 {
			scope = other
		}
		a, err := s.AllocateAddress(ctx, scope, AllocateAddressInput{Domain: "vpc", Tags: map[string]string{"n": "1"}})
		if err != nil {
			t.Fatal(err)
		}
		if !validID(a.ID, "eipalloc") || a.Domain != "vpc" || a.PublicIpv4Pool != "amazon" || a.NetworkBorderGroup != scope.Region {
			t.Fatalf("address = %+v", a)
		}
		if seen[a.PublicIP] {
			t.Fatalf("duplicate public IP %s", a.PublicIP)
		}
		seen[a.PublicIP] = true
		for _, p := range private {
			if p.Contains(a.PublicIP) {
				t.Fatalf("%s is in %s", a.PublicIP, p)
			}
		}
	}
	cases := []struct {
		name string
		in   AllocateAddressInput
		code string
	}{
		{"standard domain", AllocateAddressInput{Domain: "standard"}, "InvalidParameterValue"},
		{"foreign pool", AllocateAddressInput{PublicIpv4Pool: "ipv4pool-ec2-012345"}, "InvalidPublicIpv4PoolID.NotFound"},
		{"other border group", AllocateAddressInput{NetworkBorderGroup: "us-west-2"}, "InvalidParameterValue"},
		{"bad address", AllocateAddressInput{Address: "nope"}, "InvalidParameterValue"},
		{"address outside the pool", AllocateAddressInput{Address: "10.0.0.1"}, "InvalidAddress.NotFound"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.AllocateAddress(ctx, testScope, c.in)
			wantCode(t, err, c.code)
		})
	}
	// Recovering a released address works; taking a used one does not.
	a, _ := s.AllocateAddress(ctx, testScope, AllocateAddressInput{})
	_, err := s.AllocateAddress(ctx, testScope, AllocateAddressInput{Address: a.PublicIP.String()})
	wantCode(t, err, "InvalidAddress.NotFound")
	if err := s.ReleaseAddress(ctx, testScope, a.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	b, err := s.AllocateAddress(ctx, testScope, AllocateAddressInput{Address: a.PublicIP.String()})
	if err != nil || b.PublicIP != a.PublicIP {
		t.Fatalf("recover: %v %v", b, err)
	}
}

// TestAssociateAddress pins AssociateAddress / DisassociateAddress
// [VPC-UG vpc-eips.md; EC2 API AssociateAddress]: to an instance (its
// primary interface's primary IP) or to an interface and private IP; the
// interface records the public IP; reassociation needs AllowReassociation;
// the VPC needs an internet gateway; an auto-assigned public IP is replaced
// and not given back.
func TestAssociateAddress(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sn := gwVpc(t, s)
	inst, eni := gwPutInstance(t, s, sn, "10.0.1.10", "44.200.0.7")
	other := gwPutENI(t, s, sn, "10.0.1.20", "", "")
	addr, _ := s.AllocateAddress(ctx, testScope, AllocateAddressInput{})

	// No internet gateway yet.
	_, err := s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr.ID, InstanceID: inst.ID})
	wantCode(t, err, "Gateway.NotAttached")
	gwAttachedIGW(t, s, v.ID)

	assoc, err := s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr.ID, InstanceID: inst.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !validID(assoc, "eipassoc") {
		t.Fatalf("association id %q", assoc)
	}
	w := s.Snapshot()
	a, _ := w.Addresses.Get(addr.ID)
	if a.AssociationID != assoc || a.NetworkInterfaceID != eni.ID || a.InstanceID != inst.ID || a.PrivateIP != netip.MustParseAddr("10.0.1.10") {
		t.Fatalf("address = %+v", a)
	}
	n, _ := w.NetworkInterfaces.Get(eni.ID)
	if p := n.PrivateIPs[0]; p.PublicIP != addr.PublicIP || p.AllocationID != addr.ID || p.AssociationID != assoc {
		t.Fatalf("interface IP = %+v", p)
	}
	// Idempotent on the same target.
	again, err := s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr.ID, NetworkInterfaceID: eni.ID})
	if err != nil || again != assoc {
		t.Fatalf("re-associate same target: %q %v", again, err)
	}
	// Moving it needs AllowReassociation.
	_, err = s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr.ID, NetworkInterfaceID: other.ID})
	wantCode(t, err, "Resource.AlreadyAssociated")
	moved, err := s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr.ID, NetworkInterfaceID: other.ID, PrivateIPAddress: "10.0.1.20", AllowReassociation: true})
	if err != nil {
		t.Fatal(err)
	}
	w = s.Snapshot()
	n, _ = w.NetworkInterfaces.Get(eni.ID)
	if p := n.PrivateIPs[0]; p.PublicIP.IsValid() || p.AllocationID != "" {
		t.Fatalf("old interface keeps %+v; the auto-assigned IP must not come back", p)
	}
	a, _ = w.Addresses.Get(addr.ID)
	if a.NetworkInterfaceID != other.ID || a.InstanceID != "" || a.AssociationID != moved {
		t.Fatalf("moved address = %+v", a)
	}
	// A second address on the same private IP replaces the first, which
	// stays allocated.
	addr2, _ := s.AllocateAddress(ctx, testScope, AllocateAddressInput{})
	if _, err := s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr2.ID, NetworkInterfaceID: other.ID}); err != nil {
		t.Fatal(err)
	}
	w = s.Snapshot()
	if a, ok := w.Addresses.Get(addr.ID); !ok || a.AssociationID != "" {
		t.Fatalf("replaced address = %+v", a)
	}
	n, _ = w.NetworkInterfaces.Get(other.ID)
	if n.PrivateIPs[0].AllocationID != addr2.ID {
		t.Fatalf("interface = %+v", n.PrivateIPs)
	}

	cases := []struct {
		name string
		in   AssociateAddressInput
		code string
	}{
		{"no allocation", AssociateAddressInput{InstanceID: inst.ID}, "MissingParameter"},
		{"no target", AssociateAddressInput{AllocationID: addr.ID}, "MissingParameter"},
		{"both targets", AssociateAddressInput{AllocationID: addr.ID, InstanceID: inst.ID, NetworkInterfaceID: eni.ID}, "InvalidParameterCombination"},
		{"unknown allocation", AssociateAddressInput{AllocationID: "eipalloc-0123456789abcdef0", InstanceID: inst.ID}, "InvalidAllocationID.NotFound"},
		{"unknown instance", AssociateAddressInput{AllocationID: addr.ID, InstanceID: "i-0123456789abcdef0"}, "InvalidInstanceID.NotFound"},
		{"unknown interface", AssociateAddressInput{AllocationID: addr.ID, NetworkInterfaceID: "eni-0123456789abcdef0"}, "InvalidNetworkInterfaceID.NotFound"},
		{"foreign private IP", AssociateAddressInput{AllocationID: addr.ID, NetworkInterfaceID: eni.ID, PrivateIPAddress: "10.0.1.99"}, "InvalidParameterValue"},
		{"bad private IP", AssociateAddressInput{AllocationID: addr.ID, NetworkInterfaceID: eni.ID, PrivateIPAddress: "x"}, "InvalidParameterValue"},
		{"public ip not ours", AssociateAddressInput{PublicIP: "44.192.9.9", NetworkInterfaceID: eni.ID}, "AuthFailure"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.AssociateAddress(ctx, testScope, c.in)
			wantCode(t, err, c.code)
		})
	}

	// An instance with two interfaces needs an interface id.
	_, _ = s.Store().Update(ctx, func(tx *store.Tx) error {
		c := model.Clone(other)
		c.Attachment = &model.ENIAttachment{ID: "eni-attach-1", InstanceID: inst.ID, DeviceIndex: 1, Status: "attached"}
		c.PrivateIPs[0].AllocationID, c.PrivateIPs[0].AssociationID = "", ""
		tx.NetworkInterfaces.Put(c)
		return nil
	})
	_, err = s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr.ID, InstanceID: inst.ID})
	wantCode(t, err, "InvalidInstanceID")

	// Disassociate: unknown association, then by id, then the old id is gone.
	wantCode(t, s.DisassociateAddress(ctx, testScope, "eipassoc-0123456789abcdef0", ""), "InvalidAssociationID.NotFound")
	wantCode(t, s.DisassociateAddress(ctx, testScope, "", ""), "MissingParameter")
}

// TestReleaseAddress pins ReleaseAddress: [Nondefault VPC] an associated
// address gives InvalidIPAddress.InUse; [Default VPC] releasing
// disassociates it; a released address is gone.
func TestReleaseAddress(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sn := gwVpc(t, s)
	gwAttachedIGW(t, s, v.ID)
	eni := gwPutENI(t, s, sn, "10.0.1.10", "", "")
	addr, _ := s.AllocateAddress(ctx, testScope, AllocateAddressInput{})
	assoc, err := s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr.ID, NetworkInterfaceID: eni.ID})
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ReleaseAddress(ctx, testScope, addr.ID, "", ""), "InvalidIPAddress.InUse")
	wantCode(t, s.ReleaseAddress(ctx, testScope, addr.ID, "", "us-west-2"), "InvalidAddress.NotFound")
	wantCode(t, s.ReleaseAddress(ctx, testScope, "", "", ""), "MissingParameter")
	if err := s.DisassociateAddress(ctx, testScope, assoc, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseAddress(ctx, testScope, addr.ID, "", testScope.Region); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ReleaseAddress(ctx, testScope, addr.ID, "", ""), "InvalidAllocationID.NotFound")

	// Default VPC: release disassociates.
	w := s.Snapshot()
	st, _ := w.Scopes.Get(scopeKey(testScope))
	dsn := w.Subnets.Children(st.DefaultVpcID)[0]
	deni := gwPutENI(t, s, dsn, nthAddr(dsn.CidrBlock, 10).String(), "", "")
	addr, _ = s.AllocateAddress(ctx, testScope, AllocateAddressInput{})
	if _, err := s.AssociateAddress(ctx, testScope, AssociateAddressInput{PublicIP: addr.PublicIP.String(), NetworkInterfaceID: deni.ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseAddress(ctx, testScope, "", addr.PublicIP.String(), ""); err != nil {
		t.Fatal(err)
	}
	n, _ := s.Snapshot().NetworkInterfaces.Get(deni.ID)
	if n.PrivateIPs[0].PublicIP.IsValid() || n.PrivateIPs[0].AllocationID != "" {
		t.Fatalf("interface keeps the released address: %+v", n.PrivateIPs[0])
	}
}
