package control

import (
	"strings"
	"testing"
)

// TestRegionPartitions pins the regions of each partition (botocore
// endpoints.json: aws, aws-cn, aws-us-gov) and "You can't describe or
// access the Regions of one type of account from another" [AWS Regions and
// Availability Zones, aws-regions].
func TestRegionPartitions(t *testing.T) {
	want := map[string][]string{
		PartitionChina: {"cn-north-1", "cn-northwest-1"},
		PartitionGovUS: {"us-gov-west-1", "us-gov-east-1"},
	}
	for p, names := range want {
		got := PartitionRegions(p)
		if len(got) != len(names) {
			t.Fatalf("%s: %d regions, want %v", p, len(got), names)
		}
		for i, r := range got {
			if r.Name != names[i] || r.Partition != p || PartitionOf(r.Name) != p {
				t.Errorf("%s region %d = %+v, want %s", p, i, r, names[i])
			}
		}
	}
	aws := PartitionRegions(PartitionAWS)
	if len(aws) != 34 {
		t.Errorf("aws partition has %d regions, want the 34 of endpoints.json", len(aws))
	}
	for _, r := range aws {
		if strings.HasPrefix(r.Name, "cn-") || strings.HasPrefix(r.Name, "us-gov-") {
			t.Errorf("%s listed in the aws partition", r.Name)
		}
	}
	if len(Regions()) != 38 {
		t.Errorf("Regions() = %d, want 38", len(Regions()))
	}
	for _, n := range []string{"ap-southeast-5", "ap-southeast-7", "mx-central-1", "ap-east-2", "ap-southeast-6"} {
		if _, err := RegionByName(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if PartitionOf("xx-nowhere-1") != PartitionAWS {
		t.Error("unknown region not in aws")
	}
	_, err := RegionByName("xx-nowhere-1")
	wantCode(t, err, "AuthFailure")
}

// TestRegionOptIn pins the opt-in status of DescribeRegions [EC2 API
// Region OptInStatus]: regions launched after March 20, 2019 are opt-in
// regions [Account Management manage-acct-regions], reported as opted-in
// (vpcsim serves them); the others, and the China and GovCloud regions,
// as opt-in-not-required.
func TestRegionOptIn(t *testing.T) {
	optIn := map[string]bool{
		"af-south-1": true, "ap-east-1": true, "ap-east-2": true, "ap-south-2": true,
		"ap-southeast-3": true, "ap-southeast-4": true, "ap-southeast-5": true, "ap-southeast-6": true, "ap-southeast-7": true,
		"ca-west-1": true, "eu-central-2": true, "eu-south-1": true, "eu-south-2": true,
		"il-central-1": true, "me-central-1": true, "me-south-1": true, "mx-central-1": true,
	}
	for _, r := range Regions() {
		want := OptInNotRequired
		if optIn[r.Name] {
			want = OptedIn
		}
		if got := r.OptInStatus(); got != want {
			t.Errorf("%s: %s, want %s", r.Name, got, want)
		}
	}
}

// TestRegionEndpointsAndZones pins EC2's endpoint host names per partition
// (botocore endpoints.json dnsSuffix: amazonaws.com, amazonaws.com.cn) and
// the AZ ids (cn-north-1d is cnn1-az4).
func TestRegionEndpointsAndZones(t *testing.T) {
	for name, want := range map[string]string{
		"us-east-1":     "ec2.us-east-1.amazonaws.com",
		"cn-north-1":    "ec2.cn-north-1.amazonaws.com.cn",
		"us-gov-west-1": "ec2.us-gov-west-1.amazonaws.com",
	} {
		r, err := RegionByName(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Endpoint(); got != want {
			t.Errorf("%s endpoint %s, want %s", name, got, want)
		}
	}
	r, _ := RegionByName("cn-north-1")
	var ids []string
	for _, z := range r.Zones {
		ids = append(ids, z.Name+"="+z.ID)
	}
	if got := strings.Join(ids, " "); got != "cn-north-1a=cnn1-az1 cn-north-1b=cnn1-az2 cn-north-1d=cnn1-az4" {
		t.Errorf("cn-north-1 zones %s", got)
	}
	r, _ = RegionByName("ap-southeast-5")
	if len(r.Zones) != 3 || r.Zones[2].ID != "apse5-az3" {
		t.Errorf("ap-southeast-5 zones %+v", r.Zones)
	}
}
