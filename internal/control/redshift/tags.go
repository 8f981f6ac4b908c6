package redshift

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control/subnetgroup"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/dbsubnet"
)

// SubnetGroupResourceType is the resource type DescribeTags reports for a
// cluster subnet group (its ARN resource type).
const SubnetGroupResourceType = "subnetgroup"

// DescribeTags paging bounds: "The MaxRecords parameter can be a range from
// 10 to 50 results to return in a request." [DescribeTags].
const (
	minTagRecords = 10
	maxTagRecords = 50
)

// resourceTypes maps DescribeTags' ResourceType values (case-insensitive,
// the documented names and the ARN types) to ARN types. vpcsim holds only
// subnet groups; the other types have no resources, hence no tags.
var resourceTypes = map[string]string{
	"cluster":                "cluster",
	"cidr/ip":                "securitygroupingress",
	"ec2 security group":     "securitygroupingress",
	"snapshot":               "snapshot",
	"cluster security group": "securitygroup",
	"securitygroup":          "securitygroup",
	"subnet group":           SubnetGroupResourceType,
	"subnetgroup":            SubnetGroupResourceType,
	"hsm connection":         "hsmconfiguration",
	"hsmconfiguration":       "hsmconfiguration",
	"hsm certificate":        "hsmclientcertificate",
	"hsmclientcertificate":   "hsmclientcertificate",
	"parameter group":        "parametergroup",
	"parametergroup":         "parametergroup",
	"snapshot copy grant":    "snapshotcopygrant",
	"snapshotcopygrant":      "snapshotcopygrant",
}

// groupName returns the cluster subnet group a Redshift ARN names. Any
// other Redshift resource does not exist in vpcsim: ResourceNotFoundFault.
func (s *Service) groupName(scope model.Scope, arn string) (string, error) {
	a, ok := subnetgroup.ParseARN(arn)
	if !ok || a.Service != "redshift" {
		return "", awserr.New("InvalidParameterValue", "The ARN %s is not a valid Amazon Redshift ARN.", arn)
	}
	if a.Type != SubnetGroupResourceType || !a.InScope(scope) {
		return "", resourceNotFound(arn)
	}
	if _, err := s.Get(scope, a.Resource); err != nil {
		return "", resourceNotFound(arn)
	}
	return a.Resource, nil
}

func resourceNotFound(arn string) error {
	return &awserr.Error{Code: "ResourceNotFoundFault", Status: http.StatusNotFound, Message: "The resource " + arn + " could not be found."}
}

// CreateTags adds or overwrites tags on the resource arn ("If you specify a
// key that already exists for the resource, the value for that key will be
// updated with the new value.").
func (s *Service) CreateTags(ctx context.Context, scope model.Scope, arn string, tags []model.Tag) error {
	name, err := s.groupName(scope, arn)
	if err != nil {
		return err
	}
	_, err = s.AddTags(ctx, scope, name, tags)
	return err
}

// DeleteTags removes tag keys from the resource arn; a key it lacks is
// ignored.
func (s *Service) DeleteTags(ctx context.Context, scope model.Scope, arn string, keys []string) error {
	name, err := s.groupName(scope, arn)
	if err != nil {
		return err
	}
	_, err = s.RemoveTags(ctx, scope, name, keys)
	return err
}

// TaggedResource is one tag of one resource, as DescribeTags lists them.
type TaggedResource struct {
	ResourceName string
	ResourceType string
	Tag          model.Tag
}

// DescribeTagsInput selects DescribeTags' tags.
type DescribeTagsInput struct {
	ResourceName, ResourceType, Marker *string
	MaxRecords                         *int32
	TagKeys, TagValues                 []string
}

// DescribeTags lists tags of one resource (ResourceName) or of a resource
// type, filtered by TagKeys and TagValues ("any combination"), paged.
// "You cannot specify an ARN and a resource-type value together" and "You
// cannot use the MaxRecords and Marker parameters together with the ARN
// parameter." [DescribeTags].
func (s *Service) DescribeTags(scope model.Scope, in DescribeTagsInput) ([]TaggedResource, string, error) {
	if in.ResourceName != nil && in.ResourceType != nil {
		return nil, "", awserr.New("InvalidParameterCombination", "You cannot specify both ResourceName and ResourceType.")
	}
	if in.ResourceName != nil && (in.MaxRecords != nil || in.Marker != nil) {
		return nil, "", awserr.New("InvalidParameterCombination", "You cannot use MaxRecords or Marker together with ResourceName.")
	}
	limit := maxTagRecords
	if in.MaxRecords != nil {
		n := int(*in.MaxRecords)
		if n < minTagRecords || n > maxTagRecords {
			return nil, "", awserr.New("InvalidParameterValue", "Invalid value %d for MaxRecords. Must be between %d and %d.", n, minTagRecords, maxTagRecords)
		}
		limit = n
	}
	start := 0
	if in.Marker != nil && *in.Marker != "" {
		b, err := base64.RawURLEncoding.DecodeString(*in.Marker)
		n, err2 := strconv.Atoi(string(b))
		if err != nil || err2 != nil || n < 0 {
			return nil, "", awserr.New("InvalidParameterValue", "The marker %q is not valid.", *in.Marker)
		}
		start = n
	}
	keys, values := setOf(in.TagKeys), setOf(in.TagValues)
	keep := func(t model.Tag) bool { return (keys == nil || keys[t.Key]) && (values == nil || values[t.Value]) }

	var all []TaggedResource
	add := func(g *dbsubnet.Group) {
		for _, t := range g.SortedTags() {
			if keep(t) {
				all = append(all, TaggedResource{ResourceName: g.ARN(), ResourceType: SubnetGroupResourceType, Tag: t})
			}
		}
	}
	switch {
	case in.ResourceName != nil:
		name, err := s.groupName(scope, *in.ResourceName)
		if err != nil {
			return nil, "", err
		}
		v, err := s.Get(scope, name)
		if err != nil {
			return nil, "", err
		}
		add(v.Group)
		return all, "", nil
	case in.ResourceType != nil:
		t, ok := resourceTypes[strings.ToLower(*in.ResourceType)]
		if !ok {
			return nil, "", awserr.New("InvalidParameterValue", "The resource type %s is not valid.", *in.ResourceType)
		}
		if t != SubnetGroupResourceType {
			return nil, "", nil
		}
	}
	// Every subnet group of the scope: at most MaxClusterSubnetGroups.
	var marker *string
	for {
		page, next, err := s.List(scope, subnetgroup.ListInput{Marker: marker})
		if err != nil {
			return nil, "", err
		}
		for _, v := range page {
			add(v.Group)
		}
		if next == "" {
			break
		}
		marker = &next
	}
	if start > len(all) {
		start = len(all)
	}
	end := min(start+limit, len(all))
	next := ""
	if end < len(all) {
		next = base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	}
	return all[start:end], next, nil
}
