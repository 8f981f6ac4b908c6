package control

import (
	"context"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// TestDisassociateAddressGivesBackPublicIP pins vpc-eips.md: "If you
// disassociate the Elastic IP address, the eth0 network interface is
// automatically assigned a new public IPv4 address within a few minutes.
// This doesn't apply if you've attached a second network interface to your
// instance." An instance launched without a public IPv4 address gets none.
func TestDisassociateAddressGivesBackPublicIP(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name       string
		autoPublic bool
		secondENI  bool
		state      string
		want       bool
	}{
		{"launched with a public IP", true, false, "running", true},
		{"launched without one", false, false, "running", false},
		{"second interface attached", true, true, "running", false},
		{"stopped: assigned at start instead", true, false, "stopped", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestService(t)
			v, sn := gwVpc(t, s)
			gwAttachedIGW(t, s, v.ID)
			inst, eni := gwPutInstance(t, s, sn, "10.0.1.10", "")
			_, err := s.Store().Update(ctx, func(tx *store.Tx) error {
				c := model.Clone(inst)
				c.AutoPublicIP = tc.autoPublic
				c.State = tc.state
				tx.Instances.Put(c)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if tc.secondENI {
				gwPutENI(t, s, sn, "10.0.1.20", "", inst.ID)
			}
			addr, err := s.AllocateAddress(ctx, testScope, AllocateAddressInput{})
			if err != nil {
				t.Fatal(err)
			}
			assoc, err := s.AssociateAddress(ctx, testScope, AssociateAddressInput{AllocationID: addr.ID, NetworkInterfaceID: eni.ID})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.DisassociateAddress(ctx, testScope, assoc, ""); err != nil {
				t.Fatal(err)
			}
			n, _ := s.Snapshot().NetworkInterfaces.Get(eni.ID)
			got := n.PrivateIPs[0].PublicIP
			if got.IsValid() != tc.want {
				t.Fatalf("public IP after disassociation = %v, want one: %v", got, tc.want)
			}
			if got == addr.PublicIP {
				t.Fatalf("the Elastic IP %v stayed on the interface", got)
			}
		})
	}
}
