package ec2

import (
	"context"
	"fmt"
	"sort"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

// registerIpam registers the VPC IP Address Manager operations.
func (a *API) registerIpam() {
	handle(a, "CreateIpam", a.createIpam)
	handle(a, "DescribeIpams", a.describeIpams)
	handle(a, "ModifyIpam", a.modifyIpam)
	handle(a, "DeleteIpam", func(ctx context.Context, r *Request, in *DeleteIpamRequest) (*DeleteIpamResult, error) {
		v, err := a.ctl.DeleteIpam(ctx, r.Scope, deref(in.IpamId), derefBool(in.Cascade))
		if err != nil {
			return nil, err
		}
		out := a.ipamOut(ctx, v)
		out.State = str("delete-in-progress")
		return &DeleteIpamResult{Ipam: out}, nil
	})
	handle(a, "CreateIpamScope", a.createIpamScope)
	handle(a, "DescribeIpamScopes", a.describeIpamScopes)
	handle(a, "ModifyIpamScope", func(ctx context.Context, r *Request, in *ModifyIpamScopeRequest) (*ModifyIpamScopeResult, error) {
		v, err := a.ctl.ModifyIpamScope(ctx, r.Scope, deref(in.IpamScopeId), in.Description)
		if err != nil {
			return nil, err
		}
		out := a.ipamScopeOut(ctx, v)
		out.State = str("modify-in-progress")
		return &ModifyIpamScopeResult{IpamScope: out}, nil
	})
	handle(a, "DeleteIpamScope", func(ctx context.Context, r *Request, in *DeleteIpamScopeRequest) (*DeleteIpamScopeResult, error) {
		v, err := a.ctl.DeleteIpamScope(ctx, r.Scope, deref(in.IpamScopeId))
		if err != nil {
			return nil, err
		}
		out := a.ipamScopeOut(ctx, v)
		out.State = str("delete-in-progress")
		out.PoolCount = i32(0)
		return &DeleteIpamScopeResult{IpamScope: out}, nil
	})
	handle(a, "CreateIpamPool", a.createIpamPool)
	handle(a, "DescribeIpamPools", a.describeIpamPools)
	handle(a, "ModifyIpamPool", a.modifyIpamPool)
	handle(a, "DeleteIpamPool", func(ctx context.Context, r *Request, in *DeleteIpamPoolRequest) (*DeleteIpamPoolResult, error) {
		v, err := a.ctl.DeleteIpamPool(ctx, r.Scope, deref(in.IpamPoolId), derefBool(in.Cascade))
		if err != nil {
			return nil, err
		}
		out := a.ipamPoolOut(ctx, v)
		out.State = str("delete-in-progress")
		return &DeleteIpamPoolResult{IpamPool: out}, nil
	})
	a.registerIpamCidrs()
}

func (a *API) registerIpamCidrs() {
	handle(a, "ProvisionIpamPoolCidr", func(ctx context.Context, r *Request, in *ProvisionIpamPoolCidrRequest) (*ProvisionIpamPoolCidrResult, error) {
		c, err := a.ctl.ProvisionIpamPoolCidr(ctx, r.Scope, deref(in.IpamPoolId), deref(in.Cidr), derefI32(in.NetmaskLength, 0))
		if err != nil {
			return nil, err
		}
		out := ipamPoolCidrOut(*c)
		out.State = str("pending-provision") // reads show provisioned
		return &ProvisionIpamPoolCidrResult{IpamPoolCidr: &out}, nil
	})
	handle(a, "DeprovisionIpamPoolCidr", func(ctx context.Context, r *Request, in *DeprovisionIpamPoolCidrRequest) (*DeprovisionIpamPoolCidrResult, error) {
		c, err := a.ctl.DeprovisionIpamPoolCidr(ctx, r.Scope, deref(in.IpamPoolId), deref(in.Cidr))
		if err != nil {
			return nil, err
		}
		out := ipamPoolCidrOut(*c)
		out.State = str("pending-deprovision") // reads show deprovisioned
		return &DeprovisionIpamPoolCidrResult{IpamPoolCidr: &out}, nil
	})
	handle(a, "GetIpamPoolCidrs", a.getIpamPoolCidrs)
	handle(a, "AllocateIpamPoolCidr", a.allocateIpamPoolCidr)
	handle(a, "ReleaseIpamPoolAllocation", func(ctx context.Context, r *Request, in *ReleaseIpamPoolAllocationRequest) (*ReleaseIpamPoolAllocationResult, error) {
		if err := a.ctl.ReleaseIpamPoolAllocation(ctx, r.Scope, deref(in.IpamPoolId), deref(in.IpamPoolAllocationId), deref(in.Cidr)); err != nil {
			return nil, err
		}
		return &ReleaseIpamPoolAllocationResult{Success: boolp(true)}, nil
	})
	handle(a, "GetIpamPoolAllocations", a.getIpamPoolAllocations)
	handle(a, "GetIpamResourceCidrs", a.getIpamResourceCidrs)
	handle(a, "DescribeIpamResourceDiscoveries", a.describeIpamResourceDiscoveries)
	handle(a, "DescribeIpamResourceDiscoveryAssociations", a.describeIpamResourceDiscoveryAssociations)
}

// --- IPAMs ---

func operatingRegionsOut(rs []string) []IpamOperatingRegion {
	out := make([]IpamOperatingRegion, len(rs))
	for i, r := range rs {
		out[i] = IpamOperatingRegion{RegionName: str(r)}
	}
	return out
}

func (a *API) ipamOut(ctx context.Context, v *model.Ipam) *Ipam {
	w := a.ctl.View(ctx)
	return &Ipam{
		OwnerId: str(v.Account), IpamId: str(v.ID), IpamArn: str(control.IpamARN(v.Region, v.Account, "ipam", v.ID)),
		IpamRegion: str(v.Region), PublicDefaultScopeId: str(v.PublicScopeID), PrivateDefaultScopeId: str(v.PrivateScopeID),
		ScopeCount: i32(int32(control.IpamScopeCount(w, v.ID))), Description: optStr(v.Description),
		OperatingRegions: operatingRegionsOut(v.OperatingRegions), State: str(model.IpamState(v.Modified)), Tags: tagSet(&v.Meta),
		DefaultResourceDiscoveryId: str(v.DiscoveryID), DefaultResourceDiscoveryAssociationId: str(v.DiscoveryAssociationID),
		ResourceDiscoveryAssociationCount: i32(1), Tier: str(v.Tier), EnablePrivateGua: boolp(v.EnablePrivateGua),
		MeteredAccount: optStr(v.MeteredAccount),
	}
}

func regionNames(rs []AddIpamOperatingRegion) []string {
	var out []string
	for _, r := range rs {
		out = append(out, deref(r.RegionName))
	}
	return out
}

func (a *API) createIpam(ctx context.Context, r *Request, in *CreateIpamRequest) (*CreateIpamResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "ipam")
	if err != nil {
		return nil, err
	}
	v, err := a.ctl.CreateIpam(ctx, r.Scope, control.CreateIpamInput{Description: deref(in.Description), OperatingRegions: regionNames(in.OperatingRegions),
		Tier: deref(in.Tier), EnablePrivateGua: derefBool(in.EnablePrivateGua), MeteredAccount: deref(in.MeteredAccount), Tags: tags})
	if err != nil {
		return nil, err
	}
	out := a.ipamOut(ctx, v)
	out.State = str("create-in-progress")
	out.ScopeCount = i32(2)
	return &CreateIpamResult{Ipam: out}, nil
}

func (a *API) modifyIpam(ctx context.Context, r *Request, in *ModifyIpamRequest) (*ModifyIpamResult, error) {
	mi := control.ModifyIpamInput{ID: deref(in.IpamId), Description: in.Description, AddRegions: regionNames(in.AddOperatingRegions),
		Tier: in.Tier, EnablePrivateGua: in.EnablePrivateGua, MeteredAccount: in.MeteredAccount}
	for _, x := range in.RemoveOperatingRegions {
		mi.DropRegions = append(mi.DropRegions, deref(x.RegionName))
	}
	v, err := a.ctl.ModifyIpam(ctx, r.Scope, mi)
	if err != nil {
		return nil, err
	}
	out := a.ipamOut(ctx, v)
	out.State = str("modify-in-progress")
	return &ModifyIpamResult{Ipam: out}, nil
}

var ipamFilters = filterTable[model.Ipam]{
	"description":                          func(v *model.Ipam) []string { return optOne(v.Description) },
	"ipam-id":                              func(v *model.Ipam) []string { return one(v.ID) },
	"ipam-region":                          func(v *model.Ipam) []string { return one(v.Region) },
	"operating-region":                     func(v *model.Ipam) []string { return v.OperatingRegions },
	"owner-id":                             func(v *model.Ipam) []string { return one(v.Account) },
	"private-default-scope-id":             func(v *model.Ipam) []string { return one(v.PrivateScopeID) },
	"public-default-scope-id":              func(v *model.Ipam) []string { return one(v.PublicScopeID) },
	"state":                                func(v *model.Ipam) []string { return one(model.IpamState(v.Modified)) },
	"tier":                                 func(v *model.Ipam) []string { return one(v.Tier) },
	"default-resource-discovery-id":        func(v *model.Ipam) []string { return one(v.DiscoveryID) },
	"ipam-arn":                             func(v *model.Ipam) []string { return one(control.IpamARN(v.Region, v.Account, "ipam", v.ID)) },
	"resource-discovery-association-count": func(v *model.Ipam) []string { return one("1") },
}

func (a *API) describeIpams(ctx context.Context, r *Request, in *DescribeIpamsRequest) (*DescribeIpamsResult, error) {
	m, err := compileFilters(ipamFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	vs, next, err := describe(ipamTable(a, ctx), r.Scope, in.IpamIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeIpamsResult{NextToken: next, Ipams: make([]Ipam, len(vs))}
	for i, v := range vs {
		out.Ipams[i] = *a.ipamOut(ctx, v)
	}
	return out, nil
}

// --- scopes ---

func (a *API) ipamScopeOut(ctx context.Context, v *model.IpamScope) *IpamScope {
	return &IpamScope{OwnerId: str(v.Account), IpamScopeId: str(v.ID), IpamScopeArn: str(control.IpamARN(v.Region, v.Account, "ipam-scope", v.ID)),
		IpamArn: str(control.IpamARN(v.Region, v.Account, "ipam", v.IpamID)), IpamRegion: str(v.Region), IpamScopeType: str(v.Type),
		IsDefault: boolp(v.IsDefault), Description: optStr(v.Description), PoolCount: i32(int32(control.IpamPoolCount(a.ctl.View(ctx), v.ID))),
		State: str(model.IpamState(v.Modified)), Tags: tagSet(&v.Meta)}
}

func (a *API) createIpamScope(ctx context.Context, r *Request, in *CreateIpamScopeRequest) (*CreateIpamScopeResult, error) {
	if in.ExternalAuthorityConfiguration != nil {
		return nil, unsupported("IPAM scopes with an external authority")
	}
	tags, err := tagsFor(in.TagSpecifications, "ipam-scope")
	if err != nil {
		return nil, err
	}
	v, err := a.ctl.CreateIpamScope(ctx, r.Scope, deref(in.IpamId), deref(in.Description), tags)
	if err != nil {
		return nil, err
	}
	out := a.ipamScopeOut(ctx, v)
	out.State = str("create-in-progress")
	return &CreateIpamScopeResult{IpamScope: out}, nil
}

var ipamScopeFilters = filterTable[model.IpamScope]{
	"description":     func(v *model.IpamScope) []string { return optOne(v.Description) },
	"ipam-arn":        func(v *model.IpamScope) []string { return one(control.IpamARN(v.Region, v.Account, "ipam", v.IpamID)) },
	"ipam-id":         func(v *model.IpamScope) []string { return one(v.IpamID) },
	"ipam-region":     func(v *model.IpamScope) []string { return one(v.Region) },
	"ipam-scope-id":   func(v *model.IpamScope) []string { return one(v.ID) },
	"ipam-scope-type": func(v *model.IpamScope) []string { return one(v.Type) },
	"is-default":      func(v *model.IpamScope) []string { return one(boolStr(v.IsDefault)) },
	"owner-id":        func(v *model.IpamScope) []string { return one(v.Account) },
	"state":           func(v *model.IpamScope) []string { return one(model.IpamState(v.Modified)) },
}

func (a *API) describeIpamScopes(ctx context.Context, r *Request, in *DescribeIpamScopesRequest) (*DescribeIpamScopesResult, error) {
	m, err := compileFilters(ipamScopeFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	vs, next, err := describe(ipamScopeTable(a, ctx), r.Scope, in.IpamScopeIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeIpamScopesResult{NextToken: next, IpamScopes: make([]IpamScope, len(vs))}
	for i, v := range vs {
		out.IpamScopes[i] = *a.ipamScopeOut(ctx, v)
	}
	return out, nil
}

// --- pools ---

func resourceTagsOut(tags map[string]string) []IpamResourceTag {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []IpamResourceTag
	for _, k := range keys {
		out = append(out, IpamResourceTag{Key: str(k), Value: str(tags[k])})
	}
	return out
}

func resourceTagsIn(tags []RequestIpamResourceTag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, t := range tags {
		out[deref(t.Key)] = deref(t.Value)
	}
	return out
}

func optI32(n int32) *int32 {
	if n == 0 {
		return nil
	}
	return &n
}

func (a *API) ipamPoolOut(ctx context.Context, v *model.IpamPool) *IpamPool {
	out := &IpamPool{OwnerId: str(v.Account), IpamPoolId: str(v.ID), SourceIpamPoolId: optStr(v.SourcePoolID),
		IpamPoolArn:   str(control.IpamARN(v.Region, v.Account, "ipam-pool", v.ID)),
		IpamScopeArn:  str(control.IpamARN(v.Region, v.Account, "ipam-scope", v.ScopeID)),
		IpamScopeType: str(control.IpamPoolContext(a.ctl.View(ctx), v)),
		IpamArn:       str(control.IpamARN(v.Region, v.Account, "ipam", v.IpamID)), IpamRegion: str(v.Region),
		Locale: str(v.Locale), PoolDepth: i32(v.Depth), State: str(model.IpamState(v.Modified)), Description: optStr(v.Description),
		AutoImport: boolp(v.AutoImport), PubliclyAdvertisable: v.PubliclyAdvertisable, AddressFamily: str(v.AddressFamily),
		AllocationMinNetmaskLength: optI32(v.MinNetmask), AllocationMaxNetmaskLength: optI32(v.MaxNetmask),
		AllocationDefaultNetmaskLength: optI32(v.DefaultNetmask), AllocationResourceTags: resourceTagsOut(v.ResourceTags),
		Tags: tagSet(&v.Meta), AwsService: optStr(v.AwsService), PublicIpSource: optStr(v.PublicIPSource)}
	if v.Locale == "" {
		out.Locale = str("None")
	}
	return out
}

func (a *API) createIpamPool(ctx context.Context, r *Request, in *CreateIpamPoolRequest) (*CreateIpamPoolResult, error) {
	if in.SourceResource != nil {
		return nil, unsupported("IPAM pools with a source resource (resource planning pools)")
	}
	tags, err := tagsFor(in.TagSpecifications, "ipam-pool")
	if err != nil {
		return nil, err
	}
	v, err := a.ctl.CreateIpamPool(ctx, r.Scope, control.CreateIpamPoolInput{ScopeID: deref(in.IpamScopeId), SourcePoolID: deref(in.SourceIpamPoolId),
		Locale: deref(in.Locale), Description: deref(in.Description), AddressFamily: deref(in.AddressFamily), AutoImport: derefBool(in.AutoImport),
		PubliclyAdvertisable: in.PubliclyAdvertisable, MinNetmask: in.AllocationMinNetmaskLength, MaxNetmask: in.AllocationMaxNetmaskLength,
		DefaultNetmask: in.AllocationDefaultNetmaskLength, ResourceTags: resourceTagsIn(in.AllocationResourceTags),
		AwsService: deref(in.AwsService), PublicIPSource: deref(in.PublicIpSource), Tags: tags})
	if err != nil {
		return nil, err
	}
	out := a.ipamPoolOut(ctx, v)
	out.State = str("create-in-progress")
	return &CreateIpamPoolResult{IpamPool: out}, nil
}

func (a *API) modifyIpamPool(ctx context.Context, r *Request, in *ModifyIpamPoolRequest) (*ModifyIpamPoolResult, error) {
	v, err := a.ctl.ModifyIpamPool(ctx, r.Scope, control.ModifyIpamPoolInput{ID: deref(in.IpamPoolId), Description: in.Description, AutoImport: in.AutoImport,
		MinNetmask: in.AllocationMinNetmaskLength, MaxNetmask: in.AllocationMaxNetmaskLength, DefaultNetmask: in.AllocationDefaultNetmaskLength,
		ClearDefaultNetmask: derefBool(in.ClearAllocationDefaultNetmaskLength),
		AddResourceTags:     resourceTagsIn(in.AddAllocationResourceTags), RemoveResourceTags: resourceTagsIn(in.RemoveAllocationResourceTags)})
	if err != nil {
		return nil, err
	}
	out := a.ipamPoolOut(ctx, v)
	out.State = str("modify-in-progress")
	return &ModifyIpamPoolResult{IpamPool: out}, nil
}

func ipamPoolFilters(a *API, ctx context.Context) filterTable[model.IpamPool] {
	return filterTable[model.IpamPool]{
		"address-family": func(v *model.IpamPool) []string { return one(v.AddressFamily) },
		"auto-import":    func(v *model.IpamPool) []string { return one(boolStr(v.AutoImport)) },
		"aws-service":    func(v *model.IpamPool) []string { return optOne(v.AwsService) },
		"description":    func(v *model.IpamPool) []string { return optOne(v.Description) },
		"ipam-id":        func(v *model.IpamPool) []string { return one(v.IpamID) },
		"ipam-pool-id":   func(v *model.IpamPool) []string { return one(v.ID) },
		"ipam-scope-id":  func(v *model.IpamPool) []string { return one(v.ScopeID) },
		"ipam-scope-arn": func(v *model.IpamPool) []string {
			return one(control.IpamARN(v.Region, v.Account, "ipam-scope", v.ScopeID))
		},
		"ipam-scope-type":     func(v *model.IpamPool) []string { return one(control.IpamPoolContext(a.ctl.View(ctx), v)) },
		"ipam-region":         func(v *model.IpamPool) []string { return one(v.Region) },
		"locale":              func(v *model.IpamPool) []string { return one(firstOr(v.Locale, "None")) },
		"owner-id":            func(v *model.IpamPool) []string { return one(v.Account) },
		"pool-depth":          func(v *model.IpamPool) []string { return one(fmt.Sprint(v.Depth)) },
		"public-ip-source":    func(v *model.IpamPool) []string { return optOne(v.PublicIPSource) },
		"source-ipam-pool-id": func(v *model.IpamPool) []string { return optOne(v.SourcePoolID) },
		"state":               func(v *model.IpamPool) []string { return one(model.IpamState(v.Modified)) },
		"publicly-advertisable": func(v *model.IpamPool) []string {
			return one(boolStr(v.PubliclyAdvertisable != nil && *v.PubliclyAdvertisable))
		},
	}
}

func firstOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (a *API) describeIpamPools(ctx context.Context, r *Request, in *DescribeIpamPoolsRequest) (*DescribeIpamPoolsResult, error) {
	m, err := compileFilters(ipamPoolFilters(a, ctx), in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	vs, next, err := describe(ipamPoolTable(a, ctx), r.Scope, in.IpamPoolIds, m, p)
	if err != nil {
		return nil, err
	}
	out := &DescribeIpamPoolsResult{NextToken: next, IpamPools: make([]IpamPool, len(vs))}
	for i, v := range vs {
		out.IpamPools[i] = *a.ipamPoolOut(ctx, v)
	}
	return out, nil
}
