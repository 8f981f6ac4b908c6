package ram

import (
	"regexp"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// ResourceType is a shareable resource type vpcsim serves, with its AWS
// managed permission.
type ResourceType struct {
	// Type is RAM's name of the type ("ec2:TransitGateway").
	Type string
	// Service is the owning service ("ec2").
	Service string
	// ArnResource is the resource part's type in the resource's ARN.
	ArnResource string
	// Permission is the default AWS managed permission's ARN.
	Permission string
	// PermissionName is its name.
	PermissionName string
	// Actions are the actions the permission grants: those the transit
	// gateway guide lists for accounts a gateway is shared with [TGW
	// transit-gateway-share.md].
	Actions []string
}

// resourceTypes are the types vpcsim can share. Sharing a type changes
// what the principals can do in the other services (EC2 here); a type
// whose effect vpcsim does not model is refused rather than accepted
// without effect.
var resourceTypes = []ResourceType{{
	Type:           "ec2:TransitGateway",
	Service:        "ec2",
	ArnResource:    "transit-gateway",
	Permission:     "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionTransitGateway",
	PermissionName: "AWSRAMDefaultPermissionTransitGateway",
	Actions: []string{
		"ec2:CreateTransitGatewayVpcAttachment",
		"ec2:DescribeTransitGatewayVpcAttachments",
		"ec2:DescribeTransitGateways",
	},
}}

// ResourceTypes lists the shareable resource types.
func ResourceTypes() []ResourceType { return append([]ResourceType(nil), resourceTypes...) }

func typeByName(name string) (*ResourceType, bool) {
	for i := range resourceTypes {
		if strings.EqualFold(resourceTypes[i].Type, name) {
			return &resourceTypes[i], true
		}
	}
	return nil, false
}

func typeByPermission(arn string) (*ResourceType, bool) {
	for i := range resourceTypes {
		if resourceTypes[i].Permission == arn {
			return &resourceTypes[i], true
		}
	}
	return nil, false
}

// Arn is a parsed ARN.
type Arn struct {
	Partition, Service, Region, Account, Resource string
}

var arnRE = regexp.MustCompile(`^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$`)

// ParseArn splits an ARN; a string that is not one is MalformedArnException.
func ParseArn(s string) (Arn, error) {
	m := arnRE.FindStringSubmatch(s)
	if m == nil {
		return Arn{}, malformedArn(s)
	}
	return Arn{Partition: m[1], Service: m[2], Region: m[3], Account: m[4], Resource: m[5]}, nil
}

// resolveResource checks that arn names a live resource of a shareable
// type owned by scope, and returns its type.
func resolveResource(w *store.World, scope Scope, arn string) (*ResourceType, error) {
	a, err := ParseArn(arn)
	if err != nil {
		return nil, err
	}
	kind, id, ok := strings.Cut(a.Resource, "/")
	if !ok || id == "" {
		return nil, malformedArn(arn)
	}
	var rt *ResourceType
	for i := range resourceTypes {
		if resourceTypes[i].Service == a.Service && resourceTypes[i].ArnResource == kind {
			rt = &resourceTypes[i]
		}
	}
	if rt == nil {
		return nil, invalidParameter("Resource %s is of a type (%s:%s) that vpcsim does not share; shareable types: ec2:TransitGateway.", arn, a.Service, kind)
	}
	if a.Account != scope.Account || a.Region != scope.Region {
		return nil, unknownResource("Resource %s could not be found in account %s, Region %s.", arn, scope.Account, scope.Region)
	}
	g, ok := w.TransitGateways.Get(id)
	if !ok || !g.InScope(scope) || g.State == model.TGWDeleted || g.State == model.TGWDeleting {
		return nil, unknownResource("Resource %s could not be found.", arn)
	}
	return rt, nil
}

var accountRE = regexp.MustCompile(`^\d{12}$`)

// principal kinds.
const (
	principalAccount = iota
	principalOrg
)

// parsePrincipal classifies a principal: an account id or an
// organization ARN. Organizational units name groups vpcsim does not
// have; IAM roles, users and service principals cannot receive transit
// gateways.
func parsePrincipal(p string) (int, error) {
	if accountRE.MatchString(p) {
		return principalAccount, nil
	}
	if !strings.HasPrefix(p, "arn:") {
		return 0, invalidParameter("Principal %s is not valid: give a 12-digit account ID or an organization ARN.", p)
	}
	a, err := ParseArn(p)
	if err != nil {
		return 0, err
	}
	switch {
	case a.Service == "organizations" && strings.HasPrefix(a.Resource, "organization/o-"):
		return principalOrg, nil
	case a.Service == "organizations" && strings.HasPrefix(a.Resource, "ou/"):
		return 0, unknownResource("Organizational unit %s could not be found in the organization.", p)
	default:
		return 0, invalidParameter("Principal %s cannot be used: the shareable resource types (ec2:TransitGateway) are shared with accounts and organizations only.", p)
	}
}
