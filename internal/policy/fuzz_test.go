package policy

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary text to Parse and the validators. They must not
// panic, every failure must be a *SyntaxError or a *ValidationError, and a
// parsed document must be evaluable.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		carlosIdentity, carlosBucket, crossIdentity, crossBucket, denyNoMFA, getListDenyReports,
		notPrincipalBob, notPrincipalRole, allowAll,
		`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAllValues:StringLikeIfExists":{"aws:TagKeys":["a*",1,true]}}}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:username, 'x'}/${*}${?}${$}${"}}`,
		`{"Statement":[{"Effect":"Deny","Principal":{"AWS":["*"],"Service":"s.amazonaws.com"},"NotAction":"x:y","NotResource":"arn:a:b:c:d:e"}]}`,
		`{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Federated":"accounts.google.com"}}}`,
		`{"Statement":[]}`, `[]`, `{"a":1,"a":2}`, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"::1/129"}}}}`,
		"\xff\xfe", `{"Statement":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		d, err := Parse(doc)
		if err != nil {
			var se *SyntaxError
			var ve *ValidationError
			if !errors.As(err, &se) && !errors.As(err, &ve) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			_ = err.Error()
		}
		for _, k := range []Kind{Identity, Resource, Trust} {
			if _, err := ValidatePolicy(doc, k); err != nil {
				var se *SyntaxError
				var ve *ValidationError
				if !errors.As(err, &se) && !errors.As(err, &ve) {
					t.Fatalf("error of type %T: %v", err, err)
				}
			}
		}
		if d == nil {
			return
		}
		for _, c := range []Caller{{ARN: carlos}, {ARN: roleSess}, {}, {Service: "s.amazonaws.com"}} {
			req := Request{Caller: c, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k",
				Context: map[string][]string{"aws:username": {"u*"}, "aws:TagKeys": {"a", ""}, "aws:SourceIp": {"10.0.0.1"}}}
			Evaluate(req, PolicySet{Identity: []*Document{d}, Resource: []*Document{d}, PermissionsBoundary: d, Session: []*Document{d}, SameAccount: true})
			Evaluate(req, PolicySet{Identity: []*Document{d}, Resource: []*Document{d}})
		}
	})
}
