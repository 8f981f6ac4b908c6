// Package dns answers what the Amazon DNS server (the Route 53 Resolver at
// the VPC's primary IPv4 CIDR base plus two, 169.254.169.253 and
// fd00:ec2::253) of a source's VPC returns for a name, from the stored
// world: the private DNS names of interface VPC endpoints, the endpoints'
// own Regional and zonal names, and EC2's private and public host names,
// with the effect of the VPC's enableDnsSupport and enableDnsHostnames
// attributes. The rules and their sources are listed in docs/dns.md; every
// rule is cited where it is applied.
//
// The package reads a store.World and holds no state; a World is
// immutable, so Resolve may run concurrently.
package dns
