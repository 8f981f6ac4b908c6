package control

import (
	"net/netip"
	"strings"
)

// EC2's host names for instance addresses [Amazon VPC User Guide, "DNS
// attributes for your VPC" and "Amazon EC2 instance hostname types"]:
// ip-10-0-0-5.ec2.internal in us-east-1 and
// ip-10-0-0-5.<region>.compute.internal elsewhere; public names are
// ec2-1-2-3-4.compute-1.amazonaws.com in us-east-1 and
// ec2-1-2-3-4.<region>.compute.amazonaws.com elsewhere.

// PrivateDNSName is EC2's internal host name for a private IPv4 address
// ("" for an invalid address).
func PrivateDNSName(region string, ip netip.Addr) string {
	if !ip.IsValid() {
		return ""
	}
	h := "ip-" + strings.ReplaceAll(ip.String(), ".", "-")
	if region == "us-east-1" {
		return h + ".ec2.internal"
	}
	return h + "." + region + ".compute.internal"
}

// PublicDNSName is EC2's public host name for a public IPv4 address ("" for
// an invalid address).
func PublicDNSName(region string, ip netip.Addr) string {
	if !ip.IsValid() {
		return ""
	}
	h := "ec2-" + strings.ReplaceAll(ip.String(), ".", "-")
	if region == "us-east-1" {
		return h + ".compute-1.amazonaws.com"
	}
	return h + "." + region + ".compute.amazonaws.com"
}

// ResourceDNSName is EC2's resource-name host name of an instance
// (i-0123456789abcdef0.ec2.internal in us-east-1,
// i-0123456789abcdef0.<region>.compute.internal elsewhere), the only
// hostname type of instances in IPv6-only subnets [botocore ec2
// PrivateDnsNameOptionsOnLaunch.HostnameType].
func ResourceDNSName(region, id string) string {
	if id == "" {
		return ""
	}
	if region == "us-east-1" {
		return id + ".ec2.internal"
	}
	return id + "." + region + ".compute.internal"
}
