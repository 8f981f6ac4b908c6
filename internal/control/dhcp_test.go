package control

import (
	"context"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// TestDhcpOptions pins VPC-UG DHCPOptionSet.md: the documented option
// names and values, association with "default" meaning none, and no
// deletion while a VPC uses the set.
func TestDhcpOptions(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]model.DhcpConfiguration{
		nil,
		{{Key: "bogus", Values: []string{"x"}}},
		{{Key: "netbios-node-type", Values: []string{"3"}}},
		{{Key: "domain-name-servers", Values: []string{"1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"}}},
		{{Key: "ntp-servers", Values: []string{"time"}}},
		{{Key: "ipv6-address-preferred-lease-time", Values: []string{"10"}}},
	} {
		if _, err := s.CreateDhcpOptions(ctx, testScope, bad, nil); err == nil {
			t.Fatalf("accepted %+v", bad)
		}
	}
	d, err := s.CreateDhcpOptions(ctx, testScope, []model.DhcpConfiguration{{Key: "domain-name", Values: []string{"corp"}}, {Key: "ntp-servers", Values: []string{"169.254.169.123"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.AssociateDhcpOptions(ctx, testScope, "dopt-0123456789abcdef0", v.ID), "InvalidDhcpOptionID.NotFound")
	if err := s.AssociateDhcpOptions(ctx, testScope, d.ID, v.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteDhcpOptions(ctx, testScope, d.ID), "DependencyViolation")
	if err := s.AssociateDhcpOptions(ctx, testScope, "default", v.ID); err != nil {
		t.Fatal(err)
	}
	if vv, _ := s.Snapshot().VPCs.Get(v.ID); vv.DhcpOptionsID != "default" {
		t.Fatalf("dhcp options %q", vv.DhcpOptionsID)
	}
	if err := s.DeleteDhcpOptions(ctx, testScope, d.ID); err != nil {
		t.Fatal(err)
	}
}
