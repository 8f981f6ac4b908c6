package directconnect

import (
	"sort"
	"strings"
)

// Location is one Direct Connect location of a region: its code and name,
// the dedicated port speeds it offers, and the providers present there.
type Location struct {
	Code, Name, Region string
	PortSpeeds         []string
	MacSecPortSpeeds   []string
	Providers          []string
}

// Dedicated connection port speeds [DX dedicated_connection.md]; hosted
// connection capacities [DX hosted_connection.md].
var (
	dedicatedSpeeds = []string{"1Gbps", "10Gbps", "100Gbps", "400Gbps"}
	hostedSpeeds    = []string{"50Mbps", "100Mbps", "200Mbps", "300Mbps", "400Mbps", "500Mbps", "1Gbps", "2Gbps", "5Gbps", "10Gbps", "25Gbps"}
	macSecSpeeds    = []string{"10Gbps", "100Gbps", "400Gbps"}
	providers       = []string{"Equinix, Inc.", "Megaport", "Zayo Group", "Verizon", "Lumen"}
)

// locationCatalogue holds a few locations per region (code, name).
var locationCatalogue = map[string][][2]string{
	"us-east-1":      {{"EqDC2", "Equinix DC1-DC6, DC10-DC12, Ashburn, VA"}, {"CSVA1", "CoreSite VA1, Reston, VA"}, {"EqNY5", "Equinix NY5, Secaucus, NJ"}},
	"us-east-2":      {{"CyOH1", "CyrusOne Data Center, Lebanon, OH"}, {"EqCH2", "Equinix CH2, Chicago, IL"}},
	"us-west-1":      {{"EqSV5", "Equinix SV5, San Jose, CA"}, {"CSLA1", "CoreSite LA1, Los Angeles, CA"}},
	"us-west-2":      {{"EqSE2", "Equinix SE2, Seattle, WA"}, {"PRTL1", "Pittock Block, Portland, OR"}},
	"eu-west-1":      {{"EirDB1", "Eircom Clonshaugh, Dublin"}, {"TCDUB", "TeleCity Kilcarbery, Dublin"}},
	"eu-west-2":      {{"EqLD5", "Equinix LD5, London, UK"}, {"TCSH1", "Telehouse North, London, UK"}},
	"eu-central-1":   {{"EqFA5", "Equinix FR5, Frankfurt"}, {"IXFR2", "Interxion FRA6, Frankfurt"}},
	"ap-southeast-1": {{"EqSG2", "Equinix SG2, Singapore"}, {"GSSG1", "Global Switch, Singapore"}},
	"ap-northeast-1": {{"EqTY2", "Equinix TY2, Tokyo"}, {"ATTKO", "AT TOKYO Chuo Data Center, Tokyo"}},
}

// LocationsIn returns the locations of region, sorted by code. A region
// outside the catalogue gets two generic locations named after it.
func LocationsIn(region string) []Location {
	entries, ok := locationCatalogue[region]
	if !ok {
		tag := strings.ToUpper(strings.ReplaceAll(region, "-", ""))
		entries = [][2]string{{"DX" + tag + "1", "Direct Connect site 1, " + region}, {"DX" + tag + "2", "Direct Connect site 2, " + region}}
	}
	out := make([]Location, 0, len(entries))
	for _, e := range entries {
		out = append(out, Location{Code: e[0], Name: e[1], Region: region,
			PortSpeeds: dedicatedSpeeds, MacSecPortSpeeds: macSecSpeeds, Providers: providers})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// DescribeLocations lists the locations of the scope's region.
func (s *Service) DescribeLocations(sc Scope) []Location { return LocationsIn(sc.Region) }

func findLocation(region, code string) (Location, bool) {
	for _, l := range LocationsIn(region) {
		if l.Code == code {
			return l, true
		}
	}
	return Location{}, false
}

func validLocation(region, code string) error {
	if _, ok := findLocation(region, code); !ok {
		return clientErr("Location %s is not a valid location in region %s.", code, region)
	}
	return nil
}

func checkDedicatedBandwidth(bw string) error {
	for _, s := range dedicatedSpeeds {
		if s == bw {
			return nil
		}
	}
	return clientErr("Bandwidth %s is not available. Valid bandwidths for dedicated connections: %s.", bw, strings.Join(dedicatedSpeeds, ", "))
}

func checkProvider(name string) error {
	if name == "" {
		return nil
	}
	for _, p := range providers {
		if p == name {
			return nil
		}
	}
	return clientErr("Provider %s is not available at this location.", name)
}

// bandwidthMbps converts "50Mbps" / "10Gbps" to megabits per second.
func bandwidthMbps(bw string) int {
	n, unit := 0, ""
	for i, r := range bw {
		if r < '0' || r > '9' {
			unit = bw[i:]
			break
		}
		n = n*10 + int(r-'0')
		if n > 1_000_000 {
			return 0
		}
	}
	switch unit {
	case "Mbps":
		return n
	case "Gbps":
		return n * 1000
	}
	return 0
}
