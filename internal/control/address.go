package control

import (
	"context"
	"net/netip"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Elastic IP semantics [VPC-UG vpc-eips.md; EC2 API AllocateAddress,
// AssociateAddress, DisassociateAddress, ReleaseAddress]:
//   - an address is allocated to an account-region (domain vpc, pool
//     "amazon", network border group = the region) until released;
//   - it is associated with one private IPv4 address of one network
//     interface at a time (an instance means its primary interface); the
//     interface's VPC needs an attached internet gateway;
//   - associating an address with a private IP that has another Elastic IP
//     disassociates that one; an auto-assigned public IP is released for good;
//   - moving an associated address needs AllowReassociation;
//   - an associated address cannot be released (InvalidIPAddress.InUse),
//     except in the default VPC, where releasing disassociates it;
//   - addresses managed by a NAT gateway cannot be moved, disassociated or
//     released by the caller (AuthFailure).

// defaultAddressesPerRegion is AWS's adjustable default EIP quota
// [VPC-UG amazon-vpc-limits.md "Elastic IP addresses"].
const defaultAddressesPerRegion = 5

// publicIPv4Pool is where vpcsim takes Amazon-provided public IPv4
// addresses (Elastic IPs and auto-assigned public IPs) from: a real Amazon
// range (us-east-1's 44.192.0.0/11), disjoint from RFC 1918, CGNAT,
// link-local, loopback, multicast, documentation ranges and the AWS-managed
// prefix lists. Addresses are unique across all accounts and regions.
var publicIPv4Pool = netip.MustParsePrefix("44.192.0.0/11")

// amazonPool is the PublicIpv4Pool name of Amazon-provided addresses.
const amazonPool = "amazon"

func errAuthFailure() error {
	return awserr.New("AuthFailure", "You do not have permission to access the specified resource.")
}

// usedPublicIPv4 returns every public IPv4 address in use anywhere: Elastic
// IPs, public IPs of network interfaces, NAT gateways' addresses.
func usedPublicIPv4(w *store.World) map[netip.Addr]bool {
	used := map[netip.Addr]bool{}
	w.Addresses.All(func(a *model.Address) bool {
		used[a.PublicIP] = true
		return true
	})
	w.NetworkInterfaces.All(func(n *model.NetworkInterface) bool {
		for _, p := range n.PrivateIPs {
			if p.PublicIP.IsValid() {
				used[p.PublicIP] = true
			}
		}
		return true
	})
	w.NatGateways.All(func(g *model.NatGateway) bool {
		if g.PublicIP.IsValid() {
			used[g.PublicIP] = true
		}
		return true
	})
	return used
}

// allocatePublicIPv4 picks a free public IPv4 address from Amazon's pool.
// Callers that auto-assign public IPs to instances use it as well.
func allocatePublicIPv4(tx *store.Tx) (netip.Addr, error) {
	used := usedPublicIPv4(tx.World)
	size := prefixSize(publicIPv4Pool)
	for range 256 {
		h, err := strconv.ParseUint(tx.NewHex(8), 16, 64)
		if err != nil {
			continue
		}
		a := nthAddr(publicIPv4Pool, h%size)
		if last := a.As4()[3]; last == 0 || last == 255 || used[a] {
			continue
		}
		return a, nil
	}
	return netip.Addr{}, awserr.New("InsufficientAddressCapacity", "Insufficient capacity in the public IPv4 address pool.")
}

// inPublicPool reports whether a is an address vpcsim hands out.
func inPublicPool(a netip.Addr) bool {
	if !a.Is4() || !publicIPv4Pool.Contains(a) {
		return false
	}
	b := a.As4()
	return b[3] != 0 && b[3] != 255
}

// AllocateAddressInput is what AllocateAddress accepts.
type AllocateAddressInput struct {
	Domain             string // "" or vpc
	Address            string // a specific address to recover
	PublicIpv4Pool     string // "" or amazon
	NetworkBorderGroup string // "" or the region
	Tags               map[string]string
}

// AllocateAddress allocates an Elastic IP address to the account-region.
func (s *Service) AllocateAddress(ctx context.Context, scope model.Scope, in AllocateAddressInput) (*model.Address, error) {
	switch in.Domain {
	case "", "vpc":
	default:
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter domain is invalid. Only 'vpc' is supported.", in.Domain)
	}
	switch in.PublicIpv4Pool {
	case "", amazonPool:
	default:
		return nil, awserr.New("InvalidPublicIpv4PoolID.NotFound", "The publicIpv4Pool ID '%s' does not exist", in.PublicIpv4Pool)
	}
	if in.NetworkBorderGroup != "" && in.NetworkBorderGroup != scope.Region {
		return nil, awserr.InvalidParameterValue("Invalid network border group '%s' for region %s.", in.NetworkBorderGroup, scope.Region)
	}
	var want netip.Addr
	if in.Address != "" {
		a, err := netip.ParseAddr(in.Address)
		if err != nil || !a.Is4() {
			return nil, awserr.InvalidParameterValue("Value (%s) for parameter address is invalid. Not a valid IPv4 address.", in.Address)
		}
		want = a
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.Address
	err := s.update(ctx, func(tx *store.Tx) error {
		if s.opts.AWSQuotas && countInScope(tx.Addresses, scope) >= defaultAddressesPerRegion {
			return awserr.New("AddressLimitExceeded", "The maximum number of addresses has been reached.")
		}
		ip := want
		if ip.IsValid() {
			if !inPublicPool(ip) || usedPublicIPv4(tx.World)[ip] {
				return awserr.New("InvalidAddress.NotFound", "Address '%s' not found.", ip)
			}
		} else {
			var err error
			if ip, err = allocatePublicIPv4(tx); err != nil {
				return err
			}
		}
		a := &model.Address{
			Meta:               newMeta(tx, scope, tx.NewID("eipalloc"), in.Tags),
			PublicIP:           ip,
			Domain:             "vpc",
			NetworkBorderGroup: scope.Region,
			PublicIpv4Pool:     amazonPool,
		}
		tx.Addresses.Put(a)
		out = a
		return nil
	})
	return out, err
}

// GetAddress returns an Elastic IP by allocation id.
func GetAddress(w *store.World, scope model.Scope, allocationID string) (*model.Address, error) {
	if allocationID == "" {
		return nil, awserr.MissingParameter("AllocationId")
	}
	return find(kindEIP, w.Addresses, scope, allocationID)
}

// AddressByPublicIP returns the Elastic IP of scope with the given public
// address, or InvalidAddress.NotFound.
func AddressByPublicIP(w *store.World, scope model.Scope, ip string) (*model.Address, error) {
	var out *model.Address
	if a, err := netip.ParseAddr(ip); err == nil {
		w.Addresses.All(func(v *model.Address) bool {
			if v.InScope(scope) && v.PublicIP == a {
				out = v
			}
			return out == nil
		})
	}
	if out == nil {
		return nil, awserr.New("InvalidAddress.NotFound", "Address '%s' not found.", ip)
	}
	return out, nil
}

// resolveAddress finds the address named by allocation id or, for the
// deprecated form, by public IP.
func resolveAddress(w *store.World, scope model.Scope, allocationID, publicIP string) (*model.Address, error) {
	if allocationID != "" {
		return find(kindEIP, w.Addresses, scope, allocationID)
	}
	if publicIP == "" {
		return nil, awserr.MissingParameter("AllocationId")
	}
	a, err := AddressByPublicIP(w, scope, publicIP)
	if err != nil {
		return nil, awserr.New("AuthFailure", "The address '%s' does not belong to you.", publicIP)
	}
	return a, nil
}

// natManaged reports whether the address is associated with a NAT
// gateway's (requester-managed) interface.
func natManaged(w *store.World, a *model.Address) bool {
	if a.NetworkInterfaceID == "" {
		return false
	}
	n, ok := w.NetworkInterfaces.Get(a.NetworkInterfaceID)
	return ok && n.RequesterManaged
}

// ReleaseAddress releases an Elastic IP address
// [EC2 API ReleaseAddress; VPC-UG vpc-eips.md "Release an Elastic IP address"].
func (s *Service) ReleaseAddress(ctx context.Context, scope model.Scope, allocationID, publicIP, networkBorderGroup string) error {
	if allocationID == "" && publicIP == "" {
		return awserr.MissingParameter("AllocationId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		a, err := resolveAddress(tx.World, scope, allocationID, publicIP)
		if err != nil {
			return err
		}
		if networkBorderGroup != "" && networkBorderGroup != a.NetworkBorderGroup {
			return awserr.New("InvalidAddress.NotFound", "Address '%s' not found.", a.PublicIP)
		}
		if a.AssociationID != "" {
			if natManaged(tx.World, a) {
				return errAuthFailure()
			}
			// [Default VPC] releasing disassociates; [Nondefault VPC] it is an error.
			if !addressInDefaultVpc(tx.World, a) {
				return awserr.New("InvalidIPAddress.InUse", "Address %s is in use.", a.PublicIP)
			}
			disassociate(tx, a)
		}
		tx.Addresses.Delete(a.ID)
		return nil
	})
}

// addressInDefaultVpc reports whether an associated address's interface is
// in a default VPC.
func addressInDefaultVpc(w *store.World, a *model.Address) bool {
	n, ok := w.NetworkInterfaces.Get(a.NetworkInterfaceID)
	if !ok {
		return true // dangling: nothing to protect
	}
	v, ok := w.VPCs.Get(n.VpcID)
	return !ok || v.IsDefault
}

// AssociateAddressInput is what AssociateAddress accepts.
type AssociateAddressInput struct {
	AllocationID       string
	PublicIP           string // deprecated alternative to AllocationID
	InstanceID         string
	NetworkInterfaceID string
	PrivateIPAddress   string
	AllowReassociation bool
}

// AssociateAddress associates an Elastic IP with an instance's primary
// interface or with a network interface, and returns the association id.
func (s *Service) AssociateAddress(ctx context.Context, scope model.Scope, in AssociateAddressInput) (string, error) {
	if in.AllocationID == "" && in.PublicIP == "" {
		return "", awserr.MissingParameter("AllocationId")
	}
	if in.InstanceID == "" && in.NetworkInterfaceID == "" {
		return "", awserr.MissingParameter("InstanceId")
	}
	if in.InstanceID != "" && in.NetworkInterfaceID != "" {
		return "", awserr.InvalidParameterCombination("You can specify either an instance ID or a network interface ID, but not both.")
	}
	var privIP netip.Addr
	if in.PrivateIPAddress != "" {
		p, err := netip.ParseAddr(in.PrivateIPAddress)
		if err != nil || !p.Is4() {
			return "", awserr.InvalidParameterValue("Value (%s) for parameter privateIpAddress is invalid. Not a valid IPv4 address.", in.PrivateIPAddress)
		}
		privIP = p
	}
	var assocID string
	err := s.update(ctx, func(tx *store.Tx) error {
		a, err := resolveAddress(tx.World, scope, in.AllocationID, in.PublicIP)
		if err != nil {
			return err
		}
		if natManaged(tx.World, a) {
			return errAuthFailure()
		}
		eni, err := associationTarget(tx.World, scope, in.InstanceID, in.NetworkInterfaceID)
		if err != nil {
			return err
		}
		if !vpcHasInternetGateway(tx.World, eni.VpcID) {
			return awserr.New("Gateway.NotAttached", "Network %s is not attached to any internet gateway", eni.VpcID)
		}
		if !privIP.IsValid() {
			privIP = eni.PrimaryIP()
		}
		idx := -1
		for i, p := range eni.PrivateIPs {
			if p.Address == privIP {
				idx = i
			}
		}
		if idx < 0 {
			return awserr.InvalidParameterValue("The private IP address %s is not associated with the network interface %s.", privIP, eni.ID)
		}
		if a.AssociationID != "" {
			if a.NetworkInterfaceID == eni.ID && a.PrivateIP == privIP {
				assocID = a.AssociationID // idempotent
				return nil
			}
			if !in.AllowReassociation {
				return awserr.New("Resource.AlreadyAssociated", "resource %s is already associated with associate-id %s", a.ID, a.AssociationID)
			}
			a = disassociate(tx, a)
			eni, _ = tx.NetworkInterfaces.Get(eni.ID) // may have changed
		}
		// An Elastic IP already on the target address is disassociated but
		// stays allocated; an auto-assigned public IP is released.
		if other := eni.PrivateIPs[idx].AllocationID; other != "" {
			if o, ok := tx.Addresses.Get(other); ok {
				disassociate(tx, o)
				eni, _ = tx.NetworkInterfaces.Get(eni.ID)
			}
		}
		assocID = tx.NewID("eipassoc")
		c := model.Clone(eni)
		c.PrivateIPs[idx].PublicIP = a.PublicIP
		c.PrivateIPs[idx].AllocationID = a.ID
		c.PrivateIPs[idx].AssociationID = assocID
		tx.NetworkInterfaces.Put(c)
		ac := model.Clone(a)
		ac.AssociationID = assocID
		ac.NetworkInterfaceID = eni.ID
		ac.PrivateIP = privIP
		ac.InstanceID = ""
		if eni.Attachment != nil {
			ac.InstanceID = eni.Attachment.InstanceID
		}
		tx.Addresses.Put(ac)
		return nil
	})
	return assocID, err
}

// associationTarget resolves the network interface an address goes to.
func associationTarget(w *store.World, scope model.Scope, instanceID, eniID string) (*model.NetworkInterface, error) {
	if eniID != "" {
		n, err := find(kindENI, w.NetworkInterfaces, scope, eniID)
		if err != nil {
			return nil, err
		}
		if n.RequesterManaged {
			return nil, errAuthFailure()
		}
		return n, nil
	}
	in, err := find(kindInstance, w.Instances, scope, instanceID)
	if err != nil {
		return nil, err
	}
	switch in.State {
	case "running", "stopped", "stopping":
	case "pending":
		return nil, awserr.New("InvalidInstanceID", "The pending instance '%s' is not in a valid state for this operation.", in.ID)
	default:
		return nil, awserr.New("IncorrectInstanceState", "The instance '%s' is not in a valid state for this operation.", in.ID)
	}
	attached := 0
	w.Subnets.ByParent(in.VpcID, func(sn *model.Subnet) bool {
		w.NetworkInterfaces.ByParent(sn.ID, func(n *model.NetworkInterface) bool {
			if n.Attachment != nil && n.Attachment.InstanceID == in.ID {
				attached++
			}
			return true
		})
		return true
	})
	if attached > 1 {
		return nil, awserr.New("InvalidInstanceID", "There are multiple interfaces attached to instance '%s'. Please specify an interface ID for the operation instead.", in.ID)
	}
	n, ok := w.NetworkInterfaces.Get(in.PrimaryENI)
	if !ok {
		return nil, awserr.New("IncorrectInstanceState", "The instance '%s' is not in a valid state for this operation.", in.ID)
	}
	return n, nil
}

// disassociate removes an address's association from its interface and
// from the address, and returns the updated address. An auto-assigned
// public IP that the association replaced is not given back.
func disassociate(tx *store.Tx, a *model.Address) *model.Address {
	if n, ok := tx.NetworkInterfaces.Get(a.NetworkInterfaceID); ok {
		c := model.Clone(n)
		changed := false
		for i := range c.PrivateIPs {
			if c.PrivateIPs[i].AllocationID == a.ID {
				c.PrivateIPs[i].PublicIP = netip.Addr{}
				c.PrivateIPs[i].AllocationID = ""
				c.PrivateIPs[i].AssociationID = ""
				changed = true
			}
		}
		if changed {
			tx.NetworkInterfaces.Put(c)
		}
	}
	ac := model.Clone(a)
	ac.AssociationID = ""
	ac.NetworkInterfaceID = ""
	ac.PrivateIP = netip.Addr{}
	ac.InstanceID = ""
	tx.Addresses.Put(ac)
	return ac
}

// DisassociateAddress removes an Elastic IP's association. It is idempotent
// for an address that is not associated.
func (s *Service) DisassociateAddress(ctx context.Context, scope model.Scope, associationID, publicIP string) error {
	if associationID == "" && publicIP == "" {
		return awserr.MissingParameter("AssociationId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		var a *model.Address
		if associationID != "" {
			tx.Addresses.All(func(v *model.Address) bool {
				if v.InScope(scope) && v.AssociationID == associationID {
					a = v
				}
				return a == nil
			})
			if a == nil {
				return awserr.New("InvalidAssociationID.NotFound", "The association ID '%s' does not exist", associationID)
			}
		} else {
			var err error
			if a, err = resolveAddress(tx.World, scope, "", publicIP); err != nil {
				return err
			}
			if a.AssociationID == "" {
				return nil
			}
		}
		if natManaged(tx.World, a) {
			return errAuthFailure()
		}
		instanceID := a.InstanceID
		disassociate(tx, a)
		return reassignPublicIP(tx, instanceID)
	})
}

// reassignPublicIP gives an instance whose Elastic IP was just
// disassociated from eth0 a new auto-assigned public IPv4 address when it
// was launched with one and is running [amazon-vpc-user-guide/vpc-eips.md:
// "If you disassociate the Elastic IP address, the eth0 network interface
// is automatically assigned a new public IPv4 address within a few
// minutes. This doesn't apply if you've attached a second network
// interface to your instance"]. A stopped instance gets one when it starts.
func reassignPublicIP(tx *store.Tx, instanceID string) error {
	if instanceID == "" {
		return nil
	}
	inst, ok := tx.Instances.Get(instanceID)
	if !ok || (inst.State != "running" && inst.State != "pending") {
		return nil
	}
	return assignAutoPublicIP(tx, inst)
}

// DisassociateAddressesOfInterface disassociates every Elastic IP from a
// network interface that is being deleted (instance termination, ENI or
// NAT gateway deletion). Call it inside the deleting transaction.
func DisassociateAddressesOfInterface(tx *store.Tx, eniID string) {
	n, ok := tx.NetworkInterfaces.Get(eniID)
	if !ok {
		return
	}
	for _, p := range n.PrivateIPs {
		if p.AllocationID == "" {
			continue
		}
		if a, ok := tx.Addresses.Get(p.AllocationID); ok && a.NetworkInterfaceID == eniID {
			disassociate(tx, a)
		}
	}
}

// RefreshAddressInstance records the instance an interface is attached to
// (or none) on the Elastic IPs associated with it; call it after attaching
// or detaching an interface.
func RefreshAddressInstance(tx *store.Tx, eniID string) {
	n, ok := tx.NetworkInterfaces.Get(eniID)
	if !ok {
		return
	}
	inst := ""
	if n.Attachment != nil {
		inst = n.Attachment.InstanceID
	}
	for _, p := range n.PrivateIPs {
		if p.AllocationID == "" {
			continue
		}
		if a, ok := tx.Addresses.Get(p.AllocationID); ok && a.InstanceID != inst {
			c := model.Clone(a)
			c.InstanceID = inst
			tx.Addresses.Put(c)
		}
	}
}

// AddressAttrDomainName is the one attribute DescribeAddressesAttribute serves.
const AddressAttrDomainName = "domain-name"

// AddressInstance returns the instance an address's interface is attached
// to, read from the interface so that it follows attach and detach.
func AddressInstance(w *store.World, a *model.Address) string {
	if a.NetworkInterfaceID == "" {
		return ""
	}
	if n, ok := w.NetworkInterfaces.Get(a.NetworkInterfaceID); ok {
		if n.Attachment != nil {
			return n.Attachment.InstanceID
		}
		return ""
	}
	return a.InstanceID
}
