// Package redshift holds Amazon Redshift's semantics for cluster subnet
// groups: the kind, the naming rules, quotas and error codes given to the
// shared subnet group engine (internal/control/subnetgroup), the tag
// filters of DescribeClusterSubnetGroups, and CreateTags / DeleteTags /
// DescribeTags by ARN.
package redshift

import (
	"net/http"
	"strings"

	"github.com/vpcsim/vpcsim/internal/control/subnetgroup"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/dbsubnet"
	"github.com/vpcsim/vpcsim/internal/store"
)

// ClusterSubnetGroupKind is the table of cluster subnet groups, keyed by
// ARN.
var ClusterSubnetGroupKind = store.Define[dbsubnet.Group](model.KindSpec{Name: "redshift-cluster-subnet-group", Service: "redshift",
	NotFound: "ClusterSubnetGroupNotFoundFault", Noun: "cluster subnet group"}, nil)

// Quotas per account-region [Redshift MGMT amazon-redshift-limits "Subnet
// groups 20", "Subnets in a subnet group 20"; CreateClusterSubnetGroup
// SubnetIds "A maximum of 20 subnets"; CreateTags "A resource can have up
// to 50 tags."].
const (
	MaxClusterSubnetGroups = 20
	MaxSubnetsPerGroup     = 20
	MaxTagsPerResource     = 50
	maxNameLen             = 255
)

// Rules are Redshift's cluster subnet group rules.
var Rules = subnetgroup.Rules{
	Service:             "redshift",
	Noun:                "cluster subnet group",
	ARNType:             "subnetgroup",
	Kind:                ClusterSubnetGroupKind,
	CheckName:           checkName,
	ReservedTagPrefixes: []string{"aws:"},
	MaxGroups:           MaxClusterSubnetGroups,
	MaxSubnets:          MaxSubnetsPerGroup,
	MaxTags:             MaxTagsPerResource,
	Codes: subnetgroup.Codes{
		AlreadyExists:    "ClusterSubnetGroupAlreadyExists",
		NotFound:         "ClusterSubnetGroupNotFoundFault",
		NotFoundStatus:   http.StatusBadRequest,
		GroupQuota:       "ClusterSubnetGroupQuotaExceeded",
		SubnetQuota:      "ClusterSubnetQuotaExceededFault",
		InvalidSubnet:    "InvalidSubnet",
		InvalidParameter: "InvalidParameterValue",
		TagQuota:         "TagLimitExceededFault",
		InvalidTag:       "InvalidTagFault",
	},
}

// checkName applies CreateClusterSubnetGroup's ClusterSubnetGroupName
// constraints: "Must contain no more than 255 alphanumeric characters or
// hyphens. Must not be "Default"."
func checkName(name string) string {
	if name == "" || len(name) > maxNameLen {
		return "ClusterSubnetGroupName must contain 1 to 255 alphanumeric characters or hyphens."
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return "ClusterSubnetGroupName must contain only alphanumeric characters or hyphens: " + name
		}
	}
	if strings.EqualFold(name, "default") {
		return "ClusterSubnetGroupName must not be \"Default\"."
	}
	return ""
}

// Service is Redshift's cluster subnet group control plane.
type Service struct {
	*subnetgroup.Engine
}

// New returns the Redshift control plane over st; scopes creates an
// account-region's default VPC on first use.
func New(st *store.Store, scopes subnetgroup.Scopes) *Service {
	return &Service{Engine: subnetgroup.New(st, scopes, Rules)}
}

// SupportedClusterIPAddressTypes returns ipv4, and dualstack when every
// subnet also has an IPv6 block ["Possible values are ipv4 and
// dualstack."].
func SupportedClusterIPAddressTypes(v *subnetgroup.View) []string {
	if v.DualStack() {
		return []string{"ipv4", "dualstack"}
	}
	return []string{"ipv4"}
}

// TagFilter returns the match of the Describe operations' TagKeys and
// TagValues: with both, a group matches when it has a tag with one of the
// keys and one of the values ("any combination"); with one of them, a tag
// with one of those keys (or values); with neither, every group.
func TagFilter(keys, values []string) func(*dbsubnet.Group) bool {
	if len(keys) == 0 && len(values) == 0 {
		return nil
	}
	ks := setOf(keys)
	vs := setOf(values)
	return func(g *dbsubnet.Group) bool {
		for k, v := range g.Tags {
			if (ks == nil || ks[k]) && (vs == nil || vs[v]) {
				return true
			}
		}
		return false
	}
}

func setOf(xs []string) map[string]bool {
	if len(xs) == 0 {
		return nil
	}
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// The statuses Redshift reports: a group is "Complete" and each subnet
// "Active" once created; nothing in vpcsim changes them.
const (
	SubnetGroupStatus = "Complete"
	SubnetStatus      = "Active"
)
