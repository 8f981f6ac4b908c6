// Package elasticache holds Amazon ElastiCache's semantics for cache subnet
// groups: the kind, the naming rules, quotas and error codes given to the
// shared subnet group engine (internal/control/subnetgroup), and tagging by
// ARN.
package elasticache

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

// CacheSubnetGroupKind is the table of cache subnet groups, keyed by ARN.
var CacheSubnetGroupKind = store.Define[dbsubnet.Group](model.KindSpec{Name: "elasticache-cache-subnet-group", Service: "elasticache",
	NotFound: "CacheSubnetGroupNotFoundFault", Noun: "cache subnet group"}, nil)

// Quotas per account-region [ElastiCache quotas, AWS General Reference
// "Amazon ElastiCache endpoints and quotas": "Subnet groups per Region 150",
// "Subnets per subnet group 255"; the tag limit from TagQuotaPerResourceExceeded:
// "The maximum number of tags permitted on a resource is 50."].
const (
	MaxCacheSubnetGroups = 150
	MaxSubnetsPerGroup   = 255
	MaxTagsPerResource   = 50
	maxNameLen           = 255
)

// Rules are ElastiCache's cache subnet group rules.
var Rules = subnetgroup.Rules{
	Service:             "elasticache",
	Noun:                "cache subnet group",
	ARNType:             "subnetgroup",
	Kind:                CacheSubnetGroupKind,
	CheckName:           checkName,
	ReservedTagPrefixes: []string{"aws:"},
	MaxGroups:           MaxCacheSubnetGroups,
	MaxSubnets:          MaxSubnetsPerGroup,
	MaxTags:             MaxTagsPerResource,
	Codes: subnetgroup.Codes{
		AlreadyExists:    "CacheSubnetGroupAlreadyExists",
		NotFound:         "CacheSubnetGroupNotFoundFault",
		NotFoundStatus:   http.StatusBadRequest,
		GroupQuota:       "CacheSubnetGroupQuotaExceeded",
		SubnetQuota:      "CacheSubnetQuotaExceededFault",
		InvalidSubnet:    "InvalidSubnet",
		InvalidParameter: "InvalidParameterValue",
		TagQuota:         "TagQuotaPerResourceExceeded",
		InvalidTag:       "InvalidParameterValue",
		TagNotFound:      "TagNotFound",
	},
}

// checkName applies CreateCacheSubnetGroup's CacheSubnetGroupName
// constraint, "Must contain no more than 255 alphanumeric characters or
// hyphens.", and keeps "default" for the subnet group ElastiCache itself
// creates ("You cannot delete a default cache subnet group").
func checkName(name string) string {
	if name == "" || len(name) > maxNameLen {
		return "CacheSubnetGroupName must contain 1 to 255 alphanumeric characters or hyphens."
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return "CacheSubnetGroupName must contain only alphanumeric characters or hyphens: " + name
		}
	}
	if strings.EqualFold(name, "default") {
		return "CacheSubnetGroupName must not be default: that name is reserved for ElastiCache's default subnet group."
	}
	return ""
}

// Service is ElastiCache's cache subnet group control plane.
type Service struct {
	*subnetgroup.Engine
}

// New returns the ElastiCache control plane over st; scopes creates an
// account-region's default VPC on first use.
func New(st *store.Store, scopes subnetgroup.Scopes) *Service {
	return &Service{Engine: subnetgroup.New(st, scopes, Rules)}
}

// SupportedNetworkTypes returns the network types a group supports: ipv4
// when every subnet has an IPv4 range, ipv6 when every subnet has an IPv6
// block, dual_stack when both hold ["Either ipv4 | ipv6 | dual_stack"].
func SupportedNetworkTypes(v *subnetgroup.View) []string {
	all4, all6 := len(v.Subnets) > 0, len(v.Subnets) > 0
	for _, s := range v.Subnets {
		all4 = all4 && s.IPv4
		all6 = all6 && s.IPv6
	}
	return networkTypes(all4, all6)
}

// SubnetNetworkTypes returns the network types of one subnet.
func SubnetNetworkTypes(s subnetgroup.SubnetView) []string {
	return networkTypes(s.IPv4, s.IPv6)
}

func networkTypes(v4, v6 bool) []string {
	var out []string
	if v4 {
		out = append(out, "ipv4")
	}
	if v6 {
		out = append(out, "ipv6")
	}
	if v4 && v6 {
		out = append(out, "dual_stack")
	}
	return out
}

// resourceNotFound maps the ElastiCache ARN resource types to their
// not-found errors: vpcsim holds only cache subnet groups.
var resourceNotFound = map[string]struct {
	code   string
	status int
}{
	"cluster":                 {"CacheClusterNotFound", http.StatusNotFound},
	"parametergroup":          {"CacheParameterGroupNotFound", http.StatusNotFound},
	"securitygroup":           {"CacheSecurityGroupNotFound", http.StatusNotFound},
	"replicationgroup":        {"ReplicationGroupNotFoundFault", http.StatusNotFound},
	"reserved-instance":       {"ReservedCacheNodeNotFound", http.StatusNotFound},
	"snapshot":                {"SnapshotNotFoundFault", http.StatusNotFound},
	"user":                    {"UserNotFound", http.StatusNotFound},
	"usergroup":               {"UserGroupNotFound", http.StatusNotFound},
	"serverlesscache":         {"ServerlessCacheNotFoundFault", http.StatusNotFound},
	"serverlesscachesnapshot": {"ServerlessCacheSnapshotNotFoundFault", http.StatusNotFound},
}

// groupName returns the cache subnet group an ElastiCache ARN names; an
// ARN that is not ElastiCache's is InvalidARN.
func (s *Service) groupName(scope model.Scope, arn string) (string, error) {
	a, ok := subnetgroup.ParseARN(arn)
	if !ok || a.Service != "elasticache" {
		return "", awserr.New("InvalidARN", "The ARN %s is not a valid ElastiCache ARN.", arn)
	}
	if a.Type != Rules.ARNType {
		if nf, ok := resourceNotFound[a.Type]; ok {
			return "", &awserr.Error{Code: nf.code, Status: nf.status, Message: "The resource " + arn + " was not found."}
		}
		return "", awserr.New("InvalidARN", "The ARN %s does not name an ElastiCache resource.", arn)
	}
	if !a.InScope(scope) {
		return "", awserr.New("InvalidARN", "The ARN %s does not refer to an existing resource in %s/%s.", arn, scope.Account, scope.Region)
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

// TagResource adds tags to the resource arn and returns its tags
// (AddTagsToResource).
func (s *Service) TagResource(ctx context.Context, scope model.Scope, arn string, tags []model.Tag) ([]model.Tag, error) {
	name, err := s.groupName(scope, arn)
	if err != nil {
		return nil, err
	}
	return s.AddTags(ctx, scope, name, tags)
}

// UntagResource removes tag keys from the resource arn and returns its
// tags (RemoveTagsFromResource); a key the resource lacks is TagNotFound.
func (s *Service) UntagResource(ctx context.Context, scope model.Scope, arn string, keys []string) ([]model.Tag, error) {
	name, err := s.groupName(scope, arn)
	if err != nil {
		return nil, err
	}
	return s.RemoveTags(ctx, scope, name, keys)
}
