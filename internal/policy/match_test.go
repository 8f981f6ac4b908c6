package policy

import "testing"

func TestMatchAction(t *testing.T) {
	// reference_policies_elements_action.md
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"iam:ListAccessKeys", "IAM:listaccesskeys", true}, // "The prefix and the action name are case insensitive"
		{"s3:*", "s3:GetObject", true},
		{"s3:*", "s3express:GetObject", false},
		{"*", "ec2:RunInstances", true},
		{"iam:*AccessKey*", "iam:CreateAccessKey", true},
		{"iam:*AccessKey*", "iam:ListAccessKeys", true},
		{"iam:*AccessKey*", "iam:UpdateAccessKey", true},
		{"iam:*AccessKey*", "iam:ListUsers", false},
		{"s3:Get*", "s3:PutObject", false},
		{"s3:?etObject", "s3:GetObject", true},
		{"s3:?etObject", "s3:GGetObject", false},
		{"iam:*Report", "iam:GetOrganizationsAccessReport", true}, // evaluation-logic.md#AccessPolicyLanguage_Interplay
		{"iam:*Report", "iam:GenerateCredentialReport", true},
		{"iam:*Report", "iam:CreatePolicy", false},
		{"sqs:SendMessage", "sqs:SendMessageBatch", false},
	}
	for _, tc := range tests {
		if got := MatchAction(tc.pattern, tc.action); got != tc.want {
			t.Errorf("MatchAction(%q, %q) = %v, want %v", tc.pattern, tc.action, got, tc.want)
		}
	}
}

func TestMatchResource(t *testing.T) {
	// reference_policies_elements_resource.md#reference_policies_elements_resource_wildcards
	const p = "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*"
	for _, obj := range []string{
		"DOC-EXAMPLE-BUCKET/1/test/object.jpg",
		"DOC-EXAMPLE-BUCKET/1/2/test/object.jpg",
		"DOC-EXAMPLE-BUCKET/1/2/test/3/object.jpg",
		"DOC-EXAMPLE-BUCKET/1/2/3/test/4/object.jpg",
		"DOC-EXAMPLE-BUCKET/1///test///object.jpg",
		"DOC-EXAMPLE-BUCKET/1/test/.jpg",
		"DOC-EXAMPLE-BUCKET//test/object.jpg",
		"DOC-EXAMPLE-BUCKET/1/test/",
	} {
		if !MatchResource(p, "arn:aws:s3:::"+obj) {
			t.Errorf("%s should match %s", p, obj)
		}
	}
	for _, obj := range []string{
		"DOC-EXAMPLE-BUCKET/1-test/object.jpg",
		"DOC-EXAMPLE-BUCKET/test/object.jpg",
		"DOC-EXAMPLE-BUCKET/1/2/test.jpg",
	} {
		if MatchResource(p, "arn:aws:s3:::"+obj) {
			t.Errorf("%s should not match %s", p, obj)
		}
	}
	tests := []struct {
		pattern, resource string
		want              bool
	}{
		{"*", "arn:aws:s3:::anything", true},
		{"*", "*", true},
		{"arn:aws:iam::123456789012:user/accounting/*", "arn:aws:iam::123456789012:user/accounting/bob", true},
		{"arn:aws:iam::123456789012:user/accounting/*", "arn:aws:iam::123456789012:user/Accounting/bob", false}, // case-sensitive
		{"arn:aws:s3:::*log*", "arn:aws:s3:::carlossalazar-logs", true},
		{"arn:aws:s3:::*log*", "arn:aws:s3:::carlossalazar", false},
		{"arn:aws:sqs:us-east-2:*:bob-queue", "arn:aws:sqs:us-east-2:123456789012:bob-queue", true},
		// "*" stays inside its component: it cannot swallow the colons.
		{"arn:aws:ec2:*:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", false},
		{"arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true},
		// The resource part keeps its own colons.
		{"arn:aws:logs:us-east-1:123456789012:log-group:g:*", "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s", true},
		{"arn:aws:s3:::b/?", "arn:aws:s3:::b/é", true},
		{"arn:aws:s3:::bucket", "*", false},
		{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket/x", false},
	}
	for _, tc := range tests {
		if got := MatchResource(tc.pattern, tc.resource); got != tc.want {
			t.Errorf("MatchResource(%q, %q) = %v, want %v", tc.pattern, tc.resource, got, tc.want)
		}
	}
}

func TestExpandVariables(t *testing.T) {
	// reference_policies_variables.md
	ctx := map[string]string{"aws:username": "Ad*le", "aws:principaltag/team": "yellow"}
	lookup := func(k string) (string, bool) {
		for ck, v := range ctx {
			if equalFoldASCII(ck, k) {
				return v, true
			}
		}
		return "", false
	}
	tests := []struct {
		in      string
		pattern bool
		out     string
		esc, ok bool
	}{
		{"home/${aws:username}/", false, "home/Ad*le/", false, true},
		{"home/${aws:username}/*", true, `home/Ad\*le/*`, true, true},                  // substituted text is literal
		{"${AWS:UserName}", false, "Ad*le", false, true},                               // key names are case-insensitive
		{"a${*}b${?}c${$}", true, `a\*b\?c$`, true, true},                              // special characters
		{"a${*}b", false, "a*b", false, true},                                          // literal mode
		{"b-${aws:PrincipalTag/team, 'company-wide'}", false, "b-yellow", false, true}, // default not needed
		{"b-${aws:PrincipalTag/dept, 'company-wide'}", false, "b-company-wide", false, true},
		{"b-${aws:PrincipalTag/dept,'a}b'}", false, "b-a}b", false, true},
		{"${aws:userid}", false, "", false, false}, // no value: effectively null
		{"no variables *", true, "no variables *", false, true},
		{"${unterminated", true, "${unterminated", true, true},
		{`a\b${aws:username}`, true, `a\\bAd\*le`, true, true},
	}
	for _, tc := range tests {
		out, esc, ok := expand(tc.in, lookup, tc.pattern)
		if out != tc.out || esc != tc.esc || ok != tc.ok {
			t.Errorf("expand(%q, %v) = %q %v %v, want %q %v %v", tc.in, tc.pattern, out, esc, ok, tc.out, tc.esc, tc.ok)
		}
	}
	// Only the resource part (after the fifth colon) is substituted.
	out, esc, ok := expandResource("arn:aws:s3:::${aws:username}/${aws:username}", lookup)
	if out != `arn:aws:s3:::Ad\*le/Ad\*le` || !esc || !ok {
		t.Errorf("expandResource = %q %v %v", out, esc, ok)
	}
	out, _, ok = expandResource("arn:aws:${aws:username}:::x", lookup)
	if out != "arn:aws:${aws:username}:::x" || !ok {
		t.Errorf("expandResource before fifth colon = %q %v", out, ok)
	}
	if !matchARN(`arn:aws:s3:::b/Ad\*le/*`, "arn:aws:s3:::b/Ad*le/x", true) ||
		matchARN(`arn:aws:s3:::b/Ad\*le/*`, "arn:aws:s3:::b/Adxxle/x", true) {
		t.Error("escaped star must be literal")
	}
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func TestGlob(t *testing.T) {
	tests := []struct {
		p, s      string
		fold, esc bool
		want      bool
	}{
		{"", "", false, false, true},
		{"", "a", false, false, false},
		{"*", "", false, false, true},
		{"?", "", false, false, false},
		{"a*b*c", "aXbYc", false, false, true},
		{"a*b*c", "aXbY", false, false, false},
		{"*a", "bbba", false, false, true},
		{"ABC", "abc", true, false, true},
		{"ABC", "abc", false, false, false},
		{`\*`, "*", false, true, true},
		{`\*`, "x", false, true, false},
		{`\*`, `\x`, false, false, true}, // unescaped: backslash is literal
		{"**", "anything", false, false, true},
		{"?é?", "aéb", false, false, true},
	}
	for _, tc := range tests {
		if got := glob(tc.p, tc.s, tc.fold, tc.esc); got != tc.want {
			t.Errorf("glob(%q, %q, %v, %v) = %v", tc.p, tc.s, tc.fold, tc.esc, got)
		}
	}
}
