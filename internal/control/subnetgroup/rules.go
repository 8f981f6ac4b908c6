// Package subnetgroup holds the rules that RDS DB subnet groups, ElastiCache
// cache subnet groups and Redshift cluster subnet groups share: a group is a
// named, described set of existing EC2 subnets of the caller's
// account-region, all in one VPC, bounded by per-service quotas, tagged, and
// addressed by ARN. Each service's thin package (internal/control/rds,
// elasticache, redshift) declares its resource kind and fills a Rules value
// with its name rules, quotas and error codes; the Engine here applies them,
// each change as one store transaction.
//
// Nothing uses a subnet group yet (vpcsim runs no DB instances, cache
// clusters or Redshift clusters), so the "in use" answers of Modify and
// Delete never arise; EC2 subnets stay deletable while a group names them,
// and a group then lists the subnet with the zone it had (see View).
package subnetgroup

import (
	"net/http"

	"github.com/vpcsim/vpcsim/internal/model/dbsubnet"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Codes names one service's error codes for the shared rules, as its API
// model's error shapes spell them on the wire (error.code, else the shape
// name).
type Codes struct {
	AlreadyExists string
	NotFound      string
	// NotFoundStatus is the HTTP status of NotFound (RDS answers 404,
	// ElastiCache and Redshift 400).
	NotFoundStatus int
	GroupQuota     string
	SubnetQuota    string
	InvalidSubnet  string
	// TooFewAZs is RDS's DBSubnetGroupDoesNotCoverEnoughAZs; empty for a
	// service without an AZ coverage rule.
	TooFewAZs string
	// InvalidParameter answers a malformed name, marker or MaxRecords.
	InvalidParameter string
	// TagQuota answers more than MaxTags tags on a resource; InvalidTag a
	// malformed tag.
	TagQuota   string
	InvalidTag string
	// TagNotFound, when set, answers removing a key the resource does not
	// carry (ElastiCache's TagNotFound, 404); empty makes that a no-op.
	TagNotFound string
}

// Rules are one service's subnet group semantics.
type Rules struct {
	// Service is the ARN service namespace ("rds", "elasticache",
	// "redshift").
	Service string
	// Noun names a group in messages ("DB subnet group").
	Noun string
	// ARNType is the ARN resource type ("subgrp", "subnetgroup").
	ARNType string
	// Kind is the service's table of groups.
	Kind *store.Kind[dbsubnet.Group]
	// CheckName returns a message when name breaks the service's naming
	// rules ("" when it is acceptable). It sees the name as given.
	CheckName func(name string) string
	// ReservedTagPrefixes are tag key prefixes clients may not use.
	ReservedTagPrefixes []string
	// MinAZs is the number of availability zones a group must cover when
	// the region has that many (RDS: 2); 0 for no rule.
	MinAZs int
	// MaxGroups is the number of groups per account-region; MaxSubnets the
	// number of subnets per group; MaxTags the number of tags per resource.
	MaxGroups, MaxSubnets, MaxTags int
	Codes                          Codes
}

// Paging bounds of the three Describe operations: "Default: 100.
// Constraints: Minimum 20, maximum 100." [RDS DescribeDBSubnetGroups,
// ElastiCache DescribeCacheSubnetGroups, Redshift DescribeClusterSubnetGroups
// MaxRecords].
const (
	DefaultMaxRecords = 100
	MinMaxRecords     = 20
	MaxMaxRecords     = 100
)

// Tag limits every AWS service applies: keys of 1 to 128 characters, values
// of up to 256.
const (
	maxTagKeyLen   = 128
	maxTagValueLen = 256
)

func (r *Rules) notFoundStatus() int {
	if r.Codes.NotFoundStatus != 0 {
		return r.Codes.NotFoundStatus
	}
	return http.StatusBadRequest
}
