package policy

import (
	"testing"
	"time"
)

// BenchmarkEvaluate decides a cross-account S3 request against the
// evaluation-logic example policies plus a bucket policy with conditions.
func BenchmarkEvaluate(b *testing.B) {
	set := PolicySet{
		Identity: []*Document{mustParse(b, crossIdentity), mustParse(b, denyNoMFA)},
		Resource: []*Document{mustParse(b, crossBucket), mustParse(b, `{"Version":"2012-10-17","Statement":[
			{"Sid":"VPCE","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::Production/*",
			 "Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"},"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}},
			{"Sid":"Home","Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:*","Resource":"arn:aws:s3:::Production/home/${aws:username}/*"}]}`)},
	}
	req := Request{
		Caller:   Caller{ARN: carlosX},
		Action:   "s3:PutObject",
		Resource: "arn:aws:s3:::Production/home/carlossalazar/file.txt",
		Time:     time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		Context: map[string][]string{
			"aws:SourceVpce":             {"vpce-1a2b3c4d"},
			"aws:MultiFactorAuthPresent": {"true"},
			"aws:SecureTransport":        {"true"},
		},
	}
	if d := Evaluate(req, set); !d.Allowed {
		b.Fatalf("setup: %v", d)
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(req, set)
	}
}

// BenchmarkParse parses the evaluation-logic example identity policy.
func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(carlosIdentity); err != nil {
			b.Fatal(err)
		}
	}
}
