package policy

import (
	"errors"
	"reflect"
	"testing"
)

// TestParseDocExamples parses policies quoted in the IAM User Guide and
// checks the values Parse keeps.
func TestParseDocExamples(t *testing.T) {
	tests := []struct {
		name string
		src  string // doc file and section
		doc  string
		want func(t *testing.T, d *Document)
	}{
		{
			name: "statement array with variables",
			src:  "reference_policies_elements_statement.md",
			doc: `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], "Resource": "arn:aws:s3:::*"},
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::BUCKET-NAME",
     "Condition": {"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/"]}}},
    {"Effect": "Allow", "Action": "s3:*",
     "Resource": ["arn:aws:s3:::BUCKET-NAME/home/${aws:username}", "arn:aws:s3:::BUCKET-NAME/home/${aws:username}/*"]}
  ]
}`,
			want: func(t *testing.T, d *Document) {
				if d.Version != Version2012 || len(d.Statements) != 3 || d.SingleStatement {
					t.Fatalf("got %+v", d)
				}
				c := d.Statements[1].Conditions
				if len(c) != 1 || c[0].Operator.Base != "StringLike" || c[0].Key != "s3:prefix" ||
					!reflect.DeepEqual(c[0].Values, []string{"", "home/", "home/${aws:username}/"}) {
					t.Errorf("conditions = %+v", c)
				}
				if !reflect.DeepEqual(d.Statements[0].Action, []string{"s3:ListAllMyBuckets", "s3:GetBucketLocation"}) {
					t.Errorf("actions = %v", d.Statements[0].Action)
				}
			},
		},
		{
			name: "single statement object",
			src:  "reference_policies_elements_notresource.md",
			doc: `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*",
  "NotResource": ["arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*"]}}`,
			want: func(t *testing.T, d *Document) {
				if !d.SingleStatement || len(d.Statements) != 1 || d.Statements[0].Effect != Deny ||
					len(d.Statements[0].NotResource) != 2 || d.Statements[0].Resource != nil {
					t.Fatalf("got %+v", d)
				}
			},
		},
		{
			name: "principal map with three forms",
			src:  "reference_policies_elements_principal.md#principal-accounts",
			doc: `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
  "Principal": {"AWS": ["arn:aws:iam::123456789012:root", "999999999999"],
    "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}}]}`,
			want: func(t *testing.T, d *Document) {
				p := d.Statements[0].Principal
				if d.Version != "" || p == nil || p.Wildcard || len(p.AWS) != 2 || len(p.CanonicalUser) != 1 {
					t.Fatalf("principal = %+v", p)
				}
			},
		},
		{
			name: "principal star and Id",
			src:  "reference_policies_elements_principal.md#principal-anonymous; reference_policies_elements_id.md",
			doc: `{"Version": "2012-10-17", "Id": "cd3ad3d9-2776-4ef1-a904-4c229d1642ee", "Statement": [{"Sid": "UsePrincipalArnInsteadOfNotPrincipalWithDeny",
  "Effect": "Deny", "Action": "s3:*", "Principal": "*",
  "Resource": ["arn:aws:s3:::BUCKETNAME/*", "arn:aws:s3:::BUCKETNAME"],
  "Condition": {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::444455556666:user/user-name"}}}]}`,
			want: func(t *testing.T, d *Document) {
				if !d.HasID || d.ID != "cd3ad3d9-2776-4ef1-a904-4c229d1642ee" || !d.Statements[0].Principal.Wildcard {
					t.Fatalf("got %+v", d)
				}
				if op := d.Statements[0].Conditions[0].Operator; op.Base != "ArnNotEquals" || !op.Negated || op.Family != FamilyARN {
					t.Errorf("op = %+v", op)
				}
			},
		},
		{
			name: "numbers and booleans become strings",
			src:  "reference_policies_grammar.md#policies-grammar-json (quotation marks are optional for numeric and Boolean values)",
			doc: `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*",
  "Condition": {"NumericLessThanEquals": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": true},
    "NumericGreaterThan": {"s3:x": [1.50, -2e3]}}}}`,
			want: func(t *testing.T, d *Document) {
				c := d.Statements[0].Conditions
				if len(c) != 3 || c[0].Values[0] != "10" || c[1].Values[0] != "true" ||
					!reflect.DeepEqual(c[2].Values, []string{"1.50", "-2e3"}) {
					t.Fatalf("conditions = %+v", c)
				}
			},
		},
		{
			name: "qualified operators and multiple keys",
			src:  "reference_policies_multi-value-conditions.md",
			doc: `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:*:*:table/Thread",
  "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["ID", "Message", "Tags"]},
    "StringEqualsIgnoreCase": {"aws:PrincipalTag/department": ["finance", "hr", "legal"], "aws:PrincipalTag/role": ["audit", "security"]},
    "StringLikeIfExists": {"ec2:InstanceType": ["t1.*"]}}}}`,
			want: func(t *testing.T, d *Document) {
				c := d.Statements[0].Conditions
				if len(c) != 4 || c[0].Operator.Qualifier != ForAllValues || c[1].Key != "aws:PrincipalTag/department" ||
					c[2].Key != "aws:PrincipalTag/role" || !c[3].Operator.IfExists || c[3].Operator.Base != "StringLike" {
					t.Fatalf("conditions = %+v", c)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse(tc.doc)
			if err != nil {
				t.Fatalf("%s: Parse: %v", tc.src, err)
			}
			if d.Raw() != tc.doc {
				t.Error("Raw() differs from the input")
			}
			tc.want(t, d)
		})
	}
}

// TestParseErrors covers the grammar's rules (reference_policies_grammar.md
// and the element pages).
func TestParseErrors(t *testing.T) {
	const ok = `"Effect":"Allow","Action":"s3:GetObject","Resource":"*"`
	tests := []struct {
		name, src, doc string
		syntax         bool   // want *SyntaxError
		msg            string // want *ValidationError with this message
	}{
		{"not json", "grammar#policies-grammar-json", `{"Statement":`, true, ""},
		{"trailing data", "grammar#policies-grammar-json", `{"Statement":{` + ok + `}} {}`, true, ""},
		{"not an object", "grammar#policies-grammar-bnf", `[]`, true, ""},
		{"missing Statement", "elements_statement.md (This element is required)", `{"Version":"2012-10-17"}`, true, ""},
		{"empty statement array", "grammar conventions (Arrays can take one or more values)", `{"Statement":[]}`, true, ""},
		{"bad version", "elements_version.md", `{"Version":"2012-10-18","Statement":{` + ok + `}}`, true, ""},
		{"version not string", "elements_version.md", `{"Version":2012,"Statement":{` + ok + `}}`, true, ""},
		{"unknown top-level element", "grammar#policies-grammar-bnf", `{"Foo":"x","Statement":{` + ok + `}}`, true, ""},
		{"unknown statement element", "grammar#policies-grammar-bnf", `{"Statement":{"Actions":"s3:*",` + ok + `}}`, true, ""},
		{"lowercase element name", "grammar#policies-grammar-bnf", `{"statement":{` + ok + `}}`, true, ""},
		{"duplicate Effect", "grammar notes (must not contain multiple instances of the same key)", `{"Statement":{"Effect":"Deny",` + ok + `}}`, true, ""},
		{"duplicate top-level key", "grammar notes", `{"Version":"2012-10-17","Version":"2012-10-17","Statement":{` + ok + `}}`, true, ""},
		{"missing Effect", "elements_effect.md (required)", `{"Statement":{"Action":"s3:*","Resource":"*"}}`, false, MsgMissingEffect},
		{"lowercase effect", "elements_effect.md (case sensitive)", `{"Statement":{"Effect":"allow","Action":"s3:*","Resource":"*"}}`, false, "Invalid effect: allow"},
		{"no action", "elements_action.md (must include either Action or NotAction)", `{"Statement":{"Effect":"Allow","Resource":"*"}}`, false, MsgNoActions},
		{"Action and NotAction", "elements.md (mutually exclusive)", `{"Statement":{"NotAction":"s3:*",` + ok + `}}`, false, "Statement cannot contain both Action and NotAction."},
		{"Resource and NotResource", "elements.md (mutually exclusive)", `{"Statement":{"NotResource":"*",` + ok + `}}`, false, "Statement cannot contain both Resource and NotResource."},
		{"Principal and NotPrincipal", "elements.md (mutually exclusive)", `{"Statement":{"Principal":"*","NotPrincipal":"*",` + ok + `}}`, false, "Statement cannot contain both Principal and NotPrincipal."},
		{"action without vendor", "grammar notes (action_string)", `{"Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}`, false, MsgVendor},
		{"action with empty name", "grammar notes (action_string)", `{"Statement":{"Effect":"Allow","Action":"s3:","Resource":"*"}}`, false, "Action s3: is not valid"},
		{"action list with number", "grammar#policies-grammar-bnf", `{"Statement":{"Effect":"Allow","Action":["s3:*",1],"Resource":"*"}}`, true, ""},
		{"empty action list", "grammar conventions", `{"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}`, true, ""},
		{"resource not an ARN", "elements_resource.md (You specify a resource using an ARN)", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}}`, false, `Resource bucket must be in ARN format or "*".`},
		{"wildcard in resource service", "elements_resource.md#reference_policies_elements_resource_wildcards", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s*:::b"}}`, false, `Resource arn:aws:s*:::b must be in ARN format or "*".`},
		{"principal string", "grammar (\"*\" | <principal_map>)", `{"Statement":{"Principal":"123456789012",` + ok + `}}`, false, `Invalid principal in policy: "123456789012"`},
		{"unknown principal type", "grammar principal_map_entry", `{"Statement":{"Principal":{"Aws":"*"},` + ok + `}}`, false, `Invalid principal in policy: "Aws"`},
		{"empty principal map", "grammar principal_map", `{"Statement":{"Principal":{},` + ok + `}}`, true, ""},
		{"unknown operator", "elements_condition_operators.md", `{"Statement":{"Condition":{"StringEqualz":{"aws:username":"x"}},` + ok + `}}`, false, "Invalid Condition type : StringEqualz"},
		{"NullIfExists", "elements_condition_operators.md#Conditions_IfExists (except the Null condition)", `{"Statement":{"Condition":{"NullIfExists":{"aws:username":"true"}},` + ok + `}}`, false, "Invalid Condition type : NullIfExists"},
		{"unknown set qualifier", "multi-value-conditions.md", `{"Statement":{"Condition":{"ForSomeValues:StringEquals":{"aws:TagKeys":"x"}},` + ok + `}}`, false, "Invalid Condition type : ForSomeValues:StringEquals"},
		{"condition key without vendor", "elements_condition.md", `{"Statement":{"Condition":{"StringEquals":{"username":"x"}},` + ok + `}}`, false, MsgVendor},
		{"condition null value", "grammar condition_value", `{"Statement":{"Condition":{"StringEquals":{"aws:username":null}},` + ok + `}}`, true, ""},
		{"condition object value", "grammar condition_value", `{"Statement":{"Condition":{"StringEquals":{"aws:username":{"a":"b"}}},` + ok + `}}`, true, ""},
		{"condition empty list", "grammar condition_value_list", `{"Statement":{"Condition":{"StringEquals":{"aws:username":[]}},` + ok + `}}`, true, ""},
		{"Sid not string", "elements_sid.md", `{"Statement":{"Sid":1,` + ok + `}}`, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.doc)
			if err == nil {
				t.Fatalf("%s: Parse succeeded", tc.src)
			}
			var se *SyntaxError
			var ve *ValidationError
			switch {
			case tc.syntax:
				if !errors.As(err, &se) || err.Error() != MsgSyntax {
					t.Fatalf("%s: got %T %q, want *SyntaxError", tc.src, err, err)
				}
			default:
				if !errors.As(err, &ve) || ve.Msg != tc.msg {
					t.Fatalf("%s: got %T %q, want *ValidationError %q", tc.src, err, err, tc.msg)
				}
			}
		})
	}
}

func TestParseOperatorNames(t *testing.T) {
	// reference_policies_elements_condition_operators.md: every documented
	// operator parses alone, with the IfExists suffix ("any condition
	// operator name except the Null condition") and with both set
	// qualifiers; names ignore case.
	for _, n := range OperatorNames() {
		for _, name := range []string{n, n + "IfExists", "ForAnyValue:" + n, "ForAllValues:" + n + "IfExists"} {
			op, err := ParseOperator(name)
			wantErr := n == "Null" && len(name) > len("IfExists") && name[len(name)-len("IfExists"):] == "IfExists"
			if wantErr {
				if err == nil {
					t.Errorf("ParseOperator(%q) succeeded", name)
				}
				continue
			}
			if err != nil || op.Base != n || op.Name != name {
				t.Errorf("ParseOperator(%q) = %+v, %v", name, op, err)
			}
		}
	}
	if len(OperatorNames()) != 27 {
		t.Errorf("%d operators, want 27", len(OperatorNames()))
	}
	if op, err := ParseOperator("stringequalsignorecase"); err != nil || op.Base != "StringEqualsIgnoreCase" {
		t.Errorf("case-insensitive name: %+v %v", op, err)
	}
}

func TestSize(t *testing.T) {
	// reference_iam-quotas.md: "IAM does not count white space".
	if got := Size("{ \"a\" :\n\t\"b c\" }"); got != 10 {
		t.Errorf("Size = %d, want 10", got)
	}
}
