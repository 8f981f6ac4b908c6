package flowlog

import (
	"net/netip"

	"github.com/gaissmai/bart"
)

// awsServiceTable is a small excerpt of AWS's published IP address ranges
// (ip-ranges.json) giving pkt-src-aws-service / pkt-dst-aws-service for
// well-known service addresses. It is not the full list: addresses not
// in it show '-'. When ranges overlap AWS reports one code; the more
// specific prefix wins here.
var awsServiceTable = func() *bart.Table[string] {
	t := new(bart.Table[string])
	for _, r := range []struct{ pfx, svc string }{
		// S3, ap-southeast-2 (the VPC guide's traffic-path example).
		{"52.95.128.0/21", "S3"},
		// S3, us-east-1.
		{"52.216.0.0/15", "S3"},
		{"54.231.0.0/16", "S3"},
		// DynamoDB, us-east-1.
		{"52.94.0.0/22", "DYNAMODB"},
		// EC2 Instance Connect, us-east-1.
		{"18.206.107.24/29", "EC2_INSTANCE_CONNECT"},
		// CloudFront global.
		{"13.32.0.0/15", "CLOUDFRONT"},
	} {
		t.Insert(netip.MustParsePrefix(r.pfx), r.svc)
	}
	return t
}()

// AWSService returns the ip-ranges service name of a public address
// (S3, DYNAMODB, ...), or "" ('-') when the address is private, invalid
// or not in the built-in excerpt.
func AWSService(a netip.Addr) string {
	if !a.IsValid() || a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() {
		return ""
	}
	s, _ := awsServiceTable.Lookup(a)
	return s
}
