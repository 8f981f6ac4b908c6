package model

import (
	"net/netip"
	"time"
)

// NetworkInterface is an elastic network interface (ENI).
type NetworkInterface struct {
	Meta
	SubnetID         string         `json:"subnetId"`
	VpcID            string         `json:"vpcId"`
	AvailabilityZone string         `json:"availabilityZone"`
	Description      string         `json:"description,omitempty"`
	InterfaceType    string         `json:"interfaceType"` // interface | nat_gateway | ...
	MacAddress       string         `json:"macAddress"`
	PrivateIPs       []PrivateIP    `json:"privateIps"` // the first is primary
	Ipv6Addresses    []netip.Addr   `json:"ipv6Addresses,omitempty"`
	SecurityGroupIDs []string       `json:"securityGroupIds,omitempty"`
	SourceDestCheck  bool           `json:"sourceDestCheck"`
	RequesterManaged bool           `json:"requesterManaged"`
	RequesterID      string         `json:"requesterId,omitempty"`
	Status           string         `json:"status"` // available | in-use
	Attachment       *ENIAttachment `json:"attachment,omitempty"`
	// Detached is the interface's last attachment once detached (status
	// "detached", DetachTime set); EC2 keeps reporting it for
	// DetachedAttachmentRetention so that clients waiting for the detach to
	// complete see it.
	Detached *ENIAttachment `json:"detached,omitempty"`
}

// DetachedAttachmentRetention is how long DescribeNetworkInterfaces keeps
// reporting a detached attachment (status "detached") on an available
// interface. The attachment states are attaching | attached | detaching |
// detached; waiters (the AWS CLI's, Terraform's) poll for "detached" by
// attachment id, so the record must outlive the detach. AWS does not
// document how long; a minute covers every waiter's first polls without
// leaving a stale attachment on the interface for scripts that read one
// as "still attached".
const DetachedAttachmentRetention = time.Minute

// ReportedAttachment is the attachment EC2 reports for the interface at
// now: the current one, else the last one while it is recently detached.
// A zero now reports only a current attachment.
func (n *NetworkInterface) ReportedAttachment(now time.Time) *ENIAttachment {
	if n.Attachment != nil {
		return n.Attachment
	}
	if d := n.Detached; d != nil && !now.Before(d.DetachTime) && now.Sub(d.DetachTime) < DetachedAttachmentRetention {
		return d
	}
	return nil
}

// PrivateIP is one private IPv4 address of an ENI with its optional public
// address (an Elastic IP when AllocationID is set, else an auto-assigned one).
type PrivateIP struct {
	Address       netip.Addr `json:"address"`
	Primary       bool       `json:"primary"`
	PublicIP      netip.Addr `json:"publicIp,omitempty"`
	AllocationID  string     `json:"allocationId,omitempty"`
	AssociationID string     `json:"associationId,omitempty"`
}

// ENIAttachment is an ENI's attachment to an instance (or a service).
type ENIAttachment struct {
	ID                  string    `json:"id"` // eni-attach-
	InstanceID          string    `json:"instanceId,omitempty"`
	InstanceOwnerID     string    `json:"instanceOwnerId,omitempty"`
	DeviceIndex         int32     `json:"deviceIndex"`
	Status              string    `json:"status"` // attached
	DeleteOnTermination bool      `json:"deleteOnTermination"`
	AttachTime          time.Time `json:"attachTime"`
	DetachTime          time.Time `json:"detachTime,omitzero"`
}

// PrimaryIP returns the ENI's primary private IPv4 address.
func (n *NetworkInterface) PrimaryIP() netip.Addr {
	for _, p := range n.PrivateIPs {
		if p.Primary {
			return p.Address
		}
	}
	if len(n.PrivateIPs) > 0 {
		return n.PrivateIPs[0].Address
	}
	return netip.Addr{}
}
