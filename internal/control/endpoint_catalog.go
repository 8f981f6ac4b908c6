package control

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// The AWS services a Region offers through VPC endpoints [PrivateLink
// guide integrated-services-vpce-list.md, vpce-gateway.md]: Amazon S3 and
// DynamoDB through gateway endpoints, S3 and the other services through
// interface endpoints. Each (service, type) pair is one ServiceDetail of
// DescribeVpcEndpointServices, owned by "amazon", available in every
// Availability Zone of the Region and accepting connections without
// approval.

// awsService is one catalogue entry. name is the part after
// com.amazonaws.<region>.; dns is the service's private DNS name pattern
// (%s = Region), "" when it has none; policy tells whether it supports
// endpoint policies; dualstack whether it accepts IPv6 as well.
type awsService struct {
	name      string
	typ       string
	dns       string
	policy    bool
	dualstack bool
}

var awsServiceCatalogue = []awsService{
	{name: "s3", typ: model.EndpointTypeGateway, policy: true},
	{name: "s3", typ: model.EndpointTypeInterface, dns: "*.s3.%s.amazonaws.com", policy: true, dualstack: true},
	{name: "dynamodb", typ: model.EndpointTypeGateway, policy: true},
	{name: "ec2", typ: model.EndpointTypeInterface, dns: "ec2.%s.amazonaws.com", policy: true, dualstack: true},
	{name: "ec2messages", typ: model.EndpointTypeInterface, dns: "ec2messages.%s.amazonaws.com"},
	{name: "ssm", typ: model.EndpointTypeInterface, dns: "ssm.%s.amazonaws.com", policy: true, dualstack: true},
	{name: "ssmmessages", typ: model.EndpointTypeInterface, dns: "ssmmessages.%s.amazonaws.com"},
	{name: "kms", typ: model.EndpointTypeInterface, dns: "kms.%s.amazonaws.com", policy: true, dualstack: true},
	{name: "logs", typ: model.EndpointTypeInterface, dns: "logs.%s.amazonaws.com", policy: true, dualstack: true},
	{name: "monitoring", typ: model.EndpointTypeInterface, dns: "monitoring.%s.amazonaws.com", policy: true},
	{name: "events", typ: model.EndpointTypeInterface, dns: "events.%s.amazonaws.com", policy: true},
	{name: "sts", typ: model.EndpointTypeInterface, dns: "sts.%s.amazonaws.com", policy: true, dualstack: true},
	{name: "secretsmanager", typ: model.EndpointTypeInterface, dns: "secretsmanager.%s.amazonaws.com", policy: true, dualstack: true},
	{name: "ecr.api", typ: model.EndpointTypeInterface, dns: "api.ecr.%s.amazonaws.com", policy: true},
	{name: "ecr.dkr", typ: model.EndpointTypeInterface, dns: "*.dkr.ecr.%s.amazonaws.com", policy: true},
	{name: "ecs", typ: model.EndpointTypeInterface, dns: "ecs.%s.amazonaws.com"},
	{name: "sns", typ: model.EndpointTypeInterface, dns: "sns.%s.amazonaws.com", policy: true},
	{name: "sqs", typ: model.EndpointTypeInterface, dns: "sqs.%s.amazonaws.com", policy: true, dualstack: true},
	{name: "elasticloadbalancing", typ: model.EndpointTypeInterface, dns: "elasticloadbalancing.%s.amazonaws.com", policy: true},
	{name: "execute-api", typ: model.EndpointTypeInterface, dns: "*.execute-api.%s.amazonaws.com", policy: true},
	{name: "lambda", typ: model.EndpointTypeInterface, dns: "lambda.%s.amazonaws.com", policy: true, dualstack: true},
	{name: "autoscaling", typ: model.EndpointTypeInterface, dns: "autoscaling.%s.amazonaws.com", policy: true},
	{name: "rds", typ: model.EndpointTypeInterface, dns: "rds.%s.amazonaws.com", policy: true},
	{name: "elasticache", typ: model.EndpointTypeInterface, dns: "elasticache.%s.amazonaws.com", policy: true},
	{name: "redshift", typ: model.EndpointTypeInterface, dns: "redshift.%s.amazonaws.com", policy: true},
	{name: "kinesis-streams", typ: model.EndpointTypeInterface, dns: "kinesis.%s.amazonaws.com", policy: true},
	{name: "states", typ: model.EndpointTypeInterface, dns: "states.%s.amazonaws.com", policy: true},
	{name: "codebuild", typ: model.EndpointTypeInterface, dns: "codebuild.%s.amazonaws.com", policy: true},
	{name: "codecommit", typ: model.EndpointTypeInterface, dns: "codecommit.%s.amazonaws.com", policy: true},
	{name: "cloudformation", typ: model.EndpointTypeInterface, dns: "cloudformation.%s.amazonaws.com", policy: true},
	{name: "athena", typ: model.EndpointTypeInterface, dns: "athena.%s.amazonaws.com", policy: true},
	{name: "glue", typ: model.EndpointTypeInterface, dns: "glue.%s.amazonaws.com", policy: true},
	{name: "elasticfilesystem", typ: model.EndpointTypeInterface, dns: "elasticfilesystem.%s.amazonaws.com", policy: true},
	{name: "ebs", typ: model.EndpointTypeInterface, dns: "ebs.%s.amazonaws.com"},
	{name: "eks", typ: model.EndpointTypeInterface, dns: "eks.%s.amazonaws.com", policy: true},
	{name: "ssm-contacts", typ: model.EndpointTypeInterface, dns: "ssm-contacts.%s.amazonaws.com", policy: true},
	{name: "acm-pca", typ: model.EndpointTypeInterface, dns: "acm-pca.%s.amazonaws.com", policy: true},
	{name: "xray", typ: model.EndpointTypeInterface, dns: "xray.%s.amazonaws.com", policy: true},
}

// EndpointServiceInfo is one ServiceDetail of DescribeVpcEndpointServices:
// an AWS service of the Region or a PrivateLink endpoint service.
type EndpointServiceInfo struct {
	ServiceName          string
	ServiceID            string
	Type                 string
	Region               string
	Owner                string // "amazon" or the owning account
	AvailabilityZones    []string
	AvailabilityZoneIDs  []string
	BaseEndpointDNSNames []string
	PrivateDNSName       string
	// PrivateDNSState is the verification state of a PrivateLink
	// service's private DNS name ("" for AWS services).
	PrivateDNSState     string
	PolicySupported     bool
	AcceptanceRequired  bool
	ManagesVpcEndpoints bool
	SupportedIPTypes    []string
	PayerResponsibility string
	Tags                map[string]string
	// service is the PrivateLink configuration (nil for AWS services).
	service *model.VpcEndpointService
}

// key orders the catalogue: by name, then type.
func (e *EndpointServiceInfo) key() string { return e.ServiceName + "|" + e.Type }

// awsServiceName is the full name of an AWS service in region.
func awsServiceName(region, name string) string { return "com.amazonaws." + region + "." + name }

// awsServiceID derives a stable vpce-svc- id for an AWS service entry.
func awsServiceID(region, name, typ string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(region + "/" + name + "/" + typ))
	return fmt.Sprintf("vpce-svc-%017x", h.Sum64()&0xfffffffffffffff)
}

// dnsLabel reverses a dotted AWS service name into its DNS form (ecr.api
// is api.ecr.<region>.vpce.amazonaws.com).
func dnsLabel(name string) string {
	parts := strings.Split(name, ".")
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ".")
}

func awsServiceInfo(r Region, s awsService) *EndpointServiceInfo {
	info := &EndpointServiceInfo{
		ServiceName:         awsServiceName(r.Name, s.name),
		ServiceID:           awsServiceID(r.Name, s.name, s.typ),
		Type:                s.typ,
		Region:              r.Name,
		Owner:               "amazon",
		PolicySupported:     s.policy,
		SupportedIPTypes:    []string{"ipv4"},
		PayerResponsibility: "ServiceOwner",
	}
	if s.dualstack {
		info.SupportedIPTypes = []string{"ipv4", "ipv6"}
	}
	for _, z := range r.Zones {
		info.AvailabilityZones = append(info.AvailabilityZones, z.Name)
		info.AvailabilityZoneIDs = append(info.AvailabilityZoneIDs, z.ID)
	}
	if s.typ == model.EndpointTypeGateway {
		info.BaseEndpointDNSNames = []string{s.name + "." + r.Name + ".amazonaws.com"}
		return info
	}
	info.BaseEndpointDNSNames = []string{dnsLabel(s.name) + "." + r.Name + ".vpce.amazonaws.com"}
	if s.dns != "" {
		info.PrivateDNSName = fmt.Sprintf(s.dns, r.Name)
	}
	return info
}

// privateLinkServiceInfo renders a PrivateLink service configuration as a
// ServiceDetail.
func privateLinkServiceInfo(w *store.World, svc *model.VpcEndpointService) *EndpointServiceInfo {
	info := &EndpointServiceInfo{
		ServiceName:          svc.ServiceName,
		ServiceID:            svc.ID,
		Type:                 svc.ServiceType,
		Region:               svc.Region,
		Owner:                svc.Account,
		AvailabilityZones:    append([]string(nil), svc.AvailabilityZones...),
		BaseEndpointDNSNames: svc.BaseEndpointDNSNames,
		PrivateDNSName:       svc.PrivateDNSName,
		PrivateDNSState:      svc.PrivateDNSState,
		PolicySupported:      false,
		AcceptanceRequired:   svc.AcceptanceRequired,
		ManagesVpcEndpoints:  svc.ManagesVpcEndpoints,
		SupportedIPTypes:     svc.SupportedIPAddressTypes,
		PayerResponsibility:  svc.PayerResponsibility,
		Tags:                 svc.Tags,
		service:              svc,
	}
	if r, err := RegionByName(svc.Region); err == nil {
		for _, name := range info.AvailabilityZones {
			for _, z := range r.Zones {
				if z.Name == name {
					info.AvailabilityZoneIDs = append(info.AvailabilityZoneIDs, z.ID)
				}
			}
		}
	}
	return info
}

// EndpointServices returns the endpoint services of scope's Region the
// caller may see, ordered by name and type: the AWS services, the
// caller's own PrivateLink services and those that allow the caller's
// account [PrivateLink guide add-endpoint-service-permissions.md].
func EndpointServices(w *store.World, scope model.Scope) ([]*EndpointServiceInfo, error) {
	r, err := RegionByName(scope.Region)
	if err != nil {
		return nil, err
	}
	var out []*EndpointServiceInfo
	for _, s := range awsServiceCatalogue {
		out = append(out, awsServiceInfo(r, s))
	}
	w.VpcEndpointServices.All(func(svc *model.VpcEndpointService) bool {
		if svc.Region == scope.Region && svc.State == "Available" && (svc.Account == scope.Account || principalAllowed(svc, scope.Account)) {
			out = append(out, privateLinkServiceInfo(w, svc))
		}
		return true
	})
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	return out, nil
}

// resolveEndpointService finds the service an endpoint of type typ names
// in scope's Region, with AWS's errors: an unknown name (or a PrivateLink
// service the caller is not allowed to use) is InvalidServiceName, a type
// the service does not offer InvalidParameter.
func resolveEndpointService(w *store.World, scope model.Scope, name, typ string) (*EndpointServiceInfo, error) {
	all, err := EndpointServices(w, scope)
	if err != nil {
		return nil, err
	}
	var found []*EndpointServiceInfo
	for _, s := range all {
		if s.ServiceName == name {
			found = append(found, s)
		}
	}
	if len(found) == 0 {
		return nil, awserr.New("InvalidServiceName", "The Vpc Endpoint Service '%s' does not exist", name)
	}
	for _, s := range found {
		if s.Type == typ {
			return s, nil
		}
	}
	return nil, awserr.New("InvalidParameter", "The VPC endpoint service %s does not support the VPC endpoint type %s.", name, typ)
}
