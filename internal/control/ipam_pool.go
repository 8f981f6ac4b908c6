package control

import (
	"context"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// IPAM pools [IPAM UG "Create a top-level IPv4 pool", "Create a Regional
// IPv4 pool", "Create IPv6 pools", "Modify a pool", "Delete a pool"; EC2 API
// CreateIpamPool, ModifyIpamPool, DeleteIpamPool]:
//   - a pool has an address family (ipv4 | ipv6) and lives in a scope;
//   - a pool with a SourceIpamPoolId is nested: same scope, same family,
//     one level deeper (at most 10 levels); the CIDRs provisioned to it come
//     from the source pool's free space, which records them as allocations
//     of resource type ipam-pool;
//   - its locale, when set, is one of the IPAM's operating Regions (and the
//     source pool's locale when that has one); only resources in that Region
//     can be allocated from it;
//   - allocation rules: netmask lengths 0-32 (ipv4) or 0-128 (ipv6),
//     min <= default <= max; required resource tags;
//   - PubliclyAdvertisable only for ipv6 pools whose PublicIpSource is
//     byoip; PublicIpSource (public scope only, default byoip) amazon
//     means Amazon-provided IPv6 space, provisioned by netmask length.

// CreateIpamPoolInput is what CreateIpamPool needs.
type CreateIpamPoolInput struct {
	ScopeID, SourcePoolID, Locale, Description, AddressFamily string
	AutoImport                                                bool
	PubliclyAdvertisable                                      *bool
	MinNetmask, MaxNetmask, DefaultNetmask                    *int32
	ResourceTags                                              map[string]string
	AwsService, PublicIPSource                                string
	Tags                                                      map[string]string
}

func familyBits(family string) int32 {
	if family == "ipv6" {
		return 128
	}
	return 32
}

// checkNetmaskRules validates a pool's allocation rules.
func checkNetmaskRules(family string, minN, maxN, defN int32) error {
	top := familyBits(family)
	for _, n := range []struct {
		name string
		v    int32
	}{{"AllocationMinNetmaskLength", minN}, {"AllocationMaxNetmaskLength", maxN}, {"AllocationDefaultNetmaskLength", defN}} {
		if n.v < 0 || n.v > top {
			return awserr.InvalidParameterValue("Value (%d) for parameter %s is invalid. Possible netmask lengths for %s addresses are 0 - %d.", n.v, n.name, family, top)
		}
	}
	if minN != 0 && maxN != 0 && minN > maxN {
		return awserr.InvalidParameterValue("The minimum netmask length (%d) must be less than the maximum netmask length (%d).", minN, maxN)
	}
	if defN != 0 && ((minN != 0 && defN < minN) || (maxN != 0 && defN > maxN)) {
		return awserr.InvalidParameterValue("The default netmask length (%d) must be between the minimum and maximum netmask lengths.", defN)
	}
	return nil
}

func i32v(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}

// CreateIpamPool creates a pool in a scope.
func (s *Service) CreateIpamPool(ctx context.Context, scope model.Scope, in CreateIpamPoolInput) (*model.IpamPool, error) {
	if in.AddressFamily != "ipv4" && in.AddressFamily != "ipv6" {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter AddressFamily is invalid. Valid values: ipv4, ipv6.", in.AddressFamily)
	}
	if err := checkIpamDescription(in.Description); err != nil {
		return nil, err
	}
	if err := checkNetmaskRules(in.AddressFamily, i32v(in.MinNetmask), i32v(in.MaxNetmask), i32v(in.DefaultNetmask)); err != nil {
		return nil, err
	}
	if in.AwsService != "" && in.AwsService != "ec2" {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter AwsService is invalid. Valid values: ec2.", in.AwsService)
	}
	if in.PublicIPSource != "" && in.PublicIPSource != "amazon" && in.PublicIPSource != "byoip" {
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter PublicIpSource is invalid. Valid values: amazon, byoip.", in.PublicIPSource)
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.IpamPool
	err := s.update(ctx, func(tx *store.Tx) error {
		sc, err := find(kindIpamScope, store.IpamScopeKind.In(tx.World), scope, in.ScopeID)
		if err != nil {
			return err
		}
		ipam, ok := store.IpamKind.In(tx.World).Get(sc.IpamID)
		if !ok {
			return kindIpam.NotFound(sc.IpamID)
		}
		pools := store.IpamPoolKind.In(tx.World)
		if len(pools.Children(sc.ID)) >= maxPoolsPerScope {
			return awserr.New("ResourceLimitExceeded", "You have reached the maximum number of pools (%d) allowed in scope %s.", maxPoolsPerScope, sc.ID)
		}
		p := &model.IpamPool{Meta: newMeta(tx, scope, tx.NewID("ipam-pool"), in.Tags), IpamID: ipam.ID, ScopeID: sc.ID, Depth: 1,
			Locale: in.Locale, Description: in.Description, AddressFamily: in.AddressFamily, AutoImport: in.AutoImport,
			MinNetmask: i32v(in.MinNetmask), MaxNetmask: i32v(in.MaxNetmask), DefaultNetmask: i32v(in.DefaultNetmask),
			ResourceTags: in.ResourceTags, AwsService: in.AwsService}
		if in.Locale != "" && !slices.Contains(ipam.OperatingRegions, in.Locale) {
			return awserr.InvalidParameterValue("The locale %s is not one of the operating Regions of IPAM %s.", in.Locale, ipam.ID)
		}
		if sc.Type == "public" {
			p.PublicIPSource = in.PublicIPSource
			if p.PublicIPSource == "" {
				p.PublicIPSource = "byoip"
			}
		} else if in.PublicIPSource != "" {
			return awserr.InvalidParameterCombination("PublicIpSource can only be used for pools in a public scope.")
		}
		if p.PublicIPSource == "amazon" {
			if in.AddressFamily != "ipv6" {
				return awserr.InvalidParameterCombination("PublicIpSource amazon is only supported for ipv6 pools.")
			}
			if in.AwsService != "ec2" {
				return awserr.InvalidParameterCombination("A pool with PublicIpSource amazon requires AwsService ec2.")
			}
		}
		if in.PubliclyAdvertisable != nil {
			if *in.PubliclyAdvertisable && (in.AddressFamily != "ipv6" || p.PublicIPSource != "byoip") {
				return awserr.InvalidParameterCombination("The request can only contain PubliclyAdvertisable if AddressFamily is ipv6 and PublicIpSource is byoip.")
			}
		}
		if in.AddressFamily == "ipv6" {
			adv := in.PubliclyAdvertisable != nil && *in.PubliclyAdvertisable
			p.PubliclyAdvertisable = &adv
		}
		if in.SourcePoolID != "" {
			parent, err := find(kindIpamPool, pools, scope, in.SourcePoolID)
			if err != nil {
				return err
			}
			if parent.ScopeID != sc.ID {
				return awserr.InvalidParameterValue("The source pool %s is not in scope %s.", parent.ID, sc.ID)
			}
			if parent.AddressFamily != in.AddressFamily {
				return awserr.InvalidParameterValue("The address family %s does not match the address family %s of source pool %s.", in.AddressFamily, parent.AddressFamily, parent.ID)
			}
			if parent.Locale != "" && parent.Locale != in.Locale {
				return awserr.InvalidParameterValue("The locale of a pool must match the locale %s of its source pool %s.", parent.Locale, parent.ID)
			}
			if parent.Depth >= maxPoolDepth {
				return awserr.New("ResourceLimitExceeded", "The pool depth limit (%d) has been reached.", maxPoolDepth)
			}
			p.SourcePoolID, p.Depth = parent.ID, parent.Depth+1
			p.PublicIPSource, p.AwsService = parent.PublicIPSource, firstNonEmpty(in.AwsService, parent.AwsService)
		}
		pools.Put(p)
		out = p
		return nil
	})
	return out, err
}

// ModifyIpamPoolInput is what ModifyIpamPool changes; nil members stay.
type ModifyIpamPoolInput struct {
	ID                                     string
	Description                            *string
	AutoImport                             *bool
	MinNetmask, MaxNetmask, DefaultNetmask *int32
	ClearDefaultNetmask                    bool
	AddResourceTags, RemoveResourceTags    map[string]string
}

// ModifyIpamPool changes a pool's description and allocation rules.
func (s *Service) ModifyIpamPool(ctx context.Context, scope model.Scope, in ModifyIpamPoolInput) (*model.IpamPool, error) {
	if in.Description != nil {
		if err := checkIpamDescription(*in.Description); err != nil {
			return nil, err
		}
	}
	if in.ClearDefaultNetmask && in.DefaultNetmask != nil {
		return nil, awserr.InvalidParameterCombination("The parameters AllocationDefaultNetmaskLength and ClearAllocationDefaultNetmaskLength cannot be used together.")
	}
	var out *model.IpamPool
	err := s.update(ctx, func(tx *store.Tx) error {
		pools := store.IpamPoolKind.In(tx.World)
		p, err := find(kindIpamPool, pools, scope, in.ID)
		if err != nil {
			return err
		}
		c := model.Clone(p)
		c.Modified = true
		if in.Description != nil {
			c.Description = *in.Description
		}
		if in.AutoImport != nil {
			c.AutoImport = *in.AutoImport
		}
		if in.MinNetmask != nil {
			c.MinNetmask = *in.MinNetmask
		}
		if in.MaxNetmask != nil {
			c.MaxNetmask = *in.MaxNetmask
		}
		if in.DefaultNetmask != nil {
			c.DefaultNetmask = *in.DefaultNetmask
		}
		if in.ClearDefaultNetmask {
			c.DefaultNetmask = 0
		}
		if err := checkNetmaskRules(c.AddressFamily, c.MinNetmask, c.MaxNetmask, c.DefaultNetmask); err != nil {
			return err
		}
		for k, v := range in.RemoveResourceTags {
			if cur, ok := c.ResourceTags[k]; ok && cur == v {
				delete(c.ResourceTags, k)
			}
		}
		for k, v := range in.AddResourceTags {
			if c.ResourceTags == nil {
				c.ResourceTags = map[string]string{}
			}
			c.ResourceTags[k] = v
		}
		if len(c.ResourceTags) == 0 {
			c.ResourceTags = nil
		}
		pools.Put(c)
		out = c
		return nil
	})
	return out, err
}

// DeleteIpamPool deletes a pool. Without cascade the pool must have no
// provisioned CIDR and no child pool; with cascade (private scope only) its
// allocations are released, its CIDRs deprovisioned (back to the source
// pool) and its child pools deleted the same way [EC2 API DeleteIpamPool].
func (s *Service) DeleteIpamPool(ctx context.Context, scope model.Scope, id string, cascade bool) (*model.IpamPool, error) {
	var out *model.IpamPool
	err := s.update(ctx, func(tx *store.Tx) error {
		pools := store.IpamPoolKind.In(tx.World)
		p, err := find(kindIpamPool, pools, scope, id)
		if err != nil {
			return err
		}
		children := childPools(tx.World, p)
		if !cascade {
			if len(p.ProvisionedCidrs()) > 0 {
				return awserr.New("InvalidIpamPoolState", "The pool %s cannot be deleted while it has provisioned CIDRs.", id)
			}
			if len(children) > 0 {
				return awserr.New("InvalidIpamPoolState", "The pool %s cannot be deleted while it is the source of pool %s.", id, children[0].ID)
			}
		} else if sc, ok := store.IpamScopeKind.In(tx.World).Get(p.ScopeID); ok && sc.Type == "public" {
			return awserr.InvalidParameterCombination("Cascade can only be used to delete pools in a private scope.")
		}
		deletePoolTree(tx, p)
		out = p
		return nil
	})
	return out, err
}

// childPools returns the pools whose source is p.
func childPools(w *store.World, p *model.IpamPool) []*model.IpamPool {
	var out []*model.IpamPool
	for _, c := range store.IpamPoolKind.In(w).Children(p.ScopeID) {
		if c.SourcePoolID == p.ID {
			out = append(out, c)
		}
	}
	return out
}

// deletePoolTree deletes p and its descendants, returning p's provisioned
// CIDRs to its source pool.
func deletePoolTree(tx *store.Tx, p *model.IpamPool) {
	for _, c := range childPools(tx.World, p) {
		deletePoolTree(tx, c)
	}
	if p.SourcePoolID != "" {
		releaseFromParent(tx, p.SourcePoolID, p.ID, nil)
	}
	store.IpamPoolKind.In(tx.World).Delete(p.ID)
}

// releaseFromParent drops the allocations of parentID held by resourceID
// (all of them, or only those of prefix when given).
func releaseFromParent(tx *store.Tx, parentID, resourceID string, prefix *netip.Prefix) {
	pools := store.IpamPoolKind.In(tx.World)
	parent, ok := pools.Get(parentID)
	if !ok {
		return
	}
	c := model.Clone(parent)
	c.Allocations = slices.DeleteFunc(c.Allocations, func(a model.IpamAllocation) bool {
		return a.ResourceID == resourceID && (prefix == nil || a.Prefix == *prefix)
	})
	pools.Put(c)
}

// IpamPools returns the pools of scope a Describe call selects.
func (s *Service) IpamPools(ctx context.Context, scope model.Scope, ids []string) ([]*model.IpamPool, error) {
	var out []*model.IpamPool
	err := Select(store.IpamPoolKind.In(s.View(ctx)), scope, ids, "", func(v *model.IpamPool) bool {
		out = append(out, v)
		return true
	})
	return out, err
}

// IpamPoolContext is what a pool's description needs besides the pool: its
// scope's type and its IPAM's Region.
func IpamPoolContext(w *store.World, p *model.IpamPool) (scopeType string) {
	if sc, ok := store.IpamScopeKind.In(w).Get(p.ScopeID); ok {
		return sc.Type
	}
	return ""
}

// GetIpamPool returns a pool in scope.
func (s *Service) GetIpamPool(ctx context.Context, scope model.Scope, id string) (*model.IpamPool, error) {
	if id == "" {
		return nil, awserr.MissingParameter("IpamPoolId")
	}
	return find(kindIpamPool, store.IpamPoolKind.In(s.View(ctx)), scope, id)
}
