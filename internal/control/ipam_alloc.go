package control

import (
	"context"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Provisioning and allocation [IPAM UG "Provision CIDRs to a pool",
// "Deprovision CIDRs from a pool", "Allocate CIDRs from a pool", "Release
// an allocation"; EC2 API ProvisionIpamPoolCidr, DeprovisionIpamPoolCidr,
// AllocateIpamPoolCidr, ReleaseIpamPoolAllocation]:
//   - a CIDR is provisioned to a pool by Cidr or by NetmaskLength: a
//     netmask length only for a pool with a source pool (the next free
//     block of the source) or an Amazon-provided IPv6 pool; a top-level
//     private pool takes any CIDR; a BYOIP CIDR of the public scope needs a
//     CIDR authorization context (not modelled: refused);
//   - provisioned CIDRs of a pool do not overlap; deprovisioning a CIDR
//     that allocations still use is refused; a deprovisioned CIDR of a
//     nested pool goes back to the source pool;
//   - an allocation (custom, vpc, ipam-pool) is the first free aligned
//     block of the netmask length (or the given CIDR), inside a provisioned
//     CIDR, overlapping no other allocation and no disallowed CIDR; the
//     netmask obeys the pool's min/max rules; with neither Cidr nor
//     NetmaskLength the pool's default netmask length applies;
//   - ReleaseIpamPoolAllocation releases custom allocations only.
// AWS's messages observed from clients: "The allocation size is too big for
// the pool." (InvalidParameterValue) for an exhausted pool; "The request
// cannot contain empty CIDR and Netmask Length for a pool with no default
// allocation netmask length set. Exactly one of them should be provided."
// (InvalidParameterCombination).

// maxDeprovisionedKept bounds the deprovisioned CIDRs a pool keeps listing.
const maxDeprovisionedKept = 50

// Amazon-provided IPv6 CIDRs for a top-level pool: /40 to /52 (the
// default netmask in the console is /52).
const (
	amazonIPv6MinNetmask = 40
	amazonIPv6MaxNetmask = 52
)

func exhausted() error {
	return awserr.InvalidParameterValue("The allocation size is too big for the pool.")
}

func allocationNotFound(id string) error {
	return awserr.New("InvalidIpamPoolAllocationId.NotFound", "The allocation ID '%s' does not exist", id)
}

// blockedIn returns what a new allocation of p may not overlap.
func blockedIn(p *model.IpamPool, extra []netip.Prefix) []netip.Prefix {
	out := append([]netip.Prefix(nil), extra...)
	for _, a := range p.Allocations {
		out = append(out, a.Prefix)
	}
	return out
}

// checkAllocNetmask applies the pool's min/max netmask rules.
func checkAllocNetmask(p *model.IpamPool, bits int32) error {
	if bits < 0 || bits > familyBits(p.AddressFamily) {
		return awserr.InvalidParameterValue("Value (%d) for parameter NetmaskLength is invalid.", bits)
	}
	if (p.MinNetmask != 0 && bits < p.MinNetmask) || (p.MaxNetmask != 0 && bits > p.MaxNetmask) {
		return awserr.InvalidParameterValue("The netmask length /%d is outside the allocation netmask length range of pool %s (min /%d, max /%d).",
			bits, p.ID, p.MinNetmask, maxNetmaskOf(p))
	}
	return nil
}

func maxNetmaskOf(p *model.IpamPool) int32 {
	if p.MaxNetmask != 0 {
		return p.MaxNetmask
	}
	return familyBits(p.AddressFamily)
}

// checkFamily refuses a CIDR of the other address family.
func checkFamily(p *model.IpamPool, c netip.Prefix, raw string) error {
	if (p.AddressFamily == "ipv4") != c.Addr().Is4() {
		return awserr.InvalidParameterValue("The CIDR %s does not match the address family %s of pool %s.", raw, p.AddressFamily, p.ID)
	}
	return nil
}

// checkResourceTags refuses a resource without the pool's required tags.
func checkResourceTags(p *model.IpamPool, tags map[string]string) error {
	for k, v := range p.ResourceTags {
		if got, ok := tags[k]; !ok || got != v {
			return awserr.InvalidParameterValue("The resource is missing one or more of the resource tags required by the IPAM pool.")
		}
	}
	return nil
}

// AllocRequest is an allocation from a pool: Cidr, or NetmaskLength, or
// neither (the pool's default netmask length).
type AllocRequest struct {
	Cidr          string
	NetmaskLength int32
	Disallowed    []string
	Allowed       []string
}

// pickAllocation chooses the CIDR req asks of p, without recording it.
func pickAllocation(p *model.IpamPool, req AllocRequest) (netip.Prefix, error) {
	if req.Cidr != "" && req.NetmaskLength != 0 {
		return netip.Prefix{}, awserr.InvalidParameterCombination("The request cannot contain both CIDR and Netmask Length. Exactly one of them should be provided.")
	}
	if req.Cidr != "" && (len(req.Disallowed) > 0 || len(req.Allowed) > 0) {
		return netip.Prefix{}, awserr.InvalidParameterCombination("Allowed and disallowed CIDRs are only allowed if using netmask length for allocation.")
	}
	provisioned := p.ProvisionedCidrs()
	if req.Cidr != "" {
		c, err := parseCIDR(req.Cidr, "Cidr")
		if err != nil {
			return netip.Prefix{}, err
		}
		if err := checkFamily(p, c, req.Cidr); err != nil {
			return netip.Prefix{}, err
		}
		if err := checkAllocNetmask(p, int32(c.Bits())); err != nil {
			return netip.Prefix{}, err
		}
		if !insideAny(provisioned, c) {
			return netip.Prefix{}, awserr.InvalidParameterValue("The CIDR %s is not within a CIDR provisioned to pool %s.", c, p.ID)
		}
		if overlapsAny(blockedIn(p, nil), c) {
			return netip.Prefix{}, awserr.InvalidParameterValue("The CIDR %s overlaps an existing allocation of pool %s.", c, p.ID)
		}
		return c, nil
	}
	bits := req.NetmaskLength
	if bits == 0 {
		if p.DefaultNetmask == 0 {
			return netip.Prefix{}, awserr.InvalidParameterCombination("The request cannot contain empty CIDR and Netmask Length for a pool with no default allocation netmask length set. Exactly one of them should be provided.")
		}
		bits = p.DefaultNetmask
	}
	if err := checkAllocNetmask(p, bits); err != nil {
		return netip.Prefix{}, err
	}
	parse := func(list []string, param string) ([]netip.Prefix, error) {
		var out []netip.Prefix
		for _, s := range list {
			c, err := parseCIDR(s, param)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	}
	disallowed, err := parse(req.Disallowed, "DisallowedCidrs")
	if err != nil {
		return netip.Prefix{}, err
	}
	allowed, err := parse(req.Allowed, "AllowedCidrs")
	if err != nil {
		return netip.Prefix{}, err
	}
	c, ok := firstFreeIn(narrow(provisioned, allowed), int(bits), blockedIn(p, disallowed))
	if !ok {
		return netip.Prefix{}, exhausted()
	}
	return c, nil
}

// recordAllocation stores a on pool p (in tx) and returns it with its id.
func recordAllocation(tx *store.Tx, p *model.IpamPool, a model.IpamAllocation) model.IpamAllocation {
	a.ID = "ipam-pool-alloc-" + tx.NewHex(32)
	c := model.Clone(p)
	c.Allocations = append(c.Allocations, a)
	store.IpamPoolKind.In(tx.World).Put(c)
	return a
}

// ProvisionIpamPoolCidr provisions a CIDR (by cidr or by netmask length)
// to a pool. It returns the provisioned CIDR.
func (s *Service) ProvisionIpamPoolCidr(ctx context.Context, scope model.Scope, poolID, cidr string, netmask int32) (*model.IpamPoolCidr, error) {
	if (cidr == "") == (netmask == 0) {
		return nil, awserr.InvalidParameterCombination("The request must contain exactly one of Cidr or NetmaskLength.")
	}
	var out *model.IpamPoolCidr
	err := s.update(ctx, func(tx *store.Tx) error {
		pools := store.IpamPoolKind.In(tx.World)
		p, err := find(kindIpamPool, pools, scope, poolID)
		if err != nil {
			return err
		}
		if len(p.ProvisionedCidrs()) >= maxCidrsPerPool {
			return awserr.New("ResourceLimitExceeded", "You have reached the maximum number of CIDRs (%d) provisioned to pool %s.", maxCidrsPerPool, p.ID)
		}
		amazon := p.PublicIPSource == "amazon" && p.SourcePoolID == ""
		var c netip.Prefix
		switch {
		case p.SourcePoolID != "":
			parent, ok := pools.Get(p.SourcePoolID)
			if !ok {
				return kindIpamPool.NotFound(p.SourcePoolID)
			}
			if c, err = pickAllocation(parent, AllocRequest{Cidr: cidr, NetmaskLength: netmask}); err != nil {
				return err
			}
			recordAllocation(tx, parent, model.IpamAllocation{Prefix: c, ResourceType: "ipam-pool", ResourceID: p.ID,
				ResourceRegion: p.Region, ResourceOwner: p.Account})
			p, _ = pools.Get(p.ID)
		case amazon:
			if cidr != "" {
				return awserr.InvalidParameterCombination("Amazon-provided IPv6 CIDRs are provisioned by NetmaskLength, not by Cidr.")
			}
			if netmask < amazonIPv6MinNetmask || netmask > amazonIPv6MaxNetmask {
				return awserr.InvalidParameterValue("The netmask length /%d is not valid for an Amazon-provided IPv6 CIDR: use /%d to /%d.", netmask, amazonIPv6MinNetmask, amazonIPv6MaxNetmask)
			}
			if len(p.ProvisionedCidrs()) >= 1 {
				return awserr.New("ResourceLimitExceeded", "You can add only one Amazon-provided IPv6 CIDR block to pool %s.", p.ID)
			}
			if c, err = amazonIPv6Block(tx, int(netmask)); err != nil {
				return err
			}
		default:
			if netmask != 0 {
				return awserr.InvalidParameterCombination("NetmaskLength can only be used for pools with a source pool or Amazon-provided IPv6 pools.")
			}
			if sc, ok := store.IpamScopeKind.In(tx.World).Get(p.ScopeID); ok && sc.Type == "public" {
				return awserr.InvalidParameterCombination("The request must contain a CIDR Authorization Context to provision a BYOIP CIDR to a pool in the public scope.")
			}
			if c, err = parseCIDR(cidr, "Cidr"); err != nil {
				return err
			}
			if err := checkFamily(p, c, cidr); err != nil {
				return err
			}
		}
		if overlapsAny(p.ProvisionedCidrs(), c) {
			return awserr.InvalidParameterValue("The CIDR %s overlaps a CIDR already provisioned to pool %s.", c, p.ID)
		}
		cp := model.Clone(p)
		cp.Cidrs = slices.DeleteFunc(cp.Cidrs, func(x model.IpamPoolCidr) bool { return x.Prefix == c })
		pc := model.IpamPoolCidr{ID: "ipam-pool-cidr-" + tx.NewHex(32), Prefix: c, State: "provisioned"}
		cp.Cidrs = append(cp.Cidrs, pc)
		pools.Put(cp)
		out = &pc
		return nil
	})
	return out, err
}

// amazonIPv6Block picks an unused Amazon-provided IPv6 block of the given
// length (global unicast space vpcsim reserves for it, 2600:1f00::/24).
func amazonIPv6Block(tx *store.Tx, bits int) (netip.Prefix, error) {
	var used []netip.Prefix
	store.IpamPoolKind.In(tx.World).All(func(p *model.IpamPool) bool {
		if p.PublicIPSource == "amazon" {
			used = append(used, p.ProvisionedCidrs()...)
		}
		return true
	})
	for range 64 {
		h := tx.NewHex(8)
		a, err := netip.ParseAddr(fmt.Sprintf("2600:1f%s:%s:%s00::", h[:2], h[2:6], h[6:8]))
		if err != nil {
			continue
		}
		p, err := a.Prefix(bits)
		if err != nil {
			continue
		}
		if !overlapsAny(used, p) {
			return p, nil
		}
	}
	return netip.Prefix{}, awserr.New("InsufficientCidrBlocks", "There are not enough free IPv6 CIDR blocks to satisfy the request.")
}

// DeprovisionIpamPoolCidr deprovisions a CIDR of a pool. It is refused while
// an allocation of the pool lies in it.
func (s *Service) DeprovisionIpamPoolCidr(ctx context.Context, scope model.Scope, poolID, cidr string) (*model.IpamPoolCidr, error) {
	c, err := parseCIDR(cidr, "Cidr")
	if err != nil {
		return nil, err
	}
	var out *model.IpamPoolCidr
	err = s.update(ctx, func(tx *store.Tx) error {
		pools := store.IpamPoolKind.In(tx.World)
		p, err := find(kindIpamPool, pools, scope, poolID)
		if err != nil {
			return err
		}
		idx := slices.IndexFunc(p.Cidrs, func(x model.IpamPoolCidr) bool { return x.Prefix == c && x.State == "provisioned" })
		if idx < 0 {
			return awserr.New("InvalidIpamPoolCidr.NotFound", "The CIDR %s is not provisioned to pool %s.", c, p.ID)
		}
		for _, a := range p.Allocations {
			if a.Prefix.Overlaps(c) {
				return awserr.New("InvalidIpamPoolCidrState", "The CIDR %s of pool %s cannot be deprovisioned while it has allocations (%s).", c, p.ID, a.Prefix)
			}
		}
		cp := model.Clone(p)
		cp.Cidrs[idx].State = "deprovisioned"
		pc := cp.Cidrs[idx]
		// Keep a bounded history of deprovisioned CIDRs.
		dep := 0
		for i := len(cp.Cidrs) - 1; i >= 0; i-- {
			if cp.Cidrs[i].State == "deprovisioned" {
				dep++
				if dep > maxDeprovisionedKept {
					cp.Cidrs = append(cp.Cidrs[:i:i], cp.Cidrs[i+1:]...)
				}
			}
		}
		pools.Put(cp)
		if p.SourcePoolID != "" {
			releaseFromParent(tx, p.SourcePoolID, p.ID, &c)
		}
		out = &pc
		return nil
	})
	return out, err
}

// IpamPoolCidrs returns the provisioned (and deprovisioned) CIDRs of a pool.
func (s *Service) IpamPoolCidrs(ctx context.Context, scope model.Scope, poolID string) ([]model.IpamPoolCidr, error) {
	p, err := s.GetIpamPool(ctx, scope, poolID)
	if err != nil {
		return nil, err
	}
	return p.Cidrs, nil
}

// AllocateInput is an AllocateIpamPoolCidr request.
type AllocateInput struct {
	PoolID      string
	Req         AllocRequest
	Description string
	Preview     bool
	Tags        map[string]string
}

// AllocateIpamPoolCidr allocates a custom CIDR from a pool, or with Preview
// only tells which CIDR the next allocation would get.
func (s *Service) AllocateIpamPoolCidr(ctx context.Context, scope model.Scope, in AllocateInput) (*model.IpamAllocation, error) {
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	if in.Preview {
		p, err := s.GetIpamPool(ctx, scope, in.PoolID)
		if err != nil {
			return nil, err
		}
		c, err := pickAllocation(p, in.Req)
		if err != nil {
			return nil, err
		}
		return &model.IpamAllocation{Prefix: c}, nil
	}
	var out *model.IpamAllocation
	err := s.update(ctx, func(tx *store.Tx) error {
		p, err := find(kindIpamPool, store.IpamPoolKind.In(tx.World), scope, in.PoolID)
		if err != nil {
			return err
		}
		c, err := pickAllocation(p, in.Req)
		if err != nil {
			return err
		}
		a := recordAllocation(tx, p, model.IpamAllocation{Prefix: c, Description: in.Description, ResourceType: "custom",
			ResourceOwner: scope.Account, Tags: in.Tags})
		out = &a
		return nil
	})
	return out, err
}

// ReleaseIpamPoolAllocation releases a custom allocation; cidr must be the
// allocation's.
func (s *Service) ReleaseIpamPoolAllocation(ctx context.Context, scope model.Scope, poolID, allocID, cidr string) error {
	c, err := parseCIDR(cidr, "Cidr")
	if err != nil {
		return err
	}
	return s.update(ctx, func(tx *store.Tx) error {
		pools := store.IpamPoolKind.In(tx.World)
		p, err := find(kindIpamPool, pools, scope, poolID)
		if err != nil {
			return err
		}
		idx := slices.IndexFunc(p.Allocations, func(a model.IpamAllocation) bool { return a.ID == allocID })
		if idx < 0 {
			return allocationNotFound(allocID)
		}
		a := p.Allocations[idx]
		if a.Prefix != c {
			return awserr.InvalidParameterValue("The CIDR %s does not match the CIDR %s of allocation %s.", c, a.Prefix, allocID)
		}
		if a.ResourceType != "custom" {
			return awserr.New("InvalidIpamPoolAllocation.NotCustom", "Only custom allocations can be released; allocation %s is of resource type %s.", allocID, a.ResourceType)
		}
		cp := model.Clone(p)
		cp.Allocations = slices.Delete(cp.Allocations, idx, idx+1)
		pools.Put(cp)
		return nil
	})
}

// IpamPoolAllocations returns a pool's allocations, or the one named.
func (s *Service) IpamPoolAllocations(ctx context.Context, scope model.Scope, poolID, allocID string) ([]model.IpamAllocation, error) {
	p, err := s.GetIpamPool(ctx, scope, poolID)
	if err != nil {
		return nil, err
	}
	if allocID == "" {
		return p.Allocations, nil
	}
	for _, a := range p.Allocations {
		if a.ID == allocID {
			return []model.IpamAllocation{a}, nil
		}
	}
	return nil, allocationNotFound(allocID)
}
