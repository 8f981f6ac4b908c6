package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/control"
)

func (a *API) registerAccount() {
	handle(a, "DescribeRegions", a.describeRegions)
	handle(a, "DescribeAvailabilityZones", a.describeAvailabilityZones)
	handle(a, "DescribeAccountAttributes", a.describeAccountAttributes)
}

type regionRow = control.Region

var regionFilters = filterTable[regionRow]{
	"endpoint":      func(r *regionRow) []string { return one(r.Endpoint()) },
	"opt-in-status": func(r *regionRow) []string { return one(r.OptInStatus()) },
	"region-name":   func(r *regionRow) []string { return one(r.Name) },
}

// describeRegions lists the regions of the caller's partition (its
// region's); every one is enabled for a vpcsim account, so AllRegions
// adds none.
func (a *API) describeRegions(ctx context.Context, r *Request, in *DescribeRegionsRequest) (*DescribeRegionsResult, error) {
	m, err := compileFilters(regionFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, n := range in.RegionNames {
		names[n] = true
	}
	out := &DescribeRegionsResult{}
	for _, reg := range control.PartitionRegions(control.PartitionOf(r.Scope.Region)) {
		if (len(names) > 0 && !names[reg.Name]) || !m.match(&reg) {
			continue
		}
		out.Regions = append(out.Regions, Region{
			RegionName:  str(reg.Name),
			Endpoint:    str(reg.Endpoint()),
			OptInStatus: str(reg.OptInStatus()),
		})
	}
	return out, nil
}

type zoneRow struct {
	region string
	zone   control.Zone
}

var zoneFilters = filterTable[zoneRow]{
	"group-long-name":  func(z *zoneRow) []string { return one(z.region) },
	"group-name":       func(z *zoneRow) []string { return one(z.region) },
	"message":          func(z *zoneRow) []string { return nil },
	"opt-in-status":    func(z *zoneRow) []string { return one("opt-in-not-required") },
	"parent-zone-id":   func(z *zoneRow) []string { return nil },
	"parent-zone-name": func(z *zoneRow) []string { return nil },
	"region-name":      func(z *zoneRow) []string { return one(z.region) },
	"state":            func(z *zoneRow) []string { return one("available") },
	"zone-id":          func(z *zoneRow) []string { return one(z.zone.ID) },
	"zone-name":        func(z *zoneRow) []string { return one(z.zone.Name) },
	"zone-type":        func(z *zoneRow) []string { return one("availability-zone") },
}

func (a *API) describeAvailabilityZones(ctx context.Context, r *Request, in *DescribeAvailabilityZonesRequest) (*DescribeAvailabilityZonesResult, error) {
	m, err := compileFilters(zoneFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	reg, err := control.RegionByName(r.Scope.Region)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, n := range in.ZoneNames {
		names[n] = true
	}
	ids := map[string]bool{}
	for _, n := range in.ZoneIds {
		ids[n] = true
	}
	out := &DescribeAvailabilityZonesResult{}
	for _, z := range reg.Zones {
		row := &zoneRow{region: reg.Name, zone: z}
		if (len(names) > 0 && !names[z.Name]) || (len(ids) > 0 && !ids[z.ID]) || !m.match(row) {
			continue
		}
		out.AvailabilityZones = append(out.AvailabilityZones, AvailabilityZone{
			ZoneName:           str(z.Name),
			ZoneId:             str(z.ID),
			State:              str("available"),
			OptInStatus:        str("opt-in-not-required"),
			RegionName:         str(reg.Name),
			GroupName:          str(reg.Name),
			GroupLongName:      str(reg.Name),
			NetworkBorderGroup: str(reg.Name),
			ZoneType:           str("availability-zone"),
		})
	}
	return out, nil
}

func (a *API) describeAccountAttributes(ctx context.Context, r *Request, in *DescribeAccountAttributesRequest) (*DescribeAccountAttributesResult, error) {
	attrs := control.AccountAttributes(a.ctl.View(ctx), r.Scope)
	want := map[string]bool{}
	for _, n := range in.AttributeNames {
		want[n] = true
	}
	out := &DescribeAccountAttributesResult{}
	for _, at := range attrs {
		if len(want) > 0 && !want[at.Name] {
			continue
		}
		item := AccountAttribute{AttributeName: str(at.Name)}
		for _, v := range at.Values {
			item.AttributeValues = append(item.AttributeValues, AccountAttributeValue{AttributeValue: str(v)})
		}
		out.AccountAttributes = append(out.AccountAttributes, item)
	}
	return out, nil
}
