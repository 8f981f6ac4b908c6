package model

import "testing"

// TestBPAFor pins the modes and exclusions of the VPC user guide's "Block
// public access to VPCs and subnets" (security-vpc-bpa.html).
func TestBPAFor(t *testing.T) {
	vpcEx := &BlockPublicAccessExclusion{Meta: Meta{ID: "vpcbpa-exclude-1"}, Mode: BPAAllowBidirectional, VpcID: "vpc-1", State: BPAExclusionCreateComplete}
	subnetEgress := &BlockPublicAccessExclusion{Meta: Meta{ID: "vpcbpa-exclude-2"}, Mode: BPAAllowEgress, VpcID: "vpc-1", SubnetID: "subnet-2", State: BPAExclusionCreateComplete}
	deleted := &BlockPublicAccessExclusion{Meta: Meta{ID: "vpcbpa-exclude-3"}, Mode: BPAAllowBidirectional, VpcID: "vpc-9", State: BPAExclusionDeleteComplete}
	all := []*BlockPublicAccessExclusion{vpcEx, subnetEgress, deleted}
	for _, tc := range []struct {
		name           string
		mode           string
		vpc, subnet    string
		viaNAT         bool
		ingress, egres bool
		exclusion      string
	}{
		{"off allows all", BPAModeOff, "vpc-2", "subnet-5", false, true, true, ""},
		{"unset is off", "", "vpc-2", "subnet-5", false, true, true, ""},
		{"bidirectional blocks both", BPABlockBidirectional, "vpc-2", "subnet-5", false, false, false, ""},
		{"bidirectional blocks NAT egress too", BPABlockBidirectional, "vpc-2", "subnet-5", true, false, false, ""},
		{"ingress-only blocks ingress, direct egress", BPABlockIngress, "vpc-2", "subnet-5", false, false, false, ""},
		{"ingress-only lets NAT/EIGW egress out", BPABlockIngress, "vpc-2", "subnet-5", true, false, true, ""},
		{"VPC exclusion allows both", BPABlockBidirectional, "vpc-1", "subnet-1", false, true, true, "vpcbpa-exclude-1"},
		{"subnet exclusion beats its VPC's", BPABlockBidirectional, "vpc-1", "subnet-2", false, false, true, "vpcbpa-exclude-2"},
		{"allow-egress applies only under bidirectional", BPABlockIngress, "vpc-1", "subnet-2", false, false, false, "vpcbpa-exclude-2"},
		{"deleted exclusion no longer exempts", BPABlockBidirectional, "vpc-9", "subnet-9", false, false, false, ""},
	} {
		v := BPAFor(tc.mode, tc.vpc, tc.subnet, all, tc.viaNAT)
		if v.Ingress != tc.ingress || v.Egress != tc.egres || v.ExclusionID != tc.exclusion {
			t.Errorf("%s: got %+v, want ingress %v egress %v exclusion %q", tc.name, v, tc.ingress, tc.egres, tc.exclusion)
		}
	}
}
