package elasticache

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
	if e, ok := awserr.As(err); ok {
		return e.Code
	}
	if err != nil {
		return "non-AWS: " + err.Error()
	}
	return ""
}

// TestCheckName pins CacheSubnetGroupName: "Must contain no more than 255
// alphanumeric characters or hyphens." [ElastiCache API
// CreateCacheSubnetGroup].
func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"mysubnetgroup", true},
		{"My-Group-1", true},
		{"1-group", true},
		{strings.Repeat("c", 255), true},
		{strings.Repeat("c", 256), false},
		{"", false},
		{"a_b", false},
		{"a.b", false},
		{"a b", false},
		{"default", false},
	} {
		if got := checkName(tc.name) == ""; got != tc.ok {
			t.Errorf("checkName(%q) ok = %v, want %v", tc.name, got, tc.ok)
		}
	}
}

// TestNetworkTypes pins SupportedNetworkTypes: "Either ipv4 | ipv6 |
// dual_stack" [ElastiCache API CacheSubnetGroup].
func TestNetworkTypes(t *testing.T) {
	v4 := subnetgroup.SubnetView{IPv4: true}
	dual := subnetgroup.SubnetView{IPv4: true, IPv6: true}
	v6 := subnetgroup.SubnetView{IPv6: true}
	for _, tc := range []struct {
		subnets []subnetgroup.SubnetView
		want    []string
	}{
		{[]subnetgroup.SubnetView{v4}, []string{"ipv4"}},
		{[]subnetgroup.SubnetView{dual, dual}, []string{"ipv4", "ipv6", "dual_stack"}},
		{[]subnetgroup.SubnetView{dual, v4}, []string{"ipv4"}},
		{[]subnetgroup.SubnetView{v6, dual}, []string{"ipv6"}},
	} {
		if got := SupportedNetworkTypes(&subnetgroup.View{Subnets: tc.subnets}); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.subnets, got, tc.want)
		}
	}
}

// TestRules pins the create, modify and tag errors [ElastiCache API
// CreateCacheSubnetGroup, ModifyCacheSubnetGroup, RemoveTagsFromResource
// "TagNotFound"].
func TestRules(t *testing.T) {
	f := sgtest.New(t, "")
	s := New(f.Store, f.EC2)
	ctx := context.Background()
	v, err := s.Create(ctx, f.Scope, subnetgroup.CreateInput{Name: "Cache", Description: "d", SubnetIDs: sgtest.IDs(f.Default[0])})
	if err != nil {
		t.Fatal(err)
	}
	arn := "arn:aws:elasticache:us-east-1:123456789012:subnetgroup:cache"
	if v.ID != arn {
		t.Errorf("ARN %s", v.ID)
	}
	_, err = s.Create(ctx, f.Scope, subnetgroup.CreateInput{Name: "cache", Description: "d", SubnetIDs: sgtest.IDs(f.Default[0])})
	if code(err) != "CacheSubnetGroupAlreadyExists" {
		t.Errorf("duplicate: %v", err)
	}
	// A description-only modify keeps the subnets.
	desc := "new"
	if v, err := s.Modify(ctx, f.Scope, "CACHE", &desc, nil); err != nil || v.Description != "new" || len(v.Subnets) != 1 {
		t.Errorf("description-only modify: %+v %v", v, err)
	}
	if _, err := s.Modify(ctx, f.Scope, "cache", nil, []string{"subnet-0000000000000000f"}); code(err) != "InvalidSubnet" {
		t.Errorf("modify to unknown subnet: %v", err)
	}
	if _, err := s.Modify(ctx, f.Scope, "nope", &desc, nil); code(err) != "CacheSubnetGroupNotFoundFault" {
		t.Errorf("modify unknown: %v", err)
	}
	if tags, err := s.TagResource(ctx, f.Scope, arn, []model.Tag{{Key: "a", Value: "1"}}); err != nil || len(tags) != 1 {
		t.Errorf("TagResource: %v %v", tags, err)
	}
	if _, err := s.UntagResource(ctx, f.Scope, arn, []string{"absent"}); code(err) != "TagNotFound" {
		t.Errorf("untag absent: %v", err)
	}
	for arn, want := range map[string]string{
		"arn:aws:elasticache:us-east-1:123456789012:cluster:c":        "CacheClusterNotFound",
		"arn:aws:elasticache:us-east-1:123456789012:subnetgroup:nope": "CacheSubnetGroupNotFoundFault",
		"arn:aws:rds:us-east-1:123456789012:subgrp:cache":             "InvalidARN",
		"cache": "InvalidARN",
	} {
		if _, err := s.ListTags(f.Scope, arn); code(err) != want {
			t.Errorf("ListTags(%s): %v, want %s", arn, err, want)
		}
	}
	if err := s.Delete(ctx, f.Scope, "Cache"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, f.Scope, "cache"); code(err) != "CacheSubnetGroupNotFoundFault" {
		t.Errorf("delete twice: %v", err)
	}
}
