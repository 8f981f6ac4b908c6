package rds

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control/subnetgroup"
	"github.com/vpcsim/vpcsim/internal/control/subnetgroup/sgtest"
	"github.com/vpcsim/vpcsim/internal/model"
)

func code(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := awserr.As(err); ok {
		return e.Code
	}
	return "non-AWS: " + err.Error()
}

// TestCheckName pins CreateDBSubnetGroup's DBSubnetGroupName constraints
// [RDS API CreateDBSubnetGroup: "Must contain no more than 255 letters,
// numbers, periods, underscores, spaces, or hyphens. Must not be default.
// First character must be a letter."].
func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"mydbsubnetgroup", true},
		{"My DB_subnet-group.1", true},
		{"a", true},
		{"a" + strings.Repeat("b", 254), true},
		{"a" + strings.Repeat("b", 255), false},
		{"", false},
		{"1group", false},
		{"-group", false},
		{"group/1", false},
		{"grüppe", false},
		{"default", false},
		{"DEFAULT", false},
		{"default1", true},
	} {
		if got := checkName(tc.name) == ""; got != tc.ok {
			t.Errorf("checkName(%q) ok = %v, want %v (%s)", tc.name, got, tc.ok, checkName(tc.name))
		}
	}
}

// TestCreateRules pins CreateDBSubnetGroup's errors [RDS API
// CreateDBSubnetGroup "Errors"; RDS-UG CHAP_Limits "Subnets per DB subnet
// group 20"].
func TestCreateRules(t *testing.T) {
	f := sgtest.New(t, "")
	s := New(f.Store, f.EC2)
	ctx := context.Background()
	if _, err := s.Create(ctx, f.Scope, subnetgroup.CreateInput{Name: "Taken", Description: "d", SubnetIDs: sgtest.IDs(f.Default[:2]...)}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		what    string
		name    string
		subnets []string
		tags    []model.Tag
		want    string
	}{
		{"two default subnets", "ok", sgtest.IDs(f.Default[:2]...), nil, ""},
		{"a subnet twice still covers one AZ", "twice", sgtest.IDs(f.Default[0], f.Default[0]), nil, "DBSubnetGroupDoesNotCoverEnoughAZs"},
		{"name taken, other case", "TAKEN", sgtest.IDs(f.Default[:2]...), nil, "DBSubnetGroupAlreadyExists"},
		{"name default", "Default", sgtest.IDs(f.Default[:2]...), nil, "InvalidParameterValue"},
		{"one AZ", "one", sgtest.IDs(f.Default[0]), nil, "DBSubnetGroupDoesNotCoverEnoughAZs"},
		{"unknown subnet", "unknown", []string{f.Default[0].ID, "subnet-0000000000000000f"}, nil, "InvalidSubnet"},
		{"two VPCs", "mixed", sgtest.IDs(f.Default[0], f.Dual[1]), nil, "InvalidSubnet"},
		{"21 subnets", "many", manyIDs(21), nil, "DBSubnetQuotaExceededFault"},
		{"reserved tag prefix", "tagged", sgtest.IDs(f.Default[:2]...), []model.Tag{{Key: "rds:x"}}, "InvalidParameterValue"},
		{"empty tag key", "tagged", sgtest.IDs(f.Default[:2]...), []model.Tag{{Key: ""}}, "InvalidParameterValue"},
	} {
		_, err := s.Create(ctx, f.Scope, subnetgroup.CreateInput{Name: tc.name, Description: "d", SubnetIDs: tc.subnets, Tags: tc.tags})
		if got := code(err); got != tc.want {
			t.Errorf("%s: %q, want %q (%v)", tc.what, got, tc.want, err)
		}
	}
	// Another account sees none of the first one's subnets.
	other := model.Scope{Account: "210987654321", Region: "us-east-1"}
	_, err := s.Create(ctx, other, subnetgroup.CreateInput{Name: "x", Description: "d", SubnetIDs: sgtest.IDs(f.Default[:2]...)})
	if code(err) != "InvalidSubnet" {
		t.Errorf("another account's subnets: %v", err)
	}
}

// TestQuotaAndView pins the 50 groups per region [RDS-UG CHAP_Limits "DB
// subnet groups 50"] and the shown fields.
func TestQuotaAndView(t *testing.T) {
	f := sgtest.New(t, "")
	s := New(f.Store, f.EC2)
	ctx := context.Background()
	for i := range MaxDBSubnetGroups {
		if _, err := s.Create(ctx, f.Scope, subnetgroup.CreateInput{Name: "g" + strings.Repeat("x", i), Description: "d", SubnetIDs: sgtest.IDs(f.Dual...)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.Create(ctx, f.Scope, subnetgroup.CreateInput{Name: "one-more", Description: "d", SubnetIDs: sgtest.IDs(f.Dual...)})
	if code(err) != "DBSubnetGroupQuotaExceeded" {
		t.Errorf("51st group: %v", err)
	}
	v, err := s.Get(f.Scope, "G")
	if err != nil {
		t.Fatal(err)
	}
	if v.ID != "arn:aws:rds:us-east-1:123456789012:subgrp:g" || v.VpcID != f.OtherVPC || len(v.Subnets) != 3 ||
		!slices.Equal(SupportedNetworkTypes(v), []string{"IPV4", "DUAL"}) {
		t.Errorf("view: %+v", v)
	}
	if _, err := s.Get(f.Scope, "nope"); code(err) != "DBSubnetGroupNotFoundFault" {
		t.Errorf("Get unknown: %v", err)
	} else if e, _ := awserr.As(err); e.Status != 404 {
		t.Errorf("NotFound status %d, want 404", e.Status)
	}
}

// TestTagsByARN pins the ARN forms AddTagsToResource accepts [RDS-UG
// USER_Tagging.ARN: arn:aws:rds:<region>:<account>:subgrp:<name>].
func TestTagsByARN(t *testing.T) {
	f := sgtest.New(t, "")
	s := New(f.Store, f.EC2)
	ctx := context.Background()
	if _, err := s.Create(ctx, f.Scope, subnetgroup.CreateInput{Name: "g", Description: "d", SubnetIDs: sgtest.IDs(f.Default[:2]...)}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		arn, want string
	}{
		{"arn:aws:rds:us-east-1:123456789012:subgrp:g", ""},
		{"arn:aws:rds:us-east-1:123456789012:subgrp:nope", "DBSubnetGroupNotFoundFault"},
		{"arn:aws:rds:us-west-2:123456789012:subgrp:g", "DBSubnetGroupNotFoundFault"},
		{"arn:aws:rds:us-east-1:123456789012:db:mydb", "DBInstanceNotFound"},
		{"arn:aws:rds:us-east-1:123456789012:cluster:c", "DBClusterNotFoundFault"},
		{"arn:aws:ec2:us-east-1:123456789012:subgrp:g", "InvalidParameterValue"},
		{"g", "InvalidParameterValue"},
	} {
		if got := code(s.TagResource(ctx, f.Scope, tc.arn, []model.Tag{{Key: "k", Value: "v"}})); got != tc.want {
			t.Errorf("TagResource(%s): %q, want %q", tc.arn, got, tc.want)
		}
	}
	if err := s.UntagResource(ctx, f.Scope, "arn:aws:rds:us-east-1:123456789012:subgrp:g", []string{"k", "absent"}); err != nil {
		t.Errorf("UntagResource: %v", err)
	}
	if tags, _ := s.ListTags(f.Scope, "arn:aws:rds:us-east-1:123456789012:subgrp:g"); len(tags) != 0 {
		t.Errorf("tags after untag: %v", tags)
	}
}

// TestSurvivesRestart checks that groups persist.
func TestSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	f := sgtest.New(t, dir)
	s := New(f.Store, f.EC2)
	if _, err := s.Create(context.Background(), f.Scope, subnetgroup.CreateInput{Name: "Kept", Description: "d", SubnetIDs: sgtest.IDs(f.Default[:3]...), Tags: []model.Tag{{Key: "k", Value: "v"}}}); err != nil {
		t.Fatal(err)
	}
	if err := f.Store.Close(); err != nil {
		t.Fatal(err)
	}
	g := sgtest.New(t, dir)
	v, err := New(g.Store, g.EC2).Get(g.Scope, "kept")
	if err != nil {
		t.Fatal(err)
	}
	if v.Name != "kept" || len(v.Subnets) != 3 || v.Tags["k"] != "v" || v.Subnets[2].AvailabilityZone != f.Default[2].AvailabilityZone {
		t.Errorf("after restart: %+v", v.Group)
	}
}

func manyIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "subnet-" + strings.Repeat("0", 15) + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	return out
}
