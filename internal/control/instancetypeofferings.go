package control

import (
	"sort"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
)

// InstanceTypeOffering is one row of DescribeInstanceTypeOfferings: an
// instance type offered at a location (the region, a zone name or a zone
// id).
type InstanceTypeOffering struct {
	InstanceType string
	LocationType string // region | availability-zone | availability-zone-id
	Location     string
}

// InstanceTypeOfferings lists the instance types vpcsim knows as offered
// in every location of the caller's region, ordered by location then type
// [EC2 API DescribeInstanceTypeOfferings: "LocationType ... Default:
// region"]. Types outside vpcsim's table are not listed.
func InstanceTypeOfferings(scope model.Scope, locationType string) ([]InstanceTypeOffering, error) {
	if locationType == "" {
		locationType = "region"
	}
	r, err := RegionByName(scope.Region)
	if err != nil {
		return nil, err
	}
	var locations []string
	switch locationType {
	case "region":
		locations = []string{r.Name}
	case "availability-zone":
		for _, z := range r.Zones {
			locations = append(locations, z.Name)
		}
	case "availability-zone-id":
		for _, z := range r.Zones {
			locations = append(locations, z.ID)
		}
	default:
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter locationType is invalid. Valid values are region, availability-zone, availability-zone-id.", locationType)
	}
	sort.Strings(locations)
	var out []InstanceTypeOffering
	for _, loc := range locations {
		types := InstanceTypes()
		names := make([]string, 0, len(types))
		for _, t := range types {
			names = append(names, t.Name)
		}
		sort.Strings(names)
		for _, n := range names {
			out = append(out, InstanceTypeOffering{InstanceType: n, LocationType: locationType, Location: loc})
		}
	}
	return out, nil
}
