// Package rds holds Amazon RDS's semantics for DB subnet groups: the kind,
// the naming rules, quotas and error codes given to the shared subnet group
// engine (internal/control/subnetgroup), and tagging by ARN.
package rds

import (
	"context"
	"net/http"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control/subnetgroup"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/dbsubnet"
	"github.com/vpcsim/vpcsim/internal/store"
)

// DBSubnetGroupKind is the table of DB subnet groups, keyed by ARN.
var DBSubnetGroupKind = store.Define[dbsubnet.Group](model.KindSpec{Name: "rds-db-subnet-group", Service: "rds",
	NotFound: "DBSubnetGroupNotFoundFault", Noun: "DB subnet group"}, nil)

// Quotas per account-region [RDS-UG CHAP_Limits "Quotas in Amazon RDS":
// "DB subnet groups 50", "Subnets per DB subnet group 20", "Tags per
// resource 50"].
const (
	MaxDBSubnetGroups     = 50
	MaxSubnetsPerGroup    = 20
	MaxTagsPerResource    = 50
	minAZsPerSubnetGroup  = 2
	maxDBSubnetGroupNameL = 255
)

// Rules are RDS's DB subnet group rules.
var Rules = subnetgroup.Rules{
	Service:             "rds",
	Noun:                "DB subnet group",
	ARNType:             "subgrp",
	Kind:                DBSubnetGroupKind,
	CheckName:           checkName,
	ReservedTagPrefixes: []string{"aws:", "rds:"},
	MinAZs:              minAZsPerSubnetGroup,
	MaxGroups:           MaxDBSubnetGroups,
	MaxSubnets:          MaxSubnetsPerGroup,
	MaxTags:             MaxTagsPerResource,
	Codes: subnetgroup.Codes{
		AlreadyExists:    "DBSubnetGroupAlreadyExists",
		NotFound:         "DBSubnetGroupNotFoundFault",
		NotFoundStatus:   http.StatusNotFound,
		GroupQuota:       "DBSubnetGroupQuotaExceeded",
		SubnetQuota:      "DBSubnetQuotaExceededFault",
		InvalidSubnet:    "InvalidSubnet",
		TooFewAZs:        "DBSubnetGroupDoesNotCoverEnoughAZs",
		InvalidParameter: "InvalidParameterValue",
		TagQuota:         "TagQuotaPerResourceExceeded",
		InvalidTag:       "InvalidParameterValue",
	},
}

// checkName applies CreateDBSubnetGroup's DBSubnetGroupName constraints:
// "Must contain no more than 255 letters, numbers, periods, underscores,
// spaces, or hyphens. Must not be default. First character must be a
// letter."
func checkName(name string) string {
	if name == "" || len(name) > maxDBSubnetGroupNameL {
		return "DBSubnetGroupName must contain 1 to 255 letters, numbers, periods, underscores, spaces, or hyphens."
	}
	if !isLetter(name[0]) {
		return "DBSubnetGroupName must begin with a letter: " + name
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isLetter(c) && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != ' ' && c != '-' {
			return "DBSubnetGroupName must contain only letters, numbers, periods, underscores, spaces, or hyphens: " + name
		}
	}
	if strings.EqualFold(name, "default") {
		return "DBSubnetGroupName must not be default."
	}
	return ""
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// Service is RDS's DB subnet group control plane.
type Service struct {
	*subnetgroup.Engine
}

// New returns the RDS control plane over st; scopes creates an
// account-region's default VPC on first use.
func New(st *store.Store, scopes subnetgroup.Scopes) *Service {
	return &Service{Engine: subnetgroup.New(st, scopes, Rules)}
}

// SupportedNetworkTypes returns the group's network types: IPV4, and DUAL
// when every subnet also has an IPv6 block ["A DBSubnetGroup can support
// only the IPv4 protocol or the IPv4 and the IPv6 protocols (DUAL)."].
func SupportedNetworkTypes(v *subnetgroup.View) []string {
	if v.DualStack() {
		return []string{"IPV4", "DUAL"}
	}
	return []string{"IPV4"}
}

// resourceNotFound maps the RDS ARN resource types to the error their
// NotFound answers use: vpcsim holds only DB subnet groups, so any other
// resource a client names does not exist.
var resourceNotFound = map[string]string{
	"db":               "DBInstanceNotFound",
	"cluster":          "DBClusterNotFoundFault",
	"snapshot":         "DBSnapshotNotFound",
	"cluster-snapshot": "DBClusterSnapshotNotFoundFault",
	"db-proxy":         "DBProxyNotFoundFault",
	"shard-group":      "DBShardGroupNotFound",
}

// groupName returns the DB subnet group an RDS resource ARN names.
func (s *Service) groupName(scope model.Scope, arn string) (string, error) {
	a, ok := subnetgroup.ParseARN(arn)
	if !ok || a.Service != "rds" {
		return "", awserr.New("InvalidParameterValue", "The specified resource name does not match an RDS resource in this region: %s", arn)
	}
	if a.Type != Rules.ARNType {
		if code, ok := resourceNotFound[a.Type]; ok {
			return "", &awserr.Error{Code: code, Status: http.StatusNotFound, Message: "The resource " + arn + " was not found."}
		}
		return "", awserr.New("InvalidParameterValue", "vpcsim emulates no RDS resources of type %s: %s", a.Type, arn)
	}
	if !a.InScope(scope) {
		return "", &awserr.Error{Code: Rules.Codes.NotFound, Status: http.StatusNotFound, Message: "DB subnet group " + a.Resource + " not found in " + scope.Account + "/" + scope.Region + "."}
	}
	return a.Resource, nil
}

// ListTags returns the tags of the resource arn (ListTagsForResource).
func (s *Service) ListTags(scope model.Scope, arn string) ([]model.Tag, error) {
	name, err := s.groupName(scope, arn)
	if err != nil {
		return nil, err
	}
	return s.Tags(scope, name)
}

// TagResource adds tags to the resource arn (AddTagsToResource).
func (s *Service) TagResource(ctx context.Context, scope model.Scope, arn string, tags []model.Tag) error {
	name, err := s.groupName(scope, arn)
	if err != nil {
		return err
	}
	_, err = s.AddTags(ctx, scope, name, tags)
	return err
}

// UntagResource removes tag keys from the resource arn
// (RemoveTagsFromResource); a key the resource lacks is ignored.
func (s *Service) UntagResource(ctx context.Context, scope model.Scope, arn string, keys []string) error {
	name, err := s.groupName(scope, arn)
	if err != nil {
		return err
	}
	_, err = s.RemoveTags(ctx, scope, name, keys)
	return err
}

// The statuses RDS reports: a group is "Complete" and each subnet "Active"
// once created; nothing in vpcsim changes them.
const (
	SubnetGroupStatus = "Complete"
	SubnetStatus      = "Active"
)

// CheckFilters rejects the Filters parameter of DescribeDBSubnetGroups and
// ListTagsForResource: "This parameter isn't currently supported."
func CheckFilters(n int) error {
	if n > 0 {
		return awserr.New("InvalidParameterValue", "The Filters parameter is not supported by this operation.")
	}
	return nil
}
