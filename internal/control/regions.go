package control

import (
	"fmt"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// Region is an AWS region with its availability zones.
type Region struct {
	Name  string
	Zones []Zone
}

// Zone is an availability zone: its name (us-east-1a) and its id (use1-az1).
type Zone struct {
	Name string
	ID   string
}

// regionTable lists AWS's commercial regions, their AZ letters and the AZ-id
// prefix AWS uses for them.
var regionTable = []struct {
	name, idPrefix, letters string
}{
	{"us-east-1", "use1", "abcdef"},
	{"us-east-2", "use2", "abc"},
	{"us-west-1", "usw1", "ac"},
	{"us-west-2", "usw2", "abcd"},
	{"af-south-1", "afs1", "abc"},
	{"ap-east-1", "ape1", "abc"},
	{"ap-south-1", "aps1", "abc"},
	{"ap-south-2", "aps2", "abc"},
	{"ap-southeast-1", "apse1", "abc"},
	{"ap-southeast-2", "apse2", "abc"},
	{"ap-southeast-3", "apse3", "abc"},
	{"ap-southeast-4", "apse4", "abc"},
	{"ap-northeast-1", "apne1", "acd"},
	{"ap-northeast-2", "apne2", "abcd"},
	{"ap-northeast-3", "apne3", "abc"},
	{"ca-central-1", "cac1", "abd"},
	{"ca-west-1", "caw1", "abc"},
	{"eu-central-1", "euc1", "abc"},
	{"eu-central-2", "euc2", "abc"},
	{"eu-west-1", "euw1", "abc"},
	{"eu-west-2", "euw2", "abc"},
	{"eu-west-3", "euw3", "abc"},
	{"eu-north-1", "eun1", "abc"},
	{"eu-south-1", "eus1", "abc"},
	{"eu-south-2", "eus2", "abc"},
	{"il-central-1", "ilc1", "abc"},
	{"me-south-1", "mes1", "abc"},
	{"me-central-1", "mec1", "abc"},
	{"sa-east-1", "sae1", "abc"},
}

// Regions returns every region vpcsim simulates, in AWS's listing order.
func Regions() []Region {
	out := make([]Region, 0, len(regionTable))
	for _, r := range regionTable {
		out = append(out, buildRegion(r.name, r.idPrefix, r.letters))
	}
	return out
}

func buildRegion(name, idPrefix, letters string) Region {
	r := Region{Name: name}
	for i, l := range letters {
		r.Zones = append(r.Zones, Zone{Name: name + string(l), ID: fmt.Sprintf("%s-az%d", idPrefix, i+1)})
	}
	return r
}

// RegionByName returns the named region, or AWS's error for an unknown one.
func RegionByName(name string) (Region, error) {
	for _, r := range regionTable {
		if r.name == name {
			return buildRegion(r.name, r.idPrefix, r.letters), nil
		}
	}
	return Region{}, &awserr.Error{Code: "AuthFailure", Message: fmt.Sprintf("The region '%s' is not supported by vpcsim.", name), Status: 401}
}

// zoneByName returns the zone in region r named name, or by zone id.
func (r Region) zone(nameOrID string) (Zone, bool) {
	for _, z := range r.Zones {
		if z.Name == nameOrID || z.ID == nameOrID {
			return z, true
		}
	}
	return Zone{}, false
}
