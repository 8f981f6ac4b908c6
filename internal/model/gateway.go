package model

import (
	"net/netip"
	"time"
)

// InternetGateway connects VPCs to the internet. It attaches to at most one VPC.
type InternetGateway struct {
	Meta
	Attachments []GatewayAttachment `json:"attachments,omitempty"`
}

// GatewayAttachment is an internet, egress-only or virtual private gateway's
// attachment to a VPC. State is "available" for IGWs (as EC2 reports it) and
// "attached" for VGWs and egress-only IGWs.
type GatewayAttachment struct {
	VpcID string `json:"vpcId"`
	State string `json:"state"`
}

// AttachedVpc returns the VPC an internet gateway is attached to, or "".
func (g *InternetGateway) AttachedVpc() string {
	if len(g.Attachments) == 0 {
		return ""
	}
	return g.Attachments[0].VpcID
}

// EgressOnlyInternetGateway gives a VPC outbound-only IPv6 internet access.
type EgressOnlyInternetGateway struct {
	Meta
	Attachments []GatewayAttachment `json:"attachments,omitempty"`
}

// VpnGateway is a virtual private gateway (the VPN side of a VPC).
type VpnGateway struct {
	Meta
	State            string              `json:"state"`
	Type             string              `json:"type"`
	AmazonSideAsn    int64               `json:"amazonSideAsn"`
	AvailabilityZone string              `json:"availabilityZone,omitempty"`
	Attachments      []GatewayAttachment `json:"attachments,omitempty"`
}

// NatGateway translates source addresses for a private subnet.
type NatGateway struct {
	Meta
	VpcID              string     `json:"vpcId"`
	SubnetID           string     `json:"subnetId"`
	ConnectivityType   string     `json:"connectivityType"` // public | private
	State              string     `json:"state"`            // pending | available | deleting | deleted | failed
	AllocationID       string     `json:"allocationId,omitempty"`
	NetworkInterfaceID string     `json:"networkInterfaceId"`
	PrivateIP          netip.Addr `json:"privateIp"`
	PublicIP           netip.Addr `json:"publicIp,omitempty"`
	AssociationID      string     `json:"associationId,omitempty"`
	ClientToken        string     `json:"clientToken,omitempty"`
	DeleteTime         time.Time  `json:"deleteTime,omitempty"`
	FailureCode        string     `json:"failureCode,omitempty"`
	FailureMessage     string     `json:"failureMessage,omitempty"`
}

// Address is an Elastic IP address.
type Address struct {
	Meta                          // Meta.ID is the allocation id (eipalloc-)
	PublicIP           netip.Addr `json:"publicIp"`
	Domain             string     `json:"domain"` // vpc
	NetworkBorderGroup string     `json:"networkBorderGroup"`
	PublicIpv4Pool     string     `json:"publicIpv4Pool"`
	AssociationID      string     `json:"associationId,omitempty"` // eipassoc-
	InstanceID         string     `json:"instanceId,omitempty"`
	NetworkInterfaceID string     `json:"networkInterfaceId,omitempty"`
	PrivateIP          netip.Addr `json:"privateIp,omitempty"`
}
