package control

import (
	"context"
	"net/netip"
	"testing"
)

// TestSubnetCidrReservations pins VPC-UG subnet-cidr-reservation.md: a
// reservation lies inside the subnet, reservations of a VPC do not overlap,
// AWS does not auto-assign reserved addresses but they may be assigned
// explicitly, and deleting the subnet deletes them.
func TestSubnetCidrReservations(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	_, sn := eniNet(t, s) // 10.0.1.0/28
	for i, tc := range []struct {
		cidr, typ, code string
	}{
		{"10.0.2.0/28", "explicit", "InvalidParameterValue"},
		{"10.0.1.0/24", "explicit", "InvalidParameterValue"},
		{"10.0.1.3/28", "explicit", "InvalidParameterValue"},
		{"10.0.1.8/29", "other", "InvalidParameterValue"},
	} {
		_, err := s.CreateSubnetCidrReservation(ctx, testScope, CreateSubnetCidrReservationInput{SubnetID: sn.ID, Cidr: tc.cidr, ReservationType: tc.typ})
		if err == nil {
			t.Fatalf("case %d: no error", i)
		}
		wantCode(t, err, tc.code)
	}
	r, err := s.CreateSubnetCidrReservation(ctx, testScope, CreateSubnetCidrReservationInput{SubnetID: sn.ID, Cidr: "10.0.1.4/30", ReservationType: "explicit"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateSubnetCidrReservation(ctx, testScope, CreateSubnetCidrReservationInput{SubnetID: sn.ID, Cidr: "10.0.1.6/31", ReservationType: "prefix"})
	wantCode(t, err, "InvalidParameterValue")
	eni, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := eni.PrivateIPs[0].Address; got != netip.MustParseAddr("10.0.1.8") {
		t.Fatalf("auto-assigned %s, want 10.0.1.8 (10.0.1.4/30 reserved)", got)
	}
	if _, err := s.CreateNetworkInterface(ctx, testScope, ENISpec{SubnetID: sn.ID, PrivateIPAddress: "10.0.1.5"}); err != nil {
		t.Fatalf("explicit address in an explicit reservation: %v", err)
	}
	list, err := s.SubnetCidrReservations(ctx, testScope, sn.ID)
	if err != nil || len(list) != 1 || list[0].ID != r.ID {
		t.Fatalf("list: %v %v", list, err)
	}
	if _, err := s.DeleteSubnetCidrReservation(ctx, testScope, r.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.DeleteSubnetCidrReservation(ctx, testScope, r.ID)
	wantCode(t, err, "InvalidSubnetCidrReservationID.NotFound")
}
