package iam

import (
	"crypto/sha256"
	"sort"
	"strings"
	"time"

	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
)

// AWSAccount is the account field of AWS managed policy ARNs
// (arn:aws:iam::aws:policy/...).
const AWSAccount = "aws"

// awsPolicy is one entry of the AWS managed policy catalogue.
type awsPolicy struct {
	name, path, description, version string
	created, updated                 time.Time
	// serviceLinked policies belong to service-linked roles and cannot be
	// attached to customer roles.
	serviceLinked bool
	document      string
}

// awsPolicies is a small catalogue of AWS managed policies that
// configurations commonly attach, and the policies of the service-linked
// roles vpcsim creates. The documents keep each policy's purpose (the
// actions it grants) in compact form; they are not byte copies of AWS's.
var awsPolicies = func() map[string]*iammodel.ManagedPolicy {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 15, 0, 0, 0, time.UTC) }
	stmt := func(actions, resources string) string {
		return `{"Effect":"Allow","Action":` + actions + `,"Resource":` + resources + `}`
	}
	doc := func(stmts ...string) string {
		return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
	}
	list := []awsPolicy{
		{name: "AdministratorAccess", path: "/", version: "v1", description: "Provides full access to AWS services and resources.",
			created: day(2015, 2, 6), updated: day(2015, 2, 6), document: doc(stmt(`"*"`, `"*"`))},
		{name: "PowerUserAccess", path: "/", version: "v5", description: "Provides full access to AWS services and resources, but does not allow management of Users and groups.",
			created: day(2015, 2, 6), updated: day(2023, 7, 6), document: doc(
				`{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}`,
				stmt(`["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization","account:ListRegions","account:GetAccountInformation"]`, `"*"`))},
		{name: "ReadOnlyAccess", path: "/", version: "v110", description: "Provides read-only access to AWS services and resources.",
			created: day(2015, 2, 6), updated: day(2024, 6, 20), document: doc(stmt(
				`["ec2:Describe*","ec2:Get*","elasticloadbalancing:Describe*","iam:Get*","iam:List*","logs:Describe*","logs:Get*","logs:FilterLogEvents","rds:Describe*","rds:List*","elasticache:Describe*","elasticache:List*","redshift:Describe*","s3:Get*","s3:List*","sts:GetCallerIdentity","cloudwatch:Describe*","cloudwatch:Get*","cloudwatch:List*"]`, `"*"`))},
		{name: "AmazonS3ReadOnlyAccess", path: "/", version: "v3", description: "Provides read only access to all buckets via the AWS Management Console.",
			created: day(2015, 2, 6), updated: day(2023, 8, 10), document: doc(stmt(`["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"]`, `"*"`))},
		{name: "AmazonS3FullAccess", path: "/", version: "v2", description: "Provides full access to all buckets via the AWS Management Console.",
			created: day(2015, 2, 6), updated: day(2021, 9, 27), document: doc(stmt(`["s3:*","s3-object-lambda:*"]`, `"*"`))},
		{name: "AmazonEC2FullAccess", path: "/", version: "v5", description: "Provides full access to Amazon EC2 via the AWS Management Console.",
			created: day(2015, 2, 6), updated: day(2018, 11, 27), document: doc(
				stmt(`"ec2:*"`, `"*"`), stmt(`"elasticloadbalancing:*"`, `"*"`), stmt(`"cloudwatch:*"`, `"*"`), stmt(`"autoscaling:*"`, `"*"`),
				`{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*","Condition":{"StringEquals":{"iam:AWSServiceName":["autoscaling.amazonaws.com","ec2scheduled.amazonaws.com","elasticloadbalancing.amazonaws.com","spot.amazonaws.com","spotfleet.amazonaws.com","transitgateway.amazonaws.com"]}}}`)},
		{name: "AmazonEC2ReadOnlyAccess", path: "/", version: "v3", description: "Provides read only access to Amazon EC2 via the AWS Management Console.",
			created: day(2015, 2, 6), updated: day(2018, 2, 8), document: doc(stmt(`"ec2:Describe*"`, `"*"`), stmt(`"elasticloadbalancing:Describe*"`, `"*"`),
				stmt(`["cloudwatch:ListMetrics","cloudwatch:GetMetricStatistics","cloudwatch:Describe*"]`, `"*"`), stmt(`"autoscaling:Describe*"`, `"*"`))},
		{name: "AmazonVPCFullAccess", path: "/", version: "v9", description: "Provides full access to Amazon VPC via the AWS Management Console.",
			created: day(2015, 2, 6), updated: day(2023, 6, 2), document: doc(stmt(`["ec2:*Vpc*","ec2:*Subnet*","ec2:*Gateway*","ec2:*Route*","ec2:*Address*","ec2:*SecurityGroup*","ec2:*NetworkAcl*","ec2:*DhcpOptions*","ec2:*FlowLogs*","ec2:Describe*","logs:Describe*","logs:Get*"]`, `"*"`))},
		{name: "AmazonSSMManagedInstanceCore", path: "/", version: "v2", description: "The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality.",
			created: day(2019, 3, 15), updated: day(2019, 5, 23), document: doc(
				stmt(`["ssm:DescribeAssociation","ssm:GetDeployablePatchSnapshotForInstance","ssm:GetDocument","ssm:DescribeDocument","ssm:GetManifest","ssm:GetParameter","ssm:GetParameters","ssm:ListAssociations","ssm:ListInstanceAssociations","ssm:PutInventory","ssm:PutComplianceItems","ssm:PutConfigurePackageResult","ssm:UpdateAssociationStatus","ssm:UpdateInstanceAssociationStatus","ssm:UpdateInstanceInformation"]`, `"*"`),
				stmt(`["ssmmessages:CreateControlChannel","ssmmessages:CreateDataChannel","ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel"]`, `"*"`),
				stmt(`["ec2messages:AcknowledgeMessage","ec2messages:DeleteMessage","ec2messages:FailMessage","ec2messages:GetEndpoint","ec2messages:GetMessages","ec2messages:SendReply"]`, `"*"`))},
		{name: "AmazonEC2RoleforSSM", path: "/service-role/", version: "v8", description: "This policy will soon be deprecated. Please use AmazonSSMManagedInstanceCore policy to enable AWS Systems Manager service core functionality on EC2 instances.",
			created: day(2015, 5, 29), updated: day(2019, 1, 24), document: doc(
				stmt(`["ssm:DescribeAssociation","ssm:GetDocument","ssm:GetParameters","ssm:ListAssociations","ssm:ListInstanceAssociations","ssm:PutInventory","ssm:UpdateAssociationStatus","ssm:UpdateInstanceInformation"]`, `"*"`),
				stmt(`["ssmmessages:CreateControlChannel","ssmmessages:CreateDataChannel","ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel"]`, `"*"`),
				stmt(`["ec2messages:*"]`, `"*"`), stmt(`"cloudwatch:PutMetricData"`, `"*"`), stmt(`"ec2:DescribeInstanceStatus"`, `"*"`),
				stmt(`["logs:CreateLogGroup","logs:CreateLogStream","logs:DescribeLogGroups","logs:DescribeLogStreams","logs:PutLogEvents"]`, `"*"`),
				stmt(`["s3:GetBucketLocation","s3:PutObject","s3:GetObject","s3:GetEncryptionConfiguration","s3:AbortMultipartUpload","s3:ListMultipartUploadParts","s3:ListBucket","s3:ListBucketMultipartUploads"]`, `"*"`))},
		{name: "CloudWatchAgentServerPolicy", path: "/", version: "v2", description: "Permissions required to use AmazonCloudWatchAgent on servers",
			created: day(2018, 3, 7), updated: day(2022, 3, 24), document: doc(
				stmt(`["cloudwatch:PutMetricData","ec2:DescribeVolumes","ec2:DescribeTags","logs:PutLogEvents","logs:PutRetentionPolicy","logs:DescribeLogStreams","logs:DescribeLogGroups","logs:CreateLogStream","logs:CreateLogGroup","xray:PutTraceSegments","xray:PutTelemetryRecords","xray:GetSamplingRules","xray:GetSamplingTargets","xray:GetSamplingStatisticSummaries"]`, `"*"`),
				stmt(`["ssm:GetParameter"]`, `"arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*"`))},
		{name: "CloudWatchLogsFullAccess", path: "/", version: "v2", description: "Provides full access to CloudWatch Logs",
			created: day(2015, 2, 6), updated: day(2022, 8, 2), document: doc(stmt(`["logs:*","cloudwatch:GenerateQuery"]`, `"*"`))},
		{name: "AWSLambdaBasicExecutionRole", path: "/service-role/", version: "v1", description: "Provides write permissions to CloudWatch Logs.",
			created: day(2015, 4, 9), updated: day(2015, 4, 9), document: doc(stmt(`["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"]`, `"*"`))},
		{name: "AWSLambdaVPCAccessExecutionRole", path: "/service-role/", version: "v3", description: "Provides minimum permissions for a Lambda function to execute while accessing a resource within a VPC - create, describe, delete network interfaces and write permissions to CloudWatch Logs.",
			created: day(2016, 2, 11), updated: day(2024, 1, 5), document: doc(stmt(`["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","ec2:CreateNetworkInterface","ec2:DescribeNetworkInterfaces","ec2:DescribeSubnets","ec2:DeleteNetworkInterface","ec2:AssignPrivateIpAddresses","ec2:UnassignPrivateIpAddresses"]`, `"*"`))},
		{name: "AmazonRDSEnhancedMonitoringRole", path: "/service-role/", version: "v1", description: "Provides access to Cloudwatch for RDS Enhanced Monitoring",
			created: day(2015, 11, 11), updated: day(2015, 11, 11), document: doc(
				`{"Sid":"EnableCreationAndManagementOfRDSCloudwatchLogGroups","Effect":"Allow","Action":["logs:CreateLogGroup","logs:PutRetentionPolicy"],"Resource":["arn:aws:logs:*:*:log-group:RDS*"]}`,
				`{"Sid":"EnableCreationAndManagementOfRDSCloudwatchLogStreams","Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogStreams","logs:GetLogEvents"],"Resource":["arn:aws:logs:*:*:log-group:RDS*:log-stream:*"]}`)},
	}
	for _, sl := range serviceLinkedRoles {
		list = append(list, awsPolicy{name: sl.policy, path: "/aws-service-role/", version: "v1", serviceLinked: true,
			description: "Service-linked role policy of " + sl.roleName, created: day(2017, 9, 19), updated: day(2017, 9, 19),
			document: doc(stmt(sl.actions, `"*"`))})
	}
	out := make(map[string]*iammodel.ManagedPolicy, len(list))
	for _, p := range list {
		arn := "arn:aws:iam::aws:policy" + p.path + p.name
		sum := sha256.Sum256([]byte(arn))
		id := make([]byte, 0, 21)
		id = append(id, "ANPA"...)
		for _, b := range sum[:17] {
			id = append(id, uniqueIDAlphabet[int(b)%len(uniqueIDAlphabet)])
		}
		mp := &iammodel.ManagedPolicy{Name: p.name, Path: p.path, PolicyID: string(id), ARN: arn, Description: p.description,
			DefaultVersion: p.version, Versions: []iammodel.PolicyVersion{{ID: p.version, Document: p.document, Created: p.updated}},
			Updated: p.updated}
		mp.Account = AWSAccount
		mp.ID = arn
		mp.Created = p.created
		out[arn] = mp
		if p.serviceLinked {
			serviceLinkedPolicy[arn] = true
		}
	}
	return out
}()

// serviceLinkedPolicy marks the catalogue's service-linked role policies
// (filled with the catalogue).
var serviceLinkedPolicy = map[string]bool{}

// awsPolicyList returns the catalogue sorted by name.
func awsPolicyList() []*iammodel.ManagedPolicy {
	out := make([]*iammodel.ManagedPolicy, 0, len(awsPolicies))
	for _, p := range awsPolicies {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
