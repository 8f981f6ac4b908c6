package control

import (
	"encoding/json"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control/iam"
	s3c "github.com/vpcsim/vpcsim/internal/control/s3"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/policy"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Who may deliver flow logs, evaluated with the IAM policy evaluator:
//
//   - CloudWatch Logs [VPC-UG flow-logs-cwl.md "IAM role for publishing
//     flow logs to CloudWatch Logs"]: the DeliverLogsPermissionArn role
//     belongs to the flow log's account, its trust policy lets the service
//     principal vpc-flow-logs.amazonaws.com assume it (aws:SourceAccount is
//     the flow log's owner, aws:SourceArn the flow log's ARN), and its
//     policies allow logs:CreateLogStream, logs:PutLogEvents,
//     logs:DescribeLogGroups and logs:DescribeLogStreams on the group
//     (logs:CreateLogGroup too when the group does not exist yet).
//     Otherwise DescribeFlowLogs reports FAILED / "Access error"
//     [flow-logs-troubleshooting.md].
//   - S3 [VPC-UG flow-logs-s3.md "Amazon S3 bucket permissions for flow
//     logs"]: the bucket policy lets delivery.logs.amazonaws.com call
//     s3:PutObject under AWSLogs/<account>/ (with s3:x-amz-acl
//     bucket-owner-full-control) and s3:GetBucketAcl on the bucket. When
//     the flow log's creator owns the bucket, CreateFlowLogs adds that
//     policy itself; otherwise a bucket whose policy does not allow it
//     fails the creation ("Access Denied for LogDestination").

// Service principals of flow log delivery.
const (
	flowLogsPrincipal    = "vpc-flow-logs.amazonaws.com"
	logDeliveryPrincipal = "delivery.logs.amazonaws.com"
)

// FlowLogARN is a flow log's ARN (arn:aws:ec2:<region>:<account>:vpc-flow-log/<id>).
func FlowLogARN(fl *model.FlowLog) string {
	return "arn:aws:ec2:" + fl.Region + ":" + fl.Account + ":vpc-flow-log/" + fl.ID
}

// DeliveryError returns "" when the flow log's destination accepts its
// delivery as w stands, otherwise the DeliverLogsErrorMessage AWS reports
// ("Access error").
func DeliveryError(w *store.World, fl *model.FlowLog) string {
	switch fl.LogDestinationType {
	case DestinationCloudWatchLogs:
		stream := "eni-*"
		if strings.HasPrefix(fl.ResourceID, "eni-") {
			stream = LogStreamName(fl.ResourceID)
		}
		return CloudWatchDeliveryError(w, fl, stream, false)
	case DestinationS3:
		bucket, _ := S3Target(fl)
		if !S3DeliveryAllowed(w, fl, S3KeyPrefix(fl)+"x.log.gz") {
			return DeliveryAccessErr
		}
		if _, ok := s3c.BucketKind.In(w).Get(bucket); !ok {
			return DeliveryAccessErr
		}
	}
	return ""
}

// LogStreamName is the CloudWatch Logs stream of a network interface: one
// stream per interface, shared by every flow log delivering to the group
// (flow-logs-cwl.md). AWS does not document the name; "<eni-id>-all" is
// what AWS is observed to write.
func LogStreamName(eni string) string { return eni + "-all" }

// CloudWatchDeliveryError evaluates whether the flow log's role may publish
// to stream of its log group; createGroup asks for logs:CreateLogGroup too
// (the group does not exist yet). It returns "" or "Access error".
func CloudWatchDeliveryError(w *store.World, fl *model.FlowLog, stream string, createGroup bool) string {
	role, ok := iam.RoleByARN(w, fl.DeliverLogsPermissionArn)
	if !ok || role.Account != fl.Account {
		return DeliveryAccessErr // "The IAM role must belong to your AWS account"
	}
	trust, err := policy.Parse(role.TrustPolicy)
	if err != nil {
		return DeliveryAccessErr
	}
	d := policy.Evaluate(policy.Request{
		Caller: policy.Caller{Service: flowLogsPrincipal}, Action: "sts:AssumeRole", Resource: role.ARN, ResourceAccount: role.Account,
		Context: map[string][]string{"aws:SourceAccount": {fl.Account}, "aws:SourceArn": {FlowLogARN(fl)}},
	}, policy.PolicySet{Resource: []*policy.Document{trust}, ResourcePolicyRequired: true})
	if !d.Allowed {
		return DeliveryAccessErr
	}
	ids, boundary := iam.RolePolicies(w, role)
	region, account, group := CloudWatchTarget(fl)
	groupARN := "arn:aws:logs:" + region + ":" + account + ":log-group:" + group
	caller := policy.Caller{ARN: "arn:aws:sts::" + role.Account + ":assumed-role/" + role.Name + "/" + fl.ID,
		Account: role.Account, SessionIssuer: role.ARN, UniqueID: role.RoleID}
	set := policy.PolicySet{Identity: ids, PermissionsBoundary: boundary, SameAccount: account == role.Account}
	allowed := func(action string, resources ...string) bool {
		for _, r := range resources {
			if policy.Evaluate(policy.Request{Caller: caller, Action: action, Resource: r, ResourceAccount: account}, set).Allowed {
				return true
			}
		}
		return false
	}
	// A log group's ARN is written with or without the trailing ":*"
	// that DescribeLogGroups shows; a policy naming either grants it.
	checks := []struct {
		action    string
		resources []string
	}{
		{"logs:CreateLogStream", []string{groupARN, groupARN + ":*", groupARN + ":log-stream:" + stream}},
		{"logs:PutLogEvents", []string{groupARN + ":log-stream:" + stream, groupARN + ":*"}},
		{"logs:DescribeLogGroups", []string{groupARN, groupARN + ":*", "arn:aws:logs:" + region + ":" + account + ":log-group:*"}},
		{"logs:DescribeLogStreams", []string{groupARN, groupARN + ":*", groupARN + ":log-stream:*"}},
	}
	if createGroup {
		checks = append(checks, struct {
			action    string
			resources []string
		}{"logs:CreateLogGroup", []string{groupARN, groupARN + ":*"}})
	}
	for _, c := range checks {
		if !allowed(c.action, c.resources...) {
			return DeliveryAccessErr
		}
	}
	return ""
}

// S3KeyPrefix is the key prefix a flow log's files are written under,
// up to (and including) the region's folder:
// <subfolder>/AWSLogs/<account>/vpcflowlogs/<region>/ or its
// Hive-compatible form (flow-logs-s3.md "Log file S3 bucket structure",
// VPC and transit gateway guides).
func S3KeyPrefix(fl *model.FlowLog) string {
	_, sub := S3Target(fl)
	var b strings.Builder
	if sub != "" {
		b.WriteString(sub)
		b.WriteByte('/')
	}
	if fl.HiveCompatiblePartitions {
		// The transit gateway guide's flow-logs-s3.md ("Log file S3
		// bucket structure") names the Hive service partition
		// "service=vpcflowlogs" where the VPC guide has
		// "aws-service=vpcflowlogs"; each resource type follows its guide.
		// The other layouts and the file names are the same in both.
		svc := "aws-service"
		if isTGWType(fl.ResourceType) {
			svc = "service"
		}
		b.WriteString("AWSLogs/aws-account-id=" + fl.Account + "/" + svc + "=vpcflowlogs/aws-region=" + fl.Region + "/")
	} else {
		b.WriteString("AWSLogs/" + fl.Account + "/vpcflowlogs/" + fl.Region + "/")
	}
	return b.String()
}

// S3DeliveryAllowed evaluates the bucket policy for the log delivery
// service writing key.
func S3DeliveryAllowed(w *store.World, fl *model.FlowLog, key string) bool {
	bucket, _ := S3Target(fl)
	b, ok := s3c.BucketKind.In(w).Get(bucket)
	if !ok || b.Policy == "" {
		return false
	}
	doc, err := policy.Parse(b.Policy)
	if err != nil {
		return false
	}
	ctx := map[string][]string{
		"aws:SourceAccount": {fl.Account},
		"aws:SourceArn":     {"arn:aws:logs:" + fl.Region + ":" + fl.Account + ":*"},
		"s3:x-amz-acl":      {"bucket-owner-full-control"},
	}
	set := policy.PolicySet{Resource: []*policy.Document{doc}}
	caller := policy.Caller{Service: logDeliveryPrincipal}
	put := policy.Evaluate(policy.Request{Caller: caller, Action: "s3:PutObject", Resource: "arn:aws:s3:::" + bucket + "/" + key,
		ResourceAccount: b.Account, Context: ctx}, set)
	acl := policy.Evaluate(policy.Request{Caller: caller, Action: "s3:GetBucketAcl", Resource: "arn:aws:s3:::" + bucket,
		ResourceAccount: b.Account, Context: ctx}, set)
	return put.Allowed && acl.Allowed
}

// destinationError checks, at creation, that the destination exists and
// accepts delivery; the error goes to every resource's Unsuccessful item
// [flow-logs-troubleshooting.md "'LogDestinationNotFoundException' or
// 'Access Denied for LogDestination' error"].
func destinationError(w *store.World, scope model.Scope, d *destination) *awserr.Error {
	switch d.typ {
	case DestinationS3:
		b, ok := s3c.BucketKind.In(w).Get(d.bucket)
		if !ok {
			return awserr.New("LogDestinationNotFoundException", "LogDestination: %s does not exist.", d.bucket)
		}
		if b.Account == scope.Account {
			return nil // the policy is added on creation
		}
		probe := &model.FlowLog{Meta: model.Meta{Account: scope.Account, Region: scope.Region}, LogDestination: d.arn}
		if !S3DeliveryAllowed(w, probe, S3KeyPrefix(probe)+"x.log.gz") {
			return awserr.New("LogDestinationPermissionIssueException", "Access Denied for LogDestination: %s. Please check LogDestination permission", d.bucket)
		}
	case DestinationFirehose:
		// vpcsim does not serve Kinesis Data Firehose: no delivery stream
		// exists.
		return awserr.New("LogDestinationNotFoundException", "LogDestination: %s does not exist.", d.arn)
	}
	return nil
}

// ensureDeliveryBucketPolicy adds the log delivery statements to the
// bucket policy of a bucket the caller owns when the policy does not
// already allow delivery (flow-logs-s3.md: "we automatically attach the
// following policy"; flow-logs-troubleshooting.md: "we automatically add
// the specified bucket ARN ... to the Resource element in the bucket's
// policy"). Statements the policy already holds are kept.
func ensureDeliveryBucketPolicy(tx *store.Tx, scope model.Scope, tmpl *model.FlowLog, d *destination) {
	buckets := s3c.BucketKind.In(tx.World)
	b, ok := buckets.Get(d.bucket)
	if !ok || b.Account != scope.Account {
		return
	}
	probe := *tmpl
	probe.Meta = model.Meta{Account: scope.Account, Region: scope.Region}
	if S3DeliveryAllowed(tx.World, &probe, S3KeyPrefix(&probe)+"x.log.gz") {
		return
	}
	prefix := d.prefix
	if prefix != "" {
		prefix += "/"
	}
	account := "AWSLogs/" + scope.Account + "/*"
	if tmpl.HiveCompatiblePartitions {
		account = "AWSLogs/aws-account-id=" + scope.Account + "/*"
	}
	cond := map[string]any{
		"StringEquals": map[string]any{"aws:SourceAccount": scope.Account},
		"ArnLike":      map[string]any{"aws:SourceArn": "arn:aws:logs:" + scope.Region + ":" + scope.Account + ":*"},
	}
	writeCond := map[string]any{
		"StringEquals": map[string]any{"aws:SourceAccount": scope.Account, "s3:x-amz-acl": "bucket-owner-full-control"},
		"ArnLike":      cond["ArnLike"],
	}
	resource := "arn:aws:s3:::" + d.bucket + "/" + prefix + account
	doc := map[string]any{"Version": "2012-10-17"}
	var stmts []any
	if b.Policy != "" {
		if err := json.Unmarshal([]byte(b.Policy), &doc); err != nil {
			doc = map[string]any{"Version": "2012-10-17"}
		}
		switch st := doc["Statement"].(type) {
		case []any:
			stmts = st
		case map[string]any:
			stmts = []any{st}
		}
	}
	merged := false
	for _, s := range stmts {
		m, ok := s.(map[string]any)
		if !ok || m["Sid"] != "AWSLogDeliveryWrite" {
			continue
		}
		switch r := m["Resource"].(type) {
		case string:
			m["Resource"] = []any{r, resource}
		case []any:
			m["Resource"] = append(r, resource)
		}
		merged = true
	}
	if !merged {
		stmts = append(stmts,
			map[string]any{"Sid": "AWSLogDeliveryWrite", "Effect": "Allow", "Principal": map[string]any{"Service": logDeliveryPrincipal},
				"Action": "s3:PutObject", "Resource": resource, "Condition": writeCond},
			map[string]any{"Sid": "AWSLogDeliveryAclCheck", "Effect": "Allow", "Principal": map[string]any{"Service": logDeliveryPrincipal},
				"Action": []any{"s3:GetBucketAcl", "s3:ListBucket"}, "Resource": "arn:aws:s3:::" + d.bucket, "Condition": cond})
	}
	doc["Statement"] = stmts
	raw, err := json.Marshal(doc)
	if err != nil {
		return
	}
	c := model.Clone(b)
	c.Policy = string(raw)
	buckets.Put(c)
}
