package policy

import (
	"strings"
	"testing"
)

func mustParse(t testing.TB, doc string) *Document {
	t.Helper()
	d, err := Parse(doc)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, doc)
	}
	return d
}

// Policies from reference_policies_evaluation-logic.md
// (#policies_evaluation_example).
const (
	carlosIdentity = `{
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "AllowS3ListRead", "Effect": "Allow",
         "Action": ["s3:GetBucketLocation", "s3:GetAccountPublicAccessBlock", "s3:ListAccessPoints", "s3:ListAllMyBuckets"],
         "Resource": "arn:aws:s3:::*"},
        {"Sid": "AllowS3Self", "Effect": "Allow", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"]},
        {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*"}
    ]
}`
	carlosBucket = `{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:user/carlossalazar"},
        "Action": "s3:*",
        "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"]}]
}`
	// reference_policies_evaluation-logic.md#AccessPolicyLanguage_Interplay
	getListDenyReports = `{
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "AllowGetList", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
        {"Sid": "DenyReports", "Effect": "Deny", "Action": "iam:*Report", "Resource": "*"}
    ]
}`
	// reference_policies_evaluation-logic-cross-account.md
	crossIdentity = `{
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "AllowS3ListRead", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},
        {"Sid": "AllowS3ProductionObjectActions", "Effect": "Allow", "Action": "s3:*Object*", "Resource": "arn:aws:s3:::Production/*"},
        {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::*log*", "arn:aws:s3:::*log*/*"]}
    ]
}`
	crossBucket = `{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow",
        "Action": ["s3:GetObject*", "s3:PutObject*", "s3:ReplicateObject", "s3:RestoreObject"],
        "Principal": { "AWS": "arn:aws:iam::111111111111:user/carlossalazar" },
        "Resource": "arn:aws:s3:::Production/*"}]
}`
	// reference_policies_elements_notaction.md (NotAction with Deny)
	denyNoMFA = `{"Version": "2012-10-17", "Statement": [{"Sid": "DenyAllUsersNotUsingMFA", "Effect": "Deny",
        "NotAction": "iam:*", "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}`
	allowAll   = `{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}`
	allowS3    = `{"Version":"2012-10-17","Statement":[{"Sid":"S3","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	allowEC2   = `{"Version":"2012-10-17","Statement":[{"Sid":"EC2","Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`
	allowNotIA = `{"Version":"2012-10-17","Statement":[{"Sid":"NotIAM","Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`
)

const (
	carlos     = "arn:aws:iam::123456789012:user/carlossalazar"
	carlosX    = "arn:aws:iam::111111111111:user/carlossalazar"
	roleSess   = "arn:aws:sts::123456789012:assumed-role/examplerole/sess"
	roleARN    = "arn:aws:iam::123456789012:role/examplerole"
	fedSession = "arn:aws:sts::123456789012:federated-user/exampleuser"
	fedIssuer  = "arn:aws:iam::123456789012:user/exampleuser"
)

func bucketFor(principal string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"Grant","Effect":"Allow","Principal":` + principal +
		`,"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]}`
}

func TestEvaluate(t *testing.T) {
	type tcase struct {
		name      string
		src       string
		caller    Caller
		action    string
		resource  string
		ctx       map[string][]string
		identity  []string
		resource_ []string
		boundary  string
		session   []string
		same      bool
		required  bool
		allowed   bool
		reason    Reason
		by        StatementRef
	}
	user := Caller{ARN: carlos}
	tests := []tcase{
		// reference_policies_evaluation-logic.md#policies_evaluation_example
		{name: "explicit deny beats allow (logs bucket)", src: "evaluation-logic.md#policies_evaluation_example",
			caller: user, action: "s3:PutObject", resource: "arn:aws:s3:::carlossalazar-logs/file",
			identity: []string{carlosIdentity}, resource_: []string{carlosBucket}, same: true,
			reason: ExplicitDeny, by: StatementRef{IdentityPolicy, 0, 2, "DenyS3Logs"}},
		{name: "both allow own bucket", src: "evaluation-logic.md#policies_evaluation_example",
			caller: user, action: "s3:PutObject", resource: "arn:aws:s3:::carlossalazar/file",
			identity: []string{carlosIdentity}, resource_: []string{carlosBucket}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{ResourcePolicy, 0, 0, ""}},
		{name: "identity alone suffices in one account", src: "evaluation-logic.md (If either ... allows the request and the other doesn't, the request is still allowed)",
			caller: user, action: "s3:PutObject", resource: "arn:aws:s3:::carlossalazar/file",
			identity: []string{carlosIdentity}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 1, "AllowS3Self"}},
		{name: "resource alone suffices in one account", src: "evaluation-logic.md#policy-eval-basics-id-rdp",
			caller: user, action: "s3:PutObject", resource: "arn:aws:s3:::carlossalazar/file",
			resource_: []string{carlosBucket}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{ResourcePolicy, 0, 0, ""}},
		{name: "default implicit deny", src: "evaluation-logic.md#AccessPolicyLanguage_Interplay",
			caller: user, action: "s3:PutObject", resource: "arn:aws:s3:::other/file", identity: []string{carlosIdentity}, same: true,
			reason: ImplicitDeny},
		{name: "no policies at all", src: "evaluation-logic.md (By default, all requests are implicitly denied)",
			caller: user, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", same: true, reason: ImplicitDeny},
		// #AccessPolicyLanguage_Interplay
		{name: "AllowGetList allows", src: "evaluation-logic.md#AccessPolicyLanguage_Interplay",
			caller: user, action: "iam:GetUser", resource: "*", identity: []string{getListDenyReports}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "AllowGetList"}},
		{name: "CreatePolicy implicitly denied", src: "evaluation-logic.md#AccessPolicyLanguage_Interplay",
			caller: user, action: "iam:CreatePolicy", resource: "*", identity: []string{getListDenyReports}, same: true,
			reason: ImplicitDeny},
		{name: "report explicitly denied", src: "evaluation-logic.md#AccessPolicyLanguage_Interplay",
			caller: user, action: "iam:GetOrganizationsAccessReport", resource: "*", identity: []string{getListDenyReports}, same: true,
			reason: ExplicitDeny, by: StatementRef{IdentityPolicy, 0, 1, "DenyReports"}},
		{name: "report denied despite another allow", src: "evaluation-logic.md#AccessPolicyLanguage_Interplay (report-related requests are still denied)",
			caller: user, action: "iam:GenerateCredentialReport", resource: "*", identity: []string{allowAll, getListDenyReports}, same: true,
			reason: ExplicitDeny, by: StatementRef{IdentityPolicy, 1, 1, "DenyReports"}},
		// reference_policies_elements_notaction.md
		{name: "NotAction deny without MFA", src: "elements_notaction.md (NotAction with Deny)",
			caller: user, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", identity: []string{allowAll, denyNoMFA}, same: true,
			reason: ExplicitDeny, by: StatementRef{IdentityPolicy, 1, 0, "DenyAllUsersNotUsingMFA"}},
		{name: "NotAction deny spares IAM", src: "elements_notaction.md (NotAction with Deny)",
			caller: user, action: "iam:ChangePassword", resource: "*", identity: []string{allowAll, denyNoMFA}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "All"}},
		{name: "NotAction deny lifted with MFA", src: "elements_notaction.md (If the user is signed in with MFA ... the Deny has no effect)",
			caller: user, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", ctx: map[string][]string{"aws:MultiFactorAuthPresent": {"true"}},
			identity: []string{allowAll, denyNoMFA}, same: true, allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "All"}},
		{name: "NotAction deny alone grants nothing", src: "elements_notaction.md (this would not grant the user access to any actions)",
			caller: user, action: "iam:ChangePassword", resource: "*", identity: []string{denyNoMFA}, same: true, reason: ImplicitDeny},
		{name: "NotAction allow", src: "elements_notaction.md (NotAction with Allow)",
			caller: user, action: "ec2:RunInstances", resource: "*", identity: []string{allowNotIA}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "NotIAM"}},
		{name: "NotAction allow excludes iam", src: "elements_notaction.md (NotAction with Allow)",
			caller: user, action: "iam:CreateUser", resource: "*", identity: []string{allowNotIA}, same: true, reason: ImplicitDeny},
		// reference_policies_elements_notresource.md
		{name: "NotResource deny", src: "elements_notresource.md",
			caller: user, action: "s3:GetObject", resource: "arn:aws:s3:::HRBucket/Other/x",
			identity: []string{allowS3, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}}`},
			same:     true, reason: ExplicitDeny, by: StatementRef{IdentityPolicy, 1, 0, ""}},
		{name: "NotResource spares listed", src: "elements_notresource.md",
			caller: user, action: "s3:GetObject", resource: "arn:aws:s3:::HRBucket/Payroll/x",
			identity: []string{allowS3, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}}`},
			same:     true, allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "S3"}},
		// reference_policies_evaluation-logic-cross-account.md
		{name: "cross-account deny in trusted account", src: "evaluation-logic-cross-account.md#policies_evaluation_example-cross-account",
			caller: Caller{ARN: carlosX}, action: "s3:PutObject", resource: "arn:aws:s3:::Production-logs/file",
			identity: []string{crossIdentity}, resource_: []string{crossBucket},
			reason: ExplicitDeny, by: StatementRef{IdentityPolicy, 0, 2, "DenyS3Logs"}},
		{name: "cross-account both allow", src: "evaluation-logic-cross-account.md#policies_evaluation_example-cross-account",
			caller: Caller{ARN: carlosX}, action: "s3:PutObject", resource: "arn:aws:s3:::Production/file",
			identity: []string{crossIdentity}, resource_: []string{crossBucket},
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 1, "AllowS3ProductionObjectActions"}},
		{name: "cross-account identity only", src: "evaluation-logic-cross-account.md#policy-eval-cross-account (both evaluations must allow)",
			caller: Caller{ARN: carlosX}, action: "s3:PutObject", resource: "arn:aws:s3:::Production/file",
			identity: []string{crossIdentity}, reason: ImplicitDeny},
		{name: "cross-account resource only", src: "evaluation-logic-cross-account.md#policy-eval-cross-account",
			caller: Caller{ARN: carlosX}, action: "s3:PutObject", resource: "arn:aws:s3:::Production/file",
			resource_: []string{crossBucket}, reason: ImplicitDeny},
		{name: "cross-account delete not granted by bucket", src: "evaluation-logic-cross-account.md (He can create and edit, but not delete)",
			caller: Caller{ARN: carlosX}, action: "s3:DeleteObject", resource: "arn:aws:s3:::Production/file",
			identity: []string{crossIdentity}, resource_: []string{crossBucket}, reason: ImplicitDeny},
		{name: "cross-account account principal", src: "elements_principal.md#principal-accounts (delegates authority to the account)",
			caller: Caller{ARN: carlosX}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			identity: []string{allowS3}, resource_: []string{bucketFor(`{"AWS":"111111111111"}`)},
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "S3"}},
		// Permissions boundaries (evaluation-logic.md#policy-eval-basics-id-bound).
		{name: "boundary intersects identity", src: "evaluation-logic.md#policy-eval-basics-id-bound",
			caller: user, action: "ec2:RunInstances", resource: "*", identity: []string{allowAll}, boundary: allowS3, same: true,
			reason: ImplicitDeny},
		{name: "boundary and identity allow", src: "evaluation-logic.md#policy-eval-basics-id-bound",
			caller: user, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", identity: []string{allowAll}, boundary: allowS3, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "All"}},
		{name: "boundary alone grants nothing", src: "evaluation-logic.md#policy-eval-denyallow step Identity-based policies",
			caller: user, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", boundary: allowS3, same: true, reason: ImplicitDeny},
		{name: "boundary explicit deny", src: "evaluation-logic.md (An explicit deny in either of these policies overrides the allow)",
			caller: user, action: "iam:GenerateCredentialReport", resource: "*", identity: []string{allowAll}, boundary: getListDenyReports, same: true,
			reason: ExplicitDeny, by: StatementRef{PermissionsBoundary, 0, 1, "DenyReports"}},
		{name: "user ARN grant not limited by boundary", src: "evaluation-logic.md#policy-eval-denyallow (IAM user: not limited by an implicit deny in ... permissions boundary)",
			caller: Caller{ARN: carlos}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			resource_: []string{bucketFor(`{"AWS":"` + carlos + `"}`)}, boundary: allowEC2, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{ResourcePolicy, 0, 0, "Grant"}},
		{name: "account grant needs identity allow", src: "elements_principal.md#principal-accounts; evaluation-logic.md#policy-eval-denyallow",
			caller: Caller{ARN: carlos}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			resource_: []string{bucketFor(`{"AWS":"arn:aws:iam::123456789012:root"}`)}, same: true, reason: ImplicitDeny},
		{name: "account grant with identity allow", src: "elements_principal.md#principal-accounts",
			caller: Caller{ARN: carlos}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k", identity: []string{allowS3},
			resource_: []string{bucketFor(`{"AWS":"arn:aws:iam::123456789012:root"}`)}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "S3"}},
		// Role sessions and session policies.
		{name: "role ARN grant limited by boundary", src: "evaluation-logic.md#policy-eval-denyallow (IAM role: limited by an implicit deny in a permissions boundary)",
			caller: Caller{ARN: roleSess}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			resource_: []string{bucketFor(`{"AWS":"` + roleARN + `"}`)}, boundary: allowEC2, same: true, reason: ImplicitDeny},
		{name: "role ARN grant without limits", src: "evaluation-logic.md#policy-eval-denyallow",
			caller: Caller{ARN: roleSess}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			resource_: []string{bucketFor(`{"AWS":"` + roleARN + `"}`)}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{ResourcePolicy, 0, 0, "Grant"}},
		{name: "role ARN grant limited by session policy", src: "evaluation-logic.md#policy-eval-denyallow (IAM role ... session policy)",
			caller: Caller{ARN: roleSess}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			resource_: []string{bucketFor(`{"AWS":"` + roleARN + `"}`)}, session: []string{allowEC2}, same: true, reason: ImplicitDeny},
		{name: "session ARN grant not limited", src: "evaluation-logic.md#policy-eval-denyallow (IAM role session: not limited by ... session policy)",
			caller: Caller{ARN: roleSess}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			resource_: []string{bucketFor(`{"AWS":"` + roleSess + `"}`)}, session: []string{allowEC2}, boundary: allowEC2, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{ResourcePolicy, 0, 0, "Grant"}},
		{name: "session policy intersects identity", src: "evaluation-logic.md#policy-eval-basics (Session policies: intersection)",
			caller: Caller{ARN: roleSess}, action: "ec2:RunInstances", resource: "*", identity: []string{allowAll}, session: []string{allowS3}, same: true,
			reason: ImplicitDeny},
		{name: "session policy allows", src: "evaluation-logic.md#policy-eval-denyallow step Session policies",
			caller: Caller{ARN: roleSess}, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", identity: []string{allowAll}, session: []string{allowEC2, allowS3}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "All"}},
		{name: "role session without session policy", src: "evaluation-logic.md#policy-eval-denyallow (If the principal is a role session, then the request is Allowed)",
			caller: Caller{ARN: roleSess}, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", identity: []string{allowAll}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "All"}},
		{name: "federated user without session policy", src: "evaluation-logic.md#policy-eval-denyallow (Otherwise, the request is implicitly denied)",
			caller: Caller{ARN: fedSession, SessionIssuer: fedIssuer}, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", identity: []string{allowAll}, same: true,
			reason: ImplicitDeny},
		{name: "federated user session ARN grant", src: "evaluation-logic.md#policy-eval-denyallow (IAM federated user sessions)",
			caller: Caller{ARN: fedSession, SessionIssuer: fedIssuer}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			resource_: []string{bucketFor(`{"AWS":"` + fedSession + `"}`)}, session: []string{allowEC2}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{ResourcePolicy, 0, 0, "Grant"}},
		{name: "federated user issuer grant limited", src: "evaluation-logic.md#policy-eval-denyallow (grants permission to the ARN of the IAM user who federated ... limited)",
			caller: Caller{ARN: fedSession, SessionIssuer: fedIssuer}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			resource_: []string{bucketFor(`{"AWS":"` + fedIssuer + `"}`)}, session: []string{allowEC2}, same: true, reason: ImplicitDeny},
		// Root user.
		{name: "root has full access", src: "evaluation-logic.md#policy-eval-denyallow (with the exception of the AWS account root user)",
			caller: Caller{ARN: "arn:aws:iam::123456789012:root"}, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", same: true,
			allowed: true, reason: ExplicitAllow},
		{name: "root still explicitly denied", src: "evaluation-logic.md (An explicit deny in any policy overrides any allows)",
			caller: Caller{ARN: "arn:aws:iam::123456789012:root"}, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", same: true,
			resource_: []string{`{"Statement":{"Sid":"D","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}}`},
			reason:    ExplicitDeny, by: StatementRef{ResourcePolicy, 0, 0, "D"}},
		// Principals in resource policies.
		{name: "service principal", src: "elements_principal.md#principal-services",
			caller: Caller{Service: "delivery.logs.amazonaws.com"}, action: "s3:PutObject", resource: "arn:aws:s3:::flowlogs/AWSLogs/123456789012/x",
			resource_: []string{`{"Version":"2012-10-17","Statement":[{"Sid":"AWSLogDeliveryWrite","Effect":"Allow","Principal":{"Service":"delivery.logs.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::flowlogs/AWSLogs/123456789012/*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}`},
			ctx:       map[string][]string{"aws:SourceAccount": {"123456789012"}},
			allowed:   true, reason: ExplicitAllow, by: StatementRef{ResourcePolicy, 0, 0, "AWSLogDeliveryWrite"}},
		{name: "service principal wrong source account", src: "condition-keys.md#condition-keys-sourceaccount",
			caller: Caller{Service: "delivery.logs.amazonaws.com"}, action: "s3:PutObject", resource: "arn:aws:s3:::flowlogs/AWSLogs/123456789012/x",
			resource_: []string{`{"Version":"2012-10-17","Statement":[{"Sid":"AWSLogDeliveryWrite","Effect":"Allow","Principal":{"Service":"delivery.logs.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::flowlogs/AWSLogs/123456789012/*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}`},
			ctx:       map[string][]string{"aws:SourceAccount": {"999999999999"}},
			reason:    ImplicitDeny},
		{name: "anonymous needs Principal *", src: "elements_principal.md#principal-anonymous",
			caller: Caller{}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			resource_: []string{bucketFor(`"*"`)}, allowed: true, reason: ExplicitAllow, by: StatementRef{ResourcePolicy, 0, 0, "Grant"}},
		{name: "anonymous with AWS *", src: "elements_principal.md#principal-anonymous (equivalent forms)",
			caller: Caller{}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			resource_: []string{bucketFor(`{"AWS":"*"}`)}, allowed: true, reason: ExplicitAllow, by: StatementRef{ResourcePolicy, 0, 0, "Grant"}},
		{name: "anonymous not an account", src: "elements_principal.md",
			caller: Caller{}, action: "s3:GetObject", resource: "arn:aws:s3:::shared/k",
			resource_: []string{bucketFor(`{"AWS":"123456789012"}`)}, reason: ImplicitDeny},
		{name: "Principal * with PrincipalArn deny", src: "elements_principal.md#principal-anonymous (UsePrincipalArnInsteadOfNotPrincipalWithDeny)",
			caller: user, action: "s3:GetObject", resource: "arn:aws:s3:::BUCKETNAME/k", identity: []string{allowS3}, same: true,
			resource_: []string{`{"Version":"2012-10-17","Statement":[{"Sid":"UsePrincipalArnInsteadOfNotPrincipalWithDeny","Effect":"Deny","Action":"s3:*","Principal":"*","Resource":["arn:aws:s3:::BUCKETNAME/*","arn:aws:s3:::BUCKETNAME"],"Condition":{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::444455556666:user/user-name"}}}]}`},
			reason:    ExplicitDeny, by: StatementRef{ResourcePolicy, 0, 0, "UsePrincipalArnInsteadOfNotPrincipalWithDeny"}},
		// NotPrincipal (elements_notprincipal.md).
		{name: "NotPrincipal deny spares Bob", src: "elements_notprincipal.md (IAM user in the same or a different account)",
			caller: Caller{ARN: "arn:aws:iam::444455556666:user/Bob"}, action: "s3:GetObject", resource: "arn:aws:s3:::BUCKETNAME/k",
			identity: []string{allowS3}, resource_: []string{notPrincipalBob}, same: true,
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "S3"}},
		{name: "NotPrincipal deny hits Alice", src: "elements_notprincipal.md",
			caller: Caller{ARN: "arn:aws:iam::444455556666:user/Alice"}, action: "s3:GetObject", resource: "arn:aws:s3:::BUCKETNAME/k",
			identity: []string{allowS3}, resource_: []string{notPrincipalBob}, same: true,
			reason: ExplicitDeny, by: StatementRef{ResourcePolicy, 0, 0, ""}},
		{name: "NotPrincipal without account denies Bob", src: "elements_notprincipal.md (might deny access to the entire account containing the principal)",
			caller: Caller{ARN: "arn:aws:iam::444455556666:user/Bob"}, action: "s3:GetObject", resource: "arn:aws:s3:::BUCKETNAME/k",
			identity: []string{allowS3}, resource_: []string{`{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::444455556666:user/Bob"},"Action":"s3:*","Resource":"*"}]}`}, same: true,
			reason: ExplicitDeny, by: StatementRef{ResourcePolicy, 0, 0, ""}},
		{name: "NotPrincipal role session fully listed", src: "elements_notprincipal.md (IAM role in the same or different account)",
			caller: Caller{ARN: "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app"},
			action: "s3:GetObject", resource: "arn:aws:s3:::Bucket_AccountAudit/k",
			identity: []string{allowS3}, resource_: []string{notPrincipalRole, `{"Statement":{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::Bucket_AccountAudit/*"}}`},
			allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "S3"}},
		{name: "NotPrincipal other session denied", src: "elements_notprincipal.md",
			caller: Caller{ARN: "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/other"},
			action: "s3:GetObject", resource: "arn:aws:s3:::Bucket_AccountAudit/k",
			identity: []string{allowS3}, resource_: []string{notPrincipalRole},
			reason: ExplicitDeny, by: StatementRef{ResourcePolicy, 0, 0, ""}},
		// Trust policies / ResourcePolicyRequired.
		{name: "trust policy required in same account", src: "evaluation-logic.md#policy-eval-denyallow (IAM role trust policies ... must explicitly allow access)",
			caller: user, action: "sts:AssumeRole", resource: roleARN, identity: []string{allowAll}, same: true, required: true,
			resource_: []string{`{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/someoneelse"},"Action":"sts:AssumeRole"}}`},
			reason:    ImplicitDeny},
		{name: "trust policy names account: identity allow needed", src: "evaluation-logic.md#policy-eval-denyallow",
			caller: user, action: "sts:AssumeRole", resource: roleARN, identity: []string{allowAll}, same: true, required: true,
			resource_: []string{`{"Statement":{"Sid":"T","Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}}`},
			allowed:   true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "All"}},
		{name: "trust policy names account: no identity allow", src: "evaluation-logic.md#policy-eval-denyallow",
			caller: user, action: "sts:AssumeRole", resource: roleARN, same: true, required: true,
			resource_: []string{`{"Statement":{"Sid":"T","Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}}`},
			reason:    ImplicitDeny},
		// Policy variables in Resource (reference_policies_variables.md#policy-vars-resourceelement).
		{name: "resource variable", src: "variables.md#policy-vars-resourceelement",
			caller: Caller{ARN: "arn:aws:iam::123456789012:user/David"}, action: "s3:PutObject", resource: "arn:aws:s3:::mybucket/David/notes.txt",
			identity: []string{`{"Version":"2012-10-17","Statement":[{"Sid":"Home","Action":["s3:GetObject","s3:PutObject"],"Effect":"Allow","Resource":["arn:aws:s3:::mybucket/${aws:username}/*"]}]}`},
			same:     true, allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "Home"}},
		{name: "resource variable other user", src: "variables.md#policy-vars-resourceelement",
			caller: Caller{ARN: "arn:aws:iam::123456789012:user/Adele"}, action: "s3:PutObject", resource: "arn:aws:s3:::mybucket/David/notes.txt",
			identity: []string{`{"Version":"2012-10-17","Statement":[{"Sid":"Home","Action":["s3:GetObject","s3:PutObject"],"Effect":"Allow","Resource":["arn:aws:s3:::mybucket/${aws:username}/*"]}]}`},
			same:     true, reason: ImplicitDeny},
		{name: "resource variable without value (role)", src: "variables.md#policy-vars-no-value (will not match any resource)",
			caller: Caller{ARN: roleSess}, action: "s3:PutObject", resource: "arn:aws:s3:::mybucket/${aws:username}/x",
			identity: []string{`{"Version":"2012-10-17","Statement":[{"Sid":"Home","Action":"s3:PutObject","Effect":"Allow","Resource":"arn:aws:s3:::mybucket/${aws:username}/*"}]}`},
			same:     true, reason: ImplicitDeny},
		{name: "resource variable literal in 2008", src: "elements_version.md (variables ... treated as literal strings)",
			caller: Caller{ARN: roleSess}, action: "s3:PutObject", resource: "arn:aws:s3:::mybucket/${aws:username}/x",
			identity: []string{`{"Version":"2008-10-17","Statement":[{"Sid":"Home","Action":"s3:PutObject","Effect":"Allow","Resource":"arn:aws:s3:::mybucket/${aws:username}/*"}]}`},
			same:     true, allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "Home"}},
		{name: "resource variable with default", src: "variables.md#policy-vars-default-values",
			caller: Caller{ARN: carlos}, action: "s3:GetObject", resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET-company-wide",
			identity: []string{`{"Version":"2012-10-17","Statement":{"Sid":"Team","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::DOC-EXAMPLE-BUCKET-${aws:PrincipalTag/team, 'company-wide'}"}}`},
			same:     true, allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "Team"}},
		{name: "resource variable from tag", src: "variables.md#policy-vars-default-values",
			caller: Caller{ARN: carlos}, action: "s3:GetObject", resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET-yellow",
			ctx:      map[string][]string{"aws:PrincipalTag/team": {"yellow"}},
			identity: []string{`{"Version":"2012-10-17","Statement":{"Sid":"Team","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::DOC-EXAMPLE-BUCKET-${aws:PrincipalTag/team, 'company-wide'}"}}`},
			same:     true, allowed: true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "Team"}},
		// VPC endpoint policy with aws:SourceVpce (condition-keys.md#condition-keys-sourcevpce).
		{name: "bucket policy denies outside endpoint", src: "condition-keys.md#condition-keys-sourcevpce",
			caller: user, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", identity: []string{allowS3}, same: true,
			resource_: []string{`{"Version":"2012-10-17","Statement":{"Sid":"VPCE","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}}`},
			reason:    ExplicitDeny, by: StatementRef{ResourcePolicy, 0, 0, "VPCE"}},
		{name: "bucket policy allows through endpoint", src: "condition-keys.md#condition-keys-sourcevpce",
			caller: user, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", identity: []string{allowS3}, same: true,
			ctx:       map[string][]string{"AWS:SourceVPCE": {"vpce-1a2b3c4d"}},
			resource_: []string{`{"Version":"2012-10-17","Statement":{"Sid":"VPCE","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}}`},
			allowed:   true, reason: ExplicitAllow, by: StatementRef{IdentityPolicy, 0, 0, "S3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var set PolicySet
			for _, s := range tc.identity {
				set.Identity = append(set.Identity, mustParse(t, s))
			}
			for _, s := range tc.resource_ {
				set.Resource = append(set.Resource, mustParse(t, s))
			}
			if tc.boundary != "" {
				set.PermissionsBoundary = mustParse(t, tc.boundary)
			}
			for _, s := range tc.session {
				set.Session = append(set.Session, mustParse(t, s))
			}
			set.SameAccount, set.ResourcePolicyRequired = tc.same, tc.required
			d := Evaluate(Request{Caller: tc.caller, Action: tc.action, Resource: tc.resource, Context: tc.ctx}, set)
			if d.Allowed != tc.allowed || d.Reason != tc.reason || d.Statement != tc.by {
				t.Errorf("%s:\n got  %v allowed=%v\n want %v by %v allowed=%v", tc.src, d, d.Allowed, tc.reason, tc.by, tc.allowed)
			}
			if d.Allowed != (d.Reason == ExplicitAllow) || d.Note == "" {
				t.Errorf("inconsistent decision %+v", d)
			}
		})
	}
}

const notPrincipalBob = `{
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Deny",
        "NotPrincipal": {"AWS": ["arn:aws:iam::444455556666:user/Bob", "arn:aws:iam::444455556666:root"]},
        "Action": "s3:*",
        "Resource": ["arn:aws:s3:::BUCKETNAME", "arn:aws:s3:::BUCKETNAME/*"]
    }]
}`

const notPrincipalRole = `{
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Deny",
        "NotPrincipal": {"AWS": [
            "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app",
            "arn:aws:iam::444455556666:role/cross-account-read-only-role",
            "arn:aws:iam::444455556666:root"
        ]},
        "Action": "s3:*",
        "Resource": ["arn:aws:s3:::Bucket_AccountAudit", "arn:aws:s3:::Bucket_AccountAudit/*"]
    }]
}`

func TestDecisionExplains(t *testing.T) {
	set := PolicySet{
		Identity: []*Document{mustParse(t, crossIdentity)},
		Resource: []*Document{mustParse(t, crossBucket)},
	}
	d := Evaluate(Request{Caller: Caller{ARN: carlosX}, Action: "s3:PutObject", Resource: "arn:aws:s3:::Production/f"}, set)
	if !d.Allowed || len(d.Supporting) != 1 || d.Supporting[0].Type != ResourcePolicy {
		t.Fatalf("cross-account decision %+v", d)
	}
	if s := d.String(); !strings.Contains(s, "AllowS3ProductionObjectActions") || !strings.Contains(s, "cross-account") {
		t.Errorf("String() = %q", s)
	}
}

func TestDerivedKeys(t *testing.T) {
	// reference_policies_condition-keys.md: keys present for all requests.
	tests := []struct {
		caller Caller
		key    string
		want   []string
	}{
		{Caller{ARN: roleSess}, "aws:PrincipalArn", []string{roleARN}}, // "For IAM roles, the request context returns the ARN of the role"
		{Caller{ARN: roleSess, SessionIssuer: "arn:aws:iam::123456789012:role/path/examplerole"}, "aws:principalarn", []string{"arn:aws:iam::123456789012:role/path/examplerole"}},
		{Caller{ARN: carlos}, "aws:username", []string{"carlossalazar"}},
		{Caller{ARN: roleSess}, "aws:username", nil}, // not for roles
		{Caller{}, "aws:PrincipalAccount", []string{"anonymous"}},
		{Caller{}, "aws:PrincipalArn", nil},
		{Caller{ARN: carlos}, "aws:PrincipalAccount", []string{"123456789012"}},
		{Caller{ARN: carlos}, "aws:PrincipalType", []string{"User"}},
		{Caller{Service: "logs.amazonaws.com"}, "aws:PrincipalIsAWSService", []string{"true"}},
		{Caller{Service: "logs.amazonaws.com"}, "aws:PrincipalServiceName", []string{"logs.amazonaws.com"}},
	}
	for _, tc := range tests {
		req := Request{Caller: tc.caller}
		ec := &evalCtx{req: &req, ctype: tc.caller.Type()}
		got := ec.lookup(tc.key)
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%+v %s = %v, want %v", tc.caller, tc.key, got, tc.want)
		}
	}
	// Supplied values win over derived ones, and keys differing in case merge.
	req := Request{Caller: Caller{ARN: carlos}, Context: map[string][]string{"aws:username": {"x"}, "AWS:USERNAME": {"y"}}}
	ec := &evalCtx{req: &req, ctype: CallerUser}
	if got := ec.lookup("aws:UserName"); len(got) != 2 {
		t.Errorf("merged lookup = %v", got)
	}
}
