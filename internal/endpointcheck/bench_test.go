package endpointcheck

import "testing"

// BenchmarkChecklist measures one checklist evaluation (issue 9 item 8:
// at most 1 ms): an interface endpoint (trace to its interface, private
// DNS resolution) as a role with an identity policy, and a gateway
// endpoint with a bucket policy.
func BenchmarkChecklist(b *testing.B) {
	w := newWorld(b)
	role := w.role("reader", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","ssm:GetParameter"],"Resource":"*"}]}`).ARN
	w.setBucketPolicy(`{"Version":"2012-10-17","Statement":[{"Sid":"VPCE","Principal":"*","Action":"s3:*","Effect":"Deny","Resource":["arn:aws:s3:::reports","arn:aws:s3:::reports/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"` + w.gateway.ID + `"}}}]}`)
	snap, plane := w.ctl.Snapshot(), w.ctl.Plane()
	for _, c := range []struct {
		name string
		in   Input
	}{
		{"interface", Input{Source: w.instance.ID, Endpoint: w.iface.ID, Action: "ssm:GetParameter", Resource: "arn:aws:ssm:us-east-1:123456789012:parameter/app", Principal: role}},
		{"gateway", Input{Source: w.instance.ID, Endpoint: w.gateway.ID, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/x", Principal: role}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				res, err := Check(snap, plane, "", c.in)
				if err != nil || !res.OK {
					b.Fatalf("%v %+v", err, res)
				}
			}
		})
	}
}
