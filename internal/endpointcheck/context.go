package endpointcheck

import (
	"net/netip"

	"github.com/vpcsim/vpcsim/internal/model"
)

// RequestContext returns the condition keys of a request made through the
// endpoint e from vpcSourceIP in region:
//
//   - aws:SourceVpce, the endpoint id, and aws:SourceVpc, its VPC id
//     ("included in the request context only if the requester uses a VPC
//     endpoint to make the request");
//   - aws:VpcSourceIp, the caller's private address, when known;
//   - aws:RequestedRegion, the Region of the endpoint;
//   - aws:SecureTransport true (AWS SDKs and the CLI use HTTPS, port 443,
//     which the checklist traces);
//   - aws:ViaAWSService false (the caller itself makes the request).
//
// aws:SourceIp is deliberately absent: "If the request comes from a host
// that uses an Amazon VPC endpoint, then the aws:SourceIp key is not
// available" (IAM User Guide, aws:SourceIp), so a statement conditioned on
// it "fails to match any provided IP address or range" (PrivateLink Guide,
// gateway endpoints for Amazon S3).
func RequestContext(e *model.VpcEndpoint, vpcSourceIP netip.Addr, region string) map[string][]string {
	ctx := map[string][]string{
		"aws:SourceVpce":      {e.ID},
		"aws:SourceVpc":       {e.VpcID},
		"aws:SecureTransport": {"true"},
		"aws:ViaAWSService":   {"false"},
	}
	if region != "" {
		ctx["aws:RequestedRegion"] = []string{region}
	}
	if vpcSourceIP.IsValid() {
		ctx["aws:VpcSourceIp"] = []string{vpcSourceIP.String()}
	}
	return ctx
}
