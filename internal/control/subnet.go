package control

import (
	"context"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// reservedPerSubnet is the number of addresses AWS keeps in every subnet:
// network, VPC router, DNS, future use, broadcast [VPC-UG subnet-sizing.md].
const reservedPerSubnet = 5

// defaultSubnetsPerVpc is AWS's adjustable default quota [VPC-UG amazon-vpc-limits.md].
const defaultSubnetsPerVpc = 200

type subnetSpec struct {
	cidr                netip.Prefix
	ipv6                netip.Prefix // zero when none
	zone                Zone
	tags                map[string]string
	defaultForAz        bool
	mapPublicIPOnLaunch bool
	ipv6Native          bool // IPv6-only: no cidr (subnet_ipv6only.go)
}

// createSubnet creates a subnet (validated by the caller) with its implicit
// association to the VPC's default network ACL.
func createSubnet(tx *store.Tx, v *model.VPC, spec subnetSpec) *model.Subnet {
	sn := &model.Subnet{
		Meta:                newMeta(tx, v.Scope(), tx.NewID("subnet"), spec.tags),
		VpcID:               v.ID,
		State:               "available",
		AvailabilityZone:    spec.zone.Name,
		AvailabilityZoneID:  spec.zone.ID,
		CidrBlock:           spec.cidr,
		DefaultForAz:        spec.defaultForAz,
		MapPublicIpOnLaunch: spec.mapPublicIPOnLaunch,
		HostnameType:        "ip-name",
	}
	if spec.ipv6.IsValid() {
		sn.Ipv6CidrBlocks = []model.Ipv6CidrAssoc{{AssociationID: tx.NewID("subnet-cidr-assoc"), Prefix: spec.ipv6, State: "associated"}}
	}
	if spec.ipv6Native {
		applyIPv6Only(sn)
	}
	tx.Subnets.Put(sn)
	for _, acl := range tx.NetworkACLs.Children(v.ID) {
		if acl.IsDefault {
			c := model.Clone(acl)
			c.Associations = append(c.Associations, model.NetworkACLAssoc{ID: tx.NewID("aclassoc"), SubnetID: sn.ID})
			tx.NetworkACLs.Put(c)
		}
	}
	return sn
}

// CreateSubnetInput is what CreateSubnet needs. Empty strings are absent.
type CreateSubnetInput struct {
	VpcID              string
	CidrBlock          string
	Ipv6CidrBlock      string
	AvailabilityZone   string
	AvailabilityZoneID string
	Ipv6Native         bool
	Tags               map[string]string
}

// CreateSubnet creates a subnet in a VPC: an IPv4 block of /16 to /28 inside
// one of the VPC's CIDR blocks that overlaps no other subnet of the VPC, an
// optional IPv6 /64 inside the VPC's /56, in one availability zone
// [VPC-UG subnet-sizing.md, configure-subnets.md]; with Ipv6Native, an
// IPv6-only subnet: the /64 and no IPv4 block (subnet_ipv6only.go).
func (s *Service) CreateSubnet(ctx context.Context, scope model.Scope, in CreateSubnetInput) (*model.Subnet, error) {
	if in.VpcID == "" {
		return nil, awserr.MissingParameter("VpcId")
	}
	var cidr netip.Prefix
	var err error
	if in.Ipv6Native {
		if err := checkIPv6OnlyCreate(in); err != nil {
			return nil, err
		}
	} else {
		if in.CidrBlock == "" {
			return nil, awserr.MissingParameter("CidrBlock")
		}
		if cidr, err = parseCIDR(in.CidrBlock, "cidrBlock"); err != nil {
			return nil, err
		}
		if !cidr.Addr().Is4() {
			return nil, awserr.InvalidParameterValue("Value (%s) for parameter cidrBlock is invalid. This is not a valid CIDR block.", in.CidrBlock)
		}
		if cidr.Bits() < 16 || cidr.Bits() > 28 {
			return nil, awserr.New("InvalidSubnet.Range", "The CIDR '%s' is invalid.", in.CidrBlock)
		}
	}
	var ipv6 netip.Prefix
	if in.Ipv6CidrBlock != "" {
		if ipv6, err = parseIPv6SubnetCidr(in.Ipv6CidrBlock); err != nil {
			return nil, err
		}
	}
	zone, err := resolveZone(scope.Region, in.AvailabilityZone, in.AvailabilityZoneID)
	if err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.Subnet
	err = s.update(ctx, func(tx *store.Tx) error {
		v, err := find(kindVPC, tx.VPCs, scope, in.VpcID)
		if err != nil {
			return err
		}
		if s.opts.AWSQuotas && len(tx.Subnets.Children(v.ID)) >= defaultSubnetsPerVpc {
			return awserr.New("SubnetLimitExceeded", "The maximum number of subnets has been reached.")
		}
		inside := !cidr.IsValid() // an IPv6-only subnet has no IPv4 block
		for _, c := range v.CidrBlocks {
			if c.State == "associated" && cidr.IsValid() && contains(c.Prefix, cidr) {
				inside = true
			}
		}
		if !inside {
			return awserr.New("InvalidSubnet.Range", "The CIDR '%s' is invalid.", in.CidrBlock)
		}
		for _, o := range tx.Subnets.Children(v.ID) {
			if cidr.IsValid() && overlaps(o.CidrBlock, cidr) {
				return awserr.New("InvalidSubnet.Conflict", "The CIDR '%s' conflicts with another subnet", in.CidrBlock)
			}
		}
		if ipv6.IsValid() {
			if err := checkSubnetIpv6(tx.World, v, "", ipv6, in.Ipv6CidrBlock); err != nil {
				return err
			}
		}
		out = createSubnet(tx, v, subnetSpec{cidr: cidr, ipv6: ipv6, zone: zone, tags: in.Tags, ipv6Native: in.Ipv6Native})
		return nil
	})
	return out, err
}

// parseIPv6SubnetCidr parses a subnet IPv6 block, which must be a /64.
func parseIPv6SubnetCidr(raw string) (netip.Prefix, error) {
	p, err := parseCIDR(raw, "ipv6CidrBlock")
	if err != nil {
		return p, err
	}
	if !p.Addr().Is6() || p.Addr().Is4In6() {
		return p, awserr.InvalidParameterValue("Value (%s) for parameter ipv6CidrBlock is invalid. This is not a valid IPv6 CIDR block.", raw)
	}
	if p.Bits() != 64 {
		return p, awserr.New("InvalidSubnet.Range", "The CIDR '%s' is invalid.", raw)
	}
	return p, nil
}

// checkSubnetIpv6 checks that p lies in the VPC's IPv6 block and overlaps the
// IPv6 block of no other subnet of the VPC (self is skipped).
func checkSubnetIpv6(w *store.World, v *model.VPC, self string, p netip.Prefix, raw string) error {
	inside := false
	for _, c := range v.Ipv6CidrBlocks {
		if c.State == "associated" && contains(c.Prefix, p) {
			inside = true
		}
	}
	if !inside {
		return awserr.New("InvalidSubnet.Range", "The CIDR '%s' is invalid.", raw)
	}
	for _, o := range w.Subnets.Children(v.ID) {
		if o.ID == self {
			continue
		}
		for _, c := range o.Ipv6CidrBlocks {
			if c.State == "associated" && overlaps(c.Prefix, p) {
				return awserr.New("InvalidSubnet.Conflict", "The CIDR '%s' conflicts with another subnet", raw)
			}
		}
	}
	return nil
}

// resolveZone picks the zone named by name or id (at most one may be given);
// with neither, the region's first zone.
func resolveZone(region, name, id string) (Zone, error) {
	r, err := RegionByName(region)
	if err != nil {
		return Zone{}, err
	}
	if name != "" && id != "" {
		return Zone{}, awserr.InvalidParameterCombination("Only one of AvailabilityZone or AvailabilityZoneId may be specified.")
	}
	switch {
	case name != "":
		for _, z := range r.Zones {
			if z.Name == name {
				return z, nil
			}
		}
		return Zone{}, awserr.InvalidParameterValue("Value (%s) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: %s.", name, zoneList(r, false))
	case id != "":
		for _, z := range r.Zones {
			if z.ID == id {
				return z, nil
			}
		}
		return Zone{}, awserr.InvalidParameterValue("Value (%s) for parameter availabilityZoneId is invalid. Subnets can currently only be created in the following availability zones: %s.", id, zoneList(r, true))
	}
	return r.Zones[0], nil
}

func zoneList(r Region, ids bool) string {
	names := make([]string, len(r.Zones))
	for i, z := range r.Zones {
		names[i] = z.Name
		if ids {
			names[i] = z.ID
		}
	}
	return strings.Join(names, ", ")
}

// GetSubnet returns a subnet in scope.
func GetSubnet(w *store.World, scope model.Scope, id string) (*model.Subnet, error) {
	return find(kindSubnet, w.Subnets, scope, id)
}

// DeleteSubnet deletes a subnet with no network interfaces, instances or
// NAT gateways in it, with its network ACL and route table associations
// [VPC-UG subnet-deleting.md].
func (s *Service) DeleteSubnet(ctx context.Context, scope model.Scope, id string) error {
	if id == "" {
		return awserr.MissingParameter("SubnetId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		sn, err := find(kindSubnet, tx.Subnets, scope, id)
		if err != nil {
			return err
		}
		dep := awserr.DependencyViolation("The subnet '%s' has dependencies and cannot be deleted.", id)
		if len(tx.NetworkInterfaces.Children(id)) > 0 {
			return dep
		}
		for _, in := range tx.Instances.Children(id) {
			if in.State != "terminated" {
				return dep
			}
		}
		for _, n := range tx.NatGateways.Children(id) {
			if n.State != "deleted" && n.State != "failed" {
				return dep
			}
		}
		for _, acl := range tx.NetworkACLs.Children(sn.VpcID) {
			kept := acl.Associations[:0:0]
			for _, a := range acl.Associations {
				if a.SubnetID != id {
					kept = append(kept, a)
				}
			}
			if len(kept) != len(acl.Associations) {
				c := model.Clone(acl)
				c.Associations = kept
				tx.NetworkACLs.Put(c)
			}
		}
		removeSubnetRouteAssociations(tx, sn.VpcID, id)
		deleteSubnetCidrReservations(tx, id)
		tx.Subnets.Delete(id)
		return nil
	})
}

// ModifySubnetAttributeInput sets exactly one attribute. PrivateDnsHostnameType
// is "" when unchanged.
type ModifySubnetAttributeInput struct {
	SubnetID                                string
	MapPublicIpOnLaunch                     *bool
	AssignIpv6AddressOnCreation             *bool
	EnableDns64                             *bool
	EnableResourceNameDnsARecordOnLaunch    *bool
	EnableResourceNameDnsAAAARecordOnLaunch *bool
	PrivateDnsHostnameTypeOnLaunch          string
	MapCustomerOwnedIpOnLaunch              *bool
	CustomerOwnedIpv4Pool                   string
	EnableLniAtDeviceIndex                  *int32
	DisableLniAtDeviceIndex                 *bool
}

// ModifySubnetAttribute changes one subnet attribute per request, as EC2
// does. Outposts-only attributes (customer-owned IPs, LNI) are refused.
func (s *Service) ModifySubnetAttribute(ctx context.Context, scope model.Scope, in ModifySubnetAttributeInput) error {
	if in.SubnetID == "" {
		return awserr.MissingParameter("SubnetId")
	}
	var set []string
	for name, given := range map[string]bool{
		"mapPublicIpOnLaunch":                     in.MapPublicIpOnLaunch != nil,
		"assignIpv6AddressOnCreation":             in.AssignIpv6AddressOnCreation != nil,
		"enableDns64":                             in.EnableDns64 != nil,
		"enableResourceNameDnsARecordOnLaunch":    in.EnableResourceNameDnsARecordOnLaunch != nil,
		"enableResourceNameDnsAAAARecordOnLaunch": in.EnableResourceNameDnsAAAARecordOnLaunch != nil,
		"privateDnsHostnameTypeOnLaunch":          in.PrivateDnsHostnameTypeOnLaunch != "",
		"mapCustomerOwnedIpOnLaunch":              in.MapCustomerOwnedIpOnLaunch != nil || in.CustomerOwnedIpv4Pool != "",
		"enableLniAtDeviceIndex":                  in.EnableLniAtDeviceIndex != nil,
		"disableLniAtDeviceIndex":                 in.DisableLniAtDeviceIndex != nil,
	} {
		if given {
			set = append(set, name)
		}
	}
	if len(set) == 0 {
		return awserr.MissingParameter("Attribute")
	}
	if len(set) > 1 {
		return awserr.InvalidParameterCombination("Fields for multiple attribute types specified: %s", strings.Join(sortedStrings(set), ", "))
	}
	if h := in.PrivateDnsHostnameTypeOnLaunch; h != "" && h != "ip-name" && h != "resource-name" {
		return awserr.InvalidParameterValue("Value (%s) for parameter privateDnsHostnameTypeOnLaunch is invalid. Valid values are ip-name and resource-name.", h)
	}
	return s.update(ctx, func(tx *store.Tx) error {
		sn, err := find(kindSubnet, tx.Subnets, scope, in.SubnetID)
		if err != nil {
			return err
		}
		if err := checkIPv6OnlyAttribute(sn, in); err != nil {
			return err
		}
		c := model.Clone(sn)
		switch {
		case in.MapPublicIpOnLaunch != nil:
			c.MapPublicIpOnLaunch = *in.MapPublicIpOnLaunch
		case in.AssignIpv6AddressOnCreation != nil:
			if _, ok := c.Ipv6CidrBlock(); *in.AssignIpv6AddressOnCreation && !ok {
				return awserr.InvalidParameterValue("Invalid value 'true' for assignIpv6AddressOnCreation. Cannot set assignIpv6AddressOnCreation to true unless the subnet (%s) has an IPv6 CIDR block associated with it.", sn.ID)
			}
			c.AssignIpv6AddressOnCreation = *in.AssignIpv6AddressOnCreation
		case in.EnableDns64 != nil:
			c.EnableDns64 = *in.EnableDns64
		case in.EnableResourceNameDnsARecordOnLaunch != nil:
			c.EnableResourceNameDnsA = *in.EnableResourceNameDnsARecordOnLaunch
		case in.EnableResourceNameDnsAAAARecordOnLaunch != nil:
			c.EnableResourceNameDnsAAAA = *in.EnableResourceNameDnsAAAARecordOnLaunch
		case in.PrivateDnsHostnameTypeOnLaunch != "":
			c.HostnameType = in.PrivateDnsHostnameTypeOnLaunch
		case in.MapCustomerOwnedIpOnLaunch != nil || in.CustomerOwnedIpv4Pool != "":
			if in.MapCustomerOwnedIpOnLaunch != nil && !*in.MapCustomerOwnedIpOnLaunch && in.CustomerOwnedIpv4Pool == "" {
				return nil // already off: subnets outside an Outpost never map customer-owned IPs
			}
			return awserr.InvalidParameterValue("Customer-owned IP addresses are only supported for subnets on an Outpost; subnet %s is not on an Outpost.", sn.ID)
		case in.EnableLniAtDeviceIndex != nil:
			return awserr.InvalidParameterValue("Local network interfaces are only supported for subnets on an Outpost; subnet %s is not on an Outpost.", sn.ID)
		case in.DisableLniAtDeviceIndex != nil:
			return nil // nothing to disable outside an Outpost
		}
		tx.Subnets.Put(c)
		return nil
	})
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// AssociateSubnetCidrBlock gives a subnet an IPv6 /64 from its VPC's /56.
// It returns the subnet and the new association id.
func (s *Service) AssociateSubnetCidrBlock(ctx context.Context, scope model.Scope, subnetID, ipv6Cidr string) (*model.Subnet, string, error) {
	if subnetID == "" {
		return nil, "", awserr.MissingParameter("SubnetId")
	}
	if ipv6Cidr == "" {
		return nil, "", awserr.MissingParameter("Ipv6CidrBlock")
	}
	p, err := parseIPv6SubnetCidr(ipv6Cidr)
	if err != nil {
		return nil, "", err
	}
	var out *model.Subnet
	var assocID string
	err = s.update(ctx, func(tx *store.Tx) error {
		sn, err := find(kindSubnet, tx.Subnets, scope, subnetID)
		if err != nil {
			return err
		}
		if _, ok := sn.Ipv6CidrBlock(); ok {
			return awserr.New("CidrLimitExceeded", "This network '%s' has met its maximum number of allowed CIDRs: 1", sn.ID)
		}
		v, err := find(kindVPC, tx.VPCs, scope, sn.VpcID)
		if err != nil {
			return err
		}
		if err := checkSubnetIpv6(tx.World, v, sn.ID, p, ipv6Cidr); err != nil {
			return err
		}
		c := model.Clone(sn)
		assocID = tx.NewID("subnet-cidr-assoc")
		c.Ipv6CidrBlocks = append(c.Ipv6CidrBlocks, model.Ipv6CidrAssoc{AssociationID: assocID, Prefix: p, State: "associated"})
		tx.Subnets.Put(c)
		out = c
		return nil
	})
	return out, assocID, err
}

// DisassociateSubnetCidrBlock removes a subnet's IPv6 block. It returns the
// subnet as it was, for the response, and refuses while interfaces in the
// subnet hold IPv6 addresses from it.
func (s *Service) DisassociateSubnetCidrBlock(ctx context.Context, scope model.Scope, assocID string) (*model.Subnet, model.Ipv6CidrAssoc, error) {
	if assocID == "" {
		return nil, model.Ipv6CidrAssoc{}, awserr.MissingParameter("AssociationId")
	}
	var out *model.Subnet
	var removed model.Ipv6CidrAssoc
	err := s.update(ctx, func(tx *store.Tx) error {
		tx.Subnets.All(func(sn *model.Subnet) bool {
			if !sn.InScope(scope) {
				return true
			}
			for _, a := range sn.Ipv6CidrBlocks {
				if a.AssociationID == assocID {
					out, removed = sn, a
					return false
				}
			}
			return true
		})
		if out == nil {
			return awserr.New("InvalidSubnetCidrBlockAssociationID.NotFound", "The subnet CIDR block with association ID '%s' does not exist", assocID)
		}
		if out.Ipv6Native {
			return awserr.InvalidParameterValue("The IPv6 CIDR block of IPv6 only subnet %s cannot be disassociated.", out.ID)
		}
		for _, n := range tx.NetworkInterfaces.Children(out.ID) {
			for _, a := range n.Ipv6Addresses {
				if removed.Prefix.Contains(a) {
					return awserr.DependencyViolation("The subnet CIDR block '%s' has dependencies and cannot be disassociated.", removed.Prefix)
				}
			}
		}
		c := model.Clone(out)
		kept := c.Ipv6CidrBlocks[:0]
		for _, a := range c.Ipv6CidrBlocks {
			if a.AssociationID != assocID {
				kept = append(kept, a)
			}
		}
		c.Ipv6CidrBlocks = kept
		if len(kept) == 0 {
			c.Ipv6CidrBlocks = nil
			c.AssignIpv6AddressOnCreation = false
		}
		tx.Subnets.Put(c)
		return nil
	})
	return out, removed, err
}

// CreateDefaultSubnet creates a default subnet (/20, public IPs on launch)
// in an availability zone of the default VPC that has none
// [VPC-UG default-vpc.md "Create a default subnet"].
func (s *Service) CreateDefaultSubnet(ctx context.Context, scope model.Scope, zoneName, zoneID string) (*model.Subnet, error) {
	if zoneName == "" && zoneID == "" {
		return nil, awserr.MissingParameter("AvailabilityZone")
	}
	zone, err := resolveZone(scope.Region, zoneName, zoneID)
	if err != nil {
		return nil, err
	}
	var out *model.Subnet
	err = s.update(ctx, func(tx *store.Tx) error {
		st, _ := tx.Scopes.Get(scopeKey(scope))
		if st == nil || st.DefaultVpcID == "" {
			return awserr.New("DefaultVpcDoesNotExist", "No default VPC for this user")
		}
		v, ok := tx.VPCs.Get(st.DefaultVpcID)
		if !ok {
			return awserr.New("DefaultVpcDoesNotExist", "No default VPC for this user")
		}
		subnets := tx.Subnets.Children(v.ID)
		for _, sn := range subnets {
			if sn.DefaultForAz && sn.AvailabilityZone == zone.Name {
				return awserr.New("DefaultSubnetAlreadyExistsInAvailabilityZone", "Default subnet already exists in availability zone %s (%s): %s", zone.Name, zone.ID, sn.ID)
			}
		}
		for _, block := range v.CidrBlocks {
			if block.State != "associated" || block.Prefix.Bits() > 20 {
				continue
			}
			n := prefixSize(block.Prefix) / 4096
			for i := uint64(0); i < n; i++ {
				cand := netip.PrefixFrom(nthAddr(block.Prefix, i*4096), 20)
				free := true
				for _, sn := range subnets {
					if overlaps(sn.CidrBlock, cand) {
						free = false
						break
					}
				}
				if free {
					out = createSubnet(tx, v, subnetSpec{cidr: cand, zone: zone, defaultForAz: true, mapPublicIPOnLaunch: true})
					return nil
				}
			}
		}
		return awserr.New("InsufficientFreeAddressesInSubnet", "There is no free /20 CIDR block in the default VPC %s for a default subnet.", v.ID)
	})
	return out, err
}
