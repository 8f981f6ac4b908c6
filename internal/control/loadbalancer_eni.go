package control

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Elastic Load Balancing places one requester-managed network interface in
// each subnet a load balancer is enabled in [ELB application-load-balancers
// "Availability Zones": "we create a load balancer node in the Availability
// Zone" with an elastic network interface; network-load-balancers: the
// interface carries the subnet mapping's private IPv4 address and Elastic
// IP]. The interface belongs to the load balancer's account, is managed by
// Elastic Load Balancing (it cannot be detached or deleted by the owner) and
// goes with the load balancer.

// LoadBalancerENISpec describes one load balancer node's interface.
type LoadBalancerENISpec struct {
	SubnetID      string
	Description   string // "ELB app/<name>/<id>"
	InterfaceType string // interface | network_load_balancer | gateway_load_balancer
	// Groups are security group ids already validated for the VPC.
	Groups []string
	// PrivateIPv4 pins the node's private address (NLB subnet mapping);
	// zero takes the subnet's lowest free address.
	PrivateIPv4 netip.Addr
	// AllocationID associates an Elastic IP (internet-facing NLB).
	AllocationID string
	// PublicIPv4 gives the node an AWS-assigned public address (an
	// internet-facing load balancer without an Elastic IP).
	PublicIPv4 bool
	// IPv6 gives the node an address of the subnet's IPv6 block (dualstack).
	IPv6 bool
}

// CreateLoadBalancerENI creates a load balancer node's requester-managed
// interface inside tx. Its errors carry Elastic Load Balancing's codes
// (InvalidSubnet, AllocationIdNotFound, InvalidConfigurationRequest).
func CreateLoadBalancerENI(tx *store.Tx, scope model.Scope, in LoadBalancerENISpec) (*model.NetworkInterface, error) {
	sn, ok := inScope(tx.Subnets, scope, in.SubnetID, func(v *model.Subnet) *model.Meta { return &v.Meta })
	if !ok {
		return nil, awserr.New("SubnetNotFound", "The subnet ID '%s' is not valid", in.SubnetID)
	}
	ip := in.PrivateIPv4
	if ip.IsValid() {
		if err := checkPrivateIPv4(tx.World, sn, ip); err != nil {
			return nil, awserr.New("InvalidConfigurationRequest", "Private IPv4 address '%s' cannot be used in subnet '%s': %s", ip, sn.ID, errMessage(err))
		}
	} else {
		var err error
		if ip, err = allocatePrivateIPv4(tx.World, sn, nil); err != nil {
			return nil, awserr.New("InvalidSubnet", "Not enough IP space available in %s. ELB requires at least 8 free IP addresses in each subnet.", sn.ID)
		}
	}
	eni := &model.NetworkInterface{
		Meta:             newMeta(tx, scope, tx.NewID("eni"), nil),
		SubnetID:         sn.ID,
		VpcID:            sn.VpcID,
		AvailabilityZone: sn.AvailabilityZone,
		Description:      in.Description,
		InterfaceType:    in.InterfaceType,
		MacAddress:       eniMAC(tx),
		PrivateIPs:       []model.PrivateIP{{Address: ip, Primary: true}},
		SecurityGroupIDs: append([]string(nil), in.Groups...),
		SourceDestCheck:  true,
		RequesterManaged: true,
		RequesterID:      "amazon-elb",
		Status:           "in-use",
		Attachment: &model.ENIAttachment{
			ID:              tx.NewID("ela-attach"),
			InstanceOwnerID: "amazon-elb",
			DeviceIndex:     1,
			Status:          "attached",
			AttachTime:      tx.Now(),
		},
	}
	if eni.InterfaceType == "" {
		eni.InterfaceType = "interface"
	}
	if in.IPv6 {
		a, err := allocateIPv6(tx, sn, nil)
		if err != nil {
			return nil, awserr.New("InvalidSubnet", "Subnet %s does not have an IPv6 CIDR block.", sn.ID)
		}
		eni.Ipv6Addresses = []netip.Addr{a}
	}
	switch {
	case in.AllocationID != "":
		eip, ok := inScope(tx.Addresses, scope, in.AllocationID, func(v *model.Address) *model.Meta { return &v.Meta })
		if !ok {
			return nil, awserr.New("AllocationIdNotFound", "The allocation ID '%s' was not found", in.AllocationID)
		}
		if eip.AssociationID != "" {
			return nil, awserr.New("InvalidConfigurationRequest", "The Elastic IP '%s' is already associated", eip.ID)
		}
		assoc := tx.NewID("eipassoc")
		eni.PrivateIPs[0].PublicIP = eip.PublicIP
		eni.PrivateIPs[0].AllocationID = eip.ID
		eni.PrivateIPs[0].AssociationID = assoc
		ac := model.Clone(eip)
		ac.AssociationID = assoc
		ac.NetworkInterfaceID = eni.ID
		ac.PrivateIP = ip
		ac.InstanceID = ""
		tx.Addresses.Put(ac)
	case in.PublicIPv4:
		pub, err := allocatePublicIPv4(tx)
		if err != nil {
			return nil, fmt.Errorf("load balancer public address: %w", err)
		}
		eni.PrivateIPs[0].PublicIP = pub
	}
	tx.NetworkInterfaces.Put(eni)
	return eni, nil
}

// DeleteLoadBalancerENI removes a load balancer node's interface (and
// releases its Elastic IP association) inside tx. A missing interface is
// ignored.
func DeleteLoadBalancerENI(tx *store.Tx, id string) {
	if n, ok := tx.NetworkInterfaces.Get(id); ok {
		deleteENI(tx, n)
	}
}

// SetLoadBalancerENIGroups replaces the security groups of a load balancer
// node's interface inside tx (SetSecurityGroups).
func SetLoadBalancerENIGroups(tx *store.Tx, id string, groups []string) {
	if n, ok := tx.NetworkInterfaces.Get(id); ok {
		c := model.Clone(n)
		c.SecurityGroupIDs = append([]string(nil), groups...)
		tx.NetworkInterfaces.Put(c)
	}
}

// errMessage returns an AWS error's message, or err's text.
func errMessage(err error) string {
	if e, ok := awserr.As(err); ok {
		return e.Message
	}
	return err.Error()
}

// SetLoadBalancerENIIPv6 gives a load balancer node's interface an address
// of its subnet's IPv6 block, or takes its IPv6 addresses away, inside tx
// (SetIpAddressType).
func SetLoadBalancerENIIPv6(tx *store.Tx, id string, on bool) error {
	n, ok := tx.NetworkInterfaces.Get(id)
	if !ok || (on && len(n.Ipv6Addresses) > 0) || (!on && len(n.Ipv6Addresses) == 0) {
		return nil
	}
	c := model.Clone(n)
	if !on {
		c.Ipv6Addresses = nil
		tx.NetworkInterfaces.Put(c)
		return nil
	}
	sn, ok := tx.Subnets.Get(n.SubnetID)
	if !ok {
		return awserr.New("InvalidSubnet", "Subnet %s not found.", n.SubnetID)
	}
	a, err := allocateIPv6(tx, sn, nil)
	if err != nil {
		return awserr.New("InvalidSubnet", "Subnet %s does not have an IPv6 CIDR block.", sn.ID)
	}
	c.Ipv6Addresses = []netip.Addr{a}
	tx.NetworkInterfaces.Put(c)
	return nil
}
