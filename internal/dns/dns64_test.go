package dns

import (
	"context"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/internal/control"
)

// TestDNS64 pins VPC-UG nat-gateway-nat64-dns64.md "What is DNS64?": from a
// subnet with EnableDns64, a name with only an IPv4 answer also gets an
// AAAA record 64:ff9b::a.b.c.d; a subnet without DNS64 gets the A record
// only; an answer that has IPv6 addresses is returned as it is.
func TestDNS64(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	w := f.ctl.Snapshot()
	pub := f.eni(t, f.inst).PrivateIPs[0].PublicIP
	name := control.PublicDNSName("us-east-1", pub)
	want6 := dns64Prefix.Addr().As16()
	v4 := pub.As4()
	copy(want6[12:], v4[:])

	// From vpc2 (outside the instance's VPC): the public address.
	a, err := Resolve(w, "", must(FindSource(w, "", f.subnets[2].ID)), name)
	if err != nil || len(a.Records) != 1 || a.Records[0].Type != "A" {
		t.Fatalf("without DNS64: %+v %v", a, err)
	}
	on := true
	if err := f.ctl.ModifySubnetAttribute(ctx, testScope, control.ModifySubnetAttributeInput{SubnetID: f.subnets[2].ID, EnableDns64: &on}); err != nil {
		t.Fatal(err)
	}
	w = f.ctl.Snapshot()
	a, err = Resolve(w, "", must(FindSource(w, "", f.subnets[2].ID)), name)
	if err != nil || len(a.Records) != 2 || a.Records[1].Type != "AAAA" || a.Records[1].Value != netip.AddrFrom16(want6).String() {
		t.Fatalf("with DNS64: %+v %v (want AAAA %s)", a, err, netip.AddrFrom16(want6))
	}
	// An answer with an AAAA record is kept as it is.
	b := &Answer{Status: StatusNoError, Records: []Record{{Name: "x", Type: "A", Value: "192.0.2.1"}, {Name: "x", Type: "AAAA", Value: "2001:db8::1"}}}
	if got := dns64(must(FindSource(w, "", f.subnets[2].ID)), b); len(got.Records) != 2 {
		t.Fatalf("AAAA answer changed: %+v", got.Records)
	}
}
