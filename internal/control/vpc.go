package control

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Fixed VPC limits [VPC-UG vpc-cidr-blocks.md, amazon-vpc-limits.md].
const (
	maxIPv4CidrsPerVpc   = 5 // primary plus 4 secondary; adjustable up to 50 but 5 is the default
	maxIPv6CidrsPerVpc   = 5 // "IPv6 CIDR blocks per VPC: 5" (adjustable up to 50)
	defaultVpcsPerRegion = 5
)

// CreateVpcInput is what CreateVpc needs.
type CreateVpcInput struct {
	CidrBlock                   string
	AmazonProvidedIpv6CidrBlock bool
	Ipv6                        Ipv6Request
	InstanceTenancy             string
	Tags                        map[string]string
	Ipam                        IpamVpcRequest // ipam_vpc.go
}

// Ipv6Request carries the IPv6 parameters CreateVpc and
// AssociateVpcCidrBlock share besides AmazonProvidedIpv6CidrBlock.
type Ipv6Request struct {
	CidrBlock          string // Ipv6CidrBlock: a block from Pool
	Pool               string // Ipv6Pool
	NetworkBorderGroup string // Ipv6CidrBlockNetworkBorderGroup
}

// checkIpv6Request applies the documented rules of the IPv6 parameters
// [EC2 API CreateVpc, AssociateVpcCidrBlock]: Ipv6CidrBlock "You must also
// specify Ipv6Pool"; Ipv6CidrBlockNetworkBorderGroup "You must set
// AmazonProvidedIpv6CidrBlock to true to use this parameter".
func checkIpv6Request(r Ipv6Request, amazon bool, region string) error {
	if r.CidrBlock != "" && r.Pool == "" {
		return awserr.MissingParameter("Ipv6Pool")
	}
	if amazon && (r.CidrBlock != "" || r.Pool != "") {
		return awserr.InvalidParameterCombination("The parameter amazonProvidedIpv6CidrBlock cannot be used with the parameters Ipv6Pool or Ipv6CidrBlock.")
	}
	if r.Pool != "" {
		// BYOIP IPv6 pools (DescribeIpv6Pools) are not modelled: no pool
		// exists to allocate from.
		return awserr.New("UnsupportedOperation", "IPAM and BYOIP pools are not supported by vpcsim.")
	}
	if r.NetworkBorderGroup != "" {
		if !amazon {
			return awserr.InvalidParameterCombination("The parameter Ipv6CidrBlockNetworkBorderGroup requires amazonProvidedIpv6CidrBlock to be true.")
		}
		// Only the region's own border group is modelled (no Local Zones).
		if r.NetworkBorderGroup != region {
			return awserr.InvalidParameterValue("Value (%s) for parameter Ipv6CidrBlockNetworkBorderGroup is invalid. The network border group is not valid for this region.", r.NetworkBorderGroup)
		}
	}
	return nil
}

// CreateVpc creates a VPC with its main route table, default network ACL,
// default security group and DHCP options association.
func (s *Service) CreateVpc(ctx context.Context, scope model.Scope, in CreateVpcInput) (*model.VPC, error) {
	if in.CidrBlock == "" && in.Ipam.Ipv4PoolID == "" {
		// AWS's wording (IPAM pools are the other way to give the block).
		return nil, awserr.New("MissingParameter", "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.")
	}
	if err := checkIpv6Request(in.Ipv6, in.AmazonProvidedIpv6CidrBlock, scope.Region); err != nil {
		return nil, err
	}
	var cidr netip.Prefix
	var err error
	if in.CidrBlock != "" {
		if cidr, err = parseCIDR(in.CidrBlock, "cidrBlock"); err != nil {
			return nil, err
		}
		if !cidr.Addr().Is4() {
			return nil, awserr.InvalidParameterValue("Value (%s) for parameter cidrBlock is invalid. This is not a valid CIDR block.", in.CidrBlock)
		}
		if cidr.Bits() < 16 || cidr.Bits() > 28 {
			return nil, awserr.New("InvalidVpc.Range", "The CIDR '%s' is invalid.", in.CidrBlock)
		}
	}
	tenancy := in.InstanceTenancy
	switch tenancy {
	case "":
		tenancy = "default"
	case "default", "dedicated":
	case "host":
		return nil, awserr.InvalidParameterValue("Value (host) for parameter instanceTenancy is invalid. Valid values are default and dedicated.")
	default:
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter instanceTenancy is invalid.", tenancy)
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.VPC
	err = s.update(ctx, func(tx *store.Tx) error {
		if s.opts.AWSQuotas && countInScope(tx.VPCs, scope) >= defaultVpcsPerRegion {
			return awserr.New("VpcLimitExceeded", "The maximum number of VPCs has been reached.")
		}
		block := cidr
		if in.Ipam.Ipv4PoolID != "" { // ipam_vpc.go
			var perr error
			if block, perr = ipamVpcIPv4(tx, scope, in.Ipam, cidr, in.Tags); perr != nil {
				return perr
			}
		}
		v, err := createVPC(tx, scope, vpcSpec{cidr: block, ipv6: in.AmazonProvidedIpv6CidrBlock, tenancy: tenancy, tags: in.Tags})
		if err == nil && in.Ipam.Any() {
			v, err = ipamVpcAttach(tx, scope, v, in.Ipam, in.Tags)
		}
		out = v
		return err
	})
	return out, err
}

type vpcSpec struct {
	cidr      netip.Prefix
	ipv6      bool
	tenancy   string
	tags      map[string]string
	isDefault bool
}

// createVPC creates a VPC and everything AWS creates with it.
func createVPC(tx *store.Tx, scope model.Scope, spec vpcSpec) (*model.VPC, error) {
	st, _ := tx.Scopes.Get(scopeKey(scope))
	dopt := "default"
	if st != nil {
		if d := defaultDhcpOptionsID(tx, scope); d != "" {
			dopt = d
		}
	}
	v := &model.VPC{
		Meta:             newMeta(tx, scope, tx.NewID("vpc"), spec.tags),
		State:            "available",
		CidrBlocks:       []model.CidrAssoc{{AssociationID: tx.NewID("vpc-cidr-assoc"), Prefix: spec.cidr, State: "associated"}},
		DhcpOptionsID:    dopt,
		InstanceTenancy:  spec.tenancy,
		IsDefault:        spec.isDefault,
		EnableDnsSupport: true,
		// The default VPC has DNS hostnames on; a new VPC has them off.
		EnableDnsHostnames: spec.isDefault,
	}
	if spec.ipv6 {
		p, err := allocateVpcIpv6(tx, scope)
		if err != nil {
			return nil, err
		}
		v.Ipv6CidrBlocks = []model.Ipv6CidrAssoc{{AssociationID: tx.NewID("vpc-cidr-assoc"), Prefix: p, State: "associated", Pool: "Amazon", NetworkBorderGroup: scope.Region}}
	}
	tx.VPCs.Put(v)
	createMainRouteTable(tx, v)
	createDefaultNetworkACL(tx, v)
	createDefaultSecurityGroup(tx, v)
	return v, nil
}

// allocateVpcIpv6 picks an unused Amazon-provided /56 for the region.
func allocateVpcIpv6(tx *store.Tx, scope model.Scope) (netip.Prefix, error) {
	used := map[netip.Prefix]bool{}
	tx.VPCs.All(func(v *model.VPC) bool {
		for _, c := range v.Ipv6CidrBlocks {
			used[c.Prefix] = true
		}
		return true
	})
	for range 64 {
		h := tx.NewHex(6)
		p, err := netip.ParsePrefix(fmt.Sprintf("2600:1f%s:%s:%s00::/56", h[:2], h[2:6], tx.NewHex(2)))
		if err != nil {
			continue
		}
		p = p.Masked()
		if !used[p] {
			return p, nil
		}
	}
	return netip.Prefix{}, awserr.New("InsufficientCidrBlocks", "There are not enough free IPv6 CIDR blocks to satisfy the request.")
}

func countInScope[T any](t *store.Table[T], scope model.Scope) int {
	n := 0
	t.All(func(v *T) bool {
		if any(v).(model.Object).GetMeta().InScope(scope) {
			n++
		}
		return true
	})
	return n
}

// GetVpc returns a VPC in scope.
func GetVpc(w *store.World, scope model.Scope, id string) (*model.VPC, error) {
	return find(kindVPC, w.VPCs, scope, id)
}

// DeleteVpc deletes a VPC that has nothing left in it but what AWS created
// with it (main route table, default NACL, default security group).
func (s *Service) DeleteVpc(ctx context.Context, scope model.Scope, id string) error {
	if id == "" {
		return awserr.MissingParameter("VpcId")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		v, err := find(kindVPC, tx.VPCs, scope, id)
		if err != nil {
			return err
		}
		dep := awserr.DependencyViolation("The vpc '%s' has dependencies and cannot be deleted.", id)
		if len(tx.Subnets.Children(id)) > 0 || VpcHasEndpoints(tx.World, id) {
			return dep
		}
		if len(attachedIGWs(tx.World, id)) > 0 {
			return dep
		}
		blocked := false
		tx.EgressOnlyIGWs.All(func(g *model.EgressOnlyInternetGateway) bool {
			for _, a := range g.Attachments {
				if a.VpcID == id {
					blocked = true
				}
			}
			return !blocked
		})
		tx.VpnGateways.All(func(g *model.VpnGateway) bool {
			for _, a := range g.Attachments {
				if a.VpcID == id && a.State != "detached" {
					blocked = true
				}
			}
			return !blocked
		})
		if blocked {
			return dep
		}
		for _, rt := range tx.RouteTables.Children(id) {
			if !rt.IsMain() {
				return dep
			}
		}
		for _, g := range tx.SecurityGroups.Children(id) {
			if !g.IsDefault() {
				return dep
			}
		}
		for _, a := range tx.NetworkACLs.Children(id) {
			if !a.IsDefault {
				return dep
			}
		}
		if err := peeringVpcDelete(tx, v); err != nil { // peering.go
			return err
		}
		for _, rt := range tx.RouteTables.Children(id) {
			tx.RouteTables.Delete(rt.ID)
		}
		for _, a := range tx.NetworkACLs.Children(id) {
			tx.NetworkACLs.Delete(a.ID)
		}
		for _, g := range tx.SecurityGroups.Children(id) {
			for _, r := range tx.SecurityGroupRules.Children(g.ID) {
				tx.SecurityGroupRules.Delete(r.ID)
			}
			tx.SecurityGroups.Delete(g.ID)
		}
		tx.VPCs.Delete(v.ID)
		ipamReleaseVpc(tx, v.ID, netip.Prefix{}) // ipam_vpc.go
		if v.IsDefault {
			if st, ok := tx.Scopes.Get(scopeKey(scope)); ok {
				c := model.Clone(st)
				c.DefaultVpcID = ""
				tx.Scopes.Put(c)
			}
		}
		return nil
	})
}

// attachedIGWs returns the internet gateways attached to vpcID.
func attachedIGWs(w *store.World, vpcID string) []*model.InternetGateway {
	var out []*model.InternetGateway
	w.InternetGateways.All(func(g *model.InternetGateway) bool {
		if g.AttachedVpc() == vpcID {
			out = append(out, g)
		}
		return true
	})
	return out
}

// VpcAttribute names accepted by Describe/ModifyVpcAttribute.
const (
	AttrEnableDnsSupport   = "enableDnsSupport"
	AttrEnableDnsHostnames = "enableDnsHostnames"
	AttrEnableNAUMetrics   = "enableNetworkAddressUsageMetrics"
)

// VpcAttribute returns one boolean attribute of a VPC.
func VpcAttribute(w *store.World, scope model.Scope, id, attr string) (bool, error) {
	if id == "" {
		return false, awserr.MissingParameter("VpcId")
	}
	if attr == "" {
		return false, awserr.MissingParameter("Attribute")
	}
	v, err := GetVpc(w, scope, id)
	if err != nil {
		return false, err
	}
	switch attr {
	case AttrEnableDnsSupport:
		return v.EnableDnsSupport, nil
	case AttrEnableDnsHostnames:
		return v.EnableDnsHostnames, nil
	case AttrEnableNAUMetrics:
		return v.EnableNetworkAddressUsageMetrics, nil
	}
	return false, awserr.InvalidParameterValue("Value (%s) for parameter attribute is invalid. Unknown attribute.", attr)
}

// ModifyVpcAttributeInput sets exactly one attribute.
type ModifyVpcAttributeInput struct {
	VpcID                            string
	EnableDnsSupport                 *bool
	EnableDnsHostnames               *bool
	EnableNetworkAddressUsageMetrics *bool
}

// ModifyVpcAttribute changes one VPC attribute. EC2 accepts exactly one per
// request, and refuses DNS hostnames without DNS support.
func (s *Service) ModifyVpcAttribute(ctx context.Context, scope model.Scope, in ModifyVpcAttributeInput) error {
	if in.VpcID == "" {
		return awserr.MissingParameter("VpcId")
	}
	n := 0
	for _, p := range []*bool{in.EnableDnsSupport, in.EnableDnsHostnames, in.EnableNetworkAddressUsageMetrics} {
		if p != nil {
			n++
		}
	}
	if n == 0 {
		return awserr.MissingParameter("Attribute")
	}
	if n > 1 {
		return awserr.InvalidParameterCombination("Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames, enableNetworkAddressUsageMetrics")
	}
	return s.update(ctx, func(tx *store.Tx) error {
		v, err := find(kindVPC, tx.VPCs, scope, in.VpcID)
		if err != nil {
			return err
		}
		c := model.Clone(v)
		switch {
		case in.EnableDnsSupport != nil:
			c.EnableDnsSupport = *in.EnableDnsSupport
		case in.EnableDnsHostnames != nil:
			if *in.EnableDnsHostnames && !c.EnableDnsSupport {
				return awserr.InvalidParameterValue("Cannot enable DNS hostnames for a VPC with DNS support disabled.")
			}
			c.EnableDnsHostnames = *in.EnableDnsHostnames
		case in.EnableNetworkAddressUsageMetrics != nil:
			c.EnableNetworkAddressUsageMetrics = *in.EnableNetworkAddressUsageMetrics
		}
		tx.VPCs.Put(c)
		return nil
	})
}

// ModifyVpcTenancy changes a VPC's tenancy; only "default" is accepted, as on AWS.
func (s *Service) ModifyVpcTenancy(ctx context.Context, scope model.Scope, id, tenancy string) error {
	if id == "" {
		return awserr.MissingParameter("VpcId")
	}
	if tenancy != "default" {
		return awserr.InvalidParameterValue("Value (%s) for parameter instanceTenancy is invalid. Only 'default' is supported.", tenancy)
	}
	return s.update(ctx, func(tx *store.Tx) error {
		v, err := find(kindVPC, tx.VPCs, scope, id)
		if err != nil {
			return err
		}
		c := model.Clone(v)
		c.InstanceTenancy = tenancy
		tx.VPCs.Put(c)
		return nil
	})
}

// AssociateVpcCidrInput asks for a secondary IPv4 block or an Amazon IPv6 /56.
type AssociateVpcCidrInput struct {
	VpcID                       string
	CidrBlock                   string
	AmazonProvidedIpv6CidrBlock bool
	Ipv6                        Ipv6Request
	Ipam                        IpamVpcRequest // ipam_vpc.go
}

// cidrLimitExceeded is AWS's CidrLimitExceeded for a VPC at its quota of
// blocks of one address family.
func cidrLimitExceeded(vpcID string, limit int) error {
	return awserr.New("CidrLimitExceeded", "This network '%s' has met its maximum number of allowed CIDRs: %d", vpcID, limit)
}

// AssociateVpcCidrBlock adds a CIDR block to a VPC, with AWS's restrictions
// [VPC-UG vpc-cidr-blocks.md "IPv4 CIDR block association restrictions"].
func (s *Service) AssociateVpcCidrBlock(ctx context.Context, scope model.Scope, in AssociateVpcCidrInput) (*model.VPC, string, error) {
	if in.VpcID == "" {
		return nil, "", awserr.MissingParameter("VpcId")
	}
	if in.Ipam.Any() {
		return s.associateVpcIpamCidr(ctx, scope, in) // ipam_vpc.go
	}
	if err := checkIpv6Request(in.Ipv6, in.AmazonProvidedIpv6CidrBlock, scope.Region); err != nil {
		return nil, "", err
	}
	if (in.CidrBlock == "") == !in.AmazonProvidedIpv6CidrBlock {
		return nil, "", awserr.InvalidParameterCombination("Exactly one of CidrBlock and AmazonProvidedIpv6CidrBlock must be specified.")
	}
	var cidr netip.Prefix
	if in.CidrBlock != "" {
		var err error
		if cidr, err = parseCIDR(in.CidrBlock, "cidrBlock"); err != nil {
			return nil, "", err
		}
		if !cidr.Addr().Is4() {
			return nil, "", awserr.InvalidParameterValue("Value (%s) for parameter cidrBlock is invalid. This is not a valid CIDR block.", in.CidrBlock)
		}
		if cidr.Bits() < 16 || cidr.Bits() > 28 {
			return nil, "", awserr.New("InvalidVpc.Range", "The CIDR '%s' is invalid.", in.CidrBlock)
		}
	}
	var out *model.VPC
	var assocID string
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := find(kindVPC, tx.VPCs, scope, in.VpcID)
		if err != nil {
			return err
		}
		c := model.Clone(v)
		if in.AmazonProvidedIpv6CidrBlock {
			active := 0
			for _, a := range c.Ipv6CidrBlocks {
				if a.State == "associated" {
					active++
				}
			}
			if active >= maxIPv6CidrsPerVpc {
				return cidrLimitExceeded(v.ID, maxIPv6CidrsPerVpc)
			}
			p, err := allocateVpcIpv6(tx, scope)
			if err != nil {
				return err
			}
			assocID = tx.NewID("vpc-cidr-assoc")
			c.Ipv6CidrBlocks = append(c.Ipv6CidrBlocks, model.Ipv6CidrAssoc{AssociationID: assocID, Prefix: p, State: "associated", Pool: "Amazon", NetworkBorderGroup: scope.Region})
			tx.VPCs.Put(c)
			addLocalRoutes(tx, c.ID, p)
			addDefaultACLIpv6Entries(tx, c.ID)
			if active == 0 {
				addDefaultSGIpv6Egress(tx, c.ID)
			}
			out = c
			return nil
		}
		active := 0
		for _, a := range c.CidrBlocks {
			if a.State != "associated" {
				continue
			}
			active++
			if overlaps(a.Prefix, cidr) {
				return awserr.New("InvalidVpc.Range", "The CIDR '%s' conflicts with another CIDR block of VPC %s.", in.CidrBlock, v.ID)
			}
		}
		if active >= maxIPv4CidrsPerVpc {
			return cidrLimitExceeded(v.ID, maxIPv4CidrsPerVpc)
		}
		if err := checkSecondaryCidr(c.PrimaryCidr(), cidr, in.CidrBlock); err != nil {
			return err
		}
		if err := peeringCidrCheck(tx, v, cidr); err != nil {
			return err
		}
		assocID = tx.NewID("vpc-cidr-assoc")
		c.CidrBlocks = append(c.CidrBlocks, model.CidrAssoc{AssociationID: assocID, Prefix: cidr, State: "associated"})
		tx.VPCs.Put(c)
		addLocalRoutes(tx, c.ID, cidr)
		out = c
		return nil
	})
	return out, assocID, err
}

var (
	rfc1918a  = netip.MustParsePrefix("10.0.0.0/8")
	rfc1918b  = netip.MustParsePrefix("172.16.0.0/12")
	rfc1918c  = netip.MustParsePrefix("192.168.0.0/16")
	cgnat     = netip.MustParsePrefix("100.64.0.0/10")
	linkLocal = netip.MustParsePrefix("169.254.0.0/16")
	loopback  = netip.MustParsePrefix("127.0.0.0/8")
	multicast = netip.MustParsePrefix("224.0.0.0/4")
	reserved0 = netip.MustParsePrefix("0.0.0.0/8")
	docker    = netip.MustParsePrefix("172.17.0.0/16")
)

// checkSecondaryCidr applies AWS's table of restricted secondary ranges:
// a VPC whose primary block is in one RFC 1918 range cannot add a block from
// another RFC 1918 range; 198.19.0.0/16 and the reserved ranges are refused.
func checkSecondaryCidr(primary, cidr netip.Prefix, raw string) error {
	bad := awserr.New("InvalidVpc.Range", "The CIDR '%s' is restricted. Use a CIDR from the same private address range as the current VPC CIDR, or use a publicly-routable CIDR.", raw)
	for _, r := range []netip.Prefix{linkLocal, loopback, multicast, reserved0, netip.MustParsePrefix("198.19.0.0/16")} {
		if overlaps(r, cidr) {
			return bad
		}
	}
	for _, r := range []netip.Prefix{rfc1918a, rfc1918b, rfc1918c} {
		if contains(r, primary) {
			for _, other := range []netip.Prefix{rfc1918a, rfc1918b, rfc1918c} {
				if other != r && overlaps(other, cidr) {
					return bad
				}
			}
		}
	}
	return nil
}

// DisassociateVpcCidrBlock removes a secondary IPv4 block or the IPv6 block.
func (s *Service) DisassociateVpcCidrBlock(ctx context.Context, scope model.Scope, assocID string) (*model.VPC, error) {
	if assocID == "" {
		return nil, awserr.MissingParameter("AssociationId")
	}
	var out *model.VPC
	err := s.update(ctx, func(tx *store.Tx) error {
		var found *model.VPC
		tx.VPCs.All(func(v *model.VPC) bool {
			if !v.InScope(scope) {
				return true
			}
			for _, a := range v.CidrBlocks {
				if a.AssociationID == assocID {
					found = v
				}
			}
			for _, a := range v.Ipv6CidrBlocks {
				if a.AssociationID == assocID {
					found = v
				}
			}
			return found == nil
		})
		if found == nil {
			return awserr.New("InvalidVpcCidrBlockAssociationID.NotFound", "The vpc CIDR block association ID '%s' does not exist", assocID)
		}
		c := model.Clone(found)
		var removed netip.Prefix
		for i, a := range c.CidrBlocks {
			if a.AssociationID == assocID {
				if i == 0 {
					return awserr.New("OperationNotPermitted", "The vpc CIDR block with association ID %s may not be disassociated. It is the primary IPv4 CIDR block of the VPC", assocID)
				}
				removed = a.Prefix
				c.CidrBlocks = append(c.CidrBlocks[:i:i], c.CidrBlocks[i+1:]...)
				out = model.Clone(c)
				out.CidrBlocks = append(out.CidrBlocks, model.CidrAssoc{AssociationID: a.AssociationID, Prefix: a.Prefix, State: "disassociating"})
				break
			}
		}
		for i, a := range c.Ipv6CidrBlocks {
			if a.AssociationID == assocID {
				removed = a.Prefix
				c.Ipv6CidrBlocks = append(c.Ipv6CidrBlocks[:i:i], c.Ipv6CidrBlocks[i+1:]...)
				out = model.Clone(c)
				out.Ipv6CidrBlocks = append(out.Ipv6CidrBlocks, model.Ipv6CidrAssoc{AssociationID: a.AssociationID, Prefix: a.Prefix, State: "disassociating", Pool: a.Pool, NetworkBorderGroup: a.NetworkBorderGroup})
				break
			}
		}
		for _, sn := range tx.Subnets.Children(c.ID) {
			if overlaps(removed, sn.CidrBlock) {
				return awserr.DependencyViolation("The vpc CIDR block '%s' has dependencies and cannot be disassociated.", removed)
			}
			if p, ok := sn.Ipv6CidrBlock(); ok && overlaps(removed, p) {
				return awserr.DependencyViolation("The vpc CIDR block '%s' has dependencies and cannot be disassociated.", removed)
			}
		}
		tx.VPCs.Put(c)
		removeLocalRoutes(tx, c.ID, removed)
		ipamReleaseVpc(tx, c.ID, removed) // ipam_vpc.go
		return nil
	})
	return out, err
}

// CreateDefaultVpc re-creates the default VPC of the account-region
// (DefaultVpcAlreadyExists if there is one) [VPC-UG default-vpc.md
// "Create a default VPC"].
func (s *Service) CreateDefaultVpc(ctx context.Context, scope model.Scope) (*model.VPC, error) {
	region, err := RegionByName(scope.Region)
	if err != nil {
		return nil, err
	}
	var out *model.VPC
	err = s.update(ctx, func(tx *store.Tx) error {
		st, ok := tx.Scopes.Get(scopeKey(scope))
		if !ok {
			return awserr.Internal(fmt.Errorf("scope %s not initialised", scopeKey(scope)))
		}
		if st.DefaultVpcID != "" {
			if _, exists := tx.VPCs.Get(st.DefaultVpcID); exists {
				return awserr.New("DefaultVpcAlreadyExists", "A Default VPC already exists for this account in this region.")
			}
		}
		v, err := createDefaultVpc(tx, scope, region)
		if err != nil {
			return err
		}
		c := model.Clone(st)
		c.DefaultVpcID = v.ID
		tx.Scopes.Put(c)
		out = v
		return nil
	})
	return out, err
}
