package policy

import (
	"errors"
	"testing"
)

func TestValidateKinds(t *testing.T) {
	const idOK = `{"Version":"2012-10-17","Statement":[{"Sid":"A1","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	const resOK = `{"Version":"2012-10-17","Id":"x","Statement":[{"Sid":"any sid-ok","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/carlossalazar"},"Action":"s3:GetObject*","Resource":"arn:aws:s3:::Production/*"}]}`
	const trustOK = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ecs.amazonaws.com","elasticloadbalancing.amazonaws.com"]},"Action":"sts:AssumeRole"},
	  {"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/p"},"Action":["sts:AssumeRoleWithSAML","sts:TagSession"]},
	  {"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::123456789012:role/r"]},"Action":"sts:AssumeRole*"}]}`
	tests := []struct {
		name string
		src  string
		kind Kind
		doc  string
		msg  string // "" = valid; MsgSyntax for a *SyntaxError
	}{
		{"identity ok", "elements_version.md example", Identity, idOK, ""},
		{"resource ok", "evaluation-logic-cross-account.md bucket policy", Resource, resOK, ""},
		{"trust ok", "elements_principal.md#principal-services and #principal-saml", Trust, trustOK, ""},
		{"identity with Principal", "elements_principal.md (cannot use the Principal element in an identity-based policy)", Identity,
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}`, MsgNoPrincipalAllowed},
		{"identity with NotPrincipal", "elements_notprincipal.md (cannot use NotPrincipal in an identity-based policy)", Identity,
			`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"s3:*","Resource":"*"}}`, MsgNoPrincipalAllowed},
		{"identity with Id", "grammar notes (id_block must not be included in identity-based policies)", Identity,
			`{"Id":"x","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, "Policy document should not specify an Id."},
		{"identity without Resource", "elements_resource.md (Statements must include either a Resource or a NotResource)", Identity,
			`{"Statement":{"Effect":"Allow","Action":"s3:*"}}`, MsgNoResources},
		{"identity NotResource ok", "elements_notresource.md", Identity,
			`{"Statement":{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::HRBucket/Payroll"}}`, ""},
		{"sid not alphanumeric", "elements_sid.md (supports A-Z, a-z, 0-9)", Identity,
			`{"Statement":{"Sid":"no-dash","Effect":"Allow","Action":"s3:*","Resource":"*"}}`, MsgSidFormat},
		{"sid duplicate", "elements_sid.md (In IAM, the Sid value must be unique)", Identity,
			`{"Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"}]}`, MsgSidUnique},
		{"charset", "reference_iam-quotas.md (only U+0009, U+000A, U+000D, U+0020..U+00FF)", Identity,
			"{\"Statement\":{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::\u0100\"}}", MsgSyntax},
		{"charset latin-1 ok", "reference_iam-quotas.md", Identity,
			"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::caf\u00e9\"}}", ""},
		{"resource without principal", "elements_principal.md (You must use the Principal element in resource-based policies)", Resource,
			`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, MsgMissingPrincipal},
		{"resource without Resource", "grammar resource_block", Resource,
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*"}}`, MsgNoResources},
		{"resource NotPrincipal ok", "elements_notprincipal.md example", Resource,
			`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::444455556666:user/Bob","arn:aws:iam::444455556666:root"]},"Action":"s3:*","Resource":["arn:aws:s3:::BUCKETNAME","arn:aws:s3:::BUCKETNAME/*"]}]}`, ""},
		{"resource canonical user ok", "elements_principal.md#principal-accounts", Resource,
			`{"Statement":{"Effect":"Allow","Principal":{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"s3:*","Resource":"*"}}`, ""},
		{"partial wildcard principal", "elements_principal.md (You cannot use a wildcard to match part of a principal name or ARN)", Resource,
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/*"},"Action":"s3:*","Resource":"*"}}`,
			`Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/*"`},
		{"principal not account nor arn", "elements_principal.md#Principal_specifying", Resource,
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"s3:*","Resource":"*"}}`, `Invalid principal in policy: "AWS":"bob"`},
		{"principal unique id ok", "elements_principal.md#principal-roles (the principal ID appears in resource-based policies)", Resource,
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"AROADBQP57FF2AEXAMPLE"},"Action":"s3:*","Resource":"*"}}`, ""},
		{"principal sessions ok", "elements_principal.md#principal-sessions and #sts-session-principals", Resource,
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:sts::123456789012:assumed-role/r/s","arn:aws:sts::123456789012:federated-user/u"]},"Action":"s3:*","Resource":"*"}}`, ""},
		{"trust without principal", "grammar notes (principal_block is required in trust policies)", Trust,
			`{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}`, MsgMissingPrincipal},
		{"trust with NotPrincipal", "elements_notprincipal.md (cannot use NotPrincipal in an IAM role trust policy)", Trust,
			`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}}`, "Has prohibited field NotPrincipal"},
		{"trust with Resource", "trust policies grant sts:AssumeRole on the role itself", Trust,
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole","Resource":"*"}}`, "Has prohibited field Resource"},
		{"trust with s3 action", "id_roles_terms-and-concepts.md (trust policy defines who can assume the role)", Trust,
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"s3:GetObject"}}`,
			"Trust policy action s3:GetObject is not valid: a role trust policy can only grant sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity, sts:SetContext"},
		{"trust with canonical user", "grammar notes (CanonicalUser is for S3 bucket policies)", Trust,
			`{"Statement":{"Effect":"Allow","Principal":{"CanonicalUser":"abc"},"Action":"sts:AssumeRole"}}`, `Invalid principal in policy: "CanonicalUser":"abc"`},
		{"trust sid rules", "elements_sid.md", Trust,
			`{"Statement":{"Sid":"a b","Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}`, MsgSidFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ValidatePolicy(tc.doc, tc.kind)
			if tc.msg == "" {
				if err != nil || d == nil {
					t.Fatalf("%s: %v", tc.src, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("%s: valid, want %q", tc.src, tc.msg)
			}
			if err.Error() != tc.msg {
				t.Fatalf("%s: got %q, want %q", tc.src, err, tc.msg)
			}
			var se *SyntaxError
			var ve *ValidationError
			if !errors.As(err, &se) && !errors.As(err, &ve) {
				t.Fatalf("error type %T", err)
			}
		})
	}
	// The three helpers are ValidatePolicy with a fixed kind.
	if _, err := ValidateIdentityPolicy(idOK); err != nil {
		t.Error(err)
	}
	if _, err := ValidateResourcePolicy(resOK); err != nil {
		t.Error(err)
	}
	if _, err := ValidateTrustPolicy(trustOK); err != nil {
		t.Error(err)
	}
}
