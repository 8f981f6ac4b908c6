package control

import (
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control/iam"
	"github.com/vpcsim/vpcsim/internal/model"
	iammodel "github.com/vpcsim/vpcsim/internal/model/iam"
	"github.com/vpcsim/vpcsim/internal/policy"
	"github.com/vpcsim/vpcsim/internal/store"
)

// DeliverCrossAccountRole [botocore CreateFlowLogs: "The ARN of the IAM
// role that allows Amazon EC2 to publish flow logs across accounts"]. AWS
// documents it for one destination only: a Kinesis Data Firehose
// delivery stream in another account (VPC-UG flow-logs-firehose.md "IAM
// roles for cross account delivery"). CloudWatch Logs delivery does not
// cross accounts ("The IAM role must belong to your AWS account",
// flow-logs-cwl.md; cross-account flow logs to CloudWatch Logs are not
// supported, AWS Prescriptive Guidance "Configure VPC Flow Logs for
// centralization across AWS accounts"), and S3 crosses accounts through
// the bucket policy. Two roles take part:
//
//   - the source account role (DeliverLogsPermissionArn), in the flow
//     log's account: its trust policy lets delivery.logs.amazonaws.com
//     assume it; its policies allow iam:PassRole on itself to that service
//     (iam:PassedToService, iam:AssociatedResourceARN = the logged
//     resource), logs:CreateLogDelivery, and sts:AssumeRole on the
//     destination role;
//   - the destination account role (DeliverCrossAccountRole), in the
//     delivery stream's account, named AWSLogDeliveryFirehoseCrossAccountRole...:
//     its trust policy lets the source role assume it; its policies allow
//     iam:CreateServiceLinkedRole and firehose:TagDeliveryStream.
//
// Error codes and messages for a refused role are not documented; vpcsim
// answers LogDestinationPermissionIssueException naming the role, the
// code flow-logs-troubleshooting.md gives for refused delivery
// permissions. vpcsim does not serve Kinesis Data Firehose, so a flow log
// whose roles pass still fails with LogDestinationNotFoundException.

// crossAccountRolePrefix is the name the destination account role must
// start with (flow-logs-firehose.md "Destination account role").
const crossAccountRolePrefix = "AWSLogDeliveryFirehoseCrossAccountRole"

// validateCrossAccountRole checks DeliverCrossAccountRole against the
// destination (request errors that fail the whole call). The wordings are
// vpcsim's own; AWS documents the rules, not the messages.
func validateCrossAccountRole(scope model.Scope, in *CreateFlowLogsInput, d *destination) error {
	role := in.DeliverCrossAccountRole
	if role == "" {
		return nil
	}
	if !validRoleARN(role) {
		return awserr.InvalidParameter("Invalid DeliverCrossAccountRole: %s", role)
	}
	if d.typ != DestinationFirehose {
		return awserr.InvalidParameterCombination("DeliverCrossAccountRole can only be specified when LogDestinationType is kinesis-data-firehose.")
	}
	account, _ := firehoseAccount(d.arn)
	if account == scope.Account {
		return awserr.InvalidParameterCombination("DeliverCrossAccountRole is only used when the delivery stream %s is in another account.", d.arn)
	}
	if roleAccount(role) != account {
		return awserr.InvalidParameter("DeliverCrossAccountRole %s must belong to the delivery stream's account %s.", role, account)
	}
	if in.DeliverLogsPermissionArn == "" {
		return awserr.InvalidParameter("DeliverLogsPermissionArn is required with DeliverCrossAccountRole.")
	}
	return nil
}

// firehoseAccount returns the account and region of a delivery stream ARN
// (arn:aws:firehose:<region>:<account>:deliverystream/<name>).
func firehoseAccount(arn string) (account, region string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return "", ""
	}
	return parts[4], parts[3]
}

// roleAccount is the account of a role ARN validRoleARN accepted.
func roleAccount(arn string) string {
	rest := strings.TrimPrefix(arn, "arn:aws:iam::")
	account, _, _ := strings.Cut(rest, ":")
	return account
}

// flowLogResourceARN is the ARN of the resource a flow log names, as
// iam:AssociatedResourceARN sees it.
func flowLogResourceARN(scope model.Scope, resourceType, id string) string {
	typ := map[string]string{"VPC": "vpc", "Subnet": "subnet", "NetworkInterface": "network-interface",
		"TransitGateway": "transit-gateway", "TransitGatewayAttachment": "transit-gateway-attachment"}[resourceType]
	return "arn:aws:ec2:" + scope.Region + ":" + scope.Account + ":" + typ + "/" + id
}

// CrossAccountDeliveryError evaluates, as w stands, whether the log
// delivery service may deliver the flow log of resource id through its
// source role and DeliverCrossAccountRole: "" when it may, otherwise the
// reason, naming the role that refuses.
func CrossAccountDeliveryError(w *store.World, scope model.Scope, sourceARN, destARN, resourceType, id string) string {
	src, ok := iam.RoleByARN(w, sourceARN)
	if !ok || src.Account != scope.Account {
		return "the source account role " + sourceARN + " does not exist in account " + scope.Account
	}
	dst, ok := iam.RoleByARN(w, destARN)
	if !ok {
		return "the destination account role " + destARN + " does not exist"
	}
	if !strings.HasPrefix(dst.Name, crossAccountRolePrefix) {
		return "the destination account role's name must start with " + crossAccountRolePrefix
	}
	// The log delivery service assumes the source role.
	if !trusts(src, policy.Caller{Service: logDeliveryPrincipal}, map[string][]string{"aws:SourceAccount": {scope.Account}}, nil, nil) {
		return "the trust policy of " + src.ARN + " does not let " + logDeliveryPrincipal + " assume it"
	}
	srcIDs, srcBoundary := iam.RolePolicies(w, src)
	srcCaller := policy.Caller{ARN: "arn:aws:sts::" + src.Account + ":assumed-role/" + src.Name + "/" + logDeliveryPrincipal,
		Account: src.Account, SessionIssuer: src.ARN, UniqueID: src.RoleID}
	allowed := func(action, resource, resourceAccount string, ctx map[string][]string) bool {
		set := policy.PolicySet{Identity: srcIDs, PermissionsBoundary: srcBoundary, SameAccount: resourceAccount == src.Account}
		return policy.Evaluate(policy.Request{Caller: srcCaller, Action: action, Resource: resource, ResourceAccount: resourceAccount, Context: ctx}, set).Allowed
	}
	passCtx := map[string][]string{"iam:PassedToService": {logDeliveryPrincipal},
		"iam:AssociatedResourceARN": {flowLogResourceARN(scope, resourceType, id)}}
	if !allowed("iam:PassRole", src.ARN, src.Account, passCtx) {
		return "the policies of " + src.ARN + " do not allow iam:PassRole on itself to " + logDeliveryPrincipal + " for " + id
	}
	if !allowed("logs:CreateLogDelivery", "*", src.Account, nil) {
		return "the policies of " + src.ARN + " do not allow logs:CreateLogDelivery"
	}
	// Identity side of assuming the destination role (the trust policy
	// is the resource side, checked next).
	if !allowed("sts:AssumeRole", dst.ARN, src.Account, nil) {
		return "the policies of " + src.ARN + " do not allow sts:AssumeRole on " + dst.ARN
	}
	if !trusts(dst, srcCaller, nil, srcIDs, srcBoundary) {
		return "the trust policy of " + dst.ARN + " does not let " + src.ARN + " assume it"
	}
	dstIDs, dstBoundary := iam.RolePolicies(w, dst)
	dstCaller := policy.Caller{ARN: "arn:aws:sts::" + dst.Account + ":assumed-role/" + dst.Name + "/" + logDeliveryPrincipal,
		Account: dst.Account, SessionIssuer: dst.ARN, UniqueID: dst.RoleID}
	for _, action := range []string{"iam:CreateServiceLinkedRole", "firehose:TagDeliveryStream"} {
		set := policy.PolicySet{Identity: dstIDs, PermissionsBoundary: dstBoundary, SameAccount: true}
		if !policy.Evaluate(policy.Request{Caller: dstCaller, Action: action, Resource: "*", ResourceAccount: dst.Account}, set).Allowed {
			return "the policies of " + dst.ARN + " do not allow " + action
		}
	}
	return ""
}

// trusts evaluates caller calling sts:AssumeRole on role: the role's
// trust policy, and, for a caller that is itself a role session, the
// caller's identity policies and boundary (both sides must allow across
// accounts).
func trusts(role *iammodel.Role, caller policy.Caller, ctx map[string][]string, identity []*policy.Document, boundary *policy.Document) bool {
	trust, err := policy.Parse(role.TrustPolicy)
	if err != nil {
		return false
	}
	return policy.Evaluate(policy.Request{Caller: caller, Action: "sts:AssumeRole", Resource: role.ARN, ResourceAccount: role.Account, Context: ctx},
		policy.PolicySet{Identity: identity, PermissionsBoundary: boundary, Resource: []*policy.Document{trust}, ResourcePolicyRequired: true,
			SameAccount: caller.Account == role.Account}).Allowed
}

// crossAccountError is the Unsuccessful item of a resource whose
// cross-account roles refuse delivery, or nil.
func crossAccountError(w *store.World, scope model.Scope, in *CreateFlowLogsInput, id string) *awserr.Error {
	if in.DeliverCrossAccountRole == "" {
		return nil
	}
	if msg := CrossAccountDeliveryError(w, scope, in.DeliverLogsPermissionArn, in.DeliverCrossAccountRole, in.ResourceType, id); msg != "" {
		return awserr.New("LogDestinationPermissionIssueException", "Access Denied for DeliverCrossAccountRole: %s: %s.", in.DeliverCrossAccountRole, msg)
	}
	return nil
}
