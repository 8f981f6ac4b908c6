package control

import (
	"context"
	"fmt"
	"hash/fnv"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/policy"
	"github.com/vpcsim/vpcsim/internal/store"
)

// VPC endpoint semantics [PrivateLink guide vpce-gateway.md,
// vpce-interface.md, vpce-gateway-load-balancer.md, vpc-endpoints-access.md,
// delete-vpc-endpoint.md]:
//   - a gateway endpoint (S3, DynamoDB) adds to each of its route tables a
//     route from the service's AWS prefix list to the endpoint; a route table
//     cannot hold two endpoint routes to one service; the routes cannot be
//     changed with the route table APIs and go with the endpoint or with
//     the route table's removal from it;
//   - an interface endpoint gets one requester-managed network interface
//     in each chosen subnet, at most one subnet per Availability Zone, with
//     the chosen security groups (the VPC's default group when none), and
//     DNS names: a Regional one, one per zone and, with private DNS, the
//     service's own name, which needs the VPC's enableDnsSupport and
//     enableDnsHostnames attributes;
//   - a Gateway Load Balancer endpoint has one subnet and is a route
//     target;
//   - an endpoint policy is an IAM resource policy of at most 20,480
//     characters; without one AWS attaches a full-access policy;
//   - quotas: 20 gateway endpoints per Region, 50 interface and Gateway
//     Load Balancer endpoints per VPC (adjustable; with AWSQuotas).

// DefaultGatewayEndpointPolicy is the policy AWS attaches to a gateway
// endpoint created without one, as DescribeVpcEndpoints returns it.
const DefaultGatewayEndpointPolicy = `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`

// DefaultInterfaceEndpointPolicy is the policy AWS attaches to an
// interface endpoint created without one, as DescribeVpcEndpoints returns
// it.
const DefaultInterfaceEndpointPolicy = "{\n  \"Statement\": [\n    {\n      \"Action\": \"*\", \n      \"Effect\": \"Allow\", \n      \"Principal\": \"*\", \n      \"Resource\": \"*\"\n    }\n  ]\n}"

// maxEndpointPolicyChars is the documented size limit of an endpoint
// policy.
const maxEndpointPolicyChars = 20480

// Default quotas [PrivateLink quotas].
const (
	defaultGatewayEndpointsPerRegion  = 20
	defaultInterfaceEndpointsPerVpc   = 50
	endpointENIDescriptionPrefix      = "VPC Endpoint Interface "
	endpointInterfaceType             = "vpc_endpoint"
	gwlbEndpointInterfaceType         = "gateway_load_balancer_endpoint"
	endpointPrivateDNSHostedZoneLabel = "Z"
)

var kindVPCE = idKindOf(store.VpcEndpointKind)

// EndpointSubnetConfig chooses the addresses of an interface endpoint's
// network interface in one subnet.
type EndpointSubnetConfig struct {
	SubnetID string
	IPv4     string
	IPv6     string
}

// CreateVpcEndpointInput is what CreateVpcEndpoint accepts.
type CreateVpcEndpointInput struct {
	Type              string
	VpcID             string
	ServiceName       string
	PolicyDocument    string
	RouteTableIDs     []string
	SubnetIDs         []string
	SecurityGroupIDs  []string
	IPAddressType     string
	DNSRecordIPType   string
	PrivateDNSEnabled *bool
	SubnetConfigs     []EndpointSubnetConfig
	ClientToken       string
	Tags              map[string]string
}

// checkEndpointPolicy validates an endpoint policy document.
func checkEndpointPolicy(doc string) error {
	if len(doc) > maxEndpointPolicyChars {
		return awserr.New("InvalidPolicyDocument", "The Policy Document is not valid. The policy exceeds %d characters.", maxEndpointPolicyChars)
	}
	if _, err := policy.ValidateResourcePolicy(doc); err != nil {
		return awserr.New("InvalidPolicyDocument", "The Policy Document is not valid. %s", err.Error())
	}
	return nil
}

// normaliseIPTypes validates IpAddressType and DnsRecordIpType and applies
// their defaults (ipv4; the record type follows the address type).
func normaliseIPTypes(ipType, dnsType string) (string, string, error) {
	switch ipType {
	case "":
		ipType = "ipv4"
	case "ipv4", "dualstack", "ipv6":
	default:
		return "", "", awserr.InvalidParameterValue("Value (%s) for parameter IpAddressType is invalid. Valid values are ipv4, dualstack and ipv6.", ipType)
	}
	switch dnsType {
	case "":
		dnsType = ipType
	case "ipv4", "dualstack", "ipv6", "service-defined":
	default:
		return "", "", awserr.InvalidParameterValue("Value (%s) for parameter DnsRecordIpType is invalid. Valid values are ipv4, dualstack, ipv6 and service-defined.", dnsType)
	}
	if dnsType != "service-defined" && (ipType == "ipv4" && dnsType != "ipv4" || ipType == "ipv6" && dnsType != "ipv6") {
		return "", "", awserr.InvalidParameter("DnsRecordIpType %s is not supported for IpAddressType %s.", dnsType, ipType)
	}
	return ipType, dnsType, nil
}

// CreateVpcEndpoint creates a gateway, interface or Gateway Load Balancer
// endpoint. The returned endpoint is the stored one (available, or
// pendingAcceptance for a PrivateLink service that requires acceptance);
// EC2 answers the create with pending.
func (s *Service) CreateVpcEndpoint(ctx context.Context, scope model.Scope, in CreateVpcEndpointInput) (*model.VpcEndpoint, error) {
	typ := in.Type
	switch typ {
	case "":
		typ = model.EndpointTypeGateway
	case model.EndpointTypeGateway, model.EndpointTypeInterface, model.EndpointTypeGatewayLoadBalancer:
	case "Resource", "ServiceNetwork":
		return nil, awserr.New("UnsupportedOperation", "VPC endpoints of type %s are not supported by vpcsim.", typ)
	default:
		return nil, awserr.InvalidParameterValue("Value (%s) for parameter VpcEndpointType is invalid. Valid values are Interface, Gateway and GatewayLoadBalancer.", typ)
	}
	if in.ServiceName == "" {
		return nil, awserr.MissingParameter("ServiceName")
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	if in.PolicyDocument != "" {
		if err := checkEndpointPolicy(in.PolicyDocument); err != nil {
			return nil, err
		}
	}
	for _, c := range in.SubnetConfigs {
		if c.SubnetID == "" {
			return nil, awserr.MissingParameter("SubnetConfiguration.SubnetId")
		}
		if !slices.Contains(in.SubnetIDs, c.SubnetID) {
			in.SubnetIDs = append(in.SubnetIDs, c.SubnetID)
		}
	}
	switch typ {
	case model.EndpointTypeGateway:
		if len(in.SubnetIDs) > 0 {
			return nil, awserr.InvalidParameter("Subnet IDs are only supported for Interface and GatewayLoadBalancer type VPC Endpoint.")
		}
		if len(in.SecurityGroupIDs) > 0 {
			return nil, awserr.InvalidParameter("Security group IDs are only supported for Interface type VPC Endpoint.")
		}
		if in.PrivateDNSEnabled != nil && *in.PrivateDNSEnabled {
			return nil, awserr.InvalidParameter("Private DNS can only be enabled for Interface type VPC Endpoint.")
		}
	default:
		if len(in.RouteTableIDs) > 0 {
			return nil, awserr.InvalidParameter("Route table IDs are only supported for Gateway type VPC Endpoint.")
		}
	}
	if typ == model.EndpointTypeGatewayLoadBalancer {
		if len(in.SubnetIDs) != 1 {
			return nil, awserr.InvalidParameter("A Gateway Load Balancer endpoint requires exactly one subnet.")
		}
		if len(in.SecurityGroupIDs) > 0 {
			return nil, awserr.InvalidParameter("Security group IDs are only supported for Interface type VPC Endpoint.")
		}
		if in.PrivateDNSEnabled != nil && *in.PrivateDNSEnabled {
			return nil, awserr.InvalidParameter("Private DNS can only be enabled for Interface type VPC Endpoint.")
		}
		if in.PolicyDocument != "" {
			return nil, awserr.InvalidParameter("Endpoint policies are not supported for GatewayLoadBalancer type VPC Endpoint.")
		}
	}
	ipType, dnsType, err := normaliseIPTypes(in.IPAddressType, in.DNSRecordIPType)
	if err != nil {
		return nil, err
	}
	var out *model.VpcEndpoint
	err = s.update(ctx, func(tx *store.Tx) error {
		if in.VpcID == "" {
			return awserr.MissingParameter("VpcId")
		}
		v, err := find(kindVPC, tx.VPCs, scope, in.VpcID)
		if err != nil {
			return err
		}
		svc, err := resolveEndpointService(tx.World, scope, in.ServiceName, typ)
		if err != nil {
			return err
		}
		if in.PolicyDocument != "" && !svc.PolicySupported && typ != model.EndpointTypeGatewayLoadBalancer {
			return awserr.InvalidParameter("The VPC endpoint service %s does not support policy documents.", svc.ServiceName)
		}
		if ipType != "ipv4" && !slices.Contains(svc.SupportedIPTypes, "ipv6") {
			return awserr.InvalidParameter("The VPC endpoint service %s does not support IP address type %s.", svc.ServiceName, ipType)
		}
		if s.opts.AWSQuotas {
			if err := checkEndpointQuota(tx.World, scope, typ, v.ID); err != nil {
				return err
			}
		}
		e := &model.VpcEndpoint{
			Meta:            newMeta(tx, scope, tx.NewID("vpce"), in.Tags),
			Type:            typ,
			VpcID:           v.ID,
			ServiceName:     svc.ServiceName,
			State:           model.EndpointAvailable,
			IPAddressType:   ipType,
			DNSRecordIPType: dnsType,
			ClientToken:     in.ClientToken,
			ServiceRegion:   svc.Region,
		}
		if svc.service != nil {
			e.ServiceID = svc.ServiceID
			e.ServiceOwner = svc.Owner
			e.ConnectionID = tx.NewID("vpce-con")
			if svc.AcceptanceRequired {
				e.State = model.EndpointPendingAcceptance
			}
		}
		switch typ {
		case model.EndpointTypeGateway:
			e.PolicyDocument = in.PolicyDocument
			if e.PolicyDocument == "" {
				e.PolicyDocument = DefaultGatewayEndpointPolicy
			}
			e.DNSRecordIPType = ""
			if err := addGatewayEndpointRoutes(tx, scope, e, in.RouteTableIDs); err != nil {
				return err
			}
		default:
			if typ == model.EndpointTypeInterface && svc.PolicySupported {
				e.PolicyDocument = in.PolicyDocument
				if e.PolicyDocument == "" {
					e.PolicyDocument = DefaultInterfaceEndpointPolicy
				}
			}
			if typ == model.EndpointTypeGatewayLoadBalancer {
				e.DNSRecordIPType = ""
			}
			privateDNS := svc.PrivateDNSName != "" && (svc.service == nil || svc.PrivateDNSState == "verified")
			if in.PrivateDNSEnabled != nil {
				privateDNS = *in.PrivateDNSEnabled
			}
			groups := in.SecurityGroupIDs
			if typ == model.EndpointTypeInterface && len(groups) == 0 {
				for _, g := range tx.SecurityGroups.Children(v.ID) {
					if g.IsDefault() {
						groups = []string{g.ID}
					}
				}
			} else if len(groups) > 0 {
				if groups, err = s.checkGroupsForVpc(tx.World, scope, v.ID, "", groups); err != nil {
					return err
				}
			}
			e.SecurityGroupIDs = groups
			if err := addEndpointSubnets(tx, scope, e, svc, in.SubnetIDs, in.SubnetConfigs); err != nil {
				return err
			}
			if err := setEndpointPrivateDNS(tx.World, e, svc, v, privateDNS); err != nil {
				return err
			}
			e.DNSEntries = endpointDNSEntries(tx.World, e, svc)
		}
		tx.VpcEndpoints.Put(e)
		out = e
		return nil
	})
	return out, err
}

// checkEndpointQuota applies the default endpoint quotas.
func checkEndpointQuota(w *store.World, scope model.Scope, typ, vpcID string) error {
	n := 0
	w.VpcEndpoints.All(func(e *model.VpcEndpoint) bool {
		if !e.InScope(scope) {
			return true
		}
		if typ == model.EndpointTypeGateway && e.Type == typ || typ != model.EndpointTypeGateway && e.Type != model.EndpointTypeGateway && e.VpcID == vpcID {
			n++
		}
		return true
	})
	limit := defaultInterfaceEndpointsPerVpc
	if typ == model.EndpointTypeGateway {
		limit = defaultGatewayEndpointsPerRegion
	}
	if n >= limit {
		return awserr.New("VpcEndpointLimitExceeded", "The maximum number of VPC endpoints has been reached.")
	}
	return nil
}

// serviceShortName returns the part of an AWS service name after the
// Region (s3 for com.amazonaws.us-east-1.s3).
func serviceShortName(region, name string) string {
	return strings.TrimPrefix(name, "com.amazonaws."+region+".")
}

// addGatewayEndpointRoutes adds the prefix-list route of e's service to
// each route table and records the tables on e (a copy the caller stores).
func addGatewayEndpointRoutes(tx *store.Tx, scope model.Scope, e *model.VpcEndpoint, ids []string) error {
	pl := managedPrefixListID(e.Region, serviceShortName(e.Region, e.ServiceName))
	if _, ok := tx.PrefixLists.Get(pl); !ok {
		return awserr.New("InvalidServiceName", "The Vpc Endpoint Service '%s' does not exist", e.ServiceName)
	}
	for _, id := range ids {
		if id == "" || slices.Contains(e.RouteTableIDs, id) {
			continue
		}
		rt, err := find(kindRTB, tx.RouteTables, scope, id)
		if err != nil {
			return err
		}
		if rt.VpcID != e.VpcID {
			return awserr.InvalidParameter("Route table %s does not belong to vpc %s.", id, e.VpcID)
		}
		for i := range rt.Routes {
			if rt.Routes[i].DestinationPrefixListID == pl {
				return awserr.New("RouteAlreadyExists", "route table %s already has a route with destination-prefix-list-id %s", id, pl)
			}
		}
		c := model.Clone(rt)
		c.Routes = append(c.Routes, model.Route{DestinationPrefixListID: pl, Target: model.TargetVPCEndpoint, TargetID: e.ID, Origin: model.OriginCreateRoute})
		tx.RouteTables.Put(c)
		e.RouteTableIDs = append(e.RouteTableIDs, id)
	}
	return nil
}

// removeGatewayEndpointRoutes removes e's routes from the given tables
// (those that still exist).
func removeGatewayEndpointRoutes(tx *store.Tx, e *model.VpcEndpoint, ids []string) {
	for _, id := range ids {
		rt, ok := tx.RouteTables.Get(id)
		if !ok {
			continue
		}
		c := model.Clone(rt)
		c.Routes = slices.DeleteFunc(c.Routes, func(r model.Route) bool {
			return r.Target == model.TargetVPCEndpoint && r.TargetID == e.ID
		})
		if len(c.Routes) != len(rt.Routes) {
			tx.RouteTables.Put(c)
		}
	}
}

// addEndpointSubnets creates e's network interfaces in the given subnets
// (e is a copy the caller stores).
func addEndpointSubnets(tx *store.Tx, scope model.Scope, e *model.VpcEndpoint, svc *EndpointServiceInfo, ids []string, cfgs []EndpointSubnetConfig) error {
	if len(ids) == 0 && e.Type == model.EndpointTypeInterface && len(e.SubnetIDs) == 0 {
		return nil
	}
	zones := map[string]string{}
	for _, id := range e.SubnetIDs {
		if sn, ok := tx.Subnets.Get(id); ok {
			zones[sn.AvailabilityZone] = id
		}
	}
	for _, id := range ids {
		if id == "" || slices.Contains(e.SubnetIDs, id) {
			continue
		}
		sn, err := find(kindSubnet, tx.Subnets, scope, id)
		if err != nil {
			return err
		}
		if sn.VpcID != e.VpcID {
			return awserr.InvalidParameter("The subnet ID '%s' does not belong to the VPC '%s'.", id, e.VpcID)
		}
		if other, ok := zones[sn.AvailabilityZone]; ok && other != id {
			return awserr.New("DuplicateSubnetsInSameZone", "Found another VPC endpoint subnet in the availability zone of %s. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.", id)
		}
		if !slices.Contains(svc.AvailabilityZones, sn.AvailabilityZone) {
			return awserr.InvalidParameter("The VPC endpoint service %s does not support the availability zone of the subnet: %s.", svc.ServiceName, id)
		}
		zones[sn.AvailabilityZone] = id
		var cfg EndpointSubnetConfig
		for _, c := range cfgs {
			if c.SubnetID == id {
				cfg = c
			}
		}
		eni, err := newEndpointENI(tx, scope, e, sn, cfg)
		if err != nil {
			return err
		}
		tx.NetworkInterfaces.Put(eni)
		e.SubnetIDs = append(e.SubnetIDs, id)
		e.NetworkInterfaceIDs = append(e.NetworkInterfaceIDs, eni.ID)
	}
	return nil
}

// newEndpointENI builds the requester-managed interface of e in sn with
// the addresses e's IP address type asks for.
func newEndpointENI(tx *store.Tx, scope model.Scope, e *model.VpcEndpoint, sn *model.Subnet, cfg EndpointSubnetConfig) (*model.NetworkInterface, error) {
	eni := &model.NetworkInterface{
		Meta:             newMeta(tx, scope, tx.NewID("eni"), nil),
		SubnetID:         sn.ID,
		VpcID:            sn.VpcID,
		AvailabilityZone: sn.AvailabilityZone,
		Description:      endpointENIDescriptionPrefix + e.ID,
		InterfaceType:    endpointInterfaceType,
		MacAddress:       natMAC(tx),
		SecurityGroupIDs: append([]string(nil), e.SecurityGroupIDs...),
		SourceDestCheck:  true,
		RequesterManaged: true,
		Status:           "in-use",
	}
	if e.Type == model.EndpointTypeGatewayLoadBalancer {
		eni.InterfaceType = gwlbEndpointInterfaceType
		eni.SourceDestCheck = false
	}
	if e.IPAddressType == "ipv6" && !sn.Ipv6Native {
		return nil, awserr.InvalidParameter("IP address type ipv6 requires IPv6-only subnets; %s is not one.", sn.ID)
	}
	if e.IPAddressType != "ipv6" {
		if sn.Ipv6Native {
			return nil, awserr.InvalidParameter("Subnet %s is IPv6-only; choose IpAddressType ipv6.", sn.ID)
		}
		var ip netip.Addr
		if cfg.IPv4 != "" {
			a, err := netip.ParseAddr(cfg.IPv4)
			if err != nil {
				return nil, awserr.InvalidParameterValue("Value (%s) for parameter Ipv4 is invalid. Not a valid IPv4 address.", cfg.IPv4)
			}
			if err := checkPrivateIPv4(tx.World, sn, a); err != nil {
				return nil, err
			}
			ip = a
		} else {
			a, err := allocatePrivateIPv4(tx.World, sn, nil)
			if err != nil {
				return nil, err
			}
			ip = a
		}
		eni.PrivateIPs = []model.PrivateIP{{Address: ip, Primary: true}}
	} else if cfg.IPv4 != "" {
		return nil, awserr.InvalidParameter("An IPv4 address cannot be chosen for an endpoint of IP address type ipv6.")
	}
	if e.IPAddressType != "ipv4" {
		p, ok := sn.Ipv6CidrBlock()
		if !ok {
			return nil, awserr.InvalidParameter("Subnet %s has no IPv6 CIDR block, which IP address type %s requires.", sn.ID, e.IPAddressType)
		}
		if cfg.IPv6 != "" {
			a, err := netip.ParseAddr(cfg.IPv6)
			if err != nil || !a.Is6() || !p.Contains(a) {
				return nil, awserr.InvalidParameterValue("Value (%s) for parameter Ipv6 is invalid. The address is not in subnet %s.", cfg.IPv6, sn.ID)
			}
			if usedIPv6(tx.World, sn.ID)[a] {
				return nil, awserr.New("InvalidIPAddress.InUse", "Address %s is in use.", a)
			}
			eni.Ipv6Addresses = []netip.Addr{a}
		} else {
			a, err := allocateIPv6(tx, sn, nil)
			if err != nil {
				return nil, err
			}
			eni.Ipv6Addresses = []netip.Addr{a}
		}
	} else if cfg.IPv6 != "" {
		return nil, awserr.InvalidParameter("An IPv6 address cannot be chosen for an endpoint of IP address type ipv4.")
	}
	return eni, nil
}

// setEndpointPrivateDNS turns e's private DNS on or off with AWS's
// checks: the service must have a (verified) private DNS name, the VPC
// must have both DNS attributes, and no other endpoint of the VPC may
// already serve the name.
func setEndpointPrivateDNS(w *store.World, e *model.VpcEndpoint, svc *EndpointServiceInfo, v *model.VPC, on bool) error {
	if !on {
		e.PrivateDNSEnabled = false
		e.PrivateDNSHostedZoneID = ""
		return nil
	}
	if svc.PrivateDNSName == "" {
		return awserr.InvalidParameter("Private DNS can't be enabled because the service %s does not provide a private DNS name.", svc.ServiceName)
	}
	if svc.service != nil && svc.PrivateDNSState != "verified" {
		return awserr.InvalidParameter("Private DNS can't be enabled because the private DNS name of %s is not verified.", svc.ServiceName)
	}
	if !v.EnableDnsSupport || !v.EnableDnsHostnames {
		return awserr.InvalidParameter("Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for %s", v.ID)
	}
	conflict := false
	w.VpcEndpoints.ByParent(v.ID, func(o *model.VpcEndpoint) bool {
		conflict = o.ID != e.ID && o.PrivateDNSEnabled && o.ServiceName == e.ServiceName
		return !conflict
	})
	if conflict {
		return awserr.InvalidParameter("private-dns-enabled cannot be set because there is already a conflicting DNS domain for %s in the VPC %s", svc.PrivateDNSName, v.ID)
	}
	e.PrivateDNSEnabled = true
	if e.PrivateDNSHostedZoneID == "" {
		e.PrivateDNSHostedZoneID = hostedZoneID(e.ID + "/private")
	}
	return nil
}

// vpceHostedZones are the Route 53 hosted zones of *.vpce.amazonaws.com
// per Region; other Regions get a stable derived id.
var vpceHostedZones = map[string]string{
	"us-east-1":    "Z7HUB22UULQXV",
	"us-east-2":    "ZC8PG0KIFKBRI",
	"us-west-1":    "Z12I86A8N7VCZO",
	"us-west-2":    "Z1YSA3EXCYUU9Z",
	"eu-west-1":    "Z38GZ743OKFT7T",
	"eu-central-1": "Z273ZU8SZ5RJPC",
}

// hostedZoneID derives a Route 53 style zone id from seed.
func hostedZoneID(seed string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(seed))
	return fmt.Sprintf("Z%013X", h.Sum64()&0xfffffffffffff)[:14]
}

// endpointDNSEntries computes an interface endpoint's DNS entries: the
// Regional name, one name per zone of its subnets (in subnet order) and,
// with private DNS, the service's private name.
func endpointDNSEntries(w *store.World, e *model.VpcEndpoint, svc *EndpointServiceInfo) []model.EndpointDNSName {
	if e.Type != model.EndpointTypeInterface || len(e.SubnetIDs) == 0 || len(svc.BaseEndpointDNSNames) == 0 {
		return nil
	}
	zone, ok := vpceHostedZones[e.Region]
	if !ok {
		zone = hostedZoneID(e.Region + "/vpce")
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(e.ID))
	label := fmt.Sprintf("%s-%08x", e.ID, h.Sum32())
	base := svc.BaseEndpointDNSNames[0]
	out := []model.EndpointDNSName{{DNSName: label + "." + base, HostedZoneID: zone}}
	for _, id := range e.SubnetIDs {
		if sn, ok := w.Subnets.Get(id); ok {
			out = append(out, model.EndpointDNSName{DNSName: label + "-" + sn.AvailabilityZone + "." + base, HostedZoneID: zone})
		}
	}
	if e.PrivateDNSEnabled && svc.PrivateDNSName != "" {
		out = append(out, model.EndpointDNSName{DNSName: svc.PrivateDNSName, HostedZoneID: e.PrivateDNSHostedZoneID})
		if strings.HasPrefix(svc.PrivateDNSName, "*.") {
			out = append(out, model.EndpointDNSName{DNSName: strings.TrimPrefix(svc.PrivateDNSName, "*."), HostedZoneID: e.PrivateDNSHostedZoneID})
		}
	}
	return out
}

// endpointServiceOf returns the service an existing endpoint connects to,
// even when the caller could no longer create a new endpoint to it.
func endpointServiceOf(w *store.World, e *model.VpcEndpoint) *EndpointServiceInfo {
	if e.ServiceID != "" {
		if svc, ok := w.VpcEndpointServices.Get(e.ServiceID); ok {
			return privateLinkServiceInfo(w, svc)
		}
		return &EndpointServiceInfo{ServiceName: e.ServiceName, ServiceID: e.ServiceID, Type: e.Type, Region: e.Region}
	}
	r, err := RegionByName(e.Region)
	if err == nil {
		short := serviceShortName(e.Region, e.ServiceName)
		for _, s := range awsServiceCatalogue {
			if s.name == short && s.typ == e.Type {
				return awsServiceInfo(r, s)
			}
		}
	}
	return &EndpointServiceInfo{ServiceName: e.ServiceName, Type: e.Type, Region: e.Region}
}

// GetVpcEndpoint returns an endpoint of scope.
func GetVpcEndpoint(w *store.World, scope model.Scope, id string) (*model.VpcEndpoint, error) {
	if id == "" {
		return nil, awserr.MissingParameter("VpcEndpointId")
	}
	return find(kindVPCE, w.VpcEndpoints, scope, id)
}

// EndpointRouteTables returns the route tables of a gateway endpoint that
// still exist (a deleted route table leaves the endpoint).
func EndpointRouteTables(w *store.World, e *model.VpcEndpoint) []string {
	var out []string
	for _, id := range e.RouteTableIDs {
		if _, ok := w.RouteTables.Get(id); ok {
			out = append(out, id)
		}
	}
	return out
}

// ModifyVpcEndpointInput is what ModifyVpcEndpoint accepts.
type ModifyVpcEndpointInput struct {
	ID                     string
	ResetPolicy            bool
	PolicyDocument         *string
	AddRouteTableIDs       []string
	RemoveRouteTableIDs    []string
	AddSubnetIDs           []string
	RemoveSubnetIDs        []string
	AddSecurityGroupIDs    []string
	RemoveSecurityGroupIDs []string
	IPAddressType          string
	DNSRecordIPType        string
	PrivateDNSEnabled      *bool
	SubnetConfigs          []EndpointSubnetConfig
}

// ModifyVpcEndpoint changes an endpoint's policy, route tables (gateway),
// subnets, security groups, IP address type and private DNS (interface)
// [vpce-gateway.md "Modify a gateway endpoint", vpce-interface.md "Modify
// an interface endpoint"].
func (s *Service) ModifyVpcEndpoint(ctx context.Context, scope model.Scope, in ModifyVpcEndpointInput) error {
	if in.ResetPolicy && in.PolicyDocument != nil {
		return awserr.InvalidParameterCombination("The parameters ResetPolicy and PolicyDocument cannot be specified together.")
	}
	if in.PolicyDocument != nil {
		if err := checkEndpointPolicy(*in.PolicyDocument); err != nil {
			return err
		}
	}
	return s.update(ctx, func(tx *store.Tx) error {
		old, err := GetVpcEndpoint(tx.World, scope, in.ID)
		if err != nil {
			return err
		}
		if old.State == model.EndpointDeleted || old.State == model.EndpointDeleting {
			return awserr.New("IncorrectState", "The VPC endpoint %s is in state %s and cannot be modified.", old.ID, old.State)
		}
		e := model.Clone(old)
		svc := endpointServiceOf(tx.World, e)
		gateway := e.Type == model.EndpointTypeGateway
		if !gateway && (len(in.AddRouteTableIDs) > 0 || len(in.RemoveRouteTableIDs) > 0) {
			return awserr.InvalidParameter("Route table IDs are only supported for Gateway type VPC Endpoint.")
		}
		if gateway && (len(in.AddSubnetIDs) > 0 || len(in.RemoveSubnetIDs) > 0 || len(in.SubnetConfigs) > 0) {
			return awserr.InvalidParameter("Subnet IDs are only supported for Interface and GatewayLoadBalancer type VPC Endpoint.")
		}
		if e.Type != model.EndpointTypeInterface && (len(in.AddSecurityGroupIDs) > 0 || len(in.RemoveSecurityGroupIDs) > 0) {
			return awserr.InvalidParameter("Security group IDs are only supported for Interface type VPC Endpoint.")
		}
		if e.Type != model.EndpointTypeInterface && in.PrivateDNSEnabled != nil && *in.PrivateDNSEnabled {
			return awserr.InvalidParameter("Private DNS can only be enabled for Interface type VPC Endpoint.")
		}
		switch {
		case in.ResetPolicy:
			e.PolicyDocument = defaultPolicyFor(e, svc)
		case in.PolicyDocument != nil:
			if !svc.PolicySupported {
				return awserr.InvalidParameter("The VPC endpoint service %s does not support policy documents.", svc.ServiceName)
			}
			e.PolicyDocument = *in.PolicyDocument
		}
		if gateway {
			e.RouteTableIDs = EndpointRouteTables(tx.World, e)
			for _, id := range in.RemoveRouteTableIDs {
				if !slices.Contains(e.RouteTableIDs, id) {
					if _, err := find(kindRTB, tx.RouteTables, scope, id); err != nil {
						return err
					}
					return awserr.InvalidParameter("Route table %s is not associated with VPC endpoint %s.", id, e.ID)
				}
			}
			removeGatewayEndpointRoutes(tx, e, in.RemoveRouteTableIDs)
			e.RouteTableIDs = slices.DeleteFunc(e.RouteTableIDs, func(id string) bool { return slices.Contains(in.RemoveRouteTableIDs, id) })
			if err := addGatewayEndpointRoutes(tx, scope, e, in.AddRouteTableIDs); err != nil {
				return err
			}
			tx.VpcEndpoints.Put(e)
			return nil
		}
		v, _ := tx.VPCs.Get(e.VpcID)
		if v == nil {
			return kindVPC.NotFound(e.VpcID)
		}
		// Security groups first: new interfaces take the final set.
		if len(in.AddSecurityGroupIDs) > 0 {
			add, err := s.checkGroupsForVpc(tx.World, scope, e.VpcID, "", in.AddSecurityGroupIDs)
			if err != nil {
				return err
			}
			for _, g := range add {
				if !slices.Contains(e.SecurityGroupIDs, g) {
					e.SecurityGroupIDs = append(e.SecurityGroupIDs, g)
				}
			}
		}
		for _, g := range in.RemoveSecurityGroupIDs {
			if !slices.Contains(e.SecurityGroupIDs, g) {
				return awserr.InvalidParameter("Security group %s is not associated with VPC endpoint %s.", g, e.ID)
			}
		}
		e.SecurityGroupIDs = slices.DeleteFunc(e.SecurityGroupIDs, func(g string) bool { return slices.Contains(in.RemoveSecurityGroupIDs, g) })
		if e.Type == model.EndpointTypeInterface && len(e.SecurityGroupIDs) == 0 {
			return awserr.InvalidParameter("An interface endpoint must have at least one security group.")
		}
		if in.IPAddressType != "" || in.DNSRecordIPType != "" {
			ipType := in.IPAddressType
			if ipType == "" {
				ipType = e.IPAddressType
			}
			dnsType := in.DNSRecordIPType
			if in.IPAddressType != "" && dnsType == "" {
				dnsType = ipType
			} else if dnsType == "" {
				dnsType = e.DNSRecordIPType
			}
			ipType, dnsType, err := normaliseIPTypes(ipType, dnsType)
			if err != nil {
				return err
			}
			if ipType != "ipv4" && !slices.Contains(svc.SupportedIPTypes, "ipv6") {
				return awserr.InvalidParameter("The VPC endpoint service %s does not support IP address type %s.", svc.ServiceName, ipType)
			}
			if ipType != e.IPAddressType {
				e.IPAddressType = ipType
				if err := readdressEndpointENIs(tx, e); err != nil {
					return err
				}
			}
			e.DNSRecordIPType = dnsType
		}
		for _, id := range in.RemoveSubnetIDs {
			i := slices.Index(e.SubnetIDs, id)
			if i < 0 {
				if _, err := find(kindSubnet, tx.Subnets, scope, id); err != nil {
					return err
				}
				return awserr.InvalidParameter("Subnet %s is not associated with VPC endpoint %s.", id, e.ID)
			}
			if e.Type == model.EndpointTypeGatewayLoadBalancer {
				return awserr.InvalidParameter("The subnet of a Gateway Load Balancer endpoint cannot be removed.")
			}
			tx.NetworkInterfaces.Delete(e.NetworkInterfaceIDs[i])
			e.SubnetIDs = slices.Delete(e.SubnetIDs, i, i+1)
			e.NetworkInterfaceIDs = slices.Delete(e.NetworkInterfaceIDs, i, i+1)
		}
		add := append([]string(nil), in.AddSubnetIDs...)
		for _, c := range in.SubnetConfigs {
			if !slices.Contains(add, c.SubnetID) && !slices.Contains(e.SubnetIDs, c.SubnetID) {
				add = append(add, c.SubnetID)
			}
		}
		if e.Type == model.EndpointTypeGatewayLoadBalancer && len(add) > 0 {
			return awserr.InvalidParameter("A Gateway Load Balancer endpoint requires exactly one subnet.")
		}
		if err := addEndpointSubnets(tx, scope, e, svc, add, in.SubnetConfigs); err != nil {
			return err
		}
		// The interfaces follow the endpoint's security groups.
		for _, id := range e.NetworkInterfaceIDs {
			if n, ok := tx.NetworkInterfaces.Get(id); ok && !slices.Equal(n.SecurityGroupIDs, e.SecurityGroupIDs) {
				c := model.Clone(n)
				c.SecurityGroupIDs = append([]string(nil), e.SecurityGroupIDs...)
				tx.NetworkInterfaces.Put(c)
			}
		}
		if in.PrivateDNSEnabled != nil && *in.PrivateDNSEnabled != e.PrivateDNSEnabled {
			if err := setEndpointPrivateDNS(tx.World, e, svc, v, *in.PrivateDNSEnabled); err != nil {
				return err
			}
		}
		e.DNSEntries = endpointDNSEntries(tx.World, e, svc)
		tx.VpcEndpoints.Put(e)
		return nil
	})
}

// defaultPolicyFor is the policy ResetPolicy restores.
func defaultPolicyFor(e *model.VpcEndpoint, svc *EndpointServiceInfo) string {
	switch {
	case e.Type == model.EndpointTypeGateway:
		return DefaultGatewayEndpointPolicy
	case e.Type == model.EndpointTypeInterface && svc.PolicySupported:
		return DefaultInterfaceEndpointPolicy
	}
	return ""
}

// readdressEndpointENIs gives e's interfaces the addresses of its (new) IP
// address type.
func readdressEndpointENIs(tx *store.Tx, e *model.VpcEndpoint) error {
	for _, id := range e.NetworkInterfaceIDs {
		n, ok := tx.NetworkInterfaces.Get(id)
		if !ok {
			continue
		}
		sn, ok := tx.Subnets.Get(n.SubnetID)
		if !ok {
			continue
		}
		c := model.Clone(n)
		if e.IPAddressType == "ipv6" {
			c.PrivateIPs = nil
		} else if len(c.PrivateIPs) == 0 {
			if sn.Ipv6Native {
				return awserr.InvalidParameter("Subnet %s is IPv6-only; choose IpAddressType ipv6.", sn.ID)
			}
			a, err := allocatePrivateIPv4(tx.World, sn, nil)
			if err != nil {
				return err
			}
			c.PrivateIPs = []model.PrivateIP{{Address: a, Primary: true}}
		}
		if e.IPAddressType == "ipv4" {
			c.Ipv6Addresses = nil
		} else if len(c.Ipv6Addresses) == 0 {
			if _, ok := sn.Ipv6CidrBlock(); !ok {
				return awserr.InvalidParameter("Subnet %s has no IPv6 CIDR block, which IP address type %s requires.", sn.ID, e.IPAddressType)
			}
			a, err := allocateIPv6(tx, sn, nil)
			if err != nil {
				return err
			}
			c.Ipv6Addresses = []netip.Addr{a}
		}
		tx.NetworkInterfaces.Put(c)
	}
	return nil
}

// EndpointDeleteResult is one id DeleteVpcEndpoints could not delete.
type EndpointDeleteResult struct {
	ID  string
	Err *awserr.Error
}

// DeleteVpcEndpoints deletes endpoints: a gateway endpoint's routes go,
// an interface endpoint's network interfaces are deleted
// [delete-vpc-endpoint.md]. Ids that cannot be deleted are reported per id
// and do not stop the others.
func (s *Service) DeleteVpcEndpoints(ctx context.Context, scope model.Scope, ids []string) ([]EndpointDeleteResult, error) {
	if len(ids) == 0 {
		return nil, awserr.MissingParameter("VpcEndpointId")
	}
	var failed []EndpointDeleteResult
	err := s.update(ctx, func(tx *store.Tx) error {
		failed = nil
		for _, id := range ids {
			e, ok := tx.VpcEndpoints.Get(id)
			if !ok || !e.InScope(scope) {
				code := "InvalidVpcEndpoint.NotFound"
				if !validID(id, "vpce") {
					code = "InvalidVpcEndpointId.Malformed"
				}
				failed = append(failed, EndpointDeleteResult{ID: id, Err: awserr.New(code, "The VPC Endpoint Id '%s' does not exist", id)})
				continue
			}
			deleteEndpoint(tx, e)
		}
		return nil
	})
	return failed, err
}

// deleteEndpoint removes e with its routes, interfaces and notifications.
func deleteEndpoint(tx *store.Tx, e *model.VpcEndpoint) {
	if e.Type == model.EndpointTypeGateway {
		removeGatewayEndpointRoutes(tx, e, e.RouteTableIDs)
	}
	for _, id := range e.NetworkInterfaceIDs {
		tx.NetworkInterfaces.Delete(id)
	}
	notes := ConnectionNotificationKind.In(tx.World)
	var drop []string
	notes.All(func(n *model.VpcEndpointConnectionNotification) bool {
		if n.VpcEndpointID == e.ID {
			drop = append(drop, n.ID)
		}
		return true
	})
	for _, id := range drop {
		notes.Delete(id)
	}
	tx.VpcEndpoints.Delete(e.ID)
}

// VpcHasEndpoints reports whether a VPC still has endpoints, which keep
// DeleteVpc from deleting it.
func VpcHasEndpoints(w *store.World, vpcID string) bool {
	return len(w.VpcEndpoints.Children(vpcID)) > 0
}

// CheckEndpointRouteChange refuses a user change (ReplaceRoute,
// DeleteRoute) to a gateway endpoint's route: "You cannot explicitly add,
// modify, or delete an endpoint route in your route table by using the
// route table APIs" [vpce-gateway.md "Routing for gateway endpoints"].
func CheckEndpointRouteChange(w *store.World, rt *model.RouteTable, r *model.Route) error {
	if r.Target != model.TargetVPCEndpoint {
		return nil
	}
	if e, ok := w.VpcEndpoints.Get(r.TargetID); ok && e.Type == model.EndpointTypeGateway {
		return awserr.InvalidParameterValue("Route %s in route table %s is a VPC endpoint route; modify VPC endpoint %s to change it.", r.DestinationKey(), rt.ID, e.ID)
	}
	return nil
}

// EndpointRouteTarget validates a VpcEndpointId (or a vpce- GatewayId)
// route target: only a Gateway Load Balancer endpoint of the table's VPC
// can be one; a gateway endpoint's routes belong to the endpoint.
func EndpointRouteTarget(w *store.World, scope model.Scope, rt *model.RouteTable, id string) error {
	e, err := find(kindVPCE, w.VpcEndpoints, scope, id)
	if err != nil {
		return awserr.New("InvalidVpcEndpointId.NotFound", "The VpcEndpoint Id '%s' does not exist", id)
	}
	switch {
	case e.Type == model.EndpointTypeGateway:
		return awserr.InvalidParameterValue("Route table %s: routes to gateway endpoint %s are added by associating the route table with the endpoint.", rt.ID, id)
	case e.Type != model.EndpointTypeGatewayLoadBalancer:
		return awserr.InvalidParameterValue("The VPC endpoint %s is not a Gateway Load Balancer endpoint and cannot be a route target.", id)
	case e.VpcID != rt.VpcID:
		return awserr.InvalidParameterValue("route table %s and vpc endpoint %s belong to different networks", rt.ID, id)
	}
	return nil
}

// EndpointRouteActive reports whether a route to endpoint id is active:
// the endpoint exists and is available.
func EndpointRouteActive(w *store.World, id string) bool {
	e, ok := w.VpcEndpoints.Get(id)
	return ok && e.State == model.EndpointAvailable
}
