package control

import (
	"context"
	"slices"
	"sort"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VPC IP Address Manager [Amazon VPC IPAM User Guide, "How IPAM works",
// "Create an IPAM", "Quotas for your IPAM"; EC2 API CreateIpam, ModifyIpam,
// DeleteIpam]:
//   - an IPAM lives in the Region it is created in (its home Region, always
//     an operating Region) and manages the operating Regions it lists;
//   - it is created with a public and a private default scope, a default
//     resource discovery and the association between the two; they go with
//     it and cannot be deleted on their own;
//   - tier free (default) or advanced;
//   - quotas (default values): 1 IPAM per Region, 5 scopes per IPAM,
//     50 pools per scope, pool depth 10, 50 CIDRs per pool.
//
// IPAM objects are read and changed in the IPAM's home Region; a VPC in
// another operating Region of the same account reaches a pool by its id
// (ipam_vpc.go).

const (
	maxIpamsPerRegion = 1
	maxScopesPerIpam  = 5
	maxPoolsPerScope  = 50
	maxPoolDepth      = 10
	maxCidrsPerPool   = 50
	ipamDescrMax      = 1000
)

var (
	kindIpam      = idKindOf(store.IpamKind)
	kindIpamScope = idKindOf(store.IpamScopeKind)
	kindIpamPool  = idKindOf(store.IpamPoolKind)
)

// IpamARN returns the ARN of an IPAM resource: IPAM ARNs carry the account
// but no Region (arn:aws:ec2::111122223333:ipam/ipam-...).
func IpamARN(region, account, resourceType, id string) string {
	return "arn:" + PartitionOf(region) + ":ec2::" + account + ":" + resourceType + "/" + id
}

// CreateIpamInput is what CreateIpam needs.
type CreateIpamInput struct {
	Description      string
	OperatingRegions []string
	Tier             string
	EnablePrivateGua bool
	MeteredAccount   string
	Tags             map[string]string
}

func checkIpamDescription(d string) error {
	if len(d) > ipamDescrMax {
		return awserr.InvalidParameterValue("The description must be at most %d characters long.", ipamDescrMax)
	}
	return nil
}

// operatingRegions validates regions and returns them with home first and
// no duplicates.
func operatingRegions(home string, regions []string) ([]string, error) {
	out := []string{home}
	for _, r := range regions {
		if _, err := RegionByName(r); err != nil {
			return nil, awserr.InvalidParameterValue("The operating Region %s is not a valid Region.", r)
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

func checkTier(t string) (string, error) {
	switch t {
	case "":
		return "free", nil
	case "free", "advanced":
		return t, nil
	}
	return "", awserr.InvalidParameterValue("Value (%s) for parameter Tier is invalid. Valid values: free, advanced.", t)
}

// CreateIpam creates an IPAM with its default scopes and resource discovery.
func (s *Service) CreateIpam(ctx context.Context, scope model.Scope, in CreateIpamInput) (*model.Ipam, error) {
	if err := checkIpamDescription(in.Description); err != nil {
		return nil, err
	}
	regions, err := operatingRegions(scope.Region, in.OperatingRegions)
	if err != nil {
		return nil, err
	}
	tier, err := checkTier(in.Tier)
	if err != nil {
		return nil, err
	}
	metered := in.MeteredAccount
	if metered == "" {
		metered = "ipam-owner"
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.Ipam
	err = s.update(ctx, func(tx *store.Tx) error {
		t := store.IpamKind.In(tx.World)
		if countInScope(t, scope) >= maxIpamsPerRegion {
			return awserr.New("ResourceLimitExceeded", "You have reached the maximum number of IPAMs (%d) allowed in this Region.", maxIpamsPerRegion)
		}
		ipam := &model.Ipam{Meta: newMeta(tx, scope, tx.NewID("ipam"), in.Tags), Description: in.Description,
			OperatingRegions: regions, Tier: tier, EnablePrivateGua: in.EnablePrivateGua, MeteredAccount: metered,
			DiscoveryID: tx.NewID("ipam-res-disco"), DiscoveryAssociationID: tx.NewID("ipam-res-disco-assoc")}
		scopes := store.IpamScopeKind.In(tx.World)
		pub := &model.IpamScope{Meta: newMeta(tx, scope, tx.NewID("ipam-scope"), nil), IpamID: ipam.ID, Type: "public", IsDefault: true}
		priv := &model.IpamScope{Meta: newMeta(tx, scope, tx.NewID("ipam-scope"), nil), IpamID: ipam.ID, Type: "private", IsDefault: true}
		ipam.PublicScopeID, ipam.PrivateScopeID = pub.ID, priv.ID
		scopes.Put(pub)
		scopes.Put(priv)
		t.Put(ipam)
		out = ipam
		return nil
	})
	return out, err
}

// ModifyIpamInput is what ModifyIpam changes; nil members stay.
type ModifyIpamInput struct {
	ID                      string
	Description             *string
	AddRegions, DropRegions []string
	Tier                    *string
	EnablePrivateGua        *bool
	MeteredAccount          *string
}

// ModifyIpam changes an IPAM's description, operating Regions and tier.
// The home Region cannot be removed; a Region where a pool has its locale
// cannot either.
func (s *Service) ModifyIpam(ctx context.Context, scope model.Scope, in ModifyIpamInput) (*model.Ipam, error) {
	if in.Description != nil {
		if err := checkIpamDescription(*in.Description); err != nil {
			return nil, err
		}
	}
	var out *model.Ipam
	err := s.update(ctx, func(tx *store.Tx) error {
		ipam, err := find(kindIpam, store.IpamKind.In(tx.World), scope, in.ID)
		if err != nil {
			return err
		}
		c := model.Clone(ipam)
		c.Modified = true
		if in.Description != nil {
			c.Description = *in.Description
		}
		if in.Tier != nil {
			if c.Tier, err = checkTier(*in.Tier); err != nil {
				return err
			}
		}
		if in.EnablePrivateGua != nil {
			c.EnablePrivateGua = *in.EnablePrivateGua
		}
		if in.MeteredAccount != nil {
			c.MeteredAccount = *in.MeteredAccount
		}
		if c.OperatingRegions, err = operatingRegions(c.Region, append(c.OperatingRegions, in.AddRegions...)); err != nil {
			return err
		}
		for _, r := range in.DropRegions {
			if r == c.Region {
				return awserr.InvalidParameterValue("You cannot remove the IPAM's home Region %s from its operating Regions.", r)
			}
			if ipamLocaleInUse(tx.World, c.ID, r) {
				return awserr.InvalidParameterValue("The operating Region %s is the locale of a pool in this IPAM.", r)
			}
			c.OperatingRegions = slices.DeleteFunc(c.OperatingRegions, func(x string) bool { return x == r })
		}
		store.IpamKind.In(tx.World).Put(c)
		out = c
		return nil
	})
	return out, err
}

// ipamPools returns the pools of an IPAM.
func ipamPools(w *store.World, ipamID string) []*model.IpamPool {
	var out []*model.IpamPool
	for _, sc := range store.IpamScopeKind.In(w).Children(ipamID) {
		out = append(out, store.IpamPoolKind.In(w).Children(sc.ID)...)
	}
	return out
}

func ipamLocaleInUse(w *store.World, ipamID, region string) bool {
	for _, p := range ipamPools(w, ipamID) {
		if p.Locale == region {
			return true
		}
	}
	return false
}

// DeleteIpam deletes an IPAM. Without cascade it must hold no pool and no
// scope but its default ones; with cascade its private scopes' pools go
// (allocations released, CIDRs deprovisioned, VPCs keep their CIDRs), but
// never a pool of its public scope [EC2 API DeleteIpam, Cascade].
func (s *Service) DeleteIpam(ctx context.Context, scope model.Scope, id string, cascade bool) (*model.Ipam, error) {
	var out *model.Ipam
	err := s.update(ctx, func(tx *store.Tx) error {
		ipam, err := find(kindIpam, store.IpamKind.In(tx.World), scope, id)
		if err != nil {
			return err
		}
		scopes := store.IpamScopeKind.In(tx.World)
		pools := store.IpamPoolKind.In(tx.World)
		for _, sc := range scopes.Children(id) {
			n := len(pools.Children(sc.ID))
			if n > 0 && (!cascade || sc.Type == "public") {
				return awserr.New("InvalidIpamState", "The IPAM %s cannot be deleted while scope %s has pools.", id, sc.ID)
			}
			if !sc.IsDefault && !cascade {
				return awserr.New("InvalidIpamState", "The IPAM %s cannot be deleted while it has the non-default scope %s.", id, sc.ID)
			}
		}
		for _, sc := range scopes.Children(id) {
			for _, p := range poolsDeepestFirst(pools.Children(sc.ID)) {
				pools.Delete(p.ID)
			}
			scopes.Delete(sc.ID)
		}
		store.IpamKind.In(tx.World).Delete(id)
		out = ipam
		return nil
	})
	return out, err
}

// poolsDeepestFirst orders pools so that children come before parents.
func poolsDeepestFirst(ps []*model.IpamPool) []*model.IpamPool {
	out := append([]*model.IpamPool(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Depth > out[j].Depth })
	return out
}

// Ipams returns the IPAMs of scope a Describe call selects.
func (s *Service) Ipams(ctx context.Context, scope model.Scope, ids []string) ([]*model.Ipam, error) {
	var out []*model.Ipam
	err := Select(store.IpamKind.In(s.View(ctx)), scope, ids, "", func(v *model.Ipam) bool {
		out = append(out, v)
		return true
	})
	return out, err
}

// IpamScopeCount returns the number of scopes of an IPAM.
func IpamScopeCount(w *store.World, ipamID string) int {
	return len(store.IpamScopeKind.In(w).Children(ipamID))
}

// IpamPoolCount returns the number of pools in a scope.
func IpamPoolCount(w *store.World, scopeID string) int {
	return len(store.IpamPoolKind.In(w).Children(scopeID))
}

// CreateIpamScope creates a private scope in an IPAM (only private scopes
// can be created [IPAM UG "Create additional scopes"]).
func (s *Service) CreateIpamScope(ctx context.Context, scope model.Scope, ipamID, description string, tags map[string]string) (*model.IpamScope, error) {
	if err := checkIpamDescription(description); err != nil {
		return nil, err
	}
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	var out *model.IpamScope
	err := s.update(ctx, func(tx *store.Tx) error {
		ipam, err := find(kindIpam, store.IpamKind.In(tx.World), scope, ipamID)
		if err != nil {
			return err
		}
		if IpamScopeCount(tx.World, ipam.ID) >= maxScopesPerIpam {
			return awserr.New("ResourceLimitExceeded", "You have reached the maximum number of scopes (%d) allowed for IPAM %s.", maxScopesPerIpam, ipam.ID)
		}
		out = &model.IpamScope{Meta: newMeta(tx, scope, tx.NewID("ipam-scope"), tags), IpamID: ipam.ID, Type: "private", Description: description}
		store.IpamScopeKind.In(tx.World).Put(out)
		return nil
	})
	return out, err
}

// ModifyIpamScope changes a scope's description.
func (s *Service) ModifyIpamScope(ctx context.Context, scope model.Scope, id string, description *string) (*model.IpamScope, error) {
	if description != nil {
		if err := checkIpamDescription(*description); err != nil {
			return nil, err
		}
	}
	var out *model.IpamScope
	err := s.update(ctx, func(tx *store.Tx) error {
		sc, err := find(kindIpamScope, store.IpamScopeKind.In(tx.World), scope, id)
		if err != nil {
			return err
		}
		c := model.Clone(sc)
		c.Modified = true
		if description != nil {
			c.Description = *description
		}
		store.IpamScopeKind.In(tx.World).Put(c)
		out = c
		return nil
	})
	return out, err
}

// DeleteIpamScope deletes a non-default scope that has no pools.
func (s *Service) DeleteIpamScope(ctx context.Context, scope model.Scope, id string) (*model.IpamScope, error) {
	var out *model.IpamScope
	err := s.update(ctx, func(tx *store.Tx) error {
		sc, err := find(kindIpamScope, store.IpamScopeKind.In(tx.World), scope, id)
		if err != nil {
			return err
		}
		if sc.IsDefault {
			return awserr.New("InvalidIpamScope.DefaultScope", "You cannot delete the default scope %s of an IPAM.", id)
		}
		if IpamPoolCount(tx.World, id) > 0 {
			return awserr.New("InvalidIpamScopeState", "The scope %s cannot be deleted while it has pools.", id)
		}
		store.IpamScopeKind.In(tx.World).Delete(id)
		out = sc
		return nil
	})
	return out, err
}

// IpamScopes returns the scopes of scope a Describe call selects.
func (s *Service) IpamScopes(ctx context.Context, scope model.Scope, ids []string) ([]*model.IpamScope, error) {
	var out []*model.IpamScope
	err := Select(store.IpamScopeKind.In(s.View(ctx)), scope, ids, "", func(v *model.IpamScope) bool {
		out = append(out, v)
		return true
	})
	return out, err
}

// IpamDiscoveries returns the IPAMs whose default resource discoveries (and
// their associations) a Describe call of discoveries (assoc false) or of
// associations (assoc true) selects, by discovery or association id.
func (s *Service) IpamDiscoveries(ctx context.Context, scope model.Scope, ids []string, assoc bool) ([]*model.Ipam, error) {
	all, err := s.Ipams(ctx, scope, nil)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return all, nil
	}
	var out []*model.Ipam
	for _, id := range ids {
		found := false
		for _, ipam := range all {
			if (!assoc && ipam.DiscoveryID == id) || (assoc && ipam.DiscoveryAssociationID == id) {
				if !slices.Contains(out, ipam) {
					out = append(out, ipam)
				}
				found = true
			}
		}
		if !found {
			if assoc {
				return nil, awserr.New("InvalidIpamResourceDiscoveryAssociationId.NotFound", "The IPAM resource discovery association ID '%s' does not exist", id)
			}
			return nil, awserr.New("InvalidIpamResourceDiscoveryId.NotFound", "The IPAM resource discovery ID '%s' does not exist", id)
		}
	}
	return out, nil
}
