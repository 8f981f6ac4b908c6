// Package elbv2 holds Elastic Load Balancing (v2) domain types: load
// balancers, target groups, listeners and rules.
package elbv2

import "github.com/vpcsim/vpcsim/internal/model"

// Load balancer types.
const (
	TypeApplication = "application"
	TypeNetwork     = "network"
	TypeGateway     = "gateway"
)

// LoadBalancer is an application, network or gateway load balancer. Its
// Meta.ID is its ARN.
type LoadBalancer struct {
	model.Meta
	Name   string `json:"name"`
	Type   string `json:"type"`   // Type*
	Scheme string `json:"scheme"` // internet-facing | internal
	State  string `json:"state"`  // provisioning | active | active_impaired | failed
	VpcID  string `json:"vpcId"`
	// Zones lists one subnet per Availability Zone with the load
	// balancer's ENI there.
	Zones            []Zone   `json:"zones"`
	SecurityGroupIDs []string `json:"securityGroupIds,omitempty"`
	// PrivateLinkInboundOff turns off the evaluation of a Network Load
	// Balancer's inbound security group rules for traffic that arrives
	// through AWS PrivateLink (EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic
	// "off"; the default is "on").
	PrivateLinkInboundOff bool   `json:"privateLinkInboundOff,omitempty"`
	IPAddressType         string `json:"ipAddressType"`
	DNSName               string `json:"dnsName"`
	CanonicalHostedZoneID string `json:"canonicalHostedZoneId"`
	// Attributes holds the load balancer attributes by key.
	Attributes map[string]string `json:"attributes,omitempty"`
}

// PrivateLinkInboundSetting is the load balancer's
// EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: "on" or "off" for a
// Network Load Balancer with security groups, "" for any other.
func (lb *LoadBalancer) PrivateLinkInboundSetting() string {
	if lb.Type != TypeNetwork || len(lb.SecurityGroupIDs) == 0 {
		return ""
	}
	if lb.PrivateLinkInboundOff {
		return "off"
	}
	return "on"
}

// Zone is a load balancer's presence in one Availability Zone.
type Zone struct {
	ZoneName           string `json:"zoneName"`
	SubnetID           string `json:"subnetId"`
	NetworkInterfaceID string `json:"networkInterfaceId,omitempty"`
	AllocationID       string `json:"allocationId,omitempty"` // NLB subnet mapping EIP
	PrivateIPv4Address string `json:"privateIpv4Address,omitempty"`
	IPv6Address        string `json:"ipv6Address,omitempty"`
}
