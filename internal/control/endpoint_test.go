package control

import (
	"context"
	"strings"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// epVpc creates a VPC with DNS hostnames on and two subnets in different
// zones plus one more in the first zone.
func epVpc(t *testing.T, s *Service) (*model.VPC, []*model.Subnet) {
	t.Helper()
	ctx := context.Background()
	v, err := s.CreateVpc(ctx, testScope, CreateVpcInput{CidrBlock: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	on := true
	if err := s.ModifyVpcAttribute(ctx, testScope, ModifyVpcAttributeInput{VpcID: v.ID, EnableDnsHostnames: &on}); err != nil {
		t.Fatal(err)
	}
	var sns []*model.Subnet
	for _, c := range []struct{ cidr, az string }{{"10.0.1.0/24", "us-east-1a"}, {"10.0.2.0/24", "us-east-1b"}, {"10.0.3.0/24", "us-east-1a"}} {
		sn, err := s.CreateSubnet(ctx, testScope, CreateSubnetInput{VpcID: v.ID, CidrBlock: c.cidr, AvailabilityZone: c.az})
		if err != nil {
			t.Fatal(err)
		}
		sns = append(sns, sn)
	}
	v, _ = s.Snapshot().VPCs.Get(v.ID)
	return v, sns
}

func mainTable(t *testing.T, s *Service, vpcID string) *model.RouteTable {
	t.Helper()
	for _, rt := range s.Snapshot().RouteTables.Children(vpcID) {
		if rt.IsMain() {
			return rt
		}
	}
	t.Fatal("no main route table")
	return nil
}

func endpointRoute(rt *model.RouteTable, id string) *model.Route {
	for i := range rt.Routes {
		if rt.Routes[i].TargetID == id {
			return &rt.Routes[i]
		}
	}
	return nil
}

// TestGatewayEndpoint pins vpce-gateway.md: a route from the service's
// prefix list to the endpoint in each route table, the default full
// access policy, no two endpoint routes to one service in a table, no
// change through the route table APIs, routes gone with the endpoint or
// with the route table's removal.
func TestGatewayEndpoint(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, _ := epVpc(t, s)
	rt := mainTable(t, s, v.ID)
	rt2, err := s.CreateRouteTable(ctx, testScope, v.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.CreateVpcEndpoint(ctx, testScope, CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.s3", RouteTableIDs: []string{rt.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if e.Type != model.EndpointTypeGateway || e.State != model.EndpointAvailable || e.PolicyDocument != DefaultGatewayEndpointPolicy || !validID(e.ID, "vpce") {
		t.Fatalf("endpoint = %+v", e)
	}
	pl := managedPrefixListID("us-east-1", "s3")
	r := endpointRoute(mustRT(t, s, rt.ID), e.ID)
	if r == nil || r.DestinationPrefixListID != pl || r.Origin != model.OriginCreateRoute || RouteState(s.Snapshot(), rt, r) != RouteActive {
		t.Fatalf("route = %+v", r)
	}
	// A second S3 endpoint cannot use the same table.
	_, err = s.CreateVpcEndpoint(ctx, testScope, CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.s3", RouteTableIDs: []string{rt.ID}})
	wantCode(t, err, "RouteAlreadyExists")
	// The endpoint's route is not the route table API's.
	wantCode(t, s.DeleteRoute(ctx, testScope, rt.ID, "", "", pl), "InvalidParameterValue")
	wantCode(t, s.ReplaceRoute(ctx, testScope, RouteInput{RouteTableID: rt.ID, DestinationPrefixListID: pl, GatewayID: gwAttachedIGW(t, s, v.ID).ID}), "InvalidParameterValue")
	wantCode(t, s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rt2.ID, DestinationCidrBlock: "1.2.3.0/24", VpcEndpointID: e.ID}), "InvalidParameterValue")
	// Modify: move to the other table, set and reset the policy.
	doc := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	if err := s.ModifyVpcEndpoint(ctx, testScope, ModifyVpcEndpointInput{ID: e.ID, AddRouteTableIDs: []string{rt2.ID}, RemoveRouteTableIDs: []string{rt.ID}, PolicyDocument: &doc}); err != nil {
		t.Fatal(err)
	}
	w := s.Snapshot()
	got, _ := w.VpcEndpoints.Get(e.ID)
	if endpointRoute(mustRT(t, s, rt.ID), e.ID) != nil || endpointRoute(mustRT(t, s, rt2.ID), e.ID) == nil || got.PolicyDocument != doc || len(got.RouteTableIDs) != 1 || got.RouteTableIDs[0] != rt2.ID {
		t.Fatalf("after modify: %+v", got)
	}
	bad := `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject"`
	wantCode(t, s.ModifyVpcEndpoint(ctx, testScope, ModifyVpcEndpointInput{ID: e.ID, PolicyDocument: &bad}), "InvalidPolicyDocument")
	if err := s.ModifyVpcEndpoint(ctx, testScope, ModifyVpcEndpointInput{ID: e.ID, ResetPolicy: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Snapshot().VpcEndpoints.Get(e.ID); got.PolicyDocument != DefaultGatewayEndpointPolicy {
		t.Fatalf("reset policy: %s", got.PolicyDocument)
	}
	// The VPC cannot go while the endpoint exists.
	wantCode(t, s.DeleteVpc(ctx, testScope, v.ID), "DependencyViolation")
	failed, err := s.DeleteVpcEndpoints(ctx, testScope, []string{e.ID, "vpce-0123456789abcdef0"})
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || failed[0].ID != "vpce-0123456789abcdef0" || failed[0].Err.Code != "InvalidVpcEndpoint.NotFound" {
		t.Fatalf("failed = %+v", failed)
	}
	if endpointRoute(mustRT(t, s, rt2.ID), e.ID) != nil {
		t.Fatal("route left after delete")
	}
	if _, ok := s.Snapshot().VpcEndpoints.Get(e.ID); ok {
		t.Fatal("endpoint left")
	}
}

func mustRT(t *testing.T, s *Service, id string) *model.RouteTable {
	t.Helper()
	rt, ok := s.Snapshot().RouteTables.Get(id)
	if !ok {
		t.Fatalf("no route table %s", id)
	}
	return rt
}

// TestCreateVpcEndpointErrors pins the documented refusals of
// CreateVpcEndpoint (vpce-gateway.md, vpce-interface.md).
func TestCreateVpcEndpointErrors(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sns := epVpc(t, s)
	rt := mainTable(t, s, v.ID)
	other, _ := gwVpc(t, s)
	f := false
	tr := true
	for _, tc := range []struct {
		name string
		in   CreateVpcEndpointInput
		code string
	}{
		{"unknown service", CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.nope"}, "InvalidServiceName"},
		{"other region", CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.eu-west-1.s3"}, "InvalidServiceName"},
		{"dynamodb interface", CreateVpcEndpointInput{Type: "Interface", VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.dynamodb", SubnetIDs: []string{sns[0].ID}}, "InvalidParameter"},
		{"ec2 gateway", CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.ec2"}, "InvalidParameter"},
		{"gateway private dns", CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.s3", PrivateDNSEnabled: &tr}, "InvalidParameter"},
		{"gateway subnets", CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.s3", SubnetIDs: []string{sns[0].ID}}, "InvalidParameter"},
		{"interface route tables", CreateVpcEndpointInput{Type: "Interface", VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.ssm", RouteTableIDs: []string{rt.ID}}, "InvalidParameter"},
		{"two subnets one zone", CreateVpcEndpointInput{Type: "Interface", VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.ssm", SubnetIDs: []string{sns[0].ID, sns[2].ID}, PrivateDNSEnabled: &f}, "DuplicateSubnetsInSameZone"},
		{"subnet of another vpc", CreateVpcEndpointInput{Type: "Interface", VpcID: other.ID, ServiceName: "com.amazonaws.us-east-1.ssm", SubnetIDs: []string{sns[0].ID}, PrivateDNSEnabled: &f}, "InvalidParameter"},
		{"route table of another vpc", CreateVpcEndpointInput{VpcID: other.ID, ServiceName: "com.amazonaws.us-east-1.s3", RouteTableIDs: []string{rt.ID}}, "InvalidParameter"},
		{"bad policy", CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.s3", PolicyDocument: "{"}, "InvalidPolicyDocument"},
		{"policy without principal", CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.s3", PolicyDocument: `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}, "InvalidPolicyDocument"},
		{"policy too long", CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.s3", PolicyDocument: strings.Repeat(" ", 20481)}, "InvalidPolicyDocument"},
		{"bad type", CreateVpcEndpointInput{Type: "Bogus", VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.s3"}, "InvalidParameterValue"},
		{"unknown vpc", CreateVpcEndpointInput{VpcID: "vpc-0123456789abcdef0", ServiceName: "com.amazonaws.us-east-1.s3"}, "InvalidVpcID.NotFound"},
		{"private dns without support", CreateVpcEndpointInput{Type: "Interface", VpcID: other.ID, ServiceName: "com.amazonaws.us-east-1.ssm", PrivateDNSEnabled: &tr}, "InvalidParameter"},
		{"ipv6 without ipv6 support", CreateVpcEndpointInput{Type: "Interface", VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.ec2messages", IPAddressType: "dualstack", SubnetIDs: []string{sns[0].ID}}, "InvalidParameter"},
		{"dualstack without ipv6 subnet", CreateVpcEndpointInput{Type: "Interface", VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.ec2", IPAddressType: "dualstack", SubnetIDs: []string{sns[0].ID}}, "InvalidParameter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreateVpcEndpoint(ctx, testScope, tc.in)
			wantCode(t, err, tc.code)
		})
	}
	if n := len(s.Snapshot().VpcEndpoints.Children(v.ID)); n != 0 {
		t.Fatalf("%d endpoints left by failed creates", n)
	}
}

// TestInterfaceEndpoint pins vpce-interface.md: a requester-managed
// interface per subnet with the security groups (the default group when
// none), DNS names (Regional, zonal, private), private DNS needing both
// VPC DNS attributes, interfaces that block DeleteSubnet and cannot be
// deleted by the user, and modify of subnets, groups and private DNS.
func TestInterfaceEndpoint(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sns := epVpc(t, s)
	tr := true
	e, err := s.CreateVpcEndpoint(ctx, testScope, CreateVpcEndpointInput{
		Type: "Interface", VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.ssm", PrivateDNSEnabled: &tr,
		SubnetIDs:     []string{sns[0].ID},
		SubnetConfigs: []EndpointSubnetConfig{{SubnetID: sns[1].ID, IPv4: "10.0.2.50"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	w := s.Snapshot()
	if len(e.NetworkInterfaceIDs) != 2 || len(e.SubnetIDs) != 2 || e.PolicyDocument != DefaultInterfaceEndpointPolicy || !e.PrivateDNSEnabled || e.IPAddressType != "ipv4" || e.DNSRecordIPType != "ipv4" {
		t.Fatalf("endpoint = %+v", e)
	}
	var defSG string
	for _, g := range w.SecurityGroups.Children(v.ID) {
		if g.IsDefault() {
			defSG = g.ID
		}
	}
	if len(e.SecurityGroupIDs) != 1 || e.SecurityGroupIDs[0] != defSG {
		t.Fatalf("groups %v, want the default %s", e.SecurityGroupIDs, defSG)
	}
	eni, _ := w.NetworkInterfaces.Get(e.NetworkInterfaceIDs[1])
	if eni.InterfaceType != "vpc_endpoint" || !eni.RequesterManaged || eni.PrimaryIP().String() != "10.0.2.50" || eni.Description != "VPC Endpoint Interface "+e.ID || eni.SecurityGroupIDs[0] != defSG {
		t.Fatalf("interface = %+v", eni)
	}
	if len(e.DNSEntries) != 4 || !strings.HasPrefix(e.DNSEntries[0].DNSName, e.ID+"-") || !strings.HasSuffix(e.DNSEntries[0].DNSName, ".ssm.us-east-1.vpce.amazonaws.com") ||
		!strings.Contains(e.DNSEntries[1].DNSName, "-us-east-1a.ssm.") || e.DNSEntries[3].DNSName != "ssm.us-east-1.amazonaws.com" || e.DNSEntries[0].HostedZoneID != "Z7HUB22UULQXV" {
		t.Fatalf("dns = %+v", e.DNSEntries)
	}
	// The interfaces are the endpoint's.
	wantCode(t, s.DeleteNetworkInterface(ctx, testScope, eni.ID), "OperationNotPermitted")
	wantCode(t, s.DeleteSubnet(ctx, testScope, sns[0].ID), "DependencyViolation")
	// A second endpoint with private DNS for the same service conflicts.
	_, err = s.CreateVpcEndpoint(ctx, testScope, CreateVpcEndpointInput{Type: "Interface", VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.ssm", PrivateDNSEnabled: &tr, SubnetIDs: []string{sns[2].ID}})
	wantCode(t, err, "InvalidParameter")
	// A subnet in a zone the endpoint already uses cannot be added.
	wantCode(t, s.ModifyVpcEndpoint(ctx, testScope, ModifyVpcEndpointInput{ID: e.ID, AddSubnetIDs: []string{sns[2].ID}}), "DuplicateSubnetsInSameZone")
	sg, err := s.CreateSecurityGroup(ctx, testScope, CreateSecurityGroupInput{GroupName: "ep", Description: "ep", VpcID: v.ID})
	if err != nil {
		t.Fatal(err)
	}
	f := false
	if err := s.ModifyVpcEndpoint(ctx, testScope, ModifyVpcEndpointInput{ID: e.ID, RemoveSubnetIDs: []string{sns[0].ID}, AddSecurityGroupIDs: []string{sg.ID}, RemoveSecurityGroupIDs: []string{defSG}, PrivateDNSEnabled: &f}); err != nil {
		t.Fatal(err)
	}
	w = s.Snapshot()
	got, _ := w.VpcEndpoints.Get(e.ID)
	if len(got.SubnetIDs) != 1 || got.SubnetIDs[0] != sns[1].ID || got.PrivateDNSEnabled || len(got.DNSEntries) != 2 || got.SecurityGroupIDs[0] != sg.ID {
		t.Fatalf("after modify = %+v", got)
	}
	if n, _ := w.NetworkInterfaces.Get(got.NetworkInterfaceIDs[0]); n.SecurityGroupIDs[0] != sg.ID {
		t.Fatalf("interface groups %v", n.SecurityGroupIDs)
	}
	if _, ok := w.NetworkInterfaces.Get(e.NetworkInterfaceIDs[0]); ok {
		t.Fatal("removed subnet's interface left")
	}
	if err := s.DeleteSubnet(ctx, testScope, sns[0].ID); err != nil {
		t.Fatal(err)
	}
	// The group is in use by the endpoint's interface.
	if _, err := s.DeleteSecurityGroup(ctx, testScope, sg.ID, ""); err == nil {
		t.Fatal("group of an endpoint deleted")
	}
	if _, err := s.DeleteVpcEndpoints(ctx, testScope, []string{e.ID}); err != nil {
		t.Fatal(err)
	}
	if len(s.Snapshot().NetworkInterfaces.Children(sns[1].ID)) != 0 {
		t.Fatal("interfaces left after delete")
	}
	if err := s.DeleteSubnet(ctx, testScope, sns[1].ID); err != nil {
		t.Fatal(err)
	}
}

// TestEndpointServicesCatalogue pins DescribeVpcEndpointServices' AWS
// services: S3 as Gateway and Interface, DynamoDB as Gateway, every zone
// of the Region, owner amazon, private DNS names.
func TestEndpointServicesCatalogue(t *testing.T) {
	s := newTestService(t)
	all, err := EndpointServices(s.Snapshot(), testScope)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]*EndpointServiceInfo{}
	for i, e := range all {
		byKey[e.key()] = e
		if i > 0 && all[i-1].key() >= e.key() {
			t.Fatalf("not sorted at %s", e.key())
		}
	}
	r, _ := RegionByName("us-east-1")
	for _, k := range []string{"com.amazonaws.us-east-1.s3|Gateway", "com.amazonaws.us-east-1.s3|Interface", "com.amazonaws.us-east-1.dynamodb|Gateway", "com.amazonaws.us-east-1.ecr.api|Interface", "com.amazonaws.us-east-1.ssmmessages|Interface"} {
		e := byKey[k]
		if e == nil {
			t.Fatalf("missing %s", k)
		}
		if e.Owner != "amazon" || e.AcceptanceRequired || len(e.AvailabilityZones) != len(r.Zones) || !validID(e.ServiceID, "vpce-svc") {
			t.Fatalf("%s = %+v", k, e)
		}
	}
	if e := byKey["com.amazonaws.us-east-1.ecr.api|Interface"]; e.PrivateDNSName != "api.ecr.us-east-1.amazonaws.com" || e.BaseEndpointDNSNames[0] != "api.ecr.us-east-1.vpce.amazonaws.com" {
		t.Fatalf("ecr.api = %+v", e)
	}
	if e := byKey["com.amazonaws.us-east-1.s3|Gateway"]; e.PrivateDNSName != "" || !e.PolicySupported {
		t.Fatalf("s3 gateway = %+v", e)
	}
}

// putLB stores a load balancer as the ELBv2 service would.
func putLB(t *testing.T, s *Service, scope model.Scope, name, typ string, sns ...*model.Subnet) string {
	t.Helper()
	arn := "arn:aws:elasticloadbalancing:" + scope.Region + ":" + scope.Account + ":loadbalancer/" + map[string]string{"network": "net", "gateway": "gwy"}[typ] + "/" + name + "/0123456789abcdef"
	lb := &elbv2.LoadBalancer{Meta: model.Meta{ID: arn, Account: scope.Account, Region: scope.Region}, Name: name, Type: typ, Scheme: "internal", State: "active", VpcID: sns[0].VpcID, IPAddressType: "ipv4"}
	for _, sn := range sns {
		lb.Zones = append(lb.Zones, elbv2.Zone{ZoneName: sn.AvailabilityZone, SubnetID: sn.ID})
	}
	if _, err := s.Store().Update(context.Background(), func(tx *store.Tx) error {
		store.LoadBalancerKind.In(tx.World).Put(lb)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return arn
}

// TestPrivateLinkService pins create-endpoint-service.md,
// add-endpoint-service-permissions.md and delete-endpoint-service.md: a
// service on an active NLB, visible and usable only by allowed
// principals, connections pending acceptance until the owner accepts,
// rejection, private DNS verification, deletion refused while connected.
func TestPrivateLinkService(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sns := epVpc(t, s)
	arn := putLB(t, s, testScope, "nlb", "network", sns[0], sns[1])
	_, err := s.CreateVpcEndpointServiceConfiguration(ctx, testScope, CreateEndpointServiceInput{GatewayLoadBalancerArns: []string{arn}})
	wantCode(t, err, "InvalidParameter")
	_, err = s.CreateVpcEndpointServiceConfiguration(ctx, testScope, CreateEndpointServiceInput{NetworkLoadBalancerArns: []string{"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/x/1"}})
	wantCode(t, err, "InvalidParameter")
	svc, err := s.CreateVpcEndpointServiceConfiguration(ctx, testScope, CreateEndpointServiceInput{NetworkLoadBalancerArns: []string{arn}, PrivateDNSName: "svc.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if !svc.AcceptanceRequired || svc.ServiceName != "com.amazonaws.vpce.us-east-1."+svc.ID || svc.PrivateDNSState != DNSPendingVerification || svc.PrivateDNSTXTName == "" || len(svc.AvailabilityZones) != 2 {
		t.Fatalf("service = %+v", svc)
	}
	// A load balancer serves one service.
	_, err = s.CreateVpcEndpointServiceConfiguration(ctx, testScope, CreateEndpointServiceInput{NetworkLoadBalancerArns: []string{arn}})
	wantCode(t, err, "InvalidParameter")

	consumer := model.Scope{Account: "210987654321", Region: "us-east-1"}
	if err := s.EnsureScope(ctx, consumer); err != nil {
		t.Fatal(err)
	}
	cv, err := s.CreateVpc(ctx, consumer, CreateVpcInput{CidrBlock: "10.0.0.0/16"}) // overlapping CIDR: allowed
	if err != nil {
		t.Fatal(err)
	}
	csn, err := s.CreateSubnet(ctx, consumer, CreateSubnetInput{VpcID: cv.ID, CidrBlock: "10.0.1.0/24", AvailabilityZone: "us-east-1a"})
	if err != nil {
		t.Fatal(err)
	}
	in := CreateVpcEndpointInput{Type: "Interface", VpcID: cv.ID, ServiceName: svc.ServiceName, SubnetIDs: []string{csn.ID}}
	_, err = s.CreateVpcEndpoint(ctx, consumer, in)
	wantCode(t, err, "InvalidServiceName")
	if _, err := s.ModifyVpcEndpointServicePermissions(ctx, testScope, svc.ID, []string{"arn:aws:iam::210987654321:root"}, nil); err != nil {
		t.Fatal(err)
	}
	// A subnet in a zone the service does not offer.
	csnC, _ := s.CreateSubnet(ctx, consumer, CreateSubnetInput{VpcID: cv.ID, CidrBlock: "10.0.3.0/24", AvailabilityZone: "us-east-1c"})
	bad := in
	bad.SubnetIDs = []string{csnC.ID}
	_, err = s.CreateVpcEndpoint(ctx, consumer, bad)
	wantCode(t, err, "InvalidParameter")
	e, err := s.CreateVpcEndpoint(ctx, consumer, in)
	if err != nil {
		t.Fatal(err)
	}
	if e.State != model.EndpointPendingAcceptance || e.ServiceID != svc.ID || e.PolicyDocument != "" || e.PrivateDNSEnabled {
		t.Fatalf("consumer endpoint = %+v", e)
	}
	if !strings.HasSuffix(e.DNSEntries[0].DNSName, "."+svc.ID+".us-east-1.vpce.amazonaws.com") {
		t.Fatalf("dns %+v", e.DNSEntries)
	}
	failed, err := s.DeleteVpcEndpointServiceConfigurations(ctx, testScope, []string{svc.ID})
	if err != nil || len(failed) != 1 || failed[0].Err.Code != "ExistingVpcEndpointConnections" {
		t.Fatalf("delete while connected: %v %+v", err, failed)
	}
	failed, err = s.SetEndpointConnections(ctx, testScope, svc.ID, []string{e.ID, "vpce-0123456789abcdef0"}, true)
	if err != nil || len(failed) != 1 {
		t.Fatalf("accept: %v %+v", err, failed)
	}
	if got, _ := s.Snapshot().VpcEndpoints.Get(e.ID); got.State != model.EndpointAvailable {
		t.Fatalf("accepted state %s", got.State)
	}
	// Private DNS for the consumer needs a verified name.
	tr := true
	wantCode(t, s.ModifyVpcEndpoint(ctx, consumer, ModifyVpcEndpointInput{ID: e.ID, PrivateDNSEnabled: &tr}), "InvalidParameter")
	if err := s.StartPrivateDNSVerification(ctx, testScope, svc.ID); err != nil {
		t.Fatal(err)
	}
	on := true
	if err := s.ModifyVpcAttribute(ctx, consumer, ModifyVpcAttributeInput{VpcID: cv.ID, EnableDnsHostnames: &on}); err != nil {
		t.Fatal(err)
	}
	if err := s.ModifyVpcEndpoint(ctx, consumer, ModifyVpcEndpointInput{ID: e.ID, PrivateDNSEnabled: &tr}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Snapshot().VpcEndpoints.Get(e.ID); got.DNSEntries[len(got.DNSEntries)-1].DNSName != "svc.example.com" {
		t.Fatalf("private dns entries %+v", got.DNSEntries)
	}
	// Removing the permission keeps the connection; rejecting ends it.
	if _, err := s.ModifyVpcEndpointServicePermissions(ctx, testScope, svc.ID, nil, []string{"arn:aws:iam::210987654321:root"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetEndpointConnections(ctx, testScope, svc.ID, []string{e.ID}, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Snapshot().VpcEndpoints.Get(e.ID); got.State != model.EndpointRejected {
		t.Fatalf("rejected state %s", got.State)
	}
	n, err := s.CreateConnectionNotification(ctx, testScope, svc.ID, "", "arn:aws:sns:us-east-1:123456789012:topic", []string{"Accept", "Reject"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateConnectionNotification(ctx, testScope, svc.ID, "", "arn:aws:sqs:us-east-1:123456789012:q", []string{"Accept"})
	wantCode(t, err, "InvalidParameter")
	failed, err = s.DeleteVpcEndpointServiceConfigurations(ctx, testScope, []string{svc.ID})
	if err != nil || len(failed) != 0 {
		t.Fatalf("delete: %v %+v", err, failed)
	}
	if _, ok := ConnectionNotificationKind.In(s.Snapshot()).Get(n.ID); ok {
		t.Fatal("notification left")
	}
	_ = v
}

// TestGatewayLoadBalancerEndpointRoute pins vpce-gateway-load-balancer.md:
// a GWLB endpoint (one subnet) is a route target through VpcEndpointId;
// the route is a blackhole once the endpoint is gone.
func TestGatewayLoadBalancerEndpointRoute(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, sns := epVpc(t, s)
	arn := putLB(t, s, testScope, "gwlb", "gateway", sns[0])
	svc, err := s.CreateVpcEndpointServiceConfiguration(ctx, testScope, CreateEndpointServiceInput{GatewayLoadBalancerArns: []string{arn}, AcceptanceRequired: new(bool)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ModifyVpcEndpointServicePermissions(ctx, testScope, svc.ID, []string{"*"}, nil); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateVpcEndpoint(ctx, testScope, CreateVpcEndpointInput{Type: "GatewayLoadBalancer", VpcID: v.ID, ServiceName: svc.ServiceName, SubnetIDs: []string{sns[0].ID, sns[1].ID}})
	wantCode(t, err, "InvalidParameter")
	e, err := s.CreateVpcEndpoint(ctx, testScope, CreateVpcEndpointInput{Type: "GatewayLoadBalancer", VpcID: v.ID, ServiceName: svc.ServiceName, SubnetIDs: []string{sns[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if e.State != model.EndpointAvailable || len(e.DNSEntries) != 0 {
		t.Fatalf("gwlb endpoint = %+v", e)
	}
	rt, _ := s.CreateRouteTable(ctx, testScope, v.ID, nil)
	if err := s.CreateRoute(ctx, testScope, RouteInput{RouteTableID: rt.ID, DestinationCidrBlock: "0.0.0.0/0", VpcEndpointID: e.ID}); err != nil {
		t.Fatal(err)
	}
	r := endpointRoute(mustRT(t, s, rt.ID), e.ID)
	if r == nil || r.Target != model.TargetVPCEndpoint || RouteState(s.Snapshot(), rt, r) != RouteActive {
		t.Fatalf("route = %+v", r)
	}
	if _, err := s.DeleteVpcEndpoints(ctx, testScope, []string{e.ID}); err != nil {
		t.Fatal(err)
	}
	if st := RouteState(s.Snapshot(), rt, r); st != RouteBlackhole {
		t.Fatalf("route state after delete %s", st)
	}
}

// TestInsightsPathToEndpoint: a VPC endpoint is a supported source or
// destination of a network insights path ("Supported source and
// destination types", Reachability Analyzer guide); an unknown or deleted
// one is the endpoint kind's NotFound.
func TestInsightsPathToEndpoint(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	v, _ := epVpc(t, s)
	rt := mainTable(t, s, v.ID)
	e, err := s.CreateVpcEndpoint(ctx, testScope, CreateVpcEndpointInput{VpcID: v.ID, ServiceName: "com.amazonaws.us-east-1.s3", RouteTableIDs: []string{rt.ID}})
	if err != nil {
		t.Fatal(err)
	}
	igw := gwAttachedIGW(t, s, v.ID)
	if _, err := s.CreateNetworkInsightsPath(ctx, testScope, CreateInsightsPathInput{Source: igw.ID, Destination: e.ID, Protocol: "tcp"}); err != nil {
		t.Fatalf("path to %s: %v", e.ID, err)
	}
	_, err = s.CreateNetworkInsightsPath(ctx, testScope, CreateInsightsPathInput{Source: igw.ID, Destination: "vpce-0123456789abcdef0", Protocol: "tcp"})
	wantCode(t, err, "InvalidVpcEndpointId.NotFound")
}
