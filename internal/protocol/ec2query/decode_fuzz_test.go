package ec2query_test

import (
	"net/url"
	"sort"
	"testing"

	"github.com/vpcsim/vpcsim/internal/api/ec2"
	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/protocol/ec2query"
)

// FuzzDecode decodes arbitrary query strings into every generated EC2
// input shape. Decode must never panic, and a failure must be a 400
// *awserr.Error (anything else would reach the client as a 500).
func FuzzDecode(f *testing.F) {
	names := make([]string, 0, len(ec2.Service.Operations))
	for n := range ec2.Service.Operations {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, s := range []string{
		"CidrBlock=10.0.0.0/16&DryRun=true&MaxResults=5",
		"Filter.1.Name=tag:Name&Filter.1.Value.1=a&Filter.1.Value.2=b%3F&Filter.2.Name=vpc-id",
		"TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.10.Key=k&TagSpecification.1.Tag.2.Value=v",
		"IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=22&IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0/0&IpPermissions.1.UserIdGroupPairs.1.GroupId=sg-1",
		"NetworkInterface.1.DeviceIndex=0&NetworkInterface.1.PrivateIpAddresses.1.Primary=true&MinCount=1&MaxCount=99999999999",
		"EnableDnsSupport.Value=true&EnableDnsHostnames=false",
		"VpcId.0=a&VpcId.-1=b&VpcId.99999999999999999999=c&VpcId.01=d&VpcId.1=e",
		"DryRun=maybe",
		"MaxResults=1e3&Port=-1",
		"a..b=1&.=2&Filter..Name=x&Filter.1..Value=y",
		"StartTime=2024-01-01T00:00:00Z&EndTime=yesterday",
	} {
		for i := 0; i < len(names); i += 7 {
			f.Add(uint16(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, op uint16, query string) {
		q, err := url.ParseQuery(query)
		if err != nil && len(q) == 0 {
			return
		}
		p := ec2query.Params{}
		for k, v := range q {
			p[k] = v[0]
		}
		name := names[int(op)%len(names)]
		in := ec2.Service.Operations[name].NewInput()
		if err := ec2query.Decode(p, in); err != nil {
			e, ok := awserr.As(err)
			if !ok || e.Status != 400 {
				t.Fatalf("%s %q: error %v is not a 400 awserr.Error", name, query, err)
			}
		}
	})
}
