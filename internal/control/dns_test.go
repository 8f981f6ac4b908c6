package control

import (
	"net/netip"
	"testing"
)

// TestDNSNames pins EC2's host name formats [Amazon VPC User Guide, "DNS
// attributes for your VPC"]: us-east-1 uses ec2.internal and compute-1,
// other regions <region>.compute.internal and <region>.compute.
func TestDNSNames(t *testing.T) {
	ip := netip.MustParseAddr("10.0.0.5")
	pub := netip.MustParseAddr("1.2.3.4")
	for _, c := range []struct{ region, private, public string }{
		{"us-east-1", "ip-10-0-0-5.ec2.internal", "ec2-1-2-3-4.compute-1.amazonaws.com"},
		{"eu-west-1", "ip-10-0-0-5.eu-west-1.compute.internal", "ec2-1-2-3-4.eu-west-1.compute.amazonaws.com"},
	} {
		if got := PrivateDNSName(c.region, ip); got != c.private {
			t.Errorf("PrivateDNSName(%s) = %q, want %q", c.region, got, c.private)
		}
		if got := PublicDNSName(c.region, pub); got != c.public {
			t.Errorf("PublicDNSName(%s) = %q, want %q", c.region, got, c.public)
		}
	}
	if PrivateDNSName("us-east-1", netip.Addr{}) != "" || PublicDNSName("us-east-1", netip.Addr{}) != "" {
		t.Error("an unset address has no host name")
	}
}
