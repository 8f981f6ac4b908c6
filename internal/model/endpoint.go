package model

import (
	"net/netip"
	"time"
)

// VPC endpoint types.
const (
	EndpointTypeGateway             = "Gateway"
	EndpointTypeInterface           = "Interface"
	EndpointTypeGatewayLoadBalancer = "GatewayLoadBalancer"
)

// VpcEndpoint is a gateway, interface or Gateway Load Balancer endpoint.
type VpcEndpoint struct {
	Meta
	Type        string `json:"type"` // EndpointType*
	VpcID       string `json:"vpcId"`
	ServiceName string `json:"serviceName"`
	// ServiceID is the endpoint service (vpce-svc-) for PrivateLink
	// services; empty for AWS services.
	ServiceID      string `json:"serviceId,omitempty"`
	State          string `json:"state"` // PendingAcceptance | Pending | Available | Deleting | Deleted | Rejected | Failed | Expired
	PolicyDocument string `json:"policyDocument,omitempty"`
	// Gateway endpoints: the route tables holding the prefix-list route.
	RouteTableIDs []string `json:"routeTableIds,omitempty"`
	// Interface and GWLB endpoints: one subnet and one requester-managed
	// ENI per Availability Zone, in the same order.
	SubnetIDs           []string          `json:"subnetIds,omitempty"`
	NetworkInterfaceIDs []string          `json:"networkInterfaceIds,omitempty"`
	SecurityGroupIDs    []string          `json:"securityGroupIds,omitempty"`
	IPAddressType       string            `json:"ipAddressType,omitempty"`
	DNSRecordIPType     string            `json:"dnsRecordIpType,omitempty"`
	PrivateDNSEnabled   bool              `json:"privateDnsEnabled"`
	DNSEntries          []EndpointDNSName `json:"dnsEntries,omitempty"`
	RequesterManaged    bool              `json:"requesterManaged,omitempty"`
	ClientToken         string            `json:"clientToken,omitempty"`
	DeleteTime          time.Time         `json:"deleteTime,omitzero"`
	// ServiceRegion is the Region of the endpoint service.
	ServiceRegion string `json:"serviceRegion,omitempty"`
	// ConnectionID identifies a PrivateLink connection (vpce-con-) to the
	// service owner.
	ConnectionID string `json:"connectionId,omitempty"`
	// ServiceOwner is the account owning a PrivateLink service ("" for
	// AWS services).
	ServiceOwner string `json:"serviceOwner,omitempty"`
	// PrivateDNSHostedZoneID is the private hosted zone AWS manages for
	// the endpoint's private DNS name.
	PrivateDNSHostedZoneID string `json:"privateDnsHostedZoneId,omitempty"`
}

// EndpointDNSName is one DNS entry of an interface endpoint.
type EndpointDNSName struct {
	DNSName      string `json:"dnsName"`
	HostedZoneID string `json:"hostedZoneId"`
}

// VpcEndpointService is a PrivateLink endpoint service configuration
// (vpce-svc-) in front of Network or Gateway Load Balancers.
type VpcEndpointService struct {
	Meta
	ServiceName             string   `json:"serviceName"` // com.amazonaws.vpce.<region>.vpce-svc-...
	ServiceType             string   `json:"serviceType"` // Interface | GatewayLoadBalancer
	State                   string   `json:"state"`       // Pending | Available | Deleting | Deleted | Failed
	AcceptanceRequired      bool     `json:"acceptanceRequired"`
	NetworkLoadBalancerArns []string `json:"networkLoadBalancerArns,omitempty"`
	GatewayLoadBalancerArns []string `json:"gatewayLoadBalancerArns,omitempty"`
	AvailabilityZones       []string `json:"availabilityZones,omitempty"`
	SupportedIPAddressTypes []string `json:"supportedIpAddressTypes,omitempty"`
	PrivateDNSName          string   `json:"privateDnsName,omitempty"`
	// PrivateDNSState is the verification state (pendingVerification |
	// verified | failed).
	PrivateDNSState      string   `json:"privateDnsState,omitempty"`
	AllowedPrincipals    []string `json:"allowedPrincipals,omitempty"`
	PayerResponsibility  string   `json:"payerResponsibility,omitempty"`
	ManagesVpcEndpoints  bool     `json:"managesVpcEndpoints,omitempty"`
	BaseEndpointDNSNames []string `json:"baseEndpointDnsNames,omitempty"`
	// PermissionIDs maps each allowed principal to its service
	// permission id (vpce-svc-perm-).
	PermissionIDs map[string]string `json:"permissionIds,omitempty"`
	// PrivateDNSTXTName and PrivateDNSTXTValue are the TXT record the
	// owner publishes to verify PrivateDNSName.
	PrivateDNSTXTName  string `json:"privateDnsTxtName,omitempty"`
	PrivateDNSTXTValue string `json:"privateDnsTxtValue,omitempty"`
}

// EndpointAddress is an interface endpoint ENI's address, for readers
// that need one without loading the ENI.
type EndpointAddress struct {
	SubnetID string     `json:"subnetId"`
	IP       netip.Addr `json:"ip"`
}

// Endpoint and endpoint service states as EC2 reports them (lower camel
// case on the wire, which Terraform compares against).
const (
	EndpointPendingAcceptance = "pendingAcceptance"
	EndpointPending           = "pending"
	EndpointAvailable         = "available"
	EndpointDeleting          = "deleting"
	EndpointDeleted           = "deleted"
	EndpointRejected          = "rejected"
	EndpointFailed            = "failed"
)

// VpcEndpointConnectionNotification is a connection notification
// (vpce-nfn-) of an endpoint service or of one endpoint: an SNS topic that
// receives the chosen connection events.
type VpcEndpointConnectionNotification struct {
	Meta
	ServiceID     string   `json:"serviceId,omitempty"`
	VpcEndpointID string   `json:"vpcEndpointId,omitempty"`
	TopicARN      string   `json:"topicArn"`
	Events        []string `json:"events"`
	State         string   `json:"state"` // Enabled | Disabled
}
