package control

import (
	"context"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// gwVpc creates a VPC 10.0.0.0/16 with a subnet 10.0.1.0/24.
func gwVpc(t *testing.T, s *Service) (*model.VPC, *model.Subnet) {
	t.Helper()
	ctx := context.Background()
	v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	sn, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: "10.0.1.0/24"})
	if err != nil {
		t.Fatal(err)
	}
	return v, sn
}

// gwAttachedIGW creates an internet gateway attached to vpcID.
func gwAttachedIGW(t *testing.T, s *Service, vpcID string) *model.InternetGateway {
	t.Helper()
	ctx := context.Background()
	g, err := s.CreateInternetGateway(ctx, testScope, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AttachInternetGateway(ctx, testScope, g.ID, vpcID); err != nil {
		t.Fatal(err)
	}
	return g
}

// gwPutENI stores a plain interface with one private IP (and an optional
// public IP) in sn, attached to instanceID when given, as the ENI and
// instance operations would.
func gwPutENI(t *testing.T, s *Service, sn *model.Subnet, ip string, public string, instanceID string) *model.NetworkInterface {
	t.Helper()
	var out *model.NetworkInterface
	_, err := s.Store().Update(context.Background(), func(tx *store.Tx) error {
		n := &model.NetworkInterface{
			Meta:            newMeta(tx, testScope, tx.NewID("eni"), nil),
			SubnetID:        sn.ID,
			VpcID:           sn.VpcID,
			InterfaceType:   "interface",
			PrivateIPs:      []model.PrivateIP{{Address: netip.MustParseAddr(ip), Primary: true}},
			SourceDestCheck: true,
			Status:          "available",
		}
		if public != "" {
			n.PrivateIPs[0].PublicIP = netip.MustParseAddr(public)
		}
		if instanceID != "" {
			n.Status = "in-use"
			n.Attachment = &model.ENIAttachment{ID: tx.NewID("eni-attach"), InstanceID: instanceID, Status: "attached"}
		}
		tx.NetworkInterfaces.Put(n)
		out = n
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// gwPutInstance stores a running instance with a primary interface in sn.
func gwPutInstance(t *testing.T, s *Service, sn *model.Subnet, ip, public string) (*model.Instance, *model.NetworkInterface) {
	t.Helper()
	var id string
	_, err := s.Store().Update(context.Background(), func(tx *store.Tx) error {
		id = tx.NewID("i")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	eni := gwPutENI(t, s, sn, ip, public, id)
	in := &model.Instance{State: "running", SubnetID: sn.ID, VpcID: sn.VpcID, PrimaryENI: eni.ID}
	_, err = s.Store().Update(context.Background(), func(tx *store.Tx) error {
		in.Meta = newMeta(tx, testScope, id, nil)
		tx.Instances.Put(in)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return in, eni
}

// TestInternetGatewayLifecycle pins VPC-UG VPC_Internet_Gateway.md: create
// detached, attach (state "available"), detach, delete.
func TestInternetGatewayLifecycle(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, _ := gwVpc(t, s)
	g, err := s.CreateInternetGateway(ctx, testScope, map[string]string{"Name": "gw"})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Attachments) != 0 {
		t.Fatalf("new IGW attached: %+v", g.Attachments)
	}
	if err := s.AttachInternetGateway(ctx, testScope, g.ID, v.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Snapshot().InternetGateways.Get(g.ID)
	if len(got.Attachments) != 1 || got.Attachments[0].VpcID != v.ID || got.Attachments[0].State != "available" {
		t.Fatalf("attachments = %+v", got.Attachments)
	}
	// An attached gateway cannot be deleted, nor the VPC.
	wantCode(t, s.DeleteInternetGateway(ctx, testScope, g.ID), "DependencyViolation")
	if err := s.DetachInternetGateway(ctx, testScope, g.ID, v.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteInternetGateway(ctx, testScope, g.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteInternetGateway(ctx, testScope, g.ID), "InvalidInternetGatewayID.NotFound")
}

// TestInternetGatewayErrors pins the one-to-one rule ("You can attach only
// one internet gateway to a VPC at a time", amazon-vpc-limits.md) and the
// attach/detach error codes.
func TestInternetGatewayErrors(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v1, _ := gwVpc(t, s)
	v2, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.1.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	g1 := gwAttachedIGW(t, s, v1.ID)
	g2, _ := s.CreateInternetGateway(ctx, testScope, nil)
	cases := []struct {
		name string
		err  error
		code string
	}{
		{"igw already attached elsewhere", s.AttachInternetGateway(ctx, testScope, g1.ID, v2.ID), "Resource.AlreadyAssociated"},
		{"igw already attached here", s.AttachInternetGateway(ctx, testScope, g1.ID, v1.ID), "Resource.AlreadyAssociated"},
		{"vpc already has an igw", s.AttachInternetGateway(ctx, testScope, g2.ID, v1.ID), "InvalidParameterValue"},
		{"detach from the wrong vpc", s.DetachInternetGateway(ctx, testScope, g1.ID, v2.ID), "Gateway.NotAttached"},
		{"detach a detached igw", s.DetachInternetGateway(ctx, testScope, g2.ID, v1.ID), "Gateway.NotAttached"},
		{"missing id", s.AttachInternetGateway(ctx, testScope, "", v1.ID), "MissingParameter"},
		{"missing vpc", s.AttachInternetGateway(ctx, testScope, g2.ID, ""), "MissingParameter"},
		{"unknown igw", s.AttachInternetGateway(ctx, testScope, "igw-0123456789abcdef0", v1.ID), "InvalidInternetGatewayID.NotFound"},
		{"malformed igw", s.AttachInternetGateway(ctx, testScope, "igw-zz", v1.ID), "InvalidInternetGatewayId.Malformed"},
		{"unknown vpc", s.AttachInternetGateway(ctx, testScope, g2.ID, "vpc-0123456789abcdef0"), "InvalidVpcID.NotFound"},
		{"vpc with igw cannot be deleted", s.DeleteVpc(ctx, testScope, v1.ID), "DependencyViolation"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantCode(t, c.err, c.code) })
	}
	// g2 can go to v2.
	if err := s.AttachInternetGateway(ctx, testScope, g2.ID, v2.ID); err != nil {
		t.Fatal(err)
	}
}

// TestDetachInternetGatewayMappedAddresses pins VPC_Internet_Gateway.md:
// "You can't detach an internet gateway if the VPC has resources with
// associated public IP addresses or Elastic IP addresses."
func TestDetachInternetGatewayMappedAddresses(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sn := gwVpc(t, s)
	g := gwAttachedIGW(t, s, v.ID)

	// An auto-assigned public IP blocks the detach.
	eni := gwPutENI(t, s, sn, "10.0.1.10", "44.200.0.10", "")
	err := s.DetachInternetGateway(ctx, testScope, g.ID, v.ID)
	wantCode(t, err, "DependencyViolation")
	if want := "Network " + v.ID + " has some mapped public address(es). Please unmap those public address(es) before detaching the gateway."; err.Error() != "DependencyViolation: "+want {
		t.Fatalf("message = %q", err)
	}
	_, _ = s.Store().Update(ctx, func(tx *store.Tx) error { tx.NetworkInterfaces.Delete(eni.ID); return nil })

	// So does an Elastic IP.
	eni = gwPutENI(t, s, sn, "10.0.1.11", "", "")
	addr, err := s.AllocateAddress(ctx, testScope, AllocateAddressInput{})
	if err != nil {
		t.Fatal(err)
	}
	assoc, err := s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr.ID, NetworkInterfaceID: eni.ID})
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DetachInternetGateway(ctx, testScope, g.ID, v.ID), "DependencyViolation")
	if err := s.DisassociateAddress(ctx, testScope, assoc, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.DetachInternetGateway(ctx, testScope, g.ID, v.ID); err != nil {
		t.Fatal(err)
	}
}

// TestInternetGatewayQuota pins amazon-vpc-limits.md "Internet gateways per
// Region: 5" under --quotas=aws (the default VPC's gateway counts).
func TestInternetGatewayQuota(t *testing.T) {
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
	for i := 0; i < 4; i++ {
		if _, err := s.CreateInternetGateway(ctx, testScope, nil); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.CreateInternetGateway(ctx, testScope, nil)
	wantCode(t, err, "InternetGatewayLimitExceeded")
	for i := 0; i < 5; i++ {
		if _, err := s.AllocateAddress(ctx, testScope, AllocateAddressInput{}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.AllocateAddress(ctx, testScope, AllocateAddressInput{})
	wantCode(t, err, "AddressLimitExceeded")
}

// TestEgressOnlyInternetGateway pins egress-only-internet-gateway.md and
// amazon-vpc-limits.md: created attached ("attached") to one VPC, one per
// VPC, deleted directly; a VPC with one cannot be deleted.
func TestEgressOnlyInternetGateway(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16", AmazonProvidedIpv6CidrBlock: true})
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.CreateEgressOnlyInternetGateway(ctx, testScope, v.ID, map[string]string{"k": "v"})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Attachments) != 1 || g.Attachments[0].VpcID != v.ID || g.Attachments[0].State != "attached" {
		t.Fatalf("attachments = %+v", g.Attachments)
	}
	_, err = s.CreateEgressOnlyInternetGateway(ctx, testScope, v.ID, nil)
	wantCode(t, err, "InvalidParameterValue")
	_, err = s.CreateEgressOnlyInternetGateway(ctx, testScope, "", nil)
	wantCode(t, err, "MissingParameter")
	_, err = s.CreateEgressOnlyInternetGateway(ctx, testScope, "vpc-0123456789abcdef0", nil)
	wantCode(t, err, "InvalidVpcID.NotFound")
	wantCode(t, s.DeleteVpc(ctx, testScope, v.ID), "DependencyViolation")
	if err := s.DeleteEgressOnlyInternetGateway(ctx, testScope, g.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteEgressOnlyInternetGateway(ctx, testScope, g.ID), "InvalidEgressOnlyInternetGatewayId.NotFound")
	wantCode(t, s.DeleteEgressOnlyInternetGateway(ctx, testScope, "eigw-x"), "InvalidEgressOnlyInternetGatewayId.Malformed")
	if err := s.DeleteVpc(ctx, testScope, v.ID); err != nil {
		t.Fatal(err)
	}
}
