package ec2_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/model/elbv2"
	"github.com/vpcsim/vpcsim/internal/store"
)

// epWireVpc creates a VPC with both DNS attributes and subnets in
// us-east-1a and us-east-1b.
func epWireVpc(t *testing.T, c *ec2.Client) (vpcID string, subnets []string) {
	t.Helper()
	ctx := context.Background()
	v, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	vpcID = *v.Vpc.VpcId
	if _, err := c.ModifyVpcAttribute(ctx, &ec2.ModifyVpcAttributeInput{VpcId: &vpcID, EnableDnsHostnames: &types.AttributeBooleanValue{Value: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		sn, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: &vpcID, CidrBlock: aws.String([]string{"10.0.1.0/24", "10.0.2.0/24"}[i]), AvailabilityZone: aws.String(az)})
		if err != nil {
			t.Fatal(err)
		}
		subnets = append(subnets, *sn.Subnet.SubnetId)
	}
	return vpcID, subnets
}

// TestGatewayEndpointWire follows Terraform's aws_vpc_endpoint (Gateway,
// S3): CreateVpcEndpoint with ClientToken and PrivateDnsEnabled=false
// answering pending, DescribeVpcEndpoints available with the default
// policy, the prefix-list route (gatewayId vpce-) in DescribeRouteTables,
// DescribePrefixLists by the service name, ModifyVpcEndpoint, and
// DeleteVpcEndpoints with an unsuccessful item per unknown id.
func TestGatewayEndpointWire(t *testing.T) {
	url, _ := startTestServer(t, 31)
	c := newSDKClient(url, "us-east-1")
	ctx := context.Background()
	vpcID, _ := epWireVpc(t, c)
	rts, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpcID}}}})
	if err != nil || len(rts.RouteTables) != 1 {
		t.Fatalf("route tables: %v %v", rts, err)
	}
	rtID := *rts.RouteTables[0].RouteTableId
	in := &ec2.CreateVpcEndpointInput{
		VpcId: &vpcID, ServiceName: aws.String("com.amazonaws.us-east-1.s3"), VpcEndpointType: types.VpcEndpointTypeGateway,
		RouteTableIds: []string{rtID}, PrivateDnsEnabled: aws.Bool(false), ClientToken: aws.String("tok-1"),
		TagSpecifications: gwTagSpec(types.ResourceTypeVpcEndpoint, "Name", "s3"),
	}
	cr, err := c.CreateVpcEndpoint(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	e := cr.VpcEndpoint
	id := aws.ToString(e.VpcEndpointId)
	if e.State != "pending" || aws.ToString(cr.ClientToken) != "tok-1" || len(e.RouteTableIds) != 1 || aws.ToString(e.PolicyDocument) != control.DefaultGatewayEndpointPolicy {
		t.Fatalf("create = %+v", e)
	}
	// The same token answers the same endpoint.
	if again, err := c.CreateVpcEndpoint(ctx, in); err != nil || aws.ToString(again.VpcEndpoint.VpcEndpointId) != id {
		t.Fatalf("replay: %v %v", again, err)
	}
	d, err := c.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{VpcEndpointIds: []string{id}})
	if err != nil || len(d.VpcEndpoints) != 1 || d.VpcEndpoints[0].State != "available" || len(d.VpcEndpoints[0].Tags) != 1 || aws.ToString(d.VpcEndpoints[0].OwnerId) != "123456789012" {
		t.Fatalf("describe: %+v %v", d, err)
	}
	pl, err := c.DescribePrefixLists(ctx, &ec2.DescribePrefixListsInput{Filters: []types.Filter{{Name: aws.String("prefix-list-name"), Values: []string{"com.amazonaws.us-east-1.s3"}}}})
	if err != nil || len(pl.PrefixLists) != 1 {
		t.Fatalf("prefix lists: %+v %v", pl, err)
	}
	rt, _ := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{rtID}})
	found := false
	for _, r := range rt.RouteTables[0].Routes {
		if aws.ToString(r.GatewayId) == id && aws.ToString(r.DestinationPrefixListId) == aws.ToString(pl.PrefixLists[0].PrefixListId) && r.State == types.RouteStateActive && r.Origin == types.RouteOriginCreateRoute {
			found = true
		}
	}
	if !found {
		t.Fatalf("no endpoint route in %+v", rt.RouteTables[0].Routes)
	}
	_, err = c.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: &rtID, DestinationPrefixListId: pl.PrefixLists[0].PrefixListId})
	wantAPIError(t, err, "InvalidParameterValue", "")
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`
	if _, err := c.ModifyVpcEndpoint(ctx, &ec2.ModifyVpcEndpointInput{VpcEndpointId: &id, PolicyDocument: &doc, RemoveRouteTableIds: []string{rtID}}); err != nil {
		t.Fatal(err)
	}
	d, _ = c.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{Filters: []types.Filter{{Name: aws.String("vpc-endpoint-type"), Values: []string{"Gateway"}}, {Name: aws.String("tag:Name"), Values: []string{"s3"}}}})
	if len(d.VpcEndpoints) != 1 || aws.ToString(d.VpcEndpoints[0].PolicyDocument) != doc || len(d.VpcEndpoints[0].RouteTableIds) != 0 {
		t.Fatalf("after modify: %+v", d.VpcEndpoints)
	}
	_, err = c.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{VpcEndpointIds: []string{"vpce-0123456789abcdef0"}})
	wantAPIError(t, err, "InvalidVpcEndpointId.NotFound", "")
	del, err := c.DeleteVpcEndpoints(ctx, &ec2.DeleteVpcEndpointsInput{VpcEndpointIds: []string{id, "vpce-0123456789abcdef0"}})
	if err != nil || len(del.Unsuccessful) != 1 || aws.ToString(del.Unsuccessful[0].Error.Code) != "InvalidVpcEndpoint.NotFound" {
		t.Fatalf("delete: %+v %v", del, err)
	}
}

// TestInterfaceEndpointWire follows Terraform's aws_vpc_endpoint
// (Interface, private DNS): one requester-managed interface per subnet
// that DescribeNetworkInterfaces shows as vpc_endpoint, DNS entries, the
// security group, and AWS's error without the VPC DNS attributes.
func TestInterfaceEndpointWire(t *testing.T) {
	url, _ := startTestServer(t, 32)
	c := newSDKClient(url, "us-east-1")
	ctx := context.Background()
	vpcID, subnets := epWireVpc(t, c)
	sg, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{VpcId: &vpcID, GroupName: aws.String("ep"), Description: aws.String("ep")})
	if err != nil {
		t.Fatal(err)
	}
	cr, err := c.CreateVpcEndpoint(ctx, &ec2.CreateVpcEndpointInput{
		VpcId: &vpcID, ServiceName: aws.String("com.amazonaws.us-east-1.ssm"), VpcEndpointType: types.VpcEndpointTypeInterface,
		SubnetIds: subnets, SecurityGroupIds: []string{*sg.GroupId}, PrivateDnsEnabled: aws.Bool(true),
		DnsOptions: &types.DnsOptionsSpecification{DnsRecordIpType: types.DnsRecordIpTypeIpv4},
	})
	if err != nil {
		t.Fatal(err)
	}
	e := cr.VpcEndpoint
	if len(e.NetworkInterfaceIds) != 2 || len(e.DnsEntries) != 4 || !aws.ToBool(e.PrivateDnsEnabled) || len(e.Groups) != 1 || aws.ToString(e.Groups[0].GroupName) != "ep" || e.DnsOptions == nil || e.DnsOptions.DnsRecordIpType != types.DnsRecordIpTypeIpv4 {
		t.Fatalf("create = %+v", e)
	}
	ni, err := c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{NetworkInterfaceIds: e.NetworkInterfaceIds})
	if err != nil || len(ni.NetworkInterfaces) != 2 {
		t.Fatalf("interfaces: %v %v", ni, err)
	}
	for _, n := range ni.NetworkInterfaces {
		if n.InterfaceType != types.NetworkInterfaceType("vpc_endpoint") || !aws.ToBool(n.RequesterManaged) {
			t.Fatalf("interface = %+v", n)
		}
	}
	_, err = c.DeleteNetworkInterface(ctx, &ec2.DeleteNetworkInterfaceInput{NetworkInterfaceId: &e.NetworkInterfaceIds[0]})
	wantAPIError(t, err, "OperationNotPermitted", "")
	_, err = c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: &subnets[0]})
	wantAPIError(t, err, "DependencyViolation", "")
	// Private DNS without enableDnsHostnames.
	v2, _ := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.1.0.0/16")})
	sn2, _ := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: v2.Vpc.VpcId, CidrBlock: aws.String("10.1.1.0/24")})
	_, err = c.CreateVpcEndpoint(ctx, &ec2.CreateVpcEndpointInput{VpcId: v2.Vpc.VpcId, ServiceName: aws.String("com.amazonaws.us-east-1.ssm"), VpcEndpointType: types.VpcEndpointTypeInterface, SubnetIds: []string{*sn2.Subnet.SubnetId}, PrivateDnsEnabled: aws.Bool(true)})
	wantAPIError(t, err, "InvalidParameter", "Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for "+*v2.Vpc.VpcId)
	if _, err := c.DeleteVpcEndpoints(ctx, &ec2.DeleteVpcEndpointsInput{VpcEndpointIds: []string{*e.VpcEndpointId}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: &subnets[0]}); err != nil {
		t.Fatal(err)
	}
}

// TestDescribeVpcEndpointServicesWire pins the catalogue through the SDK:
// the service-type filter, ServiceNames, an unknown name, pagination.
func TestDescribeVpcEndpointServicesWire(t *testing.T) {
	url, _ := startTestServer(t, 33)
	c := newSDKClient(url, "eu-west-1")
	ctx := context.Background()
	d, err := c.DescribeVpcEndpointServices(ctx, &ec2.DescribeVpcEndpointServicesInput{Filters: []types.Filter{{Name: aws.String("service-type"), Values: []string{"Gateway"}}}})
	if err != nil || len(d.ServiceDetails) != 2 || len(d.ServiceNames) != 2 {
		t.Fatalf("gateway services: %+v %v", d, err)
	}
	for _, s := range d.ServiceDetails {
		if aws.ToString(s.Owner) != "amazon" || len(s.AvailabilityZones) == 0 || !aws.ToBool(s.VpcEndpointPolicySupported) || !strings.HasPrefix(aws.ToString(s.ServiceName), "com.amazonaws.eu-west-1.") {
			t.Fatalf("service = %+v", s)
		}
	}
	d, err = c.DescribeVpcEndpointServices(ctx, &ec2.DescribeVpcEndpointServicesInput{ServiceNames: []string{"com.amazonaws.eu-west-1.kms"}})
	if err != nil || len(d.ServiceDetails) != 1 || aws.ToString(d.ServiceDetails[0].PrivateDnsName) != "kms.eu-west-1.amazonaws.com" {
		t.Fatalf("kms: %+v %v", d, err)
	}
	_, err = c.DescribeVpcEndpointServices(ctx, &ec2.DescribeVpcEndpointServicesInput{ServiceNames: []string{"com.amazonaws.eu-west-1.nope"}})
	wantAPIError(t, err, "InvalidServiceName", "")
	all, _ := c.DescribeVpcEndpointServices(ctx, &ec2.DescribeVpcEndpointServicesInput{})
	var paged []string
	var next *string
	for {
		p, err := c.DescribeVpcEndpointServices(ctx, &ec2.DescribeVpcEndpointServicesInput{MaxResults: aws.Int32(7), NextToken: next})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range p.ServiceDetails {
			paged = append(paged, aws.ToString(s.ServiceId))
		}
		if next = p.NextToken; next == nil {
			break
		}
	}
	if len(paged) != len(all.ServiceDetails) || len(paged) < 20 {
		t.Fatalf("paged %d of %d", len(paged), len(all.ServiceDetails))
	}
}

// TestPrivateLinkWire follows Terraform's aws_vpc_endpoint_service,
// aws_vpc_endpoint_service_allowed_principal, a consumer aws_vpc_endpoint
// from another account and aws_vpc_endpoint_connection_accepter.
func TestPrivateLinkWire(t *testing.T) {
	url, ctl := startTestServer(t, 34)
	owner := peeringClient(url, "111111111111", "us-east-1")
	consumer := peeringClient(url, "222222222222", "us-east-1")
	ctx := context.Background()
	vpcID, subnets := epWireVpc(t, owner)
	arn := "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/nlb/0123456789abcdef"
	if _, err := ctl.Store().Update(ctx, func(tx *store.Tx) error {
		store.LoadBalancerKind.In(tx.World).Put(&elbv2.LoadBalancer{Meta: model.Meta{ID: arn, Account: "111111111111", Region: "us-east-1"}, Name: "nlb", Type: "network", State: "active", VpcID: vpcID,
			IPAddressType: "ipv4", Zones: []elbv2.Zone{{ZoneName: "us-east-1a", SubnetID: subnets[0]}, {ZoneName: "us-east-1b", SubnetID: subnets[1]}}})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sc, err := owner.CreateVpcEndpointServiceConfiguration(ctx, &ec2.CreateVpcEndpointServiceConfigurationInput{NetworkLoadBalancerArns: []string{arn}, AcceptanceRequired: aws.Bool(true), PrivateDnsName: aws.String("api.example.com")})
	if err != nil {
		t.Fatal(err)
	}
	svc := sc.ServiceConfiguration
	svcID := aws.ToString(svc.ServiceId)
	if svc.ServiceState != types.ServiceStateAvailable || svc.PrivateDnsNameConfiguration == nil || svc.PrivateDnsNameConfiguration.State != types.DnsNameStatePendingVerification || len(svc.AvailabilityZones) != 2 {
		t.Fatalf("service = %+v", svc)
	}
	if _, err := owner.ModifyVpcEndpointServicePermissions(ctx, &ec2.ModifyVpcEndpointServicePermissionsInput{ServiceId: &svcID, AddAllowedPrincipals: []string{"arn:aws:iam::222222222222:root"}}); err != nil {
		t.Fatal(err)
	}
	perms, err := owner.DescribeVpcEndpointServicePermissions(ctx, &ec2.DescribeVpcEndpointServicePermissionsInput{ServiceId: &svcID})
	if err != nil || len(perms.AllowedPrincipals) != 1 || perms.AllowedPrincipals[0].PrincipalType != types.PrincipalTypeAccount {
		t.Fatalf("permissions: %+v %v", perms, err)
	}
	// The consumer sees the service and connects from an overlapping VPC.
	ds, err := consumer.DescribeVpcEndpointServices(ctx, &ec2.DescribeVpcEndpointServicesInput{ServiceNames: []string{aws.ToString(svc.ServiceName)}})
	if err != nil || len(ds.ServiceDetails) != 1 || !aws.ToBool(ds.ServiceDetails[0].AcceptanceRequired) || aws.ToString(ds.ServiceDetails[0].Owner) != "111111111111" {
		t.Fatalf("consumer view: %+v %v", ds, err)
	}
	cvpc, csubnets := epWireVpc(t, consumer)
	ce, err := consumer.CreateVpcEndpoint(ctx, &ec2.CreateVpcEndpointInput{VpcId: &cvpc, ServiceName: svc.ServiceName, VpcEndpointType: types.VpcEndpointTypeInterface, SubnetIds: csubnets[:1], PrivateDnsEnabled: aws.Bool(false)})
	if err != nil {
		t.Fatal(err)
	}
	eid := aws.ToString(ce.VpcEndpoint.VpcEndpointId)
	if ce.VpcEndpoint.State != "pendingAcceptance" {
		t.Fatalf("consumer endpoint = %+v", ce.VpcEndpoint)
	}
	conns, err := owner.DescribeVpcEndpointConnections(ctx, &ec2.DescribeVpcEndpointConnectionsInput{Filters: []types.Filter{{Name: aws.String("service-id"), Values: []string{svcID}}}})
	if err != nil || len(conns.VpcEndpointConnections) != 1 || aws.ToString(conns.VpcEndpointConnections[0].VpcEndpointOwner) != "222222222222" || conns.VpcEndpointConnections[0].VpcEndpointState != "pendingAcceptance" {
		t.Fatalf("connections: %+v %v", conns, err)
	}
	acc, err := owner.AcceptVpcEndpointConnections(ctx, &ec2.AcceptVpcEndpointConnectionsInput{ServiceId: &svcID, VpcEndpointIds: []string{eid}})
	if err != nil || len(acc.Unsuccessful) != 0 {
		t.Fatalf("accept: %+v %v", acc, err)
	}
	d, _ := consumer.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{VpcEndpointIds: []string{eid}})
	if d.VpcEndpoints[0].State != "available" {
		t.Fatalf("after accept: %s", d.VpcEndpoints[0].State)
	}
	del, err := owner.DeleteVpcEndpointServiceConfigurations(ctx, &ec2.DeleteVpcEndpointServiceConfigurationsInput{ServiceIds: []string{svcID}})
	if err != nil || len(del.Unsuccessful) != 1 || aws.ToString(del.Unsuccessful[0].Error.Code) != "ExistingVpcEndpointConnections" {
		t.Fatalf("delete while connected: %+v %v", del, err)
	}
	n, err := owner.CreateVpcEndpointConnectionNotification(ctx, &ec2.CreateVpcEndpointConnectionNotificationInput{ServiceId: &svcID, ConnectionNotificationArn: aws.String("arn:aws:sns:us-east-1:111111111111:t"), ConnectionEvents: []string{"Connect", "Accept"}})
	if err != nil || n.ConnectionNotification.ConnectionNotificationState != types.ConnectionNotificationStateEnabled {
		t.Fatalf("notification: %+v %v", n, err)
	}
	dn, err := owner.DescribeVpcEndpointConnectionNotifications(ctx, &ec2.DescribeVpcEndpointConnectionNotificationsInput{})
	if err != nil || len(dn.ConnectionNotificationSet) != 1 {
		t.Fatalf("notifications: %+v %v", dn, err)
	}
	if _, err := owner.StartVpcEndpointServicePrivateDnsVerification(ctx, &ec2.StartVpcEndpointServicePrivateDnsVerificationInput{ServiceId: &svcID}); err != nil {
		t.Fatal(err)
	}
	cfg, err := owner.DescribeVpcEndpointServiceConfigurations(ctx, &ec2.DescribeVpcEndpointServiceConfigurationsInput{Filters: []types.Filter{{Name: aws.String("service-name"), Values: []string{aws.ToString(svc.ServiceName)}}}})
	if err != nil || len(cfg.ServiceConfigurations) != 1 || cfg.ServiceConfigurations[0].PrivateDnsNameConfiguration.State != types.DnsNameStateVerified {
		t.Fatalf("configurations: %+v %v", cfg, err)
	}
	if _, err := consumer.DeleteVpcEndpoints(ctx, &ec2.DeleteVpcEndpointsInput{VpcEndpointIds: []string{eid}}); err != nil {
		t.Fatal(err)
	}
	del, err = owner.DeleteVpcEndpointServiceConfigurations(ctx, &ec2.DeleteVpcEndpointServiceConfigurationsInput{ServiceIds: []string{svcID}})
	if err != nil || len(del.Unsuccessful) != 0 {
		t.Fatalf("delete: %+v %v", del, err)
	}
}
