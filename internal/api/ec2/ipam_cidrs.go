package ec2

import (
	"context"
	"fmt"
	"sort"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func ipamTable(a *API, ctx context.Context) *store.Table[model.Ipam] {
	return store.IpamKind.In(a.ctl.View(ctx))
}

func ipamScopeTable(a *API, ctx context.Context) *store.Table[model.IpamScope] {
	return store.IpamScopeKind.In(a.ctl.View(ctx))
}

func ipamPoolTable(a *API, ctx context.Context) *store.Table[model.IpamPool] {
	return store.IpamPoolKind.In(a.ctl.View(ctx))
}

// unsupported answers a feature of an IPAM operation vpcsim does not
// simulate.
func unsupported(what string) error {
	return awserr.New("UnsupportedOperation", "%s are not supported by vpcsim.", what)
}

// row is one element of a list that is not a stored table (pool CIDRs,
// allocations, resource CIDRs, resource discoveries): Meta.ID is its
// pagination key, Meta.Tags what tag filters see.
type row[O any] struct {
	model.Meta
	out O
}

// pageRows filters rows and cuts one page of them in key order.
func pageRows[O any](rows []row[O], m matcher[row[O]], p page) ([]O, *string) {
	var out []O
	last := ""
	for i := range rows {
		r := &rows[i]
		if p.after != "" && r.ID <= p.after {
			continue
		}
		if !m.match(r) {
			continue
		}
		if p.max > 0 && int32(len(out)) == p.max {
			return out, token(last)
		}
		out = append(out, r.out)
		last = r.ID
	}
	return out, nil
}

// --- pool CIDRs ---

func ipamPoolCidrOut(c model.IpamPoolCidr) IpamPoolCidr {
	return IpamPoolCidr{Cidr: str(c.Prefix.String()), State: str(c.State), IpamPoolCidrId: str(c.ID), NetmaskLength: i32(int32(c.Prefix.Bits()))}
}

var ipamPoolCidrFilters = filterTable[row[IpamPoolCidr]]{
	"cidr":              func(v *row[IpamPoolCidr]) []string { return one(deref(v.out.Cidr)) },
	"state":             func(v *row[IpamPoolCidr]) []string { return one(deref(v.out.State)) },
	"ipam-pool-cidr-id": func(v *row[IpamPoolCidr]) []string { return one(deref(v.out.IpamPoolCidrId)) },
}

func (a *API) getIpamPoolCidrs(ctx context.Context, r *Request, in *GetIpamPoolCidrsRequest) (*GetIpamPoolCidrsResult, error) {
	m, err := compileFilters(ipamPoolCidrFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	cs, err := a.ctl.IpamPoolCidrs(ctx, r.Scope, deref(in.IpamPoolId))
	if err != nil {
		return nil, err
	}
	rows := make([]row[IpamPoolCidr], len(cs))
	for i, c := range cs {
		rows[i] = row[IpamPoolCidr]{Meta: model.Meta{ID: fmt.Sprintf("%06d", i)}, out: ipamPoolCidrOut(c)}
	}
	items, next := pageRows(rows, m, p)
	return &GetIpamPoolCidrsResult{IpamPoolCidrs: items, NextToken: next}, nil
}

// --- allocations ---

func ipamAllocationOut(v model.IpamAllocation) IpamPoolAllocation {
	out := IpamPoolAllocation{Cidr: str(v.Prefix.String()), IpamPoolAllocationId: optStr(v.ID), Description: optStr(v.Description),
		ResourceId: optStr(v.ResourceID), ResourceType: optStr(v.ResourceType), ResourceRegion: optStr(v.ResourceRegion),
		ResourceOwner: optStr(v.ResourceOwner)}
	m := model.Meta{Tags: v.Tags}
	out.Tags = tagSet(&m)
	return out
}

func (a *API) allocateIpamPoolCidr(ctx context.Context, r *Request, in *AllocateIpamPoolCidrRequest) (*AllocateIpamPoolCidrResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "ipam-pool-allocation")
	if err != nil {
		return nil, err
	}
	v, err := a.ctl.AllocateIpamPoolCidr(ctx, r.Scope, control.AllocateInput{PoolID: deref(in.IpamPoolId), Description: deref(in.Description),
		Preview: derefBool(in.PreviewNextCidr), Tags: tags,
		Req: control.AllocRequest{Cidr: deref(in.Cidr), NetmaskLength: derefI32(in.NetmaskLength, 0), Disallowed: in.DisallowedCidrs, Allowed: in.AllowedCidrs}})
	if err != nil {
		return nil, err
	}
	out := ipamAllocationOut(*v)
	return &AllocateIpamPoolCidrResult{IpamPoolAllocation: &out}, nil
}

var ipamAllocationFilters = filterTable[row[IpamPoolAllocation]]{
	"cidr":                    func(v *row[IpamPoolAllocation]) []string { return one(deref(v.out.Cidr)) },
	"description":             func(v *row[IpamPoolAllocation]) []string { return optOne(deref(v.out.Description)) },
	"ipam-pool-allocation-id": func(v *row[IpamPoolAllocation]) []string { return one(deref(v.out.IpamPoolAllocationId)) },
	"resource-id":             func(v *row[IpamPoolAllocation]) []string { return optOne(deref(v.out.ResourceId)) },
	"resource-type":           func(v *row[IpamPoolAllocation]) []string { return one(deref(v.out.ResourceType)) },
	"resource-owner":          func(v *row[IpamPoolAllocation]) []string { return optOne(deref(v.out.ResourceOwner)) },
	"resource-region":         func(v *row[IpamPoolAllocation]) []string { return optOne(deref(v.out.ResourceRegion)) },
}

func (a *API) getIpamPoolAllocations(ctx context.Context, r *Request, in *GetIpamPoolAllocationsRequest) (*GetIpamPoolAllocationsResult, error) {
	m, err := compileFilters(ipamAllocationFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 1000, 100000)
	if err != nil {
		return nil, err
	}
	as, err := a.ctl.IpamPoolAllocations(ctx, r.Scope, deref(in.IpamPoolId), deref(in.IpamPoolAllocationId))
	if err != nil {
		return nil, err
	}
	rows := make([]row[IpamPoolAllocation], len(as))
	for i, v := range as {
		rows[i] = row[IpamPoolAllocation]{Meta: model.Meta{ID: fmt.Sprintf("%06d", i), Tags: v.Tags}, out: ipamAllocationOut(v)}
	}
	items, next := pageRows(rows, m, p)
	return &GetIpamPoolAllocationsResult{IpamPoolAllocations: items, NextToken: next}, nil
}

// --- resource CIDRs ---

var ipamResourceCidrFilters = filterTable[row[IpamResourceCidr]]{
	"management-state":  func(v *row[IpamResourceCidr]) []string { return one(deref(v.out.ManagementState)) },
	"compliance-status": func(v *row[IpamResourceCidr]) []string { return one(deref(v.out.ComplianceStatus)) },
	"overlap-status":    func(v *row[IpamResourceCidr]) []string { return one(deref(v.out.OverlapStatus)) },
	"resource-cidr":     func(v *row[IpamResourceCidr]) []string { return one(deref(v.out.ResourceCidr)) },
	"resource-region":   func(v *row[IpamResourceCidr]) []string { return one(deref(v.out.ResourceRegion)) },
	"vpc-id":            func(v *row[IpamResourceCidr]) []string { return optOne(deref(v.out.VpcId)) },
}

func (a *API) getIpamResourceCidrs(ctx context.Context, r *Request, in *GetIpamResourceCidrsRequest) (*GetIpamResourceCidrsResult, error) {
	m, err := compileFilters(ipamResourceCidrFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	rs, err := a.ctl.IpamResourceCidrs(ctx, r.Scope, deref(in.IpamScopeId))
	if err != nil {
		return nil, err
	}
	var rows []row[IpamResourceCidr]
	for i, v := range rs {
		if (in.IpamPoolId != nil && v.PoolID != *in.IpamPoolId) || (in.ResourceId != nil && v.ResourceID != *in.ResourceId) ||
			(in.ResourceType != nil && v.ResourceType != *in.ResourceType) || (in.ResourceOwner != nil && v.Owner != *in.ResourceOwner) {
			continue
		}
		if t := in.ResourceTag; t != nil {
			if got, ok := v.Tags[deref(t.Key)]; !ok || (t.Value != nil && got != *t.Value) {
				continue
			}
		}
		out := IpamResourceCidr{IpamId: str(v.IpamID), IpamScopeId: str(v.ScopeID), IpamPoolId: optStr(v.PoolID), ResourceRegion: str(v.Region),
			ResourceOwnerId: str(v.Owner), ResourceId: str(v.ResourceID), ResourceName: optStr(v.Name), ResourceCidr: str(v.Cidr.String()),
			ResourceType: str(v.ResourceType), ResourceTags: resourceTagsOut(v.Tags), IpUsage: new(float64), ComplianceStatus: str(v.Compliance),
			ManagementState: str(v.Management), OverlapStatus: str(v.Overlap), VpcId: str(v.ResourceID)}
		rows = append(rows, row[IpamResourceCidr]{Meta: model.Meta{ID: fmt.Sprintf("%06d", i), Tags: v.Tags}, out: out})
	}
	items, next := pageRows(rows, m, p)
	return &GetIpamResourceCidrsResult{IpamResourceCidrs: items, NextToken: next}, nil
}

// --- resource discoveries (each IPAM's default one) ---

var ipamDiscoveryFilters = filterTable[row[IpamResourceDiscovery]]{
	"ipam-resource-discovery-id": func(v *row[IpamResourceDiscovery]) []string { return one(deref(v.out.IpamResourceDiscoveryId)) },
	"owner-id":                   func(v *row[IpamResourceDiscovery]) []string { return one(deref(v.out.OwnerId)) },
	"is-default":                 func(v *row[IpamResourceDiscovery]) []string { return one("true") },
	"state":                      func(v *row[IpamResourceDiscovery]) []string { return one("create-complete") },
	"ipam-resource-discovery-region": func(v *row[IpamResourceDiscovery]) []string {
		return one(deref(v.out.IpamResourceDiscoveryRegion))
	},
}

func (a *API) describeIpamResourceDiscoveries(ctx context.Context, r *Request, in *DescribeIpamResourceDiscoveriesRequest) (*DescribeIpamResourceDiscoveriesResult, error) {
	m, err := compileFilters(ipamDiscoveryFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	ipams, err := a.ctl.IpamDiscoveries(ctx, r.Scope, in.IpamResourceDiscoveryIds, false)
	if err != nil {
		return nil, err
	}
	rows := make([]row[IpamResourceDiscovery], len(ipams))
	for i, v := range ipams {
		rows[i] = row[IpamResourceDiscovery]{Meta: model.Meta{ID: v.DiscoveryID}, out: IpamResourceDiscovery{OwnerId: str(v.Account),
			IpamResourceDiscoveryId:     str(v.DiscoveryID),
			IpamResourceDiscoveryArn:    str(control.IpamARN(v.Region, v.Account, "ipam-resource-discovery", v.DiscoveryID)),
			IpamResourceDiscoveryRegion: str(v.Region), OperatingRegions: operatingRegionsOut(v.OperatingRegions),
			IsDefault: boolp(true), State: str("create-complete")}}
	}
	sortRows(rows)
	items, next := pageRows(rows, m, p)
	return &DescribeIpamResourceDiscoveriesResult{IpamResourceDiscoveries: items, NextToken: next}, nil
}

var ipamDiscoveryAssocFilters = filterTable[row[IpamResourceDiscoveryAssociation]]{
	"ipam-resource-discovery-association-id": func(v *row[IpamResourceDiscoveryAssociation]) []string {
		return one(deref(v.out.IpamResourceDiscoveryAssociationId))
	},
	"ipam-resource-discovery-id": func(v *row[IpamResourceDiscoveryAssociation]) []string {
		return one(deref(v.out.IpamResourceDiscoveryId))
	},
	"ipam-id":    func(v *row[IpamResourceDiscoveryAssociation]) []string { return one(deref(v.out.IpamId)) },
	"ipam-arn":   func(v *row[IpamResourceDiscoveryAssociation]) []string { return one(deref(v.out.IpamArn)) },
	"owner-id":   func(v *row[IpamResourceDiscoveryAssociation]) []string { return one(deref(v.out.OwnerId)) },
	"is-default": func(v *row[IpamResourceDiscoveryAssociation]) []string { return one("true") },
	"state":      func(v *row[IpamResourceDiscoveryAssociation]) []string { return one("associate-complete") },
	"resource-discovery-status": func(v *row[IpamResourceDiscoveryAssociation]) []string {
		return one("active")
	},
}

func (a *API) describeIpamResourceDiscoveryAssociations(ctx context.Context, r *Request, in *DescribeIpamResourceDiscoveryAssociationsRequest) (*DescribeIpamResourceDiscoveryAssociationsResult, error) {
	m, err := compileFilters(ipamDiscoveryAssocFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	ipams, err := a.ctl.IpamDiscoveries(ctx, r.Scope, in.IpamResourceDiscoveryAssociationIds, true)
	if err != nil {
		return nil, err
	}
	rows := make([]row[IpamResourceDiscoveryAssociation], len(ipams))
	for i, v := range ipams {
		rows[i] = row[IpamResourceDiscoveryAssociation]{Meta: model.Meta{ID: v.DiscoveryAssociationID}, out: IpamResourceDiscoveryAssociation{
			OwnerId: str(v.Account), IpamResourceDiscoveryAssociationId: str(v.DiscoveryAssociationID),
			IpamResourceDiscoveryAssociationArn: str(control.IpamARN(v.Region, v.Account, "ipam-resource-discovery-association", v.DiscoveryAssociationID)),
			IpamResourceDiscoveryId:             str(v.DiscoveryID), IpamId: str(v.ID), IpamArn: str(control.IpamARN(v.Region, v.Account, "ipam", v.ID)),
			IpamRegion: str(v.Region), IsDefault: boolp(true), ResourceDiscoveryStatus: str("active"), State: str("associate-complete")}}
	}
	sortRows(rows)
	items, next := pageRows(rows, m, p)
	return &DescribeIpamResourceDiscoveryAssociationsResult{IpamResourceDiscoveryAssociations: items, NextToken: next}, nil
}

func sortRows[O any](rows []row[O]) {
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
}
