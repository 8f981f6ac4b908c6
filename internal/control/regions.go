package control

import (
	"fmt"

	"github.com/vpcsim/vpcsim/internal/awserr"
)

// Region is an AWS region with its availability zones.
type Region struct {
	Name string
	// Partition is the region's partition: aws, aws-cn or aws-us-gov.
	Partition string
	// OptIn marks a region that is disabled by default (launched after
	// March 20, 2019) and must be enabled by the account.
	OptIn bool
	Zones []Zone
}

// Zone is an availability zone: its name (us-east-1a) and its id (use1-az1).
type Zone struct {
	Name string
	ID   string
}

// Partitions vpcsim simulates, with the DNS suffix of their endpoints
// (botocore endpoints.json "dnsSuffix").
const (
	PartitionAWS   = "aws"
	PartitionChina = "aws-cn"
	PartitionGovUS = "aws-us-gov"
	dnsSuffixAWS   = "amazonaws.com"
	dnsSuffixChina = "amazonaws.com.cn"
)

// Region opt-in statuses as DescribeRegions reports them [EC2 API Region
// OptInStatus: opt-in-not-required | opted-in | not-opted-in].
const (
	OptInNotRequired = "opt-in-not-required"
	OptedIn          = "opted-in"
	NotOptedIn       = "not-opted-in"
)

// regionTable lists the regions of the aws, aws-cn and aws-us-gov
// partitions (botocore endpoints.json), their AZ letters and the AZ-id
// prefix AWS uses for them. ids, when set, gives the AZ-id numbers in
// letter order where they are not 1, 2, 3... (cn-north-1d is cnn1-az4).
// optIn marks the Regions "launched after March 20, 2019", which are
// disabled by default [Account Management manage-acct-regions].
var regionTable = []struct {
	name, partition, idPrefix, letters, ids string
	optIn                                   bool
}{
	{name: "us-east-1", partition: PartitionAWS, idPrefix: "use1", letters: "abcdef"},
	{name: "us-east-2", partition: PartitionAWS, idPrefix: "use2", letters: "abc"},
	{name: "us-west-1", partition: PartitionAWS, idPrefix: "usw1", letters: "ac"},
	{name: "us-west-2", partition: PartitionAWS, idPrefix: "usw2", letters: "abcd"},
	{name: "af-south-1", partition: PartitionAWS, idPrefix: "afs1", letters: "abc", optIn: true},
	{name: "ap-east-1", partition: PartitionAWS, idPrefix: "ape1", letters: "abc", optIn: true},
	{name: "ap-east-2", partition: PartitionAWS, idPrefix: "ape2", letters: "abc", optIn: true},
	{name: "ap-south-1", partition: PartitionAWS, idPrefix: "aps1", letters: "abc"},
	{name: "ap-south-2", partition: PartitionAWS, idPrefix: "aps2", letters: "abc", optIn: true},
	{name: "ap-southeast-1", partition: PartitionAWS, idPrefix: "apse1", letters: "abc"},
	{name: "ap-southeast-2", partition: PartitionAWS, idPrefix: "apse2", letters: "abc"},
	{name: "ap-southeast-3", partition: PartitionAWS, idPrefix: "apse3", letters: "abc", optIn: true},
	{name: "ap-southeast-4", partition: PartitionAWS, idPrefix: "apse4", letters: "abc", optIn: true},
	{name: "ap-southeast-5", partition: PartitionAWS, idPrefix: "apse5", letters: "abc", optIn: true},
	{name: "ap-southeast-6", partition: PartitionAWS, idPrefix: "apse6", letters: "abc", optIn: true},
	{name: "ap-southeast-7", partition: PartitionAWS, idPrefix: "apse7", letters: "abc", optIn: true},
	{name: "ap-northeast-1", partition: PartitionAWS, idPrefix: "apne1", letters: "acd"},
	{name: "ap-northeast-2", partition: PartitionAWS, idPrefix: "apne2", letters: "abcd"},
	{name: "ap-northeast-3", partition: PartitionAWS, idPrefix: "apne3", letters: "abc"},
	{name: "ca-central-1", partition: PartitionAWS, idPrefix: "cac1", letters: "abd"},
	{name: "ca-west-1", partition: PartitionAWS, idPrefix: "caw1", letters: "abc", optIn: true},
	{name: "eu-central-1", partition: PartitionAWS, idPrefix: "euc1", letters: "abc"},
	{name: "eu-central-2", partition: PartitionAWS, idPrefix: "euc2", letters: "abc", optIn: true},
	{name: "eu-west-1", partition: PartitionAWS, idPrefix: "euw1", letters: "abc"},
	{name: "eu-west-2", partition: PartitionAWS, idPrefix: "euw2", letters: "abc"},
	{name: "eu-west-3", partition: PartitionAWS, idPrefix: "euw3", letters: "abc"},
	{name: "eu-north-1", partition: PartitionAWS, idPrefix: "eun1", letters: "abc"},
	{name: "eu-south-1", partition: PartitionAWS, idPrefix: "eus1", letters: "abc", optIn: true},
	{name: "eu-south-2", partition: PartitionAWS, idPrefix: "eus2", letters: "abc", optIn: true},
	{name: "il-central-1", partition: PartitionAWS, idPrefix: "ilc1", letters: "abc", optIn: true},
	{name: "me-south-1", partition: PartitionAWS, idPrefix: "mes1", letters: "abc", optIn: true},
	{name: "me-central-1", partition: PartitionAWS, idPrefix: "mec1", letters: "abc", optIn: true},
	{name: "mx-central-1", partition: PartitionAWS, idPrefix: "mxc1", letters: "abc", optIn: true},
	{name: "sa-east-1", partition: PartitionAWS, idPrefix: "sae1", letters: "abc"},
	{name: "cn-north-1", partition: PartitionChina, idPrefix: "cnn1", letters: "abd", ids: "124"},
	{name: "cn-northwest-1", partition: PartitionChina, idPrefix: "cnnw1", letters: "abc"},
	{name: "us-gov-west-1", partition: PartitionGovUS, idPrefix: "usgw1", letters: "abc"},
	{name: "us-gov-east-1", partition: PartitionGovUS, idPrefix: "usge1", letters: "abc"},
}

// Regions returns every region vpcsim simulates, in every partition, in
// AWS's listing order.
func Regions() []Region {
	out := make([]Region, 0, len(regionTable))
	for i := range regionTable {
		out = append(out, buildRegion(i))
	}
	return out
}

// PartitionRegions returns the regions of one partition. AWS describes
// only the regions of the caller's partition: "You can't describe or
// access the Regions of one type of account from another" [AWS Regions and
// Availability Zones, aws-regions].
func PartitionRegions(partition string) []Region {
	var out []Region
	for i, r := range regionTable {
		if r.partition == partition {
			out = append(out, buildRegion(i))
		}
	}
	return out
}

func buildRegion(i int) Region {
	t := regionTable[i]
	r := Region{Name: t.name, Partition: t.partition, OptIn: t.optIn}
	for j, l := range t.letters {
		n := fmt.Sprint(j + 1)
		if j < len(t.ids) {
			n = t.ids[j : j+1]
		}
		r.Zones = append(r.Zones, Zone{Name: t.name + string(l), ID: t.idPrefix + "-az" + n})
	}
	return r
}

// RegionByName returns the named region, or AWS's error for an unknown one.
func RegionByName(name string) (Region, error) {
	for i, r := range regionTable {
		if r.name == name {
			return buildRegion(i), nil
		}
	}
	return Region{}, &awserr.Error{Code: "AuthFailure", Message: fmt.Sprintf("The region '%s' is not supported by vpcsim.", name), Status: 401}
}

// PartitionOf returns the partition of a region vpcsim knows, "aws" for
// any other name.
func PartitionOf(region string) string {
	if r, err := RegionByName(region); err == nil {
		return r.Partition
	}
	return PartitionAWS
}

// Endpoint returns the region's EC2 endpoint host name
// (ec2.cn-north-1.amazonaws.com.cn in China) [botocore endpoints.json].
func (r Region) Endpoint() string {
	suffix := dnsSuffixAWS
	if r.Partition == PartitionChina {
		suffix = dnsSuffixChina
	}
	return "ec2." + r.Name + "." + suffix
}

// OptInStatus is the region's status for an account. Every vpcsim account
// serves requests in every region of its partition, so an opt-in region is
// reported as enabled ("opted-in"), a default region as
// "opt-in-not-required" [EC2 API DescribeRegions].
func (r Region) OptInStatus() string {
	if r.OptIn {
		return OptedIn
	}
	return OptInNotRequired
}

// zone returns the zone in region r named nameOrID, or with that zone id.
func (r Region) zone(nameOrID string) (Zone, bool) {
	for _, z := range r.Zones {
		if z.Name == nameOrID || z.ID == nameOrID {
			return z, true
		}
	}
	return Zone{}, false
}
