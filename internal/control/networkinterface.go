package control

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Security groups per network interface: 5 by default, adjustable up to 16
// [VPC-UG amazon-vpc-limits.md "Security groups"]. The default is an
// adjustable quota (enforced with AWSQuotas); 16 is the hard ceiling.
const (
	defaultSGsPerENI = 5
	maxSGsPerENI     = 16
)

// PrivateIPSpec is one requested private IPv4 address (PrivateIpAddresses.N).
type PrivateIPSpec struct {
	Address string
	Primary bool
}

// ENISpec describes the addresses and groups of a new network interface, as
// CreateNetworkInterface and RunInstances' NetworkInterface.N take them.
type ENISpec struct {
	SubnetID         string
	Description      string
	PrivateIPAddress string
	PrivateIPs       []PrivateIPSpec
	SecondaryCount   *int32
	Ipv6Addresses    []string
	Ipv6Count        *int32
	Groups           []string
	InterfaceType    string
	Tags             map[string]string
}

// CreateNetworkInterface creates an ENI in a subnet.
func (s *Service) CreateNetworkInterface(ctx context.Context, scope model.Scope, in ENISpec) (*model.NetworkInterface, error) {
	if in.SubnetID == "" {
		return nil, awserr.MissingParameter("SubnetId")
	}
	switch in.InterfaceType {
	case "", "interface":
	case "efa", "efa-only", "trunk":
		// Accepted by EC2; vpcsim treats them as ordinary interfaces.
	default:
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter interfaceType is invalid. Allowed values are ('efa', 'efa-only', 'trunk').", in.InterfaceType)
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.NetworkInterface
	err := s.update(ctx, func(tx *store.Tx) error {
		sn, err := find(kindSubnet, tx.Subnets, scope, in.SubnetID)
		if err != nil {
			return err
		}
		n, err := s.newENI(tx, scope, sn, in, nil)
		if err != nil {
			return err
		}
		tx.NetworkInterfaces.Put(n)
		out = n
		return nil
	})
	return out, err
}

// ipLimits are the per-interface address limits of an instance type; zero
// means unlimited (an unattached interface).
type ipLimits struct {
	ipv4 int
	ipv6 int
}

// newENI builds (but does not store) a network interface in sn per spec,
// allocating its addresses. exclude holds addresses already taken earlier
// in the same transaction by interfaces not yet stored.
func (s *Service) newENI(tx *store.Tx, scope model.Scope, sn *model.Subnet, in ENISpec, lim *ipLimits) (*model.NetworkInterface, error) {
	groups, err := s.resolveENIGroups(tx, scope, sn, in.Groups)
	if err != nil {
		return nil, err
	}
	// An interface in an IPv6-only subnet has IPv6 addresses only
	// (subnet_ipv6only.go).
	if err := checkIPv6OnlyENI(sn, in); err != nil {
		return nil, err
	}
	var ips []model.PrivateIP
	if !sn.Ipv6Native {
		if ips, err = planPrivateIPs(tx.World, sn, in); err != nil {
			return nil, err
		}
	}
	if lim != nil && lim.ipv4 > 0 && len(ips) > lim.ipv4 {
		return nil, privateIPLimit()
	}
	v6, err := planIPv6(tx, sn, in.Ipv6Addresses, in.Ipv6Count, nil, in.Ipv6Count == nil && len(in.Ipv6Addresses) == 0 && sn.AssignIpv6AddressOnCreation)
	if err != nil {
		return nil, err
	}
	if lim != nil && lim.ipv6 >= 0 && len(v6) > lim.ipv6 && len(v6) > 0 {
		return nil, awserr.InvalidParameterValue("Number of IPv6 addresses (%d) exceeds the limit of %d per network interface for this instance type.", len(v6), lim.ipv6)
	}
	typ := in.InterfaceType
	if typ == "" {
		typ = "interface"
	}
	n := &model.NetworkInterface{
		Meta:             newMeta(tx, scope, tx.NewID("eni"), in.Tags),
		SubnetID:         sn.ID,
		VpcID:            sn.VpcID,
		AvailabilityZone: sn.AvailabilityZone,
		Description:      in.Description,
		InterfaceType:    typ,
		MacAddress:       eniMAC(tx),
		PrivateIPs:       ips,
		Ipv6Addresses:    v6,
		SecurityGroupIDs: groups,
		SourceDestCheck:  true,
		Status:           "available",
	}
	return n, nil
}

// eniMAC returns a locally administered MAC address as EC2 assigns them.
func eniMAC(tx *store.Tx) string {
	h := tx.NewHex(10)
	return fmt.Sprintf("02:%s:%s:%s:%s:%s", h[0:2], h[2:4], h[4:6], h[6:8], h[8:10])
}

func privateIPLimit() error {
	return awserr.New("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.")
}

// resolveENIGroups validates security group ids for an interface in sn,
// defaulting to the VPC's default group.
func (s *Service) resolveENIGroups(tx *store.Tx, scope model.Scope, sn *model.Subnet, ids []string) ([]string, error) {
	if len(ids) == 0 {
		for _, g := range tx.SecurityGroups.Children(sn.VpcID) {
			if g.IsDefault() {
				return []string{g.ID}, nil
			}
		}
		return nil, nil
	}
	return s.checkGroupsForVpc(tx.World, scope, sn.VpcID, sn.ID, ids)
}

// checkGroupsForVpc validates an explicit security group list: each must
// exist and belong to vpcID; at most 5 (16) per interface.
func (s *Service) checkGroupsForVpc(w *store.World, scope model.Scope, vpcID, subnetID string, ids []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		g, err := find(kindSG, w.SecurityGroups, scope, id)
		if err != nil {
			return nil, err
		}
		if g.VpcID != vpcID {
			if subnetID != "" {
				return nil, awserr.InvalidParameter("Security group %s and subnet %s belong to different networks.", id, subnetID)
			}
			return nil, awserr.InvalidParameter("Security group %s does not belong to VPC %s.", id, vpcID)
		}
		out = append(out, id)
	}
	limit := maxSGsPerENI
	if s.opts.AWSQuotas {
		limit = defaultSGsPerENI
	}
	if len(out) > limit {
		return nil, awserr.New("SecurityGroupsPerInterfaceLimitExceeded", "The maximum number of security groups per interface has been reached.")
	}
	return out, nil
}

// planPrivateIPs chooses the private IPv4 addresses of a new interface:
// the primary (PrivateIpAddress, the entry flagged Primary, or the first
// listed, else allocated), the listed secondaries, then
// SecondaryPrivateIpAddressCount allocated ones.
func planPrivateIPs(w *store.World, sn *model.Subnet, in ENISpec) ([]model.PrivateIP, error) {
	var primary netip.Addr
	var secondaries []netip.Addr
	if in.PrivateIPAddress != "" {
		a, err := parseIPv4(in.PrivateIPAddress, "PrivateIpAddress")
		if err != nil {
			return nil, err
		}
		primary = a
	}
	nPrimary := 0
	for _, p := range in.PrivateIPs {
		if p.Address == "" {
			return nil, awserr.MissingParameter("PrivateIpAddresses.PrivateIpAddress")
		}
		a, err := parseIPv4(p.Address, "PrivateIpAddresses")
		if err != nil {
			return nil, err
		}
		if p.Primary {
			nPrimary++
			if nPrimary > 1 {
				return nil, awserr.InvalidParameterValue("Multiple primary addresses specified.")
			}
			if primary.IsValid() && primary != a {
				return nil, awserr.InvalidParameterCombination("Primary IP address specified in both PrivateIpAddress and PrivateIpAddresses do not match.")
			}
			primary = a
			continue
		}
		if a == primary {
			continue
		}
		secondaries = append(secondaries, a)
	}
	if !primary.IsValid() && len(secondaries) > 0 {
		primary, secondaries = secondaries[0], secondaries[1:]
	}
	if in.SecondaryCount != nil && *in.SecondaryCount < 0 {
		return nil, awserr.InvalidParameterValue("Value (%d) for parameter secondaryPrivateIpAddressCount is invalid.", *in.SecondaryCount)
	}
	if in.SecondaryCount != nil && *in.SecondaryCount > 0 && len(secondaries) > 0 {
		return nil, awserr.InvalidParameterCombination("Specifying both SecondaryPrivateIpAddressCount and a list of secondary PrivateIpAddresses is not supported.")
	}
	picked := map[netip.Addr]bool{}
	var out []model.PrivateIP
	take := func(a netip.Addr, isPrimary bool) error {
		if picked[a] {
			return awserr.InvalidParameterValue("Address %s is specified more than once.", a)
		}
		if err := checkPrivateIPv4(w, sn, a); err != nil {
			return err
		}
		picked[a] = true
		out = append(out, model.PrivateIP{Address: a, Primary: isPrimary})
		return nil
	}
	if primary.IsValid() {
		if err := take(primary, true); err != nil {
			return nil, err
		}
	} else {
		a, err := allocatePrivateIPv4(w, sn, picked)
		if err != nil {
			return nil, err
		}
		picked[a] = true
		out = append(out, model.PrivateIP{Address: a, Primary: true})
	}
	for _, a := range secondaries {
		if err := take(a, false); err != nil {
			return nil, err
		}
	}
	if in.SecondaryCount != nil {
		for i := int32(0); i < *in.SecondaryCount; i++ {
			a, err := allocatePrivateIPv4(w, sn, picked)
			if err != nil {
				return nil, err
			}
			picked[a] = true
			out = append(out, model.PrivateIP{Address: a})
		}
	}
	return out, nil
}

func parseIPv4(s, param string) (netip.Addr, error) {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil || !a.Is4() {
		return netip.Addr{}, awserr.InvalidParameterValue("Value (%s) for parameter %s is invalid. Invalid IPv4 address.", s, param)
	}
	return a, nil
}

// planIPv6 chooses IPv6 addresses in sn: the listed ones (inside the
// subnet's /64, not reserved, not in use) or count allocated ones; auto
// allocates one when the subnet assigns IPv6 on creation.
func planIPv6(tx *store.Tx, sn *model.Subnet, addrs []string, count *int32, have []netip.Addr, auto bool) ([]netip.Addr, error) {
	if len(addrs) > 0 && count != nil && *count > 0 {
		return nil, awserr.InvalidParameterCombination("Ipv6AddressCount and Ipv6Addresses cannot both be specified.")
	}
	var out []netip.Addr
	picked := map[netip.Addr]bool{}
	for _, a := range have {
		picked[a] = true
	}
	if len(addrs) > 0 {
		p, ok := sn.Ipv6CidrBlock()
		if !ok {
			return nil, awserr.InvalidParameterValue("Subnet %s does not have an IPv6 CIDR block.", sn.ID)
		}
		used := usedIPv6(tx.World, sn.ID)
		for _, s := range addrs {
			a, err := netip.ParseAddr(strings.TrimSpace(s))
			if err != nil || !a.Is6() || a.Is4In6() {
				return nil, awserr.InvalidParameterValue("Value (%s) for parameter ipv6Addresses is invalid. Invalid IPv6 address.", s)
			}
			if !p.Contains(a) {
				return nil, awserr.InvalidParameterValue("Address %s does not fall within the subnet's address range", a)
			}
			if nthAddrLE(p, a, 4) || a == lastAddr(p) {
				return nil, awserr.InvalidParameterValue("Address %s is in subnet's reserved address range", a)
			}
			if used[a] || picked[a] {
				return nil, awserr.New("InvalidIPAddress.InUse", "Address %s is in use.", a)
			}
			picked[a] = true
			out = append(out, a)
		}
		return out, nil
	}
	n := 0
	if count != nil {
		if *count < 0 {
			return nil, awserr.InvalidParameterValue("Value (%d) for parameter ipv6AddressCount is invalid.", *count)
		}
		n = int(*count)
	} else if auto {
		n = 1
	}
	for i := 0; i < n; i++ {
		a, err := allocateIPv6(tx, sn, picked)
		if err != nil {
			return nil, err
		}
		picked[a] = true
		out = append(out, a)
	}
	return out, nil
}

// lastAddr returns the last address of p.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().As16()
	bits := p.Bits()
	if p.Addr().Is4() {
		bits += 96
	}
	for i := bits; i < 128; i++ {
		b[i/8] |= 1 << (7 - uint(i%8))
	}
	a := netip.AddrFrom16(b)
	if p.Addr().Is4() {
		a = a.Unmap()
	}
	return a
}

// GetNetworkInterface returns an ENI in scope.
func GetNetworkInterface(w *store.World, scope model.Scope, id string) (*model.NetworkInterface, error) {
	if id == "" {
		return nil, awserr.MissingParameter("NetworkInterfaceId")
	}
	return find(kindENI, w.NetworkInterfaces, scope, id)
}

// DeleteNetworkInterface deletes a detached, user-managed ENI.
func (s *Service) DeleteNetworkInterface(ctx context.Context, scope model.Scope, id string) error {
	if id == "" {
		return awserr.MissingParameter("NetworkInterfaceId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		n, err := find(kindENI, tx.NetworkInterfaces, scope, id)
		if err != nil {
			return err
		}
		if n.Attachment != nil {
			return awserr.New("InvalidNetworkInterface.InUse", "The network interface '%s' is currently in use.", id)
		}
		if n.RequesterManaged {
			return awserr.New("OperationNotPermitted", "You do not have permission to access the specified resource.")
		}
		deleteENI(tx, n)
		return nil
	})
}

// deleteENI removes an ENI and disassociates its Elastic IPs.
func deleteENI(tx *store.Tx, n *model.NetworkInterface) {
	DisassociateAddressesOfInterface(tx, n.ID)
	tx.NetworkInterfaces.Delete(n.ID)
}

// findAttachment returns the ENI with the given attachment id.
func findAttachment(w *store.World, scope model.Scope, attachmentID string) (*model.NetworkInterface, bool) {
	var out *model.NetworkInterface
	w.NetworkInterfaces.All(func(n *model.NetworkInterface) bool {
		if n.Attachment != nil && n.Attachment.ID == attachmentID && n.InScope(scope) {
			out = n
			return false
		}
		return true
	})
	return out, out != nil
}

// instanceENIs returns the interfaces attached to an instance, by device index.
func instanceENIs(w *store.World, inst *model.Instance) []*model.NetworkInterface {
	var out []*model.NetworkInterface
	w.NetworkInterfaces.All(func(n *model.NetworkInterface) bool {
		if n.Attachment != nil && n.Attachment.InstanceID == inst.ID {
			out = append(out, n)
		}
		return true
	})
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Attachment.DeviceIndex < out[j-1].Attachment.DeviceIndex; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// InstanceENIs returns the interfaces attached to an instance, by device index.
func InstanceENIs(w *store.World, inst *model.Instance) []*model.NetworkInterface {
	return instanceENIs(w, inst)
}

// AttachNetworkInterface attaches an ENI to an instance at a device index.
func (s *Service) AttachNetworkInterface(ctx context.Context, scope model.Scope, eniID, instanceID string, deviceIndex *int32) (string, error) {
	if eniID == "" {
		return "", awserr.MissingParameter("NetworkInterfaceId")
	}
	if instanceID == "" {
		return "", awserr.MissingParameter("InstanceId")
	}
	if deviceIndex == nil {
		return "", awserr.MissingParameter("DeviceIndex")
	}
	if *deviceIndex < 0 {
		return "", awserr.InvalidParameterValue("Value (%d) for parameter deviceIndex is invalid.", *deviceIndex)
	}
	var attID string
	err := s.update(ctx, func(tx *store.Tx) error {
		n, err := find(kindENI, tx.NetworkInterfaces, scope, eniID)
		if err != nil {
			return err
		}
		inst, err := find(kindInstance, tx.Instances, scope, instanceID)
		if err != nil {
			return err
		}
		if inst.State != "running" && inst.State != "stopped" && inst.State != "pending" {
			return awserr.New("IncorrectInstanceState", "The instance '%s' is not in a valid state for this operation.", instanceID)
		}
		if n.Attachment != nil {
			return awserr.New("InvalidNetworkInterface.InUse", "Interface: [%s] in use.", eniID)
		}
		if n.AvailabilityZone != inst.AvailabilityZone {
			return awserr.InvalidParameterCombination("You may not attach a network interface to an instance if they are not in the same availability zone")
		}
		att := instanceENIs(tx.World, inst)
		for _, a := range att {
			if a.Attachment.DeviceIndex == *deviceIndex {
				return awserr.InvalidParameterValue("Instance '%s' already has an interface attached at device index '%d'.", instanceID, *deviceIndex)
			}
		}
		it := lookupInstanceType(inst.InstanceType)
		if len(att)+1 > int(it.MaxENIs) {
			return awserr.New("AttachmentLimitExceeded", "Interface count %d exceeds the limit for %s", len(att)+1, inst.InstanceType)
		}
		if len(n.PrivateIPs) > int(it.IPv4PerENI) {
			return privateIPLimit()
		}
		c := model.Clone(n)
		attID = tx.NewID("eni-attach")
		c.Attachment = &model.ENIAttachment{ID: attID, InstanceID: inst.ID, InstanceOwnerID: inst.Account, DeviceIndex: *deviceIndex, Status: "attached", AttachTime: tx.Now()}
		c.Detached = nil
		c.Status = "in-use"
		tx.NetworkInterfaces.Put(c)
		RefreshAddressInstance(tx, c.ID)
		return nil
	})
	return attID, err
}

// DetachNetworkInterface detaches an ENI; the primary interface (device 0)
// and requester-managed interfaces cannot be detached.
func (s *Service) DetachNetworkInterface(ctx context.Context, scope model.Scope, attachmentID string, force bool) error {
	if attachmentID == "" {
		return awserr.MissingParameter("AttachmentId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		n, ok := findAttachment(tx.World, scope, attachmentID)
		if !ok {
			if !strings.HasPrefix(attachmentID, "eni-attach-") && !strings.HasPrefix(attachmentID, "ela-attach-") {
				return awserr.New("InvalidAttachmentID.Malformed", "Invalid id: \"%s\" (expecting \"eni-attach-...\")", attachmentID)
			}
			return awserr.New("InvalidAttachmentID.NotFound", "The network interface attachment ID '%s' does not exist", attachmentID)
		}
		if n.RequesterManaged {
			return awserr.New("OperationNotPermitted", "You do not have permission to access the specified resource.")
		}
		if n.Attachment.DeviceIndex == 0 {
			return awserr.New("OperationNotPermitted", "The network interface at device index 0 and networkCard index 0 cannot be detached.")
		}
		c := model.Clone(n)
		detached := *c.Attachment
		detached.Status = "detached"
		detached.DetachTime = tx.Now()
		c.Detached = &detached
		c.Attachment = nil
		c.Status = "available"
		tx.NetworkInterfaces.Put(c)
		RefreshAddressInstance(tx, c.ID)
		return nil
	})
}

// ModifyENIInput changes one attribute of an ENI.
type ModifyENIInput struct {
	NetworkInterfaceID       string
	Description              *string
	SourceDestCheck          *bool
	Groups                   []string
	AttachmentID             string
	DeleteOnTermination      *bool
	AssociatePublicIPAddress *bool
}

// ModifyNetworkInterfaceAttribute changes the description, source/dest
// check, security groups or attachment's delete-on-termination of an ENI.
func (s *Service) ModifyNetworkInterfaceAttribute(ctx context.Context, scope model.Scope, in ModifyENIInput) error {
	if in.NetworkInterfaceID == "" {
		return awserr.MissingParameter("NetworkInterfaceId")
	}
	n := 0
	if in.Description != nil {
		n++
	}
	if in.SourceDestCheck != nil {
		n++
	}
	if len(in.Groups) > 0 {
		n++
	}
	if in.AttachmentID != "" || in.DeleteOnTermination != nil {
		n++
	}
	if in.AssociatePublicIPAddress != nil {
		n++
	}
	if n == 0 {
		return awserr.MissingParameter("Attribute")
	}
	if n > 1 {
		return awserr.InvalidParameterCombination("Fields for multiple attribute types specified: description, sourceDestCheck, groupSet, attachment")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		eni, err := find(kindENI, tx.NetworkInterfaces, scope, in.NetworkInterfaceID)
		if err != nil {
			return err
		}
		c := model.Clone(eni)
		switch {
		case in.Description != nil:
			c.Description = *in.Description
		case in.SourceDestCheck != nil:
			c.SourceDestCheck = *in.SourceDestCheck
		case len(in.Groups) > 0:
			groups, err := s.checkGroupsForVpc(tx.World, scope, c.VpcID, "", in.Groups)
			if err != nil {
				return err
			}
			c.SecurityGroupIDs = groups
		case in.AssociatePublicIPAddress != nil:
			if *in.AssociatePublicIPAddress {
				if len(c.PrivateIPs) > 0 && !c.PrivateIPs[0].PublicIP.IsValid() {
					ip, err := allocatePublicIPv4(tx)
					if err != nil {
						return err
					}
					c.PrivateIPs[0].PublicIP = ip
				}
			} else {
				for i := range c.PrivateIPs {
					if c.PrivateIPs[i].AllocationID == "" {
						c.PrivateIPs[i].PublicIP = netip.Addr{}
					}
				}
			}
		default:
			if in.AttachmentID == "" {
				return awserr.MissingParameter("Attachment.AttachmentId")
			}
			if c.Attachment == nil || c.Attachment.ID != in.AttachmentID {
				return awserr.New("InvalidAttachmentID.NotFound", "The network interface attachment ID '%s' does not exist", in.AttachmentID)
			}
			if in.DeleteOnTermination != nil {
				c.Attachment.DeleteOnTermination = *in.DeleteOnTermination
			}
		}
		tx.NetworkInterfaces.Put(c)
		return nil
	})
}

// ResetNetworkInterfaceAttribute resets sourceDestCheck to true.
func (s *Service) ResetNetworkInterfaceAttribute(ctx context.Context, scope model.Scope, id, attr string) error {
	if id == "" {
		return awserr.MissingParameter("NetworkInterfaceId")
	}
	if attr != "sourceDestCheck" {
		if attr == "" {
			return awserr.MissingParameter("SourceDestCheck")
		}
		return awserr.InvalidParameterValue("Value (%s) for parameter attribute is invalid. Unknown attribute.", attr)
	}
	return s.update(ctx, func(tx *store.Tx) error {
		n, err := find(kindENI, tx.NetworkInterfaces, scope, id)
		if err != nil {
			return err
		}
		c := model.Clone(n)
		c.SourceDestCheck = true
		tx.NetworkInterfaces.Put(c)
		return nil
	})
}

// eniIPLimits returns the address limits of the instance an ENI is attached
// to, or nil when unattached.
func eniIPLimits(w *store.World, n *model.NetworkInterface) *ipLimits {
	if n.Attachment == nil || n.Attachment.InstanceID == "" {
		return nil
	}
	inst, ok := w.Instances.Get(n.Attachment.InstanceID)
	if !ok {
		return nil
	}
	it := lookupInstanceType(inst.InstanceType)
	return &ipLimits{ipv4: int(it.IPv4PerENI), ipv6: int(it.IPv6PerENI)}
}

// AssignPrivateIpAddresses adds secondary private IPv4 addresses to an ENI.
// With allowReassignment, an address held by another ENI in the subnet
// moves to this one.
func (s *Service) AssignPrivateIpAddresses(ctx context.Context, scope model.Scope, eniID string, addrs []string, count *int32, allowReassign bool) ([]netip.Addr, error) {
	if eniID == "" {
		return nil, awserr.MissingParameter("NetworkInterfaceId")
	}
	if len(addrs) == 0 && (count == nil || *count <= 0) {
		return nil, awserr.MissingParameter("PrivateIpAddress or SecondaryPrivateIpAddressCount")
	}
	if len(addrs) > 0 && count != nil && *count > 0 {
		return nil, awserr.InvalidParameterCombination("Specifying both SecondaryPrivateIpAddressCount and a list of secondary PrivateIpAddresses is not supported.")
	}
	var assigned []netip.Addr
	err := s.update(ctx, func(tx *store.Tx) error {
		n, err := find(kindENI, tx.NetworkInterfaces, scope, eniID)
		if err != nil {
			return err
		}
		sn, ok := tx.Subnets.Get(n.SubnetID)
		if !ok {
			return kindSubnet.NotFound(n.SubnetID)
		}
		c := model.Clone(n)
		picked := map[netip.Addr]bool{}
		for _, s := range addrs {
			a, err := parseIPv4(s, "PrivateIpAddress")
			if err != nil {
				return err
			}
			if picked[a] {
				continue
			}
			if hasIPv4(c, a) {
				return awserr.New("InvalidParameterValue", "Address %s is already assigned to %s.", a, eniID)
			}
			err = checkPrivateIPv4(tx.World, sn, a)
			if ae, ok := awserr.As(err); ok && ae.Code == "InvalidIPAddress.InUse" && allowReassign {
				if err := stealIPv4(tx, sn.ID, a); err != nil {
					return err
				}
				err = nil
			}
			if err != nil {
				return err
			}
			picked[a] = true
			assigned = append(assigned, a)
		}
		if count != nil {
			for i := int32(0); i < *count; i++ {
				a, err := allocatePrivateIPv4(tx.World, sn, picked)
				if err != nil {
					return err
				}
				picked[a] = true
				assigned = append(assigned, a)
			}
		}
		for _, a := range assigned {
			c.PrivateIPs = append(c.PrivateIPs, model.PrivateIP{Address: a})
		}
		if lim := eniIPLimits(tx.World, c); lim != nil && len(c.PrivateIPs) > lim.ipv4 {
			return privateIPLimit()
		}
		tx.NetworkInterfaces.Put(c)
		return nil
	})
	return assigned, err
}

func hasIPv4(n *model.NetworkInterface, a netip.Addr) bool {
	for _, p := range n.PrivateIPs {
		if p.Address == a {
			return true
		}
	}
	return false
}

// stealIPv4 removes a secondary address from the ENI holding it in subnet.
func stealIPv4(tx *store.Tx, subnetID string, a netip.Addr) error {
	for _, n := range tx.NetworkInterfaces.Children(subnetID) {
		for i, p := range n.PrivateIPs {
			if p.Address != a {
				continue
			}
			if p.Primary {
				return awserr.New("InvalidIPAddress.InUse", "Address %s is in use.", a)
			}
			c := model.Clone(n)
			c.PrivateIPs = append(c.PrivateIPs[:i:i], c.PrivateIPs[i+1:]...)
			tx.NetworkInterfaces.Put(c)
			return nil
		}
	}
	return nil
}

// UnassignPrivateIpAddresses removes secondary private IPv4 addresses.
func (s *Service) UnassignPrivateIpAddresses(ctx context.Context, scope model.Scope, eniID string, addrs []string) error {
	if eniID == "" {
		return awserr.MissingParameter("NetworkInterfaceId")
	}
	if len(addrs) == 0 {
		return awserr.MissingParameter("PrivateIpAddress")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		n, err := find(kindENI, tx.NetworkInterfaces, scope, eniID)
		if err != nil {
			return err
		}
		c := model.Clone(n)
		for _, s := range addrs {
			a, err := parseIPv4(s, "PrivateIpAddress")
			if err != nil {
				return err
			}
			idx := -1
			for i, p := range c.PrivateIPs {
				if p.Address == a {
					idx = i
				}
			}
			if idx < 0 {
				return awserr.New("InvalidParameterValue", "Some of the specified addresses are not assigned to interface %s", eniID)
			}
			if c.PrivateIPs[idx].Primary {
				return awserr.New("InvalidParameterValue", "The primary IP address of an interface cannot be unassigned.")
			}
			if c.PrivateIPs[idx].AllocationID != "" {
				return awserr.New("InvalidParameterValue", "Address %s is associated with an Elastic IP address; disassociate it first.", a)
			}
			c.PrivateIPs = append(c.PrivateIPs[:idx:idx], c.PrivateIPs[idx+1:]...)
		}
		tx.NetworkInterfaces.Put(c)
		return nil
	})
}

// AssignIpv6Addresses adds IPv6 addresses from the subnet's /64 to an ENI.
func (s *Service) AssignIpv6Addresses(ctx context.Context, scope model.Scope, eniID string, addrs []string, count *int32) ([]netip.Addr, error) {
	if eniID == "" {
		return nil, awserr.MissingParameter("NetworkInterfaceId")
	}
	if len(addrs) == 0 && (count == nil || *count <= 0) {
		return nil, awserr.MissingParameter("Ipv6Addresses or Ipv6AddressCount")
	}
	var assigned []netip.Addr
	err := s.update(ctx, func(tx *store.Tx) error {
		n, err := find(kindENI, tx.NetworkInterfaces, scope, eniID)
		if err != nil {
			return err
		}
		sn, ok := tx.Subnets.Get(n.SubnetID)
		if !ok {
			return kindSubnet.NotFound(n.SubnetID)
		}
		v6, err := planIPv6(tx, sn, addrs, count, n.Ipv6Addresses, false)
		if err != nil {
			return err
		}
		c := model.Clone(n)
		c.Ipv6Addresses = append(c.Ipv6Addresses, v6...)
		if lim := eniIPLimits(tx.World, c); lim != nil && len(c.Ipv6Addresses) > lim.ipv6 {
			return awserr.InvalidParameterValue("Number of IPv6 addresses (%d) exceeds the limit of %d per network interface for this instance type.", len(c.Ipv6Addresses), lim.ipv6)
		}
		tx.NetworkInterfaces.Put(c)
		assigned = v6
		return nil
	})
	return assigned, err
}

// UnassignIpv6Addresses removes IPv6 addresses from an ENI.
func (s *Service) UnassignIpv6Addresses(ctx context.Context, scope model.Scope, eniID string, addrs []string) ([]netip.Addr, error) {
	if eniID == "" {
		return nil, awserr.MissingParameter("NetworkInterfaceId")
	}
	if len(addrs) == 0 {
		return nil, awserr.MissingParameter("Ipv6Addresses")
	}
	var removed []netip.Addr
	err := s.update(ctx, func(tx *store.Tx) error {
		n, err := find(kindENI, tx.NetworkInterfaces, scope, eniID)
		if err != nil {
			return err
		}
		c := model.Clone(n)
		for _, s := range addrs {
			a, err := netip.ParseAddr(strings.TrimSpace(s))
			if err != nil || !a.Is6() {
				return awserr.InvalidParameterValue("Value (%s) for parameter ipv6Addresses is invalid. Invalid IPv6 address.", s)
			}
			idx := -1
			for i, x := range c.Ipv6Addresses {
				if x == a {
					idx = i
				}
			}
			if idx < 0 {
				return awserr.New("InvalidParameterValue", "Some of the specified addresses are not assigned to interface %s", eniID)
			}
			c.Ipv6Addresses = append(c.Ipv6Addresses[:idx:idx], c.Ipv6Addresses[idx+1:]...)
			removed = append(removed, a)
		}
		tx.NetworkInterfaces.Put(c)
		return nil
	})
	return removed, err
}
