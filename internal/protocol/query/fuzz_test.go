package query_test

import (
	"net/http"
	"net/url"
	"sort"
	"testing"

	"github.com/vpcsim/vpcsim/internal/api/elasticache"
	"github.com/vpcsim/vpcsim/internal/api/iam"
	"github.com/vpcsim/vpcsim/internal/api/rds"
	"github.com/vpcsim/vpcsim/internal/api/redshift"
	"github.com/vpcsim/vpcsim/internal/api/sts"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol"
	"github.com/vpcsim/vpcsim/internal/protocol/query"
)

// FuzzDecode decodes arbitrary form bodies into every generated input shape
// of the query services. Decode must never panic, and every failure must be
// a 4xx *awserr.Error (anything else would reach the client as a 500).
func FuzzDecode(f *testing.F) {
	type target struct {
		svc *protocol.Service
		op  *protocol.Operation
	}
	var targets []target
	for _, svc := range []*protocol.Service{iam.Service, sts.Service, rds.Service, elasticache.Service, redshift.Service} {
		names := make([]string, 0, len(svc.Operations))
		for n := range svc.Operations {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			targets = append(targets, target{svc, svc.Operations[n]})
		}
	}
	for _, s := range []string{
		"Action=CreateRole&RoleName=r&AssumeRolePolicyDocument=%7B%7D&Tags.member.1.Key=k&Tags.member.1.Value=v&MaxSessionDuration=3600",
		"Action=CreateDBSubnetGroup&SubnetIds.SubnetIdentifier.2=s2&SubnetIds.SubnetIdentifier.1=s1&Tags.Tag.1.Key=a",
		"Action=SimulateCustomPolicy&PolicyInputList.member.1=x&ContextEntries.member.1.ContextKeyValues.member.1=v&ContextEntries.member.1.ContextKeyType=string",
		"Action=AssumeRole&RoleArn=a&DurationSeconds=900&PolicyArns.member.1.arn=p&Tags.member.1.Key=k",
		"Tags.member.0.Key=a&Tags.member.01.Key=b&Tags.member.-1.Key=c&Tags.member.99999999999999999999.Key=d",
		"MaxItems=1e3&MaxItems=-1&DurationSeconds=99999999999&Enabled=yes",
		"a..b=1&.=2&Tags..Key=x&Tags.member..Key=y&Tags=&%zz=1&x=%",
		"ValidUntil=2024-01-01T00:00:00Z&Expiration=yesterday&QRCodePNG=***&EncodedMessage=aGk=",
	} {
		for i := 0; i < len(targets); i += 37 {
			f.Add(uint16(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, pick uint16, body string) {
		tg := targets[int(pick)%len(targets)]
		// The body doubles as the raw query string.
		r := &http.Request{Method: http.MethodPost, URL: &url.URL{Path: "/", RawQuery: body},
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}}
		req := &protocol.Request{HTTP: r, Body: []byte(body)}
		check := func(what string, err error) {
			if err == nil {
				return
			}
			e, ok := awserr.As(err)
			if !ok || e.Status < 400 || e.Status > 499 {
				t.Fatalf("%s %s %q: error %v is not a 4xx *awserr.Error", what, tg.op.Name, body, err)
			}
		}
		_, err := query.Codec{}.Resolve(tg.svc, req)
		check("Resolve", err)
		check("Decode", query.Codec{}.Decode(tg.svc, tg.op, req, tg.op.NewInput()))
	})
}
