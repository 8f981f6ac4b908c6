package control

import (
	"context"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// PrivateLink endpoint service semantics [PrivateLink guide
// create-endpoint-service.md, create-endpoint-service-gwlbe.md,
// add-endpoint-service-permissions.md, modify-endpoint-service.md,
// delete-endpoint-service.md, endpoint-services-dns-validation.md,
// create-notification-endpoint-service.md]:
//   - a service is in front of active Network Load Balancers (interface
//     endpoints) or Gateway Load Balancers (Gateway Load Balancer
//     endpoints), never both; a load balancer serves one service;
//   - its Availability Zones are those of its load balancers;
//   - consumers (accounts, users, roles, or everyone with `*`) need the
//     owner's permission to find and connect to it; removing a permission
//     keeps existing connections;
//   - with acceptance required a new endpoint waits in pendingAcceptance
//     until the owner accepts (available) or rejects (rejected) it;
//   - a private DNS name is pendingVerification until the owner verifies
//     it with a TXT record. vpcsim has no public DNS to query, so
//     StartVpcEndpointServicePrivateDnsVerification succeeds at once;
//   - a service with available or pending connections cannot be deleted.

// Endpoint service states (ServiceState).
const (
	ServicePending   = "Pending"
	ServiceAvailable = "Available"
)

// Private DNS name verification states.
const (
	DNSPendingVerification = "pendingVerification"
	DNSVerified            = "verified"
	DNSFailed              = "failed"
)

// ConnectionNotificationKind is the table of connection notifications
// (vpce-nfn-).
var ConnectionNotificationKind = store.Define[model.VpcEndpointConnectionNotification](model.KindSpec{Name: "vpc-endpoint-connection-notification", Service: "ec2", IDPrefix: "vpce-nfn",
	NotFound: "InvalidConnectionNotification", Malformed: "InvalidConnectionNotification", Noun: "connection notification"}, nil)

var (
	kindVPCESvc = idKindOf(store.VpcEndpointServiceKind)
	kindVPCENfn = idKindOf(ConnectionNotificationKind)
)

// principalAllowed reports whether account may use svc: `*`, or an
// allowed principal ARN of the account (root, a user or a role; vpcsim
// knows the caller's account only, so any principal of it counts).
func principalAllowed(svc *model.VpcEndpointService, account string) bool {
	for _, p := range svc.AllowedPrincipals {
		if p == "*" {
			return true
		}
		if a := arnAccount(p); a == account {
			return true
		}
	}
	return false
}

// arnAccount returns the account field of an ARN ("" if p is not one).
func arnAccount(p string) string {
	f := strings.SplitN(p, ":", 6)
	if len(f) < 6 || f[0] != "arn" {
		return ""
	}
	return f[4]
}

// PrincipalType classifies an allowed principal as EC2 reports it.
func PrincipalType(p string) string {
	switch {
	case p == "*":
		return "All"
	case strings.HasPrefix(p, "arn:") && strings.Contains(p, ":root"):
		return "Account"
	case strings.Contains(p, ":user/"):
		return "User"
	case strings.Contains(p, ":role/"):
		return "Role"
	case strings.Contains(p, ":organization/") || strings.Contains(p, ":ou/"):
		return "OrganizationUnit"
	case strings.HasSuffix(p, ".amazonaws.com"):
		return "Service"
	}
	return "Account"
}

// CreateEndpointServiceInput is what CreateVpcEndpointServiceConfiguration
// accepts.
type CreateEndpointServiceInput struct {
	AcceptanceRequired      *bool
	PrivateDNSName          string
	NetworkLoadBalancerArns []string
	GatewayLoadBalancerArns []string
	SupportedIPAddressTypes []string
	Tags                    map[string]string
}

// checkServiceLoadBalancers validates the load balancers of a service:
// each exists in scope, has the right type, is active and serves no other
// service. It returns their Availability Zones and IP address types.
func checkServiceLoadBalancers(w *store.World, scope model.Scope, selfID string, arns []string, typ string) ([]string, map[string]bool, error) {
	var zones []string
	ipTypes := map[string]bool{}
	lbs := store.LoadBalancerKind.In(w)
	for _, arn := range arns {
		lb, ok := lbs.Get(arn)
		if !ok || !lb.InScope(scope) {
			return nil, nil, awserr.InvalidParameter("The load balancer %s does not exist.", arn)
		}
		if lb.Type != typ {
			return nil, nil, awserr.InvalidParameter("The load balancer %s is not a %s load balancer.", arn, typ)
		}
		if lb.State != "active" {
			return nil, nil, awserr.InvalidParameter("The load balancer %s is not in the active state.", arn)
		}
		var taken string
		w.VpcEndpointServices.All(func(s *model.VpcEndpointService) bool {
			if s.ID != selfID && (slices.Contains(s.NetworkLoadBalancerArns, arn) || slices.Contains(s.GatewayLoadBalancerArns, arn)) {
				taken = s.ID
			}
			return taken == ""
		})
		if taken != "" {
			return nil, nil, awserr.InvalidParameter("The load balancer %s is already associated with another VPC endpoint service (%s).", arn, taken)
		}
		for _, z := range lb.Zones {
			if !slices.Contains(zones, z.ZoneName) {
				zones = append(zones, z.ZoneName)
			}
		}
		ipTypes["ipv4"] = true
		if lb.IPAddressType == "dualstack" || lb.IPAddressType == "dualstack-without-public-ipv4" {
			ipTypes["ipv6"] = true
		}
	}
	slices.Sort(zones)
	return zones, ipTypes, nil
}

func checkSupportedIPTypes(types []string, lbTypes map[string]bool) ([]string, error) {
	var out []string
	for _, t := range types {
		if t != "ipv4" && t != "ipv6" {
			return nil, awserr.InvalidParameterValue("Value (%s) for parameter SupportedIpAddressType is invalid. Valid values are ipv4 and ipv6.", t)
		}
		if !lbTypes[t] {
			return nil, awserr.InvalidParameter("The load balancers of the service do not support IP address type %s.", t)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out, nil
}

// checkPrivateDNSName validates a service's private DNS name (a domain
// name of at most 255 characters).
func checkPrivateDNSName(n string) error {
	if len(n) > 255 || strings.Contains(n, "..") || strings.HasPrefix(n, ".") || strings.HasSuffix(n, ".") || strings.ContainsAny(n, " /:@") {
		return awserr.InvalidParameter("The private DNS name %s is not a valid domain name.", n)
	}
	if strings.HasSuffix(n, ".amazonaws.com") {
		return awserr.InvalidParameter("The private DNS name %s is reserved by AWS.", n)
	}
	return nil
}

// setServicePrivateDNS sets (or with "" removes) a service's private DNS
// name; a new name starts pendingVerification with a fresh TXT record.
func setServicePrivateDNS(tx *store.Tx, svc *model.VpcEndpointService, name string) {
	if name == "" {
		svc.PrivateDNSName, svc.PrivateDNSState, svc.PrivateDNSTXTName, svc.PrivateDNSTXTValue = "", "", "", ""
		return
	}
	if name == svc.PrivateDNSName {
		return
	}
	svc.PrivateDNSName = name
	svc.PrivateDNSState = DNSPendingVerification
	svc.PrivateDNSTXTName = "_" + tx.NewHex(20)
	svc.PrivateDNSTXTValue = "vpce:" + tx.NewHex(20)
}

// CreateVpcEndpointServiceConfiguration creates a PrivateLink endpoint
// service on Network or Gateway Load Balancers.
func (s *Service) CreateVpcEndpointServiceConfiguration(ctx context.Context, scope model.Scope, in CreateEndpointServiceInput) (*model.VpcEndpointService, error) {
	nlb, gwlb := len(in.NetworkLoadBalancerArns) > 0, len(in.GatewayLoadBalancerArns) > 0
	if nlb == gwlb {
		return nil, awserr.InvalidParameter("Specify either NetworkLoadBalancerArns or GatewayLoadBalancerArns, but not both.")
	}
	if gwlb && in.PrivateDNSName != "" {
		return nil, awserr.InvalidParameter("Private DNS names are not supported for Gateway Load Balancer endpoint services.")
	}
	if in.PrivateDNSName != "" {
		if err := checkPrivateDNSName(in.PrivateDNSName); err != nil {
			return nil, err
		}
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	var out *model.VpcEndpointService
	err := s.update(ctx, func(tx *store.Tx) error {
		typ, lbType, arns := model.EndpointTypeInterface, elbv2.TypeNetwork, in.NetworkLoadBalancerArns
		if gwlb {
			typ, lbType, arns = model.EndpointTypeGatewayLoadBalancer, elbv2.TypeGateway, in.GatewayLoadBalancerArns
		}
		zones, lbIPTypes, err := checkServiceLoadBalancers(tx.World, scope, "", arns, lbType)
		if err != nil {
			return err
		}
		ipTypes := in.SupportedIPAddressTypes
		if len(ipTypes) == 0 {
			ipTypes = []string{"ipv4"}
		}
		if ipTypes, err = checkSupportedIPTypes(ipTypes, lbIPTypes); err != nil {
			return err
		}
		id := tx.NewID("vpce-svc")
		svc := &model.VpcEndpointService{
			Meta:                    newMeta(tx, scope, id, in.Tags),
			ServiceName:             "com.amazonaws.vpce." + scope.Region + "." + id,
			ServiceType:             typ,
			State:                   ServiceAvailable,
			AcceptanceRequired:      in.AcceptanceRequired == nil || *in.AcceptanceRequired,
			AvailabilityZones:       zones,
			SupportedIPAddressTypes: ipTypes,
			PayerResponsibility:     "ServiceOwner",
			BaseEndpointDNSNames:    []string{id + "." + scope.Region + ".vpce.amazonaws.com"},
		}
		if gwlb {
			svc.GatewayLoadBalancerArns = slices.Clone(arns)
		} else {
			svc.NetworkLoadBalancerArns = slices.Clone(arns)
		}
		setServicePrivateDNS(tx, svc, in.PrivateDNSName)
		tx.VpcEndpointServices.Put(svc)
		out = svc
		return nil
	})
	return out, err
}

// GetEndpointService returns a service configuration the caller owns.
func GetEndpointService(w *store.World, scope model.Scope, id string) (*model.VpcEndpointService, error) {
	if id == "" {
		return nil, awserr.MissingParameter("ServiceId")
	}
	return find(kindVPCESvc, w.VpcEndpointServices, scope, id)
}

// ModifyEndpointServiceInput is what ModifyVpcEndpointServiceConfiguration
// accepts.
type ModifyEndpointServiceInput struct {
	ID                            string
	PrivateDNSName                string
	RemovePrivateDNSName          bool
	AcceptanceRequired            *bool
	AddNetworkLoadBalancerArns    []string
	RemoveNetworkLoadBalancerArns []string
	AddGatewayLoadBalancerArns    []string
	RemoveGatewayLoadBalancerArns []string
	AddSupportedIPAddressTypes    []string
	RemoveSupportedIPAddressTypes []string
}

// ModifyVpcEndpointServiceConfiguration changes a service's load
// balancers, acceptance, private DNS name and IP address types
// [modify-endpoint-service.md].
func (s *Service) ModifyVpcEndpointServiceConfiguration(ctx context.Context, scope model.Scope, in ModifyEndpointServiceInput) error {
	if in.RemovePrivateDNSName && in.PrivateDNSName != "" {
		return awserr.InvalidParameterCombination("The parameters PrivateDnsName and RemovePrivateDnsName cannot be specified together.")
	}
	if in.PrivateDNSName != "" {
		if err := checkPrivateDNSName(in.PrivateDNSName); err != nil {
			return err
		}
	}
	return s.update(ctx, func(tx *store.Tx) error {
		old, err := GetEndpointService(tx.World, scope, in.ID)
		if err != nil {
			return err
		}
		svc := model.Clone(old)
		gwlb := svc.ServiceType == model.EndpointTypeGatewayLoadBalancer
		if gwlb && (len(in.AddNetworkLoadBalancerArns) > 0 || in.PrivateDNSName != "") {
			return awserr.InvalidParameter("The service %s is a Gateway Load Balancer endpoint service.", svc.ID)
		}
		if !gwlb && len(in.AddGatewayLoadBalancerArns) > 0 {
			return awserr.InvalidParameter("The service %s is a Network Load Balancer endpoint service.", svc.ID)
		}
		arns, add, remove, lbType := &svc.NetworkLoadBalancerArns, in.AddNetworkLoadBalancerArns, in.RemoveNetworkLoadBalancerArns, elbv2.TypeNetwork
		if gwlb {
			arns, add, remove, lbType = &svc.GatewayLoadBalancerArns, in.AddGatewayLoadBalancerArns, in.RemoveGatewayLoadBalancerArns, elbv2.TypeGateway
		}
		for _, a := range remove {
			if !slices.Contains(*arns, a) {
				return awserr.InvalidParameter("The load balancer %s is not associated with the service %s.", a, svc.ID)
			}
		}
		*arns = slices.DeleteFunc(*arns, func(a string) bool { return slices.Contains(remove, a) })
		for _, a := range add {
			if !slices.Contains(*arns, a) {
				*arns = append(*arns, a)
			}
		}
		if len(*arns) == 0 {
			return awserr.InvalidParameter("An endpoint service must have at least one load balancer.")
		}
		zones, lbIPTypes, err := checkServiceLoadBalancers(tx.World, scope, svc.ID, *arns, lbType)
		if err != nil {
			return err
		}
		svc.AvailabilityZones = zones
		types := slices.DeleteFunc(slices.Clone(svc.SupportedIPAddressTypes), func(t string) bool { return slices.Contains(in.RemoveSupportedIPAddressTypes, t) })
		types = append(types, in.AddSupportedIPAddressTypes...)
		if len(types) == 0 {
			return awserr.InvalidParameter("An endpoint service must support at least one IP address type.")
		}
		if svc.SupportedIPAddressTypes, err = checkSupportedIPTypes(types, lbIPTypes); err != nil {
			return err
		}
		if in.AcceptanceRequired != nil {
			svc.AcceptanceRequired = *in.AcceptanceRequired
		}
		if in.RemovePrivateDNSName {
			setServicePrivateDNS(tx, svc, "")
		} else if in.PrivateDNSName != "" {
			setServicePrivateDNS(tx, svc, in.PrivateDNSName)
		}
		tx.VpcEndpointServices.Put(svc)
		return nil
	})
}

// ServiceEndpoints returns the endpoints connected to service id (of any
// account), in id order.
func ServiceEndpoints(w *store.World, id string) []*model.VpcEndpoint {
	var out []*model.VpcEndpoint
	w.VpcEndpoints.All(func(e *model.VpcEndpoint) bool {
		if e.ServiceID == id {
			out = append(out, e)
		}
		return true
	})
	return out
}

// DeleteVpcEndpointServiceConfigurations deletes services without
// available or pending connections; the others are reported per id.
func (s *Service) DeleteVpcEndpointServiceConfigurations(ctx context.Context, scope model.Scope, ids []string) ([]EndpointDeleteResult, error) {
	if len(ids) == 0 {
		return nil, awserr.MissingParameter("ServiceId")
	}
	var failed []EndpointDeleteResult
	err := s.update(ctx, func(tx *store.Tx) error {
		failed = nil
		for _, id := range ids {
			svc, err := GetEndpointService(tx.World, scope, id)
			if err != nil {
				failed = append(failed, EndpointDeleteResult{ID: id, Err: awserr.New("InvalidVpcEndpointService.NotFound", "The VpcEndpointService Id '%s' does not exist", id)})
				continue
			}
			busy := false
			for _, e := range ServiceEndpoints(tx.World, svc.ID) {
				if e.State == model.EndpointAvailable || e.State == model.EndpointPendingAcceptance || e.State == model.EndpointPending {
					busy = true
				}
			}
			if busy {
				failed = append(failed, EndpointDeleteResult{ID: id, Err: awserr.New("ExistingVpcEndpointConnections", "Service has existing active VPC Endpoint connections!")})
				continue
			}
			notes := ConnectionNotificationKind.In(tx.World)
			var drop []string
			notes.All(func(n *model.VpcEndpointConnectionNotification) bool {
				if n.ServiceID == svc.ID {
					drop = append(drop, n.ID)
				}
				return true
			})
			for _, n := range drop {
				notes.Delete(n)
			}
			tx.VpcEndpointServices.Delete(svc.ID)
		}
		return nil
	})
	return failed, err
}

// AddedPrincipal is one principal ModifyVpcEndpointServicePermissions
// added.
type AddedPrincipal struct {
	Principal    string
	Type         string
	PermissionID string
	ServiceID    string
}

// checkPrincipal validates an allowed principal: `*` or an IAM ARN.
func checkPrincipal(p string) error {
	if p == "*" {
		return nil
	}
	if arnAccount(p) == "" && !(strings.HasPrefix(p, "arn:") && strings.HasSuffix(p, ".amazonaws.com")) {
		return awserr.InvalidParameter("Invalid principal %s: specify * or the ARN of an AWS account, IAM user or IAM role.", p)
	}
	return nil
}

// ModifyVpcEndpointServicePermissions adds and removes the principals
// allowed to use a service [add-endpoint-service-permissions.md].
func (s *Service) ModifyVpcEndpointServicePermissions(ctx context.Context, scope model.Scope, id string, add, remove []string) ([]AddedPrincipal, error) {
	for _, p := range append(slices.Clone(add), remove...) {
		if err := checkPrincipal(p); err != nil {
			return nil, err
		}
	}
	var out []AddedPrincipal
	err := s.update(ctx, func(tx *store.Tx) error {
		out = nil
		old, err := GetEndpointService(tx.World, scope, id)
		if err != nil {
			return err
		}
		svc := model.Clone(old)
		if svc.PermissionIDs == nil {
			svc.PermissionIDs = map[string]string{}
		}
		for _, p := range remove {
			svc.AllowedPrincipals = slices.DeleteFunc(svc.AllowedPrincipals, func(x string) bool { return x == p })
			delete(svc.PermissionIDs, p)
		}
		for _, p := range add {
			if !slices.Contains(svc.AllowedPrincipals, p) {
				svc.AllowedPrincipals = append(svc.AllowedPrincipals, p)
				svc.PermissionIDs[p] = tx.NewID("vpce-svc-perm")
			}
			out = append(out, AddedPrincipal{Principal: p, Type: PrincipalType(p), PermissionID: svc.PermissionIDs[p], ServiceID: svc.ID})
		}
		tx.VpcEndpointServices.Put(svc)
		return nil
	})
	return out, err
}

// StartPrivateDNSVerification verifies a service's private DNS name. AWS
// looks the TXT record up in public DNS; vpcsim has none, so the
// verification succeeds (documented choice).
func (s *Service) StartPrivateDNSVerification(ctx context.Context, scope model.Scope, id string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		old, err := GetEndpointService(tx.World, scope, id)
		if err != nil {
			return err
		}
		if old.PrivateDNSName == "" {
			return awserr.InvalidParameter("The service %s has no private DNS name to verify.", id)
		}
		svc := model.Clone(old)
		svc.PrivateDNSState = DNSVerified
		tx.VpcEndpointServices.Put(svc)
		return nil
	})
}

// ModifyPayerResponsibility sets who pays for the service's endpoints;
// ServiceOwner is the only value AWS accepts.
func (s *Service) ModifyPayerResponsibility(ctx context.Context, scope model.Scope, id, payer string) error {
	if payer != "ServiceOwner" {
		return awserr.InvalidParameterValue("Value (%s) for parameter PayerResponsibility is invalid. Valid values are ServiceOwner.", payer)
	}
	return s.update(ctx, func(tx *store.Tx) error {
		old, err := GetEndpointService(tx.World, scope, id)
		if err != nil {
			return err
		}
		svc := model.Clone(old)
		svc.PayerResponsibility = payer
		tx.VpcEndpointServices.Put(svc)
		return nil
	})
}

// SetEndpointConnections accepts (accept true) or rejects connection
// requests of the caller's service; ids that are not connections of the
// service in a state that allows it are reported per id.
func (s *Service) SetEndpointConnections(ctx context.Context, scope model.Scope, serviceID string, ids []string, accept bool) ([]EndpointDeleteResult, error) {
	var failed []EndpointDeleteResult
	err := s.update(ctx, func(tx *store.Tx) error {
		failed = nil
		svc, err := GetEndpointService(tx.World, scope, serviceID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			e, ok := tx.VpcEndpoints.Get(id)
			if !ok || e.ServiceID != svc.ID {
				failed = append(failed, EndpointDeleteResult{ID: id, Err: awserr.New("InvalidVpcEndpoint.NotFound", "The VPC Endpoint Id '%s' does not exist", id)})
				continue
			}
			next := model.EndpointRejected
			allowed := e.State == model.EndpointPendingAcceptance || e.State == model.EndpointAvailable
			if accept {
				next = model.EndpointAvailable
				allowed = e.State == model.EndpointPendingAcceptance || e.State == model.EndpointRejected
			}
			if !allowed {
				failed = append(failed, EndpointDeleteResult{ID: id, Err: awserr.New("InvalidVpcEndpoint.State", "The VPC endpoint %s is in state %s.", id, e.State)})
				continue
			}
			c := model.Clone(e)
			c.State = next
			tx.VpcEndpoints.Put(c)
		}
		return nil
	})
	return failed, err
}

// OwnedServiceIDs returns the ids of the caller's services, for
// DescribeVpcEndpointConnections.
func OwnedServiceIDs(w *store.World, scope model.Scope) map[string]*model.VpcEndpointService {
	out := map[string]*model.VpcEndpointService{}
	w.VpcEndpointServices.All(func(s *model.VpcEndpointService) bool {
		if s.InScope(scope) {
			out[s.ID] = s
		}
		return true
	})
	return out
}

// Connection notification events.
var connectionEvents = []string{"Accept", "Connect", "Delete", "Reject"}

// checkNotification validates a notification's topic ARN and events.
func checkNotification(scope model.Scope, arn string, events []string) error {
	f := strings.SplitN(arn, ":", 6)
	if len(f) != 6 || f[0] != "arn" || f[2] != "sns" || f[5] == "" {
		return awserr.InvalidParameter("Invalid SNS topic ARN %s.", arn)
	}
	if f[3] != scope.Region {
		return awserr.InvalidParameter("The SNS topic %s must be in the Region %s.", arn, scope.Region)
	}
	if len(events) == 0 {
		return awserr.MissingParameter("ConnectionEvents")
	}
	for _, e := range events {
		if !slices.Contains(connectionEvents, e) {
			return awserr.InvalidParameterValue("Value (%s) for parameter ConnectionEvents is invalid. Valid values are Accept, Connect, Delete and Reject.", e)
		}
	}
	return nil
}

// CreateConnectionNotification creates a connection notification for a
// service the caller owns or for one of the caller's endpoints.
func (s *Service) CreateConnectionNotification(ctx context.Context, scope model.Scope, serviceID, endpointID, arn string, events []string) (*model.VpcEndpointConnectionNotification, error) {
	if (serviceID == "") == (endpointID == "") {
		return nil, awserr.InvalidParameterCombination("Specify either ServiceId or VpcEndpointId, but not both.")
	}
	if err := checkNotification(scope, arn, events); err != nil {
		return nil, err
	}
	var out *model.VpcEndpointConnectionNotification
	err := s.update(ctx, func(tx *store.Tx) error {
		if serviceID != "" {
			if _, err := GetEndpointService(tx.World, scope, serviceID); err != nil {
				return err
			}
		} else if _, err := GetVpcEndpoint(tx.World, scope, endpointID); err != nil {
			return err
		}
		n := &model.VpcEndpointConnectionNotification{
			Meta:          newMeta(tx, scope, tx.NewID("vpce-nfn"), nil),
			ServiceID:     serviceID,
			VpcEndpointID: endpointID,
			TopicARN:      arn,
			Events:        dedupe(events),
			State:         "Enabled",
		}
		ConnectionNotificationKind.In(tx.World).Put(n)
		out = n
		return nil
	})
	return out, err
}

func dedupe(in []string) []string {
	var out []string
	for _, s := range in {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// GetConnectionNotification returns a notification of scope.
func GetConnectionNotification(w *store.World, scope model.Scope, id string) (*model.VpcEndpointConnectionNotification, error) {
	if id == "" {
		return nil, awserr.MissingParameter("ConnectionNotificationId")
	}
	n, err := find(kindVPCENfn, ConnectionNotificationKind.In(w), scope, id)
	if err != nil {
		return nil, awserr.New("InvalidConnectionNotification", "The connection notification '%s' does not exist", id)
	}
	return n, nil
}

// ModifyConnectionNotification changes a notification's topic or events.
func (s *Service) ModifyConnectionNotification(ctx context.Context, scope model.Scope, id, arn string, events []string) error {
	return s.update(ctx, func(tx *store.Tx) error {
		old, err := GetConnectionNotification(tx.World, scope, id)
		if err != nil {
			return err
		}
		n := model.Clone(old)
		if arn != "" {
			n.TopicARN = arn
		}
		if len(events) > 0 {
			n.Events = dedupe(events)
		}
		if err := checkNotification(scope, n.TopicARN, n.Events); err != nil {
			return err
		}
		ConnectionNotificationKind.In(tx.World).Put(n)
		return nil
	})
}

// DeleteConnectionNotifications deletes notifications; unknown ids are
// reported per id.
func (s *Service) DeleteConnectionNotifications(ctx context.Context, scope model.Scope, ids []string) ([]EndpointDeleteResult, error) {
	if len(ids) == 0 {
		return nil, awserr.MissingParameter("ConnectionNotificationId")
	}
	var failed []EndpointDeleteResult
	err := s.update(ctx, func(tx *store.Tx) error {
		failed = nil
		for _, id := range ids {
			if _, err := GetConnectionNotification(tx.World, scope, id); err != nil {
				failed = append(failed, EndpointDeleteResult{ID: id, Err: awserr.New("InvalidConnectionNotification", "The connection notification '%s' does not exist", id)})
				continue
			}
			ConnectionNotificationKind.In(tx.World).Delete(id)
		}
		return nil
	})
	return failed, err
}
