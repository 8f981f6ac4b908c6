package subnetgroup_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control/rds"
	"github.com/vpcsim/vpcsim/internal/control/subnetgroup"
	"github.com/vpcsim/vpcsim/internal/control/subnetgroup/sgtest"
	"github.com/vpcsim/vpcsim/internal/model"
)

func TestParseARN(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ok   bool
		want subnetgroup.ARN
	}{
		{"arn:aws:rds:us-east-1:123456789012:subgrp:my group", true, subnetgroup.ARN{"aws", "rds", "us-east-1", "123456789012", "subgrp", "my group"}},
		{"arn:aws-cn:redshift:cn-north-1:1:subnetgroup:a:b", true, subnetgroup.ARN{"aws-cn", "redshift", "cn-north-1", "1", "subnetgroup", "a:b"}},
		{"arn:aws:rds:us-east-1:123456789012:subgrp:", false, subnetgroup.ARN{}},
		{"arn:aws:rds:us-east-1:123456789012:subgrp", false, subnetgroup.ARN{}},
		{"rds:us-east-1", false, subnetgroup.ARN{}},
		{"", false, subnetgroup.ARN{}},
	} {
		got, ok := subnetgroup.ParseARN(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseARN(%q) = %+v, %v", tc.in, got, ok)
		}
	}
	for region, want := range map[string]string{"us-east-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov"} {
		if got := subnetgroup.Partition(region); got != want {
			t.Errorf("Partition(%s) = %s", region, got)
		}
	}
}

// TestListPaging pins the Describe operations' paging: "Default: 100.
// Constraints: Minimum 20, maximum 100." and a marker that resumes after
// the last record, in name order, one account-region only.
func TestListPaging(t *testing.T) {
	f := sgtest.New(t, "")
	s := rds.New(f.Store, f.EC2)
	ctx := context.Background()
	other := model.Scope{Account: "210987654321", Region: "us-east-1"}
	if err := f.EC2.EnsureScope(ctx, other); err != nil {
		t.Fatal(err)
	}
	var otherSubnets []string
	f.Store.Snapshot().Subnets.All(func(s *model.Subnet) bool {
		if s.InScope(other) && len(otherSubnets) < 2 {
			otherSubnets = append(otherSubnets, s.ID)
		}
		return true
	})
	for i := range 45 {
		if _, err := s.Create(ctx, f.Scope, subnetgroup.CreateInput{Name: fmt.Sprintf("g-%02d", 44-i), Description: "d", SubnetIDs: sgtest.IDs(f.Default[:2]...)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Create(ctx, other, subnetgroup.CreateInput{Name: "elsewhere", Description: "d", SubnetIDs: otherSubnets}); err != nil {
		t.Fatal(err)
	}
	twenty := int32(20)
	var names []string
	var marker *string
	pages := 0
	for {
		page, next, err := s.List(f.Scope, subnetgroup.ListInput{MaxRecords: &twenty, Marker: marker})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, v := range page {
			names = append(names, v.Name)
		}
		if next == "" {
			break
		}
		marker = &next
	}
	if pages != 3 || len(names) != 45 || names[0] != "g-00" || names[44] != "g-44" {
		t.Errorf("%d pages: %v", pages, names)
	}
	all, next, err := s.List(f.Scope, subnetgroup.ListInput{})
	if err != nil || len(all) != 45 || next != "" {
		t.Errorf("default page: %d, %q, %v", len(all), next, err)
	}
	for _, n := range []int32{0, 19, 101} {
		if _, _, err := s.List(f.Scope, subnetgroup.ListInput{MaxRecords: &n}); err == nil {
			t.Errorf("MaxRecords %d accepted", n)
		} else if e, _ := awserr.As(err); e.Code != "InvalidParameterValue" {
			t.Errorf("MaxRecords %d: %v", n, err)
		}
	}
	bad := "%%%"
	if _, _, err := s.List(f.Scope, subnetgroup.ListInput{Marker: &bad}); err == nil {
		t.Error("bad marker accepted")
	}
}

// TestDeletedSubnetStaysListed pins "The list of subnets shown here might
// not reflect the current state of your VPC." [RDS API DBSubnetGroup]:
// deleting an EC2 subnet a group names is allowed and the group still
// lists it.
func TestDeletedSubnetStaysListed(t *testing.T) {
	f := sgtest.New(t, "")
	s := rds.New(f.Store, f.EC2)
	ctx := context.Background()
	if _, err := s.Create(ctx, f.Scope, subnetgroup.CreateInput{Name: "g", Description: "d", SubnetIDs: sgtest.IDs(f.Dual...)}); err != nil {
		t.Fatal(err)
	}
	if err := f.EC2.DeleteSubnet(ctx, f.Scope, f.Dual[0].ID); err != nil {
		t.Fatalf("DeleteSubnet: %v", err)
	}
	v, err := s.Get(f.Scope, "g")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Subnets) != 3 || v.Subnets[0].Exists || v.Subnets[0].AvailabilityZone != "us-east-1a" || v.DualStack() {
		t.Errorf("after DeleteSubnet: %+v", v.Subnets)
	}
}
