package elbv2

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Load balancer rules [ALB-UG application-load-balancers.md,
// load-balancer-subnets.md, load-balancer-limits.md; NLB-UG
// network-load-balancers.md; API CreateLoadBalancer]:
//   - names: at most 32 characters, alphanumerics and hyphens, neither
//     beginning nor ending with a hyphen, not beginning with "internal-";
//     unique per account and Region (a repeated request with the same
//     settings returns the existing load balancer);
//   - an Application Load Balancer needs subnets in at least two
//     Availability Zones; every load balancer takes at most one subnet per
//     zone, all in one VPC; an internet-facing one needs an internet
//     gateway on the VPC;
//   - an Application Load Balancer without security groups gets the VPC's
//     default security group; a Gateway Load Balancer takes none; at most
//     5 groups;
//   - dualstack needs an IPv6 block on every subnet; dualstack-without-
//     public-ipv4 is for internet-facing Application Load Balancers;
//   - subnet mappings: an Elastic IP per subnet for an internet-facing
//     Network Load Balancer, a private IPv4 address for an internal one;
//   - 50 Application and 50 Network Load Balancers per Region, 100
//     Gateway Load Balancers.
const (
	maxNameLen        = 32
	maxSecurityGroups = 5
	maxALBs           = 50
	maxNLBs           = 50
	maxGWLBs          = 100
)

// Schemes and IP address types.
const (
	SchemeInternet = "internet-facing"
	SchemeInternal = "internal"
	IPv4           = "ipv4"
	Dualstack      = "dualstack"
	DualstackNoV4  = "dualstack-without-public-ipv4"
)

// SubnetMapping is one CreateLoadBalancer/SetSubnets subnet mapping.
type SubnetMapping struct {
	SubnetID     string
	AllocationID string
	PrivateIPv4  string
	IPv6         string
}

// CreateLoadBalancerInput is CreateLoadBalancer's request.
type CreateLoadBalancerInput struct {
	Name           string
	Type           string
	Scheme         string
	IPAddressType  string
	Subnets        []string
	SubnetMappings []SubnetMapping
	// SecurityGroups is nil when the request named none.
	SecurityGroups []string
	Tags           []model.Tag
}

// checkName applies the naming rule to a load balancer or target group.
func checkName(noun, name string) error {
	if name == "" {
		return validation("%s name cannot be empty", noun)
	}
	if len(name) > maxNameLen {
		return validation("%s name cannot be longer than '%d' characters", noun, maxNameLen)
	}
	for _, c := range name {
		if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return validation("%s name '%s' can only contain characters that are alphanumeric characters or hyphens(-)", noun, name)
		}
	}
	if strings.HasPrefix(name, "-") || strings.HasSuffix(name, "-") {
		return validation("%s name '%s' cannot begin or end with '-' character", noun, name)
	}
	return nil
}

// CreateLoadBalancer creates a load balancer with a node interface in each
// of its subnets, in one transaction.
func (s *Service) CreateLoadBalancer(ctx context.Context, scope Scope, in CreateLoadBalancerInput) (*elbv2.LoadBalancer, error) {
	if err := checkName("Load balancer", in.Name); err != nil {
		return nil, err
	}
	if strings.HasPrefix(strings.ToLower(in.Name), "internal-") {
		return nil, validation("Load balancer name '%s' cannot begin with 'internal-'", in.Name)
	}
	if in.Type == "" {
		in.Type = elbv2.TypeApplication
	}
	if in.Type == elbv2.TypeGateway {
		if in.Scheme != "" {
			return nil, validation("Scheme is not supported for load balancers of type 'gateway'")
		}
		if in.SecurityGroups != nil {
			return nil, validation("Security groups are not supported for load balancers of type 'gateway'")
		}
	}
	if in.Scheme == "" {
		in.Scheme = SchemeInternet
		if in.Type == elbv2.TypeGateway {
			in.Scheme = SchemeInternal
		}
	}
	if in.IPAddressType == "" {
		in.IPAddressType = IPv4
	}
	tags, err := tagMap(nil, in.Tags)
	if err != nil {
		return nil, err
	}
	if len(in.Subnets) > 0 && len(in.SubnetMappings) > 0 {
		return nil, validation("You can specify subnets or subnet mappings, not both")
	}
	maps := in.SubnetMappings
	for _, id := range in.Subnets {
		maps = append(maps, SubnetMapping{SubnetID: id})
	}
	if len(maps) == 0 {
		return nil, validation("At least one subnet must be specified")
	}
	var out *elbv2.LoadBalancer
	err = s.update(ctx, scope, func(tx *store.Tx) error {
		lbs := store.LoadBalancerKind.In(tx.World)
		arnBase := arnPrefix(scope) + "loadbalancer/" + typeSegment(in.Type) + "/" + in.Name + "/"
		count := 0
		var existing *elbv2.LoadBalancer
		lbs.From(arnPrefix(scope)+"loadbalancer/", func(lb *elbv2.LoadBalancer) bool {
			if !strings.HasPrefix(lb.ID, arnPrefix(scope)+"loadbalancer/") {
				return false
			}
			if lb.Type == in.Type {
				count++
			}
			if lb.Name == in.Name {
				existing = lb
			}
			return true
		})
		if existing != nil {
			if existing.Type == in.Type && existing.Scheme == in.Scheme && sameSubnets(existing, maps) {
				out = existing
				return nil
			}
			return awserr.New("DuplicateLoadBalancerName", "A load balancer with the same name '%s' exists, but with different settings", in.Name)
		}
		limit := map[string]int{elbv2.TypeApplication: maxALBs, elbv2.TypeNetwork: maxNLBs, elbv2.TypeGateway: maxGWLBs}[in.Type]
		if count >= limit {
			return awserr.New("TooManyLoadBalancers", "The maximum number of load balancers has been reached")
		}
		lb := &elbv2.LoadBalancer{
			Meta:          model.Meta{ID: arnBase + tx.NewHex(16), Account: scope.Account, Region: scope.Region, Tags: tags, Created: tx.Now()},
			Name:          in.Name,
			Type:          in.Type,
			Scheme:        in.Scheme,
			State:         "active",
			IPAddressType: in.IPAddressType,
		}
		subnets, err := resolveSubnets(tx.World, scope, maps)
		if err != nil {
			return err
		}
		lb.VpcID = subnets[0].VpcID
		if err := checkZones(tx.World, lb, subnets, maps); err != nil {
			return err
		}
		if err := checkIPAddressType(lb, in.IPAddressType, subnets); err != nil {
			return err
		}
		groups := in.SecurityGroups
		if groups == nil && in.Type == elbv2.TypeApplication {
			if g := defaultGroup(tx.World, lb.VpcID); g != "" {
				groups = []string{g}
			}
		}
		if lb.SecurityGroupIDs, err = checkGroups(tx.World, scope, lb.VpcID, groups); err != nil {
			return err
		}
		lb.DNSName = dnsName(tx, lb)
		lb.CanonicalHostedZoneID = hostedZone(scope.Region, in.Type)
		lb.Attributes = defaultLBAttributes(lb)
		for i, sn := range subnets {
			z, err := addZone(tx, scope, lb, sn, maps[i])
			if err != nil {
				return err
			}
			lb.Zones = append(lb.Zones, z)
		}
		sortZones(lb)
		lbs.Put(lb)
		out = lb
		return nil
	})
	return out, err
}

// sameSubnets reports whether lb is in exactly the mapped subnets.
func sameSubnets(lb *elbv2.LoadBalancer, maps []SubnetMapping) bool {
	have := map[string]bool{}
	for _, z := range lb.Zones {
		have[z.SubnetID] = true
	}
	want := map[string]bool{}
	for _, m := range maps {
		want[m.SubnetID] = true
	}
	if len(have) != len(want) {
		return false
	}
	for id := range want {
		if !have[id] {
			return false
		}
	}
	return true
}

// resolveSubnets finds the mapped subnets in scope.
func resolveSubnets(w *store.World, scope Scope, maps []SubnetMapping) ([]*model.Subnet, error) {
	out := make([]*model.Subnet, 0, len(maps))
	seen := map[string]bool{}
	for _, m := range maps {
		if m.SubnetID == "" {
			return nil, validation("A subnet ID must be specified in each subnet mapping")
		}
		if seen[m.SubnetID] {
			return nil, validation("Duplicate subnet '%s'", m.SubnetID)
		}
		seen[m.SubnetID] = true
		sn, ok := w.Subnets.Get(m.SubnetID)
		if !ok || !sn.InScope(scope) {
			return nil, awserr.New("SubnetNotFound", "The subnet ID '%s' is not valid", m.SubnetID)
		}
		out = append(out, sn)
	}
	return out, nil
}

// checkZones applies the zone, VPC, scheme and mapping rules to lb's
// subnets.
func checkZones(w *store.World, lb *elbv2.LoadBalancer, subnets []*model.Subnet, maps []SubnetMapping) error {
	zones := map[string]bool{}
	for i, sn := range subnets {
		if sn.VpcID != lb.VpcID {
			return invalidConfig("The subnets must all be in the same VPC: '%s' is in '%s', not '%s'", sn.ID, sn.VpcID, lb.VpcID)
		}
		if zones[sn.AvailabilityZone] {
			return invalidConfig("A load balancer cannot be attached to multiple subnets in the same Availability Zone")
		}
		zones[sn.AvailabilityZone] = true
		m := maps[i]
		if m.AllocationID != "" && (lb.Type != elbv2.TypeNetwork || lb.Scheme != SchemeInternet) {
			return invalidConfig("Elastic IP addresses can only be specified for internet-facing Network Load Balancers")
		}
		if m.PrivateIPv4 != "" && (lb.Type != elbv2.TypeNetwork || lb.Scheme != SchemeInternal) {
			return invalidConfig("Private IPv4 addresses can only be specified for internal Network Load Balancers")
		}
		if m.IPv6 != "" && lb.Type != elbv2.TypeNetwork {
			return invalidConfig("IPv6 addresses can only be specified for Network Load Balancers")
		}
	}
	if lb.Type == elbv2.TypeApplication && len(zones) < 2 {
		return validation("At least two subnets in two different Availability Zones must be specified")
	}
	if lb.Scheme == SchemeInternet && !hasInternetGateway(w, lb.VpcID) {
		return awserr.New("InvalidSubnet", "VPC %s has no internet gateway", lb.VpcID)
	}
	return nil
}

// hasInternetGateway reports whether an internet gateway is attached to vpcID.
func hasInternetGateway(w *store.World, vpcID string) bool {
	found := false
	w.InternetGateways.All(func(g *model.InternetGateway) bool {
		for _, a := range g.Attachments {
			if a.VpcID == vpcID {
				found = true
			}
		}
		return !found
	})
	return found
}

// checkIPAddressType applies the IP address type rules [ALB-UG
// load-balancer-ip-address-type.md].
func checkIPAddressType(lb *elbv2.LoadBalancer, typ string, subnets []*model.Subnet) error {
	switch typ {
	case IPv4:
	case Dualstack:
		for _, sn := range subnets {
			if _, ok := sn.Ipv6CidrBlock(); !ok {
				return invalidConfig("Subnet '%s' does not have an IPv6 CIDR block; dualstack load balancers need one in every subnet", sn.ID)
			}
		}
	case DualstackNoV4:
		if lb.Type != elbv2.TypeApplication || lb.Scheme != SchemeInternet {
			return invalidConfig("IP address type '%s' is only supported for internet-facing Application Load Balancers", typ)
		}
		for _, sn := range subnets {
			if _, ok := sn.Ipv6CidrBlock(); !ok {
				return invalidConfig("Subnet '%s' does not have an IPv6 CIDR block; dualstack load balancers need one in every subnet", sn.ID)
			}
		}
	default:
		return validation("IP address type '%s' is not valid", typ)
	}
	return nil
}

// defaultGroup returns the VPC's default security group id.
func defaultGroup(w *store.World, vpcID string) string {
	id := ""
	w.SecurityGroups.All(func(g *model.SecurityGroup) bool {
		if g.VpcID == vpcID && g.IsDefault() {
			id = g.ID
			return false
		}
		return true
	})
	return id
}

// checkGroups resolves security group ids of vpcID.
func checkGroups(w *store.World, scope Scope, vpcID string, ids []string) ([]string, error) {
	if len(ids) > maxSecurityGroups {
		return nil, validation("A load balancer can have at most %d security groups", maxSecurityGroups)
	}
	var out []string
	for _, id := range ids {
		g, ok := w.SecurityGroups.Get(id)
		if !ok || !g.InScope(scope) {
			return nil, awserr.New("InvalidSecurityGroup", "Security group '%s' does not exist", id)
		}
		if g.VpcID != vpcID {
			return nil, awserr.New("InvalidSecurityGroup", "Security group '%s' does not belong to VPC '%s'", id, vpcID)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// dnsName builds the load balancer's DNS name [ALB-UG
// application-load-balancers.md "DNS name"; NLB: name-id.elb.region].
func dnsName(tx *store.Tx, lb *elbv2.LoadBalancer) string {
	prefix := ""
	if lb.Scheme == SchemeInternal && lb.Type == elbv2.TypeApplication {
		prefix = "internal-"
	}
	if lb.Type == elbv2.TypeApplication {
		n, _ := strconv.ParseUint(tx.NewHex(8), 16, 64)
		return fmt.Sprintf("%s%s-%d.%s.elb.amazonaws.com", prefix, lb.Name, 1000000000+n%1000000000, lb.Region)
	}
	return fmt.Sprintf("%s-%s.elb.%s.amazonaws.com", lb.Name, tx.NewHex(16), lb.Region)
}

// hostedZones are Elastic Load Balancing's Route 53 hosted zone ids per
// Region: Application/Classic, then Network Load Balancers (AWS General
// Reference, "Elastic Load Balancing endpoints and quotas").
var hostedZones = map[string][2]string{
	"us-east-1":      {"Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"},
	"us-east-2":      {"Z3AADJGX6KTTL2", "ZLMOA37VPKANP"},
	"us-west-1":      {"Z368ELLRRE2KJ0", "Z24FKFUX50B4VW"},
	"us-west-2":      {"Z1H1FL5HABSF5", "Z18D5FSROUN65G"},
	"eu-west-1":      {"Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F"},
	"eu-central-1":   {"Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90"},
	"ap-southeast-1": {"Z1LMS91P8CMLE5", "ZKVM4W9LS7TM"},
	"ap-northeast-1": {"Z14GRHDCWA56QT", "Z31USIVHYNEOWT"},
}

// hostedZone returns the canonical hosted zone id of a load balancer type
// in region (us-east-1's for Regions the table does not list).
func hostedZone(region, typ string) string {
	z, ok := hostedZones[region]
	if !ok {
		z = hostedZones["us-east-1"]
	}
	if typ == elbv2.TypeApplication {
		return z[0]
	}
	return z[1]
}

// eniSpec describes the node interface of lb in sn.
func eniSpec(lb *elbv2.LoadBalancer, sn *model.Subnet, m SubnetMapping) (control.LoadBalancerENISpec, error) {
	spec := control.LoadBalancerENISpec{
		SubnetID:     sn.ID,
		Description:  "ELB " + lbPath(lb.ID),
		Groups:       lb.SecurityGroupIDs,
		AllocationID: m.AllocationID,
		IPv6:         lb.IPAddressType != IPv4,
	}
	switch lb.Type {
	case elbv2.TypeNetwork:
		spec.InterfaceType = "network_load_balancer"
	case elbv2.TypeGateway:
		spec.InterfaceType = "gateway_load_balancer"
	default:
		spec.InterfaceType = "interface"
	}
	if m.PrivateIPv4 != "" {
		a, err := netip.ParseAddr(m.PrivateIPv4)
		if err != nil || !a.Is4() {
			return spec, validation("Private IPv4 address '%s' is not valid", m.PrivateIPv4)
		}
		spec.PrivateIPv4 = a
	}
	spec.PublicIPv4 = lb.Scheme == SchemeInternet && m.AllocationID == "" && lb.IPAddressType != DualstackNoV4
	return spec, nil
}

// addZone creates lb's node interface in sn.
func addZone(tx *store.Tx, scope Scope, lb *elbv2.LoadBalancer, sn *model.Subnet, m SubnetMapping) (elbv2.Zone, error) {
	spec, err := eniSpec(lb, sn, m)
	if err != nil {
		return elbv2.Zone{}, err
	}
	eni, err := control.CreateLoadBalancerENI(tx, scope, spec)
	if err != nil {
		return elbv2.Zone{}, err
	}
	z := elbv2.Zone{ZoneName: sn.AvailabilityZone, SubnetID: sn.ID, NetworkInterfaceID: eni.ID, AllocationID: m.AllocationID}
	if m.PrivateIPv4 != "" {
		z.PrivateIPv4Address = eni.PrimaryIP().String()
	}
	if len(eni.Ipv6Addresses) > 0 && lb.Type == elbv2.TypeNetwork {
		z.IPv6Address = eni.Ipv6Addresses[0].String()
	}
	return z, nil
}

func sortZones(lb *elbv2.LoadBalancer) {
	sort.Slice(lb.Zones, func(i, j int) bool { return lb.Zones[i].ZoneName < lb.Zones[j].ZoneName })
}

// DescribeLoadBalancersInput is DescribeLoadBalancers' request.
type DescribeLoadBalancersInput struct {
	ARNs     []string
	Names    []string
	Marker   string
	PageSize int32
}

// DescribeLoadBalancers lists scope's load balancers, by ARN or name.
func (s *Service) DescribeLoadBalancers(scope Scope, in DescribeLoadBalancersInput) ([]*elbv2.LoadBalancer, string, error) {
	if len(in.ARNs) > 0 && len(in.Names) > 0 {
		return nil, "", validation("Load balancer names and load balancer ARNs cannot be specified at the same time")
	}
	w := s.st.Snapshot()
	var out []*elbv2.LoadBalancer
	switch {
	case len(in.ARNs) > 0:
		for _, arn := range in.ARNs {
			lb, err := getLB(w, scope, arn)
			if err != nil {
				return nil, "", err
			}
			out = append(out, lb)
		}
	case len(in.Names) > 0:
		all := scopeLBs(w, scope)
		for _, n := range in.Names {
			i := slices.IndexFunc(all, func(lb *elbv2.LoadBalancer) bool { return lb.Name == n })
			if i < 0 {
				return nil, "", awserr.New("LoadBalancerNotFound", "Load balancers '[%s]' not found", n)
			}
			out = append(out, all[i])
		}
	default:
		out = scopeLBs(w, scope)
	}
	return page(out, in.Marker, in.PageSize)
}

// scopeLBs returns scope's load balancers in ARN order.
func scopeLBs(w *store.World, scope Scope) []*elbv2.LoadBalancer {
	p := arnPrefix(scope) + "loadbalancer/"
	var out []*elbv2.LoadBalancer
	store.LoadBalancerKind.In(w).From(p, func(lb *elbv2.LoadBalancer) bool {
		if !strings.HasPrefix(lb.ID, p) {
			return false
		}
		out = append(out, lb)
		return true
	})
	return out
}

// DeleteLoadBalancer deletes a load balancer with its listeners, rules and
// node interfaces. Deleting one that does not exist succeeds [API
// DeleteLoadBalancer]; deletion protection refuses it.
func (s *Service) DeleteLoadBalancer(ctx context.Context, scope Scope, arn string) error {
	if err := checkARN(arn, "loadbalancer", "load balancer"); err != nil {
		return err
	}
	return s.update(ctx, scope, func(tx *store.Tx) error {
		lb, err := getLB(tx.World, scope, arn)
		if err != nil {
			return nil
		}
		if lb.Attributes["deletion_protection.enabled"] == "true" {
			return awserr.New("OperationNotPermitted", "Load balancer '%s' cannot be deleted because deletion protection is enabled", arn)
		}
		for _, l := range ListenerKind.In(tx.World).Children(arn) {
			deleteListener(tx, l)
		}
		for _, z := range lb.Zones {
			control.DeleteLoadBalancerENI(tx, z.NetworkInterfaceID)
		}
		store.LoadBalancerKind.In(tx.World).Delete(arn)
		return nil
	})
}

// SetSubnets replaces the subnets (Availability Zones) of a load balancer:
// kept subnets keep their node, removed ones lose it, added ones get one.
func (s *Service) SetSubnets(ctx context.Context, scope Scope, arn string, subnets []string, mappings []SubnetMapping, ipType string) (*elbv2.LoadBalancer, error) {
	if len(subnets) > 0 && len(mappings) > 0 {
		return nil, validation("You can specify subnets or subnet mappings, not both")
	}
	maps := mappings
	for _, id := range subnets {
		maps = append(maps, SubnetMapping{SubnetID: id})
	}
	if len(maps) == 0 {
		return nil, validation("At least one subnet must be specified")
	}
	var out *elbv2.LoadBalancer
	err := s.update(ctx, scope, func(tx *store.Tx) error {
		old, err := getLB(tx.World, scope, arn)
		if err != nil {
			return err
		}
		lb := model.Clone(old)
		sns, err := resolveSubnets(tx.World, scope, maps)
		if err != nil {
			return err
		}
		if err := checkZones(tx.World, lb, sns, maps); err != nil {
			return err
		}
		if ipType != "" {
			lb.IPAddressType = ipType
		}
		if err := checkIPAddressType(lb, lb.IPAddressType, sns); err != nil {
			return err
		}
		keep := map[string]elbv2.Zone{}
		for _, z := range old.Zones {
			keep[z.SubnetID] = z
		}
		lb.Zones = nil
		for i, sn := range sns {
			if z, ok := keep[sn.ID]; ok {
				delete(keep, sn.ID)
				lb.Zones = append(lb.Zones, z)
				continue
			}
			z, err := addZone(tx, scope, lb, sn, maps[i])
			if err != nil {
				return err
			}
			lb.Zones = append(lb.Zones, z)
		}
		for _, z := range keep {
			control.DeleteLoadBalancerENI(tx, z.NetworkInterfaceID)
		}
		sortZones(lb)
		store.LoadBalancerKind.In(tx.World).Put(lb)
		out = lb
		return nil
	})
	return out, err
}

// SetSecurityGroups replaces a load balancer's security groups and those of
// its node interfaces [ALB-UG load-balancer-update-security-groups.md].
// A Network Load Balancer created without groups cannot get any, and one
// with groups cannot lose them all; Gateway Load Balancers take none.
// privateLinkInbound, when not "", sets whether a Network Load Balancer's
// inbound rules apply to traffic through AWS PrivateLink ("on", the
// default, or "off"; NLB-UG load-balancer-security-groups.md "Update the
// security settings"); it applies to Network Load Balancers only.
func (s *Service) SetSecurityGroups(ctx context.Context, scope Scope, arn string, groups []string, privateLinkInbound string) (*elbv2.LoadBalancer, error) {
	var out *elbv2.LoadBalancer
	err := s.update(ctx, scope, func(tx *store.Tx) error {
		old, err := getLB(tx.World, scope, arn)
		if err != nil {
			return err
		}
		switch old.Type {
		case elbv2.TypeGateway:
			return validation("Security groups are not supported for load balancers of type 'gateway'")
		case elbv2.TypeNetwork:
			if len(old.SecurityGroupIDs) == 0 && len(groups) > 0 {
				return invalidConfig("You cannot set security groups on a Network Load Balancer which was created without any security groups.")
			}
			if len(old.SecurityGroupIDs) > 0 && len(groups) == 0 {
				return invalidConfig("You cannot remove all security groups from a Network Load Balancer which was created with security groups.")
			}
		default:
			if len(groups) == 0 {
				return validation("At least one security group must be specified for an Application Load Balancer")
			}
		}
		if privateLinkInbound != "" && old.Type != elbv2.TypeNetwork {
			return invalidConfig("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic applies to Network Load Balancers only.")
		}
		ids, err := checkGroups(tx.World, scope, old.VpcID, groups)
		if err != nil {
			return err
		}
		lb := model.Clone(old)
		lb.SecurityGroupIDs = ids
		switch privateLinkInbound {
		case "on":
			lb.PrivateLinkInboundOff = false
		case "off":
			lb.PrivateLinkInboundOff = true
		}
		for _, z := range lb.Zones {
			control.SetLoadBalancerENIGroups(tx, z.NetworkInterfaceID, ids)
		}
		store.LoadBalancerKind.In(tx.World).Put(lb)
		out = lb
		return nil
	})
	return out, err
}

// SetIPAddressType changes a load balancer's IP address type, giving or
// taking its nodes' IPv6 addresses.
func (s *Service) SetIPAddressType(ctx context.Context, scope Scope, arn, typ string) (*elbv2.LoadBalancer, error) {
	var out *elbv2.LoadBalancer
	err := s.update(ctx, scope, func(tx *store.Tx) error {
		old, err := getLB(tx.World, scope, arn)
		if err != nil {
			return err
		}
		var sns []*model.Subnet
		for _, z := range old.Zones {
			if sn, ok := tx.Subnets.Get(z.SubnetID); ok {
				sns = append(sns, sn)
			}
		}
		lb := model.Clone(old)
		if err := checkIPAddressType(lb, typ, sns); err != nil {
			return err
		}
		if typ != IPv4 && lb.Type == elbv2.TypeNetwork {
			for _, l := range ListenerKind.In(tx.World).Children(arn) {
				if l.Protocol == "UDP" || l.Protocol == "TCP_UDP" {
					return invalidConfig("A dualstack Network Load Balancer cannot have UDP listeners")
				}
			}
		}
		lb.IPAddressType = typ
		for i, z := range lb.Zones {
			if err := control.SetLoadBalancerENIIPv6(tx, z.NetworkInterfaceID, typ != IPv4); err != nil {
				return err
			}
			lb.Zones[i].IPv6Address = ""
			if n, ok := tx.NetworkInterfaces.Get(z.NetworkInterfaceID); ok && len(n.Ipv6Addresses) > 0 && lb.Type == elbv2.TypeNetwork {
				lb.Zones[i].IPv6Address = n.Ipv6Addresses[0].String()
			}
		}
		store.LoadBalancerKind.In(tx.World).Put(lb)
		out = lb
		return nil
	})
	return out, err
}

// ZoneAddresses returns the addresses of a zone's node: its private IPv4
// address, public IPv4 address (Elastic IP or auto-assigned) and IPv6
// address.
func (s *Service) ZoneAddresses(z elbv2.Zone) (private, public, v6 string) {
	n, ok := s.st.Snapshot().NetworkInterfaces.Get(z.NetworkInterfaceID)
	if !ok || len(n.PrivateIPs) == 0 {
		return "", "", ""
	}
	private = n.PrivateIPs[0].Address.String()
	if p := n.PrivateIPs[0].PublicIP; p.IsValid() {
		public = p.String()
	}
	if len(n.Ipv6Addresses) > 0 {
		v6 = n.Ipv6Addresses[0].String()
	}
	return private, public, v6
}
