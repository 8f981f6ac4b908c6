package policy

import (
	"testing"
	"time"
)

// condHolds parses a one-statement identity policy with the given Condition
// block and reports whether the statement applies to a request with ctx.
func condHolds(t *testing.T, version, cond string, ctx map[string][]string) bool {
	t.Helper()
	v := ""
	if version != "" {
		v = `"Version":"` + version + `",`
	}
	d, err := Parse(`{` + v + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":` + cond + `}}`)
	if err != nil {
		t.Fatalf("Parse(%s): %v", cond, err)
	}
	req := Request{
		Caller:  Caller{ARN: "arn:aws:iam::123456789012:user/johndoe"},
		Action:  "s3:GetObject",
		Context: ctx,
		Time:    time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
	}
	ec := &evalCtx{req: &req, ctype: req.Caller.Type()}
	return ec.applies(d, &d.Statements[0])
}

type ctx = map[string][]string

func TestConditionOperators(t *testing.T) {
	tests := []struct {
		name string
		src  string
		cond string
		ctx  ctx
		want bool
	}{
		// String operators (elements_condition_operators.md#Conditions_String, elements_condition.md).
		{"StringEquals case-sensitive", "elements_condition.md", `{"StringEquals":{"aws:username":"johndoe"}}`, ctx{"aws:username": {"JohnDoe"}}, false},
		{"StringEquals match", "elements_condition.md", `{"StringEquals":{"aws:username":"johndoe"}}`, ctx{"aws:username": {"johndoe"}}, true},
		{"StringEqualsIgnoreCase", "elements_condition.md", `{"StringEqualsIgnoreCase":{"aws:username":"johndoe"}}`, ctx{"aws:username": {"JohnDoe"}}, true},
		{"key name case-insensitive", "elements_condition.md (aws:SourceIP equivalent to AWS:SourceIp)", `{"StringEquals":{"AWS:USERNAME":"x"}}`, ctx{"aws:username": {"x"}}, true},
		{"StringNotEquals", "Conditions_String", `{"StringNotEquals":{"aws:username":["a","b"]}}`, ctx{"aws:username": {"c"}}, true},
		{"StringNotEquals any listed", "multi-value-conditions.md note (negated: cannot match any of the values)", `{"StringNotEquals":{"aws:PrincipalAccount":["111111111111","222222222222"]}}`, ctx{"aws:PrincipalAccount": {"222222222222"}}, false},
		{"StringNotEqualsIgnoreCase", "Conditions_String", `{"StringNotEqualsIgnoreCase":{"aws:username":"JOHNDOE"}}`, ctx{"aws:username": {"johndoe"}}, false},
		{"StringLike wildcard", "Conditions_String", `{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/*"]}}`, ctx{"s3:prefix": {"home/johndoe/docs"}}, true},
		{"StringLike empty prefix", "Conditions_String home folder example", `{"StringLike":{"s3:prefix":["","home/"]}}`, ctx{"s3:prefix": {""}}, true},
		{"StringLike no match", "Conditions_String", `{"StringLike":{"s3:prefix":["home/"]}}`, ctx{"s3:prefix": {"home/x"}}, false},
		{"StringNotLike", "Conditions_String", `{"StringNotLike":{"s3:prefix":"home/*"}}`, ctx{"s3:prefix": {"other/"}}, true},
		{"missing key positive", "Condition operators (key not present: condition is false)", `{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}`, nil, false},
		{"missing key negated", "Condition operators (StringNotLike with key not present: true)", `{"StringNotLike":{"aws:PrincipalTag/x":"a*"}}`, nil, true},
		{"multiple keys AND", "multi-value-conditions.md#reference_policies_multiple-conditions-eval",
			`{"StringEqualsIgnoreCase":{"aws:PrincipalTag/department":["finance","hr","legal"],"aws:PrincipalTag/role":["audit","security"]},"StringEquals":{"aws:PrincipalAccount":"123456789012"}}`,
			ctx{"aws:PrincipalTag/department": {"HR"}, "aws:PrincipalTag/role": {"audit"}}, true},
		{"multiple keys AND one fails", "multi-value-conditions.md#reference_policies_multiple-conditions-eval",
			`{"StringEqualsIgnoreCase":{"aws:PrincipalTag/department":["finance","hr","legal"],"aws:PrincipalTag/role":["audit","security"]}}`,
			ctx{"aws:PrincipalTag/department": {"HR"}}, false},
		// Numeric (Conditions_Numeric).
		{"NumericLessThanEquals", "Conditions_Numeric s3:max-keys", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, ctx{"s3:max-keys": {"10"}}, true},
		{"NumericLessThanEquals over", "Conditions_Numeric", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, ctx{"s3:max-keys": {"11"}}, false},
		{"NumericLessThan", "Conditions_Numeric", `{"NumericLessThan":{"s3:max-keys":10}}`, ctx{"s3:max-keys": {"9.5"}}, true},
		{"NumericGreaterThan", "Conditions_Numeric", `{"NumericGreaterThan":{"aws:MultiFactorAuthAge":"3600"}}`, ctx{"aws:MultiFactorAuthAge": {"3600"}}, false},
		{"NumericGreaterThanEquals", "Conditions_Numeric", `{"NumericGreaterThanEquals":{"aws:MultiFactorAuthAge":"3600"}}`, ctx{"aws:MultiFactorAuthAge": {"3600"}}, true},
		{"NumericEquals decimal", "Conditions_Numeric (integer or decimal)", `{"NumericEquals":{"s3:x":"1.0"}}`, ctx{"s3:x": {"1"}}, true},
		{"NumericNotEquals", "Conditions_Numeric", `{"NumericNotEquals":{"s3:x":["1","2"]}}`, ctx{"s3:x": {"3"}}, true},
		{"Numeric not a number", "Conditions_Numeric", `{"NumericEquals":{"s3:x":"1"}}`, ctx{"s3:x": {"one"}}, false},
		{"Numeric no variables", "Conditions_Numeric (You can not use a policy variable)", `{"NumericEquals":{"s3:x":"${s3:y}"}}`, ctx{"s3:x": {"1"}, "s3:y": {"1"}}, false},
		// Date (Conditions_Date).
		{"DateGreaterThan", "Conditions_Date aws:TokenIssueTime", `{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}`, ctx{"aws:TokenIssueTime": {"2020-06-01T00:00:00Z"}}, true},
		{"DateGreaterThan missing", "Conditions_Date (key not present)", `{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}`, nil, false},
		{"DateLessThan current time", "condition-keys.md#condition-keys-currenttime (always present)", `{"DateLessThan":{"aws:CurrentTime":"2024-06-01"}}`, nil, true},
		{"DateGreaterThanEquals epoch", "Conditions_Date (epoch)", `{"DateGreaterThanEquals":{"aws:EpochTime":"1714564800"}}`, nil, true},
		{"DateEquals epoch vs iso", "Conditions_Date", `{"DateEquals":{"aws:CurrentTime":"1714564800"}}`, nil, true},
		{"DateLessThanEquals offset", "W3C ISO 8601 TZD", `{"DateLessThanEquals":{"aws:CurrentTime":"2024-05-01T14:00+02:00"}}`, nil, true},
		{"DateNotEquals", "Conditions_Date", `{"DateNotEquals":{"aws:CurrentTime":"2024-05-01T12:00:00Z"}}`, nil, false},
		{"DateGreaterThan fractional", "W3C YYYY-MM-DDThh:mm:ss.sTZD", `{"DateGreaterThan":{"aws:CurrentTime":"2024-05-01T11:59:59.5Z"}}`, nil, true},
		{"Date invalid", "Conditions_Date", `{"DateGreaterThan":{"aws:CurrentTime":"yesterday"}}`, nil, false},
		// Bool (Conditions_Boolean).
		{"Bool false", "Conditions_Boolean aws:SecureTransport", `{"Bool":{"aws:SecureTransport":"false"}}`, ctx{"aws:SecureTransport": {"false"}}, true},
		{"Bool true json", "Conditions_Boolean", `{"Bool":{"aws:SecureTransport":false}}`, ctx{"aws:SecureTransport": {"true"}}, false},
		{"Bool missing", "Conditions_Boolean", `{"Bool":{"aws:MultiFactorAuthPresent":"false"}}`, nil, false},
		{"BoolIfExists missing", "elements_notaction.md DenyAllUsersNotUsingMFA", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, nil, true},
		{"BoolIfExists present true", "elements_notaction.md", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, ctx{"aws:MultiFactorAuthPresent": {"true"}}, false},
		{"Bool derived service key", "condition-keys.md#condition-keys-principalisawsservice", `{"Bool":{"aws:PrincipalIsAWSService":"false"}}`, nil, true},
		// Binary (Conditions_BinaryEquals).
		{"BinaryEquals", "Conditions_BinaryEquals", `{"BinaryEquals":{"s3:k":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctx{"s3:k": {"BinaryValueInBase64"}}, true},
		{"BinaryEquals differs", "Conditions_BinaryEquals", `{"BinaryEquals":{"s3:k":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctx{"s3:k": {"other"}}, false},
		// IP address (Conditions_IPAddress).
		{"IpAddress in range", "Conditions_IPAddress", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx{"aws:SourceIp": {"203.0.113.77"}}, true},
		{"IpAddress out of range", "Conditions_IPAddress", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx{"aws:SourceIp": {"203.0.114.1"}}, false},
		{"IpAddress default /32", "Conditions_IPAddress (default prefix /32)", `{"IpAddress":{"aws:SourceIp":"203.0.113.0"}}`, ctx{"aws:SourceIp": {"203.0.113.1"}}, false},
		{"IpAddress single", "Conditions_IPAddress", `{"IpAddress":{"aws:SourceIp":"203.0.113.0"}}`, ctx{"aws:SourceIp": {"203.0.113.0"}}, true},
		{"IpAddress IPv6", "Conditions_IPAddress (mix IPv4 and IPv6)", `{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}`, ctx{"aws:SourceIp": {"2001:db8:1234:5678::9"}}, true},
		{"IpAddress IPv6 out", "Conditions_IPAddress", `{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}`, ctx{"aws:SourceIp": {"2001:db8:1234:5679::9"}}, false},
		{"IpAddress missing (VPC endpoint)", "Conditions_IPAddress (returns false with VPC endpoint)", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx{"aws:SourceVpce": {"vpce-1"}}, false},
		{"NotIpAddress", "Conditions_IPAddress", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx{"aws:SourceIp": {"198.51.100.1"}}, true},
		{"NotIpAddress inside", "Conditions_IPAddress", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx{"aws:SourceIp": {"203.0.113.1"}}, false},
		{"IpAddressIfExists missing", "condition-keys.md note", `{"IpAddressIfExists":{"aws:SourceIp":["10.0.0.0/8"]},"StringEqualsIfExists":{"aws:SourceVpc":["vpc-1"]}}`, nil, true},
		{"IfExists present mismatch", "condition-keys.md note", `{"IpAddressIfExists":{"aws:SourceIp":["10.0.0.0/8"]},"StringEqualsIfExists":{"aws:SourceVpc":["vpc-1"]}}`, ctx{"aws:SourceVpc": {"vpc-2"}}, false},
		// ARN (Conditions_ARN).
		{"ArnEquals", "Conditions_ARN SNS example", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:REGION:123456789012:TOPIC-ID"}}`, ctx{"aws:SourceArn": {"arn:aws:sns:REGION:123456789012:TOPIC-ID"}}, true},
		{"ArnLike per component", "Conditions_ARN (ArnLike fails where StringLike succeeds)", `{"ArnLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}`,
			ctx{"aws:SourceArn": {"arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}}, false},
		{"StringLike same value", "Conditions_ARN (With a StringLike condition, the match succeeds)", `{"StringLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}`,
			ctx{"aws:SourceArn": {"arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}}, true},
		{"ArnLike match", "Conditions_ARN", `{"ArnLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}`,
			ctx{"aws:SourceArn": {"arn:aws:someservice:us-east-2:111122223333:finance/a/b.txt"}}, true},
		{"ArnNotEquals derived PrincipalArn", "elements_principal.md#principal-anonymous", `{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::444455556666:user/user-name"}}`, nil, true},
		{"ArnEquals derived PrincipalArn", "condition-keys.md#condition-keys-principalarn", `{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/johndoe"}}`, nil, true},
		// Null (Conditions_Null).
		{"Null true absent", "Conditions_Null", `{"Null":{"aws:TokenIssueTime":"true"}}`, nil, true},
		{"Null true present", "Conditions_Null", `{"Null":{"aws:TokenIssueTime":"true"}}`, ctx{"aws:TokenIssueTime": {"2020-01-01T00:00:00Z"}}, false},
		{"Null false present", "Conditions_Null", `{"Null":{"aws:TokenIssueTime":false}}`, ctx{"aws:TokenIssueTime": {"2020-01-01T00:00:00Z"}}, true},
		{"Null false absent", "Conditions_Null", `{"Null":{"aws:TokenIssueTime":"false"}}`, nil, false},
		// Set operators (multi-value-conditions.md).
		{"ForAllValues subset", "multi-value-conditions.md#reference_policies_multi-value-conditions-examples", `{"ForAllValues:StringEquals":{"dynamodb:Attributes":["ID","Message","Tags"]}}`, ctx{"dynamodb:Attributes": {"Message", "Tags"}}, true},
		{"ForAllValues not subset", "multi-value-conditions.md#reference_policies_multi-value-conditions-eval", `{"ForAllValues:StringEquals":{"dynamodb:Attributes":["PostDateTime","Message","Tags"]}}`, ctx{"dynamodb:Attributes": {"PostDateTime", "UserName"}}, false},
		{"ForAllValues missing key", "multi-value-conditions.md (returns true if there are no keys in the request)", `{"ForAllValues:StringEquals":{"dynamodb:Attributes":["ID"]}}`, nil, true},
		{"ForAllValues empty string", "multi-value-conditions.md (null data set, such as an empty string)", `{"ForAllValues:StringEquals":{"aws:TagKeys":["Dept"]}}`, ctx{"aws:TagKeys": {""}}, true},
		{"ForAnyValue match", "multi-value-conditions.md#reference_policies_multi-value-conditions-eval", `{"ForAnyValue:StringEquals":{"dynamodb:Attributes":["ID","PostDateTime"]}}`, ctx{"dynamodb:Attributes": {"UserName", "Message", "PostDateTime"}}, true},
		{"ForAnyValue no match", "multi-value-conditions.md (just the UserName attribute)", `{"ForAnyValue:StringEquals":{"dynamodb:Attributes":["ID","PostDateTime"]}}`, ctx{"dynamodb:Attributes": {"UserName"}}, false},
		{"ForAnyValue missing key", "multi-value-conditions.md (For no matching key or a null dataset, the condition returns false)", `{"ForAnyValue:StringEquals":{"dynamodb:Attributes":["ID"]}}`, nil, false},
		{"ForAnyValue empty data set", "multi-value-conditions.md note", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["Dept"]}}`, ctx{"aws:TagKeys": {""}}, false},
		{"ForAnyValue IfExists missing", "Conditions_IfExists", `{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["D*"]}}`, nil, true},
		{"ForAnyValue StringLike", "multi-value-conditions.md", `{"ForAnyValue:StringLike":{"aws:TagKeys":["Cost-*"]}}`, ctx{"aws:TagKeys": {"Dept", "Cost-Center"}}, true},
		{"ForAllValues StringNotEquals", "multi-value-conditions.md (negated per request value)", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["Secret"]}}`, ctx{"aws:TagKeys": {"Dept", "Cost-Center"}}, true},
		{"ForAnyValue StringNotEquals", "multi-value-conditions.md", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["Dept"]}}`, ctx{"aws:TagKeys": {"Dept"}}, false},
		// Condition keys with tag names (elements_condition.md: key names are not case-sensitive).
		{"tag key case-insensitive", "elements_condition.md", `{"StringEquals":{"aws:ResourceTag/TagKey1":"Value1"}}`, ctx{"aws:resourcetag/tagkey1": {"Value1"}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := condHolds(t, Version2012, tc.cond, tc.ctx); got != tc.want {
				t.Errorf("%s: %s with %v = %v, want %v", tc.src, tc.cond, tc.ctx, got, tc.want)
			}
		})
	}
}

func TestConditionVariables(t *testing.T) {
	// reference_policies_variables.md
	tests := []struct {
		name, src, version, cond string
		ctx                      ctx
		want                     bool
	}{
		{"variable in StringLike", "variables.md#policy-vars-conditionelement", Version2012, `{"StringLike":{"s3:prefix":["${aws:username}/*"]}}`, ctx{"s3:prefix": {"johndoe/x"}}, true},
		{"variable from derived username", "variables.md (aws:username present for IAM users)", Version2012, `{"StringLike":{"s3:prefix":["${aws:username}/*"]}}`, ctx{"s3:prefix": {"other/x"}}, false},
		{"2008 version: literal", "elements_version.md (variables are treated as literal strings)", Version2008, `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, ctx{"s3:prefix": {"${aws:username}"}}, true},
		{"no version: literal", "variables.md note (without Version, variables are literal)", "", `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, ctx{"s3:prefix": {"johndoe"}}, false},
		{"no value: StringEquals fails", "variables.md#policy-vars-no-value", Version2012, `{"StringEquals":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team}"}}`, ctx{"s3:ExistingObjectTag/Team": {"x"}}, false},
		{"no value: StringNotEquals matches", "variables.md#policy-vars-no-value", Version2012, `{"StringNotEquals":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team}"}}`, ctx{"s3:ExistingObjectTag/Team": {"x"}}, true},
		{"tag variable equal", "variables.md#policy-vars-no-value", Version2012, `{"StringEquals":{"s3:ExistingObjectTag/Team":"${aws:PrincipalTag/Team}"}}`, ctx{"s3:ExistingObjectTag/Team": {"x"}, "aws:PrincipalTag/Team": {"x"}}, true},
		{"default value", "variables.md#policy-vars-default-values", Version2012, `{"StringEquals":{"s3:k":"${aws:PrincipalTag/team, 'company-wide'}"}}`, ctx{"s3:k": {"company-wide"}}, true},
		{"substituted star is literal", "variables.md#policy-vars-specialchars", Version2012, `{"StringLike":{"s3:k":"${s3:v}"}}`, ctx{"s3:k": {"abc"}, "s3:v": {"*"}}, false},
		{"${*} is a literal star", "variables.md#policy-vars-specialchars", Version2012, `{"StringLike":{"s3:k":"a${*}"}}`, ctx{"s3:k": {"a*"}}, true},
		{"${*} not a wildcard", "variables.md#policy-vars-specialchars", Version2012, `{"StringLike":{"s3:k":"a${*}"}}`, ctx{"s3:k": {"ab"}}, false},
		{"multivalued key is not a variable", "variables.md (can't use a multivalued condition key as a variable)", Version2012, `{"StringEquals":{"s3:k":"${aws:TagKeys}"}}`, ctx{"s3:k": {"a"}, "aws:TagKeys": {"a", "b"}}, false},
		{"variable in ArnLike", "elements_condition_operators.md#Conditions_ARN", Version2012, `{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::${aws:username}-*"}}`, ctx{"aws:SourceArn": {"arn:aws:s3:::johndoe-bucket"}}, true},
		{"variable in Bool", "elements_condition_operators.md#Conditions_Boolean", Version2012, `{"Bool":{"aws:SecureTransport":"${s3:flag}"}}`, ctx{"aws:SecureTransport": {"true"}, "s3:flag": {"true"}}, true},
		{"no variable in IpAddress", "elements_condition_operators.md#Conditions_IPAddress", Version2012, `{"IpAddress":{"aws:SourceIp":"${s3:ip}"}}`, ctx{"aws:SourceIp": {"10.0.0.1"}, "s3:ip": {"10.0.0.1"}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := condHolds(t, tc.version, tc.cond, tc.ctx); got != tc.want {
				t.Errorf("%s: %s with %v = %v, want %v", tc.src, tc.cond, tc.ctx, got, tc.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	// elements_condition_operators.md#Conditions_Date: W3C ISO 8601 or epoch.
	want := time.Date(2020, 1, 1, 0, 0, 1, 0, time.UTC)
	for _, s := range []string{"2020-01-01T00:00:01Z", "2020-01-01T01:00:01+01:00", "1577836801", "2020-01-01T00:00:01.000Z", "2020-01-01T00:00:01"} {
		got, ok := ParseDate(s)
		if !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v %v", s, got, ok)
		}
	}
	for _, s := range []string{"2020-01", "2020-01-01", "2020-01-01T00:00Z"} {
		if _, ok := ParseDate(s); !ok {
			t.Errorf("ParseDate(%q) failed", s)
		}
	}
	for _, s := range []string{"", "soon", "2020-13-01", "1e5"} {
		if _, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) succeeded", s)
		}
	}
}

func TestParseCIDR(t *testing.T) {
	tests := []struct{ in, want string }{
		{"203.0.113.0/24", "203.0.113.0/24"},
		{"203.0.113.9/24", "203.0.113.0/24"},
		{"203.0.113.9", "203.0.113.9/32"},
		{"2001:DB8:1234:5678::/64", "2001:db8:1234:5678::/64"},
		{"2001:db8::1", "2001:db8::1/128"},
		{"::ffff:10.0.0.0/104", "10.0.0.0/8"},
	}
	for _, tc := range tests {
		p, ok := ParseCIDR(tc.in)
		if !ok || p.String() != tc.want {
			t.Errorf("ParseCIDR(%q) = %v %v, want %s", tc.in, p, ok, tc.want)
		}
	}
	if _, ok := ParseCIDR("10.0.0.0/33"); ok {
		t.Error("ParseCIDR accepted /33")
	}
}
