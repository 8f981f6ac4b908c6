package control

import (
	"context"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VPCs from IPAM pools [EC2 API CreateVpc, AssociateVpcCidrBlock
// (Ipv4IpamPoolId, Ipv4NetmaskLength, Ipv6IpamPoolId, Ipv6NetmaskLength);
// IPAM UG "Create a VPC that uses an IPAM pool CIDR"]:
//   - the pool belongs to the caller's account and its locale is the VPC's
//     Region (a pool without a locale cannot be used by a VPC);
//   - the block is the given CIDR (inside the pool) or the next free block
//     of the netmask length (or of the pool's default netmask length);
//   - the pool's allocation rules and required resource tags apply;
//   - the pool records an allocation of resource type vpc for the VPC; it
//     goes when the VPC is deleted or the block disassociated.
// DescribeVpcs names such an IPv6 block's pool "IPAM Managed".

// IpamManagedIpv6Pool is the Ipv6Pool EC2 reports for a VPC IPv6 block
// allocated from an IPAM pool.
const IpamManagedIpv6Pool = "IPAM Managed"

// IpamVpcRequest carries the IPAM members of CreateVpc and
// AssociateVpcCidrBlock.
type IpamVpcRequest struct {
	Ipv4PoolID    string
	Ipv4Netmask   int32
	Ipv6PoolID    string
	Ipv6Netmask   int32
	Ipv6CidrBlock string // Ipv6CidrBlock given with Ipv6IpamPoolId
}

// Any reports whether the request uses an IPAM pool.
func (r IpamVpcRequest) Any() bool { return r.Ipv4PoolID != "" || r.Ipv6PoolID != "" }

// vpcPool finds a pool a VPC of scope may allocate from.
func vpcPool(w *store.World, scope model.Scope, id, family string) (*model.IpamPool, error) {
	if err := kindIpamPool.check(id); err != nil {
		return nil, err
	}
	p, ok := store.IpamPoolKind.In(w).Get(id)
	if !ok || p.Account != scope.Account {
		return nil, kindIpamPool.NotFound(id)
	}
	if p.AddressFamily != family {
		return nil, awserr.InvalidParameterValue("The pool %s is not an %s pool.", id, family)
	}
	if p.Locale != scope.Region {
		return nil, awserr.InvalidParameterValue("The pool %s has locale %q; only pools whose locale is %s can be used by VPCs in this Region.", id, p.Locale, scope.Region)
	}
	if p.AwsService != "" && p.AwsService != "ec2" {
		return nil, awserr.InvalidParameterValue("The pool %s cannot be used for VPCs.", id)
	}
	return p, nil
}

// ipamVpcIPv4 returns the IPv4 block a new VPC gets from its pool: cidr
// (if given) checked against the pool, or the pool's next free block. It
// records nothing (ipamVpcAttach does, once the VPC has its id).
func ipamVpcIPv4(tx *store.Tx, scope model.Scope, r IpamVpcRequest, cidr netip.Prefix, tags map[string]string) (netip.Prefix, error) {
	p, err := vpcPool(tx.World, scope, r.Ipv4PoolID, "ipv4")
	if err != nil {
		return netip.Prefix{}, err
	}
	if err := checkResourceTags(p, tags); err != nil {
		return netip.Prefix{}, err
	}
	req := AllocRequest{NetmaskLength: r.Ipv4Netmask}
	if cidr.IsValid() {
		req = AllocRequest{Cidr: cidr.String()}
	}
	if req.Cidr == "" && req.NetmaskLength == 0 && p.DefaultNetmask == 0 {
		return netip.Prefix{}, awserr.InvalidParameterCombination("The request cannot contain empty CIDR and Netmask Length for a pool with no default allocation netmask length set. Exactly one of them should be provided.")
	}
	if n := req.NetmaskLength; n != 0 && (n < 16 || n > 28) {
		return netip.Prefix{}, awserr.InvalidParameterValue("Value (%d) for parameter Ipv4NetmaskLength is invalid. The netmask length must be between 16 and 28.", n)
	}
	c, err := pickAllocation(p, req)
	if err != nil {
		return netip.Prefix{}, err
	}
	if c.Bits() < 16 || c.Bits() > 28 {
		return netip.Prefix{}, awserr.New("InvalidVpc.Range", "The CIDR '%s' is invalid.", c)
	}
	return c, nil
}

// ipamVpcIPv6 returns the IPv6 block a VPC gets from its pool.
func ipamVpcIPv6(tx *store.Tx, scope model.Scope, r IpamVpcRequest, tags map[string]string) (*model.IpamPool, netip.Prefix, error) {
	p, err := vpcPool(tx.World, scope, r.Ipv6PoolID, "ipv6")
	if err != nil {
		return nil, netip.Prefix{}, err
	}
	if err := checkResourceTags(p, tags); err != nil {
		return nil, netip.Prefix{}, err
	}
	if r.Ipv6CidrBlock != "" && r.Ipv6Netmask != 0 {
		return nil, netip.Prefix{}, awserr.InvalidParameterCombination("The parameters Ipv6CidrBlock and Ipv6NetmaskLength cannot be used together.")
	}
	c, err := pickAllocation(p, AllocRequest{Cidr: r.Ipv6CidrBlock, NetmaskLength: r.Ipv6Netmask})
	if err != nil {
		return nil, netip.Prefix{}, err
	}
	if c.Bits() < 44 || c.Bits() > 60 || c.Bits()%4 != 0 {
		return nil, netip.Prefix{}, awserr.InvalidParameterValue("The IPv6 netmask length /%d is invalid for a VPC: use /44 to /60 in increments of /4.", c.Bits())
	}
	return p, c, nil
}

// ipamVpcAttach records the allocations of a VPC just created from pools
// (its primary IPv4 block from r.Ipv4PoolID) and adds its IPv6 block from
// r.Ipv6PoolID. It returns the VPC as stored.
func ipamVpcAttach(tx *store.Tx, scope model.Scope, v *model.VPC, r IpamVpcRequest, tags map[string]string) (*model.VPC, error) {
	if r.Ipv4PoolID != "" {
		p, err := vpcPool(tx.World, scope, r.Ipv4PoolID, "ipv4")
		if err != nil {
			return nil, err
		}
		recordVpcAllocation(tx, p, v, v.PrimaryCidr())
	}
	if r.Ipv6PoolID != "" {
		c, _, err := addIpamIPv6(tx, scope, v, r, tags)
		return c, err
	}
	return v, nil
}

func recordVpcAllocation(tx *store.Tx, p *model.IpamPool, v *model.VPC, c netip.Prefix) {
	recordAllocation(tx, p, model.IpamAllocation{Prefix: c, ResourceType: "vpc", ResourceID: v.ID, ResourceRegion: v.Region, ResourceOwner: v.Account})
}

// addIpamIPv6 allocates an IPv6 block for v from its pool and associates it.
func addIpamIPv6(tx *store.Tx, scope model.Scope, v *model.VPC, r IpamVpcRequest, tags map[string]string) (*model.VPC, string, error) {
	active := 0
	for _, a := range v.Ipv6CidrBlocks {
		if a.State == "associated" {
			active++
		}
	}
	if active >= maxIPv6CidrsPerVpc {
		return nil, "", cidrLimitExceeded(v.ID, maxIPv6CidrsPerVpc)
	}
	p, c, err := ipamVpcIPv6(tx, scope, r, tags)
	if err != nil {
		return nil, "", err
	}
	recordVpcAllocation(tx, p, v, c)
	assocID := tx.NewID("vpc-cidr-assoc")
	cv := model.Clone(v)
	cv.Ipv6CidrBlocks = append(cv.Ipv6CidrBlocks, model.Ipv6CidrAssoc{AssociationID: assocID, Prefix: c, State: "associated", Pool: IpamManagedIpv6Pool, NetworkBorderGroup: scope.Region})
	tx.VPCs.Put(cv)
	addLocalRoutes(tx, cv.ID, c)
	addDefaultACLIpv6Entries(tx, cv.ID)
	if active == 0 {
		addDefaultSGIpv6Egress(tx, cv.ID)
	}
	return cv, assocID, nil
}

// associateVpcIpamCidr is AssociateVpcCidrBlock with an IPAM pool: a
// secondary IPv4 block or an IPv6 block. It returns the VPC and the new
// association's id.
func (s *Service) associateVpcIpamCidr(ctx context.Context, scope model.Scope, in AssociateVpcCidrInput) (*model.VPC, string, error) {
	r := in.Ipam
	if r.Ipv4PoolID != "" && r.Ipv6PoolID != "" || in.AmazonProvidedIpv6CidrBlock || (r.Ipv4PoolID != "" && in.Ipv6.CidrBlock != "") {
		return nil, "", awserr.InvalidParameterCombination("Exactly one of CidrBlock, AmazonProvidedIpv6CidrBlock, Ipv4IpamPoolId and Ipv6IpamPoolId must be specified.")
	}
	var cidr netip.Prefix
	if in.CidrBlock != "" {
		var err error
		if cidr, err = parseCIDR(in.CidrBlock, "cidrBlock"); err != nil {
			return nil, "", err
		}
	}
	var out *model.VPC
	var assocID string
	err := s.update(ctx, func(tx *store.Tx) error {
		v, err := find(kindVPC, tx.VPCs, scope, in.VpcID)
		if err != nil {
			return err
		}
		if r.Ipv6PoolID != "" {
			r.Ipv6CidrBlock = in.Ipv6.CidrBlock
			out, assocID, err = addIpamIPv6(tx, scope, v, r, v.Tags)
			return err
		}
		c, err := ipamVpcIPv4(tx, scope, r, cidr, v.Tags)
		if err != nil {
			return err
		}
		active := 0
		for _, a := range v.CidrBlocks {
			if a.State != "associated" {
				continue
			}
			active++
			if overlaps(a.Prefix, c) {
				return awserr.New("InvalidVpc.Range", "The CIDR '%s' conflicts with another CIDR block of VPC %s.", c, v.ID)
			}
		}
		if active >= maxIPv4CidrsPerVpc {
			return cidrLimitExceeded(v.ID, maxIPv4CidrsPerVpc)
		}
		if err := checkSecondaryCidr(v.PrimaryCidr(), c, c.String()); err != nil {
			return err
		}
		if err := peeringCidrCheck(tx, v, c); err != nil {
			return err
		}
		p, err := vpcPool(tx.World, scope, r.Ipv4PoolID, "ipv4")
		if err != nil {
			return err
		}
		recordVpcAllocation(tx, p, v, c)
		assocID = tx.NewID("vpc-cidr-assoc")
		cv := model.Clone(v)
		cv.CidrBlocks = append(cv.CidrBlocks, model.CidrAssoc{AssociationID: assocID, Prefix: c, State: "associated"})
		tx.VPCs.Put(cv)
		addLocalRoutes(tx, cv.ID, c)
		out = cv
		return nil
	})
	return out, assocID, err
}

// ipamReleaseVpc drops the pool allocations a VPC holds: all of them, or
// only the one of prefix when it is valid (a disassociated block).
func ipamReleaseVpc(tx *store.Tx, vpcID string, prefix netip.Prefix) {
	pools := store.IpamPoolKind.In(tx.World)
	var hit []*model.IpamPool
	pools.All(func(p *model.IpamPool) bool {
		for _, a := range p.Allocations {
			if a.ResourceType == "vpc" && a.ResourceID == vpcID && (!prefix.IsValid() || a.Prefix == prefix) {
				hit = append(hit, p)
				break
			}
		}
		return true
	})
	for _, p := range hit {
		c := model.Clone(p)
		c.Allocations = slices.DeleteFunc(c.Allocations, func(a model.IpamAllocation) bool {
			return a.ResourceType == "vpc" && a.ResourceID == vpcID && (!prefix.IsValid() || a.Prefix == prefix)
		})
		pools.Put(c)
	}
}

// IpamResourceCidr is one row of GetIpamResourceCidrs: a VPC CIDR the
// IPAM's resource discovery sees in one of its operating Regions.
type IpamResourceCidr struct {
	IpamID, ScopeID, PoolID  string
	Region, Owner            string
	ResourceID, ResourceType string
	Name                     string
	Cidr                     netip.Prefix
	Tags                     map[string]string
	Compliance, Management   string
	Overlap                  string
}

// IpamResourceCidrs returns the VPC CIDRs of scopeID [IPAM UG "Monitor
// CIDR usage by resource"]: a block allocated from one of the scope's pools
// is managed and compliant; in the default scope of its family (private
// for IPv4, public for IPv6), a block of the account in an operating Region
// allocated from no pool is unmanaged. A block overlapping another block of
// the scope is overlapping. Subnets and IP usage are not computed.
func (s *Service) IpamResourceCidrs(ctx context.Context, scope model.Scope, scopeID string) ([]IpamResourceCidr, error) {
	w := s.View(ctx)
	sc, err := find(kindIpamScope, store.IpamScopeKind.In(w), scope, scopeID)
	if err != nil {
		return nil, err
	}
	ipam, ok := store.IpamKind.In(w).Get(sc.IpamID)
	if !ok {
		return nil, kindIpam.NotFound(sc.IpamID)
	}
	type key struct {
		vpc string
		p   netip.Prefix
	}
	managed := map[key]string{}
	for _, p := range store.IpamPoolKind.In(w).Children(sc.ID) {
		for _, a := range p.Allocations {
			if a.ResourceType == "vpc" {
				managed[key{a.ResourceID, a.Prefix}] = p.ID
			}
		}
	}
	var out []IpamResourceCidr
	w.VPCs.All(func(v *model.VPC) bool {
		if v.Account != ipam.Account || !slices.Contains(ipam.OperatingRegions, v.Region) {
			return true
		}
		var blocks []netip.Prefix
		for _, c := range v.CidrBlocks {
			if c.State == "associated" {
				blocks = append(blocks, c.Prefix)
			}
		}
		for _, c := range v.Ipv6CidrBlocks {
			if c.State == "associated" {
				blocks = append(blocks, c.Prefix)
			}
		}
		for _, b := range blocks {
			row := IpamResourceCidr{IpamID: ipam.ID, ScopeID: sc.ID, Region: v.Region, Owner: v.Account, ResourceID: v.ID,
				ResourceType: "vpc", Name: v.Tags["Name"], Cidr: b, Tags: v.Tags}
			if pool, ok := managed[key{v.ID, b}]; ok {
				row.PoolID, row.Management, row.Compliance = pool, "managed", "compliant"
			} else if sc.IsDefault && (sc.Type == "private") == b.Addr().Is4() {
				row.Management, row.Compliance = "unmanaged", "unmanaged"
			} else {
				continue
			}
			out = append(out, row)
		}
		return true
	})
	for i := range out {
		out[i].Overlap = "nonoverlapping"
		for j := range out {
			if i != j && out[i].ResourceID != out[j].ResourceID && out[i].Cidr.Overlaps(out[j].Cidr) {
				out[i].Overlap = "overlapping"
				break
			}
		}
	}
	return out, nil
}
