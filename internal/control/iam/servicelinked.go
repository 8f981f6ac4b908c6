package iam

import (
	"context"
	"strings"

	"github.com/vpcsim/vpcsim/internal/model"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/store"
)

// serviceLinkedRole describes the service-linked role of one service:
// AWS's role name, the AWS managed policy attached to it, and whether the
// service accepts a CustomSuffix.
type serviceLinkedRole struct {
	service, roleName, policy string
	// actions are the policy's actions (compact form).
	actions     string
	allowSuffix bool
}

// serviceLinkedRoles lists the services whose service-linked roles vpcsim
// creates: the services it serves and their neighbours that configurations
// commonly create roles for.
var serviceLinkedRoles = []serviceLinkedRole{
	{"elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing", "AWSElasticLoadBalancingServiceRolePolicy",
		`["ec2:DescribeAddresses","ec2:DescribeInstances","ec2:DescribeSubnets","ec2:DescribeSecurityGroups","ec2:DescribeVpcs","ec2:DescribeInternetGateways","ec2:DescribeAccountAttributes","ec2:DescribeClassicLinkInstances","ec2:DescribeVpcClassicLink","ec2:CreateSecurityGroup","ec2:CreateNetworkInterface","ec2:DeleteNetworkInterface","ec2:ModifyNetworkInterfaceAttribute","ec2:AuthorizeSecurityGroupIngress","ec2:AssociateAddress","ec2:DisassociateAddress","ec2:AttachNetworkInterface","ec2:DetachNetworkInterface","ec2:AssignPrivateIpAddresses","ec2:AssignIpv6Addresses","ec2:UnassignIpv6Addresses","logs:CreateLogDelivery","logs:GetLogDelivery","logs:UpdateLogDelivery","logs:DeleteLogDelivery","logs:ListLogDeliveries"]`, false},
	{"rds.amazonaws.com", "AWSServiceRoleForRDS", "AmazonRDSServiceRolePolicy",
		`["ec2:AllocateAddress","ec2:AssociateAddress","ec2:AuthorizeSecurityGroupIngress","ec2:CreateNetworkInterface","ec2:CreateSecurityGroup","ec2:DeleteNetworkInterface","ec2:DeleteSecurityGroup","ec2:DescribeAddresses","ec2:DescribeAvailabilityZones","ec2:DescribeInternetGateways","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcAttribute","ec2:DescribeVpcs","ec2:DisassociateAddress","ec2:ModifyNetworkInterfaceAttribute","ec2:ModifyVpcEndpoint","ec2:ReleaseAddress","ec2:RevokeSecurityGroupIngress","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogStreams","logs:PutRetentionPolicy"]`, false},
	{"elasticache.amazonaws.com", "AWSServiceRoleForElastiCache", "ElastiCacheServiceRolePolicy",
		`["ec2:AuthorizeSecurityGroupIngress","ec2:CreateNetworkInterface","ec2:CreateSecurityGroup","ec2:DeleteNetworkInterface","ec2:DeleteSecurityGroup","ec2:DescribeAvailabilityZones","ec2:DescribeNetworkInterfaces","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs","ec2:ModifyNetworkInterfaceAttribute","ec2:RevokeSecurityGroupIngress","cloudwatch:PutMetricData"]`, false},
	{"redshift.amazonaws.com", "AWSServiceRoleForRedshift", "AmazonRedshiftServiceLinkedRolePolicy",
		`["ec2:DescribeVpcs","ec2:DescribeSubnets","ec2:DescribeNetworkInterfaces","ec2:DescribeAddress","ec2:AssociateAddress","ec2:DisassociateAddress","ec2:CreateNetworkInterface","ec2:DeleteNetworkInterface","ec2:ModifyNetworkInterfaceAttribute","ec2:CreateVpcEndpoint","ec2:DeleteVpcEndpoints","ec2:DescribeVpcEndpoints","ec2:ModifyVpcEndpoint","cloudwatch:PutMetricData"]`, false},
	{"transitgateway.amazonaws.com", "AWSServiceRoleForVPCTransitGateway", "AWSVPCTransitGatewayServiceRolePolicy",
		`["ec2:CreateNetworkInterface","ec2:DescribeNetworkInterfaces","ec2:ModifyNetworkInterfaceAttribute","ec2:DeleteNetworkInterface","ec2:CreateNetworkInterfacePermission","ec2:AssignIpv6Addresses","ec2:UnAssignIpv6Addresses"]`, false},
	{"directconnect.amazonaws.com", "AWSServiceRoleForDirectConnect", "AWSDirectConnectServiceRolePolicy",
		`["directconnect:*","cloudwatch:PutMetricData"]`, false},
	{"globalaccelerator.amazonaws.com", "AWSServiceRoleForGlobalAccelerator", "AWSGlobalAcceleratorSLRPolicy",
		`["ec2:CreateNetworkInterface","ec2:DescribeNetworkInterfaces","ec2:DescribeInstances","ec2:DescribeInternetGateways","ec2:DescribeSubnets","ec2:DescribeRegions","ec2:ModifyNetworkInterfaceAttribute","ec2:DeleteNetworkInterface","ec2:DescribeAddresses","ec2:CreateSecurityGroup","ec2:DescribeSecurityGroups","ec2:DeleteSecurityGroup","elasticloadbalancing:DescribeLoadBalancers"]`, false},
	{"s2svpn.amazonaws.com", "AWSServiceRoleForVPCS2SVPN", "AWSVPCS2SVpnServiceRolePolicy",
		`["acm:ExportCertificate","acm:DescribeCertificate","acm:ListCertificates","acm-pca:DescribeCertificateAuthority"]`, false},
	{"clientvpn.amazonaws.com", "AWSServiceRoleForClientVPN", "ClientVPNServiceRolePolicy",
		`["ec2:CreateNetworkInterface","ec2:CreateNetworkInterfacePermission","ec2:DescribeSecurityGroups","ec2:DescribeVpcs","ec2:DescribeSubnets","ec2:DescribeInternetGateways","ec2:ModifyNetworkInterfaceAttribute","ec2:DeleteNetworkInterface","ec2:DescribeAccountAttributes","ds:AuthorizeApplication","ds:DescribeDirectories","ds:GetDirectoryLimits","ds:UnauthorizeApplication","logs:DescribeLogStreams","logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogGroups","acm:GetCertificate","acm:DescribeCertificate"]`, false},
	{"autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling", "AutoScalingServiceRolePolicy",
		`["ec2:AttachClassicLinkVpc","ec2:CancelSpotInstanceRequests","ec2:CreateFleet","ec2:CreateTags","ec2:DeleteTags","ec2:Describe*","ec2:DetachClassicLinkVpc","ec2:ModifyInstanceAttribute","ec2:RequestSpotInstances","ec2:RunInstances","ec2:StartInstances","ec2:StopInstances","ec2:TerminateInstances","elasticloadbalancing:Register*","elasticloadbalancing:Deregister*","elasticloadbalancing:Describe*","cloudwatch:DeleteAlarms","cloudwatch:DescribeAlarms","cloudwatch:GetMetricData","cloudwatch:PutMetricAlarm","sns:Publish"]`, true},
	{"spot.amazonaws.com", "AWSServiceRoleForEC2Spot", "AWSEC2SpotServiceRolePolicy",
		`["ec2:DescribeInstances","ec2:StartInstances","ec2:StopInstances","ec2:RunInstances","ec2:CreateTags"]`, false},
}

func serviceLinkedFor(service string) (serviceLinkedRole, bool) {
	for _, sl := range serviceLinkedRoles {
		if sl.service == service {
			return sl, true
		}
	}
	return serviceLinkedRole{}, false
}

// ServiceLinkedTrustPolicy is the trust policy of a service-linked role.
func ServiceLinkedTrustPolicy(service string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["` + service + `"]},"Action":["sts:AssumeRole"]}]}`
}

// CreateServiceLinkedRole creates the service-linked role of service
// (AWS's role name, path /aws-service-role/<service>/, the service's
// managed policy attached, the service trusted).
func (s *Service) CreateServiceLinkedRole(ctx context.Context, account, service, description, suffix string) (*iammodel.Role, error) {
	sl, ok := serviceLinkedFor(service)
	if !ok {
		return nil, invalidInput("Service role name for %s has not been defined (vpcsim creates service-linked roles for %s).", service, supportedServices())
	}
	name := sl.roleName
	if suffix != "" {
		if !sl.allowSuffix {
			return nil, invalidInput("Custom suffix is not allowed for %s", service)
		}
		if err := checkName("customSuffix", suffix, 64); err != nil {
			return nil, err
		}
		name += "_" + suffix
		if err := checkName("roleName", name, 64); err != nil {
			return nil, err
		}
	}
	if err := checkDescription(description); err != nil {
		return nil, err
	}
	var out *iammodel.Role
	err := s.update(ctx, func(tx *store.Tx) error {
		roles := RoleKind.In(tx.World)
		key := iammodel.RoleKey(account, name)
		if _, ok := roles.Get(key); ok {
			return invalidInput("Service role name %s has been taken in this account, please try a different suffix.", name)
		}
		if len(roles.Children(account)) >= maxRolesPerAccount {
			return quota("RolesPerAccount", maxRolesPerAccount)
		}
		path := "/aws-service-role/" + service + "/"
		r := &iammodel.Role{Name: name, Path: path, RoleID: newUniqueID(tx, "AROA", 17), ARN: RoleARN(account, path, name),
			TrustPolicy: ServiceLinkedTrustPolicy(service), Description: description, MaxSessionDuration: defaultSessionSeconds,
			AttachedPolicies: []string{"arn:aws:iam::aws:policy/aws-service-role/" + sl.policy}, ServiceLinked: service}
		r.Meta = model.Meta{ID: key, Account: account, Created: tx.Now()}
		roles.Put(r)
		out = r
		return nil
	})
	return out, err
}

func supportedServices() string {
	names := make([]string, len(serviceLinkedRoles))
	for i, sl := range serviceLinkedRoles {
		names[i] = sl.service
	}
	return strings.Join(names, ", ")
}

// DeleteServiceLinkedRole submits the deletion of a service-linked role
// and returns the deletion task id. vpcsim's services hold no resources
// that keep a role in use, so the task succeeds at once: the role, its
// attachments and its instance profile memberships are gone when the
// answer is sent.
func (s *Service) DeleteServiceLinkedRole(ctx context.Context, account, roleName string) (string, error) {
	var id string
	err := s.update(ctx, func(tx *store.Tx) error {
		r, err := roleIn(tx.World, account, roleName)
		if err != nil {
			return err
		}
		if r.ServiceLinked == "" {
			return invalidInput("Role %s is not a service-linked role.", r.Name)
		}
		for _, p := range profilesForRole(tx.World, account, r.Name) {
			c := model.Clone(p)
			c.Roles = nil
			InstanceProfileKind.In(tx.World).Put(c)
		}
		RoleKind.In(tx.World).Delete(r.ID)
		hex := tx.NewHex(32)
		id = "task/aws-service-role/" + r.ServiceLinked + "/" + r.Name + "/" +
			hex[0:8] + "-" + hex[8:12] + "-" + hex[12:16] + "-" + hex[16:20] + "-" + hex[20:32]
		t := &iammodel.DeletionTask{RoleName: r.Name, Status: "SUCCEEDED"}
		t.Meta = model.Meta{ID: account + "/" + id, Account: account, Created: tx.Now()}
		DeletionTaskKind.In(tx.World).Put(t)
		return nil
	})
	return id, err
}

// GetServiceLinkedRoleDeletionStatus returns the status of a deletion task.
func (s *Service) GetServiceLinkedRoleDeletionStatus(account, taskID string) (string, error) {
	if !strings.HasPrefix(taskID, "task/aws-service-role/") {
		return "", invalidInput("Invalid deletion task id: %s", taskID)
	}
	t, ok := DeletionTaskKind.In(s.snapshot()).Get(account + "/" + taskID)
	if !ok {
		return "", noSuchEntity("The deletion task with id %s cannot be found.", taskID)
	}
	return t.Status, nil
}
