// Package endpointcheck decides whether a request through a VPC endpoint
// is allowed, and walks the seven-step checklist AWS gives for a VPC
// endpoint that does not work: the caller's permission, the caller's and
// the endpoint's security groups, the route table, the endpoint policy,
// the resource policy, private DNS, and the VPC's DNS attributes.
//
// Policies are evaluated by internal/policy with the request context AWS
// documents for traffic through a VPC endpoint (context.go): aws:SourceVpce
// and aws:SourceVpc are set, aws:VpcSourceIp is the caller's private
// address, and aws:SourceIp is absent ("If the request comes from a host
// that uses an Amazon VPC endpoint, then the aws:SourceIp key is not
// available", IAM User Guide, global condition context keys). The network
// steps use the data plane's trace; DNS uses internal/dns.
//
// The package holds no state; it reads an immutable store.World.
package endpointcheck
